"""discourse.validate: dispatch by format, tidy score table, CLI, committed scores table."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from discourse import paths
from discourse.annotated import head_copy
from discourse.errors import InputError
from discourse.validation import BASE_COLUMNS, SCORE_COLUMNS, detect_format, read_annotated_tsv, validate

VDIR = paths.validation_dir()
needs_data = pytest.mark.skipif(not VDIR.is_dir(), reason=f"validation data not found at {VDIR}; set DISCOURSE_VALIDATION_DIR")


@needs_data
@pytest.mark.parametrize("name, task", [("szeged_wiki_epistemic.tsv", "hedge"), ("masc_modal_senses.tsv", "modal"),
                                        ("vader_tweets.tsv", "sentiment")])
def test_score_table_per_format(tmp_path, name, task):
    small = head_copy(VDIR / name, tmp_path / name, 150)
    table = validate(small)
    assert list(table.columns) == SCORE_COLUMNS
    assert set(table["task"]) == {task}
    assert table["value"].between(-1, 1).all()
    assert set(BASE_COLUMNS) <= set(table.columns)
    if task == "hedge":
        assert set(table["metric"]) == {"precision", "recall", "f1"}
    if task == "modal":
        assert {"discourse", "majority_same_file"} <= set(table["method"])
    if task == "sentiment":
        assert {"static", "vader", "lexicon"} <= set(table["method"]) and "pearson_r" in set(table["metric"])
    assert table.loc[~table["is_baseline"], "baseline"].notna().all()


def test_unknown_format_is_a_clear_error(tmp_path):
    p = tmp_path / "x.tsv"
    p.write_text("a\tb\n1\t2\n", encoding="utf-8")
    with pytest.raises(InputError, match="Unrecognised annotation format"):
        detect_format(read_annotated_tsv(p))
    with pytest.raises(InputError, match="No validation data"):
        validate(tmp_path / "missing")


@needs_data
def test_cli_writes_scores(tmp_path):
    small = head_copy(VDIR / "vader_tweets.tsv", tmp_path / "vader_tweets.tsv", 100)
    out = tmp_path / "scores.csv"
    r = subprocess.run([sys.executable, "-m", "discourse", "validate", str(small), "-o", str(out)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert list(pd.read_csv(out).columns) == SCORE_COLUMNS


def test_committed_scores_table_is_complete():
    """The committed table (drawn in notebook 07) covers every task and beats its baselines.
    Regenerate it with ``python -m discourse validate`` after a change to a measure."""
    p = paths.PROCESSED_DIR / "validation_scores.csv"
    t = pd.read_csv(p)
    assert list(t.columns) == SCORE_COLUMNS, f"{p} is out of date: run `python -m discourse validate`"
    assert set(t["task"]) == {"hedge", "modal", "sentiment"}
    assert t.loc[~t["is_baseline"], "baseline"].notna().all()
    held = t[(t["method"] == "static_held_out") & (t["subset"] == "semeval07-test") & (t["metric"] == "pearson_r")]
    assert len(held) == 1 and held["value"].iloc[0] >= 0.60 and not held["in_sample"].iloc[0]
    # the strict protocol (no headline in the fit) is reported beside it, out of sample, whatever its value
    strict = t[(t["method"] == "static_genre_out") & (t["subset"] == "semeval07-test") & (t["metric"] == "pearson_r")]
    assert len(strict) == 1 and not strict["in_sample"].iloc[0] and strict["baseline_method"].iloc[0] == "vader"
    overall = t[t["subset"] == "all"].set_index(["file", "method", "metric"])["value"]
    assert overall[("szeged_wiki_epistemic.tsv", "discourse", "f1")] >= 0.75
    for f in ("masc_modal_senses.tsv", "mist_henning2022.tsv"):
        assert overall[(f, "discourse", "accuracy")] > overall[(f, "majority_other_file", "accuracy")]
    for f in ("vader_tweets.tsv", "vader_movieReviewSnippets.tsv", "vader_amazonReviewSnippets.tsv"):
        assert overall[(f, "lexicon", "pearson_r")] >= overall[(f, "vader", "pearson_r")] - 1e-9
