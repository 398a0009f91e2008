"""Document records -> one networkx MultiDiGraph; node-link JSON and GraphML I/O.

Graph schema (a contract shared by render.py, query.py and the exports):

Nodes, id ``"<Type>:<key>"`` (stable across runs, derived from names only):
  ``type``      Event | Talk | Person | Organization | SIG | Project | Technology | Location
  ``label``     canonical name (Talk: its title; Event: its name)
  ``aliases``   sorted list of other surface forms
  ``docs``      sorted list of article paths (``doc`` of the records) that support it
  ``events``    sorted list of Event node ids it appears in
  ``attrs``     dict of extra facts (Person: roles/titles; Event: date, city; Talk: event, date)
  Event nodes also carry ``date`` and ``city``; Talk nodes ``event`` (Event id),
  ``date`` and ``speakers`` (list of names).

Edges, key = relation name, attribute ``relation`` the same:
  gives (Person->Talk), presented_at (Talk->Event), member_of (Person->SIG),
  affiliated_with (Person->Organization), organized_by (Event->Organization),
  held_in (Event->Location), mentions (Talk->Project/Technology/SIG/Organization)
  ``docs``      sorted list of article paths
  ``evidence``  list of {"doc", "sentence", "start", "end"} (at most a few per doc)
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from .errors import GraphError
from .model import DocumentRecord, Evidence

__all__ = [
    "norm_key",
    "records_to_graph",
    "graph_to_json",
    "graph_from_json",
    "write_json",
    "read_json",
    "write_graphml",
    "graph_summary",
]

LIST_ATTRS = ("aliases", "docs", "events", "evidence", "speakers")
MAX_EVIDENCE = 5


def norm_key(name: str) -> str:
    """Normalise a name the way the scorer does: NFKC, casefold, no spaces or -_·.

    >>> norm_key("SIG-Arm")
    'sigarm'
    >>> norm_key("Kata Containers") == norm_key("kata-containers")
    True
    """
    s = unicodedata.normalize("NFKC", name or "").casefold()
    return "".join(ch for ch in s if not ch.isspace() and ch not in "-_·.．")


class _Builder:
    """Accumulates nodes and edges while keeping one node per entity."""

    def __init__(self, same_person: dict[str, str] | None = None) -> None:
        self.g = nx.MultiDiGraph()
        self.index: dict[tuple[str, str], str] = {}  # (type, norm form) -> node id
        self.same_person = same_person or {}

    def node(self, type_: str, name: str, aliases: Iterable[str] = (), doc: str = "") -> str:
        forms = [name, *aliases]
        if type_ == "Person":
            forms = [self.same_person.get(norm_key(f), f) for f in forms[:1]] + forms[1:]
        nid = None
        for f in forms:
            k = norm_key(f)
            if k and (type_, k) in self.index:
                nid = self.index[(type_, k)]
                break
        if nid is None:
            nid = f"{type_}:{norm_key(forms[0]) or name}"
            if nid in self.g and self.g.nodes[nid]["type"] != type_:
                nid = f"{nid}~"
            if nid not in self.g:
                self.g.add_node(
                    nid, type=type_, label=name, aliases=[], docs=[], events=[], attrs={}
                )
        data = self.g.nodes[nid]
        for f in forms:
            k = norm_key(f)
            if k:
                self.index.setdefault((type_, k), nid)
            if f and f != data["label"] and f not in data["aliases"]:
                data["aliases"].append(f)
        if doc and doc not in data["docs"]:
            data["docs"].append(doc)
        return nid

    def edge(self, u: str, v: str, rel: str, doc: str, ev: Evidence | None = None) -> None:
        if self.g.has_edge(u, v, key=rel):
            data = self.g.edges[u, v, rel]
        else:
            self.g.add_edge(u, v, key=rel, relation=rel, docs=[], evidence=[])
            data = self.g.edges[u, v, rel]
        if doc and doc not in data["docs"]:
            data["docs"].append(doc)
        if ev is not None and len(data["evidence"]) < MAX_EVIDENCE:
            item = ev.to_dict()
            if item not in data["evidence"]:
                data["evidence"].append(item)

    def tag_event(self, nid: str, event_id: str | None) -> None:
        if event_id:
            evs = self.g.nodes[nid]["events"]
            if event_id not in evs:
                evs.append(event_id)


def records_to_graph(
    records: Iterable[DocumentRecord], same_person: dict[str, str] | None = None
) -> nx.MultiDiGraph:
    """Merge document records into one graph (see the module docstring for the schema).

    ``same_person`` maps normalised alternative person names to a canonical
    name (from the registry or a user's alias file).

    >>> from extractor.model import DocumentRecord, Event, Talk, Entity
    >>> r = DocumentRecord(doc="a.md", event=Event("X Meetup", "2025-01-02", "北京"),
    ...     talks=[Talk("T", ["张三"])], entities=[Entity("Person", "张三")], relations=[])
    >>> g = records_to_graph([r])
    >>> sorted(g.nodes)
    ['Event:xmeetup|2025-01-02', 'Location:北京', 'Person:张三', 'Talk:xmeetup|2025-01-02|t']
    """
    b = _Builder(same_person)
    for rec in sorted(records, key=lambda r: r.doc):
        doc = rec.doc
        ent_ids: dict[tuple[str, str], str] = {}
        event_id = None
        if rec.event and rec.event.name:
            e = rec.event
            # events are keyed by name and date so two editions stay apart
            event_id = _event_node(b, e.name, e.date or "", doc)
            data = b.g.nodes[event_id]
            data["date"] = e.date or data.get("date")
            data["city"] = e.city or data.get("city")
            ev0 = e.evidence[0] if e.evidence else None
            if e.city:
                loc = b.node("Location", e.city, doc=doc)
                b.edge(event_id, loc, "held_in", doc, ev0)
            for org in e.organizers:
                oid = b.node("Organization", org, doc=doc)
                b.edge(event_id, oid, "organized_by", doc, ev0)
        for ent in rec.entities:
            nid = b.node(ent.type, ent.name, ent.aliases, doc=doc)
            b.tag_event(nid, event_id)
            for k, v in ent.attrs.items():
                cur = b.g.nodes[nid]["attrs"].setdefault(k, [])
                for x in v if isinstance(v, list) else [v]:
                    if x not in cur:
                        cur.append(x)
            ent_ids[(ent.type, norm_key(ent.name))] = nid
            for a in ent.aliases:
                ent_ids.setdefault((ent.type, norm_key(a)), nid)

        def lookup(type_: str, name: str, _ids=ent_ids, _doc=doc) -> str:
            return _ids.get((type_, norm_key(name))) or b.node(type_, name, doc=_doc)

        for talk in rec.talks:
            base = event_id.split(":", 1)[1] if event_id else norm_key(doc)
            tid = f"Talk:{base}|{norm_key(talk.title) or len(b.g)}"
            if tid not in b.g:
                b.g.add_node(
                    tid,
                    type="Talk",
                    label=talk.title,
                    aliases=[],
                    docs=[],
                    events=[],
                    attrs={},
                    speakers=[],
                    event=event_id or "",
                    date=(rec.event.date if rec.event else None) or "",
                )
            data = b.g.nodes[tid]
            if doc not in data["docs"]:
                data["docs"].append(doc)
            b.tag_event(tid, event_id)
            if event_id:
                b.edge(tid, event_id, "presented_at", doc, talk.evidence)
            for s in talk.speakers:
                pid = lookup("Person", s)
                b.tag_event(pid, event_id)
                if s not in data["speakers"]:
                    data["speakers"].append(s)
                b.edge(pid, tid, "gives", doc, talk.evidence)
            for type_, name in talk.mentions:
                b.edge(tid, lookup(type_, name), "mentions", doc, None)
        for rel in rec.relations:
            tgt_type = {"member_of": "SIG", "affiliated_with": "Organization"}.get(
                rel.type, rel.target_type or "Organization"
            )
            src = lookup(rel.source_type or "Person", rel.source)
            dst = lookup(tgt_type, rel.target)
            b.edge(src, dst, rel.type, doc, rel.evidence)
    return _sorted_graph(b.g)


def _event_node(b: _Builder, name: str, date: str, doc: str) -> str:
    nid = f"Event:{norm_key(name)}|{date}"
    if nid not in b.g:
        b.g.add_node(nid, type="Event", label=name, aliases=[], docs=[], events=[], attrs={})
    if doc not in b.g.nodes[nid]["docs"]:
        b.g.nodes[nid]["docs"].append(doc)
    return nid


def _sorted_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with nodes, edges and list attributes in a deterministic order."""
    out = nx.MultiDiGraph()
    for n in sorted(g.nodes):
        data = dict(g.nodes[n])
        for k in ("aliases", "docs", "events"):
            if k in data:
                data[k] = sorted(set(data[k]))
        if "attrs" in data:
            data["attrs"] = {k: data["attrs"][k] for k in sorted(data["attrs"])}
        out.add_node(n, **data)
    for u, v, k, data in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]):
        d = dict(data)
        d["docs"] = sorted(set(d.get("docs", [])))
        d["evidence"] = sorted(
            d.get("evidence", []), key=lambda e: (e["doc"], e["start"], e["end"])
        )
        out.add_edge(u, v, key=k, **d)
    return out


def graph_to_json(g: nx.MultiDiGraph) -> dict[str, Any]:
    """Node-link data with sorted keys (lossless for graphs built here)."""
    data = nx.node_link_data(g, edges="edges")
    return data


def graph_from_json(data: dict[str, Any]) -> nx.MultiDiGraph:
    """Inverse of :func:`graph_to_json`."""
    try:
        g = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    except (KeyError, TypeError, nx.NetworkXError) as exc:
        raise GraphError(f"not a meetup-kg node-link graph: {exc}") from exc
    return g


def write_json(g: nx.MultiDiGraph, path: str | Path) -> None:
    """Write node-link JSON atomically."""
    from .fsio import atomic_write_text

    atomic_write_text(
        path, json.dumps(graph_to_json(g), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    )


def read_json(path: str | Path) -> nx.MultiDiGraph:
    """Read a graph written by :func:`write_json`."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GraphError(f"{p}: cannot read graph JSON: {exc}") from exc
    return graph_from_json(data)


def _flat(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if value is None:
        return ""
    return value


def write_graphml(g: nx.MultiDiGraph, path: str | Path) -> None:
    """Write GraphML; list and dict attributes are stored as JSON strings."""
    import io as _io

    from .fsio import atomic_write_bytes

    h = nx.MultiDiGraph()
    for n, data in g.nodes(data=True):
        h.add_node(n, **{k: _flat(v) for k, v in data.items()})
    for u, v, k, data in g.edges(keys=True, data=True):
        h.add_edge(u, v, key=k, **{a: _flat(b) for a, b in data.items()})
    buf = _io.BytesIO()
    nx.write_graphml(h, buf, encoding="utf-8")
    atomic_write_bytes(path, buf.getvalue())


def graph_summary(g: nx.MultiDiGraph) -> dict[str, int]:
    """Counts of nodes per type, e.g. {'Event': 1, 'Person': 7, ...}."""
    out: dict[str, int] = {}
    for _, t in g.nodes(data="type"):
        out[t] = out.get(t, 0) + 1
    return dict(sorted(out.items()))
