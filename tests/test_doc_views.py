"""The per-Doc views the detectors share (discourse.measures._doc) give what spaCy's own API gives."""

from __future__ import annotations

import pytest
from spacy.matcher import Matcher

import discourse as dc
from discourse.measures import _doc
from discourse.measures._doc import (
    LemmaOrLowerMatcher,
    doc_text,
    sentence_texts,
    sentences,
    span_lemma,
    span_text,
    token_attrs,
)

TEXTS = [
    "The U.S. Senate said Iran's talks would not fail. “We are ready,” Zarif told reporters in Tehran.",
    "Negotiations broke down.  Then, in May, Oman offered to mediate between Washington and Tehran!\n\nNo deal.",
    "Nuclear Deal talks resumed; the nuclear deals were signed at the talks, under maximum pressure.",
    "   leading spaces and a trailing space ",
]


@pytest.fixture(scope="module")
def docs(nlp):
    return [nlp(t) for t in TEXTS]


def test_doc_and_sentence_texts_equal_spacy(docs):
    for doc in docs:
        assert doc_text(doc) == doc.text
        assert sentence_texts(doc) == [s.text for s in doc.sents]
        assert sentence_texts(doc) is sentence_texts(doc)  # cached


def test_token_attrs_equal_token_attributes(docs):
    for doc in docs:
        a = token_attrs(doc)
        got = list(zip(a.lower, a.lemma, a.pos, a.tag, a.dep, a.idx, a.end, a.is_word))
        want = [(t.lower_, t.lemma_.lower(), t.pos_, t.tag_, t.dep_, t.idx, t.idx + len(t),
                 not (t.is_punct or t.is_space)) for t in doc]
        assert got == want


def test_span_text_and_lemma_equal_spacy(docs):
    for doc in docs:
        for s in range(len(doc)):
            for e in range(s + 1, min(len(doc), s + 4) + 1):
                span = doc[s:e]
                assert span_text(doc, s, e) == (span.text, span.start_char, span.end_char)
                assert span_lemma(doc, s, e) == " ".join(t.lemma_.lower() for t in span)


def test_views_of_an_empty_doc(nlp):
    doc = nlp("")
    assert doc_text(doc) == "" and sentence_texts(doc) == [] and sentences(doc) == []
    assert token_attrs(doc).lower == []


@pytest.mark.parametrize("entries", [["nuclear deal", "maximum pressure", "break down", "in may"]])
def test_lemma_or_lower_matcher_equals_the_token_matcher(nlp, docs, entries):
    """Same matches as a Matcher with a LEMMA and a LOWER pattern per entry."""
    fast, slow = LemmaOrLowerMatcher(nlp.vocab), Matcher(nlp.vocab)
    for e in entries:
        words = e.split()
        fast.add(e, words)
        slow.add(e, [[{"LEMMA": w} for w in words], [{"LOWER": w} for w in words]])
    total = 0
    for doc in docs:
        want = sorted({(nlp.vocab.strings[k], s, e) for k, s, e in slow(doc)}, key=lambda h: (h[1], h[2], h[0]))
        assert fast(doc) == want
        total += len(want)
    # "Nuclear Deal" (LOWER), "nuclear deals" (LEMMA), "broke down" (LEMMA), "in May" (LOWER)
    assert total == 5
    assert len(fast) == 4 and LemmaOrLowerMatcher(nlp.vocab)(docs[0]) == []
    with pytest.raises(ValueError, match="lowercase"):
        fast.add("Security Council", ["Security", "Council"])


def test_views_stay_out_of_user_data_so_docs_still_serialise(nlp):
    """Doc.to_bytes (used by nlp.pipe with n_process > 1 and by DocBin) packs doc.user_data."""
    from spacy.tokens import Doc

    from discourse.tables import measurer

    doc = nlp("“We will not talk,” the minister said. Talks may resume; the US cannot wait.")
    rows = measurer(nlp.vocab)(doc)
    assert rows["cues"] and len(rows["sentences"]) == 2
    assert doc.user_data == {}
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert again.text == doc.text
    # the component's rows (plain dicts) are user data too, and serialise
    pipe = dc.load_nlp(measures=True)  # a pipeline of its own: never add a pipe to the shared dc.load_nlp()
    tagged = pipe("Talks may resume. We think so.")
    assert Doc(pipe.vocab).from_bytes(tagged.to_bytes())._.cues == tagged._.cues


def test_views_are_dropped_with_their_doc_and_rebuilt_after_retokenising(nlp):
    import gc
    import weakref

    from discourse.tables import measurer

    doc = nlp("Nuclear talks in New York may resume. “Talks are possible,” he said.")
    measurer(nlp.vocab, domain="us_iran_diplomacy")(doc)  # every detector stores its views
    assert doc in _doc._VIEWS and token_attrs(doc).lower[3:5] == ["new", "york"]
    with doc.retokenize() as retok:
        retok.merge(doc[3:5])
    assert token_attrs(doc).lower[3] == "new york"
    assert sentence_texts(doc) == [s.text for s in doc.sents] and sentences(doc) == list(doc.sents)
    ref = weakref.ref(doc)
    del doc, retok
    gc.collect()
    assert ref() is None  # no view holds the Doc


def test_views_equal_spacy_on_random_messy_text(nlp):
    """Whitespace runs, newlines, quotes, emoji and non-Latin script: the views still equal what
    spaCy's own (slow) API gives, and every measure runs."""
    import random

    from discourse.tables import measurer

    rng = random.Random(11)
    pieces = ["Iran", "may", "not", "talk", ".", ",", "“", "”", '"', "'s", " ", "  ", "\n", "\n\n", "\t",
              "US", "😀", "Тегеран", "مذاکره", "can't", "—", "?", "!", "Oman", "said", "...", "(", ")"]
    m = measurer(nlp.vocab, domain="us_iran_diplomacy")  # the domain measures too
    for _ in range(150):
        text = "".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(1, 40)))
        doc = nlp(text)
        assert doc_text(doc) == doc.text
        assert sentence_texts(doc) == [s.text for s in doc.sents]
        a = token_attrs(doc)
        assert [(x, y) for x, y in zip(a.idx, a.end)] == [(t.idx, t.idx + len(t)) for t in doc]
        rows = m(doc)
        for c in rows["cues"] + rows["frames"] + rows["actors"]:
            assert text[c["start_char"]:c["end_char"]] == c["text"]


def test_measuring_shares_one_set_of_spans_and_lets_the_doc_go(nlp):
    import gc
    import weakref

    from discourse.measures._doc import measuring

    doc, other = nlp("Talks may resume. We think so. No deal."), nlp("One sentence. Two.")
    assert sentences(doc)[0] is not sentences(doc)[0]  # outside measuring: new Spans every call
    with measuring(doc):
        first, second = sentences(doc), sentences(doc)
        assert first == list(doc.sents) and all(a is b for a, b in zip(first, second))
        first.pop()  # each call gets its own list: a caller changing it changes nobody else's
        assert len(sentences(doc)) == 3
        with measuring(other):  # nested: the inner Doc's Spans too; the outer Doc keeps its own
            assert sentences(other) == list(other.sents) and sentences(other)[0] is sentences(other)[0]
            assert sentences(doc)[0] is second[0]
        assert sentences(other)[0] is not sentences(other)[0]  # the inner block has ended
        assert sentences(doc)[0] is second[0]
        with doc.retokenize() as retok:  # retokenised while measured: new bounds, new Spans
            retok.merge(doc[0:2])
        assert sentences(doc) == list(doc.sents) and sentences(doc)[0] is not second[0]
    assert sentences(doc)[0] is not sentences(doc)[0]
    ref = weakref.ref(doc)
    del doc, first, second, retok
    gc.collect()
    assert ref() is None  # the Doc measured last is not held once the block has ended


def test_measuring_several_docs_shares_spans_per_doc_and_lets_them_go(nlp):
    import gc
    import weakref

    from discourse.measures._doc import measuring

    docs = [nlp("Talks may resume. We think so."), nlp("One sentence. Two. Three.")]
    with measuring(*docs):
        for d in docs:
            assert sentences(d) == list(d.sents) and sentences(d)[0] is sentences(d)[0]
        assert sentences(docs[0])[0].doc is docs[0] and sentences(docs[1])[0].doc is docs[1]
    assert all(sentences(d)[0] is not sentences(d)[0] for d in docs)
    refs = [weakref.ref(d) for d in docs]
    del docs, d
    gc.collect()
    assert all(r() is None for r in refs)  # no Doc of the block is held once it has ended
