"""discourse.report.check_claims: prose claims tied to computed values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from discourse.report import ClaimError, check_claims


def test_true_claims_come_back_as_a_series():
    rate_a, rate_b = 12.5, 4.0
    out = check_claims({"A hedges more than B": rate_a > rate_b, "B hedges at all": bool(rate_b > 0)})
    assert isinstance(out, pd.Series)
    assert out.name == "holds"
    assert out.dtype == bool
    assert out.to_dict() == {"A hedges more than B": True, "B hedges at all": True}


def test_numpy_booleans_are_accepted():
    a = np.array([1.0, 2.0])
    out = check_claims({"the mean is above one": a.mean() > 1})
    assert out.tolist() == [True]


def test_a_false_claim_raises_and_names_it():
    rate_a, rate_b = 4.0, 12.5
    with pytest.raises(ClaimError) as err:
        check_claims({"B hedges at all": rate_b > 0, "A hedges more than B": rate_a > rate_b})
    assert err.value.failed == ["A hedges more than B"]
    assert "A hedges more than B" in str(err.value)
    assert "B hedges at all" not in str(err.value)


def test_every_false_claim_is_listed():
    with pytest.raises(ClaimError) as err:
        check_claims({"one": False, "two": True, "three": np.bool_(False)})
    assert err.value.failed == ["one", "three"]
    assert "2 claim(s)" in str(err.value)


def test_claim_error_is_an_assertion_error():
    with pytest.raises(AssertionError):
        check_claims({"false": False})


@pytest.mark.parametrize("value", [pd.Series([True, False]), np.array([True]), None, 1, "yes"])
def test_values_that_are_not_booleans_are_refused(value):
    with pytest.raises(TypeError, match="not a boolean"):
        check_claims({"ambiguous": value})


def test_no_claims_is_refused():
    with pytest.raises(ValueError, match="no claims"):
        check_claims({})


def test_write_table_is_byte_identical_and_creates_its_folder(tmp_path, monkeypatch):
    from discourse.report import write_table

    folder = tmp_path / "not" / "yet"
    monkeypatch.setenv("DISCOURSE_PROCESSED_DIR", str(folder))
    table = pd.DataFrame({"text": ["a, b", "c"], "x": [1 / 3, 2.0], "n": [1, 2]})
    path = write_table(table, "t.csv")
    assert path == folder / "t.csv"
    first = path.read_bytes()
    assert first == b'text,x,n\n"a, b",0.333333333333,1\nc,2,2\n'
    write_table(table.copy(), "t.csv")
    assert path.read_bytes() == first


@pytest.mark.parametrize("name", ["t.txt", "sub/t.csv", "../t.csv"])
def test_write_table_wants_a_bare_csv_name(name, tmp_path, monkeypatch):
    from discourse.report import write_table

    monkeypatch.setenv("DISCOURSE_PROCESSED_DIR", str(tmp_path))
    with pytest.raises(ValueError, match="bare file name"):
        write_table(pd.DataFrame({"a": [1]}), name)
