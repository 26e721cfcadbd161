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


# ------------------------------------------------------------------------------ prospect statements (item 6)
def _prospect_table():
    """Text a: 4 prospect statements, 1 the writer's (share 0.25); text b: 5, 3 the writer's (0.6);
    plus 2 non-prospect authorial sentences per text. b's writer prospects are all 'deny'."""
    rows = []
    spec = {"a": [("reported", "bare"), ("quoted", "deny"), ("reported", "entertain"), ("authorial", "bare")],
            "b": [("authorial", "deny"), ("authorial", "deny"), ("authorial", "deny"), ("reported", "bare"),
                  ("reported", "entertain")]}
    for doc, prospects in spec.items():
        items = [(v, c, True) for v, c in prospects] + [("authorial", "bare", False)] * 2
        for k, (voice, com, pro) in enumerate(items):
            rows.append({"doc_id": doc, "segment_id": k // 2, "sent_in_segment": k % 2, "sent_id": k, "n_tokens": 20,
                         "voice": voice, "commitment": com, "prospect": pro, "source_type": "named"})
    return pd.DataFrame(rows)


def _labels(t, **change):
    """Hand labels as read_labels gives them (text cells, source_id/sent_index keys) equal to the
    detector's, except ``change``: {(doc, sent_id): {field: value}}."""
    lab = t.rename(columns={"doc_id": "source_id", "sent_in_segment": "sent_index"})[
        ["source_id", "segment_id", "sent_index", "sent_id", "voice", "prospect", "commitment"]].astype(str)
    lab["prospect"] = lab["prospect"].str.lower()
    for (doc, sid), fields in change.get("change", {}).items():
        for f, v in fields.items():
            lab.loc[(lab.source_id == doc) & (lab.sent_id == str(sid)), f] = v
    return lab.drop(columns="sent_id").astype({"segment_id": int, "sent_index": int})


def test_prospect_shares_counts_the_writer_and_the_commitments():
    out = sv.prospect_shares(_prospect_table(), variant="x", groups=("a", "b"), **KW).set_index("contrast")
    w = out.loc["writer's share of prospect statements (who=writer)"]
    assert (w.estimate_a, w.estimate_b) == (pytest.approx(0.25), pytest.approx(0.6))
    assert w.effect == pytest.approx(-0.35) and w.effect_type == "risk_difference"
    d = out.loc["denied prospect statements (commitment=deny)"]
    assert (d.estimate_a, d.estimate_b) == (pytest.approx(0.25), pytest.approx(0.6))


def test_hand_labels_that_disagree_on_one_sentence_move_the_share_by_a_known_amount():
    t = _prospect_table()
    same = sv.by_hand_labels(t, {"ann": _labels(t)}, groups=("a", "b"), with_commitment=False, **KW)
    base = sv.prospect_shares(t, variant="x", groups=("a", "b"), **KW)
    assert np.allclose(same["effect"].astype(float), base["effect"].astype(float))  # same labels, same numbers
    # the annotator reads a's reported sentence 0 as not a prospect: a's writer share 1/4 -> 1/3
    out = sv.by_hand_labels(t, {"ann": _labels(t, change={("a", 0): {"prospect": "false"}})}, groups=("a", "b"),
                            with_commitment=False, **KW)
    w = out[out.contrast.str.contains("who=writer")].iloc[0]
    assert w.variant == "prospect/voice from ann" and w.estimate_a == pytest.approx(1 / 3)
    assert w.effect == pytest.approx(1 / 3 - 0.6)
    # ... and calls b's writer sentence 0 reported: b's share 3/5 -> 2/5; with its commitment 'bare', deny 3/5 -> 2/5
    lab = _labels(t, change={("b", 0): {"voice": "reported", "commitment": "bare"}})
    out = sv.by_hand_labels(t, {"ann": lab}, groups=("a", "b"), **KW)
    assert list(out.variant.unique()) == ["prospect/voice from ann", "prospect/voice/commitment from ann"]
    w = out[out.contrast.str.contains("who=writer")]
    assert list(w.estimate_b) == [pytest.approx(0.4)] * 2
    d = out[out.contrast.str.contains("deny")]
    assert list(d.estimate_b) == [pytest.approx(0.6), pytest.approx(0.4)]  # detector's vs annotator's commitment


def test_relabel_names_the_unlabelled_sentence():
    t = _prospect_table()
    lab = _labels(t)
    with pytest.raises(InputError, match=r"1 sentence\(s\) have no labels of ann .* b segment 3 sentence 0"):
        sv.relabel(t, lab.iloc[:-1], name="labels of ann")
    with pytest.raises(InputError, match="no column"):
        sv.relabel(t, lab.drop(columns="voice"))


def test_leave_one_marker_out_finds_the_marker_that_flips_the_share():
    t = _prospect_table()
    flags = t[sv.SENTENCE_KEY + ["prospect"]].copy()
    # without marker 'dead', b's three writer prospects are no prospect statements: b 0/2 writer < a 1/4
    flags["dead"] = flags["prospect"] & ~((t.doc_id == "b") & (t.voice == "authorial"))
    flags["unused"] = flags["prospect"]  # changes no label
    # without 'gloomy', a's reported sentence 0 is no prospect: a 1/3 (a small move)
    flags["gloomy"] = flags["prospect"] & ~((t.doc_id == "a") & (t.sent_id == 0))
    out = sv.leave_one_marker_out(t, flags, groups=("a", "b"), top=5, **KW)
    w = out[out.contrast.str.contains("who=writer")].reset_index(drop=True)
    assert w.loc[0, "variant"] == "all 3 markers (2 change a label)" and w.loc[0, "effect"] == pytest.approx(-0.35)
    assert list(w.variant[1:]) == ["without 'dead'", "without 'gloomy'"]  # 'unused' not recomputed
    assert w.loc[1, "estimate_b"] == 0 and w.loc[1, "effect"] == pytest.approx(0.25)  # the sign flips
    with pytest.raises(InputError, match="do not cover every sentence"):
        sv.leave_one_marker_out(t, flags.iloc[:-1], groups=("a", "b"), **KW)


def test_top_changes_keeps_the_variant_that_weakens_the_contrast_most():
    t = _prospect_table()
    flags = t[sv.SENTENCE_KEY + ["prospect"]].copy()
    flags["strong"] = flags["prospect"] & ~((t.doc_id == "a") & (t.voice == "authorial"))  # a 0/3: effect -0.6
    flags["weak"] = flags["prospect"] & ~((t.doc_id == "b") & (t.sent_id == 0))  # b 2/4: effect -0.25
    out = sv.leave_one_marker_out(t, flags, groups=("a", "b"), top=1, **KW)
    w = out[out.contrast.str.contains("who=writer")]
    assert list(w.variant[1:]) == ["without 'strong'", "without 'weak'"]
    assert w.effect.iloc[2] == pytest.approx(-0.25)


def test_leave_one_out_share_drops_the_only_cue_of_a_sentence():
    """b's sentences 0-3 hold only 'not'; a's sentences 0-1 hold 'but' and 'may'; 10 sentences each."""
    rows = [{"doc_id": d, "segment_id": k // 2, "sent_id": k, "n_tokens": 10} for d in "ab" for k in range(10)]
    s = pd.DataFrame(rows)
    cues = pd.DataFrame([{"doc_id": "b", "sent_id": k, "category": "deny", "lemma": "not"} for k in range(4)]
                        + [{"doc_id": "a", "sent_id": k, "category": c, "lemma": lem} for k in range(2)
                           for c, lem in (("counter", "but"), ("entertain", "may"))])
    out = sv.leave_one_out_share(s, cues, contrast="het", keep=lambda c: c.category.notna(), groups=("a", "b"), **KW)
    assert out.loc[0, "variant"] == "all entries" and (out.loc[0, "estimate_a"], out.loc[0, "estimate_b"]) == (
        pytest.approx(0.2), pytest.approx(0.4))
    assert list(out.variant[1:]) == ["without 'not'"]  # 'but' and 'may' never a sentence's only cue
    assert out.loc[1, "estimate_b"] == 0 and out.loc[1, "effect"] == pytest.approx(0.2)


# ------------------------------------------------------------------------------ the study
@pytest.fixture(scope="module")
def study_analysis(corpus):
    import discourse as dc

    return dc.analyze_all(corpus)


def test_prospect_flags_reproduce_the_detector_with_the_full_lexicon(corpus, study_analysis):
    flags = sv.prospect_flags(corpus)
    m = study_analysis.sentences[sv.SENTENCE_KEY + ["prospect"]].merge(flags, on=sv.SENTENCE_KEY, suffixes=("", "_f"))
    assert len(m) == len(study_analysis.sentences) and (m["prospect"] == m["prospect_f"]).all()
    # leaving a marker out only ever removes prospect statements
    entries = [c for c in flags.columns if c not in (*sv.SENTENCE_KEY, "prospect")]
    assert entries and not (flags[entries].to_numpy() & ~flags[["prospect"]].to_numpy()).any()


def test_headline_table_has_a_row_for_every_primary_contrast(corpus, study_analysis):
    from discourse import paths, study
    from discourse.evaluation.agreement import read_labels

    labels = {"annotator 1": read_labels(paths.ANNOTATOR1_CSV)}
    out = sv.headline_table(corpus, study_analysis, groups=study.GROUPS, rng=study.SEED, labels=labels,
                            sentiment_methods=(), n_resamples=99, variant_resamples=49)
    assert list(out.columns) == sv.COLUMNS
    # the reported choices with the full count, every variant with fewer
    head = out.variant.isin(["unit = paragraph", "all deny cues", "all hedges", "all entries"]) | \
        out.variant.str.startswith("all ")
    assert (out.n_resamples[head] == 99).all() and (out.n_resamples[~head] == 49).all()
    summ = sv.summary(out)
    assert len(summ) == out.contrast.nunique() and (summ.n_variants > 0).all()
    for measures in study.PRIMARY_FAMILY.values():
        for m in measures:
            rows = out[out.contrast.str.endswith(f"({m})")]
            assert {"unit = paragraph", "unit = sentence"} <= set(rows.variant), m
    who = out[out.contrast.str.endswith("(who=writer)")]
    assert "prospect/voice from annotator 1" in set(who.variant) and who.variant.str.startswith("without").any()


# ------------------------------------------------------------------------------ summary, resamples (issue 13)
def _sens_row(contrast, variant, effect, lo, hi, p, effect_type="risk_difference"):
    return {"contrast": contrast, "variant": variant, "unit": "paragraph", "estimate_a": 0.0, "estimate_b": 0.0,
            "effect_type": effect_type, "effect": effect, "ci_low": lo, "ci_high": hi, "p": p, "n_resamples": 999}


def test_summary_of_a_small_table_with_a_known_answer():
    t = pd.DataFrame([
        _sens_row("share", "unit = paragraph", -0.6, -0.8, -0.3, 0.001),
        _sens_row("share", "unit = sentence", -0.6, -0.8, -0.35, 0.0005),
        _sens_row("share", "without 'x'", -0.2, -0.5, 0.1, 0.20),          # moves most, verdict changes
        _sens_row("share", "without 'y'", -0.7, -0.9, -0.4, 0.0002),
        _sens_row("rate", "all entries", 0.2, 0.05, 0.6, 0.01, "rate_ratio"),
        _sens_row("rate", "without 'not'", 1.5, 0.2, 7.0, 0.85, "rate_ratio"),  # log shift ln(7.5) = 2.01
        _sens_row("rate", "without 'no'", 0.1, 0.04, 0.5, 0.002, "rate_ratio"),  # log shift ln(2) = 0.69
        _sens_row("alone", "unit = paragraph", 0.1, -0.1, 0.3, 0.4),
    ])
    out = sv.summary(t).set_index("contrast")
    assert list(out.index) == ["share", "rate", "alone"] and list(out.columns) == sv.SUMMARY_COLUMNS[1:]
    share = out.loc["share"]
    assert (share.base_variant, share.base_effect, share.n_variants) == ("unit = paragraph", -0.6, 3)
    assert (share.effect_min, share.effect_max) == (-0.7, -0.2)
    assert share.n_verdict_changes == 1 and share.most_influential == "without 'x'" and share.base_verdict == "distinguishable"
    rate = out.loc["rate"]
    assert rate.most_influential == "without 'not'" and rate.most_influential_effect == 1.5 and rate.n_verdict_changes == 1
    alone = out.loc["alone"]
    assert alone.n_variants == 0 and alone.n_verdict_changes == 0 and alone.most_influential == ""
    assert alone.base_verdict == "not distinguishable" and np.isnan(alone.effect_min)
    # by the interval the verdicts are the same here (each interval agrees with its p-value)
    assert (sv.summary(t, by="ci")["n_verdict_changes"] == [1, 1, 0]).all()


def test_summary_verdict_by_interval_can_differ_from_p():
    t = pd.DataFrame([_sens_row("c", "base", 0.3, 0.05, 0.5, 0.07), _sens_row("c", "v", 0.3, 0.02, 0.6, 0.03)])
    assert sv.summary(t)["n_verdict_changes"].iloc[0] == 1            # p 0.07 -> 0.03 crosses 0.05
    assert sv.summary(t, by="ci")["n_verdict_changes"].iloc[0] == 0   # both intervals exclude 0


def test_summary_bad_input_is_one_line():
    with pytest.raises(InputError, match="no column"):
        sv.summary(pd.DataFrame({"contrast": ["x"]}))
    with pytest.raises(InputError, match="by must be"):
        sv.summary(pd.DataFrame([_sens_row("c", "base", 0.3, 0.05, 0.5, 0.07)]), by="q")


def test_variant_rows_use_fewer_resamples_than_the_headline_rows(tables):
    s, c = tables
    out = sv.leave_one_out(s, c, contrast="denials", keep=lambda x: x.category == "deny", groups=("a", "b"),
                           rng=1, n_resamples=299, variant_resamples=99)
    assert out.loc[0, "n_resamples"] == 299 and (out.loc[1:, "n_resamples"] == 99).all()
    same = sv.leave_one_out(s, c, contrast="denials", keep=lambda x: x.category == "deny", groups=("a", "b"),
                            rng=1, n_resamples=299)
    assert (same["n_resamples"] == 299).all()
    # the point estimates do not depend on the resamples, the first row not at all
    pd.testing.assert_series_equal(out["effect"], same["effect"])
    assert out.loc[0, "p"] == same.loc[0, "p"]
