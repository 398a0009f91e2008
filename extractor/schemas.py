"""Typed reading of the data files a user hands in: registry, alias, graph and gold files.

Each file is read with a size limit, parsed (JSON or YAML) with a limit on
nesting, checked for lone surrogates and validated against a JSON Schema; any
failure is a :class:`~extractor.errors.DataFileError` (for a registry also a
``RegistryError``, for a graph a ``GraphError``) naming the file, the path of the
bad key inside it and what was expected, e.g.::

    reg.json: sigs[0].maintainers: got the number 5 (expected a list of people ...)

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "reg.json"
>>> _ = p.write_text('{"sigs": [{"name": "sig-a", "maintainers": 5}]}', encoding="utf-8")
>>> check_registry(p)
Traceback (most recent call last):
...
extractor.errors.RegistryFileError: ...reg.json: sigs[0].maintainers: got the number 5 (expected a list of people: objects with "name", "name_zh", "organization" strings)
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .errors import DataFileError, GraphFileError, RegistryFileError
from .model import ENTITY_TYPES

__all__ = [
    "MAX_DEPTH",
    "SCHEMAS",
    "check_gold",
    "check_registry",
    "load_alias_file",
    "load_graph",
    "read_data",
    "validate",
]

MAX_DEPTH = 64  # nesting of lists and mappings in any data file (real ones use < 10)
_MAX_BYTES = {
    "registry": 64 << 20,
    "aliases": 16 << 20,
    "gold": 16 << 20,
    "graph": 1 << 30,
}
_NOUN = {"registry": "registry", "aliases": "alias", "graph": "graph", "gold": "gold record"}
_MAX_YAML_VALUES = 1_000_000  # values visited in a YAML file (anchors can repeat one many times)

_STR = {"type": "string"}
_OPT_STR = {"type": ["string", "null"]}
_OPT_BOOL = {"type": ["boolean", "null"]}
_STRS = {"type": ["array", "null"], "items": _STR, "description": "a list of strings"}
_NAMES = {
    "type": "array",
    "items": {"type": "string", "minLength": 1, "pattern": r"\S"},
    "description": "a list of names",
}
_PEOPLE = {
    "type": ["array", "null"],
    "items": {
        "type": "object",
        "properties": {"name": _OPT_STR, "name_zh": _OPT_STR, "organization": _OPT_STR},
        "description": 'a person: an object with "name", "name_zh", "organization" strings',
    },
    "description": 'a list of people: objects with "name", "name_zh", "organization" strings',
}
_NODE_TYPES = ["Event", "Talk", *ENTITY_TYPES]

SCHEMAS: dict[str, dict[str, Any]] = {
    "registry": {
        "type": "object",
        "required": ["sigs"],
        "description": 'an object with a "sigs" list (see the README)',
        "properties": {
            "source": _OPT_STR,
            "sigs": {
                "type": "array",
                "description": "a list of SIG objects",
                "items": {
                    "type": "object",
                    "required": ["name"],
                    "description": 'a SIG: an object with a "name" string',
                    "properties": {
                        "name": {"type": "string", "minLength": 1, "description": "a SIG name"},
                        "dir": _OPT_STR,
                        "readme_title": _OPT_STR,
                        "description": _OPT_STR,
                        "archived": _OPT_BOOL,
                        "maintainers": _PEOPLE,
                        "committers": _PEOPLE,
                        "repositories": {**_STRS, "description": "a list of repository names"},
                    },
                },
            },
        },
    },
    "aliases": {
        "type": ["object", "null"],
        "description": 'a mapping with "same" and "not_same" lists (see the README)',
        "additionalProperties": False,
        "properties": {
            "same": {
                "type": ["array", "null"],
                "description": "a list of groups of names",
                "items": {
                    "anyOf": [
                        {**_NAMES, "minItems": 2},
                        {
                            "type": "object",
                            "required": ["type", "names"],
                            "additionalProperties": False,
                            "properties": {
                                "type": {"enum": _NODE_TYPES},
                                "names": {**_NAMES, "minItems": 2},
                            },
                        },
                    ],
                    "description": "a list of at least two names, or {type: NodeType, names: [...]}",
                },
            },
            "not_same": {
                "type": ["array", "null"],
                "description": "a list of groups of names",
                "items": {**_NAMES, "minItems": 1},
            },
        },
    },
    "graph": {
        "type": "object",
        "required": ["nodes", "edges"],
        "description": 'a node-link graph written by meetup-kg build ("nodes" and "edges" lists)',
        "properties": {
            "directed": {"type": "boolean"},
            "multigraph": {"type": "boolean"},
            "graph": {"type": "object"},
            "nodes": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id"],
                    "description": 'a node: an object with an "id"',
                    "properties": {
                        "id": {"type": ["string", "integer"], "description": "a node id string"},
                        "type": _STR,
                        "label": _STR,
                        "aliases": _STRS,
                        "docs": _STRS,
                        "events": _STRS,
                        "speakers": _STRS,
                        "date": _OPT_STR,
                        "city": _OPT_STR,
                        "event": _OPT_STR,
                        "attrs": {"type": ["object", "null"]},
                    },
                },
            },
            "edges": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["source", "target"],
                    "description": 'an edge: an object with "source" and "target" node ids',
                    "properties": {
                        "source": {"type": ["string", "integer"]},
                        "target": {"type": ["string", "integer"]},
                        "key": {"type": ["string", "integer"]},
                        "relation": _STR,
                        "docs": _STRS,
                        "evidence": {
                            "type": ["array", "null"],
                            "items": {
                                "type": "object",
                                "required": ["doc", "sentence", "start", "end"],
                                "description": 'evidence: {"doc", "sentence", "start", "end"}',
                                "properties": {
                                    "doc": _STR,
                                    "sentence": _STR,
                                    "start": {"type": "integer"},
                                    "end": {"type": "integer"},
                                },
                            },
                        },
                    },
                },
            },
        },
    },
    "gold": {
        "type": "object",
        "required": ["doc"],
        "description": 'a gold record: a JSON object with a "doc" string (SCHEMA.md)',
        "properties": {
            "doc": {"type": "string", "minLength": 1, "description": "the article's path"},
            "event": {
                "type": ["object", "null"],
                "properties": {
                    "name": _OPT_STR,
                    "date": _OPT_STR,
                    "city": _OPT_STR,
                    "organizers": _STRS,
                    "aliases": _STRS,
                },
            },
            "talks": {
                "type": ["array", "null"],
                "items": {
                    "type": "object",
                    "description": 'a talk: {"title": ..., "speakers": [...]}',
                    "properties": {
                        "title": _OPT_STR,
                        "speakers": _STRS,
                        "title_aliases": _STRS,
                        "optional": _OPT_BOOL,
                    },
                },
            },
            "entities": {
                "type": ["array", "null"],
                "items": {
                    "type": "object",
                    "required": ["type", "name"],
                    "description": 'an entity: {"type": ..., "name": ...}',
                    "properties": {
                        "type": _STR,
                        "name": _STR,
                        "aliases": _STRS,
                        "optional": _OPT_BOOL,
                    },
                },
            },
            "relations": {
                "type": ["array", "null"],
                "items": {
                    "type": "object",
                    "required": ["type"],
                    "description": 'a relation: {"type", "source", "target"}',
                    "properties": {
                        "type": _STR,
                        "source": _OPT_STR,
                        "target": _OPT_STR,
                        "optional": _OPT_BOOL,
                    },
                },
            },
        },
    },
}


# ---------------------------------------------------------------- reading
def read_data(path: str | Path, kind: str) -> Any:
    """Parse a ``kind`` file (JSON; YAML for ``aliases``) within the size and nesting
    limits, refusing lone surrogates; no schema check yet (see :func:`validate`).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "g.json"
    >>> _ = p.write_text("[" * 100 + "]" * 100)
    >>> read_data(p, "graph")
    Traceback (most recent call last):
    ...
    extractor.errors.GraphFileError: ...g.json: [0][0][0]...: nested more than 64 levels deep (expected data nested at most 64 levels)
    """
    import os
    import stat

    p = Path(path)
    limit = _MAX_BYTES[kind]
    try:
        mode = os.stat(p).st_mode
        if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):  # a FIFO would block the read
            raise _error(kind)(
                p, "not a regular file (a FIFO, socket or device)", expected=f"a {_NOUN[kind]} file"
            )
        with open(p, "rb") as fh:
            raw = fh.read(limit + 1)
    except IsADirectoryError:
        raise _error(kind)(p, "is a folder", expected=f"a {_NOUN[kind]} file") from None
    except FileNotFoundError:
        raise _error(kind)(
            p, "file not found", expected=f"an existing {_NOUN[kind]} file"
        ) from None
    except OSError as exc:
        raise _error(kind)(
            p, f"cannot read: {exc.strerror or exc}", expected=f"a readable {_NOUN[kind]} file"
        ) from None
    if len(raw) > limit:
        raise _error(kind)(
            p,
            f"file is larger than {limit >> 20} MB",
            expected=f"a {_NOUN[kind]} file under that size",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _error(kind)(
            p, f"not UTF-8 (bad byte at offset {exc.start})", expected="UTF-8 text"
        ) from None
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise _error(kind)(p, "holds NUL bytes", expected=f"a text {_NOUN[kind]} file")
    try:
        if kind == "aliases":
            data = _yaml(text, p)
        else:
            data = json.loads(text)
    except RecursionError:
        raise _error(kind)(
            p, "nested too deeply to parse", expected=f"data nested at most {MAX_DEPTH} levels"
        ) from None
    except json.JSONDecodeError as exc:
        raise _error(kind)(
            p, f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}", expected="JSON"
        ) from None
    _walk(data, p, kind)
    return data


def _yaml(text: str, p: Path) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataFileError(p, f"not valid YAML{at}: {problem}", expected="YAML") from None


def _error(kind: str) -> type[DataFileError]:
    """The exception class for a bad ``kind`` file (a registry's is also a RegistryError,
    a graph's a GraphError, so code catching those catches it)."""
    return {"registry": RegistryFileError, "graph": GraphFileError}.get(kind, DataFileError)


def _keypath(parts: Any) -> str:
    out = ""
    for k in parts:
        if isinstance(k, int):
            out += f"[{k}]"
        elif re.fullmatch(r"[A-Za-z_][\w-]*", str(k)):
            out += f".{k}" if out else str(k)
        else:
            out += f"[{json.dumps(str(k), ensure_ascii=False)}]"
    return out


def _walk(data: Any, p: Path, kind: str) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH`, lone surrogates, non-string keys
    and (YAML) a value repeated by anchors past the budget; iterative, so any depth
    is safe."""
    budget = _MAX_YAML_VALUES if kind == "aliases" else None
    stack: list[tuple[Any, tuple]] = [(data, ())]
    seen = 0
    while stack:
        value, path = stack.pop()
        seen += 1
        if budget is not None and seen > budget:
            raise _error(kind)(
                p,
                f"more than {budget} values (anchors repeating a value?)",
                expected="a small alias file",
            )
        if isinstance(value, str):
            if _SURROGATE.search(value):
                bad = _SURROGATE.search(value).group()  # type: ignore[union-attr]
                raise _error(kind)(
                    p,
                    f"lone surrogate U+{ord(bad):04X} in a string",
                    where=_keypath(path),
                    expected="valid Unicode text",
                )
            continue
        if isinstance(value, dict):
            items: Any = value.items()
        elif isinstance(value, list):
            items = enumerate(value)
        else:
            continue
        if len(path) >= MAX_DEPTH:
            shown = _keypath(path[:3]) + "..."
            raise _error(kind)(
                p,
                f"nested more than {MAX_DEPTH} levels deep",
                where=shown,
                expected=f"data nested at most {MAX_DEPTH} levels",
            )
        for k, v in items:
            if isinstance(value, dict):
                if not isinstance(k, str):
                    raise _error(kind)(
                        p,
                        f"key {k!r} is not a string",
                        where=_keypath(path),
                        expected="string keys",
                    )
                if _SURROGATE.search(k):
                    raise _error(kind)(
                        p,
                        "lone surrogate in a key",
                        where=_keypath(path),
                        expected="valid Unicode text",
                    )
            stack.append((v, (*path, k)))


_SURROGATE = re.compile("[\ud800-\udfff]")


# ---------------------------------------------------------------- validation
_TYPE_WORDS = {
    "array": "a list",
    "object": "an object",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


def _what(value: Any) -> str:
    """'the number 5', 'a list of 3 items', 'the string "x"' ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:40] + "..."
        return f"the string {json.dumps(short, ensure_ascii=False)}"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, dict):
        return f"an object with {len(value)} key{'' if len(value) == 1 else 's'}"
    return type(value).__name__


def validate(data: Any, kind: str, path: str | Path) -> None:
    """Check ``data`` against :data:`SCHEMAS` [``kind``]; the first error becomes a
    :class:`DataFileError` with the path of the bad key.

    >>> validate({"same": 3}, "aliases", "a.yaml")
    Traceback (most recent call last):
    ...
    extractor.errors.DataFileError: a.yaml: same: got the number 3 (expected a list of groups of names)
    """
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import relevance

    errors = list(Draft202012Validator(SCHEMAS[kind]).iter_errors(data))
    if not errors:
        return
    err = min(errors, key=relevance)
    schema = err.schema if isinstance(err.schema, dict) else {}
    described = schema.get("description")
    where = _keypath(err.absolute_path)
    v = err.validator
    if v == "required":
        missing = re.search(r"'(.+?)'", err.message)
        name = missing.group(1) if missing else "?"
        message = f"missing key {name!r}"
        expected = described or f"a {name!r} key"
    elif v == "additionalProperties":
        allowed = ", ".join(repr(k) for k in schema.get("properties", {}))
        extra = sorted(set(err.instance) - set(schema.get("properties", {})), key=str)
        message = f"unknown key {extra[0]!r}" if extra else err.message
        expected = f"only {allowed}"
    elif v == "type":
        types = (
            err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        )
        message = f"got {_what(err.instance)}"
        expected = described or " or ".join(_TYPE_WORDS.get(t, t) for t in types)
    elif v == "enum":
        message = f"got {_what(err.instance)}"
        expected = "one of " + ", ".join(map(str, err.validator_value))
    elif v in ("minItems", "minLength", "pattern"):
        message = f"got {_what(err.instance)}"
        expected = described or (
            f"at least {err.validator_value} item{'' if err.validator_value == 1 else 's'}"
            if v == "minItems"
            else "a non-empty string"
        )
    else:  # anyOf and the rest
        message = f"got {_what(err.instance)}"
        expected = described or err.message
    raise _error(kind)(path, message, where=where, expected=expected)


# ---------------------------------------------------------------- the four kinds
def check_registry(path: str | Path) -> Any:
    """Read and validate a community registry JSON file; returns its data."""
    data = read_data(path, "registry")
    validate(data, "registry", path)
    return data


def load_alias_file(path: str | Path):
    """Read, validate and convert an alias file (see :mod:`extractor.resolve`)."""
    from .resolve import parse_aliases

    data = read_data(path, "aliases")
    validate(data, "aliases", path)
    return parse_aliases(data, str(path))


def load_graph(path: str | Path):
    """Read and validate a graph JSON file written by ``build``; returns the graph.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "g.json"
    >>> _ = p.write_text("[1, 2]")
    >>> load_graph(p)
    Traceback (most recent call last):
    ...
    extractor.errors.GraphFileError: ...g.json: got a list of 2 items (expected a node-link graph written by meetup-kg build ("nodes" and "edges" lists))
    """
    from .graph import graph_from_json, is_compact, load_compact

    if is_compact(path):  # the compact form checks itself as it is read, much faster
        return load_compact(path)
    data = read_data(path, "graph")
    validate(data, "graph", path)
    try:
        return graph_from_json(data)
    except Exception as exc:
        raise GraphFileError(
            path, f"not a node-link graph: {exc}", expected="a graph written by meetup-kg build"
        ) from None


def check_gold(gold_dir: str | Path) -> int:
    """Validate every gold record ``*.json`` under ``gold_dir``; returns how many there are."""
    root = Path(gold_dir)
    n = 0
    for f in sorted(_json_files(root)):
        validate(read_data(f, "gold"), "gold", f)
        n += 1
    return n


def _json_files(root: Path) -> list[Path]:
    """``*.json`` below ``root``, without recursion (any depth is safe)."""
    import os

    out: list[Path] = []
    stack = [root]
    while stack:
        d = stack.pop()
        try:
            with os.scandir(d) as it:
                entries = list(it)
        except OSError as exc:
            raise DataFileError(
                d, f"cannot list: {exc.strerror or exc}", expected="a readable folder"
            ) from None
        for e in entries:
            try:
                is_dir = e.is_dir()
            except OSError:  # a symlink loop, as Path.rglob: not a folder
                is_dir = False
            if is_dir:
                stack.append(Path(e.path))
            elif e.name.endswith(".json"):
                out.append(Path(e.path))
    return out
