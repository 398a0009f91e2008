"""Stage event: the article's kind and its event's name, date, city, venue and organisers."""

from __future__ import annotations

import doctest
import importlib
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.article import parse_article
from extractor.event import KINDS, document_kind, find_city, find_event_date
from extractor.mentions import prepare
from extractor.model import DocumentRecord, Event
from extractor.record import build_record
from extractor.resources import get_resources

TALK = "\n\n## 王五：题目一\n\n王五介绍了新版本。"


def record(text: str, doc: str = "t.md"):
    return build_record(parse_article(text, doc=doc), get_resources())


def article(title: str, body: str, published: str | None = "2024-03-26", **meta: str) -> str:
    lines = [f"title: '{title}'"]
    if published:
        lines.append(f"date: '{published}'")
    lines += [f"{k}: '{v}'" for k, v in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


def date_of(text: str, doc: str = "t.md") -> str | None:
    return find_event_date(prepare(parse_article(text, doc=doc)))


# ---------------------------------------------------------------------------
# date


@pytest.mark.parametrize(
    "body, published, expected",
    [
        # a full date in an event sentence
        ("2025 年 6 月 12 日，Meetup 在香港举办。", "2025-07-04", "2025-06-12"),
        ("2019年12月8日，X 大会在北京召开。", "2019-12-20", "2019-12-08"),
        # month and day, year from the publication date
        ("6 月 12 日，Meetup 在香港举办。", "2025-07-04", "2025-06-12"),
        ("12月8日（周六），Meetup 在北京举办。", "2019-12-12", "2019-12-08"),
        # a recap published the next year
        ("12 月 28 日，大会召开。", "2025-01-05", "2024-12-28"),
        # ... an announcement of next January's meetup; a recap half a year later
        ("1 月 6 日，X Meetup 将在北京举办。", "2024-12-20", "2025-01-06"),
        ("2 月 10 日，X Meetup 在北京举办。", "2024-08-20", "2024-02-10"),
        # ISO with a time range
        ("活动将于 2024-03-23 10:00-12:00 在线上进行。", "2024-03-10", "2024-03-23"),
        # a range of days: the first
        ("X 峰会于3月23日-3月24日在上海举行。", "2024-03-01", "2024-03-23"),
        ("ApacheCon 于 2021 年 8 月 6-8 日在线举办。", "2021-08-23", "2021-08-06"),
        ("X 峰会于 8 月 6-8 日在线举办。", "2021-08-23", "2021-08-06"),
        # English
        ("X Summit took place on March 23, 2024 in Berlin.", "2024-04-02", "2024-03-23"),
        ("X Day 2024 举办于 23 Mar 2024。", "2024-04-02", "2024-03-23"),
        # labels
        ("会议时间：2023年11月4日 全天\n地点：上海", "2023-11-14", "2023-11-04"),
        ("**活动时间**：3 月 26 日（周五）14:00-17:10", "2021-03-20", "2021-03-26"),
        # relative to the publication date (2024-03-26 is a Tuesday)
        ("上周六，X Meetup 在北京顺利举办。", "2024-03-26", "2024-03-23"),
        ("昨日，由甲公司主办的 X Meetup 成功举办！", "2023-08-26", "2023-08-25"),
        ("昨天，X Meetup 在杭州举行。", "2024-03-26", "2024-03-25"),
        ("今天，X 大会在深圳开幕。", "2024-03-26", "2024-03-26"),
        # no day anywhere, no publication date
        ("议题一：结论。", None, None),
        # no day stated: the publication date
        ("没有日期的活动回顾。", "2025-07-04", "2025-07-04"),
    ],
)
def test_event_date_forms(body, published, expected):
    assert date_of(article("T Meetup", body, published)) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        # the release's and the registration's days lose to the event's
        ("v2.0 版本已于 3 月 1 日发布。\n\n3 月 23 日，X Meetup 在北京举办。", "2024-03-23"),
        ("报名截止时间：3 月 20 日\n\n活动时间：3 月 23 日 14:00", "2024-03-23"),
        ("报名时间：3 月 10 日起。X Meetup 将于 3 月 30 日在北京举行。", "2024-03-30"),
        # a talk's slot is not the event's label
        ("分享时间：3月28日 11:00\n\n3 月 27 日，X 大会在上海开幕。", "2024-03-27"),
        # the stated day beats the relative word next to it
        ("X Meetup 已于上周六（3 月 23 日）顺利举办。", "2024-03-23"),
    ],
)
def test_event_date_of_other_things(body, expected):
    assert date_of(article("T Meetup", body)) == expected


def test_event_date_from_title_heading_and_fields():
    # a day in the first heading of an article without front matter
    assert date_of("# PMC 例会 2022-03-10\n\n议题：甲。完成时间：3月25日") == "2022-03-10"
    # a time: field other than the publication date
    text = article("X Meetup 回顾", "活动很成功。", "2024-04-02", time="2024-03-30")
    assert date_of(text) == "2024-03-30"
    # a field naming the event's day wins
    text = article(
        "X Meetup", "2024 年 3 月 2 日，活动举办。", "2024-04-02", event_date="2024-03-30"
    )
    assert date_of(text) == "2024-03-30"
    # the summary of the front matter is read like the lead
    text = article(
        "X DevCon 视频", "见下。", "2020-11-23", description="2020年11月14日 X DevCon 线下活动视频"
    )
    assert date_of(text) == "2020-11-14"
    # no front matter: the year comes from a date leading the file name
    assert date_of("12 月 26 日，X 社区带来线上分享。", doc="a/20211216-x.md") == "2021-12-26"


# ---------------------------------------------------------------------------
# kind


@pytest.mark.parametrize(
    "title, body, kind",
    [
        ("X Meetup 北京站回顾", "3 月 23 日，X Meetup 在北京举办。", "recap"),
        ("X Meetup 圆满结束", "活动吸引了上百人。", "recap"),
        ("X 大会落下帷幕", "大会吸引了上百人。", "recap"),
        ("活动报名 | X Meetup 深圳站邀您参与", "欢迎报名。", "announcement"),
        ("X Meetup 预告", "精彩议题抢先看。", "announcement"),
        ("X 沙龙", "X 沙龙将于 4 月 6 日在杭州举办，欢迎参加。", "announcement"),
        ("X 社区 4 月月报", "本月社区合入 300 个 PR。", "report"),
        ("X 社区运营报告", "社区数据如下。", "report"),
        ("X 社区 2023 年度报告", "社区数据如下。", "report"),
        # a talk at a conference is no report
        ("张三：AI 时代的操作系统（大会报告）", "张三在大会上作了报告。", "recap"),
        ("X 2.0 正式发布", "新版本带来以下特性。", "release"),
        ("专访 | X 的维护者", "我们与他聊了聊。", "interview"),
        ("如何参与开源", "万事开头难。", "other"),
        # a conversation in a recap's title is no interview
        ("X Meetup 回顾：一次关于内核的深度对话", "活动顺利举办。", "recap"),
        ("对话 X 的维护者", "我们聊了聊。", "interview"),
    ],
)
def test_event_kind(title, body, kind):
    at = prepare(parse_article(article(title, body), doc="t.md"))
    assert document_kind(at, [], get_resources()) == kind


def test_event_kind_decides_the_event():
    # a report recaps no event and no talks, whatever its headings say
    rec = record(article("社区 4 月月报", "## 张三：新版本发布\n\n张三介绍了新版本。"))
    assert rec.kind == "report" and rec.event is None and rec.talks == []
    # an announcement keeps its event and its agenda
    rec = record(article("X Meetup 深圳站预告", "X Meetup 将于 4 月 6 日在深圳举办。" + TALK))
    assert rec.kind == "announcement"
    assert rec.event.name == "X Meetup 深圳站" and rec.event.date == "2024-04-06"
    assert [t.title for t in rec.talks] == ["题目一"]
    assert rec.to_dict()["kind"] == "announcement"


# ---------------------------------------------------------------------------
# city and venue


@pytest.mark.parametrize(
    "text, city",
    [
        ("openEuler Meetup 北京站", "北京"),
        ("Workshop Hong Kong", "香港"),
        ("香港城市大學", "香港"),
        ("Singapore Summit", "新加坡"),
        ("在河南省郑州市信息产业大厦召开", "郑州"),
        ("在北京亦庄举办", "北京"),
        ("黑龙江鲲鹏生态创新中心", None),
        ("Xianyang Lab", None),
    ],
)
def test_event_find_city(text, city):
    hit = find_city(text)
    assert (hit[0] if hit else None) == city


@pytest.mark.parametrize(
    "title, body, city, venue",
    [
        # a venue named after its city: the city, and the venue beside it
        (
            "第四届 X 开发者大会",
            "2026 年 4 月 18 日，X 大会在西安邮电大学圆满落幕。",
            "西安",
            "西安邮电大学",
        ),
        ("X 金融展", "2026年6月16日，X 展会在上海世博展览馆圆满开展。", "上海", "上海世博展览馆"),
        ("X 技术委员会会议", "会议在河南省郑州市信息产业大厦圆满召开。", "郑州", "信息产业大厦"),
        # a province before its city is no venue
        ("第二十届X论坛", "9月17日，第二十届X论坛在辽宁大连召开。", "大连", None),
        # the city in the event's name
        (
            "X Meetup（哈尔滨站）回顾",
            "活动在黑龙江鲲鹏生态创新中心成功举办。",
            "哈尔滨",
            "黑龙江鲲鹏生态创新中心",
        ),
        ("X Workshop Hong Kong", "活动顺利举办。", "香港", None),
        # a label line
        (
            "X Summit 2023",
            "会议时间：2023年11月4日\n地点：上海大华虹桥假日酒店",
            "上海",
            "上海大华虹桥假日酒店",
        ),
        # online only: no city
        ("X 首次线上 Meetup", "活动改为线上进行。", None, None),
        ("X 社区会议", "会议通过腾讯会议在线举行。", None, None),
        # online and on site: the city stays
        ("X Meetup 成都站线上成功举办", "受疫情影响改为线上。", "成都", None),
    ],
)
def test_event_city_and_venue(title, body, city, venue):
    rec = record(article(title, body + TALK))
    assert (rec.event.city, rec.event.venue) == (city, venue)


# ---------------------------------------------------------------------------
# organisers


@pytest.mark.parametrize(
    "sentence, organizers",
    [
        # the community that starts an event hosts it by default: not listed
        (
            "本次大会由 openEuler 社区发起，超聚变数字技术股份有限公司承办。",
            ["超聚变数字技术股份有限公司"],
        ),
        # a short form of an organiser already named is the same organiser
        ("活动由超聚变数字技术股份有限公司承办，超聚变协办。", ["超聚变数字技术股份有限公司"]),
        # a brand glued to its Chinese name is one organiser
        ("本场活动由 openEuler sig-SDS & XSKY星辰天合联合发起。", ["XSKY星辰天合"]),
        # the partners named after 联合 / 携手
        ("KubeSphere 社区联合青云科技举办了这次活动。", ["青云科技"]),
        (
            "X 携手北京海量数据技术股份有限公司、开放原子开源基金会举办深圳 Meetup。",
            ["北京海量数据技术股份有限公司", "开放原子开源基金会"],
        ),
        # a "主办方：" label lists projects and communities too
        ("主办方：Apache APISIX、KubeSphere", ["Apache APISIX", "KubeSphere"]),
        (
            "主办方：openEuler、超聚变数字技术股份有限公司",
            ["openEuler", "超聚变数字技术股份有限公司"],
        ),
        # label lines: each list ends where the next label starts; helpers are no hosts
        (
            "主办：浙江大学、蚂蚁集团 场地支持：华为\n媒体合作伙伴：开源中国",
            ["浙江大学", "蚂蚁集团"],
        ),
        # sponsors and co-hosts by label, names no vocabulary knows included
        ("赞助商：甲乙科技，丙丁网", ["甲乙科技", "丙丁网"]),
        (
            "合办方：openGauss 社区、海量数据\n支持方：开放原子开源基金会",
            ["openGauss 社区", "海量数据", "开放原子开源基金会"],
        ),
        # a host no vocabulary knows, listed with others
        ("活动由华为、开源中国和墨天轮共同举办。", ["华为", "开源中国", "墨天轮"]),
        # 和 inside a name does not split it
        ("活动由北京市经济和信息化局、华为共同主办。", ["北京市经济和信息化局", "华为"]),
        # a community that says it hosts, with its co-hosts
        (
            "由 openGauss 社区、天津南大通用数据技术股份有限公司联合主办。",
            ["openGauss 社区", "天津南大通用数据技术股份有限公司"],
        ),
        # ... but not when it hosts alone
        ("本次活动由 openGauss 社区主办，甲乙科技有限公司承办。", ["甲乙科技有限公司"]),
        # a Latin brand and its Chinese name are one organiser, with or without a space
        ("由白鲸开源与 SegmentFault 思否联合举办。", ["白鲸开源", "SegmentFault 思否"]),
        # a chain of owners: the last hosts; a name that goes on is one name
        ("工信部电子标准院木兰开源社区发起全国开源行。", ["木兰开源社区"]),
        (
            "由统信软件主办，华中科技大学开放原子开源俱乐部承办。",
            ["统信软件", "华中科技大学开放原子开源俱乐部"],
        ),
        # one host no vocabulary knows, ending like an organisation
        ("由中国甲乙服务协会主办、某部门指导的论坛在大连召开。", ["中国甲乙服务协会"]),
        # the founding of a project is no event
        ("X 最早由武汉深之度科技有限公司于 2011 年发起。", []),
        # a Latin name written first, its Chinese name in brackets
        (
            "最后，本次 Meetup 的协办方，ABC-HK（开放原子开源基金会）的创始人进行了宣讲。",
            ["ABC-HK"],
        ),
        # "主办方为 …", "由 … 赞助"
        ("本次活动的主办方为浙江大学，由蚂蚁集团赞助。", ["浙江大学", "蚂蚁集团"]),
        # a list before the cue, without 由
        ("甲乙社区、丙丁网协助支持。", ["甲乙社区", "丙丁网"]),
        # an alias in brackets, and the short name the article defines, are not others
        (
            "由华为与北京凝思软件股份有限公司（以下简称“凝思软件”）联合举办。",
            ["华为", "北京凝思软件股份有限公司"],
        ),
        # a discussion started on GitHub is no event
        ("欢迎在 GitHub discussion 发起讨论。", []),
    ],
)
def test_event_organizers(sentence, organizers):
    text = (
        "---\ntitle: 'openEuler Meetup 杭州站'\n---\n\n"
        f"2025 年 3 月 15 日，活动在杭州举行。{sentence}" + TALK
    )
    assert record(text).event.organizers == organizers


@pytest.mark.parametrize(
    "sentence, organizers",
    [
        # the event said to be an organisation's own, when nothing else names a host
        ("XCon Asia 是 XCon 组委会针对亚太地区举办的在线会议。", ["XCon 组委会"]),
        ("XCon（原 YCon）是开放原子开源基金会的官方全球系列大会。", ["开放原子开源基金会"]),
        # ... not said of another event
        ("ZCon 是开放原子开源基金会的官方大会。", []),
    ],
)
def test_event_organizers_of_a_series(sentence, organizers):
    text = article(
        "XCon Asia 2021", f"XCon Asia 2021 于 2021 年 8 月 6-8 日在线举办。{sentence}" + TALK
    )
    assert record(text).event.organizers == organizers


def test_event_organizers_listed_under_a_heading():
    text = article(
        "X Meetup 杭州站",
        "活动在杭州举行。\n\n## 主办方\n\n- 甲乙科技\n- 浙江大学\n\n## 议程\n\n王五：题目一",
    )
    assert record(text).event.organizers == ["甲乙科技", "浙江大学"]


def test_event_organizers_listed_under_a_label_line():
    text = article(
        "X Meetup 杭州站",
        "活动在杭州举行。\n\n**联合主办：**\n\n- 甲乙科技\n- 浙江大学\n\n更多信息见官网。",
    )
    assert record(text).event.organizers == ["甲乙科技", "浙江大学"]


def test_event_organizers_in_a_table():
    text = article(
        "X Meetup 杭州站",
        "活动在杭州举行。\n\n| 项目 | 内容 |\n|---|---|\n| 主办方 | 甲乙科技、浙江大学 |\n| 地点 | 杭州 |",
    )
    assert record(text).event.organizers == ["甲乙科技", "浙江大学"]


def test_event_date_without_a_publication_date():
    # the year of the article's first full date
    text = "# X Meetup 回顾\n\n2023 年 5 月 1 日发布了 v1.0。\n\n12 月 8 日，X Meetup 在北京举办。"
    assert date_of(text) == "2023-12-08"
    # a year in the title
    assert date_of("# X Summit 2022\n\n12 月 8 日，X 峰会在北京举办。") == "2022-12-08"


def test_event_city_from_a_front_matter_field():
    text = article("X Meetup 回顾", "活动顺利举办。" + TALK, venue="新加坡滨海湾金沙会展中心")
    assert record(text).event.city == "新加坡"


def test_event_fields():
    text = (
        "---\ntitle: 'openEuler Meetup 杭州站 活动回顾：云原生'\ndate: '2025-03-20'\n---\n\n"
        "2025 年 3 月 15 日，本次活动由浙江大学开源协会承办，蚂蚁集团协办。\n\n## 王五：题目一\n\n王五介绍了。"
    )
    rec = record(text)
    assert rec.event.name == "openEuler Meetup 杭州站"
    assert rec.event.date == "2025-03-15"
    assert rec.event.city == "杭州"
    assert rec.event.organizers == ["浙江大学开源协会", "蚂蚁集团"]


# ---------------------------------------------------------------------------
# name and several events


@pytest.mark.parametrize(
    "title, body, name",
    [
        # a headline is no name: the event the text names is
        (
            "610万套！36.8%！第一！X 操作系统年度盘点",
            "12 月 15 日，2023 操作系统大会在北京举行。",
            "2023 操作系统大会",
        ),
        (
            "AI 赋能基层医疗",
            "9月17日，由甲协会主办的第二十届中国社区卫生服务发展论坛在辽宁大连召开。",
            "第二十届中国社区卫生服务发展论坛",
        ),
        # the event a community appears at, and the side of the verb that names it
        ("openEuler 亮相第四届 X 开发者大会，共探未来", "大会在西安召开。", "第四届 X 开发者大会"),
        ("openEuler 亮相 LEAP East 2026，共探 AI 未来", "活动在利雅得举行。", "LEAP East 2026"),
        ("甲公司成功举办 X 技术委员会会议", "会议在郑州召开。", "X 技术委员会会议"),
        ("活动回顾 | X Workshop 香港站带你走进开源实践", "活动在香港举行。", "X Workshop 香港站"),
        ("X Club 第十二次会议纪要", "会议讨论了三个议题。", "X Club 第十二次会议"),
        # a title that names the event keeps it
        ("X Meetup 北京站回顾", "3 月 23 日，活动在北京举办。", "X Meetup 北京站"),
    ],
)
def test_event_name(title, body, name):
    assert record(article(title, body + TALK)).event.name == name


def test_event_name_without_a_title():
    text = "Apache X 将于2019年10月26日在上海组织一次会议，欢迎踊跃报名。\n\n* 议题一（甲公司-张三 14:00-14:20）"
    rec = record(text)
    assert rec.event.name == "Apache X 上海会议"
    assert (rec.event.date, rec.event.city) == ("2019-10-26", "上海")


def test_event_several_events():
    body = (
        "7 月 26 日，X SIG Gathering 2024 在北京举办。\n\n"
        "## 另一场\n\n2024 年 7 月 29 日，中非数字合作论坛在北京举行，X 社区受邀参加。" + TALK
    )
    ev = record(article("X 社区双周动态：X SIG Gathering 2024", body, "2024-08-14")).event
    assert [(e.name, e.date) for e in ev.events] == [
        ("X SIG Gathering 2024", "2024-07-26"),
        ("中非数字合作论坛", "2024-07-29"),
    ]


def test_event_several_events_by_section():
    body = (
        "本月社区活动精彩纷呈。\n\n## 1. X Meetup 北京站\n\n3 月 2 日，X Meetup 在北京举办。"
        + TALK
        + "\n\n## 2. Y 开发者大会\n\n3 月 16 日，Y 开发者大会在上海召开。\n\n## 活动议程\n\n3 月 30 日 议程更新。"
    )
    ev = record(article("X 社区 3 月活动集锦 | X Meetup 北京站", body, "2024-04-02")).event
    assert [(e.name, e.date, e.city) for e in ev.events] == [
        ("X Meetup 北京站", "2024-03-02", "北京"),
        ("Y 开发者大会", "2024-03-16", "上海"),
    ]


def test_event_one_event_has_no_events_list():
    rec = record(
        article(
            "X Meetup 北京站回顾",
            "3 月 2 日，X Meetup 在北京举办。\n\n## 会议纪要\n\n3 月 9 日前完成。" + TALK,
        )
    )
    assert rec.event.events == [] and "events" not in rec.to_dict()["event"]


def test_event_json_round_trip_keeps_new_keys_and_loads_old_records():
    ev = Event("X Meetup", "2024-03-23", "上海", ["甲"], venue="乙酒店", events=[Event("Y")])
    rec = DocumentRecord("a.md", ev, [], [], [], kind="recap")
    d = rec.to_dict()
    assert d["kind"] == "recap" and d["event"]["venue"] == "乙酒店"
    assert DocumentRecord.from_dict(d).to_dict() == d
    old = {"doc": "a.md", "event": {"name": "X", "date": None, "city": None, "organizers": []}}
    back = DocumentRecord.from_dict(old)
    assert back.kind == "" and back.event.venue is None and back.event.events == []


def test_event_doctests_pass():
    res = doctest.testmod(importlib.import_module("extractor.event"), optionflags=doctest.ELLIPSIS)
    assert res.failed == 0 and res.attempted > 0


@settings(max_examples=150, deadline=None)
@given(
    body=st.text(
        alphabet="0123456789年月日号-/.：:上本下周六昨今天举办活动时间报名发布在北京线上，。\n ",
        max_size=60,
    )
)
def test_event_any_text_gives_a_valid_day_and_kind(body):
    text = article("T Meetup", "正文。" + body, "2024-03-26")
    day = date_of(text)
    assert day is None or date.fromisoformat(day)
    at = prepare(parse_article(text, doc="t.md"))
    assert document_kind(at, [], get_resources()) in KINDS
