"""What every statistic here shares: default sizes, seeds (one independent child stream per measure), the
BCa bootstrap with its percentile fallback, the permutation test, and the notes helper.
"""

from __future__ import annotations

import warnings
import zlib
from typing import Iterable

import numpy as np
import pandas as pd
import scipy.stats as st

from .units import require_columns

DEFAULT_N_RESAMPLES = 9999
DEFAULT_PER = 1000


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


def _require_cols(df: pd.DataFrame, cols: Iterable[str], what: str = "sentence table") -> None:
    require_columns(df, cols, what=what)


def child_seed(rng, key: str) -> int:
    """An int seed derived from ``rng`` (an int) and a ``key`` (e.g. a group name), so that adding a
    group to a figure or table changes no other group's resamples."""
    base = int(rng) if isinstance(rng, (int, np.integer)) else 0
    return int(np.random.SeedSequence([base, zlib.crc32(str(key).encode())]).generate_state(1)[0])
