"""The output schemas (io.LEVEL_SCHEMAS, the document table's means, the CLI's LEVEL_COLUMNS)
come from the measure registry: a measure added there appears in them."""

from __future__ import annotations

import argparse
import math

import pytest

import discourse as dc
from discourse import __main__ as cli
from discourse import io, registry
from discourse.registry import Measure

#: the schemas as they were typed by hand in io.py before issue 11 (order and dtypes frozen), plus
#: the columns every table with rows has always had and empty tables lacked until session 5
#: (sentiment_lexicon, source_type, engagement, commitment; cue voice and speaker)
_S, _I, _F, _B = "str", "int64", "float64", "bool"
_SPAN = {"segment_id": _I, "role": _S}
_OFFSETS = {"start_char": _I, "end_char": _I, "token_start": _I, "token_end": _I}
OLD_SCHEMAS = {
    "sentence": {**_SPAN, "sent_id": _I, "sent_in_segment": _I, "text": _S, "start_char": _I, "end_char": _I,
                 "n_tokens": _I, "sentiment": _F, "sentiment_lexicon": _F, "vader": _F, "textblob_polarity": _F,
                 "textblob_subjectivity": _F, "voice": _S, "speaker": _S, "source_type": _S, "frames": _S,
                 "actors": _S, "prospect": _B, "prospect_score": _F, "prospect_stance": _S, "engagement": _S,
                 "commitment": _S},
    "cue": {**_SPAN, "kind": _S, "text": _S, "lemma": _S, **_OFFSETS, "sent_id": _I, "category": _S,
            "sense": _S, "strength": _S, "negated": _B, "lexicon": _S, "rule": _S, "voice": _S, "speaker": _S},
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
    counts = set(registry.count_columns()) if level in ("sentence", "source") else set()
    schema = [c for c in df.columns if c not in counts]
    assert schema == ["doc_id", "outlet", *OLD_SCHEMAS[level]]
    assert [str(df[c].dtype) for c in schema[2:]] == list(OLD_SCHEMAS[level].values())
    assert set(df.columns) - set(schema) == counts  # and the count columns every row has, as int64
    assert all(str(df[c].dtype) == "int64" for c in counts)


@pytest.mark.parametrize("domain", [None, "us_iran_diplomacy"])
def test_an_empty_table_has_the_columns_of_a_table_with_rows(domain):
    """A corpus that yields no rows writes a table with the same columns, in the same order, as one
    that does, with or without a domain (only the count columns of what was found, a frame or a
    device category, are extra), so outputs of several runs concatenate."""
    tables = io.score_texts({"a": "Talks may resume. Officials said Iran would not negotiate."}, cache=False,
                            domain=domain)
    empties = io.score_texts({}, domain=domain)
    always = set(registry.count_columns(domain=domain is not None)) | {
        f"n_{c}" for c in registry.flag_columns(domain=domain is not None)}
    for level, filled in tables.items():
        found = [c for c in filled.columns if not (c.startswith("n_") and c != "n_tokens" and c not in always)]
        assert found == list(empties[level].columns) == list(io.empty_table(level, domain=domain is not None).columns)
        assert [str(t) for t in empties[level].dtypes] == [str(io.empty_table(level, domain=domain is not None)[c].dtype)
                                                           for c in empties[level].columns]
    if domain is None:  # the domain measures did not run: no column that would read as "none found"
        for level in ("sentence", "source"):
            assert not {"prospect", "frames", "n_prospect", "mean_prospect_score"} & set(tables[level].columns)
            assert not {"prospect", "frames", "n_prospect", "mean_prospect_score"} & set(empties[level].columns)
    else:
        assert {"prospect", "frames"} <= set(empties["sentence"].columns)
        assert {"n_prospect", "mean_prospect_score"} <= set(empties["source"].columns)


@pytest.mark.parametrize("domain", [None, "us_iran_diplomacy"])
def test_analyze_all_empty_sentence_table_has_the_columns_of_a_filled_one(domain, nlp):
    """analyze_all with no body sentence (only a title here) gives the sentence columns it gives with
    sentences, count columns of what was found aside."""
    filled = dc.analyze_all(dc.corpus.build_corpus({"a": "Talks may resume. Iran would not negotiate."}),
                            nlp=nlp, cache=False, domain=domain).sentences
    empty = dc.analyze_all(dc.corpus.build_corpus({"a": "Talks may resume. Iran would not negotiate."}),
                           nlp=nlp, cache=False, domain=domain, roles=("heading",)).sentences
    assert empty.empty
    always = set(registry.count_columns(domain=domain is not None))
    found = [c for c in filled.columns if not (c.startswith("n_") and c != "n_tokens" and c not in always)]
    assert found == list(empty.columns)


def test_count_columns_are_the_cue_counts_then_engagement_levels():
    cols = registry.count_columns()
    assert cols[:len(registry.base_counts())] == registry.base_counts()
    assert cols[len(registry.base_counts()):] == tuple(f"n_eng_{c}" for c in registry.levels("category"))
    assert "n_eng" not in cols  # Engagement has no total column
    # without a domain, the domain measures' columns go
    assert "n_prospect" not in registry.level_schema("source", domain=False)
    assert "n_prospect" in registry.level_schema("source")
    assert "frames" not in registry.level_schema("sentence", domain=False)


def test_sub_counts_read_the_registrys_count_by(nlp):
    """n_<kind>_<level> reads the field the registry names for the kind (modal -> sense), else category."""
    m = dc.tables.Measurer(nlp.vocab)
    assert m.count_by == {"modal": "sense"}
    counts = dc.tables._count_columns([{"kind": "modal", "sense": "deontic", "category": "necessity"},
                                       {"kind": "hedge", "category": "modal"}], m.count_by)
    assert (counts["n_modal_deontic"], counts["n_hedge_modal"], counts["n_modal"]) == (1, 1, 1)
    assert "n_modal_necessity" not in counts
    counts = dc.tables._count_columns([{"kind": "modal", "sense": "deontic", "category": "necessity"}],
                                      {"modal": "category"})
    assert counts.get("n_modal_necessity") == 1 and counts["n_modal_deontic"] == 0


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
    assert "hidden_label" not in df.columns and "source_type" in df.columns


def test_toy_measure_is_in_the_source_schema(toy):
    df = io.empty_table("source")
    assert [c for c in df.columns if c not in registry.count_columns()][-3:] == [
        "mean_toy_score", "n_prospect", "n_toy_flag"]
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


# --------------------------------------------------------------------------- (c) a measure is one entry: rows too
class ToyCues:
    """A cue detector: every "talks" is a ``toyword`` cue (a row of the cue table)."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, doc):
        return [{"kind": "toyword", "text": t.text, "lemma": t.lemma_, "start_char": t.idx,
                 "end_char": t.idx + len(t), "token_start": t.i, "token_end": t.i + 1, "category": None,
                 "sense": None, "strength": None, "negated": False, "lexicon": "toy", "rule": "toy:talks"}
                for t in doc if t.lower_ == "talks"]


def toy_factory(vocab, settings):
    """``toy_question``: the sentence ends with "?"; ``toy_score``: minus its sentiment (read from
    the sentiment measure's result, so it must run after it)."""
    def step(doc, ctx):
        sentiment = ctx.get("sentiment").sentences
        return registry.Result(sentences={
            k: {"toy_question": ctx.texts[k].rstrip().endswith("?"), "toy_score": -sentiment[k]["sentiment"]}
            for k in sentiment})
    return step


TOY_CUE = Measure("toy_cues", "cue", "cues", counts=("toyword",), detector=ToyCues)
# listed first: it still runs after "sentiment", which it needs
TOY_STEP = Measure("toy_step", "sentence", "sentences", columns=("toy_question", "toy_score"),
                   scores=("toy_score",), dtypes={"toy_question": "bool", "toy_score": "float64"},
                   factory=toy_factory, needs=("sentiment",))
TEXTS = {"a": "Will the talks resume? Officials were hopeful and the talks went well.",
         "b": "The talks collapsed. It was a terrible, bitter failure."}


@pytest.fixture
def toy_measures(monkeypatch):
    monkeypatch.setattr(registry, "MEASURES", (TOY_STEP, *registry.MEASURES, TOY_CUE))


def test_toy_measure_reaches_the_tables_and_compare(nlp, toy_measures):
    import discourse as dc

    corpus = dc.corpus.build_corpus(TEXTS)
    a = dc.analyze_all(corpus, nlp=nlp, cache=False)
    s = a.sentences
    assert s["toy_question"].tolist() == [True, False, False, False]
    assert s["toy_score"].tolist() == pytest.approx((-s["sentiment"]).tolist())
    assert s["toy_score"].iloc[3] > 0  # "a terrible, bitter failure": negative sentiment, positive toy score
    assert s["n_toyword"].tolist() == [1, 1, 1, 0]  # counted per sentence like any cue kind
    assert (a.cues["kind"] == "toyword").sum() == 3
    assert a.cues.loc[a.cues["kind"] == "toyword", "sent_id"].tolist() == [0, 1, 0]
    assert dc.cues(TEXTS["b"], nlp=nlp)["kind"].tolist().count("toyword") == 1
    result = dc.compare(s, by="doc_id", n_resamples=99)
    assert "n_toyword" in set(result["measure"])  # compare()'s default counts: every n_<kind> column
    assert "toy_score" in set(result["measure"])  # and its default scores: read from the registry at call time
    assert "toy_score" in registry.score_columns() and "toy_question" in registry.flag_columns()


def test_toy_measure_goes_when_unregistered(nlp, monkeypatch):
    from discourse.tables import measurer

    doc = nlp("Will the talks resume?")
    monkeypatch.setattr(registry, "MEASURES", (TOY_STEP, *registry.MEASURES, TOY_CUE))
    with_toy = measurer(nlp.vocab)(doc)
    assert with_toy["sentences"][0]["toy_question"] is True and with_toy["sentences"][0]["n_toyword"] == 1
    monkeypatch.undo()  # negative: the cached Measurer and CueFinder are rebuilt without the toy
    without = measurer(nlp.vocab)(doc)
    assert "toy_question" not in without["sentences"][0] and "n_toyword" not in without["sentences"][0]
    assert all(c["kind"] != "toyword" for c in without["cues"])


def test_toy_cue_detector_reaches_the_component(toy_measures):
    import spacy

    import discourse  # noqa: F401 - registers the factory

    nlp2 = spacy.load(discourse.nlp.resolve_model_name(), exclude=["ner"])
    nlp2.add_pipe("discourse_cues")
    assert [c["text"] for c in nlp2("The talks may resume.")._.cues if c["kind"] == "toyword"] == ["talks"]


def test_run_order_puts_needs_first_and_refuses_bad_needs():
    a, b, c = (Measure(n, "sentence", "sentences", needs=needs)
               for n, needs in (("a", ("c",)), ("b", ()), ("c", ("b",))))
    assert [m.name for m in registry.run_order((a, b, c))] == ["b", "c", "a"]
    assert [m.name for m in registry.run_order((b, c))] == ["b", "c"]  # already in order: kept
    with pytest.raises(ValueError, match="not registered"):
        registry.run_order((a, b))
    loop = Measure("d", "sentence", "sentences", needs=("e",)), Measure("e", "sentence", "sentences", needs=("d",))
    with pytest.raises(ValueError, match="cycle"):
        registry.run_order(loop)


def test_registered_measures_run_after_their_needs():
    order = [m.name for m in registry.run_order()]
    for m in registry.MEASURES:
        assert all(order.index(n) < order.index(m.name) for n in m.needs), m.name
    assert order.index("actors") < order.index("frames") < order.index("prospects")


def test_key_columns_are_one_source():
    from discourse import components, tables

    assert components.CUE_COLUMNS == [*registry.key_columns("cue"), "voice", "speaker"]
    assert tables.FRAME_COLUMNS == list(registry.key_columns("frame"))
    assert tables.ACTOR_COLUMNS == list(registry.key_columns("actor"))
    assert registry.key_columns("frame")[0] == "frame" and "segment_id" not in registry.key_columns("frame")


def test_readme_example_entry_is_a_working_measure(nlp, monkeypatch):
    import re
    from pathlib import Path

    import discourse as dc

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Adding a measure"):readme.index("## The notebooks")]
    (block,) = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    space: dict = {}
    exec(compile(block, "README.md", "exec"), space)  # noqa: S102 - the README's own example
    monkeypatch.setattr(registry, "MEASURES", registry.MEASURES + (space["EXCLAIMS"],))
    s = dc.analyze_all(dc.corpus.build_corpus({"a": "Talks resumed! Nobody expected it."}), nlp=nlp,
                       cache=False).sentences
    assert s["exclaims"].tolist() == [True, False]
    assert "exclaims" in registry.level_schema("sentence")


# --------------------------------------------------------------------------- CLI levels and base counts (issue 11)
def test_cli_levels_base_counts_and_score_columns_are_the_old_ones():
    """Derived from the registry, the values typed by hand before (frozen here)."""
    from discourse import tables
    from discourse.measures.sentiment import sentence_scores_many

    assert list(io._LEVEL_OF.items()) == [("sentences", "sentence"), ("cues", "cue"), ("frames", "frame"),
                                          ("actors", "actor")]
    assert set(io._LEVEL_OF.values()) == set(io.LEVELS) - {"source"}  # every row level the CLI writes
    assert tables.BASE_COUNTS == ["n_hedge", "n_booster", "n_modal", "n_modal_epistemic", "n_modal_deontic",
                                  "n_modal_dynamic"]
    assert tables.SCORE_COLUMNS == ["sentiment", "sentiment_lexicon", "vader", "textblob_polarity",
                                    "textblob_subjectivity"]
    # the columns the sentiment step writes, in that order, are the registry's sentiment columns
    assert list(sentence_scores_many(["The talks went well."])[0]) == tables.SCORE_COLUMNS
    assert list(registry.get("sentiment").columns) == tables.SCORE_COLUMNS


def test_toy_measure_with_zero_counts_and_an_output_level(monkeypatch):
    toy = Measure("toy_kinds", "cue", "toys", counts=("toy",), categorical={"shade": ("light", "dark")},
                  zero_counts=True, count_by="shade", output="cue")
    quiet = Measure("quiet", "cue", "quiet_rows", counts=("quiet",))  # no zero_counts, no output
    monkeypatch.setattr(registry, "MEASURES", registry.MEASURES + (toy, quiet))
    assert registry.base_counts()[-3:] == ("n_toy", "n_toy_light", "n_toy_dark")
    assert "n_quiet" not in registry.base_counts()
    assert registry.output_levels()["toys"] == "cue" and "quiet_rows" not in registry.output_levels()
    assert "engagement" not in registry.output_levels()  # a registered table the CLI does not write
    monkeypatch.setattr(registry, "MEASURES", registry.MEASURES + (Measure("x", "cue", "x", output="nowhere"),))
    with pytest.raises(ValueError, match="output 'nowhere' is not a level"):
        registry.output_levels()


def test_count_by_must_be_a_categorical_column():
    with pytest.raises(ValueError, match="count_by 'colour'"):
        Measure("bad", "cue", "cues", counts=("bad",), categorical={"shade": ("a",)}, zero_counts=True,
                count_by="colour")
