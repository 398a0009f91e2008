"""Typed records passed between pipeline stages (article -> mentions -> talks -> record)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

__all__ = [
    "ENTITY_TYPES",
    "RELATION_TYPES",
    "Block",
    "Article",
    "Mention",
    "Entity",
    "Talk",
    "Event",
    "Relation",
    "Evidence",
    "DocumentRecord",
    "Problem",
    "FileWarning",
]

ENTITY_TYPES = ("Person", "Organization", "SIG", "Project", "Technology", "Location")
RELATION_TYPES = (
    "gives",
    "presented_at",
    "member_of",
    "affiliated_with",
    "organized_by",
    "held_in",
    "mentions",
)


@dataclass(frozen=True)
class Block:
    """One structural unit of the Markdown body.

    ``text`` is the visible text (markup, images, HTML tags and link targets
    removed).  ``offsets[i]`` is the index in ``Article.body`` of ``text[i]``,
    so ``article.body[block.offsets[i]] == block.text[i]`` for every character
    that was copied from the body (a few synthetic separators map to the
    nearest source character).
    """

    kind: str  # heading | paragraph | list_item | table_row | caption | code
    text: str
    offsets: tuple[int, ...]
    level: int = 0  # heading level, list nesting depth
    line: int = 0  # 1-based line number of the block in the original file

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) range of ``text`` to a range of the body."""
        if not self.offsets:
            return (0, 0)
        s = self.offsets[min(start, len(self.offsets) - 1)]
        e = self.offsets[min(max(end - 1, 0), len(self.offsets) - 1)] + 1
        return (s, max(s, e))


@dataclass(frozen=True)
class Article:
    """A parsed article: front matter, original body and its Markdown blocks."""

    path: str  # filesystem path as given
    doc: str  # path relative to the input root, with '/' separators
    meta: dict[str, Any]
    body: str  # original body text after decoding (newlines normalised to \n)
    blocks: tuple[Block, ...]
    body_line: int = 1  # line number in the file where the body starts
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        t = self.meta.get("title")
        return str(t).strip() if t else ""


@dataclass(frozen=True)
class Mention:
    """A typed entity name found in a block of an article."""

    type: str
    name: str  # canonical name
    surface: str  # the text as written
    block: int  # index into Article.blocks
    start: int  # offsets into the block text
    end: int
    source: str = "vocab"  # vocab | registry | pattern | label | heading ...
    attrs: tuple[tuple[str, str], ...] = ()


@dataclass
class Evidence:
    """Where in an article something was read."""

    doc: str
    sentence: str
    start: int  # offsets into the article body
    end: int

    def to_dict(self) -> dict[str, Any]:
        # spelled out: dataclasses.asdict deep-copies and costs ~7x more, once per graph edge
        return {"doc": self.doc, "sentence": self.sentence, "start": self.start, "end": self.end}


@dataclass
class Entity:
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"type": self.type, "name": self.name}
        if self.aliases:
            d["aliases"] = sorted(set(self.aliases) - {self.name})
        if self.attrs:
            d["attrs"] = {k: self.attrs[k] for k in sorted(self.attrs)}
        if self.evidence:
            d["evidence"] = [e.to_dict() for e in self.evidence[:3]]
        return d


@dataclass
class Talk:
    title: str
    speakers: list[str] = field(default_factory=list)
    evidence: Evidence | None = None
    mentions: list[tuple[str, str]] = field(default_factory=list)  # (type, name)
    block_range: tuple[int, int] = (0, 0)  # blocks [start, end) belonging to the talk
    # other titles the article gives the talk (its heading when 《》 names it)
    title_aliases: list[str] = field(default_factory=list)
    # how sure the finder is, in [0, 1]: from the evidence that produced the talk
    confidence: float = 1.0
    # (speaker, block, text) of the slots that named the speakers with who they are
    # ('某某科技 工程师'): read for affiliations and roles, not part of the JSON form
    bios: list[tuple[str, int, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"title": self.title, "speakers": list(self.speakers)}
        d["confidence"] = round(self.confidence, 2)
        if self.title_aliases:
            d["title_aliases"] = list(self.title_aliases)
        if self.mentions:
            d["mentions"] = [{"type": t, "name": n} for t, n in self.mentions]
        if self.evidence:
            d["evidence"] = self.evidence.to_dict()
        return d


@dataclass
class Event:
    name: str
    date: str | None = None
    city: str | None = None
    organizers: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    venue: str | None = None  # the place inside the city (university, centre, hotel)
    # every event an article covering several names (this one first); empty otherwise
    events: list[Event] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "name": self.name,
            "date": self.date,
            "city": self.city,
            "organizers": list(self.organizers),
        }
        if self.venue:
            d["venue"] = self.venue
        if self.events:
            d["events"] = [e.to_dict() for e in self.events]
        if self.evidence:
            d["evidence"] = [e.to_dict() for e in self.evidence]
        return d

    @classmethod
    def from_dict(cls, e: dict[str, Any]) -> Event:
        """Rebuild an event from its JSON form (records written before ``venue`` and
        ``events`` existed load with their defaults)."""
        return cls(
            name=e.get("name") or "",
            date=e.get("date"),
            city=e.get("city"),
            organizers=list(e.get("organizers") or []),
            evidence=[Evidence(**x) for x in e.get("evidence") or []],
            venue=e.get("venue"),
            events=[cls.from_dict(x) for x in e.get("events") or []],
        )


@dataclass
class Relation:
    type: str
    source: str
    target: str
    source_type: str = "Person"
    target_type: str = ""
    evidence: Evidence | None = None
    confidence: float = 1.0  # in [0, 1], from the cue that gave the relation

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"type": self.type, "source": self.source, "target": self.target}
        d["confidence"] = round(self.confidence, 2)
        if self.evidence:
            d["evidence"] = self.evidence.to_dict()
        return d


@dataclass
class DocumentRecord:
    """What the extractor emits for one article (see SCHEMA.md).

    ``to_dict`` gives the JSON record; ``from_dict(to_dict(r))`` gives back a record
    with the same JSON form.  Working fields that only the extraction stages use
    (``Talk.block_range``, ``Relation.source_type``/``target_type``) are not part of
    the JSON form, and an entity keeps at most three evidence sentences there.
    """

    doc: str
    event: Event | None
    talks: list[Talk]
    entities: list[Entity]
    relations: list[Relation]
    title: str = ""
    published: str | None = None
    warnings: list[str] = field(default_factory=list)
    # field terms named only in passing (沙箱 once in a paragraph): graph topics, kept
    # out of ``entities``, which holds what a careful reader would list for the article
    topics: list[Entity] = field(default_factory=list)
    # what the article is: recap, announcement, report, release, interview, other
    kind: str = ""

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "doc": self.doc,
            "title": self.title,
            "published": self.published,
            "kind": self.kind or None,
            "event": self.event.to_dict() if self.event else None,
            "talks": [t.to_dict() for t in self.talks],
            "entities": [e.to_dict() for e in self.entities],
            "relations": [r.to_dict() for r in self.relations],
        }
        if self.topics:
            d["topics"] = [e.to_dict() for e in self.topics]
        if self.warnings:
            d["warnings"] = list(self.warnings)
        return d

    def above(self, min_confidence: float) -> DocumentRecord:
        """The record without the talks and relations less sure than ``min_confidence``.

        >>> r = DocumentRecord("a.md", None, [Talk("A", confidence=0.9), Talk("B", confidence=0.5)], [], [])
        >>> [t.title for t in r.above(0.6).talks]
        ['A']
        """
        if min_confidence <= 0:
            return self
        return replace(
            self,
            talks=[t for t in self.talks if t.confidence >= min_confidence],
            relations=[r for r in self.relations if r.confidence >= min_confidence],
        )

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DocumentRecord:
        """Rebuild a record from its JSON form (the inverse of ``to_dict``)."""

        def ev(x: dict[str, Any] | None) -> Evidence | None:
            return Evidence(**x) if x else None

        e = d.get("event")
        event = Event.from_dict(e) if e else None
        talks = [
            Talk(
                title=t["title"],
                speakers=list(t.get("speakers") or []),
                evidence=ev(t.get("evidence")),
                mentions=[(m["type"], m["name"]) for m in t.get("mentions") or []],
                title_aliases=list(t.get("title_aliases") or []),
                confidence=float(t.get("confidence", 1.0)),
            )
            for t in d.get("talks") or []
        ]

        def ent(x: dict[str, Any]) -> Entity:
            return Entity(
                type=x["type"],
                name=x["name"],
                aliases=list(x.get("aliases") or []),
                attrs=dict(x.get("attrs") or {}),
                evidence=[Evidence(**y) for y in x.get("evidence") or []],
            )

        rels = [
            Relation(
                type=r["type"],
                source=r["source"],
                target=r["target"],
                evidence=ev(r.get("evidence")),
                confidence=float(r.get("confidence", 1.0)),
            )
            for r in d.get("relations") or []
        ]
        return cls(
            doc=d["doc"],
            event=event,
            talks=talks,
            entities=[ent(x) for x in d.get("entities") or []],
            relations=rels,
            title=d.get("title") or "",
            published=d.get("published"),
            warnings=list(d.get("warnings") or []),
            topics=[ent(x) for x in d.get("topics") or []],
            kind=d.get("kind") or "",
        )


@dataclass(frozen=True)
class Problem:
    """A file that could not be turned into a record, and why."""

    path: str
    message: str
    line: int | None = None
    expected: str | None = None

    def __str__(self) -> str:
        loc = f"{self.path}:{self.line}" if self.line else self.path
        tail = f" (expected {self.expected})" if self.expected else ""
        return f"{loc}: {self.message}{tail}"

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True)
class FileWarning:
    """Something odd in a file that still gave a record (a front-matter value read
    leniently, an unclosed code fence): reported, counted apart from problems.

    Articles and records keep their warnings as text, ``"line N: what"`` when the line
    is known; :meth:`of` turns one into a warning naming the file.

    >>> str(FileWarning.of("a.md", "line 3: unclosed quote in 'date'; read as 2025-03-16"))
    "a.md:3: unclosed quote in 'date'; read as 2025-03-16"
    >>> str(FileWarning.of("b.md", "decoded as big5"))
    'b.md: decoded as big5'
    """

    path: str
    message: str
    line: int | None = None

    @classmethod
    def of(cls, path: str, text: str) -> FileWarning:
        """The warning ``text`` of an article or record (``"line N: what"``) for ``path``."""
        head, sep, rest = text.partition(": ")
        if sep and head.startswith("line ") and head[5:].isdigit():
            return cls(path, rest, int(head[5:]))
        return cls(path, text)

    def __str__(self) -> str:
        loc = f"{self.path}:{self.line}" if self.line else self.path
        return f"{loc}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}
