"""Every path the project uses, from one place.

Code never writes under :data:`RAW_DIR`: raw data is immutable (cookiecutter-data-science).
Locations that differ between machines come from environment variables:

``DISCOURSE_CACHE_DIR``
    where parsed spaCy documents are cached (default: ``<project>/.cache/discourse`` in a
    checkout, else ``~/.cache/discourse``).
``DISCOURSE_VALIDATION_DIR``
    the human-annotated validation data (default: ``<project>/../shared/validation``).
``DISCOURSE_FIGURES_DIR``, ``DISCOURSE_PROCESSED_DIR``
    where figures and derived tables are written (default: ``figures/`` and ``data/processed/``;
    the test suite points them at a temporary folder so it never touches the checkout).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
SOURCES_CSV = DATA_DIR / "sources.csv"
FIGURES_DIR = PROJECT_ROOT / "figures"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
LEXICON_DIR = PACKAGE_DIR / "lexicons"
#: the study's hand annotations (data, not test fixtures): annotator 1 labelled voice, frames and
#: prospects of every body sentence of the two texts; annotator 2 labelled blind, from the codebook
#: (``codebook_voice_prospect.md``) only
ANNOTATION_DIR = DATA_DIR / "annotation"
ANNOTATOR1_CSV = ANNOTATION_DIR / "annotator1.csv"
ANNOTATOR2_CSV = ANNOTATION_DIR / "annotator2.csv"


def in_checkout() -> bool:
    """True when the package runs from the project's own source tree (not an installed copy)."""
    return (PROJECT_ROOT / "pyproject.toml").is_file() and SOURCES_CSV.is_file()


def cache_dir() -> Path:
    """Folder for cached parses; ``DISCOURSE_CACHE_DIR`` overrides the default."""
    env = os.environ.get("DISCOURSE_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    if in_checkout():
        return PROJECT_ROOT / ".cache" / "discourse"
    return Path.home() / ".cache" / "discourse"


def validation_dir() -> Path:
    """Folder of annotated validation TSVs; ``DISCOURSE_VALIDATION_DIR`` overrides the default."""
    env = os.environ.get("DISCOURSE_VALIDATION_DIR")
    if env:
        return Path(env).expanduser()
    return PROJECT_ROOT.parent / "shared" / "validation"


def figures_dir() -> Path:
    """Folder figures are written to; ``DISCOURSE_FIGURES_DIR`` overrides ``figures/``."""
    env = os.environ.get("DISCOURSE_FIGURES_DIR")
    return Path(env).expanduser() if env else FIGURES_DIR


def processed_dir() -> Path:
    """Folder derived tables are written to; ``DISCOURSE_PROCESSED_DIR`` overrides ``data/processed/``."""
    env = os.environ.get("DISCOURSE_PROCESSED_DIR")
    return Path(env).expanduser() if env else PROCESSED_DIR
