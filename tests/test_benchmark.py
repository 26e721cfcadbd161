"""benchmarks/bench_measures.py: the ratios it reports are what its docstring says they are."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_measures.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_measures", BENCH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_rounds_report_the_fastest_and_the_median_pass_over_the_matching_parse(nlp, monkeypatch):
    """A fake clock: three rounds whose parses take 5, 4, 6 s and whose measure passes take 3, 1, 0.5 s."""
    import itertools

    bm = _bench()
    steps = [0, 5, 0, 3, 0, 4, 0, 1, 0, 6, 0, 0.5]  # the time between one clock reading and the next
    readings = itertools.accumulate(itertools.chain(steps, itertools.repeat(1)))
    monkeypatch.setattr(bm, "clock", lambda: float(next(readings)))
    segs = ["Talks may resume soon, officials said.", "Iran cannot accept that; we believe it is wrong."]
    out = bm.time_measures(nlp, segs, profile=False, rounds=3)
    assert out["parse_s_rounds"] == [5, 4, 6] and out["measures_s_rounds"] == [3, 1, 0.5]
    assert out["measures_over_parse"] == 1.6  # the first round, as reported before --rounds
    assert out["measures_over_parse_min"] == 1.125  # (4 + 0.5) / 4
    assert out["measures_over_parse_median"] == 1.2  # (5 + 1) / 5


def test_one_round_by_default_gives_the_same_ratio_three_ways(nlp):
    bm = _bench()
    out = bm.time_measures(nlp, ["Talks may resume soon, officials said."], profile=False)
    assert out["rounds"] == 1
    assert out["measures_over_parse_min"] == out["measures_over_parse_median"] == out["measures_over_parse"] > 1
