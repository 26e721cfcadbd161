"""Rates of counted cues per 1,000 tokens (ratio estimators) with bootstrap CIs, and rate ratios between
two groups (bootstrap CIs, permutation p, Haldane-Anscombe zero handling).
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd
import scipy.stats as st

from .resampling import (
    DEFAULT_N_RESAMPLES,
    DEFAULT_PER,
    _as_1d_float,
    _base_seed,
    _bootstrap_ci,
    _child_rng,
    _join_notes,
    _permutation_p,
    _require_cols,
)


def _check_counts_tokens(counts, tokens) -> tuple[np.ndarray, np.ndarray]:
    c = _as_1d_float(counts, "counts")
    t = _as_1d_float(tokens, "tokens")
    if c.shape != t.shape:
        raise ValueError(f"counts and tokens must have the same length ({c.size} != {t.size})")
    if np.isnan(c).any() or np.isnan(t).any():
        raise ValueError("counts and tokens must not contain NaN")
    if (t <= 0).any():
        raise ValueError("every sentence must have n_tokens > 0")
    if (c < 0).any():
        raise ValueError("counts must be >= 0")
    return c, t


def rate_ci(
    counts,
    tokens,
    *,
    per: float = DEFAULT_PER,
    rng=0,
    n_resamples: int = DEFAULT_N_RESAMPLES,
    confidence_level: float = 0.95,
    method: str = "BCa",
    unit: str = "sentence",
) -> dict[str, Any]:
    """Rate of a cue per ``per`` tokens with a sentence-bootstrap CI.

    ``rate = sum(counts) / sum(tokens) * per`` (a ratio estimator, unit:
    occurrences per 1,000 tokens by default; range [0, inf); larger = more
    frequent).  The CI resamples sentences, keeping each sentence's count and
    token total together (``scipy.stats.bootstrap(..., paired=True)``,
    vectorized), method BCa by default (Efron & Tibshirani 1993, ch. 14; see
    module docstring) with a percentile fallback on degenerate data.

    Degenerate cases: zero occurrences give rate 0 and CI [0, 0] (every
    resample is 0; the note says the bootstrap cannot express uncertainty
    here); fewer than 2 sentences give a NaN CI with a note.

    The same call on per-document (or per-paragraph) totals is the cluster
    bootstrap of the rate; ``unit`` names the resampled unit in the notes
    (``n_sentences`` then counts those units).

    Returns a dict with ``count, n_tokens, n_sentences, rate, ci_low, ci_high,
    ci_method, note``.
    """
    c, t = _check_counts_tokens(counts, tokens)
    n = c.size
    out: dict[str, Any] = {
        "count": float(c.sum()),
        "n_tokens": float(t.sum()),
        "n_sentences": int(n),
        "rate": np.nan,
        "ci_low": np.nan,
        "ci_high": np.nan,
        "ci_method": "none",
        "note": "",
    }
    if n == 0:
        out["note"] = "no sentences"
        return out
    out["rate"] = c.sum() / t.sum() * per
    notes = []
    if c.sum() == 0:
        out.update(ci_low=0.0, ci_high=0.0, ci_method="degenerate")
        notes.append(f"no occurrences: rate 0, CI [0, 0] ({unit} bootstrap cannot produce a non-zero rate)")
        if n < 2:
            notes.append(f"fewer than 2 {unit}s")
        out["note"] = _join_notes(notes)
        return out

    def stat(cc, tt, axis=-1):
        return cc.sum(axis=axis) / tt.sum(axis=axis) * per

    lo, hi, methods, note = _bootstrap_ci(
        (c, t),
        stat,
        paired=True,
        rng=np.random.default_rng(rng),
        n_resamples=n_resamples,
        confidence_level=confidence_level,
        method=method,
        n_out=1,
        unit=unit,
    )
    out.update(ci_low=float(lo[0]), ci_high=float(hi[0]), ci_method=methods[0])
    out["note"] = note
    return out


def _default_count_cols(df: pd.DataFrame) -> list[str]:
    return [
        c
        for c in df.columns
        if isinstance(c, str) and c.startswith("n_") and c != "n_tokens" and pd.api.types.is_numeric_dtype(df[c])
    ]


def rates(
    sentence_table: pd.DataFrame,
    count_cols: Sequence[str] | None = None,
    *,
    by: str = "source_id",
    per: float = DEFAULT_PER,
    rng=0,
    n_resamples: int = DEFAULT_N_RESAMPLES,
    confidence_level: float = 0.95,
    method: str = "BCa",
) -> pd.DataFrame:
    """Rates per ``per`` tokens for every (group, count column), tidy.

    One row per (group, measure) with columns ``<by>, measure, count,
    n_tokens, n_sentences, rate, ci_low, ci_high, ci_method, note``.  Rate
    unit: occurrences per 1,000 tokens (default), range [0, inf).  CIs: see
    :func:`rate_ci` (sentence bootstrap, BCa; Efron & Tibshirani 1993).
    ``count_cols`` defaults to every numeric column starting with ``n_``
    except ``n_tokens``.  Groups appear in sorted order.  Sentences are treated as
    independent: for groups of several documents use :func:`group_estimates`
    (document bootstrap).
    """
    _require_cols(sentence_table, [by, "n_tokens"])
    cols = list(count_cols) if count_cols is not None else _default_count_cols(sentence_table)
    _require_cols(sentence_table, cols)
    base = _base_seed(rng)
    rows = []
    for g, sub in sorted(sentence_table.groupby(by, sort=False), key=lambda kv: str(kv[0])):
        for col in cols:
            r = rate_ci(
                sub[col].to_numpy(),
                sub["n_tokens"].to_numpy(),
                per=per,
                rng=_child_rng(base, f"rate|{g}|{col}"),
                n_resamples=n_resamples,
                confidence_level=confidence_level,
                method=method,
            )
            rows.append({by: g, "measure": col, **r})
    cols_out = [by, "measure", "count", "n_tokens", "n_sentences", "rate", "ci_low", "ci_high", "ci_method", "note"]
    return pd.DataFrame(rows, columns=cols_out)


def rate_ratio(
    counts_a,
    tokens_a,
    counts_b,
    tokens_b,
    *,
    per: float = DEFAULT_PER,
    rng=0,
    n_resamples: int = DEFAULT_N_RESAMPLES,
    confidence_level: float = 0.95,
    method: str = "BCa",
    unit: str = "sentence",
) -> dict[str, Any]:
    """Rate ratio ``rate_a / rate_b`` (and rate difference) with bootstrap CIs.

    * ``ratio``: (sum c_a / sum t_a) / (sum c_b / sum t_b); unitless, range
      [0, inf); 1 = same rate, > 1 = more frequent in a.  ``log2_ratio`` is its
      base-2 log (symmetric around 0).
    * ``difference``: rate_a - rate_b in occurrences per ``per`` tokens.
    * CIs: independent two-sample bootstrap, sentences resampled *within each
      source* (count/token pairs kept together by resampling sentence indices),
      ``scipy.stats.bootstrap`` BCa with percentile fallback (Efron &
      Tibshirani 1993).
    * ``p``: two-sided permutation test of sentence labels
      (``scipy.stats.permutation_test``) on the difference in rates.

    Zero handling (flag ``zero_corrected``): if either total count is zero,
    the Haldane-Anscombe correction adds 0.5 to *both* counts before forming
    the ratio.  The same rule is applied to every bootstrap resample (a
    resample with a zero count is corrected, others are not), so the point
    estimate and its bootstrap distribution come from the same statistic and
    no resample produces inf.  The ratio CI in that case is the exact
    conditional Poisson interval (Clopper-Pearson on Ca | Ca+Cb; it is
    [x, inf] when b has no occurrence and [0, x] when a has none; token-level,
    ``ci_method="exact_conditional_poisson"``), because the bootstrap cannot
    vary an all-zero group.  The difference CI is still the bootstrap.

    Called on per-document (or per-paragraph) count and token totals this is
    the cluster bootstrap and the permutation of document labels; ``unit``
    names the unit in ``test`` and the notes (``n_a``/``n_b`` then count units).
    If both counts are zero the ratio is undefined:
    ``ratio`` and its CI are NaN, difference 0 with CI [0, 0], p = 1, with a
    note.
    """
    ca, ta = _check_counts_tokens(counts_a, tokens_a)
    cb, tb = _check_counts_tokens(counts_b, tokens_b)
    na, nb = ca.size, cb.size
    if na == 0 or nb == 0:
        raise ValueError("rate_ratio needs at least one sentence in each group")
    gen = np.random.default_rng(rng)
    c = np.concatenate([ca, cb])
    t = np.concatenate([ta, tb])
    ia = np.arange(na)
    ib = np.arange(na, na + nb)
    Ca, Cb, Ta, Tb = ca.sum(), cb.sum(), ta.sum(), tb.sum()
    notes: list[str] = []

    def _ratio(Ca_, Ta_, Cb_, Tb_):
        k = np.where((Ca_ == 0) | (Cb_ == 0), 0.5, 0.0)
        return ((Ca_ + k) / Ta_) / ((Cb_ + k) / Tb_)

    def stat(i, j, axis=-1):
        Ca_ = c[i].sum(axis=axis)
        Ta_ = t[i].sum(axis=axis)
        Cb_ = c[j].sum(axis=axis)
        Tb_ = t[j].sum(axis=axis)
        return np.stack([_ratio(Ca_, Ta_, Cb_, Tb_), (Ca_ / Ta_ - Cb_ / Tb_) * per])

    def diff_stat(i, j, axis=-1):
        return (c[i].sum(axis=axis) / t[i].sum(axis=axis) - c[j].sum(axis=axis) / t[j].sum(axis=axis)) * per

    out: dict[str, Any] = {
        "count_a": float(Ca),
        "count_b": float(Cb),
        "tokens_a": float(Ta),
        "tokens_b": float(Tb),
        "n_a": int(na),
        "n_b": int(nb),
        "rate_a": Ca / Ta * per,
        "rate_b": Cb / Tb * per,
        "difference": (Ca / Ta - Cb / Tb) * per,
        "diff_ci_low": np.nan,
        "diff_ci_high": np.nan,
        "ratio": np.nan,
        "ci_low": np.nan,
        "ci_high": np.nan,
        "log2_ratio": np.nan,
        "zero_corrected": bool(Ca == 0 or Cb == 0),
        "p": np.nan,
        "test": f"permutation of {unit} labels (two-sided), difference in rates",
        "ci_method": "none",
        "note": "",
    }
    if Ca == 0 and Cb == 0:
        out.update(diff_ci_low=0.0, diff_ci_high=0.0, p=1.0, ci_method="degenerate")
        out["note"] = "no occurrences in either group: rate ratio undefined; difference 0"
        return out

    out["ratio"] = float(_ratio(Ca, Ta, Cb, Tb))
    if out["zero_corrected"]:
        which = "a" if Ca == 0 else "b"
        notes.append(f"zero count in group {which}: Haldane-Anscombe +0.5 added to both counts for the ratio")
    lo, hi, methods, note = _bootstrap_ci(
        (ia, ib),
        stat,
        paired=False,
        rng=gen,
        n_resamples=n_resamples,
        confidence_level=confidence_level,
        method=method,
        n_out=2,
        unit=unit,
    )
    notes.append(note)
    out.update(ci_low=lo[0], ci_high=hi[0], diff_ci_low=lo[1], diff_ci_high=hi[1], ci_method=methods[0])
    if out["zero_corrected"]:
        # The bootstrap cannot vary a group whose every resample is 0, so its
        # ratio CI would be an artefact of the +0.5.  Use the exact conditional
        # (Clopper-Pearson) interval for the Poisson rate ratio instead:
        # Ca | Ca+Cb ~ Binomial(Ca+Cb, pi), RR = pi/(1-pi) * Tb/Ta.
        out.update(ci_low=np.nan, ci_high=np.nan, ci_method="none")
        if float(Ca).is_integer() and float(Cb).is_integer():
            ci = st.binomtest(int(Ca), int(Ca + Cb)).proportion_ci(
                confidence_level=confidence_level, method="exact")
            lo_pi, hi_pi = float(ci.low), float(ci.high)
            out["ci_low"] = lo_pi / (1.0 - lo_pi) * Tb / Ta if lo_pi < 1 else np.inf
            out["ci_high"] = hi_pi / (1.0 - hi_pi) * Tb / Ta if hi_pi < 1 else np.inf
            out["ci_method"] = "exact_conditional_poisson"
            notes.append("ratio CI: exact conditional Poisson (Clopper-Pearson), token-level, "
                         "because a zero count gives a degenerate bootstrap")
    with np.errstate(divide="ignore"):
        out["log2_ratio"] = float(np.log2(out["ratio"]))
    out["p"] = _permutation_p((ia, ib), diff_stat, rng=gen, n_resamples=n_resamples, absolute=True)
    if np.isnan(out["p"]):
        notes.append(f"fewer than 2 {unit}s in a group: permutation test not run (p NaN)")
    out["note"] = _join_notes(notes)
    return out
