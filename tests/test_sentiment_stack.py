"""The stacked static head (scripts/fit_sentiment.py ``stack_head``) and the record of how it was
chosen: synthetic data where the right level-2 weights are known, the collapse of the two levels
into the shipped linear form, the development/test protocol written in the shipped JSON, and
hand-written headlines (including one it gets wrong)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from discourse.evaluation import sentiment as ES
from discourse.measures import sentiment as S
from discourse.measures.sentiment import sentiment

DEV = "semeval2007_headlines_valence.tsv:semeval07-trial"
TEST = "semeval2007_headlines_valence.tsv:semeval07-test"


@pytest.fixture(scope="module")
def fs():
    spec = importlib.util.spec_from_file_location(
        "fit_sentiment", Path(__file__).parent.parent / "scripts" / "fit_sentiment.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _synthetic(signal: str, seed: int = 0, sets=("a", "b", "c"), n=400, dim=16):
    """Three sets; the target is either the VADER compound column (the embedding is noise) or a
    linear function of the embedding (the lexicon columns are noise)."""
    rng = np.random.default_rng(seed)
    beta = rng.normal(size=dim)
    emb, lex, tgt = {}, {}, {}
    for k, name in enumerate(sets):
        E = rng.normal(size=(n + 50 * k, dim))
        L = rng.uniform(-1, 1, size=(n + 50 * k, 4))
        y = L[:, 0] * 0.8 if signal == "compound" else np.tanh(E @ beta / np.sqrt(dim))
        emb[name], lex[name], tgt[name] = E, L, y + rng.normal(scale=0.05, size=len(y))
    return emb, lex, tgt


def test_level2_puts_the_weight_on_compound_when_the_embedding_is_noise(fs):
    emb, lex, tgt = _synthetic("compound")
    coef, b, level2 = fs.stack_head(emb, lex, tgt, ["a", "b", "c"], 10.0, (0,))
    assert level2["vader_compound"] == pytest.approx(0.8, abs=0.03)
    assert abs(level2["embedding_head"]) < 0.3  # out-of-fold noise predictions earn ~no weight
    assert coef[16] == pytest.approx(level2["vader_compound"]) and np.all(coef[17:] == 0)


def test_level2_puts_the_weight_on_the_embedding_when_compound_is_noise(fs):
    emb, lex, tgt = _synthetic("embedding")
    coef, b, level2 = fs.stack_head(emb, lex, tgt, ["a", "b", "c"], 1.0, (0,))
    assert abs(level2["vader_compound"]) < 0.03
    assert level2["embedding_head"] > 0.8


def test_stack_collapses_to_one_linear_map_of_the_shipped_features(fs):
    """coefficients @ [emb, lex] + intercept == w_emb * (level-1 head fitted on all sets) + w . lex + b2."""
    emb, lex, tgt = _synthetic("embedding", seed=3)
    lam, cols, sets = 5.0, (0, 3), ["a", "b", "c"]
    coef, b, level2 = fs.stack_head(emb, lex, tgt, sets, lam, cols)
    X = np.vstack([emb[n] for n in sets])
    w = fs._set_weights([len(tgt[n]) for n in sets])
    c1, b1 = fs.ridge(X, np.concatenate([tgt[n] for n in sets]), w, lam, X.shape[1])
    x_emb, x_lex = emb["b"][:5], lex["b"][:5]
    via_levels = (
        level2["embedding_head"] * (x_emb @ c1 + b1)
        + level2["vader_compound"] * x_lex[:, 0]
        + level2["textblob_polarity"] * x_lex[:, 3]
    )
    collapsed = np.hstack([x_emb, x_lex]) @ coef + b
    # the two differ only by the level-2 intercept, the same for every row
    assert np.ptp(collapsed - via_levels) < 1e-9
    assert coef[17] == 0 and coef[18] == 0  # pos, neg: not level-2 columns here


def test_stack_needs_two_sets(fs):
    emb, lex, tgt = _synthetic("compound")
    with pytest.raises(ValueError, match="at least two"):
        fs.stack_head(emb, lex, tgt, ["a"], 10.0, (0,))


def test_equal_total_weight_per_set(fs):
    w = fs._set_weights([10, 30])
    assert w[:10].sum() == pytest.approx(w[10:].sum()) and w.mean() == pytest.approx(1.0)


# --------------------------------------------------------------------------- the shipped record
@pytest.fixture(scope="module")
def head():
    return json.loads(S.STATIC_PARAMS.read_text(encoding="utf-8"))


def test_shipped_coefficients_are_the_recorded_level2_weights(head):
    coef = np.array(head["coefficients"])
    names = head["feature_names"]
    w = head["level2_weights"]
    assert head["level2_columns"] == "compound" and set(w) == {"embedding_head", "vader_compound"}
    assert coef[names.index("vader_compound")] == pytest.approx(w["vader_compound"], abs=1e-6)
    for other in ("vader_pos", "vader_neg", "textblob_polarity"):
        assert coef[names.index(other)] == 0.0  # TextBlob stays a column of the table, not an input of the head
    assert 0 < w["vader_compound"] < 1 and 0 < w["embedding_head"] < 1.5


def test_penalty_and_columns_were_chosen_on_the_development_headlines_only(head):
    dev = head["development"][DEV]
    grid = dev["grid_pearson_r"]
    best = max(grid.values())
    chosen = f"{head['level2_columns']}|{head['ridge_penalty']}"
    assert grid[chosen] == best == dev["pearson_r"]["static"]  # the argmax of the dev grid is shipped
    assert not any(n.startswith("semeval") for n in head["fitted_on"])
    assert "development headlines" in head["selection"] and "never fit rows" in head["protocol"]


def test_dev_table_never_read_the_test_headlines(head):
    table = json.loads((S.DATA_DIR / "sentiment_static_dev.json").read_text(encoding="utf-8"))
    assert TEST not in table["provenance"]["data"] and DEV in table["provenance"]["data"]
    stack = table["dev_pearson_r"]["stack, level 2 compound, 4 sets"]
    assert stack[str(head["ridge_penalty"])] == pytest.approx(head["development"][DEV]["pearson_r"]["static"], abs=1e-4)
    # the previous design, fitted on the same four sets, is below the stack at every penalty on dev
    early = table["dev_pearson_r"]["early fusion (previous design), 4 sets"]
    assert max(early.values()) < min(v for k, v in stack.items() if float(k) <= 300)
    assert {n for n in table["provenance"]["data"]} == {n for n in ES.FIT_SETS if n != TEST}


# --------------------------------------------------------------------------- hand-written headlines
@pytest.mark.parametrize("text", ["Flood leaves thousands homeless", "Earthquake kills hundreds in Turkey"])
def test_negative_headlines_score_negative(text):
    """'Flood leaves thousands homeless' has no VADER lexicon word (compound 0): only the embedding sees it."""
    assert sentiment(text) < -0.05


@pytest.mark.parametrize("text", ["Local team wins championship", "Company reports record profits"])
def test_positive_headlines_score_positive(text):
    assert sentiment(text) > 0.05


@pytest.mark.parametrize("text", ["Parliament meets on Tuesday", "Minister to visit Paris next week"])
def test_plain_headlines_stay_near_zero(text):
    assert abs(sentiment(text)) < 0.10


@pytest.mark.xfail(
    strict=True, reason="known miss: 'save' is positive but 'trapped' pulls the embedding negative (-0.13)"
)
def test_rescue_headline_is_positive():
    assert sentiment("Rescuers save trapped miners") > 0
