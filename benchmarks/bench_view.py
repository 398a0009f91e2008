"""Benchmark the HTML view: a synthetic meetup graph, its file size and time to lay out in Chromium.

Usage: .venv/bin/python benchmarks/bench_view.py [--nodes 2000] [--runs 3]

Writes benchmarks/out/view-<N>.html (gitignored) and prints one line per run.
Needs /usr/bin/chromium and the playwright package for the browser part.

With ``--graph GRAPH.json`` (a graph ``build`` wrote, e.g. of a corpus kept by
``bench_build.py --keep``) it times the questions instead, each in this process:
``extractor.load``, ``kg.path`` between two well-connected people (then between two
others), ``kg.talks()``, ``kg.trends()``, and the 2-hop
focus view of the best-connected person as ``meetup-kg view --focus NAME --hops 2``
makes it (``views.select`` with its default node cap, ``--max-nodes`` to change it, 0 for
none; then ``render.to_html``): seconds, nodes kept and left out, page size; ``--runs 0``
skips opening it in Chromium.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from extractor.fsio import atomic_write_text  # noqa: E402
from extractor.render import to_html  # noqa: E402

__all__ = ["synthetic_graph", "measure"]

# share of each node type in the synthetic graph
MIX = {
    "Event": 0.02,
    "Talk": 0.20,
    "Person": 0.35,
    "Organization": 0.10,
    "SIG": 0.05,
    "Project": 0.125,
    "Technology": 0.14,
    "Location": 0.015,
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def synthetic_graph(n_nodes: int = 2000, seed: int = 0) -> nx.MultiDiGraph:
    """A graph with the schema of extractor.graph: about 3 edges per node, evidence on most.

    >>> g = synthetic_graph(200)
    >>> len(g), g.number_of_edges() > 400
    (200, True)
    """
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    ids: dict[str, list[str]] = {t: [] for t in MIX}
    counts = {t: max(1, int(n_nodes * share)) for t, share in MIX.items()}
    counts["Person"] += n_nodes - sum(counts.values())
    for t, c in counts.items():
        for i in range(c):
            if t == "Person":
                label = rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN) + str(i)
                aliases = [f"Person {i}"]
            else:
                label = f"{t} {i} 项目" if t in ("Project", "Technology") else f"{t} {i}"
                aliases = []
            nid = f"{t}:{i}"
            doc = f"corpus/{i % 97:03d}-meetup.md"
            g.add_node(nid, type=t, label=label, aliases=aliases, docs=[doc], events=[], attrs={})
            ids[t].append(nid)

    def edge(u: str, v: str, rel: str) -> None:
        doc = g.nodes[u]["docs"][0]
        sentence = f"{g.nodes[u]['label']} 与 {g.nodes[v]['label']} 的关系（{rel}）见于本次 Meetup 的回顾文章。"
        g.add_edge(
            u,
            v,
            key=rel,
            relation=rel,
            docs=[doc],
            evidence=[{"doc": doc, "sentence": sentence, "start": 0, "end": len(sentence)}],
        )

    for e in ids["Event"]:
        edge(e, rnd.choice(ids["Location"]), "held_in")
        for o in rnd.sample(ids["Organization"], 2):
            edge(e, o, "organized_by")
    topics = ids["Project"] + ids["Technology"] + ids["SIG"]
    for t in ids["Talk"]:
        ev = rnd.choice(ids["Event"])
        edge(t, ev, "presented_at")
        g.nodes[t]["events"] = [ev]
        for p in rnd.sample(ids["Person"], rnd.randint(1, 2)):
            edge(p, t, "gives")
            g.nodes[p]["events"] = sorted({*g.nodes[p]["events"], ev})
        for x in rnd.sample(topics, rnd.randint(5, 10)):
            edge(t, x, "mentions")
    for p in ids["Person"]:
        edge(p, rnd.choice(ids["Organization"]), "affiliated_with")
        for s in rnd.sample(ids["SIG"], rnd.randint(0, 3)):
            edge(p, s, "member_of")
    return g


def measure(path: Path, runs: int = 3, timeout_s: float = 60) -> list[dict[str, float]]:
    """Open ``path`` in headless Chromium ``runs`` times; seconds to load and to stabilise."""
    from browser_util import launch, open_page, wait_stabilized

    out = []
    with launch() as browser:
        for _ in range(runs):
            t0 = time.perf_counter()
            log = open_page(browser, path)
            loaded = time.perf_counter() - t0
            wait_stabilized(log.page, timeout_s)
            wall = time.perf_counter() - t0
            timing = log.page.evaluate("() => window.kg.timing")
            shown = log.page.evaluate("() => window.kg.nodeView.length")
            assert not log.outside_requests() and not log.console_errors and not log.page_errors
            out.append(
                {
                    "load_s": round(loaded, 2),
                    "stabilized_s": round(wall, 2),
                    "in_page_layout_s": round((timing["stabilized"] - timing["start"]) / 1000, 2),
                    "nodes_drawn": shown,
                }
            )
            log.page.context.close()
    return out


def _timed(what: str, fn, out: dict) -> object:
    t0 = time.perf_counter()
    value = fn()
    out[what] = round(time.perf_counter() - t0, 3)
    return value


def questions(graph: Path, runs: int, max_nodes: int | None = None) -> None:
    """Time loading ``graph`` and the questions asked of it (see the module docstring)."""
    import extractor
    from extractor.views import DEFAULT_FOCUS_NODES, select

    res: dict = {"graph": str(graph), "json_mb": round(graph.stat().st_size / 2**20, 1)}
    kg = _timed("load_s", lambda: extractor.load(graph), res)
    g = kg.graph
    res["nodes"], res["edges"] = g.number_of_nodes(), g.number_of_edges()
    people = sorted(
        (n for n, d in g.nodes(data=True) if d.get("type") == "Person"),
        key=lambda n: (-g.degree(n), n),
    )
    a, b = people[0], people[min(50, len(people) - 1)]
    _timed("path_first_s", lambda: kg.path(a, b), res)
    _timed("path_again_s", lambda: kg.path(people[1], people[min(80, len(people) - 1)]), res)
    _timed("talks_s", kg.talks, res)
    _timed("trends_s", lambda: kg.trends("Project", freq="quarter"), res)
    hub = g.nodes[a].get("label") or a
    cap = DEFAULT_FOCUS_NODES if max_nodes is None else max_nodes or None
    sub, note = _timed("focus_select_s", lambda: select(g, focus=hub, hops=2, max_nodes=cap), res)
    page = _timed("focus_to_html_s", lambda: to_html(sub, title=hub, note=note), res)
    res["focus_nodes"], res["focus_page_mb"] = len(sub), round(len(page.encode()) / 2**20, 2)
    res["focus_note"] = note
    print(json.dumps(res, ensure_ascii=False))
    if runs:
        path = ROOT / "benchmarks" / "out" / "view-focus.html"
        atomic_write_text(path, page)
        for r in measure(path, runs):
            print(json.dumps(r))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--capped", action="store_true", help="use the default node cap (1500)")
    ap.add_argument("--graph", type=Path, help="time loading and questions on this graph")
    ap.add_argument(
        "--max-nodes", type=int, help="node cap of the --graph focus view (default: views')"
    )
    args = ap.parse_args()
    if args.graph:
        questions(args.graph, args.runs, args.max_nodes)
        return

    t0 = time.perf_counter()
    g = synthetic_graph(args.nodes)
    t1 = time.perf_counter()
    page = to_html(
        g, title=f"synthetic {args.nodes}", **({} if args.capped else {"max_nodes": None})
    )
    t2 = time.perf_counter()
    path = ROOT / "benchmarks" / "out" / f"view-{args.nodes}{'-capped' if args.capped else ''}.html"
    atomic_write_text(path, page)
    size = path.stat().st_size
    print(
        json.dumps(
            {
                "nodes": len(g),
                "edges": g.number_of_edges(),
                "generate_s": round(t1 - t0, 2),
                "to_html_s": round(t2 - t1, 2),
                "file_bytes": size,
                "file_mb": round(size / 1e6, 2),
                "path": str(path.relative_to(ROOT)),
            }
        )
    )
    for r in measure(path, args.runs):
        print(json.dumps(r))


if __name__ == "__main__":
    main()
