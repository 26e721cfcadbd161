"""Multiple testing and reading a table of contrasts: Benjamini-Hochberg, named families corrected on their
own, and where an interval and a permutation p disagree.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
import scipy.stats as st

from ..errors import InputError
from .units import require_columns

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
