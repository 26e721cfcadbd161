"""Documents, paragraphs and sentences: the sampled units behind :mod:`discourse.stats`.

A corpus is a sample of *documents*; a document's sentences are not independent draws (they
share an author, a topic, a house style), so when a group holds several documents the
document is the unit of resampling (cluster bootstrap; Davison & Hinkley 1997, sec. 3.8;
Field & Welsh 2007) and of permutation (document labels are exchanged between groups, the
sentences of a document move together). With one document per group there is no sample of
documents to resample: intervals then describe *these texts*, resampling their body paragraphs
(``segment_id``), or, as a sensitivity check, their sentences.

This module only finds the units: which column identifies a document, which unit a comparison
uses, the cluster of every sentence, and the per-sentence cue counts keyed by (document,
``sent_id``). The statistics live in the other modules of :mod:`discourse.stats`.

References
----------
Davison, A. C. & Hinkley, D. V. (1997). Bootstrap Methods and their Application. Cambridge
    University Press.
Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data. JRSS B 69(3), 369-390.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd

from ..errors import InputError

#: The units :func:`resolve_unit` can choose, from the most to the least conservative.
UNITS = ("document", "paragraph", "sentence")
#: Document-id columns looked for, in this order, when ``doc_col=None``.
DOC_COLUMNS = ("doc_id", "source_id")
#: The paragraph column of the sentence tables (sentences of one body paragraph share it).
PARAGRAPH_COL = "segment_id"


def require_columns(df: pd.DataFrame, cols: Iterable[str], *, what: str, fix: str = "") -> None:
    """One-line :class:`InputError` naming the missing column(s) of ``what`` and the fix."""
    missing = [c for c in cols if c not in df.columns]
    if missing:
        names = ", ".join(repr(c) for c in missing)
        cols_now = ", ".join(map(str, list(df.columns)[:15])) + (", ..." if df.shape[1] > 15 else "")
        raise InputError(f"the {what} has no column {names} (it has: {cols_now})" + (f"; {fix}" if fix else ""))


def doc_column(table: pd.DataFrame, doc_col: str | None = None, *, what: str = "sentence table") -> str:
    """The column identifying documents: ``doc_col`` if given, else ``doc_id``, else ``source_id``."""
    if doc_col is not None:
        require_columns(table, [doc_col], what=what, fix="pass doc_col= naming the document id column")
        return doc_col
    for c in DOC_COLUMNS:
        if c in table.columns:
            return c
    raise InputError(f"the {what} has neither 'doc_id' nor 'source_id' to identify documents; "
                     "add one, or pass doc_col= naming the document id column")


def check_sentence_keys(sentences: pd.DataFrame, doc_col: str) -> None:
    """Refuse a sentence table whose (document, ``sent_id``) pairs are not unique."""
    require_columns(sentences, [doc_col, "sent_id"], what="sentence table")
    dup = sentences.duplicated([doc_col, "sent_id"])
    if dup.any():
        d, i = sentences.loc[dup, [doc_col, "sent_id"]].iloc[0].tolist()
        raise InputError(f"the sentence table has {int(dup.sum())} repeated ({doc_col}, sent_id) pair(s), e.g. "
                         f"{doc_col}={str(d)!r}, sent_id={i}: sent_id must number the sentences of each document once; is "
                         f"{doc_col!r} really the document id (pass doc_col= otherwise)?")


def _slug(x: Any) -> str:
    return re.sub(r"[^0-9a-z]+", "_", str(x).strip().lower()).strip("_")


def cues_with_groups(cues: pd.DataFrame, sentences: pd.DataFrame, *, by: str, doc_col: str) -> pd.DataFrame:
    """The cue table with every cue's group ``by`` taken from its sentence, through
    (document, ``sent_id``).

    A cue table without ``by`` gets it from the sentence table; one whose ``by`` disagrees with
    its sentence's is refused, as is a cue whose sentence is not in the sentence table.
    """
    fix = (f"add the document id column {doc_col!r} (and optionally {by!r}) to the cue table, e.g. the "
           "cue table made with the same sentence table")
    if doc_col not in cues.columns:
        missing = [c for c in (by, doc_col) if c not in cues.columns]
        require_columns(cues, missing, what="cue table", fix=fix)
    require_columns(cues, ["sent_id", "kind"], what="cue table", fix=fix)
    key = [doc_col, "sent_id"]
    lookup = sentences[key].assign(_group=sentences[by].to_numpy())
    try:
        merged = cues.reset_index(drop=True).merge(lookup, on=key, how="left", validate="many_to_one", indicator=True)
    except ValueError as exc:  # e.g. a str doc id in one table and an int in the other
        raise InputError(f"cannot match the cue table to the sentence table on {key}: {exc}") from None
    unknown = merged["_merge"].ne("both")
    if unknown.any():
        d, i = merged.loc[unknown, key].iloc[0].tolist()
        raise InputError(f"{int(unknown.sum())} cue(s) refer to ({doc_col}, sent_id) pairs not in the sentence "
                         f"table, e.g. {doc_col}={str(d)!r}, sent_id={i}; pass the cue table made with this sentence table")
    merged = merged.drop(columns="_merge")
    if by in key:  # the group is the document (or the sentence) itself
        return merged.drop(columns="_group")
    if by in cues.columns:
        bad = merged[by].astype(str).ne(merged["_group"].astype(str))
        if bad.any():
            r = merged.loc[bad].iloc[0]
            raise InputError(f"{int(bad.sum())} cue(s) have a {by!r} that disagrees with their sentence's (e.g. "
                             f"{doc_col}={r[doc_col]!r}, sent_id={r['sent_id']}: {r[by]!r} vs {r['_group']!r}); "
                             "drop the column from the cue table to take it from the sentences")
        merged = merged.drop(columns=by)
    return merged.rename(columns={"_group": by})


def counts_from_cues(sentences: pd.DataFrame, cues: pd.DataFrame, *, doc_col: str) -> pd.DataFrame:
    """Add ``n_<kind>`` and ``n_<kind>_<category>`` per sentence from a cue table.

    Cues are credited to their sentence by (document, ``sent_id``): ``sent_id`` restarts in every
    document, so it identifies a sentence only together with the document id. Count columns
    already present in the sentence table take precedence.
    """
    key = [doc_col, "sent_id"]
    cues = cues.assign(_col="n_" + cues["kind"].map(_slug))
    parts = [cues[key + ["_col"]]]
    if "category" in cues.columns:
        withcat = cues[cues["category"].notna() & (cues["category"].astype(str).str.strip() != "")]
        parts.append(withcat[key].assign(_col="n_" + withcat["kind"].map(_slug) + "_" + withcat["category"].map(_slug)))
    long = pd.concat(parts, ignore_index=True)
    if long.empty:
        return sentences
    wide = long.groupby(key + ["_col"]).size().unstack("_col", fill_value=0)
    new_cols = [c for c in wide.columns if c not in sentences.columns]
    if not new_cols:
        return sentences
    merged = sentences.merge(wide[new_cols], left_on=key, right_index=True, how="left")
    merged[new_cols] = merged[new_cols].fillna(0).astype(int)
    return merged


def docs_per_group(sentences: pd.DataFrame, *, by: str, doc_col: str, groups: Sequence[Any]) -> dict[Any, int]:
    """Number of distinct documents in each of ``groups``."""
    sub = sentences[sentences[by].isin(list(groups))]
    n = sub.groupby(by, sort=False)[doc_col].nunique()
    return {g: int(n.get(g, 0)) for g in groups}


def resolve_unit(sentences: pd.DataFrame, *, by: str, doc_col: str, groups: Sequence[Any],
                 unit: str | None = None) -> tuple[str, str]:
    """The unit of resampling and permutation, and a note saying why.

    ``unit=None`` (auto): ``"document"`` when every group holds at least 2 documents; otherwise
    ``"paragraph"`` when the table has ``segment_id``, else ``"sentence"``. A forced ``unit`` is
    checked (``"paragraph"`` needs ``segment_id``).
    """
    if unit is not None and unit not in UNITS:
        raise InputError(f"unit must be one of {list(UNITS)} or None (auto), got {unit!r}")
    if unit == "paragraph":
        require_columns(sentences, [PARAGRAPH_COL], what="sentence table",
                        fix="paragraph resampling needs it; pass unit='sentence' or unit='document'")
    n_docs = docs_per_group(sentences, by=by, doc_col=doc_col, groups=groups)
    few = min(n_docs.values()) if n_docs else 0
    notes = []
    if unit is None:
        if few >= 2:
            unit = "document"
        else:
            unit = "paragraph" if PARAGRAPH_COL in sentences.columns else "sentence"
    if unit != "document" and few < 2:
        notes.append(f"a group holds one document: {unit}s resampled, so intervals and p describe these texts, "
                     "not a population of documents")
    elif unit != "document":
        notes.append(f"{unit}s resampled although every group holds several documents (sensitivity analysis: "
                     "assumes independent {unit}s; the document is the sampled unit)".replace("{unit}", unit))
    spans = sentences[sentences[by].isin(list(groups))].groupby(doc_col)[by].nunique()
    if (spans > 1).any():
        notes.append(f"{int((spans > 1).sum())} document(s) span several groups: each group resamples its own "
                     "part of a document, and the groups are not independent")
    return unit, "; ".join(notes)


def cluster_codes(sub: pd.DataFrame, *, unit: str, doc_col: str) -> np.ndarray:
    """0-based cluster number of every sentence of ``sub`` for ``unit`` (paragraphs are numbered
    within documents)."""
    if unit == "sentence":
        return np.arange(len(sub))
    cols = [doc_col] if unit == "document" else [doc_col, PARAGRAPH_COL]
    keys = pd.MultiIndex.from_frame(sub[cols].astype(str)) if len(cols) > 1 else sub[doc_col].astype(str)
    codes, _ = pd.factorize(keys, sort=False)
    return np.asarray(codes, dtype=np.int64)


def cluster_sums(values, codes: np.ndarray) -> np.ndarray:
    """Sum of ``values`` per cluster (NaN-free input)."""
    k = int(codes.max()) + 1 if codes.size else 0
    return np.bincount(codes, weights=np.asarray(values, dtype=float), minlength=k)
