"""Agreement of the package's measures with human annotation: ``python -m discourse validate``.

The annotated files live outside the project (their licences forbid copying them in); their
folder comes from :func:`discourse.paths.validation_dir` (``DISCOURSE_VALIDATION_DIR``). Readers
are in :mod:`discourse.annotated`; the scoring, baselines, bootstrap intervals and in-sample flags
in :mod:`discourse.evaluation.table` (see its docstring for how to read the table). This module
keeps the names the CLI, notebook 07 and the scripts import.
"""

from __future__ import annotations

from .annotated import FORMATS, detect_format, read_annotated_tsv, validation_file
from .evaluation.table import BASE_COLUMNS, SCORE_COLUMNS, SENTIMENT_METHODS, bootstrap_ci, score_file, validate

__all__ = ["FORMATS", "detect_format", "read_annotated_tsv", "validation_file", "BASE_COLUMNS", "SCORE_COLUMNS",
           "SENTIMENT_METHODS", "bootstrap_ci", "score_file", "validate"]
