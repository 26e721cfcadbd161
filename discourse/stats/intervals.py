"""Intervals of one group's estimate: a mean (bootstrap), a share (Wilson), a ratio of sums over units, an
agreement metric from its value and n; and the tidy tables figures draw (score summaries, shares).
"""

from __future__ import annotations

import warnings
from typing import Sequence

import numpy as np
import pandas as pd
import scipy.stats as st

from .resampling import DEFAULT_N_RESAMPLES, _bootstrap_ci, _join_notes, child_seed
from .units import require_columns


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


#: Columns of :func:`label_shares` after its ``by`` columns.
LABEL_SHARE_COLUMNS = ("measure", "level", "count", "n", "share", "ci_low", "ci_high")


def _labels_of(value, sep: str | None) -> list[str]:
    """The labels one cell holds: a list/tuple/set, a ``sep``-joined string, or one label; missing -> []."""
    if isinstance(value, (list, tuple, set)):
        return list(dict.fromkeys(str(x) for x in value if str(x)))
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return []
    parts = str(value).split(sep) if sep else [str(value)]
    return list(dict.fromkeys(p.strip() for p in parts if p.strip()))


def label_shares(table: pd.DataFrame, column: str, *, by: str | Sequence[str] = "source_id",
                 levels: Sequence[str] | None = None, sep: str | None = "|",
                 confidence_level: float = 0.95) -> pd.DataFrame:
    """Share of a group's rows whose ``column`` carries each label, with a Wilson score CI.

    ``column`` holds one label per row or several (a list, or a ``sep``-joined string such as the
    sentence table's ``frames``, ``"a|b"``); a row counts once per label it carries. ``levels``: labels
    always reported, in this order, even when no row carries them (count 0); the other labels found
    follow by pooled count, most frequent first (ties by name). Groups in order of appearance, rows
    with a missing group value left out. Columns: the ``by`` columns, then :data:`LABEL_SHARE_COLUMNS`
    (``measure`` = ``column``, ``count`` = rows carrying the label, ``n`` = rows of the group, ``share``
    and the bounds as proportions in [0, 1]; Wilson 1927, Newcombe 1998). Each row is an independent
    trial (a sentence): with several documents per group use :func:`group_estimates`. This is the
    statistic behind the share figures (fig05), which only draw it.
    """
    by = [by] if isinstance(by, str) else list(by)
    require_columns(table, [*by, column], what="label_shares: the table",
                    fix="pass a sentence table (discourse.sentence_table / analyze_all(...).sentences)")
    labels = [_labels_of(v, sep) for v in table[column]]
    pooled = pd.Series([lab for labs in labels for lab in labs], dtype=object).value_counts()
    listed = [str(x) for x in dict.fromkeys(levels or ())]
    found = sorted((lab for lab in pooled.index if lab not in listed), key=lambda lab: (-pooled[lab], str(lab)))
    order = listed + found
    rows = []
    for key, idx in table.groupby(by, sort=False, dropna=True).indices.items():
        key = key if isinstance(key, tuple) else (key,)
        sub = [labels[i] for i in idx]
        n = len(sub)
        for lab in order:
            k = sum(1 for labs in sub if lab in labs)
            lo, hi = wilson_ci(k, n, confidence_level)
            rows.append({**dict(zip(by, key)), "measure": column, "level": lab, "count": k, "n": n,
                         "share": k / n if n else np.nan, "ci_low": lo, "ci_high": hi})
    return pd.DataFrame(rows, columns=[*by, *LABEL_SHARE_COLUMNS])


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


#: Columns of :func:`score_summary`, after the group columns.
SCORE_SUMMARY_COLUMNS = ["measure", "mean", "ci_low", "ci_high", "n", "ci_method"]


def score_summary(sentences: pd.DataFrame, *, by: str | Sequence[str] = "source_id", score: str = "sentiment",
                  rng=0, n_resamples: int = DEFAULT_N_RESAMPLES, confidence_level: float = 0.95) -> pd.DataFrame:
    """Mean of ``score`` per group with its sentence-bootstrap CI (:func:`mean_ci`), one row per group.

    ``by``: one column or several (e.g. ``["source_id", "voice"]``); groups in order of appearance,
    rows with a missing group value left out. Columns: the ``by`` columns, then
    :data:`SCORE_SUMMARY_COLUMNS` (``measure`` = ``score``; ``n`` = finite scores). Each group resamples
    its own stream, ``child_seed(rng, key)`` with ``key`` the group's values joined by ``"|"``, so adding
    a group changes no other group's interval. This is the statistic behind the score figures (fig02,
    fig05), which only draw it.
    """
    by = [by] if isinstance(by, str) else list(by)
    require_columns(sentences, [*by, score], what="score_summary: the sentence table",
                    fix="pass a sentence table (discourse.sentence_table / analyze_all(...).sentences)")
    rows = []
    for key, sub in sentences.groupby(by, sort=False, dropna=True):
        key = key if isinstance(key, tuple) else (key,)
        x = sub[score].astype(float).dropna().to_numpy()
        m = mean_ci(x, rng=child_seed(rng, "|".join(str(k) for k in key)), n_resamples=n_resamples,
                    confidence_level=confidence_level)
        rows.append({**dict(zip(by, key)), "measure": score, **{c: m[c] for c in SCORE_SUMMARY_COLUMNS[1:]}})
    return pd.DataFrame(rows, columns=[*by, *SCORE_SUMMARY_COLUMNS])


def with_metric_ci(scores: pd.DataFrame, *, confidence_level: float = 0.95) -> pd.DataFrame:
    """A validation scores table (``metric, value, n``) whose missing CIs are filled by :func:`metric_ci`.

    Rows whose ``ci_low``/``ci_high`` are both finite keep them (the evaluation's bootstrap); the
    others get the interval that follows from the value and ``n`` alone (Wilson for accuracy, Fisher z
    for correlations; NaN for precision, recall and F1). The columns are added if absent. Returns a copy.
    """
    require_columns(scores, ["metric", "value", "n"], what="with_metric_ci: the validation scores table",
                    fix="pass data/processed/validation_scores.csv or discourse.evaluation's scores")
    out = scores.copy()
    for c in ("ci_low", "ci_high"):
        if c not in out.columns:
            out[c] = np.nan
    lo, hi = out["ci_low"].to_numpy(float).copy(), out["ci_high"].to_numpy(float).copy()
    have = np.isfinite(lo) & np.isfinite(hi)
    for i in np.flatnonzero(~have):
        lo[i], hi[i] = metric_ci(str(out["metric"].iloc[i]), float(out["value"].iloc[i]), float(out["n"].iloc[i]),
                                 confidence_level=confidence_level)
    out["ci_low"], out["ci_high"] = lo, hi
    return out
