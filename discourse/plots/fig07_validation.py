"""Notebook 07 (validation): agreement with human annotation."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from .. import style
from ..errors import InputError
from .common import _METHOD_COLORS, _legend_on_top, _offsets, _ordered, _pretty, _require, figure, use_style

#: default metric(s) shown per validation task
VALIDATION_METRICS = {"hedge": ("precision", "recall", "f1"), "modal": ("accuracy",),
                      "sentiment": ("pearson_r", "spearman_rho", "f1_macro")}
_METRIC_LABELS = {"f1": "F1", "f1_macro": "macro F1", "pearson_r": "Pearson r", "spearman_rho": "Spearman \u03c1",
                  "accuracy": "accuracy", "precision": "precision", "recall": "recall"}


@figure(
    "fig07_validation_scores",
    notebook="07_validation",
    caption="Agreement with human annotation per task and annotated file: the package's own methods "
    "(filled: the detectors, and the default 'static' sentiment score, in-sample and held out) beside the "
    "baselines (open). 95% CIs from the validation table's bootstrap (1,000 resamples of the file's items) "
    "where it has them, else from n alone (Wilson for accuracy, Fisher z for correlations). Dotted line: "
    "the published reference where one is given (CoNLL-2010 best Wikipedia sentence F1 = 0.60).",
)
def fig07_validation_scores(scores: pd.DataFrame, *, metrics: dict | None = None,
                            ours=("discourse", "static", "static_held_out"),
                            references: dict | None = None) -> plt.Figure:
    """Validation scores (``task, file, method, metric, value, n``; ``subset`` == "all" if present).

    ``metrics``: task -> metric names to show (default :data:`VALIDATION_METRICS`, falling back to
    every metric present). ``ours``: methods drawn as the package's own (filled, dark; default the
    detectors, ``"discourse"``, and the default sentiment score, ``"static"``, with its held-out
    scores). CIs: the table's ``ci_low``/``ci_high`` (NaN: none drawn); pass
    ``stats.with_metric_ci(scores)`` to fill those that follow from the value and ``n`` alone.
    ``references``: (task, file, metric) -> published value drawn as a dotted line (default: the
    CoNLL-2010 best sentence-level F1 on Wikipedia, 0.60, for ``szeged_wiki.tsv``).
    """
    fid = "fig07_validation_scores"
    _require(scores, ["task", "file", "method", "metric", "value", "n", "ci_low", "ci_high"], fid,
             what="validation scores table")
    d = scores
    if "subset" in d.columns:
        d = d[d["subset"].fillna("all").astype(str) == "all"]
    metrics = {**VALIDATION_METRICS, **(metrics or {})}
    references = {("hedge", "szeged_wiki.tsv", "f1"): 0.60} if references is None else references
    refs_drawn = False
    tasks = _ordered(d["task"], ("hedge", "modal", "sentiment"))
    panels = []
    for t in tasks:
        dt = d[d["task"] == t]
        want = [m for m in metrics.get(t, ()) if m in set(dt["metric"])] or _ordered(dt["metric"])
        dt = dt[dt["metric"].isin(want)]
        rows = [(f, m) for f in _ordered(dt["file"]) for m in want if ((dt["file"] == f) & (dt["metric"] == m)).any()]
        if rows:
            panels.append((t, dt, rows))
    if not panels:
        raise InputError(f"{fid}: no scores to draw (after keeping subset == 'all').")
    methods = _ordered(d["method"], tuple(ours))
    own = [m for m in methods if m in ours]
    colors = dict(zip(own, ["#222222", "#777777", "#555555"] * 3))
    rest = iter(_METHOD_COLORS[1:])
    for m in methods:
        colors.setdefault(m, next(rest, "#BBBBBB"))
    markers = dict(zip([m for m in methods if m not in own], "sD^vP<>X"))
    use_style()
    heights = [len(r) + 1.6 for _, _, r in panels]
    fig, axes = plt.subplots(len(panels), 1, figsize=(style.SINGLE + 0.5, 0.5 + 0.16 * sum(heights)),
                             gridspec_kw={"height_ratios": heights}, squeeze=False, sharex=True)
    vmin = min(0.0, float(d["value"].min()))
    for ax, (t, dt, rows) in zip(axes[:, 0], panels):
        meths = [m for m in methods if m in set(dt["method"])]
        off = _offsets(len(meths), 0.6)
        for i, (f, met) in enumerate(rows):
            for k, m in enumerate(meths):
                r = dt[(dt["file"] == f) & (dt["metric"] == met) & (dt["method"] == m)]
                if r.empty:
                    continue
                v = float(r["value"].iloc[0])
                lo, hi = float(r["ci_low"].iloc[0]), float(r["ci_high"].iloc[0])
                y = i + off[k]
                if np.isfinite(lo):
                    ax.plot([lo, hi], [y, y], color=colors[m], lw=1.0)
                ax.plot(v, y, marker="o" if m in own else markers.get(m, "s"), color=colors[m], ls="none",
                        markersize=3.6 if m in own else 3.0, markerfacecolor=colors[m] if m in own else "white",
                        markeredgewidth=0.9)
            ref = references.get((t, f, met))
            if ref is not None:
                ax.plot([ref, ref], [i - 0.42, i + 0.42], color="0.3", lw=0.8, ls=(0, (1, 1)), zorder=0)
                refs_drawn = True
        labels = [f"{Path(f).stem.replace('_', ' ')} \u00b7 {_METRIC_LABELS.get(m, m)}" for f, m in rows]
        ax.set_yticks(range(len(rows)), labels)
        ax.set_ylim(len(rows) - 0.5, -0.6)
        ax.tick_params(axis="y", length=0, labelsize=5.8)
        ns = sorted({int(x) for x in dt.drop_duplicates("file")["n"]})
        nstr = f"{ns[0]:,}" if len(ns) == 1 else f"{ns[0]:,} to {ns[-1]:,}"
        ax.set_title(f"{t.capitalize()} \u00b7 n = {nstr} items per file", loc="left", fontsize=7)
        ax.grid(axis="x", color="0.92", lw=0.5)
        ax.set_axisbelow(True)
        ax.set_xlim(vmin - 0.02, 1.02)
    axes[-1, 0].set_xlabel("score")
    handles = [Line2D([], [], color=colors[m], marker="o" if m in own else markers.get(m, "s"), ls="none", ms=3.6,
                      markerfacecolor=colors[m] if m in own else "white", label=_pretty(m)) for m in methods]
    if refs_drawn:
        handles.append(Line2D([], [], color="0.3", lw=0.8, ls=(0, (1, 1)), label="published reference"))
    _legend_on_top(fig, handles, ncol=min(len(handles), 4), fontsize=5.8, h_pad=0.5)
    return fig
