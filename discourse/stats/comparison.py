"""Every measure of a sentence table compared between groups in one tidy table (:func:`compare`),
per-group estimates (:func:`group_estimates`), and writing a comparison with its metadata.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd
import scipy
import scipy.stats as st

from .. import registry
from ..errors import InputError
from .clustered import compare_scores_clustered
from .counts import _default_count_cols, rate_ci, rate_ratio
from .families import fdr
from .intervals import _ratio_ci, mean_ci, wilson_ci
from .keywords import keyness
from .proportions import compare_proportions
from .resampling import DEFAULT_N_RESAMPLES, DEFAULT_PER, _base_seed, _child_rng, _join_notes
from .scores import compare_scores
from .units import (
    check_sentence_keys,
    cluster_codes,
    cluster_sums,
    counts_from_cues,
    cues_with_groups,
    doc_column,
    require_columns,
    resolve_unit,
)

#: Score columns compared by default (if present and float): the registry's sentence-level scores
#: (as at import; compare() reads the registry at call time, so a measure registered later counts
#: too), plus any float column whose name starts with ``textblob_`` or ``vader``.
DEFAULT_SCORE_COLS = registry.score_columns()
_SCORE_PREFIXES = ("textblob_", "vader")
#: Categorical columns picked up by default (if present; from the registry, read at call time: voice,
#: source type, Engagement, prospect stance), plus every column of pandas ``category`` dtype.
DEFAULT_CATEGORICAL_COLS = tuple(registry.categorical_levels())

#: Columns of the table returned by :func:`compare`, in order.
RESULT_COLUMNS = [
    "family",
    "measure",
    "group_a",
    "group_b",
    "n_a",
    "n_b",
    "unit",
    "n_docs_a",
    "n_docs_b",
    "n_units_a",
    "n_units_b",
    "tokens_a",
    "tokens_b",
    "estimate_a",
    "estimate_b",
    "estimate_type",
    "difference",
    "diff_ci_low",
    "diff_ci_high",
    "effect",
    "effect_type",
    "ci_low",
    "ci_high",
    "effect_size",
    "effect_size_type",
    "es_ci_low",
    "es_ci_high",
    "p",
    "test",
    "p_adj",
    "p_alt",
    "test_alt",
    "ci_method",
    "note",
]


def _empty_row(family, measure, ga, gb) -> dict[str, Any]:
    row = {c: np.nan for c in RESULT_COLUMNS}
    row.update(family=family, measure=measure, group_a=ga, group_b=gb, test="", test_alt="", unit="",
               ci_method="", note="", estimate_type="", effect_type="", effect_size_type="")
    return row


def _prepare(sentence_table: pd.DataFrame, cue_table: pd.DataFrame | None, *, by: str,
             doc_col: str | None) -> tuple[pd.DataFrame, pd.DataFrame | None, str]:
    """Check the tables; attach each cue's group; add cue-derived count columns.

    Returns ``(sentences, cues, doc_col)``: sentences are keyed by (document, ``sent_id``).
    """
    require_columns(sentence_table, [by, "n_tokens"], what="sentence table",
                    fix="pass by= naming the group column (e.g. an outlet or genre column)")
    doc = doc_column(sentence_table, doc_col)
    check_sentence_keys(sentence_table, doc)
    cues = None
    df = sentence_table
    if cue_table is not None:
        cues = cues_with_groups(cue_table, sentence_table, by=by, doc_col=doc)
        df = counts_from_cues(sentence_table, cues, doc_col=doc)
    return df, cues, doc


def _group_labels(df: pd.DataFrame, by: str, groups) -> list:
    found = sorted(pd.unique(df[by].dropna()).tolist(), key=str)
    if groups is None:
        return found
    groups = list(groups)
    if len(groups) < 2 or len(set(map(str, groups))) != len(groups):
        raise InputError(f"groups must be two or more distinct labels, got {groups!r}")
    missing = [g for g in groups if g not in found]
    if missing:
        raise InputError(f"group(s) {missing} not found in column {by!r}; found: {found}")
    return groups


def _contrasts(labels: list, *, by: str, reference, pairs) -> list[tuple[Any, Any]]:
    """The (a, b) pairs to compare: a vs b, every group vs ``reference``, or all pairs."""
    if reference is not None and pairs is not None:
        raise InputError("pass either reference= or pairs='all', not both")
    if reference is not None:
        if reference not in labels:
            raise InputError(f"reference group {reference!r} not found in column {by!r}; found: {labels}")
        return [(g, reference) for g in labels if g != reference]
    if pairs is not None:
        if pairs != "all":
            raise InputError(f"pairs must be 'all' or None, got {pairs!r}")
        return list(itertools.combinations(labels, 2))
    if len(labels) != 2:
        raise InputError(
            f"compare() needs exactly two groups in column {by!r}; found {len(labels)}: {labels}. "
            "Pass groups=(a, b) to choose two, reference=<group> to compare every group with one, "
            "or pairs='all' for every pair."
        )
    return [tuple(labels)]


def _measure_columns(df: pd.DataFrame, *, by: str, doc: str, count_cols, score_cols, categorical_cols):
    """The count, score and categorical columns compared (defaults: see :func:`compare`)."""
    if count_cols is None:
        count_cols = _default_count_cols(df)
    if score_cols is None:
        score_cols = [
            c for c in df.columns
            if isinstance(c, str) and (c in registry.score_columns() or c.startswith(_SCORE_PREFIXES))
            and pd.api.types.is_float_dtype(df[c])
        ]
    if categorical_cols is None:
        categorical_cols = [
            c for c in df.columns
            if c not in (by, doc, "sent_id")
            and (c in registry.categorical_levels() or isinstance(df[c].dtype, pd.CategoricalDtype))
        ]
    cols = list(count_cols), list(score_cols), list(categorical_cols)
    require_columns(df, cols[0] + cols[1] + cols[2], what="sentence table",
                    fix="name columns of the sentence table in count_cols=, score_cols=, categorical_cols=")
    return cols


class _Group:
    """The sentences of one group, with the cluster (unit) of every sentence."""

    def __init__(self, df: pd.DataFrame, label, *, by: str, doc: str, unit: str):
        self.label = label
        self.df = df[df[by] == label]
        self.codes = cluster_codes(self.df, unit=unit, doc_col=doc)
        self.n = len(self.df)
        self.tokens = float(self.df["n_tokens"].sum())
        self.n_docs = int(self.df[doc].nunique())
        self.n_units = int(self.codes.max()) + 1 if self.n else 0

    def sums(self, values) -> np.ndarray:
        return cluster_sums(values, self.codes)


def _share_rows_clustered(measure, A: _Group, pos_a, ok_a, B: _Group, pos_b, ok_b, *, unit, rng, per_kw, extra_note):
    """A share of sentences compared at the cluster level (ratio estimator, cluster bootstrap)."""
    ka, na = A.sums(pos_a & ok_a), A.sums(ok_a)
    kb, nb = B.sums(pos_b & ok_b), B.sums(ok_b)
    ka, na, kb, nb = ka[na > 0], na[na > 0], kb[nb > 0], nb[nb > 0]
    row = _empty_row("proportion", measure, A.label, B.label)
    row.update(n_a=int(na.sum()), n_b=int(nb.sum()), n_units_a=na.size, n_units_b=nb.size)
    if na.size < 1 or nb.size < 1:
        row.update(note=_join_notes([extra_note, "no non-missing values in a group"]))
        return row
    r = rate_ratio(ka, na, kb, nb, per=1, rng=rng, unit=unit, **per_kw)
    row.update(
        estimate_a=r["rate_a"], estimate_b=r["rate_b"], estimate_type="share_of_sentences",
        difference=r["difference"], diff_ci_low=r["diff_ci_low"], diff_ci_high=r["diff_ci_high"],
        effect=r["difference"], effect_type="risk_difference", ci_low=r["diff_ci_low"], ci_high=r["diff_ci_high"],
        effect_size=r["ratio"], effect_size_type="risk_ratio", es_ci_low=r["ci_low"], es_ci_high=r["ci_high"],
        p=r["p"], test=f"permutation of {unit} labels (two-sided), difference in shares",
        ci_method=r["ci_method"], note=_join_notes([extra_note, r["note"]]),
    )
    return row


def _share_row_sentences(measure, ka, nna, kb, nnb, ga, gb, *, confidence_level, extra_note=""):
    """A share of sentences compared with independent sentences (Newcombe-Wilson, Fisher exact)."""
    row = _empty_row("proportion", measure, ga, gb)
    row.update(n_a=nna, n_b=nnb, n_units_a=nna, n_units_b=nnb)
    if nna < 1 or nnb < 1:
        row.update(note=_join_notes([extra_note, "no non-missing values in a group"]))
        return row
    r = compare_proportions(ka, nna, kb, nnb, confidence_level=confidence_level)
    row.update(
        estimate_a=r["p_a"], estimate_b=r["p_b"], estimate_type="share_of_sentences",
        difference=r["difference"], diff_ci_low=r["ci_low"], diff_ci_high=r["ci_high"],
        effect=r["difference"], effect_type="risk_difference", ci_low=r["ci_low"], ci_high=r["ci_high"],
        effect_size=r["odds_ratio_cond"], effect_size_type="odds_ratio_conditional_mle",
        es_ci_low=r["or_ci_low"], es_ci_high=r["or_ci_high"],
        p=r["p"], test=r["test"], ci_method=r["ci_method"], note=_join_notes([extra_note, r["note"]]),
    )
    return row


def _contrast_rows(A: _Group, B: _Group, cues: pd.DataFrame | None, *, by, unit, unit_note, cols, base, kw,
                   per, confidence_level, keyness_kinds) -> list[dict[str, Any]]:
    """Every row of the comparison of group A with group B (a relative to b)."""
    count_cols, score_cols, categorical_cols = cols
    ga, gb = A.label, B.label
    tag = f"{ga}|{gb}"
    rows: list[dict[str, Any]] = []

    def finish(row):
        row.update(unit=unit, n_docs_a=A.n_docs, n_docs_b=B.n_docs)
        row["note"] = _join_notes([row["note"], unit_note])
        rows.append(row)

    for col in count_cols:
        r = rate_ratio(A.sums(A.df[col]), A.sums(A.df["n_tokens"]), B.sums(B.df[col]), B.sums(B.df["n_tokens"]),
                       per=per, rng=_child_rng(base, f"rate|{col}|{tag}"), unit=unit, **kw)
        row = _empty_row("rate", col, ga, gb)
        with np.errstate(divide="ignore", invalid="ignore"):
            es_lo, es_hi = np.log2(r["ci_low"]), np.log2(r["ci_high"])
        row.update(
            n_a=A.n, n_b=B.n, n_units_a=A.n_units, n_units_b=B.n_units, tokens_a=A.tokens, tokens_b=B.tokens,
            estimate_a=r["rate_a"], estimate_b=r["rate_b"], estimate_type=f"rate_per_{per:g}_tokens",
            difference=r["difference"], diff_ci_low=r["diff_ci_low"], diff_ci_high=r["diff_ci_high"],
            effect=r["ratio"], effect_type="rate_ratio", ci_low=r["ci_low"], ci_high=r["ci_high"],
            effect_size=r["log2_ratio"], effect_size_type="log2_rate_ratio", es_ci_low=es_lo, es_ci_high=es_hi,
            p=r["p"], test=r["test"], ci_method=r["ci_method"], note=r["note"],
        )
        finish(row)

    for col in score_cols:
        srng = _child_rng(base, f"score|{col}|{tag}")
        row = _empty_row("score", col, ga, gb)
        if unit == "sentence":
            r = compare_scores(A.df[col], B.df[col], rng=srng, **kw)
            r.update(n_units_a=r["n_a"], n_units_b=r["n_b"])
            test_alt = "Mann-Whitney U (two-sided)"
        else:
            r = compare_scores_clustered(A.df[col], A.codes, B.df[col], B.codes, unit=unit, rng=srng, **kw)
            test_alt = f"Mann-Whitney U on {unit} means (two-sided)"
        row.update(
            n_a=r["n_a"], n_b=r["n_b"], n_units_a=r["n_units_a"], n_units_b=r["n_units_b"],
            estimate_a=r["mean_a"], estimate_b=r["mean_b"], estimate_type="mean",
            difference=r["mean_diff"], diff_ci_low=r["mean_diff_ci_low"], diff_ci_high=r["mean_diff_ci_high"],
            effect=r["cliffs_delta"], effect_type="cliffs_delta",
            ci_low=r["cliffs_delta_ci_low"], ci_high=r["cliffs_delta_ci_high"],
            effect_size=r["hedges_g"], effect_size_type="hedges_g",
            es_ci_low=r["hedges_g_ci_low"], es_ci_high=r["hedges_g_ci_high"],
            p=r["p_permutation"], test=f"permutation of {unit} labels (two-sided), difference in means",
            p_alt=r["p_mannwhitney"], test_alt=test_alt, ci_method=r["ci_method"], note=r["note"],
        )
        finish(row)

    def share(measure, pos_a, ok_a, pos_b, ok_b, note=""):
        if unit == "sentence":
            finish(_share_row_sentences(measure, int((pos_a & ok_a).sum()), int(ok_a.sum()),
                                        int((pos_b & ok_b).sum()), int(ok_b.sum()), ga, gb,
                                        confidence_level=confidence_level, extra_note=note))
        else:
            finish(_share_rows_clustered(measure, A, pos_a, ok_a, B, pos_b, ok_b, unit=unit,
                                         rng=_child_rng(base, f"share|{measure}|{tag}"), per_kw=kw, extra_note=note))

    ones_a, ones_b = np.ones(A.n, bool), np.ones(B.n, bool)
    for col in count_cols:
        share(f"{col}>0", A.df[col].to_numpy() > 0, ones_a, B.df[col].to_numpy() > 0, ones_b)
    for col in categorical_cols:
        ok_a, ok_b = A.df[col].notna().to_numpy(), B.df[col].notna().to_numpy()
        miss = int((~ok_a).sum() + (~ok_b).sum())
        note = f"{miss} missing value(s) excluded" if miss else ""
        levels = sorted(pd.unique(pd.concat([A.df[col].dropna(), B.df[col].dropna()])).tolist(), key=str)
        for lev in levels:
            share(f"{col}={lev}", (A.df[col] == lev).fillna(False).to_numpy(bool), ok_a,
                  (B.df[col] == lev).fillna(False).to_numpy(bool), ok_b, note)

    if cues is not None and "lemma" in cues.columns:
        sub = cues[cues[by].isin([ga, gb])]
        kinds = sorted(sub["kind"].dropna().unique().tolist(), key=str) if keyness_kinds is None else list(keyness_kinds)
        zq = st.norm.ppf(0.5 + confidence_level / 2)
        for kind in kinds:
            ck = sub[sub["kind"] == kind]
            k = keyness(ck.loc[ck[by] == ga, "lemma"].value_counts(), ck.loc[ck[by] == gb, "lemma"].value_counts(),
                        totals=(A.tokens, B.tokens))
            for term, kr in k.sort_index().iterrows():
                row = _empty_row("keyness", f"{kind}:{term}", ga, gb)
                se = np.sqrt(kr["log_odds_var"])
                row.update(
                    n_a=A.n, n_b=B.n, tokens_a=A.tokens, tokens_b=B.tokens, unit="token",
                    n_docs_a=A.n_docs, n_docs_b=B.n_docs, n_units_a=A.tokens, n_units_b=B.tokens,
                    estimate_a=kr["freq_a"], estimate_b=kr["freq_b"], estimate_type="rate_per_1000_tokens",
                    difference=kr["freq_a"] - kr["freq_b"],
                    effect=kr["log_ratio"], effect_type="log_ratio_hardie2014",
                    effect_size=kr["log_odds"], effect_size_type="log_odds_informative_dirichlet_mcq2008",
                    es_ci_low=kr["log_odds"] - zq * se, es_ci_high=kr["log_odds"] + zq * se,
                    p=kr["p_g2"], test="log-likelihood G2 (Dunning 1993), token-level",
                    ci_method="normal_approx_log_odds",
                    note=_join_notes([kr["note"], "token-level test: assumes independent tokens"]),
                )
                rows.append(row)
    return rows


def compare(
    sentence_table: pd.DataFrame,
    cue_table: pd.DataFrame | None = None,
    *,
    by: str = "source_id",
    groups: Sequence[Any] | None = None,
    reference: Any = None,
    pairs: str | None = None,
    doc_col: str | None = None,
    unit: str | None = None,
    rng=0,
    n_resamples: int = DEFAULT_N_RESAMPLES,
    confidence_level: float = 0.95,
    method: str = "BCa",
    per: float = DEFAULT_PER,
    score_cols: Sequence[str] | None = None,
    count_cols: Sequence[str] | None = None,
    categorical_cols: Sequence[str] | None = None,
    keyness_kinds: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Compare groups on every measure; ONE tidy table, one row per (contrast, measure).

    Contrasts: with exactly two groups in column ``by`` (or ``groups=(a, b)``), a vs b;
    with more, ``reference=g`` compares every other group with ``g`` (a = the other group,
    b = ``g``), ``pairs="all"`` compares every pair (a before b in sorted order, or in the
    order of ``groups``); otherwise an :class:`InputError` names the groups found.
    Differences and ratios are always a relative to b.

    Documents and units: documents are identified by ``doc_col`` (default: ``doc_id`` if the
    sentence table has it, else ``source_id``) and sentences by (document, ``sent_id``).
    ``unit`` is the unit of resampling (bootstrap) and permutation, reported in every row's
    ``unit`` column: ``"document"`` (cluster bootstrap of documents, permutation of document
    labels: the default when every compared group holds >= 2 documents), ``"paragraph"``
    (``segment_id`` within documents: the default with one document per group, where the
    intervals describe these texts) or ``"sentence"`` (a sensitivity analysis that treats
    sentences as independent). Keyness rows are token-level (``unit="token"``). The same unit
    is used for every contrast (see :func:`discourse.stats_units.resolve_unit`); its caveat is
    in ``note`` and ``result.attrs["unit_note"]``.

    Families (one row per measure and contrast; columns in :data:`RESULT_COLUMNS`):

    * ``"rate"``: every count column (default: numeric ``n_*`` except
      ``n_tokens``).  estimate = rate per ``per`` tokens (sum over sum); difference = rate
      difference; effect = ``rate_ratio`` (a/b); effect_size = ``log2_rate_ratio``; CIs by the
      bootstrap of ``unit`` and p by permuting ``unit`` labels (:func:`rate_ratio` on
      per-unit totals).
    * ``"score"``: every score column (default: float columns among
      sentiment / vader* / textblob_* / prospect_score).  estimate = mean over sentences;
      difference = mean difference; effect = ``cliffs_delta``; effect_size = ``hedges_g``,
      all with bootstrap CIs at ``unit`` (:func:`compare_scores_clustered`, or
      :func:`compare_scores` for sentences); p = permutation of ``unit`` labels on the mean
      difference; p_alt = Mann-Whitney U (on unit means for documents / paragraphs).
    * ``"proportion"``: for each count column the share of sentences with a
      count > 0 (measure ``"<col>>0"``), and for each categorical column
      (default: ``voice`` and pandas category columns) the share of each level
      (measure ``"<col>=<level>"``, missing values excluded from n).  effect =
      ``risk_difference``.  Sentence unit: Newcombe-Wilson CI, effect_size =
      ``odds_ratio`` (conditional MLE, exact CI), p = Fisher exact.  Document / paragraph
      unit: share = ratio estimator with a cluster-bootstrap CI, effect_size = ``risk_ratio``
      (bootstrap CI), p = permutation of unit labels.
    * ``"keyness"`` (only with ``cue_table``): one row per (kind, lemma),
      measure ``"<kind>:<lemma>"``; estimate = per-1,000-token frequency;
      effect = Hardie log ratio (no CI, descriptive); effect_size =
      Monroe et al. log-odds with informative Dirichlet prior (pooled counts)
      and a normal-approximation CI; p = G^2 (Dunning 1993), token-level.

    ``cue_table`` also gives per-sentence ``n_<kind>`` and ``n_<kind>_<category>`` count
    columns missing from ``sentence_table``: each cue is credited to its sentence by
    (document, ``sent_id``). The cue table needs the document id column; its group column
    ``by`` is optional (taken from the sentence table; refused if it disagrees).

    ``n_a``/``n_b`` count sentences, ``n_docs_*`` documents, ``n_units_*`` resampled units
    (tokens for keyness).  ``p_adj`` is Benjamini-Hochberg within each family, across every
    contrast of the table (:func:`fdr`).  ``note`` explains every degenerate case.  Metadata
    (groups, contrasts, unit, doc_col, seed, n_resamples, confidence_level, method) is in
    ``result.attrs``.
    """
    df, cues, doc = _prepare(sentence_table, cue_table, by=by, doc_col=doc_col)
    labels = _group_labels(df, by, groups)
    contrasts = _contrasts(labels, by=by, reference=reference, pairs=pairs)
    used = list(dict.fromkeys(g for pair in contrasts for g in pair))
    unit, unit_note = resolve_unit(df, by=by, doc_col=doc, groups=used, unit=unit)
    df = df[df[by].isin(used)]
    cols = _measure_columns(df, by=by, doc=doc, count_cols=count_cols, score_cols=score_cols,
                            categorical_cols=categorical_cols)
    base = _base_seed(rng)
    kw = dict(n_resamples=n_resamples, confidence_level=confidence_level, method=method)
    grp = {g: _Group(df, g, by=by, doc=doc, unit=unit) for g in used}
    rows: list[dict[str, Any]] = []
    for ga, gb in contrasts:
        rows += _contrast_rows(grp[ga], grp[gb], cues, by=by, unit=unit, unit_note=unit_note, cols=cols,
                               base=base, kw=kw, per=per, confidence_level=confidence_level,
                               keyness_kinds=keyness_kinds)
    res = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    if len(res):
        res["p_adj"] = res.groupby("family", sort=False)["p"].transform(lambda s: fdr(s))
    for c in ["n_a", "n_b", "n_docs_a", "n_docs_b", "n_units_a", "n_units_b"]:
        res[c] = res[c].astype("Int64")
    res.attrs.update(
        groups=[str(g) for g in used], contrasts=[[str(a), str(b)] for a, b in contrasts], by=by, doc_col=doc,
        unit=unit, unit_note=unit_note, seed=rng if isinstance(rng, (int, np.integer)) else None,
        n_resamples=int(n_resamples), confidence_level=float(confidence_level), method=method, per=per,
    )
    return res


#: Columns of the table returned by :func:`group_estimates`, after the group column.
GROUP_ESTIMATE_COLUMNS = ["family", "measure", "estimate", "ci_low", "ci_high", "estimate_type", "unit",
                          "n_docs", "n_units", "n_sentences", "n_tokens", "ci_method", "note"]


def group_estimates(
    sentence_table: pd.DataFrame,
    cue_table: pd.DataFrame | None = None,
    *,
    by: str = "source_id",
    groups: Sequence[Any] | None = None,
    doc_col: str | None = None,
    unit: str | None = None,
    rng=0,
    n_resamples: int = DEFAULT_N_RESAMPLES,
    confidence_level: float = 0.95,
    method: str = "BCa",
    per: float = DEFAULT_PER,
    score_cols: Sequence[str] | None = None,
    count_cols: Sequence[str] | None = None,
    categorical_cols: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Per-group estimates with CIs for any number of groups: one row per (group, measure).

    Columns: ``<by>`` then :data:`GROUP_ESTIMATE_COLUMNS`. Families and default columns as in
    :func:`compare`: ``"rate"`` (per ``per`` tokens, sum over sum), ``"score"`` (mean over
    sentences) and ``"proportion"`` (share of sentences with a count > 0, or at a categorical
    level). The unit of resampling is chosen as in :func:`compare` (documents when every group
    holds >= 2, else paragraphs, else sentences; force it with ``unit=``). With documents or
    paragraphs every estimate is a ratio estimator (Cochran 1977, ch. 6) with a cluster-bootstrap
    CI (``scipy.stats.bootstrap`` on per-unit totals, BCa with percentile fallback); with
    sentences rates use :func:`rate_ci`, means :func:`mean_ci` and shares :func:`wilson_ci`.
    Groups in sorted order (or the order of ``groups``).
    """
    df, _, doc = _prepare(sentence_table, cue_table, by=by, doc_col=doc_col)
    labels = sorted(pd.unique(df[by].dropna()).tolist(), key=str) if groups is None else list(groups)
    missing = [g for g in labels if g not in set(df[by].dropna())]
    if missing:
        raise InputError(f"group(s) {missing} not found in column {by!r}")
    unit, unit_note = resolve_unit(df, by=by, doc_col=doc, groups=labels, unit=unit)
    df = df[df[by].isin(labels)]
    count_cols, score_cols, categorical_cols = _measure_columns(
        df, by=by, doc=doc, count_cols=count_cols, score_cols=score_cols, categorical_cols=categorical_cols)
    base = _base_seed(rng)
    kw = dict(n_resamples=n_resamples, confidence_level=confidence_level, method=method)
    rows: list[dict[str, Any]] = []
    for g in labels:
        G = _Group(df, g, by=by, doc=doc, unit=unit)
        common = {by: g, "unit": unit, "n_docs": G.n_docs, "n_tokens": G.tokens}

        def add(family, measure, est, lo, hi, etype, n_units, n_sent, ci_method, note):
            rows.append({**common, "family": family, "measure": measure, "estimate": est, "ci_low": lo,
                         "ci_high": hi, "estimate_type": etype, "n_units": n_units, "n_sentences": n_sent,
                         "ci_method": ci_method, "note": _join_notes([note, unit_note])})

        for col in count_cols:
            r = rate_ci(G.sums(G.df[col]), G.sums(G.df["n_tokens"]), per=per,
                        rng=_child_rng(base, f"group|rate|{g}|{col}"), unit=unit, **kw)
            add("rate", col, r["rate"], r["ci_low"], r["ci_high"], f"rate_per_{per:g}_tokens", G.n_units, G.n,
                r["ci_method"], r["note"])
        for col in score_cols:
            v = G.df[col].to_numpy(dtype=float)
            ok = ~np.isnan(v)
            srng = _child_rng(base, f"group|score|{g}|{col}")
            if unit == "sentence":
                r = mean_ci(v[ok], rng=srng, **{k: kw[k] for k in ("n_resamples", "confidence_level")})
                add("score", col, r["mean"], r["ci_low"], r["ci_high"], "mean", int(ok.sum()), int(ok.sum()),
                    r["ci_method"], "" if r["n"] >= 2 else "fewer than 2 sentences: CI undefined")
            else:
                num, den = G.sums(np.where(ok, v, 0.0)), G.sums(ok)
                num, den = num[den > 0], den[den > 0]
                est, lo, hi, cim, note = _ratio_ci(num, den, scale=1.0, rng=srng, unit=unit, **kw)
                add("score", col, est, lo, hi, "mean", den.size, int(ok.sum()), cim, note)

        def add_share(measure, pos, ok, note=""):
            srng = _child_rng(base, f"group|share|{g}|{measure}")
            if unit == "sentence":
                k, n = int((pos & ok).sum()), int(ok.sum())
                lo, hi = wilson_ci(k, n, confidence_level)
                add("proportion", measure, k / n if n else np.nan, lo, hi, "share_of_sentences", n, n, "wilson", note)
            else:
                num, den = G.sums(pos & ok), G.sums(ok)
                num, den = num[den > 0], den[den > 0]
                est, lo, hi, cim, n2 = _ratio_ci(num, den, scale=1.0, rng=srng, unit=unit, **kw)
                add("proportion", measure, est, lo, hi, "share_of_sentences", den.size, int(ok.sum()), cim,
                    _join_notes([note, n2]))

        ones = np.ones(G.n, bool)
        for col in count_cols:
            add_share(f"{col}>0", G.df[col].to_numpy() > 0, ones)
        for col in categorical_cols:
            ok = G.df[col].notna().to_numpy()
            note = f"{int((~ok).sum())} missing value(s) excluded" if (~ok).any() else ""
            for lev in sorted(pd.unique(df[col].dropna()).tolist(), key=str):
                add_share(f"{col}={lev}", (G.df[col] == lev).fillna(False).to_numpy(bool), ok, note)
    out = pd.DataFrame(rows, columns=[by] + GROUP_ESTIMATE_COLUMNS)
    out.attrs.update(by=by, doc_col=doc, unit=unit, unit_note=unit_note,
                     seed=rng if isinstance(rng, (int, np.integer)) else None, n_resamples=int(n_resamples),
                     confidence_level=float(confidence_level), method=method, per=per)
    return out


def write_comparison(
    results: pd.DataFrame,
    path: str | Path,
    *,
    seed: Any,
    package_version: str,
    n_resamples: int | None = None,
    extra: dict[str, Any] | None = None,
) -> tuple[Path, Path]:
    """Write ``results`` as CSV plus a sidecar JSON ``<stem>.meta.json``.

    The JSON records the seed, package version, n_resamples (argument, or
    ``results.attrs``), confidence level, CI method, groups, library versions
    (numpy/scipy/pandas), column names, row count and the SHA-256 of the CSV.
    No timestamps or host information are written, so rerunning with the same
    inputs gives byte-identical files.  Returns ``(csv_path, json_path)``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    csv_text = results.to_csv(index=False, lineterminator="\n", float_format="%.10g")
    path.write_text(csv_text, encoding="utf-8", newline="")
    attrs = dict(results.attrs)
    meta = {
        "seed": seed,
        "package_version": package_version,
        "n_resamples": n_resamples if n_resamples is not None else attrs.get("n_resamples"),
        "confidence_level": attrs.get("confidence_level"),
        "ci_method": attrs.get("method"),
        "groups": attrs.get("groups"),
        "contrasts": attrs.get("contrasts"),
        "by": attrs.get("by"),
        "doc_col": attrs.get("doc_col"),
        "unit": attrs.get("unit"),
        "unit_note": attrs.get("unit_note"),
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "pandas": pd.__version__},
        "columns": list(map(str, results.columns)),
        "n_rows": int(len(results)),
        "csv_file": path.name,
        "csv_sha256": hashlib.sha256(csv_text.encode("utf-8")).hexdigest(),
    }
    if extra:
        meta["extra"] = extra
    meta_path = path.with_name(path.stem + ".meta.json")
    meta_path.write_text(json.dumps(meta, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8", newline="")
    return path, meta_path
