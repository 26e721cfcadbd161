"""discourse: sentiment, hedging and modality per sentence and per document.

The public face of the package: the calls a notebook or a user needs. See DESIGN in the README.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .corpus import Corpus, NotEnglishWarning, check_language, load_corpus, segment_text
from .domains import DOMAINS, Domain
from .errors import DiscourseError, InputError, IntegrityError, ModelNotFoundError, UnknownSourceError
from .nlp import model_info, parse
from .pipeline import load_nlp
from .components import add_measure_pipes
from .measures.engagement import engagement
from .measures.sentiment import sentiment
from .stats import compare, group_estimates
from . import paths
from .tables import analyze, analyze_all, composition, concordance, cue_table, cues, sentence_table, summarize, svo_table, term_counts
from .validation import validate

try:
    __version__ = version("discourse")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

__all__ = [
    "Corpus",
    "DOMAINS",
    "Domain",
    "NotEnglishWarning",
    "check_language",
    "add_measure_pipes",
    "analyze",
    "analyze_all",
    "concordance",
    "svo_table",
    "term_counts",
    "compare",
    "engagement",
    "group_estimates",
    "cue_table",
    "cues",
    "sentence_table",
    "sentiment",
    "summarize",
    "validate",
    "DiscourseError",
    "InputError",
    "IntegrityError",
    "ModelNotFoundError",
    "UnknownSourceError",
    "composition",
    "load_corpus",
    "load_nlp",
    "model_info",
    "parse",
    "segment_text",
]
