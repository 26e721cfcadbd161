"""Write the study notebooks (outputs empty). The .ipynb files are committed; rerun after edits here.

Usage: python scripts/make_notebooks.py
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1] / "notebooks"


def md(s):
    return new_markdown_cell(s.strip("\n"))


def code(s):
    return new_code_cell(s.strip("\n"))


NOTEBOOKS = {}

NOTEBOOKS["01_corpus"] = [
    md("""
# 01 · The corpus: two texts on US–Iran back-channel diplomacy

This study compares how two texts frame the **prospects for US–Iran diplomacy**:

* a **news analysis** written in the week after the 3 January 2020 killing of Qassem Soleimani
  ("Back-channel efforts to ease U.S.-Iran tensions are underway but face long odds"), and
* an **opinion piece** from mid-2019, after Prime Minister Abe's June 2019 visit to Tehran
  ("Why Won't Back-Channel Diplomacy Between the Islamic Republic of Iran and the Trump Aadministration Work?").

This first notebook shows where the texts come from, how each is split into parts with document
roles, and how much prose each gives us to measure. Every later notebook analyses **body** text only.
"""),
    code("""
import pandas as pd

import discourse as dc
from discourse import plots

pd.set_option("display.max_colwidth", 80)
"""),
    md("""
## Provenance

`load_corpus()` reads the verbatim copies under `data/raw/` and checks each file's sha256 against
`data/sources.csv`; a changed file is an error, never a silently different result. The dates are
inferred from the events each text mentions (the evidence is in the table).
"""),
    code("""
corpus = dc.load_corpus()
corpus.sources[["source_id", "genre", "title", "byline", "date", "date_precision"]]
"""),
    code("""
for row in corpus.sources.itertuples():
    print(f"{row.source_id}: {row.date_evidence}\\n")
"""),
    md("""
## Document structure

Each text is split into line segments with a **role**: the news analysis opens with a title, two
photo-caption lines and a photo credit; the opinion piece has section headings and ends with a
byline. Offsets index the raw text, so every number later can be traced back to the characters it
came from.
"""),
    code("""
corpus.segments.assign(text=corpus.segments["text"].str.slice(0, 70))
"""),
    md("""
## Sentences and tokens per source and role

Segments are parsed once each with spaCy (`nlp.pipe`, cached on disk). Token counts are *word*
tokens (no punctuation), the denominators of every rate in the later notebooks.
"""),
    code("""
nlp = dc.load_nlp()
dc.model_info(nlp)
"""),
    code("""
comp = dc.composition(corpus, nlp=nlp)
comp
"""),
    code("""
fig = plots.fig01_corpus_composition(comp)
plots.save(fig, "fig01_corpus_composition")
fig
"""),
    md("""
**Reading the figure.** The two texts give us samples of similar size: a few dozen body sentences
and a little over a thousand word tokens each. That is small: every comparison in the later
notebooks therefore carries a confidence interval or a permutation test, never a bare difference.
"""),
]


def main():
    ROOT.mkdir(exist_ok=True)
    for name, cells in NOTEBOOKS.items():
        nb = new_notebook(cells=cells, metadata={
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        })
        for i, c in enumerate(nb.cells):
            c["id"] = f"{name}-{i:02d}"
        nbformat.write(nb, ROOT / f"{name}.ipynb")
        print("wrote", ROOT / f"{name}.ipynb")


if __name__ == "__main__":
    main()
