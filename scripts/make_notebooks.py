"""Write the study notebooks (outputs empty). The .ipynb files are committed; rerun after edits here.

Usage: python scripts/make_notebooks.py

Every figure cell draws with a library function, saves with ``plots.save`` (which closes the
figure, so Jupyter's inline backend does not show it a second time) and ends with ``fig``, so the
figure is displayed inline exactly once. The study's labels, colours, source order, compared pair
and seed come from :mod:`discourse.study`; the library itself knows none of them.
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
from discourse import plots, study

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
fig = plots.fig01_corpus_composition(comp, **study.FIGURE_STYLE)
plots.save(fig, "fig01_corpus_composition")
fig
"""),
    md("""
**Reading the figure.** The two texts give us samples of similar size: a few dozen body sentences
and a little over a thousand word tokens each. That is small: every comparison in the later
notebooks therefore carries a confidence interval or a permutation test, never a bare difference.
"""),
]


SETUP = """
import pandas as pd

import discourse as dc
from discourse import plots, stats, study

SEED = study.SEED  # every resampling below uses this seed: rerunning gives identical numbers and figures
STYLE = study.FIGURE_STYLE  # the study's labels, colours and source order for every figure
GA, GB = study.GROUPS  # the pair compared: differences and ratios are GA relative to GB
pd.set_option("display.max_colwidth", 90)
corpus = dc.load_corpus()
analysis = dc.analyze_all(corpus)   # one parse of the body text (cached), every measure
sentences, cues = analysis.sentences, analysis.cues
"""

NOTEBOOKS["02_sentiment"] = [
    md("""
# 02 · Sentiment: how positive or negative is each sentence?

Each body sentence gets a sentiment score in [-1, 1]. The package's primary score
(`dc.sentiment`, column `sentiment`) builds on VADER (Hutto & Gilbert 2014), validated against
human ratings in notebook 07; VADER's compound and TextBlob's polarity and subjectivity are kept
beside it. We score **sentences**, never whole articles: VADER's compound saturates with length.
"""),
    code(SETUP),
    code("""
sentences[["source_id", "sent_id", "voice", "sentiment", "vader", "textblob_polarity", "text"]].head(8)
"""),
    md("""
## Distributions with uncertainty

With ~55 sentences per text, a difference of means alone would mislead. `stats.compare_scores`
gives the mean and median differences with bootstrap CIs (resampling sentences within each
source), a permutation test of the source labels, Mann–Whitney U, and two effect sizes
(Cliff's delta, Hedges' g) with CIs.
"""),
    code("""
a = sentences.loc[sentences.source_id == GA, "sentiment"]
b = sentences.loc[sentences.source_id == GB, "sentiment"]
pd.Series(stats.compare_scores(a, b, rng=SEED)).to_frame(f"{GA} vs {GB}")
"""),
    code("""
fig = plots.fig02_sentiment_distribution(sentences, rng=SEED, **STYLE)
plots.save(fig, "fig02_sentiment_distribution")
fig
"""),
    md("""
## Along each article's course

Position 0 is the first body sentence, 1 the last. The line is a centred moving average; the band
is ±1.96 standard errors of that window's mean.
"""),
    code("""
fig = plots.fig02_sentiment_arc(sentences, **STYLE)
plots.save(fig, "fig02_sentiment_arc")
fig
"""),
    md("""
## By voice

Whose sentiment is it? A sentence is *authorial* (the writer's own voice), *reported* (attributed:
"officials say …") or *quoted* (inside quotation marks). Notebook 05 explains how voice is found.
"""),
    code("""
sentences.groupby(["source_id", "voice"])["sentiment"].agg(["size", "mean", "median"]).round(3)
"""),
    code("""
fig = plots.fig02_sentiment_by_voice(sentences, rng=SEED, **STYLE)
plots.save(fig, "fig02_sentiment_by_voice")
fig
"""),
    md("""
## The most negative and most positive sentences

Reading the extremes is the quickest check that a score means what we think it means.
"""),
    code("""
cols = ["source_id", "voice", "sentiment", "text"]
pd.concat([sentences.nsmallest(4, "sentiment")[cols], sentences.nlargest(4, "sentiment")[cols]])
"""),
]

NOTEBOOKS["03_hedging"] = [
    md("""
# 03 · Hedges and boosters

**Hedges** withhold full commitment ("probably", "seem to", "it is possible that"); **boosters**
express certainty ("clearly", "no doubt", "never", "not going to"). Word lists come from Hyland
(2005, *Metadiscourse*), extended with multiword cues and context rules (e.g. "May" the month is not
a hedge, "about" hedges only before a quantity, negation flips "sure" into a hedge). Every list is a
data file under `discourse/lexicons/` with a citation per entry; agreement with human annotators is
in notebook 07.
"""),
    code(SETUP),
    md("""
## Rates per 1,000 word tokens, with bootstrap CIs

Counts and denominators stay in the table. Intervals resample sentences within each source.
"""),
    code("""
cols = [c for c in sentences.columns if c.startswith(("n_hedge", "n_booster"))]
rates = stats.rates(sentences, cols, rng=SEED)
rates[rates.measure.isin(["n_hedge", "n_booster"])]
"""),
    code("""
fig = plots.fig03_hedge_booster_rates(rates, **STYLE)
plots.save(fig, "fig03_hedge_booster_rates")
fig
"""),
    md("""
## Rate ratio between the sources

A ratio below 1 means the news analysis uses the cue less often than the opinion piece.
"""),
    code("""
na, op = (sentences[sentences.source_id == s] for s in (GA, GB))
pd.DataFrame({kind: stats.rate_ratio(na[f"n_{kind}"], na["n_tokens"], op[f"n_{kind}"], op["n_tokens"], rng=SEED)
              for kind in ("hedge", "booster")}).T[["count_a", "count_b", "rate_a", "rate_b", "ratio", "ci_low", "ci_high", "p"]]
"""),
    md("""
## Concordances: every cue in its context

Key words in context from the cue table's offsets: exactly the occurrences the detectors counted,
with the category and the rule that decided.
"""),
    code("""
dc.concordance(corpus, cues, kind="hedge")
"""),
    code("""
dc.concordance(corpus, cues, kind="booster")
"""),
    md("""
## Annotated articles

The annotated rendering of each article (hedges, boosters, modals by sense, and each sentence's
voice) is written to `figures/annotated_<source>.html`; open it in a browser.
"""),
    code("""
from discourse.render import write_annotated

write_annotated(corpus, sentences, cues, labels=study.SOURCE_LABELS)
"""),
]

NOTEBOOKS["04_modality"] = [
    md("""
# 04 · Modality: sense and strength

Modal expressions (auxiliaries from the tagger's MD tag, semi-modals such as "have to", "be going
to", modal adverbs and adjectives such as "likely") are classified by **sense**: *epistemic*
(how likely: "may have left"), *deontic* (obligation/permission: "must leave") or *dynamic*
(ability/volition: "can swim"), by Biber's category (possibility, necessity, prediction), and by
Halliday's **strength** (low "may", median "will/should", high "must/certainly"). Sense comes from
context rules (perfect and progressive aspect, stative verbs, person, questions), with the
per-modal most common sense as the fallback; accuracy against MASC and MiST is in notebook 07.
"""),
    code(SETUP),
    code("""
modals = cues[cues.kind == "modal"]
pd.crosstab([modals.source_id, modals.sense], modals.strength.fillna("not graded"), margins=True)
"""),
    code("""
fig = plots.fig04_modal_sense_strength(cues, sentences, **STYLE)
plots.save(fig, "fig04_modal_sense_strength")
fig
"""),
    md("""
## Negated modals

"cannot", "won't", "need not": negation changes what a modal commits to.
"""),
    code("""
modals[modals.negated][["source_id", "sent_id", "text", "sense", "category", "strength", "rule"]]
"""),
    md("""
## Hedges, boosters and modals by voice

A news analysis hedges largely through its sources; an opinion piece speaks in its own voice.
Rates per 1,000 tokens, with bootstrap CIs, split by voice.
"""),
    code("""
sentences.groupby(["source_id", "voice"])[["n_tokens", "n_hedge", "n_booster", "n_modal"]].sum()
"""),
    md("""
The rates and their CIs are computed here, one `stats.rates` call over the source × voice groups
(a sentence bootstrap within each group, its own seeded stream per group and measure); the figure
only draws the table.
"""),
    code("""
voiced = sentences.dropna(subset=["voice"])
voice_rates = stats.rates(voiced.assign(group=voiced.source_id + "|" + voiced.voice),
                          ["n_hedge", "n_booster", "n_modal"], by="group", rng=SEED)
voice_rates[["source_id", "voice"]] = voice_rates.group.str.split("|", n=1, expand=True)
voice_rates[["source_id", "voice", "measure", "count", "n_tokens", "rate", "ci_low", "ci_high"]]
"""),
    code("""
fig = plots.fig04_measures_by_voice(voice_rates, **STYLE)
plots.save(fig, "fig04_measures_by_voice")
fig
"""),
]

NOTEBOOKS["05_framing"] = [
    md("""
# 05 · Framing the prospects for diplomacy: voice, frames, actors, prospect statements

Sentiment, hedges and modals answer the study's question only once we know *whose* voice a
sentence is in, *what* it is about and *who* acts.

* **Voice**: reporting verbs with clausal complements ("officials say", "according to"), including
  attribution that follows the clause, and quotations (also across sentences); scare quotes around
  a word or two do not make a sentence quoted.
* **Frames**: a cited lexicon (`discourse/lexicons/frames.tsv`) matched on lemmas; one sentence can
  carry several frames.
* **Actors**: a gazetteer plus named entities, grouped into US side, Iran side, mediators and others.
* **Prospect statements**: sentences that assess whether diplomacy can work, each with a stance
  score from its markers, negation, hedges, boosters and sentiment.
"""),
    code(SETUP),
    code("""
pd.crosstab(sentences.source_id, sentences.voice, margins=True)
"""),
    code("""
sentences[sentences.voice != "authorial"][["source_id", "voice", "speaker", "text"]].head(12)
"""),
    md("""
## Frames
"""),
    code("""
frame_share = (sentences.assign(frame=sentences.frames.str.split("|")).explode("frame")
               .query("frame != ''").groupby(["frame", "source_id"]).size().unstack(fill_value=0))
frame_share
"""),
    code("""
fig = plots.fig05_frame_profile(sentences, **STYLE)
plots.save(fig, "fig05_frame_profile")
fig
"""),
    md("""
## Who does what

Subject–verb–object triples (textacy), with subjects and objects resolved to actor sides and verbs
classed as cooperative (talk, negotiate, mediate), hostile (attack, sanction, reject) or neutral.
"""),
    code("""
svo = dc.svo_table(corpus)
svo[svo.verb_class != "neutral"][["source_id", "subject", "subject_side", "verb", "verb_class", "object", "object_side"]]
"""),
    code("""
fig = plots.fig05_actor_agency(svo, **STYLE)
plots.save(fig, "fig05_actor_agency")
fig
"""),
    md("""
## Prospect statements and their stance
"""),
    code("""
prospects = sentences[sentences.prospect]
pd.crosstab([prospects.source_id, prospects.voice], prospects.prospect_stance, margins=True)
"""),
    code("""
prospects[["source_id", "voice", "prospect_stance", "prospect_score", "text"]]
"""),
    code("""
fig = plots.fig05_prospect_stance(sentences, rng=SEED, **STYLE)
plots.save(fig, "fig05_prospect_stance")
fig
"""),
]

NOTEBOOKS["06_comparison"] = [
    md("""
# 06 · The full comparison, with its uncertainty

One call, `dc.compare`, compares the two sources on every measure: rates per 1,000 tokens (rate
ratio with a sentence-bootstrap CI, permutation test), sentence scores (Cliff's delta and Hedges' g
with CIs, permutation test and Mann–Whitney U), shares of sentences (difference with a Newcombe CI,
Fisher's exact test) and the keyness of cue types. p-values are adjusted with Benjamini–Hochberg
within each family, raw and adjusted side by side. The table is written to `data/processed/` with
the seed and package version.
"""),
    code(SETUP),
    code("""
results = dc.compare(sentences, cues, groups=study.GROUPS, rng=SEED, categorical_cols=["voice", "prospect_stance"])
out = stats.write_comparison(results, dc.paths.processed_dir() / "comparison.csv", seed=SEED,
                             package_version=dc.__version__, extra=analysis.info)
results.groupby("family").size()
"""),
    code("""
cols = ["family", "measure", "estimate_a", "estimate_b", "effect_type", "effect", "ci_low", "ci_high", "p", "p_adj"]
results[results.family != "keyness"].sort_values("p")[cols].head(15)
"""),
    code("""
fig = plots.fig06_effect_forest(results, labels=study.SOURCE_LABELS, palette=study.SOURCE_COLORS)
plots.save(fig, "fig06_effect_forest")
fig
"""),
    md("""
## Keyness of words

Which lemmas distinguish the two texts? Log-odds ratio with an informative Dirichlet prior
(Monroe, Colaresi & Quinn 2008; pooled counts as the prior), with the raw counts, G² and the log
ratio. Keyness treats tokens as independent, which overstates certainty for clustered text: read
it as description, not inference.
"""),
    code("""
terms = dc.term_counts(corpus)
wide = terms.pivot_table(index="term", columns="source_id", values="count", fill_value=0)
key = stats.keyness(wide[GA], wide[GB])
key.head(10)
"""),
    code("""
fig = plots.fig06_keyness(key, study.GROUPS, labels=study.SOURCE_LABELS, palette=study.SOURCE_COLORS)
plots.save(fig, "fig06_keyness")
fig
"""),
    md("""
## What differs, and how sure we are

The summary below is generated from the table above (no number is typed by hand).
"""),
    code("""
from IPython.display import Markdown

from discourse.report import plain_summary

Markdown(plain_summary(results, labels=study.SOURCE_LABELS))
"""),
]

NOTEBOOKS["07_validation"] = [
    md("""
# 07 · How well do the measures agree with people?

Each detector is scored against human-annotated public data (`../shared/validation/`, not copied
into this repository because of its licences): hedge cues (Szeged Uncertainty Corpus, SFU Review
corpus), modal senses (MASC, MiST) and sentence sentiment (the VADER human-rated sets). The scores
are drawn from the committed table `data/processed/validation_scores.csv`, so this notebook rebuilds
anywhere. To recompute the table where the data is available:

```bash
make validate            # = python -m discourse validate  (DISCOURSE_VALIDATION_DIR sets the folder)
```
"""),
    code("""
import pandas as pd

from discourse import paths, plots

scores = pd.read_csv(paths.PROCESSED_DIR / "validation_scores.csv")
overall = scores[scores.subset == "all"]
overall.pivot_table(index=["task", "file", "method"], columns="metric", values="value").round(3)
"""),
    code("""
fig = plots.fig07_validation_scores(scores)
plots.save(fig, "fig07_validation_scores")
fig
"""),
    md("""
## Modal sense, verb by verb

The per-modal majority sense is the baseline a context-aware classifier must beat.
"""),
    code("""
per_modal = scores[(scores.task == "modal") & (scores.subset != "all")]
per_modal.pivot_table(index=["file", "subset"], columns="method", values="value").round(3)
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
