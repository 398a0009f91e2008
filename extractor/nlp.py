"""Stage 2: the spaCy zh pipeline with a private jieba segmenter that knows our vocabulary."""

from __future__ import annotations

import os
import re
import tempfile
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .resources import Resources

__all__ = ["get_nlp", "get_jieba", "get_tagger", "jieba_block", "tokenize"]

_SPACE = re.compile(r"\s")
_PIPELINES: dict[str, Any] = {}
_JIEBA: dict[str, Any] = {}
_TAGGERS: dict[str, Any] = {}


def get_nlp(res: Resources | None = None) -> Any:
    """A blank spaCy Chinese pipeline segmenting with a private ``jieba.Tokenizer``.

    The vocabulary of ``res`` is added to that tokenizer only (never to the
    global jieba), so other pipelines in the process are unaffected.  Words
    with spaces cannot be jieba words; the gazetteer matches those on
    characters instead.  Nothing is downloaded.
    """
    key = res.fingerprint if res is not None else ""
    if key in _PIPELINES:
        return _PIPELINES[key]
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.tokenizer.jieba_seg = get_jieba(res)
    _PIPELINES[key] = nlp
    return nlp


def get_jieba(res: Resources | None = None) -> Any:
    """The private ``jieba.Tokenizer`` (with the vocabulary) shared by spaCy and the tagger."""
    key = res.fingerprint if res is not None else ""
    if key in _JIEBA:
        return _JIEBA[key]
    import jieba

    jieba.setLogLevel(60)
    # spaCy's Chinese tokenizer initialises jieba's global tokenizer anyway: load the
    # dictionary once, there (from jieba's cache file), and copy its word frequencies
    if not jieba.dt.initialized:
        jieba.dt.tmp_dir = _cache_dir()
        jieba.dt.initialize()
    tok = jieba.Tokenizer()
    if jieba.dt.dictionary == tok.dictionary:  # the default dictionary, as ours
        tok.FREQ, tok.total = dict(jieba.dt.FREQ), jieba.dt.total
        tok.initialized = True
    else:  # someone pointed the global one at another dictionary
        tok.tmp_dir = _cache_dir()
        tok.initialize()
    if res is not None:
        for term in res.gazetteer.terms:
            w = term.surface
            if len(w) >= 2 and not _SPACE.search(w) and not w.isascii():
                tok.add_word(w, freq=2000)
    _JIEBA[key] = tok
    return tok


def _cache_dir() -> str:
    """Where jieba keeps its dictionary cache (``MEETUP_KG_JIEBA_CACHE`` or the temp folder)."""
    return os.environ.get("MEETUP_KG_JIEBA_CACHE", tempfile.gettempdir())


def get_tagger(res: Resources | None = None) -> Any:
    """jieba's part-of-speech tagger over the private tokenizer (one dictionary load)."""
    key = res.fingerprint if res is not None else ""
    if key not in _TAGGERS:
        import jieba.posseg as pseg

        tok = get_jieba(res)
        tags = getattr(pseg.dt, "word_tag_tab", None)
        if tags and pseg.dt.tokenizer.dictionary == tok.dictionary:
            # the tags of the default dictionary, read when jieba.posseg was imported:
            # POSTokenizer(tok) would parse the 350,000-line file again
            tagger = pseg.POSTokenizer.__new__(pseg.POSTokenizer)
            tagger.tokenizer, tagger.word_tag_tab = tok, dict(tags)
        else:
            tagger = pseg.POSTokenizer(tok)
        _TAGGERS[key] = tagger
    return _TAGGERS[key]


def tokenize(text: str, res: Resources | None = None) -> list[tuple[int, int]]:
    """Token character spans of ``text`` (whitespace tokens dropped).

    >>> text = "openEuler 社区发展"
    >>> [text[s:e] for s, e in tokenize(text)]
    ['openEuler', '社区', '发展']
    """
    # the tokens of get_nlp(res).make_doc(text), read straight off its jieba segmenter:
    # spaCy's zh tokenizer keeps jieba's words, and its whitespace tokens are the ones
    # dropped here; building a Doc (and importing spaCy) cost more than the segmenting
    spans = []
    pos = 0
    for word in get_jieba(res).cut(text, cut_all=False):
        end = pos + len(word)
        if word and not word.isspace():
            spans.append((pos, end))
        pos = end
    return spans


def jieba_block(text: str, i: int) -> tuple[int, int] | None:
    """The run of ``text`` around position ``i`` that jieba segments by itself, or None
    when ``text[i]`` is in no such run.

    jieba cuts a text into runs of Han characters, letters, digits and ``+#&._%-`` and
    segments each run alone: a word begins at ``i`` in ``text`` exactly when one begins
    at ``i - start`` in the run.

    >>> text = "欢迎参加 openEuler 社区活动"
    >>> s, e = jieba_block(text, 16)
    >>> text[s:e], jieba_block(text, 4)
    ('社区活动', None)
    """
    import jieba

    run = jieba.re_han_default  # the pattern of jieba.Tokenizer.cut(cut_all=False)
    if not run.fullmatch(text, i, i + 1):
        return None
    start = i
    while start > 0 and run.fullmatch(text, start - 1, start):
        start -= 1
    end = run.match(text, i)
    assert end is not None  # text[i] is in a run
    return start, end.end()
