"""Agreement of the modal-sense classifier with human-annotated modal-sense files.

Files (``shared/validation``, format ``id, sentence, modal, sense, char_start, char_end, ...``):
MASC (Zhou et al. 2015; 19 genres in ``split``), MiST (Henning et al. 2022; scientific papers) and
GME (Rubinstein et al. 2013 as released by Pyatkin et al. 2021; MPQA news and opinion, mostly
``would`` and ``might``; its circumstantial sense ``world`` is mapped to dynamic, and it does not
count future ``will`` as modal).

Every accuracy is reported beside per-modal majority baselines: the majority sense of each modal
on the SAME rows (optimistic: fitted in-sample), the majority learned on OTHER data (the other
files for a file or a GME split; the file's other genres for a MASC genre) and, for every row, the
majority learned on the other FILES pooled (``majority_other_files``: genre transfer, e.g. MiST +
GME for MASC's newspaper genre, MASC + MiST for GME). A modal the transfer data does not hold (no
other file has ``would``) backs off to the transfer data's most common sense overall, and
``n_unseen_other`` counts those tokens. Intervals are 95% bootstrap intervals that resample
sentences (the sampled unit: one sentence may hold several modals), for the accuracy and for its
paired difference from the same-rows majority.

Which scores are in-sample: the context rules of :mod:`discourse.measures.modality` were written
while reading MASC and MiST's training folds (dev data), MASC's newspaper/journal genres, and GME's
``train0`` and ``dev0`` splits. GME's ``test`` split (57 rows) and MiST's ``test`` split were not
read while writing rules: those rows (``genre`` ``split=test``) are the held-out scores.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .. import annotated
from ..errors import InputError
from ..measures.modality import modal_decision_at
from ..nlp import load_nlp, parse

#: the modal-sense files of ``shared/validation`` scored by :func:`modal_report`
MODAL_FILES: tuple[str, ...] = ("masc_modal_senses.tsv", "mist_henning2022.tsv", "gme_news_modal_senses.tsv")
#: files whose ``split`` column names a genre (MiST's and GME's name folds)
GENRE_FILES: frozenset[str] = frozenset({"masc_modal_senses.tsv"})
_FORM_KEYS = {"ca": "can", "cannot": "can", "wo": "will", "sha": "shall", "can`t": "can", "can't": "can",
              "can\u2019t": "can", "'d": "would", "\u2019d": "would", "'ll": "will", "\u2019ll": "will"}


def _unquote(sentence: str) -> str:
    """Undo CSV quoting left in by a QUOTE_NONE read: '"a ""b"" c"' -> 'a "b" c'."""
    if len(sentence) > 1 and sentence[0] == sentence[-1] == '"':
        return sentence[1:-1].replace('""', '"')
    return sentence


def _modal_key(text: str) -> str:
    low = text.lower()
    return _FORM_KEYS.get(low, low)


def _majority(gold: pd.Series, modal: pd.Series) -> dict[str, str]:
    """Most common gold sense per modal (ties: alphabetical, so the choice is reproducible)."""
    out = {}
    for m, g in gold.groupby(modal):
        counts = g.value_counts()
        out[m] = sorted(counts[counts == counts.max()].index)[0]
    return out


def _majority_backoff(gold: pd.Series, modal: pd.Series) -> tuple[dict[str, str], str]:
    """:func:`_majority` plus the most common sense over all rows: the back-off for a modal the
    data does not hold (ties: alphabetical)."""
    counts = gold.value_counts()
    return _majority(gold, modal), sorted(counts[counts == counts.max()].index)[0]


def read_modal_file(path: str | Path) -> tuple[pd.DataFrame, dict]:
    """The scorable rows of a modal-sense file and the counts of rows left out.

    Rows with gold sense ``other`` (MiST's rhetorical and mixed-label instances, 4 MASC rows) and
    rows without offsets are excluded. Sentences are un-quoted (the files keep CSV quoting:
    ``"... "" ..."``) before the offsets are applied. Adds ``modal_key`` (can't/ca -> can, ...).
    """
    df = annotated.read_annotated_tsv(path)
    missing = set(annotated.FORMATS["modal"]) - set(df.columns)
    if missing:
        raise InputError(f"{path} is not a modal-sense file: missing columns {sorted(missing)}.")
    n_total = len(df)
    df = df[(df["char_start"] != "") & (df["char_end"] != "")].copy()
    n_unlocated = n_total - len(df)
    n_other = int((df["sense"] == "other").sum())
    df = df[df["sense"] != "other"].copy()
    df["sentence"] = df["sentence"].map(_unquote)
    df["modal_key"] = df["modal"].map(_modal_key)
    return df.reset_index(drop=True), {"n_other_excluded": n_other, "n_unlocated": n_unlocated}


def predict_modal_file(path: str | Path, *, nlp=None, profile: str = "default") -> tuple[pd.DataFrame, dict]:
    """:func:`read_modal_file` plus the classifier's ``pred`` and ``rule`` and ``correct`` (sense
    ``profile``: see :data:`discourse.measures.modality.PROFILES`)."""
    df, counts = read_modal_file(path)
    nlp = nlp or load_nlp(exclude=("ner",))
    docs = parse(df["sentence"].tolist(), nlp=nlp)
    decisions = [modal_decision_at(doc, s, e, lemma=m, profile=profile)
                 for doc, s, e, m in zip(docs, df["char_start"].astype(int), df["char_end"].astype(int), df["modal_key"])]
    df["pred"] = [d[0] for d in decisions]
    df["rule"] = [d[1] for d in decisions]
    df["correct"] = df["pred"] == df["sense"]
    return df, counts


def score_modal_file(path: str | Path, *, nlp=None, baseline_from: str | Path | Sequence[str | Path] | None = None) -> dict:
    """Agreement of :func:`~discourse.measures.modality.classify_modal` with a modal-sense file.

    Returns a dict: ``accuracy``, ``n``, ``n_other_excluded``, ``n_unlocated``, ``per_modal``
    (DataFrame: n, accuracy, majority_baseline, cross_baseline, beats_baseline),
    ``baseline`` (per-modal majority sense fitted on this same file: optimistic),
    ``cross_baseline`` (majority senses fitted on ``baseline_from``, one file or several, e.g.
    MASC for MiST, when given; a modal absent there gets their most common sense overall), ``confusion`` (DataFrame gold x predicted), ``by_split``
    (accuracy per value of ``split``), and ``predictions`` (the scored rows).
    """
    df, counts = predict_modal_file(path, nlp=nlp)
    maj = _majority(df["sense"], df["modal_key"])
    df["baseline_pred"] = df["modal_key"].map(maj)
    cross = None
    if baseline_from is not None:
        others = [baseline_from] if isinstance(baseline_from, (str, Path)) else list(baseline_from)
        other = pd.concat([read_modal_file(o)[0] for o in others], ignore_index=True)
        cross, fallback = _majority_backoff(other["sense"], other["modal_key"])
        df["cross_pred"] = df["modal_key"].map(lambda m: cross.get(m, fallback))  # unseen modal: overall majority
    per = df.groupby("modal_key").agg(n=("correct", "size"), accuracy=("correct", "mean"))
    per["majority_baseline"] = df.assign(b=df["baseline_pred"] == df["sense"]).groupby("modal_key")["b"].mean()
    if cross is not None:
        per["cross_baseline"] = df.assign(b=df["cross_pred"] == df["sense"]).groupby("modal_key")["b"].mean()
    per["beats_baseline"] = per["accuracy"] > per["majority_baseline"]
    out = {
        "file": str(path),
        "n": int(len(df)),
        **counts,
        "accuracy": float(df["correct"].mean()) if len(df) else float("nan"),
        "baseline": float((df["baseline_pred"] == df["sense"]).mean()) if len(df) else float("nan"),
        "baseline_senses": maj,
        "per_modal": per,
        "confusion": pd.crosstab(df["sense"], df["pred"], rownames=["gold"], colnames=["predicted"]),
        "predictions": df,
    }
    if cross is not None:
        out["cross_baseline"] = float((df["cross_pred"] == df["sense"]).mean())
        out["cross_baseline_senses"] = cross
    if "split" in df.columns:
        out["by_split"] = df.groupby("split")["correct"].mean().to_dict()
    return out


# --------------------------------------------------------------------------------- bootstrap
def cluster_bootstrap_ci(values: np.ndarray, clusters: Sequence, *, n_resamples: int = 2000,
                         confidence: float = 0.95, seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean of ``values`` resampling whole clusters.

    ``clusters`` labels each value with its sampled unit (here the sentence: several modals of
    one sentence are not independent). Each resample draws as many clusters as there are, with
    replacement, and takes the mean over all values of the drawn clusters (a ratio estimator).
    NaN when there are fewer than two clusters.
    """
    values = np.asarray(values, dtype=float)
    codes, uniq = pd.factorize(pd.Series(list(clusters)))
    k = len(uniq)
    if k < 2:
        return float("nan"), float("nan")
    sums = np.bincount(codes, weights=values, minlength=k)
    sizes = np.bincount(codes, minlength=k).astype(float)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, k, size=(n_resamples, k))
    means = sums[draws].sum(axis=1) / sizes[draws].sum(axis=1)
    alpha = (1 - confidence) / 2
    low, high = np.quantile(means, [alpha, 1 - alpha])
    return float(low), float(high)


def _transfer_hits(part: pd.DataFrame, majority: tuple[dict[str, str], str]) -> np.ndarray:
    """1.0 where the transfer majority (per modal, backing off to the overall sense) is right."""
    per, fallback = majority
    return (part["modal_key"].map(lambda m: per.get(m, fallback)) == part["sense"]).to_numpy(float)


def _cell(part: pd.DataFrame, same: dict, other: tuple[dict[str, str], str],
          other_files: tuple[dict[str, str], str], **opts) -> dict:
    """Scores of one cell of :func:`modal_report`."""
    correct = part["correct"].to_numpy(float)
    b_same = (part["modal_key"].map(same) == part["sense"]).to_numpy(float)
    b_other = _transfer_hits(part, other)
    b_files = _transfer_hits(part, other_files)
    clusters = part["sentence"].tolist()
    lo, hi = cluster_bootstrap_ci(correct, clusters, **opts)
    dlo, dhi = cluster_bootstrap_ci(correct - b_same, clusters, **opts)
    acc = correct.mean()
    return {"n": len(part), "n_sentences": part["sentence"].nunique(), "accuracy": acc,
            "ci_low": lo, "ci_high": hi, "majority_same": b_same.mean(), "majority_other": b_other.mean(),
            "majority_other_files": b_files.mean(), "n_unseen_other": int((~part["modal_key"].isin(other_files[0])).sum()),
            "diff_same_ci_low": dlo, "diff_same_ci_high": dhi,
            "beats_same": acc > b_same.mean(), "beats_other": acc > b_other.mean(), "beats_other_files": acc > b_files.mean()}


REPORT_COLUMNS = ["file", "genre", "modal", "n", "n_sentences", "accuracy", "ci_low", "ci_high", "majority_same",
                  "majority_other", "majority_other_files", "n_unseen_other", "diff_same_ci_low", "diff_same_ci_high",
                  "beats_same", "beats_other", "beats_other_files", "other_from"]
#: files whose ``split`` names folds with a held-out ``test`` part: reported per split
SPLIT_FILES: frozenset[str] = frozenset({"gme_news_modal_senses.tsv", "mist_henning2022.tsv"})


def modal_report(files: Iterable[str | Path] | None = None, *, nlp=None, min_n: int = 1, n_resamples: int = 2000,
                 seed: int = 0, profile: str = "default") -> pd.DataFrame:
    """Per-file, per-genre and per-modal accuracy of the sense classifier beside majority baselines.

    One row per cell: ``file``; ``genre`` (``"all"``, a MASC genre, or ``split=...`` for the folds
    of :data:`SPLIT_FILES`); ``modal`` (``"all"`` or a modal); ``n`` modal tokens and
    ``n_sentences``; ``accuracy`` with its 95% sentence-bootstrap interval ``ci_low``/``ci_high``;
    ``majority_same`` (each modal's majority sense fitted on the cell's own rows: in-sample,
    optimistic); ``majority_other`` (fitted on ``other_from``: the other files for a file-level or
    split row, the file's other genres for a genre row); ``majority_other_files`` (fitted on the
    other files pooled, for every row: genre transfer) and ``n_unseen_other`` (tokens of a modal
    those files lack, scored with their overall majority sense); ``diff_same_ci_low``/``high``:
    interval of accuracy minus ``majority_same`` (paired, same resamples of sentences);
    ``beats_same``/``beats_other``/``beats_other_files`` (point estimates only: read the interval).
    Cells with fewer than ``min_n`` tokens are left out. Files default to :data:`MODAL_FILES`
    found in the validation folder (missing ones are skipped). ``profile``: the sense profile the
    classifier runs with (:data:`discourse.measures.modality.PROFILES`; the baselines do not depend on it).
    """
    if files is None:
        files = [p for p in (annotated.validation_file(f) for f in MODAL_FILES) if p.is_file()]
    files = [Path(f) for f in files]
    if not files:
        raise InputError("No modal-sense files to score: set DISCOURSE_VALIDATION_DIR or pass files=.")
    nlp = nlp or load_nlp(exclude=("ner",))
    opts = {"n_resamples": n_resamples, "seed": seed}
    scored = {f.name: predict_modal_file(f, nlp=nlp, profile=profile)[0] for f in files}
    rows = []
    for name, df in scored.items():
        rest = pd.concat([d for n, d in scored.items() if n != name] or [df.iloc[:0]])
        other = _majority_backoff(rest["sense"], rest["modal_key"]) if len(rest) else ({}, "none")
        other_from = "+".join(n for n in scored if n != name) or "-"
        groups = [("all", df, other, other_from)]
        if name in GENRE_FILES and "split" in df.columns:
            for genre, part in df.groupby("split"):
                out = df[df["split"] != genre]
                groups.append((genre, part, _majority_backoff(out["sense"], out["modal_key"]), f"{name} other genres"))
        elif name in SPLIT_FILES and "split" in df.columns:
            groups += [(f"split={s}", part, other, other_from) for s, part in df.groupby("split")]
        for genre, part, other_maj, src in groups:
            same = _majority(part["sense"], part["modal_key"])
            cells = [("all", part)] + list(part.groupby("modal_key"))
            for modal, cell in cells:
                if len(cell) < min_n:
                    continue
                rows.append({"file": name, "genre": genre, "modal": modal,
                             **_cell(cell, same, other_maj, other, **opts), "other_from": src})
    return pd.DataFrame(rows, columns=REPORT_COLUMNS)


def main() -> None:  # python -m discourse.evaluation.modal
    """Print :func:`modal_report` (file-level, news-genre, GME split and held-out test rows in full,
    then every MASC genre overall)."""
    pd.set_option("display.width", 220)
    pd.set_option("display.max_rows", 500)
    rep = modal_report()
    show = ["file", "genre", "modal", "n", "accuracy", "ci_low", "ci_high", "majority_same", "majority_other",
            "majority_other_files", "n_unseen_other", "diff_same_ci_low", "diff_same_ci_high"]
    news = rep["genre"].isin(["all", "newspaper", "journal", "split=test"]) | (
        (rep["file"] == "gme_news_modal_senses.tsv") & rep["genre"].str.startswith("split="))
    print(rep.loc[news, show].round(3).to_string(index=False))
    print()
    print(rep.loc[(rep["modal"] == "all") & ~news, show].round(3).to_string(index=False))


if __name__ == "__main__":
    main()
