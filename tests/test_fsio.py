"""fsio: atomic writes, staged groups of writes, and writes made by a forked child."""

from __future__ import annotations

import os
import threading

import pytest

from extractor.fsio import atomic_write_chunks, atomic_write_text, forked, staged_writes

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def _leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_fsio_chunks_are_joined_into_the_same_bytes(tmp_path):
    chunks = [f"行{i}\n" for i in range(100_000)]  # more than one batch
    atomic_write_chunks(tmp_path / "a.txt", iter(chunks))
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "".join(chunks)
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


@needs_fork
def test_fsio_forked_write_is_staged_with_the_others(tmp_path):
    atomic_write_text(tmp_path / "b.txt", "old")
    with staged_writes():
        done = forked(lambda: atomic_write_text(tmp_path / "b.txt", f"child {os.getpid()}"))
        atomic_write_text(tmp_path / "a.txt", "parent")
        done()
        assert (tmp_path / "b.txt").read_text() == "old"  # renamed when the block ends
    assert (tmp_path / "b.txt").read_text() != f"child {os.getpid()}"  # another process
    assert (tmp_path / "b.txt").read_text().startswith("child ")
    assert _leftovers(tmp_path) == []


@needs_fork
def test_fsio_forked_error_is_raised_here_and_nothing_is_written(tmp_path):
    def write() -> None:
        atomic_write_text(tmp_path / "a.txt", "half")
        raise OSError(28, "No space left on device", str(tmp_path / "b.txt"))

    with pytest.raises(OSError) as info, staged_writes():
        done = forked(write)
        done()
    assert info.value.filename == str(tmp_path / "b.txt")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_fsio_forked_runs_here_while_other_threads_run(tmp_path):
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        pids: list[int] = []
        done = forked(lambda: pids.append(os.getpid()))
        assert pids == [os.getpid()]  # ran in this process, at once
        done()
    finally:
        stop.set()
        t.join()
