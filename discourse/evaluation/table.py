"""The validation table a reviewer reads: every measure on every annotated file, beside its baseline.

One row per (task, file, method, subset, metric) with the estimate (``value``), its bootstrap 95%
interval (``ci_low``, ``ci_high``: percentile interval over resampled sentences, 1,000 resamples,
fixed seed; for the hedge F1 the sentences are resampled through the confusion-matrix cells,
which is the same thing), ``n``, the ``genre`` of the subset (MASC's ``split``; else the file's
genre), the ``baseline`` the row should be read against (``baseline_method`` names it,
``baseline`` is its value on the same rows; baseline rows themselves have ``is_baseline`` True),
and ``in_sample``: True where rules or weights were developed while reading those sentences
(``in_sample_note`` says what is known). Baselines:

- hedge: flag every sentence as hedged (precision = positive rate, recall 1);
- modal sense: each modal's most common sense in the same file (optimistic: fitted on the scored
  rows), and learned on the other modal-sense files pooled (``majority_other_file``: genre
  transfer, MASC + MiST for GME news, MiST + GME for MASC and its newspaper genre). GME's and
  MiST's ``split=test`` rows (and ``split=test:<modal>``) are held out; the rest is in-sample;
- graded sentiment: VADER compound for the package's other scores; VADER against the
  no-information score (r = 0; the majority class for F1);
- 3-class sentiment: always the majority class.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from .. import paths
from ..annotated import detect_format, read_annotated_tsv
from ..errors import InputError
from ..measures import sentiment as sm
from . import sentiment as es
from .hedge import score_hedge_file
from .modal import score_modal_file

__all__ = ["SCORE_COLUMNS", "BASE_COLUMNS", "bootstrap_ci", "score_file", "validate", "IN_SAMPLE", "GENRES"]

#: Columns read by notebook 07 and the scripts (kept first, in this order).
BASE_COLUMNS = ["task", "file", "method", "subset", "metric", "value", "n"]
SCORE_COLUMNS = BASE_COLUMNS + ["ci_low", "ci_high", "baseline", "baseline_method", "is_baseline", "genre",
                                "in_sample", "in_sample_note"]
N_BOOT = 1000
SEED = 0
SENTIMENT_METHODS = ("static", "lexicon", "vader", "textblob", "ensemble")
#: Genre transfer: each modal-sense file's ``majority_other_file`` baseline is the per-modal majority
#: sense learned on the OTHER files pooled (a modal they lack backs off to their overall majority).
CROSS_BASELINE = {
    "masc_modal_senses.tsv": ("mist_henning2022.tsv", "gme_news_modal_senses.tsv"),
    "mist_henning2022.tsv": ("masc_modal_senses.tsv", "gme_news_modal_senses.tsv"),
    "gme_news_modal_senses.tsv": ("masc_modal_senses.tsv", "mist_henning2022.tsv"),
}
#: The project's own modal-sense gold (``scripts/news_modal_heldout.py``), scored beside the shared
#: files by :func:`validate` when it reads the default folder in a checkout. The sealed third set
#: (``scripts/protocols/news_modal_heldout_3.md``) has no gold file until it is scored.
PROJECT_MODAL_FILES = ("data/annotation/news_modals/news_modal_senses.tsv",
                       "data/annotation/news_modals_2/news_modal_senses_2.tsv")
_SHARED_MODAL = ("masc_modal_senses.tsv", "mist_henning2022.tsv", "gme_news_modal_senses.tsv")
CROSS_BASELINE.update({Path(f).name: _SHARED_MODAL for f in PROJECT_MODAL_FILES})
#: modal-sense files whose ``split`` has a ``test`` part that no rule was written from
HELD_OUT_TEST = {
    "mist_henning2022.tsv": "MiST's test split: held out while the rules were written (README)",
    "gme_news_modal_senses.tsv": "GME's test split: held out; the news rules were written reading train0 and dev0 only",
}

UNKNOWN_GENRE = "not stated"
#: Genre of each annotated file (shared/validation/README.md).
GENRES = {
    "szeged_wiki.tsv": "Wikipedia", "szeged_wiki_epistemic.tsv": "Wikipedia",
    "sfu_review_speculation.tsv": "reviews", "masc_modal_senses.tsv": "mixed (19 MASC genres)",
    "mist_henning2022.tsv": "scientific papers", "gme_news_modal_senses.tsv": "news and opinion (MPQA)",
    "vader_movieReviewSnippets.tsv": "movie review snippets", "vader_amazonReviewSnippets.tsv": "product review snippets",
    "vader_tweets.tsv": "tweets", "semeval2007_headlines_valence.tsv": "news headlines",
    "financial_phrasebank.tsv": "financial news",
    "news_modal_senses.tsv": "financial news and headlines (this project's annotation)",
    "news_modal_senses_2.tsv": "newswire and Wikinews (this project's annotation)",
}

#: What is known about which scores are in-sample: (task, file) -> (in_sample, note). Sentiment is
#: decided per method in :func:`_sentiment_in_sample`.
IN_SAMPLE = {
    ("hedge", "szeged_wiki.tsv"): (True, "hedge rules and error patterns were fixed reading Szeged errors (README, commit ed05bc7)"),
    ("hedge", "szeged_wiki_epistemic.tsv"): (True, "hedge rules and error patterns were fixed reading Szeged errors (README, commit ed05bc7)"),
    ("hedge", "sfu_review_speculation.tsv"): (True, "hedge rules were validated and tuned on SFU (commit ed05bc7)"),
    ("modal", "masc_modal_senses.tsv"): (True, "sense rules were developed reading MASC errors (commits 0ecf441, 41de84e)"),
    ("modal", "mist_henning2022.tsv"): (True, "sense rules were checked on MiST's training folds; its test split was held out (README)"),
    ("modal", "gme_news_modal_senses.tsv"): (True, "the would/might news rules were written reading GME train0 and dev0 "
                                                   "(and MASC newspaper); GME test was not read: see its split=test rows"),
    ("modal", "news_modal_senses.tsv"): (True, "held out when scored once (0.863; scripts/protocols/news_modal_heldout.md); "
                                               "expectation_should was written reading its errors since"),
    ("modal", "news_modal_senses_2.tsv"): (False, "held out: read by nobody before its one scoring "
                                                  "(scripts/protocols/news_modal_heldout_2.md); no rule changed since"),
}


# --------------------------------------------------------------------------- bootstrap


def bootstrap_ci(stat: Callable[..., float], *arrays, n_boot: int = N_BOOT, seed: int = SEED,
                 level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of ``stat(*arrays)``, resampling rows (the sentence) jointly.

    Resamples where ``stat`` is undefined (nan) are dropped; (nan, nan) for fewer than 3 rows."""
    arrays = [np.asarray(a) for a in arrays]
    n = len(arrays[0])
    if n < 3:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    vals = np.array([stat(*(a[idx] for a in arrays)) for idx in (rng.integers(0, n, n) for _ in range(n_boot))], float)
    vals = vals[np.isfinite(vals)]
    if not len(vals):
        return float("nan"), float("nan")
    a = (1 - level) / 2
    return float(np.quantile(vals, a)), float(np.quantile(vals, 1 - a))


def _pearson(p, g) -> float:
    return float(np.corrcoef(p, g)[0, 1]) if np.std(p) > 0 and np.std(g) > 0 else float("nan")


def _spearman(p, g) -> float:
    return _pearson(stats.rankdata(p), stats.rankdata(g))


def _f1_macro(p, g) -> float:
    return es.three_class_f1(p, g)["f1_macro"]


def _accuracy(correct) -> float:
    return float(np.mean(correct))


# --------------------------------------------------------------------------- rows


def _row(task, file, method, subset, metric, value, n, ci, *, baseline=np.nan, baseline_method="",
         is_baseline=False, genre="", in_sample=False, note="") -> dict:
    return {"task": task, "file": file, "method": method, "subset": subset, "metric": metric, "value": float(value),
            "n": int(n), "ci_low": ci[0], "ci_high": ci[1], "baseline": float(baseline), "baseline_method": baseline_method,
            "is_baseline": bool(is_baseline), "genre": genre, "in_sample": bool(in_sample), "in_sample_note": note}


def _hedge_rows(path: Path, nlp) -> list[dict]:
    """Precision, recall, F1 of the hedge detector and of flag-everything, with intervals from
    the confusion cells (a sentence is one of tp, fp, fn, tn)."""
    r = score_hedge_file(path, nlp=nlp)
    n, tp, fp, fn = r["n"], r["tp"], r["fp"], r["fn"]
    cells = np.repeat(np.arange(4), [tp, fp, fn, n - tp - fp - fn])  # 0 tp, 1 fp, 2 fn, 3 tn

    def prf(c, always=False):
        tp_, fp_, fn_, tn_ = (np.sum(c == k) for k in range(4))
        if always:  # flag everything: every gold positive is a tp, every negative a fp
            tp_, fp_, fn_ = tp_ + fn_, fp_ + tn_, 0
        p = tp_ / (tp_ + fp_) if tp_ + fp_ else 0.0
        rc = tp_ / (tp_ + fn_) if tp_ + fn_ else 0.0
        return p, rc, (2 * p * rc / (p + rc) if p + rc else 0.0)

    name, genre = path.name, GENRES.get(path.name, UNKNOWN_GENRE)
    ins, note = IN_SAMPLE.get(("hedge", name), (False, "not known to have been read while writing rules"))
    est, base = prf(cells), prf(cells, always=True)
    rows = []
    for i, metric in enumerate(("precision", "recall", "f1")):
        ci = bootstrap_ci(lambda c, i=i: prf(c)[i], cells)
        bci = bootstrap_ci(lambda c, i=i: prf(c, True)[i], cells)
        rows.append(_row("hedge", name, "discourse", "all", metric, est[i], n, ci, baseline=base[i],
                         baseline_method="flag_every_sentence", genre=genre, in_sample=ins, note=note))
        rows.append(_row("hedge", name, "flag_every_sentence", "all", metric, base[i], n, bci, is_baseline=True,
                         genre=genre, in_sample=False, note="baseline: no rule"))
    return rows


def _transfer_files(path: Path) -> list[Path]:
    """The files of :data:`CROSS_BASELINE` for ``path``: beside it, else in the validation folder
    (where the shared files are when ``path`` is the project's own gold)."""
    out = []
    for other in CROSS_BASELINE.get(path.name, ()):
        found = [d / other for d in (path.parent, paths.validation_dir()) if (d / other).is_file()]
        if other != path.name and found:
            out.append(found[0])
    return out


def _modal_rows(path: Path, nlp) -> list[dict]:
    """Sense accuracy overall, per genre (``split``) and per modal verb, beside the majority baselines."""
    name = path.name
    others = _transfer_files(path)
    r = score_modal_file(path, nlp=nlp, baseline_from=others or None)
    cross_note = f"baseline fitted on {' + '.join(o.name for o in others)} (genre transfer)"
    df = r["predictions"].copy()
    df["b_same"] = df["baseline_pred"] == df["sense"]
    if "cross_pred" in df:
        df["b_cross"] = df["cross_pred"] == df["sense"]
    ins, note = IN_SAMPLE.get(("modal", name), (False, "not known to have been read while writing rules"))
    file_genre = GENRES.get(name, UNKNOWN_GENRE)
    groups: list[tuple[str, str, pd.DataFrame]] = [("all", file_genre, df)]
    if "split" in df and name.startswith("masc"):
        groups += [(f"genre={g}", g, d) for g, d in df.groupby("split")]
    elif "split" in df:
        groups += [(f"split={g}", file_genre, d) for g, d in df.groupby("split")]
    groups += [(str(m), file_genre, d) for m, d in df.groupby("modal_key")]
    if name in HELD_OUT_TEST and "split" in df:
        groups += [(f"split=test:{m}", file_genre, d) for m, d in df[df["split"] == "test"].groupby("modal_key")]
    rows = []
    for subset, genre, d in groups:
        n = len(d)
        sub_ins, sub_note = ins, note
        if name in HELD_OUT_TEST and (subset == "split=test" or subset.startswith("split=test:")):
            sub_ins, sub_note = False, HELD_OUT_TEST[name]
        same = _accuracy(d["b_same"])
        rows.append(_row("modal", name, "discourse", subset, "accuracy", _accuracy(d["correct"]), n,
                         bootstrap_ci(_accuracy, d["correct"].to_numpy()), baseline=same,
                         baseline_method="majority_same_file", genre=genre, in_sample=sub_ins, note=sub_note))
        rows.append(_row("modal", name, "majority_same_file", subset, "accuracy", same, n,
                         bootstrap_ci(_accuracy, d["b_same"].to_numpy()), is_baseline=True, genre=genre,
                         in_sample=True, note="baseline fitted on the scored rows themselves (optimistic)"))
        if "b_cross" in d:
            rows.append(_row("modal", name, "majority_other_file", subset, "accuracy", _accuracy(d["b_cross"]), n,
                             bootstrap_ci(_accuracy, d["b_cross"].to_numpy()), is_baseline=True, genre=genre,
                             in_sample=False, note=cross_note))
    return rows


def _static_fit_info() -> dict:
    try:
        return json.loads(sm.STATIC_PARAMS.read_text(encoding="utf-8"))
    except FileNotFoundError:  # pragma: no cover - shipped
        return {}


def _lexicon_fit_sets() -> set[str]:
    try:
        info = json.loads(sm.LEXICON_PARAMS.read_text(encoding="utf-8"))
    except FileNotFoundError:  # pragma: no cover - shipped
        return set()
    return set(info.get("fit_set_scores", {}))


def _sentiment_in_sample(method: str, set_name: str) -> tuple[bool, str]:
    """Is ``method``'s score on ``set_name`` (a key of FIT_SETS or a file name) in-sample?"""
    if method == "static":
        fitted = set(_static_fit_info().get("fitted_on", []))
        if set_name in fitted or any(f.startswith(set_name + ":") for f in fitted):
            return True, "the shipped static head was fitted on these sentences"
        dev = [k for k in _static_fit_info().get("development", {}) if k == set_name or k.startswith(set_name + ":")]
        if dev:
            return False, f"not a fitting set; its part {', '.join(k.split(':')[-1] for k in dev)} chose the head's penalty (development)"
        return False, "not among the static head's fitting sets"
    if method == "lexicon":
        if set_name in _lexicon_fit_sets():
            return True, "the mixture weight was fitted on this set (with the other two VADER sets)"
        return False, "the mixture weight was fitted on the three VADER sets only"
    if method == "ensemble":
        return (set_name.startswith("vader_"), "ensemble head fitted on the three VADER sets")
    if method == "vader" and set_name.startswith("vader_"):
        return False, "not fitted by this package, but VADER's authors built these sets to evaluate VADER"
    return False, "off-the-shelf lexicon; not fitted by this package"


def _graded_rows(name: str, subset: str, genre: str, preds: dict[str, np.ndarray], gold: np.ndarray,
                 set_key: str) -> list[dict]:
    rows = []
    n = len(gold)
    stat_fns = {"pearson_r": _pearson, "spearman_rho": _spearman, "f1_macro": _f1_macro}
    cls = es._classes(gold)
    chance = {"pearson_r": 0.0, "spearman_rho": 0.0,
              "f1_macro": es.three_class_scores(np.full(n, pd.Series(cls).mode().iloc[0]), cls)["f1_macro"]}
    for method, p in preds.items():
        ins, note = _sentiment_in_sample(method, set_key)
        for metric, fn in stat_fns.items():
            value = fn(p, gold)
            if method == "vader":
                base, bname = chance[metric], "no_information"
            else:
                base, bname = stat_fns[metric](preds["vader"], gold), "vader"
            rows.append(_row("sentiment", name, method, subset, metric, value, n, bootstrap_ci(fn, p, gold),
                             baseline=base, baseline_method=bname, genre=genre, in_sample=ins, note=note))
    return rows


def _three_class_rows(name: str, genre: str, preds: dict[str, np.ndarray], gold: np.ndarray,
                      agreement: np.ndarray, set_key: str) -> list[dict]:
    rows = []
    for subset, mask in (("agreement_100", agreement == 100), ("all", np.ones(len(gold), bool))):
        g = gold[mask]
        if not len(g):
            continue
        major = np.full(len(g), pd.Series(g).mode().iloc[0])
        fns = {"accuracy": lambda c, gg: es.three_class_scores(c, gg)["accuracy"],
               "f1_macro": lambda c, gg: es.three_class_scores(c, gg)["f1_macro"]}
        for metric, fn in fns.items():
            base = fn(major, g)
            rows.append(_row("sentiment", name, "majority_class", subset, metric, base, len(g),
                             bootstrap_ci(fn, major, g), is_baseline=True, genre=genre, note="baseline: no rule"))
            for method, p in preds.items():
                c = es._classes(p[mask])
                ins, note = _sentiment_in_sample(method, set_key)
                rows.append(_row("sentiment", name, method, subset, metric, fn(c, g), len(g), bootstrap_ci(fn, c, g),
                                 baseline=base, baseline_method="majority_class", genre=genre, in_sample=ins, note=note))
    return rows


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


#: Held-out protocols recorded by ``scripts/fit_sentiment.py`` in the static head's file: key in
#: that file -> (method name in the table, what the fit left out). ``static_genre_out`` is the strict
#: one for news: no headline (neither SemEval part) in the fit.
HELD_OUT_PROTOCOLS: dict[str, tuple[str, str]] = {
    "leave_one_set_out": ("static_held_out", "head fitted on the other sets"),
    "leave_genre_out": ("static_genre_out", "no headline in the fit; head fitted on"),
}


def _held_out_rows(path: Path, genre: str) -> list[dict]:
    """The static head's held-out scores on this file (out-of-sample), as recorded by
    ``scripts/fit_sentiment.py`` with their bootstrap intervals and VADER beside them: method
    ``static_held_out`` (leave one set out) and ``static_genre_out`` (leave the headline genre out:
    neither SemEval part in the fit). Only when the file is byte-identical to the one fitted (same
    sha256), else the recorded numbers would describe other rows."""
    info = _static_fit_info()
    name, data = path.name, info.get("provenance", {}).get("data", {})
    rows = []
    for protocol, (method, what) in HELD_OUT_PROTOCOLS.items():
        for key, held in info.get(protocol, {}).items():
            if key.split(":")[0] != name or data.get(key, {}).get("sha256") != _sha256(path):
                continue
            for subset, scores in held["scores"].items():
                sub = subset if ":" not in key else (key.split(":")[1] if subset == "all" else f"{key.split(':')[1]}/{subset}")
                for metric, s in scores.items():
                    rows.append(_row("sentiment", name, method, sub, metric, s["static_held_out"]["value"],
                                     s["n"], tuple(s["static_held_out"]["ci"]), baseline=s[s["baseline_method"]]["value"],
                                     baseline_method=s["baseline_method"], genre=genre, in_sample=False,
                                     note=f"{what}: {', '.join(held['fitted_on'])}"))
    return rows


def _sentiment_rows(path: Path, kind: str, methods: tuple[str, ...]) -> list[dict]:
    name, genre = path.name, GENRES.get(path.name, UNKNOWN_GENRE)
    rows: list[dict] = []
    if kind == "sentiment3":
        df, _ = es.load_three_class_file(path)
        preds = es.method_predictions(df["sentence"].tolist(), methods)
        rows += _three_class_rows(name, genre, preds, df["cls"].to_numpy(), df["agreement"].to_numpy(), name)
    else:
        df, _ = es.load_sentiment_file(path)
        if len(df) < 3:
            raise InputError(f"{path}: only {len(df)} scorable rows; need at least 3.")
        preds = es.method_predictions(df["sentence"].tolist(), tuple(dict.fromkeys(("vader",) + methods)))
        gold = df["score"].to_numpy(float)
        rows += _graded_rows(name, "all", genre, preds, gold, name)
        parts = df["id"].str.extract(r"^(semeval07-(?:trial|test))-", expand=False)
        for part in sorted(parts.dropna().unique()):
            m = (parts == part).to_numpy()
            rows += _graded_rows(name, part, genre, {k: v[m] for k, v in preds.items()}, gold[m], f"{name}:{part}")
    return rows + _held_out_rows(path, genre)


def score_file(path: str | Path, *, nlp=None, methods: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Score the matching measure(s) against one annotated file: rows of :data:`SCORE_COLUMNS`."""
    path = Path(path)
    kind = detect_format(read_annotated_tsv(path))
    if kind == "hedge":
        rows = _hedge_rows(path, nlp)
    elif kind == "modal":
        rows = _modal_rows(path, nlp)
    else:
        rows = _sentiment_rows(path, kind, tuple(methods or SENTIMENT_METHODS))
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


def validate(path: str | Path | None = None, *, nlp=None, write: bool | str | Path = False) -> pd.DataFrame:
    """Score the measures against every annotated TSV in a folder (default: the validation
    folder) or against one file; the default folder also brings the project's own modal-sense gold
    (:data:`PROJECT_MODAL_FILES`, when the checkout has them). With ``write`` (True or a path) the
    table is also written as CSV (default ``data/processed/validation_scores.csv``), numbers rounded
    to 4 decimals. In a
    folder, a file that a measure refuses (InputError) is left out with a warning naming it."""
    default = path is None
    path = Path(path) if path is not None else paths.validation_dir()
    if not path.exists():
        raise InputError(f"No validation data at {path}. Set DISCOURSE_VALIDATION_DIR or pass a file.")
    files = sorted(path.glob("*.tsv")) if path.is_dir() else [path]
    if not files:
        raise InputError(f"No .tsv files in {path}.")
    if default and files:
        files += [p for p in (paths.PROJECT_ROOT / f for f in PROJECT_MODAL_FILES) if p.is_file()]
    parts = []
    for f in files:
        if len(files) == 1:
            parts.append(score_file(f, nlp=nlp))
            continue
        try:
            parts.append(score_file(f, nlp=nlp))
        except InputError as exc:  # one file the measure cannot score must not hide the others
            warnings.warn(f"{f.name}: not scored ({exc}); the table leaves it out.", stacklevel=2)
    if not parts:
        raise InputError(f"No file in {path} could be scored.")
    table = pd.concat(parts, ignore_index=True)
    for c in ("value", "ci_low", "ci_high", "baseline"):
        table[c] = table[c].round(4)
    if write:
        out = paths.processed_dir() / "validation_scores.csv" if write is True else Path(write)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(".tmp")
        table.to_csv(tmp, index=False)
        tmp.replace(out)
    return table
