"""Incremental graph: the merge state of the last build, updated from changed articles only.

Merging records is order-dependent: the first article (in ``doc`` order) to name
someone registers the name and picks the node's label, an event joins an earlier
one of the same date, evidence and ``attrs`` lists keep ``doc`` order.  A build
with a record cache therefore keeps, beside the cache, what merging produced
(:class:`MergeState`: nodes and edges, the index of names with the article that
registered each first, the article that created each node, per-node counts of
aliases and events) and which article, at which file hash, it merged.  The next
build extracts the changed articles and, instead of merging every record again:

1. replays the *old* record of each changed or deleted article at its place in
   ``doc`` order (seeing the names registered and the nodes created before it), to
   learn what it gave each node and edge and what it wrote: names it registered
   first, nodes it created;
2. replays the *new* records (changed and added articles) the same way, in ``doc``
   order, each seeing what the changed articles before it wrote;
3. compares the writes (:func:`_unobserved`): where an old and a new version write
   differently, every unchanged article that could see the difference (it looks
   the name up, contributes to the node, has a related event on the same date) is
   replayed as well, as if changed, and the check is made again (up to
   :data:`MAX_ROUNDS` rounds and :data:`MAX_EXTRA` articles);
4. recomputes only the nodes and edges whose parts changed (an article giving a
   node or an edge exactly what it gave before leaves it as it was): a node's
   ``docs``, ``aliases`` and ``events`` from its counts (a city or a company is
   named by thousands of articles); what depends on order (a talk's speakers, an
   event's city, evidence kept in ``doc`` order, ``attrs`` lists, a new label,
   confidence) by replaying, in ``doc`` order, the records of the few articles
   that contribute to it (read from the record cache).

The graph is the one a full merge of the same records gives, list for list
(``tests/test_incremental.py`` compares every output file with a build from
scratch).  The build merges every record instead, as a first build does, when:
a change reaches more articles than that; a node id is numbered (``~2``: which
node gets the plain id depends on order); a talk without a title key is involved
(it is numbered by the count of nodes made before it); a user's alias file is
given; the state (kept per record-cache fingerprint, so a new extractor starts
again) or an old record is missing; or most records are not cached.
:data:`last_merge` and :data:`last_reason` tell which happened and why;
:data:`last_replayed` how many unchanged articles an update replayed.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from .gcpause import paused_gc
from .graph import (
    GraphBuilder,
    _assemble,
    _Builder,
    _finish_edge,
    _finish_node,
    _registry_people,
    match_key,
    norm_key,
)
from .model import DocumentRecord, FileWarning

__all__ = [
    "MergeState",
    "RecordingBuilder",
    "build_graph",
    "cached_warnings",
    "last_merge",
    "last_reason",
    "last_replayed",
    "merge_all",
    "state_path",
    "update",
]

STATE_FORMAT = 2  # bump when MergeState's fields or their file layout change
# how the last build_graph call in this process merged: "plain" (no state kept), "first"
# (no state to update), "updated", "full" (a change that needs every record merged)
last_merge = ""
last_reason = ""  # why the last update fell back to a full merge
last_replayed = 0  # unchanged articles whose records the last update replayed


def _no(reason: str) -> bool:
    """Fall back to a full merge, saying why (kept in :data:`last_reason`)."""
    global last_reason
    last_reason = reason
    return False


_Key = tuple[str, str]  # (type, match key): an entry of the name index


def state_path(cache_dir: str | Path, name: str) -> Path:
    """Where the merge state of the build writing ``name`` lives in ``cache_dir`` (the
    record cache's fingerprint is added to the name: see :func:`_fp_path`)."""
    safe = hashlib.sha256(name.encode()).hexdigest()[:16]
    return Path(cache_dir) / f"merge-{safe}.pkl"


def _fp_path(path: str | Path, fp: str) -> Path:
    """``path`` for the state of fingerprint ``fp``: whether there is one is known
    without reading it."""
    p = Path(path)
    return p.with_name(f"{p.stem}-{fp[:16]}{p.suffix}")


class MergeState:
    """What merging a build's records produced, kept for the next build to update."""

    def __init__(self) -> None:
        self.fp = ""  # record cache fingerprint (extractor code, vocabulary, registry)
        self.shas: dict[str, str] = {}  # doc -> sha256 of the file whose record was merged
        self.warnings: dict[str, list[str]] = {}  # doc -> its record's warnings
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
        self.docs: dict[str, dict[str, Any]] = {}  # graph["docs"]
        self.index: dict[_Key, str] = {}
        self.owner: dict[_Key, str] = {}  # name key -> doc that registered it first
        self.tcount: dict[_Key, int] = {}  # name key -> articles that look it up
        self.touched: dict[str, tuple[_Key, ...]] = {}  # doc -> name keys it looks up
        self.creator: dict[str, str] = {}  # node id -> doc that created it
        self.events_by_date: dict[str, list[str]] = {}
        self.acnt: dict[str, dict[str, int]] = {}  # node -> alias -> articles giving it
        self.ecnt: dict[str, dict[str, int]] = {}  # node -> event id -> articles tagging it
        self.event_calls: dict[str, list[tuple[str, str]]] = {}  # date -> [(doc, name key)]
        self.positional: set[str] = set()  # docs with a talk numbered by position
        self.same_person: dict[str, str] = {}
        self.registry_people: dict[str, str] = {}
        self.token = ""  # names the saved state; its appended changes carry it
        self._changes: dict[str, Any] | None = None  # what the last update changed

    # ------------------------------------------------------------ files
    def save(self, path: str | Path) -> None:
        """Save the state at ``path``: after an update, only what it changed is appended
        to ``path`` + ``.changes`` (a few KB instead of the whole state: pickling the
        whole graph takes seconds); the whole state (pickled, streamed, atomically) when
        there is no saved state to add to, or the changes have grown to a quarter of it."""
        import os

        from .cache import write_stream

        path = Path(path)
        log = path.with_name(path.name + ".changes")
        changes, self._changes = self._changes, None
        with paused_gc():
            try:
                whole = path.stat().st_size
                grown = log.stat().st_size if log.exists() else 0
            except OSError:
                whole = grown = 0
            if changes is not None and self.token and whole and grown < whole // 4:
                with open(log, "ab") as fh:
                    pickle.dump((STATE_FORMAT, self.token, changes), fh, 5)
                    fh.flush()
                    os.fsync(fh.fileno())
                return
            self.token = os.urandom(8).hex()  # (changes logged for an older state: ignored)
            fields = {k: v for k, v in self.__dict__.items() if not k.startswith("_")}
            edges = fields.pop("edges")

            def fill(fh: Any) -> None:
                # two pickles: a pickler remembers every object it wrote (~40 bytes
                # each, millions of them), and the edges are over half of them
                pickle.dump((STATE_FORMAT, fields), fh, 5)
                pickle.dump(edges, fh, 5)

            write_stream(path, fill)
            log.unlink(missing_ok=True)

    @classmethod
    def load(cls, path: str | Path, fp: str) -> MergeState | None:
        """The state saved at ``path`` for fingerprint ``fp`` with the changes logged for
        it, or None (absent, of another fingerprint or format, damaged)."""
        path = Path(path)
        st = cls()
        try:
            with open(path, "rb") as fh, paused_gc():
                fmt, fields = _StateUnpickler(fh).load()
                if fmt != STATE_FORMAT or not isinstance(fields, dict) or fields.get("fp") != fp:
                    return None
                fields["edges"] = _StateUnpickler(fh).load()
            if set(fields) != {k for k in st.__dict__ if not k.startswith("_")}:
                return None
            st.__dict__.update(fields)
            log = path.with_name(path.name + ".changes")
            if log.exists():
                with open(log, "rb") as fh, paused_gc():
                    while fh.peek(1):
                        fmt, token, changes = _StateUnpickler(fh).load()
                        if fmt == STATE_FORMAT and token == st.token:
                            st._apply(changes)
        except Exception:  # a missing or damaged state costs a full merge, nothing else
            return None
        return st

    # (the fields changed per key by an update, and those saved whole)
    _KEYED = (
        "nodes", "docs", "index", "owner", "tcount", "touched", "creator",
        "events_by_date", "acnt", "ecnt", "event_calls", "shas", "warnings",
    )  # fmt: skip
    _WHOLE = ("positional", "registry_people")

    def _note(self, keys: dict[str, Iterable[Any]]) -> None:
        """Remember the new values of ``keys`` (field -> keys; None for a key removed)."""
        ch: dict[str, Any] = {}
        for name, ks in keys.items():
            if name == "edges":
                ch[name] = {(u, v, k): self.edges.get(u, {}).get(v, {}).get(k) for u, v, k in ks}
            else:
                table = getattr(self, name)
                ch[name] = {k: table.get(k) for k in ks}
        for name in self._WHOLE:
            ch[name] = getattr(self, name)
        self._changes = ch

    def _apply(self, ch: dict[str, Any]) -> None:
        """Apply changes noted by :meth:`_note` (read back from the log)."""
        for name, values in ch.items():
            if name in self._WHOLE:
                setattr(self, name, values)
                continue
            if name == "edges":
                for (u, v, k), d in values.items():
                    out = self.edges.setdefault(u, {})
                    kd = out.setdefault(v, {})
                    if d is None:
                        kd.pop(k, None)
                        if not kd:
                            del out[v]
                        if not out:
                            del self.edges[u]
                    else:
                        kd[k] = d
                continue
            if name not in self._KEYED:
                raise ValueError(f"not a field of a merge state: {name}")
            table = getattr(self, name)
            for k, v in values.items():
                if v is None:
                    table.pop(k, None)
                else:
                    table[k] = v

    def graph(self) -> nx.MultiDiGraph:
        """The graph these nodes and edges make (as :meth:`GraphBuilder.graph` gives it)."""
        with paused_gc():
            g = _assemble(self.nodes, self.edges)
        g.graph["docs"] = {d: self.docs[d] for d in sorted(self.docs)}
        if self.registry_people:
            g.graph["registry_people"] = self.registry_people
        return g


class _StateUnpickler(pickle.Unpickler):
    """Plain containers only: the state file is data, and must not be able to run code."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "builtins" and name in ("set", "frozenset"):
            return {"set": set, "frozenset": frozenset}[name]
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a merge state")


# ---------------------------------------------------------------- first build
class _Recorder(_Builder):
    """A :class:`~extractor.graph._Builder` that notes, per article, the name keys it looks
    up, the ones it registers first, the nodes it creates and the aliases and events
    it gives each node (without an alias file: that is the only kind kept)."""

    def __init__(self, same_person: dict[str, str] | None, st: MergeState) -> None:
        super().__init__(same_person, None)
        self.st = st
        self.doc = ""
        self._fk: dict[tuple[str, str, tuple[str, ...]], tuple[str, tuple[_Key, ...]]] = {}
        self._keyobj: dict[_Key, _Key] = {}
        self._touch: set[_Key] = set()
        self._forms: dict[str, set[str]] = {}
        self._events: dict[str, set[str]] = {}

    def node(self, type_: str, name: str, aliases: Iterable[str] = (), doc: str = "") -> str:
        aliases = tuple(aliases)
        seen = (type_, name, aliases)
        fk = self._fk.get(seen)
        if fk is None:
            _, forms, keys = self.forms_keys(type_, name, aliases)
            objs = self._keyobj
            fk = self._fk[seen] = (
                tuple(forms),
                tuple(objs.setdefault((type_, k), (type_, k)) for _, k in keys),
            )
        forms, keys = fk
        index, owner = self.index, self.st.owner
        for k in keys:
            if k not in index:
                owner[k] = self.doc
        nid = super().node(type_, name, aliases, doc)
        self._touch.update(keys)
        label = self.nodes[nid]["label"]
        got = self._forms.get(nid)
        if got is None:
            got = self._forms[nid] = set()
        got.update(f for f in forms if f != label)
        return nid

    def new_node(self, nid: str, type_: str, label: str, **extra: Any) -> dict[str, Any]:
        self.st.creator.setdefault(nid, self.doc)
        return super().new_node(nid, type_, label, **extra)

    def tag_event(self, nid: str, event_id: str | None) -> None:
        if event_id:
            got = self._events.get(nid)
            if got is None:
                got = self._events[nid] = set()
            got.add(event_id)
        super().tag_event(nid, event_id)

    def begin(self, doc: str) -> None:
        self.doc = doc

    def forget(self) -> None:
        super().forget()
        self._fk, self._keyobj = {}, {}

    def end(self, rec: DocumentRecord) -> None:
        """File what the article just merged looked up and gave."""
        st = self.st
        st.touched[rec.doc] = tuple(self._touch)
        for k in self._touch:
            st.tcount[k] = st.tcount.get(k, 0) + 1
        _count(st.acnt, _counted(self._forms), +1)
        _count(st.ecnt, _counted(self._events), +1)
        self._touch, self._forms, self._events = set(), {}, {}
        _note_doc(st, rec, self)


def _counted(got: dict[str, set[str]]) -> dict[str, set[str]]:
    """``got`` without talks and events (their lists are replayed, not counted)."""
    return {n: v for n, v in got.items() if not n.startswith(("Talk:", "Event:"))}


def _count(table: dict[str, dict[str, int]], got: dict[str, set[str]], sign: int) -> None:
    """Add (or take away) one article's aliases or events per node to ``table``."""
    for nid, values in got.items():
        if not values:
            continue
        cnt = table.get(nid)
        if cnt is None:
            cnt = table[nid] = {}
        for v in values:
            n = cnt.get(v, 0) + sign
            if n:
                cnt[v] = n
            else:
                del cnt[v]
        if not cnt:
            del table[nid]


def _event_call(b: _Builder, rec: DocumentRecord) -> tuple[str, str] | None:
    """(date, match key of the canonical name) of an article's event, if it names one."""
    e = rec.event
    if not (e and e.name):
        return None
    return e.date or "", match_key(b.canonical("Event", e.name))


def _note_doc(st: MergeState, rec: DocumentRecord, b: _Builder) -> None:
    """File an article's event and numbered talks."""
    call = _event_call(b, rec)
    if call is not None:
        st.event_calls.setdefault(call[0], []).append((rec.doc, call[1]))
    if any(not norm_key(t.title) for t in rec.talks):
        st.positional.add(rec.doc)
    st.warnings[rec.doc] = list(rec.warnings)


class RecordingBuilder(GraphBuilder):
    """A :class:`~extractor.graph.GraphBuilder` that also fills a :class:`MergeState`
    (``state``) for the next build to update.

    >>> from extractor.model import Entity
    >>> b = RecordingBuilder()
    >>> b.add(DocumentRecord("a.md", None, [], [Entity("Person", "张三")], []))
    >>> sorted(b.graph().nodes), b.state.creator
    (['Person:张三'], {'Person:张三': 'a.md'})
    """

    def __init__(self, same_person: dict[str, str] | None = None, fp: str = "") -> None:
        super().__init__(same_person, None)
        self.state = MergeState()
        self.state.fp = fp
        self.state.same_person = dict(same_person or {})
        self._b = _Recorder(same_person, self.state)

    def add(self, rec: DocumentRecord, sha: str = "") -> None:
        b = self._b
        assert isinstance(b, _Recorder)
        b.begin(rec.doc)
        super().add(rec)
        with paused_gc():
            b.end(rec)
        self.state.shas[rec.doc] = sha

    def graph(self) -> nx.MultiDiGraph:
        g = super().graph()
        st, b = self.state, self._b
        st.nodes, st.edges, st.docs = b.nodes, b.edges, self._docs
        st.index, st.events_by_date = b.index, b.events_by_date
        st.registry_people = g.graph.get("registry_people", {})
        return g


# ---------------------------------------------------------------- replays
class _NoMemo(dict):
    """A ``_resolved`` memo that remembers nothing (answers depend on the position)."""

    def get(self, key: Any, default: Any = None) -> Any:
        return default

    def __setitem__(self, key: Any, value: Any) -> None:
        pass


class _Index(dict):
    """The name index as an article at the replay's position saw it."""

    def __init__(self, r: _Replay) -> None:
        super().__init__()
        self.r = r

    def get(self, key: Any, default: Any = None) -> Any:
        r = self.r
        nid = r.local_keys.get(key)
        if nid is not None:
            return nid
        hit = r.new_keys.get(key)
        if hit is not None and hit[0] < r.pos:
            return hit[1]
        o = r.st.owner.get(key)
        if o is not None and o < r.pos and o not in r.hidden:
            return r.st.index[key]
        return default

    def setdefault(self, key: Any, default: Any = None) -> Any:
        cur = self.get(key)
        if cur is None:
            self.r.local_keys[key] = cur = default
        return cur

    def __contains__(self, key: Any) -> bool:
        return self.get(key) is not None


class _Nodes(dict):
    """Node data of a replay (its own), and which nodes existed at its position."""

    def __init__(self, r: _Replay) -> None:
        super().__init__()
        self.r = r

    def __contains__(self, nid: Any) -> bool:
        r = self.r
        if nid in r.local_nodes:
            return True
        hit = r.new_nodes.get(nid)
        if hit is not None and hit[0] < r.pos:
            return True
        c = r.st.creator.get(nid)
        return c is not None and c < r.pos and c not in r.hidden

    def __setitem__(self, nid: Any, data: Any) -> None:
        self.r.local_nodes[nid] = data["label"]
        super().__setitem__(nid, data)

    def __missing__(self, nid: Any) -> dict[str, Any]:
        # a node created before this replay's first article: a blank with its label
        r = self.r
        hit = r.new_nodes.get(nid)
        if hit is not None:
            type_, label = hit[2], hit[1]
            snap: dict[str, Any] = {}
        else:
            snap = r.st.nodes[nid]
            type_, label = snap["type"], snap["label"]
        data = {"type": type_, "label": label, "aliases": [], "docs": [], "events": [], "attrs": {}}
        if type_ == "Talk":
            data.update(speakers=[], event=snap.get("event", ""), date=snap.get("date", ""))
            data["confidence"] = 0.0
        dict.__setitem__(self, nid, data)
        return data


class _Events(dict):
    """Event nodes by date, in the order they were created, as of the replay's position."""

    def __init__(self, r: _Replay) -> None:
        super().__init__()
        self.r = r

    def get(self, date: Any, default: Any = None) -> Any:
        r = self.r
        found = [
            (r.st.creator[n], n)
            for n in r.st.events_by_date.get(date, ())
            if r.st.creator[n] < r.pos and r.st.creator[n] not in r.hidden
        ]
        found += [(d, n) for d, n in r.new_events.get(date, ()) if d < r.pos]
        found.sort(key=lambda x: x[0])
        return [n for _, n in found] + r.local_events.get(date, [])

    def setdefault(self, date: Any, default: Any = None) -> Any:
        return self.r.local_events.setdefault(date, [])


class _Replay(_Builder):
    """Replays records at their place in ``doc`` order against a :class:`MergeState`:
    names resolve, and nodes exist, as they did (or would) for an article there.

    ``hidden`` are the articles whose old writes (names registered first, nodes
    created) are not seen: the changed ones, when replaying the new corpus; their new
    writes are in ``new_keys``/``new_nodes``/``new_events`` (by :meth:`commit`)."""

    def __init__(self, st: MergeState, hidden: set[str], shared: _Replay | None = None) -> None:
        super().__init__(st.same_person, None)
        self.st, self.hidden, self.pos = st, hidden, ""
        self.nodes = _Nodes(self)
        self.index = _Index(self)
        self.events_by_date = _Events(self)
        self._resolved = _NoMemo()
        if shared is None:
            self.new_keys: dict[_Key, tuple[str, str]] = {}
            self.new_nodes: dict[str, tuple[str, str, str]] = {}  # nid -> (doc, label, type)
            self.new_events: dict[str, list[tuple[str, str]]] = {}
        else:
            self.new_keys, self.new_nodes = shared.new_keys, shared.new_nodes
            self.new_events = shared.new_events
        self.begin("")

    def begin(self, doc: str) -> None:
        self.pos = doc
        self.local_keys: dict[_Key, str] = {}
        self.local_nodes: dict[str, str] = {}
        self.local_events: dict[str, list[str]] = {}

    def writes(self) -> tuple[dict[_Key, str], dict[str, str]]:
        """The names the current article registered first, and the nodes it created."""
        return dict(self.local_keys), dict(self.local_nodes)

    def commit(self) -> None:
        """Make the current article's writes seen by the articles after it."""
        doc = self.pos
        for k, nid in self.local_keys.items():
            self.new_keys.setdefault(k, (doc, nid))
        for nid, label in self.local_nodes.items():
            self.new_nodes.setdefault(nid, (doc, label, dict.__getitem__(self.nodes, nid)["type"]))
        for date, nids in self.local_events.items():
            self.new_events.setdefault(date, []).extend((doc, n) for n in nids)


def _replay(r: _Replay, rec: DocumentRecord) -> GraphBuilder:
    """Merge ``rec`` into ``r`` at its position (``r``'s own nodes and edges hold what it
    gave); returns the GraphBuilder used (its ``_docs`` hold the article's entry)."""
    gb = GraphBuilder.__new__(GraphBuilder)
    gb._b, gb._docs, gb.records = r, {}, 0
    r.begin(rec.doc)
    gb._add(rec)
    return gb


class _Contribution:
    """What one version of one article gave: nodes it is listed on, with the aliases,
    events and attrs it gave them; edges; its ``graph["docs"]`` entry; its writes."""

    def __init__(self, r: _Replay, gb: GraphBuilder, rec: DocumentRecord) -> None:
        doc = rec.doc
        self.doc = doc
        self.nodes = {
            nid: d for nid, d in dict.items(r.nodes) if d["docs"] and d["docs"][-1] == doc
        }
        self.edges = {
            (u, v, k): d
            for u, out in r.edges.items()
            for v, kd in out.items()
            for k, d in kd.items()
        }
        self.meta = gb._docs.get(doc)
        self.keys, self.created = r.writes()
        self.touched = {k for k in r._touched}
        self.forms = _counted({nid: set(d["aliases"]) for nid, d in self.nodes.items()})
        self.events = _counted({nid: set(d["events"]) for nid, d in self.nodes.items()})
        self.call = _event_call(r, rec)
        self.positional = any(not norm_key(t.title) for t in rec.talks)
        self.warnings = list(rec.warnings)


class _TouchReplay(_Replay):
    """A replay that also notes the name keys each article looks up."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._touched: set[_Key] = set()

    def begin(self, doc: str) -> None:
        super().begin(doc)
        self._touched = set()

    def node(self, type_: str, name: str, aliases: Iterable[str] = (), doc: str = "") -> str:
        _, _, keys = self.forms_keys(type_, name, aliases)
        self._touched.update((type_, k) for _, k in keys)
        return super().node(type_, name, aliases, doc)


def _contribution(
    st: MergeState, rec: DocumentRecord, hidden: set[str], shared: _Replay | None = None
) -> tuple[_Contribution, _TouchReplay]:
    r = _TouchReplay(st, hidden, shared)
    gb = _replay(r, rec)
    return _Contribution(r, gb, rec), r


# ---------------------------------------------------------------- the update
def update(
    st: MergeState,
    shas: dict[str, str],
    new: dict[str, DocumentRecord],
    read: Callable[[str, str], DocumentRecord | None],
) -> bool:
    """Bring ``st`` to the corpus whose records are ``shas`` (doc -> file hash): the
    records of changed and added articles are ``new``, the others (and the old
    versions of the changed ones, at their old hashes) are read by ``read(doc, sha)``.
    Returns False, leaving ``st`` unusable, when the change needs a full merge (see
    the module docstring).
    """
    old_docs, new_docs = set(st.shas), set(shas)
    changed = {d for d in old_docs & new_docs if st.shas[d] != shas[d]}
    deleted = old_docs - new_docs
    added = new_docs - old_docs
    if not (changed or deleted or added):
        st._note({})
        return True
    if set(new) != changed | added:
        return _no(
            f"records missing for changed articles: {sorted(set(new) ^ (changed | added))[:3]}"
        )
    touched_docs = changed | deleted | added
    first = min(touched_docs)
    if any(d >= first for d in st.positional):
        return _no("a talk numbered by position after the first change")
    with paused_gc():
        extra: set[str] = set()  # unchanged articles replayed too (see _unobserved)
        new = dict(new)
        for _ in range(MAX_ROUNDS):
            out = _update(st, shas, new, read, changed | extra, deleted, added)
            if out is True or out is False:
                return out
            if len(extra | out) > max(MAX_EXTRA, len(touched_docs)):
                return _no(f"the change reaches {len(extra | out)} other articles")
            for doc in out - extra:
                rec = read(doc, shas[doc])
                if rec is None:
                    return _no(f"record of {doc} not in the cache")
                new[doc] = rec
            extra |= out
        return _no(f"the change still reaches other articles after {MAX_ROUNDS} rounds")


MAX_ROUNDS = 6  # rounds of replaying the articles a change reaches, before a full merge
MAX_EXTRA = 500  # unchanged articles replayed at most (or as many as changed)


def _update(st, shas, new, read, changed, deleted, added) -> bool | set[str]:
    """One attempt of :func:`update` with ``changed`` replayed: True when done, False
    for a full merge, or the unchanged articles to replay as well in another round."""
    gone = changed | deleted  # articles whose old version leaves
    olds: dict[str, _Contribution] = {}
    for doc in sorted(gone):
        rec = read(doc, st.shas[doc])
        if rec is None:
            return _no(f"old record of {doc} not in the cache")
        olds[doc], _ = _contribution(st, rec, set())
    news: dict[str, _Contribution] = {}
    shared = _Replay(st, gone)
    for doc in sorted(changed | added):
        rec = new[doc]
        if any(not norm_key(t.title) for t in rec.talks):
            return _no(f"{doc}: a talk numbered by position")
        c, r = _contribution(st, rec, gone, shared)
        r.commit()
        news[doc] = c
    seen = _unobserved(st, olds, news, gone)
    if seen is None:
        return False
    if seen:
        return seen

    # ---- nodes and edges the changed articles touch, and who else contributes to them
    touched_nodes: set[str] = set()
    touched_edges: set[tuple[str, str, str]] = set()
    for c in (*olds.values(), *news.values()):
        touched_nodes.update(c.nodes)
        touched_edges.update(c.edges)
    # a node or edge that only changed articles touch, each giving it what its old
    # version gave, is as it was: merged values are folds of each article's part
    touched_nodes = {n for n in touched_nodes if not _same_parts(olds, news, "nodes", n)}
    touched_edges = {e for e in touched_edges if not _same_parts(olds, news, "edges", e)}
    # a node's docs, aliases and events are counted; the rest is replayed when it may
    # change: a talk's or event's data, attrs lists a changed article gives otherwise
    # than before, and the label of a node created anew under another name
    replay_nodes = set()
    for nid in touched_nodes:
        snap = st.nodes.get(nid)
        creator = st.creator.get(nid)
        if (
            snap is None
            or snap["type"] in ("Talk", "Event")
            or (
                creator in gone
                and not _same_creation(nid, olds.get(creator), news.get(creator))
                and _new_label(nid, news) != snap["label"]
            )
            or not _same_attrs(nid, olds, news)
        ):
            replay_nodes.add(nid)
    contributors: set[str] = set()
    for nid in replay_nodes:
        snap = st.nodes.get(nid)
        if snap is not None:
            contributors.update(snap["docs"])
    for u, v, k in touched_edges:
        data = st.edges.get(u, {}).get(v, {}).get(k)
        if data is not None:
            contributors.update(data["docs"])
    contributors -= gone
    for c in news.values():
        if not (replay_nodes.isdisjoint(c.nodes) and touched_edges.isdisjoint(c.edges)):
            contributors.add(c.doc)

    # ---- replay every contributor of those, in doc order, into one builder
    if not contributors.isdisjoint(st.positional):  # (its talk ids count the nodes made)
        return _no("a contributor has a talk numbered by position")
    global last_replayed
    last_replayed = len(contributors - news.keys())
    r = _Replay(st, gone, shared)
    for doc in sorted(contributors):
        rec = new.get(doc) if doc in news else read(doc, shas[doc])
        if rec is None:
            return _no(f"record of {doc} not in the cache")
        _replay(r, rec)

    # ---- the new state: nodes
    for c in olds.values():
        _count(st.acnt, c.forms, -1)
        _count(st.ecnt, c.events, -1)
    for c in news.values():
        _count(st.acnt, c.forms, +1)
        _count(st.ecnt, c.events, +1)
    for nid in touched_nodes:
        if nid in replay_nodes:
            data = dict.get(r.nodes, nid)
            if data is None or not data["docs"]:
                st.nodes.pop(nid, None)
                continue
            _finish_node(data)
            st.nodes[nid] = data
            continue
        snap = st.nodes[nid]
        docs = set(snap["docs"])
        docs.difference_update(c.doc for c in olds.values() if nid in c.nodes)
        docs.update(c.doc for c in news.values() if nid in c.nodes)
        if not docs:
            del st.nodes[nid]
            continue
        snap["docs"] = sorted(docs)
        snap["aliases"] = sorted(st.acnt.get(nid, ()))
        snap["events"] = sorted(st.ecnt.get(nid, ()))
    # ---- edges
    for u, v, k in touched_edges:
        data = dict.get(r.edges, u, {}).get(v, {}).get(k)
        out = st.edges.get(u)
        if data is None:
            if out is not None and v in out:
                out[v].pop(k, None)
                if not out[v]:
                    del out[v]
                if not out:
                    del st.edges[u]
            continue
        _finish_edge(data)
        if out is None:
            out = st.edges[u] = {}
        out.setdefault(v, {})[k] = data  # (_assemble sorts nodes, targets and keys)

    # ---- the name index, creators, events by date, counts, per-article notes
    for c in olds.values():
        for k in c.keys:
            if st.owner.get(k) == c.doc:
                del st.owner[k]
                del st.index[k]
        for nid in c.created:
            if st.creator.get(nid) == c.doc:
                del st.creator[nid]
        for k in c.touched:
            n = st.tcount[k] - 1
            if n:
                st.tcount[k] = n
            else:
                del st.tcount[k]
        if c.call is not None:
            calls = st.event_calls[c.call[0]]
            calls.remove((c.doc, c.call[1]))
            if not calls:
                del st.event_calls[c.call[0]]
        st.positional.discard(c.doc)
        st.touched.pop(c.doc, None)
        st.docs.pop(c.doc, None)
        st.warnings.pop(c.doc, None)
    for k, (doc, nid) in shared.new_keys.items():
        st.owner[k], st.index[k] = doc, nid
    for nid, (doc, _, _) in shared.new_nodes.items():
        st.creator[nid] = doc
    dates = {d for c in (*olds.values(), *news.values()) for d in _created_event_dates(st, c)}
    for date in dates:
        nids = [n for n in st.events_by_date.get(date, ()) if n in st.nodes]
        nids += [n for _, n in shared.new_events.get(date, ()) if n not in nids]
        nids.sort(key=lambda n: st.creator[n])
        if nids:
            st.events_by_date[date] = nids
        else:
            st.events_by_date.pop(date, None)
    for c in news.values():
        for k in c.touched:
            st.tcount[k] = st.tcount.get(k, 0) + 1
        st.touched[c.doc] = tuple(c.touched)
        if c.call is not None:
            calls = st.event_calls.setdefault(c.call[0], [])
            calls.append((c.doc, c.call[1]))
            calls.sort()
        if c.meta is not None:
            st.docs[c.doc] = c.meta
        st.warnings[c.doc] = c.warnings
    docs = set(olds) | set(news)
    st.shas = dict(shas)
    b = _Builder(st.same_person, None)
    b.nodes = st.nodes
    st.registry_people = _registry_people(b)
    parts = (*olds.values(), *news.values())
    st._note(
        {
            "nodes": touched_nodes,
            "edges": touched_edges,
            "docs": docs,
            "warnings": docs,
            "touched": docs,
            "shas": docs,
            "index": {k for c in olds.values() for k in c.keys} | set(shared.new_keys),
            "owner": {k for c in olds.values() for k in c.keys} | set(shared.new_keys),
            "creator": {n for c in olds.values() for n in c.created} | set(shared.new_nodes),
            "tcount": {k for c in parts for k in c.touched},
            "acnt": {n for c in parts for n in c.forms},
            "ecnt": {n for c in parts for n in c.events},
            "events_by_date": dates,
            "event_calls": {c.call[0] for c in parts if c.call is not None},
        }
    )
    return True


def _same_parts(olds: dict, news: dict, kind: str, key: Any) -> bool:
    """Every article version that touches node or edge ``key`` exists before and after
    the change and gives it the same as before."""
    for side, other in ((olds, news), (news, olds)):
        for doc, c in side.items():
            part = getattr(c, kind).get(key)
            if part is not None and (
                doc not in other or getattr(other[doc], kind).get(key) != part
            ):
                return False
    return True


def _same_creation(nid: str, old: _Contribution | None, new: _Contribution | None) -> bool:
    """Both versions of an article created node ``nid``, with the same label."""
    return old is not None and new is not None and old.created.get(nid, 0) == new.created.get(nid)


def _new_label(nid: str, news: dict[str, _Contribution]) -> str | None:
    """The label of node ``nid`` as created by the first new article version creating it,
    or None when none does.

    Called for a node whose creator changed: once :func:`_unobserved` finds no unchanged
    article that could see the move, no unchanged article between the old creator and
    the new one names the node, and the label kept is the first creation's (when it
    differs, every article naming the node has been replayed as changed)."""
    for doc in sorted(d for d, c in news.items() if nid in c.created):
        return news[doc].created[nid]
    return None


def _same_attrs(nid: str, olds: dict[str, _Contribution], news: dict[str, _Contribution]) -> bool:
    """Every changed article gives node ``nid`` the same ``attrs`` as before (an absent
    version gives none): the merged lists, a fold of each article's part in ``doc``
    order, are then as they were."""
    for doc in olds.keys() | news.keys():
        o, n = olds.get(doc), news.get(doc)
        a = o.nodes[nid]["attrs"] if o is not None and nid in o.nodes else {}
        b = n.nodes[nid]["attrs"] if n is not None and nid in n.nodes else {}
        if a != b:
            return False
    return True


def _created_event_dates(st: MergeState, c: _Contribution) -> list[str]:
    """Dates of the event nodes an article version created (their ids end in ``|date``)."""
    return [nid.rsplit("|", 1)[1] for nid in c.created if nid.startswith("Event:")]


def _unobserved(
    st: MergeState, olds: dict[str, _Contribution], news: dict[str, _Contribution], gone: set[str]
) -> set[str] | None:
    """The unchanged articles that could see how the writes of the changed articles'
    new versions differ from their old ones' (empty: each unchanged article still
    resolves its names to the same nodes), or None when ids would be renumbered.

    A name registered first by another article than before, to the same node, is seen
    only by the articles between the old first one and the new: the articles after
    both find it registered, to that node, either way (so an edit naming a company in
    an early article does not reach every article naming it)."""
    seen: set[str] = set()
    empty = _Empty()
    first_new: dict[Any, tuple[str, str]] = {}  # key or node -> (first new writer, value)
    for doc in sorted(news):
        for k, nid in news[doc].keys.items():
            first_new.setdefault(k, (doc, nid))
        for nid, label in news[doc].created.items():
            first_new.setdefault(nid, (doc, label))
    spans: dict[_Key, tuple[str, str, bool]] = {}  # key -> (from, to, value differs)
    for doc in sorted(set(olds) | set(news)):
        o, n = olds.get(doc, empty), news.get(doc, empty)
        for k in set(o.keys) | set(n.keys):
            if o.keys.get(k) != n.keys.get(k) and k not in spans:
                spans[k] = _span(first_new.get(k), st.owner.get(k), st.index.get(k), gone)
        for nid in set(o.created) | set(n.created):
            if o.created.get(nid) == n.created.get(nid) or nid.startswith("Talk:"):
                continue  # (a talk is found by its id, never by name; its data are replayed)
            base = nid.split("~", 1)[0]
            if base != nid or f"{nid}~2" in st.nodes:  # numbered: another had it first
                _no(f"{doc}: node {nid} has a numbered id")
                return None
            snap = st.nodes.get(nid)
            if snap is not None:
                label = snap["label"]
                lo, hi, differs = _span(first_new.get(nid), st.creator.get(nid), label, gone)
                seen.update(d for d in snap["docs"] if d not in gone and (differs or lo <= d <= hi))
            if nid.startswith("Event:"):
                seen.update(_event_watchers(st, nid, n, o, gone))
    if spans:
        keys = set(spans)
        for doc, touched in st.touched.items():
            if doc in gone or keys.isdisjoint(touched):
                continue
            for k in keys.intersection(touched):
                lo, hi, differs = spans[k]
                if lo <= doc <= hi or (differs and doc > lo):
                    seen.add(doc)
                    break
    return seen


_LAST = "\U0010ffff"  # after every doc path


def _span(
    new: tuple[str, str] | None, old_owner: str | None, old_value: Any, gone: set[str]
) -> tuple[str, str, bool]:
    """Where a name's (or node's) first writer moves: ``(from, to, differs)``, the
    positions between which articles find it present in one build and absent in the
    other, and whether its value (node, label) differs after both."""
    cands = [new] if new is not None else []
    if old_owner is not None and old_owner not in gone:
        cands.append((old_owner, old_value))
    new_owner, new_value = min(cands) if cands else (None, None)
    if old_owner is None or new_owner is None:
        lo = old_owner or new_owner or ""
        return lo, _LAST, True
    lo, hi = min(old_owner, new_owner), max(old_owner, new_owner)
    return lo, hi, new_value != old_value


def _event_watchers(st: MergeState, nid: str, n: Any, o: Any, gone: set[str]) -> set[str]:
    """Unchanged articles with an event on the date of event node ``nid`` whose name could
    find it (an article's event joins an earlier one of the same date whose name
    contains its name, or is contained in it)."""
    date = nid.rsplit("|", 1)[1]
    labels = {match_key(x) for x in (n.created.get(nid), o.created.get(nid)) if x}
    out = set()
    for d, k in st.event_calls.get(date, ()):
        if d not in gone and any(
            k == ok or (min(len(k), len(ok)) >= 4 and (k in ok or ok in k)) for ok in labels
        ):
            out.add(d)
    return out


class _Empty:
    """The contribution of an article version that does not exist."""

    keys: dict = {}
    created: dict = {}


# ---------------------------------------------------------------- full merge
def merge_all(
    docs: list[tuple[str, str]],
    read: Callable[[str, str], DocumentRecord | None],
    new: dict[str, DocumentRecord],
    builder: GraphBuilder,
) -> list[str]:
    """Merge the records of ``docs`` ((doc, sha), in ``doc`` order) into ``builder``, one
    at a time: ``new`` ones as given, the others read by ``read``; returns the docs
    whose cached record could not be read."""
    missing = []
    for doc, sha in docs:
        rec = new.get(doc)
        if rec is None:
            rec = read(doc, sha)
        if rec is None:
            missing.append(doc)
            continue
        if isinstance(builder, RecordingBuilder):
            builder.add(rec, sha)
        else:
            builder.add(rec)
    return missing


def cached_warnings(st: MergeState, cached: list[tuple[str, str]]) -> list[FileWarning]:
    """The warnings of the records left in the cache, as extraction reports them."""
    return [FileWarning.of(path, w) for path, doc in cached for w in st.warnings.get(doc, ())]


# ---------------------------------------------------------------- a build
def build_graph(
    extract: Callable[..., Any],
    same_person: dict[str, str] | None,
    *,
    aliases: Any = None,
    cache: Any = None,
    state_file: str | Path | None = None,
    files: list[tuple[Path, Path]] | None = None,
    registry: str | Path | None = None,
) -> tuple[Any, Callable[[], nx.MultiDiGraph], Callable[[], None] | None]:
    """Extract and merge a corpus, updating the last build's merge state when there is one.

    ``extract(**kw)`` runs :func:`extractor.pipeline.extract` on the corpus (with the
    record cache ``cache``, a :class:`~extractor.cache.RecordCache`) and passes ``kw``
    (``sink``, ``skip_cached``) on.  Returns the extraction result, a function giving
    the graph, and one saving the merge state at ``state_file`` (None without a cache
    or with an ``aliases`` file, which always merge everything).
    """
    global last_merge
    if cache is None or state_file is None or aliases is not None:
        last_merge = "plain"
        plain = GraphBuilder(same_person, aliases)
        res = extract(sink=plain.add)
        return res, plain.graph, None
    path = _fp_path(state_file, cache.fp)
    # few records cached (a first build, a new extractor): every record merged as it
    # arrives, none held
    uncached = len(files or ()) - len(cache)
    if not path.exists() or uncached > max(MAX_EXTRA, len(files or ()) // 5):
        last_merge = "first"
        builder = RecordingBuilder(same_person, cache.fp)
        res = extract(sink=builder.add)
        builder.state.shas = {d: res.shas[d] for d in builder._docs if d in res.shas}
        return res, builder.graph, _saver(builder.state, path)
    res = extract(skip_cached=True)
    new = {r.doc: r for r in res.records}
    res.records = []
    order = {str(f): i for i, (f, _) in enumerate(files or ())}
    st = MergeState.load(path, cache.fp)  # (read once the workers are gone)
    if st is not None and update(st, res.shas, new, cache.peek):
        last_merge = "updated"
        res.warnings += cached_warnings(st, res.cached)
        res.warnings.sort(key=lambda w: order.get(w.path, len(order)))
        return res, st.graph, _saver(st, path)
    # the change reaches articles it did not touch: merge every record, one at a time
    st = None
    last_merge = "full"
    builder = RecordingBuilder(same_person, cache.fp)
    paths = {doc: path for path, doc in res.cached}

    def read(doc: str, sha: str) -> DocumentRecord | None:
        rec = cache.peek(doc, sha)
        if rec is not None and doc in paths:
            res.warnings.extend(FileWarning.of(paths[doc], w) for w in rec.warnings)
        return rec

    def read_or_extract(doc: str, sha: str) -> DocumentRecord | None:
        rec = read(doc, sha)
        if rec is None:  # a damaged entry, found only now: extracted here
            from .article import _doc_of
            from .pipeline import extract_file

            where = {_doc_of(f, root): (f, root) for f, root in files or ()}
            if doc in where:
                out = extract_file(*where[doc], registry)
                if isinstance(out, DocumentRecord):
                    res.warnings.extend(FileWarning.of(str(where[doc][0]), w) for w in out.warnings)
                    return out
                res.problems.append(out)
            res.shas.pop(doc, None)
        return rec

    merge_all(sorted(res.shas.items()), read_or_extract, new, builder)
    builder.state.shas = dict(res.shas)
    res.warnings.sort(key=lambda w: order.get(w.path, len(order)))
    return res, builder.graph, _saver(builder.state, path)


def _saver(st: MergeState, path: Path) -> Callable[[], None]:
    """Save ``st`` at ``path``, and remove the states of other fingerprints."""

    def save() -> None:
        try:
            st.save(path)
            for old in path.parent.glob(f"{path.stem.rsplit('-', 1)[0]}-*"):
                if not old.name.startswith(path.name):  # (and its log of changes)
                    old.unlink(missing_ok=True)
        except OSError as exc:  # the next build merges every record: slower, not wrong
            import warnings

            warnings.warn(f"{path}: cannot write the merge state: {exc}", stacklevel=2)

    return save
