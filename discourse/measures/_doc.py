"""Per-Doc views that several measures need, computed once per Doc and shared.

``doc.sents`` and ``doc.text`` rebuild Python objects (a ``Token`` per token) on every access, and
each detector needs the sentences, the text and the tokens' strings. The first detector to ask
computes them; the others reuse them. The views live in a table keyed weakly by the Doc, not in
``doc.user_data``: user data is serialised by ``Doc.to_bytes`` (and so by ``nlp.pipe`` with
``n_process > 1`` and by ``DocBin``), which could not pack these objects. A view is dropped with its
Doc, and all of a Doc's views are recomputed if its length changes (retokenisation).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager

from spacy.attrs import DEP, IDX, IS_PUNCT, IS_SPACE, LEMMA, LOWER, ORTH, POS, SPACY, TAG
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

_VIEWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_LENGTH = "_n_tokens"


#: the Doc asked about last and its entry (detectors ask for the same Doc thousands of times in a
#: row; a weak reference, so the Doc is still freed with its views)
_LAST: list = [None, None]


def views(doc: Doc) -> dict:
    """The dict of cached views of ``doc`` (created empty on first use). Modules store their own
    per-Doc values here under their own keys; no value may refer to the Doc (no Span, no Token),
    or the Doc would never be freed."""
    ref, entry = _LAST
    if ref is not None and ref() is doc and entry[_LENGTH] == len(doc):
        return entry
    entry = _VIEWS.get(doc)
    if entry is None or entry[_LENGTH] != len(doc):
        entry = _VIEWS[doc] = {_LENGTH: len(doc)}
    _LAST[0], _LAST[1] = weakref.ref(doc), entry
    return entry


def forget_views(doc: Doc) -> None:
    """Drop every cached view of ``doc`` (benchmarks use this to time a cold pass)."""
    _VIEWS.pop(doc, None)
    if _LAST[0] is not None and _LAST[0]() is doc:
        _LAST[0] = _LAST[1] = None


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """``[(s.start, s.end) for s in doc.sents]``, found once and cached (do not modify it)."""
    v = views(doc)
    bounds = v.get("sent_bounds")
    if bounds is None:
        bounds = v["sent_bounds"] = [(s.start, s.end) for s in doc.sents]
    return bounds


#: the Docs whose measures are running (see :func:`measuring`): ``id(doc) -> [doc, sentence bounds,
#: the Spans built over them]``, held only for the length of one Measurer call, so no Doc is kept alive
_MEASURING: dict[int, list] = {}


def sentences(doc: Doc) -> list[Span]:
    """``list(doc.sents)``: Span objects over sentence boundaries found once and cached.

    Outside :func:`measuring`, new Spans on every call (a view must not hold the Doc: a Span refers
    to its Doc, so caching Spans would keep every Doc alive through the weak table). Inside it, the
    measures of that Doc share one set of Spans (a new list each call, so a caller may change it)."""
    bounds = sentence_bounds(doc)
    entry = _MEASURING.get(id(doc))
    if entry is not None and entry[0] is doc:
        if entry[1] is not bounds:
            entry[1], entry[2] = bounds, [Span(doc, a, b) for a, b in bounds]
        return list(entry[2])
    return [Span(doc, a, b) for a, b in bounds]


@contextmanager
def measuring(*docs: Doc) -> Iterator[None]:
    """While the block runs, :func:`sentences` of each of ``docs`` returns the same Span objects
    (spaCy Spans are views: equal Spans give equal answers), instead of building them for every
    measure. Nests: a Doc measured in an enclosing block keeps its Spans, and the state before the
    block is restored afterwards."""
    saved = {id(d): _MEASURING.get(id(d)) for d in docs}
    for d in docs:
        if id(d) not in _MEASURING or _MEASURING[id(d)][0] is not d:
            _MEASURING[id(d)] = [d, None, None]
    try:
        yield
    finally:
        for key, entry in saved.items():
            if entry is None:
                _MEASURING.pop(key, None)
            else:
                _MEASURING[key] = entry


def sentence_index(doc: Doc) -> list[int]:
    """For each token, the index of its sentence in :func:`sentences` (cached)."""
    v = views(doc)
    cached = v.get("sent_index")
    if cached is None:
        cached = [0] * len(doc)
        for i, s in enumerate(sentences(doc)):
            cached[s.start:s.end] = [i] * (s.end - s.start)
        v["sent_index"] = cached
    return cached


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached (spaCy rebuilds it token by token on every access)."""
    v = views(doc)
    text = v.get("text")
    if text is None:
        # what Doc.text joins (each token's text_with_ws), read from arrays, not Token objects
        text = ""
        if len(doc):
            orth, ws = doc.to_array([ORTH, SPACY]).T.tolist()
            text = "".join(o + " " if w else o for o, w in zip(_strings(doc, orth, _STRING_CACHE), ws))
        v["text"] = text
    return text


def sentence_texts(doc: Doc) -> list[str]:
    """``[s.text for s in sentences(doc)]``, cached (sliced from :func:`doc_text`)."""
    v = views(doc)
    cached = v.get("sent_texts")
    if cached is None:
        text = doc_text(doc)
        cached = v["sent_texts"] = [text[s.start_char:s.end_char] for s in sentences(doc)]
    return cached


#: hash -> string caches shared by all Docs (spaCy's string hashes do not depend on the vocab);
#: a dict lookup costs a fraction of a StringStore lookup. Cleared when they grow past the limit.
_STRING_CACHE: dict[int, str] = {}
_LOWERED_CACHE: dict[int, str] = {}
_CACHE_LIMIT = 200_000


def _strings(doc: Doc, hashes: list[int], cache: dict[int, str], lowercase: bool = False) -> list[str]:
    """The strings of ``hashes`` (lowercased if asked), looked up in ``cache`` first."""
    out = list(map(cache.get, hashes))
    if None in out:
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        strings = doc.vocab.strings
        for k, h in enumerate(hashes):
            if out[k] is None:
                out[k] = cache[h] = strings[h].lower() if lowercase else strings[h]
    return out


class TokenAttrs:
    """Per-token attributes of a Doc as plain Python lists, read with one ``doc.to_array`` call.

    Detectors that only look at a token's strings use these instead of iterating the Doc, which
    builds a Python ``Token`` object per token per access. ``lemma`` is lowercased (spaCy keeps the
    case of proper-noun lemmas); ``idx`` and ``end`` are the character offsets of the token's text;
    ``is_word`` says whether it is neither punctuation nor whitespace.
    """

    __slots__ = ("lower", "lemma", "pos", "tag", "dep", "idx", "end", "is_word")

    def __init__(self, doc: Doc):
        if not len(doc):
            self.lower = self.lemma = self.pos = self.tag = self.dep = []
            self.idx = self.end = self.is_word = []
            return
        cols = doc.to_array([LOWER, LEMMA, POS, TAG, DEP, IDX, IS_PUNCT, IS_SPACE, SPACY]).T.tolist()
        self.lower = _strings(doc, cols[0], _STRING_CACHE)
        self.lemma = _strings(doc, cols[1], _LOWERED_CACHE, lowercase=True)
        self.pos, self.tag, self.dep = (_strings(doc, c, _STRING_CACHE) for c in cols[2:5])
        self.idx = idx = cols[5]  # character offset of the token in doc.text
        # end offset of each token's text: the next token starts after it and its trailing space
        ws = cols[8]
        self.end = [nxt - w for nxt, w in zip(idx[1:] + [len(doc_text(doc))], ws)]
        self.is_word = [not (p or sp) for p, sp in zip(cols[6], cols[7])]  # neither punctuation nor whitespace


def token_attrs(doc: Doc) -> TokenAttrs:
    """:class:`TokenAttrs` of ``doc``, cached."""
    v = views(doc)
    cached = v.get("token_attrs")
    if cached is None:
        cached = v["token_attrs"] = TokenAttrs(doc)
    return cached


class LemmaOrLowerMatcher:
    """Multiword lexicon entries found by their lemmas or by their lowercase forms.

    The same matches as a ``Matcher`` with the two patterns ``[{"LEMMA": w}, ...]`` and
    ``[{"LOWER": w}, ...]`` per entry, but from two hash-based ``PhraseMatcher`` passes, whose cost
    hardly grows with the number of entries (the ``Matcher`` tries every pattern at every token).
    Calling it returns ``(key, start, end)`` triples, ``key`` the entry's string, sorted by position.
    """

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self._lemma = PhraseMatcher(vocab, attr="LEMMA")
        self._lower = PhraseMatcher(vocab, attr="LOWER")
        self._keys: set[str] = set()

    def add(self, key: str, words: list[str]) -> None:
        """Add entry ``key`` whose tokens are ``words`` (lowercase strings)."""
        if any(w != w.lower() for w in words):
            raise ValueError(f"Lexicon entry {key!r}: write multiword entries in lowercase.")
        self._lemma.add(key, [Doc(self.vocab, words=words, lemmas=words)])
        self._lower.add(key, [Doc(self.vocab, words=words)])
        self._keys.add(key)

    def __len__(self) -> int:
        return len(self._keys)

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        if not self._keys or not len(doc):
            return []
        strings = self.vocab.strings
        hits = {(strings[k], s, e) for m in (self._lemma, self._lower) for k, s, e in m(doc)}
        return sorted(hits, key=lambda h: (h[1], h[2], h[0]))


def span_text(doc: Doc, start: int, end: int) -> tuple[str, int, int]:
    """``(text, start_char, end_char)`` of tokens ``[start, end)``: ``doc[start:end].text`` sliced
    from the cached :func:`doc_text` rather than joined token by token."""
    if end <= start:
        return "", doc[start:end].start_char, doc[start:end].end_char
    attrs = token_attrs(doc)
    a, b = attrs.idx[start], attrs.end[end - 1]
    return doc_text(doc)[a:b], a, b


def span_lemma(doc: Doc, start: int, end: int) -> str:
    """The lowercased lemmas of tokens ``[start, end)`` joined by spaces."""
    return " ".join(token_attrs(doc).lemma[start:end])
