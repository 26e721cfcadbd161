"""Agreement of the package's detectors with human annotation.

The annotated files live outside the project (their licences forbid copying them in); their
folder comes from :func:`discourse.paths.validation_dir` (``DISCOURSE_VALIDATION_DIR``).
Formats are those of ``shared/validation/README.md``:

- hedge cues: ``id, sentence, label, cues``
- modal senses: ``id, sentence, modal, sense, char_start, char_end, ...``
- sentence sentiment: ``id, score, sentence``
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from . import paths
from .errors import InputError

FORMATS: dict[str, frozenset[str]] = {
    "hedge": frozenset({"id", "sentence", "label", "cues"}),
    "modal": frozenset({"id", "sentence", "modal", "sense", "char_start", "char_end"}),
    "sentiment": frozenset({"id", "score", "sentence"}),
}


def validation_file(name: str) -> Path:
    """Path of a file in the validation folder (it may not exist: callers check and skip)."""
    return paths.validation_dir() / name


def read_annotated_tsv(path: str | Path) -> pd.DataFrame:
    """Read an annotated TSV: leading ``#`` provenance lines skipped, no quote processing.

    Quotes are literal in these files (``''Conan''``), and ``#`` inside a tweet is text, so
    only whole leading lines that start with ``#`` are treated as comments.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"No annotated file at {path}. Set DISCOURSE_VALIDATION_DIR to the folder that holds it.")
    raw = path.read_text(encoding="utf-8")
    lines = raw.splitlines(keepends=True)
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        start += 1
    df = pd.read_csv(
        io.StringIO("".join(lines[start:])),
        sep="\t",
        quoting=csv.QUOTE_NONE,
        dtype=str,
        keep_default_na=False,
    )
    return df


def detect_format(df: pd.DataFrame) -> str:
    """Which of :data:`FORMATS` a table is in (by its columns)."""
    cols = set(df.columns)
    for name in ("modal", "hedge", "sentiment"):
        if FORMATS[name] <= cols:
            return name
    raise InputError(
        f"Unrecognised annotation format with columns {sorted(cols)}; expected one of "
        + "; ".join(f"{k}: {sorted(v)}" for k, v in FORMATS.items())
    )


SCORE_COLUMNS = ["task", "file", "method", "subset", "metric", "value", "n"]
#: for modal-sense files: whose per-modal majority senses give the cross-file baseline
CROSS_BASELINE = {"masc_modal_senses.tsv": "mist_henning2022.tsv", "mist_henning2022.tsv": "masc_modal_senses.tsv"}
SENTIMENT_METHODS = ("vader", "textblob", "lexicon", "ensemble")


def _rows(task, file, method, metrics: dict, n, subset="all"):
    return [{"task": task, "file": file, "method": method, "subset": subset, "metric": k,
             "value": float(v), "n": int(n)} for k, v in metrics.items()]


def score_file(path: str | Path, *, nlp=None, methods: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Score the matching detector against one annotated file; a tidy table of scores.

    Hedge files: sentence-level precision, recall, F1 of :class:`~discourse.measures.hedging.HedgeDetector`.
    Modal files: accuracy of the modal-sense classifier overall and per modal verb, beside the
    per-modal majority baseline (same file: optimistic) and the cross-file one.
    Sentiment files: Pearson r, Spearman rho and 3-class macro F1 of each sentiment method.
    Columns: ``task, file, method, subset, metric, value, n``.
    """
    path = Path(path)
    kind = detect_format(read_annotated_tsv(path))
    name = path.name
    rows: list[dict] = []
    if kind == "hedge":
        from .measures.hedging import score_hedge_file

        r = score_hedge_file(path, nlp=nlp)
        rows += _rows("hedge", name, "discourse", {k: r[k] for k in ("precision", "recall", "f1")}, r["n"])
    elif kind == "modal":
        from .measures.modality import score_modal_file

        other = path.parent / CROSS_BASELINE.get(name, "")
        r = score_modal_file(path, nlp=nlp, baseline_from=other if other.is_file() and other != path else None)
        rows += _rows("modal", name, "discourse", {"accuracy": r["accuracy"]}, r["n"])
        rows += _rows("modal", name, "majority_same_file", {"accuracy": r["baseline"]}, r["n"])
        if "cross_baseline" in r:
            rows += _rows("modal", name, "majority_other_file", {"accuracy": r["cross_baseline"]}, r["n"])
        for modal, pm in r["per_modal"].iterrows():
            rows += _rows("modal", name, "discourse", {"accuracy": pm["accuracy"]}, pm["n"], subset=str(modal))
            rows += _rows("modal", name, "majority_same_file", {"accuracy": pm["majority_baseline"]}, pm["n"], subset=str(modal))
    else:
        from .measures import sentiment as sm

        n_rows = 0
        for method in methods or SENTIMENT_METHODS:
            try:
                r = sm.score_sentiment_file(path, method=method)
            except ImportError:  # optional extra not installed
                continue
            metrics = {k: r[k] for k in ("pearson_r", "spearman_rho", "f1_macro") if k in r}
            rows += _rows("sentiment", name, method, metrics, r["n"])
            n_rows = r["n"]
        rows += _held_out_rows(name, n_rows)
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


def _held_out_rows(name: str, n: int) -> list[dict]:
    """Scores of the fitted sentiment scorers on this set when it was left out of the fit.

    The ``lexicon`` and ``ensemble`` rows above score the deployed scorers, fitted on all three
    VADER sets (in-sample); these rows come from the leave-one-dataset-out fits recorded in the
    coefficient files by ``scripts/fit_sentiment.py`` (out-of-sample)."""
    import json

    rows = []
    for method, fname, key, prefix in (("lexicon_held_out", "sentiment_lexicon.json", "leave_one_dataset_out", "mixture"),
                                       ("ensemble_held_out", "sentiment_ensemble.json", "leave_one_dataset_out_nested", "ensemble")):
        f = paths.PACKAGE_DIR / "data" / fname
        if not f.is_file():
            continue
        held = json.loads(f.read_text(encoding="utf-8")).get(key, {}).get(name)
        if not held:
            continue
        metrics = {m: held[f"heldout_{k}_{prefix}"] for m, k in (("pearson_r", "pearson"), ("spearman_rho", "spearman"),
                                                                   ("f1_macro", "f1_macro")) if f"heldout_{k}_{prefix}" in held}
        rows += _rows("sentiment", name, method, metrics, n)
    return rows


def validate(path: str | Path | None = None, *, nlp=None, write: bool | str | Path = False) -> pd.DataFrame:
    """Score the detectors against every annotated TSV in a folder (default: the validation
    folder) or against one file. With ``write`` (True or a path) the table is also written as
    CSV (default ``data/processed/validation_scores.csv``), values rounded to 4 decimals."""
    path = Path(path) if path is not None else paths.validation_dir()
    if not path.exists():
        raise InputError(f"No validation data at {path}. Set DISCOURSE_VALIDATION_DIR or pass a file.")
    files = sorted(path.glob("*.tsv")) if path.is_dir() else [path]
    if not files:
        raise InputError(f"No .tsv files in {path}.")
    table = pd.concat([score_file(f, nlp=nlp) for f in files], ignore_index=True)
    table["value"] = table["value"].round(4)
    if write:
        out = paths.processed_dir() / "validation_scores.csv" if write is True else Path(write)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(".tmp")
        table.to_csv(tmp, index=False)
        tmp.replace(out)
    return table
