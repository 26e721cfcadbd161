"""Sentence scores whose sentences come in clusters (documents, paragraphs): cluster bootstrap and
permutation of cluster labels, vectorized through cluster multiplicities.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
import scipy.stats as st
from scipy.special import gammaln

from .resampling import DEFAULT_N_RESAMPLES, _bootstrap_ci, _join_notes, _permutation_p
from .scores import _cliffs_delta_vec, _hedges_g_vec

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
