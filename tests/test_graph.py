"""records_to_graph: one node per entity across articles, and the schema the other stages read."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.graph import (
    COMPACT_FORMAT,
    DERIVED_RELATIONS,
    derived_edges,
    graph_from_json,
    graph_to_compact,
    graph_to_json,
    match_key,
    read_json,
    records_to_graph,
    strip_sig,
    topic_key,
    with_derived,
    write_json,
)
from extractor.model import DocumentRecord, Entity, Event, Evidence, Relation, Talk


def doc(name: str, *entities: Entity, event: Event | None = None, talks=()) -> DocumentRecord:
    return DocumentRecord(name, event, list(talks), list(entities), [])


def assert_same_graph(back, g) -> None:
    """Same nodes, edges (in the same order) and graph attributes, evidence included."""
    assert list(back.nodes(data=True)) == list(g.nodes(data=True))
    assert list(back.edges(keys=True, data=True)) == list(g.edges(keys=True, data=True))
    assert back.graph == g.graph


def nodes_of(g, type_: str) -> list[str]:
    return sorted(n for n, t in g.nodes(data="type") if t == type_)


@pytest.mark.parametrize(
    "a, b, merged",
    [
        ("侯明永", "侯明永", True),
        ("Mingyong Hou", "mingyong-hou", True),
        ("Mingyong Hou", "Hou Mingyong", True),  # romanised names swap order
        ("郑振宇", "鄭振宇", True),  # Traditional script
        ("张伟", "张三", False),  # same surname
        ("王伟", "张伟", False),  # same given name
        ("Kevin Zhao", "Kevin Wang", False),
        ("Kevin Zhao", "Zhao Kevin Li", False),
    ],
)
def test_graph_people_merge_by_name(a, b, merged):
    g = records_to_graph([doc("a.md", Entity("Person", a)), doc("b.md", Entity("Person", b))])
    assert (len(nodes_of(g, "Person")) == 1) is merged


def test_graph_partial_name_alias_does_not_merge_people():
    g = records_to_graph(
        [
            doc("a.md", Entity("Person", "Kevin Zhao", ["Kevin"])),
            doc("b.md", Entity("Person", "Kevin")),
            doc("c.md", Entity("Person", "侯明永", ["侯"])),
            doc("d.md", Entity("Person", "侯")),
        ]
    )
    assert nodes_of(g, "Person") == [
        "Person:kevin",
        "Person:kevinzhao",
        "Person:侯",
        "Person:侯明永",
    ]
    assert g.nodes["Person:kevinzhao"]["aliases"] == ["Kevin"]  # kept for display


def test_graph_same_person_map_merges_and_keeps_alias():
    g = records_to_graph(
        [doc("a.md", Entity("Person", "侯明永")), doc("b.md", Entity("Person", "Mingyong Hou"))],
        same_person={"mingyonghou": "侯明永"},
    )
    assert nodes_of(g, "Person") == ["Person:侯明永"]
    assert g.nodes["Person:侯明永"]["aliases"] == ["Mingyong Hou"]
    assert g.nodes["Person:侯明永"]["docs"] == ["a.md", "b.md"]


def test_graph_entities_merge_by_alias_across_articles():
    g = records_to_graph(
        [
            doc("a.md", Entity("SIG", "sig-confidential-computing", ["机密计算 SIG"])),
            doc("b.md", Entity("SIG", "机密计算SIG")),
            doc("c.md", Entity("Project", "Kata Containers", ["Kata"])),
            doc("d.md", Entity("Project", "kata-containers")),
        ]
    )
    assert nodes_of(g, "SIG") == ["SIG:sigconfidentialcomputing"]
    assert g.nodes["SIG:sigconfidentialcomputing"]["aliases"] == ["机密计算 SIG", "机密计算SIG"]
    assert nodes_of(g, "Project") == ["Project:katacontainers"]


def test_graph_same_name_different_types_stay_apart():
    g = records_to_graph(
        [doc("a.md", Entity("Project", "openEuler"), Entity("Organization", "openEuler"))]
    )
    assert sorted(g.nodes) == ["Organization:openeuler", "Project:openeuler"]


def test_graph_event_recaps_merge_but_editions_stay_apart():
    t = Talk("开源之路", ["张三"])
    g = records_to_graph(
        [
            doc("a.md", event=Event("Rust Meetup 北京站", "2024-05-10"), talks=[t]),
            doc("b.md", event=Event("活动回顾 | Rust Meetup 北京站", "2024-05-10"), talks=[t]),
            doc("c.md", event=Event("Rust Meetup 北京站", "2025-05-10"), talks=[t]),
        ]
    )
    assert nodes_of(g, "Event") == [
        "Event:rustmeetup北京站|2024-05-10",
        "Event:rustmeetup北京站|2025-05-10",
    ]
    assert g.nodes["Event:rustmeetup北京站|2024-05-10"]["docs"] == ["a.md", "b.md"]
    assert len(nodes_of(g, "Talk")) == 2
    assert g.nodes["Person:张三"]["events"] == nodes_of(g, "Event")


def test_graph_docs_metadata_and_talk_speakers_use_canonical_names():
    r = DocumentRecord(
        "2025/20250704-x.md",
        Event("X", None),
        [Talk("T", ["Mingyong Hou"])],
        [Entity("Person", "Mingyong Hou")],
        [],
        title="X 回顾",
    )
    g = records_to_graph([r], same_person={"mingyonghou": "侯明永"})
    assert g.graph["docs"] == {
        "2025/20250704-x.md": {
            "title": "X 回顾",
            "published": "",
            "date": "2025-07-04",
            "event": "Event:x|",
        }
    }
    assert g.nodes["Talk:x||t"]["speakers"] == ["侯明永"]


def test_graph_keys():
    assert match_key("機密計算 SIG") == match_key("机密计算sig")
    assert topic_key("sig-机密计算") == topic_key("机密计算 SIG") == "机密计算"
    assert topic_key("openEuler RISC-V 兴趣组") == "openeulerriscv"
    assert strip_sig("Signal") == "Signal" and topic_key("SIGMOD") == "sigmod"


def test_graph_relations_and_evidence():
    ev = Evidence("a.md", "侯明永是 SIG 成员。", 3, 14)
    r = DocumentRecord(
        "a.md",
        None,
        [],
        [Entity("Person", "侯明永"), Entity("SIG", "sig-cc")],
        [Relation("member_of", "侯明永", "sig-cc", evidence=ev)],
    )
    g = records_to_graph([r, r])
    data = g.edges["Person:侯明永", "SIG:sigcc", "member_of"]
    assert data["evidence"] == [ev.to_dict()] and data["docs"] == ["a.md"]


names = st.text(alphabet="张王李明永侯AbcK -·", min_size=1, max_size=6).filter(
    lambda s: match_key(s)
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(names, st.lists(names, max_size=2)), min_size=1, max_size=6))
def test_graph_json_round_trip_property(people):
    recs = [
        DocumentRecord(
            f"d{i}.md",
            Event(f"E{i % 2}", "2024-01-0" + str(1 + i % 2)),
            [Talk(f"T{i}", [n])],
            [Entity("Person", n, als)],
            [],
        )
        for i, (n, als) in enumerate(people)
    ]
    g = records_to_graph(recs)
    for data in (graph_to_json(g), graph_to_compact(g)):
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
        back = graph_from_json(json.loads(text))
        assert_same_graph(back, g)
    # every talk's speaker is a node
    for t, d in g.nodes(data=True):
        if d["type"] == "Talk":
            labels = {g.nodes[p]["label"] for p, _, k in g.in_edges(t, keys=True) if k == "gives"}
            assert set(d["speakers"]) == labels


def test_graph_topics_become_nodes_like_entities():
    rec = doc("a.md", Entity("Technology", "eBPF"))
    rec.topics = [Entity("Technology", "沙箱", ["Sandbox"])]
    g = records_to_graph([rec])
    assert nodes_of(g, "Technology") == ["Technology:ebpf", "Technology:沙箱"]
    assert g.nodes["Technology:沙箱"]["aliases"] == ["Sandbox"]


def test_graph_assembled_as_networkx_would_add_it():
    # records_to_graph fills networkx's adjacency dicts itself; the result must be
    # the graph that add_nodes_from / add_edges_from give, in the same order
    ev = Evidence("b.md", "张三来自华为。", 0, 7)
    recs = [
        DocumentRecord(
            f"{name}.md",
            Event("Rust Meetup", date, "北京", ["华为"]),
            [Talk("开源之路", ["张三", "Li Si"], ev, [("Technology", "RISC-V")])],
            [Entity("Person", "张三", ["Zhang San"]), Entity("Organization", "华为")],
            [Relation("affiliated_with", "张三", "华为", evidence=ev)],
        )
        for name, date in (("b", "2024-05-10"), ("a", "2025-01-02"), ("c", "2024-05-10"))
    ]
    g = records_to_graph(recs)
    h = nx.MultiDiGraph()
    h.add_nodes_from(g.nodes(data=True))
    h.add_edges_from(g.edges(keys=True, data=True))
    assert list(g.nodes(data=True)) == list(h.nodes(data=True))
    assert list(g.edges(keys=True, data=True)) == list(h.edges(keys=True, data=True))
    assert [list(g.pred[n]) for n in g] == [list(h.pred[n]) for n in h]
    assert all(g._succ[u][v] is g._pred[v][u] for u, v in g.edges())  # one key dict
    assert list(g.edges) == sorted(g.edges)
    assert g.edges["Person:张三", "Organization:华为", "affiliated_with"]["docs"] == [
        "a.md",
        "b.md",
        "c.md",
    ]


@pytest.mark.parametrize(
    "value",
    ["a&b<c>\"d'", "x\x01y\ufffe\tz", ["<a>"], [], ["a", "b&"], {"k": "<v>"}, None, 3, True, 1.5]
    + [[{"doc": "a&b", "sentence": '"引号"'}]],
)
def test_graph_graphml_text_escaped_as_saxutils_does(value):
    from xml.sax.saxutils import escape

    from extractor.graph import _XmlText

    flat = value
    if isinstance(value, (list, dict)):
        flat = json.dumps(value, ensure_ascii=False, sort_keys=True)
    elif value is None:
        flat = ""
    expected = escape(
        re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", str(flat)), {'"': "&quot;"}
    )
    text = _XmlText()
    assert text(value) == expected
    assert text(value) == expected  # remembered


def test_graph_write_json_lines_are_json_dumps_of_each_edge(tmp_path):
    from extractor.graph import write_json

    ev = Evidence("a.md", 'say "<hi>"', 0, 3)
    r = DocumentRecord(
        "a.md",
        Event("X", "2025-01-02", "北京"),
        [Talk("T", ["张三"], ev)],
        [Entity("Person", "张三", ["Zhang San"])],
        [],
    )
    g = records_to_graph([r])
    g.add_edge("Person:张三", "Location:北京", key="visits", note=["a", "b"])  # other attributes
    write_json(g, tmp_path / "g.json", compact=False)
    text = (tmp_path / "g.json").read_text(encoding="utf-8")
    lines = text.split("\n")
    for (u, v, k, d), line in zip(g.edges(keys=True, data=True), lines[2:], strict=False):
        expected = json.dumps(
            {**d, "source": u, "target": v, "key": k}, ensure_ascii=False, sort_keys=True
        )
        assert line.removesuffix("],").removesuffix(",") == expected
    assert json.loads(text) == json.loads(json.dumps(graph_to_json(g), sort_keys=True))


# ---------------------------------------------- issue 15: derived relations, evidence


def _meetup() -> DocumentRecord:
    ev1 = Evidence("m.md", "张三和李四分享了《机密计算实践》。", 0, 18)
    ev2 = Evidence("m.md", "张三是 Kernel SIG 成员。", 30, 46)
    return DocumentRecord(
        "m.md",
        Event("M", "2025-01-01", "北京"),
        [
            Talk(
                "机密计算实践",
                ["张三", "李四"],
                ev1,
                [("Technology", "机密计算"), ("SIG", "Kernel")],
            ),
            Talk("内核调度", ["王五"], Evidence("m.md", "王五分享了《内核调度》。", 60, 72)),
        ],
        [
            Entity("Person", "张三"),
            Entity("Person", "李四"),
            Entity("Person", "王五"),
            Entity("Person", "赵六"),
            Entity("Technology", "机密计算"),
            Entity("SIG", "Kernel", evidence=[ev2]),
        ],
        [
            Relation("member_of", "张三", "Kernel", evidence=ev2),
            Relation("member_of", "王五", "Kernel", evidence=ev2),
            Relation("member_of", "赵六", "Kernel", evidence=ev2),
        ],
    )


def test_graph_derived_edges_spoke_about_and_works_with():
    g = records_to_graph([_meetup()])
    found = {(u, k, v): d for u, v, k, d in derived_edges(g)}
    talk = "Talk:m|2025-01-01|机密计算实践"
    for p in ("Person:张三", "Person:李四"):
        d = found[(p, "spoke_about", "Technology:机密计算")]
        assert d["via"] == [talk] and d["docs"] == ["m.md"]
        assert d["evidence"][0]["sentence"] == "张三和李四分享了《机密计算实践》。"
    assert found[("Person:张三", "works_with", "Person:李四")]["via"] == [talk]
    assert found[("Person:张三", "works_with", "Person:王五")]["via"] == ["SIG:kernel"]
    # a member who gave no talk is a name on a roster, not a collaborator
    assert not [k for k in found if "Person:赵六" in k]
    assert {k for _, k, _ in found} == set(DERIVED_RELATIONS)
    # views and queries get them on demand; the saved graph keeps only what was read
    assert not any(k in DERIVED_RELATIONS for *_, k in g.edges(keys=True))
    h = with_derived(g, ["Person:张三", "Technology:机密计算"])
    assert sorted(h.edges(keys=True)) == [("Person:张三", "Technology:机密计算", "spoke_about")]


def test_graph_mentions_edges_quote_their_sentence():
    # finding 4: mentions edges carry evidence (here the talk's own sentence names it)
    g = records_to_graph([_meetup()])
    d = g.edges["Talk:m|2025-01-01|机密计算实践", "Technology:机密计算", "mentions"]
    assert d["evidence"][0]["sentence"] == "张三和李四分享了《机密计算实践》。"


def test_graph_registry_names_are_kept_for_lookup():
    g = records_to_graph([_meetup()], same_person={"Zhang San": "张三", "张三": "张三"})
    assert g.graph["registry_people"] == {"zhangsan": "Person:张三"}


# ---------------------------------------------- issue 18: compact JSON


def rich_graph():
    """A graph with evidence shared by several edges, hub lists, talks, confidence, and a
    node and an edge of shapes the builder never makes."""
    ev = Evidence("a.md", "华为的张三和李四分享了《T》。", 0, 15)
    ev2 = Evidence("b.md", "张三来自华为。", 4, 11)
    recs = [
        DocumentRecord(
            "a.md",
            Event("X Meetup", "2025-01-02", "北京", evidence=[ev]),
            [Talk("T", ["张三", "李四"], ev, mentions=[("Technology", "eBPF")], confidence=0.9)],
            [Entity("Person", "张三", ["Zhang San"]), Entity("Technology", "eBPF")],
            [Relation("affiliated_with", "张三", "华为", evidence=ev, confidence=0.85)],
            title="X 回顾",
        ),
        DocumentRecord(
            "b.md",
            None,
            [],
            [Entity("Person", "张三", attrs={"roles": ["Maintainer"]})],
            [Relation("affiliated_with", "张三", "华为", evidence=ev2)],
        ),
    ]
    g = records_to_graph(recs)
    g.add_node("odd", label="no type", docs=[1, 2])  # kept as it is
    g.add_edge("Person:张三", "odd", key="visits", note=["a"], evidence=[{"x": 1}])
    g.add_edge("odd", "Person:张三", key=3)
    g.graph["registry_people"] = {"zhangsan": "Person:张三"}
    return g


@pytest.mark.parametrize(
    "talk",
    [
        {},  # a talk's date and events are its event's: left out of the file
        {"date": "2025-01-03", "events": []},
        {"date": None, "events": ["Event:xmeetup|2025-01-02", "Location:北京"]},
    ],
)
def test_graph_compact_round_trip_with_evidence(tmp_path, talk):
    g = rich_graph()
    g.nodes["Talk:xmeetup|2025-01-02|t"].update(talk)
    write_json(g, tmp_path / "g.json")
    back = read_json(tmp_path / "g.json")
    assert_same_graph(back, g)
    e = back.edges["Person:张三", "Organization:华为", "affiliated_with"]
    assert [x["doc"] for x in e["evidence"]] == ["a.md", "b.md"] and e["confidence"] == 1.0
    # written again, the same bytes
    write_json(back, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == (tmp_path / "g.json").read_bytes()


def test_graph_compact_stores_each_sentence_and_path_once(tmp_path):
    g = rich_graph()
    write_json(g, tmp_path / "g.json")
    text = (tmp_path / "g.json").read_text(encoding="utf-8")
    assert text.count("华为的张三和李四分享了《T》。") == 1  # cited by 5 edges
    assert text.count('"a.md"') == 1
    data = json.loads(text)
    assert data["format"] == COMPACT_FORMAT and data["nodes"] == [] and data["edges"] == []
    plain = tmp_path / "plain.json"
    write_json(g, plain, compact=False)
    assert plain.stat().st_size > 2 * (tmp_path / "g.json").stat().st_size


def test_graph_old_node_link_files_still_load(tmp_path):
    g = rich_graph()
    write_json(g, tmp_path / "old.json", compact=False)  # the form earlier versions wrote
    assert_same_graph(read_json(tmp_path / "old.json"), g)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(adjacency=[]),
        lambda d: d.update(doc_table=[1]),
        lambda d: d["evidence_table"].append(["x"]),
        lambda d: d["node_table"].append({"label": "no id"}),
        lambda d: d["adjacency"][0].append([10**6, 0, []]),
    ],
)
def test_graph_compact_damaged_file_is_a_graph_error(change):
    from extractor.errors import GraphError

    data = graph_to_compact(rich_graph())
    change(data)
    if len(data["adjacency"]) != len(data["node_table"]) and data["adjacency"]:
        data["adjacency"].append([])
    with pytest.raises(GraphError, match="not a meetup-kg compact graph"):
        graph_from_json(data)


@pytest.mark.parametrize(
    "graph_text, message",
    [
        ('{"x": ' + "[" * 70 + "]" * 70 + "}", "nested too deeply"),
        ('{}, "doc_table": ["\\ud800"]', "lone surrogate"),
        ('{}, "doc_table": [1]', "doc_table: expected a list of str"),
    ],
)
def test_graph_load_compact_refuses_hostile_files(tmp_path, graph_text, message):
    from extractor.errors import GraphFileError
    from extractor.graph import is_compact, load_compact

    p = tmp_path / "g.json"
    p.write_text(
        '{"directed": true, "multigraph": true, "format": "' + COMPACT_FORMAT + '", '
        f'"graph": {graph_text}}}',
        encoding="utf-8",
    )
    assert is_compact(p)
    with pytest.raises(GraphFileError, match=message) as exc:
        load_compact(p)
    assert str(exc.value).startswith(f"{p}: ")


def test_graph_compact_v3_derives_keys_and_talk_articles(tmp_path):
    g = rich_graph()
    write_json(g, tmp_path / "g.json")
    data = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    talk = next(n for n in data["node_table"] if "kt" in n)
    # the talk's key is norm_key(title), its articles its event's: neither is written
    assert talk["kt"] == 1 and "docs" not in talk
    assert not any("k" in n for n in data["node_table"] if n.get("label") == "张三")
    assert data["sentences"].count("张三来自华为。") == 1
    # keys that are not norm_key(label), and a talk with articles of its own
    g = rich_graph()
    nx.relabel_nodes(g, {"Person:张三": "Person:zs"}, copy=False)
    g.nodes["Talk:xmeetup|2025-01-02|t"]["label"] = "T 改名"
    g.nodes["Talk:xmeetup|2025-01-02|t"]["docs"] = ["a.md", "b.md"]
    write_json(g, tmp_path / "g2.json")
    assert_same_graph(read_json(tmp_path / "g2.json"), g)


def test_graph_compact_v2_files_still_load():
    # written by the /2 writer (commit 6f9f2cc) from rich_graph()
    old = Path(__file__).parent / "data" / "graph-compact-v2.json"
    assert '"format": "meetup-kg-graph/2"' in old.read_text(encoding="utf-8")[:200]
    assert_same_graph(read_json(old), rich_graph())
    from extractor.graph import load_compact

    assert_same_graph(load_compact(old), rich_graph())


_names = st.text(alphabet="张三李四王五 AbC-·", min_size=1, max_size=6)


@settings(max_examples=40, deadline=None)
@given(
    people=st.lists(_names, min_size=1, max_size=4),
    title=_names,
    confidence=st.sampled_from([0.5, 0.9, 1.0]),
    sentence=st.sampled_from(["同一句话。", "另一句。"]),
)
def test_graph_compact_round_trip_property(tmp_path_factory, people, title, confidence, sentence):
    ev = Evidence("a.md", sentence, 0, len(sentence))
    ev2 = Evidence("b.md", sentence, 2, 2 + len(sentence))  # same sentence, other article
    recs = [
        DocumentRecord(
            "a.md",
            Event("Y Meetup", "2024-05-06", "上海", evidence=[ev]),
            [Talk(title, people, ev, confidence=confidence)],
            [Entity("Person", p) for p in people],
            [Relation("affiliated_with", people[0], "某公司", evidence=ev, confidence=confidence)],
        ),
        DocumentRecord(
            "b.md", None, [], [], [Relation("member_of", people[-1], "Kernel SIG", evidence=ev2)]
        ),
    ]
    g = records_to_graph(recs)
    p = tmp_path_factory.mktemp("rt") / "g.json"
    write_json(g, p)
    assert_same_graph(read_json(p), g)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
def test_graph_label_key_is_norm_key(label):
    from extractor.graph import _label_key, norm_key

    assert _label_key(label) == norm_key(label)


@pytest.mark.parametrize("confidence", [None, 1, 0.85, 1e-05, float("nan"), float("inf"), True])
def test_graph_compact_adjacency_text_is_the_encoders(tmp_path, confidence):
    """The writer makes each node's adjacency line itself (not by the JSON encoder): the
    same text as the encoder's, for every shape of edge, or the encoder's own."""
    import json

    from extractor.graph import _Compact

    g = rich_graph()
    u, v = "Person:张三", "Organization:华为"
    d = g.edges[u, v, "affiliated_with"]
    if confidence is None:
        d.pop("confidence", None)
    else:
        d["confidence"] = confidence
    ev = dict(d["evidence"][0])
    g.add_edge(u, v, key="mentions", relation="mentions", docs=[], evidence=[])
    g.add_edge(u, v, key="member_of", relation="member_of", docs=["zz.md"], evidence=[ev])
    c = _Compact(g)
    dump = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode
    for n in g:
        text = c.edges_text(n)
        if text is not None:
            assert text == dump(c.edges(n)), n
    write_json(g, tmp_path / "g.json")
    if confidence == confidence:  # (NaN equals nothing, itself included)
        assert_same_graph(read_json(tmp_path / "g.json"), g)
