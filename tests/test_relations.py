"""Stage relations: member_of and affiliated_with from roles and label lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.article import parse_article
from extractor.record import build_record
from extractor.resources import get_resources

REGISTRY = Path(__file__).parents[1] / "examples" / "openeuler-community.json"


def relations(text: str) -> set[tuple[str, str, str]]:
    rec = build_record(parse_article(text, doc="t.md"), get_resources(REGISTRY))
    return {(r.type, r.source, r.target) for r in rec.relations}


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "openEuler 机密计算 SIG Maintainer 侯明永以数据安全为切入点。",
            {("member_of", "侯明永", "sig-confidential-computing")},
        ),
        (
            "香港城市大学博士后杨昊博士带来《密码学》演讲。",
            {("affiliated_with", "杨昊", "香港城市大学")},
        ),
        (
            "香港高校开源联盟的创始人李想、徐小玥进行了宣讲。",
            {
                ("affiliated_with", "李想", "香港高校开源联盟"),
                ("affiliated_with", "徐小玥", "香港高校开源联盟"),
            },
        ),
        ("刘千/杭州思科/大数据工程师", {("affiliated_with", "刘千", "杭州思科")}),
        (
            "openEuler SBOM SIG Maintainer、凝思软件股份有限公司研发专家毛翼辉分享了实践。",
            {
                ("member_of", "毛翼辉", "sig-sbom"),
                ("affiliated_with", "毛翼辉", "凝思软件股份有限公司"),
            },
        ),
        (
            "来自华为分布式并行计算实验室的 Frank Liu 在论坛上分享了。",
            {("affiliated_with", "Frank Liu", "华为")},
        ),
        # bio lines of a blockquote, one per person, each with its organisation and group
        (
            "> **嘉宾介绍**\n> 许嘉乐，DaoCloud 软件工程师，KubeEdge SIG EdgeMesh 成员\n"
            "> 白雨桐，上海交通大学 硕士研究生，KubeEdge SIG EdgeMesh 成员",
            {
                ("affiliated_with", "许嘉乐", "DaoCloud"),
                ("member_of", "许嘉乐", "SIG EdgeMesh"),
                ("affiliated_with", "白雨桐", "上海交通大学"),
                ("member_of", "白雨桐", "SIG EdgeMesh"),
            },
        ),
        # the group's role inside the brackets after the name; a bracketed id renames it
        (
            "讲师：沈嘉禾（青云科技 研发工程师，KubeSphere SIG-Observability 负责人）",
            {
                ("affiliated_with", "沈嘉禾", "青云科技"),
                ("member_of", "沈嘉禾", "SIG-Observability"),
            },
        ),
        (
            "讲者：何晓晴（openEuler 安全 SIG（sig-security-x）Maintainer、华为专家）",
            {
                ("member_of", "何晓晴", "sig-security-x"),
                ("affiliated_with", "何晓晴", "华为"),
            },
        ),
        # a community's name before its group, and a list of members after a dash
        (
            "讲师：严桥，华为高级工程师、openGauss 社区 Connectors SIG Maintainer",
            {("affiliated_with", "严桥", "华为"), ("member_of", "严桥", "Connectors SIG")},
        ),
        (
            "- 顾一帆（华为）—— StorageEngine SIG",
            {("affiliated_with", "顾一帆", "华为"), ("member_of", "顾一帆", "StorageEngine SIG")},
        ),
        # an organisation and its abbreviation in brackets, then the role: the chain goes on
        (
            "sig-RISC-V Maintainer、中国科学院软件研究所（ISCAS）高级工程师林嘉禾介绍了进展。",
            {("member_of", "林嘉禾", "sig-RISC-V"), ("affiliated_with", "林嘉禾", "ISCAS")},
        ),
        # a label line's later pieces after a semicolon
        (
            "**演讲嘉宾**：蒋春燕，电子科技大学，硕士研究生；Karmada SIG-Monitoring 成员",
            {
                ("affiliated_with", "蒋春燕", "电子科技大学"),
                ("member_of", "蒋春燕", "SIG-Monitoring"),
            },
        ),
        # a group, then '组长为/由' and its leaders
        (
            "同意成立 sig-graphx（图计算 SIG），组长为中国移动的数据库专家秦朗；",
            {("affiliated_with", "秦朗", "中国移动"), ("member_of", "秦朗", "sig-graphx")},
        ),
        (
            "同意成立 sig-vectorx（向量 SIG），首任组长由华为工程师郑书言、浙江大学博士生江雨桐共同担任。",
            {
                ("affiliated_with", "郑书言", "华为"),
                ("member_of", "郑书言", "sig-vectorx"),
                ("affiliated_with", "江雨桐", "浙江大学"),
                ("member_of", "江雨桐", "sig-vectorx"),
            },
        ),
        # 'NAME，同时也是 X SIG 的成员'
        (
            "阿里云高级技术专家陈思源，同时也是 openEuler Tracing SIG 的成员，分享了经验。",
            {
                ("affiliated_with", "陈思源", "阿里云"),
                ("member_of", "陈思源", "openEuler Tracing SIG"),
            },
        ),
        # a department between the organisation and the role
        (
            "浙江大学计算机科学与技术学院博士生戴宇航分享了课题组的研究。",
            {("affiliated_with", "戴宇航", "浙江大学")},
        ),
        # a name next to an organisation without a role says nothing about employment
        ("华为和腾讯的合作由王五推动。", set()),
        # "NAME，ORG 职位，... SIG 成员": every piece of the line that ends with a role;
        # the university she studies at ('目前在…读研') is hers too
        (
            "杨延玲，华为工程师，欧拉开源社区 RISC-V SIG 成员，目前在温州大学读研。",
            {
                ("affiliated_with", "杨延玲", "华为"),
                ("member_of", "杨延玲", "sig-RISC-V"),
                ("affiliated_with", "杨延玲", "温州大学"),
            },
        ),
        # a department or institute of a company: the company employs the person
        (
            "华为爱丁堡研究所高级项目经理房闯闯为本次活动开场。",
            {("affiliated_with", "房闯闯", "华为")},
        ),
        (
            "中国工商银行金融科技部系统管理处处长刘映镇带来《服务端操作系统实践》。",
            {("affiliated_with", "刘映镇", "中国工商银行")},
        ),
        # ... but a subsidiary is a company of its own: both employ the person
        (
            "南方电网 广州星云电力科技有限公司高级工程师王立新介绍了调度系统。",
            {
                ("affiliated_with", "王立新", "南方电网"),
                ("affiliated_with", "王立新", "广州星云电力科技有限公司"),
            },
        ),
        # a label line with the organisation after several spaces
        (
            "Speaker：李熠斌     深圳昇腾创新中心 技术专家",
            {("affiliated_with", "李熠斌", "深圳昇腾创新中心")},
        ),
        # an agenda line: the company after the speaker
        (
            "14:00-14:30 《云原生网关选型》 王晓峰 蚂蚁集团",
            {("affiliated_with", "王晓峰", "蚂蚁集团")},
        ),
        # a table captioned with a SIG and a role lists its members
        (
            "FangTian SIG Maintainer\n\n|姓名|公司|\n|---|---|\n|郑森文|华为|\n|吴圣垚|麒麟软件|\n",
            {
                ("member_of", "郑森文", "sig-FangTian"),
                ("member_of", "吴圣垚", "sig-FangTian"),
                ("affiliated_with", "郑森文", "华为"),
                ("affiliated_with", "吴圣垚", "麒麟软件"),
            },
        ),
        # ... but a table under a caption without a role does not
        (
            "FangTian SIG 例会\n\n|姓名|公司|\n|---|---|\n|郑森文|华为|\n",
            {("affiliated_with", "郑森文", "华为")},
        ),
    ],
)
def test_relations_from_roles(text, expected):
    assert relations(text) == expected


def test_relations_carry_evidence():
    text = "openEuler 机密计算 SIG Maintainer 侯明永以数据安全为切入点。"
    art = parse_article(text, doc="t.md")
    rec = build_record(art, get_resources(REGISTRY))
    (rel,) = rec.relations
    assert rel.evidence.doc == "t.md"
    assert "侯明永" in rel.evidence.sentence
    assert art.body[rel.evidence.start : rel.evidence.end].startswith("openEuler")


def plain_relations(text: str) -> set[tuple[str, str, str]]:
    """Relations found without a registry (any community)."""
    rec = build_record(parse_article(text, doc="t.md"), get_resources())
    return {(r.type, r.source, r.target) for r in rec.relations}


@pytest.mark.parametrize(
    "text, expected",
    [
        # a role in a card next to the name
        (
            "罗一鸣，Apache APISIX PMC，某科技工程师",
            {("member_of", "罗一鸣", "Apache APISIX PMC")},
        ),
        (
            "赵二光，贝壳找房监控技术负责人，Apache SkyWalking PMC 成员",
            {
                ("member_of", "赵二光", "Apache SkyWalking PMC"),
                ("affiliated_with", "赵二光", "贝壳找房"),
            },
        ),
        # members listed after their group
        (
            "# Lotus Framework Contributor Club 会议\n\nLFCC 新成员 [kira77](https://github.com/kira77)、"
            "[moon-dev](https://github.com/moon-dev)进行了自我介绍。",
            {
                ("member_of", "kira77", "Lotus Framework Contributor Club"),
                ("member_of", "moon-dev", "Lotus Framework Contributor Club"),
            },
        ),
        # a caption over one line per member
        (
            "**openGauss 长沙用户组成员：**\n\n. Organizer 湖南鲲鹏生态创新中心 COO 旷一俊\n\n"
            ". Member 湖南大学 副教授 谭二华\n\n**长沙用户组正式成立**",
            {
                ("member_of", "旷一俊", "openGauss 长沙用户组"),
                ("member_of", "谭二华", "openGauss 长沙用户组"),
                ("affiliated_with", "谭二华", "湖南大学"),
            },
        ),
        # a foundation's committee: a post in the foundation too
        (
            "开放原子开源基金会技术监督委员会副主席熊二表示。",
            {
                ("member_of", "熊二", "开放原子开源基金会技术监督委员会"),
                ("affiliated_with", "熊二", "开放原子开源基金会"),
            },
        ),
        # roles given by 是/作为, clause after clause
        (
            "钱伟是 Apache Foo PMC 成员，也是北京数巅科技有限公司的技术专家。",
            {
                ("member_of", "钱伟", "Apache Foo PMC"),
                ("affiliated_with", "钱伟", "北京数巅科技有限公司"),
            },
        ),
        (
            "孙悦作为 Foo 社区运营工作组负责人发布了计划。",
            {("member_of", "孙悦", "Foo 社区运营工作组")},
        ),
        # members listed after a role, elected, or under a heading naming the group
        (
            "Storage SIG 新增两位 Maintainer：吴磊、冯刚。",
            {("member_of", "吴磊", "Storage SIG"), ("member_of", "冯刚", "Storage SIG")},
        ),
        (
            "吴磊和冯刚当选为 Foo 社区技术委员会委员。",
            {
                ("member_of", "吴磊", "Foo 社区技术委员会"),
                ("member_of", "冯刚", "Foo 社区技术委员会"),
            },
        ),
        ("本次会议选举吴磊为 Storage SIG 组长。", {("member_of", "吴磊", "Storage SIG")}),
        (
            "# Apache Foo 新晋 PMC 成员\n\n- 吴磊（蓝鲸科技）\n- 冯刚（云帆网络）\n",
            {("member_of", "吴磊", "Apache Foo PMC"), ("member_of", "冯刚", "Apache Foo PMC")},
        ),
        # the group a role follows, after the community that owns it
        ("吴磊担任 Foo 社区 SIG-Runtime 的 Maintainer。", {("member_of", "吴磊", "SIG-Runtime")}),
        # the project's VP sits on its PMC; a chair 'of' the project; another role first
        ("吴磊，Apache Foo VP，蓝鲸科技 CTO。", {("member_of", "吴磊", "Apache Foo PMC")}),
        ("吴磊是 Apache Foo 项目的 VP。", {("member_of", "吴磊", "Apache Foo PMC")}),
        (
            "吴磊，PMC Chair of Apache Foo，蓝鲸科技工程师。",
            {("member_of", "吴磊", "Apache Foo PMC")},
        ),
        (
            "吴磊，Apache Foo Committer & PMC member，蓝鲸科技工程师。",
            {("member_of", "吴磊", "Apache Foo PMC")},
        ),
        # a city's user committee of a community; then the committee by its kind alone
        (
            "本次活动由 Foo 社区杭州用户委员会主办，委员会成员吴磊主持。",
            {("member_of", "吴磊", "Foo 社区杭州用户委员会")},
        ),
        # an unknown community's committee with a long field name
        (
            "冯刚现任 openFoo 技术监督委员会委员。",
            {("member_of", "冯刚", "openFoo 技术监督委员会")},
        ),
    ],
)
def test_relations_groups_of_any_community(text, expected):
    assert expected <= plain_relations(text)


@pytest.mark.parametrize(
    "text",
    [
        # the moderator is not a member of the group of the guest the moderator invites
        "白鲸开源社区运营经理周凌雪担任主持人，邀请 Apache SeaTunnel PMC Member 田若溪探讨。",
        # a code host's label in brackets is not an employer
        "吴敏（GitHub：@wumin），Foo 项目 Maintainer。",
    ],
)
def test_relations_not_from_neighbouring_slots(text):
    rels = plain_relations(text)
    assert not {r for r in rels if r[1] in ("周凌雪", "吴敏") and r[2] != "白鲸开源"}, rels


@pytest.mark.parametrize(
    "text, expected",
    [
        ("袁二军 某某王 大数据专家", ("affiliated_with", "袁二军", "某某王")),
        ("* 调度系统简介（某观CTO-郭六炜 14:00-14:20）。", ("affiliated_with", "郭六炜", "某观")),
        ("嘉宾：张三，前腾讯员工，现为创业者", ("affiliated_with", "张三", "腾讯")),
        ("李四（前阿里巴巴高级工程师）分享了《云原生》", ("affiliated_with", "李四", "阿里巴巴")),
    ],
)
def test_relations_organisations_from_slots(text, expected):
    assert expected in plain_relations(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        # an article about one group: its chair, however named, chairs that group
        (
            "Apache Lotus 季度报告。\n\nApache Lotus 是调度系统，Apache Lotus 社区很活跃。\n\n"
            "最新的 PMC 成员为 Calvin Kirsten。\n\nChair： 代立冬",
            {
                ("member_of", "代立冬", "Apache Lotus PMC"),
                ("member_of", "Calvin Kirsten", "Apache Lotus PMC"),
            },
        ),
        (
            "# Lotus Framework Contributor Club 会议\n\n本次会议由轮值主席肖二檬@[GoldenRain](https://github.com/GoldenRain)主持。"
            "下一期主席为[OuyangRiver](https://github.com/OuyangRiver)。",
            {
                ("member_of", "肖二檬", "Lotus Framework Contributor Club"),
                ("member_of", "OuyangRiver", "Lotus Framework Contributor Club"),
            },
        ),
    ],
)
def test_relations_chair_of_the_articles_only_group(text, expected):
    assert expected <= plain_relations(text)


def test_relations_chair_needs_a_single_group():
    text = "openGauss 技术委员会与 openGauss 北京用户组。\n\n主席：代立冬"
    assert not {r for r in plain_relations(text) if r[1] == "代立冬"}


def test_relations_maintainer_of_the_articles_only_group():
    text = "# openEuler sig-Lotus Meetup\n\nsig-Lotus 的首次活动。\n\nmaintainer 刘一飞给大家介绍了低时延方案。"
    assert ("member_of", "刘一飞", "sig-Lotus") in plain_relations(text)


def test_relations_from_slots_keep_a_traditional_articles_script():
    text = (
        "## 議程\n\n### 基於 eBPF 的網路觀測\n\n講者：吳磊（藍鯨科技 資深工程師）\n\n吳磊介紹了原理。\n\n"
        "### 資料湖的儲存優化\n\n講者：馮剛（雲帆網路 架構師）\n\n馮剛分享了經驗。\n"
    )
    rels = plain_relations(text)
    assert ("affiliated_with", "吳磊", "藍鯨科技") in rels
    assert not {r for r in rels if r[1] in ("吴磊", "冯刚")}, rels  # no Simplified twin


@pytest.mark.parametrize(
    "text, expected",
    [
        # an agenda table's organisation column, or the speaker cell's bracket
        (
            "| Session | Speaker | Company |\n| --- | --- | --- |\n"
            "| Building Reliable Pipelines | Alex Chen | Example Inc. |\n"
            "| Rust for Data | Maria Garcia | Foo Labs |\n",
            {
                ("affiliated_with", "Alex Chen", "Example Inc."),
                ("affiliated_with", "Maria Garcia", "Foo Labs"),
            },
        ),
        (
            "| 分享人 | 分享内容 |\n| --- | --- |\n| 吴磊（蓝鲸科技） | 基于 Flink 的实时风控实践 |\n"
            "| 冯刚（北京邮电大学） | 数据湖的存储优化 |\n",
            {("affiliated_with", "吴磊", "蓝鲸科技"), ("affiliated_with", "冯刚", "北京邮电大学")},
        ),
    ],
)
def test_relations_from_agenda_tables(text, expected):
    assert expected <= plain_relations(text)


def test_relations_a_bio_cell_is_no_caption_for_the_rows_below():
    text = (
        "| 讲师 | 介绍 |\n| --- | --- |\n| 吴磊 | 蓝鲸科技 高级工程师，Apache Foo PMC 成员 |\n"
        "| 冯刚 | 云帆网络 架构师 |\n"
    )
    rels = plain_relations(text)
    assert ("member_of", "吴磊", "Apache Foo PMC") in rels
    assert ("member_of", "冯刚", "Apache Foo PMC") not in rels


@pytest.mark.parametrize(
    "text, expected",
    [
        # two clauses of one sentence: each person is a member of the group of their clause
        (
            "吴磊是 Apache Foo PMC 成员，冯刚是 Apache Bar PMC 成员。",
            {("member_of", "吴磊", "Apache Foo PMC"), ("member_of", "冯刚", "Apache Bar PMC")},
        ),
        (
            "吴磊是 Apache Foo PMC 成员，冯刚是 Foo PPMC 成员。",
            {("member_of", "吴磊", "Apache Foo PMC"), ("member_of", "冯刚", "Apache Foo PPMC")},
        ),
        # a known company in brackets after a name is the employer, not a nickname
        (
            "- 陈思源（华为）—— Storage SIG\n- 吴磊（阿里巴巴）—— Tools SIG\n",
            {
                ("member_of", "陈思源", "Storage SIG"),
                ("member_of", "吴磊", "Tools SIG"),
            },
        ),
    ],
)
def test_relations_each_clause_keeps_its_own_group(text, expected):
    rels = {r for r in plain_relations(text) if r[0] == "member_of"}
    assert rels == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("吴磊（蓝鲸科技）分享了实时风控的实践。", {("affiliated_with", "吴磊", "蓝鲸科技")}),
        (
            "讲师：吴磊，就职于蓝鲸科技，负责数据平台建设。",
            {("affiliated_with", "吴磊", "蓝鲸科技")},
        ),
        ("分享嘉宾：吴磊 @ 蓝鲸科技", {("affiliated_with", "吴磊", "蓝鲸科技")}),
        ("吴磊 - 蓝鲸科技 - 架构师", {("affiliated_with", "吴磊", "蓝鲸科技")}),
        (
            "蓝鲸科技的吴磊为大家介绍了实时风控的实践。",
            {("affiliated_with", "吴磊", "蓝鲸科技")},
        ),
        # a school one graduated from is no employer
        ("讲师：吴磊，毕业于浙江大学，热爱开源。", set()),
    ],
)
def test_relations_employers_from_bios_and_phrases(text, expected):
    rels = {r for r in plain_relations(text) if r[0] == "affiliated_with"}
    assert rels == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a name card, then a bio paragraph that names no one
        (
            "**吴磊（花名：阿飞）**\n\n现任蓝鲸科技高级技术专家，2014 年加入团队，负责存储引擎。\n",
            {("affiliated_with", "吴磊", "蓝鲸科技")},
        ),
        # a committee named alone among the posts: a seat on it
        (
            "**冯刚**\n\n云帆科技高级工程师，Apache Bar PMC，热爱开源。\n",
            {("affiliated_with", "冯刚", "云帆科技"), ("member_of", "冯刚", "Apache Bar PMC")},
        ),
        (
            "讲师：吴磊，蓝鲸科技工程师，Apache Foo PMC",
            {("affiliated_with", "吴磊", "蓝鲸科技"), ("member_of", "吴磊", "Apache Foo PMC")},
        ),
        # a name as a heading, a photo, then a list of posts
        (
            "### 冯刚\n\n![](https://example.org/a.png)\n\n"
            "Apache Foo 社区 PMC 成员, Apache Bar 社区 PMC 成员, 云帆科技高级技术专家\n",
            {
                ("member_of", "冯刚", "Apache Foo 社区 PMC"),
                ("member_of", "冯刚", "Apache Bar 社区 PMC"),
                ("affiliated_with", "冯刚", "云帆科技"),
            },
        ),
    ],
)
def test_relations_from_a_name_card_and_the_bio_under_it(text, expected):
    assert plain_relations(text) == expected


def test_relations_a_name_card_over_someone_elses_bio():
    rels = plain_relations("**吴磊**\n\n冯刚现任蓝鲸科技高级技术专家。\n")
    assert not {r for r in rels if r[1] == "吴磊"}, rels


@pytest.mark.parametrize(
    "text, expected",
    [
        # a label line 'NAME：ORG ROLE'
        ("孙海峰：蓝鲸科技高级技术专家。", {("affiliated_with", "孙海峰", "蓝鲸科技")}),
        # several committee seats in a row, then the employer
        (
            "孙海峰：Apache Foo PMC 成员，Apache Bar PMC 成员，蓝鲸科技高级技术专家。",
            {
                ("member_of", "孙海峰", "Apache Foo PMC"),
                ("member_of", "孙海峰", "Apache Bar PMC"),
                ("affiliated_with", "孙海峰", "蓝鲸科技"),
            },
        ),
        # a paragraph opening with the name: schools and employers after their verbs,
        # and the ones joined to them by '、'
        (
            "王晓明先生毕业于北京大学，历任甲骨文公司高级经理、网易技术总监等职位。\n",
            {
                ("affiliated_with", "王晓明", "北京大学"),
                ("affiliated_with", "王晓明", "甲骨文公司"),
                ("affiliated_with", "王晓明", "网易"),
            },
        ),
        (
            "李大伟先生有着十年开发经验，曾在 Oracle、IBM 从事虚拟化研发工作。\n",
            {("affiliated_with", "李大伟", "Oracle"), ("affiliated_with", "李大伟", "IBM")},
        ),
        # a card over a bio with more than one sentence; 'PMC Member of A and B'
        (
            "**冯刚**:\n\n![](https://example.org/b.png)\n\n"
            "> 2011年加入阿里巴巴，主导过多个核心系统。目前是 Tech Lead，"
            "PMC Member of Apache Flink and Apache IoTDB\n",
            {
                ("affiliated_with", "冯刚", "阿里巴巴"),
                ("member_of", "冯刚", "Apache Flink PMC"),
                ("member_of", "冯刚", "Apache IoTDB PMC"),
            },
        ),
    ],
)
def test_relations_from_bios_that_open_with_the_name_or_sit_under_a_card(text, expected):
    assert plain_relations(text) == expected


def test_relations_a_bio_names_no_employer_without_its_verb():
    # organisations the person works with or talks about are not their employers
    rels = plain_relations("王晓明介绍了与华为、阿里巴巴合作的经验，并展望了未来。\n")
    assert not {r for r in rels if r[0] == "affiliated_with"}, rels


def test_relations_a_companys_vp_is_no_committee_seat():
    rels = plain_relations("讲师：王一倞，现任 API7 VP，Apache APISIX Contributor。\n")
    assert not {r for r in rels if r[0] == "member_of"}, rels


def test_relations_a_list_of_former_employers():
    rels = plain_relations(
        "王一倞，现任某某科技 VP。曾在好买财富、大智慧、东方购物任职，热爱开源。\n"
    )
    assert {
        ("affiliated_with", "王一倞", "好买财富"),
        ("affiliated_with", "王一倞", "大智慧"),
        ("affiliated_with", "王一倞", "东方购物"),
    } <= rels


def test_relations_a_speaker_label_heading_over_the_bio():
    rels = plain_relations(
        "## 某某项目\n\n### 演讲者：徐一强\n\n某某项目创始人之一，海文互知网络技术有限公司联合创始人，"
        "毕业于清华大学。\n"
    )
    assert {
        ("affiliated_with", "徐一强", "海文互知网络技术有限公司"),
        ("affiliated_with", "徐一强", "清华大学"),
    } <= rels


def test_relations_a_committee_heading_over_its_members():
    rels = plain_relations(
        "## 会议组织委员会 (Committee)\n\n* 赵一圣 (联络人: a@example.org), 高二钊, 干则成, 朱国毅\n\n"
        "## 赞助商 (Sponsors)\n\n* 某某科技\n"
    )
    members = {r[1] for r in rels if r[0] == "member_of" and r[2] == "会议组织委员会"}
    assert members == {"赵一圣", "高二钊", "干则成", "朱国毅"}
