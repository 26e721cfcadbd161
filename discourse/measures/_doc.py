"""Per-Doc values that several measures need, computed once per Doc.

``doc.sents`` rebuilds its spans (and a Python ``Token`` per token) on every access; the detectors
each need the sentences, so the first call stores them in ``doc.user_data`` (never serialised: the
parse cache stores DocBins without user data).
"""

from __future__ import annotations

from spacy.attrs import DEP, HEAD, IDX, IS_PUNCT, IS_SPACE, LEMMA, LOWER, POS, TAG
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

_KEY = ("discourse", "sents")
_IDX = ("discourse", "sent_index")
_TEXT = ("discourse", "text")
_STEXT = ("discourse", "sent_texts")
_ATTRS = ("discourse", "token_attrs")


def sentences(doc: Doc) -> list[Span]:
    """``list(doc.sents)``, cached on the Doc."""
    cached = doc.user_data.get(_KEY)
    if cached is None or (cached and cached[0].doc is not doc):
        cached = doc.user_data[_KEY] = list(doc.sents)
    return cached


def sentence_index(doc: Doc) -> list[int]:
    """For each token, the index of its sentence in :func:`sentences` (cached on the Doc)."""
    cached = doc.user_data.get(_IDX)
    if cached is None or len(cached) != len(doc):
        cached = [0] * len(doc)
        for i, s in enumerate(sentences(doc)):
            cached[s.start:s.end] = [i] * (s.end - s.start)
        doc.user_data[_IDX] = cached
    return cached


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached on the Doc (spaCy rebuilds it token by token on every access)."""
    cached = doc.user_data.get(_TEXT)
    expected = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    if cached is None or len(cached) != expected:
        cached = doc.user_data[_TEXT] = doc.text
    return cached


def sentence_texts(doc: Doc) -> list[str]:
    """``[s.text for s in sentences(doc)]``, cached on the Doc (sliced from :func:`doc_text`)."""
    sents = sentences(doc)
    cached = doc.user_data.get(_STEXT)
    if cached is None or cached[0] is not sents:
        text = doc_text(doc)
        cached = doc.user_data[_STEXT] = (sents, [text[s.start_char:s.end_char] for s in sents])
    return cached[1]


class TokenAttrs:
    """Per-token attributes of a Doc as plain Python lists, read with one ``doc.to_array`` call.

    Detectors that only look at a token's strings use these instead of iterating the Doc, which
    builds a Python ``Token`` object per token per access. ``lemma`` is lowercased (spaCy keeps the
    case of proper-noun lemmas); ``head`` is the absolute index of each token's head; ``idx`` the
    token's character offset; ``is_word`` whether it is neither punctuation nor whitespace.
    """

    __slots__ = ("lower", "lemma", "pos", "tag", "dep", "head", "idx", "is_word")

    def __init__(self, doc: Doc):
        strings = doc.vocab.strings
        rows = doc.to_array([LOWER, LEMMA, POS, TAG, DEP, IDX, IS_PUNCT, IS_SPACE]).tolist() if len(doc) else []
        self.lower = [strings[r[0]] for r in rows]
        self.lemma = [strings[r[1]].lower() for r in rows]
        self.pos = [strings[r[2]] for r in rows]
        self.tag = [strings[r[3]] for r in rows]
        self.dep = [strings[r[4]] for r in rows]
        self.idx = [r[5] for r in rows]  # character offset of the token in doc.text
        self.is_word = [not (r[6] or r[7]) for r in rows]  # neither punctuation nor whitespace
        # HEAD is a signed offset stored in spaCy's uint64 array: read it as int64
        self.head = [i + h for i, h in enumerate(doc.to_array(HEAD).view("int64").tolist())] if rows else []


def token_attrs(doc: Doc) -> TokenAttrs:
    """:class:`TokenAttrs` of ``doc``, cached on the Doc."""
    cached = doc.user_data.get(_ATTRS)
    if cached is None or len(cached.lower) != len(doc):
        cached = doc.user_data[_ATTRS] = TokenAttrs(doc)
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
