"""Notebook 06 (comparison): keyness and the forest of effects."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from .. import style
from ..errors import InputError
from .common import Z95, _legend_on_top, _points_with_ci, _pretty, _require, figure, use_style


@figure(
    "fig06_keyness",
    notebook="06_comparison",
    caption="Key terms of each source against the other: log-odds ratio with an informative Dirichlet "
    "prior (Monroe, Colaresi & Quinn 2008) and its 95% CI, terms ranked by z; filled points: |z| >= "
    "1.96. Numbers: count in this source vs the other.",
)
def fig06_keyness(keyness: pd.DataFrame, groups: Sequence, *, top: int = 10, min_count: int = 1,
                  labels: Mapping | None = None, palette: Mapping | None = None) -> plt.Figure:
    """Top ``top`` terms per side of a :func:`discourse.stats.keyness` table (a = ``groups[0]``).

    ``groups``: the two compared groups ``(a, b)`` in the order the table was computed
    (``count_a`` belongs to ``a``).

    Terms come from the index (or a ``term`` column); those with fewer than ``min_count``
    occurrences in total are left out.
    """
    fid = "fig06_keyness"
    _require(keyness, ["count_a", "count_b", "log_odds", "log_odds_var", "z"], fid, what="keyness table")
    if len(groups) != 2:
        raise InputError(f"{fid}: groups must name the two compared sources (a, b), got {groups!r}.")
    k = keyness.copy()
    if "term" in k.columns:
        k = k.set_index("term")
    k = k[(k["count_a"] + k["count_b"]) >= min_count]
    k = k[np.isfinite(k["z"].astype(float))]
    ga, gb = groups
    sides = [(ga, k[k["z"] > 0].sort_values("z", ascending=False, kind="stable").head(top), 1.0, "count_a", "count_b"),
             (gb, k[k["z"] < 0].sort_values("z", ascending=True, kind="stable").head(top), -1.0, "count_b", "count_a")]
    if all(t.empty for _, t, *_ in sides):
        raise InputError(f"{fid}: no term leans towards either source (every z is 0 or the table is empty).")
    use_style()
    pal = style.palette([ga, gb], palette)
    nrow = max(len(t) for _, t, *_ in sides)
    fig, axes = plt.subplots(1, 2, figsize=(style.DOUBLE, 0.8 + 0.17 * max(nrow, 3)))
    xmax = 0.0
    for _, t, sign, *_ in sides:
        if len(t):
            se = np.sqrt(t["log_odds_var"].astype(float))
            xmax = max(xmax, float(np.nanmax(sign * t["log_odds"] + Z95 * se)))
    for ax, (g, t, sign, own, other) in zip(axes, sides):
        for i, (_term, r) in enumerate(t.iterrows()):
            est = sign * float(r["log_odds"])
            se = float(np.sqrt(r["log_odds_var"]))
            _points_with_ci(ax, i, est, est - Z95 * se, est + Z95 * se, color=pal[g], horizontal=True,
                            filled=abs(float(r["z"])) >= Z95, size=3.4)
            ax.text(est + Z95 * se + xmax * 0.02, i, f"{int(r[own])} vs {int(r[other])}", va="center",
                    fontsize=5, color="0.3")
        ax.set_yticks(range(len(t)), [str(x) for x in t.index])
        ax.set_ylim(max(len(t), 1) - 0.5, -0.5)
        ax.axvline(0, color="0.6", lw=0.5, ls=(0, (2, 2)), zorder=0)
        lo = min(0.0, float(np.nanmin([sign * r["log_odds"] - Z95 * np.sqrt(r["log_odds_var"])
                                       for _, r in t.iterrows()])) if len(t) else 0.0)
        ax.set_xlim(lo - 0.05 * (xmax or 1), (xmax or 1) * 1.25)
        ax.tick_params(axis="y", length=0)
        ax.set_title(f"More typical of {style.label(g, labels)}", loc="left", color=pal[g])
        ax.set_xlabel("log-odds ratio (95% CI)")
        if t.empty:
            ax.text(0.5, 0.5, "no term", transform=ax.transAxes, ha="center", va="center", color="0.4")
    fig.tight_layout()
    return fig


_FOREST_COLUMNS = {  # family -> (estimate, ci low, ci high, axis label)
    "rate": ("effect_size", "es_ci_low", "es_ci_high", "log2 rate ratio"),
    "score": ("effect_size", "es_ci_low", "es_ci_high", "Hedges' g"),
    "proportion": ("effect", "ci_low", "ci_high", "risk difference (share of sentences)"),
    "keyness": ("effect_size", "es_ci_low", "es_ci_high", "log-odds ratio (Monroe et al. 2008)"),
}
_FAMILY_TITLES = {"rate": "Rates per 1,000 tokens", "score": "Sentence scores",
                  "proportion": "Shares of sentences", "keyness": "Cue lemmas (keyness)"}


def _measure_label(family: str, measure: str) -> str:
    m = str(measure)
    if family == "keyness" and ":" in m:
        kind, term = m.split(":", 1)
        return f"{kind} \u201c{term}\u201d"
    if family == "proportion" and m.endswith(">0"):
        base = m[:-2]
        base = base[2:] if base.startswith("n_") else base
        return "with " + _pretty(base.replace("_", " · ", 1))
    if family == "proportion" and "=" in m:
        col, lev = m.split("=", 1)
        return f"{_pretty(col)}: {lev}"
    if m.startswith("n_"):
        m = m[2:].replace("_", " · ", 1)
    return _pretty(m)


@figure(
    "fig06_effect_forest",
    notebook="06_comparison",
    caption="Differences between the sources (first group vs second; right of 0 = more in the first), "
    "one panel per family of measures, each on its own effect scale with its 95% CI: log2 rate ratio "
    "(sentence bootstrap), Hedges' g (bootstrap), risk difference (Newcombe-Wilson), keyness log-odds "
    "(normal approximation). Filled: p < 0.05 after Benjamini-Hochberg adjustment within the family. "
    "Arrows: an interval unbounded on that side (a rate of 0 in some resamples). Measures with fewer "
    "than 3 events in both sources together, or an undefined effect, are omitted.",
)
def fig06_effect_forest(comparison: pd.DataFrame, *, families=("rate", "score", "proportion", "keyness"),
                        alpha: float = 0.05, min_events: int = 3, top_keyness: int = 10,
                        per: float = 1000, labels: Mapping | None = None,
                        palette: Mapping | None = None) -> plt.Figure:
    """Forest plot of a :func:`discourse.stats.compare` table, grouped by family.

    Rows with fewer than ``min_events`` events (cues for rates and keyness, sentences for
    proportions) in both groups together, or a non-finite effect, are left out; keyness keeps
    the ``top_keyness`` terms with the smallest p.
    """
    fid = "fig06_effect_forest"
    need = ["family", "measure", "group_a", "group_b", "n_a", "n_b", "tokens_a", "tokens_b", "estimate_a",
            "estimate_b", "effect", "ci_low", "ci_high", "effect_size", "es_ci_low", "es_ci_high", "p", "p_adj"]
    _require(comparison, need, fid, what="comparison table")
    c = comparison
    ga, gb = str(c["group_a"].iloc[0]), str(c["group_b"].iloc[0])
    panels = []
    for fam in families:
        if fam not in _FOREST_COLUMNS:
            raise InputError(f"{fid}: unknown family {fam!r}; known: {list(_FOREST_COLUMNS)}.")
        d = c[c["family"] == fam].copy()
        if d.empty:
            continue
        est, lo, hi, xlabel = _FOREST_COLUMNS[fam]
        if fam in ("rate", "keyness"):
            ev = (d["estimate_a"].astype(float) * d["tokens_a"].astype(float)
                  + d["estimate_b"].astype(float) * d["tokens_b"].astype(float)) / per
        elif fam == "proportion":
            ev = d["estimate_a"].astype(float) * d["n_a"].astype(float) + d["estimate_b"].astype(float) * d["n_b"].astype(float)
        else:
            ev = pd.Series(np.inf, index=d.index)
        before = len(d)
        d = d[(ev.round(6) >= min_events) & np.isfinite(d[est].astype(float))]
        if fam == "keyness":
            d = d.sort_values(["p", "measure"], kind="stable").head(top_keyness)
        else:
            d = d.sort_values("measure", kind="stable")
        if d.empty:
            continue
        panels.append((fam, d, est, lo, hi, xlabel, before - len(d)))
    if not panels:
        raise InputError(f"{fid}: no row of families {list(families)} has a finite effect with >= {min_events} "
                         "events; nothing to draw.")
    use_style()
    pal = style.palette([ga, gb], palette)
    heights = [len(p[1]) + 2.2 for p in panels]
    fig, axes = plt.subplots(len(panels), 1, figsize=(style.SINGLE + 0.6, 0.35 + 0.125 * sum(heights)),
                             gridspec_kw={"height_ratios": heights}, squeeze=False)
    for ax, (fam, d, est, lo, hi, xlabel, dropped) in zip(axes[:, 0], panels):
        vals = np.r_[d[est].astype(float), d[lo].astype(float), d[hi].astype(float)]
        vals = vals[np.isfinite(vals)]
        span = max(abs(vals.min()), abs(vals.max()), 1e-6) * 1.08
        for i, (_, r) in enumerate(d.iterrows()):
            e, l, h = float(r[est]), float(r[lo]), float(r[hi])
            # an infinite CI end (a zero count in a bootstrap resample) runs to the edge, with an arrow
            open_lo, open_hi = l == -np.inf, h == np.inf
            l = -span if open_lo else l
            h = span if open_hi else h
            excl = np.isfinite(l) and np.isfinite(h) and ((l > 0 and not open_lo) or (h < 0 and not open_hi))
            color = (pal[ga] if e > 0 else pal[gb]) if excl else "0.45"
            sig = bool(np.isfinite(r["p_adj"]) and r["p_adj"] < alpha)
            _points_with_ci(ax, i, e, l, h, color=color, horizontal=True, filled=sig, size=3.2)
            for flag, x, m in ((open_lo, -span, "<"), (open_hi, span, ">")):
                if flag:
                    ax.plot(x, i, marker=m, color=color, markersize=3, clip_on=False, zorder=3)
        ax.axvline(0, color="0.5", lw=0.6, zorder=0)
        ax.set_yticks(range(len(d)), [_measure_label(fam, m) for m in d["measure"]])
        ax.set_ylim(len(d) - 0.5, -0.7)
        ax.tick_params(axis="y", length=0, labelsize=5.8)
        ax.set_xlabel(xlabel, fontsize=6.5, labelpad=1)
        title = _FAMILY_TITLES.get(fam, fam) + (f"  ({dropped} omitted)" if dropped else "")
        ax.set_title(title, loc="left", fontsize=7)
        ax.set_xlim(-span, span)
        ax.grid(axis="x", color="0.93", lw=0.5)
        ax.set_axisbelow(True)
    handles = [Line2D([], [], color=pal[ga], marker="o", ls="-", ms=3.5, label=f"more in {style.label(ga, labels)}"),
               Line2D([], [], color=pal[gb], marker="o", ls="-", ms=3.5, label=f"more in {style.label(gb, labels)}"),
               Line2D([], [], color="0.45", marker="o", ls="-", ms=3.5, label="CI includes 0"),
               Line2D([], [], color="0.45", marker="o", ls="none", ms=3.5, markerfacecolor="white",
                      label=f"open: p_adj \u2265 {alpha:g}")]
    _legend_on_top(fig, handles, ncol=2, fontsize=5.8, h_pad=0.6)
    return fig
