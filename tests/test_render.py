"""Pure-Python checks of the HTML view and of views.select (the browser ones are in test_browser.py)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import networkx as nx
import pytest
from browser_util import PAYLOADS, hostile_graph, node_by_label, sample_graph
from cli_util import run_cli as _cli

from extractor.graph import write_json
from extractor.render import DEFAULT_MAX_NODES, page_data, show, to_html, unpacked, write_html
from extractor.views import ViewError, find_nodes, select, view_title


class _Tags(HTMLParser):
    """Start tags with their attributes, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in = dict(attrs)
            self.scripts.append((self._in, ""))

    def handle_data(self, data):
        if self._in is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in = None


def _parse(page: str) -> _Tags:
    p = _Tags()
    p.feed(page)
    p.close()
    return p


def _data(page: str) -> dict:
    """The JSON the page draws, read the way the browser reads it."""
    [(attrs, text)] = [s for s in _parse(page).scripts if s[0].get("id") == "kg-data"]
    assert attrs.get("type") == "application/json"
    return unpacked(json.loads(text))


def test_render_page_is_self_contained():
    page = to_html(sample_graph(), title="示例")
    tags = _parse(page).tags
    # nothing to fetch: no script src, no stylesheet link, no iframe, img, font
    refs = [(t, a) for t, a in tags if {"src", "href"} & set(a)]
    assert refs == [("link", {"rel": "icon", "href": "data:,"})]
    assert [t for t, _ in tags if t in ("iframe", "img", "object", "embed")] == []
    assert "@import" not in page and "url(" not in page.split("<script")[0]
    assert [a.get("type") for t, a in tags if t == "script"] == ["application/json", None, None]
    assert "vis.Network" in page and "vis-network" in page  # the library is inlined


def test_render_is_deterministic():
    g = sample_graph()
    again = nx.MultiDiGraph()  # same graph, nodes and edges inserted in reverse order
    for n in reversed(list(g.nodes)):
        again.add_node(n, **g.nodes[n])
    for u, v, k, d in reversed(list(g.edges(keys=True, data=True))):
        again.add_edge(u, v, key=k, **d)
    again.graph.update(g.graph)
    assert to_html(g, title="x") == to_html(g, title="x") == to_html(again, title="x")


def test_render_data_round_trips_and_ids_are_opaque():
    g = sample_graph()
    page = to_html(g)
    data = _data(page)
    assert [n["id"] for n in data["nodes"]] == [f"n{i}" for i in range(len(g))]
    assert len(data["edges"]) == g.number_of_edges()
    for n in g.nodes:
        assert json.dumps(n, ensure_ascii=False) not in page  # graph ids never reach the page
    zhang = next(n for n in data["nodes"] if n["label"] == "张三")
    assert zhang["type"] == "Person" and zhang["aliases"] == ["Zhang San"]
    assert zhang["degree"] == g.degree(node_by_label(g, "Person", "张三"))
    assert any("2025/0102-beijing.md" in d for d in zhang["docs"])
    member = next(e for e in data["edges"] if e["rel"] == "member_of")
    doc, sentence = member["evidence"][0]
    assert doc.startswith("2025/0102-beijing.md") and "Kernel SIG" in sentence
    assert {t["name"] for t in data["types"]} >= {"Event", "Talk", "Person", "SIG"}
    assert {r["name"] for r in data["rels"]} >= {"gives", "member_of", "presented_at"}


def test_render_escapes_every_article_string():
    g = hostile_graph()
    page = to_html(g, title=PAYLOADS[0])
    for p in PAYLOADS:
        if "<" in p:
            assert p not in page
    assert "</script><script>window" not in page
    assert page.count("</script>") == 3
    # the browser's HTML parser sees exactly our three scripts and no injected tag
    parsed = _parse(page)
    assert len(parsed.scripts) == 3
    assert {t for t, _ in parsed.tags} <= {
        "html", "head", "meta", "link", "title", "style", "body", "aside", "h1", "p",
        "div", "input", "ul", "button", "label", "h2", "main", "script", "span",
        "table", "thead", "tbody",
    }  # fmt: skip
    # and the data still holds the strings exactly, to be shown as text
    data = _data(page)
    strings = json.dumps(data, ensure_ascii=False)
    for p in PAYLOADS:
        assert json.dumps(p, ensure_ascii=False)[1:-1] in strings
    assert data["title"] == PAYLOADS[0]


def test_render_show_uses_escaped_srcdoc():
    g = hostile_graph()
    out = show(g, title="t", height=400).data
    assert out.startswith('<div><iframe srcdoc="&lt;!DOCTYPE html&gt;')
    assert out.endswith("></iframe></div>")
    tags = _parse(out).tags
    assert [t for t, _ in tags] == ["div", "iframe"]  # the page is one attribute value
    assert tags[1][1]["srcdoc"] == to_html(g, title="t")
    assert tags[1][1]["sandbox"] == "allow-scripts"


def test_render_write_html_writes_the_page(tmp_path):
    g = sample_graph()
    out = tmp_path / "sub" / "view.html"
    write_html(g, out, title="示例")
    assert out.read_text(encoding="utf-8") == to_html(g, title="示例")
    assert list(out.parent.iterdir()) == [out]  # no temporary file left behind


def _star_graph(n: int) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("Event:e", type="Event", label="E")
    for i in range(n - 1):
        g.add_node(f"Person:{i:05d}", type="Person", label=f"人{i}")
        g.add_edge(f"Person:{i:05d}", "Event:e", key="gives", relation="gives")
    return g


def test_render_caps_big_graphs_with_a_note():
    g = _star_graph(DEFAULT_MAX_NODES + 100)
    data = _data(to_html(g))
    assert len(data["nodes"]) == DEFAULT_MAX_NODES
    assert f"{DEFAULT_MAX_NODES} of {DEFAULT_MAX_NODES + 100} nodes shown" in data["note"]
    assert "left out 100 Person" in data["note"]
    assert data["options"]["physics"]["stabilization"]["iterations"] == 200
    assert data["options"]["edges"]["smooth"] is False
    assert data["options"]["layout"]["improvedLayout"] is False
    assert len(_data(to_html(g, max_nodes=None))["nodes"]) == DEFAULT_MAX_NODES + 100


def test_render_hides_unconnected_nodes_when_many():
    g = sample_graph()
    assert page_data(g)["isolated"] == 0 and not page_data(g)["hideIsolated"]
    g.add_node("Technology:x", type="Technology", label="孤立")
    assert page_data(g)["isolated"] == 1 and not page_data(g)["hideIsolated"]  # 1 of 16
    g.add_node("Technology:y", type="Technology", label="孤立2")
    assert page_data(g)["hideIsolated"]  # 2 of 17 > 10%


def test_render_small_graph_options():
    data = page_data(sample_graph())
    assert data["edgeLabels"] is True and data["options"]["edges"]["smooth"]["enabled"]
    assert data["note"] == ""


# ---- views.select ----


@pytest.mark.parametrize("name", ["张三", "zhang san", "ZHANG-SAN", "Person:张三"])
def test_views_find_nodes_by_name_alias_or_id(name):
    g = sample_graph()
    assert find_nodes(g, name) == [node_by_label(g, "Person", "张三")]


def test_views_select_focus_hops():
    g = sample_graph()
    zhang = node_by_label(g, "Person", "张三")
    sub0, _ = select(g, focus="Zhang San", hops=0)
    assert list(sub0) == [zhang]
    sub1, note = select(g, focus="Zhang San")
    labels = {d["label"] for _, d in sub1.nodes(data=True)}
    assert labels == {"张三", "Kernel", "机密计算实践", "secGear 进展"}
    assert note.startswith("focus 张三 (Person), 1 hop;")
    assert f"4 of {len(g)} nodes shown" in note
    sub2, _ = select(g, focus="zhang san", hops=2)
    assert {"openEuler 北京 Meetup", "secGear", "机密计算"} <= {
        d["label"] for _, d in sub2.nodes(data=True)
    }
    assert set(sub1.edges(keys=True)) == set(g.subgraph(sub1.nodes).edges(keys=True))


def test_views_select_types_keeps_focus():
    g = sample_graph()
    sub, note = select(g, focus="secGear", hops=2, types=["Person"])
    assert {d["type"] for _, d in sub.nodes(data=True)} == {"Person", "Project"}
    assert {d["label"] for _, d in sub.nodes(data=True)} == {"secGear", "张三"}
    assert "types Person" in note


def test_views_select_event_by_name_date_or_id():
    g = sample_graph()
    eid = node_by_label(g, "Event", "openEuler 北京 Meetup")
    by_name, note = select(g, event="openEuler 北京 Meetup")
    assert select(g, event=eid)[0].nodes == by_name.nodes
    assert select(g, event="北京 meetup 2025-01-02")[0].nodes == by_name.nodes
    labels = {d["label"] for _, d in by_name.nodes(data=True)}
    assert {"张三", "李四", "机密计算实践", "RISC-V 生态", "北京", "RISC-V"} <= labels
    assert not {"上海", "secGear 进展", "openEuler 上海 Meetup"} & labels
    assert note.startswith("event openEuler 北京 Meetup 2025-01-02")


def test_views_select_min_degree_and_top():
    g = sample_graph()
    sub, _ = select(g, min_degree=3)
    assert 0 < len(sub) < len(g)
    assert {n for n in g if g.degree(n) >= 3} == set(sub)
    top, note = select(g, top=3)
    ranked = sorted(g.nodes, key=lambda n: (-g.degree(n), n))[:3]
    assert sorted(top) == sorted(ranked)
    assert f"top 3 by degree; 3 of {len(g)} nodes shown, left out" in note
    everything, note = select(g)
    assert note == "" and sorted(everything.edges(keys=True)) == sorted(g.edges(keys=True))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"types": ["Persons"]}, "unknown node type 'Persons'"),
        ({"focus": "王五"}, "no node has this name or alias"),
        ({"event": "openEuler"}, "matches 2 events"),
        ({"event": "深圳"}, "no such event"),
        ({"top": 0}, "top >= 1"),
    ],
)
def test_views_select_errors(kwargs, message):
    with pytest.raises(ViewError, match=message):
        select(sample_graph(), **kwargs)


# ---- the CLI ----


def test_cli_view_writes_a_focused_page(tmp_path):
    write_json(sample_graph(), tmp_path / "g.json")
    out = tmp_path / "v.html"
    res = _cli("view", str(tmp_path / "g.json"), "-o", str(out), "--focus", "zhang san",
               "--types", "Person,SIG,Talk", "--title", "张三")  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert f"wrote {out}: 4 nodes" in res.stdout
    data = _data(out.read_text(encoding="utf-8"))
    assert data["title"] == "张三" and "focus 张三 (Person)" in data["note"]
    assert {n["label"] for n in data["nodes"]} == {"张三", "Kernel", "机密计算实践", "secGear 进展"}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--types", "Person,Nope"], 2, "unknown node type 'Nope'"),
        (["--focus", "王五"], 2, "no node has this name or alias"),
        (["--top", "0"], 2, "Invalid value"),
    ],
)
def test_cli_view_bad_options(tmp_path, args, code, message):
    write_json(sample_graph(), tmp_path / "g.json")
    res = _cli("view", str(tmp_path / "g.json"), "-o", str(tmp_path / "v.html"), *args)
    assert res.returncode == code
    assert message in res.stderr
    assert not (tmp_path / "v.html").exists()


def test_cli_view_missing_or_bad_graph(tmp_path):
    res = _cli("view", str(tmp_path / "nope.json"), "-o", str(tmp_path / "v.html"))
    assert res.returncode == 2 and "no such file" in res.stderr
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    res = _cli("view", str(tmp_path / "bad.json"), "-o", str(tmp_path / "v.html"))
    assert res.returncode == 1 and res.stderr.startswith("Error: ")


def test_render_page_lists_are_capped_with_their_number():
    import networkx as nx

    from extractor.render import LIST_CAP, page_data

    g = nx.MultiDiGraph()
    docs = [f"a{i:03d}.md" for i in range(LIST_CAP + 7)]
    g.add_node("Person:x", type="Person", label="X", docs=docs, events=["Event:e|2025-01-01"])
    g.add_node("Event:e|2025-01-01", type="Event", label="E", docs=docs[:2])
    g.add_edge("Person:x", "Event:e|2025-01-01", key="gives", relation="gives", docs=docs)
    d = page_data(g)
    x = next(n for n in d["nodes"] if n["label"] == "X")
    assert x["docs"] == docs[:LIST_CAP] and x["docs_n"] == LIST_CAP + 7
    assert "events_n" not in x and len(x["events"]) == 1
    e = next(n for n in d["nodes"] if n["label"] == "E")
    assert e["docs"] == docs[:2] and "docs_n" not in e
    assert d["edges"][0]["docs_n"] == LIST_CAP + 7 and len(d["edges"][0]["docs"]) == LIST_CAP


# ---- issue 15: views that keep their meaning ----


def test_views_types_without_talks_draw_spoke_about():
    # finding 1: hiding Talk used to cut every Person-Technology link
    g = sample_graph()
    sub, note = select(g, types=["Person", "SIG", "Technology", "Project"])
    zhang = node_by_label(g, "Person", "张三")
    tech = node_by_label(g, "Technology", "机密计算")
    assert sub.has_edge(zhang, tech, key="spoke_about")
    assert sub.edges[zhang, tech, "spoke_about"]["via"] == [
        node_by_label(g, "Talk", "机密计算实践")
    ]
    assert "spoke_about" in note
    core, _ = select(g, types=["Person", "SIG", "Technology"], min_degree=1)
    assert {zhang, tech} <= set(core)
    # with the talks kept, nothing is derived
    assert not any(
        k == "spoke_about" for *_, k in select(g, types=["Person", "Talk"])[0].edges(keys=True)
    )


@pytest.mark.parametrize(
    ("focus", "hint"),
    [("张", "did you mean: 张三 (Person)"), ("Zhang Sna", "did you mean: 张三 (Person)")],
)
def test_views_focus_needs_a_whole_name_and_suggests(focus, hint):
    # finding 6: a prefix used to pick a node silently, a typo gave no suggestion
    with pytest.raises(ViewError, match=re.escape(hint)):
        select(sample_graph(), focus=focus)


def test_views_focus_folds_traditional_script():
    g = sample_graph()
    sub, _ = select(g, focus="機密計算", hops=0)
    assert list(sub) == [node_by_label(g, "Technology", "机密计算")]


def test_views_title_says_what_is_shown():
    g = sample_graph()
    assert view_title(g, focus="zhang san") == "张三 and neighbours"
    assert view_title(g, types=["Person", "SIG"], default="g") == "Person, SIG"
    assert view_title(g, default="dev") == "dev"


# ---- issue 15: a page people can read ----


def test_render_page_tables_of_talks_and_people():
    g = sample_graph()
    d = page_data(g)
    ids = {n["label"]: n["id"] for n in d["nodes"]}
    assert d["talks"][1] == [
        ids["机密计算实践"], "机密计算实践", "张三", "openEuler 北京 Meetup", "2025-01-02"
    ]  # fmt: skip
    assert [r[1] for r in d["talks"]] == ["RISC-V 生态", "机密计算实践", "secGear 进展"]
    assert d["people"][0] == [ids["张三"], "张三", 2, "Kernel", ""]
    assert d["people"][1] == [ids["李四"], "李四", 1, "", "华为"]


def test_render_unconnected_nodes_are_attached_to_their_event():
    # finding 2: SIGs and companies named outside every talk had no edge at all
    g = sample_graph()
    g.add_node("SIG:lonely", type="SIG", label="孤 SIG", docs=["2025/0102-beijing.md"],
               events=["Event:openeuler北京meetup|2025-01-02"])  # fmt: skip
    g.add_node("SIG:nowhere", type="SIG", label="无处 SIG")
    d = page_data(g)
    ids = {n["label"]: n["id"] for n in d["nodes"]}
    named = [e for e in d["edges"] if e["rel"] == "named_at"]
    assert [(e["from"], e["to"]) for e in named] == [(ids["孤 SIG"], ids["openEuler 北京 Meetup"])]
    assert d["isolated"] == 1


def test_render_fold_map_lets_the_page_search_traditional_forms():
    d = page_data(sample_graph())
    fold = d["fold"]
    assert "".join(fold.get(c, c) for c in "機密計算") == "机密计算"


def test_render_derived_edges_carry_their_talks():
    sub, note = select(sample_graph(), types=["Person", "Technology"])
    d = page_data(sub, note=note)
    spoke = [e for e in d["edges"] if e["rel"] == "spoke_about"]
    assert spoke and all(e.get("via") for e in spoke)
    assert any(e["via"] == ["机密计算实践"] and e.get("evidence") for e in spoke)
    assert "spoke_about" in [r["name"] for r in d["rels"]]


def test_cli_version():
    from extractor import __version__

    res = _cli("--version")
    assert res.returncode == 0 and res.stdout.strip() == f"meetup-kg {__version__}"


def test_cli_view_suggests_close_matches_and_titles_by_content(tmp_path):
    # finding 6: a typo gave no suggestion, a prefix picked a node silently, views were
    # titled by the file name, and one node read "1 nodes"
    write_json(sample_graph(), tmp_path / "g.json")
    out = tmp_path / "v.html"
    res = _cli("view", str(tmp_path / "g.json"), "-o", str(out), "--focus", "张")
    assert res.returncode == 2 and "did you mean: 张三 (Person)" in res.stderr
    assert not out.exists()
    res = _cli("view", str(tmp_path / "g.json"), "-o", str(out), "--focus", "李四", "--hops", "0")
    assert res.returncode == 0, res.stderr
    assert f"wrote {out}: 1 node, 0 edges" in res.stdout
    assert _data(out.read_text(encoding="utf-8"))["title"] == "李四 and neighbours"
    res = _cli("view", str(tmp_path / "g.json"), "-o", str(out), "--types", "Person,Technology")
    assert res.returncode == 0, res.stderr
    data = _data(out.read_text(encoding="utf-8"))
    assert data["title"] == "Person, Technology"
    assert any(e["rel"] == "spoke_about" for e in data["edges"])


def test_render_snapshot_without_a_browser_says_so(monkeypatch, tmp_path):
    import extractor.render as render

    monkeypatch.setattr(render, "CHROMIUM", tmp_path / "no-chromium")
    out = render.snapshot(sample_graph())
    assert "no static image" in out.data and "no-chromium" in out.data


def test_render_ranks_nodes_for_labels():
    g = sample_graph()
    d = page_data(g)
    ranks = sorted(n["rank"] for n in d["nodes"])
    assert ranks == list(range(len(g))) and d["topLabels"] == 30
    first = min(d["nodes"], key=lambda n: n["rank"])
    assert first["degree"] == max(n["degree"] for n in d["nodes"])


def _meetups(n_events: int, per_event: int) -> nx.MultiDiGraph:
    """``n_events`` events, each with a talk, its speaker and topics; one person spoke at
    the first two events (more of their neighbours at the second)."""
    from extractor.graph import records_to_graph
    from extractor.model import DocumentRecord, Entity, Event, Talk

    records = []
    for i in range(n_events):
        topics = [("Technology", f"技术{i}-{k}") for k in range(per_event - 3)]
        speakers = [f"讲者{i}"] + (["王五"] if i in (0, 1) else [])
        talks = [Talk(f"题目{i}", speakers, None, topics)]
        if i == 1:
            talks.append(Talk(f"题目{i}b", ["王五"], None, topics[:2]))
        records.append(
            DocumentRecord(
                doc=f"{i:03d}.md",
                event=Event(f"Meetup {i}", f"2025-{1 + i % 12:02d}-{1 + i // 12:02d}", "北京"),
                talks=talks,
                entities=[Entity("Person", s) for s in speakers]
                + [Entity(t, n) for t, n in topics],
                relations=[],
            )
        )
    return records_to_graph(records)


def test_render_large_graph_opens_on_one_group_per_event():
    # issue 15: the corpus view was a hairball; above CLUSTER_ABOVE nodes the page gets
    # one group per event (the page shows each as one node, opened by a click)
    from extractor.render import CLUSTER_ABOVE

    small = _meetups(3, 8)
    assert len(small) <= CLUSTER_ABOVE and page_data(small)["clusters"] == []
    g = _meetups(40, 9)
    assert len(g) > CLUSTER_ABOVE
    d = page_data(g)
    groups = d["clusters"]
    label = {n["id"]: n["label"] for n in d["nodes"]}
    typ = {n["id"]: n["type"] for n in d["nodes"]}
    assert len(groups) == 40
    assert [c["date"] for c in groups] == sorted(c["date"] for c in groups)
    for c in groups:
        assert typ[c["event"]] == "Event" and label[c["event"]] == c["label"]
        assert c["event"] in c["nodes"] and len(c["nodes"]) >= 2
    members = [n for c in groups for n in c["nodes"]]
    assert len(members) == len(set(members))  # each node in one group at most
    of = {label[n]: c["label"] for c in groups for n in c["nodes"]}
    # 王五 spoke at Meetup 0 and twice at Meetup 1: the group with more of their neighbours
    assert of["王五"] == "Meetup 1" and of["题目0"] == "Meetup 0" and of["技术5-0"] == "Meetup 5"
    assert page_data(g) == d  # deterministic
    # the page carries the groups and the code that opens them (inlined vis-network)
    page = to_html(g, title="t")
    assert _data(page)["clusters"] == groups and "openCluster" in page


def test_render_doctests_pass():
    import doctest
    import importlib

    for name in ("extractor.views", "extractor.render"):
        res = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
        assert res.failed == 0, name
        assert res.attempted > 0, name
