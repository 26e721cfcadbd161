"""The outside-text precision check of the frame lexicon (scripts/frame_precision.py)."""

from __future__ import annotations

import importlib.util

import pandas as pd
import pytest

from discourse import paths
from discourse.lexicon import LEXICON_DIR, read_lexicon

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


# ------------------------------------------- per-entry outside precision of the prospect markers
def test_prospect_entry_precision_counts_a_sentence_for_each_of_its_entries():
    mod = _script()
    judged = pd.DataFrame({"cue": ["hope", "hope|breakthrough", "rule:frame+negated_possibility", ""],
                           "correct": [1, 0, 1, 0]})
    assert mod.cue_list("hope|breakthrough") == ["hope", "breakthrough"]
    assert mod.cue_list("rule:frame+negated_possibility") == []
    assert mod.prospect_entry_precision(judged) == {"hope": (1, 2), "breakthrough": (0, 1)}


def _prospect_rows_of_lexicon():
    rows = read_lexicon(LEXICON_DIR / "stance_markers.tsv").rows
    return [r for r in rows if (r["kind"] or "").strip() == "prospect"]


def test_prospect_judgements_have_a_cue_per_sentence_and_keep_every_judgement():
    judged = _script().read_judgements(_script().PROSPECT_JUDGEMENTS)
    assert len(judged) == 26 and judged["cue"].astype(bool).all()
    assert set(judged["correct"]) <= {0, 1}
    assert judged.loc[judged["correct"] == 0, "note"].astype(bool).all()  # every rejection says why
    entries = {r["entry"] for r in _prospect_rows_of_lexicon()}
    assert {e for c in judged["cue"] for e in _script().cue_list(c)} <= entries


def test_committed_outside_precision_of_prospect_rows_equals_the_judgements():
    mod = _script()
    per = mod.prospect_entry_precision(mod.read_judgements(mod.PROSPECT_JUDGEMENTS))
    got = {r["entry"]: r["outside_precision"] for r in _prospect_rows_of_lexicon()}
    assert got == {e: ("{}/{}".format(*per[e]) if e in per else "") for e in got}
    assert got["hope"] == "2/3" and got["help"] == "0/4"


@pytest.mark.validation
def test_committed_prospect_cues_equal_what_the_detector_finds(nlp):
    mod = _script()
    if not paths.validation_dir().is_dir():
        pytest.skip(f"no annotated data at {paths.validation_dir()}")
    judged = mod.read_judgements(mod.PROSPECT_JUDGEMENTS)
    cues = mod.prospect_cues(nlp, mod.load_sentences(judged))
    assert dict(zip(zip(judged["file"], judged["id"]), judged["cue"])) == cues
