"""Alias files: format, errors, and their effect on cross-article merging."""

from __future__ import annotations

import pytest

from extractor.model import DocumentRecord, Entity, Event, Talk
from extractor.query import build, from_records
from extractor.resolve import AliasFile, AliasFileError, load_aliases, parse_aliases, write_aliases


def person_doc(doc: str, *names: str) -> DocumentRecord:
    talks = [Talk(f"{n} 的分享", [n]) for n in names]
    return DocumentRecord(doc, Event(f"Meetup {doc}", "2024-01-01"), talks, [], [])


def people(kg) -> list[str]:
    return sorted(kg.entities("Person")["id"])


def test_resolve_load_documented_format(tmp_path):
    p = tmp_path / "aliases.yaml"
    p.write_text(
        "same:\n"
        "  - [侯明永, Mingyong Hou]\n"
        "  - type: SIG\n"
        "    names: [sig-confidential-computing, 机密计算 SIG]\n"
        "not_same:\n"
        "  - [张伟@openeuler/a.md, 张伟@openeuler/b.md]\n"
        "  - [Kata, Kata Containers]\n",
        encoding="utf-8",
    )
    a = load_aliases(p)
    assert a.canonical("Person", "MINGYONG-HOU") == "侯明永"
    assert a.canonical("SIG", "機密計算 SIG") == "sig-confidential-computing"
    assert a.canonical("Project", "机密计算 SIG") is None  # typed entry
    assert a.split_doc("Person", "张伟", "openeuler/a.md")
    assert not a.split_doc("Person", "张伟", "openeuler/c.md")
    assert a.conflict("kata", "Kata Containers") and not a.conflict("Kata", "Kata")
    assert a.path == str(p)


def test_resolve_write_load_roundtrip(tmp_path):
    a = parse_aliases(
        {
            "same": [["A", "B"], {"type": "Project", "names": ["X", "Y", "Z"]}],
            "not_same": [["P@x.md", "P@y.md"], ["M", "N"]],
        }
    )
    write_aliases(a, tmp_path / "a.yaml")
    b = load_aliases(tmp_path / "a.yaml")
    assert (b.same, b.not_same) == (a.same, a.not_same)


@pytest.mark.parametrize(
    "data, message",
    [
        (["x"], "expected a mapping"),
        ({"merge": []}, "unknown key 'merge'"),
        ({"same": [["only one"]]}, "same entry 1: expected at least two names"),
        ({"same": [{"type": "Thing", "names": ["a", "b"]}]}, "type 'Thing' is not one of"),
        ({"same": ["a, b"]}, "same entry 1: expected a list of names"),
        ({"not_same": [["lonely"]]}, "not_same entry 1: expected two names or a name@doc"),
    ],
)
def test_resolve_bad_files_say_where(tmp_path, data, message):
    with pytest.raises(AliasFileError, match=message) as exc:
        parse_aliases(data, path="my.yaml")
    assert str(exc.value).startswith("my.yaml: ")


def test_resolve_unreadable_yaml(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("same: [[a, b]\n", encoding="utf-8")
    with pytest.raises(AliasFileError, match="bad.yaml: not valid YAML"):
        load_aliases(p)
    with pytest.raises(AliasFileError, match="missing.yaml: file not found"):
        load_aliases(tmp_path / "missing.yaml")


def test_resolve_same_merges_people(tmp_path):
    recs = [person_doc("a.md", "侯明永"), person_doc("b.md", "Hou M.")]
    assert people(from_records(recs)) == ["Person:houm", "Person:侯明永"]
    p = tmp_path / "aliases.yaml"
    p.write_text("same:\n  - [侯明永, Hou M.]\n", encoding="utf-8")
    kg = from_records(recs, aliases=p)
    assert people(kg) == ["Person:侯明永"]
    assert kg.speakers().iloc[0]["talks"] == 2
    assert kg.graph.nodes["Person:侯明永"]["aliases"] == ["Hou M."]


def test_resolve_not_same_at_doc_splits_one_name():
    recs = [person_doc(d, "张伟") for d in ("x/a.md", "x/b.md", "x/c.md")]
    assert people(from_records(recs)) == ["Person:张伟"]
    kg = from_records(recs, aliases=parse_aliases({"not_same": [["张伟@a.md", "张伟@x/b.md"]]}))
    assert people(kg) == ["Person:张伟", "Person:张伟@x/a.md", "Person:张伟@x/b.md"]
    assert kg.graph.nodes["Person:张伟"]["docs"] == ["x/c.md"]
    # each talk keeps its own speaker
    assert kg.talks(speaker="Person:张伟@x/a.md")["docs"].tolist() == [["x/a.md"]]
    assert kg.node("张伟@x/b.md") == "Person:张伟@x/b.md"


def test_resolve_not_same_names_block_alias_merge():
    recs = [
        DocumentRecord("a.md", None, [], [Entity("Project", "Kata Containers", ["Kata"])], []),
        DocumentRecord("b.md", None, [], [Entity("Project", "Kata")], []),
    ]
    assert len(from_records(recs).entities("Project")) == 1
    kg = from_records(recs, aliases=parse_aliases({"not_same": [["Kata", "Kata Containers"]]}))
    assert sorted(kg.entities("Project")["name"]) == ["Kata", "Kata Containers"]


def test_resolve_not_same_beats_registry():
    recs = [person_doc("a.md", "侯明永"), person_doc("b.md", "Mingyong Hou")]
    same = {"mingyonghou": "侯明永"}
    assert len(people(from_records(recs, same_person=same))) == 1
    a = AliasFile(not_same=((("侯明永", None), ("Mingyong Hou", None)),))
    assert len(people(from_records(recs, same_person=same, aliases=a))) == 2


def test_resolve_build_checks_alias_file_first(tmp_path):
    (tmp_path / "a.md").write_text("## 张三：开源之路\n张三来自华为。\n", encoding="utf-8")
    bad = tmp_path / "aliases.yaml"
    bad.write_text("same: [[one]]\n", encoding="utf-8")
    with pytest.raises(AliasFileError, match=r"aliases.yaml: same\[0\]: got a list of 1 item"):
        build(tmp_path / "a.md", aliases=bad)


def test_resolve_build_honours_alias_file(tmp_path, monkeypatch):
    """build() passes the alias file to the merge (extraction replaced by fixed records)."""
    import extractor.pipeline as pipeline

    recs = [person_doc("a.md", "侯明永"), person_doc("b.md", "Hou M.")]
    monkeypatch.setattr(
        pipeline, "extract", lambda paths, registry=None, jobs=None: pipeline.ExtractResult(recs)
    )
    p = tmp_path / "aliases.yaml"
    p.write_text("same:\n  - [侯明永, Hou M.]\n", encoding="utf-8")
    assert len(people(build(tmp_path))) == 2
    assert people(build(tmp_path, aliases=p)) == ["Person:侯明永"]
