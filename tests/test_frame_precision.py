"""The outside-text precision check of the frame lexicon (scripts/frame_precision.py)."""

from __future__ import annotations

import importlib.util

import pandas as pd
import pytest

from discourse import paths

SCRIPT = paths.PROJECT_ROOT / "scripts" / "frame_precision.py"


def _script():
    spec = importlib.util.spec_from_file_location("frame_precision", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_precision_table_counts_kept_and_dropped_hits():
    mod = _script()
    judged = pd.DataFrame({"file": ["f"] * 4, "id": ["1", "2", "3", "4"], "frame": ["a", "a", "a", "b"],
                           "cue": ["x", "y", "z", "w"], "correct": [1, 0, 1, 0]})
    out = mod.precision_table(judged, found={("f", "1", "a", "x"), ("f", "2", "a", "y"), ("f", "4", "b", "w")})
    assert out.loc["a", "hits"] == 2 and out.loc["a", "precision"] == 0.5 and out.loc["a", "dropped"] == 1
    assert out.loc["all", "hits"] == 3 and out.loc["all", "correct"] == 1


def test_judgements_are_a_stratified_sample_with_reasons():
    judged = pd.read_csv(_script().JUDGEMENTS, sep="\t", comment="#", dtype={"id": str})
    assert set(judged["correct"]) <= {0, 1}
    assert judged.groupby("frame").size().eq(12).all()
    assert judged.loc[judged["correct"] == 0, "note"].notna().all()  # every rejection says why


@pytest.mark.validation
def test_every_judged_sentence_is_in_the_validation_files():
    mod = _script()
    if not paths.validation_dir().is_dir():
        pytest.skip(f"no annotated data at {paths.validation_dir()}")
    judged = pd.read_csv(mod.JUDGEMENTS, sep="\t", comment="#", dtype={"id": str})
    found = mod.load_sentences(judged)
    assert set(zip(judged["file"], judged["id"])) <= set(found)
