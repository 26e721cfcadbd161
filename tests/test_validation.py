"""discourse.validate: dispatch by format, tidy score table, CLI, committed scores table."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from discourse import paths
from discourse.errors import InputError
from discourse.validation import SCORE_COLUMNS, detect_format, read_annotated_tsv, validate

VDIR = paths.validation_dir()
needs_data = pytest.mark.skipif(not VDIR.is_dir(), reason=f"validation data not found at {VDIR}; set DISCOURSE_VALIDATION_DIR")


def _head(src, dst, n):
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    k = 0
    while lines[k].startswith("#"):
        k += 1
    dst.write_text("".join(lines[: k + 1 + n]), encoding="utf-8")
    return dst


@needs_data
@pytest.mark.parametrize("name, task", [("szeged_wiki_epistemic.tsv", "hedge"), ("masc_modal_senses.tsv", "modal"),
                                        ("vader_tweets.tsv", "sentiment")])
def test_score_table_per_format(tmp_path, name, task):
    small = _head(VDIR / name, tmp_path / name, 150)
    table = validate(small)
    assert list(table.columns) == SCORE_COLUMNS
    assert set(table["task"]) == {task}
    assert table["value"].between(-1, 1).all()
    if task == "hedge":
        assert set(table["metric"]) == {"precision", "recall", "f1"}
    if task == "modal":
        assert {"discourse", "majority_same_file"} <= set(table["method"])
    if task == "sentiment":
        assert {"vader", "lexicon"} <= set(table["method"]) and "pearson_r" in set(table["metric"])


def test_unknown_format_is_a_clear_error(tmp_path):
    p = tmp_path / "x.tsv"
    p.write_text("a\tb\n1\t2\n", encoding="utf-8")
    with pytest.raises(InputError, match="Unrecognised annotation format"):
        detect_format(read_annotated_tsv(p))
    with pytest.raises(InputError, match="No validation data"):
        validate(tmp_path / "missing")


@needs_data
def test_cli_writes_scores(tmp_path):
    small = _head(VDIR / "vader_tweets.tsv", tmp_path / "vader_tweets.tsv", 100)
    out = tmp_path / "scores.csv"
    r = subprocess.run([sys.executable, "-m", "discourse", "validate", str(small), "-o", str(out)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert list(pd.read_csv(out).columns) == SCORE_COLUMNS


def test_committed_scores_table_is_complete():
    """The committed table (drawn in notebook 07) covers every task and beats its baselines."""
    p = paths.PROCESSED_DIR / "validation_scores.csv"
    t = pd.read_csv(p)
    assert list(t.columns) == SCORE_COLUMNS
    assert set(t["task"]) == {"hedge", "modal", "sentiment"}
    overall = t[t["subset"] == "all"].set_index(["file", "method", "metric"])["value"]
    assert overall[("szeged_wiki_epistemic.tsv", "discourse", "f1")] >= 0.75
    for f in ("masc_modal_senses.tsv", "mist_henning2022.tsv"):
        assert overall[(f, "discourse", "accuracy")] > overall[(f, "majority_other_file", "accuracy")]
    for f in ("vader_tweets.tsv", "vader_movieReviewSnippets.tsv", "vader_amazonReviewSnippets.tsv"):
        assert overall[(f, "lexicon", "pearson_r")] >= overall[(f, "vader", "pearson_r")] - 1e-9
