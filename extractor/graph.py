"""Document records -> one networkx MultiDiGraph; node-link JSON and GraphML I/O.

Graph schema (a contract shared by render.py, query.py and the exports):

Nodes, id ``"<Type>:<key>"`` (stable across runs, derived from names only;
``<key>`` is :func:`norm_key` of the canonical name, ``~2`` is appended when two
entities an alias file keeps apart share a key, ``@<doc>`` for a mention that an
alias file splits off; Event keys are ``name|date``, Talk keys ``event key|title``):
  ``type``      Event | Talk | Person | Organization | SIG | Project | Technology | Location
  ``label``     canonical name (Talk: its title; Event: its name)
  ``aliases``   sorted list of other surface forms
  ``docs``      sorted list of article paths (``doc`` of the records) that support it
  ``events``    sorted list of Event node ids it appears in
  ``attrs``     dict of extra facts (Person: roles/titles; Event: date, city; Talk: event, date)
  Event nodes also carry ``date`` and ``city``; Talk nodes ``event`` (Event id),
  ``date`` and ``speakers`` (labels of the speakers' Person nodes, in order).

Edges, key = relation name, attribute ``relation`` the same:
  gives (Person->Talk), presented_at (Talk->Event), member_of (Person->SIG),
  affiliated_with (Person->Organization), organized_by (Event->Organization),
  held_in (Event->Location), mentions (Talk->Project/Technology/SIG/Organization)
  ``docs``      sorted list of article paths
  ``evidence``  list of {"doc", "sentence", "start", "end"} (at most a few per doc)
  Lists of at most one item (``docs``, ``evidence``) and evidence dicts may be shared by
  several edges of a built graph (one object per article or sentence, not per edge):
  replace them rather than change them in place.
  A ``mentions`` edge quotes the topic's sentence when it lies in the talk's own part
  of the article; a topic first named after the talk's part (in the next speaker's
  paragraph) is not linked to the talk at all, only tagged with the article and event.

Derived relations (:func:`derived_edges`, :func:`with_derived`; computed on demand for
views and queries, never saved): ``spoke_about`` (Person->Technology/Project/SIG, through
the person's own talks) and ``works_with`` (Person->Person, co-speakers of a talk, or
speakers who are members of one SIG of at most :data:`MAX_SIG_PAIRS` such members;
stored once, from the smaller id), each with ``via`` (the talks or
SIGs it rests on), ``docs`` and ``evidence`` (the sentences of those talks and memberships).

Graph attribute ``registry_people``: {match key of a registered name: Person node id}
for people the registry names in another script or order ("mingyonghou" -> "Person:侯明永").

Graph attribute ``docs``: {doc: {"title", "published", "date", "event"}} for every
article merged (``date`` is the event's date, else the publication date, else a
date in the file name; ``event`` the Event id or "").
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

from .errors import GraphError
from .gcpause import paused_gc
from .model import DocumentRecord, Evidence
from .resources import t2s

__all__ = [
    "norm_key",
    "match_key",
    "topic_key",
    "strip_sig",
    "GraphBuilder",
    "records_to_graph",
    "graph_to_json",
    "graph_from_json",
    "COMPACT_FORMAT",
    "COMPACT_FORMATS",
    "graph_to_compact",
    "graph_from_compact",
    "write_json",
    "read_json",
    "is_compact",
    "load_compact",
    "write_graphml",
    "graph_summary",
    "DERIVED_RELATIONS",
    "derived_edges",
    "with_derived",
]

LIST_ATTRS = ("aliases", "docs", "events", "evidence", "speakers")
MAX_EVIDENCE = 5
DERIVED_RELATIONS = ("spoke_about", "works_with")
TOPIC_TYPES = ("Technology", "Project", "SIG")
# a talk's own part of an article: from the sentence naming it to the next talk, and no
# further than this many characters past that sentence (a recap often ends a speaker's
# paragraph with the next speaker's talk, which the extractor may not have recognised)
SECTION_CHARS = 400
MAX_SIG_PAIRS = 10  # a bigger group (a club of 40) says little about who works with whom


def norm_key(name: str) -> str:
    """Normalise a name the way the scorer does: NFKC, casefold, no spaces or -_·.

    >>> norm_key("SIG-Arm")
    'sigarm'
    >>> norm_key("Kata Containers") == norm_key("kata-containers")
    True
    """
    s = unicodedata.normalize("NFKC", name or "").casefold()
    return "".join(ch for ch in s if not ch.isspace() and ch not in "-_·.．")


@lru_cache(maxsize=65536)
def match_key(name: str) -> str:
    """:func:`norm_key` of the Simplified form, so Traditional spellings match too.

    >>> match_key("機密計算") == match_key("机密计算")
    True
    >>> match_key("Confidential Computing")
    'confidentialcomputing'
    """
    cc = t2s()
    s = name or ""
    if cc is not None and any(ord(ch) > 0x2E7F for ch in s):
        s = cc.convert(s)
    return norm_key(s)


_SIG_PREFIX = re.compile(r"^(?:(?i:sig)[\s\-_:·]+|SIG(?=[A-Z][a-z]|[\u4e00-\u9fff]))")
_SIG_SUFFIX = re.compile(
    r"(?:[\s\-_·]+(?i:sig组?|special interest group)|(?<=[^\x00-\x7f])(?i:sig)组?"
    r"|(?<=[a-z0-9])SIG组?|[\s\-_·]*(?:特别兴趣小组|兴趣小组|兴趣组))$"
)


def topic_key(name: str) -> str:
    """:func:`match_key` without SIG affixes: both "机密计算 SIG" and "sig-机密计算" give "机密计算".

    >>> topic_key("sig-confidential-computing") == topic_key("Confidential Computing SIG")
    True
    >>> topic_key("机密计算SIG"), topic_key("Signal")
    ('机密计算', 'signal')
    """
    return match_key(strip_sig(name))


def strip_sig(name: str) -> str:
    """``name`` without a SIG prefix or suffix ("机密计算 SIG" -> "机密计算").

    >>> strip_sig("sig-confidential-computing"), strip_sig("RISC-V 兴趣组")
    ('confidential-computing', 'RISC-V')
    """
    s = unicodedata.normalize("NFKC", name or "").strip()
    return _SIG_SUFFIX.sub("", _SIG_PREFIX.sub("", s)).strip() or s


def _order_key(name: str) -> str | None:
    """ "mingyong hou" and "Hou Mingyong" share this key (romanised names swap order)."""
    parts = unicodedata.normalize("NFKC", name).casefold().replace("-", " ").split()
    if len(parts) < 2 or not all(p.isascii() and p.isalpha() for p in parts):
        return None
    return "~order:" + "|".join(sorted(parts))


def _partial_name(alias: str, name: str) -> bool:
    """True when a person's alias is only part of the name (surname or given name)."""
    a, n = match_key(alias), match_key(name)
    if len(a) < 2 and not a.isascii():
        return True
    if a != n and a in n:
        return True
    na = set(unicodedata.normalize("NFKC", name).casefold().split())
    aa = set(unicodedata.normalize("NFKC", alias).casefold().split())
    return bool(aa) and len(na) > 1 and aa < na


_SCAN = 8  # lists up to this long are searched; longer ones get a set beside them


class _Builder:
    """Accumulates nodes and edges (plain dicts) while keeping one node per entity."""

    def __init__(self, same_person: dict[str, str] | None = None, aliases: Any = None) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}  # node id -> attributes
        # u -> v -> relation -> edge attributes (sorting this nesting is 4x faster than
        # sorting (u, v, relation) tuples)
        self.edges: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
        self.index: dict[tuple[str, str], str] = {}  # (type, match key) -> node id
        self.same_person = {match_key(k): v for k, v in (same_person or {}).items()}
        self.aliases = aliases  # a resolve.AliasFile, or None
        # membership sets beside the alias and event lists kept on nodes: hub nodes (a
        # big company, a city) appear in thousands of articles, and list scans made the
        # build quadratic
        self._members: dict[tuple[str, str], set[str]] = {}
        self.events_by_date: dict[str, list[str]] = {}
        # (type, name, aliases) -> node id, for names seen before: people and
        # organisations recur in thousands of articles.  Without an alias file the
        # answer cannot change: index entries are never replaced, and after the first
        # call the first key of those names points at the node it chose.
        self._resolved: dict[tuple[str, str, tuple[str, ...]], str] = {}
        self.begin_record("")

    def add_once(self, owner: str, field: str, values: list[str], value: str) -> None:
        """Append ``value`` to the list ``values`` unless it is there already."""
        seen = self._members.get((owner, field))
        if seen is None:
            if len(values) < _SCAN:  # (most lists stay this short: a set each cost more)
                if value not in values:
                    values.append(value)
                return
            seen = self._members[(owner, field)] = set(values)
        if value not in seen:
            seen.add(value)
            values.append(value)

    def canonical(self, type_: str, name: str) -> str:
        """The name a user's alias file or the registry says ``name`` stands for."""
        if self.aliases is not None:
            c = self.aliases.canonical(type_, name)
            if c:
                return c
        if type_ == "Person":
            c = self.same_person.get(match_key(name))
            if c and not (self.aliases is not None and self.aliases.conflict(name, c)):
                return c
        return name

    def _keys(self, type_: str, name: str, form: str, primary: bool) -> list[str]:
        k = match_key(form)
        if not k:
            return []
        if not primary and type_ == "Person" and _partial_name(form, name):
            return []  # sharing a surname or a given name does not make one person
        keys = [k]
        if type_ == "Person":
            ok = _order_key(form)
            if ok:
                keys.append(ok)
        return keys

    def new_node(self, nid: str, type_: str, label: str, **extra: Any) -> dict[str, Any]:
        """Add node ``nid`` with the attributes every node has (and ``extra``)."""
        data = {"type": type_, "label": label, "aliases": [], "docs": [], "events": [], "attrs": {}}
        data.update(extra)
        self.nodes[nid] = data
        return data

    def node(self, type_: str, name: str, aliases: Iterable[str] = (), doc: str = "") -> str:
        if self.aliases is not None and doc and self.aliases.split_doc(type_, name, doc):
            return self._split_node(type_, name, doc)
        seen = (type_, name, tuple(aliases))
        nid = self._resolved.get(seen)
        if nid is not None:
            if doc:
                _add_doc(self.nodes[nid]["docs"], doc)
            return nid
        canon, forms, keys = self.forms_keys(type_, name, aliases)
        nid = None
        for _f, k in keys:
            cand = self.index.get((type_, k))
            if cand and not self._blocked(canon, cand):
                nid = cand
                break
        if nid is None:
            base = f"{type_}:{norm_key(canon) or canon}"
            nid, i = base, 1
            while nid in self.nodes:
                i += 1
                nid = f"{base}~{i}"
            self.new_node(nid, type_, canon)
        data = self.nodes[nid]
        for _f, k in keys:
            self.index.setdefault((type_, k), nid)
        if keys and self.aliases is None:
            self._resolved[seen] = nid
        for f in forms:
            if f != data["label"]:
                self.add_once(nid, "aliases", data["aliases"], f)
        if doc:
            _add_doc(data["docs"], doc)
        return nid

    def forms_keys(
        self, type_: str, name: str, aliases: Iterable[str] = ()
    ) -> tuple[str, list[str], list[tuple[str, str]]]:
        """The canonical name, every form (canonical first) and the ``(form, match key)``
        pairs :meth:`node` looks up and registers for a mention of ``name``."""
        canon = self.canonical(type_, name)
        forms = [canon] + [f for f in (name, *aliases) if f and f != canon]
        for f in list(forms[1:]):
            c = self.canonical(type_, f)
            if c not in forms:
                forms.append(c)
        keys = [(f, k) for i, f in enumerate(forms) for k in self._keys(type_, canon, f, i == 0)]
        return canon, forms, keys

    def _blocked(self, name: str, nid: str) -> bool:
        """An alias file's ``not_same`` entry keeps ``name`` off node ``nid``."""
        return self.aliases is not None and self.aliases.conflict(name, self.nodes[nid]["label"])

    def _split_node(self, type_: str, name: str, doc: str) -> str:
        nid = f"{type_}:{norm_key(name)}@{doc}"
        if nid not in self.nodes:
            self.new_node(nid, type_, name)["aliases"].append(f"{name}@{doc}")
        _add_doc(self.nodes[nid]["docs"], doc)
        return nid

    def edge(
        self,
        u: str,
        v: str,
        rel: str,
        doc: str,
        ev: Evidence | None = None,
        confidence: float | None = None,
    ) -> None:
        out = self.edges.get(u)
        if out is None:
            out = self.edges[u] = {}
        by_rel = out.get(v)
        if by_rel is None:
            by_rel = out[v] = {}
        # An edge's lists of at most one item are shared, and so replaced, never
        # appended to: most edges come from one article and one sentence, and the
        # article's one-doc list and each sentence's evidence (its dict and the list
        # holding it) are made once per article, not once per edge.
        data = by_rel.get(rel)
        if data is None:
            data = by_rel[rel] = {
                "relation": rel,
                "docs": self._doc_list(doc) if doc else _NONE,
                "evidence": self._evidence(ev)[1] if ev is not None else _NONE,
            }
        else:
            if doc:
                docs = data["docs"]
                if not docs:
                    data["docs"] = self._doc_list(doc)
                elif docs[-1] != doc:  # (records come in doc order: a listed one is last)
                    if len(docs) == 1:
                        data["docs"] = [docs[0], doc]
                    else:
                        docs.append(doc)
            evidence = data["evidence"]
            if ev is not None and len(evidence) < MAX_EVIDENCE:
                item, one = self._evidence(ev)
                if item not in evidence:
                    if not evidence:
                        data["evidence"] = one
                    elif len(evidence) == 1:
                        data["evidence"] = [evidence[0], item]
                    else:
                        evidence.append(item)
        if confidence is not None:
            # the surest of the articles that state it
            data["confidence"] = max(data.get("confidence", 0.0), round(confidence, 2))

    def begin_record(self, doc: str) -> None:
        """Forget the shared lists of the article before (see :meth:`edge`)."""
        self._one_doc = [doc] if doc else []
        self._ev_of: dict[Any, tuple[Evidence, dict[str, Any], list[dict[str, Any]]]] = {}
        self._sentences: dict[str, str] = {}

    def _doc_list(self, doc: str) -> list[str]:
        one = self._one_doc
        return one if one and one[0] == doc else [doc]

    def _evidence(self, ev: Evidence) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """``ev`` as an evidence dict, and a list holding only it (both shared by the
        article's edges that cite it; equal sentences of an article are one string)."""
        hit = self._ev_of.get(id(ev))
        if hit is None:
            sentence = self._sentences.setdefault(ev.sentence, ev.sentence)
            item = {"doc": ev.doc, "sentence": sentence, "start": ev.start, "end": ev.end}
            key = (ev.doc, sentence, ev.start, ev.end)
            same = self._ev_of.get(key)  # (an equal evidence object: the same dict)
            if same is None:
                same = self._ev_of[key] = (ev, item, [item])
            # (keyed by id: the record, and so ``ev``, lives while it is merged)
            hit = self._ev_of[id(ev)] = (ev, same[1], same[2])
        return hit[1], hit[2]

    def tag_event(self, nid: str, event_id: str | None) -> None:
        if event_id:
            self.add_once(nid, "events", self.nodes[nid]["events"], event_id)

    def forget(self) -> None:
        """Drop what only speeds up merging (memos, member sets): the merge is over,
        and the graph and the outputs are made next, in the same memory."""
        self._members = {}
        self._resolved = {}
        self.begin_record("")

    def graph(self) -> nx.MultiDiGraph:
        """The graph, with nodes, edges and list attributes in a deterministic order."""
        for data in self.nodes.values():
            _finish_node(data)
        for out in self.edges.values():
            for by_rel in out.values():
                for data in by_rel.values():
                    _finish_edge(data)
        return _assemble(self.nodes, self.edges)


_NONE: list = []  # the empty docs or evidence list of edges: shared, so never appended to


def _finish_node(data: dict[str, Any]) -> None:
    """Sort a merged node's lists and ``attrs`` keys (the order the graph is saved in)."""
    for k in ("aliases", "docs", "events"):
        if len(data[k]) > 1:
            data[k] = sorted(set(data[k]))
    if len(data["attrs"]) > 1:
        data["attrs"] = {k: data["attrs"][k] for k in sorted(data["attrs"])}


def _finish_edge(data: dict[str, Any]) -> None:
    """Sort a merged edge's ``docs`` and evidence."""
    if len(data["docs"]) > 1:
        data["docs"] = sorted(set(data["docs"]))
    if len(data["evidence"]) > 1:
        data["evidence"].sort(key=_evidence_order)


def _add_doc(docs: list[str], doc: str) -> None:
    """Append ``doc`` unless listed: records are merged in ``doc`` order, so a listed one is last."""
    if not docs or docs[-1] != doc:
        docs.append(doc)


def _evidence_order(e: dict[str, Any]) -> tuple[str, int, int]:
    return e["doc"], e["start"], e["end"]


def _assemble(
    nodes: dict[str, dict[str, Any]], edges: dict[str, dict[str, dict[str, dict[str, Any]]]]
) -> nx.MultiDiGraph:
    """A MultiDiGraph holding ``nodes`` and ``edges`` (u -> v -> key -> attributes; the
    attribute dicts themselves, not copies), inserted in sorted order.

    Fills networkx's adjacency dicts as ``add_node`` and ``add_edge`` do (an edge's
    key dict is shared by ``succ[u][v]`` and ``pred[v][u]``): through the public
    methods each edge costs ~10 µs, a third of the whole build on a large corpus.
    The key dicts are ``edges``' own, sorted in place, and ``edges[u]`` *is*
    ``succ[u]`` afterwards: a merge state that keeps ``edges`` shares them with the
    graph instead of holding a second copy (~250 bytes an edge).
    """
    g = nx.MultiDiGraph()
    succ, pred = g._succ, g._pred
    for n in sorted(nodes):
        g._node[n] = nodes[n]
        succ[n] = {}
        pred[n] = {}
    for u in sorted(edges):
        out, succ_u = edges[u], succ[u]
        for v in sorted(out):
            by_rel = out[v]
            if len(by_rel) > 1:
                keys = list(by_rel)
                if keys != sorted(keys):
                    for rel in sorted(keys):  # (re-inserted in order: the same dict)
                        by_rel[rel] = by_rel.pop(rel)
            succ_u[v] = pred[v][u] = by_rel
        edges[u] = succ_u  # (the same items, in order: one dict per node, not two)
    return g


_DOC_DATE = re.compile(r"(?<!\d)(20\d\d)-?([01]\d)-?([0-3]\d)(?!\d)")


def _doc_date(rec: DocumentRecord) -> str:
    """The article's date: the event's, else publication, else a date in the file name."""
    if rec.event and rec.event.date:
        return str(rec.event.date)
    if rec.published:
        return str(rec.published)[:10]
    m = _DOC_DATE.search(rec.doc.rsplit("/", 1)[-1])
    return f"{m[1]}-{m[2]}-{m[3]}" if m else ""


def records_to_graph(
    records: Iterable[DocumentRecord],
    same_person: dict[str, str] | None = None,
    aliases: Any = None,
) -> nx.MultiDiGraph:
    """Merge document records into one graph (see the module docstring for the schema).

    ``same_person`` maps normalised alternative person names to a canonical
    name (from the registry).  ``aliases`` is a :class:`extractor.resolve.AliasFile`
    with a user's corrections; it wins over ``same_person``.

    People are merged across articles by name (any script, either name order
    for romanised names) and by ``same_person``; an alias that is only part of
    a person's name (a surname, a given name) never merges two people.

    >>> from extractor.model import DocumentRecord, Event, Talk, Entity
    >>> r = DocumentRecord(doc="a.md", event=Event("X Meetup", "2025-01-02", "北京"),
    ...     talks=[Talk("T", ["张三"])], entities=[Entity("Person", "张三")], relations=[])
    >>> g = records_to_graph([r])
    >>> sorted(g.nodes)
    ['Event:xmeetup|2025-01-02', 'Location:北京', 'Person:张三', 'Talk:xmeetup|2025-01-02|t']
    """
    builder = GraphBuilder(same_person, aliases)
    with paused_gc():  # millions of small lists and dicts, no cycles
        for rec in sorted(records, key=lambda r: r.doc):
            builder.add(rec)
        return builder.graph()


class GraphBuilder:
    """Merges document records into one graph, one record at a time.

    ``add`` the records in ``doc`` order (the order :func:`records_to_graph` sorts
    them in; :func:`extractor.pipeline.extract` hands them to a ``sink`` in that
    order), then call :meth:`graph` once.  A build can so merge each record while
    the next ones are still being extracted, and need not keep them all.

    >>> from extractor.model import DocumentRecord, Entity
    >>> b = GraphBuilder()
    >>> b.add(DocumentRecord("a.md", None, [], [Entity("Person", "张三")], []))
    >>> sorted(b.graph().nodes)
    ['Person:张三']
    """

    def __init__(self, same_person: dict[str, str] | None = None, aliases: Any = None) -> None:
        self._b = _Builder(same_person, aliases)
        self._docs: dict[str, dict[str, Any]] = {}
        self.records = 0  # records added

    def graph(self) -> nx.MultiDiGraph:
        """The merged graph (call once, after the last :meth:`add`)."""
        _alias_file_names(self._b)
        self._b.forget()
        with paused_gc():
            g = self._b.graph()
        g.graph["docs"] = {d: self._docs[d] for d in sorted(self._docs)}
        people = _registry_people(self._b)
        if people:
            g.graph["registry_people"] = people
        return g

    def add(self, rec: DocumentRecord) -> None:
        """Merge one record (see the class docstring for the order)."""
        with paused_gc():
            self._add(rec)

    def _add(self, rec: DocumentRecord) -> None:
        b = self._b
        self.records += 1
        doc = rec.doc
        b.begin_record(doc)
        ent_ids: dict[tuple[str, str], str] = {}
        event_id = None
        if rec.event and rec.event.name:
            e = rec.event
            # events are keyed by name and date so two editions stay apart
            event_id = _event_node(b, b.canonical("Event", e.name), e.date or "", doc)
            data = b.nodes[event_id]
            data["date"] = e.date or data.get("date")
            data["city"] = e.city or data.get("city")
            if e.name != data["label"] and e.name not in data["aliases"]:
                data["aliases"].append(e.name)
            ev0 = e.evidence[0] if e.evidence else None
            if e.city:
                loc = b.node("Location", e.city, doc=doc)
                b.edge(event_id, loc, "held_in", doc, ev0)
            for org in e.organizers:
                oid = b.node("Organization", org, doc=doc)
                b.tag_event(oid, event_id)
                b.edge(event_id, oid, "organized_by", doc, ev0)
        self._docs[doc] = {
            "title": rec.title,
            "published": rec.published or "",
            "date": _doc_date(rec),
            "event": event_id or "",
        }
        for ent in (*rec.entities, *rec.topics):
            nid = b.node(ent.type, ent.name, ent.aliases, doc=doc)
            b.tag_event(nid, event_id)
            for k, v in ent.attrs.items():
                cur = b.nodes[nid]["attrs"].setdefault(k, [])
                for x in v if isinstance(v, list) else [v]:
                    if x not in cur:
                        cur.append(x)
            for f in (ent.name, *ent.aliases):
                ent_ids.setdefault((ent.type, match_key(f)), nid)

        def lookup(type_: str, name: str, _ids=ent_ids, _doc=doc) -> str:
            nid = _ids.get((type_, match_key(name)))
            if nid is None:
                nid = _ids[(type_, match_key(name))] = b.node(type_, name, doc=_doc)
            return nid

        first_seen = _first_seen(rec)
        ends = _talk_ends(rec.talks)
        for talk in rec.talks:
            base = event_id.split(":", 1)[1] if event_id else norm_key(doc)
            tid = f"Talk:{base}|{norm_key(talk.title) or len(b.nodes)}"
            if tid not in b.nodes:
                b.new_node(
                    tid,
                    "Talk",
                    talk.title,
                    speakers=[],
                    event=event_id or "",
                    date=(rec.event.date if rec.event else None) or "",
                    confidence=0.0,
                )
            data = b.nodes[tid]
            data["confidence"] = max(data["confidence"], round(talk.confidence, 2))
            _add_doc(data["docs"], doc)
            b.tag_event(tid, event_id)
            if event_id:
                b.edge(tid, event_id, "presented_at", doc, talk.evidence)
            for s in talk.speakers:
                pid = lookup("Person", s)
                b.tag_event(pid, event_id)
                label = b.nodes[pid]["label"]
                if label not in data["speakers"]:
                    data["speakers"].append(label)
                b.edge(pid, tid, "gives", doc, talk.evidence, talk.confidence)
            for type_, name in talk.mentions:
                mid = lookup(type_, name)
                b.tag_event(mid, event_id)
                where = _mention_evidence(talk, ends.get(id(talk)), first_seen, type_, name)
                if where is not False:
                    b.edge(tid, mid, "mentions", doc, where)
        for rel in rec.relations:
            tgt_type = {"member_of": "SIG", "affiliated_with": "Organization"}.get(
                rel.type, rel.target_type or "Organization"
            )
            src = lookup(rel.source_type or "Person", rel.source)
            dst = lookup(tgt_type, rel.target)
            b.edge(src, dst, rel.type, doc, rel.evidence, rel.confidence)


def _first_seen(rec: DocumentRecord) -> dict[tuple[str, str], Evidence]:
    """(type, match key of any form) -> the sentence where the article first names it."""
    out: dict[tuple[str, str], Evidence] = {}
    for ent in (*rec.entities, *rec.topics):
        if ent.evidence:
            for f in (ent.name, *ent.aliases):
                out.setdefault((ent.type, match_key(f)), ent.evidence[0])
    return out


def _talk_ends(talks: list) -> dict[int, int]:
    """id(talk) -> body offset where its own part ends (see :data:`SECTION_CHARS`)."""
    starts = sorted({t.evidence.start for t in talks if t.evidence is not None})
    out = {}
    for t in talks:
        if t.evidence is None:
            continue
        later = [x for x in starts if x > t.evidence.start]
        end = t.evidence.end + SECTION_CHARS
        out[id(t)] = min(end, later[0]) if later else end
    return out


def _mention_evidence(
    talk: Any, end: int | None, first_seen: dict, type_: str, name: str
) -> Evidence | None | bool:
    """The sentence showing that ``talk`` mentions ``name``; None when unknown; False
    when the article first names it after the talk's own part (it belongs to another
    speaker's paragraph, so the talk does not mention it)."""
    ev = talk.evidence
    k = match_key(name)
    if ev is not None and k and (k in match_key(talk.title) or k in match_key(ev.sentence)):
        return ev
    seen = first_seen.get((type_, k))
    if seen is None or ev is None or end is None or seen.start < ev.start:
        return None  # named earlier in the article too: trust the talk's section
    return seen if seen.start < end else False


def _alias_file_names(b: _Builder) -> None:
    """Every name of an alias file's ``same`` group becomes an alias of the node the group
    formed, even a name no article uses (so that queries can ask by it)."""
    same = getattr(b.aliases, "same", None) or ()
    types = ("Person", "SIG", "Project", "Technology", "Organization", "Location", "Event")
    for type_, names in same:
        for t in (type_,) if type_ else types:
            nid = next((b.index[(t, k)] for k in map(match_key, names) if (t, k) in b.index), None)
            if nid is None:
                continue
            data = b.nodes[nid]
            for name in names:
                if name != data["label"]:
                    b.add_once(nid, "aliases", data["aliases"], name)


def _registry_people(b: _Builder) -> dict[str, str]:
    """Registered names of people in the graph that are neither their label nor an alias."""
    if not b.same_person:
        return {}
    by_label: dict[str, list[str]] = {}
    for k, canon in b.same_person.items():
        by_label.setdefault(match_key(canon), []).append(k)
    out = {}
    # (in id order: the same whatever order the nodes were made in, so that a graph
    # updated from a few changed articles gets the same as one merged at once)
    for nid in sorted(b.nodes):
        data = b.nodes[nid]
        if data["type"] != "Person":
            continue
        known = {match_key(f) for f in (data["label"], *data["aliases"])}
        for form in known:
            for k in by_label.get(form, ()):
                if k not in known:
                    out.setdefault(k, nid)
    return dict(sorted(out.items()))


def _pairs(items: list[str]) -> Iterator[tuple[str, str]]:
    for i, x in enumerate(items):
        for y in items[i + 1 :]:
            yield (x, y) if x < y else (y, x)


def derived_edges(g: nx.MultiDiGraph) -> list[tuple[str, str, str, dict[str, Any]]]:
    """The derived relations of ``g`` as ``(u, v, relation, attributes)``, sorted.

    ``spoke_about``: a person gave a talk mentioning a Technology, Project or SIG;
    ``works_with``: two people gave a talk together, or both gave talks and are
    members of one small SIG (stored once, from the smaller node id).  ``via`` lists the talks or SIGs,
    ``evidence`` their sentences (the ``gives`` or ``member_of`` edges' evidence).

    >>> from extractor.query import example_graph
    >>> [(u, k, v) for u, v, k, _ in derived_edges(example_graph().graph)][:2]
    [('Person:kevinzhao', 'spoke_about', 'SIG:sigarm'), ('Person:侯明永', 'spoke_about', 'Technology:机密计算')]
    """
    found: dict[tuple[str, str, str], list[tuple[str, list[dict[str, Any]], list[str]]]] = {}

    def add(u: str, v: str, rel: str, via: str, d: dict[str, Any]) -> None:
        found.setdefault((u, v, rel), []).append(
            (via, list(d.get("evidence") or []), list(d.get("docs") or []))
        )

    types = dict(g.nodes(data="type"))
    for t, typ in types.items():
        if typ != "Talk":
            continue
        gives = {u: kd["gives"] for u, kd in g.pred[t].items() if "gives" in kd}
        topics = [v for v, kd in g.succ[t].items() if "mentions" in kd and types[v] in TOPIC_TYPES]
        for p, d in gives.items():
            for m in topics:
                add(p, m, "spoke_about", t, d)
        for p, q in _pairs(sorted(gives)):
            add(p, q, "works_with", t, gives[p])
    for s, typ in types.items():
        if typ != "SIG":
            continue
        # speakers only: a roster of names read from one article is no collaboration
        members = {
            u: kd["member_of"]
            for u, kd in g.pred[s].items()
            if "member_of" in kd and any("gives" in x for x in g.succ[u].values())
        }
        if len(members) > MAX_SIG_PAIRS:
            continue
        for p, q in _pairs(sorted(members)):
            add(
                p,
                q,
                "works_with",
                s,
                {
                    "evidence": members[p].get("evidence", []) + members[q].get("evidence", []),
                    "docs": members[p].get("docs", []) + members[q].get("docs", []),
                },
            )
    out = []
    for (u, v, rel), items in sorted(found.items()):
        via = sorted({x for x, _, _ in items})
        docs = sorted({d for _, _, ds in items for d in ds})
        evidence: list[dict[str, Any]] = []
        for _, evs, _ in items:
            for e in evs:
                if e not in evidence and len(evidence) < MAX_EVIDENCE:
                    evidence.append(e)
        labels = [str(g.nodes[x].get("label") or x) for x in via]
        out.append(
            (
                u,
                v,
                rel,
                {
                    "relation": rel,
                    "docs": docs,
                    "evidence": evidence,
                    "via": via,
                    "via_labels": labels,
                },
            )
        )
    return out


def with_derived(g: nx.MultiDiGraph, nodes: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """A copy of ``g`` (attribute values shared) with :func:`derived_edges` added;
    with ``nodes``, only the derived edges between those nodes (``g`` itself may be
    a subgraph, the derived edges come from ``g``).

    >>> from extractor.query import example_graph
    >>> h = with_derived(example_graph().graph)
    >>> h.has_edge("Person:侯明永", "Technology:机密计算", "spoke_about")
    True
    """
    keep = None if nodes is None else set(nodes)
    h = g.copy() if keep is None else g.subgraph(keep).copy()
    for u, v, rel, d in derived_edges(g):
        if keep is None or (u in keep and v in keep):
            h.add_edge(u, v, key=rel, **d)
    return h


def _event_node(b: _Builder, name: str, date: str, doc: str) -> str:
    nid = f"Event:{norm_key(name)}|{date}"
    if nid not in b.nodes and date:
        # two recaps of one dated event often title it differently ("活动回顾|X" / "X")
        k = match_key(name)
        for other in b.events_by_date.get(date, ()):
            ok = match_key(b.nodes[other]["label"])
            if min(len(k), len(ok)) >= 4 and (k in ok or ok in k):
                nid = other
                break
    if nid not in b.nodes:
        b.new_node(nid, "Event", name)
        b.events_by_date.setdefault(date, []).append(nid)
    _add_doc(b.nodes[nid]["docs"], doc)
    return nid


def graph_to_json(g: nx.MultiDiGraph) -> dict[str, Any]:
    """Node-link data (the plain form other tools read; :func:`write_json` writes the
    compact form, :func:`graph_to_compact`)."""
    data = nx.node_link_data(g, edges="edges")
    return data


def graph_from_json(data: dict[str, Any]) -> nx.MultiDiGraph:
    """Inverse of :func:`graph_to_json` and of :func:`graph_to_compact` (either form)."""
    if isinstance(data, dict) and data.get("format") in COMPACT_FORMATS:
        return graph_from_compact(data)
    try:
        g = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    except (KeyError, TypeError, nx.NetworkXError) as exc:
        raise GraphError(f"not a meetup-kg node-link graph: {exc}") from exc
    return g


# ---------------------------------------------------------------- the compact form
COMPACT_FORMAT = "meetup-kg-graph/3"
# /2 (issue 18, first round): sentences inline in the evidence table, every node's key
# and every talk's articles written out; still read
COMPACT_FORMATS = ("meetup-kg-graph/2", COMPACT_FORMAT)
_EV_KEYS = {"doc", "sentence", "start", "end"}
_EDGE_KEYS = {"relation", "docs", "evidence"}
_DOC_KEY_SET = {"title", "published", "date", "event"}  # of graph["docs"] values
_RESERVED = {"id", "plain", "t", "k", "kt"}  # keys of a node's object in the compact form


_KEY_DROP = str.maketrans("", "", "-_·.．")


def _label_key(label: str) -> str:
    """:func:`norm_key` of a label, ~3x faster (the loader makes ~55,000 at 10,000
    articles): ``str.split()`` drops the characters ``str.isspace`` calls space.

    >>> _label_key("SIG-Arm 机密　计算") == norm_key("SIG-Arm 机密　计算") == "sigarm机密计算"
    True
    """
    return "".join(unicodedata.normalize("NFKC", label).casefold().translate(_KEY_DROP).split())


def _derived_key(d: dict, key: Any) -> bool:
    """Whether a node's key (after "Type:", or a talk's after its event's) is the
    ``norm_key`` of its label, as the builder makes most keys: then it is not written."""
    label = d.get("label")
    return type(label) is str and type(key) is str and _label_key(label) == key


class _Compact:
    """The tables of the compact form: article paths, evidence, relation names and node
    types, each stored once and referred to by position."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.g = g
        self.index = {n: i for i, n in enumerate(g)}
        docs: set[str] = set()
        evidence: set[tuple[str, int, int, str]] = set()
        rels: set[str] = set()
        types: set[str] = set()
        self.plain_nodes: set[Any] = set()
        self.doc_meta = self._doc_meta_ok(g.graph.get("docs"))
        if self.doc_meta:
            docs.update(g.graph["docs"])
        for n, d in g.nodes(data=True):
            if self._node_ok(d):
                docs.update(d["docs"])
                if type(d.get("type")) is str:
                    types.add(d["type"])
            else:
                self.plain_nodes.add(n)
        self.plain_edges: set[tuple[Any, Any, Any]] = set()
        add_ev, edge_ok, update_docs = evidence.add, self._edge_ok, docs.update
        for u, out in g._succ.items():  # (g.edges(keys=True, data=True), without the view)
            for v, kd in out.items():
                for k, d in kd.items():
                    if edge_ok(k, d):
                        update_docs(d["docs"])
                        rels.add(k)
                        for e in d["evidence"]:
                            add_ev((e["doc"], e["start"], e["end"], e["sentence"]))
                    else:
                        self.plain_edges.add((u, v, k))
        docs.update({e[0] for e in evidence})
        self.docs = sorted(docs)
        self.doc_id = {x: i for i, x in enumerate(self.docs)}
        self.evidence = sorted(evidence)
        self.ev_id = {x: i for i, x in enumerate(self.evidence)}
        # a sentence cited from several places (boilerplate, a title quoted as a heading
        # and in the text) is stored once
        sent_id: dict[str, int] = {}
        for e in self.evidence:
            sent_id.setdefault(e[3], len(sent_id))
        self.sentences = list(sent_id)
        self.sent_id = sent_id
        self.rels = sorted(rels)
        self.rel_id = {x: i for i, x in enumerate(self.rels)}
        self.types = sorted(types)
        self.type_id = {x: i for i, x in enumerate(self.types)}

    def _doc_meta_ok(self, meta: Any) -> bool:
        """Whether ``graph["docs"]`` has the shape :class:`GraphBuilder` gives it."""
        return (
            type(meta) is dict
            and bool(meta)
            and all(
                type(k) is str
                and type(v) is dict
                and v.keys() == _DOC_KEY_SET
                and type(v["event"]) is str
                and (not v["event"] or v["event"] in self.index)
                for k, v in meta.items()
            )
        )

    def _node_ok(self, d: dict) -> bool:
        """Whether a node's attributes have the shape the compact form encodes."""
        if any(k in d for k in _RESERVED) or any(
            k not in d for k in ("docs", "attrs", "aliases", "events")
        ):
            return False
        docs, events, attrs = d["docs"], d["events"], d["attrs"]
        return (
            type(docs) is list
            and all(type(x) is str for x in docs)
            and type(events) is list
            and all(type(x) is str and x in self.index for x in events)
            and type(d["aliases"]) is list
            and type(attrs) is dict
            and type(d.get("event", "")) is str
        )

    def _edge_ok(self, key: Any, d: dict) -> bool:
        """Whether an edge has the attributes :class:`GraphBuilder` gives it (and no more)."""
        keys = d.keys()
        if not (keys == _EDGE_KEYS or (len(keys) == 4 and "confidence" in d and _EDGE_KEYS < keys)):
            return False
        docs, evidence = d["docs"], d["evidence"]
        if type(key) is not str or d["relation"] != key or type(docs) is not list:
            return False
        if type(evidence) is not list or type(d.get("confidence", 0.0)) not in (int, float):
            return False
        for x in docs:
            if type(x) is not str:
                return False
        for e in evidence:
            if not (
                type(e) is dict
                and e.keys() == _EV_KEYS
                and type(e["doc"]) is str
                and type(e["sentence"]) is str
                and type(e["start"]) is int
                and type(e["end"]) is int
            ):
                return False
        return True

    def graph_attrs(self) -> dict:
        """The graph's attributes, without ``docs`` when :meth:`doc_rows` holds them."""
        return {k: v for k, v in self.g.graph.items() if not (k == "docs" and self.doc_meta)}

    def doc_rows(self) -> Iterator[list]:
        """``graph["docs"]`` as ``[doc, title, published, date, event]`` rows (by position)."""
        if not self.doc_meta:
            return
        doc_id, index = self.doc_id, self.index
        for doc, m in self.g.graph["docs"].items():
            ev = m["event"]
            yield [doc_id[doc], m["title"], m["published"], m["date"], index[ev] if ev else None]

    def evidence_rows(self) -> Iterator[list]:
        """``[doc, start, end, sentence]`` per evidence (doc and sentence by position),
        ``[start, end, sentence]`` when the doc is the row before's."""
        doc_id, sent_id = self.doc_id, self.sent_id
        last = None
        for doc, start, end, text in self.evidence:
            if doc == last:
                yield [start, end, sent_id[text]]
            else:
                yield [doc_id[doc], start, end, sent_id[text]]
                last = doc

    def node(self, n: Any, d: dict) -> dict:
        """A node's object: ``t`` (its type, by position) and ``k`` (its id after
        "Type:"; left out when it is ``norm_key(label)``), or ``id``; its attributes
        with ``docs``, ``events`` and ``event`` by position, empty ``aliases``,
        ``events`` and ``attrs`` left out; a node of another shape as ``{"id": ...,
        "plain": attributes}``.  A talk keyed after its event has ``kt`` (its title
        key, 1 when it is ``norm_key(label)``) and no ``docs`` when they are its
        event's."""
        if n in self.plain_nodes:
            return {"id": n, "plain": d}
        out: dict[str, Any] = {}
        typ = d.get("type")
        if type(typ) is str and type(n) is str and n.startswith(typ + ":"):
            out["t"] = self.type_id[typ]
            key = n[len(typ) + 1 :]
            # a talk's key starts with its event's: "Talk:<event key>|<title key>"
            ev = d.get("event")
            if (
                ev
                and type(ev) is str
                and ev.startswith("Event:")
                and key.startswith(ev[6:] + "|")
                and ev in self.index
                and "date" in d
            ):
                kt = key[len(ev) - 5 :]
                out["kt"] = 1 if _derived_key(d, kt) else kt
            elif not _derived_key(d, key):
                out["k"] = key
        else:
            out["id"] = n
        index = self.index
        # a talk keyed after its event: its events ([event]) and date (the event's) are
        # left out when they are those, an empty events list is written
        talk = "kt" in out
        for k, v in d.items():
            if k == "docs":
                if talk and v == self.g._node[d["event"]].get("docs"):
                    continue
                v = [self.doc_id[x] for x in v]
            elif k == "events":
                if talk:
                    if v == [d["event"]]:
                        continue
                elif not v:
                    continue
                v = [index[x] for x in v]
            elif k == "date" and talk:
                ed = self.g._node[d["event"]]
                if "date" in ed and ed["date"] == v and type(v) is str:
                    continue
            elif k == "event":
                if v in index:
                    v = index[v]
            elif k == "type":
                if "t" in out:
                    continue
            elif (k == "aliases" or k == "attrs") and not v:
                continue
            out[k] = v
        return out

    def edges(self, u: Any) -> list:
        """The edges from ``u``: ``[target, relation, evidence, docs, confidence]`` (by
        position in the tables; ``docs`` null when they are the evidence's articles,
        trailing nulls left out, and the confidence in its place when docs are null),
        or ``{"target", "key", "attrs"}`` for other edges."""
        out: list = []
        index, doc_id, ev_id, rel_id = self.index, self.doc_id, self.ev_id, self.rel_id
        plain = self.plain_edges
        for v, kd in self.g._succ[u].items():
            vi = index[v]
            for k, d in kd.items():
                if plain and (u, v, k) in plain:
                    out.append({"target": vi, "key": k, "attrs": d})
                    continue
                evidence = d["evidence"]
                ev = [ev_id[(e["doc"], e["start"], e["end"], e["sentence"])] for e in evidence]
                docs = d["docs"]
                if evidence and docs == sorted({e["doc"] for e in evidence}):
                    row: list = [vi, rel_id[k], ev, None]
                else:
                    row = [vi, rel_id[k], ev, [doc_id[x] for x in docs]]
                if "confidence" in d:
                    if row[3] is None:
                        row[3] = d["confidence"]  # a number there: docs are the evidence's
                    else:
                        row.append(d["confidence"])
                elif row[3] is None:
                    row.pop()
                out.append(row)
        return out

    def edges_text(self, u: Any) -> str | None:
        """The JSON text of :meth:`edges` (as the writer's encoder writes it), made here
        from numbers: the encoder took a third of the time of writing a graph.  None
        when an edge has another shape or a confidence that is no finite number."""
        parts: list[str] = []
        index, doc_id, ev_id, rel_id = self.index, self.doc_id, self.ev_id, self.rel_id
        plain = self.plain_edges
        for v, kd in self.g._succ[u].items():
            vi = index[v]
            for k, d in kd.items():
                if plain and (u, v, k) in plain:
                    return None
                evidence, docs = d["evidence"], d["docs"]
                if len(evidence) == 1:
                    e = evidence[0]
                    ev = str(ev_id[(e["doc"], e["start"], e["end"], e["sentence"])])
                    same = len(docs) == 1 and docs[0] == e["doc"]
                else:
                    ev = ",".join(
                        [
                            str(ev_id[(e["doc"], e["start"], e["end"], e["sentence"])])
                            for e in evidence
                        ]
                    )
                    same = bool(evidence) and docs == sorted({e["doc"] for e in evidence})
                head = f"[{vi},{rel_id[k]},[{ev}]"
                if not same:
                    head += ",[" + ",".join([str(doc_id[x]) for x in docs]) + "]"
                if "confidence" in d:
                    c = d["confidence"]
                    if type(c) is float:
                        if not math.isfinite(c):
                            return None
                        head += "," + float.__repr__(c)
                    else:
                        head += "," + int.__repr__(c)
                parts.append(head + "]")
        return "[" + ",".join(parts) + "]"


def graph_to_compact(g: nx.MultiDiGraph) -> dict[str, Any]:
    """The compact form :func:`write_json` writes: node-link data in which every article
    path, evidence sentence, relation name and node type is stored once and referred to
    by its position; ``graph_from_json(graph_to_compact(g))`` equals ``g``.

    Keys: ``format`` (:data:`COMPACT_FORMAT`), ``graph`` (the graph attributes but
    ``docs``), ``doc_table`` (article paths), ``doc_meta`` (``graph["docs"]`` as
    ``[doc, title, published, date, event]``), ``sentences`` (each evidence sentence
    once), ``evidence_table`` (``[doc, start, end, sentence]``, ``[start, end,
    sentence]`` for the doc of the row before), ``relations``, ``types``,
    ``node_table`` (one object per node, see
    ``_Compact.node``) and ``adjacency`` (each node's out-edges, in node order, see
    ``_Compact.edges``); ``nodes`` and ``edges`` are empty (a node-link reader that does
    not know this form finds no nodes rather than wrong ones).

    >>> from extractor.query import example_graph
    >>> g = example_graph().graph
    >>> h = graph_from_json(graph_to_compact(g))
    >>> list(h.edges(keys=True, data=True)) == list(g.edges(keys=True, data=True))
    True
    """
    c = _Compact(g)
    return {
        "format": COMPACT_FORMAT,
        "directed": True,
        "multigraph": True,
        "graph": c.graph_attrs(),
        "doc_table": c.docs,
        "doc_meta": list(c.doc_rows()),
        "sentences": c.sentences,
        "evidence_table": list(c.evidence_rows()),
        "relations": c.rels,
        "types": c.types,
        "node_table": [c.node(n, d) for n, d in g.nodes(data=True)],
        "adjacency": [c.edges(u) for u in g],
        "nodes": [],
        "edges": [],
    }


def _bad(where: str, what: str) -> GraphError:
    return GraphError(f"not a meetup-kg compact graph: {where}: {what}")


def graph_from_compact(data: dict[str, Any]) -> nx.MultiDiGraph:
    """Inverse of :func:`graph_to_compact`; a malformed file raises :class:`GraphError`
    naming the bad entry.  Evidence dicts are shared by the edges that cite them."""
    try:
        with paused_gc():
            return _from_compact(data)
    except GraphError:
        raise
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        raise _bad("a table", f"{type(exc).__name__}: {exc}") from None


def _table(data: dict, name: str, kind: type = object) -> list:
    v = data.get(name, [])
    if type(v) is not list or (kind is not object and not all(type(x) is kind for x in v)):
        raise _bad(name, "expected a list" + ("" if kind is object else f" of {kind.__name__}"))
    return v


def _from_compact(data: dict[str, Any]) -> nx.MultiDiGraph:
    docs = _table(data, "doc_table", str)
    rels = _table(data, "relations", str)
    types = _table(data, "types", str)
    nodes_in = _table(data, "node_table", dict)
    adjacency = _table(data, "adjacency", list)
    if len(adjacency) != len(nodes_in):
        raise _bad("adjacency", "expected one list of edges per node")
    v3 = data.get("format") == COMPACT_FORMAT
    sentences = _table(data, "sentences", str)
    evidence = []
    di = -1
    for i, row in enumerate(_table(data, "evidence_table", list)):
        if len(row) == 4:
            di, start, end, sentence = row
        else:  # the doc of the row before
            start, end, sentence = row
        if type(sentence) is int and v3 and sentence >= 0:
            sentence = sentences[sentence]
        if type(di) is not int or di < 0 or type(sentence) is not str:
            raise _bad(f"evidence_table[{i}]", "expected [doc, start, end, sentence]")
        evidence.append({"doc": docs[di], "sentence": sentence, "start": start, "end": end})
    ids: list[Any] = []
    later = []  # talks whose id starts with their event's
    for i, nd in enumerate(nodes_in):
        if "kt" in nd:
            ids.append(None)
            later.append(i)
        elif "t" in nd:
            key = nd["k"] if "k" in nd or not v3 else _label_key(nd["label"])
            ids.append(f"{types[nd['t']]}:{key}")
        elif "id" in nd:
            ids.append(nd["id"])
        else:
            raise _bad(f"node_table[{i}]", 'expected an object with an "id"')
    for i in later:
        nd = nodes_in[i]
        event = ids[nd["event"]]
        if type(event) is not str or not event.startswith("Event:"):
            raise _bad(f"node_table[{i}]", "a talk's event is no event")
        kt = nd["kt"]
        if kt == 1 and type(kt) is int and v3:
            kt = _label_key(nd["label"])
        ids[i] = f"{types[nd['t']]}:{event[6:]}|{kt}"
    g = nx.MultiDiGraph()
    graph_attrs = data.get("graph") or {}
    if type(graph_attrs) is not dict:
        raise _bad("graph", "expected an object")
    meta = _table(data, "doc_meta", list)
    if meta:
        g.graph["docs"] = {
            docs[r[0]]: {
                "title": r[1],
                "published": r[2],
                "date": r[3],
                "event": "" if r[4] is None else ids[r[4]],
            }
            for r in meta
        }
    g.graph.update(graph_attrs)
    node, succ, pred = g._node, g._succ, g._pred
    dated: list[tuple[dict, str]] = []  # talks whose date is their event's
    filed: list[tuple[dict, str]] = []  # talks whose articles are their event's
    for i, nd in enumerate(nodes_in):
        n = ids[i]
        if n in node:
            raise _bad(f"node_table[{i}]", f"node {n!r} listed twice")
        if "plain" in nd:
            attrs = nd["plain"]
            if type(attrs) is not dict:
                raise _bad(f"node_table[{i}]", '"plain" is no object')
        else:
            # in the order GraphBuilder gives them, whatever the file's order
            attrs = {
                "type": types[nd["t"]] if "t" in nd else nd.get("type"),
                "label": nd.get("label"),
                "aliases": nd.get("aliases", []),
                "docs": [docs[x] for x in nd.get("docs", ())],
                "events": [ids[x] for x in nd.get("events", ())],
                "attrs": nd.get("attrs", {}),
            }
            if "t" not in nd and "type" not in nd:
                del attrs["type"]
            if "label" not in nd:
                del attrs["label"]
            for k, v in nd.items():
                if k not in attrs and k not in _RESERVED:
                    if k == "event" and type(v) is int:
                        v = ids[v]
                    attrs[k] = v
            if "kt" in nd:
                if "events" not in nd:
                    attrs["events"] = [attrs["event"]]
                if "date" not in nd:
                    dated.append((attrs, attrs["event"]))
                if "docs" not in nd and v3:
                    filed.append((attrs, attrs["event"]))
        node[n] = attrs
        succ[n] = {}
        pred[n] = {}
    for attrs, event in dated:
        attrs["date"] = node[event]["date"]
    for attrs, event in filed:
        attrs["docs"] = list(node[event]["docs"])
    for i, out in enumerate(adjacency):
        if not out:
            continue
        u = ids[i]
        succ_u = succ[u]
        for row in out:
            if type(row) is dict:
                v, key, attrs = ids[row["target"]], row["key"], row["attrs"]
                if type(attrs) is not dict:
                    raise _bad(f"adjacency[{i}]", "edge attributes are no object")
            else:
                v, key = ids[row[0]], rels[row[1]]
                evs = [evidence[x] for x in row[2]]
                dl = row[3] if len(row) > 3 else None
                if dl is None or type(dl) is not list:  # null, or the confidence
                    ds = sorted({e["doc"] for e in evs})
                else:
                    ds = [docs[x] for x in dl]
                attrs = {"relation": key, "docs": ds, "evidence": evs}
                if len(row) > 4:
                    attrs["confidence"] = row[4]
                elif dl is not None and type(dl) is not list:
                    attrs["confidence"] = dl
            kd = succ_u.get(v)
            if kd is None:
                kd = succ_u[v] = pred[v][u] = {}
            kd[key] = attrs
    return g


class _JsonText:
    """``json.dumps(value, ensure_ascii=False, sort_keys=True)`` with one encoder for all
    values, remembered for strings and lists of at most one string: node ids, labels
    and one-article ``docs`` lists recur on thousands of lines.

    :meth:`of` is the writers' inner-loop form: a lookup in :attr:`memo` first."""

    def __init__(self) -> None:
        self.dump = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
        self.memo: dict[Any, str] = {}  # str, or tuple of the list's items -> text

    def __call__(self, value: Any) -> str:
        key: str | tuple[str, ...]
        if type(value) is str:
            key = value
        elif type(value) is list and (not value or (len(value) == 1 and type(value[0]) is str)):
            key = tuple(value)
        else:
            return self.encode(value)
        text = self.memo.get(key)
        if text is None:
            text = self.memo[key] = self.encode(value)
        return text

    def of(self, value: Any) -> str:
        """The same as calling this object, faster for the values the memo holds."""
        t = type(value)
        if t is str:
            text = self.memo.get(value)
        elif t is list and (not value or (len(value) == 1 and type(value[0]) is str)):
            text = self.memo.get(tuple(value))
        else:
            text = None
        return text if text is not None else self(value)

    def encode(self, value: Any) -> str:
        return self.dump(value)


_EDGE_ATTRS = {"relation", "docs", "evidence"}  # what records_to_graph puts on an edge


def _single_doc_key(docs: Any, evidence: Any, relation: Any, key: Any) -> tuple | None:
    """(doc, relation, key) of an edge from one article without evidence (most ``mentions``
    edges), whose attributes then write the same way; None for any other edge."""
    if (
        type(evidence) is list
        and not evidence
        and type(docs) is list
        and len(docs) == 1
        and type(docs[0]) is str
        and type(relation) is str
        and type(key) is str
    ):
        return docs[0], relation, key
    return None


def write_json(g: nx.MultiDiGraph, path: str | Path, compact: bool = True) -> None:
    """Write the graph as JSON atomically, one node, edge list or evidence sentence per
    line (readable diffs), streamed so that a large graph is never held in memory as one
    string.

    ``compact`` (the default) writes :func:`graph_to_compact`'s form: each article path
    and evidence sentence once, referred to by position (about a sixth of the plain
    form's size).  ``compact=False`` writes plain node-link data
    (:func:`graph_to_json`, sorted keys), which ``networkx.node_link_graph`` reads.
    :func:`read_json` reads both.
    """
    if compact:
        _write_compact(g, path)
    else:
        _write_node_link(g, path)


def _write_compact(g: nx.MultiDiGraph, path: str | Path) -> None:
    """:func:`write_json` of :func:`graph_to_compact`'s form, streamed."""
    from .fsio import atomic_write_chunks

    c = _Compact(g)
    dump = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    dump_sorted = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode

    def rows(name: str, items: Iterable[Any], enc=dump) -> Iterator[str]:
        yield f',\n"{name}":['
        sep = "\n"
        for x in items:
            yield sep + enc(x)
            sep = ",\n"
        yield "]"

    def chunks() -> Iterator[str]:
        # (the head an earlier output starts with: fsio.written_by_us knows it by that)
        yield f'{{"directed": true, "multigraph": true, "format": {dump(COMPACT_FORMAT)}'
        yield f',\n"graph":{dump_sorted(c.graph_attrs())}'
        yield f',\n"relations":{dump(c.rels)},\n"types":{dump(c.types)}'
        yield from rows("doc_table", c.docs)
        yield from rows("doc_meta", c.doc_rows())
        yield from rows("sentences", c.sentences)
        yield from rows("evidence_table", c.evidence_rows())
        nodes = (c.node(n, d) for n, d in g.nodes(data=True))
        yield from rows("node_table", nodes, dump_sorted)
        yield ',\n"adjacency":['
        sep = "\n"
        for u in g:
            text = c.edges_text(u)
            yield sep + (text if text is not None else dump_sorted(c.edges(u)))
            sep = ",\n"
        yield "]"
        yield ',\n"nodes":[],"edges":[]}\n'

    atomic_write_chunks(path, chunks())


def _write_node_link(g: nx.MultiDiGraph, path: str | Path) -> None:
    """:func:`write_json` of plain node-link data (:func:`graph_to_json`), streamed."""
    from .fsio import atomic_write_chunks

    text = _JsonText()
    of = text.of
    heads: dict[tuple[str, str, str], str] = {}

    def edges() -> Iterator[str]:
        """The edge lines of each source node, joined (the order of ``g.edges``)."""
        for u, nbrs in g.adjacency():
            if not nbrs:
                continue
            su = of(u)
            lines = []
            for v, kd in nbrs.items():
                sv = of(v)
                for k, d in kd.items():
                    if d.keys() != _EDGE_ATTRS:
                        lines.append(text.dump({**d, "source": u, "target": v, "key": k}))
                        continue
                    # the line json.dumps gives, from parts; the part before "source" is
                    # the same for every edge of one relation and article without evidence
                    docs, ev, rel = d["docs"], d["evidence"], d["relation"]
                    pk = _single_doc_key(docs, ev, rel, k)
                    head = heads.get(pk) if pk else None
                    if head is None:
                        head = (
                            f'{{"docs": {of(docs)}, "evidence": {of(ev)}, '
                            f'"key": {of(k)}, "relation": {of(rel)}, '
                        )
                        if pk:
                            heads[pk] = head
                    lines.append(f'{head}"source": {su}, "target": {sv}}}')
            yield ",\n".join(lines)

    def chunks() -> Iterator[str]:
        # the key order of json.dumps(node_link_data(g), sort_keys=True)
        yield '{"directed": true,\n"edges": ['
        sep = "\n"
        for block in edges():
            yield sep + block
            sep = ",\n"
        yield f'],\n"graph": {text.dump(g.graph)},\n"multigraph": true,\n"nodes": ['
        sep = "\n"
        for n, d in g.nodes(data=True):
            yield sep + text.dump({**d, "id": n})
            sep = ",\n"
        yield "]}\n"

    atomic_write_chunks(path, chunks())


def read_json(path: str | Path) -> nx.MultiDiGraph:
    """Read a graph written by :func:`write_json` (either form, and files of earlier
    versions)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
        with paused_gc():  # millions of small lists and dicts, no cycles
            data = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GraphError(f"{p}: cannot read graph JSON: {exc}") from exc
    return graph_from_json(data)


_COMPACT_HEADS = [b'"format": "' + f.encode() + b'"' for f in COMPACT_FORMATS]
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def is_compact(path: str | Path) -> bool:
    """Whether ``path`` starts as :func:`write_json` starts the compact form."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(200)
        return any(h in head for h in _COMPACT_HEADS)
    except OSError:
        return False


def load_compact(path: str | Path, limit: int = 1 << 30) -> nx.MultiDiGraph:
    """Read a compact graph file with the checks ``schemas.load_graph`` makes on any graph
    file (size, UTF-8, no NUL, no lone surrogate, nesting; a
    :class:`~extractor.errors.GraphFileError` naming the file), at the speed of
    ``json.loads``: the tables' shapes are checked while the graph is assembled, nesting
    by the decoder itself, lone surrogates on the text.
    """
    from .errors import GraphFileError
    from .schemas import MAX_DEPTH

    p = Path(path)
    expected = "a graph written by meetup-kg build"
    try:
        with open(p, "rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        raise GraphFileError(p, f"cannot read: {exc.strerror or exc}", expected=expected) from None
    if len(raw) > limit:
        raise GraphFileError(p, f"file is larger than {limit >> 20} MB", expected=expected)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GraphFileError(
            p, f"not UTF-8 (bad byte at offset {exc.start})", expected="UTF-8 text"
        ) from None
    if "\x00" in text:
        raise GraphFileError(p, "holds NUL bytes", expected="a text graph file")
    m = _SURROGATE_ESCAPE.search(text)
    if m and not _pairs_only(text):
        raise GraphFileError(p, "lone surrogate in a string", expected="valid Unicode text")
    import sys

    depth, f = 0, sys._getframe()
    while f is not None:
        depth, f = depth + 1, f.f_back
    old_limit = sys.getrecursionlimit()
    try:
        # json's C decoder counts nesting against the recursion limit: so set, a file
        # nested deeper than MAX_DEPTH fails here, without walking the parsed data
        sys.setrecursionlimit(depth + MAX_DEPTH + 8)
        with paused_gc():
            data = json.loads(text)
    except RecursionError:
        raise GraphFileError(
            p, "nested too deeply to parse", expected=f"data nested at most {MAX_DEPTH} levels"
        ) from None
    except json.JSONDecodeError as exc:
        raise GraphFileError(
            p, f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}", expected="JSON"
        ) from None
    finally:
        sys.setrecursionlimit(old_limit)
    if type(data) is not dict or data.get("format") not in COMPACT_FORMATS:
        raise GraphFileError(p, "not the compact form", expected=expected)
    try:
        return graph_from_compact(data)
    except GraphError as exc:
        raise GraphFileError(p, str(exc), expected=expected) from None


def _pairs_only(text: str) -> bool:
    """Whether every surrogate escape in ``text`` is half of a valid pair."""
    for m in _SURROGATE_ESCAPE.finditer(text):
        hi = m.group()[2].lower() == "d" and m.group()[3].lower() in "89ab"
        nxt = text[m.end() : m.end() + 6]
        prev = text[max(0, m.start() - 6) : m.start()]
        if hi and not (len(nxt) == 6 and nxt[:3].lower() == "\\ud" and nxt[3].lower() in "cdef"):
            return False
        if not hi and not (prev[:3].lower() == "\\ud" and prev[3:4].lower() in "89ab"):
            return False
    return True


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_GRAPHML_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)


class _XmlText(_JsonText):
    """Attribute or text content for XML: JSON for lists and dicts, escaped, no control
    characters; remembered as in :class:`_JsonText`, so that a node id or a label is
    escaped once, not on every line it is on."""

    def encode(self, value: Any) -> str:
        if isinstance(value, (list, dict)):
            s = self.dump(value)
        else:
            s = "" if value is None else str(value)
        # xml.sax.saxutils.escape(s, {'"': "&quot;"}), without its per-call overhead
        s = _XML_BAD.sub("", s)
        return (
            s.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace('"', "&quot;")
        )


def write_graphml(g: nx.MultiDiGraph, path: str | Path) -> None:
    """Write GraphML (readable by ``networkx.read_graphml``, Gephi, yEd); list and dict
    attributes are stored as JSON strings.  Streamed to the file, so memory stays flat
    however large the graph."""
    from .fsio import atomic_write_chunks

    x = _XmlText()
    of = x.of
    tails: dict[tuple, str] = {}
    node_keys = sorted({k for _, d in g.nodes(data=True) for k in d})
    edge_keys = sorted({k for *_, d in g.edges(keys=True, data=True) for k in d})
    nid = {k: f"n{i}" for i, k in enumerate(node_keys)}
    eid = {k: f"e{i}" for i, k in enumerate(edge_keys)}
    node_data = {k: f'<data key="{nid[k]}">' for k in node_keys}  # opening tags
    edge_data = {k: f'<data key="{eid[k]}">' for k in edge_keys}

    def chunks() -> Iterator[str]:
        yield _GRAPHML_HEAD
        for k in node_keys:
            yield f'  <key id="{nid[k]}" for="node" attr.name="{x(k)}" attr.type="string" />\n'
        for k in edge_keys:
            yield f'  <key id="{eid[k]}" for="edge" attr.name="{x(k)}" attr.type="string" />\n'
        yield '  <graph edgedefault="directed">\n'
        for n, d in g.nodes(data=True):
            body = "".join([f"{node_data[k]}{of(v)}</data>" for k, v in d.items()])
            yield f'    <node id="{of(n)}">{body}</node>\n'
        for u, nbrs in g.adjacency():  # the order of g.edges, one chunk per source node
            if not nbrs:
                continue
            head = f'    <edge source="{of(u)}" target="'
            lines = []
            for v, kd in nbrs.items():
                xv = of(v)
                for key, d in kd.items():
                    # as in write_json: one article's edges of one relation without
                    # evidence share their attributes' text
                    bk = None
                    if d.keys() == _EDGE_ATTRS:
                        bk = _single_doc_key(d["docs"], d["evidence"], d["relation"], key)
                        if bk:
                            bk = (*bk, *d)  # the attributes' order, as written
                    tail = tails.get(bk) if bk else None
                    if tail is None:
                        body = "".join([f"{edge_data[k]}{of(a)}</data>" for k, a in d.items()])
                        tail = f'" id="{of(key)}">{body}</edge>\n'
                        if bk:
                            tails[bk] = tail
                    lines.append(head + xv + tail)
            yield "".join(lines)
        yield "  </graph>\n</graphml>\n"

    atomic_write_chunks(path, chunks())


def graph_summary(g: nx.MultiDiGraph) -> dict[str, int]:
    """Counts of nodes per type, e.g. {'Event': 1, 'Person': 7, ...}."""
    out: dict[str, int] = {}
    for _, t in g.nodes(data="type"):
        out[t] = out.get(t, 0) + 1
    return dict(sorted(out.items()))
