"""Record cache: hits and misses, fingerprints, exact round trips, damaged entries."""

from __future__ import annotations

import json
import pickle
import warnings
from pathlib import Path

import pytest

import extractor.pipeline as pipeline
from extractor.cache import (
    RecordCache,
    dump_record,
    fingerprint,
    load_record,
)
from extractor.model import DocumentRecord, Entity, Event, Evidence, Relation, Talk


def _record(doc: str, title: str, headings: list[str]) -> DocumentRecord:
    ev = Evidence(doc, "张三来自华为。", 3, 9)
    return DocumentRecord(
        doc=doc,
        event=Event(title or "Meetup", "2025-06-12", "香港", ["华为"], [ev]),
        talks=[
            Talk(h, ["张三"], ev, [("Technology", "RISC-V"), ("SIG", "Kernel")], (i, i + 1))
            for i, h in enumerate(headings)
        ],
        entities=[
            Entity("Person", "张三", ["Zhang San"], {"roles": ["Maintainer"]}, [ev, ev, ev, ev]),
            Entity("Organization", "华为"),
        ],
        relations=[
            Relation("member_of", "张三", "Kernel", "Person", "SIG", ev),
            Relation("mentions", "开源", "RISC-V", "Talk", "Technology"),
        ],
        title=title,
        published="2025-07-04",
        warnings=["w"],
    )


@pytest.fixture
def fake_stages(monkeypatch):
    """Replace the extraction stages with a fast fake that records each call."""
    calls: list[str] = []

    def fake(article, registry=None):
        calls.append(article.doc)
        heads = [b.text for b in article.blocks if b.kind == "heading"]
        return _record(article.doc, article.title, heads)

    monkeypatch.setattr(pipeline, "extract_article", fake)
    return calls


def _corpus(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        p = folder / f"a{i:02d}.md"
        p.write_text(f"---\ntitle: Meetup {i}\n---\n## 张三：题目{i}\n正文{i}\n", encoding="utf-8")
        out.append(p)
    return out


def _json(res) -> list[str]:
    return [repr(r) for r in res.records]  # every field, as the dataclasses show them


def test_cache_hits_and_misses(tmp_path, fake_stages):
    files = _corpus(tmp_path / "in", 4)
    cache = tmp_path / "cache"
    first = pipeline.extract([tmp_path / "in"], cache_dir=cache)
    assert (first.extracted, first.reused, len(fake_stages)) == (4, 0, 4)

    second = pipeline.extract([tmp_path / "in"], cache_dir=cache)
    assert (second.extracted, second.reused, len(fake_stages)) == (0, 4, 4)
    assert _json(second) == _json(first)

    files[1].write_text("---\ntitle: Changed\n---\n## 李四：新题目\n", encoding="utf-8")
    third = pipeline.extract([tmp_path / "in"], cache_dir=cache)
    assert (third.extracted, third.reused) == (1, 3)
    assert fake_stages[-1] == "a01.md"
    assert third.records[1].title == "Changed"

    _corpus(tmp_path / "in", 5)[4]  # one new article; a01 is rewritten as before
    fourth = pipeline.extract([tmp_path / "in"], cache_dir=cache)
    assert (fourth.extracted, fourth.reused) == (2, 3)


def test_cache_records_read_back_equal(tmp_path, fake_stages):
    _corpus(tmp_path / "in", 3)
    fresh = pipeline.extract([tmp_path / "in"])
    pipeline.extract([tmp_path / "in"], cache_dir=tmp_path / "c")
    cached = pipeline.extract([tmp_path / "in"], cache_dir=tmp_path / "c")
    assert cached.reused == 3
    assert cached.records == fresh.records  # dataclass equality: every field
    assert [r.to_dict() for r in cached.records] == [r.to_dict() for r in fresh.records]


def test_cache_same_bytes_other_doc_is_a_miss(tmp_path, fake_stages):
    _corpus(tmp_path / "in", 2)
    pipeline.extract([tmp_path / "in"], cache_dir=tmp_path / "c")
    (tmp_path / "in" / "a00.md").rename(tmp_path / "in" / "z.md")
    res = pipeline.extract([tmp_path / "in"], cache_dir=tmp_path / "c")
    assert (res.extracted, res.reused) == (1, 1)
    assert [r.doc for r in res.records] == ["a01.md", "z.md"]


def test_cache_fingerprint_follows_registry(tmp_path, fake_stages):
    reg = tmp_path / "reg.json"
    reg.write_text('{"sigs": [{"name": "Kernel"}]}', encoding="utf-8")
    fp1 = fingerprint(reg)
    assert fp1 != fingerprint(None)
    assert fingerprint(reg) == fp1
    reg.write_text('{"sigs": [{"name": "Kernel"}, {"name": "sig-Arm"}]}', encoding="utf-8")
    assert fingerprint(reg) != fp1

    _corpus(tmp_path / "in", 2)
    c = tmp_path / "c"
    assert pipeline.extract([tmp_path / "in"], registry=reg, cache_dir=c).extracted == 2
    assert pipeline.extract([tmp_path / "in"], registry=reg, cache_dir=c).reused == 2
    reg.write_text('{"sigs": [{"name": "Kernel"}]}', encoding="utf-8")
    assert pipeline.extract([tmp_path / "in"], registry=reg, cache_dir=c).extracted == 2
    assert pipeline.extract([tmp_path / "in"], cache_dir=c).extracted == 2  # no registry


def _entries(blob: bytes) -> tuple[bytes, list[tuple[bytes, bytes]]]:
    """(first line, [(header line, record bytes)]) of a cache file."""
    magic, pos = blob[: blob.index(b"\n") + 1], blob.index(b"\n") + 1
    out = []
    while pos < len(blob):
        eol = blob.index(b"\n", pos)
        size = int(blob[pos:eol].rsplit(b"\t", 1)[1])
        out.append((blob[pos : eol + 1], blob[eol + 1 : eol + 1 + size]))
        pos = eol + 1 + size + 1
    return magic, out


def _join(magic: bytes, entries: list[tuple[bytes, bytes]]) -> bytes:
    return magic + b"".join(h + d + b"\n" for h, d in entries)


def test_cache_corrupted_entries_are_ignored(tmp_path, fake_stages):
    _corpus(tmp_path / "in", 4)
    c = tmp_path / "c"
    first = pipeline.extract([tmp_path / "in"], cache_dir=c)
    (cache_file,) = c.glob("records-*.bin")
    magic, entries = _entries(cache_file.read_bytes())
    assert len(entries) == 4
    h0, d0 = entries[0]
    entries[0] = (h0, d0[: len(d0) // 2] + b"\0" * (len(d0) - len(d0) // 2))  # damaged bytes
    h1, _ = entries[1]
    other = pickle.dumps({"doc": "a01.md"})  # loads, but is no record
    entries[1] = (h1.rsplit(b"\t", 1)[0] + b"\t%d\n" % len(other), other)
    h3, d3 = entries[3]
    blob = _join(magic, entries[:3]) + h3 + d3[:10]  # a file cut short in the last entry
    cache_file.write_bytes(blob)

    res = pipeline.extract([tmp_path / "in"], cache_dir=c)
    assert (res.extracted, res.reused) == (3, 1)
    assert _json(res) == _json(first)
    again = pipeline.extract([tmp_path / "in"], cache_dir=c)
    assert (again.extracted, again.reused) == (0, 4)  # repaired


def test_cache_entry_naming_another_class_is_not_loaded(tmp_path, fake_stages):
    """A cache file is data: an entry whose bytes would call a function is damaged, not run."""
    import os

    _corpus(tmp_path / "in", 2)
    c = tmp_path / "c"
    pipeline.extract([tmp_path / "in"], cache_dir=c)
    (cache_file,) = c.glob("records-*.bin")
    magic, entries = _entries(cache_file.read_bytes())

    class Boom:
        def __reduce__(self):
            return (os.mkdir, (str(tmp_path / "pwned"),))

    evil = pickle.dumps(Boom())
    h0, _ = entries[0]
    entries[0] = (h0.rsplit(b"\t", 1)[0] + b"\t%d\n" % len(evil), evil)
    cache_file.write_bytes(_join(magic, entries))
    res = pipeline.extract([tmp_path / "in"], cache_dir=c)
    assert (res.extracted, res.reused) == (1, 1)
    assert not (tmp_path / "pwned").exists()
    with pytest.raises(ValueError, match="posix.mkdir|os.mkdir"):
        load_record(evil)


def test_cache_binary_garbage_file(tmp_path, fake_stages):
    _corpus(tmp_path / "in", 2)
    c = tmp_path / "c"
    pipeline.extract([tmp_path / "in"], cache_dir=c)
    (cache_file,) = c.glob("records-*.bin")
    cache_file.write_bytes(b"\xff\xfe\x00" * 100)
    res = pipeline.extract([tmp_path / "in"], cache_dir=c)
    assert (res.extracted, res.reused, len(res.records)) == (2, 0, 2)


def test_cache_problems_are_not_cached(tmp_path, fake_stages):
    _corpus(tmp_path / "in", 2)
    (tmp_path / "in" / "empty.md").write_bytes(b"")
    c = tmp_path / "c"
    for _ in range(2):
        res = pipeline.extract([tmp_path / "in"], cache_dir=c)
        assert [p.message for p in res.problems] == ["empty file"]
    assert (res.extracted, res.reused) == (1, 2)


def test_cache_unwritable_folder_warns(tmp_path, fake_stages):
    _corpus(tmp_path / "in", 2)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = pipeline.extract([tmp_path / "in"], cache_dir=blocker / "cache")
    assert len(res.records) == 2
    assert any("cannot write the record cache" in str(w.message) for w in caught)


def test_cache_record_that_cannot_be_stored_is_not_cached(tmp_path, monkeypatch):
    def fake(article, registry=None):
        rec = _record(article.doc, article.title, [])
        rec.entities[0].attrs["when"] = lambda: None  # pickle cannot hold a lambda
        return rec

    monkeypatch.setattr(pipeline, "extract_article", fake)
    _corpus(tmp_path / "in", 2)
    pipeline.extract([tmp_path / "in"], cache_dir=tmp_path / "c")
    res = pipeline.extract([tmp_path / "in"], cache_dir=tmp_path / "c")
    assert (res.extracted, res.reused) == (2, 0)


def test_cache_keeps_entries_of_documents_not_seen(tmp_path, fake_stages):
    _corpus(tmp_path / "a", 2)
    _corpus(tmp_path / "b", 3)
    c = tmp_path / "c"
    pipeline.extract([tmp_path / "a" / "a00.md"], cache_dir=c)
    pipeline.extract([tmp_path / "b"], cache_dir=c)
    res = pipeline.extract([tmp_path / "a" / "a00.md"], cache_dir=c)
    assert res.reused == 1


def test_cache_marks_its_folder(tmp_path, fake_stages):
    _corpus(tmp_path / "in", 1)
    c = tmp_path / "c"
    pipeline.extract([tmp_path / "in"], cache_dir=c)
    assert (
        (c / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    assert (c / ".gitignore").read_text() == "*\n"


def test_cache_load_rejects_what_is_not_a_record():
    rec = _record("a.md", "T", ["x"])
    assert load_record(dump_record(rec)) == rec
    for broken in (b"", b"\x80\x05garbage", pickle.dumps({}), pickle.dumps(rec)[:-5]):
        with pytest.raises(ValueError):
            load_record(broken)


def test_cache_dump_and_get(tmp_path):
    rec = _record("a.md", "T", ["x"])
    c = RecordCache(tmp_path, "0" * 64)
    c.put("a.md", "1" * 64, dump_record(rec))
    c.save()
    again = RecordCache(tmp_path, "0" * 64)
    assert again.get("a.md", "1" * 64) == rec
    assert again.get("a.md", "2" * 64) is None
    assert RecordCache(tmp_path, "9" * 64).get("a.md", "1" * 64) is None


def test_cache_cli_build_reuses_records(tmp_path):
    from typer.testing import CliRunner

    from extractor.cli import app

    src = tmp_path / "in"
    src.mkdir()
    example = Path(__file__).resolve().parents[1] / "examples" / "20250704-hongkong-meetup.md"
    (src / example.name).write_bytes(example.read_bytes())
    out = tmp_path / "graphs"
    runner = CliRunner()
    args = ["build", str(src), "-o", str(out), "--jobs", "1"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "1 article extracted, 0 from cache" in first.output
    assert list((out / ".meetup-kg-cache").glob("records-*.bin"))
    graph = (out / "graph.json").read_bytes()
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert "0 articles extracted, 1 from cache" in second.output
    assert (out / "graph.json").read_bytes() == graph
    fresh = runner.invoke(app, [*args, "--no-cache"])
    assert "1 article extracted, 0 from cache" in fresh.output


def test_cache_cli_build_graph_same_with_and_without_cache(tmp_path):
    from typer.testing import CliRunner

    from extractor.cli import app

    src = tmp_path / "in"
    src.mkdir()
    example = Path(__file__).resolve().parents[1] / "examples" / "20250704-hongkong-meetup.md"
    (src / example.name).write_bytes(example.read_bytes())
    runner = CliRunner()
    cache = ["--cache-dir", str(tmp_path / "c")]
    for name in ("a", "b"):  # "b" reads every record from the cache
        res = runner.invoke(app, ["build", str(src), "-o", str(tmp_path / name), *cache])
        assert res.exit_code == 0, res.output
    plain = runner.invoke(app, ["build", str(src), "-o", str(tmp_path / "p"), "--no-cache"])
    assert plain.exit_code == 0, plain.output
    graph = (tmp_path / "p" / "graph.json").read_text(encoding="utf-8")
    assert (tmp_path / "b" / "graph.json").read_text(encoding="utf-8") == graph
    assert (tmp_path / "b" / "graph.graphml").read_bytes() == (
        tmp_path / "p" / "graph.graphml"
    ).read_bytes()


def test_cache_cli_unchanged_build_skips_writing(tmp_path):
    from typer.testing import CliRunner

    from extractor.cli import app

    src = tmp_path / "in"
    src.mkdir()
    example = Path(__file__).resolve().parents[1] / "examples" / "20250704-hongkong-meetup.md"
    (src / example.name).write_bytes(example.read_bytes())
    out = tmp_path / "graphs"
    args = ["build", str(src), "-o", str(out)]
    runner = CliRunner()
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    written = {p.name: p.stat().st_mtime_ns for p in out.glob("graph.*")}
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("graph.*")} == written
    summary = [ln for ln in first.output.splitlines() if ln.startswith("articles:")]
    assert summary and summary[0] in second.output

    (out / "graph.json").write_text("{}", encoding="utf-8")  # an output edited by hand
    third = runner.invoke(app, args)
    assert third.exit_code == 0, third.output
    assert (out / "graph.json").read_text(encoding="utf-8") != "{}"

    renamed = runner.invoke(app, [*args, "--name", "other"])  # other files: written
    assert renamed.exit_code == 0, renamed.output
    assert (out / "other.json").read_bytes() == (out / "graph.json").read_bytes()


@pytest.mark.parametrize(
    "value",
    [["a", 1, 2.5, True, None, {"k": ["v"]}], ("a", "b"), {1: "x"}, {"a", "b"}, "\ud800"],
)
def test_cache_records_read_back_with_their_types(tmp_path, value):
    """Tuples stay tuples, int keys ints, sets sets, lone surrogates as they were."""
    rec = _record("a.md", "T", ["x"])
    rec.entities[0].attrs["v"] = value
    rec.talks[0].mentions[0] = ("Technology", "RISC-V")
    c = RecordCache(tmp_path, "0" * 64)
    c.put("a.md", "1" * 64, dump_record(rec))
    c.save()
    back = RecordCache(tmp_path, "0" * 64).get("a.md", "1" * 64)
    assert back == rec
    assert type(back.entities[0].attrs["v"]) is type(value)


def test_cache_cached_digest_is_the_digest_extract_gives(tmp_path, fake_stages):
    _corpus(tmp_path / "in", 3)
    c = tmp_path / "c"
    assert pipeline.cached_digest([tmp_path / "in"], cache_dir=c) is None  # nothing cached
    first = pipeline.extract([tmp_path / "in"], cache_dir=c)
    calls = len(fake_stages)
    assert pipeline.cached_digest([tmp_path / "in"], cache_dir=c) == (first.digest, 3)
    assert pipeline.extract([tmp_path / "in"], cache_dir=c).digest == first.digest
    assert len(fake_stages) == calls
    (tmp_path / "in" / "a01.md").write_text("---\ntitle: Changed\n---\n", encoding="utf-8")
    assert pipeline.cached_digest([tmp_path / "in"], cache_dir=c) is None


def test_cache_record_with_a_lone_surrogate_is_cached(tmp_path, monkeypatch):
    def fake(article, registry=None):
        return _record(article.doc, "\ud800", [])  # a lone surrogate

    monkeypatch.setattr(pipeline, "extract_article", fake)
    _corpus(tmp_path / "in", 2)
    first = pipeline.extract([tmp_path / "in"], cache_dir=tmp_path / "c")
    again = pipeline.extract([tmp_path / "in"], cache_dir=tmp_path / "c")
    assert (first.extracted, again.extracted, again.reused) == (2, 0, 2)
    assert [r.title for r in again.records] == ["\ud800", "\ud800"]


def test_cache_scan_is_not_read_or_hashed_again_by_extract(tmp_path, fake_stages, monkeypatch):
    import extractor.cache as cache

    _corpus(tmp_path / "in", 4)
    c = tmp_path / "c"
    pipeline.extract([tmp_path / "in"], cache_dir=c)
    (tmp_path / "in" / "a02.md").write_text("---\ntitle: Changed\n---\n", encoding="utf-8")
    hashed: list[str] = []
    real = cache.file_sha256
    monkeypatch.setattr(cache, "file_sha256", lambda p: hashed.append(Path(p).name) or real(p))
    loads: list[int] = []
    real_load = cache.RecordCache._load
    monkeypatch.setattr(cache.RecordCache, "_load", lambda self: loads.append(1) or real_load(self))

    scan = pipeline.scan_cache([tmp_path / "in"], cache_dir=c)
    assert scan.cached is None  # a02 changed
    assert hashed == ["a00.md", "a01.md", "a02.md"]  # up to the first miss
    res = pipeline.extract([tmp_path / "in"], cache_dir=c, scan=scan)
    assert hashed == ["a00.md", "a01.md", "a02.md", "a03.md"]  # each file once
    assert loads == [1]  # the cache file was read once
    assert (res.extracted, res.reused) == (1, 3)
    plain = pipeline.extract([tmp_path / "in"], cache_dir=c)
    assert res.digest == plain.digest and _json(res) == _json(plain)


# ------------------------------------------------------------ issue 17
def test_cache_header_nested_deep_is_a_damaged_entry(tmp_path):
    from extractor.cache import _MAGIC

    c = RecordCache(tmp_path, "f" * 64)
    c.path.write_bytes(_MAGIC + b"0" * 64 + b"\t" + b"[" * 2000 + b"]" * 2000 + b"\t5\nxxxxx\n")
    again = RecordCache(tmp_path, "f" * 64)
    assert len(again) == 0 and again.corrupt == 1


@pytest.mark.parametrize(
    "summary",
    [
        {"\x1b[31marticles": 1},
        {"articles": "\x1b[31m1"},
        {"articles": True},
        ["articles", 1],
        {"articles": {"nested": 1}},
    ],
)
def test_cache_stamp_summary_must_be_names_and_counts(tmp_path, summary):
    from extractor.cache import BuildStamp

    out = tmp_path / "g.json"
    out.write_text("{}")
    st = BuildStamp(tmp_path, "g")
    st.record("k", [out], {"articles": 1})
    assert st.current("k", [out]) == {"articles": 1}
    data = json.loads(st.path.read_text(encoding="utf-8"))
    data["summary"] = summary
    st.path.write_text(json.dumps(data), encoding="utf-8")
    assert st.current("k", [out]) is None
    assert st.outputs() == [str(out)]


def test_cache_valid_record_checks_every_level():
    import dataclasses

    from extractor.cache import valid_record
    from extractor.model import Entity, Evidence, Relation

    ok = DocumentRecord(
        "a.md",
        None,
        [],
        [Entity("Person", "张三", ["Zhang San"], evidence=[Evidence("a.md", "s", 0, 1)])],
        [Relation("member_of", "张三", "Kernel")],
    )
    assert valid_record(ok)
    bad = [
        dataclasses.replace(ok, doc=5),
        dataclasses.replace(ok, entities=[Entity("Person", "张三", [5])]),
        dataclasses.replace(
            ok, entities=[Entity("Person", "x", evidence=[Evidence("a", "s", "0", 1)])]
        ),
        dataclasses.replace(ok, relations=[Relation("member_of", "张三", None)]),
        dataclasses.replace(ok, relations=["member_of"]),
    ]
    assert not any(valid_record(r) for r in bad)


def test_cache_cli_build_formats(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import extractor.cli as cli

    src = tmp_path / "in"
    src.mkdir()
    example = Path(__file__).resolve().parents[1] / "examples" / "20250704-hongkong-meetup.md"
    (src / example.name).write_bytes(example.read_bytes())
    out = tmp_path / "graphs"
    runner = CliRunner()
    args = ["build", str(src), "-o", str(out), "--jobs", "1"]
    res = runner.invoke(cli.app, [*args, "--formats", "gexf,json"])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.glob("graph.*")) == ["graph.gexf", "graph.json"]
    assert "graph.json, .gexf" in res.output
    again = runner.invoke(cli.app, [*args, "--formats", "json,gexf"])
    assert "0 articles extracted, 1 from cache" in again.output
    # 'auto' (the default): GraphML only for a small corpus
    res = runner.invoke(cli.app, args)
    assert "graph.html, .json, .graphml" in res.output and (out / "graph.graphml").exists()
    monkeypatch.setattr(cli, "GRAPHML_AUTO_MAX", 0)
    (out / "graph.graphml").unlink()
    res = runner.invoke(cli.app, args)
    assert "graph.html, .json\n" in res.output and not (out / "graph.graphml").exists()
    bad = runner.invoke(cli.app, [*args, "--formats", "json,pdf"])
    assert bad.exit_code == 2 and "--formats" in bad.output


def test_cache_index_is_read_instead_of_the_records(tmp_path, fake_stages):
    """A build whose records are all cached reads the small index file, not the cache
    file (which is mapped only when a record is asked for)."""
    from extractor.cache import RecordCache

    _corpus(tmp_path / "in", 3)
    c = tmp_path / "c"
    first = pipeline.extract([tmp_path / "in"], cache_dir=c)
    (index,) = c.glob("records-*.idx")
    scan = pipeline.scan_cache([tmp_path / "in"], cache_dir=c)
    assert scan.cached is not None and scan.cached[1] == 3
    assert scan.cache._map is None  # (the records file was not opened)
    cache = RecordCache(c, scan.cache.fp)
    rec = first.records[0]
    assert cache.get(rec.doc, scan.hashes[str(tmp_path / "in" / rec.doc)]) == rec
    index.write_text("meetup-kg record index 1 of another file\n", encoding="utf-8")
    again = pipeline.extract([tmp_path / "in"], cache_dir=c)  # the cache file is indexed
    assert (again.extracted, again.reused) == (0, 3)


def test_cache_records_are_read_when_merged(tmp_path, fake_stages, monkeypatch):
    """With a sink, cached records are read one at a time as their turn comes, not all
    before the first one is merged."""
    from extractor.cache import RecordCache

    _corpus(tmp_path / "in", 4)
    c = tmp_path / "c"
    pipeline.extract([tmp_path / "in"], cache_dir=c)
    reads: list[str] = []
    merged: list[tuple[str, int]] = []
    get = RecordCache.get

    def counting_get(self, doc, sha):
        reads.append(doc)
        return get(self, doc, sha)

    monkeypatch.setattr(RecordCache, "get", counting_get)
    res = pipeline.extract(
        [tmp_path / "in"], cache_dir=c, sink=lambda r: merged.append((r.doc, len(reads)))
    )
    assert res.reused == res.articles == 4
    assert [n for _, n in merged] == [1, 2, 3, 4]
