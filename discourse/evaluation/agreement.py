"""Agreement between label sets for voice, prospect, prospect stance and commitment.

Cohen's kappa (Cohen 1960, *Educational and Psychological Measurement* 20:37-46) corrects raw
agreement for the agreement two raters would reach by chance given their own label frequencies:
``kappa = (p_o - p_e) / (1 - p_e)``. The 95% interval is a percentile bootstrap over sentences
(Efron & Tibshirani 1993, ch. 13) with a fixed seed, so reruns give the same numbers.

``prospect_stance`` is compared only on sentences both label sets call a prospect (stance is
undefined elsewhere); ``commitment`` only where both sets have a non-empty value. Empty cells are
"no label", never a category.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from discourse.errors import InputError
from discourse.tables import sentence_table

KEY = ["source_id", "segment_id", "sent_index"]
FIELDS = ("voice", "prospect", "prospect_stance", "commitment")


def cohen_kappa(a, b) -> float:
    """Cohen's kappa of two equal-length label sequences; NaN when chance agreement is 1
    (both raters used one and the same label throughout), where kappa is undefined."""
    a, b = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
    if len(a) != len(b):
        raise InputError(f"cohen_kappa: label sequences differ in length ({len(a)} vs {len(b)})")
    if len(a) == 0:
        return float("nan")
    cats = sorted(set(a) | set(b), key=str)
    po = float(np.mean(a == b))
    pe = sum(float(np.mean(a == c)) * float(np.mean(b == c)) for c in cats)
    return float("nan") if pe >= 1.0 else (po - pe) / (1.0 - pe)


def _pairs(left: pd.DataFrame, right: pd.DataFrame, field: str) -> pd.DataFrame:
    m = left[KEY + [field]].merge(right[KEY + [field]], on=KEY, suffixes=("_a", "_b"))
    a, b = m[f"{field}_a"].astype(str).str.strip(), m[f"{field}_b"].astype(str).str.strip()
    keep = (a != "") & (b != "") & (a.str.lower() != "nan") & (b.str.lower() != "nan")
    m = m[keep].copy()
    m["a"], m["b"] = a[keep].str.lower(), b[keep].str.lower()
    return m


def _stance_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Blank the stance of rows that are not prospects, so stance is compared only where both
    label sets call the sentence a prospect."""
    out = df.copy()
    if "prospect" in out.columns:
        notp = out["prospect"].astype(str).str.lower() != "true"
        out.loc[notp, "prospect_stance"] = ""
    return out


def agreement(left: pd.DataFrame, right: pd.DataFrame, *, pair: str = "a_vs_b", fields=FIELDS,
              n_boot: int = 2000, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per field: n, raw agreement and Cohen's kappa with bootstrap 95% CIs, for two label tables
    keyed by ``source_id, segment_id, sent_index``. Returns (summary, disagreements)."""
    for name, df in (("left", left), ("right", right)):
        miss = [c for c in KEY if c not in df.columns]
        if miss:
            raise InputError(f"agreement: {name} label table lacks key column(s) {miss}")
    left, right = _stance_frame(left), _stance_frame(right)
    rng = np.random.default_rng(seed)
    rows, dis = [], []
    for f in fields:
        if f not in left.columns or f not in right.columns:
            continue
        m = _pairs(left, right, f)
        n = len(m)
        a, b = m["a"].to_numpy(object), m["b"].to_numpy(object)
        row = {"pair": pair, "field": f, "n": n, "agreement": np.nan, "agreement_lo": np.nan,
               "agreement_hi": np.nan, "kappa": np.nan, "kappa_lo": np.nan, "kappa_hi": np.nan}
        if n:
            row["agreement"], row["kappa"] = float(np.mean(a == b)), cohen_kappa(a, b)
            idx = rng.integers(0, n, size=(n_boot, n))
            ag = np.mean(a[idx] == b[idx], axis=1)
            ks = np.array([cohen_kappa(a[i], b[i]) for i in idx])
            row["agreement_lo"], row["agreement_hi"] = np.percentile(ag, [2.5, 97.5])
            if np.isfinite(ks).any():
                row["kappa_lo"], row["kappa_hi"] = np.nanpercentile(ks, [2.5, 97.5])
        rows.append(row)
        d = m[m["a"] != m["b"]]
        for r in d.itertuples(index=False):
            dis.append({"pair": pair, "field": f, **{k: getattr(r, k) for k in KEY}, "a": r.a, "b": r.b})
    return pd.DataFrame(rows), pd.DataFrame(dis, columns=["pair", "field", *KEY, "a", "b"])


def read_label_csv(path: str | Path, columns) -> pd.DataFrame:
    """A label CSV that must have ``columns``; every cell read as text, empty cells kept empty.
    InputError naming the file if it is missing or lacks a column."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"label file not found: {p}")
    df = pd.read_csv(p, dtype=str, keep_default_na=False)
    miss = [c for c in columns if c not in df.columns]
    if miss:
        raise InputError(f"{p}: missing column(s) {miss}; the header must include {','.join(columns)}")
    return df


def read_labels(path: str | Path) -> pd.DataFrame:
    """A label CSV with the key columns (:func:`read_label_csv`)."""
    df = read_label_csv(path, KEY)
    df["segment_id"], df["sent_index"] = df["segment_id"].astype(int), df["sent_index"].astype(int)
    return df


def detector_labels(corpus, *, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """The study pipeline's labels per sentence (``discourse.sentence_table``: attribution voice and
    speaker, prospect and prospect stance with cues and sentiment, Engagement commitment), keyed
    like the hand labels (``sent_index`` = sentence within its segment). ``sentences``: an
    already-built sentence table, to skip the parse."""
    if sentences is None:
        sentences = sentence_table(corpus)
    need = ["doc_id", "segment_id", "sent_in_segment", "voice", "speaker", "prospect", "prospect_stance",
            "commitment"]
    miss = [c for c in need if c not in sentences.columns]
    if miss:
        raise InputError(f"detector_labels: sentence table lacks column(s) {miss}")
    df = sentences[need].rename(columns={"doc_id": "source_id", "sent_in_segment": "sent_index"}).copy()
    df["segment_id"], df["sent_index"] = df["segment_id"].astype(int), df["sent_index"].astype(int)
    df["prospect"] = df["prospect"].map(lambda v: "true" if v is True or str(v).lower() == "true" else "false")
    for c in ("speaker", "prospect_stance", "commitment"):
        df[c] = df[c].fillna("").astype(str)
    df.loc[df["prospect"] != "true", "prospect_stance"] = ""
    return df
