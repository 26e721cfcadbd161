"""Agreement of the sentence-sentiment scores with human ratings (graded and 3-class files).

Graded files (``id, score, sentence``: the VADER sets, SemEval-2007 headlines): Pearson r and
Spearman rho with the human mean (-4..+4), and a 3-class macro F1 with the +-0.05 thresholds of
Hutto & Gilbert (2014) on the prediction AND on the human mean (this package's choice for the
gold classes; gold neutrals are then rare, so the per-class F1 is returned too). The SemEval task
scores Pearson r on its test part (ids ``semeval07-test-*``), so the parts are scored apart too.

3-class files (``id, label, sentence, agreement``: Financial PhraseBank, Malo et al. 2014):
accuracy and macro F1 of the prediction cut at +-0.05, for the unanimous sentences
(``agreement`` 100) and for all. Its labels are an investor's view of the news content, not the
writer's tone, so a tone score is only a rough fit; the majority class (neutral) is the baseline.

The sets the static head is fitted on are :data:`FIT_SETS` (shared with
``scripts/fit_sentiment.py``): every one is in-sample for the shipped head.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from ..annotated import read_annotated_tsv, validation_file
from ..errors import InputError
from ..measures import sentiment as sm

__all__ = [
    "FIT_SETS",
    "FPB_TARGET",
    "SentimentSet",
    "load_sentiment_file",
    "load_sentiment_set",
    "load_three_class_file",
    "three_class_f1",
    "three_class_scores",
    "score_sentiment_file",
    "score_three_class_file",
    "method_predictions",
]

#: Target of a Financial PhraseBank label in the static head's fit (human means are /4 onto [-1, 1]).
FPB_TARGET = {"negative": -0.5, "neutral": 0.0, "positive": 0.5}
CLASS_INDEX = {"negative": -1, "neutral": 0, "positive": 1}

#: The fitting / held-out sets: name -> (file, id prefix or None). Names are ``file`` or ``file:part``.
FIT_SETS: dict[str, tuple[str, str | None]] = {
    "vader_tweets.tsv": ("vader_tweets.tsv", None),
    "vader_movieReviewSnippets.tsv": ("vader_movieReviewSnippets.tsv", None),
    "vader_amazonReviewSnippets.tsv": ("vader_amazonReviewSnippets.tsv", None),
    "semeval2007_headlines_valence.tsv:semeval07-trial": ("semeval2007_headlines_valence.tsv", "semeval07-trial"),
    "semeval2007_headlines_valence.tsv:semeval07-test": ("semeval2007_headlines_valence.tsv", "semeval07-test"),
    "financial_phrasebank.tsv": ("financial_phrasebank.tsv", None),
}


@dataclass
class SentimentSet:
    """One fitting / evaluation set: texts, the fit target in [-1, 1], and the gold as annotated.

    ``gold``: the human mean (-4..+4) of a graded set, or the class (-1, 0, 1) of a 3-class set;
    ``agreement``: the Financial PhraseBank agreement per row (None for graded sets)."""

    name: str
    texts: list[str]
    target: np.ndarray
    gold: np.ndarray
    graded: bool
    agreement: np.ndarray | None
    n_dropped: int
    path: Path


def _classes(x: np.ndarray, threshold: float = sm.CLASS_THRESHOLD) -> np.ndarray:
    return np.where(x >= threshold, 1, np.where(x <= -threshold, -1, 0))


def three_class_f1(pred: np.ndarray, gold: np.ndarray, threshold: float = sm.CLASS_THRESHOLD) -> dict[str, float]:
    """Per-class and macro F1 of the classes negative (<= -t), neutral, positive (>= t) on both sides."""
    return three_class_scores(_classes(np.asarray(pred, float), threshold), _classes(np.asarray(gold, float), threshold))


def three_class_scores(cp: np.ndarray, cg: np.ndarray) -> dict[str, float]:
    """Accuracy, per-class F1 and macro F1 of predicted classes ``cp`` against gold ``cg`` (-1, 0, 1)."""
    cp, cg = np.asarray(cp), np.asarray(cg)
    out: dict[str, float] = {}
    for name, k in (("negative", -1), ("neutral", 0), ("positive", 1)):
        tp = int(((cp == k) & (cg == k)).sum())
        fp = int(((cp == k) & (cg != k)).sum())
        fn = int(((cp != k) & (cg == k)).sum())
        out[f"f1_{name}"] = 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)
    out["f1_macro"] = (out["f1_negative"] + out["f1_neutral"] + out["f1_positive"]) / 3
    out["accuracy"] = float((cp == cg).mean()) if len(cg) else float("nan")
    return out


def load_sentiment_file(path: str | Path):
    """Rows of a VADER-format TSV (``id, score, sentence``) usable for scoring, and how many were dropped.

    Rows whose score is not a number or whose sentence is blank are dropped (and counted), so a
    trailing blank line or a stray header does not break the evaluation.
    """
    df = read_annotated_tsv(path)
    missing = {"score", "sentence"} - set(df.columns)
    if missing:
        raise InputError(f"{path}: not a sentiment file (columns {list(df.columns)}; missing {sorted(missing)}).")
    score = pd.to_numeric(df["score"], errors="coerce")
    keep = score.notna() & df["sentence"].str.strip().ne("")
    out = df.loc[keep].copy()
    out["score"] = score[keep].astype(float)
    return out.reset_index(drop=True), int((~keep).sum())


def load_three_class_file(path: str | Path):
    """Rows of a 3-class file (``id, label, sentence, agreement``) with a known label and a
    non-blank sentence, and how many were dropped; ``label`` mapped to ``cls`` (-1, 0, 1)."""
    df = read_annotated_tsv(path)
    missing = {"label", "sentence", "agreement"} - set(df.columns)
    if missing:
        raise InputError(f"{path}: not a 3-class sentiment file (missing columns {sorted(missing)}).")
    keep = df["label"].isin(list(CLASS_INDEX)) & df["sentence"].str.strip().ne("")
    out = df.loc[keep].copy()
    out["cls"] = out["label"].map(CLASS_INDEX).astype(int)
    out["agreement"] = pd.to_numeric(out["agreement"], errors="coerce")
    return out.reset_index(drop=True), int((~keep).sum())


def load_sentiment_set(name: str, folder: str | Path | None = None) -> SentimentSet:
    """One of :data:`FIT_SETS` read from the validation folder (or ``folder``)."""
    if name not in FIT_SETS:
        raise InputError(f"Unknown sentiment set {name!r}; choose one of: {', '.join(FIT_SETS)}.")
    fname, prefix = FIT_SETS[name]
    path = Path(folder) / fname if folder is not None else validation_file(fname)
    if fname.startswith("financial_phrasebank"):
        df, dropped = load_three_class_file(path)
        return SentimentSet(name, df["sentence"].tolist(), df["label"].map(FPB_TARGET).to_numpy(float),
                            df["cls"].to_numpy(int), False, df["agreement"].to_numpy(float), dropped, path)
    df, dropped = load_sentiment_file(path)
    if prefix is not None:
        df = df[df["id"].str.startswith(prefix + "-")].reset_index(drop=True)
    gold = df["score"].to_numpy(float)
    return SentimentSet(name, df["sentence"].tolist(), gold / 4.0, gold, True, None, dropped, path)


def method_predictions(texts: list[str], methods: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Predictions of each method in ``methods`` on ``texts``; the cheap ones from one pass of
    :func:`~discourse.measures.sentiment.sentence_scores_many`. A method whose optional packages
    are missing (``ensemble``) is left out."""
    rows = sm.sentence_scores_many(texts, method="static")
    cols = {"static": "sentiment", "lexicon": "sentiment_lexicon", "vader": "vader", "textblob": "textblob_polarity"}
    out = {m: np.array([r[cols[m]] for r in rows], dtype=float) for m in methods if m in cols}
    if "ensemble" in methods:
        try:
            out["ensemble"] = np.asarray(sm.sentiments(texts, method="ensemble"), dtype=float)
        except sm.EnsembleUnavailableError:
            pass
    return out


def graded_scores(pred: np.ndarray, gold: np.ndarray) -> dict[str, float]:
    """Pearson r, Spearman rho and the +-0.05 3-class F1s of predictions against human means."""
    res = {"pearson_r": float(stats.pearsonr(pred, gold)[0]), "spearman_rho": float(stats.spearmanr(pred, gold)[0])}
    res.update({k: v for k, v in three_class_f1(pred, gold).items() if k != "accuracy"})
    return res


def score_sentiment_file(path: str | Path, *, method: str = sm.DEFAULT_METHOD) -> dict[str, Any]:
    """Agreement of ``method`` with the human mean ratings of a VADER-format file.

    Returns ``pearson_r``, ``spearman_rho`` (with the ``score`` column, -4..+4), ``f1_macro``
    and per-class ``f1_negative``/``f1_neutral``/``f1_positive`` (3 classes at +-0.05 on both
    the prediction and the human mean, as in Hutto & Gilbert 2014), ``n`` (rows scored),
    ``n_dropped`` (rows without a numeric score or with a blank sentence), ``method``, ``file``.
    """
    sm.check_method(method)
    df, dropped = load_sentiment_file(path)
    if len(df) < 3:
        raise InputError(f"{path}: only {len(df)} scorable rows; need at least 3.")
    pred = np.asarray(sm.sentiments(df["sentence"].tolist(), method=method), dtype=float)
    res: dict[str, Any] = {"file": Path(path).name, "method": method, "n": int(len(df)), "n_dropped": dropped}
    res.update(graded_scores(pred, df["score"].to_numpy(dtype=float)))
    return res


def score_three_class_file(path: str | Path, *, method: str = sm.DEFAULT_METHOD) -> dict[str, dict[str, float]]:
    """Accuracy and macro F1 of ``method`` (cut at +-0.05) on a 3-class file, for ``"agreement_100"``
    (unanimous rows) and ``"all"``; each entry also holds ``n`` and the majority-class baseline
    (``baseline_accuracy``, ``baseline_f1_macro``: always the most common gold class of the subset)."""
    sm.check_method(method)
    df, _ = load_three_class_file(path)
    pred = _classes(np.asarray(sm.sentiments(df["sentence"].tolist(), method=method), dtype=float))
    out = {}
    for subset, mask in (("agreement_100", df["agreement"].to_numpy() == 100), ("all", np.ones(len(df), bool))):
        gold = df["cls"].to_numpy()[mask]
        if not len(gold):
            continue
        res = three_class_scores(pred[mask], gold)
        major = np.full(len(gold), pd.Series(gold).mode().iloc[0])
        base = three_class_scores(major, gold)
        res.update(n=int(mask.sum()), baseline_accuracy=base["accuracy"], baseline_f1_macro=base["f1_macro"])
        out[subset] = res
    return out
