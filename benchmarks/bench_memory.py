"""Peak memory of a first ``meetup-kg build`` at several corpus sizes, and a linear fit.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench_memory.py --sizes 1000 10000 50000 --jobs 2 \\
        --workdir /tmp/mem [--json benchmarks/out/memory.json]

For each size it writes a realistic corpus (``gen_corpus.py``, seed 7, as
``bench_build.py`` does) and runs ``python -m extractor build CORPUS -o OUT --jobs J``
into an empty folder, sampling the whole process tree's memory (``bench_build.run``:
summed RSS every 0.1 s, PSS every 0.5 s).  Then it fits ``peak = a + b * articles``
by least squares, for RSS and PSS, and prints the slope (KB per article) and the
estimates for 100,000 and 1,000,000 articles.  Only the first build is measured (no
jieba timing, no rebuilds: ``bench_build.py`` does those).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import BIN, run, write_corpus  # noqa: E402

__all__ = ["fit", "main"]


def fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """Least-squares ``(intercept, slope)`` of ``ys`` on ``xs``.

    >>> fit([1, 2, 3], [3, 5, 7])
    (1.0, 2.0)
    """
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    return my - slope * mx, slope


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--workdir", type=Path, required=True)
    ap.add_argument("--json", type=Path, help="write the results here too")
    ap.add_argument("--keep", action="store_true", help="keep corpora and outputs")
    args = ap.parse_args(argv)
    rows = []
    for n in args.sizes:
        corpus, out = args.workdir / f"corpus-{n}", args.workdir / f"out-{n}"
        for d in (corpus, out):
            shutil.rmtree(d, ignore_errors=True)
        write_corpus(corpus, n)
        cmd = [str(BIN / "python"), "-m", "extractor", "build", str(corpus), "-o", str(out)]
        load = os.getloadavg()[0]
        r = run([*cmd, "--jobs", str(args.jobs)])
        sizes = {p.name: p.stat().st_size for p in out.iterdir() if p.is_file()}
        cache = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) - sum(sizes.values())
        row = {
            "articles": n,
            "build_s": r["wall_s"],
            "peak_rss_mb": r["peak_rss_mb"],
            "peak_pss_mb": r["peak_pss_mb"],
            "outputs_mb": {k: round(v / 2**20, 1) for k, v in sorted(sizes.items())},
            "cache_mb": round(cache / 2**20, 1),
            "loadavg": [round(load, 2), round(os.getloadavg()[0], 2)],
            "time": time.strftime("%H:%M UTC", time.gmtime()),
        }
        print(json.dumps(row), flush=True)
        rows.append(row)
        if not args.keep:
            shutil.rmtree(corpus, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
    res: dict = {"rows": rows}
    if len(rows) >= 2:
        xs = [r["articles"] for r in rows]
        for key in ("peak_rss_mb", "peak_pss_mb"):
            a, b = fit(xs, [r[key] for r in rows])
            res[key] = {
                "intercept_mb": round(a, 1),
                "kb_per_article": round(b * 1024, 1),
                "estimate_100k_gb": round((a + b * 1e5) / 1024, 2),
                "estimate_1m_gb": round((a + b * 1e6) / 1024, 2),
            }
        print(json.dumps({k: v for k, v in res.items() if k != "rows"}), flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
