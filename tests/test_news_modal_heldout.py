"""scripts/news_modal_heldout.py: the project's own held-out news modal set (gold, agreement, checks)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from discourse import paths
from discourse.errors import InputError
from discourse.evaluation.modal import read_modal_file

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("news_modal_heldout", ROOT / "scripts" / "news_modal_heldout.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _items():
    sents = ["Prices may fall.", "The plant can produce oil.", '"It shall be paid," the board said "', "Talks could resume."]
    spans = [(7, 10), (10, 13), (4, 9), (6, 11)]
    return pd.DataFrame({"item_id": ["nm1", "nm2", "nm3", "nm4"], "source": ["headlines", "financial_news"] * 2,
                         "source_id": ["h1", "f1", "h2", "f2"], "modal": ["may", "can", "shall", "could"],
                         "char_start": [str(a) for a, _ in spans], "char_end": [str(b) for _, b in spans],
                         "sentence": sents})


def _write(path, senses, conf="3"):
    pd.DataFrame({"item_id": ["nm1", "nm2", "nm3", "nm4"][:len(senses)], "sense": senses,
                  "confidence": conf, "note": ""}).to_csv(path, index=False)
    return path


def test_labels_are_checked_with_one_line_naming_the_file(script, tmp_path):
    items = _items()
    got = script.labels(items, _write(tmp_path / "a.csv", ["Epistemic", "dynamic", "deontic", "other"]))
    assert list(got["sense"]) == ["epistemic", "dynamic", "deontic", "other"]
    with pytest.raises(InputError, match=r"b\.csv: sense\(s\) \['maybe'\] are not in the codebook"):
        script.labels(items, _write(tmp_path / "b.csv", ["maybe", "dynamic", "deontic", "other"]))
    with pytest.raises(InputError, match=r"c\.csv: 1 item\(s\) unlabelled"):
        script.labels(items, _write(tmp_path / "c.csv", ["epistemic", "dynamic", "deontic"]))
    pd.DataFrame({"item_id": ["nm1", "nm1"], "sense": ["dynamic"] * 2, "confidence": "2"}).to_csv(tmp_path / "d.csv", index=False)
    with pytest.raises(InputError, match=r"d\.csv: item\(s\) \['nm1'\] labelled twice"):
        script.labels(items.iloc[:1], tmp_path / "d.csv")
    with pytest.raises(InputError, match="missing column"):
        pd.DataFrame({"item_id": ["nm1"]}).to_csv(tmp_path / "e.csv", index=False)
        script.labels(items, tmp_path / "e.csv")


def test_agreement_is_cohens_kappa(script):
    items = _items()
    a = pd.Series(["epistemic", "epistemic", "dynamic", "dynamic"])
    b = pd.Series(["epistemic", "dynamic", "dynamic", "dynamic"])
    row = script.agreement_table(items, a, b).iloc[0]
    # p_o = 3/4; p_e = 1/2 * 1/4 + 1/2 * 3/4 = 1/2; kappa = (0.75 - 0.5) / 0.5
    assert (row["modal"], row["n"], row["agreement"], row["kappa"], row["n_gold"]) == ("all", 4, 0.75, 0.5, 3)


def test_gold_keeps_agreed_senses_and_reads_back_as_a_modal_file(script, tmp_path):
    items = _items()
    a = script.labels(items, _write(tmp_path / "a.csv", ["epistemic", "dynamic", "deontic", "other"], conf="2"))
    b = script.labels(items, _write(tmp_path / "b.csv", ["epistemic", "deontic", "deontic", "other"]))
    gold = script.gold_table(items, a, b)
    assert list(gold["id"]) == ["nm1", "nm3"]  # nm2: the annotators differ; nm4: both 'other'
    assert list(gold["orig_label"]) == ["conf=2/3", "conf=2/3"] and list(gold["split"]) == ["headlines", "headlines"]
    path = tmp_path / "gold.tsv"
    script.write_gold(gold, path)
    back, counts = read_modal_file(path)
    assert list(back["sentence"]) == [items["sentence"][0], items["sentence"][2]]  # the quoted one restored
    assert [s[int(i):int(j)] for s, i, j in zip(back["sentence"], back["char_start"], back["char_end"])] == ["may", "shall"]
    assert list(back["modal_key"]) == ["may", "shall"] and list(back["sense"]) == ["epistemic", "deontic"]


def test_the_committed_gold_and_agreement_are_what_the_committed_labels_give(script, tmp_path):
    """The held-out outcome recorded in the protocol's addendum is recomputed from the two label files."""
    here = script.HERE
    items = script._read(here / "items.csv", script.ITEM_COLUMNS)
    a1, a2 = script.labels(items, here / "annotator1.csv"), script.labels(items, here / "annotator2.csv")
    agree = script.agreement_table(items, a1["sense"], a2["sense"])
    committed = pd.read_csv(script.AGREEMENT)
    pd.testing.assert_frame_equal(agree.reset_index(drop=True), committed, check_dtype=False)
    out = tmp_path / "gold.tsv"
    script.write_gold(script.gold_table(items, a1, a2), out)
    assert out.read_text(encoding="utf-8") == script.GOLD.read_text(encoding="utf-8")
    assert len(read_modal_file(script.GOLD)[0]) == int(committed.loc[committed.modal == "all", "n_gold"].iloc[0])


VDIR = paths.validation_dir()


@pytest.mark.skipif(not VDIR.is_dir(), reason=f"validation data not found at {VDIR}; set DISCOURSE_VALIDATION_DIR")
def test_the_committed_heldout_scores_are_what_the_package_gives(script):
    from discourse import annotated
    from discourse.evaluation.modal import MODAL_FILES

    report = script.heldout_report([annotated.validation_file(f) for f in MODAL_FILES])
    committed = pd.read_csv(script.REPORT)
    pd.testing.assert_frame_equal(report, committed, check_dtype=False, atol=1e-4)


def test_since_the_scoring_run_only_the_should_rows_of_the_first_set_moved(script):
    """The single pre-registered scoring of the first set is kept as a record; the rule written
    since (expectation_should, session 12) may change its should rows and the total, nothing else."""
    once = pd.read_csv(script.PROCESSED / "news_modal_heldout_scored_once.csv").set_index("modal")
    now = pd.read_csv(script.REPORT).set_index("modal")
    keep = [m for m in once.index if m not in ("all", "should")]
    pd.testing.assert_frame_equal(now.loc[keep], once.loc[keep], check_dtype=False)
    assert (once.loc["all", "accuracy"], once.loc["should", "accuracy"]) == (0.8627, 0.7692)  # the protocol's addendum
    assert now.loc["should", "accuracy"] >= once.loc["should", "accuracy"]


def _gold(tmp_path):
    sents = [("g1", "Lead production should increase to 60,000 tonnes.", "should", "epistemic", "reuters"),
             ("g2", "She can swim across the bay.", "can", "dynamic", "wikinews"),
             ("g3", "You must leave now.", "must", "deontic", "reuters")]
    lines = ["id\tsentence\tmodal\tsense\tchar_start\tchar_end\torig_label\tsource\tsplit"]
    for i, text, modal, sense, src in sents:
        a = text.index(modal)
        lines.append("\t".join([i, text, modal, sense, str(a), str(a + len(modal)), "conf=3/3", i, src]))
    path = tmp_path / "gold.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_change_report_counts_the_decisions_two_versions_differ_on(script, tmp_path, nlp):
    gold = _gold(tmp_path)
    old = tmp_path / "old.csv"
    pd.DataFrame({"id": ["g1", "g2", "g3"], "pred": ["deontic", "dynamic", "deontic"]}).to_csv(old, index=False)
    row = script.change_report(gold, old, nlp=nlp).set_index("modal").loc["all"]
    assert (row["n"], row["accuracy_new"], row["n_differ"], row["differ_right_new"], row["differ_right_old"]) == (3, 1.0, 1, 1, 0)
    assert row["accuracy_old"] == pytest.approx(2 / 3, abs=1e-4)
    pd.DataFrame({"id": ["g1"], "pred": ["deontic"]}).to_csv(old, index=False)
    with pytest.raises(InputError, match=r"old\.csv: no prediction for 2 gold item"):
        script.change_report(gold, old, nlp=nlp)


def test_source_report_scores_each_source_against_its_own_majority(script, tmp_path, nlp):
    rep = script.source_report(_gold(tmp_path), nlp=nlp).set_index("source")
    assert list(rep.index) == ["all", "reuters", "wikinews"]
    assert (rep.loc["all", "n"], rep.loc["reuters", "n"], rep.loc["wikinews", "accuracy"]) == (3, 2, 1.0)
    assert rep.loc["reuters", "majority_same"] == 1.0  # one token of each modal: its own majority is right


def test_the_second_sets_committed_gold_and_agreement_are_what_its_labels_give(script, tmp_path):
    hs = script.SETS["2"]
    items = script._read(hs.here / "items.csv", script.ITEM_COLUMNS)
    a1, a2 = script.labels(items, hs.here / "annotator1.csv"), script.labels(items, hs.here / "annotator2.csv")
    pd.testing.assert_frame_equal(script.agreement_table(items, a1["sense"], a2["sense"]),
                                  pd.read_csv(hs.agreement), check_dtype=False)
    out = tmp_path / "gold.tsv"
    script.write_gold(script.gold_table(items, a1, a2), out, hs.header)
    assert out.read_text(encoding="utf-8") == hs.gold.read_text(encoding="utf-8")
    assert hs.gold.read_text(encoding="utf-8").startswith("# Second held-out")


def test_the_second_sets_per_source_and_change_tables_are_what_the_package_gives(script, nlp):
    """Recomputed from the committed gold and the older version's committed predictions: if a rule
    changes, these tables (and the protocol's addendum) must be rewritten, not silently kept."""
    hs = script.SETS["2"]
    pd.testing.assert_frame_equal(script.source_report(hs.gold, nlp=nlp), pd.read_csv(hs.sources),
                                  check_dtype=False, atol=1e-4)
    old = script.PROCESSED / "news_modal_heldout_2_old_predictions.csv"
    pd.testing.assert_frame_equal(script.change_report(hs.gold, old, nlp=nlp), pd.read_csv(hs.change),
                                  check_dtype=False, atol=1e-4)


@pytest.mark.skipif(not VDIR.is_dir(), reason=f"validation data not found at {VDIR}; set DISCOURSE_VALIDATION_DIR")
def test_the_second_sets_committed_scores_are_what_the_package_gives(script):
    from discourse import annotated
    from discourse.evaluation.modal import MODAL_FILES

    hs = script.SETS["2"]
    report = script.heldout_report([annotated.validation_file(f) for f in MODAL_FILES], hs.gold)
    pd.testing.assert_frame_equal(report, pd.read_csv(hs.report), check_dtype=False, atol=1e-4)
