"""What every figure shares: the registry of figures, the style, the deterministic :func:`save`, the figure
index, display orders and colours, and the drawing helpers (groups, legends, points with CIs, panels).
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

from .. import paths, style
from ..errors import InputError

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


def write_figure_index(folder: str | Path | None = None) -> Path:
    """Write ``figures/README.md``: every registered figure with its caption and notebook."""
    folder = Path(folder) if folder is not None else paths.figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["# Figures", "", "Written by `make figures` (or `python -m discourse figures`); never edit by hand.",
             "Each figure is drawn by the function of the same name in `discourse/plots/` (one module per notebook), called from",
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
# Every figure module follows fig01's pattern: tidy tables in (statistics included), a Figure out, nothing written.

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


def _summary_rows(summary: pd.DataFrame, score: str, fig: str, keys: Sequence[str]) -> dict:
    """``summary`` (a :func:`discourse.stats.score_summary` table of ``score``) by its key columns."""
    _require(summary, [*keys, "measure", "mean", "ci_low", "ci_high", "n"], fig, what="score summary table",
             allow_empty=True)
    other = sorted(set(map(str, summary["measure"])) - {score})
    if other:
        raise InputError(f"{fig}: the score summary table is of {other}, not {score!r}; pass "
                         f"stats.score_summary(..., score={score!r}).")
    return {tuple(r[k] for k in keys): r for r in summary.to_dict("records")}


def _score_panel(ax, data: pd.DataFrame, score: str, sources: list[str], pal: dict, *, summary: dict, fig: str,
                 labels: Mapping | None = None, violin: bool = True) -> None:
    """Horizontal distribution per source: half violin, jittered points, mean with its CI from ``summary``
    (:func:`_summary_rows`)."""
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
        m = summary.get((s,))
        if m is None and x.size:
            raise InputError(f"{fig}: the score summary table has no row for {s!r}; pass "
                             "stats.score_summary() of the same sentences.")
        if m is not None and m["n"]:
            _points_with_ci(ax, i, m["mean"], m["ci_low"], m["ci_high"], color="black", horizontal=True,
                            size=3.6, zorder=4)
            ci = "" if not np.isfinite(m["ci_low"]) else f" [{m['ci_low']:+.2f}, {m['ci_high']:+.2f}]"
            ax.text(1.0, i - 0.30, f"mean {m['mean']:+.2f}{ci}", transform=ax.get_yaxis_transform(),
                    ha="right", va="center", fontsize=5.5)
    ax.axvline(0, color="0.6", lw=0.5, ls=(0, (2, 2)), zorder=0)
    ax.set_yticks(range(len(sources)),
                  [f"{style.label(s, labels)}\nn = {int((data['source_id'] == s).sum())}" for s in sources])
    ax.set_ylim(len(sources) - 0.5, -0.6)
