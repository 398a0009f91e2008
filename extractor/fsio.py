"""Atomic file output: write to a temporary file beside the target, then rename.

Also the safety rules of every output path (:func:`guard_output`: never an input,
never where the next scan reads it, never a file this tool did not write unless
forced) and the clean-up of temporary files left by a killed run
(:func:`remove_stale_temps`: each temporary file names the process that owns it).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

__all__ = [
    "atomic_write_bytes",
    "atomic_write_chunks",
    "atomic_write_text",
    "die_with_parent",
    "forked",
    "guard_output",
    "remove_stale_temps",
    "staged_writes",
    "written_by_us",
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
    # the owner's pid in the name: a later run removes it once that process is gone
    owner = getattr(_STAGE, "owner", None) or os.getpid()
    prefix = f".{target.name[:100]}.{owner}."
    try:
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=target.parent)
    except OSError as exc:  # name the file asked for, not the temporary one
        raise OSError(exc.errno, exc.strerror, str(target)) from None
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
                        fh.write(_utf8("".join(batch), target))
                        batch.clear()
                        size = 0
                fh.write(_utf8("".join(batch), target))
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


_SURROGATE = re.compile("[\ud800-\udfff]")


def _utf8(text: str, target: Path) -> bytes:
    """``text`` as UTF-8; a lone surrogate (no UTF-8 file can hold one) becomes U+FFFD,
    with a warning, instead of failing the write."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        import warnings

        n = len(_SURROGATE.findall(text))
        warnings.warn(
            f"{target}: {n} lone surrogate{'s' if n > 1 else ''} written as U+FFFD",
            UserWarning,
            stacklevel=4,
        )
        return _SURROGATE.sub("\ufffd", text).encode("utf-8")


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
    """Text version of :func:`atomic_write_bytes` (UTF-8, ``\\n`` newlines; a lone
    surrogate is written as U+FFFD, with a warning)."""
    atomic_write_bytes(path, _utf8(text, Path(path)))


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
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: stage the writes, hand the finished files over, exit
        os.close(read_end)
        status = 0
        try:
            die_with_parent(parent)
            _STAGE.pending = []
            _STAGE.owner = parent  # its files are the parent's to commit or leave
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


# ---------------------------------------------------------------- process lifetime
def die_with_parent(parent: int | None = None) -> None:
    """Make this process end when its parent does (``kill -9`` of a build included).

    On Linux the kernel sends SIGKILL on the parent's death (``PR_SET_PDEATHSIG``);
    elsewhere nothing happens.  If the parent ``parent`` is already gone, exit now.
    """
    import sys

    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def _alive(pid: int) -> bool:
    """True if a process ``pid`` exists (it may belong to another user)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OverflowError:
        return False
    return True


_TEMP = re.compile(r"^\..+\.(\d+)\.[a-z0-9_]{8}\.tmp$")
_OLD_TEMP = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")  # before the owner's pid was named
_OLD_TEMP_AGE = 3600.0  # seconds: no write of this tool takes that long


def remove_stale_temps(folder: str | Path) -> list[Path]:
    """Delete this tool's temporary files in ``folder`` whose owner process is gone (a
    build killed while writing); returns them.  Files of running processes (a
    concurrent build) are left alone.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / ".g.json.999999999.abcd_123.tmp").write_text("half")
    >>> [p.name for p in remove_stale_temps(d)]
    ['.g.json.999999999.abcd_123.tmp']
    """
    import time

    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for e in entries:
        m = _TEMP.match(e.name)
        if m:
            stale = not _alive(int(m.group(1)))
        elif _OLD_TEMP.match(e.name):
            try:
                stale = now - e.stat(follow_symlinks=False).st_mtime > _OLD_TEMP_AGE
            except OSError:
                continue
        else:
            continue
        if stale and e.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.unlink(e.path)
                removed.append(Path(e.path))
    return removed


# ---------------------------------------------------------------- output safety
# What the head of each kind of file this tool writes holds; an existing file
# without any of these was not written by it (or was edited beyond recognition).
_MARKERS = (
    b"urn:meetup-kg:",  # turtle, json-ld
    b"<gexf",
    b"<graphml",
    b'{"directed": true',  # node-link graph
    b"id:ID,:LABEL",  # neo4j nodes.csv
    b":START_ID,",  # neo4j relationships.csv
    b"neo4j-admin database import",  # import.sh
    b'{"doc": "',  # extract's JSON lines
    b'"entity:ALL"',  # evaluate --json
)
_HTML_MARKER = b'id="kg-data"'  # the data island of every page render.py writes


def written_by_us(path: str | Path) -> bool:
    """True if ``path`` is missing or empty, or looks like a file this tool writes
    (a graph, a page, an export, records, scores): overwriting it loses nothing the
    next run cannot make again.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "notes.txt").write_text("my notes")
    >>> written_by_us(d / "notes.txt"), written_by_us(d / "new.json")
    (False, True)
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(8192)
            if not head.strip():
                return True
            if any(m in head for m in _MARKERS):
                return True
            if head.lstrip().lower().startswith(b"<!doctype html"):
                tail = head[-len(_HTML_MARKER) :]
                while chunk := fh.read(1 << 20):
                    if _HTML_MARKER in tail + chunk:
                        return True
                    tail = chunk[-len(_HTML_MARKER) :]
                return _HTML_MARKER in head
    except FileNotFoundError:
        return True
    except IsADirectoryError:
        return False
    except OSError:
        return True  # unreadable: the write itself will say why it fails
    return False


def guard_output(
    target: str | Path,
    inputs: Iterable[str | Path] = (),
    *,
    scanned: tuple[str, ...] = (".md", ".markdown"),
    force: bool = False,
    what: str = "file",
    previous: Iterable[str | Path] = (),
    read_as: str = "an article",
) -> None:
    """Refuse (:class:`~extractor.errors.OutputError`) an output path that is one of
    ``inputs``, lies inside an input folder with a suffix the next scan reads
    (``scanned``), is a folder (for a file) or a file (for a folder), or is an existing
    file this tool did not write, unless ``force`` or it is one of ``previous`` (the
    outputs of an earlier build, as its stamp lists them).

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> guard_output(d / "out.md", [d])
    Traceback (most recent call last):
    ...
    extractor.errors.OutputError: .../out.md: lies inside the input folder ... and would be read as an article by the next run (expected an output outside the input folders, or another suffix)
    """
    from .errors import OutputError

    t = Path(target)
    real = Path(os.path.realpath(t))
    for p in inputs:
        src = Path(p)
        src_real = Path(os.path.realpath(src))
        if src.is_dir():
            if real == src_real:
                if what == "file":
                    raise OutputError(t, "is an input folder", expected="a file path")
                continue
            inside = src_real in real.parents
            hidden = inside and any(
                part.startswith(".") for part in real.relative_to(src_real).parts
            )
            if inside and not hidden and real.name.lower().endswith(scanned):
                raise OutputError(
                    t,
                    f"lies inside the input folder {src} and would be read as {read_as} "
                    "by the next run",
                    expected="an output outside the input folders, or another suffix",
                )
        elif real == src_real or (t.exists() and src.exists() and _same(t, src)):
            raise OutputError(t, "is an input file", expected="an output path that is no input")
    if what == "file" and t.is_dir():
        raise OutputError(t, "is a folder", expected="a file path")
    if what == "file" and t.exists() and not t.is_file():
        # (replacing /dev/null or a FIFO by a regular file is never what was meant)
        raise OutputError(
            t, "is not a regular file (a device, FIFO or socket)", expected="a file path"
        )
    if what == "folder" and t.exists() and not t.is_dir():
        raise OutputError(t, "is a file", expected="a folder path")
    earlier = {str(x) for x in previous}
    if (
        not force
        and what == "file"
        and str(t) not in earlier
        and t.exists()
        and not written_by_us(t)
    ):
        raise OutputError(
            t,
            "exists and was not written by meetup-kg; not overwritten",
            expected="a new path, an earlier output of meetup-kg, or --force",
        )


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
