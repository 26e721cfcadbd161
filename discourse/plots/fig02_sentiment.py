"""Notebook 02 (sentiment): distributions, the arc along each text, sentiment by voice."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .. import style
from ..errors import InputError
from ..measures.attribution import VOICES
from .common import (
    Z95,
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


@figure(
    "fig02_sentiment_distribution",
    notebook="02_sentiment",
    caption="Sentence sentiment per source (primary score, -1 negative to +1 positive). Each dot is "
    "one body sentence (vertical jitter only), the shaded shape a kernel density; the black point and "
    "bar are the mean and its 95% sentence-bootstrap CI (BCa).",
)
def fig02_sentiment_distribution(sentences: pd.DataFrame, summary: pd.DataFrame, *, score: str = "sentiment",
                                 labels: Mapping | None = None, palette: Mapping | None = None,
                                 order: Sequence | None = None) -> plt.Figure:
    """Distribution of sentence ``score`` per source with the mean and its bootstrap 95% CI.

    ``summary``: the means and CIs per source, ``stats.score_summary(sentences, score=score, rng=...)``.
    """
    fid = "fig02_sentiment_distribution"
    _require(sentences, ["source_id", score], fid, what="sentence table")
    rows = _summary_rows(summary, score, fid, ["source_id"])
    use_style()
    sources, pal = _groups(sentences, order=order, palette=palette)
    fig, ax = plt.subplots(figsize=(style.SINGLE, 0.75 + 0.62 * len(sources)))
    _score_panel(ax, sentences, score, sources, pal, summary=rows, fig=fid, labels=labels)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel(f"sentence {_pretty(score)} (-1 negative, +1 positive)")
    ax.tick_params(axis="y", length=0)
    fig.tight_layout()
    return fig


@figure(
    "fig02_sentiment_arc",
    notebook="02_sentiment",
    caption="Sentiment along each article: sentence score (dots) against relative position in the "
    "body text, with a centred moving average (line) and ±1.96 standard errors of the window mean "
    "(band). Position = (sentence index + 0.5) / number of body sentences.",
)
def fig02_sentiment_arc(sentences: pd.DataFrame, *, score: str = "sentiment", window: int = 7,
                        labels: Mapping | None = None, palette: Mapping | None = None,
                        order: Sequence | None = None) -> plt.Figure:
    """Score against relative sentence position per source, with a centred moving average.

    ``window`` sentences per moving window (shrinking at the ends, ``min_periods=1``); the band
    is the window mean ± 1.96 × SD/√k, drawn where the window holds at least 3 sentences.
    """
    fid = "fig02_sentiment_arc"
    _require(sentences, ["source_id", "sent_id", score], fid, what="sentence table")
    if int(window) < 1:
        raise InputError(f"{fid}: window must be >= 1 sentence, got {window}.")
    use_style()
    sources, pal = _groups(sentences, order=order, palette=palette)
    ncols = min(len(sources), 2)
    nrows = -(-len(sources) // ncols)
    width = style.DOUBLE if ncols > 1 else style.SINGLE
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, 0.4 + 1.75 * nrows), sharex=True, sharey=True,
                             squeeze=False)
    for ax, s in zip(axes.flat, sources):
        d = sentences[sentences["source_id"] == s].sort_values("sent_id")
        y = d[score].astype(float).to_numpy()
        n = len(d)
        pos = (np.arange(n) + 0.5) / n
        ax.axhline(0, color="0.6", lw=0.5, ls=(0, (2, 2)), zorder=0)
        ax.scatter(pos, y, s=6, color=pal[s], alpha=0.6, linewidths=0, zorder=2)
        roll = pd.Series(y).rolling(int(window), center=True, min_periods=1)
        m, sd, k = roll.mean().to_numpy(), roll.std().to_numpy(), roll.count().to_numpy()
        se = np.where(k >= 3, sd / np.sqrt(k), np.nan)
        ax.fill_between(pos, m - Z95 * se, m + Z95 * se, color=pal[s], alpha=0.18, linewidth=0, zorder=1)
        ax.plot(pos, m, color=pal[s], lw=1.4, zorder=3)
        ax.set_title(f"{style.label(s, labels)} \u00b7 {n} sentences", loc="left")
    for ax in axes.flat[len(sources):]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("relative position in the body text (0 = start, 1 = end)")
    for ax in axes[:, 0]:
        ax.set_ylabel(_pretty(score))
    axes[0, 0].set_xlim(0, 1)
    axes[0, 0].set_ylim(-1.05, 1.05)
    fig.text(0.995, 0.005, f"line: centred moving average over {int(window)} sentences", ha="right",
             va="bottom", fontsize=5.5, color="0.35")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig


def _voice_levels(sentences: pd.DataFrame) -> list[str]:
    return _ordered(sentences["voice"].dropna(), VOICES)


@figure(
    "fig02_sentiment_by_voice",
    notebook="02_sentiment",
    caption="Mean sentence sentiment by voice (authorial: the writer's own statement; reported: "
    "attributed in indirect speech; quoted: direct quotation) and source, with 95% sentence-"
    "bootstrap CIs (BCa); faint dots are the sentences. n under each voice: sentences per source.",
)
def fig02_sentiment_by_voice(sentences: pd.DataFrame, summary: pd.DataFrame, *, score: str = "sentiment",
                             labels: Mapping | None = None, palette: Mapping | None = None,
                             order: Sequence | None = None) -> plt.Figure:
    """Mean ``score`` with bootstrap 95% CI per voice × source.

    ``summary``: the means and CIs per source and voice,
    ``stats.score_summary(sentences, by=["source_id", "voice"], score=score, rng=...)``.
    """
    fid = "fig02_sentiment_by_voice"
    _require(sentences, ["source_id", "voice", score], fid, what="sentence table")
    rows = _summary_rows(summary, score, fid, ["source_id", "voice"])
    data = sentences.dropna(subset=["voice"])
    if data.empty:
        raise InputError(f"{fid}: every sentence has a missing voice; nothing to draw.")
    use_style()
    sources, pal = _groups(data, order=order, palette=palette)
    voices = _voice_levels(data)
    off = _offsets(len(sources))
    jit = np.random.default_rng(12345)
    fig, ax = plt.subplots(figsize=(style.SINGLE, 2.3))
    ticks = []
    for j, v in enumerate(voices):
        ns = []
        for k, s in enumerate(sources):
            x = data.loc[(data["source_id"] == s) & (data["voice"] == v), score].astype(float).dropna().to_numpy()
            ns.append(x.size)
            if not x.size:
                continue
            p = j + off[k]
            ax.scatter(p + jit.uniform(-0.07, 0.07, x.size), x, s=4, color=pal[s], alpha=0.3, linewidths=0,
                       zorder=1)
            m = rows.get((s, v))
            if m is None:
                raise InputError(f"{fid}: the score summary table has no row for ({s!r}, {v!r}); pass "
                                 "stats.score_summary() of the same sentences, by=['source_id', 'voice'].")
            _points_with_ci(ax, p, m["mean"], m["ci_low"], m["ci_high"], color=pal[s], horizontal=False)
        ticks.append(f"{v}\nn = " + " / ".join(str(n) for n in ns))
    ax.axhline(0, color="0.6", lw=0.5, ls=(0, (2, 2)), zorder=0)
    ax.set_xticks(range(len(voices)), ticks)
    ax.tick_params(axis="x", length=0)
    ax.set_xlim(-0.6, len(voices) - 0.4)
    ax.set_ylim(-1.05, 1.05)
    ax.set_yticks([-1, -0.5, 0, 0.5, 1])
    ax.set_ylabel(f"sentence {_pretty(score)}")
    _legend_on_top(fig, _source_handles(sources, pal, labels))
    return fig
