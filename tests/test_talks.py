"""Stage talks: talks and speakers in the common layouts, and the event."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.article import parse_article
from extractor.record import build_record
from extractor.resources import get_resources
from extractor.talks import sentence_at


def talks_of(text: str) -> list[tuple[str, list[str]]]:
    rec = build_record(parse_article(text, doc="t.md"), get_resources())
    return [(t.title, t.speakers) for t in rec.talks]


MEETUP = "---\ntitle: 'X Meetup 北京站回顾'\ndate: '2024-06-01'\n---\n\n2024 年 5 月 20 日，X Meetup 在北京举办。\n\n"


@pytest.mark.parametrize(
    "body, expected",
    [
        # heading "姓名：题目"
        ("## 王建国：云原生实践\n\n王建国介绍了 Kubernetes。", [("云原生实践", ["王建国"])]),
        # heading title, speaker and 《》 title in the body
        (
            "## 编译器优化\n\n浙江大学教授欧阳明辉带来《RISC-V 编译器支持》演讲。",
            [("RISC-V 编译器支持", ["欧阳明辉"])],
        ),
        # label lines: speaker line then title line
        (
            "刘千/杭州思科/大数据工程师\n\n演讲主题：调度系统在 K8S 上的探索\n演讲概要：略。",
            [("调度系统在 K8S 上的探索", ["刘千"])],
        ),
        # numbered "NN-姓名《题目》"
        (
            "01-胡正策《开场致辞》\n\n02-朱承廉《数据库替换》",
            [("开场致辞", ["胡正策"]), ("数据库替换", ["朱承廉"])],
        ),
        # several speakers of one talk
        (
            "天翼云高级产品经理张涛和统信软件产品总监李小平共同带来《操作系统创新实践》的主题分享。",
            [("操作系统创新实践", ["张涛", "李小平"])],
        ),
        # an agenda table
        (
            "| 时间 | 议题 | 嘉宾 |\n|---|---|---|\n| 14:00 | 开源治理 | 陈思宇 |\n| 14:30 | 内核调度 | 余昇锦 |",
            [("开源治理", ["陈思宇"]), ("内核调度", ["余昇锦"])],
        ),
        # a speaker label set as a heading, the title on a label line under it
        (
            "## 讲者：陈大文｜香港科技大学 助理教授\n\n题目：基于 RISC-V 的可信执行环境\n\n陈大文介绍了研究。",
            [("基于 RISC-V 的可信执行环境", ["陈大文"])],
        ),
        # agenda lines: time, 《title》, speaker, company
        (
            "- 14:00-14:30 《云原生网关选型》 王晓峰 蚂蚁集团\n- 14:30-15:00 《平台建设》 赵明 字节跳动",
            [("云原生网关选型", ["王晓峰"]), ("平台建设", ["赵明"])],
        ),
        # a forum in 《》 is not a talk
        ("在《数字金融的双向奔赴》分论坛上，委员李明先生分享了生态成果。", []),
        # a greeting named only by its kind
        ("基金会秘书长助理李博在欢迎辞中表示，感谢大家。", [("欢迎辞", ["李博"])]),
        # ... not the moment of the opening
        ("活动由管委会成员田蕾主持。田蕾在开场时提到，开源很好。", []),
        # ... with the occasion between the name and the greeting
        ("活动伊始，云数科技架构师张明远进行活动开场致辞。", [("开场致辞", ["张明远"])]),
        ("研究所项目经理赵一凡为本次主题活动开场，并介绍流程。", [("开场", ["赵一凡"])]),
        ("最后，研究所所长钱立群对本次Workshop进行总结致辞。", [("总结致辞", ["钱立群"])]),
        # a short sentence that is all topic, by the given name alone after the full name
        (
            "华为专家刘新良表示，论坛很成功。\n\n新良分享了Lustre对操作系统的启用及版本状态。",
            [("Lustre对操作系统的启用及版本状态", ["刘新良"])],
        ),
        # ... after the roles that introduce the speaker, up to the clause that goes on
        (
            "社区内核专家卢景明，展示了AgentOS如何将大模型引入操作系统，探索智能管理新范式。",
            [("AgentOS如何将大模型引入操作系统", ["卢景明"])],
        ),
        # ... not when someone else is the subject
        ("会上王立新邀请华为专家卢景明，展示了AgentOS如何将大模型引入操作系统。", []),
        # ... not when the sentence goes on, nor a pronoun object
        ("华为专家刘新良表示，论坛很成功。\n\n新良分享了他们的经验，大家很认同。", []),
        # list items: a name, its affiliation in brackets, the title; a title, a dash, the name
        (
            "- 钱若愚（浙江大学博士生）：《用 Rust 写模拟器》\n- Lena Hoffmann（game developer）: Bevy on the Web",
            [("用 Rust 写模拟器", ["钱若愚"]), ("Bevy on the Web", ["Lena Hoffmann"])],
        ),
        (
            "**1. 多租户 GitOps 的三个技巧** —— 孟佳，蔚来汽车 平台工程师",
            [("多租户 GitOps 的三个技巧", ["孟佳"])],
        ),
        # a heading, then the talk's own title in 「」 under it: one talk, titled by the quote
        (
            "### 🔹 LTS 新特性\n\nPingCAP 架构师苏逸飞为大家带来了题为「从 7.5 到 8.1：LTS 版本深度解读」的分享。",
            [("从 7.5 到 8.1：LTS 版本深度解读", ["苏逸飞"])],
        ),
        # an agenda row and the section of the same speaker: one talk, the longer title
        (
            "| 议题 | 题目 | 分享嘉宾 |\n|---|---|---|\n"
            "| 议题二 | A-Tune：基于机器学习的智能调优 | 欧阳明轩 西安电子科技大学 博士 |\n\n"
            "## 议题二：A-Tune 智能调优\n\n博士研究生欧阳明轩介绍了 A-Tune。",
            [("A-Tune：基于机器学习的智能调优", ["欧阳明轩"])],
        ),
        # a course or a slogan in quotes is not a talk
        (
            "## 用 eBPF 看懂网络\n\n梁嘉伟介绍了课程。梁嘉伟分享了他在《操作系统》课程中设计的实验。",
            [("用 eBPF 看懂网络", ["梁嘉伟"])],
        ),
        ("院长陈立新在致辞中表示，澳门正推动「1+4」发展策略。", [("致辞", ["陈立新"])]),
        # a heading that only numbers the session, the title on a bold line under it
        (
            "## 【分享一】\n\n**调度系统 3.2 新特性解读**\n\n嘉宾：孙浩然｜白鲸开源 高级工程师",
            [("调度系统 3.2 新特性解读", ["孙浩然"])],
        ),
        (
            "## Part 1 | 社区进展\n\n**《数据引擎 1.5 新特性与路线图》**\n\n分享嘉宾：胡文博，华为架构师",
            [("数据引擎 1.5 新特性与路线图", ["胡文博"])],
        ),
        # a roundtable's heading: the people of its first sentence, without a speech verb
        (
            "## 圆桌论坛：AI 时代的内核演进\n\n在圆桌环节，任志远博士与多位专家齐聚一堂。",
            [("AI 时代的内核演进", ["任志远"])],
        ),
        # ... the panellists listed after it, without the moderator
        (
            "## 圆桌讨论：开源桌面的生态之路\n\n圆桌环节由刘楚瑜主持，三位嘉宾参与讨论：\n\n"
            "- 邱明哲（统信软件 总架构师）\n- 谢岚（武汉大学 副教授）\n- 阮志诚（赛昉科技 工程师）",
            [("开源桌面的生态之路", ["邱明哲", "谢岚", "阮志诚"])],
        ),
        (
            "## 圆桌讨论：技术还是组织？\n\n主持人：何书瑶（青云科技 运营经理）\n\n嘉宾：\n\n"
            "周启航（吉利汽车 架构师）\n\n宋岩（浙江大学 博士生）",
            [("技术还是组织？", ["周启航", "宋岩"])],
        ),
        # ... a plain heading still needs the person to speak
        ("## AI 时代的内核演进\n\n任志远博士与多位专家齐聚一堂。", []),
        # an announced talk: its title, then the abstract, speaker not named yet
        (
            "**基于Ceph的自动化调优方案**\n\n议题简介：本次报告将介绍调优工具。",
            [("基于Ceph的自动化调优方案", [])],
        ),
    ],
)
def test_talks_layouts(body, expected):
    assert talks_of(MEETUP + body) == expected


def test_talks_sentence_at():
    text = "第一句。第二句有名字！第三句"
    s, e = sentence_at(text, 6, 8)
    assert text[s:e] == "第二句有名字！"


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet="ab张。！？!?；;，\n", max_size=30),
    start=st.integers(-2, 32),
    length=st.integers(0, 5),
)
def test_talks_sentence_at_matches_a_scan_of_end_marks(text, start, length):
    marks = re.compile(r"[。！？!?；;]")
    s = 0
    for m in marks.finditer(text, 0, start):
        s = m.end()
    m = marks.search(text, start + length)
    assert sentence_at(text, start, start + length) == (s, m.end() if m else len(text))


@pytest.mark.parametrize(
    "body, expected",
    [
        # a roundtable's heading: the moderator's label above the panellists' label
        (
            "## 圆桌对话：开源数据库的下一个十年\n\n主持人：赵强\n\n对话嘉宾：刘洋、孙悦、周杰\n\n三位嘉宾分享了看法。",
            [("开源数据库的下一个十年", ["刘洋", "孙悦", "周杰"])],
        ),
        # a roundtable told in one sentence, the moderator left out
        (
            "本次活动的圆桌讨论环节由主持人王立新主持，嘉宾张伟（星云科技 CTO）、李娜（某某大学 教授）、"
            "陈浩（开源中国 社区经理）围绕“开源社区的可持续发展”展开讨论。",
            [("圆桌讨论：开源社区的可持续发展", ["张伟", "李娜", "陈浩"])],
        ),
        # a roundtable's caption, then another list of people: not its panellists
        (
            "各位专家还带来了一场圆桌论坛，就人才培养展开讨论。\n\n**圆桌论坛**\n\n"
            "此次活动上还成立了长沙用户组。\n\n**长沙用户组成员：**\n\n"
            ". Organizer 某某创新中心 COO 旷俊\n\n. Member 某某大学 副院长 奎晓燕",
            [],
        ),
        # the moderator named in one sentence, the panellists before the word for them
        (
            "## 圆桌对话\n\n本次圆桌对话由王立新主持，张伟、李娜、陈浩三位嘉宾参与讨论。",
            [("圆桌对话", ["张伟", "李娜", "陈浩"])],
        ),
        # English labels
        (
            "## Panel: The Future of Open Source\n\nModerator: John Smith\n\n"
            "Panelists: Alex Chen (Example Inc.), Maria Garcia (Foo Labs), Wei Zhang (Bar Corp)",
            [("The Future of Open Source", ["Alex Chen", "Maria Garcia", "Wei Zhang"])],
        ),
        # a label with a note in brackets
        (
            "### 圆桌讨论\n\n![](a.png)\n\n圆桌嘉宾（从左至右）：王立新、张伟、李娜、陈浩",
            [("圆桌讨论", ["王立新", "张伟", "李娜", "陈浩"])],
        ),
        # a bold title over a list of labels
        (
            "**圆桌环节：AI 时代的数据库**\n\n- 主持人：王立新\n- 嘉宾：张伟、李娜、陈浩",
            [("AI 时代的数据库", ["张伟", "李娜", "陈浩"])],
        ),
        # the roundtable in one sentence, its people in the next
        (
            "活动最后是主题为“高校学子如何参与开源”的圆桌对话。王立新担任主持，张伟、李娜、陈浩三位嘉宾参与讨论。",
            [("圆桌对话", ["张伟", "李娜", "陈浩"])],
        ),
    ],
)
def test_talks_roundtables(body, expected):
    assert talks_of(MEETUP + body) == expected


@pytest.mark.parametrize(
    "body, expected",
    [
        # a card's label lines are neither titles nor talks; its number ("01") no part of the title
        (
            "### 01 基于 Flink 的实时风控实践\n\n**分享嘉宾**：吴磊\n\n**嘉宾介绍**：蓝鲸科技 高级工程师\n\n"
            "**内容简介**：介绍实时风控。\n\n### 02 数据湖的存储优化\n\n**分享嘉宾**：冯刚\n\n"
            "**嘉宾介绍**：云帆网络 架构师\n\n**内容简介**：介绍存储优化。",
            [("基于 Flink 的实时风控实践", ["吴磊"]), ("数据湖的存储优化", ["冯刚"])],
        ),
        # bold cards: title, photo, name, bio; the bio line is no title
        (
            "**主题：基于 Flink 的实时风控实践**\n\n![](a.png)\n\n**吴磊**\n\n**蓝鲸科技 高级工程师**\n\n"
            "**议题简介：**介绍实时风控。\n\n**主题：数据湖的存储优化**\n\n![](b.png)\n\n**冯刚**\n\n"
            "**云帆网络 架构师**\n\n**议题简介：**介绍存储优化。",
            [("基于 Flink 的实时风控实践", ["吴磊"]), ("数据湖的存储优化", ["冯刚"])],
        ),
        # a bold 'speaker｜title' line over the talk's summary
        (
            "**吴磊｜基于 Flink 的实时风控实践**\n\n吴磊介绍了实时风控。\n\n"
            "**冯刚｜数据湖的存储优化**\n\n冯刚介绍了存储优化。",
            [("基于 Flink 的实时风控实践", ["吴磊"]), ("数据湖的存储优化", ["冯刚"])],
        ),
        # ... but 'speaker｜company' is a card
        (
            "**吴磊｜蓝鲸科技有限公司**\n\n吴磊介绍了《实时风控实践》。",
            [("实时风控实践", ["吴磊"])],
        ),
        # captions: '▲ NAME正在分享《TITLE》'
        (
            "▲ 吴磊正在分享《基于 Flink 的实时风控实践》\n\n▲ 冯刚正在分享《数据湖的存储优化》",
            [("基于 Flink 的实时风控实践", ["吴磊"]), ("数据湖的存储优化", ["冯刚"])],
        ),
        # two talks in one sentence: each title goes to the people named since the last one
        (
            "吴磊老师为大家带来了主题为“基于 Flink 的实时风控实践”的分享，随后冯刚老师以“数据湖的存储优化”为题进行了分享。",
            [("基于 Flink 的实时风控实践", ["吴磊"]), ("数据湖的存储优化", ["冯刚"])],
        ),
    ],
)
def test_talks_cards_bars_and_captions(body, expected):
    assert talks_of(MEETUP + body) == expected


def test_talks_label_lines_wrapped_into_one_paragraph():
    # a soft line break before a label keeps the lines apart: '【议题一】题目' / '讲师：张三 …'
    body = (
        "【议题一】基于 Flink 的实时风控实践\n讲师：吴磊 蓝鲸科技 高级工程师\n\n"
        "【议题二】数据湖的存储优化\n讲师：冯刚 云帆网络 架构师\n"
    )
    assert talks_of(MEETUP + body) == [
        ("基于 Flink 的实时风控实践", ["吴磊"]),
        ("数据湖的存储优化", ["冯刚"]),
    ]


@pytest.mark.parametrize(
    "body, expected",
    [
        # title, then speaker: a speaker's line as near to the next title goes with its own
        (
            "**Session 1: Building Reliable Pipelines**\nSpeaker: Alex Chen, Example Inc.\n\n"
            "**Session 2: Rust for Data**\nSpeaker: Maria Garcia, Foo Labs",
            [("Building Reliable Pipelines", ["Alex Chen"]), ("Rust for Data", ["Maria Garcia"])],
        ),
        # speaker, then title
        (
            "讲师：吴磊\n演讲主题：基于 Flink 的实时风控实践\n\n讲师：冯刚\n演讲主题：数据湖的存储优化",
            [("基于 Flink 的实时风控实践", ["吴磊"]), ("数据湖的存储优化", ["冯刚"])],
        ),
    ],
)
def test_talks_label_cards_in_either_order(body, expected):
    assert talks_of(MEETUP + body) == expected


def test_talks_numbered_bold_titles_over_prose():
    body = (
        "**1. 基于 Flink 的实时风控实践**\n\n蓝鲸科技高级工程师吴磊带来了这一分享，介绍了规则引擎的设计。\n\n"
        "**2. 数据湖的存储优化**\n\n云帆网络架构师冯刚介绍了存储优化的经验。"
    )
    assert talks_of(MEETUP + body) == [
        ("基于 Flink 的实时风控实践", ["吴磊"]),
        ("数据湖的存储优化", ["冯刚"]),
    ]


@pytest.mark.parametrize(
    "body, expected",
    [
        # numbered bold cards: the number, the title, then 'NAME ORG ROLE'
        (
            "**01**\n\n**基于 Flink 的实时风控实践**\n\n吴磊 蓝鲸科技工程师\n\n"
            "**02**\n\n**数据湖的存储优化**\n\n冯刚 云帆网络架构师",
            [("基于 Flink 的实时风控实践", ["吴磊"]), ("数据湖的存储优化", ["冯刚"])],
        ),
        # a narrated programme with the title after '主题是'
        (
            "第一个分享来自蓝鲸科技的吴磊，主题是基于 Flink 的实时风控实践。"
            "第二个分享来自云帆网络的冯刚，主题是数据湖的存储优化。",
            [("基于 Flink 的实时风控实践", ["吴磊"]), ("数据湖的存储优化", ["冯刚"])],
        ),
        # numbered lines of one paragraph, no list marks
        (
            "1）基于 Flink 的实时风控实践——吴磊\n2）数据湖的存储优化——冯刚",
            [("基于 Flink 的实时风控实践", ["吴磊"]), ("数据湖的存储优化", ["冯刚"])],
        ),
    ],
)
def test_talks_numbered_cards_and_topics(body, expected):
    assert talks_of(MEETUP + body) == expected


def test_talks_bold_titles_each_keep_the_speakers_under_them():
    # a series tag and an issue number before each title; the first talk names nobody,
    # so the second talk's speakers must not move up to it
    body = (
        "**【Example Infra Meetup】No.146** **查询优化器的现在和未来**\n\n"
        "优化器如何保证稳定性？本期我们邀请了两位工程师分享。\n\n"
        "**【Example Infra Meetup】No.148 深入解读列式存储引擎**\n\n"
        "我们邀请到了蓝鲸科技联合创始人吴磊、首席布道师冯刚与大家分享列式引擎的前世今生。"
    )
    assert talks_of(MEETUP + body) == [("深入解读列式存储引擎", ["吴磊", "冯刚"])]


@pytest.mark.parametrize(
    "body, expected",
    [
        # the organisation glued to the name in a speaker label's slot
        (
            "### 实时风控实践\n\n分享嘉宾：蓝鲸科技工程师吴磊与云帆网络架构师冯刚\n\n"
            "### 数据湖优化\n\n分享嘉宾：云帆网络陈静\n",
            [("实时风控实践", ["吴磊", "冯刚"]), ("数据湖优化", ["陈静"])],
        ),
        # a card of one 'NAME BIO' line per speaker under a bold title
        (
            "**实时风控实践**\n\n吴磊 蓝鲸科技工程师\n冯刚 云帆网络架构师\n\n"
            "**数据湖优化**\n\n陈静 某某大学教授\n",
            [("实时风控实践", ["吴磊", "冯刚"]), ("数据湖优化", ["陈静"])],
        ),
        # timed rows with two speakers joined by '&'
        (
            "14:00-14:40 实时风控实践 吴磊 & 冯刚 蓝鲸科技\n\n14:40-15:20 数据湖优化 陈静 某某大学\n",
            [("实时风控实践", ["吴磊", "冯刚"]), ("数据湖优化", ["陈静"])],
        ),
        # English programme lines numbered 'Talk N:'
        (
            "Talk 1: Real-time risk control — Alice Wang & Bob Li (Example Corp)\n\n"
            "Talk 2: Lakehouse tuning — Carol Zhang (Sample Labs)\n",
            [
                ("Real-time risk control", ["Alice Wang", "Bob Li"]),
                ("Lakehouse tuning", ["Carol Zhang"]),
            ],
        ),
    ],
)
def test_talks_every_speaker_of_a_shared_talk(body, expected):
    assert sorted(talks_of(MEETUP + body)) == sorted(expected)


@pytest.mark.parametrize(
    "body, expected",
    [
        # speaker first, a bio line between the speaker and the title after it
        (
            "讲师：吴磊\n\n吴磊是 Apache Foo PMC 成员。\n\n议题：云原生的未来\n\n"
            "讲师：冯刚\n\n冯刚是 Apache Bar Committer。\n\n议题：Kafka 的规模化实践\n",
            [("云原生的未来", ["吴磊"]), ("Kafka 的规模化实践", ["冯刚"])],
        ),
        # the event's own '主题：' above the cards does not turn the cards around
        (
            "## 活动简介\n\n主题：用户实践分享\n\n时间：2024年5月20日\n\n## 议题介绍\n\n"
            "吴磊/蓝鲸科技/工程师\n\n演讲主题：实时风控的实践\n\n演讲概要：介绍风控。\n\n"
            "冯刚/云帆网络/架构师\n\n演讲主题：数据湖的存储优化\n\n演讲概要：介绍存储。\n",
            [("实时风控的实践", ["吴磊"]), ("数据湖的存储优化", ["冯刚"])],
        ),
        # an English agenda list: 'TITLE by NAME, ORG'
        (
            "## Agenda\n\n- **The Future of Cloud Native** by Alice Wang, Example Corp\n"
            "- **Scaling Kafka at Sample** by Bob Li (Sample Labs)\n",
            [
                ("The Future of Cloud Native", ["Alice Wang"]),
                ("Scaling Kafka at Sample", ["Bob Li"]),
            ],
        ),
    ],
)
def test_talks_speaker_first_cards_and_english_agendas(body, expected):
    assert sorted(talks_of(MEETUP + body)) == sorted(expected)


def test_talks_a_line_over_the_moderator_is_no_title():
    body = "复制该信息，打开会议软件即可参与\n\n主持人：吴磊\n\n会议介绍了社区的进展。\n"
    assert talks_of(MEETUP + body) == []


def test_talks_a_bold_list_of_partners_is_no_title():
    body = (
        "**首批加入的合作伙伴有：蓝鲸科技、云帆网络、某某数据、某某智能、某某软件**\n\n"
        "云帆网络总经理吴磊表示，社区将继续发展。\n"
    )
    assert talks_of(MEETUP + body) == []


def test_talks_the_moderator_of_a_section_and_a_remark_are_no_talk():
    body = (
        "# Foo 夜谈本月汇总\n\n- 主持人：DevCat\n- 后期编辑：高一凤\n\n"
        "本月共举办了两期夜谈，欢迎回看。\n\n"
        "## 待办事项\n\n- 整理压测文档。@季一涛\n\n"
        "感觉仅仅在 TDD 实施这个角度,就值得多讲几次了.\n\n"
        "最后是极简工程师吴磊分享自己独有的技术理解。\n"
    )
    titles = [t for t, _ in talks_of(MEETUP + body)]
    assert "Foo 夜谈本月汇总" not in titles
    assert "待办事项" not in titles
    assert not any("TDD" in t for t in titles)


def test_talks_bold_titles_with_their_speaker_after_by():
    md = (
        "## 会议简报\n\n**某某数据库--一个开源数据库 --by Grant Zhou**\n\n介绍了数据库。\n\n"
        "**非关系型 Postgres --by Bruce Momjian**\n\n介绍了文档。\n"
    )
    assert talks_of(md) == [
        ("某某数据库--一个开源数据库", ["Grant Zhou"]),
        ("非关系型 Postgres", ["Bruce Momjian"]),
    ]


def test_talks_a_panel_cell_without_its_moderator():
    md = (
        "| 时间 | 议题 | 嘉宾 |\n| --- | --- | --- |\n| 14:00 | 云原生存储实践 | 张立军 |\n"
        "| 15:00 | 圆桌讨论：开源社区的未来 | 主持：王小川；嘉宾：刘思远、陈一鸣、李晓红 |\n"
    )
    assert talks_of(MEETUP + md) == [
        ("云原生存储实践", ["张立军"]),
        ("圆桌讨论：开源社区的未来", ["刘思远", "陈一鸣", "李晓红"]),
    ]


def test_talks_a_panel_photo_caption_names_the_panellists():
    md = "### 圆桌讨论\n\n![](a.png)\n\n从左至右依次为：张立军、刘思远、陈一鸣、李晓红\n"
    assert talks_of(MEETUP + md) == [("圆桌讨论", ["张立军", "刘思远", "陈一鸣", "李晓红"])]


def test_talks_an_invited_speaker_and_the_event_heading_is_no_talk():
    md = (
        "---\ntitle: 某某开发者 MeetUp顺利举行\ndate: 2022-08-10\n---\n\n# 某某开发者 MeetUp顺利举行\n\n"
        "## 某某开发者 MeetUp\n\n近期，某某云在杭州举办了某某开发者 Meetup，并且有幸邀请到了禾连健康的"
        "CTO--邓志豪大佬来分享 微服务体系在禾连健康的落地应用。欢迎观看回放。\n"
    )
    assert talks_of(md) == [("微服务体系在禾连健康的落地应用", ["邓志豪"])]


def test_talks_an_english_panel_told_in_prose():
    md = (
        "## Talks\n\n### Building Pipelines with Flink\n\nJohn Miller, Senior Engineer at Globex, "
        "shared how his team builds streaming pipelines.\n\n### Panel: The Future of Open Source\n\n"
        "Moderated by Alice Wang, the panel featured David Chen (Acme), Maria Garcia (Umbrella) "
        "and Kenji Sato (Hooli).\n"
    )
    rec = build_record(parse_article(MEETUP + md, doc="t.md"), get_resources())
    talks = {t.title: t.speakers for t in rec.talks}
    assert talks["The Future of Open Source"] == ["David Chen", "Maria Garcia", "Kenji Sato"]
    assert "Alice Wang" in {e.name for e in rec.entities if e.type == "Person"}
    assert ("John Miller", "Globex") in {
        (r.source, r.target) for r in rec.relations if r.type == "affiliated_with"
    }
