"""Stage 8: MeetupGraph, the graph plus the questions users ask of it from Python.

Every question returns a pandas DataFrame (one row per item) or plain lists and
dicts, so results print in a notebook and feed pandas directly.  Names are looked
up by node id, label or any alias, ignoring case, spaces, ``-_·.`` and
Traditional/Simplified script (:func:`extractor.graph.match_key`).

>>> kg = example_graph()
>>> kg.talks(about="confidential computing")[["title", "speakers"]].to_dict("records")
[{'title': 'Arm 机密计算架构', 'speakers': ['Kevin Zhao']}, {'title': '机密计算技术与实践', 'speakers': ['侯明永']}]
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from heapq import heappop, heappush
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from .errors import GraphError
from .gcpause import paused_gc
from .graph import match_key, strip_sig, topic_key
from .model import ENTITY_TYPES, DocumentRecord, Problem

__all__ = [
    "MeetupGraph",
    "build",
    "load",
    "from_records",
    "example_graph",
    "pagerank",
    "path_text",
    "brand_groups",
]

NODE_TYPES = ("Event", "Talk", *ENTITY_TYPES)
TOPIC_TYPES = ("Project", "Technology", "SIG")
# which node wins when a name is the label or alias of several nodes
_TYPE_ORDER = {
    t: i
    for i, t in enumerate(
        ("Person", "SIG", "Project", "Technology", "Organization", "Event", "Location", "Talk")
    )
}
_SEP = r"[\s\-_·.]*"
# how an edge reads when a path walks it from its target to its source
INVERSE = {
    "gives": "given_by",
    "presented_at": "has_talk",
    "member_of": "has_member",
    "affiliated_with": "has_member",
    "organized_by": "organized",
    "held_in": "hosted",
    "mentions": "mentioned_in",
    "spoke_about": "spoken_about_by",
    "works_with": "works_with",
}


def _text(s: str) -> str:
    """Text for substring matching: NFKC, casefolded, Simplified."""
    from .resources import t2s

    s = unicodedata.normalize("NFKC", s or "").casefold()
    cc = t2s()
    return cc.convert(s) if cc is not None and any(ord(c) > 0x2E7F for c in s) else s


def _form_pattern(form: str) -> re.Pattern[str] | None:
    """A regex finding ``form`` in :func:`_text` output; Latin words only at word bounds."""
    toks = [t for t in re.split(r"[\s\-_·.]+", _text(form)) if t]
    if not toks or len("".join(toks)) < 2:
        return None
    body = _SEP.join(re.escape(t) for t in toks)
    head = r"(?<![a-z0-9])" if toks[0][0].isascii() and toks[0][0].isalnum() else ""
    tail = r"(?![a-z0-9])" if toks[-1][-1].isascii() and toks[-1][-1].isalnum() else ""
    return re.compile(head + body + tail)


def _year(date: str | None) -> str:
    return (date or "")[:4] if re.match(r"\d{4}", date or "") else ""


def pagerank(
    g: nx.Graph, alpha: float = 0.85, weight: str | None = "weight", tol: float = 1.0e-10
) -> dict[Any, float]:
    """PageRank of ``g``: ``nx.pagerank`` when scipy is importable, else a pure-Python
    power iteration (networkx's own implementation needs scipy).

    >>> g = nx.star_graph(3)
    >>> pr = pagerank(g)
    >>> max(pr, key=pr.get), round(sum(pr.values()), 6)
    (0, 1.0)
    """
    try:
        import scipy  # noqa: F401
    except ImportError:
        return _pagerank_python(g, alpha, weight, tol)
    return nx.pagerank(g, alpha=alpha, weight=weight, tol=tol)


def _pagerank_python(
    g: nx.Graph, alpha: float = 0.85, weight: str | None = "weight", tol: float = 1.0e-10
) -> dict[Any, float]:
    """Power iteration with uniform teleport; dangling mass spread uniformly (as networkx)."""
    nodes = list(g)
    n = len(nodes)
    if n == 0:
        return {}
    out: dict[Any, list[tuple[Any, float]]] = {u: [] for u in nodes}
    for u, v, d in g.edges(data=True):
        w = float(d.get(weight, 1.0)) if weight else 1.0
        out[u].append((v, w))
        if not g.is_directed():
            out[v].append((u, w))
    totals = {u: sum(w for _, w in out[u]) for u in nodes}
    x = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(1000):
        dangling = alpha * sum(x[u] for u in nodes if totals[u] == 0) / n
        nxt = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for u in nodes:
            if totals[u]:
                share = alpha * x[u] / totals[u]
                for v, w in out[u]:
                    nxt[v] += share * w
        err = sum(abs(nxt[u] - x[u]) for u in nodes)
        x = nxt
        if err < n * tol:
            break
    return x


class MeetupGraph:
    """A knowledge graph of meetups; ``kg.graph`` is the networkx MultiDiGraph.

    The schema of ``kg.graph`` is documented in :mod:`extractor.graph`.

    >>> kg = example_graph()
    >>> kg
    <MeetupGraph 17 nodes, 16 edges>
    >>> kg.graph.nodes["Person:侯明永"]["type"]
    'Person'
    """

    def __init__(
        self,
        graph: nx.MultiDiGraph,
        records: list[DocumentRecord] | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        self.graph = graph
        self.records = records or []
        self.problems = problems or []
        self._index: dict[str, list[str]] | None = None
        self._index_size = -1

    def __repr__(self) -> str:
        return f"<MeetupGraph {self.graph.number_of_nodes()} nodes, {self.graph.number_of_edges()} edges>"

    # ------------------------------------------------------------------ I/O

    def save(self, path: str | Path) -> None:
        """Write node-link JSON; ``load(path)`` gives the same graph back.

        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "g.json"
        >>> kg = example_graph(); kg.save(p)
        >>> sorted(load(p).graph.edges(keys=True)) == sorted(kg.graph.edges(keys=True))
        True
        """
        from .graph import write_json

        write_json(self.graph, path)

    def export(self, path: str | Path, format: str | None = None) -> list[Path]:
        """Write the graph for another tool; see :mod:`extractor.exports` for the formats.

        ``format`` is one of ``gexf`` (Gephi), ``neo4j`` (a folder of CSV files for
        ``neo4j-admin database import``), ``turtle`` (RDF) or ``jsonld``; by default
        the suffix of ``path`` tells (.gexf, .ttl, .jsonld).  Returns the files written.

        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> [p.name for p in example_graph().export(d / "kg.ttl", format="turtle")]
        ['kg.ttl']
        """
        from .exports import export

        return export(self.graph, path, format)

    # --------------------------------------------------------------- lookup

    def _lookup_index(self) -> dict[str, list[str]]:
        if self._index is None or self._index_size != len(self.graph):
            idx: dict[str, list[str]] = defaultdict(list)
            for n, d in self.graph.nodes(data=True):
                for form in (d.get("label") or "", *(d.get("aliases") or []), n):
                    k = match_key(form)
                    if k and n not in idx[k]:
                        idx[k].append(n)
            # names only the registry gives ("Mingyong Hou" for a 侯明永 of the articles)
            for form, n in (self.graph.graph.get("registry_people") or {}).items():
                k = match_key(form)
                if k and n in self.graph and n not in idx[k]:
                    idx[k].append(n)
            self._index, self._index_size = dict(idx), len(self.graph)
        return self._index

    def find(self, name: str, type: str | None = None) -> list[str]:
        """Ids of every node whose id, label or alias is ``name`` (best match first).

        >>> example_graph().find("mingyong hou")
        ['Person:侯明永']
        """
        _check_type(type)
        g = self.graph
        if name in g and (type is None or g.nodes[name].get("type") == type):
            return [name]
        k = match_key(name)
        cands = [n for n in self._lookup_index().get(k, []) if type in (None, g.nodes[n]["type"])]

        def rank(n: str) -> tuple[int, int, str]:
            exact = match_key(g.nodes[n].get("label") or "") == k
            return (0 if exact else 1, _TYPE_ORDER.get(g.nodes[n]["type"], 99), n)

        return sorted(cands, key=rank)

    def node(self, name: str, type: str | None = None) -> str:
        """The id of the node called ``name`` (id, label or alias); :class:`GraphError` if none.

        When several nodes carry the name, a node whose label is the name wins,
        then the first in the order Person, SIG, Project, Technology,
        Organization, Event, Location, Talk; pass ``type`` or a node id to choose.

        >>> example_graph().node("機密計算")
        'Technology:机密计算'
        >>> example_graph().node("侯明勇")
        Traceback (most recent call last):
        ...
        extractor.errors.GraphError: no node named '侯明勇'; close matches: 侯明永
        """
        found = self.find(name, type)
        if found:
            return found[0]
        what = f"no {type} node" if type else "no node"
        close = self.close_matches(name, type)
        hint = f"; close matches: {', '.join(close)}" if close else "; no close matches"
        raise GraphError(f"{what} named {name!r}{hint}")

    def close_matches(self, name: str, type: str | None = None, n: int = 5) -> list[str]:
        """Labels that look like ``name`` (for error messages and typo hunting).

        >>> example_graph().close_matches("confidential")
        ['sig-confidential-computing', '机密计算']
        """
        k = match_key(name)
        forms: dict[str, str] = {}
        for node, d in sorted(self.graph.nodes(data=True)):
            if type and d.get("type") != type:
                continue
            for f in (d.get("label") or "", *(d.get("aliases") or [])):
                forms.setdefault(match_key(f), d.get("label") or node)
        out: list[str] = []
        if len(k) >= 2:
            for fk, label in forms.items():
                if k in fk and label not in out:
                    out.append(label)
        for fk in difflib.get_close_matches(k, list(forms), n=n, cutoff=0.6):
            if forms[fk] not in out:
                out.append(forms[fk])
        return out[:n]

    # -------------------------------------------------------------- helpers

    # (the graph's own dicts, not its views: a view costs ~1 us a lookup, and a
    # question at 10,000 articles makes hundreds of thousands of them)
    def _label(self, n: str) -> str:
        return self.graph._node[n].get("label") or n

    def _type(self, n: str) -> str:
        return self.graph._node[n].get("type", "")

    def _of_type(self, type_: str) -> list[str]:
        return [n for n, d in self.graph._node.items() if d.get("type") == type_]

    def _out(self, n: str, rel: str) -> list[str]:
        return sorted([v for v, kd in self.graph._succ[n].items() if rel in kd])

    def _in(self, n: str, rel: str) -> list[str]:
        return sorted([u for u, kd in self.graph._pred[n].items() if rel in kd])

    def _doc_date(self, doc: str) -> str:
        return (self.graph.graph.get("docs", {}).get(doc) or {}).get("date") or ""

    def _talk_event(self, t: str) -> str:
        ev = self.graph._node[t].get("event") or ""
        if ev in self.graph._node:
            return ev
        evs = self._out(t, "presented_at")
        return evs[0] if evs else ""

    def _talk_date(self, t: str) -> str:
        d = self.graph._node[t]
        ev = self._talk_event(t)
        date = d.get("date") or (self.graph._node[ev].get("date") if ev else "") or ""
        if not date:
            dates = sorted(filter(None, (self._doc_date(x) for x in d.get("docs") or [])))
            date = dates[0] if dates else ""
        return date

    def _event_date(self, e: str) -> str:
        d = self.graph._node[e]
        if d.get("date"):
            return d["date"]
        dates = sorted(filter(None, (self._doc_date(x) for x in d.get("docs") or [])))
        return dates[0] if dates else ""

    def _node_talks(self, n: str) -> set[str]:
        """Talks linked to ``n``: given by it, mentioning it, or at events linked to it."""
        g = self.graph
        out = {m for m in nx.all_neighbors(g, n) if self._type(m) == "Talk"}
        for e in nx.all_neighbors(g, n):
            if self._type(e) == "Event":
                out.update(self._in(e, "presented_at"))
        if self._type(n) == "Event":
            out.update(self._in(n, "presented_at"))
        out.discard(n)
        return out

    # ------------------------------------------------------------ about

    def topic(self, about: str) -> list[str]:
        """Project, Technology and SIG nodes that ``about`` names, with their aliases'
        other-language twins: every node sharing a name (SIG affixes stripped) with one
        found is included, so "机密计算" and "confidential computing" give the same set.

        >>> example_graph().topic("confidential computing")
        ['SIG:sigconfidentialcomputing', 'Technology:机密计算']
        """
        by_key: dict[str, set[str]] = defaultdict(set)
        keys_of: dict[str, set[str]] = {}
        for n, d in self.graph.nodes(data=True):
            if d.get("type") not in TOPIC_TYPES:
                continue
            ks = set()
            for f in (d.get("label") or "", *(d.get("aliases") or [])):
                ks.update(k for k in (match_key(f), topic_key(f)) if len(k) >= 2)
            keys_of[n] = ks
            for k in ks:
                by_key[k].add(n)
        seeds = {n for k in {match_key(about), topic_key(about)} for n in by_key.get(k, ())}
        found, todo = set(seeds), list(seeds)
        while todo:
            for k in keys_of[todo.pop()]:
                for m in by_key[k] - found:
                    found.add(m)
                    todo.append(m)
        return sorted(found)

    def _about_talks(self, about: str) -> tuple[set[str], list[str]]:
        nodes = self.topic(about)
        forms = {about}
        for n in nodes:
            forms.update(self._forms(n))
            if self._type(n) == "SIG":
                forms.update(strip_sig(f) for f in self._forms(n))
        pats = [p for p in map(_form_pattern, sorted(forms)) if p is not None]
        talks = set()
        for n in nodes:
            # membership of a SIG does not make every talk of a member about it
            talks.update(self._in(n, "mentions"))
        for t in self._of_type("Talk"):
            title = _text(self._label(t))
            if any(p.search(title) for p in pats):
                talks.add(t)
        return talks, nodes

    def _forms(self, n: str) -> list[str]:
        d = self.graph.nodes[n]
        return [d.get("label") or "", *(d.get("aliases") or [])]

    def _sig_talks(self, sig: str) -> set[str]:
        s = self.node(sig, "SIG")
        talks = set(self._in(s, "mentions"))
        for p in self._in(s, "member_of"):
            talks.update(self._out(p, "gives"))
        return talks

    # ---------------------------------------------------------- tables

    def talks(
        self,
        speaker: str | None = None,
        event: str | None = None,
        about: str | None = None,
        sig: str | None = None,
        min_confidence: float = 0.0,
    ) -> pd.DataFrame:
        """One row per talk: id, title, speakers, event, date, city, topics, docs,
        confidence.

        ``speaker`` and ``event`` name a node; ``about`` a project, technology or
        SIG by any alias in any language or script (a talk matches when its own
        part of the article mentions one or its title contains an alias); ``sig``
        a SIG (talks mentioning it or given by its members); ``min_confidence`` leaves
        out talks the extractor was less sure of (see the ``confidence`` of records).
        Filters combine with AND; rows are sorted by date.

        >>> kg = example_graph()
        >>> kg.talks(speaker="Mingyong Hou")[["title", "event", "date"]].to_dict("records")
        [{'title': '机密计算技术与实践', 'event': 'openEuler Meetup 香港站', 'date': '2025-06-12'}]
        >>> len(kg.talks(about="RISC-V")), len(kg.talks(sig="sig-Arm"))
        (1, 1)
        """
        sel = set(self._of_type("Talk"))
        if speaker is not None:
            sel &= set(self._out(self.node(speaker, "Person"), "gives"))
        if event is not None:
            sel &= set(self._in(self.node(event, "Event"), "presented_at"))
        if about is not None:
            sel &= self._about_talks(about)[0]
        if sig is not None:
            sel &= self._sig_talks(sig)
        if min_confidence > 0:
            sel = {t for t in sel if self.graph.nodes[t].get("confidence", 1.0) >= min_confidence}
        with paused_gc():  # ~10 small lists a talk: the collector would walk the graph
            rows = self._talk_rows(sel)
        rows.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
        cols = [
            "id",
            "title",
            "speakers",
            "event",
            "date",
            "city",
            "topics",
            "docs",
            "event_id",
            "confidence",
        ]
        at = (3, 2, 4, 1, 0, 5, 6, 7, 8, 9)  # each column's place in a row
        columns = list(zip(*rows, strict=True)) if rows else [()] * len(cols)
        return pd.DataFrame({c: list(columns[i]) for c, i in zip(cols, at, strict=True)})

    def _talk_rows(self, talks: Iterable[str]) -> list[tuple]:
        """(date, event name, title, id, speakers, city, topics, docs, event id,
        confidence) per talk, unsorted; labels read once per call from the graph's own
        dicts (a view or a method call per lookup made this ~4x slower at 33,000 talks)."""
        node, succ, pred = self.graph._node, self.graph._succ, self.graph._pred
        label = {n: d.get("label") or n for n, d in node.items()}
        rows = []
        for t in talks:
            d = node[t]
            ev = d.get("event") or ""
            if ev not in node:
                ev = self._talk_event(t)
            speakers = [label[p] for p, kd in pred[t].items() if "gives" in kd]
            if len(speakers) > 1:  # in the article's order, others after them by name
                order = {s: i for i, s in enumerate(d.get("speakers") or [])}
                last = len(order)
                speakers.sort(key=lambda s: (order.get(s, last), s))
            e = node[ev] if ev else None
            date = d.get("date") or (e.get("date") if e else "") or ""
            rows.append(
                (
                    date or self._talk_date(t),
                    label[ev] if ev else "",
                    label[t],
                    t,
                    speakers,
                    (e.get("city") or "") if e else "",
                    sorted([label[m] for m, kd in succ[t].items() if "mentions" in kd]),
                    list(d.get("docs") or []),
                    ev,
                    d.get("confidence", 1.0),
                )
            )
        return rows

    def speakers(
        self,
        about: str | None = None,
        sig: str | None = None,
        org: str | None = None,
        event: str | None = None,
    ) -> pd.DataFrame:
        """One row per person: name, aliases, talks, events, talk_titles, event_names,
        organizations, sigs, first, last (dates of their talks).

        Without filters: everyone who gave a talk.  ``about``: people whose own
        talks are about it (see :meth:`talks`; a co-speaker's SIG or another
        section of the article does not count); ``sig``: members of the SIG
        and speakers of talks mentioning it; ``org``: people affiliated_with the
        organisation or another name of its brand (联通数科 / 联通数字科技有限公司);
        ``event``: speakers at the event.  Filters combine with AND;
        rows are sorted by number of talks, then name.

        >>> kg = example_graph()
        >>> list(kg.speakers(about="机密计算")["name"]) == list(kg.speakers(about="Confidential Computing")["name"])
        True
        >>> kg.speakers(org="Arm")[["name", "talks", "sigs"]].to_dict("records")
        [{'name': 'Kevin Zhao', 'talks': 1, 'sigs': ['sig-Arm']}]
        """
        g = self.graph
        people = {n for n in self._of_type("Person") if self._out(n, "gives")}
        filtered = about is not None or sig is not None or org is not None
        if filtered:
            people = set(self._of_type("Person"))
        if about is not None:
            talks, _nodes = self._about_talks(about)
            people &= {p for t in talks for p in self._in(t, "gives")}
        if sig is not None:
            s = self.node(sig, "SIG")
            who = set(self._in(s, "member_of"))
            who.update(p for t in self._in(s, "mentions") for p in self._in(t, "gives"))
            people &= who
        if org is not None:
            brand = self._brand_members(self.node(org, "Organization"))
            people &= {p for o in brand for p in self._in(o, "affiliated_with")}
        if event is not None:
            e = self.node(event, "Event")
            people &= {p for t in self._in(e, "presented_at") for p in self._in(t, "gives")}
        rows = []
        for p in people:
            talks = self._out(p, "gives")
            evs = sorted({self._talk_event(t) for t in talks} - {""}, key=self._event_date)
            dates = sorted(filter(None, (self._talk_date(t) for t in talks)))
            rows.append(
                {
                    "id": p,
                    "name": self._label(p),
                    "aliases": list(g.nodes[p].get("aliases") or []),
                    "talks": len(talks),
                    "events": len(evs),
                    "talk_titles": sorted(self._label(t) for t in talks),
                    "event_names": [self._label(e) for e in evs],
                    "organizations": [self._label(o) for o in self._out(p, "affiliated_with")],
                    "sigs": [self._label(s) for s in self._out(p, "member_of")],
                    "first": dates[0] if dates else "",
                    "last": dates[-1] if dates else "",
                }
            )
        rows.sort(key=lambda r: (-r["talks"], r["name"], r["id"]))
        cols = ["id", "name", "aliases", "talks", "events", "talk_titles", "event_names"]
        cols += ["organizations", "sigs", "first", "last"]
        return pd.DataFrame(rows, columns=cols)

    def events(self, city: str | None = None, year: int | str | None = None) -> pd.DataFrame:
        """One row per event: id, name, date, year, city, organizers, talks, speakers, docs.

        ``city`` matches the event's city in either script or in English (the
        place names of the vocabulary: "Hong Kong", "香港", "Shenzhen"); ``year`` its date.

        >>> example_graph().events(city="香港", year=2025)[["name", "talks", "speakers"]].to_dict("records")
        [{'name': 'openEuler Meetup 香港站', 'talks': 3, 'speakers': ['Kevin Zhao', '洛佳', '侯明永']}]
        >>> example_graph().events(city="Hong Kong")["name"].tolist()
        ['openEuler Meetup 香港站']
        """
        rows = []
        ck = None
        if city is not None:
            locs = self.find(city, "Location")
            ck = {match_key(city)} | {match_key(f) for n in locs for f in self._forms(n)}
            ck |= _place_keys(match_key(city))
        for e in self._of_type("Event"):
            d = self.graph.nodes[e]
            date = self._event_date(e)
            cities = [d.get("city") or ""] + [self._label(x) for x in self._out(e, "held_in")]
            if ck is not None and not any(match_key(c) in ck for c in cities if c):
                continue
            if year is not None and _year(date) != str(year).strip():
                continue
            talks = sorted(self._in(e, "presented_at"), key=self._label)
            speakers: list[str] = []
            for t in talks:
                for s in self.graph.nodes[t].get("speakers") or []:
                    if s not in speakers:
                        speakers.append(s)
            rows.append(
                {
                    "id": e,
                    "name": self._label(e),
                    "date": date,
                    "year": _year(date),
                    "city": d.get("city") or "",
                    "organizers": [self._label(o) for o in self._out(e, "organized_by")],
                    "talks": len(talks),
                    "speakers": speakers,
                    "docs": list(d.get("docs") or []),
                }
            )
        rows.sort(key=lambda r: (r["date"], r["name"], r["id"]))
        cols = ["id", "name", "date", "year", "city", "organizers", "talks", "speakers", "docs"]
        return pd.DataFrame(rows, columns=cols)

    def entities(self, type: str | None = None) -> pd.DataFrame:
        """One row per entity (not Event or Talk): id, type, name, aliases, articles,
        talks, events, degree; sorted by type, then articles (most first).

        >>> example_graph().entities("Technology")[["name", "aliases", "talks"]].to_dict("records")
        [{'name': '机密计算', 'aliases': ['confidential computing'], 'talks': 1}, {'name': 'RISC-V', 'aliases': [], 'talks': 0}]
        """
        _check_type(type)
        g = self.graph
        rows = []
        for n, d in g.nodes(data=True):
            t = d.get("type")
            if t in ("Event", "Talk") and type is None or (type and t != type):
                continue
            rows.append(
                {
                    "id": n,
                    "type": t,
                    "name": d.get("label") or n,
                    "aliases": list(d.get("aliases") or []),
                    "articles": len(d.get("docs") or []),
                    "talks": len(self._node_talks(n)),
                    "events": len(d.get("events") or []),
                    "degree": len(set(nx.all_neighbors(g, n))),
                }
            )
        rows.sort(key=lambda r: (r["type"], -r["articles"], -r["talks"], r["name"], r["id"]))
        cols = ["id", "type", "name", "aliases", "articles", "talks", "events", "degree"]
        return pd.DataFrame(rows, columns=cols)

    # ---------------------------------------------------------- structure

    def neighbors(
        self, name: str, relation: str | None = None, type: str | None = None
    ) -> pd.DataFrame:
        """Nodes linked to ``name``: id, name, type, relation, direction (out/in), docs.

        >>> example_graph().neighbors("侯明永", relation="member_of")[["name", "type"]].to_dict("records")
        [{'name': 'sig-confidential-computing', 'type': 'SIG'}]
        """
        _check_type(type)
        n = self.node(name)
        rows = []
        for direction, edges in (
            ("out", self.graph.out_edges(n, keys=True, data=True)),
            ("in", self.graph.in_edges(n, keys=True, data=True)),
        ):
            for u, v, k, d in edges:
                m = v if direction == "out" else u
                if relation is not None and k != relation:
                    continue
                if type is not None and self._type(m) != type:
                    continue
                rows.append(
                    {
                        "id": m,
                        "name": self._label(m),
                        "type": self._type(m),
                        "relation": k,
                        "direction": direction,
                        "docs": list(d.get("docs") or []),
                    }
                )
        rows.sort(key=lambda r: (r["relation"], r["direction"], r["type"], r["name"], r["id"]))
        cols = ["id", "name", "type", "relation", "direction", "docs"]
        return pd.DataFrame(rows, columns=cols)

    def evidence(self, a: str, b: str) -> pd.DataFrame:
        """Sentences supporting the edges between ``a`` and ``b`` (either direction):
        source, relation, target, doc, sentence, start, end.  An edge read from a
        document without a sentence gives one row with an empty sentence.

        >>> example_graph().evidence("侯明永", "机密计算 SIG")[["relation", "sentence"]].to_dict("records")
        [{'relation': 'member_of', 'sentence': '机密计算 SIG Maintainer 侯明永分享了机密计算。'}]
        """
        u, v = self.node(a), self.node(b)
        rows = []
        for s, t in ((u, v), (v, u)):
            if not self.graph.has_edge(s, t):
                continue
            for k, d in sorted(self.graph[s][t].items()):
                evs = list(d.get("evidence") or [])
                seen = {e["doc"] for e in evs}
                evs += [
                    {"doc": x, "sentence": "", "start": None, "end": None}
                    for x in d.get("docs") or []
                    if x not in seen
                ]
                for e in evs:
                    rows.append(
                        {
                            "source": self._label(s),
                            "relation": k,
                            "target": self._label(t),
                            "doc": e["doc"],
                            "sentence": e["sentence"],
                            "start": e["start"],
                            "end": e["end"],
                        }
                    )
        cols = ["source", "relation", "target", "doc", "sentence", "start", "end"]
        return pd.DataFrame(rows, columns=cols)

    def path(self, a: str, b: str) -> list[dict[str, Any]]:
        """The shortest chain of edges from ``a`` to ``b``, preferring edges with evidence.

        One dict per step, in order: ``step``, ``source`` (the previous step's
        ``target``, ``a`` for the first), ``relation`` as read in that direction
        (an edge walked backwards reads as its inverse: ``given_by``, ``has_talk``,
        ``has_member`` ...), ``target``, ``edge`` (the stored edge, "source
        relation target"), ``edge_relation`` and ``forward`` (its key, and whether
        the step walks it from source to target), ``source_id``, ``target_id``, ``docs`` and ``evidence``
        (``{"doc", "sentence"}`` of the edge; empty when no sentence was kept).
        ``str`` of a step reads as a sentence: see :func:`path_text`.

        >>> steps = example_graph().path("侯明永", "Kevin Zhao")
        >>> [(h["source"], h["relation"], h["target"]) for h in steps]
        [('侯明永', 'gives', '机密计算技术与实践'), ('机密计算技术与实践', 'presented_at', 'openEuler Meetup 香港站'), ('openEuler Meetup 香港站', 'has_talk', 'Arm 机密计算架构'), ('Arm 机密计算架构', 'given_by', 'Kevin Zhao')]
        >>> print(path_text(steps[:1]))
        侯明永 —gives→ 机密计算技术与实践
        """
        u, v = self.node(a), self.node(b)
        nodes = self._shortest(u, v)
        hops = []
        for i, (x, y) in enumerate(zip(nodes, nodes[1:], strict=False), 1):
            cands = [(x, y, k, d) for k, d in (self.graph.get_edge_data(x, y) or {}).items()]
            cands += [(y, x, k, d) for k, d in (self.graph.get_edge_data(y, x) or {}).items()]
            s, t, k, d = min(cands, key=lambda c: (not c[3].get("evidence"), c[0] != x, c[2]))
            rel = k if s == x else INVERSE.get(k, f"{k} (reversed)")
            hops.append(
                {
                    "step": i,
                    "source": self._label(x),
                    "relation": rel,
                    "target": self._label(y),
                    "edge": f"{self._label(s)} {k} {self._label(t)}",
                    "edge_relation": k,
                    "forward": s == x,
                    "source_id": x,
                    "target_id": y,
                    "docs": list(d.get("docs") or []),
                    "evidence": [
                        {"doc": e["doc"], "sentence": e["sentence"]}
                        for e in d.get("evidence") or []
                    ],
                }
            )
        return hops

    def _shortest(self, u: str, v: str) -> list[str]:
        """The nodes of the path :meth:`path` walks from ``u`` to ``v``: those of
        ``nx.dijkstra_path(H, u, v, weight="weight")`` on ``H``, the graph made undirected
        (a link weighing 1 when some edge between its two nodes has evidence, 1.001 when
        none has) and built in sorted order, so ties break as that search breaks them;
        found without building ``H``.  Raises ``GraphError`` when there is none.

        Building ``H`` took most of the first call (0.4 s of 0.6 s at 10,000 articles),
        and a search from ``u`` alone reaches most of the graph for far pairs.  So:
        (1) a bidirectional Dijkstra on the directed graph's own ``succ``/``pred`` dicts
        with exact integer weights (1000, 1001) finds the length ``D``; (2) the forward
        search goes on, expanding only nodes that can lie on a path of length ``D``,
        until it settles ``v``; (3) the nodes of every shortest path are traced back from
        ``v``; (4) on them alone, the order in which ``nx.dijkstra_path`` would pop them
        (its float sums, then its push counter: the pusher's pop, then the position in
        ``H``'s adjacency) picks the predecessor it would keep.
        """
        if u == v:
            return [u]
        succ, pred = self.graph._succ, self.graph._pred
        with paused_gc():  # dicts of a few hundred thousand entries, no cycles
            dist, d = _bidirectional(succ, pred, u, v)
            if d is None:
                raise GraphError(
                    f"no path between {self._label(u)!r} and {self._label(v)!r}: they are "
                    "in separate parts of the graph"
                )
            preds = _shortest_dag(succ, pred, dist, v)
            return _dijkstra_choice(succ, pred, dist, preds, u, v)

    def spoke_about(self, person: str | None = None, topic: str | None = None) -> pd.DataFrame:
        """Who spoke about what, through their own talks: person, topic, type, talks
        (titles), docs, evidence (the sentences naming those talks).  ``person``
        names a person, ``topic`` a project, technology or SIG (any alias or script).

        >>> example_graph().spoke_about(topic="confidential computing")[["person", "topic"]].to_dict("records")
        [{'person': '侯明永', 'topic': '机密计算'}]
        """
        from .graph import derived_edges

        who = self.node(person, "Person") if person is not None else None
        topics = set(self.topic(topic)) if topic is not None else None
        rows = []
        for u, v, k, d in derived_edges(self.graph):
            if k != "spoke_about" or (who and u != who) or (topics is not None and v not in topics):
                continue
            rows.append(
                {
                    "person": self._label(u),
                    "topic": self._label(v),
                    "type": self._type(v),
                    "talks": [self._label(t) for t in d["via"]],
                    "docs": d["docs"],
                    "evidence": [e["sentence"] for e in d["evidence"]],
                    "person_id": u,
                    "topic_id": v,
                }
            )
        rows.sort(key=lambda r: (-len(r["talks"]), r["person"], r["topic"]))
        cols = ["person", "topic", "type", "talks", "docs", "evidence", "person_id", "topic_id"]
        return pd.DataFrame(rows, columns=cols)

    def works_with(self, person: str | None = None) -> pd.DataFrame:
        """People who gave a talk together or are members of one SIG: person, other,
        via (talk titles and SIG names), docs, evidence.  With ``person``, that
        person's partners (``person`` is always that person).

        >>> example_graph().works_with()[["person", "other"]].to_dict("records")
        []
        """
        from .graph import derived_edges

        who = self.node(person, "Person") if person is not None else None
        rows = []
        for u, v, k, d in derived_edges(self.graph):
            if k != "works_with" or (who and who not in (u, v)):
                continue
            a, b = (v, u) if who == v else (u, v)
            rows.append(
                {
                    "person": self._label(a),
                    "other": self._label(b),
                    "via": [self._label(x) for x in d["via"]],
                    "docs": d["docs"],
                    "evidence": [e["sentence"] for e in d["evidence"]],
                    "person_id": a,
                    "other_id": b,
                }
            )
        rows.sort(key=lambda r: (-len(r["via"]), r["person"], r["other"]))
        cols = ["person", "other", "via", "docs", "evidence", "person_id", "other_id"]
        return pd.DataFrame(rows, columns=cols)

    def triples(self) -> pd.DataFrame:
        """Every edge as subject, relation, object, doc, evidence (one row per edge and
        supporting article; evidence is the first sentence read there, or "").

        >>> example_graph().triples().iloc[0][["subject", "relation", "object"]].tolist()
        ['openEuler Meetup 深圳站', 'held_in', '深圳']
        """
        rows = []
        for u, v, k, d in sorted(self.graph.edges(keys=True, data=True), key=lambda e: e[:3]):
            first: dict[str, str] = {}
            for e in d.get("evidence") or []:
                first.setdefault(e["doc"], e["sentence"])
            for doc in d.get("docs") or [""]:
                rows.append(
                    {
                        "subject": self._label(u),
                        "relation": k,
                        "object": self._label(v),
                        "doc": doc,
                        "evidence": first.get(doc, ""),
                        "subject_id": u,
                        "object_id": v,
                    }
                )
        cols = ["subject", "relation", "object", "doc", "evidence", "subject_id", "object_id"]
        return pd.DataFrame(rows, columns=cols)

    # ---------------------------------------------------------- analytics

    def _simple(self) -> nx.Graph:
        """Undirected simple graph; weight = number of relations between two nodes."""
        h = nx.Graph()
        h.add_nodes_from(sorted(self.graph))
        for u, v, _k in sorted(self.graph.edges(keys=True)):
            w = h[u][v]["weight"] + 1 if h.has_edge(u, v) else 1
            h.add_edge(u, v, weight=w)
        return h

    def top(self, type: str, by: str = "talks", n: int = 10) -> pd.DataFrame:
        """The ``n`` most prominent nodes of ``type``: id, name, and the score ``by``:

        ``talks`` (talks given, mentioning it, or at its events; for an
        Organization: talks given by people affiliated with it, never the talks of
        events it hosted), ``degree`` (distinct neighbours) or ``pagerank`` (on the
        undirected graph, weighted by the number of relations; needs no scipy).
        Ties are broken by name.  Organisations are counted per brand: a short name
        and the full company name (联通数科, 联通数字科技有限公司) make one row,
        named by the most cited form, with the others in ``also``.

        >>> example_graph().top("Person", by="talks", n=2)[["name", "talks"]].to_dict("records")
        [{'name': '洛佳', 'talks': 2}, {'name': 'Kevin Zhao', 'talks': 1}]
        >>> example_graph().top("Organization")[["name", "talks", "also"]].to_dict("records")
        [{'name': 'Arm', 'talks': 1, 'also': []}, {'name': 'OSCA-HK', 'talks': 0, 'also': []}]
        """
        _check_type(type)
        if type == "Organization":
            return self._top_organizations(by, n)
        nodes = self._of_type(type)
        if by == "talks":
            score = {x: float(len(self._node_talks(x))) for x in nodes}
        elif by == "degree":
            score = {x: float(len(set(nx.all_neighbors(self.graph, x)))) for x in nodes}
        elif by == "pagerank":
            pr = pagerank(self._simple())
            score = {x: pr.get(x, 0.0) for x in nodes}
        else:
            raise ValueError(f"by={by!r}: expected 'talks', 'degree' or 'pagerank'")
        ranked = sorted(nodes, key=lambda x: (-round(score[x], 12), self._label(x), x))[:n]
        rows = [
            {"id": x, "name": self._label(x), by: int(score[x]) if by != "pagerank" else score[x]}
            for x in ranked
        ]
        return pd.DataFrame(rows, columns=["id", "name", by])

    def _brands(self) -> dict[str, str]:
        """Organization id -> the id naming its brand (see :func:`brand_groups`)."""
        nodes = self._of_type("Organization")
        return brand_groups({x: self._label(x) for x in nodes}, self._weights(nodes))

    def _weights(self, nodes: list[str]) -> dict[str, int]:
        return {x: len(self.graph.nodes[x].get("docs") or []) for x in nodes}

    def _brand_members(self, org: str) -> list[str]:
        brands = self._brands()
        head = brands.get(org, org)
        return sorted(x for x, h in brands.items() if h == head) or [org]

    def _top_organizations(self, by: str, n: int) -> pd.DataFrame:
        brands = self._brands()
        groups: dict[str, list[str]] = defaultdict(list)
        for x, head in brands.items():
            groups[head].append(x)
        if by == "talks":
            score = {
                h: float(
                    len(
                        {
                            t
                            for o in xs
                            for p in self._in(o, "affiliated_with")
                            for t in self._out(p, "gives")
                        }
                    )
                )
                for h, xs in groups.items()
            }
        elif by == "degree":
            score = {
                h: float(len({m for o in xs for m in nx.all_neighbors(self.graph, o)} - set(xs)))
                for h, xs in groups.items()
            }
        elif by == "pagerank":
            pr = pagerank(self._simple())
            score = {h: sum(pr.get(o, 0.0) for o in xs) for h, xs in groups.items()}
        else:
            raise ValueError(f"by={by!r}: expected 'talks', 'degree' or 'pagerank'")
        ranked = sorted(groups, key=lambda h: (-round(score[h], 12), self._label(h), h))[:n]
        rows = []
        for h in ranked:
            also = sorted({self._label(o) for o in groups[h]} - {self._label(h)})
            value = int(score[h]) if by != "pagerank" else score[h]
            rows.append({"id": h, "name": self._label(h), by: value, "also": also})
        return pd.DataFrame(rows, columns=["id", "name", by, "also"])

    def trends(self, type: str = "Technology", freq: str = "year", n: int = 10) -> pd.DataFrame:
        """Articles mentioning each entity of ``type`` per period: one row per period
        (``freq`` year, quarter or month; every period from the first to the last,
        zeros included), a ``period`` column and one column per entity for the ``n``
        most mentioned, plus ``total`` (articles in the period mentioning any).

        An article is dated by its event, else its publication date.

        >>> example_graph().trends("Technology", freq="year").to_dict("records")
        [{'period': '2024', 'RISC-V': 1, '机密计算': 0, 'total': 1}, {'period': '2025', 'RISC-V': 0, '机密计算': 1, 'total': 1}]
        """
        _check_type(type)
        codes = {"year": "Y", "quarter": "Q", "month": "M"}
        if freq not in codes:
            raise ValueError(f"freq={freq!r}: expected 'year', 'quarter' or 'month'")
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        union: dict[str, set[str]] = defaultdict(set)
        totals: Counter[str] = Counter()
        docs_meta = self.graph.graph.get("docs", {})
        period_of: dict[str, str | None] = {}  # doc -> its period (None: undated)
        months: dict[str, str] = {}  # "2024-03" -> its period (pd.Period costs ~20 us)
        for x in self._of_type(type):
            label = self._label(x)
            for doc in self.graph._node[x].get("docs") or []:
                p = period_of.get(doc, "")
                if p == "":
                    date = (docs_meta.get(doc) or {}).get("date") or ""
                    if re.match(r"\d{4}-\d\d", date):
                        p = months.get(date[:7])
                        if p is None:
                            p = months[date[:7]] = str(pd.Period(date[:7], freq=codes[freq]))
                    else:
                        p = None
                    period_of[doc] = p
                if p is None:
                    continue
                counts[p][label] += 1
                union[p].add(doc)
                totals[label] += 1
        names = [k for k, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]
        if not counts:
            return pd.DataFrame(columns=["period", *names, "total"])
        first, last = min(counts), max(counts)
        periods = pd.period_range(pd.Period(first, codes[freq]), pd.Period(last, codes[freq]))
        rows = []
        for per in periods:
            p = str(per)
            row: dict[str, Any] = {"period": p}
            row.update({k: counts[p][k] for k in names})
            row["total"] = len(union[p])
            rows.append(row)
        return pd.DataFrame(rows, columns=["period", *names, "total"])

    def recurring_speakers(self, min_events: int = 2) -> pd.DataFrame:
        """People who spoke at ``min_events`` or more distinct events: name, events,
        talks, event_names (in date order), first, last.

        >>> example_graph().recurring_speakers()[["name", "events"]].to_dict("records")
        [{'name': '洛佳', 'events': 2}]
        """
        df = self.speakers()
        df = df[df["events"] >= min_events]
        df = df.sort_values(
            ["events", "talks", "name"], ascending=[False, False, True], kind="stable"
        )
        cols = ["id", "name", "events", "talks", "event_names", "first", "last"]
        return df[cols].reset_index(drop=True)

    def topic_communities(
        self, types: Iterable[str] = TOPIC_TYPES, min_size: int = 2, seed: int = 0
    ) -> pd.DataFrame:
        """Groups of topics that are mentioned together: community, size, topics
        (most linked first), talks.

        Two topics are linked with weight 1 for each talk mentioning both and
        0.25 for each article naming both; communities come from Louvain
        (``seed`` fixes them), else greedy modularity.

        >>> example_graph().topic_communities()["topics"].tolist()
        [['sig-Arm', 'sig-confidential-computing', '机密计算']]
        """
        types = tuple(types)
        for t in types:
            _check_type(t)
        g = self.graph
        nodes = sorted(n for n in g if self._type(n) in types)
        h = nx.Graph()
        h.add_nodes_from(nodes)

        def link(x: str, y: str, w: float) -> None:
            if x != y:
                a, b = sorted((x, y))
                h.add_edge(a, b, weight=(h[a][b]["weight"] if h.has_edge(a, b) else 0) + w)

        for t in sorted(self._of_type("Talk")):
            ms = [m for m in self._out(t, "mentions") if m in h]
            for i, x in enumerate(ms):
                for y in ms[i + 1 :]:
                    link(x, y, 1.0)
        by_doc: dict[str, list[str]] = defaultdict(list)
        for x in nodes:
            for doc in g.nodes[x].get("docs") or []:
                by_doc[doc].append(x)
        for doc in sorted(by_doc):
            ms = by_doc[doc]
            for i, x in enumerate(ms):
                for y in ms[i + 1 :]:
                    link(x, y, 0.25)
        h.remove_nodes_from([x for x in nodes if h.degree(x) == 0])
        if h.number_of_edges() == 0:
            return pd.DataFrame(columns=["community", "size", "topics", "talks"])
        try:
            comms = nx.community.louvain_communities(h, weight="weight", seed=seed)
        except (AttributeError, ImportError):  # very old networkx
            comms = nx.community.greedy_modularity_communities(h, weight="weight")
        strength = dict(h.degree(weight="weight"))
        groups = []
        for c in comms:
            if len(c) < min_size:
                continue
            members = sorted(c, key=lambda x: (-strength[x], self._label(x), x))
            talks = set().union(*(self._in(x, "mentions") for x in members))
            groups.append(([self._label(x) for x in members], len(talks)))
        groups.sort(key=lambda gr: (-len(gr[0]), -gr[1], gr[0]))
        rows = [
            {"community": i, "size": len(ts), "topics": ts, "talks": k}
            for i, (ts, k) in enumerate(groups)
        ]
        return pd.DataFrame(rows, columns=["community", "size", "topics", "talks"])

    def sig_activity(self) -> pd.DataFrame:
        """One row per SIG: sig, aliases, members, talks (mentioning it or given by
        members), events, articles, first, last (dates); busiest first.

        >>> example_graph().sig_activity()[["sig", "members", "talks"]].to_dict("records")[0]
        {'sig': 'sig-Arm', 'members': ['Kevin Zhao'], 'talks': 1}
        """
        rows = []
        for s in self._of_type("SIG"):
            d = self.graph.nodes[s]
            talks = self._sig_talks(s)
            evs = {self._talk_event(t) for t in talks} | set(d.get("events") or [])
            evs.discard("")
            dates = sorted(
                filter(
                    None,
                    [self._talk_date(t) for t in talks]
                    + [self._doc_date(x) for x in d.get("docs") or []],
                )
            )
            rows.append(
                {
                    "id": s,
                    "sig": self._label(s),
                    "aliases": list(d.get("aliases") or []),
                    "members": [self._label(p) for p in self._in(s, "member_of")],
                    "talks": len(talks),
                    "events": len(evs),
                    "articles": len(d.get("docs") or []),
                    "first": dates[0] if dates else "",
                    "last": dates[-1] if dates else "",
                }
            )
        rows.sort(key=lambda r: (-r["talks"], -r["articles"], r["sig"], r["id"]))
        cols = ["id", "sig", "aliases", "members", "talks", "events", "articles", "first", "last"]
        return pd.DataFrame(rows, columns=cols)


_LEGAL_SUFFIX = re.compile(
    r"(?:股份有限公司|有限责任公司|有限公司|集团股份|控股|集团|公司|co\.?,?ltd\.?|inc\.?"
    r"|corporation|corp\.?|limited|ltd\.?|gmbh)$"
)
_TRADE_SUFFIX = re.compile(r"(?:数字技术|信息技术|科技|技术|软件|网络|信息)$")
_CITY_PREFIX = re.compile(
    r"^(?:北京|上海|深圳|广州|杭州|南京|成都|武汉|西安|天津|重庆|苏州|长沙|合肥|厦门|济南|青岛"
    r"|大连|沈阳|珠海|无锡|宁波|郑州|福州|香港)(?:市)?"
)


# path weights as integers, so that sums are exact: a link with evidence, one without
_STRONG, _WEAK = 1000, 1001
# the same weights as floats, as the undirected graph nx.dijkstra_path searched held them
_FLOAT = {_STRONG: 1.0, _WEAK: 1.001}


def _weight(kd: dict[str, dict[str, Any]] | None) -> int:
    """The weight of a link from the edges (key -> attrs) one direction of it holds."""
    if kd:
        for d in kd.values():  # (a loop, not any(): called for every edge a search meets)
            if d.get("evidence"):
                return _STRONG
    return _WEAK


def _link_weight(succ: dict, pred: dict, x: str, y: str) -> int:
    """The weight of the undirected link x-y: strong when an edge either way has evidence."""
    return min(_weight(succ[x].get(y)), _weight(pred[x].get(y)))


def _bidirectional(succ: dict, pred: dict, u: str, v: str) -> tuple[dict[str, int], int | None]:
    """Distances from ``u`` (settled nodes) after a bidirectional Dijkstra between ``u`` and
    ``v`` on the undirected view of ``succ``/``pred``, continued from ``u`` until ``v`` is
    settled but expanding only nodes that can lie on a shortest path; and that path's
    length (None when ``v`` cannot be reached)."""
    INF = float("inf")
    dist: list[dict[str, int]] = [{}, {}]  # settled: forward (from u), backward (from v)
    seen: list[dict[str, int]] = [{u: 0}, {v: 0}]
    heaps: list[list[tuple[int, str]]] = [[(0, u)], [(0, v)]]
    best = INF
    while heaps[0] and heaps[1]:
        if heaps[0][0][0] + heaps[1][0][0] >= best:
            break
        side = 0 if len(heaps[0]) <= len(heaps[1]) else 1
        heap, done, tent, other = heaps[side], dist[side], seen[side], seen[1 - side]
        dx, x = heappop(heap)
        if x in done:
            continue
        done[x] = dx
        for nbrs in (succ[x], pred[x]):
            for y, kd in nbrs.items():
                if y in done:
                    continue
                dy = dx + _weight(kd)
                if dy < tent.get(y, INF):
                    tent[y] = dy
                    heappush(heap, (dy, y))
                    if y in other and dy + other[y] < best:
                        best = dy + other[y]
    if best == INF:
        return dist[0], None
    # go on from u, expanding a node only when it can be on a path of length `best`:
    # its distance to v is known (settled backward) or at least the backward frontier's
    lower = heaps[1][0][0] if heaps[1] else INF
    fwd, back, tent, heap = dist[0], dist[1], seen[0], heaps[0]
    while heap and v not in fwd:
        dx, x = heappop(heap)
        if x in fwd:
            continue
        fwd[x] = dx
        if dx + back.get(x, lower) > best:
            continue
        for nbrs in (succ[x], pred[x]):
            for y, kd in nbrs.items():
                if y in fwd:
                    continue
                dy = dx + _weight(kd)
                if dy < tent.get(y, INF):
                    tent[y] = dy
                    heappush(heap, (dy, y))
    return fwd, int(best)


def _shortest_dag(
    succ: dict, pred: dict, dist: dict[str, int], v: str
) -> dict[str, list[tuple[str, int]]]:
    """For each node on a shortest path to ``v``, its predecessors on such paths with the
    link's weight, traced back from ``v`` (``dist`` exact on those nodes; a node whose
    settled distance is too long is no predecessor, so no check is needed)."""
    preds: dict[str, list[tuple[str, int]]] = {}
    todo = [v]
    while todo:
        x = todo.pop()
        if x in preds:
            continue
        dx, ps = dist[x], []
        for p in succ[x].keys() | pred[x].keys():
            dp = dist.get(p)
            if dp is not None and dp < dx:
                w = _link_weight(succ, pred, x, p)
                if dp + w == dx:
                    ps.append((p, w))
                    todo.append(p)
        preds[x] = ps
    return preds


def _dijkstra_choice(
    succ: dict,
    pred: dict,
    dist: dict[str, int],
    preds: dict[str, list[tuple[str, int]]],
    u: str,
    v: str,
) -> list[str]:
    """The path ``nx.dijkstra_path`` picks among the shortest ones ``preds`` holds.

    It keeps, for each node, the first popped neighbour giving its least float
    distance; it pops by (distance, push counter), and pushes a node's neighbours in
    the order of the undirected graph's adjacency, which listed a node's neighbours by
    the first sorted directed edge (source, target) between the two.  So a node's pop
    key is (float distance, its keeper's pop key, its place in the keeper's list)."""
    fdist: dict[str, float] = {u: 0}
    key: dict[str, tuple] = {u: (0,)}
    keeper: dict[str, str] = {}
    for x in sorted(preds, key=dist.__getitem__):  # integer distance: preds first
        if x == u:
            continue
        sums = [(fdist[p] + _FLOAT[w], p) for p, w in preds[x]]
        fx = min(s for s, _ in sums)
        p = min((p for s, p in sums if s == fx), key=key.__getitem__)
        places = [(x, p)] if x in pred[p] else []
        if x in succ[p]:
            places.append((p, x))
        place = min(places)
        fdist[x], key[x], keeper[x] = fx, (fx, key[p], place), p
    path = [v]
    while path[-1] != u:
        path.append(keeper[path[-1]])
    path.reverse()
    return path


def _brand_core(label: str) -> tuple[str, str]:
    """(name without legal suffix or leading city, that without a trade word): both
    keys a short brand name is compared with."""
    s = re.sub(r"[\s\-_·.,（）()]", "", _text(label))
    for _ in range(3):
        t = _LEGAL_SUFFIX.sub("", s)
        if t == s or len(t) < 2:
            break
        s = t
    city = _CITY_PREFIX.sub("", s)
    if len(city) >= 2 and city != s:
        s = city
    bare = _TRADE_SUFFIX.sub("", s)
    return s, bare if len(bare) >= 2 else s


def _abbreviates(short: str, long: str) -> bool:
    """``short`` is ``long`` shortened the Chinese way: same first two characters, the
    rest a subsequence with a gap (联通数科 of 联通数字科技)."""
    if len(short) < 3 or len(short) >= len(long) or short[:2] != long[:2] or short in long:
        return False  # a name inside a longer one is a part of it (香港城市大学 / …学联)
    if short.isascii() or long.isascii():
        return False
    it = iter(long)
    return all(ch in it for ch in short)


def brand_groups(labels: dict[str, str], weight: dict[str, int] | None = None) -> dict[str, str]:
    """Group organisation names of one brand: id -> the id of the group's main name.

    Names are one brand when they are equal without legal suffix, leading city
    or trade word (华为 / 华为技术有限公司, 海量数据 / 北京海量数据技术股份有限公司), or
    when one abbreviates exactly one other (联通数科 / 联通数字科技有限公司).  The main
    name is the one of highest ``weight`` (e.g. articles), then the longest.

    >>> brand_groups({"a": "联通数字科技有限公司", "b": "联通数科", "c": "华为", "d": "华为云"})
    {'a': 'a', 'b': 'a', 'c': 'c', 'd': 'd'}
    """
    weight = weight or {}
    parent = {x: x for x in labels}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    cores = {x: _brand_core(lab) for x, lab in labels.items()}
    by_key: dict[str, list[str]] = defaultdict(list)
    for x, (core, bare) in cores.items():
        by_key[bare].append(x)
        if core != bare:
            by_key[core].append(x)
    for xs in by_key.values():
        for y in xs[1:]:
            parent[root(y)] = root(xs[0])
    by_head: dict[str, list[str]] = defaultdict(list)  # first two characters -> ids
    for x, (core, _bare) in cores.items():
        by_head[core[:2]].append(x)
    for x, (core, _bare) in cores.items():
        longer = {root(y) for y in by_head[core[:2]] if y != x and _abbreviates(core, cores[y][0])}
        longer.discard(root(x))
        if len(longer) == 1:
            parent[root(x)] = longer.pop()
    groups: dict[str, list[str]] = defaultdict(list)
    for x in labels:
        groups[root(x)].append(x)
    out = {}
    for xs in groups.values():
        head = max(xs, key=lambda x: (weight.get(x, 0), len(labels[x]), x))
        for x in xs:
            out[x] = head
    return dict(sorted(out.items()))


@lru_cache(maxsize=1)
def _places() -> dict[str, frozenset[str]]:
    """match key of a place name -> match keys of every name of that place (vocabulary)."""
    import json
    from importlib import resources

    out: dict[str, frozenset[str]] = {}
    try:
        text = (resources.files("extractor") / "data" / "vocabulary.jsonl").read_text("utf-8")
    except OSError:
        return out
    for line in text.splitlines():
        if '"Location"' not in line:
            continue
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if item.get("type") != "Location":
            continue
        keys = frozenset(
            k for k in map(match_key, [item.get("id") or "", *(item.get("aliases") or [])]) if k
        )
        for k in keys:
            out[k] = out.get(k, frozenset()) | keys
    return out


def _place_keys(key: str) -> frozenset[str]:
    """Every name of the place called ``key`` (match key), itself included."""
    return _places().get(key, frozenset()) | {key}


def path_text(steps: list[dict[str, Any]]) -> str:
    """A path from :meth:`MeetupGraph.path` as lines "source —relation→ target", each
    followed by its first evidence sentence and article, indented.

    >>> print(path_text(example_graph().path("洛佳", "RISC-V 上的 RustSBI")))
    洛佳 —gives→ RISC-V 上的 RustSBI
    """
    lines = []
    for st in steps:
        lines.append(f"{st['source']} —{st['relation']}→ {st['target']}")
        for e in st.get("evidence") or []:
            lines.append(f"    “{e['sentence']}” ({e['doc']})")
            break
    return "\n".join(lines)


def _check_type(type_: str | None) -> None:
    if type_ is not None and type_ not in NODE_TYPES:
        raise GraphError(f"unknown node type {type_!r}: expected one of {', '.join(NODE_TYPES)}")


def from_records(
    records: Iterable[DocumentRecord],
    same_person: dict[str, str] | None = None,
    aliases: Any = None,
) -> MeetupGraph:
    """A :class:`MeetupGraph` from document records (e.g. read back from ``extract``).

    ``aliases`` is an alias file path or :class:`extractor.resolve.AliasFile`.

    >>> from extractor.model import DocumentRecord, Entity
    >>> recs = [DocumentRecord("a.md", None, [], [Entity("Person", "侯明永")], []),
    ...         DocumentRecord("b.md", None, [], [Entity("Person", "Mingyong Hou")], [])]
    >>> len(from_records(recs).entities("Person"))
    2
    >>> len(from_records(recs, same_person={"mingyonghou": "侯明永"}).entities("Person"))
    1
    """
    from .graph import records_to_graph
    from .resolve import as_alias_file

    records = list(records)
    g = records_to_graph(records, same_person, as_alias_file(aliases))
    return MeetupGraph(g, records)


def build(
    paths: str | Path | Iterable[str | Path],
    registry: str | Path | None = None,
    jobs: int | None = None,
    aliases: Any = None,
    cache_dir: str | Path | None = None,
) -> MeetupGraph:
    """Extract articles under ``paths`` and merge them into one :class:`MeetupGraph`.

    ``registry`` is a community registry JSON (its Chinese and English names of
    people merge their nodes); ``aliases`` an alias file (see
    :mod:`extractor.resolve`) correcting merges; ``cache_dir`` a record cache
    folder, so unchanged articles are not extracted again.  Files that cannot be
    read are listed in ``kg.problems``.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.md").write_text("## 张三：开源之路\\n张三来自华为。\\n", encoding="utf-8")
    >>> kg = build(d)
    >>> len(kg.records), kg.problems
    (1, [])
    >>> kg.talks().columns.tolist()[:5]
    ['id', 'title', 'speakers', 'event', 'date']
    """
    from .pipeline import extract
    from .resolve import as_alias_file

    if isinstance(paths, (str, Path)):
        paths = [paths]
    alias_file = as_alias_file(aliases)  # a bad alias file fails before the long extraction
    kw = {"cache_dir": cache_dir} if cache_dir is not None else {}
    res = extract(list(paths), registry=registry, jobs=jobs, **kw)
    same: dict[str, str] = {}
    try:
        from .resources import get_resources
    except ImportError:  # resources are optional for merging
        pass
    else:
        same = dict(getattr(get_resources(registry), "same_person", None) or {})
    from .graph import records_to_graph

    g = records_to_graph(res.records, same, alias_file)
    return MeetupGraph(g, res.records, res.problems)


def load(path: str | Path) -> MeetupGraph:
    """Read a graph saved by :meth:`MeetupGraph.save` or ``meetup-kg build``.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "g.json"
    >>> example_graph().save(p)
    >>> load(p).node("Mingyong Hou")
    'Person:侯明永'
    """
    from .graph import is_compact, load_compact

    if is_compact(path):  # checked as it is read, at the speed of json.loads
        return MeetupGraph(load_compact(path))
    from .schemas import load_graph  # checked: a bad file is a GraphError naming the key

    return MeetupGraph(load_graph(path))


def example_graph() -> MeetupGraph:
    """A tiny hand-made graph (two meetups, four talks) for examples and tests."""
    from .model import Entity, Event, Evidence, Relation, Talk

    ev = Evidence("hk.md", "机密计算 SIG Maintainer 侯明永分享了机密计算。", 0, 30)
    hk = DocumentRecord(
        doc="hk.md",
        event=Event("openEuler Meetup 香港站", "2025-06-12", "香港", ["OSCA-HK"]),
        talks=[
            Talk("机密计算技术与实践", ["侯明永"], mentions=[("Technology", "机密计算")]),
            Talk("Arm 机密计算架构", ["Kevin Zhao"], mentions=[("SIG", "sig-Arm")]),
            Talk("RustSBI 社区进展", ["洛佳"]),
        ],
        entities=[
            Entity("Person", "侯明永", ["Mingyong Hou"]),
            Entity("Person", "Kevin Zhao"),
            Entity("Person", "洛佳"),
            Entity(
                "SIG", "sig-confidential-computing", ["机密计算 SIG", "Confidential Computing SIG"]
            ),
            Entity("SIG", "sig-Arm"),
            Entity("Technology", "机密计算", ["confidential computing"]),
            Entity("Organization", "Arm"),
        ],
        relations=[
            Relation("member_of", "侯明永", "sig-confidential-computing", evidence=ev),
            Relation("member_of", "Kevin Zhao", "sig-Arm"),
            Relation("affiliated_with", "Kevin Zhao", "Arm"),
        ],
        published="2025-07-04",
    )
    sz = DocumentRecord(
        doc="sz.md",
        event=Event("openEuler Meetup 深圳站", "2024-03-25", "深圳"),
        talks=[Talk("RISC-V 上的 RustSBI", ["洛佳"])],
        entities=[Entity("Person", "洛佳"), Entity("Technology", "RISC-V")],
        relations=[],
        published="2024-03-30",
    )
    return from_records([hk, sz])
