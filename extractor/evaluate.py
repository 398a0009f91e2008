"""Score document records against gold records with the rules in SCHEMA.md ("Scoring").

Gold and predicted records are paired by ``doc``; a gold article without a
prediction is scored as an empty prediction.  Every measure is counted as
true/false positives and false negatives summed over the articles, so the
numbers equal those of the reference scorer ``eval/score.py``.

>>> gold = [{"doc": "a.md", "entities": [{"type": "SIG", "name": "sig-Arm"}]}]
>>> pred = [{"doc": "a.md", "entities": [{"type": "SIG", "name": "SIG Arm"}]}]
>>> score_records(gold, pred)["entity:SIG"].f1
1.0
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from .errors import ExtractorError
from .model import ENTITY_TYPES

__all__ = [
    "MEASURES",
    "Counts",
    "GoldError",
    "Scores",
    "evaluate",
    "load_gold",
    "normalize",
    "score_records",
    "similar_titles",
]

SCORED_RELATIONS = ("member_of", "affiliated_with")
MEASURES: tuple[str, ...] = (
    *(f"entity:{t}" for t in ENTITY_TYPES),
    "entity:ALL",
    "talks",
    "talk_speakers",
    *(f"rel:{t}" for t in SCORED_RELATIONS),
    "event:name",
    "event:date",
    "event:organizers",
)
SIMILARITY = 0.8  # minimum character-level ratio for titles and event names
_DROPPED = frozenset("-_·.．")  # removed from names besides white space

Record = Mapping[str, Any]
# A relation end: index of the gold entity it resolves to, else "?" + its normalised name.
_End = int | str


class GoldError(ExtractorError):
    """A gold folder or gold record cannot be read."""


@dataclass
class Counts:
    """True positives, false positives and false negatives of one measure.

    A measure with nothing to find and nothing found scores 1.0.

    >>> c = Counts(tp=3, fp=1, fn=2)
    >>> round(c.precision, 2), round(c.recall, 2), round(c.f1, 3)
    (0.75, 0.6, 0.667)
    >>> Counts().f1
    1.0
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        """Add counts in place."""
        self.tp += tp
        self.fp += fp
        self.fn += fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        """The measure as the reference scorer writes it (scores rounded to 4 places)."""
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Scores:
    """The result of scoring: one :class:`Counts` per measure, and what went wrong.

    ``measures`` holds every name in :data:`MEASURES`, in that order.
    ``errors`` has one human-readable line per mismatch (``doc measure: ...``),
    ``missing`` the gold docs that had no prediction, ``problems`` the articles
    the extractor could not read (filled by :func:`evaluate`).
    """

    measures: dict[str, Counts] = field(default_factory=lambda: {m: Counts() for m in MEASURES})
    errors: list[str] = field(default_factory=list)
    articles: int = 0
    missing: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def __getitem__(self, measure: str) -> Counts:
        return self.measures[measure]

    def to_dict(self) -> dict[str, dict[str, float | int]]:
        """``{measure: {precision, recall, f1, tp, fp, fn}}``, the reference scorer's JSON."""
        return {name: c.to_dict() for name, c in self.measures.items()}

    def table(self) -> str:
        """The scores as a fixed-width text table, one measure per line.

        >>> print(Scores().table().splitlines()[0])
        measure                     P      R     F1    tp    fp    fn
        """
        lines = [f"{'measure':22} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
        for name, c in self.measures.items():
            lines.append(
                f"{name:22} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} "
                f"{c.tp:5} {c.fp:5} {c.fn:5}"
            )
        return "\n".join(lines)


# --- comparing names -------------------------------------------------------


def normalize(name: str | None) -> str:
    """A name as the scorer compares it: NFKC, case-folded, no spaces, ``-``, ``_``, ``·``, ``.``.

    >>> normalize("SIG-Arm"), normalize("Kata Containers"), normalize("ＲＩＳＣ－Ｖ")
    ('sigarm', 'katacontainers', 'riscv')
    """
    if not name:
        return ""
    s = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in s if not ch.isspace() and ch not in _DROPPED)


def similar_titles(a: str | None, b: str | None) -> bool:
    """True if two titles match: one normalised title contains the other, or their ratio >= 0.8.

    >>> similar_titles("openEuler 社区发展进展", "openEuler社区发展进展及未来规划")
    True
    >>> similar_titles("机密计算实践", "RISC-V 生态")
    False
    """
    na, nb = normalize(a), normalize(b)
    if not na or not nb:
        return False
    if na in nb or nb in na:
        return True
    return SequenceMatcher(None, na, nb).ratio() >= SIMILARITY


def _forms(item: Record) -> set[str]:
    """Normalised name and aliases of an entity-like item."""
    out = {normalize(item.get("name"))}
    out.update(normalize(a) for a in item.get("aliases") or [])
    out.discard("")
    return out


def _resolve(name: str | None, items: Sequence[Record]) -> int | None:
    """Index of the first item with ``name`` among its forms."""
    n = normalize(name)
    return next((j for j, it in enumerate(items) if n in _forms(it)), None)


@dataclass
class _Matching:
    """Outcome of matching predicted entity-like items to gold ones."""

    tp: int
    extra: list[Any]  # names of false positives
    missed: list[Any]  # names of false negatives


def _match_entities(gold: Sequence[Record], pred: Sequence[Record]) -> _Matching:
    """Match predictions to gold one-to-one, in prediction order, by a shared form.

    Optional gold items count neither way; a prediction repeating an already
    matched gold item is ignored rather than counted as extra.
    """
    gold_forms = [_forms(g) for g in gold]
    used: set[int] = set()
    extra: list[Any] = []
    for p in pred:
        pf = _forms(p)
        hit = next((j for j, gf in enumerate(gold_forms) if j not in used and gf & pf), None)
        if hit is not None:
            used.add(hit)
        elif not any(gf & pf for gf in gold_forms):
            extra.append(p.get("name"))
    tp = sum(1 for j in used if not gold[j].get("optional"))
    missed = [g.get("name") for j, g in enumerate(gold) if j not in used and not g.get("optional")]
    return _Matching(tp, extra, missed)


# --- one article -----------------------------------------------------------


def _score_entities(key: str, g: Record, p: Record, s: Scores) -> None:
    gents, pents = g.get("entities") or [], p.get("entities") or []
    for t in ENTITY_TYPES:
        m = _match_entities(
            [e for e in gents if e.get("type") == t], [e for e in pents if e.get("type") == t]
        )
        s[f"entity:{t}"].add(m.tp, len(m.extra), len(m.missed))
        if m.extra or m.missed:
            s.errors.append(f"{key} {t}: extra {m.extra} missing {m.missed}")


def _score_talks(key: str, g: Record, p: Record, s: Scores) -> None:
    gold, pred = g.get("talks") or [], p.get("talks") or []
    pairs: dict[int, int] = {}  # gold talk index -> predicted talk index
    for gi, gt in enumerate(gold):
        titles = [gt.get("title") or "", *(gt.get("title_aliases") or [])]
        hit = next(
            (
                k
                for k, pt in enumerate(pred)
                if k not in pairs.values()
                and any(similar_titles(t, pt.get("title")) for t in titles)
            ),
            None,
        )
        if hit is not None:
            pairs[gi] = hit
    optional = {gi for gi, gt in enumerate(gold) if gt.get("optional")}
    s["talks"].add(
        len(pairs.keys() - optional),
        len(pred) - len(pairs),
        len(set(range(len(gold))) - optional - pairs.keys()),
    )
    if len(pairs) < max(len(gold), len(pred)):
        s.errors.append(
            f"{key} talks: gold {[t.get('title') for t in gold]} pred {[t.get('title') for t in pred]}"
        )

    people = [e for e in g.get("entities") or [] if e.get("type") == "Person"]

    def who(name: str | None) -> int | str:
        j = _resolve(name, people)
        return j if j is not None else normalize(name)

    spk = s["talk_speakers"]
    for gi, k in pairs.items():
        gs, ps = list(gold[gi].get("speakers") or []), list(pred[k].get("speakers") or [])
        gold_ids = {who(x) for x in gs}
        found = {who(x) for x in ps} & gold_ids
        spk.add(len(found), len(ps) - len(found), len(gs) - len(found))
        if len(found) < max(len(gs), len(ps)):
            s.errors.append(f"{key} speakers of {gold[gi].get('title')!r}: gold {gs} pred {ps}")
    # speakers of an unmatched talk cannot be right: missed (gold) or extra (predicted)
    spk.add(
        0,
        sum(len(pt.get("speakers") or []) for k, pt in enumerate(pred) if k not in pairs.values()),
        sum(
            len(gt.get("speakers") or [])
            for gi, gt in enumerate(gold)
            if gi not in pairs and gi not in optional
        ),
    )


def _score_relations(key: str, g: Record, p: Record, s: Scores) -> None:
    gents = g.get("entities") or []

    def end(name: str | None) -> _End:
        j = _resolve(name, gents)
        return j if j is not None else "?" + normalize(name)

    def shown(k: tuple[_End, _End]) -> tuple[str, str]:
        return (
            gents[k[0]]["name"] if isinstance(k[0], int) else k[0],
            gents[k[1]]["name"] if isinstance(k[1], int) else k[1],
        )

    for rt in SCORED_RELATIONS:
        grel = [r for r in g.get("relations") or [] if r.get("type") == rt]
        # an optional gold relation is neither required nor wrong when predicted
        opt = {(end(r.get("source")), end(r.get("target"))) for r in grel if r.get("optional")}
        gk = {(end(r.get("source")), end(r.get("target"))) for r in grel} - opt
        pk = {
            (end(r.get("source")), end(r.get("target")))
            for r in p.get("relations") or []
            if r.get("type") == rt
        } - opt
        s[f"rel:{rt}"].add(len(gk & pk), len(pk - gk), len(gk - pk))
        if gk != pk:
            s.errors.append(
                f"{key} {rt}: extra {[shown(k) for k in pk - gk]} "
                f"missing {[shown(k) for k in gk - pk]}"
            )


def _score_event(key: str, g: Record, p: Record, s: Scores) -> None:
    ge, pe = g.get("event"), p.get("event") or None
    if not ge:
        # a predicted event where the gold has none is a false event name
        if pe and (pe.get("name") or pe.get("date")):
            s["event:name"].add(fp=1)
            s.errors.append(f"{key} event: gold none pred {pe.get('name')!r}")
        return
    pe = pe or {}
    if ge.get("date"):
        ok = pe.get("date") == ge["date"]
        s["event:date"].add(int(ok), int(not ok and bool(pe.get("date"))), int(not ok))
        if not ok:
            s.errors.append(f"{key} event date: gold {ge['date']!r} pred {pe.get('date')!r}")
    if ge.get("name"):
        names = [ge["name"], *(ge.get("aliases") or [])]
        ok = any(similar_titles(n, pe.get("name")) for n in names)
        s["event:name"].add(int(ok), int(not ok and bool(pe.get("name"))), int(not ok))
        if not ok:
            s.errors.append(f"{key} event name: gold {ge['name']!r} pred {pe.get('name')!r}")
    # an organizer also matches by the aliases of the gold entity it names
    gents = g.get("entities") or []
    gorg: list[dict[str, Any]] = []
    for o in ge.get("organizers") or []:
        j = _resolve(o, gents)
        aliases = (gents[j].get("aliases") or []) if j is not None else []
        gorg.append({"name": o, "aliases": aliases})
    m = _match_entities(gorg, [{"name": o} for o in pe.get("organizers") or []])
    s["event:organizers"].add(m.tp, len(m.extra), len(m.missed))
    if m.extra or m.missed:
        s.errors.append(f"{key} organizers: extra {m.extra} missing {m.missed}")


# --- public API ------------------------------------------------------------


def _doc_key(doc: Any) -> str:
    """``doc`` as a pairing key: forward slashes, no leading ``./``."""
    return str(doc).replace("\\", "/").lstrip("./")


def score_records(gold: Iterable[Record], pred: Iterable[Record]) -> Scores:
    """Score predicted document records against gold records (SCHEMA.md "Scoring").

    Parameters
    ----------
    gold:
        Gold records, each with a ``doc`` key.
    pred:
        Predicted records (e.g. ``DocumentRecord.to_dict()``), paired with the
        gold by ``doc``; the last of several predictions for one doc wins, and
        predictions for docs without gold are ignored.

    Returns
    -------
    Scores
        Counts per measure (see :data:`MEASURES`), error lines, and the gold
        docs without a prediction.

    Examples
    --------
    >>> gold = [{"doc": "a.md", "event": {"name": "openEuler Meetup", "date": "2025-06-12"},
    ...          "talks": [{"title": "机密计算实践", "speakers": ["张三"]}],
    ...          "entities": [{"type": "Person", "name": "张三"},
    ...                       {"type": "Technology", "name": "大模型", "optional": True}]}]
    >>> pred = [{"doc": "./a.md", "event": {"name": "openEuler Meetup", "date": "2025-06-13"},
    ...          "talks": [{"title": "机密计算的实践", "speakers": ["张三", "李四"]}],
    ...          "entities": [{"type": "Person", "name": "张三"},
    ...                       {"type": "Technology", "name": "大模型"}]}]
    >>> s = score_records(gold, pred)
    >>> s["entity:ALL"].f1, s["talks"].f1, s["event:date"].f1
    (1.0, 1.0, 0.0)
    >>> s["talk_speakers"].tp, s["talk_speakers"].fp
    (1, 1)
    """
    by_doc = {r.get("doc"): r for r in pred}
    preds = {_doc_key(k): v for k, v in by_doc.items()}
    s = Scores()
    for g in gold:
        s.articles += 1
        key = _doc_key(g.get("doc"))
        p = preds.get(key)
        if p is None:
            s.missing.append(key)
            p = {}
        _score_entities(key, g, p, s)
        _score_talks(key, g, p, s)
        _score_relations(key, g, p, s)
        _score_event(key, g, p, s)
    total = s["entity:ALL"]
    for t in ENTITY_TYPES:
        c = s[f"entity:{t}"]
        total.add(c.tp, c.fp, c.fn)
    return s


def load_gold(gold_dir: str | Path) -> list[dict[str, Any]]:
    """Read the gold records in ``gold_dir``: every ``*.json`` below it, in path order.

    Raises :class:`GoldError` if the folder is missing or holds no records, or
    a file is not a JSON object with a ``doc``.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.json").write_text('{"doc": "x/a.md", "entities": []}', encoding="utf-8")
    >>> [g["doc"] for g in load_gold(d)]
    ['x/a.md']
    """
    root = Path(gold_dir)
    if not root.is_dir():
        raise GoldError(f"{root}: not a folder (expected a folder of gold records *.json)")
    out: list[dict[str, Any]] = []
    for f in sorted(root.rglob("*.json")):
        try:
            rec = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise GoldError(f"{f}: cannot read ({exc})") from None
        except json.JSONDecodeError as exc:
            raise GoldError(f"{f}:{exc.lineno}: invalid JSON ({exc.msg})") from None
        if not isinstance(rec, dict) or not isinstance(rec.get("doc"), str):
            raise GoldError(f'{f}: not a gold record (expected a JSON object with a "doc" string)')
        out.append(rec)
    if not out:
        raise GoldError(f"{root}: no gold records (expected *.json files, see SCHEMA.md)")
    return out


def evaluate(
    gold_dir: str | Path,
    corpus: str | Path,
    registry: str | Path | None = None,
    *,
    jobs: int | None = 1,
    progress: Callable[[int, int, str], None] | None = None,
) -> Scores:
    """Run the extractor on ``corpus`` and score its records against the gold in ``gold_dir``.

    Parameters
    ----------
    gold_dir:
        Folder of gold records (see :func:`load_gold`); their ``doc`` is the
        article's path relative to ``corpus``.
    corpus:
        Folder of the articles (Markdown), searched recursively.
    registry:
        Optional community registry, passed to :func:`extractor.pipeline.extract`.
    jobs, progress:
        Passed to :func:`extractor.pipeline.extract`.

    Returns
    -------
    Scores
        As :func:`score_records`; articles the extractor could not read are
        listed in ``problems`` and scored as empty predictions.
    """
    from .pipeline import extract

    gold = load_gold(gold_dir)
    res = extract([corpus], registry=registry, jobs=jobs, progress=progress)
    scores = score_records(gold, [r.to_dict() for r in res.records])
    scores.problems = [str(p) for p in res.problems]
    return scores
