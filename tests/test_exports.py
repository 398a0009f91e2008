"""Exports: each format carries every node and edge, deterministically, and the CLI writes them."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import warnings
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.errors import GraphError
from extractor.exports import _iri_part, export, to_gexf, to_jsonld, to_turtle
from extractor.model import DocumentRecord, Entity, Event, Evidence, Relation, Talk
from extractor.query import from_records

TRICKY = 'He said "hi"; \\ then\nleft'


def records() -> list[DocumentRecord]:
    ev = Evidence("a.md", TRICKY, 5, 20)
    return [
        DocumentRecord(
            "a.md",
            Event("Meetup|北京 站", "2024-05-10", "北京", ["开源联盟"]),
            [Talk("机密计算 <实践>", ["侯明永", "洛佳"], ev, [("Technology", "机密计算")])],
            [
                Entity("Person", "侯明永", ["Mingyong Hou", "侯老师;组长"]),
                Entity("SIG", "sig-cc", ["机密计算 SIG"]),
                Entity("Technology", "机密计算"),
            ],
            [Relation("member_of", "侯明永", "sig-cc", evidence=ev)],
        ),
        DocumentRecord(
            "b.md",
            Event("Meetup 上海", "2025-02"),
            [Talk("Kernel", ["洛佳"])],
            [Entity("Person", "洛佳")],
            [],
        ),
    ]


@pytest.fixture(scope="module")
def g() -> nx.MultiDiGraph:
    return from_records(records()).graph


@pytest.mark.parametrize("fmt", ["gexf", "turtle", "jsonld", "neo4j"])
def test_exports_deterministic_and_atomic(g, tmp_path, fmt):
    reordered = nx.MultiDiGraph()
    reordered.add_nodes_from(reversed(list(g.nodes(data=True))))
    reordered.add_edges_from(reversed(list(g.edges(keys=True, data=True))))
    a = export(g, tmp_path / "a" / f"out.{fmt}", fmt)
    b = export(reordered, tmp_path / "b" / f"out.{fmt}", fmt)
    assert [p.name for p in a] == [p.name for p in b]
    for x, y in zip(a, b, strict=True):
        assert x.read_bytes() == y.read_bytes()
    leftovers = [p for p in (tmp_path / "a").rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_exports_gexf_reads_back_in_networkx(g, tmp_path):
    (p,) = export(g, tmp_path / "kg.gexf")
    back = nx.read_gexf(p)
    assert sorted(back.nodes) == sorted(g.nodes)
    assert back.number_of_edges() == g.number_of_edges()
    assert back.nodes["Person:侯明永"]["label"] == "侯明永"
    assert back.nodes["Person:侯明永"]["aliases"] == "Mingyong Hou; 侯老师;组长"
    rels = sorted(d["relation"] for _, _, d in back.edges(data=True))
    assert rels == sorted(k for _, _, k in g.edges(keys=True))
    assert "lastmodifieddate" not in to_gexf(g)


def test_exports_neo4j_header_syntax_and_rows(g, tmp_path):
    files = export(g, tmp_path / "neo", "neo4j")
    assert [p.name for p in files] == ["nodes.csv", "relationships.csv", "import.sh"]
    nodes = list(csv.DictReader(io.StringIO(files[0].read_text(encoding="utf-8"))))
    rels = list(csv.DictReader(io.StringIO(files[1].read_text(encoding="utf-8"))))
    assert [r["id:ID"] for r in nodes] == sorted(g.nodes)
    assert {r[":LABEL"] for r in nodes} == {t for _, t in g.nodes(data="type")}
    hou = next(r for r in nodes if r["id:ID"] == "Person:侯明永")
    # lists are ;-joined; a ; inside an item becomes a full-width ；
    assert hou["aliases:string[]"].split(";") == ["Mingyong Hou", "侯老师；组长"]
    ids = {r["id:ID"] for r in nodes}
    assert len(rels) == g.number_of_edges()
    assert all(r[":START_ID"] in ids and r[":END_ID"] in ids for r in rels)
    assert {r[":TYPE"] for r in rels} == {k.upper() for _, _, k in g.edges(keys=True)}
    member = next(r for r in rels if r[":TYPE"] == "MEMBER_OF")
    assert member["evidence:string[]"] == 'He said "hi"； \\ then left'
    assert "--array-delimiter" in files[2].read_text()
    assert "\n" not in "".join(v for r in rels for v in r.values())


def _turtle_literals(text: str) -> list[str]:
    """Decode every "..." literal of a Turtle document."""
    out = []
    for m in re.finditer(r'"((?:[^"\\]|\\.)*)"', text):
        out.append(
            re.sub(r"\\(.)", lambda e: {"n": "\n", "r": "\r", "t": "\t"}.get(e[1], e[1]), m[1])
        )
    return out


def test_exports_turtle_has_every_node_and_edge(g):
    import rdflib
    from rdflib.namespace import RDF, XSD

    ttl = to_turtle(g)
    for n, d in g.nodes(data=True):
        assert f"<urn:meetup-kg:node:{_iri_part(n)}> a mkg:{d['type']} ;" in ttl
    rdf = rdflib.Graph().parse(data=ttl, format="turtle")
    mkg = rdflib.Namespace("urn:meetup-kg:vocab#")
    node = "urn:meetup-kg:node:"
    links = [t for t in rdf if str(t[0]).startswith(node) and str(t[2]).startswith(node)]
    assert len(links) == g.number_of_edges()
    lits = {str(o) for o in rdf.objects() if isinstance(o, rdflib.Literal)}
    assert TRICKY in lits and "机密计算 <实践>" in lits
    dates = {o for o in rdf.objects(None, mkg.date)}
    assert rdflib.Literal("2024-05-10", datatype=XSD.date) in dates
    assert rdflib.Literal("2025-02") in dates  # partial dates stay plain
    statements = list(rdf.subjects(RDF.type, RDF.Statement))
    assert len(statements) == sum(len(d["evidence"]) for *_, d in g.edges(data=True))
    assert "|" not in "".join(str(s) for s in rdf.subjects() if isinstance(s, rdflib.URIRef))


def test_exports_jsonld_matches_graph(g):
    data = json.loads(to_jsonld(g))
    nodes = [x for x in data["@graph"] if "@id" in x]
    statements = [x for x in data["@graph"] if x["@type"] == "rdf:Statement"]
    assert len(nodes) == len(g)
    ctx = data["@context"]
    links = sum(len(x[k]) for x in nodes for k in x if isinstance(ctx.get(k), dict))
    assert links == g.number_of_edges()
    assert len(statements) == sum(len(d["evidence"]) for *_, d in g.edges(data=True)) > 0
    assert {s["sentence"] for s in statements} == {TRICKY}
    hou = next(x for x in nodes if x["@id"].endswith("Person:侯明永"))
    assert hou["altLabel"] == ["Mingyong Hou", "侯老师;组长"]
    assert hou["memberOf"] == ["urn:meetup-kg:node:SIG:sigcc"]


def test_exports_rdf_parses_with_rdflib_when_available(g):
    rdflib = pytest.importorskip("rdflib")
    a = rdflib.Graph().parse(data=to_turtle(g), format="turtle")
    b = rdflib.Graph().parse(data=to_jsonld(g), format="json-ld")
    assert len(a) == len(b) > 0


def test_exports_format_errors(g, tmp_path):
    with pytest.raises(GraphError, match="unknown export format '.xyz'"):
        export(g, tmp_path / "kg.xyz")
    (tmp_path / "file").write_text("x")
    with pytest.raises(GraphError, match="writes a folder"):
        export(g, tmp_path / "file", "neo4j")


def test_exports_method_on_meetup_graph(tmp_path):
    kg = from_records(records())
    assert kg.export(tmp_path / "kg.jsonld") == [tmp_path / "kg.jsonld"]
    assert json.loads((tmp_path / "kg.jsonld").read_text(encoding="utf-8"))["@graph"]


@pytest.mark.parametrize(
    "fmt, out, first",
    [
        ("gexf", "kg.gexf", "kg.gexf"),
        ("neo4j", "neo", "nodes.csv"),
        ("turtle", "kg.ttl", "kg.ttl"),
        ("jsonld", "kg.jsonld", "kg.jsonld"),
    ],
)
def test_exports_cli(tmp_path, fmt, out, first):
    kg = from_records(records())
    kg.save(tmp_path / "g.json")
    cmd = [sys.executable, "-m", "extractor", "export", str(tmp_path / "g.json")]
    res = subprocess.run(
        cmd + ["-o", str(tmp_path / out), "--format", fmt], capture_output=True, text=True
    )
    assert res.returncode == 0, res.stderr
    assert first in res.stdout
    files = sorted(p.name for p in tmp_path.rglob("*") if p.is_file())
    assert first in files


def test_exports_cli_errors(tmp_path):
    from_records(records()).save(tmp_path / "g.json")
    base = [sys.executable, "-m", "extractor", "export"]
    res = subprocess.run(
        base + [str(tmp_path / "g.json"), "-o", str(tmp_path / "x.pdf")],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 1
    assert res.stderr.startswith("Error: ") and "unknown export format" in res.stderr
    res = subprocess.run(
        base + [str(tmp_path / "nope.json"), "-o", str(tmp_path / "x.gexf")],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 2 and "no such file" in res.stderr


# ------------------------------------------------------------ any string (issue 17)
HOSTILE = st.lists(
    st.one_of(
        st.characters(codec=None, exclude_categories=()),  # surrogates included
        st.sampled_from(
            list("\x00\x01\x08\x0b\x0c\x1b\x7f\x85\ufeff\ufffe\uffff\ud800\udfff")
            + list("<>&\"'=+-@\t\r\n;,\\{}#%|^`?")
            + ["]]>", "\\u0000", "@prefix", "\U0001f600", '"""', "_:b0"]
        ),
    ),
    max_size=8,
).map("".join)


def _hostile_graph(names: list[str]) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    ids = []
    for i, name in enumerate(names):
        n = f"Person:{name}" if i % 2 else name  # ids that are the raw strings too
        ids.append(n)
        g.add_node(
            n,
            type="Person",
            label=name,
            aliases=[name + "x", "=" + name],
            docs=[f"{name}.md"],
            date=name,
            city=name,
            attrs={"k": name},
        )
    for a, b in zip(ids, ids[1:], strict=False):
        ev = {"doc": f"{b}.md", "sentence": a + b, "start": 0, "end": 3}
        g.add_edge(a, b, key="member_of", relation="member_of", docs=[a], evidence=[ev])
    return g


def _clean(s: str) -> str:
    from extractor.exports import _NOT_XML

    return _NOT_XML.sub("", s)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(HOSTILE, min_size=1, max_size=4, unique_by=lambda s: _clean(s)))
def test_exports_any_string_parses_back_in_every_format(names):
    import xml.etree.ElementTree as ET

    import rdflib

    from extractor.exports import to_neo4j_csv

    g = _hostile_graph(names)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gexf = to_gexf(g)
        ttl = to_turtle(g)
        jsonld = to_jsonld(g)
        files = to_neo4j_csv(g)
    labels = sorted(_clean(n) for n in names)

    # GEXF: well-formed XML (a real parser), every label back as it was (less what XML
    # cannot hold)
    root = ET.fromstring(gexf.encode("utf-8"))
    ns = {"g": root.tag[1:].split("}")[0]}
    assert sorted(n.get("label") for n in root.iterfind(".//g:node", ns)) == labels
    assert len(root.findall(".//g:edge", ns)) == g.number_of_edges()

    # Turtle and JSON-LD: rdflib reads both, with the same labels
    rdfs_label = rdflib.URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    t = rdflib.Graph().parse(data=ttl.encode("utf-8"), format="turtle")
    assert sorted(str(o) for o in t.objects(None, rdfs_label)) == labels
    j = rdflib.Graph().parse(data=jsonld.encode("utf-8"), format="json-ld")
    assert sorted(str(o) for o in j.objects(None, rdfs_label)) == labels
    assert len(t) == len(j)

    # CSV: the csv module reads it back; one row per node or edge; no cell a spreadsheet
    # would run as a formula; no line break inside a cell (neo4j-admin's default)
    for name, want in (("nodes.csv", len(g)), ("relationships.csv", g.number_of_edges())):
        text = files[name]
        text.encode("utf-8")
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) == want + 1
        assert all(len(r) == len(rows[0]) for r in rows)
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
                assert "\n" not in cell and "\r" not in cell
    nodes = list(csv.DictReader(io.StringIO(files["nodes.csv"])))
    ids = {r["id:ID"] for r in nodes}
    rels = list(csv.DictReader(io.StringIO(files["relationships.csv"])))
    assert all(r[":START_ID"] in ids and r[":END_ID"] in ids for r in rels)


@settings(max_examples=15, deadline=None)
@given(names=st.lists(HOSTILE, min_size=1, max_size=4, unique_by=lambda s: _clean(s)))
def test_exports_graphml_of_any_string_is_well_formed(names):
    import tempfile
    import xml.etree.ElementTree as ET

    from extractor.graph import write_graphml

    g = _hostile_graph(names)
    with tempfile.TemporaryDirectory() as d, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p = Path(d) / "g.graphml"
        write_graphml(g, p)
        root = ET.parse(p).getroot()
    assert len(root.findall(".//{http://graphml.graphdrawing.org/xmlns}node")) == len(g)


def test_exports_hostile_characters_are_dropped_with_a_warning():
    g = _hostile_graph(["a\x00b", "c\ud800d"])
    with pytest.warns(UserWarning, match="characters that the format cannot hold"):
        text = to_gexf(g)
    assert "\x00" not in text and 'label="ab"' in text


@pytest.mark.parametrize(
    "cell, out",
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("张三", "张三"),
        ("a=b", "a=b"),
    ],
)
def test_exports_csv_cells_neutralised(cell, out):
    from extractor.exports import _cell

    assert _cell(cell) == out
