"""Stage 9a: choose the part of a graph to draw (ego graph, event, types, degree, top N)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import networkx as nx

from .errors import ExtractorError
from .graph import match_key, norm_key, with_derived
from .model import ENTITY_TYPES

__all__ = [
    "NODE_TYPES",
    "ViewError",
    "find_nodes",
    "close_matches",
    "closeness",
    "DEFAULT_FOCUS_NODES",
    "graph_title",
    "select",
    "view_title",
]

NODE_TYPES = ("Event", "Talk", *ENTITY_TYPES)
MAX_CANDIDATES = 8
# a focus view keeps at most this many nodes, nearest and best linked first: a hub's
# 2-hop neighbourhood at 10,000 articles holds ~38,000 nodes (an 18 MB page)
DEFAULT_FOCUS_NODES = 300


class ViewError(ExtractorError):
    """A view names a node, event or type the graph does not have."""


def _names(data: dict) -> list[str]:
    return [str(data.get("label") or ""), *(str(a) for a in data.get("aliases") or [])]


def find_nodes(g: nx.MultiDiGraph, name: str, types: Iterable[str] | None = None) -> list[str]:
    """Node ids whose label, alias or id is ``name`` (compared with :func:`norm_key`).

    Exact matches win; otherwise the nodes whose names contain ``name``.
    Returns a sorted list, empty when nothing matches.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Person:张三", type="Person", label="张三", aliases=["Zhang San"])
    >>> find_nodes(g, "zhang-san"), find_nodes(g, "张"), find_nodes(g, "李四")
    (['Person:张三'], ['Person:张三'], [])
    """
    key = match_key(name)
    if not key:
        return []
    wanted = set(types) if types else None
    exact: list[str] = []
    partial: list[str] = []
    registry = {n for k, n in (g.graph.get("registry_people") or {}).items() if match_key(k) == key}
    for n, data in g.nodes(data=True):
        if wanted is not None and data.get("type") not in wanted:
            continue
        keys = {match_key(s) for s in _names(data)}
        if n == name or key in keys or n in registry:
            exact.append(n)
        elif any(key in k for k in keys):
            partial.append(n)
    return sorted(exact or partial)


def close_matches(g: nx.MultiDiGraph, name: str, n: int = 5) -> list[str]:
    """Nodes whose names contain ``name`` or look like it, as "label (Type)", for
    suggestions when ``name`` itself matches nothing.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Person:郑振宇", type="Person", label="郑振宇")
    >>> close_matches(g, "郑振"), close_matches(g, "郑震宇")
    (['郑振宇 (Person)'], ['郑振宇 (Person)'])
    """
    key = match_key(name)
    forms: dict[str, str] = {}
    for node, data in sorted(g.nodes(data=True)):
        for s in _names(data):
            forms.setdefault(match_key(s), node)
    out: list[str] = []
    if key:
        out += [node for k, node in forms.items() if key in k]
        out += [forms[k] for k in difflib.get_close_matches(key, list(forms), n=n, cutoff=0.5)]
    seen: list[str] = []
    for node in out:
        d = g.nodes[node]
        item = f"{d.get('label') or node} ({d.get('type')})"
        if item not in seen:
            seen.append(item)
    return seen[:n]


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def graph_title(g: nx.MultiDiGraph) -> str:
    """A page title saying what a whole graph holds: the name of its one event, or how
    many talks, people and events it has.

    >>> g = nx.MultiDiGraph()
    >>> graph_title(g)
    'an empty graph'
    >>> g.add_node("Event:a", type="Event", label="openEuler Meetup 北京站")
    >>> g.add_node("Talk:t", type="Talk", label="开源之路")
    >>> graph_title(g)
    'openEuler Meetup 北京站'
    >>> g.add_node("Event:b", type="Event", label="Rust Meetup")
    >>> g.add_node("Person:张三", type="Person", label="张三")
    >>> graph_title(g)
    '1 talk by 1 person at 2 events'
    """
    counts: dict[str, int] = {}
    event = ""
    for n, d in g.nodes(data=True):
        t = d.get("type")
        counts[t] = counts.get(t, 0) + 1
        if t == "Event":
            event = str(d.get("label") or n)
    if not len(g):
        return "an empty graph"
    events, talks, people = (counts.get(t, 0) for t in ("Event", "Talk", "Person"))
    if events == 1 and event.strip():
        return event
    if not (events or talks or people):
        return _plural(len(g), "node")
    parts = [_plural(talks, "talk"), "by " + _plural(people, "person", "people")]
    if events:
        parts.append("at " + _plural(events, "event"))
    return " ".join(parts)


def view_title(
    g: nx.MultiDiGraph,
    focus: str | None = None,
    types: Iterable[str] | None = None,
    event: str | None = None,
    default: str | None = None,
) -> str:
    """A page title saying what a view shows: its focus, event or types; else ``default``,
    or what the whole graph holds (:func:`graph_title`).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("Person:张三", type="Person", label="张三", aliases=["Zhang San"])
    >>> view_title(g, focus="zhang san"), view_title(g, types=["Person", "SIG"])
    ('张三 and neighbours', 'Person, SIG')
    >>> view_title(g)
    '0 talks by 1 person'
    """
    parts = []
    if focus:
        found = find_nodes(g, focus)
        names = [str(g.nodes[n].get("label") or n) for n in found[:3]] or [focus]
        parts.append(" / ".join(names) + " and neighbours")
    if event:
        parts.append(f"event {event}")
    if types:
        parts.append(", ".join(types))
    return " · ".join(parts) or default or graph_title(g)


def _focus_nodes(g: nx.MultiDiGraph, focus: str) -> list[str]:
    """Nodes named ``focus`` exactly (any alias or script); a part of a name picks nothing
    silently: the error lists the names that look like it."""
    key = match_key(focus)
    registry = {n for k, n in (g.graph.get("registry_people") or {}).items() if match_key(k) == key}
    found = [
        n
        for n, data in g.nodes(data=True)
        if n == focus or n in registry or key in {match_key(s) for s in _names(data)}
    ]
    if found:
        return sorted(found)
    close = close_matches(g, focus)
    hint = f"; did you mean: {', '.join(close)}" if close else ""
    raise ViewError(f"--focus {focus!r}: no node has this name or alias{hint}")


def _describe(g: nx.MultiDiGraph, nodes: Iterable[str]) -> str:
    items = sorted(nodes)
    shown = [f"{g.nodes[n].get('label', n)} ({n})" for n in items[:MAX_CANDIDATES]]
    more = f" and {len(items) - MAX_CANDIDATES} more" if len(items) > MAX_CANDIDATES else ""
    return "; ".join(shown) + more


def _ego(g: nx.MultiDiGraph, centres: list[str], hops: int) -> dict[str, int]:
    """Nodes within ``hops`` edges of any centre, ignoring edge direction, with their
    distance (in edges) from the nearest centre."""
    dist = dict.fromkeys(centres, 0)
    frontier = list(centres)
    succ, pred = g._succ, g._pred  # plain dicts: views cost ~1 us a lookup
    for d in range(1, max(hops, 0) + 1):
        nxt = []
        for n in frontier:
            for m in (*succ[n], *pred[n]):
                if m not in dist:
                    dist[m] = d
                    nxt.append(m)
        frontier = nxt
    return dist


def closeness(g: nx.MultiDiGraph, dist: dict[str, int]) -> dict[str, float]:
    """How strongly each node of an ego graph is tied to its centres: a share of 1 flows
    from each centre (``dist`` 0) out through its edges, layer by layer, split evenly
    over a node's edges (parallel edges count once each), and a node gets what reaches
    it from the layer before.

    A node linked to the focus through a talk it gave with them scores far more than
    one linked through a company of 5,000 employees (whose share is split 5,000
    ways): the score favours close, specific ties, as personalised PageRank does.

    >>> g = nx.MultiDiGraph()
    >>> g.add_edges_from([("p", "talk"), ("q", "talk"), ("p", "corp"), *(("corp", f"x{i}") for i in range(4))])
    [0, 0, 0, 0, 0, 0, 0]
    >>> score = closeness(g, {"p": 0, "talk": 1, "corp": 1, "q": 2, "x0": 2})
    >>> score["talk"], score["q"], round(score["x0"], 3)
    (0.5, 0.25, 0.1)
    """
    score = {n: 1.0 for n, d in dist.items() if d == 0}
    succ, pred = g._succ, g._pred
    last = max(dist.values(), default=0)  # (the outermost layer passes nothing on)
    for n in sorted((n for n, d in dist.items() if d < last), key=dist.__getitem__):
        share = score.get(n, 0.0)
        if not share:
            continue
        links = [(m, len(kd)) for adj in (succ[n], pred[n]) for m, kd in adj.items()]
        total = sum(k for _, k in links)
        for m, k in links:
            if dist.get(m) == dist[n] + 1:
                score[m] = score.get(m, 0.0) + share * k / total
    return score


def _nearest(g: nx.MultiDiGraph, nodes: set[str], dist: dict[str, int], limit: int) -> list[str]:
    """The ``limit`` nodes of ``nodes`` nearest the focus: by distance, then
    :func:`closeness`, then degree, then id."""
    score = closeness(g, dist)
    deg = {n: len(g._succ[n]) + len(g._pred[n]) for n in nodes}
    ranked = sorted(nodes, key=lambda n: (dist[n], -score.get(n, 0.0), -deg[n], n))
    return ranked[:limit]


def _event_nodes(g: nx.MultiDiGraph, event: str) -> tuple[str, set[str]]:
    """The Event node named ``event`` and the nodes that belong to that meetup."""
    events = [n for n, t in g.nodes(data="type") if t == "Event"]
    if event in events:
        found = [event]
    else:
        found = find_nodes(g, event, types=["Event"])
        if not found:
            # "name date" or "name|date" also identify one edition
            key = norm_key(event)
            found = [
                n
                for n in events
                if any(
                    key in norm_key(f"{s}{g.nodes[n].get('date') or ''}")
                    for s in _names(g.nodes[n])
                )
            ]
    if not found:
        raise ViewError(
            f"--event {event!r}: no such event; events in the graph: {_describe(g, events)}"
        )
    if len(found) > 1:
        raise ViewError(
            f"--event {event!r} matches {len(found)} events, give its id: {_describe(g, found)}"
        )
    eid = found[0]
    keep = {eid} | {n for n, evs in g.nodes(data="events") if evs and eid in evs}
    keep |= set(g.successors(eid)) | set(g.predecessors(eid))
    talks = [n for n in keep if g.nodes[n].get("type") == "Talk"]
    for t in talks:
        keep |= set(g.successors(t)) | set(g.predecessors(t))
    return eid, keep


def _degrees(g: nx.MultiDiGraph, nodes: set[str]) -> dict[str, int]:
    """``dict(g.subgraph(nodes).degree)``, in one pass instead of through filtered views."""
    deg = dict.fromkeys(nodes, 0)
    for u, nbrs in g.adjacency():  # plain dicts: v -> key -> attributes
        if u in deg:
            for v, keys in nbrs.items():
                if v in deg:
                    deg[u] += len(keys)
                    deg[v] += len(keys)
    return deg


def _top(g: nx.MultiDiGraph, nodes: set[str], n: int, keep: set[str]) -> set[str]:
    """The ``n`` nodes of highest degree in ``g[nodes]`` (ties by id), plus ``keep``."""
    deg = _degrees(g, nodes)
    ranked = sorted(nodes, key=lambda x: (-deg[x], x))
    chosen = set(keep) & nodes
    for x in ranked:
        if len(chosen) >= n:
            break
        chosen.add(x)
    return chosen


def _left_out(g: nx.MultiDiGraph, dropped: set[str]) -> str:
    counts: dict[str, int] = {}
    for n in dropped:
        t = g.nodes[n].get("type", "?")
        counts[t] = counts.get(t, 0) + 1
    order = {t: i for i, t in enumerate(NODE_TYPES)}
    parts = [f"{counts[t]} {t}" for t in sorted(counts, key=lambda t: (order.get(t, 99), t))]
    return ", ".join(parts)


def select(
    g: nx.MultiDiGraph,
    focus: str | None = None,
    hops: int = 1,
    types: Iterable[str] | None = None,
    event: str | None = None,
    min_degree: int = 0,
    top: int | None = None,
    max_nodes: int | None = DEFAULT_FOCUS_NODES,
) -> tuple[nx.MultiDiGraph, str]:
    """A subgraph worth drawing, and a one-line note saying what was chosen and left out.

    Filters apply in this order: ``event`` (the Event node, everything tagged
    with it, its talks' neighbours), ``focus`` (every node whose name or alias
    is ``focus``, and all nodes within ``hops`` edges in either direction),
    ``types`` (keep only those node types), ``min_degree`` (degree counted in
    what is left), ``max_nodes`` (with ``focus`` only: the ``max_nodes`` nodes
    nearest the focus, see below), ``top`` (the ``top`` nodes of highest degree, ties
    broken by id). Focus nodes survive the last four filters.  ``focus`` must be a whole
    name (a part of one, or a typo, raises :class:`ViewError` listing close matches).

    When ``types`` leaves Talk out, the view gets the derived relations between
    the nodes kept (:func:`extractor.graph.derived_edges`: ``spoke_about``,
    Person -> Technology/Project/SIG through the person's talks, and
    ``works_with``, Person -> Person), so a Person/Technology view still says who
    spoke about what; ``min_degree`` and ``top`` count those edges too.

    A focus view is capped: a hub's 2-hop neighbourhood can hold most of the graph.
    Above ``max_nodes`` nodes (default :data:`DEFAULT_FOCUS_NODES`; ``None``: no cap)
    it keeps the focus, then the nodes one edge away, then two ..., and within one
    distance the nodes most tied to the focus (:func:`closeness`: a share flowing out
    from the focus, split over each node's edges), then those of highest degree, then
    by id.  The note says how many nodes the cap left out.

    Parameters
    ----------
    g : graph built by :func:`extractor.graph.records_to_graph`
    focus : a name or alias of any node (Person, SIG, Project, Technology ...)
    hops : radius of the ego graph around ``focus``
    types : node types to keep, e.g. ``["Person", "SIG"]``
    event : an Event node id, name, or "name date"
    min_degree : drop nodes with fewer edges
    top : keep at most this many nodes
    max_nodes : most nodes a focus view keeps (``None``: every node within ``hops``)

    Returns
    -------
    (subgraph, note) : a new graph (attribute values shared with ``g``) and a note ("" when nothing was dropped)

    Raises
    ------
    ViewError : unknown type, or ``focus``/``event`` matching nothing (or several events)

    Examples
    --------
    >>> from extractor.graph import records_to_graph
    >>> from extractor.model import DocumentRecord, Event, Talk, Entity, Relation
    >>> r = DocumentRecord(doc="a.md", event=Event("X Meetup", "2025-01-02", "北京"),
    ...     talks=[Talk("T", ["张三"])],
    ...     entities=[Entity("Person", "张三", ["Zhang San"]), Entity("SIG", "Kernel")],
    ...     relations=[Relation("member_of", "张三", "Kernel")])
    >>> g = records_to_graph([r])
    >>> sub, note = select(g, focus="zhang san", types=["Person", "SIG"])
    >>> sorted(sub.nodes), note
    (['Person:张三', 'SIG:kernel'], 'focus 张三 (Person), 1 hop; types Person, SIG (talks drawn as spoke_about / works_with); 2 of 5 nodes shown, left out 1 Event, 1 Talk, 1 Location')
    """
    type_list = list(types) if types else []
    bad = [t for t in type_list if t not in NODE_TYPES]
    if bad:
        raise ViewError(
            f"unknown node type {', '.join(map(repr, bad))}; expected some of {', '.join(NODE_TYPES)}"
        )
    if (
        hops < 0
        or min_degree < 0
        or (top is not None and top < 1)
        or (max_nodes is not None and max_nodes < 1)
    ):
        raise ViewError(
            f"hops={hops}, min_degree={min_degree}, top={top}, max_nodes={max_nodes}: "
            "expected hops >= 0, min_degree >= 0, top >= 1 and max_nodes >= 1"
        )
    parts: list[str] = []
    nodes = set(g.nodes)
    centres: list[str] = []
    dist: dict[str, int] = {}
    if event:
        eid, nodes = _event_nodes(g, event)
        d = g.nodes[eid]
        parts.append(f"event {d.get('label', eid)}" + (f" {d['date']}" if d.get("date") else ""))
    if focus:
        sub = g.subgraph(nodes) if event else g  # (a view costs ~1 us a lookup)
        centres = _focus_nodes(sub, focus)
        dist = _ego(sub, centres, hops)
        nodes = set(dist)
        names = ", ".join(
            f"{g.nodes[c].get('label', c)} ({g.nodes[c].get('type')})"
            for c in centres[:MAX_CANDIDATES]
        )
        if len(centres) > MAX_CANDIDATES:
            names += f" and {len(centres) - MAX_CANDIDATES} more"
        parts.append(f"focus {names}, {hops} hop{'s' if hops != 1 else ''}")
    keep = set(centres)
    full = g
    if type_list:
        nodes = {n for n in nodes if g.nodes[n].get("type") in type_list or n in keep}
        parts.append("types " + ", ".join(type_list))
        if "Talk" not in type_list:
            g = with_derived(g, nodes)  # who spoke about what, without the talks between
            parts[-1] += " (talks drawn as spoke_about / works_with)"
    if min_degree:
        deg = _degrees(g, nodes)
        nodes = {n for n in nodes if deg[n] >= min_degree or n in keep}
        parts.append(f"degree >= {min_degree}")
    if focus and max_nodes is not None and len(nodes) > max_nodes:
        found = len(nodes)
        nodes = set(_nearest(full, nodes, dist, max_nodes)) | (keep & nodes)
        parts.append(
            f"the {len(nodes):,} nodes nearest the focus of {found:,} "
            f"({found - len(nodes):,} left out by the cap, max_nodes={max_nodes})"
        )
    if top is not None and len(nodes) > top:
        nodes = _top(g, nodes, top, keep)
        parts.append(f"top {top} by degree")
    out = _copy(g, nodes)
    dropped = set(full.nodes) - nodes
    if dropped:
        parts.append(
            f"{len(nodes)} of {len(full)} nodes shown, left out {_left_out(full, dropped)}"
        )
    return out, "; ".join(parts) if dropped or parts else ""


def _copy(g: nx.MultiDiGraph, nodes: set[str]) -> nx.MultiDiGraph:
    """An independent subgraph with nodes and edges in sorted (deterministic) order."""
    out = nx.MultiDiGraph()
    out.graph.update(g.graph)
    for n in sorted(nodes):
        out.add_node(n, **g.nodes[n])
    # names of events left out but still listed in the kept nodes' ``events``
    missing = {e for n in nodes for e in g.nodes[n].get("events") or [] if e not in nodes}
    if missing:
        labels = dict(g.graph.get("event_labels") or {})
        for e in sorted(missing):
            if e in g:
                d = g.nodes[e]
                labels[e] = " ".join(str(x) for x in (d.get("label") or e, d.get("date")) if x)
        out.graph["event_labels"] = labels
    edges = [
        (u, v, k, d)
        for u, nbrs in g.adjacency()
        if u in nodes
        for v, keys in nbrs.items()
        if v in nodes
        for k, d in keys.items()
    ]
    for u, v, k, d in sorted(edges, key=lambda e: (e[0], e[1], str(e[2]))):
        out.add_edge(u, v, key=k, **d)
    return out
