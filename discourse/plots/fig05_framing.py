"""Notebook 05 (framing): frame shares, actor agency, prospect statements."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import style
from ..errors import InputError
from ..measures.framing import SIDES
from ..measures.prospects import STANCES
from .common import (
    STANCE_DISPLAY_ORDER,
    VERB_CLASS_COLORS,
    VERB_CLASS_DISPLAY_ORDER,
    _groups,
    _legend_on_top,
    _offsets,
    _ordered,
    _points_with_ci,
    _pretty,
    _require,
    _score_panel,
    _source_handles,
    _summary_rows,
    figure,
    use_style,
)


def _share_rows(shares: pd.DataFrame, measure: str, fid: str, fix: str) -> pd.DataFrame:
    """``shares`` (a :func:`discourse.stats.label_shares` table of ``measure``), checked."""
    _require(shares, ["source_id", "measure", "level", "count", "n", "share", "ci_low", "ci_high"], fid,
             what="share table", allow_empty=True)
    other = sorted(set(map(str, shares["measure"])) - {measure})
    if other:
        raise InputError(f"{fid}: the share table is of {other}, not {measure!r}; pass {fix}.")
    return shares


def _share_panel(ax, rows: list[str], labels: list[str], table: pd.DataFrame, sources: list[str],
                 pal: dict) -> None:
    """Horizontal shares (%) with Wilson CIs from a :func:`discourse.stats.label_shares` table."""
    off = _offsets(len(sources), 0.66)
    cell = {(r.level, r.source_id): (r.count, r.n, r.share, r.ci_low, r.ci_high)
            for r in table.itertuples(index=False)}
    for i, row in enumerate(rows):
        for k, s in enumerate(sources):
            kk, nn, share, lo, hi = cell.get((row, s), (0, 0, np.nan, np.nan, np.nan))
            if not nn:
                continue
            _points_with_ci(ax, i + off[k], 100 * share, 100 * lo, 100 * hi, color=pal[s], horizontal=True,
                            size=3.4)
            ax.text(100 * hi + 1.5, i + off[k], f"{kk}/{nn}", va="center", fontsize=5, color="0.3")
    ax.set_yticks(range(len(rows)), labels)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="0.92", lw=0.5)
    ax.set_axisbelow(True)


def _missing_levels(shares: pd.DataFrame, wanted: Sequence[str], fid: str, fix: str) -> None:
    missing = [x for x in wanted if x not in set(shares["level"])]
    if missing:
        raise InputError(f"{fid}: the share table has no row for level(s) {missing}; pass {fix}.")


@figure(
    "fig05_frame_profile",
    notebook="05_framing",
    caption="Share of body sentences carrying each frame, per source, with 95% Wilson CIs; numbers: "
    "sentences with the frame / body sentences. A sentence can carry several frames.",
)
def fig05_frame_profile(shares: pd.DataFrame, *, frames=None, labels: Mapping | None = None,
                        palette: Mapping | None = None, order: Sequence | None = None) -> plt.Figure:
    """Per frame and source: share of sentences whose ``frames`` include it, with its Wilson CI.

    ``shares``: ``stats.label_shares(sentences, "frames")``. ``frames``: the frames to show, in order
    (default: every frame of the table, in its order: by pooled share); each must be in the table
    (``label_shares(..., levels=frames)`` reports frames no sentence carries).
    """
    fid = "fig05_frame_profile"
    fix = 'stats.label_shares(sentences, "frames")'
    shares = _share_rows(shares, "frames", fid, fix)
    if shares.empty:
        raise InputError(f"{fid}: no sentence carries a frame (the share table has no rows); pass {fix} "
                         "over sentences whose column 'frames' is not empty everywhere.")
    sources, pal = _groups(shares, order=order, palette=palette)
    frames = list(dict.fromkeys(shares["level"])) if frames is None else list(frames)
    if not frames:
        raise InputError(f"{fid}: no frame to show (frames=[]).")
    _missing_levels(shares, frames, fid, f'stats.label_shares(sentences, "frames", levels={frames!r})')
    shown = shares[shares["level"].isin(frames)]
    use_style()
    fig, ax = plt.subplots(figsize=(style.SINGLE, 0.8 + len(frames) * (0.14 + 0.08 * len(sources))))
    _share_panel(ax, frames, [_pretty(f) for f in frames], shown, sources, pal)
    hi = max(shown.loc[shown["n"] > 0, "ci_high"]) * 100
    ax.set_xlim(0, min(100, hi + 12) if hi < 95 else 112)
    ax.set_xlabel("sentences carrying the frame (%, 95% Wilson CI)")
    _legend_on_top(fig, _source_handles(sources, pal, labels), ncol=2)
    return fig


@figure(
    "fig05_actor_agency",
    notebook="05_framing",
    caption="Who does what: clauses by the side of their grammatical subject (actor) and the class of "
    "their verb (cooperative, neutral, hostile), per source. Numbers: clause counts (total at the end "
    "of each bar).",
)
def fig05_actor_agency(svo: pd.DataFrame, *, side_col: str = "subject_side",
                       verb_classes: Sequence[str] = VERB_CLASS_DISPLAY_ORDER, labels: Mapping | None = None,
                       palette: Mapping | None = None, order: Sequence | None = None) -> plt.Figure:
    """Stacked counts of SVO clauses by ``side_col`` (default: the subject's side) × ``verb_class``.

    ``verb_classes``: the stacking order (default :data:`VERB_CLASS_DISPLAY_ORDER`, neutral between
    the poles); classes found in the table but not listed follow alphabetically.
    """
    fid = "fig05_actor_agency"
    _require(svo, ["source_id", side_col, "verb_class"], fid, what="SVO table")
    d = svo.copy()
    d[side_col] = d[side_col].fillna("").astype(str).replace("", "unassigned")
    d["verb_class"] = d["verb_class"].fillna("").astype(str).replace("", "unclassified")
    sides = _ordered(d[side_col], SIDES)
    sides = [x for x in sides if x != "unassigned"] + (["unassigned"] if "unassigned" in sides else [])
    classes = _ordered(d["verb_class"], tuple(verb_classes))
    colors = dict(VERB_CLASS_COLORS)
    spare = iter(["#EE7733", "#0077BB", "#33BBEE", "#EE3377", "#DDDDDD"])
    for c in classes:
        colors.setdefault(c, next(spare, "#DDDDDD"))
    sources, pal = _groups(d, order=order, palette=palette)
    counts = d.groupby(["source_id", side_col, "verb_class"], sort=False).size().unstack(fill_value=0)
    counts = counts.reindex(columns=classes, fill_value=0)
    xmax = float(counts.sum(axis=1).max())
    use_style()
    ncols = len(sources)
    fig, axes = plt.subplots(1, ncols, figsize=(style.DOUBLE if ncols > 1 else style.SINGLE,
                                                0.85 + 0.24 * len(sides)), squeeze=False, sharey=True, sharex=True)
    for ax, s in zip(axes[0], sources):
        for i, side in enumerate(sides):
            left = 0.0
            row = counts.loc[(s, side)] if (s, side) in counts.index else pd.Series(0, index=classes)
            for c in classes:
                v = float(row[c])
                if v:
                    ax.barh(i, v, left=left, color=colors[c], height=0.66, edgecolor="white", linewidth=0.4)
                    if v >= xmax * 0.06:
                        ax.text(left + v / 2, i, f"{int(v)}", ha="center", va="center", fontsize=5.5,
                                color="white" if c in ("cooperative", "hostile") else "black")
                    left += v
            ax.text(left + xmax * 0.015, i, f"{int(left)}", va="center", fontsize=5.5, color="0.3")
        ax.set_yticks(range(len(sides)), sides)
        ax.set_ylim(len(sides) - 0.5, -0.5)
        ax.set_xlim(0, xmax * 1.12)
        ax.tick_params(axis="y", length=0)
        total = int(counts.loc[s].to_numpy().sum()) if s in counts.index.get_level_values(0) else 0
        ax.set_title(f"{style.label(s, labels)} \u00b7 {total} clauses", loc="left", color=pal[s])
        ax.set_xlabel("clauses")
    axes[0, 0].set_ylabel("actor (subject side)" if side_col == "subject_side" else _pretty(side_col))
    handles = [plt.Rectangle((0, 0), 1, 1, color=colors[c], label=f"{c} verb") for c in classes]
    _legend_on_top(fig, handles, ncol=len(classes))
    return fig


@figure(
    "fig05_prospect_stance",
    notebook="05_framing",
    caption="Statements about the prospects of diplomacy. Left: their stance (share of each source's "
    "prospect statements, 95% Wilson CIs; numbers: statements / all prospect statements). Right: their "
    "prospect score (-1 pessimistic, +1 optimistic), dots = statements, black = mean with 95% "
    "sentence-bootstrap CI (BCa).",
)
def fig05_prospect_stance(sentences: pd.DataFrame, shares: pd.DataFrame, summary: pd.DataFrame, *,
                          stances: Sequence[str] = STANCE_DISPLAY_ORDER, labels: Mapping | None = None,
                          palette: Mapping | None = None, order: Sequence | None = None) -> plt.Figure:
    """Prospect statements (``prospect`` true) per source: stance shares and score distribution.

    ``shares``: the stance shares of the prospect statements per source,
    ``stats.label_shares(sentences[sentences.prospect], "prospect_stance", levels=STANCES)``.
    ``summary``: the mean prospect score and its CI per source over the prospect statements,
    ``stats.score_summary(sentences[sentences.prospect], score="prospect_score", rng=...)``.

    Every level of ``measures.prospects.STANCES`` is shown (a level no statement has is 0), with
    any other level of ``shares``. ``stances``: their display order (default
    :data:`STANCE_DISPLAY_ORDER`, negative to positive); levels not listed follow alphabetically.
    """
    fid = "fig05_prospect_stance"
    fix = 'stats.label_shares(sentences[sentences.prospect], "prospect_stance", levels=STANCES)'
    _require(sentences, ["source_id", "prospect", "prospect_score"], fid, what="sentence table")
    shares = _share_rows(shares, "prospect_stance", fid, fix)
    rows = _summary_rows(summary, "prospect_score", fid, ["source_id"])
    sources, pal = _groups(sentences, order=order, palette=palette)
    d = sentences[sentences["prospect"].fillna(False).astype(bool)]
    if d.empty:
        raise InputError(f"{fid}: no sentence is a prospect statement (column 'prospect' is never true).")
    n = d["source_id"].value_counts()
    for s in sources:
        got = set(shares.loc[shares["source_id"] == s, "n"])
        if got != {int(n.get(s, 0))} and (got or n.get(s, 0)):
            raise InputError(f"{fid}: the share table counts {sorted(got)} statements for {s!r}, the sentence "
                             f"table {int(n.get(s, 0))} prospect statements; pass {fix}.")
    _missing_levels(shares, STANCES, fid, fix)
    stances = _ordered(list(STANCES) + list(shares["level"]), tuple(stances))
    use_style()
    fig, axes = plt.subplots(1, 2, figsize=(style.DOUBLE, 0.9 + 0.42 * max(len(stances), len(sources) * 1.4)),
                             gridspec_kw={"width_ratios": [1, 1.15]})
    ax = axes[0]
    _share_panel(ax, stances, stances, shares, sources, pal)
    ax.set_xlim(0, 112)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("share of prospect statements (%, 95% Wilson CI)")
    ax.set_title("Stance", loc="left")
    ax = axes[1]
    _score_panel(ax, d, "prospect_score", sources, pal, summary=rows, fig=fid, labels=labels)
    ax.set_yticks(range(len(sources)), [f"{style.label(s, labels)}\nn = {int(n.get(s, 0))}" for s in sources])
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel("prospect score (-1 pessimistic, +1 optimistic)")
    ax.tick_params(axis="y", length=0)
    ax.set_title("Score", loc="left")
    _legend_on_top(fig, _source_handles(sources, pal, labels))
    return fig
