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


# ------------------------------------------------------------ issue 17
def test_fsio_temporary_files_name_their_owner(tmp_path, monkeypatch):
    import extractor.fsio as fsio

    names = []
    real = fsio.os.replace

    def spy(src, dst):
        names.append(os.path.basename(src))
        return real(src, dst)

    monkeypatch.setattr(fsio.os, "replace", spy)
    atomic_write_text(tmp_path / "g.json", "{}")
    assert names and names[0].startswith(f".g.json.{os.getpid()}.")


def test_fsio_stale_temporary_files_are_removed_live_ones_kept(tmp_path):
    import time

    from extractor.fsio import remove_stale_temps

    dead = tmp_path / ".g.json.999999999.abcd1234.tmp"  # no such process
    live = tmp_path / f".g.json.{os.getpid()}.abcd1234.tmp"  # a concurrent writer
    old = tmp_path / ".g.json.abcd1234.tmp"  # before owners were named, two hours old
    young = tmp_path / ".h.json.abcd1234.tmp"
    other = tmp_path / "notes.tmp"  # not this tool's
    for p in (dead, live, old, young, other):
        p.write_text("x")
    two_hours = time.time() - 7200
    os.utime(old, (two_hours, two_hours))
    assert sorted(p.name for p in remove_stale_temps(tmp_path)) == sorted([dead.name, old.name])
    assert live.exists() and young.exists() and other.exists()
    assert remove_stale_temps(tmp_path / "missing") == []


def test_fsio_lone_surrogate_is_written_as_replacement_with_a_warning(tmp_path):
    with pytest.warns(UserWarning, match="lone surrogate"):
        atomic_write_text(tmp_path / "a.txt", "a\ud800b")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "a\ufffdb"
    with pytest.warns(UserWarning, match="lone surrogate"):
        atomic_write_chunks(tmp_path / "b.txt", iter(["x", "\udfff"]))
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "x\ufffd"


@pytest.mark.parametrize(
    "content, ours",
    [
        ("", True),
        ('{"doc": "a.md", "entities": []}\n', True),
        ('{"directed": true,\n"edges": []', True),
        ("<?xml version='1.0'?>\n<gexf xmlns='x'>", True),
        ("@prefix mkg: <urn:meetup-kg:vocab#> .", True),
        ("id:ID,:LABEL,name\n", True),
        ('<!DOCTYPE html>\n<html><script id="kg-data">', True),
        ("<!DOCTYPE html>\n<html>my page</html>", False),
        ("my notes", False),
        ('{"precision": 1}', False),
    ],
)
def test_fsio_written_by_us(tmp_path, content, ours):
    from extractor.fsio import written_by_us

    p = tmp_path / "f"
    p.write_text(content, encoding="utf-8")
    assert written_by_us(p) is ours


def test_fsio_guard_output_rules(tmp_path):
    from extractor.errors import OutputError
    from extractor.fsio import guard_output

    src = tmp_path / "in"
    (src / ".hidden").mkdir(parents=True)
    art = src / "a.md"
    art.write_text("x")
    with pytest.raises(OutputError, match="is an input file"):
        guard_output(art, [art])
    with pytest.raises(OutputError, match="read as an article"):
        guard_output(src / "sub" / "out.markdown", [src])
    guard_output(src / "out.jsonl", [src])  # not scanned
    guard_output(src / ".hidden" / "out.md", [src])  # hidden folders are not scanned
    with pytest.raises(OutputError, match="is an input folder"):
        guard_output(src, [src])
    with pytest.raises(OutputError, match="is a folder"):
        guard_output(tmp_path, [])
    notes = tmp_path / "notes.json"
    notes.write_text("mine")
    with pytest.raises(OutputError, match="--force"):
        guard_output(notes, [])
    guard_output(notes, [], force=True)
    guard_output(notes, [], previous=[str(notes)])
