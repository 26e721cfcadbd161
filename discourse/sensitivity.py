"""Sensitivity of headline contrasts to the analyst's choices (what a reviewer asks for).

Each function recomputes a contrast of :func:`discourse.compare` under alternatives and returns one
tidy row per (contrast, variant): ``contrast``, ``variant``, ``unit``, ``estimate_a``,
``estimate_b``, ``effect_type``, ``effect``, ``ci_low``, ``ci_high``, ``p``. A conclusion that
holds under every variant is robust to those choices; one that flips is reported as such.

- :func:`by_unit`: the resampling unit (paragraphs vs sentences as independent).
- :func:`by_count_variant`: a count redefined (e.g. a narrower hedge scheme without doxastic verbs
  and approximators; denial with and without clause negation), from the cue rows.
- :func:`leave_one_out`: each cue lemma of a count left out in turn; the most influential first.
- :func:`by_sentiment_method`: the sentiment comparison under each sentiment method.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from .errors import InputError
from .stats import compare

COLUMNS = ["contrast", "variant", "unit", "estimate_a", "estimate_b", "effect_type", "effect", "ci_low", "ci_high",
           "p"]


def _rows(result: pd.DataFrame, measure: str, *, contrast: str, variant: str) -> pd.DataFrame:
    r = result[result["measure"] == measure]
    if r.empty:
        raise InputError(f"sensitivity: the comparison has no measure {measure!r}; name a column it compares.")
    return r.assign(contrast=contrast, variant=variant)[COLUMNS]


def by_unit(sentences: pd.DataFrame, *, measures: Mapping[str, str], groups: Sequence, by: str = "doc_id",
            units: Sequence[str] = ("paragraph", "sentence"), **kw) -> pd.DataFrame:
    """``measures``: ``{contrast name: measure}`` of one sentence table (count, score or
    ``column=level`` share); each recomputed at every unit in ``units``."""
    out = []
    for unit in units:
        res = compare(sentences, by=by, groups=groups, unit=unit, **kw)
        out += [_rows(res, m, contrast=c, variant=f"unit = {unit}") for c, m in measures.items()]
    return pd.concat(out, ignore_index=True)


def _recount(sentences: pd.DataFrame, rows: pd.DataFrame, column: str) -> pd.DataFrame:
    """``sentences`` with ``column`` = the number of ``rows`` (cue rows with doc_id, sent_id) per sentence."""
    counts = rows.groupby(["doc_id", "sent_id"]).size().rename(column)
    s = sentences.drop(columns=[column], errors="ignore").join(counts, on=["doc_id", "sent_id"])
    s[column] = s[column].fillna(0).astype("int64")
    return s


def by_count_variant(sentences: pd.DataFrame, cues: pd.DataFrame, *, contrast: str,
                     variants: Mapping[str, Callable[[pd.DataFrame], pd.Series]], groups: Sequence,
                     by: str = "doc_id", **kw) -> pd.DataFrame:
    """A rate recomputed with the cues each variant keeps: ``variants`` maps a name to a function of
    the cue table returning a boolean mask (e.g. ``lambda c: (c.kind == "hedge") & (c.category !=
    "doxastic_verb")``)."""
    out = []
    for name, keep in variants.items():
        s = _recount(sentences, cues[keep(cues)], "n_variant")
        res = compare(s, by=by, groups=groups, count_cols=["n_variant"], score_cols=[], categorical_cols=[], **kw)
        out.append(_rows(res, "n_variant", contrast=contrast, variant=name))
    return pd.concat(out, ignore_index=True)


def leave_one_out(sentences: pd.DataFrame, cues: pd.DataFrame, *, contrast: str,
                  keep: Callable[[pd.DataFrame], pd.Series], groups: Sequence, by: str = "doc_id",
                  top: int = 5, **kw) -> pd.DataFrame:
    """The rate of the cues ``keep`` selects, with each of their lemmas left out in turn; the ``top``
    lemmas whose removal moves the log rate ratio most, after the row with all of them."""
    chosen = cues[keep(cues)]
    if chosen.empty:
        raise InputError(f"leave_one_out: no cue is selected for {contrast!r}.")
    base = by_count_variant(sentences, chosen, contrast=contrast, variants={"all entries": lambda c: c.index == c.index},
                            groups=groups, by=by, **kw)
    rows = []
    for lemma in sorted(chosen["lemma"].dropna().unique()):
        rows.append(by_count_variant(sentences, chosen, contrast=contrast, groups=groups, by=by,
                                     variants={f"without {lemma!r}": lambda c, lemma=lemma: c["lemma"] != lemma}, **kw))
    loo = pd.concat(rows, ignore_index=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        shift = np.abs(np.log(loo["effect"].astype(float)) - np.log(float(base["effect"].iloc[0])))
    loo = loo.assign(_shift=shift).sort_values("_shift", ascending=False, kind="stable").drop(columns="_shift")
    return pd.concat([base, loo.head(top)], ignore_index=True)


def by_sentiment_method(tables: Mapping[str, pd.DataFrame], *, groups: Sequence, by: str = "doc_id",
                        contrast: str = "sentence sentiment", **kw) -> pd.DataFrame:
    """``tables``: ``{method: sentence table measured with that sentiment method}``; the
    ``sentiment`` score compared in each."""
    out = []
    for method, s in tables.items():
        res = compare(s, by=by, groups=groups, count_cols=[], score_cols=["sentiment"], categorical_cols=[], **kw)
        out.append(_rows(res, "sentiment", contrast=contrast, variant=f"method = {method}"))
    return pd.concat(out, ignore_index=True)
