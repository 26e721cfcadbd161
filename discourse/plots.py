"""One function per figure, a registry of them, and one deterministic ``save``.

Every figure function takes tidy tables and returns a :class:`matplotlib.figure.Figure`; it
never writes files. Notebooks call the function, then :func:`save`, which writes PDF, SVG and
PNG (300 dpi) that are byte-identical on every rerun (Agg backend, no dates in metadata, a
fixed SVG hash salt; after pytest-mpl's recipe).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # noqa: E402  (before pyplot: no display, deterministic output)
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from . import paths, style

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


def _source_order(df: pd.DataFrame, col: str = "source_id") -> list[str]:
    return list(dict.fromkeys(df[col]))


@figure(
    "fig01_corpus_composition",
    notebook="01_corpus",
    caption="Composition of the two texts: word tokens per document role (left) and body "
    "sentences and tokens per source (right). Only body text is analysed as prose.",
)
def fig01_corpus_composition(comp: pd.DataFrame) -> plt.Figure:
    """Tokens per role and source (from :func:`discourse.tables.composition`)."""
    use_style()
    sources = _source_order(comp)
    pal = style.palette(sources)
    roles = [r for r in ("title", "caption", "credit", "heading", "body", "byline") if r in set(comp["role"])]
    fig, axes = plt.subplots(1, 2, figsize=(style.DOUBLE, 1.9), gridspec_kw={"width_ratios": [1.4, 1]})
    ax = axes[0]
    wide = comp.pivot_table(index="role", columns="source_id", values="n_tokens", aggfunc="sum", fill_value=0)
    wide = wide.reindex(index=roles, columns=sources, fill_value=0)
    height = 0.8 / len(sources)
    for k, s in enumerate(sources):
        y = [i + (k - (len(sources) - 1) / 2) * height for i in range(len(roles))]
        ax.barh(y, wide[s].to_numpy(), height=height, color=pal[s], label=style.label(s))
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
    ax.set_xticks(list(x), [style.label(s).replace(" (", "\n(") for s in sources])
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
