"""Notebook 04 (modality): modal sense by strength, measures by voice."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import style
from ..errors import InputError
from ..measures.attribution import VOICES
from ..measures.modality import SENSES as MODAL_SENSES
from ..measures.modality import STRENGTHS
from .common import (
    _groups,
    _legend_on_top,
    _offsets,
    _ordered,
    _points_with_ci,
    _pretty,
    _require,
    _source_handles,
    figure,
    use_style,
)


@figure(
    "fig04_modal_sense_strength",
    notebook="04_modality",
    caption="Modal expressions by sense (epistemic: possibility/likelihood; deontic: obligation/"
    "permission; dynamic: ability/volition) and Halliday's value of modality (low, median, high), per "
    "1,000 word tokens of each source (colour) with the number of expressions in brackets. "
    "'not graded': no value assigned (e.g. dynamic ability).",
)
def fig04_modal_sense_strength(cues: pd.DataFrame, sentences: pd.DataFrame, *, by: str = "source_id",
                               labels: Mapping | None = None, palette: Mapping | None = None,
                               order: Sequence | None = None) -> plt.Figure:
    """Heatmap per source of modal cues by ``sense`` × ``strength`` (rate per 1,000 tokens, counts)."""
    fid = "fig04_modal_sense_strength"
    _require(cues, [by, "kind", "sense", "strength"], fid, what="cue table", allow_empty=True)
    _require(sentences, [by, "n_tokens"], fid, what="sentence table")
    modal = cues[cues["kind"] == "modal"].copy()
    tokens = sentences.groupby(by, sort=False)["n_tokens"].sum()
    sources, pal = _groups(sentences, by, order=order, palette=palette)
    modal["sense"] = modal["sense"].fillna("unspecified").astype(str)
    modal["strength"] = modal["strength"].fillna("not graded").astype(str)
    senses = _ordered(list(MODAL_SENSES) + list(modal["sense"]), MODAL_SENSES)
    strengths = _ordered(modal["strength"], STRENGTHS)
    strengths = _ordered(list(STRENGTHS) + strengths, STRENGTHS + ("not graded",))
    counts = {s: modal[modal[by] == s].pivot_table(index="sense", columns="strength", values="kind",
                                                   aggfunc="size", fill_value=0)
              .reindex(index=senses, columns=strengths, fill_value=0) for s in sources}
    rates = {s: counts[s] / float(tokens.get(s, np.nan)) * 1000 for s in sources}
    vmax = max([float(np.nanmax(r.to_numpy())) for r in rates.values()] + [1e-9])
    use_style()
    ncols = len(sources)
    fig, axes = plt.subplots(1, ncols, figsize=(min(style.DOUBLE, 0.9 + 2.6 * ncols), 0.75 + 0.3 * len(senses)),
                             squeeze=False, sharey=True)
    cmap = plt.get_cmap("Blues")
    im = None
    for ax, s in zip(axes[0], sources):
        r, c = rates[s].to_numpy(dtype=float), counts[s].to_numpy()
        im = ax.imshow(r, cmap=cmap, vmin=0, vmax=vmax, aspect="auto")
        for i in range(r.shape[0]):
            for j in range(r.shape[1]):
                txt = f"{r[i, j]:.1f} ({c[i, j]})" if c[i, j] else "–"
                ax.text(j, i, txt, ha="center", va="center", fontsize=5.5,
                        color="white" if r[i, j] > 0.55 * vmax else "black")
        ax.set_xticks(range(len(strengths)), strengths)
        ax.set_yticks(range(len(senses)), senses)
        ax.tick_params(length=0)
        for sp in ax.spines.values():
            sp.set_visible(False)
        ax.set_title(f"{style.label(s, labels)}\n{int(c.sum())} modals \u00b7 {int(tokens.get(s, 0)):,} tokens",
                     loc="left", fontsize=7, color=pal[s])
        ax.set_xlabel("value (strength)")
    axes[0, 0].set_ylabel("sense")
    fig.tight_layout()
    cb = fig.colorbar(im, ax=list(axes[0]), fraction=0.03, pad=0.02)
    cb.set_label("per 1,000 tokens", fontsize=6)
    cb.ax.tick_params(labelsize=5.5, width=0.5)
    cb.outline.set_linewidth(0.5)
    return fig


@figure(
    "fig04_measures_by_voice",
    notebook="04_modality",
    caption="Hedges, boosters and modals per 1,000 word tokens by sentence voice and source, with 95% "
    "sentence-bootstrap CIs (BCa; none for a group of one sentence). n under each voice: sentences "
    "per source; numbers beside points: cue counts.",
)
def fig04_measures_by_voice(rates: pd.DataFrame, *, measures=("n_hedge", "n_booster", "n_modal"),
                            by: str = "source_id", voice_col: str = "voice", labels: Mapping | None = None,
                            palette: Mapping | None = None, order: Sequence | None = None) -> plt.Figure:
    """Rate (per 1,000 tokens) of each count column in ``measures`` by voice × source, with CIs.

    ``rates``: one row per (``by``, ``voice_col``, measure) with ``count, n_sentences, rate,
    ci_low, ci_high``, i.e. :func:`discourse.stats.rates` computed per source × voice (the
    figure computes no statistic itself; see notebook 04 for the call).
    """
    fid = "fig04_measures_by_voice"
    measures = list(measures)
    if not measures:
        raise InputError(f"{fid}: no measures given.")
    _require(rates, [by, voice_col, "measure", "count", "n_sentences", "rate", "ci_low", "ci_high"], fid,
             what="rates table (per source x voice)")
    r = rates.dropna(subset=[voice_col])
    missing = [m for m in measures if m not in set(r["measure"])]
    if missing:
        raise InputError(f"{fid}: the rates table has no rows for measure(s) {missing}; it has "
                         f"{sorted(map(str, set(r['measure'])))[:20]}. Compute them with stats.rates.")
    sources, pal = _groups(r, by, order=order, palette=palette)
    voices = _ordered(r[voice_col], VOICES)
    use_style()
    off = _offsets(len(sources), 0.6)
    fig, axes = plt.subplots(1, len(measures), figsize=(style.DOUBLE, 2.2), squeeze=False)
    for ax, m in zip(axes[0], measures):
        rm = r[r["measure"] == m]
        top = np.nanmax(np.r_[rm["ci_high"].to_numpy(dtype=float), rm["rate"].to_numpy(dtype=float), 1e-9])
        ticks = []
        for j, v in enumerate(voices):
            ns = []
            for k, s in enumerate(sources):
                row = rm[(rm[by] == s) & (rm[voice_col] == v)]
                if row.empty:
                    ns.append(0)
                    continue
                row = row.iloc[0]
                ns.append(int(row["n_sentences"]))
                _points_with_ci(ax, j + off[k], row["rate"], row["ci_low"], row["ci_high"], color=pal[s],
                                horizontal=False, size=3.4)
                ax.text(j + off[k] + 0.05, row["rate"], f"{int(row['count'])}", fontsize=5, color="0.3",
                        va="center", ha="left")
            ticks.append(f"{v}\nn = " + " / ".join(map(str, ns)))
        ax.set_xticks(range(len(voices)), ticks)
        ax.tick_params(axis="x", length=0)
        ax.set_xlim(-0.6, len(voices) - 0.4)
        ax.set_ylim(0, top * 1.1)
        ax.set_title(_pretty(m[2:] if m.startswith("n_") else m).capitalize() + "s" if m.count("_") == 1
                     else _pretty(m[2:] if m.startswith("n_") else m), loc="left")
        ax.grid(axis="y", color="0.92", lw=0.5)
        ax.set_axisbelow(True)
    axes[0, 0].set_ylabel("per 1,000 word tokens (95% CI)")
    _legend_on_top(fig, _source_handles(sources, pal, labels))
    return fig
