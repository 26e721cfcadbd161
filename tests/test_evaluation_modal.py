"""Tests for discourse.evaluation.modal: the bootstrap helper, majority baselines, the report."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from discourse.errors import InputError
from discourse.evaluation import modal as ev
from discourse.validation import validation_file


def test_cluster_bootstrap_constant_values_give_a_point_interval():
    lo, hi = ev.cluster_bootstrap_ci(np.ones(20), list(range(20)))
    assert lo == hi == 1.0


def test_cluster_bootstrap_covers_the_mean_and_widens_with_clustering():
    rng = np.random.default_rng(1)
    values = rng.integers(0, 2, 400).astype(float)
    lo, hi = ev.cluster_bootstrap_ci(values, list(range(400)))
    assert lo < values.mean() < hi and hi - lo < 0.15
    # the same values in 40 clusters of 10 identical values: far fewer independent units
    clustered = np.repeat(values[:40], 10)
    clo, chi = ev.cluster_bootstrap_ci(clustered, np.repeat(np.arange(40), 10))
    assert chi - clo > (hi - lo) * 2


def test_cluster_bootstrap_needs_two_clusters():
    assert all(np.isnan(ev.cluster_bootstrap_ci(np.ones(3), ["a", "a", "a"])))


def test_majority_breaks_ties_alphabetically():
    gold = pd.Series(["deontic", "dynamic", "epistemic", "epistemic"])
    modal = pd.Series(["should", "should", "may", "may"])
    assert ev._majority(gold, modal) == {"should": "deontic", "may": "epistemic"}


def test_majority_backoff_gives_the_overall_sense_for_an_unseen_modal():
    gold = pd.Series(["dynamic", "dynamic", "epistemic", "deontic", "dynamic"])
    modal = pd.Series(["can", "can", "may", "must", "could"])
    per, fallback = ev._majority_backoff(gold, modal)
    assert per == {"can": "dynamic", "may": "epistemic", "must": "deontic", "could": "dynamic"}
    assert fallback == "dynamic"
    part = pd.DataFrame({"modal_key": ["would", "may", "must"], "sense": ["dynamic", "deontic", "deontic"]})
    # would is unseen (backs off to dynamic: right), may's transfer majority is wrong, must's right
    assert ev._transfer_hits(part, (per, fallback)).tolist() == [1.0, 0.0, 1.0]


def test_cell_reports_transfer_and_unseen_counts():
    part = pd.DataFrame({"modal_key": ["would", "would", "may", "may"], "sense": ["dynamic", "epistemic", "epistemic", "epistemic"],
                         "correct": [True, False, True, True], "sentence": ["a", "b", "c", "d"]})
    c = ev._cell(part, {"would": "dynamic", "may": "epistemic"}, ({"may": "deontic"}, "dynamic"),
                 ({"may": "epistemic"}, "dynamic"), n_resamples=50)
    assert c["accuracy"] == 0.75 and c["majority_same"] == 0.75
    assert c["majority_other"] == 0.25 and c["majority_other_files"] == 0.75 and c["n_unseen_other"] == 2
    assert c["beats_other"] and not c["beats_other_files"] and not c["beats_same"]


def test_modal_key_normalises_forms():
    assert [ev._modal_key(m) for m in ("Ca", "can`t", "Would", "wo")] == ["can", "can", "would", "will"]
    # clitics are scored with their modal, not as a modal of their own ("I'd", "they'll")
    assert [ev._modal_key(m) for m in ("'d", "\u2019d", "'ll", "can\u2019t")] == ["would", "would", "will", "can"]


def test_report_refuses_no_files(tmp_path):
    with pytest.raises(InputError):
        ev.modal_report([], nlp=object())


def test_read_modal_file_refuses_a_hedge_file(tmp_path):
    f = tmp_path / "h.tsv"
    f.write_text("id\tsentence\tlabel\tcues\n1\tIt may rain.\t1\tmay\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a modal-sense file"):
        ev.read_modal_file(f)


def _files_or_skip():
    paths = [validation_file(f) for f in ev.MODAL_FILES]
    if not all(p.is_file() for p in paths):
        pytest.skip("modal-sense files not found; set DISCOURSE_VALIDATION_DIR")
    return paths


@pytest.fixture(scope="module")
def report():
    return ev.modal_report(_files_or_skip(), n_resamples=500)


@pytest.mark.validation
def test_report_shape_and_intervals(report):
    assert list(report.columns) == ev.REPORT_COLUMNS
    files = set(report["file"])
    assert files == set(ev.MODAL_FILES)
    masc_genres = set(report.loc[report["file"] == "masc_modal_senses.tsv", "genre"])
    assert {"all", "newspaper", "journal"} <= masc_genres and len(masc_genres) == 20
    ok = report.dropna(subset=["ci_low"])
    assert ((ok["ci_low"] <= ok["accuracy"] + 1e-9) & (ok["accuracy"] <= ok["ci_high"] + 1e-9)).all()
    genre_rows = report[(report["genre"] != "all") & ~report["genre"].str.startswith("split=")]
    assert (genre_rows["other_from"] == "masc_modal_senses.tsv other genres").all()
    gme_splits = set(report.loc[report["file"] == "gme_news_modal_senses.tsv", "genre"])
    assert gme_splits == {"all", "split=train0", "split=dev0", "split=test"}
    split_rows = report[report["genre"].str.startswith("split=")]
    assert (split_rows["majority_other"] == split_rows["majority_other_files"]).all()  # split rows: other files


@pytest.mark.validation
def test_news_scores_floors(report):
    """Floors just under the measured scores (GME all: in-sample, the news rules were written reading
    GME train0/dev0; GME split=test: held out)."""
    cell = report.set_index(["file", "genre", "modal"])
    gme = cell.loc[("gme_news_modal_senses.tsv", "all", "all")]
    assert gme["accuracy"] >= 0.755  # measured 0.760 (0.757 before reported_permission_question)
    assert gme["diff_same_ci_low"] < 0 < gme["diff_same_ci_high"]  # level with the majority 0.760
    # genre transfer: MASC + MiST majorities, would (absent there) backing off to their overall sense
    assert gme["majority_other_files"] == pytest.approx(0.749, abs=0.002) and gme["n_unseen_other"] == 311
    would = cell.loc[("gme_news_modal_senses.tsv", "all", "would")]
    assert would["accuracy"] >= 0.75 and would["n_unseen_other"] == 308  # no other file has would
    assert would["majority_other"] == would["majority_same"]  # the back-off (dynamic) is would's majority
    test = cell.loc[("gme_news_modal_senses.tsv", "split=test", "all")]
    assert test["n"] == 57 and test["accuracy"] >= 0.70  # held out: measured 0.719 < majority_other 0.737
    news_t = cell.loc[("masc_modal_senses.tsv", "newspaper", "all")]
    assert news_t["majority_other_files"] == pytest.approx(0.576, abs=0.002)  # MiST + GME majorities
    masc = cell.loc[("masc_modal_senses.tsv", "all", "all")]
    assert masc["accuracy"] >= 0.812 and masc["diff_same_ci_low"] > 0  # beats its majority: 0.814 vs 0.783
    news = cell.loc[("masc_modal_senses.tsv", "newspaper", "all")]
    assert news["accuracy"] >= 0.76  # measured 0.765 > majority 0.753 (n=85; 0.753 before could_have_been)


@pytest.mark.validation
def test_score_modal_file_keeps_its_shape():
    """discourse.validation reads these keys: the move to discourse.evaluation keeps them."""
    masc, mist = _files_or_skip()[:2]
    r = ev.score_modal_file(mist, baseline_from=masc)
    assert {"file", "n", "n_other_excluded", "n_unlocated", "accuracy", "baseline", "baseline_senses", "per_modal",
            "confusion", "predictions", "cross_baseline", "cross_baseline_senses", "by_split"} <= set(r)
    assert {"n", "accuracy", "majority_baseline", "cross_baseline", "beats_baseline"} <= set(r["per_modal"].columns)


# ---------------------------------------------------------------- scripts/modal_rules.py
def _modal_rules_module():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "scripts" / "modal_rules.py"
    spec = importlib.util.spec_from_file_location("modal_rules", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_rule_table_counts_a_rule_against_the_majority_on_the_same_tokens():
    """Hand-made decisions: the rule 'r' fires on 3 'could' tokens and gets 2 right where the
    majority (dynamic, 3 of the 5 could) gets 1; the default decides the other 2."""
    mr = _modal_rules_module()
    df = pd.DataFrame({
        "modal_key": ["could"] * 5,
        "sense": ["epistemic", "epistemic", "dynamic", "dynamic", "dynamic"],
        "pred": ["epistemic", "epistemic", "epistemic", "dynamic", "dynamic"],
        "rule": ["r", "r", "r", "default", "default"],
    })
    maj = ev._majority(df["sense"], df["modal_key"])
    assert maj == {"could": "dynamic"}
    table = mr.rule_table(df, "f.tsv", "dev", maj, {"could": "dynamic"})
    assert list(table.columns) == mr.COLUMNS
    t = table.set_index("rule")
    assert t.loc["r", ["n", "rule_correct", "majority_correct", "net_vs_majority"]].tolist() == [3, 2, 1, 1]
    assert bool(t.loc["r", "changes_default"]) and not bool(t.loc["default", "changes_default"])
    assert t.loc["default", ["n", "rule_correct", "majority_correct", "net_vs_majority"]].tolist() == [2, 2, 2, 0]


def test_modal_rules_never_reads_the_held_out_splits(monkeypatch, tmp_path):
    """dev_rows drops GME's and MiST's test split before anything is parsed (MASC has no test split)."""
    mr = _modal_rules_module()
    rows = pd.DataFrame({"sentence": ["a", "b", "c"], "modal_key": ["may"] * 3, "sense": ["epistemic"] * 3,
                         "split": ["train0", "test", "dev0"], "char_start": [0] * 3, "char_end": [1] * 3})
    monkeypatch.setattr(mr, "read_modal_file", lambda path: (rows.copy(), {}))
    assert mr.dev_rows("gme_news_modal_senses.tsv")["split"].tolist() == ["train0", "dev0"]
    assert mr.dev_rows("mist_henning2022.tsv")["split"].tolist() == ["train0", "dev0"]
    assert len(mr.dev_rows("masc_modal_senses.tsv")) == 3  # its split column names genres


def test_modal_rules_without_data_says_so_in_one_line(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("DISCOURSE_VALIDATION_DIR", str(tmp_path))
    mr = _modal_rules_module()
    assert mr.main(["-o", str(tmp_path / "out.csv")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: no modal-sense files")


# ---------------------------------------------------------------- scripts/modal_sense_cv.py
def _modal_cv_module():
    import importlib.util
    import sys
    from pathlib import Path

    scripts = Path(__file__).resolve().parents[1] / "scripts"
    sys.path.insert(0, str(scripts))  # it imports modal_rules from beside it
    try:
        spec = importlib.util.spec_from_file_location("modal_sense_cv", scripts / "modal_sense_cv.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
    finally:
        sys.path.remove(str(scripts))
    return mod


def test_modal_cv_features_read_the_clause(nlp):
    """Hand-written: epistemic "must have been" (perfect, copula under the perfect: Coates 1983, 2.4)
    and deontic "you must not leave" (second person, negated)."""
    cv = _modal_cv_module()
    rows = pd.DataFrame({"sentence": ["They must have been tired.", "You must not leave the room."],
                         "char_start": [5, 4], "char_end": [9, 8], "modal_key": ["must", "must"]})
    f = cv.featurise(rows, nlp).set_index("sentence")
    assert list(f.columns[-len(cv.FEATURES):]) == list(cv.FEATURES)
    tired, leave = f.loc["They must have been tired."], f.loc["You must not leave the room."]
    assert tired["lemma"] == "must" and tired["perfect"] == 1 and tired["negated"] == 0
    assert tired["rules"] == "epistemic" and tired["rules_epistemic"] == 1 and tired["rules_deontic"] == 0
    assert leave["negated"] == 1 and leave["perfect"] == 0 and leave["person_2"] == 1 and leave["person_3"] == 0
    assert leave["rules"] == "deontic" and leave["rules_deontic"] == 1


def _scored(n_sent, learned_right, rules_right=0, modal="could"):
    """News rows of one modal, gold epistemic, majority always wrong; the first ``learned_right``
    sentences the learned model gets right, the first ``rules_right`` the rules do."""
    k = np.arange(n_sent)
    return pd.DataFrame({"file": "gme_news_modal_senses.tsv", "split": "dev0", "lemma": modal,
                         "sentence": [f"s{i}" for i in k], "sense": "epistemic", "majority": "dynamic",
                         "rules": np.where(k < rules_right, "epistemic", "dynamic"),
                         "learned": np.where(k < learned_right, "epistemic", "dynamic"), "transfer": None})


def test_modal_cv_decision_rule_needs_two_tokens_a_clear_interval_and_more_than_the_rules():
    cv = _modal_cv_module()

    def news(table):
        return table[(table["part"] == "news") & (table["modal"] == "could")].iloc[0]

    clear = news(cv.summarise(_scored(40, learned_right=12)))
    assert clear["gain_vs_majority"] == 12 and clear["ci_low"] > 0 and bool(clear["chosen"])
    assert clear["majority_acc"] == 0 and clear["learned_acc"] == 12 / 40 and np.isnan(clear["transfer_acc"])
    one = news(cv.summarise(_scored(40, learned_right=1)))  # one token: under the 2-token margin
    assert one["gain_vs_majority"] == 1 and not bool(one["chosen"])
    tie = news(cv.summarise(_scored(40, learned_right=12, rules_right=12)))  # no better than the rules
    assert tie["rules_gain_vs_majority"] == 12 and not bool(tie["chosen"])


def test_modal_cv_majority_other_files_is_fitted_on_the_other_files_only():
    """Hand-made rows: MiST's *may* is dynamic, MASC's epistemic; GME has *would*, which no other
    file holds (backs off to the other files' most common sense and is counted as unseen)."""
    cv = _modal_cv_module()
    rows = pd.DataFrame({
        "file": ["masc_modal_senses.tsv"] * 3 + ["mist_henning2022.tsv"] * 3 + ["gme_news_modal_senses.tsv"] * 2,
        "lemma": ["may", "may", "can", "may", "may", "can", "would", "may"],
        "sense": ["epistemic", "epistemic", "dynamic", "dynamic", "dynamic", "dynamic", "dynamic", "epistemic"],
    })
    out = cv.majority_other_files(rows)
    # MASC's may: fitted on MiST + GME (dynamic 2 : epistemic 1) -> dynamic, never its own epistemic
    assert out["majority_other_files"].tolist()[:2] == ["dynamic", "dynamic"]
    # MiST's may: fitted on MASC + GME (epistemic 3) -> epistemic
    assert out["majority_other_files"].tolist()[3:5] == ["epistemic", "epistemic"]
    # GME's would: unseen in MASC + MiST -> their most common sense overall (dynamic 4 : epistemic 2)
    assert out.loc[6, "majority_other_files"] == "dynamic" and bool(out.loc[6, "unseen_other"])
    assert out["unseen_other"].sum() == 1
