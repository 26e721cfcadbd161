"""One publication style for every figure.

After SciencePlots and Paul Tol's colour-blind-safe "bright" scheme (Tol 2021,
https://personal.sron.nl/~pault/): single column 3.5 in, double column 7.1 in, 7-8 pt
sans-serif (DejaVu Sans, shipped with matplotlib), TrueType fonts embedded in PDF.

Nothing here knows a corpus: :func:`palette` and :func:`label` take the caller's colours and
labels (a study keeps its own, e.g. :mod:`discourse.study`) and fall back to neutral ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import matplotlib as mpl

SINGLE = 3.5  # inches, one journal column
DOUBLE = 7.1  # inches, full page width

#: Paul Tol's "bright" qualitative scheme.
TOL_BRIGHT = ["#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB"]

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


def palette(groups: Iterable, colors: Mapping | None = None) -> dict:
    """Colour per group: ``colors[g]`` where given, else Tol's "bright" cycle in sorted order.

    The groups without a given colour take the scheme's colours not already used, assigned in
    sorted order of the groups (so a group keeps its colour whichever table it is drawn from);
    the cycle repeats after seven groups.
    """
    colors = dict(colors or {})
    groups = list(dict.fromkeys(groups))
    out = {g: colors[g] for g in groups if g in colors}
    used = set(out.values())
    spare = [c for c in TOL_BRIGHT if c not in used] or list(TOL_BRIGHT)
    rest = sorted((g for g in groups if g not in out), key=str)
    out.update({g: spare[k % len(spare)] for k, g in enumerate(rest)})
    return {g: out[g] for g in groups}


def label(group, labels: Mapping | None = None) -> str:
    """Display label of a group: ``labels[group]`` where given, else the group value itself."""
    return str((labels or {}).get(group, group))
