"""The talk layouts: every layout's examples run through the whole talk finder."""

from __future__ import annotations

import pytest

from extractor.article import parse_article
from extractor.layouts import LAYOUTS, lexicon, slot_names
from extractor.record import build_record
from extractor.resources import get_resources

EXAMPLES = [
    pytest.param(snippet, expected, id=f"{layout.name}-{k}")
    for layout in LAYOUTS
    for k, (snippet, expected) in enumerate(layout.examples)
]


def _record(md: str):
    """The record of a small recap article with ``md`` as its body."""
    article = parse_article("---\ntitle: 技术 Meetup 回顾\n---\n" + md, doc="t.md")
    return build_record(article, get_resources())


def _talks(md: str) -> list[tuple[str, list[str]]]:
    return [(t.title, t.speakers) for t in _record(md).talks]


@pytest.mark.parametrize(("snippet", "expected"), EXAMPLES)
def test_layouts_example_through_the_whole_finder(snippet, expected):
    # the conflict matrix: each layout's example read by every layout and rule together
    assert sorted(_talks(snippet)) == sorted(expected)


def test_layouts_every_layout_has_examples():
    assert all(layout.examples for layout in LAYOUTS)


@pytest.mark.parametrize(
    ("text", "names", "rest"),
    [
        ("王小明，某某科技 工程师", ["王小明"], "某某科技 工程师"),
        ("李雷、韩梅梅", ["李雷", "韩梅梅"], ""),
        ("Frank Liu, Example Corp", ["Frank Liu"], "Example Corp"),
        ("袁园先生", ["袁园"], ""),
        ("高级工程师", [], "高级工程师"),
        ("By Alex Chen (Example Inc.)", ["Alex Chen"], "Example Inc.)"),
        ("首先介绍了背景", [], "首先介绍了背景"),
    ],
)
def test_layouts_slot_names(text, names, rest):
    assert slot_names(text, get_resources()) == (names, rest)


def test_layouts_lexicon_has_the_slots():
    lex = lexicon()
    for key in ("speaker_labels", "title_labels", "break_words", "greeting_words"):
        assert lex[key], key


@pytest.mark.parametrize(
    "md",
    [
        # one heading with a name under it is no template
        "## 云原生网关的演进\n\n王小明，某某科技 工程师\n",
        # mentors with contacts under task headings are no speakers
        "## 项目一：构建工具\n\n张伟 zw@example.com\n\n## 项目二：镜像优化\n\n刘洋 ly@example.com\n",
        # agenda rows that are breaks
        "09:00-09:30 签到\n\n10:30-10:50 茶歇\n",
    ],
)
def test_layouts_no_talk_without_a_repeated_template(md):
    assert _talks(md) == []


@pytest.mark.parametrize(
    ("md", "expected"),
    [
        # class 7: columns that are not 题目/议题
        (
            "| 时间 | 内容 | 嘉宾 | 单位 |\n|---|---|---|---|\n"
            "| 14:00 | 流式计算实践 | 郝建华 | 某某科技 |\n| 14:40 | 数据湖治理 | 戴明轩 | 某某云 |\n",
            [("流式计算实践", ["郝建华"]), ("数据湖治理", ["戴明轩"])],
        ),
        (
            "| Session | Speaker |\n|---|---|\n| Rust in the kernel | 邱明杰 |\n"
            "| eBPF tracing | 蔡文静 |\n",
            [("Rust in the kernel", ["邱明杰"]), ("eBPF tracing", ["蔡文静"])],
        ),
    ],
)
def test_layouts_agenda_tables_with_other_columns(md, expected):
    assert sorted(_talks(md)) == sorted(expected)


def _relations(md: str) -> set[tuple[str, str, str]]:
    return {(r.type, r.source, r.target) for r in _record(md).relations}


def test_layouts_slot_gives_affiliation_and_membership():
    # class 8: the organisation and the role sit in the speaker's slot
    md = (
        "## 网关插件开发\n\n分享嘉宾：钱文涛，某某优选 高级工程师\n\n"
        "## 多语言运行时\n\n分享嘉宾：邵佳琪，某某科技 架构师，Kubernetes SIG Node 成员\n"
    )
    rels = _relations(md)
    assert ("affiliated_with", "钱文涛", "某某优选") in rels
    assert ("affiliated_with", "邵佳琪", "某某科技") in rels


def test_layouts_slot_org_is_never_a_role_or_the_person():
    md = "## 网关插件开发\n\n* 钱文涛，资深 工程师\n\n## 多语言运行时\n\n* 邵佳琪，邵佳琪，某某科技 架构师\n"
    targets = {t for (kind, _s, t) in _relations(md) if kind == "affiliated_with"}
    assert "资深" not in targets and "邵佳琪" not in targets


def test_layouts_label_slot_takes_a_lone_english_first_name():
    # class 5: English names, here a first name alone after a speaker label
    md = (
        "## 可观测性平台建设\n\n讲师：Rick\n\n个人介绍：某某科技，SRE 负责人\n\n"
        "## 网关性能调优\n\n讲师：韩立新\n\n个人介绍：某某云，工程师\n"
    )
    assert sorted(_talks(md)) == [("可观测性平台建设", ["Rick"]), ("网关性能调优", ["韩立新"])]
    # a product name after the label is no person
    md2 = "## 容器编排\n\n讲师：Kubernetes\n\n## 服务治理\n\n讲师：Istio\n"
    assert all(not speakers for _t, speakers in _talks(md2))


def test_layouts_confidence_in_records_and_min_confidence(tmp_path):
    import json
    import subprocess
    import sys

    md = (
        "---\ntitle: 技术 Meetup 回顾\n---\n"
        "首先，某某云架构师赵海涛为大家介绍了向量检索引擎的设计与实现。\n\n"
        "随后，某某大学的李晓红教授分享了图数据库在金融风控中的应用。\n\n"
        "## 云原生网关的演进\n* 王小明\n\n## 可观测性实践\n* 李雷\n"
    )
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text(md, encoding="utf-8")

    def talks(*extra):
        out = tmp_path / "r.jsonl"
        cmd = [sys.executable, "-m", "extractor", "extract", str(tmp_path / "in"), "-o", str(out)]
        done = subprocess.run([*cmd, "--force", *extra], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return json.loads(out.read_text(encoding="utf-8"))["talks"]

    every = talks()
    assert all(0 <= t["confidence"] <= 1 for t in every)
    # a heading with its speaker is surer than a topic told in prose
    conf = {t["title"]: t["confidence"] for t in every}
    assert conf["云原生网关的演进"] > conf["向量检索引擎的设计与实现"]
    sure = talks("--min-confidence", "0.7")
    assert {t["title"] for t in sure} == {"云原生网关的演进", "可观测性实践"}


@pytest.mark.parametrize(
    ("row", "title_part", "name"),
    [
        # class 1: agenda rows without separators, the name glued to its role
        ("openGauss 多核优化技术内幕 某某技术委员会周平高", "多核优化技术内幕", "周平高"),
        ("鲲鹏多核优化实践 数据库内核工程师阙鸣健", "鲲鹏多核优化实践", "阙鸣健"),
        ("调度器简介（某某科技-陈晨 14:00-14:20）", "调度器简介", "陈晨"),
    ],
)
def test_layouts_row_shapes(row, title_part, name):
    from extractor.layouts import _row_parse

    title, names, _bio = _row_parse(row, get_resources())
    assert title_part in title and names == [name]


@pytest.mark.parametrize(
    "title", ["现场签到", "某某用户组成立仪式", "精彩议题回顾", "写在最后", "茶歇"]
)
def test_layouts_programme_slots_are_no_titles(title):
    from extractor.layouts import title_ok

    assert not title_ok(title)


@pytest.mark.parametrize("title", ["基于大模型的智能问答系统实践", "开场致辞", "数据湖存储优化"])
def test_layouts_real_titles_pass(title):
    from extractor.layouts import title_ok

    assert title_ok(title)


def test_layouts_bio_label_gives_the_affiliation():
    # class 8: the organisation sits in the card's bio label, not in the speaker slot
    md = (
        "## 网关插件开发\n\n**讲师**：钱文涛\n\n**个人介绍**：某某优选 高级工程师\n\n"
        "## 多语言运行时\n\n**讲师**：邵佳琪\n\n**个人介绍**：某某科技 架构师\n"
    )
    rels = _relations(md)
    assert ("affiliated_with", "钱文涛", "某某优选") in rels
    assert ("affiliated_with", "邵佳琪", "某某科技") in rels


def test_layouts_caption_shape_takes_a_given_name_that_is_a_word():
    md = (
        "某某数据总经理 王建国\n\n王建国以“数据库生态的三年”为主题，回顾了进展。\n\n"
        "某某社区技术总监 钱小兵\n\n钱小兵发表“存储引擎的演进”主题分享，介绍了新版本。\n\n"
        "某某数据方案部经理 吉祥\n\n吉祥发表“迁移实践方案”主题分享，介绍了迁移工具。\n"
    )
    assert ("迁移实践方案", ["吉祥"]) in _talks(md)


def test_layouts_slot_org_from_a_run_of_organisation_department_role():
    md = (
        "## 网关插件开发\n\n分享嘉宾：钱文涛，某某在线云平台部开发工程师\n\n"
        "## 多语言运行时\n\n分享嘉宾：邵佳琪，某某科技 架构师\n"
    )
    assert ("affiliated_with", "钱文涛", "某某在线") in _relations(md)


def test_layouts_a_code_block_of_code_stays_code():
    # a fenced block with a language, or one that reads as code, holds no talk
    md = (
        "本次活动的示例代码如下。\n\n```python\n# 14:00-14:40 《云原生存储实践》 张立军 某某科技\nprint('hi')\n```\n\n"
        "```\nfor i in range(3): 分享(i)  # 刘思远\n```\n"
    )
    assert _talks(md) == []


def test_layouts_a_meetings_follow_ups_are_no_talks():
    md = (
        "#### 分享\n\n- 定时消息分享 @季一涛\n- 新功能演示 @倪二泽\n\n"
        "#### 待办事项\n\n- 整理压测的文档，摸底性能 @季一涛\n- 基于文档演示成功，汇总剩余任务 @倪二泽\n"
    )
    assert sorted(_talks(md)) == [("定时消息分享", ["季一涛"]), ("新功能演示", ["倪二泽"])]


def test_layouts_an_english_bio_names_its_employer_after_at_or_alone():
    from extractor.layouts import _latin_bio_org

    assert _latin_bio_org("Community Manager at Acme") == "Acme"
    assert _latin_bio_org("Senior Engineer, Globex") == "Globex"
    assert _latin_bio_org("Senior Engineer") == ""


def test_layouts_labels_in_a_run_of_items_name_no_speakers():
    md = "- Slides: 点击这里下载全部材料\n- Video: 活动录像回放地址\n- Venue: 某某大厦三楼报告厅\n"
    assert _talks(md) == []


def test_layouts_a_bold_items_speakers_employer_before_de():
    rels = {
        (r.source, r.target)
        for r in _record(
            "* **流处理大战（英文）**：Nutanix 的 Shivji Kumar 和 Sachi Maharana 讨论了采用经验。\n"
            "* **数十万亿条消息（中文）**：腾讯的张大伟讨论了大数据业务。\n"
        ).relations
        if r.type == "affiliated_with"
    }
    assert {("Shivji Kumar", "Nutanix"), ("张大伟", "腾讯")} <= rels
