"""Run the article -> record map under Dask, then build the graph from the records.

For corpora too large for one ``meetup-kg build`` (millions of articles), extraction
(~10 ms of CPU an article, independent per article) is a plain map over file paths that
an existing engine can run on many cores or machines.  This script is that map written
with ``dask.bag`` over the public per-article function
(:func:`extractor.pipeline.extract_file`); it writes the records as JSON lines, in the
same format and order as ``meetup-kg extract`` (one part file per partition: their
concatenation in name order is ``meetup-kg extract``'s file), files that gave no record
as ``problems.jsonl``; with ``--graph`` it then builds the graph from the records with
the library (``extractor.from_records``) and saves it like ``build``'s ``graph.json``.

Usage (``pip install -e ".[dask]"``)::

    python benchmarks/dask_extract.py CORPUS -o records/ [--registry REG.json]
        [--workers N] [--partition-size 200] [--graph graph.json]

The default scheduler is Dask's local process pool (``--workers`` processes); to run
on a cluster, start a ``dask.distributed.Client`` before :func:`run` (every worker
needs this package installed and the files readable at the same paths).  Each worker
process loads the vocabulary (and the registry) once, on its first article.

Merging the records into one graph stays on one machine: ``from_records`` holds every
record and the graph in memory (see benchmarks/RESULTS.md for memory per article).
The same map under Spark (not run here)::

    from pyspark.sql import SparkSession
    from extractor.pipeline import extract_file, list_articles, record_line
    from extractor.model import Problem

    def to_line(item):
        path, root, doc = item
        rec = extract_file(path, root, REGISTRY)
        return None if isinstance(rec, Problem) else (doc, record_line(rec))

    spark = SparkSession.builder.getOrCreate()
    items = spark.sparkContext.parallelize(list_articles([CORPUS]), numSlices=1000)
    (items.map(to_line).filter(lambda x: x is not None)
          .sortByKey().values().saveAsTextFile("records/"))
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extractor.model import DocumentRecord, Problem  # noqa: E402
from extractor.pipeline import extract_file, list_articles, record_line  # noqa: E402

__all__ = ["extract_one", "run", "read_records", "main"]


def extract_one(item: tuple[str, str, str], registry: str | None = None) -> dict[str, Any]:
    """The map: one ``(path, root, doc)`` of :func:`~extractor.pipeline.list_articles`
    to ``{"doc", "line"}`` (the record's JSON line) or ``{"doc", "problem"}`` (the
    :class:`~extractor.model.Problem` as a dict).  Needs no Dask.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.md").write_text("## 张三：开源之路\\n张三来自华为。\\n", encoding="utf-8")
    >>> out = extract_one((str(d / "a.md"), str(d), "a.md"))
    >>> json.loads(out["line"])["talks"][0]["title"]
    '开源之路'
    """
    path, root, doc = item
    rec = extract_file(path, root, registry)
    if isinstance(rec, Problem):
        return {"doc": doc, "problem": rec.to_dict()}
    return {"doc": doc, "line": record_line(rec)}


def run(
    paths: list[str],
    out: str | Path,
    registry: str | None = None,
    workers: int | None = None,
    partition_size: int = 200,
    scheduler: str | None = "processes",
) -> dict[str, int]:
    """Extract every article under ``paths`` with ``dask.bag`` into ``out``
    (``part-NNNNNN.jsonl`` files of records, ``problems.jsonl``); counts of each.

    ``scheduler`` is passed to ``dask.compute`` (``None``: the current one, e.g. a
    ``dask.distributed.Client``'s; ``"sync"`` runs in this process, for tests)."""
    import dask
    import dask.bag as db

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    items = list_articles(paths)  # in doc order; partitions keep it
    if not items:
        return {"articles": 0, "records": 0, "problems": 0}
    bag = db.from_sequence(items, partition_size=partition_size)
    results = bag.map(extract_one, registry=registry)
    records = results.filter(lambda r: "line" in r).pluck("line")
    problems = results.filter(lambda r: "problem" in r).pluck("problem").map(json.dumps)
    names = records.to_textfiles(
        str(out / "part-*.jsonl"),
        name_function=lambda i: f"{i:06d}",
        last_endline=True,  # so that the parts concatenate into extract's file
        compute=False,
    )
    kw: dict[str, Any] = {} if scheduler is None else {"scheduler": scheduler}
    if workers and scheduler == "processes":
        kw["num_workers"] = workers
    # (one pass over the articles for both outputs: the bag is computed together)
    _, bad = dask.compute(names, problems, **kw)
    lines = "".join(line + "\n" for line in bad)
    (out / "problems.jsonl").write_text(lines, encoding="utf-8")
    for part in sorted(out.glob("part-*.jsonl")):
        if part.stat().st_size <= 1:  # ("\n": a partition of problems only)
            part.unlink()
    return {"articles": len(items), "records": len(items) - len(bad), "problems": len(bad)}


def read_records(out: str | Path) -> list[DocumentRecord]:
    """The records :func:`run` wrote, in ``doc`` order."""
    recs = []
    for part in sorted(Path(out).glob("part-*.jsonl")):
        with part.open(encoding="utf-8") as fh:
            recs.extend(DocumentRecord.from_dict(json.loads(line)) for line in fh)
    return recs


def main(argv: list[str] | None = None) -> None:
    """Command line: see the module docstring."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="+", help="articles or folders of articles")
    ap.add_argument("-o", "--out", required=True, help="folder for the record files")
    ap.add_argument("--registry", help="community registry JSON")
    ap.add_argument("--workers", type=int, help="worker processes (default: every CPU)")
    ap.add_argument("--partition-size", type=int, default=200, help="articles per task")
    ap.add_argument("--graph", help="also build the graph from the records, saved here")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    counts = run(args.paths, args.out, args.registry, args.workers, args.partition_size)
    t1 = time.perf_counter()
    print(json.dumps({**counts, "extract_s": round(t1 - t0, 2)}), file=sys.stderr)
    if args.graph:
        from extractor.query import from_records

        kg = from_records(read_records(args.out))
        kg.save(args.graph)
        t2 = time.perf_counter()
        g = kg.graph
        info = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
        print(json.dumps({**info, "graph_s": round(t2 - t1, 2)}), file=sys.stderr)


if __name__ == "__main__":
    main()
