"""Per-Doc values that several measures need, computed once per Doc.

``doc.sents`` rebuilds its spans (and a Python ``Token`` per token) on every access; the detectors
each need the sentences, so the first call stores them in ``doc.user_data`` (never serialised: the
parse cache stores DocBins without user data).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

_KEY = ("discourse", "sents")
_IDX = ("discourse", "sent_index")


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
