"""discourse.sensitivity: headline contrasts under the analyst's alternatives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from discourse import sensitivity as sv
from discourse.errors import InputError


@pytest.fixture(scope="module")
def tables():
    rng = np.random.default_rng(0)
    sent, cues = [], []
    for doc, rate in (("a", 0.2), ("b", 0.8)):
        for k in range(60):
            n = int(rng.poisson(rate))
            sent.append({"doc_id": doc, "segment_id": k // 3, "sent_id": k, "n_tokens": 20, "n_deny": n,
                         "sentiment": float(rng.normal(0.1 if doc == "a" else -0.1, 0.3))})
            cues += [{"doc_id": doc, "sent_id": k, "category": "deny", "lemma": "not" if j % 2 == 0 or doc == "a" else "no"}
                     for j in range(n)]
    return pd.DataFrame(sent), pd.DataFrame(cues)


KW = {"rng": 1, "n_resamples": 199}


def test_by_unit_gives_one_row_per_unit(tables):
    s, _ = tables
    out = sv.by_unit(s, measures={"denials": "n_deny"}, groups=("a", "b"), **KW)
    assert list(out["unit"]) == ["paragraph", "sentence"] and out["effect"].nunique() == 1  # same point estimate


def test_count_variant_recounts_from_the_cues(tables):
    s, c = tables
    out = sv.by_count_variant(s, c, contrast="denials", groups=("a", "b"),
                              variants={"all": lambda x: x.category == "deny", "only no": lambda x: x.lemma == "no"}, **KW)
    n_no_b = int((c.lemma == "no").sum())
    assert out.loc[1, "estimate_b"] == pytest.approx(n_no_b / (60 * 20) * 1000) and out.loc[1, "estimate_a"] == 0


def test_leave_one_out_puts_the_most_influential_lemma_first(tables):
    s, c = tables
    out = sv.leave_one_out(s, c, contrast="denials", keep=lambda x: x.category == "deny", groups=("a", "b"), **KW)
    assert out.loc[0, "variant"] == "all entries" and out.loc[1, "variant"] == "without 'not'"
    with pytest.raises(InputError, match="no cue is selected"):
        sv.leave_one_out(s, c, contrast="x", keep=lambda x: x.category == "none", groups=("a", "b"), **KW)


def test_unknown_measure_is_one_line(tables):
    s, _ = tables
    with pytest.raises(InputError, match="no measure 'n_missing'"):
        sv.by_unit(s, measures={"x": "n_missing"}, groups=("a", "b"), **KW)


# ------------------------------------------------------------------------------ by_voice (item 2)
def _voice_table():
    """Quoted sentences carry 2 denials each, authorial ones 0 or 1 alike in both texts; text b quotes
    far more, so b's denial rate is higher on all sentences but not among the writer's own."""
    rows = []
    for doc, n_quoted in (("a", 6), ("b", 40)):
        for k in range(60):
            voice = "quoted" if k < n_quoted else "authorial"
            n = 2 if voice == "quoted" else k % 2
            rows.append({"doc_id": doc, "segment_id": k // 3, "sent_id": k, "n_tokens": 20, "n_deny": n,
                         "voice": voice})
    return pd.DataFrame(rows)


def test_by_voice_composition_difference_disappears_among_authorial():
    out = sv.by_voice(_voice_table(), by="doc_id", groups=("a", "b"), unit="sentence", count_cols=["n_deny"], score_cols=[],
                      categorical_cols=[], **KW)
    r = out[out.measure == "n_deny"].iloc[0]
    assert r.estimate_b > 2 * r.estimate_a and r.verdict == "significant"
    # authorial: 1 denial every other sentence in both texts -> identical rates, ratio 1
    assert r.estimate_a_authorial == pytest.approx(r.estimate_b_authorial) == pytest.approx(25.0)
    assert r.verdict_authorial == "not significant" and bool(r.verdict_changes) is True


def test_by_voice_needs_a_voice_column():
    with pytest.raises(InputError, match="no 'voice' column"):
        sv.by_voice(_voice_table().drop(columns="voice"), groups=("a", "b"))
    t = _voice_table().assign(voice="quoted")
    with pytest.raises(InputError, match="no sentence has voice"):
        sv.by_voice(t, groups=("a", "b"))
