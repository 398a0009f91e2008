"""Atomic file output: write to a temporary file beside the target, then rename."""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

__all__ = [
    "atomic_write_bytes",
    "atomic_write_chunks",
    "atomic_write_text",
    "forked",
    "staged_writes",
]

_BATCH_CHARS = 1 << 20

# When a staged_writes() block is open, writes are parked here until it ends.
_STAGE = threading.local()


@functools.cache
def _umask() -> int:
    """The process umask, read once (reading it means setting it briefly)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_temp(target: Path, data: bytes | Iterable[str]) -> str:
    """Write ``data`` (bytes, or text chunks encoded as UTF-8 one by one) to a new
    temporary file beside ``target``; returns its path."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        # mkstemp creates 0600; give the output the mode a plain open() would have
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, bytes):
                fh.write(data)
            else:
                # small chunks (a line each) are joined: one encode and write per ~1 MB
                batch: list[str] = []
                size = 0
                for chunk in data:
                    batch.append(chunk)
                    size += len(chunk)
                    if size >= _BATCH_CHARS:
                        fh.write("".join(batch).encode("utf-8"))
                        batch.clear()
                        size = 0
                fh.write("".join(batch).encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable (best effort: not every platform can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    Inside a :func:`staged_writes` block the rename is postponed until the
    block ends without an error.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write_bytes(d / "a.txt", b"new")
    >>> (d / "a.txt").read_bytes()
    b'new'
    """
    _commit(Path(path), _write_temp(Path(path), data))


def atomic_write_chunks(path: str | Path, chunks: Iterable[str]) -> None:
    """Stream text chunks to ``path`` atomically (a large file is never held in memory).

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write_chunks(d / "a.txt", (f"{i}," for i in range(3)))
    >>> (d / "a.txt").read_text()
    '0,1,2,'
    """
    _commit(Path(path), _write_temp(Path(path), chunks))


def _commit(target: Path, tmp: str) -> None:
    """Rename the finished temporary file over ``target`` (or park it while staging)."""
    pending = getattr(_STAGE, "pending", None)
    if pending is not None:
        pending.append((tmp, target))
        return
    try:
        os.replace(tmp, target)
    except BaseException:
        _unlink(tmp)
        raise
    _fsync_dir(target.parent)


def atomic_write_text(path: str | Path, text: str) -> None:
    """Text version of :func:`atomic_write_bytes` (UTF-8, ``\\n`` newlines)."""
    atomic_write_bytes(path, text.encode("utf-8"))


def forked(write: Callable[[], None]) -> Callable[[], None]:
    """Start ``write()``, a function making atomic writes, in a forked child process;
    returns a function that waits for it and then commits its files here, as if
    ``write()`` had run in this process (inside :func:`staged_writes` they are
    staged with the others).  An error in the child is raised by that function.

    Two files of one large graph are written at the same time this way, on two
    CPUs.  Where ``fork`` is missing, or other threads are running (a child of a
    process with threads can deadlock), ``write()`` runs here and now.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> wait = forked(lambda: atomic_write_text(d / "a.txt", "from the child"))
    >>> wait()
    >>> (d / "a.txt").read_text()
    'from the child'
    """
    if not hasattr(os, "fork") or threading.active_count() > 1:
        write()
        return lambda: None
    import pickle

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: stage the writes, hand the finished files over, exit
        os.close(read_end)
        status = 0
        try:
            _STAGE.pending = []
            try:
                write()
                report: Any = [(tmp, str(target)) for tmp, target in _STAGE.pending]
            except BaseException as exc:
                for tmp, _ in _STAGE.pending:
                    _unlink(tmp)
                report, status = exc, 1
            try:
                data = pickle.dumps(report)
            except Exception:  # an exception that cannot be pickled
                data, status = pickle.dumps(RuntimeError(repr(report))), 1
            view = memoryview(data)  # plain os.write: nothing of the parent's I/O stack
            while view:
                view = view[os.write(write_end, view) :]
        finally:
            os._exit(status)  # no atexit handlers, no flushing of the parent's buffers
    os.close(write_end)

    def wait() -> None:
        chunks = []
        try:
            while chunk := os.read(read_end, 1 << 16):
                chunks.append(chunk)
        finally:  # the child is always waited for: none of its files outlives the wait
            os.close(read_end)
            _, status = os.waitpid(pid, 0)
        data = b"".join(chunks)
        report = pickle.loads(data) if data else None
        if isinstance(report, BaseException):
            raise report
        if report is None or os.waitstatus_to_exitcode(status) != 0:
            raise OSError(f"a child process writing files ended with status {status}")
        for tmp, target in report:
            _commit(Path(target), tmp)

    return wait


@contextlib.contextmanager
def staged_writes() -> Iterator[None]:
    """Group several atomic writes: all targets are replaced at the end, or none.

    Every write inside the block goes to a temporary file; when the block
    ends normally the temporary files are renamed over their targets, and
    when it raises they are deleted, so a failed build leaves the previous
    outputs as they were.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write_text(d / "a.json", "old")
    >>> try:
    ...     with staged_writes():
    ...         atomic_write_text(d / "a.json", "new")
    ...         raise RuntimeError("render failed")
    ... except RuntimeError:
    ...     pass
    >>> (d / "a.json").read_text()
    'old'
    """
    outer = getattr(_STAGE, "pending", None)
    if outer is not None:  # nested: the outermost block decides
        yield
        return
    pending: list[tuple[str, Path]] = []
    _STAGE.pending = pending
    try:
        yield
    except BaseException:
        for tmp, _ in pending:
            _unlink(tmp)
        raise
    finally:
        _STAGE.pending = None
    done = 0
    try:
        for tmp, target in pending:
            os.replace(tmp, target)
            done += 1
    finally:
        for tmp, _ in pending[done:]:
            _unlink(tmp)
    for folder in sorted({t.parent for _, t in pending}):
        _fsync_dir(folder)
