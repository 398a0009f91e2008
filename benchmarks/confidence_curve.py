"""Precision and recall over confidence on the development corpus (not part of the tests).

Run from the repository root, with ``../shared`` beside it::

    .venv/bin/python benchmarks/confidence_curve.py

Extracts ``../shared/corpus/dev`` once, then for each threshold keeps only the
talks and relations whose ``confidence`` is at least the threshold (a speaker goes
with its talk) and scores the result with the shared scorer.  Writes
``benchmarks/confidence.md`` (a table) and ``benchmarks/confidence.svg`` (the
precision/recall curves of talks, talk speakers and the two relations).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MEASURES = ("talks", "talk_speakers", "rel:member_of", "rel:affiliated_with")
THRESHOLDS = [round(0.05 * k, 2) for k in range(0, 20)]


def _scorer():
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _filtered(records: list[dict], t: float) -> list[dict]:
    out = []
    for r in records:
        r = dict(r)
        r["talks"] = [x for x in r.get("talks") or [] if x.get("confidence", 1.0) >= t]
        r["relations"] = [x for x in r.get("relations") or [] if x.get("confidence", 1.0) >= t]
        out.append(r)
    return out


def curve(records: list[dict], gold: Path) -> list[dict]:
    """One row per threshold: precision, recall and F1 of each measure."""
    score = _scorer().score
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for t in THRESHOLDS:
            path = Path(tmp) / f"{t}.jsonl"
            path.write_text(
                "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _filtered(records, t)),
                encoding="utf-8",
            )
            result = score(gold, path)[0]
            row = {"threshold": t}
            for m in MEASURES:
                row[m] = {k: result[m][k] for k in ("precision", "recall", "f1")}
            rows.append(row)
    return rows


def _table(rows: list[dict]) -> str:
    head = "| min confidence | " + " | ".join(f"{m} P / R / F1" for m in MEASURES) + " |"
    sep = "|---:|" + "---:|" * len(MEASURES)
    lines = [head, sep]
    for row in rows:
        cells = [
            f"{row[m]['precision']:.3f} / {row[m]['recall']:.3f} / {row[m]['f1']:.3f}"
            for m in MEASURES
        ]
        lines.append(f"| {row['threshold']:.2f} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _svg(rows: list[dict]) -> str:
    """Precision (y) against recall (x) for each measure, one polyline per measure."""
    w, h, pad = 520, 420, 50
    colours = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd")

    def xy(p: float, r: float) -> str:
        return f"{pad + r * (w - 2 * pad):.1f},{h - pad - p * (h - 2 * pad):.1f}"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        'font-family="sans-serif" font-size="12">',
        f'<rect width="{w}" height="{h}" fill="white"/>',
        f'<line x1="{pad}" y1="{h - pad}" x2="{w - pad}" y2="{h - pad}" stroke="black"/>',
        f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{h - pad}" stroke="black"/>',
        f'<text x="{w / 2}" y="{h - 15}" text-anchor="middle">recall</text>',
        f'<text x="15" y="{h / 2}" transform="rotate(-90 15 {h / 2})" '
        'text-anchor="middle">precision</text>',
    ]
    for k in range(0, 11, 2):
        v = k / 10
        x, y = xy(0, v).split(",")[0], xy(v, 0).split(",")[1]
        parts.append(f'<text x="{x}" y="{h - pad + 15}" text-anchor="middle">{v:.1f}</text>')
        parts.append(f'<text x="{pad - 8}" y="{y}" text-anchor="end">{v:.1f}</text>')
    for i, m in enumerate(MEASURES):
        pts = " ".join(xy(r[m]["precision"], r[m]["recall"]) for r in rows)
        parts.append(
            f'<polyline points="{pts}" fill="none" stroke="{colours[i]}" stroke-width="2"/>'
        )
        parts.append(
            f'<text x="{pad + 20}" y="{h - pad - 80 + 16 * i}" fill="{colours[i]}">{m}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "dev")
    ap.add_argument("--gold", type=Path, default=SHARED / "corpus" / "dev-gold")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        preds = Path(tmp) / "dev.jsonl"
        cmd = [sys.executable, "-m", "extractor", "extract", str(args.corpus), "-o", str(preds)]
        subprocess.run(cmd + ["--no-cache"], check=True, capture_output=True)
        records = [json.loads(x) for x in preds.read_text(encoding="utf-8").splitlines() if x]
    rows = curve(records, args.gold)
    table = _table(rows)
    (args.out / "confidence.md").write_text(
        "# Precision and recall over confidence (dev corpus)\n\n"
        "Generated by `benchmarks/confidence_curve.py`: talks and relations kept when their\n"
        "`confidence` is at least the threshold, scored by `../shared/eval/score.py`.\n\n" + table,
        encoding="utf-8",
    )
    (args.out / "confidence.svg").write_text(_svg(rows), encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
