"""The measure registry: which measures exist, what they write, and how ``compare()`` treats them.

One entry per measure. Everything below the measures reads this list instead of typing column names
again: the :class:`~discourse.tables.Measurer` (which detectors run), the table builders and the CLI
(which columns a level has), :func:`discourse.stats.compare` (which columns are scores, counts for
rates, or categorical shares, and in which level order) and the figures (level orders).

Adding a measure is one module under ``discourse/measures/`` plus one :class:`Measure` entry here.
:func:`level_schema` gives the columns and dtypes every output table of a level has (even with no
rows): the level's key columns (:data:`KEY_SCHEMAS`) and, for the sentence and source ("document")
levels, the registered measures' columns.

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
    #: pandas dtype of each of ``columns`` (a column not named here is ``"str"``); a ``"bool"``
    #: column (a flag per sentence) is counted per document as ``n_<column>``
    dtypes: dict[str, str] = field(default_factory=dict)
    #: whether ``columns`` are in :func:`level_schema` (the columns a table has even with no rows);
    #: ``False`` for source_type and engagement, whose columns an empty sentence table has never had
    #: (a table with rows has them): turning it on adds them to empty tables
    in_schema: bool = True

    def __post_init__(self):
        if self.level not in LEVELS:
            raise ValueError(f"measure {self.name!r}: level must be one of {LEVELS}, got {self.level!r}")
        stray = sorted(set(self.dtypes) - set(self.columns))
        if stray:
            raise ValueError(f"measure {self.name!r}: dtypes for columns it does not have: {stray}")

    def dtype(self, column: str) -> str:
        """The pandas dtype of ``column`` (one of :attr:`columns`)."""
        return self.dtypes.get(column, "str")


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
            dtypes=dict.fromkeys(("sentiment", "vader", "textblob_polarity", "textblob_subjectivity"), "float64"),
            citation="Hutto & Gilbert 2014; Loria (TextBlob)"),
    Measure("voice", "sentence", "sentences", columns=("voice", "speaker"),
            categorical={"voice": VOICES},
            citation="Thompson & Yiyun 1991 (lexicons/reporting_verbs.tsv)"),
    Measure("source_type", "sentence", "sentences", columns=("source_type",),
            categorical={"source_type": SOURCE_TYPES}, in_schema=False,
            citation="Culbertson 1978; Bell 1991 (lexicons/source_types.tsv)"),
    Measure("engagement", "cue", "engagement", columns=("engagement", "commitment"), counts=("eng",),
            categorical={"engagement": ("monoglossic", "heteroglossic"), "commitment": COMMITMENTS,
                         "category": ENGAGEMENT_CATEGORIES}, in_schema=False,
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
            dtypes={"prospect": "bool", "prospect_score": "float64"},
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


# --------------------------------------------------------------------------- output schemas
_INT, _STR, _BOOL = "int64", "str", "bool"
_SPAN = {"segment_id": _INT, "role": _STR}
_OFFSETS = {"start_char": _INT, "end_char": _INT, "token_start": _INT, "token_end": _INT}
#: the key columns (and dtypes) of each output level of the command line (:data:`discourse.io.LEVELS`),
#: after ``doc_id`` and the kept columns: where a row is, not what was measured
KEY_SCHEMAS: dict[str, dict[str, str]] = {
    "sentence": {**_SPAN, "sent_id": _INT, "sent_in_segment": _INT, "text": _STR, "start_char": _INT,
                 "end_char": _INT, "n_tokens": _INT},
    "cue": {**_SPAN, "kind": _STR, "text": _STR, "lemma": _STR, **_OFFSETS, "sent_id": _INT, "category": _STR,
            "sense": _STR, "strength": _STR, "negated": _BOOL, "lexicon": _STR, "rule": _STR},
    "frame": {**_SPAN, "frame": _STR, "text": _STR, "lemma": _STR, **_OFFSETS, "verb_class": "object",
              "lexicon": _STR, "rule": _STR, "sent_id": _INT},
    "actor": {**_SPAN, "text": _STR, "canonical": _STR, "side": _STR, "type": _STR, **_OFFSETS, "source": _STR,
              "sent_id": _INT},
    "source": {"chars": _INT, "body_segments": _INT, "sentences": _INT, "n_tokens": _INT},
}


def flag_columns() -> tuple[str, ...]:
    """Sentence-level boolean columns (e.g. ``prospect``): the document table counts them as ``n_<column>``."""
    return tuple(dict.fromkeys(c for m in MEASURES for c in m.columns if m.dtype(c) == "bool"))


def level_schema(level: str) -> dict[str, str]:
    """``{column: dtype}`` every output table of ``level`` has, even with no rows, after ``doc_id``
    and the kept columns (a table with rows may have more: count columns, cue attributes).

    ``"sentence"``: the keys, then the sentence-table columns (``columns``) of the measures with
    ``in_schema``, in registry order. ``"source"`` (one row per document): the keys, ``mean_<score>`` for every
    :func:`score_columns` and ``n_<flag>`` for every :func:`flag_columns`. ``"cue"``, ``"frame"``,
    ``"actor"``: the keys (:data:`KEY_SCHEMAS`).
    """
    if level not in KEY_SCHEMAS:
        raise KeyError(f"no output level {level!r}; levels: {list(KEY_SCHEMAS)}")
    schema = dict(KEY_SCHEMAS[level])
    if level == "sentence":
        for m in MEASURES:
            if m.in_schema:
                schema.update({c: m.dtype(c) for c in m.columns})
    elif level == "source":
        schema.update({f"mean_{c}": "float64" for c in score_columns()})
        schema.update({f"n_{c}": _INT for c in flag_columns()})
    return schema
