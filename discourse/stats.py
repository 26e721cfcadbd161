"""Honest comparative statistics for two small samples of sentences.

The study compares two news texts of roughly 40-70 body sentences each.  Such
samples are small, so every comparison made here comes with its uncertainty
(a confidence interval and/or a p-value) and every degenerate case is flagged
in a ``note`` instead of silently producing NaN.

Unit of inference
-----------------
The **sentence within a source**.  Rates per 1,000 tokens are ratios of sums
over sentences; their uncertainty is estimated by resampling *sentences*
(paired count/token pairs), never tokens, because cues cluster within
sentences (a token-level binomial/Poisson model would be over-confident).
Permutation tests permute *sentence* labels between the two sources.

Reproducibility
---------------
Every resampling function takes a keyword ``rng`` (an ``int`` seed or a
``numpy.random.Generator``).  With an ``int`` seed the results are exactly
reproducible.  :func:`rates` and :func:`compare` derive one independent child
stream per measure from the seed and the measure's name (``zlib.crc32``), so a
measure's result does not change when other columns are added or removed.

Confidence-interval method
--------------------------
Bootstrap intervals use ``scipy.stats.bootstrap`` with ``method="BCa"``
(bias-corrected and accelerated; Efron 1987; Efron & Tibshirani 1993, ch. 14)
by default.  Rates and rate ratios are ratio estimators with skewed, biased
sampling distributions at n ~ 50; BCa is second-order accurate and
transformation respecting, the percentile interval is only first-order
accurate.  BCa is undefined on degenerate data (e.g. a constant bootstrap
distribution, all-zero counts); in that case the *percentile* interval of the
same bootstrap distribution is used instead and ``ci_method`` says so.
A percentile interval of a constant distribution is the point itself (e.g. a
rate of 0 gets the CI [0, 0]; the note explains that this is a limitation of
the sentence bootstrap, not certainty).

Groups with fewer than 2 sentences: no bootstrap is possible; CIs are NaN and
the ``note`` says why (we do not raise, so one tiny group does not stop a
whole comparison table).

References
----------
Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate.
    JRSS B 57(1), 289-300.
Cliff, N. (1993). Dominance statistics: ordinal analyses to answer ordinal
    questions. Psychological Bulletin 114(3), 494-509.
Dunning, T. (1993). Accurate methods for the statistics of surprise and
    coincidence. Computational Linguistics 19(1), 61-74.
Efron, B. & Tibshirani, R. J. (1993). An Introduction to the Bootstrap.
    Chapman & Hall.
Hardie, A. (2014). Log Ratio - an informal introduction. CASS blog,
    Lancaster University.
Hedges, L. V. & Olkin, I. (1985). Statistical Methods for Meta-Analysis.
    Academic Press.
Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words:
    lexical feature selection and evaluation for identifying the content of
    political conflict. Political Analysis 16(4), 372-403.
Newcombe, R. G. (1998). Interval estimation for the difference between
    independent proportions: comparison of eleven methods. Statistics in
    Medicine 17, 873-890.
Rayson, P. & Garside, R. (2000). Comparing corpora using frequency profiling.
    Proc. Workshop on Comparing Corpora, ACL 2000, 1-6.
"""

from __future__ import annotations

import hashlib
import json
import re
import warnings
import zlib
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd
import scipy
import scipy.stats as st
from scipy.special import gammaln, xlogy
from scipy.stats.contingency import odds_ratio as _scipy_odds_ratio

__all__ = [
    "DEFAULT_N_RESAMPLES",
    "RESULT_COLUMNS",
    "rate_ci",
    "rates",
    "rate_ratio",
    "permutation_test_means",
    "cliffs_delta",
    "hedges_g",
    "compare_scores",
    "compare_proportions",
    "keyness",
    "fdr",
    "compare",
    "write_comparison",
]

DEFAULT_N_RESAMPLES = 9999
DEFAULT_PER = 1000

#: Score columns picked up by default (if present and float dtype), plus any
#: float column whose name starts with ``textblob_`` or ``vader``.
DEFAULT_SCORE_COLS = ("sentiment", "vader", "prospect_score")
_SCORE_PREFIXES = ("textblob_", "vader")
#: Categorical columns picked up by default (if present), plus every column of
#: pandas ``category`` dtype.
DEFAULT_CATEGORICAL_COLS = ("voice",)

#: Columns of the table returned by :func:`compare`, in order.
RESULT_COLUMNS = [
    "family",
    "measure",
    "group_a",
    "group_b",
    "n_a",
    "n_b",
    "tokens_a",
    "tokens_b",
    "estimate_a",
    "estimate_b",
    "estimate_type",
    "difference",
    "diff_ci_low",
    "diff_ci_high",
    "effect",
    "effect_type",
    "ci_low",
    "ci_high",
    "effect_size",
    "effect_size_type",
    "es_ci_low",
    "es_ci_high",
    "p",
    "test",
    "p_adj",
    "p_alt",
    "test_alt",
    "ci_method",
    "note",
]


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

def _join_notes(notes: Iterable[str]) -> str:
    seen: list[str] = []
    for n in notes:
        if n and n not in seen:
            seen.append(n)
    return "; ".join(seen)


def _base_seed(rng) -> int:
    """An int seed from ``rng`` (int, Generator or None) for child streams."""
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(0, 2**63 - 1))
    if rng is None:
        return int(np.random.SeedSequence().entropy % (2**63 - 1))
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        return int(rng)
    raise TypeError(f"rng must be an int seed, a numpy Generator or None, got {type(rng).__name__}")


def _child_rng(base: int, key: str) -> np.random.Generator:
    """Independent, order-free stream for measure ``key``."""
    return np.random.default_rng([base, zlib.crc32(key.encode("utf-8"))])


def _as_1d_float(x, name: str) -> np.ndarray:
    arr = np.asarray(x, dtype=float).ravel()
    return arr


def _bootstrap_ci(
    data: tuple[np.ndarray, ...],
    statistic,
    *,
    paired: bool,
    rng: np.random.Generator,
    n_resamples: int,
    confidence_level: float,
    method: str,
    n_out: int,
) -> tuple[np.ndarray, np.ndarray, list[str], str]:
    """Run ``scipy.stats.bootstrap`` with a BCa -> percentile fallback.

    Returns ``(low, high, methods, note)``; ``low``/``high`` have shape
    ``(n_out,)``, ``methods`` names the method used per component.
    """
    low = np.full(n_out, np.nan)
    high = np.full(n_out, np.nan)
    methods = ["none"] * n_out
    sizes = [d.shape[-1] for d in data]
    if min(sizes) < 2:
        return low, high, methods, "fewer than 2 sentences in a group: bootstrap CI undefined"
    method_l = method.lower()
    if method_l not in ("bca", "percentile", "basic"):
        raise ValueError(f"method must be 'BCa', 'percentile' or 'basic', got {method!r}")
    note = ""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # DegenerateDataWarning / 0-division: handled below
        with np.errstate(all="ignore"):
            res = st.bootstrap(
                data,
                statistic,
                paired=paired,
                vectorized=True,
                n_resamples=n_resamples,
                confidence_level=confidence_level,
                method=method,
                rng=rng,
            )
            lo = np.atleast_1d(np.asarray(res.confidence_interval.low, dtype=float))
            hi = np.atleast_1d(np.asarray(res.confidence_interval.high, dtype=float))
            methods = [method_l if method_l != "bca" else "BCa"] * n_out
            bad = ~(np.isfinite(lo) & np.isfinite(hi))
            if bad.any() and method_l != "percentile":
                # reuse the same bootstrap distribution; nothing is resampled again
                res_p = st.bootstrap(
                    data,
                    statistic,
                    paired=paired,
                    vectorized=True,
                    n_resamples=0,
                    confidence_level=confidence_level,
                    method="percentile",
                    bootstrap_result=res,
                    rng=rng,
                )
                lo_p = np.atleast_1d(np.asarray(res_p.confidence_interval.low, dtype=float))
                hi_p = np.atleast_1d(np.asarray(res_p.confidence_interval.high, dtype=float))
                lo = np.where(bad, lo_p, lo)
                hi = np.where(bad, hi_p, hi)
                for i in np.flatnonzero(bad):
                    methods[i] = "percentile"
                note = f"{'BCa' if method_l == 'bca' else method_l} undefined (degenerate data); percentile interval used"
    low[:] = lo
    high[:] = hi
    return low, high, methods, note


def _permutation_p(data, statistic, *, rng, n_resamples) -> float:
    """Two-sided permutation p via ``scipy.stats.permutation_test``.

    NaN if a group has fewer than 2 observations (SciPy requires >= 2); the
    callers add a note.
    """
    if min(d.shape[-1] for d in data) < 2:
        return np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            res = st.permutation_test(
                data,
                statistic,
                permutation_type="independent",
                vectorized=True,
                n_resamples=n_resamples,
                alternative="two-sided",
                rng=rng,
            )
    return float(res.pvalue)


# ---------------------------------------------------------------------------
# rates
# ---------------------------------------------------------------------------

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
        notes.append("no occurrences: rate 0, CI [0, 0] (sentence bootstrap cannot produce a non-zero rate)")
        if n < 2:
            notes.append("fewer than 2 sentences")
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
    except ``n_tokens``.  Groups appear in sorted order.
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
        "test": "permutation of sentence labels (two-sided), difference in rates",
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
    out["p"] = _permutation_p((ia, ib), diff_stat, rng=gen, n_resamples=n_resamples)
    if np.isnan(out["p"]):
        notes.append("fewer than 2 sentences in a group: permutation test not run (p NaN)")
    out["note"] = _join_notes(notes)
    return out


# ---------------------------------------------------------------------------
# scores
# ---------------------------------------------------------------------------

def _mean_diff(a, b, axis=-1):
    return np.mean(a, axis=axis) - np.mean(b, axis=axis)


def _median_diff(a, b, axis=-1):
    return np.median(a, axis=axis) - np.median(b, axis=axis)


def _cliffs_delta_vec(a, b, axis=-1):
    a = np.moveaxis(np.asarray(a, dtype=float), axis, -1)
    b = np.moveaxis(np.asarray(b, dtype=float), axis, -1)
    na, nb = a.shape[-1], b.shape[-1]
    lead = np.broadcast_shapes(a.shape[:-1], b.shape[:-1])
    a = np.broadcast_to(a, lead + (na,))
    b = np.broadcast_to(b, lead + (nb,))
    ranks = st.rankdata(np.concatenate([a, b], axis=-1), axis=-1)  # midranks for ties
    u = ranks[..., :na].sum(axis=-1) - na * (na + 1) / 2.0  # Mann-Whitney U of a (ties count 1/2)
    return 2.0 * u / (na * nb) - 1.0


def cliffs_delta(a, b) -> float:
    """Cliff's delta: P(A > B) - P(A < B) over all pairs (Cliff 1993).

    Unitless, range [-1, 1]; > 0 means values in ``a`` tend to be larger,
    0 = complete overlap (e.g. all ties).  Computed from the Mann-Whitney U
    with midranks: ``delta = 2 U / (n_a n_b) - 1``.
    """
    a = _drop_nan(a)
    b = _drop_nan(b)
    if a.size == 0 or b.size == 0:
        return np.nan
    return float(_cliffs_delta_vec(a, b))


def _hedges_g_vec(a, b, axis=-1):
    a = np.moveaxis(np.asarray(a, dtype=float), axis, -1)
    b = np.moveaxis(np.asarray(b, dtype=float), axis, -1)
    na, nb = a.shape[-1], b.shape[-1]
    df = na + nb - 2
    if na < 2 or nb < 2 or df < 2:
        return np.full(np.broadcast_shapes(a.shape[:-1], b.shape[:-1]), np.nan)
    diff = a.mean(axis=-1) - b.mean(axis=-1)
    sp = np.sqrt(((na - 1) * a.var(axis=-1, ddof=1) + (nb - 1) * b.var(axis=-1, ddof=1)) / df)
    # exact small-sample correction J(df) = Gamma(df/2) / (sqrt(df/2) Gamma((df-1)/2))
    j = np.exp(gammaln(df / 2.0) - 0.5 * np.log(df / 2.0) - gammaln((df - 1) / 2.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        d = np.where(sp > 0, diff / np.where(sp > 0, sp, 1.0), np.where(diff == 0, 0.0, np.sign(diff) * np.inf))
    return j * d


def hedges_g(a, b) -> float:
    """Hedges' g, bias-corrected standardized mean difference (Hedges & Olkin 1985).

    ``g = J(df) * (mean_a - mean_b) / s_pooled`` with
    ``s_pooled = sqrt(((n_a-1) s_a^2 + (n_b-1) s_b^2) / df)``, ``df = n_a+n_b-2``
    and the exact correction ``J(df) = Gamma(df/2) / (sqrt(df/2) Gamma((df-1)/2))``
    (~ 1 - 3/(4 df - 1)).  Unit: pooled standard deviations; range
    (-inf, inf); > 0 means a has the larger mean.  Zero pooled SD: 0 if the
    means are equal, +-inf otherwise.  NaN if either group has < 2 values.
    """
    a = _drop_nan(a)
    b = _drop_nan(b)
    return float(_hedges_g_vec(a, b))


def _drop_nan(x) -> np.ndarray:
    arr = np.asarray(x, dtype=float).ravel()
    return arr[~np.isnan(arr)]


def permutation_test_means(a, b, *, rng=0, n_resamples: int = DEFAULT_N_RESAMPLES) -> float:
    """Two-sided permutation p-value for a difference in means.

    ``scipy.stats.permutation_test`` with ``permutation_type="independent"``
    (sentence labels permuted between the two groups), statistic
    ``mean(a) - mean(b)``.  Exact (all label assignments enumerated) when the
    number of distinct assignments is <= ``n_resamples``; otherwise Monte
    Carlo with p = (k + 1) / (B + 1).  Two-sided p = 2 min(P(T >= t), P(T <=
    t)), capped at 1 (SciPy's definition).  NaNs are dropped.
    """
    a = _drop_nan(a)
    b = _drop_nan(b)
    if a.size == 0 or b.size == 0:
        return np.nan
    return _permutation_p((a, b), _mean_diff, rng=np.random.default_rng(rng), n_resamples=n_resamples)


def compare_scores(
    a,
    b,
    *,
    rng=0,
    n_resamples: int = DEFAULT_N_RESAMPLES,
    confidence_level: float = 0.95,
    method: str = "BCa",
) -> dict[str, Any]:
    """Compare two samples of sentence scores (e.g. sentiment in [-1, 1]).

    Returns a dict with:

    * ``mean_a, mean_b, median_a, median_b`` (score units);
    * ``mean_diff`` (a - b, score units) and ``median_diff`` with CIs
      (independent two-sample bootstrap, sentences resampled within each
      group; ``scipy.stats.bootstrap`` BCa with percentile fallback; Efron &
      Tibshirani 1993);
    * ``cliffs_delta`` in [-1, 1] (> 0: a tends to score higher; Cliff 1993)
      with bootstrap CI;
    * ``hedges_g`` in pooled-SD units (> 0: a has the higher mean; Hedges &
      Olkin 1985) with bootstrap CI;
    * ``p_permutation``: two-sided permutation test of labels on the mean
      difference (``scipy.stats.permutation_test``);
    * ``p_mannwhitney`` and ``u_statistic``: two-sided Mann-Whitney U
      (``scipy.stats.mannwhitneyu``, method "auto").

    NaN scores are dropped (counted in the note).  If every value is identical
    (ties everywhere) the effects are 0 with CI [0, 0] and both p-values 1.
    """
    a_raw = np.asarray(a, dtype=float).ravel()
    b_raw = np.asarray(b, dtype=float).ravel()
    a = _drop_nan(a_raw)
    b = _drop_nan(b_raw)
    notes: list[str] = []
    dropped = (a_raw.size - a.size) + (b_raw.size - b.size)
    if dropped:
        notes.append(f"{dropped} missing score(s) dropped")
    keys = ["mean_diff", "median_diff", "cliffs_delta", "hedges_g"]
    out: dict[str, Any] = {"n_a": int(a.size), "n_b": int(b.size)}
    if a.size == 0 or b.size == 0:
        out.update({k: np.nan for k in ["mean_a", "mean_b", "median_a", "median_b", "p_permutation", "p_mannwhitney", "u_statistic"]})
        for k in keys:
            out.update({k: np.nan, f"{k}_ci_low": np.nan, f"{k}_ci_high": np.nan})
        out["ci_method"] = "none"
        out["note"] = _join_notes(notes + ["no scores in a group"])
        return out
    gen = np.random.default_rng(rng)
    out.update(
        mean_a=float(a.mean()),
        mean_b=float(b.mean()),
        median_a=float(np.median(a)),
        median_b=float(np.median(b)),
        mean_diff=float(a.mean() - b.mean()),
        median_diff=float(np.median(a) - np.median(b)),
        cliffs_delta=float(_cliffs_delta_vec(a, b)),
        hedges_g=float(_hedges_g_vec(a, b)),
    )
    all_tied = np.unique(np.concatenate([a, b])).size == 1
    if all_tied:
        notes.append("all values identical: no difference, effects 0, p = 1")
    if a.size < 2 or b.size < 2:
        notes.append("fewer than 2 values in a group: Hedges' g and bootstrap CIs undefined")

    def stat(x, y, axis=-1):
        return np.stack(
            [
                _mean_diff(x, y, axis=axis),
                _median_diff(x, y, axis=axis),
                _cliffs_delta_vec(x, y, axis=axis),
                _hedges_g_vec(x, y, axis=axis),
            ]
        )

    lo, hi, methods, note = _bootstrap_ci(
        (a, b),
        stat,
        paired=False,
        rng=gen,
        n_resamples=n_resamples,
        confidence_level=confidence_level,
        method=method,
        n_out=4,
    )
    notes.append(note)
    for i, k in enumerate(keys):
        out[f"{k}_ci_low"] = float(lo[i])
        out[f"{k}_ci_high"] = float(hi[i])
    if np.isinf(out["hedges_g"]):
        notes.append("zero within-group variance with different means: Hedges' g infinite")
    out["ci_method"] = "BCa" if all(m == "BCa" for m in methods) else ",".join(sorted(set(methods)))
    out["p_permutation"] = _permutation_p((a, b), _mean_diff, rng=gen, n_resamples=n_resamples)
    if np.isnan(out["p_permutation"]):
        notes.append("fewer than 2 values in a group: permutation test not run (p NaN)")
    if all_tied:
        out["p_mannwhitney"], out["u_statistic"] = 1.0, a.size * b.size / 2.0
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            mw = st.mannwhitneyu(a, b, alternative="two-sided", method="auto")
        out["p_mannwhitney"], out["u_statistic"] = float(mw.pvalue), float(mw.statistic)
    out["note"] = _join_notes(notes)
    return out


# ---------------------------------------------------------------------------
# proportions
# ---------------------------------------------------------------------------

def compare_proportions(
    k_a: int,
    n_a: int,
    k_b: int,
    n_b: int,
    *,
    rng=0,
    confidence_level: float = 0.95,
) -> dict[str, Any]:
    """Difference of two proportions (e.g. share of hedged sentences).

    * ``p_a = k_a/n_a``, ``p_b`` (range [0, 1]);
    * ``difference = p_a - p_b`` (risk difference, range [-1, 1], > 0: more
      frequent in a) with the Newcombe (1998, method 10) hybrid-score interval
      built from the two Wilson score intervals
      (``scipy.stats.binomtest(...).proportion_ci(method="wilson")``).  It is
      analytic, has good coverage for small n and for proportions at 0 or 1
      (where a bootstrap collapses), so no resampling is done and ``rng`` is
      accepted only for a uniform API;
    * ``p``: two-sided Fisher exact test (``scipy.stats.fisher_exact``);
    * ``odds_ratio``: sample odds ratio (k_a (n_b-k_b)) / ((n_a-k_a) k_b),
      may be 0, inf or NaN with zero cells;
    * ``odds_ratio_cond`` with ``or_ci_low/or_ci_high``: conditional MLE odds
      ratio and its exact CI (``scipy.stats.contingency.odds_ratio``).
    """
    del rng  # analytic method: nothing to resample
    k_a, n_a, k_b, n_b = (int(v) for v in (k_a, n_a, k_b, n_b))
    for k, n, g in ((k_a, n_a, "a"), (k_b, n_b, "b")):
        if n < 1:
            raise ValueError(f"n_{g} must be >= 1, got {n}")
        if not 0 <= k <= n:
            raise ValueError(f"k_{g} must be in [0, n_{g}], got {k} of {n}")
    pa, pb = k_a / n_a, k_b / n_b
    wa = st.binomtest(k_a, n_a).proportion_ci(confidence_level=confidence_level, method="wilson")
    wb = st.binomtest(k_b, n_b).proportion_ci(confidence_level=confidence_level, method="wilson")
    la, ua, lb, ub = float(wa.low), float(wa.high), float(wb.low), float(wb.high)
    d = pa - pb
    lo = d - np.sqrt((pa - la) ** 2 + (ub - pb) ** 2)
    hi = d + np.sqrt((ua - pa) ** 2 + (pb - lb) ** 2)
    table = np.array([[k_a, n_a - k_a], [k_b, n_b - k_b]])
    fe = st.fisher_exact(table, alternative="two-sided")
    notes = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            orc = _scipy_odds_ratio(table, kind="conditional")
            orci = orc.confidence_interval(confidence_level=confidence_level)
            or_sample = (k_a * (n_b - k_b)) / ((n_a - k_a) * k_b) if (n_a - k_a) * k_b else (
                np.inf if k_a * (n_b - k_b) else np.nan)
    if k_a + k_b == 0:
        notes.append("no positives in either group: odds ratio undefined")
    elif k_a == n_a and k_b == n_b:
        notes.append("all positive in both groups: odds ratio undefined")
    elif 0 in (k_a, k_b, n_a - k_a, n_b - k_b):
        notes.append("zero cell: odds ratio 0 or inf")
    return {
        "k_a": k_a,
        "n_a": n_a,
        "k_b": k_b,
        "n_b": n_b,
        "p_a": pa,
        "p_b": pb,
        "difference": d,
        "ci_low": float(max(lo, -1.0)),
        "ci_high": float(min(hi, 1.0)),
        "ci_method": "newcombe_wilson",
        "p": float(fe.pvalue),
        "test": "Fisher exact (two-sided)",
        "odds_ratio": float(or_sample),
        "odds_ratio_cond": float(orc.statistic),
        "or_ci_low": float(orci.low),
        "or_ci_high": float(orci.high),
        "note": _join_notes(notes),
    }


# ---------------------------------------------------------------------------
# keyness
# ---------------------------------------------------------------------------

def keyness(
    counts_a: pd.Series,
    counts_b: pd.Series,
    *,
    prior: pd.Series | None = None,
    prior_scale: float | None = None,
    totals: tuple[float, float] | None = None,
) -> pd.DataFrame:
    """Keyness of terms in corpus a vs corpus b, one row per term.

    ``counts_a``/``counts_b`` are Series of counts indexed by term (word,
    lemma or cue type); the index of the result is the union of terms.
    ``totals = (N_a, N_b)`` are the corpus sizes (e.g. token totals); default:
    the sums of the counts (keyness *within* the counted vocabulary).

    Columns:

    * ``count_a, count_b``: raw counts; ``freq_a, freq_b``: per 1,000 of
      ``totals``.
    * ``alpha``: Dirichlet prior pseudo-count of the term.  Default prior: the
      pooled counts ``count_a + count_b``; a user Series (e.g. background
      corpus counts) is reindexed to the terms, missing terms get 0.  If
      ``prior_scale`` is given, the prior is rescaled to sum to it
      (``alpha_0 = prior_scale``, Monroe et al.'s alpha_0 * pi_w); otherwise
      the prior counts are used as they are.
    * ``log_odds``: log-odds ratio with informative Dirichlet prior,
      Monroe, Colaresi & Quinn (2008, eq. 16/22):
      ``delta_w = log((y_aw+a_w)/(N_a+a_0-y_aw-a_w)) - log((y_bw+a_w)/(N_b+a_0-y_bw-a_w))``
      with ``a_0 = sum(alpha)``; natural-log units, > 0: characteristic of a.
      ``log_odds_var = 1/(y_aw+a_w) + 1/(y_bw+a_w)`` (their eq. 20) and
      ``z = delta_w / sqrt(var)``.
    * ``g2``: log-likelihood G^2 of the 2x2 table
      [[y_a, N_a-y_a], [y_b, N_b-y_b]] (Dunning 1993; Rayson & Garside 2000),
      >= 0, undirected; ``p_g2`` from chi^2 with 1 df (``scipy.stats.chi2``).
      G^2 treats tokens as independent, which is optimistic for clustered
      text; prefer the sentence-level tests for inference.
    * ``log_ratio``: Hardie (2014) log ratio, ``log2((y_a/N_a)/(y_b/N_b))``;
      a zero count is replaced by 0.5 (Hardie's adjustment) so the value is
      finite; > 0: more frequent in a, each unit = doubling.  NaN if the term
      is absent from both.
    * ``note``: flags zero counts and adjustments.

    Rows are sorted by ``z`` descending (ties by term).
    """
    ca = pd.Series(counts_a, dtype=float)
    cb = pd.Series(counts_b, dtype=float)
    terms = ca.index.union(cb.index)
    ya = ca.groupby(level=0).sum().reindex(terms, fill_value=0.0).to_numpy(dtype=float)
    yb = cb.groupby(level=0).sum().reindex(terms, fill_value=0.0).to_numpy(dtype=float)
    if (ya < 0).any() or (yb < 0).any() or np.isnan(ya).any() or np.isnan(yb).any():
        raise ValueError("counts must be non-negative and not NaN")
    if totals is None:
        Na, Nb = ya.sum(), yb.sum()
    else:
        Na, Nb = float(totals[0]), float(totals[1])
        if Na < ya.sum() or Nb < yb.sum():
            raise ValueError("totals must be >= the summed counts")
    if prior is None:
        alpha = ya + yb
    else:
        alpha = pd.Series(prior, dtype=float).groupby(level=0).sum().reindex(terms, fill_value=0.0).to_numpy(dtype=float)
        if (alpha < 0).any() or np.isnan(alpha).any():
            raise ValueError("prior must be non-negative and not NaN")
    if prior_scale is not None:
        if alpha.sum() <= 0:
            raise ValueError("prior sums to 0; cannot rescale")
        alpha = alpha / alpha.sum() * float(prior_scale)
    a0 = alpha.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((ya + alpha) / (Na + a0 - ya - alpha)) - np.log((yb + alpha) / (Nb + a0 - yb - alpha))
        var = 1.0 / (ya + alpha) + 1.0 / (yb + alpha)
        z = delta / np.sqrt(var)
        # G2 on the full 2x2 table
        obs = np.stack([ya, Na - ya, yb, Nb - yb])
        col1, col2 = ya + yb, (Na - ya) + (Nb - yb)
        N = Na + Nb
        exp = np.stack([Na * col1 / N, Na * col2 / N, Nb * col1 / N, Nb * col2 / N])
        g2 = 2.0 * np.sum(np.where(obs > 0, xlogy(obs, obs) - xlogy(obs, exp), 0.0), axis=0)
        g2 = np.where(col1 > 0, np.maximum(g2, 0.0), 0.0)
        p = st.chi2.sf(g2, df=1)
        ya_adj = np.where(ya > 0, ya, 0.5)
        yb_adj = np.where(yb > 0, yb, 0.5)
        log_ratio = np.log2((ya_adj / Na) / (yb_adj / Nb))
        log_ratio = np.where((ya == 0) & (yb == 0), np.nan, log_ratio)
        freq_a = ya / Na * 1000 if Na > 0 else np.full_like(ya, np.nan)
        freq_b = yb / Nb * 1000 if Nb > 0 else np.full_like(yb, np.nan)
    notes = []
    for x, y, al in zip(ya, yb, alpha):
        n = []
        if x == 0 and y == 0:
            n.append("absent in both corpora")
        elif x == 0 or y == 0:
            n.append(f"zero count in {'a' if x == 0 else 'b'}: log ratio uses 0.5")
        if al == 0 and (x > 0 or y > 0):
            n.append("zero prior for an observed term")
        notes.append(_join_notes(n))
    out = pd.DataFrame(
        {
            "count_a": ya,
            "count_b": yb,
            "freq_a": freq_a,
            "freq_b": freq_b,
            "alpha": alpha,
            "log_odds": delta,
            "log_odds_var": var,
            "z": z,
            "g2": g2,
            "p_g2": p,
            "log_ratio": log_ratio,
            "note": notes,
        },
        index=pd.Index(terms, name="term"),
    )
    order = np.lexsort((np.arange(len(out)), -np.nan_to_num(out["z"].to_numpy(), nan=-np.inf)))
    return out.iloc[order]


# ---------------------------------------------------------------------------
# multiple testing
# ---------------------------------------------------------------------------

def fdr(pvalues):
    """Benjamini-Hochberg (1995) adjusted p-values, NaN tolerant.

    Uses ``scipy.stats.false_discovery_control(method="bh")`` on the non-NaN
    entries only; NaN entries stay NaN.  Adjusted values are in [0, 1] and
    >= the raw p-values.  Returns a Series (same index) for Series input,
    otherwise an ndarray of the input's shape.
    """
    is_series = isinstance(pvalues, pd.Series)
    arr = np.asarray(pvalues, dtype=float)
    flat = arr.ravel()
    out = np.full(flat.shape, np.nan)
    mask = ~np.isnan(flat)
    if mask.any():
        if ((flat[mask] < 0) | (flat[mask] > 1)).any():
            raise ValueError("p-values must be in [0, 1]")
        out[mask] = st.false_discovery_control(flat[mask], method="bh")
    out = out.reshape(arr.shape)
    if is_series:
        return pd.Series(out, index=pvalues.index, name=pvalues.name)
    return out


# ---------------------------------------------------------------------------
# compare: one tidy table
# ---------------------------------------------------------------------------

def _require_cols(df: pd.DataFrame, cols: Iterable[str]) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ValueError(f"missing column(s): {missing}; available: {list(df.columns)}")


def _slug(x: Any) -> str:
    return re.sub(r"[^0-9a-z]+", "_", str(x).strip().lower()).strip("_")


def _counts_from_cues(sentences: pd.DataFrame, cues: pd.DataFrame, by: str) -> pd.DataFrame:
    """Add ``n_<kind>`` and ``n_<kind>_<category>`` per sentence from a cue table.

    Columns already present in the sentence table take precedence.
    """
    _require_cols(cues, [by, "sent_id", "kind"])
    _require_cols(sentences, [by, "sent_id"])
    key = [by, "sent_id"]
    known = pd.MultiIndex.from_frame(sentences[key])
    cue_keys = pd.MultiIndex.from_frame(cues[key])
    unknown = ~cue_keys.isin(known)
    if unknown.any():
        raise ValueError(f"{int(unknown.sum())} cue(s) refer to ({by}, sent_id) pairs not in the sentence table")
    cues = cues.assign(_col="n_" + cues["kind"].map(_slug))
    parts = [cues[key + ["_col"]]]
    if "category" in cues.columns:
        withcat = cues[cues["category"].notna() & (cues["category"].astype(str).str.strip() != "")]
        parts.append(withcat[key].assign(_col="n_" + withcat["kind"].map(_slug) + "_" + withcat["category"].map(_slug)))
    long = pd.concat(parts, ignore_index=True)
    wide = long.groupby(key + ["_col"]).size().unstack("_col", fill_value=0)
    new_cols = [c for c in wide.columns if c not in sentences.columns]
    if not new_cols:
        return sentences
    wide = wide[new_cols]
    merged = sentences.merge(wide, left_on=key, right_index=True, how="left")
    merged[new_cols] = merged[new_cols].fillna(0).astype(int)
    return merged


def _empty_row(family, measure, ga, gb) -> dict[str, Any]:
    row = {c: np.nan for c in RESULT_COLUMNS}
    row.update(family=family, measure=measure, group_a=ga, group_b=gb, test="", test_alt="",
               ci_method="", note="", estimate_type="", effect_type="", effect_size_type="")
    return row


def compare(
    sentence_table: pd.DataFrame,
    cue_table: pd.DataFrame | None = None,
    *,
    by: str = "source_id",
    groups: tuple[Any, Any] | None = None,
    rng=0,
    n_resamples: int = DEFAULT_N_RESAMPLES,
    confidence_level: float = 0.95,
    method: str = "BCa",
    per: float = DEFAULT_PER,
    score_cols: Sequence[str] | None = None,
    count_cols: Sequence[str] | None = None,
    categorical_cols: Sequence[str] | None = None,
    keyness_kinds: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Compare exactly two groups (sources) on every measure; ONE tidy table.

    Exactly two groups must be present in column ``by`` (ValueError naming the
    groups otherwise) unless ``groups=(a, b)`` selects two; without
    ``groups`` the two labels are taken in sorted order, a = first.
    Differences and ratios are always a relative to b.

    Families (one row per measure; columns in :data:`RESULT_COLUMNS`):

    * ``"rate"``: every count column (default: numeric ``n_*`` except
      ``n_tokens``).  estimate = rate per ``per`` tokens; difference = rate
      difference; effect = ``rate_ratio`` (a/b) with sentence-bootstrap CI;
      effect_size = ``log2_rate_ratio``; p = sentence-label permutation test
      (see :func:`rate_ratio`).
    * ``"score"``: every score column (default: float columns among
      sentiment / vader* / textblob_* / prospect_score).  estimate = mean;
      difference = mean difference (bootstrap CI); effect = ``cliffs_delta``
      (bootstrap CI); effect_size = ``hedges_g`` (bootstrap CI); p =
      permutation test on the mean difference; p_alt = Mann-Whitney U.
    * ``"proportion"``: for each count column the share of sentences with a
      count > 0 (measure ``"<col>>0"``), and for each categorical column
      (default: ``voice`` and pandas category columns) the share of each level
      (measure ``"<col>=<level>"``, missing values excluded from n).  effect =
      ``risk_difference`` with Newcombe-Wilson CI; effect_size =
      ``odds_ratio`` (conditional MLE, exact CI); p = Fisher exact.
    * ``"keyness"`` (only with ``cue_table``): one row per (kind, lemma),
      measure ``"<kind>:<lemma>"``; estimate = per-1,000-token frequency;
      effect = Hardie log ratio (no CI, descriptive); effect_size =
      Monroe et al. log-odds with informative Dirichlet prior (pooled counts)
      and a normal-approximation CI; p = G^2 (Dunning 1993), token-level.

    ``cue_table`` is also used to derive per-sentence ``n_<kind>`` and
    ``n_<kind>_<category>`` count columns missing from ``sentence_table``.

    ``p_adj`` is Benjamini-Hochberg within each family (:func:`fdr`).  ``note``
    explains every degenerate case.  Metadata (groups, seed, n_resamples,
    confidence_level, method) is stored in ``result.attrs``.
    """
    df = sentence_table
    _require_cols(df, [by, "n_tokens"])
    found = sorted(pd.unique(df[by].dropna()).tolist(), key=str)
    if groups is None:
        if len(found) != 2:
            raise ValueError(
                f"compare() needs exactly two groups in column {by!r}; found {len(found)}: {found}. "
                "Pass groups=(a, b) to choose two."
            )
        ga, gb = found
    else:
        if len(groups) != 2 or groups[0] == groups[1]:
            raise ValueError(f"groups must be two distinct labels, got {groups!r}")
        ga, gb = groups
        missing = [g for g in (ga, gb) if g not in found]
        if missing:
            raise ValueError(f"group(s) {missing} not found in column {by!r}; found: {found}")
    df = df[df[by].isin([ga, gb])]
    if cue_table is not None:
        cues = cue_table[cue_table[by].isin([ga, gb])]
        df = _counts_from_cues(df, cues, by)
    A = df[df[by] == ga]
    B = df[df[by] == gb]
    na, nb = len(A), len(B)
    ta, tb = float(A["n_tokens"].sum()), float(B["n_tokens"].sum())
    if count_cols is None:
        count_cols = _default_count_cols(df)
    if score_cols is None:
        score_cols = [
            c for c in df.columns
            if isinstance(c, str) and (c in DEFAULT_SCORE_COLS or c.startswith(_SCORE_PREFIXES))
            and pd.api.types.is_float_dtype(df[c])
        ]
    if categorical_cols is None:
        categorical_cols = [
            c for c in df.columns
            if c not in (by, "sent_id")
            and (c in DEFAULT_CATEGORICAL_COLS or isinstance(df[c].dtype, pd.CategoricalDtype))
        ]
    _require_cols(df, list(count_cols) + list(score_cols) + list(categorical_cols))
    base = _base_seed(rng)
    kw = dict(n_resamples=n_resamples, confidence_level=confidence_level, method=method)
    rows: list[dict[str, Any]] = []

    for col in count_cols:
        r = rate_ratio(A[col], A["n_tokens"], B[col], B["n_tokens"], per=per,
                       rng=_child_rng(base, f"rate|{col}"), **kw)
        row = _empty_row("rate", col, ga, gb)
        with np.errstate(divide="ignore", invalid="ignore"):
            es_lo, es_hi = np.log2(r["ci_low"]), np.log2(r["ci_high"])
        row.update(
            n_a=na, n_b=nb, tokens_a=ta, tokens_b=tb,
            estimate_a=r["rate_a"], estimate_b=r["rate_b"], estimate_type=f"rate_per_{per:g}_tokens",
            difference=r["difference"], diff_ci_low=r["diff_ci_low"], diff_ci_high=r["diff_ci_high"],
            effect=r["ratio"], effect_type="rate_ratio", ci_low=r["ci_low"], ci_high=r["ci_high"],
            effect_size=r["log2_ratio"], effect_size_type="log2_rate_ratio", es_ci_low=es_lo, es_ci_high=es_hi,
            p=r["p"], test=r["test"], ci_method=r["ci_method"], note=r["note"],
        )
        rows.append(row)

    for col in score_cols:
        r = compare_scores(A[col], B[col], rng=_child_rng(base, f"score|{col}"), **kw)
        row = _empty_row("score", col, ga, gb)
        row.update(
            n_a=r["n_a"], n_b=r["n_b"],
            estimate_a=r["mean_a"], estimate_b=r["mean_b"], estimate_type="mean",
            difference=r["mean_diff"], diff_ci_low=r["mean_diff_ci_low"], diff_ci_high=r["mean_diff_ci_high"],
            effect=r["cliffs_delta"], effect_type="cliffs_delta",
            ci_low=r["cliffs_delta_ci_low"], ci_high=r["cliffs_delta_ci_high"],
            effect_size=r["hedges_g"], effect_size_type="hedges_g",
            es_ci_low=r["hedges_g_ci_low"], es_ci_high=r["hedges_g_ci_high"],
            p=r["p_permutation"], test="permutation of sentence labels (two-sided), difference in means",
            p_alt=r["p_mannwhitney"], test_alt="Mann-Whitney U (two-sided)",
            ci_method=r["ci_method"], note=r["note"],
        )
        rows.append(row)

    def _prop_row(measure, ka, nna, kb, nnb, extra_note=""):
        row = _empty_row("proportion", measure, ga, gb)
        if nna < 1 or nnb < 1:
            row.update(n_a=nna, n_b=nnb, note=_join_notes([extra_note, "no non-missing values in a group"]))
            return row
        r = compare_proportions(ka, nna, kb, nnb, confidence_level=confidence_level)
        row.update(
            n_a=nna, n_b=nnb, estimate_a=r["p_a"], estimate_b=r["p_b"], estimate_type="share_of_sentences",
            difference=r["difference"], diff_ci_low=r["ci_low"], diff_ci_high=r["ci_high"],
            effect=r["difference"], effect_type="risk_difference", ci_low=r["ci_low"], ci_high=r["ci_high"],
            effect_size=r["odds_ratio_cond"], effect_size_type="odds_ratio_conditional_mle",
            es_ci_low=r["or_ci_low"], es_ci_high=r["or_ci_high"],
            p=r["p"], test=r["test"], ci_method=r["ci_method"], note=_join_notes([extra_note, r["note"]]),
        )
        return row

    for col in count_cols:
        rows.append(_prop_row(f"{col}>0", int((A[col] > 0).sum()), na, int((B[col] > 0).sum()), nb))
    for col in categorical_cols:
        va, vb = A[col].dropna(), B[col].dropna()
        miss = (na - len(va)) + (nb - len(vb))
        note = f"{miss} missing value(s) excluded" if miss else ""
        levels = sorted(pd.unique(pd.concat([va, vb])).tolist(), key=str)
        for lev in levels:
            rows.append(_prop_row(f"{col}={lev}", int((va == lev).sum()), len(va), int((vb == lev).sum()), len(vb), note))

    if cue_table is not None and "lemma" in cue_table.columns:
        cues = cue_table[cue_table[by].isin([ga, gb])]
        kinds = sorted(cues["kind"].dropna().unique().tolist(), key=str) if keyness_kinds is None else list(keyness_kinds)
        for kind in kinds:
            ck = cues[cues["kind"] == kind]
            k = keyness(
                ck.loc[ck[by] == ga, "lemma"].value_counts(),
                ck.loc[ck[by] == gb, "lemma"].value_counts(),
                totals=(ta, tb),
            )
            zq = st.norm.ppf(0.5 + confidence_level / 2)
            for term, kr in k.sort_index().iterrows():
                row = _empty_row("keyness", f"{kind}:{term}", ga, gb)
                se = np.sqrt(kr["log_odds_var"])
                row.update(
                    n_a=na, n_b=nb, tokens_a=ta, tokens_b=tb,
                    estimate_a=kr["freq_a"], estimate_b=kr["freq_b"], estimate_type="rate_per_1000_tokens",
                    difference=kr["freq_a"] - kr["freq_b"],
                    effect=kr["log_ratio"], effect_type="log_ratio_hardie2014",
                    effect_size=kr["log_odds"], effect_size_type="log_odds_informative_dirichlet_mcq2008",
                    es_ci_low=kr["log_odds"] - zq * se, es_ci_high=kr["log_odds"] + zq * se,
                    p=kr["p_g2"], test="log-likelihood G2 (Dunning 1993), token-level",
                    ci_method="normal_approx_log_odds",
                    note=_join_notes([kr["note"], "token-level test: assumes independent tokens"]),
                )
                rows.append(row)

    res = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    if len(res):
        res["p_adj"] = res.groupby("family", sort=False)["p"].transform(lambda s: fdr(s))
    for c in ["n_a", "n_b"]:
        res[c] = res[c].astype("Int64")
    res.attrs.update(
        groups=[str(ga), str(gb)], by=by, seed=rng if isinstance(rng, (int, np.integer)) else None,
        n_resamples=int(n_resamples), confidence_level=float(confidence_level), method=method, per=per,
    )
    return res


def write_comparison(
    results: pd.DataFrame,
    path: str | Path,
    *,
    seed: Any,
    package_version: str,
    n_resamples: int | None = None,
    extra: dict[str, Any] | None = None,
) -> tuple[Path, Path]:
    """Write ``results`` as CSV plus a sidecar JSON ``<stem>.meta.json``.

    The JSON records the seed, package version, n_resamples (argument, or
    ``results.attrs``), confidence level, CI method, groups, library versions
    (numpy/scipy/pandas), column names, row count and the SHA-256 of the CSV.
    No timestamps or host information are written, so rerunning with the same
    inputs gives byte-identical files.  Returns ``(csv_path, json_path)``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    csv_text = results.to_csv(index=False, lineterminator="\n", float_format="%.10g")
    path.write_text(csv_text, encoding="utf-8", newline="")
    attrs = dict(results.attrs)
    meta = {
        "seed": seed,
        "package_version": package_version,
        "n_resamples": n_resamples if n_resamples is not None else attrs.get("n_resamples"),
        "confidence_level": attrs.get("confidence_level"),
        "ci_method": attrs.get("method"),
        "groups": attrs.get("groups"),
        "by": attrs.get("by"),
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "pandas": pd.__version__},
        "columns": list(map(str, results.columns)),
        "n_rows": int(len(results)),
        "csv_file": path.name,
        "csv_sha256": hashlib.sha256(csv_text.encode("utf-8")).hexdigest(),
    }
    if extra:
        meta["extra"] = extra
    meta_path = path.with_name(path.stem + ".meta.json")
    meta_path.write_text(json.dumps(meta, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8", newline="")
    return path, meta_path
