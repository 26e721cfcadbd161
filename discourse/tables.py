"""Tidy tables: the currency between the layers.

One row per segment, per sentence, per cue or per source. Parsing happens here, once per
segment, through :func:`discourse.nlp.iter_parse` (``nlp.pipe`` plus the on-disk cache).

Token counts (``n_tokens``) count *word* tokens: spaCy tokens that are neither punctuation
nor whitespace. They are the denominators of every rate.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc, Span

from .corpus import Corpus
from .nlp import iter_parse, load_nlp


def n_words(span: Doc | Span) -> int:
    """Number of word tokens (not punctuation, not whitespace) in a Doc or Span."""
    return sum(1 for t in span if not (t.is_punct or t.is_space))


def parse_segments(
    corpus: Corpus,
    *,
    roles: Iterable[str] | None = ("body",),
    nlp: Language | None = None,
    cache: bool = True,
    batch_size: int = 64,
    n_process: int = 1,
) -> pd.DataFrame:
    """The corpus's segments (of the given roles; ``None`` = all) with a ``doc`` column.

    Each segment is parsed on its own, so a heading never runs into the next paragraph.
    """
    seg = corpus.segments
    if roles is not None:
        seg = seg[seg["role"].isin(list(roles))]
    seg = seg.reset_index(drop=True).copy()
    nlp = nlp or load_nlp()
    names = (f"{r.source_id} segment {r.segment_id}" for r in seg.itertuples())
    seg["doc"] = list(iter_parse(seg["text"], nlp=nlp, cache=cache, batch_size=batch_size,
                                 n_process=n_process, names=names))
    return seg


def composition(corpus: Corpus, *, nlp: Language | None = None, cache: bool = True) -> pd.DataFrame:
    """One row per source and role: ``n_segments``, ``n_sentences``, ``n_tokens`` (words), ``n_chars``."""
    seg = parse_segments(corpus, roles=None, nlp=nlp, cache=cache)
    seg["n_sentences"] = [len(list(d.sents)) for d in seg["doc"]]
    seg["n_tokens"] = [n_words(d) for d in seg["doc"]]
    seg["n_chars"] = seg["text"].str.len()
    out = (
        seg.groupby(["source_id", "role"], sort=False)
        .agg(n_segments=("segment_id", "size"), n_sentences=("n_sentences", "sum"),
             n_tokens=("n_tokens", "sum"), n_chars=("n_chars", "sum"))
        .reset_index()
    )
    return out
