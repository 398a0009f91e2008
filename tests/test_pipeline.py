"""Pipeline: parallel extraction gives the records of a serial run; in-process for small inputs."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

import extractor.pipeline as pipeline
from extractor.model import DocumentRecord, Problem

HAVE_STAGES = importlib.util.find_spec("extractor.talks") is not None
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["振宇", "明永", "小玥", "建国", "思远", "海涛", "雨桐", "子涵", "志强", "晓峰"]
TOPICS = ["机密计算", "RISC-V 生态", "内核调度", "AI 推理", "容器安全", "编译器优化"]


def _article(i: int) -> str:
    a = SURNAMES[i % len(SURNAMES)] + GIVEN[i % len(GIVEN)]
    b = SURNAMES[(i * 7 + 3) % len(SURNAMES)] + GIVEN[(i * 3 + 1) % len(GIVEN)]
    t1, t2 = TOPICS[i % len(TOPICS)], TOPICS[(i + 2) % len(TOPICS)]
    return (
        f"---\ntitle: 'openEuler Meetup 第{i}期 活动回顾'\ndate: '2025-{1 + i % 12:02d}-10'\n---\n\n"
        f"2025 年 {1 + i % 12} 月 8 日，openEuler Meetup 在北京举行，由华为承办。\n\n"
        f"## {a}：{t1}的实践\n\n{a}来自华为，是 openEuler Kernel SIG Maintainer，介绍了{t1}。\n\n"
        f"## {b}：{t2}与 openEuler\n\n{b}来自麒麟软件，分享了 {t2} 的进展和 secGear 项目。\n"
    )


def _corpus(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"{i:03d}.md").write_text(_article(i), encoding="utf-8")
    return folder


def _dump(res) -> tuple[list[str], list[str]]:
    recs = [repr(r) for r in res.records]  # every field, as the dataclasses show them
    return recs, [str(p) for p in res.problems]


def test_pipeline_jobs_give_the_same_records(tmp_path):
    folder = _corpus(tmp_path / "in", 12)
    (folder / "empty.md").write_bytes(b"")
    (folder / "binary.md").write_bytes(b"\x00\x01\x02" * 50)
    serial = pipeline.extract([folder], jobs=1)
    parallel = pipeline.extract([folder], jobs=2)
    assert _dump(parallel) == _dump(serial)
    assert [r.to_dict() for r in parallel.records] == [r.to_dict() for r in serial.records]
    assert parallel.extracted == serial.extracted == 14
    assert len(serial.problems) >= 2
    if HAVE_STAGES:
        assert len(serial.records) == 12


def test_pipeline_small_inputs_run_in_process(tmp_path, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("worker processes started for a small input")

    monkeypatch.setattr(pipeline, "_run_parallel", no_pool)
    folder = _corpus(tmp_path / "in", pipeline.MIN_PARALLEL - 1)
    res = pipeline.extract([folder], jobs=2)
    assert res.extracted == pipeline.MIN_PARALLEL - 1


def test_pipeline_many_inputs_use_workers(tmp_path, monkeypatch):
    seen: list[int] = []
    real = pipeline._run_parallel

    def spy(items, registry, workers, started=None):
        seen.append((workers, started is not None))
        return real(items, registry, workers, started)

    monkeypatch.setattr(pipeline, "_run_parallel", spy)
    folder = _corpus(tmp_path / "in", 9)
    res = pipeline.extract([folder], jobs=2)
    assert seen == [(2, True)]  # the pool was started before the files were read
    assert res.extracted == 9


def test_pipeline_pool_starts_early_only_when_enough_cannot_be_cached(tmp_path, monkeypatch):
    folder = _corpus(tmp_path / "in", 12)
    cache = tmp_path / "cache"
    pipeline.extract([folder], jobs=1, cache_dir=cache)
    for i in range(
        12, 20
    ):  # 8 new articles (20 - 12 cached >= MIN_PARALLEL): the pool starts early
        (folder / f"{i:03d}.md").write_text(_article(i), encoding="utf-8")
    (folder / "000.md").write_text(_article(40), encoding="utf-8")
    started: list[object] = []
    real = pipeline._executor
    monkeypatch.setattr(
        pipeline, "_executor", lambda *a, **k: started.append(real(*a, **k)) or started[-1]
    )
    res = pipeline.extract([folder], jobs=2, cache_dir=cache)
    assert (res.extracted, res.reused) == (9, 11)
    assert len(started) == 1
    res = pipeline.extract([folder], jobs=2, cache_dir=cache)
    assert (res.extracted, res.reused, len(started)) == (0, 20, 1)  # nothing to extract: no pool


def test_pipeline_default_jobs_is_positive():
    assert pipeline.default_jobs() >= 1


def test_pipeline_progress_counts_every_file(tmp_path):
    folder = _corpus(tmp_path / "in", 9)
    calls: list[tuple[int, int]] = []
    pipeline.extract([folder], jobs=2, progress=lambda d, t, p: calls.append((d, t)))
    # the total is known before any file is done (a bar showed 0/? for most of a build)
    assert calls == [(i, 9) for i in range(0, 10)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_pipeline_progress_total_from_the_start_with_a_cache(tmp_path, jobs):
    folder = _corpus(tmp_path / "in", 10)
    cache = tmp_path / "cache"
    pipeline.extract([folder], jobs=1, cache_dir=cache)
    (folder / "004.md").write_text(_article(30), encoding="utf-8")
    calls: list[tuple[int, int, str]] = []
    res = pipeline.extract(
        [folder], jobs=jobs, cache_dir=cache, progress=lambda d, t, p: calls.append((d, t, p))
    )
    assert (res.reused, res.extracted) == (9, 1)
    assert calls[0] == (0, 10, "")
    assert [c[:2] for c in calls[1:]] == [(i, 10) for i in range(1, 11)]
    assert sorted(c[2] for c in calls[1:]) == sorted(str(p) for p in folder.glob("*.md"))


def _slow_first(item):
    """A worker task that takes long on the first file (module level, so it can be pickled)."""
    import time

    if item[1].endswith("000.md"):
        time.sleep(3)
    return DocumentRecord(item[3], None, [], [], []), None


@pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(),
    reason="needs fork to pass the patched worker function on",
)
def test_pipeline_progress_counts_files_as_they_finish(tmp_path, monkeypatch):
    # a slow first file held the count at 0 while the other worker finished the rest
    monkeypatch.setattr(pipeline, "_START_METHOD", "fork")  # children inherit the patch
    monkeypatch.setattr(pipeline, "_work", _slow_first)
    folder = _corpus(tmp_path / "in", 12)
    calls: list[tuple[int, str]] = []
    got: list[str] = []
    res = pipeline.extract(
        [folder],
        jobs=2,
        progress=lambda d, t, p: calls.append((d, p)),
        sink=lambda r: got.append(r.doc),
    )
    assert [d for d, _ in calls] == list(range(13))
    order = [p.rsplit("/", 1)[-1] for _, p in calls[1:]]
    assert order.index("000.md") > 3, order  # the others were counted while it ran
    assert got == [f"{i:03d}.md" for i in range(12)]  # the sink still gets doc order
    assert res.articles == 12


@pytest.mark.skipif(not HAVE_STAGES, reason="extraction stages not written yet")
def test_pipeline_parallel_with_cache(tmp_path):
    folder = _corpus(tmp_path / "in", 10)
    cache = tmp_path / "cache"
    first = pipeline.extract([folder], jobs=2, cache_dir=cache)
    again = pipeline.extract([folder], jobs=2, cache_dir=cache)
    assert (first.extracted, again.extracted, again.reused) == (10, 0, 10)
    assert _dump(again) == _dump(first)


def _killer(item):
    """A worker task that dies on one file (module level, so it can be pickled)."""
    if item[1].endswith("005.md"):
        os._exit(1)  # as if killed for memory
    return DocumentRecord(item[3], None, [], [], []), None


@pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(),
    reason="needs fork to pass the patched worker function on",
)
def test_pipeline_worker_death_costs_only_that_file(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "_START_METHOD", "fork")  # children inherit the patch
    monkeypatch.setattr(pipeline, "_work", _killer)
    folder = _corpus(tmp_path / "in", 12)
    res = pipeline.extract([folder], jobs=2)
    assert [p.path for p in res.problems] == [str(folder / "005.md")]
    assert isinstance(res.problems[0], Problem)
    assert len(res.records) == 11


@pytest.mark.parametrize("jobs", [1, 2])
def test_pipeline_sink_gets_every_record_in_doc_order(tmp_path, jobs):
    from extractor.graph import GraphBuilder, records_to_graph, write_json

    folder = _corpus(tmp_path / "in", 10)
    (folder / "sub").mkdir()
    (folder / "sub" / "a.md").write_text(_article(11), encoding="utf-8")
    (folder / "005b.md").write_bytes(b"")  # a problem between records
    cache = tmp_path / "cache"
    pipeline.extract([folder], jobs=1, cache_dir=cache)  # fills the cache
    (folder / "003.md").write_text(_article(30), encoding="utf-8")  # one changed
    (folder / "007.md").write_text(_article(31), encoding="utf-8")  # and another
    plain = pipeline.extract([folder], jobs=jobs, cache_dir=cache)
    got: list[DocumentRecord] = []
    sunk = pipeline.extract([folder], jobs=jobs, cache_dir=cache, sink=got.append)
    assert sunk.records == []  # given to the sink instead
    assert [r.doc for r in got] == [r.doc for r in plain.records] == sorted(r.doc for r in got)
    assert [r.to_dict() for r in got] == [r.to_dict() for r in plain.records]
    assert sunk.articles == plain.articles == len(got) == 11
    assert [str(p) for p in sunk.problems] == [str(p) for p in plain.problems]
    assert [p.path.rsplit("/", 1)[-1] for p in sunk.problems] == ["005b.md"]
    # merged one by one as they come (from workers when jobs=2: no cache, 11 to extract),
    # the graph is the one records_to_graph builds
    builder = GraphBuilder()
    pipeline.extract([folder], jobs=jobs, sink=builder.add)
    write_json(builder.graph(), tmp_path / "streamed.json")
    write_json(records_to_graph(plain.records), tmp_path / "whole.json")
    assert (tmp_path / "streamed.json").read_bytes() == (tmp_path / "whole.json").read_bytes()
    assert builder.records == 11


def test_pipeline_failing_sink_stops_the_run_and_the_workers(tmp_path):
    folder = _corpus(tmp_path / "in", 12)
    seen: list[str] = []

    def sink(rec: DocumentRecord) -> None:
        seen.append(rec.doc)
        if len(seen) == 3:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        pipeline.extract([folder], jobs=2, sink=sink)
    assert seen == ["000.md", "001.md", "002.md"]
    again = pipeline.extract([folder], jobs=2)  # the next run is not held up
    assert again.articles == 12
