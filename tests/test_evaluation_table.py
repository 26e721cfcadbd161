"""The validation table (discourse.evaluation.table): baselines, bootstrap intervals, in-sample flags."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from discourse import paths
from discourse.annotated import head_copy
from discourse.evaluation import sentiment as ES
from discourse.evaluation.table import SCORE_COLUMNS, bootstrap_ci, score_file, validate

VDIR = paths.validation_dir()
needs_data = pytest.mark.skipif(not VDIR.is_dir(), reason=f"validation data not found at {VDIR}; set DISCOURSE_VALIDATION_DIR")


def _check_table(t: pd.DataFrame):
    assert list(t.columns) == SCORE_COLUMNS
    scores = t[~t["is_baseline"]]
    assert len(scores) and scores["baseline"].notna().all() and (scores["baseline_method"] != "").all()
    with_ci = t.dropna(subset=["ci_low", "ci_high"])
    assert (t.loc[t["n"] >= 3, ["ci_low", "ci_high"]].notna()).all().all()  # an interval wherever n allows one
    assert (with_ci["ci_low"] <= with_ci["value"] + 1e-4).all() and (with_ci["value"] <= with_ci["ci_high"] + 1e-4).all()
    assert t["in_sample"].dtype == bool and t["genre"].ne("").all()
    assert (t["n"] > 0).all()


def test_bootstrap_interval_contains_the_estimate_and_narrows_with_n():
    rng = np.random.default_rng(1)
    small, large = rng.integers(0, 2, 50).astype(bool), rng.integers(0, 2, 5000).astype(bool)
    lo_s, hi_s = bootstrap_ci(np.mean, small)
    lo_l, hi_l = bootstrap_ci(np.mean, large)
    assert lo_s <= small.mean() <= hi_s and lo_l <= large.mean() <= hi_l
    assert hi_l - lo_l < (hi_s - lo_s) / 5
    assert np.isnan(bootstrap_ci(np.mean, small[:2])[0])


def test_graded_sentiment_table_on_a_hand_written_file(tmp_path):
    p = tmp_path / "mini.tsv"
    rows = ["The talks were a great success.\t3.2", "Diplomacy failed miserably.\t-2.9",
            "The meeting took place in Geneva on Tuesday.\t0.1", "The negotiations are not going well.\t-1.5",
            "Both sides welcomed the constructive dialogue.\t2.4", "The sanctions have devastated the economy.\t-3.1"]
    p.write_text("id\tscore\tsentence\n" + "".join(f"{i}\t{r.split(chr(9))[1]}\t{r.split(chr(9))[0]}\n"
                                                   for i, r in enumerate(rows)), encoding="utf-8")
    t = score_file(p)
    _check_table(t)
    assert set(t["method"]) == {"static", "lexicon", "vader", "textblob"}  # no held-out rows: not a fitted file
    assert not t["in_sample"].any()  # a file nobody fitted on
    r = t.set_index(["method", "metric"])["value"]
    assert r[("static", "pearson_r")] > 0.9 and r[("vader", "pearson_r")] > 0.9
    b = t.set_index(["method", "metric"])["baseline"]
    assert b[("static", "pearson_r")] == pytest.approx(r[("vader", "pearson_r")], abs=1e-9)
    assert b[("vader", "pearson_r")] == 0.0


@needs_data
@pytest.mark.validation
@pytest.mark.parametrize("name", ["szeged_wiki_epistemic.tsv", "masc_modal_senses.tsv", "financial_phrasebank.tsv",
                                  "vader_tweets.tsv"])
def test_table_per_format(tmp_path, name):
    t = validate(head_copy(VDIR / name, tmp_path / name, 200))
    _check_table(t)
    if name.startswith("masc"):
        assert t["subset"].str.startswith("genre=").any()  # per genre (MASC's split)
        assert t.loc[t["method"] == "discourse", "in_sample"].all()
    if name.startswith("szeged"):
        assert set(t["method"]) == {"discourse", "flag_every_sentence"}
    if name.startswith("financial"):
        assert set(t["subset"]) == {"agreement_100", "all"} and "majority_class" in set(t["method"])
        assert t.loc[t["method"] == "static", "in_sample"].all()  # the head was fitted on this set
    # held-out rows only for the byte-identical fitted file, never for a cut-down copy
    assert "static_held_out" not in set(t["method"])


@needs_data
@pytest.mark.validation
def test_semeval_table_has_the_test_part_held_out_and_in_sample_flags():
    t = score_file(VDIR / "semeval2007_headlines_valence.tsv", methods=("static", "lexicon", "vader", "textblob"))
    _check_table(t)
    assert {"all", "semeval07-trial", "semeval07-test"} <= set(t["subset"])
    row = t[(t["method"] == "static_held_out") & (t["subset"] == "semeval07-test") & (t["metric"] == "pearson_r")].iloc[0]
    assert not row["in_sample"] and row["value"] >= 0.60 and row["baseline_method"] == "vader"
    assert row["value"] > row["baseline"]
    static = t[(t["method"] == "static") & (t["metric"] == "pearson_r")]
    assert not static["in_sample"].any()  # no headline is a fit row of the shipped head
    dev_named = static["in_sample_note"].str.contains("semeval07-trial chose the head's penalty")
    assert dev_named[static["subset"] != "semeval07-test"].all()  # the development part is named ...
    assert not dev_named[static["subset"] == "semeval07-test"].any()  # ... but not on the test part
    lex = t[(t["method"] == "lexicon")]
    assert not lex["in_sample"].any()  # the mixture weight never saw headlines
    # the deployed (in-sample) score and the file's VADER row agree with score_sentiment_file
    r = ES.score_sentiment_file(VDIR / "semeval2007_headlines_valence.tsv", method="vader")
    v = t[(t["method"] == "vader") & (t["subset"] == "all") & (t["metric"] == "pearson_r")]["value"].iloc[0]
    assert v == pytest.approx(r["pearson_r"])


@needs_data
@pytest.mark.validation
def test_gme_table_has_transfer_baseline_and_test_held_out(tmp_path):
    """GME gets a majority_other_file baseline from the other modal files (here cut-down copies of
    MASC and MiST beside it); its train0/dev0 rows are in-sample, its test rows held out."""
    for name, n in (("masc_modal_senses.tsv", 150), ("mist_henning2022.tsv", 150)):
        head_copy(VDIR / name, tmp_path / name, n)
    gme = tmp_path / "gme_news_modal_senses.tsv"
    gme.write_bytes((VDIR / "gme_news_modal_senses.tsv").read_bytes())
    t = validate(gme)
    _check_table(t)
    other = t[t["method"] == "majority_other_file"]
    assert {"all", "would", "split=test", "split=test:would"} <= set(other["subset"])
    assert other["in_sample_note"].str.contains("masc_modal_senses.tsv \\+ mist_henning2022.tsv").all()
    own = t[t["method"] == "discourse"].set_index("subset")
    assert not own.loc["split=test", "in_sample"] and not own.loc["split=test:would", "in_sample"]
    assert own.loc["split=train0", "in_sample"] and own.loc["split=dev0", "in_sample"] and own.loc["all", "in_sample"]
    assert own.loc["split=test", "n"] == 57 and own.loc["split=test:would", "n"] == 51


def _modal_tsv(path, rows):
    lines = ["id\tsentence\tmodal\tsense\tchar_start\tchar_end\torig_label\tsource\tsplit"]
    for i, (text, modal, sense, split) in enumerate(rows):
        a = text.index(modal)
        lines.append("\t".join([f"r{i}", text, modal, sense, str(a), str(a + len(modal)), "-", "-", split]))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_default_folder_brings_the_projects_own_gold_with_the_shared_files_as_transfer(tmp_path, monkeypatch):
    """validate() on the default folder also scores PROJECT_MODAL_FILES (genre transfer fitted on the
    shared modal files, which live elsewhere); an explicit folder scores only what it holds."""
    from discourse.evaluation import table

    shared = tmp_path / "shared"
    _modal_tsv(shared / "masc_modal_senses.tsv", [("She can swim.", "can", "dynamic", "newspaper"),
                                                  ("It may rain.", "may", "epistemic", "newspaper")])
    _modal_tsv(tmp_path / "proj" / "data" / "ours" / "mine.tsv",
               [("The plant can produce oil.", "can", "dynamic", "reuters"), ("Talks may resume.", "may", "epistemic", "wikinews"),
                ("You must leave now.", "must", "deontic", "reuters")])
    monkeypatch.setattr(paths, "validation_dir", lambda: shared)
    monkeypatch.setattr(paths, "PROJECT_ROOT", tmp_path / "proj")
    monkeypatch.setattr(table, "PROJECT_MODAL_FILES", ("data/ours/mine.tsv",))
    monkeypatch.setitem(table.CROSS_BASELINE, "mine.tsv", ("masc_modal_senses.tsv",))
    t = validate()
    assert set(t["file"]) == {"masc_modal_senses.tsv", "mine.tsv"}
    mine = t[(t["file"] == "mine.tsv") & (t["subset"] == "all")].set_index("method")["value"]
    assert mine["discourse"] == 1.0 and mine["majority_other_file"] == pytest.approx(2 / 3, abs=1e-4)  # must unseen
    assert {"split=reuters", "split=wikinews"} <= set(t.loc[t["file"] == "mine.tsv", "subset"])
    assert set(validate(shared)["file"]) == {"masc_modal_senses.tsv"}
