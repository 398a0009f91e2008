"""Vocabulary, cue words and the optional community registry, loaded once per process.

Registry format (JSON; the openEuler one is ``examples/openeuler-community.json``)::

    {"sigs": [{"name": "sig-confidential-computing",      # canonical SIG name
               "readme_title": "机密计算 SIG",             # optional display title
               "archived": false,
               "maintainers": [{"name": "Mingyong Hou", "name_zh": "侯明永",
                                "organization": "Huawei"}],
               "committers": [...],                        # same shape as maintainers
               "repositories": ["secGear", ...]}]}         # names of projects it owns

Only ``sigs[].name`` is required; everything else is optional.
"""

from __future__ import annotations

import hashlib
import json
import re
import string
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources as ilr
from pathlib import Path
from typing import Any, TypeVar

import yaml

T = TypeVar("T")

__all__ = [
    "Term",
    "Gazetteer",
    "Registry",
    "Resources",
    "get_resources",
    "load_registry",
    "fold",
    "to_simplified",
]


_FOLD_DROP = re.compile(r"[\s\-_·.．]")  # \s is exactly str.isspace() on str patterns


@lru_cache(maxsize=32768)  # the same few thousand names are folded again and again
def fold(s: str) -> str:
    """Key used to compare names: NFKC, casefold, no spaces/-/_/·/.

    >>> fold("SIG-Arm") == fold("sig arm")
    True
    """
    s = unicodedata.normalize("NFKC", s or "").casefold()
    return _FOLD_DROP.sub("", s)


@dataclass(frozen=True)
class Term:
    """One surface form in the gazetteer."""

    surface: str
    type: str
    name: str  # canonical name
    optional: bool = False
    source: str = "vocab"
    avoid_next: str = ""  # characters that, right after the form, show a longer word


_LATIN = frozenset(string.ascii_letters + string.digits)
_LATIN_RUN = re.compile("[A-Za-z0-9]+")


def _is_latin(ch: str) -> bool:
    return ch in _LATIN  # ASCII letter or digit (the empty string is not)


def lower_same_length(text: str) -> str:
    """``text.lower()``, one character for one ('İ' lowers to two characters: kept as
    it is), so that offsets into the lowered text are offsets into ``text``.

    >>> lower_same_length("İ开源")
    'İ开源'
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


# a Gazetteer's candidates under some keys: (length, folded forms, exact forms) longest
# first; the forms' prefixes (folded, exact); for each length, the groups no longer
_Groups = tuple[
    list[tuple[int, dict[str, list], dict[str, list]]],
    frozenset[str],
    frozenset[str],
    list[list[tuple[int, dict[str, list], dict[str, list]]]],
]


_FOUND_MEMO_SIZE = 20000  # texts whose matches a Gazetteer remembers before starting afresh


class Gazetteer:
    """Finds known surface forms in text on characters (not tokens).

    Latin forms match only at word boundaries; forms of three or fewer Latin
    characters match case-sensitively, longer ones ignore case.

    >>> g = Gazetteer([Term("RISC-V", "Technology", "RISC-V"), Term("Arm", "Organization", "Arm")])
    >>> [(s, e, t.name) for s, e, t in g.find("在 risc-v 和 Armv9 上，Arm 公司")]
    [(2, 8, 'RISC-V'), (19, 22, 'Arm')]
    """

    def __init__(self, terms: list[Term]) -> None:
        self.terms: list[Term] = []
        # candidates keyed by their first two characters (lowercased for forms matched
        # without case), longest first; single-character forms apart
        self.index: dict[str, list[tuple[str, bool, Term]]] = {}
        self.single: dict[str, list[tuple[str, bool, Term]]] = {}
        seen: set[tuple[str, str]] = set()
        for t in terms:
            s = t.surface.strip()
            if not s or (len(s) < 2 and not _is_latin(s[:1])):
                continue
            key = (s, t.type)
            if key in seen:
                continue
            seen.add(key)
            self.terms.append(t)
            ci = len(s) > 3 or not s.isascii()
            probe = s.lower() if ci else s
            table = self.index if len(probe) >= 2 else self.single
            table.setdefault(probe[:2], []).append((probe, ci, t))
        for table in (self.index, self.single):
            for v in table.values():
                v.sort(key=lambda x: -len(x[0]))
        # the same candidates grouped by length, longest first, each length with its
        # forms in a dict: one substring lookup per length instead of one test per form
        self._grouped: dict[tuple[str, ...], _Groups] = {}
        self._found: dict[str, tuple[tuple[int, int, Term], ...]] = {}
        self._by_key: dict[str, _Groups] = {}  # _groups((key,)) by the key alone
        self._starts = self._starts_pattern()

    def _starts_pattern(self) -> re.Pattern[str] | None:
        """Where a candidate may start, read on the lowered text: a key's first character
        before a key's second one, or a single-character form (more positions than the
        keys themselves, never fewer)."""
        # a key is lowered, or ASCII kept as it is: on the lowered text, both show as
        # their ASCII lowercase
        firsts = {c for k in self.index for c in (k[0], k[0].lower())}
        seconds = {c for k in self.index for c in (k[1], k[1].lower())}
        alts = [f"[{_char_class(firsts)}](?=[{_char_class(seconds)}])"] if firsts else []
        if self.single:
            alts.append(f"[{_char_class({c for k in self.single for c in (k, k.lower())})}]")
        return re.compile("|".join(alts)) if alts else None

    def _groups(self, keys: tuple[str, ...]) -> _Groups:
        """(length, case-folded forms, exact forms) for the candidates under ``keys``:
        two-character keys of the index (lowered, then exact), then a single character;
        with the forms' prefixes of three characters or more (folded, exact) and, for
        each length, the groups no longer than it."""
        entry = self._grouped.get(keys)
        if entry is None:
            cands: list[tuple[str, bool, Term]] = []
            for k in keys:
                cands.extend(self.index.get(k, ()) if len(k) == 2 else self.single.get(k, ()))
            by_len: dict[int, tuple[dict[str, list], dict[str, list]]] = {}
            for probe, ci, term in cands:
                maps = by_len.setdefault(len(probe), ({}, {}))
                maps[0 if ci else 1].setdefault(probe, []).append(term)
            groups = [(n, *by_len[n]) for n in sorted(by_len, reverse=True)]
            pre: tuple[set[str], set[str]] = (set(), set())
            for size, *maps in groups:
                for pres, forms in zip(pre, maps, strict=True):
                    pres.update(f[:k] for f in forms for k in range(3, size + 1))
            tails, k = [], len(groups)
            for cap in range(groups[0][0] + 1):
                while k and groups[k - 1][0] <= cap:
                    k -= 1
                tails.append(groups[k:])
            entry = self._grouped[keys] = (groups, frozenset(pre[0]), frozenset(pre[1]), tails)
        return entry

    def find(self, text: str) -> list[tuple[int, int, Term]]:
        """Longest non-overlapping matches, left to right."""
        # the same texts come back (a footer, a template's labels, a name asked about
        # by several stages): their matches are remembered
        known = self._found.get(text)
        if known is None:
            if len(self._found) >= _FOUND_MEMO_SIZE:
                self._found.clear()
            known = self._found[text] = tuple(self._scan(text))
        return list(known)

    def _scan(self, text: str) -> list[tuple[int, int, Term]]:
        """:meth:`find`, not remembered."""
        out: list[tuple[int, int, Term]] = []
        if self._starts is None:
            return out
        low = lower_same_length(text)
        n = len(text)
        index, single, latin = self.index, self.single, _LATIN
        by_key = self._by_key
        # only the positions where some key may start are tried: the others cannot match
        search = self._starts.search
        pos = 0  # where the next match may start
        while (found := search(low, pos)) is not None:
            i = found.start()
            pos = i + 1
            if text[i] in latin:
                word = _LATIN_RUN.match(text, i)  # the rest of a Latin word starts no match
                pos = word.end() if word else pos
                if i > 0 and text[i - 1] in latin:
                    continue  # inside a Latin word
            exact, lowered = text[i : i + 2], low[i : i + 2]
            if exact == lowered and not (single and text[i] in single):
                # the usual case: one key, its groups looked up directly
                entry = by_key.get(lowered)
                if entry is None:
                    if lowered not in index:
                        continue
                    entry = by_key[lowered] = self._groups((lowered,))
            else:
                keys: tuple[str, ...] = (lowered,) if lowered in index else ()
                if exact != lowered and exact in index:
                    keys = (*keys, exact)
                if single and text[i] in single:
                    keys = (*keys, text[i])
                if not keys:
                    continue
                entry = self._groups(keys)
            groups, folded_pre, cased_pre, tails = entry
            # how far a form may reach from here, read on the forms' prefixes: the
            # longer groups cannot match and are skipped
            reach = 2
            if cased_pre:
                while i + reach < n and (
                    low[i : i + reach + 1] in folded_pre or text[i : i + reach + 1] in cased_pre
                ):
                    reach += 1
            else:  # (the usual case: no form of the key is matched case-sensitively)
                while i + reach < n and low[i : i + reach + 1] in folded_pre:
                    reach += 1
            if reach < len(tails):
                groups = tails[reach]
            hit = None
            for size, folded, cased in groups:
                j = i + size
                if j > n:
                    continue
                for terms in (folded.get(low[i:j]), cased.get(text[i:j]) if cased else None):
                    if not terms:
                        continue
                    if j < n and text[j - 1] in latin and text[j] in latin:
                        continue
                    for term in terms:
                        if term.avoid_next and j < n and text[j] in term.avoid_next:
                            continue
                        hit = (i, j, term)
                        break
                    if hit:
                        break
                if hit:
                    break
            if hit:
                out.append(hit)
                pos = max(pos, hit[1])
        return out


def _char_class(chars: set[str]) -> str:
    """The inside of a regex character class holding ``chars``."""
    return "".join(re.escape(c) for c in sorted(chars))


@dataclass
class Registry:
    """What a community registry tells the extractor."""

    path: str = ""
    community: str = ""  # fold() of the community the registry describes (from "source")
    sig_forms: dict[str, str] = field(default_factory=dict)  # fold(form) -> canonical SIG
    sig_aliases: dict[str, set[str]] = field(default_factory=dict)  # canonical -> surface forms
    projects: dict[str, str] = field(default_factory=dict)  # repo name -> SIG
    people: dict[str, str] = field(default_factory=dict)  # fold(any name) -> canonical name
    _fuzzy: dict[str, str | None] = field(default_factory=dict, repr=False)  # memo

    def foreign(self, surface: str) -> bool:
        """True when ``surface`` opens with another community's name ("openGauss 技术委员会")."""
        lead = re.match(r"\s*([A-Za-z][A-Za-z0-9]+)\s*", surface)
        return bool(
            self.community
            and lead
            and lead.end() < len(surface)
            and fold(lead.group(1)).startswith("open")
            and fold(lead.group(1)) != self.community
        )

    def canonical_sig(self, surface: str) -> str | None:
        """The registered SIG a surface form refers to, or None.

        >>> r = Registry(sig_forms={"confidentialcomputing": "sig-confidential-computing"})
        >>> r.canonical_sig("SIG Confidential Computing")
        'sig-confidential-computing'
        """
        if not self.sig_forms:
            return None
        if self.foreign(surface):
            return None  # "openGauss 技术委员会" is not the openEuler registry's TC
        key = sig_core(surface)
        if key in self.sig_forms:
            return self.sig_forms[key]
        full = fold(surface)
        if full in self.sig_forms:
            return self.sig_forms[full]
        if len(key) >= 5:
            if key not in self._fuzzy:
                import difflib

                close = difflib.get_close_matches(key, list(self.sig_forms), n=1, cutoff=0.88)
                self._fuzzy[key] = self.sig_forms[close[0]] if close else None
            return self._fuzzy[key]
        return None


_SIG_WORDS = re.compile(
    r"(?i)(openeuler|opengauss|社区|特别兴趣小组|兴趣小组|兴趣组|小组|[（(]\s*s[il]g\s*[)）]|\bs[il]gs?\b|s[il]g(?=[-_\s])|(?<=[-_\s])s[il]g|^s[il]g|s[il]g$|团队)"
)


def sig_core(surface: str) -> str:
    """The distinctive part of a SIG name, folded: '机密计算 SIG' -> '机密计算'.

    >>> sig_core("openEuler SIG-Arm"), sig_core("sig-confidential-computing")
    ('arm', 'confidentialcomputing')
    """
    s = _SIG_WORDS.sub(" ", surface)
    return fold(s)


def load_registry(path: str | Path) -> Registry:
    """Read a community registry JSON file (format in the module docstring).

    The file is read within limits and checked against its schema first
    (:func:`extractor.schemas.check_registry`): a bad one raises
    :class:`~extractor.errors.RegistryFileError` (a ``RegistryError``) naming the
    file and the bad key, never a ``KeyError``, ``TypeError`` or ``RecursionError``.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "reg.json"
    >>> _ = p.write_text('{"sigs": [{"name": "sig-a"}, {"maintainers": []}]}')
    >>> load_registry(p)
    Traceback (most recent call last):
    ...
    extractor.errors.RegistryFileError: ...reg.json: sigs[1]: missing key 'name' (expected a SIG: an object with a "name" string)
    """
    from .schemas import check_registry

    p = Path(path)
    data = check_registry(p)
    source = str(data.get("source") or "")
    reg = Registry(path=str(p), community=fold(re.split(r"[/\s]", source)[0]) if source else "")
    for sig in data["sigs"]:
        name = sig["name"]
        forms = {name, str(sig.get("dir") or name)}
        title = sig.get("readme_title")
        if isinstance(title, str) and title.strip():
            forms.add(title.strip())
        core = re.sub(r"(?i)^sig[-_ ]?", "", name)
        forms.update({f"{core} SIG", f"SIG-{core}", f"sig-{core}", f"SIG {core}"})
        reg.sig_aliases[name] = {f for f in forms if f}
        for f in forms:
            for k in {sig_core(f), fold(f)}:
                if k and len(k) >= 2:
                    # an active SIG wins over an archived one with the same key
                    if k not in reg.sig_forms or not sig.get("archived"):
                        reg.sig_forms[k] = name
        for repo in sig.get("repositories") or []:
            if isinstance(repo, str):
                reg.projects.setdefault(repo, name)
        for person in list(sig.get("maintainers") or []) + list(sig.get("committers") or []):
            if not isinstance(person, dict):
                continue
            zh = person.get("name_zh")
            en = person.get("name")
            canon = zh if isinstance(zh, str) and zh.strip() else None
            if canon:
                canon = canon.strip()
                reg.people[fold(canon)] = canon
                if isinstance(en, str) and re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+", en.strip()):
                    reg.people[fold(en)] = canon
                    a, b = en.split()
                    reg.people[fold(f"{b} {a}")] = canon
    return reg


@dataclass
class Resources:
    """Everything the extraction stages need, loaded once."""

    cues: dict[str, list[str]]
    gazetteer: Gazetteer
    optional: set[tuple[str, str]]  # (type, canonical) of optional-ish vocabulary
    surnames: set[str]
    compound_surnames: set[str]
    non_names: set[str]
    honorifics: list[str]
    registry: Registry
    canonical: dict[tuple[str, str], str]  # (type, fold(form)) -> canonical
    fingerprint: str
    # (type, canonical) of Chinese-named technologies that are products or standards
    # (鲲鹏, 星闪), not field terms like 沙箱: always entities, however often named
    named: set[tuple[str, str]] = field(default_factory=set)
    # values the stages compute once from the fields above (patterns, memo tables)
    _derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def derived(self, key: str, build: Callable[[], T]) -> T:
        """``build()`` the first time ``key`` is asked for, the same value after that.

        >>> r = Resources({}, Gazetteer([]), set(), set(), set(), set(), [], Registry(), {}, "")
        >>> r.derived("n", lambda: [1]) is r.derived("n", lambda: [2])
        True
        """
        try:
            return self._derived[key]
        except KeyError:
            value = self._derived[key] = build()
            return value

    @property
    def same_person(self) -> dict[str, str]:
        """fold(name) -> canonical person name, from the registry."""
        return self.registry.people


def _data_text(name: str) -> str:
    f = ilr.files("extractor") / "data" / name
    try:
        return f.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def _lines(name: str) -> list[str]:
    return [
        ln.strip()
        for ln in _data_text(name).splitlines()
        if ln.strip() and not ln.lstrip().startswith("#")
    ]


def _vocab_entries() -> list[dict[str, Any]]:
    out = []
    for ln in _lines("vocabulary.jsonl"):
        try:
            d = json.loads(ln)
        except json.JSONDecodeError:
            continue
        if isinstance(d, dict) and d.get("id") and d.get("type"):
            out.append(d)
    return out


_RUN_MEMO_SIZE = 20000  # runs whose conversion the converter remembers before starting afresh


class _T2S:
    """OpenCC's Traditional -> Simplified conversion, passing over texts it cannot change.

    OpenCC's pure-Python matcher tries every substring against its dictionaries
    (~30 µs for a 30-character name, ~100 µs for a sentence); a text where no rule's
    key can start (no one-character key, no two first characters of a longer key)
    comes back unchanged, and telling so is a set test and a short scan.
    """

    def __init__(self) -> None:
        import opencc

        self._cc = opencc.OpenCC("t2s")
        self._cc.convert("")  # loads the dictionaries
        singles: set[str] = set()  # one-character keys
        pairs: set[str] = set()  # first two characters of longer keys
        try:  # from the dictionaries OpenCC loaded

            def walk(chain: Any) -> None:
                for item in chain:
                    if isinstance(item, list):
                        walk(item)
                    else:
                        for k in item[2]:
                            (singles if len(k) == 1 else pairs).add(k[:2])

            walk(self._cc._dict_chain_data)
            self._split: re.Pattern[str] = self._cc.split_chars_re
        except (AttributeError, TypeError, IndexError):  # another layout: no shortcut
            singles.clear()
            pairs.clear()
        self._singles = frozenset(singles)
        self._pairs = frozenset(pairs)
        self._firsts = frozenset(p[0] for p in pairs)
        self._ok = bool(singles and pairs)
        self._runs: dict[str, str] = {}  # run between separators -> its conversion

    def changes(self, text: str) -> bool:
        """False when no rule applies to ``text`` (conversion would return it as is)."""
        if not self._ok or not self._singles.isdisjoint(text):
            return True
        if self._firsts.isdisjoint(text):
            return False
        pairs, firsts = self._pairs, self._firsts
        return any(ch in firsts and text[i : i + 2] in pairs for i, ch in enumerate(text))

    def convert(self, text: str) -> str:
        if not self.changes(text):
            return text
        if not self._ok:
            return self._cc.convert(text)
        # OpenCC converts the runs between its separators one by one (as here): a run's
        # conversion is remembered, since a Traditional article's blocks are converted
        # again after the sample that told it Traditional
        parts = self._split.split(text)
        for i in range(0, len(parts), 2):  # the separators, at odd places, stay
            parts[i] = self._run(parts[i])
        return "".join(parts)

    def _run(self, run: str) -> str:
        """One run's conversion, remembered."""
        out = self._runs.get(run)
        if out is None:
            if len(self._runs) >= _RUN_MEMO_SIZE:
                self._runs.clear()
            out = self._cc._convert(run, self._cc._dict_chain_data) if self.changes(run) else run
            self._runs[run] = out
        return out


@lru_cache(maxsize=1)
def t2s() -> _T2S | None:
    """The shared Traditional -> Simplified converter (None if OpenCC cannot load).

    >>> t2s().convert("機密計算"), t2s().convert("机密计算 openEuler")
    ('机密计算', '机密计算 openEuler')
    """
    try:
        return _T2S()
    except Exception:  # the converter is optional for graphs; extraction needs it
        return None


def to_simplified(text: str) -> str:
    """Traditional -> Simplified Chinese, same length so offsets stay valid.

    >>> to_simplified("香港城市大學機密計算")
    '香港城市大学机密计算'
    """
    if text.isascii():
        return text
    cc = t2s()
    if cc is None:
        raise RuntimeError("OpenCC (opencc-python-reimplemented) cannot be loaded")
    out = cc.convert(text)
    if len(out) == len(text):
        return out
    return "".join(c if len(c := cc.convert(ch)) == 1 else ch for ch in text)


def _quiet_jieba() -> None:
    """jieba prints its dictionary loading to stderr unless told not to."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)


@lru_cache(maxsize=8)
def _load(registry_key: str) -> Resources:
    _quiet_jieba()
    cues = yaml.safe_load(_data_text("cues.yaml")) or {}
    reg = load_registry(registry_key) if registry_key else Registry()
    terms: list[Term] = []
    optional: set[tuple[str, str]] = set()
    named: set[tuple[str, str]] = set()
    canonical: dict[tuple[str, str], str] = {}
    for d in _vocab_entries():
        forms = [d["id"], *[a for a in d.get("aliases") or [] if isinstance(a, str)]]
        if d.get("optional"):
            optional.add((d["type"], d["id"]))
        if d.get("named"):
            named.add((d["type"], d["id"]))
        for f in forms:
            terms.append(
                Term(
                    f,
                    d["type"],
                    d["id"],
                    bool(d.get("optional")),
                    "vocab",
                    str(d.get("avoid_next") or ""),
                )
            )
            canonical.setdefault((d["type"], fold(f)), d["id"])
    for repo in reg.projects:
        # only distinctive repository names: mixed case, digits or hyphens, 4+ chars
        if len(repo) >= 4 and (re.search(r"[A-Z].*[a-z]|[a-z].*[A-Z]|\d|-", repo)):
            if not re.fullmatch(r"[A-Z][a-z]+", repo):
                terms.append(Term(repo, "Project", repo, source="registry"))
                canonical.setdefault(("Project", fold(repo)), repo)
    for canon, forms in reg.sig_aliases.items():
        for f in forms:
            if re.search(r"(?i)sig|兴趣|小组|委员会|工作组", f) and len(f) >= 4:
                terms.append(Term(f, "SIG", canon, source="registry"))
    surnames = set(_lines("surnames.txt"))
    compound = {s for s in surnames if len(s) == 2}
    non_names = set(_lines("non_names.txt"))
    honor = list(dict.fromkeys([*cues.get("honorifics", []), *_lines("titles.txt")]))
    honor.sort(key=len, reverse=True)
    h = hashlib.sha256()
    for name in ("cues.yaml", "vocabulary.jsonl", "surnames.txt", "non_names.txt", "titles.txt"):
        h.update(_data_text(name).encode("utf-8"))
    if registry_key:
        h.update(Path(registry_key).read_bytes())
    return Resources(
        cues={k: list(v) for k, v in cues.items()},
        gazetteer=Gazetteer(terms),
        optional=optional,
        surnames=surnames,
        compound_surnames=compound,
        non_names=non_names,
        honorifics=honor,
        registry=reg,
        canonical=canonical,
        fingerprint=h.hexdigest()[:16],
        named=named,
    )


def get_resources(registry: str | Path | None = None) -> Resources:
    """The process-wide resources for a registry path (or none), loaded on first use."""
    key = str(Path(registry).resolve()) if registry else ""
    return _load(key)
