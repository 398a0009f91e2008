"""Stage 6: a user's alias file, which corrects how names are merged across articles.

The graph builder (:func:`extractor.graph.records_to_graph`) merges entities of
one type whose names or aliases normalise alike, and people the registry says
are one (Chinese and registered English name).  An alias file corrects that:

.. code-block:: yaml

    # aliases.yaml, given as build(..., aliases="aliases.yaml")
    same:                          # each entry: names of ONE entity, canonical first
      - [侯明永, Mingyong Hou]      # any type
      - type: SIG                  # or restricted to one node type
        names: [sig-confidential-computing, 机密计算 SIG]
    not_same:                      # each entry: things that must stay apart
      - [张伟@openeuler/a.md, 张伟@openeuler/b.md]   # name@doc: that mention gets its own node
      - [Kata, Kata Containers]    # plain names: never merged through a shared alias

Names are compared with :func:`extractor.graph.match_key` (case, spaces, ``-_·.``
and Traditional/Simplified script do not matter).  In ``name@doc`` the doc is
the article path as in the records (``doc``), or its tail after a ``/``.
``not_same`` wins over ``same`` and over the registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ExtractorError
from .model import ENTITY_TYPES

__all__ = ["AliasFile", "AliasFileError", "load_aliases", "parse_aliases", "write_aliases"]

NODE_TYPES = ("Event", *ENTITY_TYPES)


class AliasFileError(ExtractorError):
    """An alias file cannot be read or does not have the documented shape."""


@dataclass(frozen=True)
class AliasFile:
    """Merge corrections: ``same`` groups (type or None, names) and ``not_same`` groups.

    >>> a = AliasFile(same=((None, ("侯明永", "Mingyong Hou")),))
    >>> a.canonical("Person", "mingyong-hou")
    '侯明永'
    >>> b = AliasFile(not_same=((("张伟", "a.md"), ("张伟", "b.md")),))
    >>> b.split_doc("Person", "张伟", "x/b.md"), b.split_doc("Person", "张伟", "c.md")
    (True, False)
    """

    same: tuple[tuple[str | None, tuple[str, ...]], ...] = ()
    not_same: tuple[tuple[tuple[str, str | None], ...], ...] = ()
    path: str = ""
    _canon: dict[tuple[str | None, str], str] = field(
        default_factory=dict, repr=False, compare=False
    )
    _groups: dict[str, set[tuple[int, int]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _splits: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        from .graph import match_key

        for type_, names in self.same:
            for n in names:
                self._canon.setdefault((type_, match_key(n)), names[0])
        for i, group in enumerate(self.not_same):
            plain = [n for n, d in group if d is None]
            keys = sorted({match_key(n) for n in plain})
            for j, k in enumerate(keys):
                self._groups.setdefault(k, set()).add((i, j))
            for n, d in group:
                if d is not None:
                    self._splits.setdefault(match_key(n), []).append(d)

    def canonical(self, type_: str, name: str) -> str | None:
        """The canonical name ``same`` gives ``name`` for nodes of ``type_``, or None."""
        from .graph import match_key

        k = match_key(name)
        return self._canon.get((type_, k)) or self._canon.get((None, k))

    def conflict(self, a: str, b: str) -> bool:
        """True when a ``not_same`` entry says names ``a`` and ``b`` are different things."""
        from .graph import match_key

        ga, gb = self._groups.get(match_key(a), set()), self._groups.get(match_key(b), set())
        return any(i == i2 and j != j2 for i, j in ga for i2, j2 in gb)

    def split_doc(self, type_: str, name: str, doc: str) -> bool:
        """True when the mention of ``name`` in article ``doc`` must get a node of its own."""
        from .graph import match_key

        return any(doc == d or doc.endswith("/" + d) for d in self._splits.get(match_key(name), []))

    def to_dict(self) -> dict[str, Any]:
        """The YAML-ready form (the inverse of :func:`parse_aliases`)."""
        same: list[Any] = [
            list(names) if t is None else {"type": t, "names": list(names)}
            for t, names in self.same
        ]
        not_same = [[n if d is None else f"{n}@{d}" for n, d in g] for g in self.not_same]
        return {"same": same, "not_same": not_same}


def _names(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(x, str) and x.strip() for x in value):
        raise AliasFileError(f"{where}: expected a list of names, got {value!r}")
    return tuple(x.strip() for x in value)


def _ref(text: str) -> tuple[str, str | None]:
    name, at, doc = text.rpartition("@")
    if at and name.strip() and doc.strip() and " " not in doc.strip():
        return name.strip(), doc.strip()
    return text, None


def parse_aliases(data: Any, path: str = "<aliases>") -> AliasFile:
    """Check and convert the parsed YAML of an alias file (see the module docstring).

    >>> a = parse_aliases({"same": [["侯明永", "Mingyong Hou"]],
    ...                    "not_same": [["张伟@a.md", "张伟@b.md"]]})
    >>> a.same, a.not_same
    (((None, ('侯明永', 'Mingyong Hou')),), ((('张伟', 'a.md'), ('张伟', 'b.md')),))
    """
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise AliasFileError(f"{path}: expected a mapping with 'same' and 'not_same' lists")
    unknown = sorted(set(data) - {"same", "not_same"})
    if unknown:
        raise AliasFileError(f"{path}: unknown key {unknown[0]!r} (expected 'same' or 'not_same')")
    same: list[tuple[str | None, tuple[str, ...]]] = []
    for i, entry in enumerate(data.get("same") or [], 1):
        where = f"{path}: same entry {i}"
        type_ = None
        if isinstance(entry, dict):
            type_ = entry.get("type")
            if type_ not in NODE_TYPES:
                raise AliasFileError(
                    f"{where}: type {type_!r} is not one of {', '.join(NODE_TYPES)}"
                )
            entry = entry.get("names")
        names = _names(entry, where)
        if len(names) < 2:
            raise AliasFileError(f"{where}: expected at least two names, got {list(names)!r}")
        same.append((type_, names))
    not_same: list[tuple[tuple[str, str | None], ...]] = []
    for i, entry in enumerate(data.get("not_same") or [], 1):
        where = f"{path}: not_same entry {i}"
        refs = tuple(_ref(n) for n in _names(entry, where))
        if len(refs) < 2 and all(d is None for _, d in refs):
            raise AliasFileError(f"{where}: expected two names or a name@doc, got {list(entry)!r}")
        not_same.append(refs)
    return AliasFile(same=tuple(same), not_same=tuple(not_same), path=path)


def load_aliases(path: str | Path) -> AliasFile:
    """Read an alias file (YAML, see the module docstring).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "aliases.yaml"
    >>> _ = p.write_text("same:\\n  - [侯明永, Mingyong Hou]\\n", encoding="utf-8")
    >>> load_aliases(p).canonical("Person", "Mingyong Hou")
    '侯明永'
    """
    from .errors import DataFileError
    from .schemas import load_alias_file

    # read with size and nesting limits and validated, so a bad file is an error
    # naming the file and the bad key, never a TypeError or RecursionError
    try:
        return load_alias_file(path)
    except DataFileError as exc:
        raise AliasFileError(str(exc)) from exc


def write_aliases(aliases: AliasFile, path: str | Path) -> None:
    """Write ``aliases`` as YAML (atomically); :func:`load_aliases` reads it back."""
    import yaml

    from .fsio import atomic_write_text

    text = yaml.safe_dump(aliases.to_dict(), allow_unicode=True, sort_keys=False)
    atomic_write_text(path, text)


def as_alias_file(aliases: AliasFile | str | Path | None) -> AliasFile | None:
    """Accept an :class:`AliasFile`, a path to one, or None."""
    if aliases is None or isinstance(aliases, AliasFile):
        return aliases
    return load_aliases(aliases)
