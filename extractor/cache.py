"""Incremental builds: per-article records cached by file hash, doc path and extractor fingerprint.

A cache directory holds one file per extractor *fingerprint* (package
version, the extractor's ``*.py`` sources, every file under
``extractor/data/``, the versions of jieba, spaCy, OpenCC, networkx and pyvis,
and the registry file's bytes).  Each line is one article, three fields
separated by tabs (so the index is read without parsing the records)::

    <sha256 of the file bytes>\t"2025/a.md"\t{...record as JSON...}

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
import math
import os
import types
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

from .model import DocumentRecord

__all__ = [
    "CACHE_DIRNAME",
    "BuildStamp",
    "RecordCache",
    "decode_record",
    "encode_record",
    "file_sha256",
    "fingerprint",
]

CACHE_DIRNAME = ".meetup-kg-cache"
FORMAT = 2  # bump when the layout of the cache files changes
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
    """sha256 of a file's bytes, or None if it cannot be read (extraction then says why)."""
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


# ---------------------------------------------------------------- records <-> JSON
# Encoders and decoders are built once per type from the dataclass annotations,
# so a cache of 10,000 records reads back in a fraction of a second.
Codec = Callable[[Any], Any]


def encode_record(rec: DocumentRecord) -> dict[str, Any]:
    """Every field of ``rec`` as JSON-ready data (tuples become lists).

    >>> from extractor.model import Relation
    >>> r = DocumentRecord("a.md", None, [], [], [Relation("member_of", "张三", "Kernel")])
    >>> decode_record(encode_record(r)) == r
    True
    """
    return _encoder(DocumentRecord)(rec)


def decode_record(data: dict[str, Any], strings: dict[str, str] | None = None) -> DocumentRecord:
    """Inverse of :func:`encode_record`; raises ValueError on data of the wrong shape.

    Equal strings are shared through ``strings`` (a dict kept across calls), as
    they are in records made by the extractor: JSON would give every
    occurrence of an evidence sentence or a path its own copy.
    """
    global _strings
    _strings = strings if strings is not None else {}
    try:
        return _decoder(DocumentRecord)(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"not an encoded DocumentRecord: {exc}") from exc
    finally:
        _strings = {}


_strings: dict[str, str] = {}


def _same(v: Any) -> Any:
    return v


def _fields(tp: type) -> list[tuple[str, Any]]:
    hints = get_type_hints(tp)
    return [(f.name, hints[f.name]) for f in dataclasses.fields(tp) if f.init]


@cache
def _encoder(tp: Any) -> Codec:
    """A function turning a value of type ``tp`` into JSON-ready data."""
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1:
            inner = _encoder(args[0])
            return _same if inner is _same else (lambda v: None if v is None else inner(v))
        return _encode_any
    if origin in (list, tuple):
        args = [a for a in get_args(tp) if a is not Ellipsis]
        if len(set(args)) == 1:
            item = _encoder(args[0])
            if item is _same:
                return list
            return lambda v: [item(x) for x in v]
        return _encode_any
    if origin is dict:
        val = _encoder((get_args(tp) or (str, Any))[1])
        return dict if val is _same else (lambda v: {k: val(x) for k, x in v.items()})
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        codecs: list[tuple[str, Codec]] = []

        def enc(v: Any) -> dict[str, Any]:
            if not codecs:  # built on first use: annotations may refer to later types
                codecs.extend((n, _encoder(t)) for n, t in _fields(tp))
            return {n: c(getattr(v, n)) for n, c in codecs}

        return enc
    if tp in (str, int, float, bool, type(None)):
        return _same
    return _encode_any


def _encode_any(v: Any) -> Any:
    """Values typed ``Any``: dataclasses become dicts, the rest is left to ``json``."""
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return _encoder(type(v))(v)
    if isinstance(v, (list, tuple)):
        return [_encode_any(x) for x in v]
    if isinstance(v, dict):
        return {k: _encode_any(x) for k, x in v.items()}
    return v


# An encoder that also proves the round trip: it accepts a value only if JSON gives
# it back equal (exact types, str keys, finite floats), so a cache line is checked
# without decoding it again, which cost more than writing it.  Anything it cannot
# vouch for (a tuple in ``attrs``, a subclass, a dataclass with __post_init__) is
# left to the decoding check.
class _Inexact(Exception):
    """A value :func:`_exact_encoder` cannot show to read back equal."""


def _inexact(v: Any) -> Any:
    raise _Inexact


def _exact_scalar(tp: type) -> Codec:
    def enc(v: Any) -> Any:
        if type(v) is not tp:
            raise _Inexact
        return v

    return enc


def _exact_float(v: Any) -> Any:
    if type(v) is int or (type(v) is float and math.isfinite(v)):
        return v
    raise _Inexact


def _exact_any(v: Any) -> Any:
    """Values typed ``Any`` come back as JSON builds them: str, int, float, bool, None, list, dict."""
    t = type(v)
    if t is str or t is int or t is bool or v is None:
        return v
    if t is float:
        return _exact_float(v)
    if t is list:
        return [_exact_any(x) for x in v]
    if t is dict and all(type(k) is str for k in v):
        return {k: _exact_any(x) for k, x in v.items()}
    raise _Inexact


@cache
def _exact_encoder(tp: Any) -> Codec:
    """Like :func:`_encoder`, but raising :class:`_Inexact` for a value that would not
    decode (:func:`_decoder`) to an equal one."""
    if tp is Any:
        return _exact_any
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) != 1 or len(get_args(tp)) != 2:
            return _inexact  # several alternatives: decoding takes the first that fits
        inner = _exact_encoder(args[0])
        return lambda v: None if v is None else inner(v)
    if origin is list:
        item = _exact_encoder((get_args(tp) or (Any,))[0])

        def enc_list(v: Any) -> list[Any]:
            if type(v) is not list:
                raise _Inexact
            return [item(x) for x in v]

        return enc_list
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            each = _exact_encoder(args[0])
            encs = None
        else:
            encs = [_exact_encoder(a) for a in args]

        def enc_tuple(v: Any) -> list[Any]:
            if type(v) is not tuple:
                raise _Inexact
            if encs is None:
                return [each(x) for x in v]
            if len(v) != len(encs):
                raise _Inexact
            return [e(x) for e, x in zip(encs, v, strict=True)]

        return enc_tuple
    if origin is dict:
        key_tp, val_tp = get_args(tp) or (str, Any)
        if key_tp is not str:
            return _inexact
        val = _exact_encoder(val_tp)

        def enc_dict(v: Any) -> dict[str, Any]:
            if type(v) is not dict or not all(type(k) is str for k in v):
                raise _Inexact
            return {k: val(x) for k, x in v.items()}

        return enc_dict
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        if hasattr(tp, "__post_init__") or not all(f.init for f in dataclasses.fields(tp)):
            return _inexact  # decoding would not simply set the fields back
        codecs: list[tuple[str, Codec]] = []

        def enc_dc(v: Any) -> dict[str, Any]:
            if type(v) is not tp:
                raise _Inexact
            if not codecs:  # built on first use: annotations may refer to later types
                codecs.extend((n, _exact_encoder(t)) for n, t in _fields(tp))
            return {n: c(getattr(v, n)) for n, c in codecs}

        return enc_dc
    if tp is float:
        return _exact_float
    if tp in (str, int, bool):
        return _exact_scalar(tp)
    return _inexact


@cache
def _decoder(tp: Any) -> Codec:
    """A function rebuilding a value of type ``tp`` from JSON data, checking its shape."""
    if tp is Any:
        return _same
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        nullable = type(None) in get_args(tp)
        alts = [_decoder(a) for a in get_args(tp) if a is not type(None)]
        if len(alts) == 1:
            (one,) = alts

            def opt(v: Any) -> Any:
                if v is None:
                    if nullable:
                        return None
                    raise TypeError(f"null is not a {tp}")
                return one(v)

            return opt

        def union(v: Any) -> Any:
            if v is None and nullable:
                return None
            for alt in alts:  # the first alternative the value fits
                try:
                    return alt(v)
                except (KeyError, TypeError, ValueError, AttributeError):
                    continue
            raise TypeError(f"{v!r} fits none of {tp}")

        return union
    if origin is list:
        item = _decoder((get_args(tp) or (Any,))[0])

        def dec_list(v: Any) -> list[Any]:
            if not isinstance(v, list):
                raise _wrong(v, list)
            return list(v) if item is _same else [item(x) for x in v]

        return dec_list
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            each = _decoder(args[0])

            def dec_var(v: Any) -> tuple[Any, ...]:
                if not isinstance(v, list):
                    raise _wrong(v, list)
                return tuple([each(x) for x in v])

            return dec_var
        decs = [_decoder(a) for a in args]

        def dec_tuple(v: Any) -> tuple[Any, ...]:
            if not isinstance(v, list):
                raise _wrong(v, list)
            return tuple([d(x) for d, x in zip(decs, v, strict=True)])

        return dec_tuple
    if origin is dict:
        val = _decoder((get_args(tp) or (str, Any))[1])

        def dec_dict(v: Any) -> dict[Any, Any]:
            if not isinstance(v, dict):
                raise _wrong(v, dict)
            return dict(v) if val is _same else {k: val(x) for k, x in v.items()}

        return dec_dict
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        codecs: list[tuple[str, Codec]] = []
        # positional arguments (fields in __init__ order) cost less than keywords
        by_name = any(f.kw_only is True for f in dataclasses.fields(tp))

        def dec_dc(v: Any) -> Any:
            if not codecs:
                codecs.extend((n, _decoder(t)) for n, t in _fields(tp))
            if not isinstance(v, dict):
                raise _wrong(v, dict)
            if by_name:
                return tp(**{n: c(v[n]) for n, c in codecs})
            return tp(*[c(v[n]) for n, c in codecs])

        return dec_dc
    if tp is float:

        def dec_float(v: Any) -> float:
            if not isinstance(v, (int, float)):
                raise _wrong(v, float)
            return float(v)

        return dec_float
    if tp is str:

        def dec_str(v: Any) -> str:
            if not isinstance(v, str):
                raise _wrong(v, str)
            return _strings.setdefault(v, v)

        return dec_str
    if tp in (int, bool, type(None)):

        def dec_plain(v: Any) -> Any:
            if not isinstance(v, tp) or (tp is int and isinstance(v, bool)):
                raise _wrong(v, tp)
            return v

        return dec_plain
    return _same


def _wrong(v: Any, tp: type) -> TypeError:
    """The error for a value of the wrong type (checks are inlined: decoding a cache of
    10,000 records checks millions of values)."""
    return TypeError(f"expected {tp}, got {type(v).__name__}")


def entry_line(doc: str, sha: str, rec: DocumentRecord) -> str | None:
    """The cache line for ``rec``, or None if the record would not read back equal."""
    try:
        try:
            text = _dumps(_exact_encoder(DocumentRecord)(rec))
        except _Inexact:  # not shown exact while encoding: decode it and compare
            text = _dumps(encode_record(rec))
            if decode_record(json.loads(text)) != rec:
                return None
    except (TypeError, ValueError):  # values JSON cannot hold, e.g. sets in attrs
        return None
    return f"{sha}\t{json.dumps(doc, ensure_ascii=False)}\t{text}"


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


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
        self.path = self.dir / f"records-{fp[:32]}.tsv"
        self._blob = b""  # the cache file; records are parsed only when asked for
        self._old: dict[str, tuple[str, int, int, int]] = {}  # doc -> (sha, line, json, end)
        self._new: dict[str, tuple[str, bytes | None]] = {}  # doc -> (sha, line or None: old)
        self._seen: set[str] = set()
        self._strings: dict[str, str] = {}
        self.corrupt = 0  # damaged lines skipped
        self._load()

    def _load(self) -> None:
        try:
            blob = self.path.read_bytes()
        except OSError:
            return
        self._blob = blob
        pos, n = 0, len(blob)
        while pos < n:
            end = blob.find(b"\n", pos)
            end = n if end < 0 else end
            t1 = blob.find(b"\t", pos, end)
            t2 = blob.find(b"\t", t1 + 1, end) if t1 >= 0 else -1
            if t2 > 0:
                try:
                    sha = blob[pos:t1].decode("ascii")
                    doc = json.loads(blob[t1 + 1 : t2])
                except ValueError:
                    doc = None
                if isinstance(doc, str) and len(sha) == 64:
                    self._old[doc] = (sha, pos, t2 + 1, end)
                else:
                    self.corrupt += 1
            elif end > pos:
                self.corrupt += 1
            pos = end + 1

    def has(self, doc: str, sha: str) -> bool:
        """True if a record of ``doc`` with this file hash is cached (it is not read)."""
        hit = self._old.get(doc)
        return hit is not None and hit[0] == sha

    def get(self, doc: str, sha: str) -> DocumentRecord | None:
        """The cached record of ``doc`` if the file's hash still matches, else None."""
        self._seen.add(doc)
        hit = self._old.get(doc)
        if hit is None or hit[0] != sha:
            return None
        try:
            rec = decode_record(json.loads(self._blob[hit[2] : hit[3]]), self._strings)
        except (ValueError, KeyError, TypeError):
            rec = None
        if rec is None or rec.doc != doc:
            self.corrupt += 1
            del self._old[doc]
            return None
        self._new[doc] = (sha, None)
        return rec

    def put(self, doc: str, sha: str, line: str | bytes | None) -> None:
        """Remember a freshly extracted record (``line`` from :func:`entry_line`, or
        that line encoded as UTF-8)."""
        self._seen.add(doc)
        if isinstance(line, str):
            line = line.encode("utf-8")
        if line is not None:
            self._new[doc] = (sha, line)

    def save(self) -> None:
        """Write the cache file: this run's records, plus old ones of documents not seen."""
        self._strings = {}
        keep = {d: (e[0], None) for d, e in self._old.items() if d not in self._seen}
        keep.update(self._new)
        unchanged = all(line is None for _, line in keep.values()) and len(keep) == len(self._old)
        self.dir.mkdir(parents=True, exist_ok=True)
        self._tag()
        if unchanged and self.path.exists() and not self.corrupt:
            os.utime(self.path)  # mark as recently used for pruning
        else:
            from .fsio import atomic_write_bytes

            parts = []
            for d in sorted(keep):
                line = keep[d][1]
                if line is None:
                    _, start, _, end = self._old[d]
                    line = self._blob[start:end]
                parts.append(line + b"\n")
            atomic_write_bytes(self.path, b"".join(parts))
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
                self.dir.glob("records-*.*"), key=lambda p: p.stat().st_mtime, reverse=True
            )
        except OSError:
            return
        for p in [f for f in files if f != self.path][KEEP - 1 :]:
            try:
                p.unlink()
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
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return summary if isinstance(summary, dict) else None

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
