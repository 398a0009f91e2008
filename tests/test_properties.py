"""Properties (hypothesis): any text gives a record or a clear error; offsets quote the body."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.article import clean_inline, decode_bytes, parse_article, parse_blocks
from extractor.errors import ArticleError
from extractor.model import DocumentRecord, Entity, Event, Evidence, Problem, Relation, Talk
from extractor.pipeline import extract_article, extract_file

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MARKDOWN_BITS = st.sampled_from(
    ["# ", "## ", "\n", "\n\n", "- ", "1. ", "> ", "**", "*", "_", "`", "```\n", "|", "---\n",
     "===\n", "[", "](", ")", "![", "<br>", "<!--", "-->", "<div>", "</div>", "<script>",
     "</script>", "&amp;", "&#x4e2d;", "&nbsp;", "\\", "\r\n", "\r", "\t", "：", "。", "张三",
     "openEuler", "SIG-Arm", "《", "》", " "]
)  # fmt: skip
TEXT = st.lists(st.one_of(MARKDOWN_BITS, st.text(max_size=20)), max_size=40).map("".join)
FRONT = st.sampled_from(
    ["", "---\ntitle: T\n---\n", "---\ntitle: 'x\n---\n", "+++\ntitle = 'B'\n+++\n",
     "---\n---\n", "---\n- a\n---\n", "---\ndate: 2024-02-30\n---\n", "+++\nx = \n+++\n",
     "---\ntitle: a\n"]
)  # fmt: skip


def _quotes_body(body: str, blocks) -> None:
    for b in blocks:
        assert len(b.text) == len(b.offsets)
        for ch, off in zip(b.text, b.offsets, strict=True):
            src = body[off]
            # copied characters equal the body; separators sit on whitespace; entities on '&'
            assert src == ch or (ch.isspace() and src.isspace()) or src == "&", (ch, src, b)


@FAST
@given(front=FRONT, body=TEXT)
def test_properties_any_text_gives_a_record_or_a_clear_error(front, body):
    try:
        art = parse_article(front + body, "p.md")
    except ArticleError as exc:
        assert exc.path == "p.md" and exc.message
        return
    _quotes_body(art.body, art.blocks)
    rec = extract_article(art)
    assert isinstance(rec, DocumentRecord)
    json.dumps(rec.to_dict(), ensure_ascii=False)


@FAST
@given(body=TEXT)
def test_properties_block_offsets_point_at_the_text_they_quote(body):
    _quotes_body(body, parse_blocks(body))


@FAST
@given(raw=TEXT.filter(lambda s: "\n" not in s))
def test_properties_clean_inline_offsets(raw):
    text, offs = clean_inline(raw, 7)
    assert len(text) == len(offs) and offs == sorted(offs)
    for ch, off in zip(text, offs, strict=True):
        assert raw[off - 7] == ch or raw[off - 7] == "&"


@settings(max_examples=500, deadline=None)
@given(raw=TEXT)
def test_properties_markup_matches_start_with_a_markup_character(raw):
    # clean_inline() skips the markup regex on text without any of these characters
    from extractor.article import _INLINE, _MARKUP_START

    for m in _INLINE.finditer(raw):
        assert _MARKUP_START.match(raw, m.start()), m


@FAST
@given(data=st.binary(max_size=300) | TEXT.map(lambda s: s.encode("gb18030", "replace")))
def test_properties_any_bytes_decode_or_are_refused(data):
    try:
        text, enc = decode_bytes(data, "b.md")
    except ArticleError as exc:
        assert exc.path == "b.md" and exc.expected
        return
    assert isinstance(text, str) and enc


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=200)
    | (FRONT.flatmap(lambda f: TEXT.map(lambda b: f + b))).map(
        lambda s: s.encode("utf-8", "surrogatepass")
    )
)
def test_properties_extract_file_never_raises(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("p") / "a.md"
    path.write_bytes(data)
    out = extract_file(path, path.parent)
    assert isinstance(out, DocumentRecord | Problem)
    if isinstance(out, Problem):
        assert "internal error" not in out.message, out


NAME = st.text(min_size=1, max_size=12)
EVIDENCE = st.builds(Evidence, doc=NAME, sentence=st.text(max_size=30), start=st.integers(0, 10**6),
                     end=st.integers(0, 10**6))  # fmt: skip
RECORD = st.builds(
    DocumentRecord,
    doc=NAME,
    event=st.none()
    | st.builds(
        Event,
        name=NAME,
        date=st.none() | NAME,
        city=st.none() | NAME,
        organizers=st.lists(NAME, max_size=3),
        evidence=st.lists(EVIDENCE, max_size=2),
    ),  # fmt: skip
    talks=st.lists(
        st.builds(
            Talk,
            title=NAME,
            speakers=st.lists(NAME, max_size=3),
            evidence=st.none() | EVIDENCE,
            mentions=st.lists(st.tuples(NAME, NAME), max_size=3),
        ),
        max_size=3,
    ),  # fmt: skip
    entities=st.lists(
        st.builds(
            Entity,
            type=NAME,
            name=NAME,
            attrs=st.dictionaries(NAME, NAME, max_size=2),
            evidence=st.lists(EVIDENCE, max_size=3),
        ),
        max_size=4,
    ),  # fmt: skip
    relations=st.lists(
        st.builds(Relation, type=NAME, source=NAME, target=NAME, evidence=st.none() | EVIDENCE),
        max_size=3,
    ),  # fmt: skip
    title=st.text(max_size=20),
    published=st.none() | NAME,
    warnings=st.lists(st.text(max_size=20), max_size=2),
)


@FAST
@given(rec=RECORD)
def test_properties_record_json_round_trip_is_lossless(rec):
    d = rec.to_dict()
    again = DocumentRecord.from_dict(json.loads(json.dumps(d, ensure_ascii=False)))
    assert again.to_dict() == d
