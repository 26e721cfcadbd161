"""One function per figure, a registry of them, and one deterministic ``save``.

Every figure function takes tidy tables and returns a :class:`matplotlib.figure.Figure`; it
never writes files and never computes statistics the caller could not see (intervals come in
the table, e.g. from :func:`discourse.stats.rates`). Notebooks call the function, then
:func:`save`, which writes PDF, SVG and PNG (300 dpi) that are byte-identical on every rerun (no
dates in the metadata, a fixed SVG hash salt; after pytest-mpl's recipe) whatever the backend:
importing this module does not switch it, so a notebook keeps its inline figures and a headless
script chooses its own (``MPLBACKEND=Agg``).

No figure knows a corpus. Figures drawn per group (source) take ``labels=`` (group -> display
label; default the group value), ``palette=`` (group -> colour; default Paul Tol's "bright"
cycle in sorted order, :func:`discourse.style.palette`) and ``order=`` (groups drawn first, in
this order; the rest follow in order of appearance). A study passes its own, e.g.
``**discourse.study.FIGURE_STYLE``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.lines import Line2D

from . import paths, style
from .errors import InputError
from .measures.attribution import VOICES
from .measures.framing import SIDES
from .measures.modality import SENSES as MODAL_SENSES
from .measures.modality import STRENGTHS
from .measures.prospects import STANCES
from .stats import child_seed, mean_ci, metric_ci, share_table

FORMATS = ("pdf", "svg", "png")
METADATA = {
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": "discourse"},
    "svg": {"Date": None, "Creator": "discourse"},
    "png": {"Software": None},
}


@dataclass(frozen=True)
class FigureSpec:
    """A registered figure: its id (= file stem), function, notebook and caption."""

    id: str
    function: Callable
    notebook: str
    caption: str


REGISTRY: dict[str, FigureSpec] = {}


def figure(fig_id: str, *, notebook: str, caption: str):
    """Register a figure function under ``fig_id`` (its output file stem)."""

    def wrap(fn: Callable) -> Callable:
        REGISTRY[fig_id] = FigureSpec(fig_id, fn, notebook, caption)
        fn.fig_id = fig_id
        return fn

    return wrap


def use_style() -> None:
    """Apply the project's publication style (idempotent)."""
    sns.set_theme(context="paper", style="ticks", rc=style.RC)
    matplotlib.rcParams.update(style.RC)


def save(fig: plt.Figure, fig_id: str, *, folder: str | Path | None = None, formats=FORMATS) -> list[Path]:
    """Write ``fig`` as ``<folder>/<fig_id>.{pdf,svg,png}`` deterministically and close it.

    ``fig_id`` must be registered, so every file in ``figures/`` has a function, a notebook
    and a caption.
    """
    if fig_id not in REGISTRY:
        raise KeyError(f"Unknown figure id {fig_id!r}; registered: {sorted(REGISTRY)}")
    folder = Path(folder) if folder is not None else paths.figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    with matplotlib.rc_context({"svg.hashsalt": "discourse"}):
        for fmt in formats:
            p = folder / f"{fig_id}.{fmt}"
            fig.savefig(p, format=fmt, metadata=METADATA[fmt])
            out.append(p)
    plt.close(fig)
    return out


def _groups(df: pd.DataFrame, col: str = "source_id", *, order: Sequence | None = None,
            palette: Mapping | None = None) -> tuple[list, dict]:
    """The groups of ``df[col]`` in display order (``order`` first, the rest as they appear)
    and a colour per group (:func:`discourse.style.palette`)."""
    present = list(dict.fromkeys(df[col]))
    first = [g for g in dict.fromkeys(order or ()) if g in present]
    groups = first + [g for g in present if g not in first]
    return groups, style.palette(groups, palette)


@figure(
    "fig01_corpus_composition",
    notebook="01_corpus",
    caption="Composition of the two texts: word tokens per document role (left) and body "
    "sentences and tokens per source (right). Only body text is analysed as prose.",
)
def fig01_corpus_composition(comp: pd.DataFrame, *, labels: Mapping | None = None, palette: Mapping | None = None,
                             order: Sequence | None = None) -> plt.Figure:
    """Tokens per role and source (from :func:`discourse.tables.composition`)."""
    use_style()
    sources, pal = _groups(comp, order=order, palette=palette)
    roles = [r for r in ("title", "caption", "credit", "heading", "body", "byline") if r in set(comp["role"])]
    fig, axes = plt.subplots(1, 2, figsize=(style.DOUBLE, 1.9), gridspec_kw={"width_ratios": [1.4, 1]})
    ax = axes[0]
    wide = comp.pivot_table(index="role", columns="source_id", values="n_tokens", aggfunc="sum", fill_value=0)
    wide = wide.reindex(index=roles, columns=sources, fill_value=0)
    height = 0.8 / len(sources)
    for k, s in enumerate(sources):
        y = [i + (k - (len(sources) - 1) / 2) * height for i in range(len(roles))]
        ax.barh(y, wide[s].to_numpy(), height=height, color=pal[s], label=style.label(s, labels))
        for yy, v in zip(y, wide[s].to_numpy()):
            if v:
                ax.text(v, yy, f" {v:,}", va="center", fontsize=5.5)
    ax.set_yticks(range(len(roles)), roles)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlim(1, wide.to_numpy().max() * 6)
    ax.set_xlabel("word tokens (log scale)")
    ax.set_title("Tokens by document role", loc="left")
    ax.legend(loc="upper right")
    ax = axes[1]
    body = comp[comp["role"] == "body"].set_index("source_id").reindex(sources)
    x = range(len(sources))
    ax.bar(x, body["n_sentences"], color=[pal[s] for s in sources], width=0.6)
    for i, (ns, nt) in enumerate(zip(body["n_sentences"], body["n_tokens"])):
        ax.text(i, ns, f"{ns} sentences\n{nt:,} tokens", ha="center", va="bottom", fontsize=5.5)
    ax.set_xticks(list(x), [style.label(s, labels).replace(" (", "\n(") for s in sources])
    ax.set_ylabel("body sentences")
    ax.set_ylim(0, body["n_sentences"].max() * 1.35)
    ax.set_title("Body text analysed", loc="left")
    fig.tight_layout()
    return fig


def write_figure_index(folder: str | Path | None = None) -> Path:
    """Write ``figures/README.md``: every registered figure with its caption and notebook."""
    folder = Path(folder) if folder is not None else paths.figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["# Figures", "", "Written by `make figures` (or `python -m discourse figures`); never edit by hand.",
             "Each figure is drawn by the function of the same name in `discourse/plots.py`, called from",
             "the notebook named. Formats: PDF and SVG (vector, fonts embedded) and PNG (300 dpi).", ""]
    for spec in sorted(REGISTRY.values(), key=lambda s: s.id):
        present = (folder / f"{spec.id}.png").is_file()
        lines += [f"## {spec.id}", "", f"Notebook: `notebooks/{spec.notebook}.ipynb` · function: "
                  f"`discourse.plots.{spec.function.__name__}`" + ("" if present else " · (not yet generated)"), "",
                  spec.caption, ""]
        if present:
            lines += [f"![{spec.id}]({spec.id}.png)", ""]
    p = folder / "README.md"
    p.write_text("\n".join(lines), encoding="utf-8")
    return p


# =========================================================================== shared helpers
# Everything below follows fig01's pattern: tidy tables in, a Figure out, nothing written.

# Level orders come from the measure modules (VOICES, SIDES, MODAL_SENSES, STRENGTHS: their order
# is the display order). Two figures need a display order other than the measure's own listing:
#: prospect stances from negative to positive (``measures.prospects.STANCES`` lists them
#: pessimistic, optimistic, mixed, neutral); the ``stances=`` default of fig05_prospect_stance
STANCE_DISPLAY_ORDER = ("pessimistic", "mixed", "neutral", "optimistic")
#: verb classes with neutral between the two poles of the stacked bar (``measures.framing.VERB_CLASSES``
#: lists cooperative, hostile, neutral); the ``verb_classes=`` default of fig05_actor_agency
VERB_CLASS_DISPLAY_ORDER = ("cooperative", "neutral", "hostile")
#: verb-class colours (Tol's "vibrant" teal / grey / red: not the group colours)
VERB_CLASS_COLORS = {"cooperative": "#009988", "neutral": "#BBBBBB", "hostile": "#CC3311"}
#: colours for validation methods: the project's own first, baselines after (Tol bright, then grey)
_METHOD_COLORS = ["#222222", "#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB"]
Z95 = 1.959963984540054


def _require(df, cols, fig: str, *, what: str = "table", allow_empty: bool = False) -> None:
    """Raise :class:`InputError` naming the missing columns (or an empty table) for figure ``fig``."""
    if not isinstance(df, pd.DataFrame):
        raise InputError(f"{fig}: the {what} must be a pandas DataFrame, got {type(df).__name__}.")
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise InputError(
            f"{fig}: the {what} lacks column(s) {missing}; it has {list(map(str, df.columns))}."
        )
    if not allow_empty and df.empty:
        raise InputError(f"{fig}: the {what} has no rows; nothing to draw.")


def _ordered(values, preferred=()) -> list:
    """Levels present in ``values``: the preferred ones first in that order, then the rest sorted."""
    present = [v for v in dict.fromkeys(values) if not (isinstance(v, float) and np.isnan(v))]
    first = [p for p in preferred if p in present]
    return first + sorted((v for v in present if v not in first), key=str)


def _pretty(name: str) -> str:
    return str(name).replace("_", " ")


def _offsets(n: int, width: float = 0.64) -> np.ndarray:
    """Centred dodge offsets for ``n`` groups within ``width``."""
    if n <= 1:
        return np.zeros(1)
    step = width / n
    return (np.arange(n) - (n - 1) / 2) * step


def _source_handles(sources: list[str], pal: dict, labels: Mapping | None = None) -> list:
    return [Line2D([], [], color=pal[s], marker="o", linestyle="-", markersize=4, label=style.label(s, labels))
            for s in sources]


def _legend_on_top(fig: plt.Figure, handles: list, *, ncol: int | None = None, fontsize: float | None = None,
                   h_pad: float | None = None) -> None:
    """A legend row (or rows) above the panels, then ``tight_layout`` below it.

    The space is reserved in inches, so the gap is the same whatever the figure's height.
    """
    ncol = ncol or min(len(handles), 4)
    nrows = -(-len(handles) // ncol)
    h = fig.get_figheight()
    fig.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 1.0), ncol=ncol, handlelength=1.5,
               columnspacing=1.2, borderaxespad=0.1, fontsize=fontsize)
    top = 1 - (0.06 + 0.135 * nrows) / h
    fig.tight_layout(rect=(0, 0, 1, top), **({"h_pad": h_pad} if h_pad is not None else {}))


def _points_with_ci(ax, pos, est, lo, hi, *, color, horizontal: bool, filled=True, size: float = 4.0,
                    zorder: int = 3) -> None:
    """A point estimate with its CI as a line (the CI is omitted where it is NaN)."""
    if np.isfinite(lo) and np.isfinite(hi):
        if horizontal:
            ax.plot([lo, hi], [pos, pos], color=color, lw=1.1, solid_capstyle="butt", zorder=zorder)
        else:
            ax.plot([pos, pos], [lo, hi], color=color, lw=1.1, solid_capstyle="butt", zorder=zorder)
    xy = (est, pos) if horizontal else (pos, est)
    ax.plot(*xy, marker="o", markersize=size, color=color, markerfacecolor=color if filled else "white",
            markeredgewidth=0.9, linestyle="none", zorder=zorder + 1, clip_on=False)


def _score_panel(ax, data: pd.DataFrame, score: str, sources: list[str], pal: dict, *, rng, n_resamples: int,
                 labels: Mapping | None = None, violin: bool = True) -> None:
    """Horizontal distribution per source: half violin, jittered points, mean with bootstrap CI."""
    jit = np.random.default_rng(12345)  # fixed: the jitter is part of the drawing, not of the data
    for i, s in enumerate(sources):
        x = data.loc[data["source_id"] == s, score].astype(float).dropna().to_numpy()
        if violin and x.size >= 3 and np.ptp(x) > 0:
            parts = ax.violinplot([x], positions=[i], orientation="horizontal", widths=0.8,
                                  showextrema=False, points=200)
            for b in parts["bodies"]:
                b.set_facecolor(pal[s])
                b.set_edgecolor("none")
                b.set_alpha(0.22)
        if x.size:
            ax.scatter(x, i + jit.uniform(-0.16, 0.16, x.size), s=5, color=pal[s], alpha=0.55,
                       linewidths=0, zorder=2)
        m = mean_ci(x, rng=child_seed(rng, s), n_resamples=n_resamples)
        if m["n"]:
            _points_with_ci(ax, i, m["mean"], m["ci_low"], m["ci_high"], color="black", horizontal=True,
                            size=3.6, zorder=4)
            ci = "" if not np.isfinite(m["ci_low"]) else f" [{m['ci_low']:+.2f}, {m['ci_high']:+.2f}]"
            ax.text(1.0, i - 0.30, f"mean {m['mean']:+.2f}{ci}", transform=ax.get_yaxis_transform(),
                    ha="right", va="center", fontsize=5.5)
    ax.axvline(0, color="0.6", lw=0.5, ls=(0, (2, 2)), zorder=0)
    ax.set_yticks(range(len(sources)),
                  [f"{style.label(s, labels)}\nn = {int((data['source_id'] == s).sum())}" for s in sources])
    ax.set_ylim(len(sources) - 0.5, -0.6)


def _split_multi(series: pd.Series) -> list[list[str]]:
    """``"a|b"`` strings (or lists) into lists; empty / missing -> []."""
    out = []
    for v in series:
        if isinstance(v, (list, tuple, set)):
            out.append([str(x) for x in v if str(x)])
        elif v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
            out.append([])
        else:
            out.append([p.strip() for p in str(v).split("|") if p.strip()])
    return out


# =========================================================================== 02 sentiment
@figure(
    "fig02_sentiment_distribution",
    notebook="02_sentiment",
    caption="Sentence sentiment per source (primary score, -1 negative to +1 positive). Each dot is "
    "one body sentence (vertical jitter only), the shaded shape a kernel density; the black point and "
    "bar are the mean and its 95% sentence-bootstrap CI (BCa).",
)
def fig02_sentiment_distribution(sentences: pd.DataFrame, *, score: str = "sentiment", rng=0,
                                 n_resamples: int = 9999, labels: Mapping | None = None,
                                 palette: Mapping | None = None, order: Sequence | None = None) -> plt.Figure:
    """Distribution of sentence ``score`` per source with the mean and its bootstrap 95% CI."""
    fid = "fig02_sentiment_distribution"
    _require(sentences, ["source_id", score], fid, what="sentence table")
    use_style()
    sources, pal = _groups(sentences, order=order, palette=palette)
    fig, ax = plt.subplots(figsize=(style.SINGLE, 0.75 + 0.62 * len(sources)))
    _score_panel(ax, sentences, score, sources, pal, rng=rng, n_resamples=n_resamples, labels=labels)
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
def fig02_sentiment_by_voice(sentences: pd.DataFrame, *, score: str = "sentiment", rng=0,
                             n_resamples: int = 9999, labels: Mapping | None = None,
                             palette: Mapping | None = None, order: Sequence | None = None) -> plt.Figure:
    """Mean ``score`` with bootstrap 95% CI per voice × source."""
    fid = "fig02_sentiment_by_voice"
    _require(sentences, ["source_id", "voice", score], fid, what="sentence table")
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
            m = mean_ci(x, rng=child_seed(rng, f"{s}|{v}"), n_resamples=n_resamples)
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


# =========================================================================== 03 hedging
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


# =========================================================================== 04 modality
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


# =========================================================================== 05 framing
def _share_panel(ax, rows: list[str], labels: list[str], table: pd.DataFrame, sources: list[str],
                 pal: dict) -> None:
    """Horizontal shares (%) with Wilson CIs from a :func:`discourse.stats.share_table` table."""
    off = _offsets(len(sources), 0.66)
    cell = {(r.row, r.group): (r.k, r.n, r.ci_low, r.ci_high) for r in table.itertuples(index=False)}
    for i, row in enumerate(rows):
        for k, s in enumerate(sources):
            kk, nn, lo, hi = cell.get((row, s), (0, 0, np.nan, np.nan))
            if not nn:
                continue
            _points_with_ci(ax, i + off[k], 100 * kk / nn, 100 * lo, 100 * hi, color=pal[s], horizontal=True,
                            size=3.4)
            ax.text(100 * hi + 1.5, i + off[k], f"{kk}/{nn}", va="center", fontsize=5, color="0.3")
    ax.set_yticks(range(len(rows)), labels)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="0.92", lw=0.5)
    ax.set_axisbelow(True)


@figure(
    "fig05_frame_profile",
    notebook="05_framing",
    caption="Share of body sentences carrying each frame, per source, with 95% Wilson CIs; numbers: "
    "sentences with the frame / body sentences. A sentence can carry several frames.",
)
def fig05_frame_profile(sentences: pd.DataFrame, *, frames=None, labels: Mapping | None = None,
                        palette: Mapping | None = None, order: Sequence | None = None) -> plt.Figure:
    """Per frame and source: share of sentences whose ``frames`` ("|"-joined) include it.

    ``frames``: the frames to show, in order (default: every frame found, by pooled share).
    """
    fid = "fig05_frame_profile"
    _require(sentences, ["source_id", "frames"], fid, what="sentence table")
    lists = _split_multi(sentences["frames"])
    src = sentences["source_id"].tolist()
    sources, pal = _groups(sentences, order=order, palette=palette)
    if frames is None:
        pooled = pd.Series([f for fl in lists for f in dict.fromkeys(fl)], dtype=object).value_counts()
        frames = sorted(pooled.index, key=lambda f: (-pooled[f], str(f)))
    frames = list(frames)
    if not frames:
        raise InputError(f"{fid}: no sentence carries a frame (column 'frames' is empty everywhere).")
    n = pd.Series(src).value_counts()
    table = {}
    for f in frames:
        for s in sources:
            k = sum(1 for fl, ss in zip(lists, src) if ss == s and f in fl)
            table[(f, s)] = (k, int(n.get(s, 0)))
    use_style()
    fig, ax = plt.subplots(figsize=(style.SINGLE, 0.8 + len(frames) * (0.14 + 0.08 * len(sources))))
    shares = share_table(table)
    _share_panel(ax, frames, [_pretty(f) for f in frames], shares, sources, pal)
    hi = max(shares.loc[shares["n"] > 0, "ci_high"]) * 100
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
def fig05_prospect_stance(sentences: pd.DataFrame, *, rng=0, n_resamples: int = 9999,
                          stances: Sequence[str] = STANCE_DISPLAY_ORDER, labels: Mapping | None = None,
                          palette: Mapping | None = None, order: Sequence | None = None) -> plt.Figure:
    """Prospect statements (``prospect`` true) per source: stance shares and score distribution.

    Every level of ``measures.prospects.STANCES`` is shown (a level no statement has is 0), with
    any other level found in the table. ``stances``: their display order (default
    :data:`STANCE_DISPLAY_ORDER`, negative to positive); levels not listed follow alphabetically.
    """
    fid = "fig05_prospect_stance"
    _require(sentences, ["source_id", "prospect", "prospect_score", "prospect_stance"], fid, what="sentence table")
    sources, pal = _groups(sentences, order=order, palette=palette)
    d = sentences[sentences["prospect"].fillna(False).astype(bool)]
    if d.empty:
        raise InputError(f"{fid}: no sentence is a prospect statement (column 'prospect' is never true).")
    stances = _ordered(list(STANCES) + list(d["prospect_stance"].dropna()), tuple(stances))
    n = d["source_id"].value_counts()
    table = {(st_, s): (int(((d["source_id"] == s) & (d["prospect_stance"] == st_)).sum()), int(n.get(s, 0)))
             for st_ in stances for s in sources}
    use_style()
    fig, axes = plt.subplots(1, 2, figsize=(style.DOUBLE, 0.9 + 0.42 * max(len(stances), len(sources) * 1.4)),
                             gridspec_kw={"width_ratios": [1, 1.15]})
    ax = axes[0]
    _share_panel(ax, stances, stances, share_table(table), sources, pal)
    ax.set_xlim(0, 112)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("share of prospect statements (%, 95% Wilson CI)")
    ax.set_title("Stance", loc="left")
    ax = axes[1]
    _score_panel(ax, d, "prospect_score", sources, pal, rng=rng, n_resamples=n_resamples, labels=labels)
    ax.set_yticks(range(len(sources)), [f"{style.label(s, labels)}\nn = {int(n.get(s, 0))}" for s in sources])
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel("prospect score (-1 pessimistic, +1 optimistic)")
    ax.tick_params(axis="y", length=0)
    ax.set_title("Score", loc="left")
    _legend_on_top(fig, _source_handles(sources, pal, labels))
    return fig


# =========================================================================== 08 the answer
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


# =========================================================================== 06 comparison
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


# =========================================================================== 07 validation
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
    scores). CIs: the table's ``ci_low``/``ci_high`` where present, else :func:`stats.metric_ci`.
    ``references``: (task, file, metric) -> published value drawn as a dotted line (default: the
    CoNLL-2010 best sentence-level F1 on Wikipedia, 0.60, for ``szeged_wiki.tsv``).
    """
    fid = "fig07_validation_scores"
    _require(scores, ["task", "file", "method", "metric", "value", "n"], fid, what="validation scores table")
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
                v, n = float(r["value"].iloc[0]), float(r["n"].iloc[0])
                if {"ci_low", "ci_high"} <= set(r.columns) and np.isfinite(r[["ci_low", "ci_high"]].to_numpy(float)).all():
                    lo, hi = float(r["ci_low"].iloc[0]), float(r["ci_high"].iloc[0])
                else:
                    lo, hi = metric_ci(met, v, n)
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
