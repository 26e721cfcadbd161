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
- :func:`by_voice`: every row of the comparison on all sentences and on the writer's own (authorial)
  sentences side by side, so that a difference in voice composition (one text quotes more) is not
  read as a difference in the writer's framing (issue 13 item 2).
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


#: the columns :func:`by_voice` reports for each of the two sentence selections
VOICE_VALUES = ["n_a", "n_b", "estimate_a", "estimate_b", "effect", "ci_low", "ci_high", "p", "p_adj"]
VOICE_KEYS = ["family", "measure", "group_a", "group_b", "effect_type"]


def by_voice(sentences: pd.DataFrame, cues: pd.DataFrame | None = None, *, voice_col: str = "voice",
             authorial: str = "authorial", alpha: float = 0.05, **kw) -> pd.DataFrame:
    """Every :func:`discourse.compare` row computed on all sentences and on the authorial sentences
    only (``sentences[voice_col] == authorial``; cue rows filtered on their own ``voice_col``, else
    on the kept sentences' ``doc_id, sent_id``), side by side.

    Voice follows the attribution detector (:mod:`discourse.measures.attribution`): authorial = the
    writer's own assertion, not reported or quoted. A contrast that exists on all sentences but not
    on the authorial ones is voice composition, not the writer's framing. Columns: the keys
    ``family, measure, group_a, group_b, effect_type``, then ``n_a ... p_adj`` for all sentences and
    the same with suffix ``_authorial``; ``verdict`` / ``verdict_authorial`` ("significant" when
    p_adj < ``alpha``, else "not significant", empty when the measure is absent from one selection)
    and ``verdict_changes`` (True/False, NA when one side is missing). ``**kw`` go to compare().
    """
    if voice_col not in sentences.columns:
        raise InputError(f"by_voice: the sentence table has no {voice_col!r} column; run the attribution measure first.")
    keep = sentences[voice_col].astype(str) == authorial
    if not keep.any():
        raise InputError(f"by_voice: no sentence has {voice_col} == {authorial!r}.")
    auth_cues = None
    if cues is not None:
        if voice_col in cues.columns:
            auth_cues = cues[cues[voice_col].astype(str) == authorial]
        else:
            ids = sentences.loc[keep, ["doc_id", "sent_id"]].drop_duplicates()
            auth_cues = cues.merge(ids, on=["doc_id", "sent_id"])
    full = compare(sentences, cues, **kw)
    own = compare(sentences[keep], auth_cues, **kw)
    cols = VOICE_KEYS + VOICE_VALUES
    out = full[cols].merge(own[cols], on=VOICE_KEYS, how="outer", suffixes=("", "_authorial"), sort=False)

    def verdict(p):
        return np.where(p.isna(), "", np.where(p < alpha, "significant", "not significant"))

    out["verdict"] = verdict(out["p_adj"])
    out["verdict_authorial"] = verdict(out["p_adj_authorial"])
    both = (out["verdict"] != "") & (out["verdict_authorial"] != "")
    out["verdict_changes"] = pd.array(np.where(both, out["verdict"] != out["verdict_authorial"], False), dtype="boolean")
    out.loc[~both, "verdict_changes"] = pd.NA
    return out
