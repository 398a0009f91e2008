"""Stage mentions: people, SIGs, organisations and projects found in text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from extractor.article import parse_article
from extractor.errors import ArticleError
from extractor.mentions import (
    _source_lines,
    alternation,
    find_mentions,
    is_person_name,
    org_of_post,
    patterns,
    pinyin_word,
    prepare,
    strip_titles,
)
from extractor.resources import get_resources

REGISTRY = Path(__file__).parents[1] / "examples" / "openeuler-community.json"


@pytest.fixture(scope="module")
def res():
    return get_resources(REGISTRY)


def names(text: str, res, type_: str) -> set[str]:
    at = prepare(parse_article(text, doc="t.md"))
    return {m.name for m in find_mentions(at, res) if m.type == type_}


@pytest.mark.parametrize(
    "word, expected",
    [
        ("郑振宇", True),
        ("欧阳明辉", True),
        ("Kevin Zhao", True),
        ("时间", False),  # a dictionary word, though 时 is a surname
        ("高性能", False),
        ("博士", False),
        ("香港", False),
        ("王的", False),  # function character in the given name
        ("陈思源", False),  # a given name that is a noun: only where a role or label cues it
        ("Open Source", False),
        ("Ivan GAO", True),  # a pinyin surname in capitals
        ("Guo-Yi ZHU", True),
        ("Apache APISIX", False),  # capitals that are no pinyin: an acronym
        ("Wai Social", False),  # an agency's name, by its last word
        ("Big Bang Academy", False),
    ],
)
def test_mentions_is_person_name(res, word, expected):
    assert is_person_name(word, res) is expected


@pytest.mark.parametrize(
    "raw, expected",
    [("杨昊博士", "杨昊"), ("李明先生", "李明"), ("张三", "张三"), ("首席架构师王五", "王五")],
)
def test_mentions_strip_titles(res, raw, expected):
    assert strip_titles(raw, res) == expected


@pytest.mark.parametrize(
    "text, people",
    [
        ("## 郑振宇：社区发展进展\n\n正文。", {"郑振宇"}),
        ("openEuler 机密计算 SIG Maintainer 侯明永以数据安全为切入点。", {"侯明永"}),
        ("香港城市大学博士后杨昊博士带来《密码学 GPU 加速》演讲。", {"杨昊"}),
        ("OSCA-HK 的创始人李想、徐小玥进行了宣讲。", {"李想", "徐小玥"}),
        ("分享嘉宾：赵旭，vivo 互联网，架构师", {"赵旭"}),
        ("刘建敏/360数科/大数据工程师", {"刘建敏"}),
        ("来自华为实验室的 Frank Liu 在论坛上分享了开源项目。", {"Frank Liu"}),
        ("开放原子开源基金会孙文龙秘书长的演讲中提到。", {"孙文龙"}),
        # a role, then the name, then what they did: 给/进行/代表
        ("调优专家滕磊给大家介绍一款优化方案。", {"滕磊"}),
        ("操作系统架构师胡遥进行活动开场致辞。", {"胡遥"}),
        ("研发部部长徐磊代表承办方致辞。", {"徐磊"}),
        ("时间：2024年5月18日\n\n地点：北京", set()),
        ("我们讨论了高性能计算与云原生。", set()),
        # a given name that is also a noun (思源, 繁星) or holds 若, where a role or label cues it
        ("阿里云高级技术专家陈思源，分享了经验。", {"陈思源"}),
        ("麒麟软件架构师温若琳以《云原生操作系统》为题。", {"温若琳"}),
        ("本次活动的主持人是孟繁星，顺丰科技负责人。", {"孟繁星"}),
        ("学院副院长王晓峰致欢迎辞。", {"王晓峰"}),
        # ... never after a surname that is also a function word
        ("工信部专家和企业代表，一起交流。", set()),
        # a line opening with a name and its organisation or role in brackets or after a dash
        ("宋岩（浙江大学 计算机学院 博士生）", {"宋岩"}),
        ("- Lena Hoffmann（independent game developer）: Bevy 游戏", {"Lena Hoffmann"}),
        ("**多租户的三个技巧** —— 孟佳，蔚来汽车 平台工程师", {"孟佳"}),
        ("技术选型（详见附录）：云原生", set()),
        # a role word before a phrase that only looks like a name
        ("感谢所有讲师和参与者。", set()),
        ("QA SIG 组织了 30 家成员单位参与联合测试。", set()),
        ("他在课程中担任助教时设计的实验。", set()),
        ("- 任务组与资源隔离：支持按租户限制并发", set()),
        ("邀请了来自青云科技、云杉网络、电子科技大学的讲师。", set()),
        # ... while a name before a two-character cue stays a name ('明代' is a word too)
        ("浪潮信息总经理孙启明代表承办方致欢迎辞。", {"孙启明"}),
        # names in a list, each with its bio in brackets
        (
            "嘉宾张伟（星云科技 CTO）、李娜（某某大学 教授）、陈浩（开源中国 社区经理）参与讨论。",
            {"张伟", "李娜", "陈浩"},
        ),
        ("该方案（详见第三节）已在测试（性能测试）中验证。", set()),
        # a clause's subject given a role: '是', '作为', '担任'
        ("钱伟是 Apache Foo PMC 成员，也是星云科技的技术专家。", {"钱伟"}),
        ("孙悦作为 Foo 社区运营工作组负责人，发布了年度计划。", {"孙悦"}),
        ("王芳是 Kubernetes SIG Node 的 Maintainer。", {"王芳"}),
        ("这是一个好问题，作为开发者我们都关心。", set()),
        # a name with its code-host account after a label
        ("吴敏（GitHub：@wumin），Foo 项目 Maintainer。", {"吴敏"}),
        # after '来自 ORG 的' (and a role): the person
        ("第一位分享嘉宾是来自蓝鲸科技的吴磊，他分享了经验。", {"吴磊"}),
        ("来自社区的贡献者们参与了讨论。", set()),
        # an organisation or a part of a place shaped like a name
        ("Speaker: Maria Garcia, Foo Labs", {"Maria Garcia"}),
        ("Building Reliable Pipelines，Alex Chen 分享。", {"Alex Chen"}),
        ("来自南台湾的开发者们齐聚一堂。", set()),
        # lists before the word for their people, the moderator, a clause's sayer
        ("感谢吴磊、冯刚、陈静三位老师的精彩分享。", {"吴磊", "冯刚", "陈静"}),
        ("本次活动由王立新主持。", {"王立新"}),
        ("Jiaxin Li 和 Wei Zhang 分享了调度器的优化。", {"Jiaxin Li", "Wei Zhang"}),
        ("会上，吴磊表示，开源社区需要更多的贡献者。", {"吴磊"}),
        ("数据表示，开源项目增长迅速。", set()),
        ("主讲人：吴磊（蓝鲸科技）、冯刚（云帆网络）", {"吴磊", "冯刚"}),
        # captions naming who is in the photo, thanks, reported speech, volunteers
        ("▲ 吴磊在分享中", {"吴磊"}),
        ("图：冯刚现场演讲", {"冯刚"}),
        ("▲ 活动现场", set()),
        ("特别感谢吴磊同学对本次活动的支持。", {"吴磊"}),
        ("张三丰介绍，该项目已进入孵化阶段。", {"张三丰"}),
        ("感谢志愿者吴磊、冯刚、陈静的辛勤付出。", {"吴磊", "冯刚", "陈静"}),
        # a clause opening with a name and a verb of a talk
        ("随后，冯刚在会上分享了社区的进展。", {"冯刚"}),
        ("韩露则介绍了容器化交付的经验。", {"韩露"}),
        ("该方案介绍了新的架构。", set()),
        # a role in English is no name
        ("担任 Release Manager 的工作，Senior Engineer 参与。", set()),
        # English lists and clauses
        (
            "Speakers: John Smith, Maria Garcia and Wei Zhang",
            {"John Smith", "Maria Garcia", "Wei Zhang"},
        ),
        ("John Smith 是 Apache Foo 的 PMC 成员。", {"John Smith"}),
        # people speaking together
        ("蓝鲸科技的吴磊和冯刚共同带来了这个分享。", {"吴磊", "冯刚"}),
        ("接着，吴磊与冯刚联合分享了《实时风控实践》。", {"吴磊", "冯刚"}),
        # ambassador: a role like any other
        ("赵强，TiDB 用户组（TUG）大使，分享了实践。", {"赵强"}),
        # a Chinese name with its English name in brackets, no role anywhere
        (
            "翻译工作得益于林嘉树 (Jason Lin)、 邱志远 (ChiYuan Chiu) 和郭晓 (Sean Kuo) 等人的努力。",
            {"林嘉树", "邱志远", "郭晓"},
        ),
        ("本文介绍云原生 (Cloud Native) 的演进。", set()),
        # an organisation's person; a clause opening with a name and a post
        ("蓝鲸科技的吴磊和云帆网络的冯刚分别介绍了各自的实践。", {"吴磊", "冯刚"}),
        ("在基金会的全面赋能下，社区快速发展。", set()),
        ("吴磊目前在蓝鲸科技担任架构师。", {"吴磊"}),
        # a given name that makes a place name with the surname, after a role
        ("Apache Foo PPMC 成员江山发表开场致辞。", {"江山"}),
        # the role goes on: no name starts inside it
        ("Foo 大部分 PPMC 成员均参加了活动。", set()),
        # a person label whose whole value is an account name or a first name alone
        ("- 主持人：DevCat\n- 后期编辑：高一凤", {"DevCat", "高一凤"}),
        ("主持人：Alice", {"Alice"}),
        # task owners after '@' in minutes, Chinese names and an account after '@ '
        (
            "- 整理压测文档，在 PR 上同步更新。@季一涛\n- 对齐绑定/解绑，@张一鑫认领\n"
            "- 实际面试经验分享 （@ devcat ）",
            {"季一涛", "张一鑫", "devcat"},
        ),
        # a Latin name before an honorific
        ("Alan Brooks 先生对于国内的朋友来说不是很陌生。", {"Alan Brooks"}),
        # a role, then a name the segmenter reads as a word before a verb
        ("在 Foo 社区的负责人吴军看来，聚会很有意义。", {"吴军"}),
        # '数据的' is no organisation's unless a name acts after it
        ("介绍了向量数据与一般数值型数据的查避；以及索引。", set()),
        # a given name jieba tags as a measure word
        ("讲师介绍：吴立元，某某数据库研发工程师", {"吴立元"}),
    ],
)
def test_mentions_people_from_cues(res, text, people):
    assert names(text, res, "Person") == people


@pytest.mark.parametrize(
    "text, sigs",
    [
        ("openEuler 机密计算 SIG Maintainer 侯明永", {"sig-confidential-computing"}),
        ("openEuler SIG-Arm Maintainer Kevin Zhao", {"sig-Arm"}),
        ("openEuler 社区运营工作组组长郑振宇", {"社区运营工作组"}),
        ("社区新增 3 个 SIG，部分 SIG 合并。", set()),
        ("openLooKeng PMC 成员李铮", {"openLooKeng PMC"}),
        # a company's own team is not a community group; a committee of a foundation is
        ("Linaro的数据中心工作组负责人参加了会议。", set()),
        ("来自 Linaro数据中心工作组的专家。", set()),
        ("开放原子开源欧拉委员会主席致辞。", {"开放原子开源欧拉委员会"}),
        # Kubernetes-style "SIG Name"; a phrase before the suffix is not part of the name
        (
            "设有 SIG Robotics、SIG Device-IoT 等小组，欢迎参加 SIG Meetup。",
            {"SIG Robotics", "SIG Device-IoT"},
        ),
        ("会上介绍了 SIG 的工作方式，目前开发板 SIG 已有 20 名成员。", {"开发板 SIG"}),
        ("向量检索 SIG 与如意玲珑 SIG 成立。", {"向量检索 SIG", "如意玲珑 SIG"}),
        ("龙蜥社区 eBPF 技术探索 SIG Maintainer", {"eBPF 技术探索 SIG"}),
        ("X-Bench 兴趣小组（sig-X-Bench）组长", {"sig-X-Bench"}),
        ("member of the Rust Async Working Group", {"Rust Async Working Group"}),
        ("同时也是 TiDB 用户组（TUG）深圳区负责人", {"TiDB 用户组"}),
        # nothing inside a bare URL
        ("会议纪要：etherpad.openeuler.org/p/sig-Arm-meetings", set()),
        # an Apache project's committee, whether the vocabulary knows the project or not
        ("钱伟是 Apache Foo PMC 成员。", {"Apache Foo PMC"}),
        ("Apache Foo 发布了新版本，新晋 Foo PPMC 成员两名。", {"Apache Foo PPMC"}),
        ("Zeta PMC Chair 王五", {"Zeta PMC"}),
        ("Senior PMC 会议", set()),
        # a community's or foundation's committee and board, named or not in the vocabulary
        ("吴磊，Foo 社区 TSC 主席。", {"Foo 社区 TSC"}),
        ("吴磊，Foo 基金会 TOC 成员。", {"Foo 基金会 TOC"}),
        ("吴磊是 Foo 社区理事会成员。", {"Foo 社区理事会"}),
    ],
)
def test_mentions_sigs(res, text, sigs):
    assert names(text, res, "SIG") == sigs


@pytest.mark.parametrize(
    "text, orgs",
    [
        ("该活动由香港城市大学学联CSSA承办。", {"香港城市大学学联CSSA"}),
        ("天翼云科技有限公司高级产品经理张涛。", {"天翼云科技有限公司"}),
        ("已有6家国有大型银行和12家股份制银行上线。", set()),
        ("刘千/杭州思科/大数据工程师", {"杭州思科"}),
        # a known company's legal name, names that start with 中/上
        ("感谢中国工商银行股份有限公司的支持。", {"中国工商银行股份有限公司"}),
        ("上海浦东发展银行股份有限公司参会。", {"上海浦东发展银行股份有限公司"}),
        # a date or a count before the name is not part of it
        ("7月开放原子开源基金会发布了报告。", {"OpenAtom 开放原子开源基金会"}),
        # kinds of organisation after 来自 are none of them
        ("来自证券、保险、电商和高校的开发者。", set()),
        ("来自运营商、互联网、操作系统厂商的嘉宾。", set()),
        # a bio label: the organisation up to its suffix, not the department and role
        ("林子墨，阿里云智能集团操作系统研发部高级技术专家", {"阿里云智能集团"}),
        # a district before a company is its address, and so is a site after it
        ("Meetup 在南山区腾讯滨海大厦举办。", set()),
        ("活动在深圳腾讯滨海大厦举办。", set()),
        # English names with a legal or institutional suffix, 'of' and '-' inside them
        ("By Alex Chen (Example Inc.)", {"Example Inc."}),
        ("Maria Garcia, Foo Labs", {"Foo Labs"}),
        (
            "华为 - 爱丁堡大学联合实验室（Huawei-University of Edinburgh Joint Lab）",
            {"华为", "爱丁堡大学", "Huawei-University of Edinburgh Joint Lab"},
        ),
        ("The lab was founded in 2020.", set()),
    ],
)
def test_mentions_organizations(res, text, orgs):
    assert names(text, res, "Organization") == orgs


@pytest.mark.parametrize(
    "text, places",
    [
        # a short place name inside a longer word is not that place
        ("已在多家金融客户的容器平台中落地。", set()),
        ("活动在深圳湾科技生态园举行。", {"深圳湾科技生态园"}),
        ("活动在华中科技大学东九教学楼 B 区报告厅举行。", {"华中科技大学东九教学楼 B 区报告厅"}),
        ("大会在北京国家会议中心举行。", {"北京", "国家会议中心"}),
    ],
)
def test_mentions_places(res, text, places):
    assert names(text, res, "Location") == places


@pytest.mark.parametrize(
    "text, orgs",
    [
        ("来自华为、腾讯的嘉宾。", {"华为", "腾讯"}),
        # an adjective before a role is no employer
        ("范思远，独立开发者，开源贡献者", set()),
    ],
)
def test_mentions_organizations_named_after_from(res, text, orgs):
    assert names(text, res, "Organization") >= orgs
    if not orgs:
        assert names(text, res, "Organization") == set()


@pytest.mark.parametrize(
    "text, projects",
    [
        ("异步流式数据引擎 TransferQueue 已开源。", {"TransferQueue"}),
        ("并在 openEuler 24.03 LTS SP2 发布。", {"openEuler 24.03 LTS SP2", "openEuler"}),
        ("扫码加入微信群。", set()),
        ("KubeCon 2023 大会上。", set()),
        # a product noun before or after the name says what it is
        ("团队开发的数据传输加速引擎Clyde。", {"Clyde"}),
        ("其主导的开源库 PHANTOM 通过优化。", {"PHANTOM"}),
        ("带来 Nimbus 智能运维套件的分享。", {"Nimbus"}),
        ("打造fx-loader调度策略管理框架。", {"fx-loader"}),
        ("推出服务平台AISP，作为核心产品。", {"AISP"}),
        # a verb or a tail that only products take
        ("openEuler 通过 QMEM 打通内存统一编址。", {"openEuler", "QMEM"}),
        ("社区将 Nimbus 移植到 openEuler 上。", {"Nimbus", "openEuler"}),
        (
            "社区宣布 Apache Fooflow 3.3.0 版本对操作系统的原生支持已经正式发布。",
            {"Apache Fooflow"},
        ),
        ("成功孵化了Robo-Kit 具身智能软件全栈。", {"Robo-Kit"}),
        # ... not a multiword name's first word, nor an English word
        ("基于Quantum Boom全栈方案。", set()),
        ("发布了 Issue 看板。", set()),
        # ... but not across 与/和, nor a character set or a short word
        ("没有UTF-8字符集与相关组件。", set()),
        ("基于 Web 开发框架。", set()),
        # named as an event anywhere in the article: not a project anywhere
        ("顶级学术会议Sysconf在爱丁堡举行。\n\nSysconf 汇聚了学者。", set()),
        ("亮相 Orbit 2026。\n\n在 Orbit 的展台上，引擎 Orbit 演示。", set()),
        ("DevCon 上的分享。", set()),
        # a role or a project stage after a name is not part of it
        ("范思远，独立开发者，Kyverno Contributor。", {"Kyverno"}),
        ("目前已进入 CNCF Sandbox 的插件。", set()),
    ],
)
def test_mentions_projects(res, text, projects):
    assert names(text, res, "Project") == projects


def test_mentions_offsets_point_at_the_surface(res):
    text = "---\ntitle: T\n---\n## 侯明永：机密计算\n\nopenEuler 机密计算 SIG Maintainer 侯明永以 Kuasar 为例。"
    art = parse_article(text, doc="t.md")
    at = prepare(art)
    for m in find_mentions(at, res):
        block = art.blocks[m.block]
        assert block.text[m.start : m.end] == m.surface
        s, e = block.span(m.start, m.end)
        assert art.body[s:e] == m.surface


@pytest.mark.parametrize(
    "text, venue",
    [
        ("大会在北京国家会议中心举行。", "国家会议中心"),
        ("会议在河南省郑州市信息产业大厦圆满召开。", "信息产业大厦"),
        ("大会在西安邮电大学圆满落幕。", "西安邮电大学"),
        ("Meetup 在北京海淀区海淀西大街 70 号 3W 咖啡成功举办。", "3W 咖啡"),
    ],
)
def test_mentions_venues(res, text, venue):
    assert venue in names(text, res, "Location")


def test_mentions_foreign_committee_keeps_its_community(res):
    # the openEuler registry's TC is '技术委员会'; openGauss's committee is another group
    assert names("openGauss 技术委员会主席田文罡分享了议题。", res, "SIG") == {
        "openGauss 技术委员会"
    }
    assert names("openEuler 技术委员会主席胡欣蔚分享了议题。", res, "SIG") == {"TC"}


@pytest.mark.parametrize(
    "text, tech",
    [
        ("提出 TrIO 技术，降低冷启动延迟。", {"TrIO"}),
        ("兼容 X11/Wayland 显示协议。", {"X11", "Wayland"}),
        ("完成 RVA23 规范适配。", {"RVA23"}),
    ],
)
def test_mentions_unknown_latin_technologies(res, text, tech):
    assert names(text, res, "Technology") >= tech
    assert not names(text, res, "Project") & tech


def test_mentions_account_columns_hold_no_projects(res):
    table = (
        "|姓名|公司|giteeid|\n|---|---|---|\n|冯绍波|华为|ShaoboFeng|\n|宋亚南|麒麟软件|NanSong|\n"
    )
    assert names(table, res, "Project") == set()
    assert names(table, res, "Organization") >= {"华为"}
    # the same names in an ordinary column are projects
    assert names(table.replace("giteeid", "项目"), res, "Project") == {"ShaoboFeng", "NanSong"}


@pytest.mark.parametrize(
    "text, tech, org",
    [
        # "Arm" alone names the architecture...
        ("欧拉已支持ARM，x86，RISC-V等全部主流通用计算架构。", True, False),
        ("在信用卡核心系统中引入了Arm，openEuler 的技术栈。", True, False),
        # ... and the company when it acts or is someone's employer
        ("Arm 基于 Armv9-A 架构推出了 CCA 技术。", False, True),
        ("分享嘉宾：Kevin Zhao，Arm，首席工程师", False, True),
    ],
)
def test_mentions_arm_is_architecture_or_company_by_context(res, text, tech, org):
    assert ("Arm 架构" in names(text, res, "Technology")) == tech
    assert ("Arm" in names(text, res, "Organization")) == org


def test_mentions_registry_repository_written_with_a_hyphen(res):
    # the registry's repository IB_Robot, written IB-Robot in the text
    assert names("基于IB-Robot具身智能软件栈打造方案。", res, "Project") == {"IB_Robot"}


def test_mentions_given_name_alone_is_the_person_found_earlier(res):
    text = "华为专家刘新良表示，论坛很成功。\n\n图4：新良在分享工作。\n\n新良表示很高兴。"
    at = prepare(parse_article(text, doc="t.md"))
    given = [m for m in find_mentions(at, res) if m.type == "Person" and m.surface == "新良"]
    assert [m.name for m in given] == ["刘新良", "刘新良"]
    # two people with the same given name: neither is guessed
    text = "华为专家刘新良表示赞同。腾讯专家王新良表示反对。\n\n新良表示很高兴。"
    at = prepare(parse_article(text, doc="t.md"))
    assert not [m for m in find_mentions(at, res) if m.surface == "新良"]


_WORD_CHARS = st.text(alphabet="ab博士后处长科-.", min_size=1, max_size=4)


_WORD_CHARS = st.text(alphabet="ab博士后处长科-.", max_size=4)  # the empty word too


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(_WORD_CHARS, max_size=8),
    text=st.text(alphabet="ab博士后处长科-. x", max_size=30),
    at_start=st.booleans(),
)
def test_mentions_alternation_matches_the_joined_words(words, text, at_start):
    joined = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    trie = alternation(words, at_start)
    for tail in ("", r"\s*$", "x"):  # alone, and followed by something that may fail
        a, b = re.compile(f"(?:{joined}){tail}"), re.compile(f"(?:{trie}){tail}")
        assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)]


def _walked_source_lines(body: str, offsets, n: int):
    """The source lines of a block by comparing every pair of offsets (the oracle)."""
    out, start = [], 0
    for j in range(1, min(n, len(offsets))):
        a, b = offsets[j - 1], offsets[j]
        if b > a + 1 and "\n" in body[a + 1 : b + 1] or body[b : b + 1] == "\n":
            out.append((start, j))
            start = j
    out.append((start, n))
    return [(s, e) for s, e in out if e > s]


_MD_BITS = st.sampled_from(
    ["张三：", "\n", "\n\n", "- ", "> ", "**", "[a](b)", "&amp;", "&NotEqualTilde;", "<!--",
     "-->", "<b\nx>", "<br>", "题目", " ", "|a|b|\n|-|-|\n", "===\n", "x"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(_MD_BITS, min_size=1, max_size=30))
def test_mentions_source_lines_match_a_walk_over_offsets(parts):
    try:
        art = parse_article("".join(parts), doc="t.md")
    except ArticleError:
        return
    for b in art.blocks:
        for n in (len(b.text), len(b.text) + 2, len(b.text) // 2):
            assert _source_lines(art.body, b.offsets, n) == _walked_source_lines(
                art.body, b.offsets, n
            )


def _looped_strip_titles(name: str, res) -> str:
    """strip_titles without its early return (the oracle)."""
    s = name.strip(" \t:：，,、")
    changed = True
    while changed and s:
        changed = False
        for h in res.honorifics:
            if len(s) > len(h) + 1 and s.endswith(h):
                s = s[: -len(h)].rstrip()
                changed = True
            elif len(s) > len(h) + 1 and s.startswith(h) and not h.isascii():
                s = s[len(h) :].lstrip()
                changed = True
    return s


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_mentions_strip_titles_matches_the_full_loop(data):
    res = get_resources(REGISTRY)
    pieces = st.one_of(st.sampled_from(res.honorifics), st.sampled_from(["张三", "李", " ", "："]))
    name = "".join(data.draw(st.lists(pieces, max_size=5)))
    assert strip_titles(name, res) == _looped_strip_titles(name, res)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_mentions_org_left_stop_cut_matches_the_last_stop_words(data):
    res = get_resources(REGISTRY)
    stops = [x for x in res.cues.get("org_left_stops", []) if not x.isascii()]
    pieces = st.one_of(st.sampled_from(stops), st.sampled_from(["华为", "科技", "x", " "]))
    seg = "".join(data.draw(st.lists(pieces, max_size=6)))
    cut = max((seg.rfind(w) + len(w) for w in stops if w in seg), default=0)
    found = patterns(res).org_left_stop.finditer(seg)
    assert max((m.start() + len(m.group(1)) for m in found), default=0) == cut


# The scanning patterns test the character before a name after its first letter (so that
# the regex engine can skip to letters); these are their plain forms, lookbehind first.
_LOOKBEHIND_FIRST = {
    "_LATIN_TOKEN": r"(?<![A-Za-z0-9@/._-])[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*"
    r"(?![A-Za-z0-9@/_-]|\.[A-Za-z])",
    "_LATIN_PRODUCT": r"(?<![A-Za-z0-9-])(?:[A-Z][a-z]{2,} [A-Z][a-z]*[A-Z][A-Za-z]*|"
    r"[A-Z]{2,} [A-Z][a-z]{2,}|[A-Z]{1,3}-[A-Z][A-Za-z]{2,})(?![A-Za-z0-9-])",
    "_EDITION": r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9]+) ((?:[A-Z][A-Za-z0-9]+)"
    r"(?: [A-Z][A-Za-z0-9]+)?)(?![A-Za-z0-9])",
    "_EVENT_NAME": r"(?<![A-Za-z0-9])((?:[A-Z][A-Za-z0-9]*)(?: [A-Z][A-Za-z]+)?)\s?"
    r"(?=(?:China |Europe |Asia )?20\d\d(?!\d))"
    r"|(?:会议|大会|峰会|盛会|论坛)\s?([A-Z][A-Za-z0-9]+)(?![A-Za-z0-9])",
    "_FREE_PRODUCT_NAME": r"(?<![A-Za-z0-9.@/_-])(?<![A-Za-z0-9] )"
    r"[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*",
}


@settings(max_examples=400, deadline=None)
@example("_LATIN_PRODUCT", "ABCD-Xyz, AB-Cde XZ Utils -AB-Cde Intelligence BooM")
@example("_LATIN_TOKEN", "a.b @ab x/ab _ab ab_c A-Tune.x ab.Cd")
@example("_EDITION", "openEuler Embedded xopenEuler Embedded 1a Bc")
@example("_EVENT_NAME", "KubeCon China 2024 xFoo 2024 大会Foo 1A 2025")
@example("_FREE_PRODUCT_NAME", "a Foo .Ab @Ab 1 Ab x/Ab ab")
@given(
    st.sampled_from(sorted(_LOOKBEHIND_FIRST)),
    st.text(alphabet="aBcXZ09 .@/_-项目平台大会2024China", max_size=24),
)
def test_mentions_lookbehind_after_first_letter_matches_as_before(name, text):
    import extractor.mentions as m

    new = getattr(m, name)
    new = re.compile(new) if isinstance(new, str) else new
    old = re.compile(_LOOKBEHIND_FIRST[name])
    spans = [(x.span(), x.groups()) for x in new.finditer(text)]
    assert spans == [(x.span(), x.groups()) for x in old.finditer(text)]


@pytest.mark.parametrize(
    "text, orgs",
    [
        # a known company after its city or country: the local company, as written
        ("杭州思科的工程师分享了经验。", {"杭州思科"}),
        ("上海海思芯片在机器人领域应用广泛。", {"上海海思"}),
        ("由中国工业和信息化部主办。", {"中国工业和信息化部"}),
        # ... not when the city only says where a site of the company is
        ("深圳华为总部的专家介绍了方案。", {"华为"}),
        # ... nor across a space or a separator
        ("来自深圳 华为和杭州、思科的专家。", {"华为", "Cisco"}),
    ],
)
def test_mentions_place_before_known_organization(res, text, orgs):
    assert names(text, res, "Organization") == orgs


# ---------------------------------------------------------------- groups of any community
@pytest.fixture(scope="module")
def plain():
    """Resources without a registry: the tool as it runs on any community."""
    return get_resources()


def entities(text: str, res, type_: str) -> dict[str, set[str]]:
    """{canonical name: surface forms} of the mentions of one type."""
    at = prepare(parse_article(text, doc="t.md"))
    out: dict[str, set[str]] = {}
    for m in find_mentions(at, res):
        if m.type == type_:
            out.setdefault(m.name, set()).add(m.surface)
    return out


@pytest.mark.parametrize(
    "text, groups",
    [
        # an Apache project's committee, named by the project's full name however written
        ("罗一鸣，Apache APISIX PMC，某公司工程师", {"Apache APISIX PMC"}),
        ("王二，APISIX PMC 成员", {"Apache APISIX PMC"}),
        ("She is a PMC member of Apache SkyWalking.", {"Apache SkyWalking PMC"}),
        ("他也是 Apache DolphinScheduler 的 PPMC", {"Apache DolphinScheduler PPMC"}),
        ("openLooKeng PMC 成员李铮", {"openLooKeng PMC"}),
        # a committee of a known organisation, and one of a foundation with its own name
        ("开放原子开源基金会 TOC 主席堵一平", {"开放原子开源基金会 TOC"}),
        ("开放原子开源基金会技术监督委员会副主席熊二", {"技术监督委员会"}),
        # the community's name before its group is not the group's
        ("openEuler Embedded SIG 发布了新任务", {"Embedded SIG"}),
        ("Speaker：任三  openEuler技术委员会委员", {"技术委员会"}),
        # user groups, clubs and working groups in English
        ("openGauss 北京用户组正式成立", {"北京用户组"}),
        (
            "# Paddle Framework Contributor Club 第三次会议纪要",
            {"Paddle Framework Contributor Club"},
        ),
        ("He joined the Rust Async Working Group last year.", {"Rust Async Working Group"}),
        # a SIG named after a project other than the article's community; another role
        # of the project's before its committee; a verb before the group's Latin name
        ("openEuler 社区的 RISC-V SIG 和 ROS SIG 的日常运营", {"RISC-V SIG", "ROS SIG"}),
        ("王二 某科技 CTO，Apache APISIX 创始人 & PMC 成员", {"Apache APISIX PMC"}),
        ("与法务侧共同对接QA sig做整改。", {"QA sig"}),
        # two fields joined by 与, one group
        ("18所高校联合成立学术与教育委员会。", {"学术与教育委员会"}),
        # not groups: a plain acronym, a phrase before 'SIG', a company's team
        ("PMC 的全称是项目管理委员会。", set()),
        ("社区新增 3 个 SIG。", set()),
        ("Linaro的数据中心工作组负责人参加了会议。", set()),
    ],
)
def test_mentions_group_shapes(plain, text, groups):
    assert set(entities(text, plain, "SIG")) == groups


@pytest.mark.parametrize(
    "text, group, short",
    [
        # the initials of the English name, wherever the article uses them
        (
            "# Lotus Framework Contributor Club 会议纪要\n\nLFCC 新成员做了自我介绍。",
            "Lotus Framework Contributor Club",
            "LFCC",
        ),
        # a short name given in brackets
        ("并成立 openGauss 深圳用户组（简称 oGUG），更多 oGUG 福利。", "深圳用户组", "oGUG"),
    ],
)
def test_mentions_group_short_names(plain, text, group, short):
    groups = entities(text, plain, "SIG")
    assert short in groups[group]
    assert "oGUG" not in names(text, plain, "Project")


def test_mentions_bare_pmc_is_the_main_projects(plain):
    text = "Apache DolphinScheduler 季度报告。DolphinScheduler 社区很活跃。\n\n最新加入的 PMC 成员为 Calvin Kirsten。"
    assert set(entities(text, plain, "SIG")) == {"Apache DolphinScheduler PMC"}
    assert "Calvin Kirsten" in names(text, plain, "Person")


# ---------------------------------------------------------------- people in slots, accounts
@pytest.mark.parametrize(
    "text, people",
    [
        # a line that is a name; a name opening its bio line; a name closing a role line
        ("## 云原生可观测实践\n\n* 吴一晟\n* [PDF](a.pdf)", {"吴一晟"}),
        ("袁二军 某某科技 大数据专家、平台架构师", {"袁二军"}),
        ("李三宇  12345678@qq.com", {"李三宇"}),
        ("某某数据产品发展部经理 余四江", {"余四江"}),
        (". Member 湖南大学 杨五超", {"杨五超"}),
        # a name before its time slot in an agenda line
        ("* 调度系统简介（某观CTO-郭六炜 14:00-14:20）。", {"郭六炜"}),
        # a label for a person who need not speak
        ("Chair： 代七冬", {"代七冬"}),
        ("**项目导师：** 韩八成", {"韩八成"}),
        # Latin names beside a role
        ("最新加入的 PMC 成员为 Calvin Kirsten，加入时间 2021 年。", {"Calvin Kirsten"}),
        # meeting minutes: a task's owners, a label glued to the word before it
        ("1) 与法务侧对接做整改。--刘一宇/余二甜 完成时间：3月30日", {"刘一宇", "余二甜"}),
        ("建议后续集成需求责任人：方三岑，已闭环", {"方三岑"}),
        # not people: a product alone on a line, a sentence
        ("* Apache Kafka", set()),
        ("* 高性能", set()),
    ],
)
def test_mentions_people_in_slots(plain, text, people):
    assert names(text, plain, "Person") == people


@pytest.mark.parametrize(
    "text, person, forms",
    [
        # an account link whose text is the account: a person of that name
        (
            "PFCC 新成员 [lotus-dev](https://github.com/lotus-dev)、[Kira77](https://gitee.com/Kira77)",
            "lotus-dev",
            {"lotus-dev"},
        ),
        # the account of the person written before it
        (
            "由轮值主席周一倜（[zhou86](https://github.com/zhou86)）主持。",
            "周一倜",
            {"周一倜", "zhou86"},
        ),
        (
            "本次会议由肖二檬@[GoldenRain](https://github.com/GoldenRain)主持。",
            "肖二檬",
            {"GoldenRain"},
        ),
        ("感谢 @sanbuphy 的贡献", "sanbuphy", {"sanbuphy"}),
        # an account after a role is nobody's but its own ('工程师' ends with no name)
        ("飞桨工程师[kira77](https://github.com/kira77) ，分享主题《社区》", "kira77", {"kira77"}),
        # a nickname, an English name, a romanised name: aliases of the real name
        ("讲师：王小明（花名：阿木），某公司工程师", "王小明", {"王小明", "阿木"}),
        (
            "嘉宾：侯明永（Mingyong Hou），某公司。Mingyong Hou 表示",
            "侯明永",
            {"侯明永", "Mingyong Hou"},
        ),
        (
            "讲师：侯明永，某公司工程师。\n\nSpeaker：Hou Mingyong，Engineer",
            "侯明永",
            {"侯明永", "Hou Mingyong"},
        ),
        # an English name, the real name in brackets; the given name alone later
        (
            "讲师：Liam Chen（陈立），某公司工程师。陈立提到，项目还在迭代。",
            "陈立",
            {"陈立", "Liam Chen"},
        ),
        ("邵文博，某某集团 架构师，介绍了方案。\n\n文博表示，系统已上线。", "邵文博", {"邵文博"}),
    ],
)
def test_mentions_accounts_and_other_names(plain, text, person, forms):
    people = entities(text, plain, "Person")
    assert forms <= people[person]


@pytest.mark.parametrize(
    "text",
    [
        "ArkTS 的 @State、@Prop 和 @Link 装饰器管理组件状态。",
        "在方法上加 @Override 注解，或调用 @decorator(x)。",
        "Migrating from Kong to Apache APISIX: Lessons Learned",
    ],
)
def test_mentions_no_person_in_decorators_or_english_titles(plain, text):
    assert names(text, plain, "Person") == set()


def test_mentions_account_is_no_project(plain):
    text = "新成员 [RangeQueen](https://github.com/RangeQueen)、[CollabFilter](https://github.com/CollabFilter)"
    assert names(text, plain, "Project") == set()
    assert names(text, plain, "Person") == {"RangeQueen", "CollabFilter"}


@pytest.mark.parametrize(
    "word, expected",
    [("Mingyong", True), ("Zhao", True), ("ShunFeng", True), ("Kevin", False), ("Calvin", False)],
)
def test_mentions_pinyin_word(word, expected):
    assert pinyin_word(word) is expected


# ---------------------------------------------------------------- organisations from slots
@pytest.mark.parametrize(
    "text, org, surface",
    [
        # between a person and their role, on the person's own line
        ("袁二军 某某王 大数据专家、平台架构师", "某某王", "某某王"),
        ("14:30-15:00 数据库解密<br>高一涛 Tetrate 创始工程师", "Tetrate", "Tetrate"),
        # before the person in an agenda bracket, without the role glued to it
        ("* 调度系统简介（某观CTO-郭六炜 14:00-14:20）。", "某观", "某观"),
        # '来自 X 的'
        ("来自 DaoCloud 道客的工程师分享了实践。", "DaoCloud 道客", "DaoCloud 道客"),
        # a former employer, without 前 and 员工
        ("嘉宾：张三，前腾讯员工，现为创业者", "腾讯", "腾讯"),
        ("王五/原华为工程师/某公司 CTO", "华为", "华为"),
        # a known company's brand and Chinese name side by side: one company
        ("XSKY星辰天合的工程师表示", "XSKY", "XSKY星辰天合"),
        # a Latin name listed between organisations, with its Chinese name
        ("邀请了爱奇艺、SkyBridge 天桥汇通等合作伙伴", "SkyBridge", "SkyBridge 天桥汇通"),
    ],
)
def test_mentions_organisations_from_slots(plain, text, org, surface):
    assert surface in entities(text, plain, "Organization").get(org, set())


@pytest.mark.parametrize(
    "text, not_org",
    [
        # false friends: sector words, common words, roles and products in the same slots
        ("来自证券、保险和高校的开发者参加了活动。", "证券"),
        ("袁二军 社区 开发者", "社区"),
        ("李三宇 高级 工程师", "高级"),
        ("某公司、Intel 公司和 Arm 架构", "Arm 架构"),
        ("Intel 处理器性能提升", "Intel"),
        ("嘉宾：张三，独立开发者", "独立开发者"),
        ("来自海内外的开发者齐聚一堂。", "海内外"),
        ("赵二光，赵二光，某某找房监控技术负责人", "赵二光"),
    ],
)
def test_mentions_organisation_false_friends(plain, text, not_org):
    assert not_org not in names(text, plain, "Organization")


@pytest.mark.parametrize(
    "text, org, project",
    [
        # another community, named by a name no vocabulary knows: an organisation
        ("由 openEuler 社区发起，LotusRV社区、HelloGCC社区合作参与。", "LotusRV社区", None),
        # a project's local community is an organisation; its own community is the project
        ("PostgreSQL 中文社区主席赵振平分享了发展历程。", "PostgreSQL 中文社区", "PostgreSQL"),
        ("来自 openEuler社区 的代表发言。", None, "openEuler"),
    ],
)
def test_mentions_other_communities(plain, text, org, project):
    orgs = names(text, plain, "Organization")
    assert (org in orgs) if org else not any(o.endswith("社区") for o in orgs)
    if project:
        assert project in names(text, plain, "Project")
    assert "LotusRV" not in names(text, plain, "Project")


@pytest.mark.parametrize(
    "text, not_project",
    [
        ("openEuler Embedded SIG 项目介绍", "Embedded SIG"),
        ("下载 sdk 工具包", "sdk"),
        ("推出 HarmonyOS IDE 插件", "HarmonyOS IDE"),
    ],
)
def test_mentions_generic_words_are_no_projects(plain, text, not_project):
    assert not_project not in names(text, plain, "Project")


@pytest.mark.parametrize(
    "post, org",
    [
        ("云移在线云平台部开发工程师", "云移在线"),
        ("视广股份系统运维部经理", "视广股份"),
        ("致广互联辽宁分公司生态合作总监", "致广互联"),
        # no organisation: a role alone, a department alone, a field
        ("高级工程师", None),
        ("产品发展部经理", None),
        ("研发团队经理", None),
    ],
)
def test_mentions_organisation_before_a_post(plain, post, org):
    assert org_of_post(post, plain) == org


@pytest.mark.parametrize(
    "text, org",
    [
        # a stop word inside a known name does not cut the organisation after it
        ("云和恩墨恩墨学院产品培训总监 姜二斌", "云和恩墨恩墨学院"),
        ("成都昇腾生态创新中心的专家余三川", "成都昇腾生态创新中心"),
    ],
)
def test_mentions_stop_word_inside_a_known_name(plain, text, org):
    assert org in names(text, plain, "Organization")


def test_mentions_a_line_that_lists_names_names_people(res):
    text = "## 组织委员会\n\n* 赵一圣 (联络人: a@example.org), 高二钊, 干则成, 朱国毅, 田俊\n"
    assert {"赵一圣", "高二钊", "干则成", "朱国毅", "田俊"} <= names(text, res, "Person")


@pytest.mark.parametrize(
    "line",
    ["* 北京、上海、深圳、杭州", "* 华为、腾讯、阿里巴巴", "* 云原生、大数据、人工智能、安全"],
)
def test_mentions_a_list_of_places_or_companies_names_no_one(res, line):
    assert names(line + "\n", res, "Person") == set()


def test_mentions_full_names_after_at_are_people(res):
    text = "感谢活动组织者（@Anthony Wong, @Jack Yu, @Jun Ma），感谢各位分享者(@TualatriX)。\n"
    assert {"Anthony Wong", "Jack Yu", "Jun Ma", "TualatriX"} <= names(text, res, "Person")


def test_mentions_a_speaker_label_over_chinese_names_with_english_ones(res):
    text = (
        "圆桌嘉宾（左起）：桑一璐Lulu Sang (某某软件社群负责人)、罗二霖Grace Luo (某某咨询董事)\n"
    )
    assert {"桑一璐", "罗二霖"} <= names(text, res, "Person")


@pytest.mark.parametrize("text", ["感谢班主任老师的支持。\n", "欢迎高年级同学参加。\n"])
def test_mentions_a_word_before_an_honorific_is_no_name(res, text):
    # '班主任', '高年级' open with a surname and end in a word: no person's name
    assert names(text, res, "Person") == set()


@pytest.mark.parametrize(
    "text, who",
    [
        ("接下来是实训课，由来自某某实验室成员刘涵主持。\n", {"刘涵"}),
        ("本次活动邀请到了某某健康的CTO--邓志豪大佬来分享微服务。\n", {"邓志豪"}),
        ("应主办方邀请，某某图数据库技术总监-陈恒在活动中发表演讲。\n", {"陈恒"}),
        ("**某某引擎中的应用（中文）**：字节跳动梁欣介绍了某某平台。\n", {"梁欣"}),
        (
            "最后由社区的开发者刘彦博 (Flutter GDE)、王鑫磊、李承峻 (Alex) 进行圆桌讨论。\n",
            {"刘彦博", "王鑫磊", "李承峻"},
        ),
    ],
)
def test_mentions_people_in_posts_dashes_and_lists(res, text, who):
    assert who <= names(text, res, "Person")


def test_mentions_a_pronoun_after_a_dash_is_no_name(res):
    assert names("* 从开源用户到PPMC——谈我和某某调度器\n", res, "Person") == set()


def test_mentions_a_speaker_list_goes_on_past_a_nickname(res):
    text = "主讲人: 鲁直 、涵畅 、张超盟 、付铖 、王国云 \n"
    assert {"张超盟", "王国云"} <= names(text, res, "Person")


def test_mentions_an_english_first_name_after_a_role_before_a_speech_verb(res):
    assert "James" in names("某某范式平台工程师 James 介绍了设备插件的集成。\n", res, "Person")
    assert names("资深工程师 Kubernetes 介绍了新功能。\n", res, "Person") == set()
