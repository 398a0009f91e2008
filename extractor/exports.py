"""Graph -> files for other tools: GEXF (Gephi), Neo4j import CSV, RDF Turtle, JSON-LD.

Every writer is deterministic (nodes and edges sorted by id, no timestamps) and
atomic (:mod:`extractor.fsio`).

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
    breaks become spaces), plus ``import.sh`` with the command::

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
import io
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx

from .errors import GraphError
from .fsio import atomic_write_text

__all__ = [
    "FORMATS",
    "VOCAB",
    "export",
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
    fmt = (format or _SUFFIXES.get(p.suffix.lower(), "")).lower().replace("-", "")
    fmt = {"ttl": "turtle", "rdf": "turtle", "csv": "neo4j"}.get(fmt, fmt)
    if fmt not in FORMATS:
        raise GraphError(
            f"{p}: unknown export format {format or p.suffix!r}: expected one of {', '.join(FORMATS)}"
        )
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
    h = nx.MultiDiGraph()
    for n in sorted(g):
        d = g.nodes[n]
        h.add_node(n, **{k: _flat(d[k]) for k in sorted(d)})
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]):
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


def to_neo4j_csv(g: nx.MultiDiGraph) -> dict[str, str]:
    """{file name: CSV text} for ``neo4j-admin database import`` (see the module docstring).

    >>> from extractor.query import example_graph
    >>> files = to_neo4j_csv(example_graph().graph)
    >>> files["nodes.csv"].splitlines()[0]
    'id:ID,:LABEL,name,aliases:string[],docs:string[],events:string[],date,city,event,speakers:string[],attrs'
    >>> files["relationships.csv"].splitlines()[0]
    ':START_ID,:END_ID,:TYPE,docs:string[],evidence:string[],evidence_docs:string[]'
    """
    nbuf = io.StringIO()
    w = csv.writer(nbuf, lineterminator="\n")
    w.writerow(
        ["id:ID", ":LABEL", "name", "aliases:string[]", "docs:string[]", "events:string[]"]
        + ["date", "city", "event", "speakers:string[]", "attrs"]
    )
    for n in sorted(g):
        d = g.nodes[n]
        attrs = d.get("attrs") or {}
        w.writerow(
            [n, d.get("type", ""), _line(d.get("label", n))]
            + [";".join(_item(x) for x in d.get(k) or []) for k in ("aliases", "docs", "events")]
            + [_line(d.get(k)) for k in _NODE_SCALARS]
            + [";".join(_item(x) for x in d.get("speakers") or [])]
            + [json.dumps(attrs, ensure_ascii=False, sort_keys=True) if attrs else ""]
        )
    rbuf = io.StringIO()
    w = csv.writer(rbuf, lineterminator="\n")
    w.writerow(
        [":START_ID", ":END_ID", ":TYPE", "docs:string[]", "evidence:string[]"]
        + ["evidence_docs:string[]"]
    )
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]):
        ev = d.get("evidence") or []
        w.writerow(
            [
                u,
                v,
                str(d.get("relation", k)).upper(),
                ";".join(_item(x) for x in d.get("docs") or []),
            ]
            + [";".join(_item(e["sentence"]) for e in ev), ";".join(_item(e["doc"]) for e in ev)]
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


def _lit(s: Any) -> str:
    """A Turtle string literal."""
    t = str(s).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + t.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + '"'


def _date_lit(d: str) -> str:
    return _lit(d) + "^^xsd:date" if _ISO_DATE.match(d) else _lit(d)


def to_turtle(g: nx.MultiDiGraph, base: str = BASE) -> str:
    """RDF Turtle with the vocabulary in the module docstring.

    >>> from extractor.query import example_graph
    >>> ttl = to_turtle(example_graph().graph)
    >>> '<urn:meetup-kg:node:Person:侯明永> a mkg:Person ;' in ttl
    True
    """

    def iri(n: str) -> str:
        return f"<{base}{_iri_part(n)}>"

    lines = [f"@prefix {p}: <{u}> ." for p, u in _PREFIXES.items()] + [""]
    for n in sorted(g):
        d = g.nodes[n]
        props = [f"a mkg:{d.get('type', 'Thing')}", f"rdfs:label {_lit(d.get('label', n))}"]
        props += [f"skos:altLabel {_lit(a)}" for a in d.get("aliases") or []]
        if d.get("date"):
            props.append(f"mkg:date {_date_lit(str(d['date']))}")
        if d.get("city"):
            props.append(f"mkg:city {_lit(d['city'])}")
        props += [f"mkg:doc {_lit(x)}" for x in d.get("docs") or []]
        for _, v, k in sorted(g.out_edges(n, keys=True)):
            props.append(f"mkg:{_prop(k)} {iri(v)}")
        lines.append(iri(n) + " " + " ;\n    ".join(props) + " .\n")
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]):
        for e in d.get("evidence") or []:
            lines.append(
                f"[] a rdf:Statement ;\n    rdf:subject {iri(u)} ;\n    rdf:predicate mkg:{_prop(k)} ;"
                f"\n    rdf:object {iri(v)} ;\n    mkg:doc {_lit(e['doc'])} ;"
                f"\n    mkg:sentence {_lit(e['sentence'])} ;"
                f"\n    mkg:start {int(e['start'])} ;\n    mkg:end {int(e['end'])} ."
            )
    return "\n".join(lines) + "\n"


def to_jsonld(g: nx.MultiDiGraph, base: str = BASE) -> str:
    """JSON-LD (compacted, one ``@graph``) with the same triples as :func:`to_turtle`.

    >>> from extractor.query import example_graph
    >>> data = json.loads(to_jsonld(example_graph().graph))
    >>> [x["label"] for x in data["@graph"] if x.get("@id", "").endswith("Person:侯明永")]
    ['侯明永']
    """
    rels = sorted({k for _, _, k in g.edges(keys=True)})
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
    for k in rels:
        ctx[_prop(k)] = {"@id": f"mkg:{_prop(k)}", "@type": "@id"}
    items: list[dict[str, Any]] = []
    for n in sorted(g):
        d = g.nodes[n]
        obj: dict[str, Any] = {
            "@id": base + _iri_part(n),
            "@type": f"mkg:{d.get('type', 'Thing')}",
            "label": d.get("label", n),
        }
        if d.get("aliases"):
            obj["altLabel"] = list(d["aliases"])
        if d.get("date"):
            dd = str(d["date"])
            obj["date"] = {"@value": dd, "@type": "xsd:date"} if _ISO_DATE.match(dd) else dd
        if d.get("city"):
            obj["city"] = d["city"]
        if d.get("docs"):
            obj["doc"] = list(d["docs"])
        for _, v, k in sorted(g.out_edges(n, keys=True)):
            obj.setdefault(_prop(k), []).append(base + _iri_part(v))
        items.append(obj)
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]):
        for e in d.get("evidence") or []:
            items.append(
                {
                    "@type": "rdf:Statement",
                    "rdf:subject": {"@id": base + _iri_part(u)},
                    "rdf:predicate": {"@id": f"mkg:{_prop(k)}"},
                    "rdf:object": {"@id": base + _iri_part(v)},
                    "doc": e["doc"],
                    "sentence": e["sentence"],
                    "start": int(e["start"]),
                    "end": int(e["end"]),
                }
            )
    doc = {"@context": ctx, "@graph": items}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
