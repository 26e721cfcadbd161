"""Two samples of sentence scores: effect sizes (Cliff's delta, Hedges' g), the permutation test of a mean
difference, and :func:`compare_scores` with bootstrap CIs.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import scipy.stats as st
from scipy.special import gammaln

from .resampling import DEFAULT_N_RESAMPLES, _bootstrap_ci, _join_notes, _permutation_p


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
