"""One publication style for every figure.

After SciencePlots and Paul Tol's colour-blind-safe "bright" scheme (Tol 2021,
https://personal.sron.nl/~pault/): single column 3.5 in, double column 7.1 in, 7-8 pt
sans-serif (DejaVu Sans, shipped with matplotlib), TrueType fonts embedded in PDF, one fixed
colour per source.
"""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib as mpl

SINGLE = 3.5  # inches, one journal column
DOUBLE = 7.1  # inches, full page width

#: Paul Tol's "bright" qualitative scheme.
TOL_BRIGHT = ["#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB"]

#: The study's sources keep the same colour in every figure.
SOURCE_COLORS = {"news_analysis": "#4477AA", "opinion": "#EE6677"}
SOURCE_LABELS = {"news_analysis": "News analysis (Jan 2020)", "opinion": "Opinion (mid-2019)"}

RC = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 7,
    "axes.titlesize": 8,
    "axes.labelsize": 7,
    "xtick.labelsize": 6.5,
    "ytick.labelsize": 6.5,
    "legend.fontsize": 6.5,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 0.6,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "lines.linewidth": 1.0,
    "figure.dpi": 150,
    "savefig.dpi": 300,
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.02,
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.fonttype": "path",
    "svg.hashsalt": "discourse",
    "axes.prop_cycle": mpl.cycler(color=TOL_BRIGHT),
}


def palette(sources: Iterable[str]) -> dict[str, str]:
    """Colour per source: the fixed study colours first, then the rest of Tol's scheme."""
    spare = [c for c in TOL_BRIGHT if c not in SOURCE_COLORS.values()]
    out, k = {}, 0
    for s in dict.fromkeys(sources):
        if s in SOURCE_COLORS:
            out[s] = SOURCE_COLORS[s]
        else:
            out[s] = spare[k % len(spare)]
            k += 1
    return out


def label(source_id: str) -> str:
    """Human label for a source id (the id itself when unknown)."""
    return SOURCE_LABELS.get(source_id, source_id)
