"""Stage 9b: graph -> one self-contained offline HTML page (vis-network inlined, data escaped).

The page needs nothing from the network: the vis-network build that ships
inside the pyvis package, the page's own script and style are inlined, and
fonts are the system's (a CJK font such as WenQuanYi Zen Hei draws Chinese).
Article text reaches the page only as JSON inside a non-executed
``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped, and
the page's script puts it on screen with ``textContent`` (vis-network draws
labels on a canvas), so a name like ``<img src=x onerror=alert(1)>`` is
shown as text. Node ids in the page are opaque (``n0``, ``n1`` ...).
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Callable
from functools import cache, lru_cache, partial
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from .fsio import atomic_write_text
from .views import NODE_TYPES, select

__all__ = [
    "CLUSTER_ABOVE",
    "DEFAULT_MAX_NODES",
    "NODE_STYLES",
    "RELATION_COLORS",
    "page_data",
    "to_html",
    "unpacked",
    "write_html",
    "show",
    "snapshot",
    "CHROMIUM",
]

DEFAULT_MAX_NODES = 1500
BIG_EDGES = 400  # above this many edges: straight edges, no edge labels, fewer iterations
MAX_LABEL = 24  # characters drawn on the canvas; the full name is in the tooltip
MAX_SENTENCE = 400
ISOLATED_SHARE = 0.1  # above this share of unconnected nodes, they start hidden
ISOLATED_MAX = 50  # ... or above this many (a ring of dots around the drawing otherwise)
CLUSTER_ABOVE = 300  # more nodes than this: the page opens on one group per event
FONT = (
    '"WenQuanYi Zen Hei", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", '
    '"Microsoft YaHei", system-ui, sans-serif'
)

# type -> (colour, vis-network shape); shapes with the label below scale with degree
NODE_STYLES: dict[str, tuple[str, str]] = {
    "Event": ("#e4572e", "star"),
    "Talk": ("#f3a712", "square"),
    "Person": ("#4c9be8", "dot"),
    "Organization": ("#7a6fbf", "hexagon"),
    "SIG": ("#29bf12", "diamond"),
    "Project": ("#17a398", "triangle"),
    "Technology": ("#a8c256", "triangleDown"),
    "Location": ("#b07b50", "ellipse"),
}
OTHER_STYLE = ("#999999", "dot")
RELATION_COLORS: dict[str, str] = {
    "gives": "#2b7bba",
    "presented_at": "#d9480f",
    "member_of": "#2f9e44",
    "affiliated_with": "#7048e8",
    "organized_by": "#c2255c",
    "held_in": "#8d6e63",
    "mentions": "#a5adb5",
    "spoke_about": "#0b7285",
    "works_with": "#e8590c",
    "named_at": "#ced4da",
}
# drawn both ways (no arrow)
SYMMETRIC = {"works_with"}
TOP_LABELS = 30  # the most connected nodes keep their label at every zoom
OTHER_RELATION = "#868e96"
_STANDARD = {
    "type",
    "label",
    "aliases",
    "docs",
    "events",
    "attrs",
    "date",
    "city",
    "event",
    "speakers",
}


@cache
def _vis_js() -> str:
    """vis-network's standalone build, shipped inside the pyvis package."""
    lib = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
    return _script_safe(lib.read_text(encoding="utf-8"))


def _script_safe(js: str) -> str:
    """JavaScript that cannot end or confuse the ``<script>`` element holding it."""
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.I).replace("<!--", "<\\!--")


def _json_for_script(data: Any) -> str:
    """JSON that is inert inside HTML: no ``<``, ``>``, ``&`` or line separators."""
    s = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        s = s.replace(ch, esc)
    return s.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _event_label(g: nx.MultiDiGraph, eid: str) -> str:
    if eid in g:
        d = g.nodes[eid]
        return " ".join(x for x in (str(d.get("label") or eid), str(d.get("date") or "")) if x)
    known = g.graph.get("event_labels") or {}
    return str(known.get(eid) or eid.split(":", 1)[-1])


def _doc(g: nx.MultiDiGraph, path: Any) -> str:
    """An article path, followed by its title when the graph knows it."""
    meta = (g.graph.get("docs") or {}).get(path)
    title = meta.get("title") if isinstance(meta, dict) else None
    return f"{path} · {title}" if title else str(path)


def _facts(g: nx.MultiDiGraph, data: dict[str, Any]) -> list[list[str]]:
    out = [[str(k), _text(v)] for k, v in (data.get("attrs") or {}).items()]
    for key in ("date", "city", "speakers"):
        if data.get(key):
            out.append([key, _text(data[key])])
    if data.get("event"):
        out.append(["event", _event_label(g, str(data["event"]))])
    for key in sorted(k for k in data if k not in _STANDARD):
        out.append([str(key), _text(data[key])])
    return [f for f in out if f[1]]


LIST_CAP = 50  # articles or events listed per node or edge: the details panel shows 50


def _capped(item: dict[str, Any], key: str, values: Any, show: Callable[[Any], str]) -> None:
    """``item[key]``: the first :data:`LIST_CAP` of ``values`` as shown, and ``item[key +
    "_n"]`` their number when there are more (a company named in 5,000 articles would
    otherwise put 5,000 titles in the page; the page says "… 4,950 more")."""
    values = values or []
    if not values:
        return
    item[key] = [show(str(x)) for x in values[:LIST_CAP]]
    if len(values) > LIST_CAP:
        item[key + "_n"] = len(values)


def page_data(g: nx.MultiDiGraph, title: str = "meetup-kg", note: str = "") -> dict[str, Any]:
    """Everything the page draws, as plain JSON-able data (no HTML).

    Nodes and edges are sorted, ids are ``n<i>`` / ``e<i>``.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Person:a", type="Person", label="<b>A</b>", aliases=["Ay"])
    >>> d = page_data(g)
    >>> d["nodes"][0]["id"], d["nodes"][0]["label"], d["types"][0]["name"]
    ('n0', '<b>A</b>', 'Person')
    """
    order = sorted(g.nodes)
    ids = {n: f"n{i}" for i, n in enumerate(order)}
    deg = dict(g.degree())
    attach = _attachments(g, deg)
    for n, e in attach:
        deg[n] += 1
        deg[e] += 1
    rank = {n: i for i, n in enumerate(sorted(order, key=lambda n: (-deg[n], n)))}
    # the same articles and events are listed on thousands of nodes and edges
    doc = lru_cache(maxsize=None, typed=True)(partial(_doc, g))
    event_label = lru_cache(maxsize=None, typed=True)(partial(_event_label, g))
    type_counts: dict[str, int] = {}
    nodes = []
    for n in order:
        d = g.nodes[n]
        t = str(d.get("type") or "?")
        type_counts[t] = type_counts.get(t, 0) + 1
        label = str(d.get("label") or n)
        item: dict[str, Any] = {
            "id": ids[n],
            "label": label,
            "short": _short(label),
            "type": t,
            "degree": deg[n],
            "rank": rank[n],
            "value": round(math.sqrt(deg[n] + 1), 3),
        }
        item["aliases"] = [str(a) for a in d.get("aliases") or []]
        _capped(item, "events", d.get("events"), event_label)
        _capped(item, "docs", d.get("docs"), doc)
        item["facts"] = _facts(g, d)
        for key in ("aliases", "facts"):
            if not item[key]:
                del item[key]
        nodes.append(item)
    rel_counts: dict[str, int] = {}
    edges = []
    raw = sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2])))
    for i, (u, v, k, d) in enumerate(raw):
        rel = str(d.get("relation") or k)
        rel_counts[rel] = rel_counts.get(rel, 0) + 1
        item = {"id": f"e{i}", "from": ids[u], "to": ids[v], "rel": rel}
        evidence = [
            [doc(ev.get("doc") or ""), _clip(str(ev.get("sentence") or ""))]
            for ev in d.get("evidence") or []
            if isinstance(ev, dict)
        ]
        if evidence:
            item["evidence"] = evidence
        _capped(item, "docs", d.get("docs"), doc)
        if d.get("via_labels"):
            item["via"] = [str(x) for x in d["via_labels"][:LIST_CAP]]
        if rel in SYMMETRIC:
            item["sym"] = 1
        edges.append(item)
    for n, e in attach:
        rel_counts["named_at"] = rel_counts.get("named_at", 0) + 1
        item = {"id": f"e{len(edges)}", "from": ids[n], "to": ids[e], "rel": "named_at"}
        _capped(item, "docs", g.nodes[n].get("docs"), doc)
        edges.append(item)
    type_order = {t: i for i, t in enumerate(NODE_TYPES)}
    types = [
        {
            "name": t,
            "color": NODE_STYLES.get(t, OTHER_STYLE)[0],
            "shape": NODE_STYLES.get(t, OTHER_STYLE)[1],
            "count": c,
        }
        for t, c in sorted(type_counts.items(), key=lambda x: (type_order.get(x[0], 99), x[0]))
    ]
    rel_order = {r: i for i, r in enumerate(RELATION_COLORS)}
    rels = [
        {"name": r, "color": RELATION_COLORS.get(r, OTHER_RELATION), "count": c}
        for r, c in sorted(rel_counts.items(), key=lambda x: (rel_order.get(x[0], 99), x[0]))
    ]
    big = len(edges) > BIG_EDGES
    isolated = sum(1 for n in nodes if n["degree"] == 0)
    return {
        "title": title,
        "note": note,
        "clusters": _event_groups(g, ids, event_label) if len(nodes) > CLUSTER_ABOVE else [],
        "talks": _talk_rows(g, ids, event_label),
        "people": _people_rows(g, ids),
        "fold": _fold_map(g),
        "topLabels": TOP_LABELS,
        "types": types,
        "rels": rels,
        "nodes": nodes,
        "edges": edges,
        "edgeLabels": not big,
        "isolated": isolated,
        # many unconnected nodes crowd the picture; they start hidden and parked in rows
        "hideIsolated": isolated > min(ISOLATED_SHARE * len(nodes), ISOLATED_MAX),
        "options": _vis_options(len(nodes), big, types),
    }


def _event_groups(
    g: nx.MultiDiGraph, ids: dict[str, str], event_label: Callable[[str], str]
) -> list[dict[str, Any]]:
    """The overview of a large graph: one group per event, holding the event and the nodes
    of its meetup (the page shows each group as one node until it is clicked).

    A node of several events joins the one most of its neighbours joined (ties: the first
    by id); a node of none joins the event of its article, if any, else stays alone; a
    group of the event alone is no group.  Groups by date, then name.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Event:a", type="Event", label="A Meetup", date="2025-01-02")
    >>> g.add_node("Talk:t", type="Talk", label="T", event="Event:a")
    >>> g.add_node("Person:p", type="Person", label="P", events=["Event:a"])
    >>> g.add_node("Event:b", type="Event", label="B Meetup")
    >>> ids = {n: f"n{i}" for i, n in enumerate(sorted(g))}
    >>> [(c["label"], c["nodes"]) for c in _event_groups(g, ids, str)]
    [('A Meetup', ['n0', 'n2', 'n3'])]
    """
    events = {n for n, t in g.nodes(data="type") if t == "Event"}
    if not events:
        return []
    docs = g.graph.get("docs") or {}
    member: dict[str, str] = {}
    several: dict[str, list[str]] = {}
    for n in sorted(g.nodes):
        d = g.nodes[n]
        if n in events:
            member[n] = n
            continue
        found = [e for e in d.get("events") or [] if e in events]
        if d.get("event") in events:
            found.append(d["event"])
        if not found:
            found = [
                str((docs.get(x) or {}).get("event"))
                for x in d.get("docs") or []
                if (docs.get(x) or {}).get("event") in events
            ]
        found = sorted(set(found))
        if len(found) == 1:
            member[n] = found[0]
        elif found:
            several[n] = found
    for n, found in several.items():
        votes: dict[str, int] = {}
        for m in (*g.successors(n), *g.predecessors(n)):
            e = member.get(m)
            if e in found:
                votes[e] = votes.get(e, 0) + 1
        member[n] = max(found, key=lambda e: (votes.get(e, 0), -found.index(e)))
    groups: dict[str, list[str]] = {}
    for n in sorted(member, key=lambda n: int(ids[n][1:])):
        groups.setdefault(member[n], []).append(ids[n])
    out = [
        {
            "label": str(g.nodes[e].get("label") or event_label(e)),
            "date": str(g.nodes[e].get("date") or ""),
            "event": ids[e],
            "nodes": members,
        }
        for e, members in groups.items()
        if len(members) > 1
    ]
    out.sort(key=lambda c: (c["date"], c["label"], c["event"]))
    return out


def _attachments(g: nx.MultiDiGraph, deg: dict[str, int]) -> list[tuple[str, str]]:
    """(node, event) for each unconnected node whose article's event is drawn: a SIG or
    company named outside every talk is shown beside the meetup that named it."""
    docs = g.graph.get("docs") or {}
    out = []
    for n in sorted(g.nodes):
        if deg[n]:
            continue
        d = g.nodes[n]
        evs = [e for e in d.get("events") or [] if e in g and e != n]
        if not evs:
            evs = [
                e
                for x in d.get("docs") or []
                for e in [str((docs.get(x) or {}).get("event") or "")]
                if e in g and e != n
            ]
        if evs:
            out.append((n, evs[0]))
    return out


def _talk_rows(
    g: nx.MultiDiGraph, ids: dict[str, str], event_label: Callable[[str], str]
) -> list[list[str]]:
    """[page id, title, speakers, event, date] per Talk node, by date then title."""
    rows = []
    for n, d in g.nodes(data=True):
        if d.get("type") != "Talk":
            continue
        ev = str(d.get("event") or "")
        rows.append(
            [
                ids[n],
                str(d.get("label") or n),
                ", ".join(str(s) for s in d.get("speakers") or []),
                (str(g.nodes[ev].get("label") or ev) if ev in g else event_label(ev)) if ev else "",
                str(d.get("date") or ""),
            ]
        )
    rows.sort(key=lambda r: (r[4], r[3], r[1], r[0]))
    return rows


def _people_rows(g: nx.MultiDiGraph, ids: dict[str, str]) -> list[list[Any]]:
    """[page id, name, talks, SIGs, organisations] per Person node, most talks first."""
    rows = []
    for n, d in g.nodes(data=True):
        if d.get("type") != "Person":
            continue
        by: dict[str, list[str]] = {"gives": [], "member_of": [], "affiliated_with": []}
        for v, kd in g.succ[n].items():
            for k in kd:
                if k in by:
                    by[k].append(str(g.nodes[v].get("label") or v))
        talks = len(by["gives"])
        if not talks:  # a view without talks: count the talks behind its spoke_about edges
            talks = len(
                {
                    t
                    for kd in g.succ[n].values()
                    for t in (kd.get("spoke_about") or {}).get("via", [])
                }
            )
        rows.append(
            [
                ids[n],
                str(d.get("label") or n),
                talks,
                ", ".join(sorted(by["member_of"])),
                ", ".join(sorted(by["affiliated_with"])),
            ]
        )
    rows.sort(key=lambda r: (-r[2], r[1], r[0]))
    return rows


@cache
def _converters() -> list[Any]:
    try:
        import opencc
    except ImportError:
        return []
    out = []
    for cfg in ("t2s", "s2t", "s2hk", "s2tw"):
        try:
            out.append((cfg, opencc.OpenCC(cfg)))
        except Exception:  # a config missing from this OpenCC build
            continue
    return out


def _fold_map(g: nx.MultiDiGraph) -> dict[str, str]:
    """Traditional -> Simplified for the characters of the graph's names and their other
    forms, so the page's search finds 机密计算 when 機密計算 is typed (and back)."""
    chars = set()
    for _, d in g.nodes(data=True):
        for s in (d.get("label") or "", *(d.get("aliases") or [])):
            chars.update(ch for ch in str(s) if ord(ch) > 0x2E7F)
    out: dict[str, str] = {}
    for cfg, cc in _converters():
        for ch in sorted(chars):
            conv = cc.convert(ch)
            if len(conv) != 1 or conv == ch:
                continue
            if cfg == "t2s":
                out[ch] = conv
            else:
                out.setdefault(conv, ch)
    return dict(sorted(out.items()))


def _clip(s: str) -> str:
    return s if len(s) <= MAX_SENTENCE else s[: MAX_SENTENCE - 1] + "…"


def _vis_options(n_nodes: int, big: bool, types: list[dict[str, Any]]) -> dict[str, Any]:
    groups = {
        t["name"]: {
            "shape": t["shape"],
            "color": {
                "background": t["color"],
                "border": "#333333",
                "highlight": {"background": t["color"], "border": "#000000"},
                "hover": {"background": t["color"], "border": "#000000"},
            },
        }
        for t in types
    }
    for grp in groups.values():  # shapes with the label inside: white text, no halo
        if grp["shape"] in ("ellipse", "box", "circle", "database", "text"):
            grp["font"] = {"color": "#ffffff", "strokeWidth": 0}
    return {
        "autoResize": True,
        "groups": groups,
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes <= 150},
        "nodes": {
            "borderWidth": 1,
            "font": {"face": FONT, "size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {
                "min": 8,
                "max": 30,
                "label": {"enabled": True, "min": 12, "max": 20, "drawThreshold": 7},
            },
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "smooth": False if big else {"enabled": True, "type": "continuous", "roundness": 0.3},
            "width": 1,
            "selectionWidth": 2,
            "font": {
                "face": FONT,
                "size": 10,
                "color": "#555555",
                "strokeWidth": 2,
                "align": "middle",
            },
        },
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                # coarser far-field approximation on big graphs: ~25% faster to settle
                "theta": 0.8 if n_nodes > 1000 else 0.5,
                # big graphs spread wider, so that names fit between their nodes
                "gravitationalConstant": -12000 if n_nodes > 300 else -6000,
                "centralGravity": 0.3,
                "springLength": 150 if n_nodes > 300 else 110,
                "springConstant": 0.04,
                "damping": 0.3,
                "avoidOverlap": 0.05,
            },
            "minVelocity": 1,
            "stabilization": {
                "enabled": True,
                "iterations": 200 if big else 500,
                "updateInterval": 25,
                "fit": True,
            },
        },
        "interaction": {
            "hover": True,
            "hideEdgesOnDrag": big,
            "tooltipDelay": 150,
            "multiselect": False,
        },
    }


def _packed(data: dict[str, Any]) -> dict[str, Any]:
    """:func:`page_data` with each article and event name listed once, in ``strings``,
    and referred to by position from nodes' ``docs`` and ``events`` and edges' ``docs``
    and ``evidence`` (the page's script puts the names back): the nodes of one view
    share their articles, and at 10,000 articles a focus view listed each ~3 times.

    >>> d = _packed({"nodes": [{"docs": ["a.md", "b.md"]}], "edges": [{"evidence": [["b.md", "s"]]}]})
    >>> d["strings"], d["nodes"], d["edges"]
    (['a.md', 'b.md'], [{'docs': [0, 1]}], [{'evidence': [[1, 's']]}])
    """
    strings: dict[str, int] = {}

    def ref(s: str) -> int:
        return strings.setdefault(s, len(strings))

    nodes = []
    for n in data["nodes"]:
        n = dict(n)
        for key in ("docs", "events"):
            if key in n:
                n[key] = [ref(x) for x in n[key]]
        nodes.append(n)
    edges = []
    for e in data["edges"]:
        e = dict(e)
        if "docs" in e:
            e["docs"] = [ref(x) for x in e["docs"]]
        if "evidence" in e:
            e["evidence"] = [[ref(d), sentence] for d, sentence in e["evidence"]]
        edges.append(e)
    return {**data, "nodes": nodes, "edges": edges, "strings": list(strings)}


def unpacked(data: dict[str, Any]) -> dict[str, Any]:
    """The inverse of :func:`_packed`, as the page's script reads its data: names in
    place of positions (for tests and tools that read a page's ``kg-data``).

    >>> d = {"nodes": [{"docs": ["a.md"], "events": []}], "edges": [{"evidence": [["a.md", "s"]]}]}
    >>> unpacked(_packed(d)) == {**d, "strings": ["a.md"]}
    True
    """
    strings = data.get("strings") or []
    nodes = []
    for n in data["nodes"]:
        n = dict(n)
        for key in ("docs", "events"):
            if key in n:
                n[key] = [strings[i] for i in n[key]]
        nodes.append(n)
    edges = []
    for e in data["edges"]:
        e = dict(e)
        if "docs" in e:
            e["docs"] = [strings[i] for i in e["docs"]]
        if "evidence" in e:
            e["evidence"] = [[strings[i], sentence] for i, sentence in e["evidence"]]
        edges.append(e)
    return {**data, "nodes": nodes, "edges": edges}


def to_html(
    g: nx.MultiDiGraph,
    title: str = "meetup-kg",
    *,
    note: str = "",
    max_nodes: int | None = DEFAULT_MAX_NODES,
) -> str:
    """A whole HTML page drawing ``g``, working offline; all article text is escaped.

    Parameters
    ----------
    g : graph built by :func:`extractor.graph.records_to_graph` (or a view of it)
    title : page title
    note : shown above the legend, e.g. the note from :func:`extractor.views.select`
    max_nodes : above this many nodes only the ones of highest degree are drawn
        and the note says what was left out (``None``: no cap)

    Returns
    -------
    str : the page; the same graph always gives the same bytes

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Person:x", type="Person", label="<script>alert(1)</script>")
    >>> page = to_html(g, title="t")
    >>> "<script>alert(1)" in page, page.startswith("<!DOCTYPE html>")
    (False, True)
    """
    if max_nodes is not None and len(g) > max_nodes:
        g, capped = select(g, top=max_nodes)
        note = "; ".join(x for x in (note, capped) if x)
    data = _packed(page_data(g, title=title, note=note))
    return (
        _PAGE.replace("@TITLE@", html.escape(title))
        .replace("@CSS@", _CSS.replace("@FONT@", FONT))
        .replace("@DATA@", _json_for_script(data))
        .replace("@APP@", _script_safe(_APP))
        .replace("@VIS@", _vis_js())
    )


def write_html(
    g: nx.MultiDiGraph,
    path: str | Path,
    title: str = "meetup-kg",
    *,
    note: str = "",
    max_nodes: int | None = DEFAULT_MAX_NODES,
) -> None:
    """Write :func:`to_html` to ``path`` atomically (readers never see half a file)."""
    atomic_write_text(path, to_html(g, title, note=note, max_nodes=max_nodes))


def show(
    g: nx.MultiDiGraph,
    title: str = "meetup-kg",
    *,
    height: int = 600,
    note: str = "",
    max_nodes: int | None = DEFAULT_MAX_NODES,
):
    """The view inline in Jupyter (JupyterLab, classic, VS Code): an ``IPython.display.HTML``.

    The page goes into an iframe's ``srcdoc`` (attribute-escaped), sandboxed
    to scripts only, so it needs no server, file or network.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Person:x", type="Person", label='"x"')
    >>> show(g).data.startswith('<div><iframe srcdoc="&lt;!DOCTYPE html&gt;')
    True
    """
    from IPython.display import HTML

    page = to_html(g, title, note=note, max_nodes=max_nodes)
    # wrapped in a div: IPython warns about HTML that starts with <iframe
    return HTML(
        f'<div><iframe srcdoc="{html.escape(page, quote=True)}" title="{html.escape(title)}" '
        f'sandbox="allow-scripts" style="width:100%;height:{int(height)}px;'
        'border:1px solid #ddd"></iframe></div>'
    )


CHROMIUM = Path("/usr/bin/chromium")
# offline and quiet: no DNS, no QUIC, no background fetches, no first-run pages
_CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]


def snapshot(
    g: nx.MultiDiGraph,
    title: str = "meetup-kg",
    *,
    note: str = "",
    path: str | Path | None = None,
    width: int = 1400,
    height: int = 850,
    max_nodes: int | None = DEFAULT_MAX_NODES,
    timeout_s: float = 120,
):
    """A static PNG of the page :func:`to_html` draws, taken in headless Chromium offline
    (for notebooks saved with their outputs: a code host shows the image, not the script).

    Needs the ``playwright`` package (the ``test`` extra) and ``/usr/bin/chromium``
    (:data:`CHROMIUM`); never downloads a browser.  Returns an ``IPython.display.Image``
    (and writes ``path`` when given), or, when no browser is available, an
    ``IPython.display.Markdown`` saying so.  Every request but the page is refused.
    """
    import tempfile

    from IPython.display import Image, Markdown

    try:
        import playwright  # noqa: F401
    except ImportError:
        return Markdown("*(no static image: the `playwright` package is not installed)*")
    if not CHROMIUM.exists():
        return Markdown(f"*(no static image: {CHROMIUM} is not installed)*")
    from concurrent.futures import ThreadPoolExecutor

    with tempfile.TemporaryDirectory() as tmp:
        page_path = Path(tmp) / "view.html"
        write_html(g, page_path, title, note=note, max_nodes=max_nodes)
        # in a thread of its own: Jupyter runs cells inside an asyncio loop, where
        # playwright's sync API refuses to start
        with ThreadPoolExecutor(1) as pool:
            png = pool.submit(_screenshot, page_path, width, height, timeout_s).result()
    if path is not None:
        Path(path).write_bytes(png)
    return Image(data=png, format="png")


def _screenshot(page_path: Path, width: int, height: int, timeout_s: float) -> bytes:
    """The PNG of an offline page once laid out (every request but the page refused)."""
    from playwright.sync_api import sync_playwright

    url = page_path.resolve().as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=_CHROMIUM_ARGS
        )
        try:
            ctx = browser.new_context(viewport={"width": width, "height": height})
            ctx.route(
                "**/*",
                lambda route: route.continue_() if route.request.url == url else route.abort(),
            )
            page = ctx.new_page()
            page.goto(url, wait_until="load")
            page.wait_for_function("() => window.kg && kg.stabilized", timeout=timeout_s * 1000)
            page.wait_for_timeout(300)  # the labels are placed on the next frame
            return page.screenshot()
        finally:
            browser.close()


_PAGE = """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>@TITLE@</title>
<style>@CSS@</style>
</head>
<body>
<aside id="side">
<h1 id="title"></h1>
<p id="note" hidden></p>
<p id="status">laying out…</p>
<div class="row">
<input id="search" type="search" autocomplete="off" spellcheck="false" placeholder="搜索 search a name or alias" aria-label="search a name or alias">
</div>
<ul id="results"></ul>
<div class="row buttons">
<button id="physics" type="button" disabled>Resume layout</button>
<button id="fit" type="button">Fit</button>
<button id="clear" type="button" hidden>Show all</button>
<button id="groups" type="button" hidden title="one node per event, or every node">Open all groups</button>
<button id="png" type="button" title="save the current view as a PNG image">PNG</button>
<label><input id="edge-labels" type="checkbox"> edge labels</label>
<label id="isolated-row" hidden><input id="isolated" type="checkbox"> unconnected (<span id="isolated-n"></span>)</label>
</div>
<h2>Node types</h2>
<div id="types" class="legend"></div>
<h2>Relations</h2>
<div id="rels" class="legend"></div>
<h2>Details</h2>
<div id="details"><p class="hint">Hover or click a node or edge.</p></div>
</aside>
<main id="main"><div id="graph"></div><div id="labels" aria-hidden="true"></div><div id="tip" role="tooltip"></div></main>
<aside id="lists">
<div class="tabs" role="tablist">
<button id="tab-talks" type="button" role="tab" aria-selected="true">Talks (<span id="talks-n"></span>)</button>
<button id="tab-people" type="button" role="tab" aria-selected="false">People (<span id="people-n"></span>)</button>
</div>
<input id="filter" type="search" autocomplete="off" spellcheck="false" placeholder="filter the table" aria-label="filter the table">
<div id="table-box"><table id="table"><thead id="thead"></thead><tbody id="tbody"></tbody></table></div>
</aside>
<script id="kg-data" type="application/json">@DATA@</script>
<script>@VIS@</script>
<script>@APP@</script>
</body>
</html>
"""

_CSS = """
*{box-sizing:border-box}
html,body{margin:0;height:100%;overflow:hidden}
body{display:flex;font:13px/1.45 @FONT@;color:#222;background:#fff}
#side{width:300px;min-width:240px;height:100%;overflow:auto;padding:10px 12px;border-right:1px solid #ddd;background:#fafafa}
#lists{width:340px;min-width:220px;height:100%;display:flex;flex-direction:column;border-left:1px solid #ddd;background:#fafafa;padding:8px}
#main{position:relative;flex:1;height:100%;min-width:0;overflow:hidden}
#graph{position:absolute;top:0;left:0;right:0;bottom:0}
#labels{position:absolute;top:0;left:0;right:0;bottom:0;pointer-events:none;overflow:hidden}
#labels span{position:absolute;white-space:nowrap;font-size:12px;line-height:15px;height:15px;padding:0 2px;color:#222;background:rgba(255,255,255,.78);border-radius:2px}
#labels span.top{font-weight:bold}
#labels span.group{color:#8c2a12;border:1px solid #e4b8a8}
#labels span.dim{opacity:.2}
h1{font-size:16px;margin:0 0 6px;word-break:break-word}
h2{font-size:13px;margin:12px 0 4px;color:#555}
#note{background:#fff4d6;border:1px solid #efd48a;border-radius:4px;padding:4px 6px;margin:4px 0}
#status{color:#666;margin:4px 0}
.row{margin:6px 0}
.buttons{display:flex;gap:6px;align-items:center;flex-wrap:wrap}
#search,#filter{width:100%;padding:5px 7px;font:inherit;border:1px solid #bbb;border-radius:4px}
#results{list-style:none;margin:0;padding:0;max-height:220px;overflow:auto}
#results button,.link{display:block;width:100%;text-align:left;border:0;background:none;padding:2px 4px;font:inherit;cursor:pointer;color:#1a4d8f}
#results button{color:inherit;padding:3px 4px}
#results button:hover,#results button:focus,.link:hover,.link:focus{background:#e8f0fe}
#results .t{color:#888;font-size:11px;margin-left:6px}
button{font:inherit;padding:3px 8px;border:1px solid #bbb;border-radius:4px;background:#fff;cursor:pointer}
.legend label{display:flex;align-items:center;gap:6px;padding:1px 0;cursor:pointer}
.legend svg{flex:none}
.legend .n{color:#888;margin-left:auto}
#details h3,#tip h3{font-size:14px;margin:0 0 2px;word-break:break-word}
#details p,#tip p{margin:2px 0}
#details ul,#tip ul{margin:2px 0 4px;padding-left:18px}
#details li .why{display:block;color:#666;font-size:11px;margin:0 0 3px 4px}
blockquote{margin:3px 0;padding:2px 6px;border-left:3px solid #ccc;background:#f4f4f4}
cite{display:block;color:#777;font-style:normal;font-size:11px}
.k{color:#777}
.hint{color:#888}
#tip{position:absolute;display:none;max-width:380px;background:#fff;border:1px solid #bbb;border-radius:4px;box-shadow:0 2px 8px rgba(0,0,0,.2);padding:6px 8px;pointer-events:none;z-index:10;font-size:12px}
.tabs{display:flex;gap:4px;margin-bottom:6px}
.tabs button[aria-selected=true]{background:#e8f0fe;border-color:#7aa7e8}
#table-box{flex:1;overflow:auto;margin-top:6px;border:1px solid #ddd;background:#fff}
#table{border-collapse:collapse;width:100%;font-size:12px}
#table th{position:sticky;top:0;background:#f0f0f0;text-align:left;padding:3px 4px;border-bottom:1px solid #ccc}
#table td:last-child{white-space:nowrap}
#table td{padding:3px 4px;border-bottom:1px solid #eee;vertical-align:top;word-break:break-word}
#table tbody tr{cursor:pointer}
#table tbody tr:hover,#table tbody tr.on{background:#e8f0fe}
"""

# The page's script: every string from the data goes through textContent.
_APP = r"""
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("kg-data").textContent);
  (function unpack() {
    // articles and events are listed once in D.strings, referred to by position
    var S = D.strings || [];
    if (!S.length) return;
    function get(i) { return S[i]; }
    D.nodes.forEach(function (n) {
      if (n.docs) n.docs = n.docs.map(get);
      if (n.events) n.events = n.events.map(get);
    });
    D.edges.forEach(function (e) {
      if (e.docs) e.docs = e.docs.map(get);
      if (e.evidence) e.evidence = e.evidence.map(function (ev) { return [S[ev[0]], ev[1]]; });
    });
  })();
  var $ = function (id) { return document.getElementById(id); };
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  var FOLD = D.fold || {};
  function key(s) {
    // the page's match_key: NFKC, lower case, no separators, Traditional -> Simplified
    var k = String(s).normalize("NFKC").toLowerCase().replace(/[\s\-_\u00b7.\uff0e]/g, ""), out = "";
    for (var i = 0; i < k.length; i++) { var c = k[i]; out += FOLD[c] || c; }
    return out;
  }
  var t0 = performance.now();
  var kg = window.kg = { stabilized: false, drawn: false, focused: null, timing: { start: t0 } };
  $("title").textContent = D.title;
  if (D.note) { $("note").textContent = D.note; $("note").hidden = false; }

  var TYPE = {}, REL = {}, INFO = {}, EINFO = {}, ADJ = {};
  D.types.forEach(function (t) { TYPE[t.name] = t; });
  D.rels.forEach(function (r) { REL[r.name] = r; });
  var hiddenTypes = new Set(), hiddenRels = new Set(), saved = {};
  var showEdgeLabels = D.edgeLabels;
  $("edge-labels").checked = showEdgeLabels;

  function edgeItem(e) {
    var c = (REL[e.rel] || {}).color || "#888888";
    var item = { id: e.id, from: e.from, to: e.to, label: showEdgeLabels ? e.rel : "",
                 color: { color: c, highlight: c, hover: c, opacity: 0.85 } };
    if (e.sym) item.arrows = { to: { enabled: false } };
    if (e.rel === "named_at") item.dashes = true;
    return item;
  }
  // vis-network draws no labels: the page places them itself (see layoutLabels)
  var nodes = new vis.DataSet(D.nodes.map(function (n) {
    INFO[n.id] = n; ADJ[n.id] = [];
    return { id: n.id, group: n.type, value: n.value };
  }));
  var edges = new vis.DataSet(D.edges.map(function (e) {
    EINFO[e.id] = e; ADJ[e.from].push(e.id); ADJ[e.to].push(e.id);
    return edgeItem(e);
  }));
  var showIsolated = !D.hideIsolated;
  var nodeView = new vis.DataView(nodes, { filter: function (n) {
    return !hiddenTypes.has(n.group) && (showIsolated || INFO[n.id].degree > 0);
  } });
  var edgeView = new vis.DataView(edges, { filter: function (e) {
    var x = EINFO[e.id];
    return !hiddenRels.has(x.rel) && !hiddenTypes.has(INFO[x.from].type) && !hiddenTypes.has(INFO[x.to].type);
  } });
  var network = new vis.Network($("graph"), { nodes: nodeView, edges: edgeView }, D.options);
  kg.network = network; kg.nodes = nodes; kg.edges = edges; kg.nodeView = nodeView; kg.edgeView = edgeView;
  kg.info = INFO; kg.edgeData = EINFO;
  function shown(id) { var n = INFO[id]; return !hiddenTypes.has(n.type) && (showIsolated || n.degree > 0); }

  // ---- the overview of a large graph: one node per event group, opened by a click ----
  // (laid out whole first; a group node sits on its event and gives its nodes back
  // where they were around it)
  var GROUPS = {}, MEMBER = {}, HOME = {};
  (D.clusters || []).forEach(function (c, i) {
    var gid = "g" + i;
    GROUPS[gid] = { id: gid, label: c.label, date: c.date, event: c.event, nodes: c.nodes, closed: false, size: c.nodes.length, kept: true,
                    short: c.label.length <= 24 ? c.label : c.label.slice(0, 23) + "…" };
    c.nodes.forEach(function (n) { MEMBER[n] = gid; });
  });
  kg.groups = GROUPS; kg.member = MEMBER;
  var GROUP_COLOR = (TYPE.Event || {}).color || "#e4572e";
  function closedGroups() { return Object.keys(GROUPS).filter(function (g) { return GROUPS[g].closed; }); }
  function closeGroup(gid) {
    var grp = GROUPS[gid];
    if (grp.closed) return;
    var pos = network.getPositions(grp.nodes.filter(function (n) { return network.body.nodeIndices.indexOf(n) >= 0; }));
    var ids = Object.keys(pos);
    if (!ids.length) return;
    var at = pos[grp.event];
    if (!at) {  // the event itself is filtered out: the middle of the rest
      var xs = ids.map(function (n) { return pos[n].x; }), ys = ids.map(function (n) { return pos[n].y; });
      at = { x: (Math.min.apply(null, xs) + Math.max.apply(null, xs)) / 2, y: (Math.min.apply(null, ys) + Math.max.apply(null, ys)) / 2 };
    }
    ids.forEach(function (n) { HOME[n] = { x: pos[n].x - at.x, y: pos[n].y - at.y }; });
    var inside = new Set(ids);
    grp.size = ids.length;
    network.cluster({
      joinCondition: function (o) { return inside.has(o.id); },
      clusterNodeProperties: {
        id: gid, x: at.x, y: at.y, value: ids.length, shape: "dot", borderWidth: 3, allowSingleNodeCluster: true,
        scaling: { min: 10, max: 48 },
        opacity: grp.kept ? 1 : 0.12,
        color: { background: GROUP_COLOR, border: "#8c2a12", highlight: { background: GROUP_COLOR, border: "#000000" },
                 hover: { background: GROUP_COLOR, border: "#000000" } }
      },
      clusterEdgeProperties: { label: "", dashes: false, width: 1, arrows: { to: { enabled: false } },
                               color: { color: "#aab2ba", highlight: "#555555", hover: "#555555", opacity: 0.5 } }
    });
    grp.closed = gid in network.body.nodes;  // (isCluster logs an error for a missing node)
  }
  function openGroup(gid) {
    var grp = GROUPS[gid];
    if (!grp || !grp.closed) return;
    grp.closed = false;
    if (!(gid in network.body.nodes)) return;
    network.openCluster(gid, { releaseFunction: function (at, inside) {
      var out = {};
      Object.keys(inside).forEach(function (n) { var h = HOME[n] || { x: 0, y: 0 }; out[n] = { x: at.x + h.x, y: at.y + h.y }; });
      return out;
    } });
  }
  function groupsChanged() {
    var closed = closedGroups().length;
    $("groups").hidden = !Object.keys(GROUPS).length;
    $("groups").textContent = closed ? "Open all groups" : "Group by event";
    kg.closedGroups = closed;
    if (kg.stabilized) { shownStatus(); queueLabels(); }
  }
  function openAll() { closedGroups().forEach(openGroup); groupsChanged(); }
  function closeAll() { Object.keys(GROUPS).forEach(closeGroup); groupsChanged(); }
  function reveal(id) {
    // a node and its neighbours are drawn: the groups holding them open
    var todo = [id];
    ADJ[id].forEach(function (eid) { todo.push(EINFO[eid].from, EINFO[eid].to); });
    var changed = false;
    todo.forEach(function (n) { var g = MEMBER[n]; if (g && GROUPS[g].closed) { openGroup(g); changed = true; } });
    if (changed) groupsChanged();
  }
  kg.openGroup = function (g) { openGroup(g); groupsChanged(); };
  kg.openAll = openAll; kg.closeAll = closeAll;

  // ---- labels: level of detail, never overlapping ----
  var BY_RANK = D.nodes.slice().sort(function (a, b) { return a.rank - b.rank; }).map(function (n) { return n.id; });
  var labelBox = $("labels"), pool = [], widths = {}, dimmed = null;
  var measure = document.createElement("canvas").getContext("2d");
  measure.font = "bold 12px " + getComputedStyle(document.body).fontFamily;
  function text(id) { return GROUPS[id] ? GROUPS[id].short : INFO[id].short; }
  function width(id) {
    if (!(id in widths)) widths[id] = Math.ceil(measure.measureText(text(id)).width) + 6;
    return widths[id];
  }
  function overlaps(b, boxes) {
    for (var i = 0; i < boxes.length; i++) {
      var o = boxes[i];
      if (b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) return true;
    }
    return false;
  }
  var MAX_LABELS = 250, H = 15;
  function spot(id, p, scale, rings, boxes, W, HH) {
    // below, above, right, left of the node; the most connected search further out
    var body = network.body.nodes[id], r = Math.max(4, (body && body.shape && body.shape.radius ? body.shape.radius : 8) * scale);
    var w = width(id);
    for (var ring = 0; ring < rings; ring++) {
      var d = ring * (H + 2);
      var cands = [[p.x - w / 2, p.y + r + 2 + d], [p.x - w / 2, p.y - r - H - 2 - d],
                   [p.x + r + 3 + d, p.y - H / 2], [p.x - r - w - 3 - d, p.y - H / 2]];
      if (ring) cands.push([p.x + r + 3 + d, p.y + r + d], [p.x - r - w - 3 - d, p.y - r - H - d],
                           [p.x + r + 3 + d, p.y - r - H - d], [p.x - r - w - 3 - d, p.y + r + d]);
      for (var c = 0; c < cands.length; c++) {
        var b = { x: Math.min(Math.max(cands[c][0], 1), W - w - 1), y: Math.min(Math.max(cands[c][1], 1), HH - H - 1), w: w, h: H };
        if (!overlaps(b, boxes)) return b;
      }
    }
    return null;
  }
  function layoutLabels() {
    var W = labelBox.clientWidth, HH = labelBox.clientHeight, boxes = [], placed = [];
    var pos = network.getPositions(), scale = network.getScale();
    // level of detail: the most connected at every zoom, more names as one zooms in
    if (!kg.baseScale) kg.baseScale = scale;
    var wanted = D.nodes.length <= 150 ? D.nodes.length :
      Math.round(D.topLabels * 1.5 * Math.pow(Math.max(1, scale / kg.baseScale), 2));
    // closed event groups first, the largest first: each is named by its event
    closedGroups().filter(function (g) { return g in pos; })
      .sort(function (a, b) { return GROUPS[b].size - GROUPS[a].size || (a < b ? -1 : 1); })
      .forEach(function (g) {
        var p = network.canvasToDOM(pos[g]);
        if (p.x < -50 || p.y < -50 || p.x > W + 50 || p.y > HH + 50 || placed.length >= MAX_LABELS) return;
        var found = spot(g, p, scale, 12, boxes, W, HH);
        if (found) { boxes.push(found); placed.push([g, found, true]); }
      });
    for (var i = 0; i < BY_RANK.length && placed.length < MAX_LABELS && i < wanted + D.topLabels * 4; i++) {
      var id = BY_RANK[i], top = INFO[id].rank < D.topLabels;
      if (!top && placed.length >= wanted) break;
      if (!(id in pos) || !shown(id)) continue;
      var p = network.canvasToDOM(pos[id]);
      if (p.x < -50 || p.y < -50 || p.x > W + 50 || p.y > HH + 50) continue;
      var found = spot(id, p, scale, top ? 12 : 1, boxes, W, HH);
      if (!found) continue;
      boxes.push(found);
      placed.push([id, found, top]);
    }
    for (var j = 0; j < placed.length; j++) {
      var s = pool[j];
      if (!s) { s = pool[j] = el("span"); labelBox.appendChild(s); }
      var it = placed[j], nid = it[0];
      if (s.getAttribute("data-id") !== nid) { s.setAttribute("data-id", nid); s.textContent = text(nid); }
      s.style.left = it[1].x + "px"; s.style.top = it[1].y + "px";
      var dim = dimmed && (GROUPS[nid] ? !GROUPS[nid].kept : !dimmed.has(nid));
      s.className = (it[2] ? "top" : "") + (GROUPS[nid] ? " group" : "") + (dim ? " dim" : "");
      s.hidden = false;
    }
    for (var k = placed.length; k < pool.length; k++) { pool[k].hidden = true; pool[k].removeAttribute("data-id"); }
    kg.labelCount = placed.length;
  }
  var labelsQueued = false;
  function queueLabels() {
    if (labelsQueued) return;
    labelsQueued = true;
    requestAnimationFrame(function () { labelsQueued = false; layoutLabels(); });
  }
  kg.layoutLabels = layoutLabels;

  // ---- status, physics ----
  function status(text) { $("status").textContent = text; }
  function shownStatus() {
    var closed = closedGroups().length;
    status(nodeView.length + " of " + D.nodes.length + " nodes, " + edgeView.length + " of " + D.edges.length + " edges shown" +
           (closed ? ", in " + closed + " event groups: click one to open it" : ""));
  }
  var physicsOn = true;
  function setPhysics(on) {
    physicsOn = on;
    network.setOptions({ physics: { enabled: on } });
    if (on) network.startSimulation();
    $("physics").textContent = on ? "Stop layout" : "Resume layout";
  }
  function stabilized() {
    if (kg.stabilized) return;
    kg.timing.stabilized = performance.now();
    setPhysics(false);
    $("physics").disabled = false;
    if (Object.keys(GROUPS).length) {  // a large graph opens on its overview
      closeAll();
      network.fit({ animation: false });
    }
    kg.stabilized = true;
    document.body.setAttribute("data-stabilized", "1");
    shownStatus();
    queueLabels();
  }
  network.on("stabilizationProgress", function (p) {
    status("laying out… " + Math.round(100 * p.iterations / p.total) + "%");
  });
  network.once("stabilizationIterationsDone", stabilized);
  network.on("afterDrawing", function () {
    if (!kg.drawn) { kg.drawn = true; kg.timing.drawn = performance.now(); }
    if (kg.stabilized) queueLabels();
  });
  if (!D.nodes.length) { stabilized(); status("The graph is empty."); }
  $("physics").addEventListener("click", function () { setPhysics(!physicsOn); });
  $("fit").addEventListener("click", function () { network.fit(); });
  $("groups").addEventListener("click", function () { if (closedGroups().length) openAll(); else closeAll(); });
  $("edge-labels").addEventListener("change", function () {
    showEdgeLabels = this.checked;
    edges.update(D.edges.map(function (e) { return { id: e.id, label: showEdgeLabels ? e.rel : "" }; }));
  });

  // ---- legend and filters ----
  var SHAPES = {
    dot: "<circle cx='8' cy='8' r='6'/>",
    ellipse: "<ellipse cx='8' cy='8' rx='7' ry='4.5'/>",
    square: "<rect x='2.5' y='2.5' width='11' height='11'/>",
    diamond: "<polygon points='8,1 15,8 8,15 1,8'/>",
    triangle: "<polygon points='8,1.5 14.5,14 1.5,14'/>",
    triangleDown: "<polygon points='1.5,2 14.5,2 8,14.5'/>",
    hexagon: "<polygon points='4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8'/>",
    star: "<polygon points='8,0.5 10,6 15.5,6 11,9.5 12.8,15 8,11.7 3.2,15 5,9.5 0.5,6 6,6'/>",
    line: "<line x1='0' y1='8' x2='16' y2='8' stroke-width='3'/>"
  };
  var SVGNS = "http://www.w3.org/2000/svg";
  function swatch(shape, color) {
    // SHAPES holds constant markup only; the colour is set through setAttribute
    var svg = document.createElementNS(SVGNS, "svg");
    svg.setAttribute("width", "16"); svg.setAttribute("height", "16"); svg.setAttribute("viewBox", "0 0 16 16");
    var tmp = new DOMParser().parseFromString("<svg xmlns='" + SVGNS + "'>" + (SHAPES[shape] || SHAPES.dot) + "</svg>", "image/svg+xml");
    var shapeEl = document.importNode(tmp.documentElement.firstChild, true);
    if (shape === "line") shapeEl.setAttribute("stroke", color);
    else { shapeEl.setAttribute("fill", color); shapeEl.setAttribute("stroke", "#333"); }
    svg.appendChild(shapeEl);
    return svg;
  }
  function legendRow(box, kind, name, shape, color, count, hidden) {
    var lab = el("label");
    var cb = el("input");
    cb.type = "checkbox"; cb.checked = true;
    cb.setAttribute("data-" + kind, name);
    cb.addEventListener("change", function () {
      if (cb.checked) hidden.delete(name); else hidden.add(name);
      applyFilters();
    });
    lab.appendChild(cb);
    lab.appendChild(swatch(shape, color));
    lab.appendChild(el("span", name));
    lab.appendChild(el("span", count, "n"));
    box.appendChild(lab);
  }
  D.types.forEach(function (t) { legendRow($("types"), "type", t.name, t.shape, t.color, t.count, hiddenTypes); });
  D.rels.forEach(function (r) { legendRow($("rels"), "rel", r.name, "line", r.color, r.count, hiddenRels); });

  function applyFilters() {
    // closed groups open for the change and close again over the nodes still shown
    var regroup = closedGroups();
    regroup.forEach(openGroup);
    var pos = network.getPositions();
    Object.keys(pos).forEach(function (id) { saved[id] = pos[id]; });
    // nodes coming back keep the place they had before they were hidden
    var back = [];
    D.nodes.forEach(function (n) {
      if (!(n.id in pos) && saved[n.id] && !hiddenTypes.has(n.type)) back.push({ id: n.id, x: saved[n.id].x, y: saved[n.id].y });
    });
    if (back.length) nodes.update(back);
    nodeView.refresh();
    edgeView.refresh();
    regroup.forEach(closeGroup);
    if (regroup.length) groupsChanged();
    if (kg.stabilized) { shownStatus(); queueLabels(); }
  }
  kg.applyFilters = applyFilters;

  if (D.isolated) {
    $("isolated-row").hidden = false;
    $("isolated-n").textContent = D.isolated;
    $("isolated").checked = showIsolated;
  }
  function parkIsolated() {
    // unconnected nodes never laid out go in rows under the drawing, by type and name
    var pos = network.getPositions(), ids = Object.keys(pos), todo = [];
    D.nodes.forEach(function (n) { if (!n.degree && !(n.id in pos) && !saved[n.id]) todo.push(n); });
    if (!todo.length) return;
    var minX = Infinity, maxX = -Infinity, maxY = -Infinity;
    ids.forEach(function (id) { var p = pos[id]; minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); maxY = Math.max(maxY, p.y); });
    if (!ids.length) { minX = 0; maxX = 1000; maxY = 0; }
    // about 170 px per label (10 CJK characters) across the drawing's width
    var perRow = Math.max(6, Math.floor((maxX - minX) / 170) + 1), step = 170;
    nodes.update(todo.map(function (n, i) {
      saved[n.id] = { x: minX + (i % perRow) * step, y: maxY + 140 + Math.floor(i / perRow) * 80 };
      return { id: n.id, x: saved[n.id].x, y: saved[n.id].y };
    }));
  }
  function setIsolated(on) {
    showIsolated = on;
    $("isolated").checked = on;
    if (on) parkIsolated();
    applyFilters();
  }
  $("isolated").addEventListener("change", function () { setIsolated(this.checked); });

  // ---- details and tooltips ----
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function list(box, label, items, limit, total) {
    // total: how many there are when the page holds only the first ones
    if (!items || !items.length) return;
    var p = el("p"); p.appendChild(el("span", label + ": ", "k"));
    box.appendChild(p);
    var ul = el("ul"), shown = items.slice(0, limit), more = (total || items.length) - shown.length;
    shown.forEach(function (x) { ul.appendChild(el("li", x)); });
    if (more > 0) ul.appendChild(el("li", "… " + more + " more", "k"));
    box.appendChild(ul);
  }
  function fact(box, k, v) {
    var p = el("p"); p.appendChild(el("span", k + ": ", "k")); p.appendChild(document.createTextNode(v)); box.appendChild(p);
  }
  // how each edge reads from either end: [heading from the source, heading from the target]
  var HEAD = {
    gives: ["talks", "speakers"], presented_at: ["event", "talks"], member_of: ["SIGs", "members"],
    affiliated_with: ["organisations", "people"], organized_by: ["organisers", "organised"],
    held_in: ["place", "events"], mentions: ["topics", "mentioned in talks"],
    spoke_about: ["topics (own talks)", "spoken about by"], works_with: ["works with", "works with"],
    named_at: ["named in the article of", "also named there"]
  };
  function why(e) {
    if (e.evidence && e.evidence.length) return "“" + e.evidence[0][1] + "” — " + e.evidence[0][0];
    if (e.via && e.via.length) return "via " + e.via.slice(0, 3).join(" · ");
    if (e.docs && e.docs.length) return e.docs[0];
    return "";
  }
  function related(id) {
    // groups of [node id, edge] by heading, in the order of HEAD
    var groups = {}, order = [];
    ADJ[id].forEach(function (eid) {
      var e = EINFO[eid], out = e.from === id, other = out ? e.to : e.from;
      var h = (HEAD[e.rel] || [e.rel, e.rel + " (in)"])[out ? 0 : 1];
      if (!groups[h]) { groups[h] = []; order.push(h); }
      groups[h].push([other, e]);
    });
    if (INFO[id].type === "Person") {
      // topics of the person's own talks, when the talks are drawn
      var seen = {}, h2 = "topics of their talks";
      ADJ[id].forEach(function (eid) {
        var e = EINFO[eid];
        if (e.rel !== "gives" || e.from !== id) return;
        ADJ[e.to].forEach(function (tid) {
          var m = EINFO[tid];
          if (m.rel === "mentions" && m.from === e.to && !seen[m.to]) {
            seen[m.to] = 1;
            if (!groups[h2]) { groups[h2] = []; order.push(h2); }
            groups[h2].push([m.to, m]);
          }
        });
      });
    }
    return order.map(function (h) { return [h, groups[h]]; });
  }
  function nodeInfo(id, limit) {
    var n = INFO[id], box = el("div");
    box.appendChild(el("h3", n.label));
    fact(box, "type", n.type + " · " + plural(n.degree, "edge"));
    if (n.aliases) fact(box, "aliases", n.aliases.join(", "));
    (n.facts || []).forEach(function (f) { fact(box, f[0], f[1]); });
    if (limit > 5) {
      related(id).forEach(function (g) {
        var p = el("p"); p.appendChild(el("span", g[0] + " (" + g[1].length + "):", "k")); box.appendChild(p);
        var ul = el("ul");
        g[1].slice(0, limit).forEach(function (x) {
          var li = el("li"), b = el("button", INFO[x[0]].label, "link");
          b.type = "button";
          b.addEventListener("click", function () { focusNode(x[0]); });
          li.appendChild(b);
          var w = why(x[1]);
          if (w) li.appendChild(el("span", w, "why"));
          ul.appendChild(li);
        });
        if (g[1].length > limit) ul.appendChild(el("li", "… " + (g[1].length - limit) + " more", "k"));
        box.appendChild(ul);
      });
    }
    list(box, "events", n.events, limit, n.events_n);
    list(box, "articles", n.docs, limit, n.docs_n);
    return box;
  }
  function edgeInfo(id, limit) {
    var e = EINFO[id], box = el("div");
    box.appendChild(el("h3", e.rel));
    box.appendChild(el("p", INFO[e.from].label + (e.sym ? " ↔ " : " → ") + INFO[e.to].label));
    (e.evidence || []).slice(0, limit).forEach(function (ev) {
      var q = el("blockquote", ev[1]);
      q.appendChild(el("cite", ev[0]));
      box.appendChild(q);
    });
    list(box, "through", e.via, limit);
    if (!e.evidence) list(box, e.docs && e.docs.length === 1 ? "article" : "articles", e.docs, limit, e.docs_n);
    return box;
  }
  kg.nodeInfo = nodeInfo; kg.edgeInfo = edgeInfo;
  var tip = $("tip");
  function showTip(content, at) {
    tip.replaceChildren(content);
    tip.style.display = "block";
    var main = $("main"), w = main.clientWidth, h = main.clientHeight;
    var x = Math.min(at.x + 14, Math.max(0, w - tip.offsetWidth - 4));
    var y = at.y + 14 + tip.offsetHeight > h ? Math.max(0, at.y - tip.offsetHeight - 8) : at.y + 14;
    tip.style.left = x + "px"; tip.style.top = y + "px";
  }
  function hideTip() { tip.style.display = "none"; }
  function groupInfo(gid) {
    var grp = GROUPS[gid], box = el("div");
    box.appendChild(el("h3", grp.label));
    fact(box, "event group", (grp.date ? grp.date + " · " : "") + plural(grp.size, "node"));
    box.appendChild(el("p", "Click to open it.", "hint"));
    return box;
  }
  function groupEdgeInfo(eid) {
    // an edge drawn for the edges between two groups (or a group and a node)
    var base = network.clustering.getBaseEdges(eid), rels = {}, box = el("div");
    base.forEach(function (b) { var e = EINFO[b]; if (e) rels[e.rel] = (rels[e.rel] || 0) + 1; });
    box.appendChild(el("h3", plural(base.length, "edge")));
    box.appendChild(el("p", Object.keys(rels).sort().map(function (r) { return rels[r] + " " + r; }).join(", ")));
    return box;
  }
  network.on("hoverNode", function (p) { showTip(GROUPS[p.node] ? groupInfo(p.node) : nodeInfo(p.node, 5), p.pointer.DOM); });
  network.on("hoverEdge", function (p) { showTip(EINFO[p.edge] ? edgeInfo(p.edge, 3) : groupEdgeInfo(p.edge), p.pointer.DOM); });
  ["blurNode", "blurEdge", "dragStart", "zoom"].forEach(function (ev) { network.on(ev, hideTip); });
  $("graph").addEventListener("mouseleave", hideTip);
  function details(content) { $("details").replaceChildren(content); }
  network.on("click", function (p) {
    if (p.nodes.length && GROUPS[p.nodes[0]]) {
      hideTip();
      network.unselectAll();
      kg.openGroup(p.nodes[0]);
    } else if (p.nodes.length) { details(nodeInfo(p.nodes[0], 50)); highlight(p.nodes[0]); }
    else if (p.edges.length) details(EINFO[p.edges[0]] ? edgeInfo(p.edges[0], 10) : groupEdgeInfo(p.edges[0]));
  });

  // ---- dimming: a node and its neighbours stand out ----
  function highlight(id) {
    var keep = new Set([id]), keepEdges = new Set(ADJ[id]);
    ADJ[id].forEach(function (eid) { keep.add(EINFO[eid].from); keep.add(EINFO[eid].to); });
    dimmed = keep;
    nodes.update(D.nodes.map(function (n) { return { id: n.id, opacity: keep.has(n.id) ? 1 : 0.12 }; }));
    edges.update(D.edges.map(function (e) {
      var c = (REL[e.rel] || {}).color || "#888888", on = keepEdges.has(e.id);
      return { id: e.id, color: { color: c, highlight: c, hover: c, opacity: on ? 0.95 : 0.06 }, width: on ? 2 : 1 };
    }));
    Object.keys(GROUPS).forEach(function (g) {
      GROUPS[g].kept = GROUPS[g].nodes.some(function (n) { return keep.has(n); });
      if (GROUPS[g].closed) network.clustering.updateClusteredNode(g, { opacity: GROUPS[g].kept ? 1 : 0.12 });
    });
    $("clear").hidden = false;
    kg.dimmed = Array.from(keep);
    queueLabels();
  }
  function clearHighlight() {
    dimmed = null; kg.dimmed = null;
    nodes.update(D.nodes.map(function (n) { return { id: n.id, opacity: 1 }; }));
    edges.update(D.edges.map(function (e) { var it = edgeItem(e); return { id: e.id, color: it.color, width: 1 }; }));
    Object.keys(GROUPS).forEach(function (g) {
      GROUPS[g].kept = true;
      if (GROUPS[g].closed) network.clustering.updateClusteredNode(g, { opacity: 1 });
    });
    $("clear").hidden = true;
    network.unselectAll();
    queueLabels();
  }
  kg.highlight = highlight; kg.clearHighlight = clearHighlight;
  $("clear").addEventListener("click", clearHighlight);

  // ---- search ----
  var INDEX = D.nodes.map(function (n) {
    return { id: n.id, keys: [n.label].concat(n.aliases || []).map(key) };
  });
  function search(q) {
    var k = key(q), hits = [];
    if (!k) return hits;
    INDEX.forEach(function (x) {
      var best = 3;
      x.keys.forEach(function (s) {
        if (s === k) best = 0; else if (best > 1 && s.indexOf(k) === 0) best = 1; else if (best > 2 && s.indexOf(k) > 0) best = 2;
      });
      if (best < 3) hits.push([best, -INFO[x.id].degree, INFO[x.id].label, x.id]);
    });
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0); });
    return hits.slice(0, 30).map(function (h) { return h[3]; });
  }
  kg.search = search;
  function focusNode(id) {
    var t = INFO[id].type;
    if (hiddenTypes.has(t)) {
      hiddenTypes.delete(t);
      document.querySelectorAll("#types input").forEach(function (cb) { if (cb.getAttribute("data-type") === t) cb.checked = true; });
      applyFilters();
    }
    if (!showIsolated && !INFO[id].degree) setIsolated(true);
    reveal(id);
    network.selectNodes([id]);
    highlight(id);
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 300, easingFunction: "easeInOutQuad" } });
    details(nodeInfo(id, 50));
    kg.focused = id;
  }
  kg.focusNode = focusNode;
  var results = [];
  $("search").addEventListener("input", function () {
    results = search(this.value);
    var ul = $("results");
    ul.replaceChildren();
    results.forEach(function (id) {
      var li = el("li"), b = el("button", INFO[id].label);
      b.type = "button";
      b.appendChild(el("span", INFO[id].type, "t"));
      b.addEventListener("click", function () { focusNode(id); });
      li.appendChild(b); ul.appendChild(li);
    });
    if (this.value && !results.length) ul.appendChild(el("li", "no match", "hint"));
    if (!this.value && dimmed) clearHighlight();
  });
  $("search").addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && results.length) { ev.preventDefault(); focusNode(results[0]); }
    if (ev.key === "Escape") { this.value = ""; $("results").replaceChildren(); clearHighlight(); }
  });

  // ---- tables of talks and people beside the graph ----
  var TABLES = {
    talks: { head: ["Title", "Speakers", "Event", "Date"], rows: D.talks || [] },
    people: { head: ["Name", "Talks", "SIGs", "Organisations"], rows: D.people || [] }
  };
  $("talks-n").textContent = TABLES.talks.rows.length;
  $("people-n").textContent = TABLES.people.rows.length;
  var current = "talks", rowKeys = {};
  Object.keys(TABLES).forEach(function (name) {
    rowKeys[name] = TABLES[name].rows.map(function (r) { return key(r.slice(1).join(" ")); });
  });
  function drawTable() {
    var t = TABLES[current], q = key($("filter").value), head = el("tr"), body = $("tbody");
    t.head.forEach(function (h) { head.appendChild(el("th", h)); });
    $("thead").replaceChildren(head);
    body.replaceChildren();
    var shownRows = 0;
    t.rows.forEach(function (r, i) {
      if (q && rowKeys[current][i].indexOf(q) < 0) return;
      if (shownRows >= 500) return;
      shownRows++;
      var tr = el("tr");
      tr.setAttribute("data-node", r[0]);
      r.slice(1).forEach(function (c) { tr.appendChild(el("td", c)); });
      tr.addEventListener("click", function () {
        body.querySelectorAll("tr.on").forEach(function (x) { x.classList.remove("on"); });
        tr.classList.add("on");
        focusNode(r[0]);
      });
      body.appendChild(tr);
    });
    if (!shownRows) { var tr = el("tr"), td = el("td", t.rows.length ? "no match" : "none in this view", "hint"); td.colSpan = t.head.length; tr.appendChild(td); body.appendChild(tr); }
  }
  function tab(name) {
    current = name;
    $("tab-talks").setAttribute("aria-selected", String(name === "talks"));
    $("tab-people").setAttribute("aria-selected", String(name === "people"));
    drawTable();
  }
  $("tab-talks").addEventListener("click", function () { tab("talks"); });
  $("tab-people").addEventListener("click", function () { tab("people"); });
  $("filter").addEventListener("input", drawTable);
  tab(TABLES.talks.rows.length || !TABLES.people.rows.length ? "talks" : "people");
  kg.tab = tab;

  // ---- the current view as a PNG (the canvas, with the labels drawn on it) ----
  function png() {
    var src = $("graph").querySelector("canvas"), ratio = src.width / src.clientWidth;
    var c = document.createElement("canvas"); c.width = src.width; c.height = src.height;
    var x = c.getContext("2d");
    x.fillStyle = "#ffffff"; x.fillRect(0, 0, c.width, c.height);
    x.drawImage(src, 0, 0);
    x.scale(ratio, ratio);
    x.font = "12px " + getComputedStyle(document.body).fontFamily;
    x.textBaseline = "top";
    pool.forEach(function (s) {
      if (s.hidden) return;
      var l = parseFloat(s.style.left), t = parseFloat(s.style.top);
      x.globalAlpha = s.classList.contains("dim") ? 0.2 : 1;
      x.fillStyle = "rgba(255,255,255,0.78)"; x.fillRect(l, t, s.offsetWidth, s.offsetHeight);
      x.fillStyle = "#222222"; x.fillText(s.textContent, l + 2, t + 1);
    });
    return c.toDataURL("image/png");
  }
  kg.png = png;
  $("png").addEventListener("click", function () {
    var a = document.createElement("a");
    a.href = png();
    a.download = (D.title || "graph").replace(/[\\/:*?"<>|]+/g, "_") + ".png";
    document.body.appendChild(a); a.click(); a.remove();
  });
  kg.timing.ready = performance.now();
})();
"""
