"""Reading the human-annotated validation files (a leaf module: imports no measure and no evaluation).

The annotated files live outside the project (their licences forbid copying them in); their
folder comes from :func:`discourse.paths.validation_dir` (``DISCOURSE_VALIDATION_DIR``).
Formats are those of ``shared/validation/README.md``:

- hedge cues: ``id, sentence, label, cues``
- modal senses: ``id, sentence, modal, sense, char_start, char_end, ...``
- sentence sentiment (graded): ``id, score, sentence``
- sentence sentiment (3 classes): ``id, label, sentence, agreement`` (Financial PhraseBank)
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from . import paths
from .errors import InputError

__all__ = ["FORMATS", "validation_file", "read_annotated_tsv", "detect_format", "head_copy"]

FORMATS: dict[str, frozenset[str]] = {
    "hedge": frozenset({"id", "sentence", "label", "cues"}),
    "modal": frozenset({"id", "sentence", "modal", "sense", "char_start", "char_end"}),
    "sentiment": frozenset({"id", "score", "sentence"}),
    "sentiment3": frozenset({"id", "label", "sentence", "agreement"}),
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
    return pd.read_csv(
        io.StringIO("".join(lines[start:])),
        sep="\t",
        quoting=csv.QUOTE_NONE,
        dtype=str,
        keep_default_na=False,
    )


def detect_format(df: pd.DataFrame) -> str:
    """Which of :data:`FORMATS` a table is in (by its columns)."""
    cols = set(df.columns)
    for name in ("modal", "hedge", "sentiment", "sentiment3"):
        if FORMATS[name] <= cols:
            return name
    raise InputError(
        f"Unrecognised annotation format with columns {sorted(cols)}; expected one of "
        + "; ".join(f"{k}: {sorted(v)}" for k, v in FORMATS.items())
    )


def head_copy(src: str | Path, dst: str | Path, n: int) -> Path:
    """Write to ``dst`` the ``#`` provenance lines, the header and the first ``n`` rows of the
    annotated file ``src`` (a quick, smaller validation run); returns ``dst``."""
    lines = Path(src).read_text(encoding="utf-8").splitlines(keepends=True)
    k = 0
    while k < len(lines) and lines[k].startswith("#"):
        k += 1
    Path(dst).write_text("".join(lines[: k + 1 + n]), encoding="utf-8")
    return Path(dst)
