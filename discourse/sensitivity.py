"""Sensitivity of headline contrasts to the analyst's choices (what a reviewer asks for).

Each function recomputes a contrast of :func:`discourse.compare` under alternatives and returns one
tidy row per (contrast, variant): ``contrast``, ``variant``, ``unit``, ``estimate_a``,
``estimate_b``, ``effect_type``, ``effect``, ``ci_low``, ``ci_high``, ``p``. A conclusion that
holds under every variant is robust to those choices; one that flips is reported as such.

- :func:`by_unit`: the resampling unit (paragraphs vs sentences as independent).
- :func:`by_count_variant`: a count redefined (e.g. a narrower hedge scheme without doxastic verbs
  and approximators; denial with and without clause negation), from the cue rows.
- :func:`leave_one_out`: each cue lemma of a count left out in turn; the most influential first.
- :func:`by_sentiment_method`: the sentiment comparison under each sentiment method.
- :func:`by_voice`: every row of the comparison on all sentences and on the writer's own (authorial)
  sentences side by side, so that a difference in voice composition (one text quotes more) is not
  read as a difference in the writer's framing (issue 13 item 2).
- :func:`prospect_shares`, :func:`prospect_by_unit`, :func:`by_hand_labels`,
  :func:`leave_one_marker_out`: who states the prospect statements (the share in the writer's own
  voice) and with what commitment (shares denied and entertained), with the detector's prospect and
  voice labels replaced by each annotator's hand labels, with each prospect marker left out in turn
  and at each resampling unit (issue 13 item 6).
- :func:`leave_one_out_share`: a share of sentences holding at least one cue (the heteroglossic
  share: at least one Engagement cue) with each cue lemma left out in turn.
- :func:`headline_table`: all of the above for the primary family of contrasts in one table; the
  headline rows (the reported choices) with the full number of resamples, every variant with fewer
  (``variant_resamples``, 999 by default: a variant is read for its point estimate and verdict, and
  999 resamples put a p of 0.05 within about +-0.014, Davison & Hinkley 1997, ch. 4), stated per row
  in ``n_resamples``.
- :func:`summary`: one row per contrast of such a table: the base estimate, the range over the
  variants, how many variants change the verdict and the most influential variant.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from .domains import resolve_domain
from .errors import InputError
from .measures._doc import sentences as doc_sentences
from .measures.prospects import ProspectMarkers, marker_entries, prospect_reason
from .measures.sentiment import DEFAULT_METHOD, METHODS
from .nlp import load_nlp
from .stats import compare
from .stats.resampling import DEFAULT_N_RESAMPLES
from .tables import analyze_all, measurer, parse_segments

COLUMNS = ["contrast", "variant", "unit", "estimate_a", "estimate_b", "effect_type", "effect", "ci_low", "ci_high",
           "p", "n_resamples"]
#: a variant count of resamples (headline rows keep compare()'s default, 9,999)
VARIANT_RESAMPLES = 999


def _rows(result: pd.DataFrame, measure: str, *, contrast: str, variant: str, kw: Mapping | None = None) -> pd.DataFrame:
    """The rows of ``measure`` in a compare() result, named; ``kw``: the compare() options used (for
    ``n_resamples``)."""
    r = result[result["measure"] == measure]
    if r.empty:
        raise InputError(f"sensitivity: the comparison has no measure {measure!r}; name a column it compares.")
    n = int((kw or {}).get("n_resamples", DEFAULT_N_RESAMPLES))
    return r.assign(contrast=contrast, variant=variant, n_resamples=n)[COLUMNS]


def _with_resamples(kw: Mapping, n: int | None) -> dict:
    """``kw`` with ``n_resamples`` = ``n`` (unchanged when ``n`` is None)."""
    return dict(kw) if n is None else {**kw, "n_resamples": int(n)}


def by_unit(sentences: pd.DataFrame, *, measures: Mapping[str, str], groups: Sequence, by: str = "doc_id",
            units: Sequence[str] = ("paragraph", "sentence"), **kw) -> pd.DataFrame:
    """``measures``: ``{contrast name: measure}`` of one sentence table (count, score or
    ``column=level`` share); each recomputed at every unit in ``units``."""
    out = []
    for unit in units:
        res = compare(sentences, by=by, groups=groups, unit=unit, **kw)
        out += [_rows(res, m, contrast=c, variant=f"unit = {unit}", kw=kw) for c, m in measures.items()]
    return pd.concat(out, ignore_index=True)


def _recount(sentences: pd.DataFrame, rows: pd.DataFrame, column: str) -> pd.DataFrame:
    """``sentences`` with ``column`` = the number of ``rows`` (cue rows with doc_id, sent_id) per sentence."""
    counts = rows.groupby(["doc_id", "sent_id"]).size().rename(column)
    s = sentences.drop(columns=[column], errors="ignore").join(counts, on=["doc_id", "sent_id"])
    s[column] = s[column].fillna(0).astype("int64")
    return s


def by_count_variant(sentences: pd.DataFrame, cues: pd.DataFrame, *, contrast: str,
                     variants: Mapping[str, Callable[[pd.DataFrame], pd.Series]], groups: Sequence,
                     by: str = "doc_id", **kw) -> pd.DataFrame:
    """A rate recomputed with the cues each variant keeps: ``variants`` maps a name to a function of
    the cue table returning a boolean mask (e.g. ``lambda c: (c.kind == "hedge") & (c.category !=
    "doxastic_verb")``)."""
    out = []
    for name, keep in variants.items():
        s = _recount(sentences, cues[keep(cues)], "n_variant")
        res = compare(s, by=by, groups=groups, count_cols=["n_variant"], score_cols=[], categorical_cols=[], **kw)
        out.append(_rows(res, "n_variant", contrast=contrast, variant=name, kw=kw))
    return pd.concat(out, ignore_index=True)


def leave_one_out(sentences: pd.DataFrame, cues: pd.DataFrame, *, contrast: str,
                  keep: Callable[[pd.DataFrame], pd.Series], groups: Sequence, by: str = "doc_id",
                  top: int = 5, variant_resamples: int | None = None, **kw) -> pd.DataFrame:
    """The rate of the cues ``keep`` selects, with each of their lemmas left out in turn; the ``top``
    lemmas whose removal moves the log rate ratio most, after the row with all of them.
    ``variant_resamples``: resamples of the left-out rows (default: as the first row's)."""
    chosen = cues[keep(cues)]
    if chosen.empty:
        raise InputError(f"leave_one_out: no cue is selected for {contrast!r}.")
    base = by_count_variant(sentences, chosen, contrast=contrast, variants={"all entries": lambda c: c.index == c.index},
                            groups=groups, by=by, **kw)
    rows = []
    for lemma in sorted(chosen["lemma"].dropna().unique()):
        rows.append(by_count_variant(sentences, chosen, contrast=contrast, groups=groups, by=by,
                                     variants={f"without {lemma!r}": lambda c, lemma=lemma: c["lemma"] != lemma},
                                     **_with_resamples(kw, variant_resamples)))
    loo = pd.concat(rows, ignore_index=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        shift = np.abs(np.log(loo["effect"].astype(float)) - np.log(float(base["effect"].iloc[0])))
    loo = loo.assign(_shift=shift).sort_values("_shift", ascending=False, kind="stable").drop(columns="_shift")
    return pd.concat([base, loo.head(top)], ignore_index=True)


def by_sentiment_method(tables: Mapping[str, pd.DataFrame], *, groups: Sequence, by: str = "doc_id",
                        contrast: str = "sentence sentiment", **kw) -> pd.DataFrame:
    """``tables``: ``{method: sentence table measured with that sentiment method}``; the
    ``sentiment`` score compared in each."""
    out = []
    for method, s in tables.items():
        res = compare(s, by=by, groups=groups, count_cols=[], score_cols=["sentiment"], categorical_cols=[], **kw)
        out.append(_rows(res, "sentiment", contrast=contrast, variant=f"method = {method}", kw=kw))
    return pd.concat(out, ignore_index=True)


#: the columns :func:`by_voice` reports for each of the two sentence selections
VOICE_VALUES = ["n_a", "n_b", "estimate_a", "estimate_b", "effect", "ci_low", "ci_high", "p", "p_adj"]
VOICE_KEYS = ["family", "measure", "group_a", "group_b", "effect_type"]


def by_voice(sentences: pd.DataFrame, cues: pd.DataFrame | None = None, *, voice_col: str = "voice",
             authorial: str = "authorial", alpha: float = 0.05, **kw) -> pd.DataFrame:
    """Every :func:`discourse.compare` row computed on all sentences and on the authorial sentences
    only (``sentences[voice_col] == authorial``; cue rows filtered on their own ``voice_col``, else
    on the kept sentences' ``doc_id, sent_id``), side by side.

    Voice follows the attribution detector (:mod:`discourse.measures.attribution`): authorial = the
    writer's own assertion, not reported or quoted. A contrast that exists on all sentences but not
    on the authorial ones is voice composition, not the writer's framing. Columns: the keys
    ``family, measure, group_a, group_b, effect_type``, then ``n_a ... p_adj`` for all sentences and
    the same with suffix ``_authorial``; ``verdict`` / ``verdict_authorial`` ("significant" when
    p_adj < ``alpha``, else "not significant", empty when the measure is absent from one selection)
    and ``verdict_changes`` (True/False, NA when one side is missing). ``**kw`` go to compare().
    """
    if voice_col not in sentences.columns:
        raise InputError(f"by_voice: the sentence table has no {voice_col!r} column; run the attribution measure first.")
    keep = sentences[voice_col].astype(str) == authorial
    if not keep.any():
        raise InputError(f"by_voice: no sentence has {voice_col} == {authorial!r}.")
    auth_cues = None
    if cues is not None:
        if voice_col in cues.columns:
            auth_cues = cues[cues[voice_col].astype(str) == authorial]
        else:
            ids = sentences.loc[keep, ["doc_id", "sent_id"]].drop_duplicates()
            auth_cues = cues.merge(ids, on=["doc_id", "sent_id"])
    full = compare(sentences, cues, **kw)
    own = compare(sentences[keep], auth_cues, **kw)
    cols = VOICE_KEYS + VOICE_VALUES
    out = full[cols].merge(own[cols], on=VOICE_KEYS, how="outer", suffixes=("", "_authorial"), sort=False)

    def verdict(p):
        return np.where(p.isna(), "", np.where(p < alpha, "significant", "not significant"))

    out["verdict"] = verdict(out["p_adj"])
    out["verdict_authorial"] = verdict(out["p_adj_authorial"])
    both = (out["verdict"] != "") & (out["verdict_authorial"] != "")
    out["verdict_changes"] = pd.array(np.where(both, out["verdict"] != out["verdict_authorial"], False), dtype="boolean")
    out.loc[~both, "verdict_changes"] = pd.NA
    return out


# ------------------------------------------------------------------------------ prospect statements (item 6)
#: ``{contrast name: measure}`` over prospect statements: who states them and with what commitment
PROSPECT_CONTRASTS = {"writer's share of prospect statements (who=writer)": "who=writer",
                      "denied prospect statements (commitment=deny)": "commitment=deny",
                      "entertained prospect statements (commitment=entertain)": "commitment=entertain"}
#: the key of a sentence within its document: paragraph (segment) and index in the paragraph
SENTENCE_KEY = ["doc_id", "segment_id", "sent_in_segment"]


def _effect_shift(effect: pd.Series, base: float, effect_type: pd.Series) -> pd.Series:
    """How far each effect moved from ``base``: on the log scale for ratios, else the difference."""
    e = effect.astype(float).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = effect_type.astype(str).str.contains("ratio").to_numpy()
        shift = np.where(ratio, np.abs(np.log(e) - np.log(base)), np.abs(e - base))
    return pd.Series(shift, index=effect.index)


def _top_changes(base: pd.DataFrame, variants: pd.DataFrame, top: int) -> pd.DataFrame:
    """Per contrast of ``base`` (in its order), the base row, then the ``top`` variant rows whose
    effect moved most from it (ties in variant order), then, when it is not among them, the variant
    whose effect is nearest no difference (0, or 1 for a ratio): the one that weakens the contrast most."""
    out = []
    for _, b in base.iterrows():
        v = variants[variants["contrast"] == b["contrast"]]
        if not v.empty:
            null = 1.0 if "ratio" in str(b["effect_type"]) else 0.0
            weakest = _effect_shift(v["effect"], null, v["effect_type"]).idxmin()
            v = v.assign(_shift=_effect_shift(v["effect"], float(b["effect"]), v["effect_type"]))
            v = v.sort_values("_shift", ascending=False, kind="stable").drop(columns="_shift")
            shown = v.head(top)
            if weakest not in shown.index:
                shown = pd.concat([shown, v.loc[[weakest]]])
            v = shown
        out += [b.to_frame().T, v]
    return pd.concat(out, ignore_index=True)[COLUMNS]


def _who(p: pd.DataFrame, voice_col: str, authorial: str) -> np.ndarray:
    """``writer`` for the authorial sentences, else the source type (``source`` without that column)."""
    other = p["source_type"].fillna("unknown").astype(str) if "source_type" in p.columns else "source"
    return np.where(p[voice_col].astype(str) == authorial, "writer", other)


def prospect_shares(sentences: pd.DataFrame, *, variant: str, groups: Sequence, by: str = "doc_id",
                    contrasts: Mapping[str, str] = PROSPECT_CONTRASTS, prospect_col: str = "prospect",
                    voice_col: str = "voice", authorial: str = "authorial", **kw) -> pd.DataFrame:
    """Shares of the prospect statements (``sentences[prospect_col]`` true): stated in the writer's
    own voice (``who=writer``: ``voice_col == authorial``, as :func:`discourse.tables.prospect_statements`)
    and with each commitment (``commitment=<level>``). A contrast whose level no prospect statement
    has under this variant gets no row. ``**kw`` go to compare() (``unit``, ``rng``, ...)."""
    need = [c for c in (prospect_col, voice_col, "commitment") if c not in sentences.columns]
    if need:
        raise InputError(f"prospect_shares: the sentence table has no column(s) {need}; measure it with a domain "
                         "(analyze_all(corpus)) so it has prospect, voice and commitment columns.")
    p = sentences[sentences[prospect_col].fillna(False).astype(bool)]
    if p.empty:
        raise InputError(f"prospect_shares ({variant}): no sentence is a prospect statement.")
    p = p.assign(who=_who(p, voice_col, authorial))
    res = compare(p, by=by, groups=groups, categorical_cols=["who", "commitment"], count_cols=[], score_cols=[], **kw)
    rows = [_rows(res, m, contrast=c, variant=variant, kw=kw) for c, m in contrasts.items()
            if (res["measure"] == m).any()]
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=COLUMNS)


def prospect_by_unit(sentences: pd.DataFrame, *, units: Sequence[str] = ("paragraph", "sentence"), **kw) -> pd.DataFrame:
    """:func:`prospect_shares` at every resampling unit: paragraphs (the unit the texts are built
    from, reported) or sentences as if independent (a reviewer's check on the clustering)."""
    return pd.concat([prospect_shares(sentences, variant=f"unit = {u}", unit=u, **kw) for u in units], ignore_index=True)


def relabel(sentences: pd.DataFrame, labels: pd.DataFrame, *, fields: Sequence[str] = ("prospect", "voice"),
            name: str = "hand labels") -> pd.DataFrame:
    """``sentences`` with the columns ``fields`` replaced by the hand labels of ``labels`` (as read by
    :func:`discourse.evaluation.agreement.read_labels`: keyed ``source_id, segment_id, sent_index``,
    every cell text; ``prospect`` is ``true``/``false``). Every sentence must have a label."""
    lab = labels.rename(columns={"source_id": "doc_id", "sent_index": "sent_in_segment"})
    miss = [c for c in [*SENTENCE_KEY, *fields] if c not in lab.columns]
    if miss:
        raise InputError(f"relabel: the {name} have no column(s) {miss}; give a label table keyed by source_id, "
                         "segment_id, sent_index with those fields.")
    lab = lab[[*SENTENCE_KEY, *fields]].copy()
    lab["segment_id"], lab["sent_in_segment"] = lab["segment_id"].astype(int), lab["sent_in_segment"].astype(int)
    if lab.duplicated(SENTENCE_KEY).any():
        raise InputError(f"relabel: the {name} label a sentence twice; keep one row per source_id, segment_id, sent_index.")
    for f in fields:
        lab[f] = lab[f].astype(str).str.strip().str.lower().replace({"": np.nan, "nan": np.nan})
    key = sentences[SENTENCE_KEY].astype({"segment_id": int, "sent_in_segment": int})
    m = key.merge(lab, on=SENTENCE_KEY, how="left")
    gap = m[list(fields)].isna().any(axis=1).to_numpy()
    if gap.any():
        r = m[gap].iloc[0]
        raise InputError(f"relabel: {int(gap.sum())} sentence(s) have no {name} for {list(fields)} (first: "
                         f"{r.doc_id} segment {r.segment_id} sentence {r.sent_in_segment}); label them.")
    out = sentences.copy()
    for f in fields:
        v = m[f].to_numpy()
        out[f] = (v == "true") if f == "prospect" else v
    return out


def by_hand_labels(sentences: pd.DataFrame, labels: Mapping[str, pd.DataFrame], *,
                   fields: Sequence[str] = ("prospect", "voice"), with_commitment: bool = True,
                   **kw) -> pd.DataFrame:
    """:func:`prospect_shares` with the detector's ``fields`` replaced by each annotator's hand
    labels (``labels``: ``{annotator name: label table}``). The prospect and voice detectors were
    written while reading these texts; a reviewer asks whether the headline holds on the labels of
    people who read them (the first annotator wrote the rules' test labels, the second labelled
    blind). Other columns (``commitment``, ``source_type``) stay the detector's; with
    ``with_commitment``, a label table that has a ``commitment`` column gives a second variant with
    the annotator's commitment too."""
    out = []
    for name, lab in labels.items():
        sets = [tuple(fields)] + ([(*fields, "commitment")] if with_commitment and "commitment" in lab.columns
                                  and "commitment" not in fields else [])
        out += [prospect_shares(relabel(sentences, lab, fields=f, name=f"labels of {name}"),
                                variant=f"{'/'.join(f)} from {name}", **kw) for f in sets]
    return pd.concat(out, ignore_index=True)


class _MarkersWithout(ProspectMarkers):
    """A :class:`ProspectMarkers` that never finds ``entry`` (every other match as the base finds it,
    so the overlap rules resolve as they would had the entry never been in the lexicon)."""

    def __init__(self, base: ProspectMarkers, entry: str):  # shares the base's compiled matchers and cache
        self.__dict__.update(base.__dict__)
        self._base, self.left_out = base, entry

    def candidates(self, doc):
        multi, singles = self._base.candidates(doc)
        return [m for m in multi if m[0] != self.left_out], [m for m in singles if m[0] != self.left_out]


def prospect_flags(corpus, *, roles: Sequence[str] = ("body",), nlp=None) -> pd.DataFrame:
    """Whether each sentence is a prospect statement with each prospect marker left out in turn.

    One row per sentence (``doc_id, segment_id, sent_in_segment``): ``prospect`` with the full
    marker lexicon of the corpus's domain, then one boolean column per marker entry that occurs in
    the corpus (entries that occur nowhere cannot change anything), each the prospect rules rerun
    (:func:`discourse.measures.prospects.prospect_reason`, same frames, same previous sentence) on a
    lexicon without that entry. Grammatical rules (negated possibility, ...) still fire.
    """
    domain = resolve_domain(corpus.domain)
    if domain is None or not domain.prospects or not domain.frames:
        raise InputError("prospect_flags: the corpus has no domain with prospect markers and frames; load it with a "
                         "domain (e.g. domain='us_iran_diplomacy') to measure prospect statements.")
    nlp = nlp or load_nlp()
    seg = parse_segments(corpus, roles=tuple(roles), nlp=nlp)
    meas = measurer(nlp.vocab, domain=domain)
    base = meas.prospects
    docs = []
    for r in seg.itertuples():
        actors = meas.actors(r.doc) if meas.actors else None
        by_sent: dict[int, list[dict]] = {}
        for f in meas.frames(r.doc, actors=actors):
            by_sent.setdefault(f["sent_index"], []).append(f)
        sents = doc_sentences(r.doc)
        docs.append((r.doc_id, r.segment_id, sents, [by_sent.get(i, []) for i in range(len(sents))]))
    entries = sorted({e for _, _, sents, _ in docs for s in sents for e in marker_entries(s, base)})

    def flags(markers) -> list[bool]:
        out = []
        for _, _, sents, frames in docs:
            prev = None
            for sent, fr in zip(sents, frames):
                out.append(prospect_reason(sent, fr, previous=prev, markers=markers, targets=meas.targets,
                                           context=meas.targets) is not None)
                prev = (sent, fr)
        return out

    table = pd.DataFrame([(d, g, i) for d, g, sents, _ in docs for i in range(len(sents))], columns=SENTENCE_KEY)
    table["prospect"] = flags(base)
    cols = {e: flags(_MarkersWithout(base, e)) for e in entries}
    return pd.concat([table, pd.DataFrame(cols, index=table.index)], axis=1)


def leave_one_marker_out(sentences: pd.DataFrame, flags: pd.DataFrame, *, top: int = 5,
                         variant_resamples: int | None = None, **kw) -> pd.DataFrame:
    """:func:`prospect_shares` with each prospect marker left out in turn (``flags``: as
    :func:`prospect_flags`, one boolean column per entry). The marker lists were written while
    reading the two texts; a reviewer asks whether one entry carries the result. Per contrast: the
    row with all markers, then the ``top`` entries whose removal moves the effect most (an entry
    whose removal changes no sentence's label is not recomputed: its row would equal the first).
    ``variant_resamples``: resamples of the left-out rows (default: as the first row's)."""
    entries = [c for c in flags.columns if c not in (*SENTENCE_KEY, "prospect")]
    key = sentences[SENTENCE_KEY].astype({"segment_id": int, "sent_in_segment": int})
    f = key.merge(flags.astype({"segment_id": int, "sent_in_segment": int}), on=SENTENCE_KEY, how="left")
    if f[entries].isna().any(axis=None):
        raise InputError("leave_one_marker_out: the flags do not cover every sentence; compute them with "
                         "prospect_flags() on the corpus the sentence table was measured from.")
    now = sentences["prospect"].fillna(False).astype(bool).to_numpy()
    changed = [e for e in entries if (f[e].astype(bool).to_numpy() != now).any()]
    base = prospect_shares(sentences, variant=f"all {len(entries)} markers ({len(changed)} change a label)", **kw)
    vkw = _with_resamples(kw, variant_resamples)
    var = [prospect_shares(sentences.assign(prospect=f[e].astype(bool).to_numpy()), variant=f"without {e!r}", **vkw)
           for e in changed]
    return _top_changes(base, pd.concat(var, ignore_index=True) if var else base.iloc[:0], top)


# ------------------------------------------------------------------------------ shares of sentences with a cue
def leave_one_out_share(sentences: pd.DataFrame, rows: pd.DataFrame, *, contrast: str,
                        keep: Callable[[pd.DataFrame], pd.Series], groups: Sequence, by: str = "doc_id",
                        column: str = "engagement", level: str = "heteroglossic", other: str = "monoglossic",
                        top: int = 5, variant_resamples: int | None = None, **kw) -> pd.DataFrame:
    """The share of sentences holding at least one of the cue ``rows`` that ``keep`` selects (each
    such sentence is ``level``, the rest ``other``: with all Engagement cues, the heteroglossic
    share, Martin & White 2005: 99-100), then with each cue lemma left out in turn; the ``top``
    lemmas whose removal moves the share difference most. A lemma that is never a sentence's only
    cue changes no label and is not recomputed. The labels go to ``column`` (replacing it), so the
    first row is the ``column=level`` row of :func:`discourse.compare` when they agree with it.
    ``variant_resamples``: resamples of the left-out rows (default: as the first row's)."""
    chosen = rows[keep(rows)]
    if chosen.empty:
        raise InputError(f"leave_one_out_share: no cue is selected for {contrast!r}.")
    ids = pd.MultiIndex.from_frame(sentences[["doc_id", "sent_id"]])

    def labels(r: pd.DataFrame) -> np.ndarray:
        return np.where(ids.isin(pd.MultiIndex.from_frame(r[["doc_id", "sent_id"]])), level, other)

    def share(lab: np.ndarray, variant: str, ckw: Mapping) -> pd.DataFrame:
        res = compare(sentences.assign(**{column: lab}), by=by, groups=groups, count_cols=[], score_cols=[],
                      categorical_cols=[column], **ckw)
        return _rows(res, f"{column}={level}", contrast=contrast, variant=variant, kw=ckw)

    full = labels(chosen)
    base = share(full, "all entries", kw)
    vkw = _with_resamples(kw, variant_resamples)
    var = []
    for lemma in sorted(chosen["lemma"].dropna().astype(str).unique()):
        lab = labels(chosen[chosen["lemma"].astype(str) != lemma])
        if (lab != full).any():
            var.append(share(lab, f"without {lemma!r}", vkw))
    return _top_changes(base, pd.concat(var, ignore_index=True) if var else base.iloc[:0], top)


# ------------------------------------------------------------------------------ the whole table
#: ``{contrast name: measure}`` over the writer's own (authorial) sentences
AUTHORIAL_CONTRASTS = {"writer's heteroglossic share (engagement=heteroglossic)": "engagement=heteroglossic",
                       "writer's denials (n_eng_deny)": "n_eng_deny",
                       "writer's entertain cues (n_eng_entertain)": "n_eng_entertain",
                       "writer's inability frames (n_device_agency_unable)": "n_device_agency_unable"}
HEDGES = "hedges (n_hedge)"


def headline_table(corpus, analysis, *, groups: Sequence, rng=0, labels: Mapping[str, pd.DataFrame] | None = None,
                   sentiment_methods: Sequence[str] | None = None, top: int = 5, voice_col: str = "voice",
                   authorial: str = "authorial", variant_resamples: int | None = VARIANT_RESAMPLES,
                   **kw) -> pd.DataFrame:
    """The headline contrasts under every alternative above, one table (columns :data:`COLUMNS`).

    Over prospect statements (:data:`PROSPECT_CONTRASTS`): unit = paragraph vs sentence; prospect
    and voice from each annotator's hand labels (``labels``: ``{name: label table}``, none without
    them); each prospect marker left out in turn. Over the writer's own sentences
    (:data:`AUTHORIAL_CONTRASTS`): unit variants; the heteroglossic share, the deny and the entertain
    rates with each Engagement entry (lemma) left out in turn; denial with and without clause
    negation. Over all sentences: hedges with and without doxastic verbs and approximators, and
    sentence sentiment under each method of ``sentiment_methods`` (default every method but the
    ensemble; each re-measures the corpus, the parse is cached). ``analysis``: the
    :func:`discourse.analyze_all` result of ``corpus``; ``rng``: the seed, so a rerun gives the same
    table. ``**kw`` go to compare() (``n_resamples``, ...).

    Resamples: the headline rows, the choices reported (unit = paragraph, all deny cues, all hedges,
    the default sentiment method, and the row with every entry that opens each leave-one-out block),
    use ``n_resamples`` (compare()'s default, 9,999); every variant row uses ``variant_resamples``
    (999; None = the same as the headline rows). Column ``n_resamples`` says which.
    """
    s, cues = analysis.sentences, analysis.cues
    if voice_col not in s.columns or analysis.engagement is None:
        raise InputError("headline_table: the analysis has no voice column or Engagement rows; give it "
                         "dc.analyze_all(corpus).")
    own = s[s[voice_col].astype(str) == authorial]
    eng = analysis.engagement.merge(own[["doc_id", "sent_id"]], on=["doc_id", "sent_id"])
    kw = dict(groups=groups, rng=rng, **kw)
    if variant_resamples is not None:  # a variant never gets more resamples than the headline rows
        variant_resamples = min(int(variant_resamples), int(kw.get("n_resamples", DEFAULT_N_RESAMPLES)))
    vkw = _with_resamples(kw, variant_resamples)  # the variant rows
    loo = dict(top=top, variant_resamples=variant_resamples)
    counts = [m for m in AUTHORIAL_CONTRASTS.values() if not m.startswith("engagement=")]
    name = {m: c for c, m in AUTHORIAL_CONTRASTS.items()}
    methods = [m for m in METHODS if m != "ensemble"] if sentiment_methods is None else list(sentiment_methods)
    voice = dict(voice_col=voice_col, authorial=authorial)
    own_units = dict(measures=dict(AUTHORIAL_CONTRASTS), count_cols=counts, score_cols=[],
                     categorical_cols=["engagement"])
    deny = {"all deny cues": lambda c: c.category == "deny",
            "clause negation (not) left out": lambda c: (c.category == "deny") & (c.lemma != "not")}
    hedges = {"all hedges": lambda c: c.kind == "hedge",
              "no doxastic verbs or approximators":
                  lambda c: (c.kind == "hedge") & ~c.category.isin(["doxastic_verb", "approximator"])}

    def split(variants: dict, fn, **a):
        """The first variant (the headline) with ``kw``, the others with ``vkw``."""
        first, *rest = variants
        return [fn(variants={first: variants[first]}, **a, **kw)] + (
            [fn(variants={k: variants[k] for k in rest}, **a, **vkw)] if rest else [])

    sentiment = None
    if methods:
        tables = {m: analyze_all(corpus, sentiment_method=m).sentences for m in methods}
        sentiment = pd.concat([by_sentiment_method({m: t}, **(kw if m == DEFAULT_METHOD else vkw))
                               for m, t in tables.items()], ignore_index=True)
    parts = [
        prospect_by_unit(s, units=("paragraph",), **voice, **kw),
        prospect_by_unit(s, units=("sentence",), **voice, **vkw),
        by_hand_labels(s, labels, **voice, **vkw) if labels else None,
        leave_one_marker_out(s, prospect_flags(corpus), **loo, **voice, **kw),
        by_unit(own, units=("paragraph",), **own_units, **kw),
        by_unit(own, units=("sentence",), **own_units, **vkw),
        leave_one_out_share(own, eng, contrast=name["engagement=heteroglossic"], keep=lambda c: c["category"].notna(),
                            **loo, **kw),
        *split(deny, lambda **a: by_count_variant(own, eng, contrast=name["n_eng_deny"], **a)),
        leave_one_out(own, eng, contrast=name["n_eng_deny"], keep=lambda c: c.category == "deny", **loo, **kw),
        leave_one_out(own, eng, contrast=name["n_eng_entertain"], keep=lambda c: c.category == "entertain", **loo,
                      **kw),
        *split(hedges, lambda **a: by_count_variant(s, cues, contrast=HEDGES, **a)),
        sentiment,
    ]
    out = pd.concat([p for p in parts if p is not None], ignore_index=True)
    for c in ("estimate_a", "estimate_b", "effect", "ci_low", "ci_high", "p"):
        out[c] = out[c].astype(float)
    out["n_resamples"] = out["n_resamples"].astype("int64")
    return out


# ------------------------------------------------------------------------------ one row per contrast
SUMMARY_COLUMNS = ["contrast", "effect_type", "base_variant", "base_effect", "base_ci_low", "base_ci_high",
                   "base_verdict", "n_variants", "effect_min", "effect_max", "n_verdict_changes",
                   "most_influential", "most_influential_effect"]


def _verdicts(t: pd.DataFrame, alpha: float, by: str) -> np.ndarray:
    """``"distinguishable"`` when the row's p < ``alpha`` (``by="p"``) or its interval excludes no
    difference (0, or 1 for a ratio; ``by="ci"``), else ``"not distinguishable"``."""
    if by == "p":
        hit = t["p"].astype(float).to_numpy() < alpha
    elif by == "ci":
        null = np.where(t["effect_type"].astype(str).str.contains("ratio"), 1.0, 0.0)
        hit = (t["ci_low"].astype(float).to_numpy() > null) | (t["ci_high"].astype(float).to_numpy() < null)
    else:
        raise InputError(f"summary: by must be 'p' or 'ci', got {by!r}.")
    return np.where(hit, "distinguishable", "not distinguishable")


def summary(table: pd.DataFrame, *, alpha: float = 0.05, by: str = "p") -> pd.DataFrame:
    """One row per contrast of a sensitivity table (:func:`headline_table`, columns :data:`COLUMNS`),
    in the table's order (:data:`SUMMARY_COLUMNS`).

    The **base** row of a contrast is its first row (in :func:`headline_table`, the reported
    choices: unit = paragraph, all entries, the default method); every other row of the contrast is
    a **variant**. ``base_effect`` (with its interval and verdict), ``effect_min`` / ``effect_max``:
    the range of the effect over the variants; ``n_verdict_changes``: the variants whose verdict
    differs from the base's (verdict: p < ``alpha``, the row's unadjusted permutation or exact p, with
    ``by="p"``; the interval excluding no difference with ``by="ci"``); ``most_influential``: the
    variant whose effect moves furthest from the base (on the log scale for a ratio), with its effect.
    A reviewer reads a contrast as robust when no variant changes its verdict. A contrast with no
    variant has ``n_variants`` 0 and empty ranges.
    """
    need = [c for c in COLUMNS if c not in ("n_resamples", "unit") and c not in table.columns]
    if need:
        raise InputError(f"summary: the table has no column(s) {need}; give it a sensitivity table "
                         "(sensitivity.headline_table or one of its parts).")
    if table.empty:
        raise InputError("summary: the sensitivity table has no rows.")
    t = table.reset_index(drop=True).assign(_verdict=lambda d: _verdicts(d, alpha, by))
    out = []
    for contrast in dict.fromkeys(t["contrast"]):
        g = t[t["contrast"] == contrast]
        b, v = g.iloc[0], g.iloc[1:]
        row = {"contrast": contrast, "effect_type": b["effect_type"], "base_variant": b["variant"],
               "base_effect": float(b["effect"]), "base_ci_low": float(b["ci_low"]),
               "base_ci_high": float(b["ci_high"]), "base_verdict": b["_verdict"], "n_variants": len(v),
               "effect_min": np.nan, "effect_max": np.nan, "n_verdict_changes": 0, "most_influential": "",
               "most_influential_effect": np.nan}
        if len(v):
            shift = _effect_shift(v["effect"], float(b["effect"]), v["effect_type"])
            top = shift.fillna(-np.inf).idxmax()
            row.update(effect_min=float(v["effect"].min()), effect_max=float(v["effect"].max()),
                       n_verdict_changes=int((v["_verdict"] != b["_verdict"]).sum()),
                       most_influential=v.loc[top, "variant"], most_influential_effect=float(v.loc[top, "effect"]))
        out.append(row)
    return pd.DataFrame(out, columns=SUMMARY_COLUMNS)
