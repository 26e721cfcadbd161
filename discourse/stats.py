"""Honest comparative statistics for groups of documents and for two small texts.

Every comparison made here comes with its uncertainty (a confidence interval and/or a
p-value) at the sampled unit, and every degenerate case is flagged in a ``note`` instead of
silently producing NaN.

Unit of inference
-----------------
A corpus is a sample of **documents** (:mod:`discourse.stats_units`). When every compared
group holds at least two documents, :func:`compare` and :func:`group_estimates` resample
documents (cluster bootstrap) and permute document labels: a document's sentences move
together, because they are not independent draws. With one document per group (the study:
two texts) there is no sample of documents; intervals then describe these texts by
resampling their body **paragraphs** (``segment_id``), or their **sentences** as a
sensitivity analysis (``unit="sentence"``, also what :func:`rates`, :func:`rate_ci`,
:func:`compare_scores` and :func:`compare_proportions` do on the arrays they are given).
Every row of :func:`compare` names its ``unit``. Rates per 1,000 tokens are ratios of sums
over sentences; their uncertainty comes from resampling units (paired count/token totals),
never tokens, because cues cluster within sentences and documents (a token-level
binomial/Poisson model would be over-confident).

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

Groups with fewer than 2 units: no bootstrap is possible; CIs are NaN and
the ``note`` says why (we do not raise, so one tiny group does not stop a
whole comparison table).

References
----------
Cochran, W. G. (1977). Sampling Techniques, 3rd ed. Wiley (ch. 6: ratio estimators).
Davison, A. C. & Hinkley, D. V. (1997). Bootstrap Methods and their
    Application. Cambridge University Press (sec. 3.8: clustered data).
Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data. JRSS B
    69(3), 369-390.
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
Wilson, E. B. (1927). Probable inference, the law of succession, and
    statistical inference. JASA 22(158), 209-212.
"""

from __future__ import annotations

import hashlib
import itertools
import json
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

from . import registry
from .errors import InputError
from .stats_units import (
    UNITS,
    check_sentence_keys,
    cluster_codes,
    cluster_sums,
    counts_from_cues,
    cues_with_groups,
    doc_column,
    require_columns,
    resolve_unit,
)

__all__ = [
    "share_table",
    "ci_p_agreement",
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
    "compare_scores_clustered",
    "group_estimates",
    "mean_ci",
    "wilson_ci",
    "write_comparison",
    "GROUP_ESTIMATE_COLUMNS",
    "UNITS",
]

DEFAULT_N_RESAMPLES = 9999
DEFAULT_PER = 1000

#: Score columns picked up by default (if present and float dtype), plus any
#: float column whose name starts with ``textblob_`` or ``vader``.
#: Score columns compared by default (if present): the registry's sentence-level scores.
DEFAULT_SCORE_COLS = registry.score_columns()
_SCORE_PREFIXES = ("textblob_", "vader")
#: Categorical columns picked up by default (if present; from the registry: voice, source type,
#: Engagement, prospect stance), plus every column of pandas ``category`` dtype.
DEFAULT_CATEGORICAL_COLS = tuple(registry.categorical_levels())

#: Columns of the table returned by :func:`compare`, in order.
RESULT_COLUMNS = [
    "family",
    "measure",
    "group_a",
    "group_b",
    "n_a",
    "n_b",
    "unit",
    "n_docs_a",
    "n_docs_b",
    "n_units_a",
    "n_units_b",
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
    unit: str = "sentence",
    batch: int | None = None,
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
        return low, high, methods, f"fewer than 2 {unit}s in a group: bootstrap CI undefined"
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
                batch=batch,
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


def _permutation_p(data, statistic, *, rng, n_resamples, batch: int | None = None,
                   absolute: bool = False) -> float:
    """Two-sided permutation p via ``scipy.stats.permutation_test``.

    ``absolute=False``: SciPy's two-sided p, twice the smaller one-sided p. ``absolute=True``:
    P(|T| >= |t_obs|) under relabelling. Ratio-of-sums statistics (rates and shares over clusters
    of unequal size) need the latter: their null distribution is skewed and discrete when clusters
    of one group are longer (one cue in 30 short paragraphs against none in 11 long ones: twice the
    smaller tail is 0.0002, the absolute p about 0.5, the honest answer).

    NaN if a group has fewer than 2 observations (SciPy requires >= 2); the
    callers add a note.
    """
    if min(d.shape[-1] for d in data) < 2:
        return np.nan
    stat = statistic
    if absolute:
        def stat(*args, axis=-1):
            return np.abs(statistic(*args, axis=axis))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            res = st.permutation_test(
                data,
                stat,
                permutation_type="independent",
                vectorized=True,
                n_resamples=n_resamples,
                alternative="greater" if absolute else "two-sided",
                rng=rng,
                batch=batch,
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
# clusters: documents or paragraphs as the resampled unit
# ---------------------------------------------------------------------------

#: Largest (clusters in a) x (clusters in b) for which the Cliff's delta CI is bootstrapped.
_MAX_SIGN_CELLS = 4_000_000


def _batch_for(n_clusters: int) -> int:
    """Resamples per vectorized call, so a call holds ~ 5 million floats at most."""
    return max(1, int(5_000_000 // max(n_clusters, 1)))


def _multiplicity(idx, n_clusters: int) -> np.ndarray:
    """How often each cluster occurs along the last axis of ``idx``: shape ``idx.shape[:-1] + (K,)``.

    A bootstrap or jackknife resample of clusters, written as weights: a statistic of the
    sentences of the resampled clusters is the same statistic weighted by these counts.
    """
    idx = np.asarray(idx, dtype=np.int64)
    lead = idx.shape[:-1]
    flat = idx.reshape(-1, idx.shape[-1])
    m = flat.shape[0]
    off = (flat + n_clusters * np.arange(m)[:, None]).ravel()
    return np.bincount(off, minlength=m * n_clusters).reshape(lead + (n_clusters,)).astype(float)


def _sign_sums(xa, ca, ka, xb, cb, kb) -> np.ndarray:
    """``S[k, l]``: sum of ``sign(x - y)`` over x in a-cluster k and y in b-cluster l.

    Cliff's delta of any resample of clusters is ``w' S v / (N_a N_b)`` with the resample's
    cluster multiplicities ``w``, ``v`` (Cliff 1993, delta as a mean of pairwise signs).
    """
    S = np.zeros((ka, kb))
    order = np.argsort(ca, kind="stable")
    bounds = np.searchsorted(ca[order], np.arange(ka + 1))
    for k in range(ka):
        xs = np.sort(xa[order[bounds[k]:bounds[k + 1]]])
        below = np.searchsorted(xs, xb, "left")  # x < y
        above = xs.size - np.searchsorted(xs, xb, "right")  # x > y
        S[k] = np.bincount(cb, weights=(above - below).astype(float), minlength=kb)
    return S


def _hedges_from_sums(Na, Sa, Qa, Nb, Sb, Qb):
    """Hedges' g (exact J) from sentence counts, sums and sums of squares (centred data)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ma, mb = Sa / Na, Sb / Nb
        ss = np.maximum(Qa - Na * ma**2, 0.0) + np.maximum(Qb - Nb * mb**2, 0.0)
        df = Na + Nb - 2.0
        sp = np.sqrt(ss / df)
        j = np.exp(gammaln(df / 2.0) - 0.5 * np.log(df / 2.0) - gammaln((df - 1) / 2.0))
        diff = ma - mb
        tiny = 1e-12 * np.maximum(np.abs(ma), np.abs(mb)) + 1e-300
        d = np.where(sp > tiny, diff / np.where(sp > tiny, sp, 1.0),
                     np.where(np.abs(diff) <= tiny, 0.0, np.sign(diff) * np.inf))
        return np.where((Na < 2) | (Nb < 2) | (df < 2), np.nan, j * d)


def _cluster_codes_of(codes) -> tuple[np.ndarray, int]:
    codes, uniq = pd.factorize(np.asarray(codes))
    return codes.astype(np.int64), len(uniq)


def compare_scores_clustered(
    a,
    clusters_a,
    b,
    clusters_b,
    *,
    unit: str = "document",
    rng=0,
    n_resamples: int = DEFAULT_N_RESAMPLES,
    confidence_level: float = 0.95,
    method: str = "BCa",
) -> dict[str, Any]:
    """Compare sentence scores of two groups whose sentences come in clusters (documents, paragraphs).

    Point estimates are those of :func:`compare_scores` on the sentences (mean difference,
    Cliff's delta, Hedges' g). Their CIs resample *clusters* within each group (cluster
    bootstrap; Davison & Hinkley 1997, sec. 3.8; Field & Welsh 2007): a resample is a set of
    cluster multiplicities and each statistic is computed on the sentences of the resampled
    clusters, vectorized (``scipy.stats.bootstrap``, BCa with percentile fallback). ``p``: a
    permutation test of *cluster* labels on the difference in sentence means
    (``scipy.stats.permutation_test``; a cluster's sentences move together). ``p_mannwhitney``:
    Mann-Whitney U on the cluster means. ``clusters_a``/``clusters_b`` label each score's
    cluster; NaN scores are dropped. ``unit`` names the cluster in notes and tests.
    """
    a_raw = np.asarray(a, dtype=float).ravel()
    b_raw = np.asarray(b, dtype=float).ravel()
    ka_keep, kb_keep = ~np.isnan(a_raw), ~np.isnan(b_raw)
    x, y = a_raw[ka_keep], b_raw[kb_keep]
    ca, Ka = _cluster_codes_of(np.asarray(clusters_a)[ka_keep])
    cb, Kb = _cluster_codes_of(np.asarray(clusters_b)[kb_keep])
    notes: list[str] = []
    dropped = (a_raw.size - x.size) + (b_raw.size - y.size)
    if dropped:
        notes.append(f"{dropped} missing score(s) dropped")
    keys = ["mean_diff", "cliffs_delta", "hedges_g"]
    out: dict[str, Any] = {"n_a": int(x.size), "n_b": int(y.size), "n_units_a": Ka, "n_units_b": Kb}
    for k in keys:
        out.update({k: np.nan, f"{k}_ci_low": np.nan, f"{k}_ci_high": np.nan})
    out.update(mean_a=np.nan, mean_b=np.nan, p_permutation=np.nan, p_mannwhitney=np.nan, ci_method="none")
    if x.size == 0 or y.size == 0:
        out["note"] = _join_notes(notes + ["no scores in a group"])
        return out
    out.update(mean_a=float(x.mean()), mean_b=float(y.mean()), mean_diff=float(x.mean() - y.mean()),
               cliffs_delta=float(_cliffs_delta_vec(x, y)), hedges_g=float(_hedges_g_vec(x, y)))
    gen = np.random.default_rng(rng)
    centre = np.concatenate([x, y]).mean()
    xc, yc = x - centre, y - centre
    n_all = np.r_[np.bincount(ca, minlength=Ka), np.bincount(cb, minlength=Kb)].astype(float)
    s_all = np.r_[np.bincount(ca, xc, Ka), np.bincount(cb, yc, Kb)]
    q_all = np.r_[np.bincount(ca, xc**2, Ka), np.bincount(cb, yc**2, Kb)]
    K = Ka + Kb
    sab = _sign_sums(x, ca, Ka, y, cb, Kb) if Ka * Kb <= _MAX_SIGN_CELLS else None
    if sab is None:
        notes.append(f"Cliff's delta CI not computed: {Ka} x {Kb} {unit}s is too many pairs")

    def stat(i, j, axis=-1):
        W, V = _multiplicity(i, K), _multiplicity(j, K)
        Na, Sa, Qa = W @ n_all, W @ s_all, W @ q_all
        Nb, Sb, Qb = V @ n_all, V @ s_all, V @ q_all
        md = Sa / Na - Sb / Nb
        hg = _hedges_from_sums(Na, Sa, Qa, Nb, Sb, Qb)
        if sab is None:
            cd = np.full(np.broadcast_shapes(Na.shape, Nb.shape), np.nan)
        else:
            cd = ((W[..., :Ka] @ sab) * V[..., Ka:]).sum(axis=-1) / (Na * Nb)
        return np.stack(np.broadcast_arrays(md, cd, hg))

    lo, hi, methods, note = _bootstrap_ci(
        (np.arange(Ka), np.arange(Ka, K)), stat, paired=False, rng=gen, n_resamples=n_resamples,
        confidence_level=confidence_level, method=method, n_out=3, unit=unit, batch=_batch_for(K))
    notes.append(note)
    for i, k in enumerate(keys):
        out[f"{k}_ci_low"], out[f"{k}_ci_high"] = float(lo[i]), float(hi[i])
    if sab is None:
        out["cliffs_delta_ci_low"] = out["cliffs_delta_ci_high"] = np.nan
    out["ci_method"] = "BCa" if all(m == "BCa" for m in methods) else ",".join(sorted(set(methods)))

    def mean_diff(i, j, axis=-1):
        return s_all[i].sum(axis=axis) / n_all[i].sum(axis=axis) - s_all[j].sum(axis=axis) / n_all[j].sum(axis=axis)

    out["p_permutation"] = _permutation_p((np.arange(Ka), np.arange(Ka, K)), mean_diff, rng=gen,
                                          n_resamples=n_resamples, batch=_batch_for(K), absolute=True)
    if np.isnan(out["p_permutation"]):
        notes.append(f"fewer than 2 {unit}s in a group: permutation test not run (p NaN)")
    means = s_all / n_all
    ma, mb = means[:Ka], means[Ka:]
    if np.unique(means).size == 1:
        out["p_mannwhitney"] = 1.0
        notes.append("all values identical: no difference, effects 0, p = 1")
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out["p_mannwhitney"] = float(st.mannwhitneyu(ma, mb, alternative="two-sided").pvalue)
    out["note"] = _join_notes(notes)
    return out


def _ratio_ci(num, den, *, scale: float, rng, n_resamples: int, confidence_level: float, method: str,
              unit: str) -> tuple[float, float, float, str, str]:
    """``sum(num) / sum(den) * scale`` with a bootstrap CI resampling (num, den) pairs (units).

    The ratio estimator of a mean or share over sentences when ``num``/``den`` are per-unit
    sums (Cochran 1977, ch. 6); returns ``(estimate, low, high, ci_method, note)``.
    """
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    if den.sum() <= 0:
        return np.nan, np.nan, np.nan, "none", "no sentences"
    est = float(num.sum() / den.sum() * scale)

    def stat(nn, dd, axis=-1):
        return nn.sum(axis=axis) / dd.sum(axis=axis) * scale

    lo, hi, methods, note = _bootstrap_ci((num, den), stat, paired=True, rng=np.random.default_rng(rng),
                                          n_resamples=n_resamples, confidence_level=confidence_level,
                                          method=method, n_out=1, unit=unit)
    if np.isfinite(lo[0]) and lo[0] == hi[0]:
        note = _join_notes([note, f"every {unit} resample gives the same value: the CI cannot express uncertainty"])
    return est, float(lo[0]), float(hi[0]), methods[0], note


def wilson_ci(k, n, confidence_level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion ``k / n`` (Wilson 1927; Newcombe 1998).

    NaN for ``n == 0``. Range [0, 1]. Preferred over the Wald interval for small ``n`` and
    proportions near 0 or 1 (Brown, Cai & DasGupta 2001). Assumes ``n`` independent trials
    (sentences): with several documents per group use :func:`group_estimates`.
    """
    k, n = float(k), float(n)
    if n <= 0:
        return (np.nan, np.nan)
    z = st.norm.ppf(0.5 + confidence_level / 2)
    p = k / n
    den = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / den
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / den
    return (max(0.0, centre - half), min(1.0, centre + half))


def share_table(counts, confidence_level: float = 0.95) -> pd.DataFrame:
    """Tidy table of shares ``k / n`` with Wilson score CIs (Wilson 1927; Newcombe 1998).

    ``counts`` maps ``(row, group) -> (k, n)``: e.g. ``(frame, source) -> (sentences with the
    frame, body sentences)``. One output row per key, in the mapping's order, with columns
    ``row, group, k, n, share, ci_low, ci_high`` (shares and bounds as proportions in [0, 1];
    NaN where ``n == 0``). This is the statistic behind the share figures (fig05), so figures
    only draw it.
    """
    out = []
    for key, kn in counts.items():
        if not (isinstance(key, tuple) and len(key) == 2 and len(kn) == 2):
            raise InputError(f"share_table: expected (row, group) -> (k, n), got {key!r} -> {kn!r}.")
        k, n = int(kn[0]), int(kn[1])
        if k < 0 or n < 0 or k > n:
            raise InputError(f"share_table: need 0 <= k <= n, got k={k}, n={n} for {key!r}.")
        lo, hi = wilson_ci(k, n, confidence_level)
        out.append({"row": key[0], "group": key[1], "k": k, "n": n,
                    "share": k / n if n else np.nan, "ci_low": lo, "ci_high": hi})
    return pd.DataFrame(out, columns=["row", "group", "k", "n", "share", "ci_low", "ci_high"])


#: the value of each effect type under "no difference"
NULL_EFFECT = {"rate_ratio": 1.0, "risk_difference": 0.0, "cliffs_delta": 0.0, "log_ratio_hardie2014": 0.0,
               "mean_difference": 0.0, "median_difference": 0.0}


def ci_p_agreement(comparison: pd.DataFrame, *, alpha: float = 0.05, p_col: str = "p") -> pd.DataFrame:
    """Where a :func:`compare` row's bootstrap interval and its permutation p disagree.

    Adds ``ci_excludes_null`` (the effect's interval ``ci_low..ci_high`` lies wholly on one side of
    the effect type's null, :data:`NULL_EFFECT`) and ``ci_p_disagree`` (``ci_excludes_null`` differs
    from ``p_col < alpha``; NA where the interval, the p or the null is missing). The two answer
    different questions (the interval describes the estimate's resampling spread; the permutation p
    tests exchangeability of the units between groups), and with few units a percentile/BCa interval
    is often too narrow (Efron & Tibshirani 1993, ch. 14), so a verdict is taken from the p adjusted
    within its family and a disagreeing row is flagged, not re-decided. Returns a copy.
    """
    require_columns(comparison, ["effect_type", "ci_low", "ci_high", p_col], what="ci_p_agreement: the comparison table",
                    fix="pass the output of discourse.compare()")
    out = comparison.copy()
    null = out["effect_type"].map(NULL_EFFECT)
    known = null.notna() & out["ci_low"].notna() & out["ci_high"].notna() & out[p_col].notna()
    excl = (out["ci_low"] > null) | (out["ci_high"] < null)
    out["ci_excludes_null"] = excl.where(known).astype("boolean")
    out["ci_p_disagree"] = (excl != (out[p_col] < alpha)).where(known).astype("boolean")
    return out


def mean_ci(values, *, rng=0, n_resamples: int = 9999, confidence_level: float = 0.95) -> dict:
    """Mean of sentence scores with a sentence-bootstrap CI.

    BCa interval (Efron & Tibshirani 1993, ch. 14) via ``scipy.stats.bootstrap``, the
    percentile interval of the same resamples when BCa is undefined (e.g. constant scores),
    NaN CI when fewer than 2 values. Returns ``mean, ci_low, ci_high, n, ci_method``.
    Non-finite values are dropped.
    """
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    out = {"mean": float(x.mean()) if x.size else np.nan, "ci_low": np.nan, "ci_high": np.nan,
           "n": int(x.size), "ci_method": "none"}
    if x.size < 2:
        return out
    if np.ptp(x) == 0:
        out.update(ci_low=float(x[0]), ci_high=float(x[0]), ci_method="degenerate")
        return out
    gen = np.random.default_rng(rng)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        res = st.bootstrap((x,), np.mean, n_resamples=n_resamples, confidence_level=confidence_level,
                           method="BCa", rng=gen, vectorized=True)
        lo, hi = float(res.confidence_interval.low), float(res.confidence_interval.high)
        method = "BCa"
        if not (np.isfinite(lo) and np.isfinite(hi)):
            res = st.bootstrap((x,), np.mean, n_resamples=0, confidence_level=confidence_level,
                               method="percentile", bootstrap_result=res, rng=gen, vectorized=True)
            lo, hi = float(res.confidence_interval.low), float(res.confidence_interval.high)
            method = "percentile"
    out.update(ci_low=lo, ci_high=hi, ci_method=method)
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


def named_family(tables: dict[str, pd.DataFrame], measures: dict[str, Sequence[str]], *, family: str) -> pd.DataFrame:
    """A family of contrasts named before the analysis, corrected on its own.

    ``tables``: :func:`compare` results by name (e.g. one computed on prospect statements, one on
    authorial sentences); ``measures``: for each name, the ``measure`` values of that table that
    belong to the family. Returns those rows (with a ``table`` column naming where each came from)
    and ``family`` set to ``family``, ``p_adj`` recomputed by Benjamini-Hochberg across the family
    alone, and the exploratory ``p_adj`` of the full table kept as ``p_adj_exploratory``. A named
    measure missing from its table is an InputError (a typo must not shrink the family silently).
    """
    parts = []
    for name, wanted in measures.items():
        if name not in tables:
            raise InputError(f"named_family: no table {name!r}; tables are {sorted(tables)}.")
        t = tables[name]
        missing = [m for m in wanted if m not in set(t["measure"])]
        if missing:
            raise InputError(f"named_family: table {name!r} has no measure(s) {missing}; pass measures it has "
                             f"(e.g. {sorted(map(str, t['measure']))[:6]}).")
        parts.append(t[t["measure"].isin(list(wanted))].assign(table=name))
    out = pd.concat(parts, ignore_index=True)
    out = out.rename(columns={"p_adj": "p_adj_exploratory"})
    out["family"] = family
    out["p_adj"] = fdr(out["p"]).to_numpy()
    return out


# ---------------------------------------------------------------------------
# compare: one tidy table
# ---------------------------------------------------------------------------

def _require_cols(df: pd.DataFrame, cols: Iterable[str], what: str = "sentence table") -> None:
    require_columns(df, cols, what=what)


def _empty_row(family, measure, ga, gb) -> dict[str, Any]:
    row = {c: np.nan for c in RESULT_COLUMNS}
    row.update(family=family, measure=measure, group_a=ga, group_b=gb, test="", test_alt="", unit="",
               ci_method="", note="", estimate_type="", effect_type="", effect_size_type="")
    return row


def _prepare(sentence_table: pd.DataFrame, cue_table: pd.DataFrame | None, *, by: str,
             doc_col: str | None) -> tuple[pd.DataFrame, pd.DataFrame | None, str]:
    """Check the tables; attach each cue's group; add cue-derived count columns.

    Returns ``(sentences, cues, doc_col)``: sentences are keyed by (document, ``sent_id``).
    """
    require_columns(sentence_table, [by, "n_tokens"], what="sentence table",
                    fix="pass by= naming the group column (e.g. an outlet or genre column)")
    doc = doc_column(sentence_table, doc_col)
    check_sentence_keys(sentence_table, doc)
    cues = None
    df = sentence_table
    if cue_table is not None:
        cues = cues_with_groups(cue_table, sentence_table, by=by, doc_col=doc)
        df = counts_from_cues(sentence_table, cues, doc_col=doc)
    return df, cues, doc


def _group_labels(df: pd.DataFrame, by: str, groups) -> list:
    found = sorted(pd.unique(df[by].dropna()).tolist(), key=str)
    if groups is None:
        return found
    groups = list(groups)
    if len(groups) < 2 or len(set(map(str, groups))) != len(groups):
        raise InputError(f"groups must be two or more distinct labels, got {groups!r}")
    missing = [g for g in groups if g not in found]
    if missing:
        raise InputError(f"group(s) {missing} not found in column {by!r}; found: {found}")
    return groups


def _contrasts(labels: list, *, by: str, reference, pairs) -> list[tuple[Any, Any]]:
    """The (a, b) pairs to compare: a vs b, every group vs ``reference``, or all pairs."""
    if reference is not None and pairs is not None:
        raise InputError("pass either reference= or pairs='all', not both")
    if reference is not None:
        if reference not in labels:
            raise InputError(f"reference group {reference!r} not found in column {by!r}; found: {labels}")
        return [(g, reference) for g in labels if g != reference]
    if pairs is not None:
        if pairs != "all":
            raise InputError(f"pairs must be 'all' or None, got {pairs!r}")
        return list(itertools.combinations(labels, 2))
    if len(labels) != 2:
        raise InputError(
            f"compare() needs exactly two groups in column {by!r}; found {len(labels)}: {labels}. "
            "Pass groups=(a, b) to choose two, reference=<group> to compare every group with one, "
            "or pairs='all' for every pair."
        )
    return [tuple(labels)]


def _measure_columns(df: pd.DataFrame, *, by: str, doc: str, count_cols, score_cols, categorical_cols):
    """The count, score and categorical columns compared (defaults: see :func:`compare`)."""
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
            if c not in (by, doc, "sent_id")
            and (c in DEFAULT_CATEGORICAL_COLS or isinstance(df[c].dtype, pd.CategoricalDtype))
        ]
    cols = list(count_cols), list(score_cols), list(categorical_cols)
    require_columns(df, cols[0] + cols[1] + cols[2], what="sentence table",
                    fix="name columns of the sentence table in count_cols=, score_cols=, categorical_cols=")
    return cols


class _Group:
    """The sentences of one group, with the cluster (unit) of every sentence."""

    def __init__(self, df: pd.DataFrame, label, *, by: str, doc: str, unit: str):
        self.label = label
        self.df = df[df[by] == label]
        self.codes = cluster_codes(self.df, unit=unit, doc_col=doc)
        self.n = len(self.df)
        self.tokens = float(self.df["n_tokens"].sum())
        self.n_docs = int(self.df[doc].nunique())
        self.n_units = int(self.codes.max()) + 1 if self.n else 0

    def sums(self, values) -> np.ndarray:
        return cluster_sums(values, self.codes)


def _share_rows_clustered(measure, A: _Group, pos_a, ok_a, B: _Group, pos_b, ok_b, *, unit, rng, per_kw, extra_note):
    """A share of sentences compared at the cluster level (ratio estimator, cluster bootstrap)."""
    ka, na = A.sums(pos_a & ok_a), A.sums(ok_a)
    kb, nb = B.sums(pos_b & ok_b), B.sums(ok_b)
    ka, na, kb, nb = ka[na > 0], na[na > 0], kb[nb > 0], nb[nb > 0]
    row = _empty_row("proportion", measure, A.label, B.label)
    row.update(n_a=int(na.sum()), n_b=int(nb.sum()), n_units_a=na.size, n_units_b=nb.size)
    if na.size < 1 or nb.size < 1:
        row.update(note=_join_notes([extra_note, "no non-missing values in a group"]))
        return row
    r = rate_ratio(ka, na, kb, nb, per=1, rng=rng, unit=unit, **per_kw)
    row.update(
        estimate_a=r["rate_a"], estimate_b=r["rate_b"], estimate_type="share_of_sentences",
        difference=r["difference"], diff_ci_low=r["diff_ci_low"], diff_ci_high=r["diff_ci_high"],
        effect=r["difference"], effect_type="risk_difference", ci_low=r["diff_ci_low"], ci_high=r["diff_ci_high"],
        effect_size=r["ratio"], effect_size_type="risk_ratio", es_ci_low=r["ci_low"], es_ci_high=r["ci_high"],
        p=r["p"], test=f"permutation of {unit} labels (two-sided), difference in shares",
        ci_method=r["ci_method"], note=_join_notes([extra_note, r["note"]]),
    )
    return row


def _share_row_sentences(measure, ka, nna, kb, nnb, ga, gb, *, confidence_level, extra_note=""):
    """A share of sentences compared with independent sentences (Newcombe-Wilson, Fisher exact)."""
    row = _empty_row("proportion", measure, ga, gb)
    row.update(n_a=nna, n_b=nnb, n_units_a=nna, n_units_b=nnb)
    if nna < 1 or nnb < 1:
        row.update(note=_join_notes([extra_note, "no non-missing values in a group"]))
        return row
    r = compare_proportions(ka, nna, kb, nnb, confidence_level=confidence_level)
    row.update(
        estimate_a=r["p_a"], estimate_b=r["p_b"], estimate_type="share_of_sentences",
        difference=r["difference"], diff_ci_low=r["ci_low"], diff_ci_high=r["ci_high"],
        effect=r["difference"], effect_type="risk_difference", ci_low=r["ci_low"], ci_high=r["ci_high"],
        effect_size=r["odds_ratio_cond"], effect_size_type="odds_ratio_conditional_mle",
        es_ci_low=r["or_ci_low"], es_ci_high=r["or_ci_high"],
        p=r["p"], test=r["test"], ci_method=r["ci_method"], note=_join_notes([extra_note, r["note"]]),
    )
    return row


def _contrast_rows(A: _Group, B: _Group, cues: pd.DataFrame | None, *, by, unit, unit_note, cols, base, kw,
                   per, confidence_level, keyness_kinds) -> list[dict[str, Any]]:
    """Every row of the comparison of group A with group B (a relative to b)."""
    count_cols, score_cols, categorical_cols = cols
    ga, gb = A.label, B.label
    tag = f"{ga}|{gb}"
    rows: list[dict[str, Any]] = []

    def finish(row):
        row.update(unit=unit, n_docs_a=A.n_docs, n_docs_b=B.n_docs)
        row["note"] = _join_notes([row["note"], unit_note])
        rows.append(row)

    for col in count_cols:
        r = rate_ratio(A.sums(A.df[col]), A.sums(A.df["n_tokens"]), B.sums(B.df[col]), B.sums(B.df["n_tokens"]),
                       per=per, rng=_child_rng(base, f"rate|{col}|{tag}"), unit=unit, **kw)
        row = _empty_row("rate", col, ga, gb)
        with np.errstate(divide="ignore", invalid="ignore"):
            es_lo, es_hi = np.log2(r["ci_low"]), np.log2(r["ci_high"])
        row.update(
            n_a=A.n, n_b=B.n, n_units_a=A.n_units, n_units_b=B.n_units, tokens_a=A.tokens, tokens_b=B.tokens,
            estimate_a=r["rate_a"], estimate_b=r["rate_b"], estimate_type=f"rate_per_{per:g}_tokens",
            difference=r["difference"], diff_ci_low=r["diff_ci_low"], diff_ci_high=r["diff_ci_high"],
            effect=r["ratio"], effect_type="rate_ratio", ci_low=r["ci_low"], ci_high=r["ci_high"],
            effect_size=r["log2_ratio"], effect_size_type="log2_rate_ratio", es_ci_low=es_lo, es_ci_high=es_hi,
            p=r["p"], test=r["test"], ci_method=r["ci_method"], note=r["note"],
        )
        finish(row)

    for col in score_cols:
        srng = _child_rng(base, f"score|{col}|{tag}")
        row = _empty_row("score", col, ga, gb)
        if unit == "sentence":
            r = compare_scores(A.df[col], B.df[col], rng=srng, **kw)
            r.update(n_units_a=r["n_a"], n_units_b=r["n_b"])
            test_alt = "Mann-Whitney U (two-sided)"
        else:
            r = compare_scores_clustered(A.df[col], A.codes, B.df[col], B.codes, unit=unit, rng=srng, **kw)
            test_alt = f"Mann-Whitney U on {unit} means (two-sided)"
        row.update(
            n_a=r["n_a"], n_b=r["n_b"], n_units_a=r["n_units_a"], n_units_b=r["n_units_b"],
            estimate_a=r["mean_a"], estimate_b=r["mean_b"], estimate_type="mean",
            difference=r["mean_diff"], diff_ci_low=r["mean_diff_ci_low"], diff_ci_high=r["mean_diff_ci_high"],
            effect=r["cliffs_delta"], effect_type="cliffs_delta",
            ci_low=r["cliffs_delta_ci_low"], ci_high=r["cliffs_delta_ci_high"],
            effect_size=r["hedges_g"], effect_size_type="hedges_g",
            es_ci_low=r["hedges_g_ci_low"], es_ci_high=r["hedges_g_ci_high"],
            p=r["p_permutation"], test=f"permutation of {unit} labels (two-sided), difference in means",
            p_alt=r["p_mannwhitney"], test_alt=test_alt, ci_method=r["ci_method"], note=r["note"],
        )
        finish(row)

    def share(measure, pos_a, ok_a, pos_b, ok_b, note=""):
        if unit == "sentence":
            finish(_share_row_sentences(measure, int((pos_a & ok_a).sum()), int(ok_a.sum()),
                                        int((pos_b & ok_b).sum()), int(ok_b.sum()), ga, gb,
                                        confidence_level=confidence_level, extra_note=note))
        else:
            finish(_share_rows_clustered(measure, A, pos_a, ok_a, B, pos_b, ok_b, unit=unit,
                                         rng=_child_rng(base, f"share|{measure}|{tag}"), per_kw=kw, extra_note=note))

    ones_a, ones_b = np.ones(A.n, bool), np.ones(B.n, bool)
    for col in count_cols:
        share(f"{col}>0", A.df[col].to_numpy() > 0, ones_a, B.df[col].to_numpy() > 0, ones_b)
    for col in categorical_cols:
        ok_a, ok_b = A.df[col].notna().to_numpy(), B.df[col].notna().to_numpy()
        miss = int((~ok_a).sum() + (~ok_b).sum())
        note = f"{miss} missing value(s) excluded" if miss else ""
        levels = sorted(pd.unique(pd.concat([A.df[col].dropna(), B.df[col].dropna()])).tolist(), key=str)
        for lev in levels:
            share(f"{col}={lev}", (A.df[col] == lev).fillna(False).to_numpy(bool), ok_a,
                  (B.df[col] == lev).fillna(False).to_numpy(bool), ok_b, note)

    if cues is not None and "lemma" in cues.columns:
        sub = cues[cues[by].isin([ga, gb])]
        kinds = sorted(sub["kind"].dropna().unique().tolist(), key=str) if keyness_kinds is None else list(keyness_kinds)
        zq = st.norm.ppf(0.5 + confidence_level / 2)
        for kind in kinds:
            ck = sub[sub["kind"] == kind]
            k = keyness(ck.loc[ck[by] == ga, "lemma"].value_counts(), ck.loc[ck[by] == gb, "lemma"].value_counts(),
                        totals=(A.tokens, B.tokens))
            for term, kr in k.sort_index().iterrows():
                row = _empty_row("keyness", f"{kind}:{term}", ga, gb)
                se = np.sqrt(kr["log_odds_var"])
                row.update(
                    n_a=A.n, n_b=B.n, tokens_a=A.tokens, tokens_b=B.tokens, unit="token",
                    n_docs_a=A.n_docs, n_docs_b=B.n_docs, n_units_a=A.tokens, n_units_b=B.tokens,
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
    return rows


def compare(
    sentence_table: pd.DataFrame,
    cue_table: pd.DataFrame | None = None,
    *,
    by: str = "source_id",
    groups: Sequence[Any] | None = None,
    reference: Any = None,
    pairs: str | None = None,
    doc_col: str | None = None,
    unit: str | None = None,
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
    """Compare groups on every measure; ONE tidy table, one row per (contrast, measure).

    Contrasts: with exactly two groups in column ``by`` (or ``groups=(a, b)``), a vs b;
    with more, ``reference=g`` compares every other group with ``g`` (a = the other group,
    b = ``g``), ``pairs="all"`` compares every pair (a before b in sorted order, or in the
    order of ``groups``); otherwise an :class:`InputError` names the groups found.
    Differences and ratios are always a relative to b.

    Documents and units: documents are identified by ``doc_col`` (default: ``doc_id`` if the
    sentence table has it, else ``source_id``) and sentences by (document, ``sent_id``).
    ``unit`` is the unit of resampling (bootstrap) and permutation, reported in every row's
    ``unit`` column: ``"document"`` (cluster bootstrap of documents, permutation of document
    labels: the default when every compared group holds >= 2 documents), ``"paragraph"``
    (``segment_id`` within documents: the default with one document per group, where the
    intervals describe these texts) or ``"sentence"`` (a sensitivity analysis that treats
    sentences as independent). Keyness rows are token-level (``unit="token"``). The same unit
    is used for every contrast (see :func:`discourse.stats_units.resolve_unit`); its caveat is
    in ``note`` and ``result.attrs["unit_note"]``.

    Families (one row per measure and contrast; columns in :data:`RESULT_COLUMNS`):

    * ``"rate"``: every count column (default: numeric ``n_*`` except
      ``n_tokens``).  estimate = rate per ``per`` tokens (sum over sum); difference = rate
      difference; effect = ``rate_ratio`` (a/b); effect_size = ``log2_rate_ratio``; CIs by the
      bootstrap of ``unit`` and p by permuting ``unit`` labels (:func:`rate_ratio` on
      per-unit totals).
    * ``"score"``: every score column (default: float columns among
      sentiment / vader* / textblob_* / prospect_score).  estimate = mean over sentences;
      difference = mean difference; effect = ``cliffs_delta``; effect_size = ``hedges_g``,
      all with bootstrap CIs at ``unit`` (:func:`compare_scores_clustered`, or
      :func:`compare_scores` for sentences); p = permutation of ``unit`` labels on the mean
      difference; p_alt = Mann-Whitney U (on unit means for documents / paragraphs).
    * ``"proportion"``: for each count column the share of sentences with a
      count > 0 (measure ``"<col>>0"``), and for each categorical column
      (default: ``voice`` and pandas category columns) the share of each level
      (measure ``"<col>=<level>"``, missing values excluded from n).  effect =
      ``risk_difference``.  Sentence unit: Newcombe-Wilson CI, effect_size =
      ``odds_ratio`` (conditional MLE, exact CI), p = Fisher exact.  Document / paragraph
      unit: share = ratio estimator with a cluster-bootstrap CI, effect_size = ``risk_ratio``
      (bootstrap CI), p = permutation of unit labels.
    * ``"keyness"`` (only with ``cue_table``): one row per (kind, lemma),
      measure ``"<kind>:<lemma>"``; estimate = per-1,000-token frequency;
      effect = Hardie log ratio (no CI, descriptive); effect_size =
      Monroe et al. log-odds with informative Dirichlet prior (pooled counts)
      and a normal-approximation CI; p = G^2 (Dunning 1993), token-level.

    ``cue_table`` also gives per-sentence ``n_<kind>`` and ``n_<kind>_<category>`` count
    columns missing from ``sentence_table``: each cue is credited to its sentence by
    (document, ``sent_id``). The cue table needs the document id column; its group column
    ``by`` is optional (taken from the sentence table; refused if it disagrees).

    ``n_a``/``n_b`` count sentences, ``n_docs_*`` documents, ``n_units_*`` resampled units
    (tokens for keyness).  ``p_adj`` is Benjamini-Hochberg within each family, across every
    contrast of the table (:func:`fdr`).  ``note`` explains every degenerate case.  Metadata
    (groups, contrasts, unit, doc_col, seed, n_resamples, confidence_level, method) is in
    ``result.attrs``.
    """
    df, cues, doc = _prepare(sentence_table, cue_table, by=by, doc_col=doc_col)
    labels = _group_labels(df, by, groups)
    contrasts = _contrasts(labels, by=by, reference=reference, pairs=pairs)
    used = list(dict.fromkeys(g for pair in contrasts for g in pair))
    unit, unit_note = resolve_unit(df, by=by, doc_col=doc, groups=used, unit=unit)
    df = df[df[by].isin(used)]
    cols = _measure_columns(df, by=by, doc=doc, count_cols=count_cols, score_cols=score_cols,
                            categorical_cols=categorical_cols)
    base = _base_seed(rng)
    kw = dict(n_resamples=n_resamples, confidence_level=confidence_level, method=method)
    grp = {g: _Group(df, g, by=by, doc=doc, unit=unit) for g in used}
    rows: list[dict[str, Any]] = []
    for ga, gb in contrasts:
        rows += _contrast_rows(grp[ga], grp[gb], cues, by=by, unit=unit, unit_note=unit_note, cols=cols,
                               base=base, kw=kw, per=per, confidence_level=confidence_level,
                               keyness_kinds=keyness_kinds)
    res = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    if len(res):
        res["p_adj"] = res.groupby("family", sort=False)["p"].transform(lambda s: fdr(s))
    for c in ["n_a", "n_b", "n_docs_a", "n_docs_b", "n_units_a", "n_units_b"]:
        res[c] = res[c].astype("Int64")
    res.attrs.update(
        groups=[str(g) for g in used], contrasts=[[str(a), str(b)] for a, b in contrasts], by=by, doc_col=doc,
        unit=unit, unit_note=unit_note, seed=rng if isinstance(rng, (int, np.integer)) else None,
        n_resamples=int(n_resamples), confidence_level=float(confidence_level), method=method, per=per,
    )
    return res


#: Columns of the table returned by :func:`group_estimates`, after the group column.
GROUP_ESTIMATE_COLUMNS = ["family", "measure", "estimate", "ci_low", "ci_high", "estimate_type", "unit",
                          "n_docs", "n_units", "n_sentences", "n_tokens", "ci_method", "note"]


def group_estimates(
    sentence_table: pd.DataFrame,
    cue_table: pd.DataFrame | None = None,
    *,
    by: str = "source_id",
    groups: Sequence[Any] | None = None,
    doc_col: str | None = None,
    unit: str | None = None,
    rng=0,
    n_resamples: int = DEFAULT_N_RESAMPLES,
    confidence_level: float = 0.95,
    method: str = "BCa",
    per: float = DEFAULT_PER,
    score_cols: Sequence[str] | None = None,
    count_cols: Sequence[str] | None = None,
    categorical_cols: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Per-group estimates with CIs for any number of groups: one row per (group, measure).

    Columns: ``<by>`` then :data:`GROUP_ESTIMATE_COLUMNS`. Families and default columns as in
    :func:`compare`: ``"rate"`` (per ``per`` tokens, sum over sum), ``"score"`` (mean over
    sentences) and ``"proportion"`` (share of sentences with a count > 0, or at a categorical
    level). The unit of resampling is chosen as in :func:`compare` (documents when every group
    holds >= 2, else paragraphs, else sentences; force it with ``unit=``). With documents or
    paragraphs every estimate is a ratio estimator (Cochran 1977, ch. 6) with a cluster-bootstrap
    CI (``scipy.stats.bootstrap`` on per-unit totals, BCa with percentile fallback); with
    sentences rates use :func:`rate_ci`, means :func:`mean_ci` and shares :func:`wilson_ci`.
    Groups in sorted order (or the order of ``groups``).
    """
    df, _, doc = _prepare(sentence_table, cue_table, by=by, doc_col=doc_col)
    labels = sorted(pd.unique(df[by].dropna()).tolist(), key=str) if groups is None else list(groups)
    missing = [g for g in labels if g not in set(df[by].dropna())]
    if missing:
        raise InputError(f"group(s) {missing} not found in column {by!r}")
    unit, unit_note = resolve_unit(df, by=by, doc_col=doc, groups=labels, unit=unit)
    df = df[df[by].isin(labels)]
    count_cols, score_cols, categorical_cols = _measure_columns(
        df, by=by, doc=doc, count_cols=count_cols, score_cols=score_cols, categorical_cols=categorical_cols)
    base = _base_seed(rng)
    kw = dict(n_resamples=n_resamples, confidence_level=confidence_level, method=method)
    rows: list[dict[str, Any]] = []
    for g in labels:
        G = _Group(df, g, by=by, doc=doc, unit=unit)
        common = {by: g, "unit": unit, "n_docs": G.n_docs, "n_tokens": G.tokens}

        def add(family, measure, est, lo, hi, etype, n_units, n_sent, ci_method, note):
            rows.append({**common, "family": family, "measure": measure, "estimate": est, "ci_low": lo,
                         "ci_high": hi, "estimate_type": etype, "n_units": n_units, "n_sentences": n_sent,
                         "ci_method": ci_method, "note": _join_notes([note, unit_note])})

        for col in count_cols:
            r = rate_ci(G.sums(G.df[col]), G.sums(G.df["n_tokens"]), per=per,
                        rng=_child_rng(base, f"group|rate|{g}|{col}"), unit=unit, **kw)
            add("rate", col, r["rate"], r["ci_low"], r["ci_high"], f"rate_per_{per:g}_tokens", G.n_units, G.n,
                r["ci_method"], r["note"])
        for col in score_cols:
            v = G.df[col].to_numpy(dtype=float)
            ok = ~np.isnan(v)
            srng = _child_rng(base, f"group|score|{g}|{col}")
            if unit == "sentence":
                r = mean_ci(v[ok], rng=srng, **{k: kw[k] for k in ("n_resamples", "confidence_level")})
                add("score", col, r["mean"], r["ci_low"], r["ci_high"], "mean", int(ok.sum()), int(ok.sum()),
                    r["ci_method"], "" if r["n"] >= 2 else "fewer than 2 sentences: CI undefined")
            else:
                num, den = G.sums(np.where(ok, v, 0.0)), G.sums(ok)
                num, den = num[den > 0], den[den > 0]
                est, lo, hi, cim, note = _ratio_ci(num, den, scale=1.0, rng=srng, unit=unit, **kw)
                add("score", col, est, lo, hi, "mean", den.size, int(ok.sum()), cim, note)

        def add_share(measure, pos, ok, note=""):
            srng = _child_rng(base, f"group|share|{g}|{measure}")
            if unit == "sentence":
                k, n = int((pos & ok).sum()), int(ok.sum())
                lo, hi = wilson_ci(k, n, confidence_level)
                add("proportion", measure, k / n if n else np.nan, lo, hi, "share_of_sentences", n, n, "wilson", note)
            else:
                num, den = G.sums(pos & ok), G.sums(ok)
                num, den = num[den > 0], den[den > 0]
                est, lo, hi, cim, n2 = _ratio_ci(num, den, scale=1.0, rng=srng, unit=unit, **kw)
                add("proportion", measure, est, lo, hi, "share_of_sentences", den.size, int(ok.sum()), cim,
                    _join_notes([note, n2]))

        ones = np.ones(G.n, bool)
        for col in count_cols:
            add_share(f"{col}>0", G.df[col].to_numpy() > 0, ones)
        for col in categorical_cols:
            ok = G.df[col].notna().to_numpy()
            note = f"{int((~ok).sum())} missing value(s) excluded" if (~ok).any() else ""
            for lev in sorted(pd.unique(df[col].dropna()).tolist(), key=str):
                add_share(f"{col}={lev}", (G.df[col] == lev).fillna(False).to_numpy(bool), ok, note)
    out = pd.DataFrame(rows, columns=[by] + GROUP_ESTIMATE_COLUMNS)
    out.attrs.update(by=by, doc_col=doc, unit=unit, unit_note=unit_note,
                     seed=rng if isinstance(rng, (int, np.integer)) else None, n_resamples=int(n_resamples),
                     confidence_level=float(confidence_level), method=method, per=per)
    return out


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
        "contrasts": attrs.get("contrasts"),
        "by": attrs.get("by"),
        "doc_col": attrs.get("doc_col"),
        "unit": attrs.get("unit"),
        "unit_note": attrs.get("unit_note"),
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


def child_seed(rng, key: str) -> int:
    """An int seed derived from ``rng`` (an int) and a ``key`` (e.g. a group name), so that adding a
    group to a figure or table changes no other group's resamples."""
    base = int(rng) if isinstance(rng, (int, np.integer)) else 0
    return int(np.random.SeedSequence([base, zlib.crc32(str(key).encode())]).generate_state(1)[0])


def metric_ci(metric: str, value: float, n: float, *, confidence_level: float = 0.95) -> tuple[float, float]:
    """CI of an agreement score where one follows from the value and ``n`` alone: Wilson for
    accuracy, Fisher z for a correlation (Fisher 1921); NaN otherwise (precision, recall, F1 need the
    resamples, see :mod:`discourse.evaluation`)."""
    if not (np.isfinite(value) and np.isfinite(n)) or n <= 3:
        return (np.nan, np.nan)
    if metric == "accuracy":
        return wilson_ci(round(value * n), n, confidence_level)
    if metric in ("pearson_r", "spearman_rho") and abs(value) < 1:
        z, se = np.arctanh(value), 1 / np.sqrt(n - 3)
        q = st.norm.ppf(0.5 + confidence_level / 2)
        return (float(np.tanh(z - q * se)), float(np.tanh(z + q * se)))
    return (np.nan, np.nan)

