"""Keyness of terms between two corpora: Monroe et al. log-odds with an informative Dirichlet prior,
Dunning's G^2 and Hardie's log ratio.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.stats as st
from scipy.special import xlogy

from .resampling import _join_notes


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
