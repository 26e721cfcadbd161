"""The difference of two proportions: Newcombe-Wilson interval, Fisher exact test, odds ratios.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import scipy.stats as st
from scipy.stats.contingency import odds_ratio as _scipy_odds_ratio

from .resampling import _join_notes


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
