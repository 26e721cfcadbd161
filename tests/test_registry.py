"""The output schemas (io.LEVEL_SCHEMAS, the document table's means, the CLI's LEVEL_COLUMNS)
come from the measure registry: a measure added there appears in them."""

from __future__ import annotations

import argparse
import math

import pytest

from discourse import __main__ as cli
from discourse import io, registry
from discourse.registry import Measure

#: the schemas as they were typed by hand in io.py before issue 11 (order and dtypes frozen)
_S, _I, _F, _B = "str", "int64", "float64", "bool"
_SPAN = {"segment_id": _I, "role": _S}
_OFFSETS = {"start_char": _I, "end_char": _I, "token_start": _I, "token_end": _I}
OLD_SCHEMAS = {
    "sentence": {**_SPAN, "sent_id": _I, "sent_in_segment": _I, "text": _S, "start_char": _I, "end_char": _I,
                 "n_tokens": _I, "sentiment": _F, "vader": _F, "textblob_polarity": _F,
                 "textblob_subjectivity": _F, "voice": _S, "speaker": _S, "frames": _S, "actors": _S,
                 "prospect": _B, "prospect_score": _F, "prospect_stance": _S},
    "cue": {**_SPAN, "kind": _S, "text": _S, "lemma": _S, **_OFFSETS, "sent_id": _I, "category": _S,
            "sense": _S, "strength": _S, "negated": _B, "lexicon": _S, "rule": _S},
    "frame": {**_SPAN, "frame": _S, "text": _S, "lemma": _S, **_OFFSETS, "verb_class": "object",
              "lexicon": _S, "rule": _S, "sent_id": _I},
    "actor": {**_SPAN, "text": _S, "canonical": _S, "side": _S, "type": _S, **_OFFSETS, "source": _S,
              "sent_id": _I},
    "source": {"chars": _I, "body_segments": _I, "sentences": _I, "n_tokens": _I, "mean_sentiment": _F,
               "mean_vader": _F, "mean_textblob_polarity": _F, "mean_textblob_subjectivity": _F,
               "mean_prospect_score": _F, "n_prospect": _I},
}
OLD_SOURCE_COLUMNS = {"chars", "body_segments", "sentences", "n_tokens"}

TOY = Measure("toy", "sentence", "sentences", columns=("toy_score", "toy_flag", "toy_label"),
              scores=("toy_score",), dtypes={"toy_score": "float64", "toy_flag": "bool"})
HIDDEN = Measure("hidden", "sentence", "sentences", columns=("hidden_label",), in_schema=False)


@pytest.fixture
def toy(monkeypatch):
    monkeypatch.setattr(registry, "MEASURES", registry.MEASURES + (TOY, HIDDEN))


# --------------------------------------------------------------------------- (a) same as before, from the registry
@pytest.mark.parametrize("level", io.LEVELS)
def test_level_schemas_are_the_registrys(level):
    assert list(io.LEVEL_SCHEMAS[level].items()) == list(registry.level_schema(level).items())


@pytest.mark.parametrize("level", io.LEVELS)
def test_level_schemas_keep_the_old_order_and_dtypes(level):
    assert list(registry.level_schema(level).items()) == list(OLD_SCHEMAS[level].items())


@pytest.mark.parametrize("level", io.LEVELS)
def test_level_columns_are_the_old_ones(level):
    old = OLD_SOURCE_COLUMNS if level == "source" else set(OLD_SCHEMAS[level])
    assert cli.LEVEL_COLUMNS[level] == old == cli.level_columns(level)


@pytest.mark.parametrize("level", io.LEVELS)
def test_empty_table_has_the_schema(level):
    df = io.empty_table(level, ["outlet"])
    assert list(df.columns) == ["doc_id", "outlet", *OLD_SCHEMAS[level]]
    assert [str(t) for t in df.dtypes[2:]] == list(OLD_SCHEMAS[level].values())


def test_mean_columns_are_the_score_columns():
    assert registry.score_columns() == ("sentiment", "vader", "textblob_polarity", "textblob_subjectivity",
                                        "prospect_score")
    assert registry.flag_columns() == ("prospect",)


# --------------------------------------------------------------------------- (b) a new measure shows up everywhere
def test_toy_measure_is_in_the_sentence_schema(toy):
    schema = registry.level_schema("sentence")
    assert list(schema)[-3:] == ["toy_score", "toy_flag", "toy_label"]
    df = io.empty_table("sentence")
    assert (str(df["toy_score"].dtype), str(df["toy_flag"].dtype), str(df["toy_label"].dtype)) == (
        "float64", "bool", "str")
    # negative: a measure with in_schema=False is left out, as source_type is
    assert "hidden_label" not in df.columns and "source_type" not in df.columns


def test_toy_measure_is_in_the_source_schema(toy):
    df = io.empty_table("source")
    assert list(df.columns)[-3:] == ["mean_toy_score", "n_prospect", "n_toy_flag"]
    assert str(df["mean_toy_score"].dtype) == "float64" and str(df["n_toy_flag"].dtype) == "int64"
    assert "mean_toy_label" not in df.columns and "n_toy_label" not in df.columns  # not a score, not a flag


def test_toy_measure_is_averaged_and_counted_per_document(toy):
    sentences = [{"n_tokens": 3, "toy_score": 0.5, "toy_flag": True},
                 {"n_tokens": 2, "toy_score": float("nan"), "toy_flag": False, "n_hedge": 1},
                 {"n_tokens": 1, "toy_score": -0.1, "toy_flag": True, "n_hedge": 2}]
    row = io._document_row("d1", {"outlet": "x"}, "abcdef", [None, None], sentences)
    assert math.isclose(row["mean_toy_score"], 0.2)  # (0.5 - 0.1) / 2: the NaN is left out
    assert row["n_toy_flag"] == 2 and row["n_prospect"] == 0
    assert row["mean_sentiment"] is None  # no sentence has a sentiment value
    assert (row["n_tokens"], row["n_hedge"], row["chars"], row["body_segments"]) == (6, 3, 6, 2)


def test_toy_column_is_refused_as_a_kept_column(toy):
    args = argparse.Namespace(source_col=None, keep_col=["toy_label"])
    with pytest.raises(cli._Usage, match="toy_label"):
        cli._check_meta_names(args, "sentence")
    # negative: a name no level has passes, and the toy column does not clash with the cue table
    cli._check_meta_names(argparse.Namespace(source_col="outlet", keep_col=None), "sentence")
    cli._check_meta_names(args, "cue")


def test_registry_refuses_a_dtype_for_a_column_it_lacks():
    with pytest.raises(ValueError, match="toy_typo"):
        Measure("bad", "sentence", "sentences", columns=("toy_score",), dtypes={"toy_typo": "float64"})


def test_unknown_level_names_the_levels():
    with pytest.raises(KeyError, match="sentence"):
        registry.level_schema("paragraph")
