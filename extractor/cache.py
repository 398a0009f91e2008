"""Incremental builds: per-article records cached by file hash, doc path and extractor fingerprint.

A cache directory holds one JSON-lines file per extractor *fingerprint*
(package version, the extractor's ``*.py`` sources, every file under
``extractor/data/``, the jieba and spaCy versions, and the registry file's
bytes).  Each line is one article::

    {"doc": "2025/a.md", "sha256": "<hash of the file bytes>", "record": {...}}

A record is reused only when the fingerprint, the ``doc`` path and the hash of
the file's bytes all match, so changing the code, the vocabulary, the registry
or the article re-extracts it.  ``record`` holds every field of the
:class:`~extractor.model.DocumentRecord` dataclasses (not the shorter
``to_dict`` form, which leaves out fields the graph builder reads, such as a
relation's ``source_type``), and a record is stored only if it reads back
equal to the original, so a cached build gives the same records as a fresh one.

Files are replaced atomically; a damaged line is skipped (that article is
extracted again), never fatal.  Problems are not cached: most are cheap to
find again (decoding, front matter) and some are transient (permission
denied, a file removed during the run, a missing extraction stage).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import types
from functools import cache
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

from .model import DocumentRecord

__all__ = [
    "CACHE_DIRNAME",
    "RecordCache",
    "decode_record",
    "encode_record",
    "file_sha256",
    "fingerprint",
]

CACHE_DIRNAME = ".meetup-kg-cache"
FORMAT = 1  # bump when the layout of the cache files changes
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
    for dist in ("jieba", "spacy", "opencc-python-reimplemented"):
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
    """sha256 of a file's bytes, or None if it cannot be read (extraction then says why)."""
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


# ---------------------------------------------------------------- records <-> JSON
def encode_record(rec: DocumentRecord) -> dict[str, Any]:
    """Every field of ``rec`` as JSON-ready data (tuples become lists).

    >>> from extractor.model import Relation
    >>> r = DocumentRecord("a.md", None, [], [], [Relation("member_of", "张三", "Kernel")])
    >>> decode_record(encode_record(r)) == r
    True
    """
    return dataclasses.asdict(rec)


def decode_record(data: dict[str, Any]) -> DocumentRecord:
    """Inverse of :func:`encode_record`; raises ValueError on data of the wrong shape."""
    try:
        return _decode(DocumentRecord, data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"not an encoded DocumentRecord: {exc}") from exc


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _decode(tp: Any, v: Any) -> Any:
    """Rebuild a value of type ``tp`` from JSON data, following the dataclass annotations."""
    if tp is Any:
        return v
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        if v is None:
            return None
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return _decode(args[0], v)
        for a in args:  # first alternative the value fits
            try:
                return _decode(a, v)
            except (KeyError, TypeError, ValueError, AttributeError):
                continue
        raise TypeError(f"{v!r} fits none of {tp}")
    if origin is list:
        (a,) = get_args(tp) or (Any,)
        _check(v, list)
        return [_decode(a, x) for x in v]
    if origin is tuple:
        _check(v, list)
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], x) for x in v)
        return tuple(_decode(a, x) for a, x in zip(args, v, strict=True))
    if origin is dict:
        _check(v, dict)
        _, vt = get_args(tp) or (str, Any)
        return {k: _decode(vt, x) for k, x in v.items()}
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        _check(v, dict)
        hints = _hints(tp)
        kw = {f.name: _decode(hints[f.name], v[f.name]) for f in dataclasses.fields(tp) if f.init}
        return tp(**kw)
    if tp is float:
        _check(v, (int, float))
        return float(v)
    if tp in (str, int, bool):
        _check(v, tp)
        return v
    if tp is type(None):
        if v is not None:
            raise TypeError(f"expected null, got {v!r}")
        return None
    return v


def _check(v: Any, tp: type | tuple[type, ...]) -> None:
    if not isinstance(v, tp) or (tp is int and isinstance(v, bool)):
        raise TypeError(f"expected {tp}, got {type(v).__name__}")


def entry_line(doc: str, sha: str, rec: DocumentRecord) -> str | None:
    """The cache line for ``rec``, or None if the record would not read back equal."""
    data = encode_record(rec)
    try:
        line = json.dumps(
            {"doc": doc, "sha256": sha, "record": data}, ensure_ascii=False, separators=(",", ":")
        )
        if decode_record(json.loads(line)["record"]) != rec:
            return None
    except (TypeError, ValueError):  # values JSON cannot hold, e.g. sets in attrs
        return None
    return line


# ---------------------------------------------------------------- the cache
class RecordCache:
    """Cached records of one extractor fingerprint in ``directory``.

    >>> import tempfile
    >>> from extractor.model import DocumentRecord
    >>> d = tempfile.mkdtemp()
    >>> c = RecordCache(d, "f" * 64)
    >>> rec = DocumentRecord("a.md", None, [], [], [])
    >>> c.put("a.md", "0" * 64, entry_line("a.md", "0" * 64, rec))
    >>> c.save()
    >>> RecordCache(d, "f" * 64).get("a.md", "0" * 64) == rec
    True
    """

    def __init__(self, directory: str | Path, fp: str) -> None:
        self.dir = Path(directory)
        self.fp = fp
        self.path = self.dir / f"records-{fp[:32]}.jsonl"
        self._old: dict[str, tuple[str, str]] = {}  # doc -> (sha256, line)
        self._new: dict[str, tuple[str, str]] = {}
        self._seen: set[str] = set()
        self.corrupt = 0  # damaged lines skipped while loading
        self._load()

    def _load(self) -> None:
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return
        for line in text.splitlines():
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                doc, sha = entry["doc"], entry["sha256"]
                if not (isinstance(doc, str) and isinstance(sha, str)) or "record" not in entry:
                    raise ValueError("missing fields")
            except (ValueError, TypeError, KeyError):
                self.corrupt += 1
                continue
            self._old[doc] = (sha, line)

    def get(self, doc: str, sha: str) -> DocumentRecord | None:
        """The cached record of ``doc`` if the file's hash still matches, else None."""
        self._seen.add(doc)
        hit = self._old.get(doc)
        if hit is None or hit[0] != sha:
            return None
        try:
            rec = decode_record(json.loads(hit[1])["record"])
        except (ValueError, KeyError, TypeError):
            self.corrupt += 1
            del self._old[doc]
            return None
        if rec.doc != doc:
            self.corrupt += 1
            del self._old[doc]
            return None
        self._new[doc] = hit
        return rec

    def put(self, doc: str, sha: str, line: str | None) -> None:
        """Remember a freshly extracted record (``line`` from :func:`entry_line`)."""
        self._seen.add(doc)
        if line is not None:
            self._new[doc] = (sha, line)

    def save(self) -> None:
        """Write the cache file: this run's records, plus old ones of documents not seen."""
        keep = {d: e for d, e in self._old.items() if d not in self._seen}
        keep.update(self._new)
        unchanged = keep.keys() == self._old.keys() and all(
            keep[d][0] == self._old[d][0] for d in keep
        )
        self.dir.mkdir(parents=True, exist_ok=True)
        self._tag()
        if unchanged and self.path.exists() and not self.corrupt:
            os.utime(self.path)  # mark as recently used for pruning
        else:
            from .fsio import atomic_write_text

            atomic_write_text(self.path, "".join(keep[d][1] + "\n" for d in sorted(keep)))
            self._old = dict(keep)
        self._prune()

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
        try:
            files = sorted(
                self.dir.glob("records-*.jsonl"), key=lambda p: p.stat().st_mtime, reverse=True
            )
        except OSError:
            return
        for p in [f for f in files if f != self.path][KEEP - 1 :]:
            try:
                p.unlink()
            except OSError:
                pass
