"""Cohen's kappa and the agreement table on tiny label sets whose answers are computed by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from discourse.errors import InputError
from discourse.evaluation.agreement import agreement, cohen_kappa


def table(voice, prospect=None, stance=None):
    n = len(voice)
    return pd.DataFrame({"source_id": ["s"] * n, "segment_id": [1] * n, "sent_index": list(range(n)),
                         "voice": voice, "prospect": prospect or ["false"] * n, "prospect_stance": stance or [""] * n})


def test_kappa_by_hand():
    # p_o = 3/4; p_e = 1/2*1/4 + 1/2*3/4 = 1/2; kappa = (3/4 - 1/2) / (1/2) = 1/2
    assert cohen_kappa(list("xxyy"), list("xyyy")) == pytest.approx(0.5)
    # complete disagreement on a balanced pair: p_o = 0, p_e = 1/2 -> -1
    assert cohen_kappa(["x", "y"], ["y", "x"]) == pytest.approx(-1.0)
    assert cohen_kappa(list("xyz"), list("xyz")) == pytest.approx(1.0)
    # one label used by both throughout: chance agreement 1, kappa undefined
    assert math.isnan(cohen_kappa(["x", "x"], ["x", "x"]))


def test_kappa_length_mismatch_is_input_error():
    with pytest.raises(InputError):
        cohen_kappa(["x"], ["x", "y"])


def test_agreement_table_and_disagreements():
    a = table(["authorial", "authorial", "reported", "reported"])
    b = table(["authorial", "reported", "reported", "reported"])
    summ, dis = agreement(a, b, pair="t", fields=("voice",), n_boot=200)
    r = summ.iloc[0]
    assert (r.n, r.agreement, r.kappa) == (4, 0.75, pytest.approx(0.5))
    assert r.agreement_lo <= r.agreement <= r.agreement_hi
    assert dis[["sent_index", "a", "b"]].values.tolist() == [[1, "authorial", "reported"]]


def test_bootstrap_is_reproducible():
    a = table(list("xxyyxyxy"))
    b = table(list("xyyyxxxy"))
    s1, _ = agreement(a, b, fields=("voice",), n_boot=300, seed=3)
    s2, _ = agreement(a, b, fields=("voice",), n_boot=300, seed=3)
    pd.testing.assert_frame_equal(s1, s2)


def test_stance_compared_only_where_both_say_prospect():
    a = table(["authorial"] * 3, ["true", "true", "false"], ["pessimistic", "optimistic", "optimistic"])
    b = table(["authorial"] * 3, ["true", "false", "false"], ["pessimistic", "optimistic", "pessimistic"])
    summ, dis = agreement(a, b, fields=("prospect", "prospect_stance"), n_boot=50)
    st = summ.set_index("field").loc["prospect_stance"]
    assert st.n == 1 and st.agreement == 1.0  # rows 1 and 2 are not prospects for both
    assert summ.set_index("field").loc["prospect", "agreement"] == pytest.approx(2 / 3)


def test_missing_field_is_skipped_and_missing_key_is_error():
    a, b = table(["x"]), table(["x"])
    summ, _ = agreement(a, b, fields=("voice", "commitment"), n_boot=10)
    assert list(summ.field) == ["voice"]
    with pytest.raises(InputError, match="key column"):
        agreement(a.drop(columns="sent_index"), b)
