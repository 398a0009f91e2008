"""Stage resources: vocabulary, cue words and the community registry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.errors import RegistryError
from extractor.resources import (
    Gazetteer,
    Term,
    fold,
    get_resources,
    load_registry,
    lower_same_length,
    to_simplified,
)

REGISTRY = Path(__file__).parents[1] / "examples" / "openeuler-community.json"


@pytest.mark.parametrize(
    "surface, canonical",
    [
        ("机密计算 SIG", "sig-confidential-computing"),
        ("sig-机密计算", "sig-confidential-computing"),
        ("SIG Confidential Computing", "sig-confidential-computing"),
        ("openEuler 机密计算SIG", "sig-confidential-computing"),
        ("SIG-Arm", "sig-Arm"),
        ("技术委员会", "TC"),
        ("大数据SIG", "bigdata"),
        ("openGauss 技术委员会", None),  # another community's committee
        ("量子烹饪 SIG", None),
    ],
)
def test_resources_registry_canonical_sig(surface, canonical):
    reg = load_registry(REGISTRY)
    assert reg.canonical_sig(surface) == canonical


def test_resources_registry_people_and_projects():
    reg = load_registry(REGISTRY)
    assert "secGear" in reg.projects
    # registered Chinese names are canonical, romanised names map to them in either order
    zh = next(iter(v for v in reg.people.values() if v))
    assert reg.people[next(k for k, v in reg.people.items() if v == zh)] == zh


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "invalid JSON"),
        ('{"sigs": 3}', "sigs: got the number 3"),
        ('{"sigs": [{}]}', "sigs[0]: missing key 'name'"),
    ],
)
def test_resources_registry_errors_name_the_file(tmp_path, content, message):
    p = tmp_path / "reg.json"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(RegistryError) as exc:
        load_registry(p)
    assert str(p) in str(exc.value) and message in str(exc.value)


def test_resources_minimal_registry(tmp_path):
    p = tmp_path / "reg.json"
    p.write_text(
        json.dumps({"sigs": [{"name": "sig-rust", "readme_title": "Rust 兴趣小组"}]}),
        encoding="utf-8",
    )
    res = get_resources(p)
    assert res.registry.canonical_sig("Rust SIG") == "sig-rust"
    assert res.registry.canonical_sig("Rust 兴趣小组") == "sig-rust"


def test_resources_gazetteer_boundaries_and_case():
    g = Gazetteer(
        [
            Term("Arm", "Organization", "Arm"),
            Term("Kubernetes", "Project", "Kubernetes"),
            Term("开源社", "Organization", "开源社", avoid_next="区"),
        ]
    )
    hits = [(t.name, s) for s, _e, t in g.find("Armv9 与 arm 和 KUBERNETES；开源社区与开源社")]
    # 'Armv9' is not Arm; short forms are case-sensitive, long ones are not;
    # '开源社区' is not the organisation 开源社
    assert hits == [("Kubernetes", 14), ("开源社", 30)]


def test_resources_traditional_to_simplified_keeps_length():
    text = "香港城市大學機密計算 SIG 與雲原生"
    out = to_simplified(text)
    assert len(out) == len(text) and "机密计算" in out and "云原生" in out


def test_resources_vocabulary_loaded_with_fingerprint():
    a = get_resources()
    b = get_resources(REGISTRY)
    assert a.fingerprint != b.fingerprint
    assert ("Technology", "RISC-V") in {(t, n) for (t, _), n in a.canonical.items()}


def test_resources_fold_drops_exactly_the_separators():
    # fold() drops separators with one regex; it must be the str.isspace() rule it replaced
    import sys

    from extractor.resources import _FOLD_DROP

    for c in map(chr, range(sys.maxunicode + 1)):
        assert bool(_FOLD_DROP.fullmatch(c)) == (c.isspace() or c in "-_·.．"), hex(ord(c))
    assert fold("SIG-Arm") == fold("sig arm") == "sigarm"
    assert fold(None) == ""  # type: ignore[arg-type]


def _reference_find(g: Gazetteer, text: str):
    """Gazetteer.find as first written (one position at a time): the oracle for the fast one."""
    out = []
    low = lower_same_length(text)  # 'İ' lowers to two characters
    n = len(text)
    i = 0
    latin = lambda ch: ch.isascii() and ch.isalnum()  # noqa: E731
    while i < n:
        exact, lowered = text[i : i + 2], low[i : i + 2]
        cands = g.index.get(lowered)
        if exact != lowered:
            more = g.index.get(exact)
            if more:
                cands = sorted((cands or []) + more, key=lambda x: -len(x[0]))
        if g.single:
            one = g.single.get(text[i])
            if one:
                cands = (cands or []) + one
        if not cands or (i > 0 and latin(text[i]) and latin(text[i - 1])):
            i += 1
            continue
        hit = None
        for probe, ci, term in cands:
            if (low if ci else text).startswith(probe, i):
                j = i + len(probe)
                if j < n and latin(probe[-1]) and latin(text[j]):
                    continue
                if term.avoid_next and j < n and text[j] in term.avoid_next:
                    continue
                hit = (i, j, term)
                break
        if hit:
            out.append(hit)
            i = hit[1]
        else:
            i += 1
    return out


_GAZ_BITS = st.sampled_from(
    ["Arm", "ARM", "arm", "Armv9", "RISC-V", "risc-v", "openEuler", "OPENEULER", "K8s",
     "开源社", "开源社区", "华为", "华为云", "鲲鹏", "x", "X", "1", " ", "、", "-", "İ", "ß", "ſ",
     "K", "Σ", "ς"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.one_of(_GAZ_BITS, st.text(max_size=4)), max_size=20))
def test_resources_gazetteer_find_matches_reference(parts):
    g = get_resources(REGISTRY).gazetteer
    text = "".join(parts)
    assert g.find(text) == _reference_find(g, text)
    small = Gazetteer(
        [Term("x", "Technology", "x"), Term("Arm", "Organization", "Arm"), Term("ARM", "X", "A")]
    )
    assert small.find(text) == _reference_find(small, text)


_T2S_ALPHABET = "機密計算香港城市大學回覆乾隆乾燥发發後后里裡面麵台臺资料資料庫软件軟體 ab12，。"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_T2S_ALPHABET, max_size=30))
def test_resources_t2s_shortcut_converts_as_opencc_does(text):
    import opencc

    from extractor.resources import t2s

    assert t2s().convert(text) == opencc.OpenCC("t2s").convert(text)


def test_resources_t2s_passes_over_texts_no_rule_applies_to():
    from extractor.resources import t2s

    cc = t2s()
    assert not cc.changes("openEuler 北京 Meetup 活动回顾")  # 回 starts rules (回覆), not here
    assert cc.changes("回覆") and cc.convert("回覆") == "回复"
    assert cc.changes("機密") and cc.convert("機密計算") == "机密计算"
