"""Stage resources: vocabulary, cue words and the community registry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.errors import RegistryError
from extractor.resources import Gazetteer, Term, get_resources, load_registry, to_simplified

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
        ("{not json", "cannot read registry JSON"),
        ('{"sigs": 3}', "'sigs' list"),
        ('{"sigs": [{}]}', "no 'name'"),
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
