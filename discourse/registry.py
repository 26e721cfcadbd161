"""The measure registry: which measures exist, what they write, and how ``compare()`` treats them.

One entry per measure. Everything below the measures reads this list instead of typing column names
again: the :class:`~discourse.tables.Measurer` (which detectors run), the table builders and the CLI
(which columns a level has), :func:`discourse.stats.compare` (which columns are scores, counts for
rates, or categorical shares, and in which level order) and the figures (level orders).

Adding a measure is one module under ``discourse/measures/`` plus one :class:`Measure` entry here.

Kinds of column, as ``compare()`` treats them:

- ``scores``: a float per sentence (sentiment, prospect score): mean/median differences, Cliff's delta.
- ``counts``: prefixes of count columns ``n_<prefix>...`` per sentence: rates per 1,000 word tokens
  and rate ratios; and the share of sentences with at least one.
- ``categorical``: a label per sentence with a fixed set of ``levels`` (voice, engagement, prospect
  stance): shares of sentences per level.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .measures.attribution import VOICES
from .measures.devices import CATEGORIES as DEVICE_CATEGORIES
from .measures.devices import DEVICES
from .measures.engagement import CATEGORIES as ENGAGEMENT_CATEGORIES
from .measures.engagement import COMMITMENTS
from .measures.modality import SENSES, STRENGTHS
from .measures.prospects import STANCES
from .measures.sourcing import SOURCE_TYPES

LEVELS = ("cue", "sentence", "document")


@dataclass(frozen=True)
class Measure:
    """One measure: its name, the level of its rows, the table its rows go to, and its columns."""

    name: str
    level: str
    table: str
    columns: tuple[str, ...] = ()
    scores: tuple[str, ...] = ()
    counts: tuple[str, ...] = ()
    categorical: dict[str, tuple[str, ...]] = field(default_factory=dict)
    domain: bool = False
    citation: str = ""

    def __post_init__(self):
        if self.level not in LEVELS:
            raise ValueError(f"measure {self.name!r}: level must be one of {LEVELS}, got {self.level!r}")


#: every measure of the package, in the order the Measurer runs them
MEASURES: tuple[Measure, ...] = (
    Measure("hedges", "cue", "cues", counts=("hedge",),
            citation="Hyland 2005; Vincze et al. 2008 (lexicons/hedges.tsv)"),
    Measure("boosters", "cue", "cues", counts=("booster",),
            citation="Hyland 2005 (lexicons/boosters.tsv)"),
    Measure("modality", "cue", "cues", counts=("modal",),
            categorical={"sense": SENSES, "strength": STRENGTHS},
            citation="Coates 1983; Palmer 2001; Collins 2009 (lexicons/modals.tsv)"),
    Measure("stance_markers", "cue", "cues", counts=("self_mention", "attitude"),
            citation="Hyland 2005 (lexicons/stance_markers.tsv)"),
    Measure("sentiment", "sentence", "sentences",
            columns=("sentiment", "vader", "textblob_polarity", "textblob_subjectivity"),
            scores=("sentiment", "vader", "textblob_polarity", "textblob_subjectivity"),
            citation="Hutto & Gilbert 2014; Loria (TextBlob)"),
    Measure("voice", "sentence", "sentences", columns=("voice", "speaker"),
            categorical={"voice": VOICES},
            citation="Thompson & Yiyun 1991 (lexicons/reporting_verbs.tsv)"),
    Measure("source_type", "sentence", "sentences", columns=("source_type",),
            categorical={"source_type": SOURCE_TYPES},
            citation="Culbertson 1978; Bell 1991 (lexicons/source_types.tsv)"),
    Measure("engagement", "cue", "engagement", columns=("engagement", "commitment"), counts=("eng",),
            categorical={"engagement": ("monoglossic", "heteroglossic"), "commitment": COMMITMENTS,
                         "category": ENGAGEMENT_CATEGORIES},
            citation="Martin & White 2005 ch. 3 (lexicons/engagement.tsv)"),
    Measure("devices", "cue", "devices", counts=("device",),
            categorical={f"device_{d}": DEVICE_CATEGORIES[d] for d in DEVICES},
            citation="Palmer 2001; Quirk et al. 1985; Chilton 2004; Charteris-Black 2004 (lexicons/devices.tsv)"),
    Measure("frames", "cue", "frames", columns=("frames",), counts=("frame",), domain=True,
            citation="Entman 1993 (lexicons/frames.tsv)"),
    Measure("actors", "cue", "actors", columns=("actors",), domain=True,
            citation="lexicons/actors.tsv"),
    Measure("prospects", "sentence", "sentences", columns=("prospect", "prospect_score", "prospect_stance"),
            scores=("prospect_score",), categorical={"prospect_stance": STANCES}, domain=True,
            citation="this project (measures/prospects.py)"),
)


def measures(*, level: str | None = None, domain: bool = True) -> tuple[Measure, ...]:
    """The registered measures, optionally of one ``level``; ``domain=False`` leaves out the
    domain-lexicon measures (frames, actors, prospects)."""
    return tuple(m for m in MEASURES if (level is None or m.level == level) and (domain or not m.domain))


def get(name: str) -> Measure:
    """The measure called ``name`` (``KeyError`` naming the registered ones otherwise)."""
    for m in MEASURES:
        if m.name == name:
            return m
    raise KeyError(f"no measure {name!r}; registered: {[m.name for m in MEASURES]}")


def score_columns() -> tuple[str, ...]:
    """Sentence-level float columns that ``compare()`` compares as scores."""
    return tuple(dict.fromkeys(c for m in MEASURES for c in m.scores))


def count_prefixes() -> tuple[str, ...]:
    """Prefixes ``n_<prefix>`` of the count columns that ``compare()`` turns into rates."""
    return tuple(dict.fromkeys(p for m in MEASURES for p in m.counts))


def categorical_levels(*, sentence_only: bool = True) -> dict[str, tuple[str, ...]]:
    """``{column: levels}`` of the categorical columns (by default the sentence-table ones, which
    ``compare()`` turns into shares of sentences)."""
    out: dict[str, tuple[str, ...]] = {}
    for m in MEASURES:
        cols = m.categorical if not sentence_only else {c: v for c, v in m.categorical.items() if c in m.columns}
        out.update(cols)
    return out


def levels(column: str) -> tuple[str, ...]:
    """The level order of a categorical column (e.g. ``levels("voice")``), for tables and figures."""
    for m in MEASURES:
        if column in m.categorical:
            return m.categorical[column]
    raise KeyError(f"no registered categorical column {column!r}")


def sentence_columns() -> tuple[str, ...]:
    """The measure columns of the sentence table (after the keys, before the count columns)."""
    return tuple(dict.fromkeys(c for m in MEASURES for c in m.columns))
