"""Every registered figure draws from tidy tables, saves byte-identically and fails clearly.

The tables are synthetic but follow the schemas of ``tables.analyze`` (sentences, cues),
``stats.rates``/``stats.compare``/``stats.keyness``, the SVO table and the validation scores,
so the figures are tested without parsing anything.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
import pytest

from discourse import plots, render, stats, study, style
from discourse.errors import InputError
from discourse.measures import attribution, framing, modality, prospects
from discourse.tables import prospect_statements

SOURCES = ("news_analysis", "opinion")
FRAMES = ("diplomacy", "conflict", "economic_pressure", "domestic_politics", "mediation")
HEDGE_CATS = ("doxastic_verb", "epistemic_adverb", "modal")
BOOSTER_CATS = ("factive_verb", "negative_certainty")
N_RESAMPLES = 199  # the figures' CIs need not be precise here, only drawn


# --------------------------------------------------------------------------- synthetic tables
def make_sentences(sources=SOURCES, n=(44, 38), seed=1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for s, ns in zip(sources, n):
        for i in range(ns):
            tok = int(rng.integers(8, 40))
            hc = {c: int(rng.poisson(0.12)) for c in HEDGE_CATS}
            bc = {c: int(rng.poisson(0.08)) for c in BOOSTER_CATS}
            me, md, my = (int(rng.poisson(x)) for x in (0.3, 0.1, 0.1))
            pros = bool(rng.random() < 0.35)
            ps = float(np.clip(rng.normal(-0.3 if s == sources[0] else 0.1, 0.4), -1, 1)) if pros else 0.0
            rows.append({
                "source_id": s, "segment_id": i // 2, "sent_id": i, "text": f"Sentence {i} of {s}.",
                "start_char": 100 * i, "end_char": 100 * i + 60, "n_tokens": tok,
                "sentiment": float(np.clip(rng.normal(-0.1 if s == sources[0] else 0.05, 0.35), -1, 1)),
                "vader": float(np.clip(rng.normal(0, 0.4), -1, 1)),
                "textblob_polarity": float(np.clip(rng.normal(0, 0.2), -1, 1)),
                "textblob_subjectivity": float(rng.uniform(0, 1)),
                "n_hedge": sum(hc.values()), "n_booster": sum(bc.values()),
                "n_modal": me + md + my, "n_modal_epistemic": me, "n_modal_deontic": md, "n_modal_dynamic": my,
                **{f"n_hedge_{c}": v for c, v in hc.items()}, **{f"n_booster_{c}": v for c, v in bc.items()},
                "voice": str(rng.choice(["authorial", "authorial", "reported", "quoted"])),
                "speaker": "", "frames": "|".join(sorted(set(rng.choice(FRAMES, size=int(rng.integers(0, 3)))))),
                "actors": "|".join(sorted(set(rng.choice(["us", "iran", "mediator"], size=int(rng.integers(0, 3)))))),
                "prospect": pros, "prospect_score": ps,
                "prospect_stance": (("pessimistic" if ps < -0.2 else "optimistic" if ps > 0.2 else "mixed")
                                    if pros else "neutral"),
            })
    return pd.DataFrame(rows)


def make_cues(sentences: pd.DataFrame, seed=2) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for r in sentences.itertuples():
        for sense in ("epistemic", "deontic", "dynamic"):
            for _ in range(getattr(r, f"n_modal_{sense}")):
                strength = None if sense == "dynamic" else str(rng.choice(["low", "median", "high"]))
                rows.append({"source_id": r.source_id, "segment_id": r.segment_id, "role": "body", "kind": "modal",
                             "text": "may", "lemma": "may", "start_char": r.start_char, "end_char": r.start_char + 3,
                             "sent_id": r.sent_id, "category": "possibility", "sense": sense, "strength": strength,
                             "negated": False})
        for kind, cats in (("hedge", HEDGE_CATS), ("booster", BOOSTER_CATS)):
            for c in cats:
                for _ in range(getattr(r, f"n_{kind}_{c}")):
                    lemma = {"doxastic_verb": "believe", "epistemic_adverb": "perhaps", "modal": "could",
                             "factive_verb": "show", "negative_certainty": "cannot"}[c]
                    rows.append({"source_id": r.source_id, "segment_id": r.segment_id, "role": "body",
                                 "kind": kind, "text": lemma, "lemma": lemma, "start_char": r.start_char,
                                 "end_char": r.start_char + len(lemma), "sent_id": r.sent_id, "category": c,
                                 "sense": None, "strength": "median", "negated": False})
    return pd.DataFrame(rows)


def make_svo(sentences: pd.DataFrame, seed=3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for r in sentences.sample(frac=0.7, random_state=seed).sort_values(["source_id", "sent_id"]).itertuples():
        rows.append({"source_id": r.source_id, "sent_id": r.sent_id, "subject": "Tehran",
                     "subject_side": str(rng.choice(["us", "iran", "iran", "mediator", "other", ""])),
                     "verb": "talk", "verb_class": str(rng.choice(["cooperative", "hostile", "neutral"])),
                     "object": "Washington", "object_side": "us"})
    return pd.DataFrame(rows)


def make_scores() -> pd.DataFrame:
    rows = []
    for f, v in (("szeged_wiki.tsv", 0.55), ("szeged_wiki_epistemic.tsv", 0.6), ("sfu_review_speculation.tsv", 0.5)):
        for m, x in (("precision", v + 0.1), ("recall", v - 0.05), ("f1", v)):
            rows.append(("hedge", f, "discourse", "all", m, x, 5000))
    for f in ("masc_modal_senses.tsv", "mist_henning2022.tsv"):
        rows += [("modal", f, "discourse", "all", "accuracy", 0.8, 1966),
                 ("modal", f, "majority_same_file", "all", "accuracy", 0.78, 1966),
                 ("modal", f, "majority_other_file", "all", "accuracy", 0.7, 1966),
                 ("modal", f, "discourse", "can", "accuracy", 0.9, 300)]
    for f in ("vader_tweets.tsv", "vader_movieReviewSnippets.tsv"):
        for meth, base in (("vader", 0.8), ("textblob", 0.5), ("lexicon", 0.6), ("ensemble", 0.75)):
            for m, d in (("pearson_r", 0), ("spearman_rho", -0.02), ("f1_macro", -0.1)):
                rows.append(("sentiment", f, meth, "all", m, base + d, 4000))
    return pd.DataFrame(rows, columns=["task", "file", "method", "subset", "metric", "value", "n"])


@pytest.fixture(scope="module")
def sentences():
    return make_sentences()


@pytest.fixture(scope="module")
def cues(sentences):
    return make_cues(sentences)


def make_composition(sentences: pd.DataFrame) -> pd.DataFrame:
    """A :func:`discourse.tables.composition`-shaped table (body from the sentences, a title each)."""
    rows = []
    for s, d in sentences.groupby("source_id", sort=False):
        rows.append({"source_id": s, "role": "title", "n_segments": 1, "n_sentences": 1, "n_tokens": 9})
        rows.append({"source_id": s, "role": "body", "n_segments": int(d.segment_id.nunique()),
                     "n_sentences": len(d), "n_tokens": int(d.n_tokens.sum())})
    return pd.DataFrame(rows)


def make_voice_rates(sentences: pd.DataFrame, measures=("n_hedge", "n_booster", "n_modal")) -> pd.DataFrame:
    """Rates per source x voice, as notebook 04 computes them (one stats.rates call on a joint key)."""
    d = sentences.dropna(subset=["voice"])
    r = stats.rates(d.assign(group=d.source_id + "|" + d.voice), list(measures), by="group", rng=0,
                    n_resamples=N_RESAMPLES)
    r[["source_id", "voice"]] = r.group.str.split("|", n=1, expand=True)
    return r


def make_prospect_inputs(sentences: pd.DataFrame, seed=4) -> tuple:
    """fig08's inputs as notebook 08 makes them: prospect statements and the writer's share per source."""
    rng = np.random.default_rng(seed)
    s = sentences.assign(doc_id=sentences.source_id,
                         source_type=rng.choice(["named", "anonymous", "institutional"], len(sentences)),
                         commitment=rng.choice(["entertain", "deny", "proclaim", "bare"], len(sentences)))
    statements = prospect_statements(s)
    prospects = s[s.prospect].assign(who=statements["who"].astype(str).to_numpy())
    shares = stats.group_estimates(prospects, by="source_id", categorical_cols=["who"], count_cols=[],
                                   score_cols=[], rng=0, n_resamples=N_RESAMPLES)
    return (statements, shares), {}


def make_tables(sentences: pd.DataFrame, cues: pd.DataFrame) -> dict:
    """Every input, keyed by the figure that takes it (positional args, keyword args); the two
    compared groups (keyness, forest) are the first two sources of ``sentences``."""
    groups = tuple(dict.fromkeys(sentences.source_id))[:2]
    count_cols = ["n_hedge", "n_booster"] + [f"n_hedge_{c}" for c in HEDGE_CATS] + [f"n_booster_{c}" for c in BOOSTER_CATS]
    rates = stats.rates(sentences, count_cols, rng=0, n_resamples=N_RESAMPLES)
    pair = sentences[sentences.source_id.isin(groups)]
    comparison = stats.compare(pair, cues[cues.source_id.isin(groups)], groups=groups, rng=0, n_resamples=N_RESAMPLES)
    a = cues[cues.source_id == groups[0]]["lemma"].value_counts()
    b = cues[cues.source_id == groups[1]]["lemma"].value_counts()
    key = stats.keyness(a, b)
    means = stats.score_summary(sentences, rng=0, n_resamples=N_RESAMPLES)
    voice_means = stats.score_summary(sentences, by=["source_id", "voice"], rng=0, n_resamples=N_RESAMPLES)
    prospect_means = stats.score_summary(sentences[sentences.prospect], score="prospect_score", rng=0,
                                         n_resamples=N_RESAMPLES)
    stance_shares = stats.label_shares(sentences[sentences.prospect], "prospect_stance",
                                       levels=plots.STANCE_DISPLAY_ORDER)
    return {
        "fig01_corpus_composition": ((make_composition(sentences),), {}),
        "fig02_sentiment_distribution": ((sentences, means), {}),
        "fig02_sentiment_arc": ((sentences,), {}),
        "fig02_sentiment_by_voice": ((sentences, voice_means), {}),
        "fig03_hedge_booster_rates": ((rates,), {}),
        "fig04_modal_sense_strength": ((cues, sentences), {}),
        "fig04_measures_by_voice": ((make_voice_rates(sentences),), {}),
        "fig05_frame_profile": ((stats.label_shares(sentences, "frames"),), {}),
        "fig05_actor_agency": ((make_svo(sentences),), {}),
        "fig05_prospect_stance": ((sentences, stance_shares, prospect_means), {}),
        "fig06_keyness": ((key, groups), {}),
        "fig06_effect_forest": ((comparison,), {}),
        "fig07_validation_scores": ((stats.with_metric_ci(make_scores()),), {}),
        "fig08_prospects_voice_commitment": make_prospect_inputs(sentences),
    }


@pytest.fixture(scope="module")
def all_tables(sentences, cues):
    return make_tables(sentences, cues)


@pytest.fixture(scope="module")
def tables(all_tables):
    """The inputs of every figure but fig01 (tested on the study's own table in test_figures.py)."""
    return {k: v for k, v in all_tables.items() if k != "fig01_corpus_composition"}


NEW_FIGURES = sorted(set(plots.REGISTRY) - {"fig01_corpus_composition"})


def _digest(paths):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


# --------------------------------------------------------------------------- registry
NOTEBOOKS = ("01_corpus", "02_sentiment", "03_hedging", "04_modality", "05_framing", "06_comparison", "07_validation",
             "08_answer")


@pytest.mark.parametrize("fig_id", sorted(plots.REGISTRY))
def test_registry_entry_has_notebook_and_caption(fig_id):
    spec = plots.REGISTRY[fig_id]
    assert spec.notebook in NOTEBOOKS
    assert fig_id.startswith(f"fig{spec.notebook[:2]}_"), "a figure's number is its notebook's number"
    assert len(spec.caption) > 40 and spec.function.__name__ == fig_id


def test_every_new_figure_has_a_test_input(tables):
    assert set(NEW_FIGURES) == set(tables)


# --------------------------------------------------------------------------- drawing and saving
@pytest.mark.parametrize("fig_id", NEW_FIGURES)
def test_figure_is_byte_identical_on_rerun(fig_id, tables, tmp_path):
    args, kwargs = tables[fig_id]
    fn = plots.REGISTRY[fig_id].function
    a = _digest(plots.save(fn(*args, **kwargs), fig_id, folder=tmp_path / "a", formats=("png", "svg")))
    b = _digest(plots.save(fn(*args, **kwargs), fig_id, folder=tmp_path / "b", formats=("png", "svg")))
    assert a == b and set(a) == {f"{fig_id}.png", f"{fig_id}.svg"}


def test_pdf_is_deterministic_too(tables, tmp_path):
    fid = "fig06_effect_forest"
    args, kwargs = tables[fid]
    fn = plots.REGISTRY[fid].function
    a = plots.save(fn(*args, **kwargs), fid, folder=tmp_path / "a", formats=("pdf",))[0].read_bytes()
    b = plots.save(fn(*args, **kwargs), fid, folder=tmp_path / "b", formats=("pdf",))[0].read_bytes()
    assert a == b and b"CreationDate" not in a


@pytest.mark.parametrize("fig_id", NEW_FIGURES)
def test_figure_has_no_overlapping_tick_labels(fig_id, tables):
    """A cheap guard against unreadable figures: y tick labels of one axis never overlap."""
    args, kwargs = tables[fig_id]
    fig = plots.REGISTRY[fig_id].function(*args, **kwargs)
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    for ax in fig.axes:
        boxes = [t.get_window_extent(r) for t in ax.get_yticklabels() if t.get_visible() and t.get_text()]
        boxes.sort(key=lambda b: b.y0)
        for lo, hi in zip(boxes, boxes[1:]):
            assert hi.y0 >= lo.y1 - 1.5, f"{fig_id}: y tick labels overlap on {ax.get_title()!r}"
    plots.plt.close(fig)


PER_SOURCE_FIGURES = [f for f in NEW_FIGURES if f not in ("fig06_keyness", "fig06_effect_forest",
                                                          "fig07_validation_scores")]  # two groups / no sources


@pytest.mark.parametrize("fig_id", PER_SOURCE_FIGURES)
def test_figure_draws_a_single_source(fig_id, tables):
    """Any number of sources >= 1."""
    args, kwargs = tables[fig_id]
    one = tuple(a[a["source_id"] == "opinion"] if isinstance(a, pd.DataFrame) else a for a in args)
    fig = plots.REGISTRY[fig_id].function(*one, **kwargs)
    assert fig.axes
    plots.plt.close(fig)


def test_three_sources_get_distinct_colours():
    s = make_sentences(sources=("news_analysis", "opinion", "editorial"), n=(20, 20, 20))
    fig = plots.fig02_sentiment_distribution(s, stats.score_summary(s, n_resamples=N_RESAMPLES))
    assert len(fig.axes[0].get_yticklabels()) == 3
    plots.plt.close(fig)
    assert len(set(plots.style.palette(["news_analysis", "opinion", "editorial"]).values())) == 3


# --------------------------------------------------------------------------- clear errors
@pytest.mark.parametrize("fig_id", NEW_FIGURES)
def test_missing_column_is_named(fig_id, tables):
    args, kwargs = tables[fig_id]
    first = args[0]
    col = {"fig06_keyness": "z", "fig06_effect_forest": "p_adj", "fig07_validation_scores": "value",
           "fig03_hedge_booster_rates": "ci_low", "fig05_actor_agency": "verb_class",
           "fig04_modal_sense_strength": "sense", "fig05_frame_profile": "level",
           "fig05_prospect_stance": "prospect_score",
           "fig08_prospects_voice_commitment": "commitment"}.get(fig_id, "voice" if "voice" in fig_id else "sentiment")
    broken = (first.drop(columns=[col]),) + args[1:]
    with pytest.raises(InputError, match=rf"{fig_id}.*lacks column\(s\) \['{col}'\]"):
        plots.REGISTRY[fig_id].function(*broken, **kwargs)


@pytest.mark.parametrize("fig_id", NEW_FIGURES)
def test_empty_table_is_a_clear_value_error(fig_id, tables):
    args, kwargs = tables[fig_id]
    empty = tuple(a.iloc[0:0] if isinstance(a, pd.DataFrame) else a for a in args)
    with pytest.raises(ValueError, match=fig_id):
        plots.REGISTRY[fig_id].function(*empty, **kwargs)


def test_not_a_dataframe_is_a_clear_error():
    with pytest.raises(InputError, match="must be a pandas DataFrame"):
        plots.fig02_sentiment_arc([1, 2, 3])


def test_absent_categories_are_handled(sentences, cues):
    """No prospect statement at all is an error that says so; absent frames/voices just do not show."""
    s = sentences.assign(prospect=False)
    with pytest.raises(InputError, match="no sentence is a prospect statement"):
        plots.fig05_prospect_stance(s, stats.label_shares(s[s.prospect], "prospect_stance"),
                                    stats.score_summary(s, score="prospect_score", n_resamples=N_RESAMPLES))
    s = sentences.assign(frames="")
    with pytest.raises(InputError, match="no sentence carries a frame"):
        plots.fig05_frame_profile(stats.label_shares(s, "frames"))
    wanted = ["diplomacy", "never_seen"]
    fig = plots.fig05_frame_profile(stats.label_shares(sentences, "frames", levels=wanted), frames=wanted)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["diplomacy", "never seen"]
    plots.plt.close(fig)
    with pytest.raises(InputError, match=r"no row for level\(s\) \['never_seen'\].*levels="):
        plots.fig05_frame_profile(stats.label_shares(sentences, "frames"), frames=wanted)
    only_authorial = sentences.assign(voice="authorial")
    fig = plots.fig02_sentiment_by_voice(only_authorial, stats.score_summary(
        only_authorial, by=["source_id", "voice"], n_resamples=N_RESAMPLES))
    assert len(fig.axes[0].get_xticklabels()) == 1
    plots.plt.close(fig)
    no_modals = cues[cues.kind != "modal"]
    fig = plots.fig04_modal_sense_strength(no_modals, sentences)  # all cells 0, drawn as dashes
    plots.plt.close(fig)


def test_rates_without_requested_kind_is_a_clear_error(tables):
    (rates,), _ = tables["fig03_hedge_booster_rates"]
    with pytest.raises(InputError, match="no measure n_<kind>"):
        plots.fig03_hedge_booster_rates(rates, kinds=("attitude",))


def test_wilson_interval_matches_known_values():
    lo, hi = stats.wilson_ci(0, 10)
    assert lo == 0 and hi == pytest.approx(0.2775, abs=1e-4)  # Newcombe (1998) table, 0/10
    lo, hi = stats.wilson_ci(5, 10)
    assert (lo, hi) == (pytest.approx(0.2366, abs=1e-4), pytest.approx(0.7634, abs=1e-4))
    assert np.isnan(stats.wilson_ci(0, 0)[0])


def test_mean_ci_is_seeded_and_covers_the_mean():
    x = np.random.default_rng(0).normal(0.2, 0.3, 50)
    a, b = stats.mean_ci(x, rng=1, n_resamples=999), stats.mean_ci(x, rng=1, n_resamples=999)
    assert a == b and a["ci_low"] < a["mean"] < a["ci_high"] and a["ci_method"] == "BCa"
    assert stats.mean_ci([0.5, 0.5, 0.5])["ci_method"] == "degenerate"
    assert np.isnan(stats.mean_ci([0.5])["ci_low"])


# --------------------------------------------------------------------------- no study in the library
OTHER = ("c_weekly", "a_daily", "b_tribune")  # another corpus's outlets, deliberately not in sorted order
STUDY_STRINGS = (*study.SOURCE_LABELS.values(), *study.SOURCE_ORDER, "mid-2019", "Jan 2020", "opinion")
TOL = [c.lower() for c in style.TOL_BRIGHT]


@pytest.fixture(scope="module")
def other_tables():
    s = make_sentences(sources=OTHER, n=(30, 26, 22), seed=7)
    return make_tables(s, make_cues(s, seed=8))


def _texts(fig) -> list[str]:
    """Every string drawn on a figure (titles, tick labels, legends, annotations)."""
    fig.canvas.draw()
    return [t.get_text() for t in fig.findobj(plots.matplotlib.text.Text) if t.get_text()]


def _scatter_colors(ax) -> list[str]:
    """The face colour of each scatter (point cloud) on ``ax``, in drawing order, as hex."""
    return [mcolors.to_hex(c.get_facecolor()[0], keep_alpha=False) for c in ax.collections
            if len(c.get_offsets()) > 1 and len(c.get_facecolor())]


@pytest.mark.parametrize("fig_id", sorted(set(plots.REGISTRY) - {"fig07_validation_scores"}))
def test_figure_on_other_groups_shows_no_study_label(fig_id, other_tables):
    """Outlets of another corpus are labelled by their own names; nothing of the study shows."""
    args, kwargs = other_tables[fig_id]
    fig = plots.REGISTRY[fig_id].function(*args, **kwargs)
    texts = _texts(fig)
    plots.plt.close(fig)
    leaked = [t for t in texts for w in STUDY_STRINGS if w.lower() in t.lower()]
    assert not leaked, f"{fig_id} shows study text {leaked}"
    shown = OTHER[:2] if fig_id.startswith("fig06") else OTHER
    for g in shown:
        assert any(g in t for t in texts), f"{fig_id} does not name group {g!r}: {texts}"


def test_neutral_palette_is_tol_bright_in_sorted_order(other_tables):
    assert style.palette(["c", "a", "b"]) == {"c": style.TOL_BRIGHT[2], "a": style.TOL_BRIGHT[0], "b": style.TOL_BRIGHT[1]}
    assert style.palette(["x", "y"], {"y": style.TOL_BRIGHT[0]}) == {"x": style.TOL_BRIGHT[1], "y": style.TOL_BRIGHT[0]}
    assert len(set(style.palette([f"g{i}" for i in range(7)]).values())) == 7
    (s, m), kw = other_tables["fig02_sentiment_distribution"]
    fig = plots.fig02_sentiment_distribution(s, m, **kw)
    # drawn in order of appearance (c, a, b); coloured in sorted order (a, b, c)
    assert [t.get_text().split("\n")[0] for t in fig.axes[0].get_yticklabels()] == list(OTHER)
    assert _scatter_colors(fig.axes[0]) == [TOL[2], TOL[0], TOL[1]]
    plots.plt.close(fig)


def test_labels_palette_and_order_are_the_callers(other_tables):
    (s, m), kw = other_tables["fig02_sentiment_distribution"]
    fig = plots.fig02_sentiment_distribution(s, m, labels={"a_daily": "A Daily"}, palette={"b_tribune": "#000000"},
                                             order=["b_tribune", "not_in_table"], **kw)
    assert [t.get_text().split("\n")[0] for t in fig.axes[0].get_yticklabels()] == ["b_tribune", "c_weekly", "A Daily"]
    assert _scatter_colors(fig.axes[0]) == ["#000000", TOL[1], TOL[0]]  # the rest: a_daily, c_weekly sorted
    plots.plt.close(fig)


def test_study_style_gives_the_study_labels_and_colours(tables):
    (s, m), kw = tables["fig02_sentiment_distribution"]
    fig = plots.fig02_sentiment_distribution(s, m, **kw, **study.FIGURE_STYLE)
    assert [t.get_text().split("\n")[0] for t in fig.axes[0].get_yticklabels()] == [
        study.SOURCE_LABELS[g] for g in study.SOURCE_ORDER]
    assert _scatter_colors(fig.axes[0]) == [study.SOURCE_COLORS[g].lower() for g in study.SOURCE_ORDER]
    plots.plt.close(fig)


def test_library_modules_carry_no_study_constant():
    pkg = Path(plots.__file__).parents[1]  # discourse/ (plots is a package inside it)
    words = ("news_analysis", '"opinion"', "'opinion'", "``opinion``", "mid-2019", "Jan 2020")
    for p in sorted(pkg.rglob("*.py")):
        if p.name == "study.py":
            continue
        text = p.read_text(encoding="utf-8")
        found = [w for w in words if w in text]
        assert not found, f"{p.relative_to(pkg)} hard-codes study text {found}: it belongs in discourse/study.py"
        assert "matplotlib.use(" not in text, f"{p.relative_to(pkg)} switches the matplotlib backend"


def test_importing_plots_keeps_the_callers_backend():
    """A notebook's inline backend survives ``import discourse.plots`` (no global switch)."""
    root = str(Path(plots.__file__).resolve().parents[2])
    env = {**os.environ, "MPLBACKEND": "svg", "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = subprocess.run([sys.executable, "-c", "import discourse.plots, matplotlib; print(matplotlib.get_backend())"],
                         env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "svg"


def test_share_figures_reject_the_wrong_share_table(tables):
    """fig05 draws the label_shares table it is given: another measure's table, one counted over every
    sentence instead of the prospect statements, or one missing a stance is an error naming the fix."""
    (s, shares, m), _ = tables["fig05_prospect_stance"]
    (frames,), _ = tables["fig05_frame_profile"]
    with pytest.raises(InputError, match=r"share table is of \['frames'\].*label_shares"):
        plots.fig05_prospect_stance(s, frames, m)
    with pytest.raises(InputError, match=r"share table is of \['prospect_stance'\]"):
        plots.fig05_frame_profile(shares)
    everything = stats.label_shares(s, "prospect_stance", levels=plots.STANCE_DISPLAY_ORDER)
    with pytest.raises(InputError, match=r"counts \[\d+\] statements.*sentences\[sentences.prospect\]"):
        plots.fig05_prospect_stance(s, everything, m)
    rare = shares["level"].value_counts().index[-1]
    with pytest.raises(InputError, match="no row for level"):
        plots.fig05_prospect_stance(s, shares[shares["level"] != rare], m)


def test_level_orders_come_from_the_measures():
    assert plots.VOICES is attribution.VOICES and render.VOICES is attribution.VOICES
    assert plots.SIDES is framing.SIDES
    assert plots.MODAL_SENSES is modality.SENSES and render.SENSES is modality.SENSES
    assert plots.STRENGTHS is modality.STRENGTHS
    # the two display orders differ from the measures' listing on purpose, but hold the same levels
    assert sorted(plots.STANCE_DISPLAY_ORDER) == sorted(prospects.STANCES)
    assert sorted(plots.VERB_CLASS_DISPLAY_ORDER) == sorted(framing.VERB_CLASSES)


def test_display_order_arguments_are_used(tables):
    (s, shares, m), kw = tables["fig05_prospect_stance"]
    for stances in (plots.STANCE_DISPLAY_ORDER, tuple(reversed(plots.STANCE_DISPLAY_ORDER))):
        fig = plots.fig05_prospect_stance(s, shares, m, stances=stances, **kw)
        assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == list(stances)
        plots.plt.close(fig)
    (svo,), _ = tables["fig05_actor_agency"]
    fig = plots.fig05_actor_agency(svo, verb_classes=("hostile", "cooperative"))
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["hostile verb", "cooperative verb", "neutral verb"]  # unlisted levels follow
    plots.plt.close(fig)


def test_measures_by_voice_takes_a_rates_table_and_names_missing_measures(tables):
    (r,), _ = tables["fig04_measures_by_voice"]
    with pytest.raises(InputError, match=r"fig04_measures_by_voice.*no rows for measure\(s\) \['n_attitude'\]"):
        plots.fig04_measures_by_voice(r, measures=("n_hedge", "n_attitude"))
    fig = plots.fig04_measures_by_voice(r, measures=("n_modal",))
    assert len(fig.axes) == 1
    plots.plt.close(fig)


# --------------------------------------------------------------------------- annotated HTML
class _Corpus:
    """The two attributes render uses: ``text(source_id)`` and ``sources`` (title)."""

    def __init__(self, texts):
        self.texts = texts
        self.sources = pd.DataFrame({"source_id": list(texts), "title": [f"Title of {k}" for k in texts]})

    @property
    def source_ids(self):
        return list(self.texts)

    def text(self, source_id):
        from discourse.errors import UnknownSourceError

        if source_id not in self.texts:
            raise UnknownSourceError(f"Unknown source {source_id!r}")
        return self.texts[source_id]


RAW = ("Title line\n\nOfficials believe talks may resume. <Iran> cannot accept & will not bend.\n"
       "\"We must talk,\" Zarif said.\n")


def _locate(text, sub, nth=0):
    i = -1
    for _ in range(nth + 1):
        i = text.index(sub, i + 1)
    return i, i + len(sub)


@pytest.fixture()
def html_inputs():
    texts = {"news_analysis": RAW}
    s_texts = ["Officials believe talks may resume.", "<Iran> cannot accept & will not bend.",
               "\"We must talk,\" Zarif said."]
    rows = []
    for k, t in enumerate(s_texts):
        a, b = _locate(RAW, t)
        rows.append({"source_id": "news_analysis", "segment_id": 1 if k < 2 else 2, "sent_id": k, "text": t,
                     "start_char": a, "end_char": b, "n_tokens": len(t.split()), "sentiment": 0.1 * k,
                     "voice": ["reported", "authorial", "quoted"][k], "speaker": ["officials", "", "Zarif"][k]})
    sentences = pd.DataFrame(rows)
    spec = [("hedge", "believe", "doxastic_verb", None, "median", False),
            ("modal", "may", "possibility", "epistemic", "low", False),
            ("hedge", "may", "modal", "epistemic", "low", False),
            ("modal", "can", "possibility", "dynamic", None, True),
            ("booster", "cannot", "negative_certainty", None, "high", True),
            ("modal", "will", "prediction", "epistemic", "median", True),
            ("modal", "must", "necessity", "deontic", "high", False)]
    cue_rows = []
    for kind, text, cat, sense, strength, neg in spec:
        a, b = _locate(RAW, text)
        cue_rows.append({"source_id": "news_analysis", "segment_id": 1, "role": "body", "kind": kind, "text": text,
                         "lemma": text, "start_char": a, "end_char": b, "sent_id": 0, "category": cat, "sense": sense,
                         "strength": strength, "negated": neg, "rule": "lexical"})
    return _Corpus(texts), sentences, pd.DataFrame(cue_rows)


def test_render_marks_every_cue_and_voice(html_inputs):
    corpus, sentences, cues = html_inputs
    out = render.render_annotated(corpus, sentences, cues, "news_analysis")
    assert out.startswith("<!DOCTYPE html>") and "<script" not in out  # self-contained, static
    for text in ("believe", "may", "will", "must"):
        assert f">{text}</span>" in out
    assert ">can</span>" in out and "not</span>" in out  # "cannot": modal "can" inside booster "cannot"
    assert "&lt;Iran&gt;" in out and "&amp;" in out  # text escaped
    assert "border-left-color:#66CCEE" in out and "border-left-color:#AA3377" in out  # reported, quoted
    assert "Zarif" in out and "hedge (2)" in out and "modal: deontic (1)" in out
    # overlapping cues on the same characters: both kinds in one span (hedge background + modal underline)
    assert 'class="c k-modal k-hedge"' in out or 'class="c k-hedge k-modal"' in out
    assert "negated" in out


def test_render_is_deterministic_and_writes_one_file_per_source(html_inputs, tmp_path):
    corpus, sentences, cues = html_inputs
    a = render.write_annotated(corpus, sentences, cues, folder=tmp_path / "a")
    b = render.write_annotated(corpus, sentences, cues, folder=tmp_path / "b")
    assert [p.name for p in a] == ["annotated_news_analysis.html"]
    assert a[0].read_bytes() == b[0].read_bytes()


def test_render_default_folder_is_figures_dir(html_inputs):
    from discourse import paths

    corpus, sentences, cues = html_inputs
    (p,) = render.write_annotated(corpus, sentences, cues)
    assert p.parent == paths.figures_dir()


def test_render_refuses_offsets_that_do_not_match_the_text(html_inputs):
    corpus, sentences, cues = html_inputs
    shifted = cues.assign(start_char=cues.start_char + 1, end_char=cues.end_char + 1)
    with pytest.raises(InputError, match="do not index the raw text"):
        render.render_annotated(corpus, sentences, shifted, "news_analysis")


def test_render_errors_are_clear(html_inputs):
    from discourse.errors import UnknownSourceError

    corpus, sentences, cues = html_inputs
    with pytest.raises(InputError, match=r"lacks column\(s\) \['end_char'\]"):
        render.render_annotated(corpus, sentences, cues.drop(columns="end_char"), "news_analysis")
    with pytest.raises(UnknownSourceError):
        render.render_annotated(corpus, sentences, cues, "nope")
    no_voice = render.render_annotated(corpus, sentences.drop(columns=["voice"]), cues, "news_analysis")
    assert "no <code>voice</code> column" in no_voice


def test_render_labels_are_the_callers(html_inputs):
    corpus, sentences, cues = html_inputs
    plain = render.render_annotated(corpus, sentences, cues, "news_analysis")
    assert study.SOURCE_LABELS["news_analysis"] not in plain  # neutral default: the id itself
    named = render.render_annotated(corpus, sentences, cues, "news_analysis", labels={"news_analysis": "The <Post>"})
    assert '<p class="sub">The &lt;Post&gt; \u00b7 <code>news_analysis</code>' in named


# --------------------------------------------------------------------------- on the study's own tables
@pytest.fixture(scope="module")
def study_tables(corpus, nlp):
    from discourse import tables as tb

    sentences, cues = tb.analyze(corpus, nlp=nlp)
    return corpus, sentences, cues


def test_render_on_the_study_texts_shows_every_cue(study_tables, tmp_path):
    corpus, sentences, cues = study_tables
    paths_ = render.write_annotated(corpus, sentences, cues, folder=tmp_path)
    assert sorted(p.name for p in paths_) == ["annotated_news_analysis.html", "annotated_opinion.html"]
    for sid in ("news_analysis", "opinion"):
        out = (tmp_path / f"annotated_{sid}.html").read_text(encoding="utf-8")
        raw = corpus.text(sid)
        for c in cues[cues.source_id == sid].itertuples():
            assert raw[c.start_char:c.end_char] == c.text
            assert f"{c.kind} \u201c" in out  # the cue's tooltip
        n_sent = int((sentences.source_id == sid).sum())
        assert out.count('<div class="s"') == n_sent


def test_figures_draw_on_the_study_tables(study_tables):
    _, sentences, cues = study_tables
    for fig in (plots.fig02_sentiment_distribution(sentences, stats.score_summary(sentences, n_resamples=N_RESAMPLES)),
                plots.fig02_sentiment_arc(sentences),
                plots.fig04_modal_sense_strength(cues, sentences)):
        assert fig.axes
        plots.plt.close(fig)


def test_fig08_prospects_on_other_groups_has_no_study_text():
    statements = pd.DataFrame({"source_id": ["a", "a", "b", "b", "b"],
                               "who": ["writer", "named", "writer", "writer", "anonymous"],
                               "commitment": ["deny", "bare", "entertain", "proclaim", "bare"],
                               "prospect_stance": ["pessimistic", "optimistic", "mixed", "pessimistic", "neutral"]})
    shares = pd.DataFrame({"source_id": ["a", "b"], "measure": ["who=writer"] * 2, "estimate": [0.5, 0.67],
                           "ci_low": [0.1, 0.2], "ci_high": [0.9, 1.0]})
    fig = plots.fig08_prospects_voice_commitment(statements, shares)
    texts = " ".join([ax.get_title(loc="left") for ax in fig.axes] + [t.get_text() for t in fig.axes[0].get_yticklabels()])
    assert "a (n = 2)" in texts and "b (n = 3)" in texts and "Opinion" not in texts
    assert sum(len(ax.collections) for ax in fig.axes[:2]) == 5  # one mark per statement


# --------------------------------------------------------------------------- precomputed statistics
def test_score_figures_draw_the_summary_they_are_given(tables):
    """The mean and CI drawn are the table's (stats.score_summary), not recomputed."""
    (s, m), kw = tables["fig02_sentiment_distribution"]
    fake = m.assign(mean=[0.5, -0.5], ci_low=[0.4, -0.6], ci_high=[0.6, -0.4])
    fig = plots.fig02_sentiment_distribution(s, fake, **kw)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["mean +0.50 [+0.40, +0.60]", "mean -0.50 [-0.60, -0.40]"]
    plots.plt.close(fig)


def test_score_summary_of_another_score_or_group_is_refused(tables):
    (s, m), kw = tables["fig02_sentiment_distribution"]
    with pytest.raises(InputError, match=r"fig02_sentiment_distribution.*\['vader'\], not 'sentiment'"):
        plots.fig02_sentiment_distribution(s, m.assign(measure="vader"), **kw)
    with pytest.raises(InputError, match=r"fig02_sentiment_distribution.*no row for 'news_analysis'"):
        plots.fig02_sentiment_distribution(s, m[m.source_id != "news_analysis"], **kw)
    with pytest.raises(InputError, match=r"score summary table lacks column\(s\) \['ci_low'\]"):
        plots.fig02_sentiment_distribution(s, m.drop(columns=["ci_low"]), **kw)
    (s, m), kw = tables["fig02_sentiment_by_voice"]
    with pytest.raises(InputError, match=r"fig02_sentiment_by_voice.*no row for \('opinion', 'quoted'\)"):
        plots.fig02_sentiment_by_voice(s, m[~((m.source_id == "opinion") & (m.voice == "quoted"))], **kw)


def test_validation_figure_needs_the_ci_columns(tables):
    (scores,), _ = tables["fig07_validation_scores"]
    with pytest.raises(InputError, match=r"fig07_validation_scores.*lacks column\(s\) \['ci_low', 'ci_high'\]"):
        plots.fig07_validation_scores(scores.drop(columns=["ci_low", "ci_high"]))
    fig = plots.fig07_validation_scores(scores)  # accuracy and correlations carry Wilson / Fisher z CIs
    bars = [ln for ax in fig.axes for ln in ax.get_lines()
            if len(ln.get_ydata()) == 2 and ln.get_ydata()[0] == ln.get_ydata()[1]]
    assert len(bars) == 2 * 3 + 2 * 4 * 2  # modal: 2 files x 3 methods; sentiment: 2 files x 4 methods x (r, rho)
    plots.plt.close(fig)
