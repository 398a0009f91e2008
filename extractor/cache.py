"""Incremental builds: per-article records cached by file hash, doc path and extractor fingerprint.

A cache directory holds one file per extractor *fingerprint* (package
version, the extractor's ``*.py`` sources, every file under
``extractor/data/``, the versions of jieba, spaCy, OpenCC, networkx and pyvis,
and the registry file's bytes).  After a first line naming the format, each
article is one entry, a header line and the record's bytes (so the index is
read without loading any record)::

    <sha256 of the file bytes>\t"2025/a.md"\t<size>\n<size bytes: the record>\n

A record is reused only when the fingerprint, the ``doc`` path and the hash of
the file's bytes all match, so changing the code, the vocabulary, the registry
or the article re-extracts it.  The record is the whole
:class:`~extractor.model.DocumentRecord` (not the shorter ``to_dict`` form,
which leaves out fields the graph builder reads, such as a relation's
``source_type``), pickled: it reads back exactly as it was, so a cached build
gives the same records as a fresh one, and pickling is what a worker process
does to send a record anyway (the bytes are made once, in the worker).  Only
the dataclasses of :mod:`extractor.model` and plain values are loaded back;
any other class named in a cache file makes that entry a damaged one.

Files are replaced atomically; a damaged entry is skipped (that article is
extracted again; after a damaged header, the rest of the file is), never
fatal.  Problems are not cached: most are cheap to find again (decoding, front
matter) and some are transient (permission denied, a file removed during the
run, a missing extraction stage).
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import pickle
import types
import typing
from functools import cache
from pathlib import Path
from typing import Any

from .model import DocumentRecord

__all__ = [
    "CACHE_DIRNAME",
    "BuildStamp",
    "RecordCache",
    "dump_record",
    "file_sha256",
    "fingerprint",
    "load_record",
]

CACHE_DIRNAME = ".meetup-kg-cache"
FORMAT = 3  # bump when the layout of the cache files changes
KEEP = 4  # cache files (fingerprints) kept per directory, most recently used first
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# meetup-kg record cache; safe to delete.\n"


# ---------------------------------------------------------------- fingerprint
@cache
def _code_digest() -> str:
    """Hash of the package version, its Python sources, its data files and key dependencies."""
    import importlib
    from importlib import metadata

    version = getattr(importlib.import_module(__package__ or "extractor"), "__version__", "?")
    pkg = Path(__file__).resolve().parent
    h = hashlib.sha256(f"meetup-kg {version} cache-format {FORMAT}\n".encode())
    for dist in ("jieba", "spacy", "opencc-python-reimplemented", "networkx", "pyvis"):
        try:
            h.update(f"{dist} {metadata.version(dist)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist} absent\n".encode())
    files = sorted(p for p in pkg.glob("*.py") if p.is_file())
    data = pkg / "data"
    if data.is_dir():
        files += sorted(p for p in data.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for p in files:
        h.update(p.relative_to(pkg).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def fingerprint(registry: str | Path | None = None) -> str:
    """A hex digest that changes whenever the extractor or the registry changes.

    >>> fingerprint() == fingerprint()
    True
    >>> len(fingerprint())
    64
    """
    h = hashlib.sha256(_code_digest().encode())
    if registry is not None:
        try:
            h.update(b"registry\0" + Path(registry).read_bytes())
        except OSError as exc:  # extraction reports the unreadable registry itself
            h.update(f"registry unreadable: {exc}".encode())
    return h.hexdigest()


def file_sha256(path: str | Path) -> str | None:
    """sha256 of a file's bytes, or None if it cannot be read or is no regular file
    (extraction then says why; opening a FIFO without O_NONBLOCK would wait forever)."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb") as fh:
            fd = -1  # closed with fh
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None
    finally:
        if fd >= 0:
            os.close(fd)


# ---------------------------------------------------------------- records <-> bytes
@cache
def _record_classes() -> dict[str, type]:
    """The dataclasses of :mod:`extractor.model`, by name: all a record is made of."""
    from . import model

    return {
        name: cls
        for name, cls in vars(model).items()
        if isinstance(cls, type)
        and dataclasses.is_dataclass(cls)
        and cls.__module__ == model.__name__
    }


class _RecordUnpickler(pickle.Unpickler):
    """Loads the dataclasses of :mod:`extractor.model` and plain values, nothing else:
    a cache file is data, and a tampered one must not be able to run code."""

    def find_class(self, module: str, name: str) -> Any:
        cls = _record_classes().get(name) if module == DocumentRecord.__module__ else None
        if cls is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a document record")
        return cls


def dump_record(rec: DocumentRecord) -> bytes | None:
    """``rec`` as bytes for the cache (and for a worker to send), or None if it cannot be
    stored (an attribute value pickle cannot hold).

    Pickle keeps every type as it was (tuples, sets, NaN, int keys) and shares
    equal strings within a record the way the extractor's records do.

    >>> from extractor.model import Relation
    >>> r = DocumentRecord("a.md", None, [], [], [Relation("member_of", "张三", "Kernel")])
    >>> load_record(dump_record(r)) == r
    True
    """
    try:
        return pickle.dumps(rec, protocol=5)
    except Exception:  # e.g. a lambda or an open file in attrs
        return None


@cache
def _hints(cls: type) -> tuple[tuple[str, Any], ...]:
    """(field name, resolved type) of a model dataclass."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints.get(f.name, Any)) for f in dataclasses.fields(cls))


_DEPTH = 40  # nesting a record may have (model dataclasses inside lists inside ...)


@cache
def _checker(hint: Any) -> Any:
    """A function ``(value, depth) -> bool`` telling whether ``value`` has the type ``hint``
    (the subset of typing the model uses: dataclasses, ``X | None``, ``list[X]``,
    ``tuple[X, ...]``, ``dict[K, V]``, Any), made once per type: records are checked
    on every cache hit."""
    if hint is Any:
        return lambda v, d: True
    if hint is None or hint is type(None):
        return lambda v, d: v is None
    if hint is str or hint is bool:
        return lambda v, d: type(v) is hint
    if hint is int:
        return lambda v, d: type(v) is int
    if hint is float:
        return lambda v, d: type(v) is float or type(v) is int
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Union or origin is types.UnionType:
        if len(args) == 2 and type(None) in args:  # X | None
            other = _checker(next(a for a in args if a is not type(None)))
            return lambda v, d: v is None or other(v, d)
        parts = [_checker(a) for a in args]
        return lambda v, d: any(p(v, d) for p in parts)
    if origin is not None:
        if not args:
            return lambda v, d: isinstance(v, origin)
        if origin in (list, set, frozenset) or (
            origin is tuple and len(args) == 2 and args[1] is Ellipsis
        ):
            if args[0] is str:  # the usual case, without a call per item
                return lambda v, d: isinstance(v, origin) and all(type(x) is str for x in v)
            item = _checker(args[0])
            return lambda v, d: (
                isinstance(v, origin) and d < _DEPTH and all(item(x, d + 1) for x in v)
            )
        if origin is tuple:
            items = [_checker(a) for a in args]
            return lambda v, d: (
                isinstance(v, tuple)
                and len(v) == len(items)
                and d < _DEPTH
                and all(c(x, d + 1) for c, x in zip(items, v, strict=True))
            )
        if origin is dict:
            key, val = _checker(args[0]), _checker(args[1])
            return lambda v, d: (
                isinstance(v, dict)
                and d < _DEPTH
                and all(key(k, d + 1) and val(x, d + 1) for k, x in v.items())
            )
        return lambda v, d: isinstance(v, origin)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        # filled on first use (the types may refer back); a plain type is checked inline
        fields: list[tuple[str, type | None, Any]] = []

        def check(v: Any, d: int) -> bool:
            if type(v) is not hint or d >= _DEPTH:
                return False
            if not fields:
                for name, h in _hints(hint):
                    plain = h if h in (str, int, bool) else None
                    fields.append((name, plain, None if plain else _checker(h)))
            state = v.__dict__
            try:
                for name, plain, c in fields:
                    if plain is not None:
                        if type(state[name]) is not plain:
                            return False
                    elif not c(state[name], d + 1):
                        return False
            except KeyError:  # a field an older layout did not have
                return False
            return True

        return check
    if isinstance(hint, type):
        return lambda v, d: isinstance(v, hint)
    return lambda v, d: True


def _conforms(value: Any, hint: Any) -> bool:
    """True if ``value`` has the type ``hint`` (see :func:`_checker`)."""
    return bool(_checker(hint)(value, 0))


def valid_record(rec: Any) -> bool:
    """True if ``rec`` is a :class:`DocumentRecord` whose every field, at every level,
    has the type the model declares: a cached record of an older layout or an edited
    one is extracted again instead of failing the build later.

    >>> valid_record(DocumentRecord("a.md", None, [], [], []))
    True
    >>> valid_record(DocumentRecord("a.md", None, "not a list", [], []))
    False
    """
    return _conforms(rec, DocumentRecord)


def load_record(data: bytes) -> DocumentRecord:
    """Inverse of :func:`dump_record`; raises ValueError for anything but a record (damaged
    bytes, another object, a class from outside :mod:`extractor.model`, a field of the
    wrong type or a missing one).

    >>> import pickle, os
    >>> load_record(pickle.dumps(os.system))
    Traceback (most recent call last):
    ...
    ValueError: not a cached DocumentRecord: posix.system is not part of a document record
    """
    try:
        rec = _RecordUnpickler(io.BytesIO(data)).load()
    except Exception as exc:
        raise ValueError(f"not a cached DocumentRecord: {exc}") from exc
    if not isinstance(rec, DocumentRecord):
        raise ValueError(f"not a cached DocumentRecord: {type(rec).__name__}")
    try:
        ok = valid_record(rec)
    except Exception:  # e.g. a key that cannot be hashed or compared
        ok = False
    if not ok:
        raise ValueError("not a cached DocumentRecord: a field is missing or of the wrong type")
    return rec


# ---------------------------------------------------------------- the cache
_MAGIC = b"meetup-kg record cache %d\n" % FORMAT
_INDEX_MAGIC = "meetup-kg record index 1"  # then the cache file's identity (see _file_id)


def write_stream(path: str | Path, fill: Any) -> None:
    """Write a file atomically through ``fill(binary file)`` (streamed, never held in
    memory as one ``bytes``); staged like :func:`extractor.fsio.atomic_write_bytes`."""
    import tempfile

    from .fsio import _STAGE, _commit, _umask, _unlink

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    owner = getattr(_STAGE, "owner", None) or os.getpid()
    fd, tmp = tempfile.mkstemp(
        prefix=f".{target.name[:100]}.{owner}.", suffix=".tmp", dir=target.parent
    )
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fill(fh)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        _unlink(tmp)
        raise
    _commit(target, tmp)


class RecordCache:
    """Cached records of one extractor fingerprint in ``directory``.

    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> c = RecordCache(d, "f" * 64)
    >>> rec = DocumentRecord("a.md", None, [], [], [])
    >>> c.put("a.md", "0" * 64, dump_record(rec))
    >>> c.save()
    >>> RecordCache(d, "f" * 64).get("a.md", "0" * 64) == rec
    True
    """

    def __init__(self, directory: str | Path, fp: str) -> None:
        self.dir = Path(directory)
        self.fp = fp
        self.path = self.dir / f"records-{fp[:32]}.bin"
        self.index_path = self.path.with_suffix(".idx")
        # the cache file, mapped (not read) when a record is first asked for: a build
        # whose records are all cached reads the index only
        self._map: Any = None
        self._old: dict[str, tuple[str, int, int, int]] = {}  # doc -> (sha, entry, data, end)
        # doc -> (sha, (offset, size) of the record in the spill file, or None: the old
        # entry kept)
        self._new: dict[str, tuple[str, tuple[int, int] | None]] = {}
        # this run's records, written to a temporary file as they come: at 100,000
        # articles they are ~1 GB, and a build holding them until :meth:`save` peaked
        # that much higher
        self._spill: Any = None
        self._spill_end = 0
        self._seen: set[str] = set()
        self.corrupt = 0  # damaged entries skipped
        self._load()

    @property
    def _blob(self) -> Any:
        """The cache file's bytes (mapped; empty when there is none)."""
        if self._map is None:
            self._map = b""
            try:
                with open(self.path, "rb") as fh:
                    import mmap

                    self._map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):  # (an empty file cannot be mapped)
                pass
        return self._map

    def _file_id(self) -> str | None:
        """Identity of the cache file as written: inode, size, modification time."""
        try:
            st = self.path.stat()
        except OSError:
            return None
        return f"{st.st_ino} {st.st_size} {st.st_mtime_ns}"

    def _load(self) -> None:
        """Read the index file written with the cache file; without one (or for another
        cache file) index the entries of the cache file itself."""
        fid = self._file_id()
        if fid is None:
            return
        try:
            with open(self.index_path, encoding="utf-8") as fh:
                if fh.readline() == f"{_INDEX_MAGIC} {fid}\n":
                    old = {}
                    for line in fh:
                        sha, doc, a, b, c = line.rstrip("\n").split("\t")
                        old[json.loads(doc)] = (sha, int(a), int(b), int(c))
                    self._old = old
                    return
        except (OSError, ValueError, RecursionError):
            pass
        self._scan()

    def _scan(self) -> None:
        """Index the entries: ``<sha256>\\t<doc as JSON>\\t<size>\\n<size bytes>\\n`` each.
        Reading stops at the first damaged header (the entries after it are extracted
        again); a damaged record is found when it is loaded."""
        self._old = {}
        blob = self._blob
        if blob[: len(_MAGIC)] != _MAGIC:
            self.corrupt += bool(blob)
            return
        pos, n = len(_MAGIC), len(blob)
        while pos < n:
            try:
                eol = blob.find(b"\n", pos, min(n, pos + 4096))
                if eol < 0:
                    raise ValueError("no header end")
                sha_b, doc_b, size_b = blob[pos:eol].split(b"\t")
                sha, doc, size = sha_b.decode("ascii"), json.loads(doc_b), int(size_b)
                end = eol + 1 + size
                if len(sha) != 64 or not isinstance(doc, str) or size < 0 or end >= n:
                    raise ValueError("bad entry")
                if blob[end : end + 1] != b"\n":
                    raise ValueError("bad entry end")
            except (ValueError, RecursionError):  # (a header nested deep as JSON)
                self.corrupt += 1
                return
            self._old[doc] = (sha, pos, eol + 1, end)
            pos = end + 1

    def __len__(self) -> int:
        """Entries in the cache file (read or not)."""
        return len(self._old)

    def has(self, doc: str, sha: str) -> bool:
        """True if a record of ``doc`` with this file hash is cached (it is not read)."""
        hit = self._old.get(doc)
        return hit is not None and hit[0] == sha

    def get(self, doc: str, sha: str) -> DocumentRecord | None:
        """The cached record of ``doc`` if the file's hash still matches, else None."""
        self._seen.add(doc)
        rec = self.peek(doc, sha)
        if rec is None:
            if self.has(doc, sha):  # cached under this hash, but unreadable
                self.corrupt += 1
                del self._old[doc]
            return None
        self._new[doc] = (sha, None)
        return rec

    def peek(self, doc: str, sha: str) -> DocumentRecord | None:
        """The record of ``doc`` that the cache *file* held for this file hash (even one
        replaced in this run, not saved yet or saved since), else None; nothing is
        marked as used."""
        if not self.has(doc, sha):
            return None
        hit = self._old[doc]
        try:
            rec = load_record(self._blob[hit[2] : hit[3]])
        except ValueError:
            return None
        return rec if rec is not None and rec.doc == doc else None

    def put(self, doc: str, sha: str, data: bytes | None) -> None:
        """Remember a freshly extracted record (``data`` from :func:`dump_record`; None
        for a record that cannot be stored)."""
        self._seen.add(doc)
        if data is not None:
            self._new[doc] = (sha, self._stash(data))

    def _stash(self, data: bytes) -> tuple[int, int]:
        """Write ``data`` to the spill file; returns where it is."""
        if self._spill is None:
            import tempfile

            self._spill = tempfile.TemporaryFile(prefix="meetup-kg-records-")
            self._spill_end = 0
        at = self._spill_end
        self._spill.write(data)
        self._spill_end += len(data)
        return at, len(data)

    def _stashed(self, where: tuple[int, int]) -> bytes:
        """The bytes :meth:`_stash` wrote at ``where``."""
        at, size = where
        data = os.pread(self._spill.fileno(), size, at)
        if len(data) != size:
            raise OSError(f"{self._spill.name}: record spill file cut short")
        return data

    def save(self) -> None:
        """Write the cache file (this run's records, plus old ones of documents not seen)
        and its index, streamed: the cache file is never held in memory."""
        keep: dict[str, tuple[str, tuple[int, int] | None]] = {
            d: (e[0], None) for d, e in self._old.items() if d not in self._seen
        }
        keep.update(self._new)
        unchanged = all(data is None for _, data in keep.values()) and len(keep) == len(self._old)
        if self._spill is not None:
            self._spill.flush()
        self.dir.mkdir(parents=True, exist_ok=True)
        self._tag()
        if unchanged and self.path.exists() and not self.corrupt:
            mark = self.index_path if self.index_path.exists() else self.path
            os.utime(mark)  # mark as recently used for pruning
            if mark == self.path:
                self._write_index(self._old)
        else:
            index: dict[str, tuple[str, int, int, int]] = {}
            blob = self._blob

            def fill(fh: Any) -> None:
                fh.write(_MAGIC)
                pos = len(_MAGIC)
                for d in sorted(keep):
                    sha, where = keep[d]
                    if where is None:
                        _, start, at, end = self._old[d]
                        fh.write(blob[start : end + 1])
                        index[d] = (sha, pos, pos + at - start, pos + end - start)
                        pos += end + 1 - start
                        continue
                    data = self._stashed(where)
                    doc = json.dumps(d).encode("ascii")
                    head = b"%s\t%s\t%d\n" % (sha.encode("ascii"), doc, len(data))
                    fh.write(head)
                    fh.write(data)
                    fh.write(b"\n")
                    index[d] = (sha, pos, pos + len(head), pos + len(head) + len(data))
                    pos += len(head) + len(data) + 1

            write_stream(self.path, fill)
            self._write_index(index)
        self._prune()

    def _write_index(self, index: dict[str, tuple[str, int, int, int]]) -> None:
        """Write the index of the cache file as it is now (read instead of the file)."""
        fid = self._file_id()
        if fid is None:
            return
        lines = [f"{_INDEX_MAGIC} {fid}\n"]
        for d, (sha, a, b, c) in index.items():
            lines.append(f"{sha}\t{json.dumps(d)}\t{a}\t{b}\t{c}\n")
        from .fsio import atomic_write_text

        try:
            atomic_write_text(self.index_path, "".join(lines))
        except OSError:  # the cache file is read instead
            pass

    def _tag(self) -> None:
        """CACHEDIR.TAG keeps backups out; .gitignore keeps the cache out of commits."""
        for name, text in (("CACHEDIR.TAG", _TAG), (".gitignore", "*\n")):
            p = self.dir / name
            if not p.exists():
                try:
                    p.write_text(text, encoding="utf-8")
                except OSError:
                    pass

    def _prune(self) -> None:
        """Remove cache files of old fingerprints beyond the :data:`KEEP` most recent."""

        def used(p: Path) -> float:
            idx = p.with_suffix(".idx")
            return max(p.stat().st_mtime, idx.stat().st_mtime if idx.exists() else 0)

        try:
            files = sorted(self.dir.glob("records-*.bin"), key=used, reverse=True)
        except OSError:
            return
        for p in [f for f in files if f != self.path][KEEP - 1 :]:
            for q in (p, p.with_suffix(".idx")):
                try:
                    q.unlink()
                except OSError:
                    pass


# ---------------------------------------------------------------- whole builds
class BuildStamp:
    """What a build wrote for which inputs, so an identical rebuild can skip the writing.

    The key covers the extractor fingerprint (which includes graph.py and
    render.py), every input's ``doc`` and hash, the problems and the build's
    parameters; the stamp also keeps the hash of every file written.  A
    rebuild is skipped only if the key matches and every output file is
    still exactly as written.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> out = d / "g.json"
    >>> _ = out.write_text("{}")
    >>> st = BuildStamp(d, "g")
    >>> k = st.key("digest", name="g")
    >>> st.current(k, [out]) is None
    True
    >>> st.record(k, [out], {"articles": 0})
    >>> st.current(k, [out])
    {'articles': 0}
    >>> _ = out.write_text("[]")
    >>> st.current(k, [out]) is None
    True
    """

    def __init__(self, directory: str | Path, name: str) -> None:
        safe = hashlib.sha256(name.encode()).hexdigest()[:16]
        self.path = Path(directory) / f"build-{safe}.json"

    @staticmethod
    def key(inputs_digest: str, **params: Any) -> str:
        """A digest of the inputs and the build parameters (paths are made absolute)."""
        norm = {k: str(Path(v).resolve()) if isinstance(v, Path) else v for k, v in params.items()}
        blob = json.dumps([inputs_digest, norm], sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()

    def current(self, key: str, outputs: list[Path]) -> dict[str, Any] | None:
        """The summary stored with ``key`` if every output is still as written, else None."""
        try:
            stamp = json.loads(self.path.read_text(encoding="utf-8"))
            if stamp["key"] != key or sorted(stamp["outputs"]) != sorted(map(str, outputs)):
                return None
            for out in outputs:
                if file_sha256(out) != stamp["outputs"][str(out)]:
                    return None
            summary = stamp["summary"]
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return None
        # (printed as the build's summary: only names and counts, nothing to interpret)
        if not isinstance(summary, dict) or not all(
            isinstance(k, str) and k.isidentifier() and type(v) is int for k, v in summary.items()
        ):
            return None
        return summary

    def outputs(self) -> list[str]:
        """The files the last build with this stamp wrote (empty if unknown)."""
        try:
            stamp = json.loads(self.path.read_text(encoding="utf-8"))
            files = stamp["outputs"]
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return []
        return [f for f in files if isinstance(f, str)] if isinstance(files, dict) else []

    def record(self, key: str, outputs: list[Path], summary: dict[str, Any]) -> None:
        """Remember the outputs just written (a failure to write costs speed only)."""
        from .fsio import atomic_write_text

        data = {
            "key": key,
            "outputs": {str(o): file_sha256(o) for o in outputs},
            "summary": summary,
        }
        try:
            atomic_write_text(self.path, json.dumps(data, ensure_ascii=False))  # summary order kept
        except OSError:
            pass
