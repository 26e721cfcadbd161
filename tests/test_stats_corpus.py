"""compare() and group_estimates() on a researcher's own corpus: groups of several documents.

Every check here is against an independent computation written in the test: a brute-force
recount of the cue table, a hand BH adjustment, a coverage simulation with a known truth.
"""

from __future__ import annotations

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


def _corpus(docs_per_group: dict[str, int], *, seed: int, doc_col: str = "doc_id", by: str = "outlet",
            sentences: tuple[int, int] = (2, 16)):
    """A synthetic sentence table and cue table: uneven documents, ``sent_id`` restarting at 0 in
    every document, paragraphs (``segment_id``) of 1-4 sentences, a document random effect on the
    sentiment score, cues of several kinds and categories (some without a category)."""
    g = np.random.default_rng(seed)
    sents, cues = [], []
    for grp, n_docs in docs_per_group.items():
        for d in range(n_docs):
            doc = f"{grp}-doc{d}"
            n = int(g.integers(*sentences))
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


def _recount(cues, doc_col):
    """Cue counts per sentence, by hand: {(document, sent_id): {n_<kind>[_<category>]: count}}."""
    per_sentence = defaultdict(lambda: defaultdict(int))
    for row in cues.to_dict("records"):
        key = (row[doc_col], row["sent_id"])
        per_sentence[key][f"n_{row['kind']}"] += 1
        if row["category"] is not None and row["category"] == row["category"]:
            per_sentence[key][f"n_{row['kind']}_{row['category']}"] += 1
    return per_sentence, sorted({c for d in per_sentence.values() for c in d})


def _brute_force(sents, cues, doc_col, by):
    """Per-group rates per 1,000 tokens and shares of sentences with >= 1 cue, recounted by hand."""
    per_sentence, cols = _recount(cues, doc_col)
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


def _with_counts(sents, cues, doc_col="doc_id"):
    """The sentence table with n_<kind> and n_<kind>_<category> counted by hand from the cues."""
    per_sentence, cols = _recount(cues, doc_col)
    counts = [[per_sentence[(r[doc_col], r["sent_id"])][c] for c in cols] for r in sents.to_dict("records")]
    return sents.join(pd.DataFrame(counts, columns=cols, index=sents.index)), cols


def _collapse(sents, cols, count_cols):
    """One row per cluster with the cluster's count and token totals: a cluster bootstrap of a
    rate is the bootstrap of these rows."""
    out = sents.groupby(cols, as_index=False)[["n_tokens", *count_cols]].sum()
    return out.assign(doc_id=out[cols].astype(str).agg("/".join, axis=1), sent_id=0)


def _rate_rows(res):
    cols = ["measure", "group_a", "group_b", "estimate_a", "estimate_b", "effect", "ci_low", "ci_high",
            "diff_ci_low", "diff_ci_high", "p"]
    return res.loc[res.family == "rate", cols].reset_index(drop=True)


# ---------------------------------------------------------------------------
# the unit of resampling
# ---------------------------------------------------------------------------

def test_study_shape_one_document_per_group_resamples_paragraphs():
    sents, cues = _corpus({"left": 1, "right": 1}, seed=5, sentences=(40, 60))
    res = S.compare(sents, cues, by="outlet", n_resamples=NR, rng=0)
    main = res[res.family != "keyness"]
    assert (main["unit"] == "paragraph").all() and (res.loc[res.family == "keyness", "unit"] == "token").all()
    assert (res["n_docs_a"] == 1).all() and (res["n_docs_b"] == 1).all()
    n_par = sents.groupby("outlet")["segment_id"].nunique()
    assert (main["n_units_a"] == n_par["left"]).all() and (main["n_units_b"] == n_par["right"]).all()
    assert main["note"].str.contains("describe these texts").all()
    assert main["test"].str.startswith("permutation of paragraph labels").all()
    # the paragraph bootstrap of a rate is the bootstrap of paragraph totals
    counted, count_cols = _with_counts(sents, cues)
    par = _collapse(counted, ["doc_id", "outlet", "segment_id"], count_cols)
    by_hand = S.compare(par, by="outlet", unit="sentence", n_resamples=NR, rng=0, count_cols=count_cols,
                        score_cols=[], categorical_cols=[])
    pd.testing.assert_frame_equal(_rate_rows(res), _rate_rows(by_hand))
    # without segment_id: sentences; forcing unit="sentence" gives the same table
    flat = S.compare(sents.drop(columns="segment_id"), cues, by="outlet", n_resamples=NR, rng=0)
    assert (flat.loc[flat.family != "keyness", "unit"] == "sentence").all()
    assert (flat.loc[flat.family != "keyness", "n_units_a"] == (sents.outlet == "left").sum()).all()
    forced = S.compare(sents, cues, by="outlet", unit="sentence", n_resamples=NR, rng=0)
    cols = [c for c in S.RESULT_COLUMNS if c != "note"]
    pd.testing.assert_frame_equal(flat[cols], forced[cols])
    pd.testing.assert_frame_equal(flat[["measure", "estimate_a", "estimate_b"]], res[["measure", "estimate_a", "estimate_b"]])


def test_several_documents_per_group_resample_documents():
    sents, cues = _corpus({"left": 6, "right": 9}, seed=4)
    res = S.compare(sents, cues, by="outlet", n_resamples=NR, rng=2)
    main = res[res.family != "keyness"]
    assert (main["unit"] == "document").all()
    assert (res["n_docs_a"] == 6).all() and (res["n_docs_b"] == 9).all()
    assert (main["n_units_a"] == 6).all() and (main["n_units_b"] == 9).all()
    assert main["test"].str.startswith("permutation of document labels").all()
    # the document bootstrap / permutation of a rate works on document totals
    counted, count_cols = _with_counts(sents, cues)
    docs = _collapse(counted, ["doc_id", "outlet"], count_cols)
    by_hand = S.compare(docs, by="outlet", unit="sentence", n_resamples=NR, rng=2, count_cols=count_cols,
                        score_cols=[], categorical_cols=[])
    pd.testing.assert_frame_equal(_rate_rows(res), _rate_rows(by_hand))
    # the sensitivity analysis at the sentence level is still there, and says so
    sens = S.compare(sents, cues, by="outlet", unit="sentence", n_resamples=NR, rng=2)
    assert (sens.loc[sens.family != "keyness", "unit"] == "sentence").all()
    assert sens.loc[sens.family == "rate", "note"].str.contains("sensitivity analysis").all()
    # a cluster-bootstrap CI of a score contains its estimate; effect sizes equal the sentence-level ones
    sc = res[res.family == "score"].iloc[0]
    a = sents.loc[sents.outlet == "left", "sentiment"]
    b = sents.loc[sents.outlet == "right", "sentiment"]
    assert sc["difference"] == pytest.approx(a.mean() - b.mean())
    assert sc["effect"] == pytest.approx(S.cliffs_delta(a, b)) and sc["effect_size"] == pytest.approx(S.hedges_g(a, b))
    assert sc["diff_ci_low"] < sc["difference"] < sc["diff_ci_high"]
    assert sc["ci_low"] < sc["effect"] < sc["ci_high"] and sc["es_ci_low"] < sc["effect_size"] < sc["es_ci_high"]


def test_cluster_bootstrap_of_scores_equals_bootstrap_of_concatenated_clusters():
    # The weighted (vectorized) statistic of a resample of clusters must equal the statistic of
    # the concatenated sentences of those clusters: check it on one fixed resample by hand.
    g = np.random.default_rng(0)
    xa, xb = g.normal(0, 1, 23), g.normal(0.3, 1, 17)
    ca, cb = g.integers(0, 5, 23), g.integers(0, 4, 17)
    pick_a, pick_b = np.array([0, 0, 3, 4, 2]), np.array([1, 1, 1, 3])
    cat_a = np.concatenate([xa[ca == k] for k in pick_a])
    cat_b = np.concatenate([xb[cb == k] for k in pick_b])
    W = S._multiplicity(pick_a[None, :], 5)[0]
    V = S._multiplicity(pick_b[None, :], 4)[0]
    sab = S._sign_sums(xa, ca, 5, xb, cb, 4)
    na, nb = W @ np.bincount(ca, minlength=5), V @ np.bincount(cb, minlength=4)
    assert (W @ sab @ V) / (na * nb) == pytest.approx(S.cliffs_delta(cat_a, cat_b))
    n = lambda c, k: np.bincount(c, minlength=k).astype(float)  # noqa: E731
    s = lambda x, c, k: np.bincount(c, x, k)  # noqa: E731
    g_w = S._hedges_from_sums(W @ n(ca, 5), W @ s(xa, ca, 5), W @ s(xa**2, ca, 5),
                              V @ n(cb, 4), V @ s(xb, cb, 4), V @ s(xb**2, cb, 4))
    assert g_w == pytest.approx(S.hedges_g(cat_a, cat_b))


# ---------------------------------------------------------------------------
# calibration: the cluster bootstrap covers, the sentence bootstrap does not
# ---------------------------------------------------------------------------

def test_cluster_bootstrap_covers_when_sentences_are_correlated():
    # 200 replicates of one group of 20 documents x 10 sentences. Sentence score = document effect
    # u_d ~ N(0, 1) + noise N(0, 1) (intra-class correlation 0.5, design effect 1 + 9 * 0.5 = 5.5);
    # cue count ~ Poisson(tokens * 0.03 * exp(v_d)), v_d ~ N(-0.125, 0.5^2), so E[rate] = 30 per
    # 1,000 tokens. True mean 0. Monte Carlo SE of a 0.95 coverage with R = 200: 0.015.
    # The document bootstrap must cover within 0.95 +- 0.05 (observed with this seed: score 0.945,
    # rate 0.92); the sentence bootstrap, whose SE ignores the design effect, must under-cover
    # clearly (observed: 0.655 and 0.80; expected ~ 2 Phi(1.96 / sqrt(5.5)) - 1 = 0.60 for the mean).
    g = np.random.default_rng(11)
    R, n_docs, m, lam = 200, 20, 10, 0.03
    hits = {u: {"score": 0, "rate": 0} for u in ("document", "sentence")}
    doc = np.repeat(np.arange(n_docs), m)
    for _ in range(R):
        u = g.normal(0, 1.0, n_docs)[doc]
        v = g.normal(-0.5 * 0.5**2, 0.5, n_docs)[doc]
        tok = g.integers(8, 30, doc.size)
        t = pd.DataFrame({"doc_id": doc.astype(str), "grp": "g", "sent_id": np.tile(np.arange(m), n_docs),
                          "n_tokens": tok, "sentiment": u + g.normal(0, 1.0, doc.size),
                          "n_hedge": g.poisson(lam * tok * np.exp(v))})
        for unit in hits:
            e = S.group_estimates(t, by="grp", unit=unit, rng=g, n_resamples=499,
                                  categorical_cols=[]).set_index("measure")
            assert (e["unit"] == unit).all() and (e["n_docs"] == n_docs).all()
            sc, rt = e.loc["sentiment"], e.loc["n_hedge"]
            hits[unit]["score"] += sc.ci_low <= 0 <= sc.ci_high
            hits[unit]["rate"] += rt.ci_low <= lam * 1000 <= rt.ci_high
    cover = {u: {k: v / R for k, v in d.items()} for u, d in hits.items()}
    assert 0.90 <= cover["document"]["score"] <= 1.0, cover
    assert 0.90 <= cover["document"]["rate"] <= 1.0, cover
    assert cover["sentence"]["score"] <= 0.80 and cover["sentence"]["rate"] <= 0.85, cover
    assert cover["document"]["score"] - cover["sentence"]["score"] >= 0.15, cover


def test_document_permutation_keeps_its_level_where_sentence_permutation_does_not():
    # Under the null (both groups drawn alike, document effects as above) the permutation of
    # document labels is exact: rejections at 0.05 ~ Binomial(100, <= 0.05), mean 5, SD 2.2;
    # bound 0.12 (12) is mean + 3.2 SD, st.binom.sf(12, 100, 0.05) ~ 0.002. Permuting sentences
    # ignores the design effect and rejects far more often (observed with this seed: document 0.02, sentence 0.37).
    g = np.random.default_rng(5)
    R, n_docs, m = 100, 8, 10
    rej = {"document": 0, "sentence": 0}
    doc = np.repeat(np.arange(2 * n_docs), m)
    for _ in range(R):
        t = pd.DataFrame({"doc_id": doc.astype(str), "grp": np.where(doc < n_docs, "a", "b"),
                          "sent_id": np.tile(np.arange(m), 2 * n_docs), "n_tokens": 20,
                          "sentiment": g.normal(0, 1.0, 2 * n_docs)[doc] + g.normal(0, 1.0, doc.size)})
        for unit in rej:
            r = S.compare(t, by="grp", unit=unit, rng=g, n_resamples=99, count_cols=[], categorical_cols=[])
            rej[unit] += r["p"].iloc[0] <= 0.05
    rate = {u: v / R for u, v in rej.items()}
    assert rate["document"] <= 0.12 and rate["sentence"] >= 0.2, rate


# ---------------------------------------------------------------------------
# more than two groups
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def three():
    return _corpus({"a": 4, "b": 5, "c": 6}, seed=9)


def test_three_groups_need_a_contrast(three):
    sents, cues = three
    with pytest.raises(InputError, match=r"exactly two groups.*found 3.*reference=.*pairs='all'"):
        S.compare(sents, cues, by="outlet", n_resamples=NR)
    with pytest.raises(InputError, match=r"reference group 'z' not found"):
        S.compare(sents, cues, by="outlet", reference="z", n_resamples=NR)


@pytest.mark.parametrize("how", [{"reference": "a"}, {"pairs": "all"}])
def test_three_groups_contrasts_and_bh_across_contrasts(three, how):
    sents, cues = three
    res = S.compare(sents, cues, by="outlet", n_resamples=NR, rng=7, **how)
    pairs = sorted(set(zip(res.group_a, res.group_b)))
    want = [("b", "a"), ("c", "a")] if "reference" in how else [("a", "b"), ("a", "c"), ("b", "c")]
    assert pairs == want and res.attrs["contrasts"] == [list(p) for p in want]
    for _fam, sub in res.groupby("family"):
        ok = sub["p"].notna()
        assert ok.sum() >= len(want)
        hand = st.false_discovery_control(sub.loc[ok, "p"].to_numpy(), method="bh")
        np.testing.assert_allclose(sub.loc[ok, "p_adj"].to_numpy(), hand, rtol=1e-12)
        assert sub.loc[~ok, "p_adj"].isna().all()
    # each contrast is the two-group comparison of that pair; only the correction differs
    cols = [c for c in S.RESULT_COLUMNS if c not in ("p_adj", "note")]
    for ga, gb in want:
        two = S.compare(sents, cues, by="outlet", groups=(ga, gb), n_resamples=NR, rng=7)
        mine = res[(res.group_a == ga) & (res.group_b == gb)].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine[cols], two[cols])
    # and the estimates are those of each group
    est = S.group_estimates(sents, cues, by="outlet", n_resamples=NR, rng=7).set_index(["outlet", "measure"])
    for r in res[res.family.isin(["rate", "score", "proportion"])].itertuples():
        assert r.estimate_a == pytest.approx(est.loc[(r.group_a, r.measure), "estimate"])
        assert r.estimate_b == pytest.approx(est.loc[(r.group_b, r.measure), "estimate"])


def test_group_estimates_any_number_of_groups(three):
    sents, cues = three
    est = S.group_estimates(sents, cues, by="outlet", n_resamples=NR, rng=0)
    assert list(est.columns) == ["outlet"] + S.GROUP_ESTIMATE_COLUMNS
    assert sorted(est["outlet"].unique()) == ["a", "b", "c"]
    assert (est["unit"] == "document").all()
    assert est.groupby("outlet")["n_docs"].first().to_dict() == {"a": 4, "b": 5, "c": 6}
    assert not est.duplicated(["outlet", "measure"]).any()
    _, truth = _brute_force(sents, cues, "doc_id", "outlet")
    for (grp, col), (rate, share) in truth.items():
        r = est[(est.outlet == grp) & (est.measure == col)].iloc[0]
        p = est[(est.outlet == grp) & (est.measure == f"{col}>0")].iloc[0]
        assert r["estimate"] == pytest.approx(rate) and p["estimate"] == pytest.approx(share)
        assert r["n_sentences"] == (sents.outlet == grp).sum()
    fin = est[np.isfinite(est["ci_low"])]
    assert (fin["ci_low"] <= fin["estimate"] + 1e-12).all() and (fin["estimate"] <= fin["ci_high"] + 1e-12).all()
    one = S.group_estimates(sents[sents.outlet == "a"], by="outlet", n_resamples=NR, unit="sentence")
    shares = one[one.family == "proportion"]
    k = (sents[sents.outlet == "a"]["voice"] == "quoted").sum()
    lo, hi = S.wilson_ci(k, (sents.outlet == "a").sum())
    row = shares[shares.measure == "voice=quoted"].iloc[0]
    assert (row["ci_low"], row["ci_high"]) == (lo, hi) and row["ci_method"] == "wilson"


# ---------------------------------------------------------------------------
# statistics moved from plots
# ---------------------------------------------------------------------------

def test_wilson_ci_closed_form_and_mean_ci_seeded():
    lo, hi = S.wilson_ci(3, 10)  # Wilson (1927) closed form at z = 1.96: 0.1078 to 0.6032
    assert (round(lo, 4), round(hi, 4)) == (0.1078, 0.6032)
    assert np.isnan(S.wilson_ci(0, 0)[0])
    g = np.random.default_rng(1)
    x = g.normal(0, 1, 30)
    assert S.mean_ci(x, rng=3, n_resamples=NR) == S.mean_ci(x, rng=3, n_resamples=NR)
    m = S.mean_ci(x, rng=3, n_resamples=NR)
    assert m["ci_low"] < x.mean() < m["ci_high"]


def test_figures_use_the_statistics_module():
    """plots computes no statistic (issue 11): means, CIs and seeds come in the tables it is given
    (stats.score_summary, stats.with_metric_ci ...); its one generator is the fixed jitter of the dots.
    Shares come in stats.label_shares tables too, so plots imports no statistic from stats at all (not
    even label_shares); no resampling, no scipy."""
    import ast

    from discourse import plots

    allowed: set = set()
    forbidden = {"mean_ci", "metric_ci", "child_seed", "wilson_ci", "bootstrap", "SeedSequence",
                 "label_shares", "score_summary", "group_estimates"}
    files = sorted(Path(plots.__file__).parent.glob("*.py"))
    assert len(files) >= 9, files  # the package: common + one module per notebook
    for f in files:
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[-1] == "stats":
                assert {a.name for a in node.names} <= allowed, f"{f.name} imports {[a.name for a in node.names]} from stats"
            if isinstance(node, ast.ImportFrom):
                assert not {a.name for a in node.names} & {"stats", "stats_units"}, f"{f.name} imports stats"
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                mods = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                assert not any(m.startswith("scipy") for m in mods), f"{f.name} imports scipy"
            if isinstance(node, (ast.Name, ast.Attribute)):
                name = node.id if isinstance(node, ast.Name) else node.attr
                assert name not in forbidden, f"{f.name} uses {name}"
    for name in ("mean_ci", "metric_ci", "child_seed", "wilson_ci", "label_shares"):
        assert not hasattr(plots, name)


def test_stats_and_plots_packages_keep_every_import_path_and_no_cycle():
    """The split packages (issue 11): a leaf module imported first works, the old ``stats_units``
    path is the same module's names, and the package import graph has no cycle."""
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    code = ("import discourse.plots.fig05_framing, discourse.stats.units, discourse.stats_units as su; "
            "from discourse import stats; from discourse.stats import compare, score_summary; "
            "assert su.resolve_unit is stats.resolve_unit and compare is stats.compare; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"
    graph = subprocess.run([sys.executable, str(root / "scripts" / "import_graph.py")], env=env,
                           capture_output=True, text=True)
    assert graph.returncode == 0 and " 0 cycle(s)" in graph.stdout, graph.stdout


# ---------------------------------------------------------------------------
# the study tables
# ---------------------------------------------------------------------------

def test_compare_on_the_study_tables():
    import discourse as dc

    analysis = dc.analyze_all(dc.load_corpus())
    s, c = analysis.sentences, analysis.cues
    res = dc.compare(s, c, rng=0, n_resamples=NR, categorical_cols=["voice", "prospect_stance"])
    assert set(res["family"]) == {"rate", "score", "proportion", "keyness"}
    main = res[res.family != "keyness"]
    assert (main["unit"] == "paragraph").all() and (res["n_docs_a"] == 1).all()
    n_par = s.groupby("source_id")["segment_id"].nunique()
    rates = main[main.family == "rate"]
    assert (rates["n_units_a"] == n_par[res["group_a"].iloc[0]]).all()
    assert (rates["n_units_b"] == n_par[res["group_b"].iloc[0]]).all()
    # cue-derived rates (modal categories are not sentence-table columns) against a recount
    rate = res[res.family == "rate"].set_index("measure")
    for grp, side in ((res["group_a"].iloc[0], "a"), (res["group_b"].iloc[0], "b")):
        tokens = s.loc[s.source_id == grp, "n_tokens"].sum()
        for cat in ["necessity", "possibility", "prediction"]:
            n = ((c.source_id == grp) & (c.kind == "modal") & (c.category == cat)).sum()
            assert rate.loc[f"n_modal_{cat}", f"estimate_{side}"] == pytest.approx(n / tokens * 1000)
    ok = res["p"].notna()
    assert res.loc[ok, "p"].between(0, 1).all() and (res.loc[ok, "p_adj"] >= res.loc[ok, "p"] - 1e-15).all()


# ---------------------------------------------------------------------------
# CLI agreement (real subprocesses: `discourse score`, then `discourse compare`)
# ---------------------------------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures" / "other_genres"


@pytest.mark.slow
def test_cli_compare_with_cues_agrees_with_the_api(tmp_path):
    texts = sorted(FIXTURES.glob("*.txt"))
    corpus = tmp_path / "corpus.csv"
    pd.DataFrame([{"id": p.stem, "outlet": "alpha" if i % 2 else "beta", "text": p.read_text(encoding="utf-8")}
                  for i, p in enumerate(texts)]).to_csv(corpus, index=False)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    cli = [sys.executable, "-m", "discourse"]
    common = ["--source-col", "outlet", "--cache-dir", str(tmp_path / "cache"), "-q"]
    for level, out in (("sentence", "sent.csv"), ("cue", "cues.csv")):
        subprocess.run(cli + ["score", str(corpus), "-o", str(tmp_path / out), "--level", level] + common,
                       check=True, env=env, capture_output=True, timeout=300)
    subprocess.run(cli + ["compare", str(tmp_path / "sent.csv"), "--by", "outlet", "--cues", str(tmp_path / "cues.csv"),
                          "--seed", "3", "--n-resamples", "199", "-o", str(tmp_path / "cmp.csv"), "-q"],
                   check=True, env=env, capture_output=True, timeout=300)
    got = pd.read_csv(tmp_path / "cmp.csv")
    sents = pd.read_csv(tmp_path / "sent.csv", dtype={"doc_id": str, "outlet": str})
    cues = pd.read_csv(tmp_path / "cues.csv", dtype={"doc_id": str, "outlet": str})
    want = S.compare(sents, cues, by="outlet", rng=3, n_resamples=199)
    assert (got.loc[got.family != "keyness", "unit"] == "document").all()
    assert (got["n_docs_a"] == 6).all() and (got["n_docs_b"] == 6).all()
    assert list(got["measure"]) == list(want["measure"])
    for col in ["estimate_a", "estimate_b", "effect", "ci_low", "ci_high", "p", "p_adj"]:
        np.testing.assert_allclose(got[col].to_numpy(float), want[col].to_numpy(float), rtol=1e-8, equal_nan=True,
                                   err_msg=col)


def test_ids_that_do_not_identify_sentences_are_refused():
    sents, cues = _corpus({"left": 3, "right": 3}, seed=2)
    with pytest.raises(InputError, match=r"repeated \(outlet, sent_id\).*doc_col="):
        S.compare(sents, cues, by="outlet", doc_col="outlet", n_resamples=NR)
    orphan = pd.concat([cues, cues.iloc[:1].assign(sent_id=999)], ignore_index=True)
    with pytest.raises(InputError, match=r"1 cue\(s\) refer to \(doc_id, sent_id\) pairs not in the sentence table"):
        S.compare(sents, orphan, by="outlet", n_resamples=NR)
    with pytest.raises(InputError, match=r"paragraph resampling needs it"):
        S.compare(sents.drop(columns="segment_id"), cues, by="outlet", unit="paragraph", n_resamples=NR)


def test_named_family_corrects_across_its_own_rows_only():
    a = pd.DataFrame({"family": ["proportion"] * 3, "measure": ["x=1", "y=1", "z=1"], "p": [0.01, 0.04, 0.5],
                      "p_adj": [0.5, 0.5, 0.5]})
    b = pd.DataFrame({"family": ["rate"] * 2, "measure": ["n_a", "n_b"], "p": [0.02, 0.9], "p_adj": [0.9, 0.9]})
    out = S.named_family({"first": a, "second": b}, {"first": ["x=1", "y=1"], "second": ["n_a"]}, family="primary")
    assert list(out["table"]) == ["first", "first", "second"] and set(out["family"]) == {"primary"}
    np.testing.assert_allclose(out["p_adj"], st.false_discovery_control([0.01, 0.04, 0.02]))
    assert list(out["p_adj_exploratory"]) == [0.5, 0.5, 0.9]
    with pytest.raises(InputError, match="no measure"):
        S.named_family({"first": a}, {"first": ["typo=1"]}, family="primary")


def test_one_cue_against_none_is_not_significant_when_paragraph_lengths_differ():
    """Regression: with 30 short paragraphs against 11 long ones, one cue against none gave
    p = 0.0002 (twice the smaller tail of a skewed ratio-of-sums null); the absolute two-sided
    permutation p must be large."""
    rows = [{"doc_id": "a", "segment_id": k, "sent_id": k, "n_tokens": 44, "n_x": int(k == 3)} for k in range(30)]
    rows += [{"doc_id": "b", "segment_id": k, "sent_id": k, "n_tokens": 105, "n_x": 0} for k in range(11)]
    r = S.compare(pd.DataFrame(rows), by="doc_id", count_cols=["n_x"], score_cols=[], categorical_cols=[], rng=0,
                  n_resamples=1999)
    assert (r["unit"] == "paragraph").all()
    assert (r["p"] > 0.1).all(), r[["measure", "p"]]
