"""Tests for extractor.evaluate: each scoring rule of SCHEMA.md, and equality with eval/score.py."""

from __future__ import annotations

import copy
import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.errors import ExtractorError
from extractor.evaluate import (
    MEASURES,
    Counts,
    GoldError,
    evaluate,
    load_gold,
    normalize,
    score_records,
    similar_titles,
)
from extractor.model import DocumentRecord
from extractor.pipeline import ExtractResult

SHARED = Path(__file__).parents[1].parent / "shared"
REFERENCE = SHARED / "eval" / "score.py"
DEV_GOLD = SHARED / "corpus" / "dev-gold"
DEV = SHARED / "corpus" / "dev"


def counts(gold: dict[str, Any], pred: dict[str, Any] | None, measure: str) -> tuple[int, int, int]:
    """(tp, fp, fn) of one measure for a single article."""
    g = {"doc": "a.md", **gold}
    preds = [] if pred is None else [{"doc": "a.md", **pred}]
    c = score_records([g], preds)[measure]
    return c.tp, c.fp, c.fn


def ents(*items: tuple[str, str] | dict[str, Any]) -> list[dict[str, Any]]:
    """Entities from (type, name) pairs or ready dicts."""
    return [i if isinstance(i, dict) else {"type": i[0], "name": i[1]} for i in items]


# --- normalisation ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("SIG-Arm", "sigarm"),
        ("sig_arm", "sigarm"),
        ("Kata Containers", "katacontainers"),
        ("Kata-containers", "katacontainers"),
        ("openEuler 24.03", "openeuler2403"),
        ("ＲＩＳＣ－Ｖ", "riscv"),  # full-width forms fold under NFKC
        ("Straße", "strasse"),  # casefold, not lower
        ("阿卜杜·拉", "阿卜杜拉"),
        ("a\u3000b\tc", "abc"),  # any white space
        ("", ""),
        (None, ""),
    ],
)
def test_evaluate_normalize(name: str | None, expected: str) -> None:
    assert normalize(name) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("openEuler 社区发展进展", "openEuler 社区发展进展及未来规划", True),  # containment
        ("机密计算实践", "机密计算的实践", True),  # ratio 12/13
        ("abcdefghij", "abcdefghXY", True),  # ratio exactly 0.8
        ("abcdefghij", "abcdefgXYZ", False),  # ratio 0.7
        ("机密计算实践", "RISC-V 生态", False),
        ("", "anything", False),
        ("anything", None, False),
    ],
)
def test_evaluate_similar_titles(a: str, b: str | None, expected: bool) -> None:
    assert similar_titles(a, b) is expected


def test_evaluate_counts_empty_measure_is_perfect() -> None:
    c = Counts()
    assert (c.precision, c.recall, c.f1) == (1.0, 1.0, 1.0)
    assert Counts(fp=2).to_dict() == {
        "precision": 0.0,
        "recall": 1.0,
        "f1": 0.0,
        "tp": 0,
        "fp": 2,
        "fn": 0,
    }


# --- entities ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold", "pred", "measure", "expected"),
    [
        # normalised names match
        (ents(("SIG", "sig-Arm")), ents(("SIG", "SIG Arm")), "entity:SIG", (1, 0, 0)),
        # the type must agree
        (ents(("SIG", "sig-Arm")), ents(("Project", "sig-Arm")), "entity:SIG", (0, 0, 1)),
        (ents(("SIG", "sig-Arm")), ents(("Project", "sig-Arm")), "entity:Project", (0, 1, 0)),
        # predicted name vs gold alias, predicted alias vs gold name
        (
            ents(
                {"type": "SIG", "name": "sig-confidential-computing", "aliases": ["机密计算 SIG"]}
            ),
            ents(("SIG", "机密计算SIG")),
            "entity:SIG",
            (1, 0, 0),
        ),
        (
            ents(("Project", "openEuler")),
            ents({"type": "Project", "name": "开源欧拉", "aliases": ["OpenEuler"]}),
            "entity:Project",
            (1, 0, 0),
        ),
        # optional gold: matched or not, neither right nor wrong
        (
            ents({"type": "Technology", "name": "大模型", "optional": True}),
            ents(("Technology", "大模型")),
            "entity:Technology",
            (0, 0, 0),
        ),
        (
            ents({"type": "Technology", "name": "大模型", "optional": True}),
            [],
            "entity:Technology",
            (0, 0, 0),
        ),
        # one-to-one: a repeated prediction of a matched gold entity is ignored ...
        (
            ents(("Person", "张三")),
            ents(("Person", "张三"), ("Person", "张 三")),
            "entity:Person",
            (1, 0, 0),
        ),
        # ... and one prediction cannot match two gold entities
        (
            ents(("Person", "张三"), {"type": "Person", "name": "张老师", "aliases": ["张三"]}),
            ents(("Person", "张三")),
            "entity:Person",
            (1, 0, 1),
        ),
        # unknown entity types are not scored
        (
            ents(("Person", "张三")),
            ents(("Person", "张三"), ("Event", "x")),
            "entity:ALL",
            (1, 0, 0),
        ),
        # micro average sums the types
        (
            ents(("Person", "张三"), ("Location", "香港"), ("Project", "Kuasar")),
            ents(("Person", "张三"), ("Location", "深圳"), ("Project", "Kuasar")),
            "entity:ALL",
            (2, 1, 1),
        ),
    ],
)
def test_evaluate_entities(
    gold: list[dict[str, Any]], pred: list[dict[str, Any]], measure: str, expected: tuple
) -> None:
    assert counts({"entities": gold}, {"entities": pred}, measure) == expected


def test_evaluate_missing_prediction_is_empty() -> None:
    gold = [{"doc": "x/a.md", "entities": ents(("Person", "张三"))}]
    s = score_records(gold, [{"doc": "x/b.md", "entities": ents(("Person", "李四"))}])
    assert s.missing == ["x/a.md"] and s.articles == 1
    assert (s["entity:Person"].tp, s["entity:Person"].fp, s["entity:Person"].fn) == (0, 0, 1)


@pytest.mark.parametrize("doc", ["./x/a.md", "x\\a.md"])
def test_evaluate_doc_paths_pair(doc: str) -> None:
    s = score_records([{"doc": "x/a.md"}], [{"doc": doc}])
    assert s.missing == []


# --- talks and speakers -----------------------------------------------------


def talk(title: str, *speakers: str, **extra: Any) -> dict[str, Any]:
    return {"title": title, "speakers": list(speakers), **extra}


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ([talk("机密计算实践")], [talk("机密计算的实践")], (1, 0, 0)),  # similarity >= 0.8
        (
            [talk("openEuler 社区发展进展及未来规划")],
            [talk("社区发展进展")],
            (1, 0, 0),
        ),  # containment
        ([talk("abcdefghij")], [talk("abcdefgXYZ")], (0, 1, 1)),  # similarity 0.7
        # a title alias (the heading) matches too
        (
            [talk("基于 TEE 的隐私计算", title_aliases=["郑振宇：机密计算落地"])],
            [talk("郑振宇：机密计算落地")],
            (1, 0, 0),
        ),
        # one-to-one: two predictions of the same talk, one is extra
        ([talk("机密计算实践")], [talk("机密计算实践"), talk("机密计算实践")], (1, 1, 0)),
        # optional gold talk: neither right nor wrong
        ([talk("圆桌", optional=True)], [talk("圆桌")], (0, 0, 0)),
        ([talk("圆桌", optional=True)], [], (0, 0, 0)),
        ([], [talk("圆桌")], (0, 1, 0)),
    ],
)
def test_evaluate_talks(gold: list, pred: list, expected: tuple) -> None:
    assert counts({"talks": gold}, {"talks": pred}, "talks") == expected


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ([talk("T", "张三", "李四")], [talk("T", "李四", "张三")], (2, 0, 0)),
        ([talk("T", "张三", "李四")], [talk("T", "张三", "王五")], (1, 1, 1)),
        # a speaker matches by the aliases of the gold Person
        ([talk("T", "Kevin Zhao")], [talk("T", "赵凯")], (1, 0, 0)),
        # a repeated speaker is matched once
        ([talk("T", "张三")], [talk("T", "张三", "张三")], (1, 1, 0)),
        # speakers of unmatched talks: gold ones missed, predicted ones extra
        ([talk("机密计算实践", "张三")], [talk("RISC-V 生态", "张三")], (0, 1, 1)),
        # speakers of an unmatched optional gold talk are not missed
        ([talk("圆桌", "张三", "李四", optional=True)], [], (0, 0, 0)),
    ],
)
def test_evaluate_talk_speakers(gold: list, pred: list, expected: tuple) -> None:
    people = ents(
        ("Person", "张三"),
        ("Person", "李四"),
        {"type": "Person", "name": "Kevin Zhao", "aliases": ["赵凯"]},
    )
    got = counts({"talks": gold, "entities": people}, {"talks": pred}, "talk_speakers")
    assert got == expected


# --- relations --------------------------------------------------------------

GOLD_ENTS = ents(
    ("Person", "侯明永"),
    {"type": "SIG", "name": "sig-confidential-computing", "aliases": ["机密计算 SIG"]},
    {"type": "Organization", "name": "香港城市大学", "aliases": ["城大"]},
    ("Person", "杨昊"),
)


def rel(t: str, s: str, o: str) -> dict[str, str]:
    return {"type": t, "source": s, "target": o}


@pytest.mark.parametrize(
    ("gold", "pred", "measure", "expected"),
    [
        # ends resolved through gold entity aliases
        (
            [rel("member_of", "侯明永", "sig-confidential-computing")],
            [rel("member_of", "侯明永", "机密计算SIG")],
            "rel:member_of",
            (1, 0, 0),
        ),
        (
            [rel("affiliated_with", "杨昊", "香港城市大学")],
            [rel("affiliated_with", "杨昊", "城大")],
            "rel:affiliated_with",
            (1, 0, 0),
        ),
        # wrong end
        (
            [rel("affiliated_with", "杨昊", "香港城市大学")],
            [rel("affiliated_with", "侯明永", "香港城市大学")],
            "rel:affiliated_with",
            (0, 1, 1),
        ),
        # the type must agree
        (
            [rel("member_of", "侯明永", "sig-confidential-computing")],
            [rel("affiliated_with", "侯明永", "sig-confidential-computing")],
            "rel:member_of",
            (0, 0, 1),
        ),
        # ends that are no gold entity still match by normalised name
        (
            [rel("member_of", "王五", "sig-x")],
            [rel("member_of", "王 五", "SIG-X")],
            "rel:member_of",
            (1, 0, 0),
        ),
        # duplicates count once
        (
            [rel("member_of", "侯明永", "sig-confidential-computing")],
            [rel("member_of", "侯明永", "机密计算 SIG")] * 2,
            "rel:member_of",
            (1, 0, 0),
        ),
        # unscored relation types are ignored
        (
            [rel("gives", "侯明永", "T")],
            [rel("mentions", "T", "RISC-V")],
            "rel:member_of",
            (0, 0, 0),
        ),
    ],
)
def test_evaluate_relations(gold: list, pred: list, measure: str, expected: tuple) -> None:
    got = counts({"entities": GOLD_ENTS, "relations": gold}, {"relations": pred}, measure)
    assert got == expected


# --- event ------------------------------------------------------------------

EVENT = {
    "name": "openEuler HongKong Meetup 2025",
    "date": "2025-06-12",
    "aliases": ["香港 Meetup"],
    "organizers": ["香港城市大学", "OSCA-HK"],
}


@pytest.mark.parametrize(
    ("pred_event", "measure", "expected"),
    [
        ({"date": "2025-06-12"}, "event:date", (1, 0, 0)),
        ({"date": "2025-06-13"}, "event:date", (0, 1, 1)),  # exact only
        ({"date": "2025-6-12"}, "event:date", (0, 1, 1)),
        ({"date": None}, "event:date", (0, 0, 1)),
        (None, "event:date", (0, 0, 1)),
        ({"name": "openEuler Hong Kong Meetup 2025"}, "event:name", (1, 0, 0)),
        ({"name": "香港meetup"}, "event:name", (1, 0, 0)),  # a gold event alias
        ({"name": "openEuler Meetup"}, "event:name", (0, 1, 1)),
        (None, "event:name", (0, 0, 1)),
        # organizers as an entity set, with the aliases of the gold entity
        ({"organizers": ["城大", "OSCA HK"]}, "event:organizers", (2, 0, 0)),
        ({"organizers": ["香港城市大学", "华为"]}, "event:organizers", (1, 1, 1)),
        ({"organizers": ["香港城市大学", "城大"]}, "event:organizers", (1, 0, 1)),
        (None, "event:organizers", (0, 0, 2)),
    ],
)
def test_evaluate_event(pred_event: dict | None, measure: str, expected: tuple) -> None:
    gold = {"event": EVENT, "entities": GOLD_ENTS}
    assert counts(gold, {"event": pred_event}, measure) == expected


@pytest.mark.parametrize(
    ("pred_event", "expected"),
    [
        ({"name": "openEuler 月报", "date": None}, (0, 1, 0)),
        ({"name": "", "date": "2025-01-01"}, (0, 1, 0)),
        ({"name": "", "date": None}, (0, 0, 0)),
        (None, (0, 0, 0)),
    ],
)
def test_evaluate_null_event(pred_event: dict | None, expected: tuple) -> None:
    assert counts({"event": None}, {"event": pred_event}, "event:name") == expected
    assert counts({"event": None}, {"event": pred_event}, "event:date") == (0, 0, 0)


def test_evaluate_errors_name_what_went_wrong() -> None:
    gold = {
        "event": EVENT,
        "entities": ents(("Person", "张三")),
        "talks": [talk("机密计算实践", "张三")],
    }
    s = score_records(
        [{"doc": "a.md", **gold}],
        [{"doc": "a.md", "entities": ents(("Person", "李四")), "event": {"date": "2025-06-13"}}],
    )
    text = "\n".join(s.errors)
    assert "a.md Person: extra ['李四'] missing ['张三']" in text
    assert "a.md talks:" in text and "event date" in text


def test_evaluate_table_lists_every_measure() -> None:
    lines = score_records([], []).table().splitlines()
    assert [line.split()[0] for line in lines[1:]] == list(MEASURES)


# --- loading and running ------------------------------------------------------


def write_gold(folder: Path, records: list[dict[str, Any]]) -> Path:
    for i, r in enumerate(records):
        f = folder / f"{i:03}.json"
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(json.dumps(r, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no gold records"),
        ("{not json", "invalid JSON"),
        ("[1, 2]", "not a gold record"),
        ('{"entities": []}', "not a gold record"),
    ],
)
def test_evaluate_load_gold_errors(tmp_path: Path, content: str | None, message: str) -> None:
    if content is not None:
        (tmp_path / "bad.json").write_text(content, encoding="utf-8")
    with pytest.raises(GoldError, match=message):
        load_gold(tmp_path)


def test_evaluate_load_gold_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ExtractorError, match="not a folder"):
        load_gold(tmp_path / "nope")


def fake_extract(records: list[dict[str, Any]]):
    """A stand-in for pipeline.extract returning fixed records."""

    def run(paths, registry=None, jobs=1, progress=None) -> ExtractResult:
        return ExtractResult(records=[DocumentRecord.from_dict(r) for r in records])

    return run


GOLD_REC = {
    "doc": "openeuler/a.md",
    "event": {"name": "openEuler Meetup", "date": "2025-06-12", "city": None, "organizers": []},
    "talks": [talk("机密计算实践", "张三")],
    "entities": ents(("Person", "张三"), ("Project", "openEuler")),
    "relations": [],
}


def test_evaluate_runs_the_pipeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pred = copy.deepcopy(GOLD_REC)
    pred["entities"].append({"type": "Project", "name": "secGear"})
    monkeypatch.setattr("extractor.pipeline.extract", fake_extract([pred]))
    s = evaluate(write_gold(tmp_path / "gold", [GOLD_REC]), tmp_path)
    assert s["entity:Project"].to_dict()["precision"] == 0.5
    assert s["talks"].f1 == 1.0 and s.missing == []


def test_evaluate_cli_prints_table_and_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pred = copy.deepcopy(GOLD_REC)
    pred["event"]["date"] = "2025-06-13"
    monkeypatch.setattr("extractor.pipeline.extract", fake_extract([pred]))
    gold = write_gold(tmp_path / "gold", [GOLD_REC])
    out = tmp_path / "scores.json"
    runner = CliRunner()
    res = runner.invoke(app, ["evaluate", str(gold), str(tmp_path), "--json", str(out)])
    assert res.exit_code == 0, res.output
    assert "event:date" in res.output and "openeuler/a.md event date" in res.output
    assert json.loads(out.read_text(encoding="utf-8"))["event:date"]["fn"] == 1
    res = runner.invoke(app, ["evaluate", str(gold), str(tmp_path), "--no-errors"])
    assert res.exit_code == 0 and "openeuler/a.md event date" not in res.output


def test_evaluate_cli_library_error_exits_1(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    res = CliRunner().invoke(app, ["evaluate", str(tmp_path / "gold"), str(tmp_path)])
    assert res.exit_code == 1
    assert "Error:" in res.output and "no gold records" in res.output


def test_evaluate_cli_missing_path_exits_2(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["evaluate", str(tmp_path / "nope"), str(tmp_path)])
    assert res.exit_code == 2


# --- the same numbers as eval/score.py ------------------------------------------


def reference():
    """The reference scorer module, or skip when ../shared is absent."""
    if not (REFERENCE.is_file() and DEV_GOLD.is_dir()):
        pytest.skip("../shared/eval/score.py or ../shared/corpus/dev-gold not present")
    spec = importlib.util.spec_from_file_location("reference_score", REFERENCE)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def perturb(golds: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Predictions that get some of everything wrong, deterministically."""
    out = []
    for n, g in enumerate(golds):
        p = copy.deepcopy(g)
        p["entities"] = [e for i, e in enumerate(p.get("entities") or []) if i % 3 != 1]
        p["entities"].append({"type": "Technology", "name": f"虚构技术{n}"})
        for e in p["entities"][::4]:
            e.pop("aliases", None)
        for i, t in enumerate(p.get("talks") or []):
            if i % 3 == 0:
                t["title"] = f"完全不同的题目 {i}"
            elif i % 3 == 1:
                t["title"] = (t.get("title") or "")[: max(1, len(t.get("title") or "") // 2)] + "?"
            if i % 2:
                t["speakers"] = list(reversed(t.get("speakers") or []))[:1] + ["路人甲"]
        p["relations"] = (p.get("relations") or [])[1:] + [
            {"type": "affiliated_with", "source": "路人甲", "target": "某公司"}
        ]
        ev = p.get("event")
        if ev and n % 2 == 0:
            ev["date"] = "1999-01-01"
            ev["name"] = (ev.get("name") or "") + " 第二届"
            ev["organizers"] = (ev.get("organizers") or [])[1:] + ["某协会"]
        elif ev:
            p["event"] = None
        if n == 1:
            p["doc"] = "./" + p["doc"]
        out.append(p)
    out.append({"doc": "openeuler/not-in-gold.md", "event": {"name": "x"}})
    if len(out) > 3:
        del out[2]  # one gold article without a prediction
    return out


def assert_same(ref, gold_dir: Path, pred_path: Path, preds: list[dict[str, Any]]) -> None:
    want, want_errors, n, missing = ref.score(gold_dir, pred_path, show_errors=True)
    got = score_records(load_gold(gold_dir), preds)
    assert got.to_dict() == want
    assert (got.articles, len(got.missing)) == (n, missing)
    assert set(want_errors) <= set(got.errors)


@pytest.mark.corpus
def test_evaluate_matches_reference_on_gold(tmp_path: Path) -> None:
    ref = reference()
    golds = load_gold(DEV_GOLD)
    assert_same(ref, DEV_GOLD, DEV_GOLD, golds)
    scores = score_records(golds, golds)
    assert all(c.to_dict()["f1"] == 1.0 for c in scores.measures.values())
    assert scores.errors == []


@pytest.mark.corpus
def test_evaluate_matches_reference_on_perturbed(tmp_path: Path) -> None:
    ref = reference()
    preds = perturb(load_gold(DEV_GOLD))
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text(
        "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8"
    )
    assert_same(ref, DEV_GOLD, pred_path, preds)
    scores = score_records(load_gold(DEV_GOLD), preds)
    assert scores.missing and scores["entity:ALL"].fn and scores["event:date"].fn
    assert 0 < scores["talks"].f1 < 1


@pytest.mark.corpus
def test_evaluate_matches_reference_on_extractor_output(tmp_path: Path) -> None:
    ref = reference()
    if not DEV.is_dir():
        pytest.skip("../shared/corpus/dev not present")
    if not all(importlib.util.find_spec(m) for m in ("extractor.talks", "extractor.resources")):
        pytest.skip("extraction stages not in this tree yet")
    from extractor.pipeline import extract

    preds = [r.to_dict() for r in extract([DEV]).records]
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text(
        "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8"
    )
    assert_same(ref, DEV_GOLD, pred_path, preds)
    assert evaluate(DEV_GOLD, DEV).to_dict() == score_records(load_gold(DEV_GOLD), preds).to_dict()


NAMES = ["张三", "张 三", "sig-Arm", "SIG_arm", "openEuler", "RISC-V", "riscv", "城大", ""]
TITLES = ["机密计算实践", "机密计算的实践", "RISC-V 生态", "RISC-V", "abcdefghij", "abcdefgXYZ", ""]
TYPES = ["Person", "SIG", "Project", "Organization"]


def _records():
    from hypothesis import strategies as st

    name = st.sampled_from(NAMES)
    entity = st.fixed_dictionaries(
        {"type": st.sampled_from(TYPES), "name": name},
        optional={"aliases": st.lists(name, max_size=2), "optional": st.booleans()},
    )
    talk_ = st.fixed_dictionaries(
        {"title": st.sampled_from(TITLES), "speakers": st.lists(name, max_size=3)},
        optional={
            "title_aliases": st.lists(st.sampled_from(TITLES), max_size=1),
            "optional": st.booleans(),
        },
    )
    event = st.none() | st.fixed_dictionaries(
        {
            "name": st.sampled_from(TITLES),
            "date": st.sampled_from([None, "2025-06-12", "2025-06-13"]),
            "organizers": st.lists(name, max_size=3),
        },
        optional={"aliases": st.lists(st.sampled_from(TITLES), max_size=1)},
    )
    relation = st.fixed_dictionaries(
        {
            "type": st.sampled_from(["member_of", "affiliated_with", "gives"]),
            "source": name,
            "target": name,
        }
    )
    return st.fixed_dictionaries(
        {
            "event": event,
            "talks": st.lists(talk_, max_size=3),
            "entities": st.lists(entity, max_size=6),
            "relations": st.lists(relation, max_size=3),
        }
    )


@pytest.mark.corpus
def test_evaluate_matches_reference_on_random_records() -> None:
    import tempfile

    from hypothesis import given, settings
    from hypothesis import strategies as st

    ref = reference()

    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.tuples(_records(), _records() | st.none()), min_size=1, max_size=3))
    def check(pairs: list) -> None:
        golds = [{"doc": f"d{i}.md", **g} for i, (g, _) in enumerate(pairs)]
        preds = [{"doc": f"d{i}.md", **p} for i, (_, p) in enumerate(pairs) if p is not None]
        with tempfile.TemporaryDirectory() as tmp:
            gold_dir = write_gold(Path(tmp) / "gold", golds)
            pred_path = Path(tmp) / "pred.json"
            pred_path.write_text(json.dumps(preds, ensure_ascii=False), encoding="utf-8")
            assert_same(ref, gold_dir, pred_path, preds)

    check()
