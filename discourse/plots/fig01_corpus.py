"""Notebook 01 (corpus): the composition of the texts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import pandas as pd

from .. import style
from .common import _groups, figure, use_style


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
