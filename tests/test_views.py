"""Focus views of views.select: capped at max_nodes, nearest and most tied to the focus first."""

from __future__ import annotations

import networkx as nx
import pytest
from cli_util import run_cli

from extractor.graph import write_json
from extractor.render import to_html
from extractor.views import DEFAULT_FOCUS_NODES, ViewError, closeness, select


def _node(g: nx.MultiDiGraph, nid: str) -> None:
    typ = nid.split(":", 1)[0]
    g.add_node(nid, type=typ, label=nid.split(":", 1)[1], aliases=[], docs=["a.md"], events=[])


def _edge(g: nx.MultiDiGraph, u: str, v: str, rel: str) -> None:
    for n in (u, v):
        if n not in g:
            _node(g, n)
    g.add_edge(u, v, key=rel, relation=rel, docs=["a.md"], evidence=[])


def hub_graph(employees: int = 40) -> nx.MultiDiGraph:
    """张三 gave a talk with 李四 and works at a big company; two topics are mentioned in
    the talk; the company has ``employees`` other people; 李四 has a SIG."""
    g = nx.MultiDiGraph()
    _edge(g, "Person:张三", "Talk:T", "gives")
    _edge(g, "Person:李四", "Talk:T", "gives")
    _edge(g, "Talk:T", "Technology:Rust", "mentions")
    _edge(g, "Talk:T", "Project:Kata", "mentions")
    _edge(g, "Person:张三", "Organization:BigCorp", "affiliated_with")
    for i in range(employees):
        _edge(g, f"Person:员工{i:03d}", "Organization:BigCorp", "affiliated_with")
    _edge(g, "Person:李四", "SIG:Kernel", "member_of")  # 3 hops away
    return g


def test_views_closeness_favours_specific_ties():
    g = hub_graph()
    dist = {"Person:张三": 0, "Talk:T": 1, "Organization:BigCorp": 1}
    dist |= {"Person:李四": 2, "Technology:Rust": 2, "Person:员工000": 2}
    score = closeness(g, dist)
    assert score["Person:张三"] == 1.0
    assert score["Talk:T"] == score["Organization:BigCorp"] == 0.5
    # through a talk of 4 edges against a company of 41
    assert score["Person:李四"] == score["Technology:Rust"] == pytest.approx(0.125)
    assert score["Person:员工000"] == pytest.approx(0.5 / 41)


@pytest.mark.parametrize("cap", [1, 2, 3, 5, 8, 20])
def test_views_focus_cap_holds_and_keeps_the_focus(cap):
    g = hub_graph()
    sub, note = select(g, focus="张三", hops=2, max_nodes=cap)
    assert len(sub) == cap and "Person:张三" in sub
    assert f"of 46 ({46 - cap} left out by the cap, max_nodes={cap})" in note


def test_views_focus_ranks_nearest_then_most_tied():
    g = hub_graph()
    sub, _ = select(g, focus="张三", hops=2, max_nodes=6)
    # the focus, both neighbours, then the talk's co-speaker and topics before employees
    assert set(sub) == {
        "Person:张三",
        "Talk:T",
        "Organization:BigCorp",
        "Person:李四",
        "Project:Kata",
        "Technology:Rust",
    }
    # ties (same distance and closeness) go to the higher degree, then by id
    _edge(g, "Person:员工007", "SIG:Kernel", "member_of")
    sub, _ = select(g, focus="BigCorp", hops=1, max_nodes=3)
    assert set(sub) == {"Organization:BigCorp", "Person:员工007", "Person:张三"}


def test_views_focus_cap_keeps_edges_between_kept_nodes():
    sub, _ = select(hub_graph(), focus="张三", hops=2, max_nodes=6)
    assert sub.has_edge("Person:李四", "Talk:T", "gives")
    assert sub.has_edge("Talk:T", "Technology:Rust", "mentions")
    assert sub.number_of_edges() == 5


def test_views_focus_under_the_cap_or_uncapped_keeps_everything():
    g = hub_graph()
    everything, note = select(g, focus="张三", hops=2, max_nodes=None)
    assert len(everything) == 46 and "cap" not in note
    assert len(select(g, focus="张三", hops=2, max_nodes=46)[0]) == 46
    assert len(select(g, focus="张三", hops=2)[0]) == 46  # default cap is above 46
    assert DEFAULT_FOCUS_NODES >= 100


def test_views_cap_applies_to_focus_views_only():
    g = hub_graph()
    assert len(select(g, max_nodes=3)[0]) == len(g)
    assert len(select(g, types=["Person"], max_nodes=3)[0]) == 42


def test_views_cap_with_types_and_top():
    g = hub_graph()
    sub, _ = select(g, focus="张三", hops=2, types=["Person", "Organization"], max_nodes=3)
    assert set(sub) == {"Person:张三", "Organization:BigCorp", "Person:李四"}
    sub, note = select(g, focus="张三", hops=2, max_nodes=10, top=4)
    assert len(sub) == 4 and "Person:张三" in sub and "top 4" in note


def test_views_cap_must_be_positive():
    with pytest.raises(ViewError, match="max_nodes >= 1"):
        select(hub_graph(), focus="张三", max_nodes=0)


def test_views_capped_page_says_what_was_left_out():
    g = hub_graph()
    sub, note = select(g, focus="张三", hops=2, max_nodes=5)
    page = to_html(sub, title="张三", note=note)
    assert "41 left out by the cap" in page


@pytest.mark.parametrize(
    "extra, kept, left_out",
    [
        (["--max-nodes", "4"], 4, "42 left out by the cap"),
        (["--max-nodes", "0"], 46, None),
        ([], 46, None),
    ],
)
def test_views_cli_focus_cap(tmp_path, extra, kept, left_out):
    write_json(hub_graph(), tmp_path / "g.json")
    out = tmp_path / "v.html"
    proc = run_cli(
        "view", str(tmp_path / "g.json"), "-o", str(out), "--focus", "张三", "--hops", "2", *extra
    )
    assert proc.returncode == 0, proc.stderr
    assert f"{kept} nodes" in proc.stdout
    if left_out:
        assert left_out in proc.stdout and left_out in out.read_text(encoding="utf-8")
    else:
        assert "by the cap" not in proc.stdout
