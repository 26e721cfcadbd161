"""Notebook 08 (the answer): prospect statements by voice and commitment."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from .. import style
from ..errors import InputError
from .common import _groups, _legend_on_top, _points_with_ci, _require, figure, use_style

#: stance colours (Tol "vibrant" red / blue, greys: not the group colours)
STANCE_COLORS = {"pessimistic": "#CC3311", "optimistic": "#0077BB", "mixed": "#888888", "neutral": "#BBBBBB"}
#: commitment markers: entertain hollow circle, deny cross, proclaim square, bare assertion dot
COMMITMENT_MARKERS = {"entertain": ("o", "none"), "deny": ("X", None), "proclaim": ("s", None), "bare": ("o", None)}


@figure(
    "fig08_prospects_voice_commitment",
    notebook="08_answer",
    caption="Who states the prospects for diplomacy, with what commitment. Left panels: every prospect "
    "statement of each text as one mark, in the row of who states it (the writer, or the type of source it is "
    "credited to); colour = stance, shape = commitment (Engagement: entertain = held open, deny = ruled out, "
    "proclaim = asserted emphatically, bare = asserted without a cue). Right: share of each text's prospect "
    "statements in the writer's own voice, 95% paragraph-bootstrap CI (BCa) describing these texts, not a "
    "population of texts.",
)
def fig08_prospects_voice_commitment(statements: pd.DataFrame, shares: pd.DataFrame, *, by: str = "source_id",
                                     who: Sequence[str] = ("writer", "named", "anonymous", "institutional",
                                                           "unknown"),
                                     labels: Mapping | None = None, palette: Mapping | None = None,
                                     order: Sequence | None = None) -> plt.Figure:
    """Unit chart of prospect statements (``statements``: :func:`discourse.tables.prospect_statements`)
    by who states them, stance and commitment, beside the writer's share with its CI (``shares``: rows of
    :func:`discourse.stats.group_estimates` whose ``measure`` is ``"who=writer"``, with the group column
    ``by``, ``estimate``, ``ci_low``, ``ci_high``). ``by``: the column naming each text or group."""
    fid = "fig08_prospects_voice_commitment"
    _require(statements, [by, "who", "commitment", "prospect_stance"], fid, what="prospect-statement table")
    _require(shares, [by, "measure", "estimate", "ci_low", "ci_high"], fid, what="share table")
    if statements.empty:
        raise InputError(f"{fid}: the prospect-statement table is empty (no sentence is a prospect statement).")
    docs, pal = _groups(statements, by, order=order, palette=palette)
    rows = [w for w in who if (statements["who"].astype(str) == w).any()]
    width = max(int(statements.groupby([by, "who"], observed=True).size().max()), 1)
    use_style()
    fig, axes = plt.subplots(1, len(docs) + 1, figsize=(style.DOUBLE, 0.75 + 0.34 * len(rows)), sharey=True,
                             gridspec_kw={"width_ratios": [1] * len(docs) + [0.8]})
    for ax, doc in zip(axes, docs):
        d = statements[statements[by] == doc]
        for y, w in enumerate(rows):
            cell = d[d["who"].astype(str) == w].sort_values(["commitment", "prospect_stance"], kind="stable")
            for x, r in enumerate(cell.itertuples()):
                marker, face = COMMITMENT_MARKERS.get(r.commitment, ("o", None))
                color = STANCE_COLORS.get(r.prospect_stance, "#BBBBBB")
                ax.scatter([x + 1], [y], s=22, marker=marker, facecolors=face or color, edgecolors=color,
                           linewidths=0.9, zorder=3)
        ax.set_xlim(0.3, width + 0.7)
        ax.set_xlabel("prospect statements")
        ax.set_title(f"{style.label(doc, labels)} (n = {len(d)})", loc="left", color=pal[doc])
        ax.grid(axis="y", lw=0.3, color="#DDDDDD", zorder=0)
        ax.tick_params(axis="y", length=0)
    axes[0].set_yticks(range(len(rows)), rows)
    axes[0].set_ylim(len(rows) - 0.5, -0.5)
    ax = axes[-1]
    sh = shares[shares["measure"] == "who=writer"].set_index(by)
    for k, doc in enumerate(docs):
        if doc in sh.index:
            r = sh.loc[doc]
            _points_with_ci(ax, -0.15 + 0.3 * k, float(r["estimate"]) * 100, float(r["ci_low"]) * 100,
                            float(r["ci_high"]) * 100, color=pal[doc], horizontal=True, size=5)
    ax.set_xlim(0, 100)
    ax.set_xlabel("writer's own voice (% of statements)")
    ax.set_title("Writer's share", loc="left")
    handles = ([Line2D([], [], ls="", marker="o", color=c, label=s) for s, c in STANCE_COLORS.items()
                if (statements["prospect_stance"] == s).any()]
               + [Line2D([], [], ls="", marker=m, markerfacecolor=f or "#444444", markeredgecolor="#444444",
                         color="#444444", label=c) for c, (m, f) in COMMITMENT_MARKERS.items()])
    _legend_on_top(fig, handles, ncol=len(handles))
    return fig
