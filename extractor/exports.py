"""Graph -> files for other tools: GEXF (Gephi), Neo4j import CSV, RDF Turtle, JSON-LD.

Every writer is deterministic (nodes and edges sorted by id, no timestamps) and
atomic (:mod:`extractor.fsio`), and its output parses for any string in the graph:
characters no XML 1.0 file can hold (C0 controls but tab and newlines, lone
surrogates, U+FFFE/U+FFFF) are dropped from every format, with a warning; XML
is written by an escaping writer, RDF by rdflib's serialiser, and CSV cells that
a spreadsheet would run as a formula are neutralised (OWASP: a leading ``'``).

Formats
-------
``gexf``
    One ``.gexf`` file.  Node and edge attributes as in :mod:`extractor.graph`;
    lists of names are joined with ``"; "``, lists of records (``evidence``,
    ``attrs``) are JSON strings.  Edge ``label`` is the relation.
``neo4j``
    A folder with ``nodes.csv`` and ``relationships.csv`` in the header syntax of
    ``neo4j-admin database import`` (``id:ID``, ``:LABEL`` = node type,
    ``:START_ID``, ``:END_ID``, ``:TYPE`` = relation in upper case, lists as
    ``;``-joined ``:string[]``; a ``;`` inside a list item becomes ``；`` and line
    breaks become spaces; a cell starting with ``=``, ``+``, ``-``, ``@``, tab or
    carriage return gets a leading ``'``), plus ``import.sh`` with the command::

        neo4j-admin database import full --nodes=nodes.csv \\
            --relationships=relationships.csv --array-delimiter=";" neo4j
``turtle`` / ``jsonld``
    RDF with the small vocabulary below (also in ``extractor/data/vocab.ttl``).
    Nodes are ``<urn:meetup-kg:node:{node id}>`` (characters not allowed in an
    IRI percent-encoded); the ``base`` argument replaces ``urn:meetup-kg:node:``.

Vocabulary (prefix ``mkg:`` = ``urn:meetup-kg:vocab#``)
    Classes ``mkg:Event mkg:Talk mkg:Person mkg:Organization mkg:SIG mkg:Project
    mkg:Technology mkg:Location`` (the node ``type``).
    Object properties, one per relation: ``mkg:gives mkg:presentedAt mkg:memberOf
    mkg:affiliatedWith mkg:organizedBy mkg:heldIn mkg:mentions``.
    Data properties: ``rdfs:label`` (label), ``skos:altLabel`` (each alias),
    ``mkg:date`` (``xsd:date`` when a full ISO date), ``mkg:city``, ``mkg:doc``
    (an article the node or statement comes from), ``mkg:sentence``,
    ``mkg:start``, ``mkg:end`` (evidence offsets into the article body).
    Evidence: each evidence item of an edge is an ``rdf:Statement`` with
    ``rdf:subject``, ``rdf:predicate``, ``rdf:object`` and ``mkg:doc``,
    ``mkg:sentence``, ``mkg:start``, ``mkg:end``.

>>> import tempfile, pathlib
>>> from extractor.query import example_graph
>>> out = export(example_graph().graph, pathlib.Path(tempfile.mkdtemp()) / "neo4j", "neo4j")
>>> [p.name for p in out]
['nodes.csv', 'relationships.csv', 'import.sh']
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import warnings
from pathlib import Path
from typing import Any

import networkx as nx

from .errors import GraphError
from .fsio import atomic_write_text

__all__ = [
    "FORMATS",
    "VOCAB",
    "export",
    "output_files",
    "to_gexf",
    "to_neo4j_csv",
    "to_turtle",
    "to_jsonld",
]

FORMATS = ("gexf", "neo4j", "turtle", "jsonld")
_SUFFIXES = {".gexf": "gexf", ".ttl": "turtle", ".jsonld": "jsonld", ".json": "jsonld"}
VOCAB = "urn:meetup-kg:vocab#"
BASE = "urn:meetup-kg:node:"
_PREFIXES = {
    "mkg": VOCAB,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
_NODE_SCALARS = ("date", "city", "event")


def _format(p: Path, format: str | None) -> str:
    fmt = (format or _SUFFIXES.get(p.suffix.lower(), "")).lower().replace("-", "")
    fmt = {"ttl": "turtle", "rdf": "turtle", "csv": "neo4j"}.get(fmt, fmt)
    if fmt not in FORMATS:
        raise GraphError(
            f"{p}: unknown export format {format or p.suffix!r}: expected one of {', '.join(FORMATS)}"
        )
    return fmt


_NEO4J_FILES = ("nodes.csv", "relationships.csv", "import.sh")


def output_files(path: str | Path, format: str | None = None) -> tuple[list[Path], bool]:
    """The files :func:`export` would write for ``path`` and ``format``, and whether
    ``path`` is a folder (neo4j).

    >>> output_files("out/neo", "neo4j")[0][0].as_posix(), output_files("kg.ttl")
    ('out/neo/nodes.csv', ([PosixPath('kg.ttl')], False))
    """
    p = Path(path)
    if _format(p, format) == "neo4j":
        return [p / name for name in _NEO4J_FILES], True
    return [p], False


def export(
    g: nx.MultiDiGraph, path: str | Path, format: str | None = None, **kw: Any
) -> list[Path]:
    """Write ``g`` to ``path`` in ``format`` (see the module docstring); return the files.

    ``format`` may be omitted when the suffix tells it (.gexf, .ttl, .jsonld);
    for ``neo4j`` ``path`` is a folder.  ``base`` (turtle, jsonld) sets the node IRI prefix.

    >>> import tempfile, pathlib
    >>> from extractor.query import example_graph
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "kg.gexf"
    >>> export(example_graph().graph, p) == [p]
    True
    """
    p = Path(path)
    fmt = _format(p, format)
    if fmt == "neo4j":
        if p.exists() and not p.is_dir():
            raise GraphError(f"{p}: the neo4j export writes a folder, and this is a file")
        files = to_neo4j_csv(g)
        out = []
        for name, text in files.items():
            atomic_write_text(p / name, text)
            out.append(p / name)
        (p / "import.sh").chmod(0o755)
        return out
    text = {"gexf": to_gexf, "turtle": to_turtle, "jsonld": to_jsonld}[fmt](g, **kw)
    atomic_write_text(p, text)
    return [p]


# --------------------------------------------------------- text any file can hold
# what XML 1.0 cannot hold (and no UTF-8 file can: lone surrogates); dropped everywhere
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class _Cleaner:
    """Drops :data:`_NOT_XML` characters from strings, counting them, and warns once."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.dropped = 0

    def __call__(self, value: Any) -> Any:
        if isinstance(value, str):
            if _NOT_XML.search(value) is None:
                return value
            clean = _NOT_XML.sub("", value)
            self.dropped += len(value) - len(clean)
            return clean
        if isinstance(value, list):
            return [self(x) for x in value]
        if isinstance(value, tuple):
            return tuple(self(x) for x in value)
        if isinstance(value, dict):
            return {self(k): self(v) for k, v in value.items()}
        return value

    def graph(self, g: nx.MultiDiGraph) -> nx.MultiDiGraph:
        """``g`` with every id, key and value cleaned (``g`` itself when nothing is to drop)."""
        h = nx.MultiDiGraph()
        h.graph.update(self(dict(g.graph)))
        for n, d in g.nodes(data=True):
            h.add_node(self(n), **self(dict(d)))
        for u, v, k, d in g.edges(keys=True, data=True):
            h.add_edge(self(u), self(v), key=self(k), **self(dict(d)))
        self.warn()
        return h

    def warn(self) -> None:
        if self.dropped:
            warnings.warn(
                f"{self.fmt} export: {self.dropped} character{'s' if self.dropped != 1 else ''}"
                " that the format cannot hold"
                " (control characters, lone surrogates) were dropped",
                UserWarning,
                stacklevel=4,
            )


# ------------------------------------------------------------------ GEXF


def _flat(value: Any) -> Any:
    if isinstance(value, list) and all(isinstance(x, str) for x in value):
        return "; ".join(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else value


def to_gexf(g: nx.MultiDiGraph) -> str:
    """GEXF 1.2 text for Gephi (no timestamp, so equal graphs give equal files).

    >>> from extractor.query import example_graph
    >>> '<node id="Person:侯明永" label="侯明永">' in to_gexf(example_graph().graph)
    True
    """
    g = _Cleaner("GEXF").graph(g)
    h = nx.MultiDiGraph()
    for n in sorted(g, key=str):
        d = g.nodes[n]
        h.add_node(n, **{k: _flat(d[k]) for k in sorted(d)})
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: tuple(map(str, e[:3]))):
        attrs = {a: _flat(d[a]) for a in sorted(d)}
        attrs["label"] = d.get("relation", k)
        h.add_edge(u, v, key=k, **attrs)
    buf = io.BytesIO()
    nx.write_gexf(h, buf, encoding="utf-8", prettyprint=True)
    text = buf.getvalue().decode("utf-8").rstrip("\n") + "\n"
    return re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)


# ----------------------------------------------------------------- Neo4j


def _item(s: Any) -> str:
    return re.sub(r"\s*[\r\n]+\s*", " ", str(s)).replace(";", "；")


def _line(s: Any) -> str:
    return re.sub(r"\s*[\r\n]+\s*", " ", "" if s is None else str(s))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(s: Any) -> str:
    """A CSV cell a spreadsheet shows as text: a leading ``=``, ``+``, ``-``, ``@``, tab
    or carriage return is preceded by ``'`` (OWASP's advice against CSV injection).

    >>> _cell("=HYPERLINK(1)"), _cell("-1"), _cell("张三")
    ("'=HYPERLINK(1)", "'-1", '张三')
    """
    t = "" if s is None else str(s)
    return "'" + t if t.startswith(_FORMULA_START) else t


def _row(w: Any, cells: list[Any]) -> None:
    w.writerow([_cell(c) for c in cells])


def to_neo4j_csv(g: nx.MultiDiGraph) -> dict[str, str]:
    """{file name: CSV text} for ``neo4j-admin database import`` (see the module docstring).

    >>> from extractor.query import example_graph
    >>> files = to_neo4j_csv(example_graph().graph)
    >>> files["nodes.csv"].splitlines()[0]
    'id:ID,:LABEL,name,aliases:string[],docs:string[],events:string[],date,city,event,speakers:string[],attrs'
    >>> files["relationships.csv"].splitlines()[0]
    ':START_ID,:END_ID,:TYPE,docs:string[],evidence:string[],evidence_docs:string[]'
    """
    g = _Cleaner("Neo4j CSV").graph(g)
    nbuf = io.StringIO()
    w = csv.writer(nbuf, lineterminator="\n")
    w.writerow(
        ["id:ID", ":LABEL", "name", "aliases:string[]", "docs:string[]", "events:string[]"]
        + ["date", "city", "event", "speakers:string[]", "attrs"]
    )
    for n in sorted(g, key=str):
        d = g.nodes[n]
        attrs = d.get("attrs") or {}
        _row(
            w,
            [_line(n), d.get("type", ""), _line(d.get("label", n))]
            + [";".join(_item(x) for x in d.get(k) or []) for k in ("aliases", "docs", "events")]
            + [_line(d.get(k)) for k in _NODE_SCALARS]
            + [";".join(_item(x) for x in d.get("speakers") or [])]
            + [json.dumps(attrs, ensure_ascii=False, sort_keys=True) if attrs else ""],
        )
    rbuf = io.StringIO()
    w = csv.writer(rbuf, lineterminator="\n")
    w.writerow(
        [":START_ID", ":END_ID", ":TYPE", "docs:string[]", "evidence:string[]"]
        + ["evidence_docs:string[]"]
    )
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: tuple(map(str, e[:3]))):
        ev = d.get("evidence") or []
        _row(
            w,
            [
                _line(u),
                _line(v),
                _line(d.get("relation", k)).upper(),
                ";".join(_item(x) for x in d.get("docs") or []),
            ]
            + [";".join(_item(e["sentence"]) for e in ev), ";".join(_item(e["doc"]) for e in ev)],
        )
    script = (
        "#!/bin/sh\n# Import into an empty Neo4j database named neo4j (stop the server first).\n"
        'cd "$(dirname "$0")" && neo4j-admin database import full --nodes=nodes.csv '
        '--relationships=relationships.csv --array-delimiter=";" "${1:-neo4j}"\n'
    )
    return {"nodes.csv": nbuf.getvalue(), "relationships.csv": rbuf.getvalue(), "import.sh": script}


# ------------------------------------------------------------------- RDF


def _prop(rel: str) -> str:
    """``affiliated_with`` -> ``affiliatedWith``."""
    head, *rest = rel.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def _iri_part(s: str) -> str:
    """Percent-encode what an IRI (and Turtle's IRIREF) cannot hold, keep the rest readable."""
    out = []
    for ch in s:
        if ord(ch) <= 0x20 or ch in '<>"{}|^`\\%#?' or ord(ch) == 0x7F:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
        else:
            out.append(ch)
    return "".join(out)


def _is_date(d: str) -> bool:
    """True for a full ISO date that exists (``2024-02-30`` stays a plain string)."""
    if not _ISO_DATE.match(d):
        return False
    try:
        datetime.date.fromisoformat(d)
    except ValueError:
        return False
    return True


def _local(name: Any) -> str:
    """A vocabulary term's local name, IRI-safe whatever the graph file says."""
    return _iri_part(str(name))


def to_turtle(g: nx.MultiDiGraph, base: str = BASE) -> str:
    """RDF Turtle with the vocabulary in the module docstring, written by rdflib's
    serialiser (every literal and IRI escaped as Turtle requires).

    >>> from extractor.query import example_graph
    >>> ttl = to_turtle(example_graph().graph)
    >>> '<urn:meetup-kg:node:Person:侯明永> a mkg:Person ;' in ttl
    True
    """
    import rdflib
    from rdflib.namespace import RDF, RDFS, SKOS, XSD

    clean = _Cleaner("Turtle")
    g = clean.graph(g)
    mkg = rdflib.Namespace(VOCAB)
    out = rdflib.Graph(bind_namespaces="none")
    for prefix, uri in _PREFIXES.items():
        out.bind(prefix, rdflib.Namespace(uri))

    def iri(n: Any) -> rdflib.URIRef:
        return rdflib.URIRef(base + _iri_part(str(n)))

    def lit(x: Any) -> rdflib.Literal:
        return rdflib.Literal(str(x))

    for n in sorted(g, key=str):
        d = g.nodes[n]
        s = iri(n)
        out.add((s, RDF.type, mkg[_local(d.get("type", "Thing"))]))
        out.add((s, RDFS.label, lit(d.get("label", n))))
        for a in d.get("aliases") or []:
            out.add((s, SKOS.altLabel, lit(a)))
        if d.get("date"):
            dd = str(d["date"])
            out.add(
                (s, mkg.date, rdflib.Literal(dd, datatype=XSD.date) if _is_date(dd) else lit(dd))
            )
        if d.get("city"):
            out.add((s, mkg.city, lit(d["city"])))
        for x in d.get("docs") or []:
            out.add((s, mkg.doc, lit(x)))
        for _, v, k in g.out_edges(n, keys=True):
            out.add((s, mkg[_local(_prop(str(k)))], iri(v)))
    i = 0
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: tuple(map(str, e[:3]))):
        for e in d.get("evidence") or []:
            i += 1
            st = rdflib.BNode(f"ev{i}")  # numbered in edge order: equal graphs, equal files
            out.add((st, RDF.type, RDF.Statement))
            out.add((st, RDF.subject, iri(u)))
            out.add((st, RDF.predicate, mkg[_local(_prop(str(k)))]))
            out.add((st, RDF.object, iri(v)))
            out.add((st, mkg.doc, lit(e["doc"])))
            out.add((st, mkg.sentence, lit(e["sentence"])))
            out.add((st, mkg.start, rdflib.Literal(int(e["start"]))))
            out.add((st, mkg.end, rdflib.Literal(int(e["end"]))))
    return out.serialize(format="turtle")


def to_jsonld(g: nx.MultiDiGraph, base: str = BASE) -> str:
    """JSON-LD (compacted, one ``@graph``) with the same triples as :func:`to_turtle`.

    >>> from extractor.query import example_graph
    >>> data = json.loads(to_jsonld(example_graph().graph))
    >>> [x["label"] for x in data["@graph"] if x.get("@id", "").endswith("Person:侯明永")]
    ['侯明永']
    """
    g = _Cleaner("JSON-LD").graph(g)
    rels = sorted({str(k) for _, _, k in g.edges(keys=True)})
    ctx: dict[str, Any] = dict(_PREFIXES)
    ctx.update(
        {
            "label": "rdfs:label",
            "altLabel": "skos:altLabel",
            "date": "mkg:date",
            "city": "mkg:city",
            "doc": "mkg:doc",
            "sentence": "mkg:sentence",
            "start": "mkg:start",
            "end": "mkg:end",
        }
    )
    terms: dict[str, str] = {}  # relation -> its key in the objects
    for k in rels:
        term = _prop(k)
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", term) and term not in ctx:
            ctx[term] = {"@id": f"mkg:{term}", "@type": "@id"}
            terms[k] = term
    items: list[dict[str, Any]] = []
    for n in sorted(g, key=str):
        d = g.nodes[n]
        obj: dict[str, Any] = {
            "@id": base + _iri_part(str(n)),
            "@type": f"mkg:{_local(d.get('type', 'Thing'))}",
            "label": str(d.get("label", n)),
        }
        if d.get("aliases"):
            obj["altLabel"] = list(d["aliases"])
        if d.get("date"):
            dd = str(d["date"])
            obj["date"] = {"@value": dd, "@type": "xsd:date"} if _is_date(dd) else dd
        if d.get("city"):
            obj["city"] = d["city"]
        if d.get("docs"):
            obj["doc"] = list(d["docs"])
        for _, v, k in sorted(g.out_edges(n, keys=True), key=lambda e: tuple(map(str, e))):
            target = base + _iri_part(str(v))
            if str(k) in terms:
                obj.setdefault(terms[str(k)], []).append(target)
            else:  # a relation name that cannot be a term: the full IRI, the target as a node
                key = f"{VOCAB}{_local(_prop(str(k)))}"
                obj.setdefault(key, []).append({"@id": target})
        items.append(obj)
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: tuple(map(str, e[:3]))):
        for e in d.get("evidence") or []:
            items.append(
                {
                    "@type": "rdf:Statement",
                    "rdf:subject": {"@id": base + _iri_part(str(u))},
                    "rdf:predicate": {"@id": f"mkg:{_local(_prop(str(k)))}"},
                    "rdf:object": {"@id": base + _iri_part(str(v))},
                    "doc": e["doc"],
                    "sentence": e["sentence"],
                    "start": int(e["start"]),
                    "end": int(e["end"]),
                }
            )
    doc = {"@context": ctx, "@graph": items}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
