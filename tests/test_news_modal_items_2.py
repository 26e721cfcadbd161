"""scripts/news_modal_items_2.py: the second held-out news modal set's items (Reuters-21578, GUM news)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("news_modal_items_2", ROOT / "scripts" / "news_modal_items_2.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_gum_tokens_are_located_by_form_and_order(script, tmp_path):
    rows = [{"doc": "GUM_news_x", "sent_id": "x-1", "text": "He can go, but she can`t and they shouldn't.",
             "modals": [{"token_id": "2", "form": "can", "lemma": "can"},
                        {"token_id": "7", "form": "ca", "lemma": "can"},
                        {"token_id": "10", "form": "should", "lemma": "should"},
                        {"token_id": "12", "form": "wo", "lemma": "will"}]}]  # will: left out
    got = script.gum_items(rows, tmp_path / "g.jsonl")
    assert [(r["sentence"][r["char_start"]:r["char_end"]], r["modal"]) for r in got] == [
        ("can", "can"), ("ca", "can"), ("should", "should")]
    assert got[1]["marked"] == "He can go, but she [[ca]]n`t and they shouldn't."
    assert got[0]["source"] == "wikinews" and got[0]["source_id"] == "GUM_news_x:x-1:2"


def test_a_gum_token_that_is_not_in_its_sentence_is_one_line_naming_the_file(script, tmp_path):
    rows = [{"doc": "GUM_news_x", "sent_id": "x-2", "text": "Nothing here.",
             "modals": [{"token_id": "1", "form": "could", "lemma": "could"}]}]
    with pytest.raises(script.ItemError, match=r"g\.jsonl: GUM_news_x x-2: modal 'could' no\. 1 not found"):
        script.gum_items(rows, tmp_path / "g.jsonl")


def test_reuters_keeps_md_tokens_and_each_repeated_sentence_once(script):
    rows = [{"newid": "1", "part": "body", "sentence": 'He said prices could rise in May, as "analysts" expected.'},
            {"newid": "2", "part": "body", "sentence": "He said prices could rise in May, as 'analysts' expected."},
            {"newid": "2", "part": "title", "sentence": "Talks would resume, officials said."}]
    got = script.reuters_items(rows)
    assert [(r["source_id"], r["modal"]) for r in got] == [("reut2-000:1:body:1", "could"), ("reut2-000:2:title:2", "would")]
    assert all(r["sentence"][r["char_start"]:r["char_end"]] == r["modal"] for r in got)  # "May" the month is not MD


def test_a_missing_or_broken_source_file_is_one_line(script, tmp_path):
    with pytest.raises(script.ItemError, match=r"nope\.jsonl: not found"):
        script._jsonl(tmp_path / "nope.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"a": 1}\n{oops\n', encoding="utf-8")
    with pytest.raises(script.ItemError, match=r"bad\.jsonl: not valid JSON lines"):
        script._jsonl(bad)


def test_the_committed_items_are_what_the_committed_sources_give(script):
    """items.csv is recomputed from the two copied-sentence files (same order, same offsets)."""
    committed = pd.read_csv(script.OUT, dtype=str, keep_default_na=False)
    got = pd.DataFrame(script.items(), columns=script.FIELDS).astype(str)
    pd.testing.assert_frame_equal(got, committed)
    src = [json.loads(ln) for ln in (script.SOURCE / "gum_news_sentences.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sum(m["lemma"] in script.MODALS for r in src for m in r["modals"]) == int((committed["source"] == "wikinews").sum())


def test_the_sealed_third_set_is_what_its_sources_give_and_every_item_has_two_labels(script):
    """The third set is sealed (scripts/protocols/news_modal_heldout_3.md): this checks that its items
    are recomputed from the copied sentences and that both label files are complete and valid, and
    computes no score and no agreement."""
    here = script.SETS["3"][0]
    committed = pd.read_csv(here / "items.csv", dtype=str, keep_default_na=False)
    got = pd.DataFrame(script.items("3"), columns=script.FIELDS).astype(str)
    pd.testing.assert_frame_equal(got, committed)
    assert set(committed["source"]) == {"reuters"} and committed["item_id"].str.startswith("nc").all()
    spec = importlib.util.spec_from_file_location("news_modal_heldout_s3", ROOT / "scripts" / "news_modal_heldout.py")
    scoring = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scoring)
    items = scoring._read(here / "items.csv", scoring.ITEM_COLUMNS)
    for name in ("annotator1.csv", "annotator2.csv"):
        assert len(scoring.labels(items, here / name)) == len(items)  # raises on a missing, doubled or unknown label
    assert not scoring.SETS["3"].gold.exists() and not scoring.SETS["3"].report.exists()  # not scored yet
