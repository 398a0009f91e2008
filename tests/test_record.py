"""Golden articles written for the tests: extraction scored against their gold records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.evaluate import score_records
from extractor.model import DocumentRecord
from extractor.pipeline import extract

GOLDEN = Path(__file__).parent / "golden"
REGISTRY = Path(__file__).parents[1] / "examples" / "openeuler-community.json"


@pytest.fixture(scope="module")
def golden_scores():
    res = extract([GOLDEN], registry=REGISTRY, jobs=1)
    assert not res.problems
    gold = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLDEN.glob("*.json"))]
    pred = [r.to_dict() for r in res.records]
    return score_records(gold, pred), {r.doc: r for r in res.records}


@pytest.mark.parametrize(
    "measure, minimum",
    [
        ("entity:Person", 1.0),
        ("talks", 1.0),
        ("talk_speakers", 1.0),
        ("event:date", 1.0),
        ("event:name", 1.0),
        ("entity:ALL", 0.8),
        ("rel:member_of", 0.99),
        ("rel:affiliated_with", 0.99),
    ],
)
def test_record_golden_scores(golden_scores, measure, minimum):
    scores, _ = golden_scores
    assert scores[measure].f1 >= minimum, scores.table()


def test_record_report_has_no_event(golden_scores):
    _, recs = golden_scores
    assert recs["report.md"].event is None
    assert recs["report.md"].talks == []


def test_record_traditional_chinese_keeps_original_text(golden_scores):
    _, recs = golden_scores
    rec = recs["traditional.md"]
    assert rec.talks[0].speakers == ["李志明"]
    sig = next(e for e in rec.entities if e.type == "SIG")
    assert sig.name == "sig-confidential-computing"
    assert "機密計算 SIG" in sig.aliases  # the surface form as written


def test_record_evidence_points_into_the_body(golden_scores):
    _, recs = golden_scores
    for rec in recs.values():
        body = (GOLDEN / rec.doc).read_text(encoding="utf-8").split("---\n", 2)[-1]
        for rel in rec.relations:
            ev = rel.evidence
            assert ev is not None and ev.doc == rec.doc
            # the sentence quoted is the body text at the offsets (markup aside)
            assert ev.sentence[:2] in body[ev.start : ev.end]


def test_record_json_round_trip(golden_scores):
    _, recs = golden_scores
    for rec in recs.values():
        d = rec.to_dict()
        assert DocumentRecord.from_dict(json.loads(json.dumps(d))).to_dict() == d


def _record(body: str) -> DocumentRecord:
    from extractor.article import parse_article
    from extractor.pipeline import extract_article

    return extract_article(parse_article(body, doc="t.md"))


def _techs(items) -> set[str]:
    return {e.name for e in items if e.type == "Technology"}


def test_record_field_term_named_once_is_a_topic_not_an_entity():
    rec = _record("## 张三：调度器实践\n\n张三介绍了调度器在沙箱中的运行方式。")
    assert "沙箱" in _techs(rec.topics)
    assert "沙箱" not in _techs(rec.entities)
    assert rec.to_dict()["topics"][0]["name"] == "沙箱"
    assert _techs(DocumentRecord.from_dict(rec.to_dict()).topics) == {"沙箱"}


@pytest.mark.parametrize(
    "body",
    [
        "## 张三：调度器实践\n\n沙箱很轻。张三介绍了沙箱的运行方式。",  # named twice
        "## 张三：沙箱实践\n\n张三介绍了沙箱的运行方式。",  # in the talk title
        "## 沙箱\n\n张三介绍了它的运行方式。",  # in a heading
    ],
)
def test_record_field_term_the_article_dwells_on_stays_an_entity(body):
    rec = _record(body)
    assert "沙箱" in _techs(rec.entities)
    assert "沙箱" not in _techs(rec.topics)


def test_record_named_products_and_latin_names_are_entities_when_named_once():
    rec = _record("## 张三：调度器实践\n\n张三介绍了基于鲲鹏和 eBPF 的调度。")
    assert {"鲲鹏", "eBPF"} <= _techs(rec.entities)
    assert not rec.topics


def test_record_a_name_is_a_person_or_a_product_not_both():
    rec = _record(
        "## 背景\n\n相比现有的 Helm Chart，Operator 可以感知运行状态。\n\n"
        "## 议程\n\n### 标准库的扩展\n\n**主讲人**：DevCat\n\n**题目**：小工具箱的实现\n\n"
        "### 调度器的实现\n\n**主讲人**：高原\n\n**题目**：调度器的实现细节\n"
    )
    types = {(e.type, e.name) for e in rec.entities}
    assert ("Person", "DevCat") in types and ("Project", "DevCat") not in types
    assert ("Person", "Helm Chart") not in types
    people = {e.name for e in rec.entities if e.type == "Person"}
    assert all(r.source in people for r in rec.relations)


def test_record_html_table_rows_are_table_rows():
    from extractor.article import parse_blocks

    body = (
        "# 日程\n\n<table style='width:90%'>\n<tr><td></td><td>Chair: Someone</td></tr>\n"
        "<tr>\n<td>10:00</td>\n<td title='摘要'>题目甲, <strong>张三</strong></td>\n</tr>\n"
        "</table>\n\n正文。\n"
    )
    blocks = parse_blocks(body)
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "日程"),
        ("table_row", "Chair: Someone"),
        ("table_row", "10:00 | 题目甲, 张三"),
        ("paragraph", "正文。"),
    ]
    # every character's offset points at the same character of the body
    for b in blocks:
        assert all(body[o] == c for c, o in zip(b.text, b.offsets, strict=True) if c not in " |")


def test_record_raw_html_in_a_fence_is_read_as_html():
    from extractor.article import parse_blocks

    body = "~~~\n<table>\n<tr><td>10:00</td><td>题目甲, 张三</td></tr>\n</table>\n~~~\n\n正文。\n"
    assert [(b.kind, b.text) for b in parse_blocks(body)] == [
        ("table_row", "10:00 | 题目甲, 张三"),
        ("paragraph", "正文。"),
    ]
