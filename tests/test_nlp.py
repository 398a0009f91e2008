"""nlp: one jieba dictionary load serves spaCy, the private tokenizer and the tagger."""

from __future__ import annotations

import jieba
import jieba.posseg as pseg
import pytest

from extractor.nlp import get_jieba, get_nlp, get_tagger, tokenize
from extractor.resources import get_resources


def test_nlp_private_tokenizer_is_the_dictionary_plus_the_vocabulary():
    """Copied from the global tokenizer, it holds what loading the dictionary and adding
    the vocabulary's words gives."""
    res = get_resources()
    tok = get_jieba(res)
    fresh = jieba.Tokenizer()
    fresh.initialize()
    words = [
        t.surface
        for t in res.gazetteer.terms
        if len(t.surface) >= 2 and " " not in t.surface and not t.surface.isascii()
    ]
    new = {w for w in words if not fresh.FREQ.get(w)}  # not words of jieba's dictionary
    for w in words:
        fresh.add_word(w, freq=2000)
    assert tok.FREQ == fresh.FREQ and tok.total == fresh.total
    # the global tokenizer (spaCy's, other libraries') does not learn our words
    assert new and all(tok.FREQ[w] == 2000 for w in new)
    assert not any(jieba.dt.FREQ.get(w) for w in new)


def test_nlp_tagger_tags_as_a_freshly_built_one():
    res = get_resources()
    fast = get_tagger(res)
    slow = pseg.POSTokenizer(get_jieba(res))
    assert fast.word_tag_tab == slow.word_tag_tab
    text = "郑振宇介绍了机密计算与 openEuler 24.03 LTS 的进展，香港城市大学博士后杨昊分享了经验。"
    assert fast.lcut(text, HMM=False) == slow.lcut(text, HMM=False)


def test_nlp_spacy_segments_with_the_private_tokenizer():
    res = get_resources()
    assert get_nlp(res).tokenizer.jieba_seg is get_jieba(res)
    text = "机密计算 SIG 的 secGear 项目"
    spans = tokenize(text, res)
    assert [text[s:e] for s, e in spans][:2] == ["机密计算", "SIG"]


@pytest.mark.parametrize(
    "text",
    [
        "机密计算 SIG 的 secGear 项目",
        "  开源\t社区\n\nopenEuler  24.03 LTS\u3000发布 ",
        "杨昊博士，华为\r\n工程师 \u00a0A-Tune",
        "",
        " \n ",
    ],
)
def test_nlp_tokenize_gives_the_spans_of_spacys_tokens(text):
    """tokenize reads jieba's words itself: the same spans as the spaCy Doc's tokens."""
    res = get_resources()
    doc = get_nlp(res).make_doc(text)
    assert tokenize(text, res) == [(t.idx, t.idx + len(t.text)) for t in doc if not t.is_space]
