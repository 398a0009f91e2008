"""Stage 6: mentions, talks, event and relations -> one DocumentRecord per article."""

from __future__ import annotations

import re

from .event import document_kind, find_event
from .layouts import slot_relations
from .mentions import find_mentions, prepare
from .model import Article, DocumentRecord, Entity, Mention
from .relations import find_relations
from .resources import Resources, fold
from .talks import evidence_for, find_talks, sentence_at

__all__ = ["build_record"]


def build_record(article: Article, res: Resources) -> DocumentRecord:
    """Run stages 3-5 on ``article`` and assemble its document record.

    >>> from extractor.article import parse_article
    >>> from extractor.resources import get_resources
    >>> rec = build_record(parse_article("## 张三：开源之路\\n张三来自华为。", doc="a.md"), get_resources())
    >>> [(e.type, e.name) for e in rec.entities if e.type == "Person"]
    [('Person', '张三')]
    """
    at = prepare(article)
    mentions = [m for m in find_mentions(at, res) if (m.type, m.name) not in res.optional]
    talks = find_talks(at, mentions, res)
    kind = document_kind(at, talks, res)
    event = find_event(at, mentions, talks, res, kind=kind)
    if event is None and kind in ("report", "release"):
        talks = []  # a report or release note recaps no talks, whatever its headings say
    mentions = [m for m in mentions if m.type != "Location" or _event_place(at, m, event)]
    relations = find_relations(at, mentions, res)
    slot_rels, slot_orgs = slot_relations(at, talks, mentions, res)
    have = {(r.type, r.source, r.target) for r in relations}
    relations += [r for r in slot_rels if (r.type, r.source, r.target) not in have]
    mentions += slot_orgs
    entities, topics = _split_topics(at, _entities(at, mentions, talks, res), mentions, talks, res)
    people = {n for e in entities if e.type == "Person" for n in (e.name, *e.aliases)}
    relations = [r for r in relations if r.source in people]  # no tie from a dropped name
    _talk_mentions(talks, mentions)
    return DocumentRecord(
        doc=article.doc,
        event=event,
        talks=talks,
        entities=entities,
        relations=relations,
        title=article.title,
        published=str(article.meta.get("date") or "") or None,
        warnings=list(article.warnings),
        topics=topics,
        kind=kind,
    )


_PLACE_CUE = re.compile(
    "举办|举行|召开|开幕|登陆|走进|落地|站|地点|会场|场馆|venue|位于|来到|相聚|齐聚|汇聚"
)


def _event_place(at, m: Mention, event) -> bool:
    """Locations count when they are where an event happens, not every place named."""
    if event is not None and (
        m.name == event.city or m.surface in (event.name or "", event.venue or "")
    ):
        return True
    text = at.texts[m.block]
    s, e = sentence_at(text, m.start, m.end)
    return bool(_PLACE_CUE.search(text[s:e]))


def _entities(at, mentions: list[Mention], talks, res: Resources) -> list[Entity]:
    """One entity per (type, canonical name), with every surface form as an alias."""
    ents: dict[tuple[str, str], Entity] = {}
    index: dict[tuple[str, str], tuple[str, str]] = {}
    for m in mentions:
        key = (m.type, fold(m.name))
        key = index.get(key, key)
        ent = ents.get(key)
        if ent is None:
            ent = ents[key] = Entity(m.type, m.name)
            ent.evidence.append(evidence_for(at, m.block, m.start, m.end))
        for form in (m.name, m.surface):
            if form and form != ent.name and form not in ent.aliases:
                ent.aliases.append(form)
            index.setdefault((m.type, fold(form)), key)
        for k, v in m.attrs:
            vals = ent.attrs.setdefault(k, [])
            if v not in vals:
                vals.append(v)
    if res.registry.sig_aliases:
        for ent in ents.values():
            if ent.type == "SIG":
                for a in sorted(res.registry.sig_aliases.get(ent.name, ())):
                    if a not in ent.aliases and a != ent.name:
                        ent.aliases.append(a)
    for t in talks:
        for s in t.speakers:
            if ("Person", fold(s)) not in index:
                key = ("Person", fold(s))
                ents[key] = Entity("Person", s)
                index[key] = key
    # a Latin name read both as a person's and as a product's: 'MikeTang' after
    # '主持人：' is a person; 'Helm Chart', taken for a name by its capitals alone, a product
    speakers = {fold(s) for t in talks for s in t.speakers}
    for key in [k for k in ents if k[0] in ("Project", "Technology")]:
        pkey = index.get(("Person", key[1]))
        if pkey is None or pkey not in ents:
            continue
        cues = at.persons.get(ents[pkey].name, set())
        if cues <= {"latin"} and key[1] not in speakers:
            del ents[pkey]
        elif (key[0], key[1]) not in res.canonical:
            del ents[key]
    return sorted(ents.values(), key=lambda e: (e.type, e.name))


_FIELD_TERM = re.compile(r"[\u3400-\u9fff]+")


def _split_topics(
    at, entities: list[Entity], mentions: list[Mention], talks, res: Resources
) -> tuple[list[Entity], list[Entity]]:
    """Entities, and the field terms an article only names in passing.

    A technology named by a Chinese field term (沙箱, 并行计算, 多模态) is a topic of
    the article, not one of its entities, unless the article dwells on it: named
    twice or more, or in a heading, a talk title or the article's title.  Products
    and standards with Chinese names (鲲鹏, 星闪: ``named`` in the vocabulary) and
    Latin-script names are always entities.
    """
    titles = " ".join([at.article.title or "", *(t.title for t in talks)])
    keep: list[Entity] = []
    topics: list[Entity] = []
    for ent in entities:
        if (
            ent.type != "Technology"
            or not _FIELD_TERM.fullmatch(ent.name)
            or (ent.type, ent.name) in res.named
        ):
            keep.append(ent)
            continue
        forms = {ent.name, *ent.aliases}
        own = [m for m in mentions if m.type == "Technology" and m.name in forms]
        salient = (
            len(own) >= 2
            or any(at.article.blocks[m.block].kind == "heading" for m in own)
            or any(f in titles for f in forms)
        )
        (keep if salient else topics).append(ent)
    return keep, topics


def _talk_mentions(talks, mentions: list[Mention]) -> None:
    """Each talk mentions the projects, technologies, SIGs and organisations of its blocks."""
    starts = sorted({t.block_range[0] for t in talks})
    for t in talks:
        lo = t.block_range[0]
        later = [s for s in starts if s > lo]
        hi = later[0] if later else lo + 6
        seen = []
        for m in mentions:
            if lo <= m.block < hi and m.type in ("Project", "Technology", "SIG", "Organization"):
                item = (m.type, m.name)
                if item not in seen:
                    seen.append(item)
        t.mentions = seen
