"""compare() and group_estimates() on a researcher's own corpus: groups of several documents.

Every check here is against an independent computation written in the test: a brute-force
recount of the cue table, a hand BH adjustment, a coverage simulation with a known truth.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.stats as st

from discourse import stats as S
from discourse.errors import InputError

NR = 199
KINDS = {"hedge": ["epistemic_adverb", "doxastic_verb", None],
         "booster": ["factive_verb", None],
         "modal": ["necessity", "possibility", "prediction"]}


def _corpus(docs_per_group: dict[str, int], *, seed: int, doc_col: str = "doc_id", by: str = "outlet"):
    """A synthetic sentence table and cue table: uneven documents, ``sent_id`` restarting at 0 in
    every document, paragraphs (``segment_id``) of 1-4 sentences, a document random effect on the
    sentiment score, cues of several kinds and categories (some without a category)."""
    g = np.random.default_rng(seed)
    sents, cues = [], []
    for grp, n_docs in docs_per_group.items():
        for d in range(n_docs):
            doc = f"{grp}-doc{d}"
            n = int(g.integers(2, 16))
            u = g.normal(0, 0.3)
            seg, left = 0, int(g.integers(1, 5))
            for i in range(n):
                if left == 0:
                    seg, left = seg + 1, int(g.integers(1, 5))
                left -= 1
                sents.append({doc_col: doc, by: grp, "segment_id": seg, "sent_id": i,
                              "n_tokens": int(g.integers(5, 40)), "sentiment": float(u + g.normal(0, 0.4)),
                              "voice": str(g.choice(["authorial", "reported", "quoted"]))})
                for _ in range(int(g.poisson(1.2))):
                    kind = str(g.choice(list(KINDS)))
                    cat = KINDS[kind][int(g.integers(len(KINDS[kind])))]
                    cues.append({doc_col: doc, by: grp, "sent_id": i, "kind": kind, "category": cat,
                                 "lemma": str(g.choice(["may", "must", "clearly", "perhaps", "will"]))})
    return pd.DataFrame(sents), pd.DataFrame(cues)


def _brute_force(sents, cues, doc_col, by):
    """Per-group rates per 1,000 tokens and shares of sentences with >= 1 cue, recounted by hand."""
    per_sentence = defaultdict(lambda: defaultdict(int))
    for row in cues.to_dict("records"):
        key = (row[doc_col], row["sent_id"])
        per_sentence[key][f"n_{row['kind']}"] += 1
        if row["category"] is not None and row["category"] == row["category"]:
            per_sentence[key][f"n_{row['kind']}_{row['category']}"] += 1
    cols = sorted({c for d in per_sentence.values() for c in d})
    out = {}
    for grp, sub in sents.groupby(by):
        tokens = sub["n_tokens"].sum()
        for col in cols:
            counts = [per_sentence[(r[doc_col], r["sent_id"])][col] for r in sub.to_dict("records")]
            out[(grp, col)] = (sum(counts) / tokens * 1000, sum(c > 0 for c in counts) / len(counts))
    return cols, out


@pytest.mark.parametrize("doc_col", ["doc_id", "source_id"])
def test_every_rate_and_share_matches_a_brute_force_recount(doc_col):
    sents, cues = _corpus({"left": 7, "right": 8}, seed=3, doc_col=doc_col)
    cols, truth = _brute_force(sents, cues, doc_col, "outlet")
    res = S.compare(sents, cues, by="outlet", n_resamples=NR, rng=0)
    rate = res[res.family == "rate"].set_index("measure")
    share = res[res.family == "proportion"].set_index("measure")
    assert sorted(rate.index) == cols
    checked = 0
    for col in cols:
        for side, grp in (("a", "left"), ("b", "right")):
            want_rate, want_share = truth[(grp, col)]
            assert rate.loc[col, f"estimate_{side}"] == pytest.approx(want_rate), (col, grp)
            assert share.loc[f"{col}>0", f"estimate_{side}"] == pytest.approx(want_share), (col, grp)
            checked += 2
    assert len(cols) == 9 and checked == 36  # 3 kinds + 6 categories, 2 groups, rate and share


def test_cue_table_without_group_column_takes_it_from_the_sentences():
    sents, cues = _corpus({"left": 4, "right": 5}, seed=8)
    full = S.compare(sents, cues, by="outlet", n_resamples=NR, rng=1)
    bare = S.compare(sents, cues.drop(columns="outlet"), by="outlet", n_resamples=NR, rng=1)
    pd.testing.assert_frame_equal(full, bare)


def test_bad_tables_get_one_line_input_errors():
    sents, cues = _corpus({"left": 3, "right": 3}, seed=2)
    no_ids = cues.drop(columns=["doc_id", "outlet"])
    with pytest.raises(InputError, match=r"cue table.*'outlet'.*doc_id") as e:
        S.compare(sents, no_ids, by="outlet", n_resamples=NR)
    assert "\n" not in str(e.value)
    with pytest.raises(InputError, match=r"neither 'doc_id' nor 'source_id'.*doc_col="):
        S.compare(sents.drop(columns="doc_id"), None, by="outlet", n_resamples=NR)
    with pytest.raises(InputError, match=r"no column 'genre'"):
        S.compare(sents, cues, by="genre", n_resamples=NR)
    bad = cues.copy()
    bad.loc[0, "outlet"] = "right" if bad.loc[0, "outlet"] == "left" else "left"
    with pytest.raises(InputError, match=r"disagree"):
        S.compare(sents, bad, by="outlet", n_resamples=NR)
    with pytest.raises(InputError, match=r"unit must be"):
        S.compare(sents, cues, by="outlet", unit="token", n_resamples=NR)
