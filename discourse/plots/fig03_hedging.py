"""Notebook 03 (hedging): hedge and booster rates with their CIs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import style
from ..errors import InputError
from .common import (
    _groups,
    _legend_on_top,
    _offsets,
    _points_with_ci,
    _pretty,
    _require,
    _source_handles,
    figure,
    use_style,
)


def _rate_rows(rates: pd.DataFrame, kind: str, *, min_count: float) -> list[tuple[str, str]]:
    """(measure, label) rows of one kind: the total first, then its categories by pooled rate."""
    ms = set(rates["measure"])
    rows = [(f"n_{kind}", f"all {kind}s")] if f"n_{kind}" in ms else []
    cats = [m for m in ms if m.startswith(f"n_{kind}_")]
    pooled = rates[rates["measure"].isin(cats)].groupby("measure").agg(count=("count", "sum"), rate=("rate", "mean"))
    pooled = pooled[pooled["count"] >= min_count].sort_values(["rate", "count"], ascending=False, kind="stable")
    rows += [(m, _pretty(m[len(f"n_{kind}_"):])) for m in pooled.index]
    return rows


def _rate_panel(ax, rates: pd.DataFrame, rows: list[tuple[str, str]], sources: list[str], pal: dict, *,
                by: str = "source_id") -> None:
    """Horizontal rate (per 1,000 tokens) with CI per row and source, counts written beside."""
    off = _offsets(len(sources), 0.7)
    xmax = np.nanmax(np.r_[rates["ci_high"].to_numpy(dtype=float), rates["rate"].to_numpy(dtype=float), 1e-9])
    for i, (m, _) in enumerate(rows):
        for k, s in enumerate(sources):
            r = rates[(rates["measure"] == m) & (rates[by] == s)]
            if r.empty:
                continue
            r = r.iloc[0]
            y = i + off[k]
            _points_with_ci(ax, y, r["rate"], r["ci_low"], r["ci_high"], color=pal[s], horizontal=True, size=3.4)
            right = np.nanmax([r["rate"], r["ci_high"]])
            ax.text(right + xmax * 0.02, y, f"{int(r['count'])}", va="center", fontsize=5, color="0.3")
    ax.set_yticks(range(len(rows)), [lab for _, lab in rows])
    for t, (m, _) in zip(ax.get_yticklabels(), rows):
        if m.count("_") == 1:  # the total
            t.set_fontweight("bold")
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(0, xmax * 1.15)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="0.92", lw=0.5)
    ax.set_axisbelow(True)


@figure(
    "fig03_hedge_booster_rates",
    notebook="03_hedging",
    caption="Hedges and boosters per 1,000 word tokens by source: all cues (bold) and each lexicon "
    "category, with 95% sentence-bootstrap CIs (BCa; percentile where BCa is undefined; a rate of 0 "
    "has the degenerate CI [0, 0]). Numbers: cue counts.",
)
def fig03_hedge_booster_rates(rates: pd.DataFrame, *, kinds=("hedge", "booster"), min_count: int = 0,
                              by: str = "source_id", labels: Mapping | None = None,
                              palette: Mapping | None = None, order: Sequence | None = None) -> plt.Figure:
    """Rates with CIs from :func:`discourse.stats.rates` for ``n_<kind>`` and ``n_<kind>_<category>``.

    Categories whose pooled count is below ``min_count`` are left out.
    """
    fid = "fig03_hedge_booster_rates"
    _require(rates, [by, "measure", "count", "rate", "ci_low", "ci_high"], fid, what="rates table")
    panels = [(k, _rate_rows(rates, k, min_count=min_count)) for k in kinds]
    panels = [(k, r) for k, r in panels if r]
    if not panels:
        raise InputError(f"{fid}: the rates table has no measure n_<kind> or n_<kind>_<category> for kinds "
                         f"{list(kinds)}; its measures are {sorted(set(rates['measure']))[:20]}.")
    use_style()
    sources, pal = _groups(rates, by, order=order, palette=palette)
    nmax = max(len(r) for _, r in panels)
    fig, axes = plt.subplots(1, len(panels), figsize=(style.DOUBLE if len(panels) > 1 else style.SINGLE,
                                                      0.75 + nmax * (0.16 + 0.07 * len(sources))), squeeze=False)
    for ax, (kind, rows) in zip(axes[0], panels):
        _rate_panel(ax, rates, rows, sources, pal, by=by)
        ax.set_title(f"{kind.capitalize()}s", loc="left")
        ax.set_xlabel("per 1,000 word tokens (95% CI)")
    _legend_on_top(fig, _source_handles(sources, pal, labels))
    return fig
