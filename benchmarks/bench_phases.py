"""Where a ``meetup-kg build`` spends its time: the CLI run in this process, each stage timed.

Run from the repository root (not part of the test suite), on a corpus written
by ``bench_build.py --keep`` or any folder of articles::

    .venv/bin/python benchmarks/bench_phases.py CORPUS [--jobs 2] [--out DIR]

Prints, in seconds from process start, when each stage began and ended:
extraction (workers extract while this process merges each record into the
graph), the record cache written, the graph assembled, the JSON and HTML
written here while a forked child writes the GraphML, and the build stamp.
The output folder is emptied first, so the run is a first build, unless
``--rebuild`` is given (then the record cache and outputs of the last run are
used: time a rebuild after changing an article).
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import argparse  # noqa: E402
import atexit  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def _timed(owner, name: str, label: str, marks: list) -> None:
    """Wrap ``owner.name`` so that each call appends (label, start, end) to ``marks``."""
    real = getattr(owner, name)

    def wrapper(*args, **kwargs):
        start = time.perf_counter() - T0
        try:
            return real(*args, **kwargs)
        finally:
            marks.append((label, start, time.perf_counter() - T0))

    setattr(owner, name, wrapper)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", type=Path, default=Path("benchmarks/out/phases"))
    ap.add_argument("--rebuild", action="store_true", help="keep the last run's cache and outputs")
    args = ap.parse_args()

    import extractor.cache as cache
    import extractor.cli as cli
    import extractor.fsio as fsio
    import extractor.graph as graph
    import extractor.render as render

    marks: list[tuple[str, float, float]] = []
    _timed(cli, "_extract", "extraction and merging (workers + this process)", marks)
    _timed(cache.RecordCache, "save", "record cache written", marks)
    _timed(graph.GraphBuilder, "graph", "graph assembled (sorted)", marks)
    _timed(graph, "write_json", "JSON written here", marks)
    _timed(render, "write_html", "HTML written here", marks)
    _timed(cache.BuildStamp, "record", "build stamp (hashes of the outputs)", marks)
    import extractor.pipeline as pipeline

    _timed(pipeline, "cached_digest", "inputs hashed, all cached? (rebuilds)", marks)
    real_forked = fsio.forked

    def forked(write):
        start = time.perf_counter() - T0
        wait = real_forked(write)

        def waited():
            wait()
            marks.append(
                (
                    "GraphML written by the forked child (until waited for)",
                    start,
                    time.perf_counter() - T0,
                )
            )

        return waited

    fsio.forked = forked
    if not args.rebuild:
        shutil.rmtree(args.out, ignore_errors=True)
    sys.argv = [
        "meetup-kg",
        "build",
        str(args.corpus),
        "-o",
        str(args.out),
        "--jobs",
        str(args.jobs),
    ]
    # cli.main() ends the process with os._exit after running the atexit handlers (it
    # never returns): the table is printed by one of those handlers
    atexit.register(_report, marks, args.out)
    cli.main()


def _report(marks: list, out: Path) -> None:
    """Print the stages timed, then the sizes of the files written."""
    end = time.perf_counter() - T0
    print(f"\n{'stage':<58} {'start s':>8} {'end s':>8} {'took s':>7}")
    for label, start, stop in sorted(marks, key=lambda m: m[1]):
        print(f"{label:<58} {start:8.2f} {stop:8.2f} {stop - start:7.2f}")
    print(f"{'whole run, from process start':<58} {0:8.2f} {end:8.2f} {end:7.2f}")
    if out.is_dir():
        for p in sorted(out.iterdir()):
            if p.is_file():
                print(f"{p.name}: {p.stat().st_size / 2**20:.1f} MB")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
