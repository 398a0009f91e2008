"""Validate the general vocabulary data files in extractor/data/."""

import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "extractor" / "data"
TYPES = {"Technology", "Project", "Organization", "Location"}


def norm(s):
    """Same normalisation as the scorer: NFKC, casefold, drop spaces - _ · ."""
    s = unicodedata.normalize("NFKC", s).casefold()
    return re.sub(r"[\s\-_·.]", "", s)


def load_vocab():
    entries = []
    with open(DATA / "vocabulary.jsonl", encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue  # blank lines and '# field: …' headers
            try:
                entries.append((lineno, json.loads(line)))
            except json.JSONDecodeError as e:  # pragma: no cover
                pytest.fail(f"line {lineno}: invalid JSON: {e}")
    return entries


def read_list(name):
    """The entries of a list file; '#' lines are comments, as the loader reads them."""
    return [
        ln.strip()
        for ln in (DATA / name).read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.lstrip().startswith("#")
    ]


def test_vocab_shape():
    entries = load_vocab()
    assert len(entries) > 1000
    for lineno, e in entries:
        assert set(e) >= {"type", "id", "aliases", "optional"}, lineno
        assert e["type"] in TYPES, (lineno, e["type"])
        assert isinstance(e["id"], str) and e["id"].strip() == e["id"] and e["id"], lineno
        assert isinstance(e["aliases"], list), lineno
        assert isinstance(e["optional"], bool), lineno
        assert isinstance(e.get("named", False), bool), lineno
        assert not e.get("named") or e["type"] == "Technology", lineno
        for x in e.get("shared", []):
            assert x in [e["id"], *e["aliases"]], (lineno, x)
        for a in e["aliases"]:
            assert isinstance(a, str) and a.strip() == a and a, (lineno, a)
            assert len(a) >= 2, (lineno, a)


def test_ids_unique():
    seen = {}
    for lineno, e in load_vocab():
        k = norm(e["id"])
        assert k not in seen, f"id {e['id']!r} (line {lineno}) duplicates line {seen[k]}"
        seen[k] = lineno


def test_no_shared_alias():
    """A form names one entity, unless an entry declares it ``shared`` with an entity of
    another type ("Arm": the architecture, and the company); the entry listed first in
    the file wins a plain match."""
    owner = defaultdict(set)
    declared = set()
    for _, e in load_vocab():
        for name in [e["id"]] + e["aliases"]:
            owner[norm(name)].add((e["type"], e["id"]))
        declared.update(norm(x) for x in e.get("shared", []))
    shared = {k: v for k, v in owner.items() if len(v) > 1}
    for k in list(shared):
        if k in declared and len({t for t, _ in shared[k]}) == len(shared[k]):
            del shared[k]
    assert not shared, f"names shared between entities: {sorted(shared.items())[:20]}"


@pytest.mark.parametrize("name", ["surnames.txt", "non_names.txt", "titles.txt"])
def test_lists(name):
    items = read_list(name)
    assert items, name
    assert len(items) == len(set(items)), f"duplicates in {name}"


def test_surnames():
    s = read_list("surnames.txt")
    assert len(s) >= 400
    assert all(1 <= len(x) <= 2 for x in s)
    for must in ["王", "李", "张", "欧阳", "诸葛", "陳", "歐陽"]:
        assert must in s


def test_non_names():
    nn = read_list("non_names.txt")
    assert len(nn) >= 300
    assert all(2 <= len(x) <= 4 for x in nn)
    surnames = set(read_list("surnames.txt"))
    # every entry starts with a (single or compound) surname
    bad = [w for w in nn if w[0] not in surnames and w[:2] not in surnames]
    assert len(bad) < len(nn) * 0.2, bad[:30]


def test_titles():
    t = read_list("titles.txt")
    assert len(t) >= 100
    for must in ["博士", "教授", "工程师", "CEO", "Maintainer"]:
        assert must in t


def test_vocab_fields_name_their_source():
    """Entries grouped by field say which general list they come from (never an article)."""
    fields = defaultdict(int)
    for lineno, e in load_vocab():
        if "field" in e or "source" in e:
            assert isinstance(e.get("field"), str) and e["field"].strip(), lineno
            assert isinstance(e.get("source"), str) and len(e["source"]) >= 10, lineno
            fields[e["field"]] += 1
    assert len(fields) >= 5, dict(fields)
