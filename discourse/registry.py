"""The measure registry: which measures exist, what they write, and how ``compare()`` treats them.

One entry per measure. Everything below the measures reads this list instead of typing column names
again: the :class:`~discourse.tables.Measurer` (which detectors run), the table builders and the CLI
(which columns a level has), :func:`discourse.stats.compare` (which columns are scores, counts for
rates, or categorical shares, and in which level order) and the figures (level orders).

Adding a measure is one module under ``discourse/measures/`` plus one :class:`Measure` entry here.
The entry says how its rows are made: a cue ``detector`` (``detector(vocab)`` -> ``rows(doc)``: rows of
the cue table, counted per sentence as ``n_<kind>``) or a ``factory`` (``factory(vocab, settings)`` ->
``step(doc, ctx)`` returning a :class:`Result`: rows of its own table and columns per sentence; ``None``
when the settings switch it off, e.g. no domain; a step may also have ``many(docs, ctxs)`` -> one
:class:`Result` per Doc, which the Measurer calls on a batch of Docs instead, giving the same results).
``needs`` names the measures whose results the
step reads from ``ctx``; they run first. :class:`~discourse.tables.Measurer` and the ``discourse_cues``
component build and run the entries; nothing else lists the measures.
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

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc
from spacy.vocab import Vocab

from .domains import Domain
from .measures._doc import sentence_texts
from .measures._doc import sentences as doc_sentences
from .measures.attribution import VOICES, AttributionDetector, StanceDetector, real_quotes
from .measures.devices import CATEGORIES as DEVICE_CATEGORIES
from .measures.devices import DEVICES, DeviceDetector, device_counts
from .measures.engagement import CATEGORIES as ENGAGEMENT_CATEGORIES
from .measures.engagement import COMMITMENTS, EngagementDetector, sentence_engagement
from .measures.framing import ActorDetector, FrameDetector
from .measures.hedging import HedgeDetector, assign_voice
from .measures.modality import SENSES, STRENGTHS, ModalDetector
from .measures.prospects import STANCES, prospect_markers, prospect_rows
from .measures.sentiment import DEFAULT_METHOD as DEFAULT_SENTIMENT
from .measures.sentiment import sentence_scores_many
from .measures.sourcing import SOURCE_TYPES, source_types

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
    #: ``False`` for a measure whose columns only tables with rows should have
    in_schema: bool = True
    #: a cue detector: ``detector(vocab)`` -> callable ``(doc) -> rows`` of the cue table (``kind``,
    #: offsets, ...). Measures naming the same detector share it (built and run once per Doc). A
    #: detector class with a ``from_settings(vocab, settings)`` classmethod is built with it
    #: (:func:`build_detector`).
    detector: Callable[[Vocab], Callable[[Doc], list[dict]]] | None = None
    #: ``factory(vocab, settings)`` -> ``step(doc, ctx) -> Result`` (see :class:`Result`,
    #: :class:`DocContext`), or ``None`` when ``settings`` switch the measure off (e.g. no domain)
    factory: Callable[[Vocab, Settings], Callable[[Doc, DocContext], Result] | None] | None = None
    #: the measures whose results the step reads from ``ctx`` (they run before it)
    needs: tuple[str, ...] = ()
    #: columns the step adds to every cue row (e.g. the voice of the sentence a cue is in)
    cue_columns: tuple[str, ...] = ()
    #: whether every sentence row has this measure's count columns, 0 without a cue (so tables from
    #: different corpora line up; :func:`base_counts`): ``n_<prefix>`` and, for ``count_by``, one
    #: ``n_<prefix>_<level>`` per level of that categorical column (modal senses)
    zero_counts: bool = False
    count_by: str = ""
    #: for a step that counts every level of one of its categorical columns on every sentence row, 0
    #: included (``n_<prefix>_<level>``: Engagement's categories), that column; in :func:`count_columns`
    level_counts: str = ""
    #: the command line's output level (a key of :data:`KEY_SCHEMAS`) of the measure's own ``table``;
    #: empty when the command line does not write that table (:func:`output_levels`)
    output: str = ""

    def __post_init__(self):
        if self.level not in LEVELS:
            raise ValueError(f"measure {self.name!r}: level must be one of {LEVELS}, got {self.level!r}")
        stray = sorted(set(self.dtypes) - set(self.columns))
        if stray:
            raise ValueError(f"measure {self.name!r}: dtypes for columns it does not have: {stray}")
        for attr in ("count_by", "level_counts"):
            col = getattr(self, attr)
            if col and col not in self.categorical:
                raise ValueError(f"measure {self.name!r}: {attr} {col!r} is not one of its categorical "
                                 f"columns {sorted(self.categorical)}")

    def dtype(self, column: str) -> str:
        """The pandas dtype of ``column`` (one of :attr:`columns`)."""
        return self.dtypes.get(column, "str")


@dataclass(frozen=True)
class Settings:
    """The options a measure's ``factory`` is built with."""

    domain: Domain | None = None
    sentiment_method: str = DEFAULT_SENTIMENT
    #: the modal-sense profile of every table that reads modal senses (modals, hedges, Engagement):
    #: :data:`discourse.measures.modality.PROFILES`
    modal_profile: str = "default"


@dataclass
class Result:
    """What one measure's step gives for one Doc.

    ``rows``: rows of the measure's own ``table`` (not ``"sentences"``), with ``sent_id`` or
    ``sent_index`` (the sentence's index in the Doc); ``sentences``: ``{sentence index: {column:
    value}}`` (its ``columns`` and its count columns ``n_...``; a column missing for a sentence is
    ``None``); ``data``: anything later measures read (e.g. the attribution rows).
    """

    rows: list[dict] = field(default_factory=list)
    sentences: dict[int, dict] = field(default_factory=dict)
    data: Any = None


class DocContext:
    """What the measures of one Doc share: the Doc, its sentences and their texts, the cue rows
    (of every cue ``detector``, in text order) and the :class:`Result` of each measure run so far."""

    def __init__(self, doc: Doc, cues: list[dict]):
        self.doc = doc
        self.sents = doc_sentences(doc)
        self.texts = sentence_texts(doc)
        self.cues = cues
        self.results: dict[str, Result] = {}

    def get(self, name: str) -> Result | None:
        """The result of measure ``name``, ``None`` if it is off (or not run yet)."""
        return self.results.get(name)


def _by_sentence(rows: list[dict], key: str) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for r in rows:
        out.setdefault(r[key], []).append(r)
    return out


class SentimentStep:
    """``sentiment`` (by ``settings.sentiment_method``), ``sentiment_lexicon``, VADER and TextBlob
    per non-blank sentence; ``data``: ``{text: sentiment_lexicon}`` (what prospect stance is built on)."""

    def __init__(self, vocab: Vocab, settings: Settings):
        self.method = settings.sentiment_method

    def __call__(self, doc: Doc, ctx: DocContext) -> Result:
        return self.many([doc], [ctx])[0]

    def many(self, docs: list[Doc], ctxs: list[DocContext]) -> list[Result]:
        """The results of several Docs from one scorer call over all their sentences (each
        sentence scores the same whatever it is scored with: :func:`sentence_scores_many`). The
        ensemble's transformer pads a batch to its longest sentence, so it scores Doc by Doc, as
        ``__call__`` always did."""
        if self.method == "ensemble" and len(docs) > 1:
            return [self.many([d], [c])[0] for d, c in zip(docs, ctxs)]
        scored = [[k for k, t in enumerate(ctx.texts) if t.strip()] for ctx in ctxs]
        flat = iter(sentence_scores_many([ctx.texts[k] for ctx, ks in zip(ctxs, scored) for k in ks],
                                         method=self.method))
        out = []
        for ctx, ks in zip(ctxs, scored):
            scores = {k: next(flat) for k in ks}
            out.append(Result(sentences=scores, data={ctx.texts[k]: v["sentiment_lexicon"] for k, v in scores.items()}))
        return out


class VoiceStep:
    """Whose voice each sentence is (authorial | reported | quoted) and its speaker; gives every
    cue row the voice of its sentence (:func:`~discourse.measures.hedging.assign_voice`)."""

    def __init__(self, vocab: Vocab, settings: Settings):
        self.detector = AttributionDetector(vocab)

    def __call__(self, doc: Doc, ctx: DocContext) -> Result:
        attribution = self.detector(doc)
        assign_voice(ctx.cues, attribution, quote_spans=real_quotes(doc))  # whose commitment each cue is
        return Result(sentences={r["sent_index"]: {"voice": r.get("voice"), "speaker": r.get("speaker")}
                                 for r in attribution}, data=attribution)


def source_type_step(vocab: Vocab, settings: Settings):
    """The type of the source a sentence is credited to (from the ``voice`` measure's rows)."""
    def step(doc: Doc, ctx: DocContext) -> Result:
        attribution = ctx.get("voice").data
        return Result(sentences={r["sent_index"]: {"source_type": t}
                                 for r, t in zip(attribution, source_types(ctx.sents, attribution))})
    return step


class EngagementStep:
    """Engagement cues (rows of the ``engagement`` table) and each sentence's summary."""

    def __init__(self, vocab: Vocab, settings: Settings):
        self.detector = EngagementDetector(vocab, modal_profile=settings.modal_profile)

    def __call__(self, doc: Doc, ctx: DocContext) -> Result:
        rows = self.detector(doc)
        summary = sentence_engagement(rows, len(ctx.sents))
        return Result(rows=rows, sentences={k: {c: v for c, v in s.items() if c != "sent_id"}
                                            for k, s in enumerate(summary)})


class DeviceStep:
    """Grammatical devices (rows of the ``devices`` table; modal agency reads the cue rows) and
    their counts per sentence."""

    def __init__(self, vocab: Vocab, settings: Settings):
        self.detector = DeviceDetector(vocab)

    def __call__(self, doc: Doc, ctx: DocContext) -> Result:
        rows = self.detector(doc, cues=ctx.cues)
        by = _by_sentence(rows, "sent_id")
        return Result(rows=rows, sentences={k: device_counts(by.get(k, [])) for k in range(len(ctx.sents))})


class ActorStep:
    """Actor mentions of the domain's actors lexicon; per sentence the sides mentioned."""

    def __init__(self, vocab: Vocab, domain: Domain):
        self.detector = ActorDetector(vocab, lexicon=domain.actors)

    @classmethod
    def build(cls, vocab: Vocab, settings: Settings):
        d = settings.domain
        return cls(vocab, d) if d and d.actors else None

    def __call__(self, doc: Doc, ctx: DocContext) -> Result:
        rows = self.detector(doc)
        by = _by_sentence(rows, "sent_index")
        return Result(rows=rows, sentences={
            k: {"actors": "|".join(dict.fromkeys(a["side"] for a in by.get(k, []) if a.get("side")))}
            for k in range(len(ctx.sents))})


class FrameStep:
    """Frame cues of the domain's frames lexicon (with the actor mentions, if on); per sentence
    the frames cued and ``n_frame_<frame>``."""

    def __init__(self, vocab: Vocab, domain: Domain):
        self.detector = FrameDetector(vocab, lexicon=domain.frames, actors=domain.actors)

    @classmethod
    def build(cls, vocab: Vocab, settings: Settings):
        d = settings.domain
        return cls(vocab, d) if d and d.frames else None

    def __call__(self, doc: Doc, ctx: DocContext) -> Result:
        actors = ctx.get("actors")
        rows = self.detector(doc, actors=actors.rows if actors is not None else None)
        by = _by_sentence(rows, "sent_index")
        sentences = {}
        for k in range(len(ctx.sents)):
            mine = by.get(k, [])
            cols = {"frames": "|".join(dict.fromkeys(f["frame"] for f in mine))}
            for f in mine:
                key = f"n_frame_{f['frame']}"
                cols[key] = cols.get(key, 0) + 1
            sentences[k] = cols
        return Result(rows=rows, sentences=sentences)


class ProspectStep:
    """Prospect statements about the domain's prospect frames (needs the frames lexicon). The
    documents' context is the domain's frames: a domain declares what the corpus is about, so a
    verbless heading such as "False hope" inherits its frames (see :mod:`discourse.measures.prospects`)."""

    def __init__(self, vocab: Vocab, domain: Domain):
        self.markers = prospect_markers(vocab, domain.prospects)
        self.targets = frozenset(domain.prospect_frames)

    @classmethod
    def build(cls, vocab: Vocab, settings: Settings):
        d = settings.domain
        return cls(vocab, d) if d and d.prospects and d.frames else None

    def __call__(self, doc: Doc, ctx: DocContext) -> Result:
        frames = ctx.get("frames")
        # prospect stance keeps the lexicon score it was built on, whatever the sentiment method
        by_text = ctx.get("sentiment").data
        rows = {r["sent_index"]: r for r in prospect_rows(
            doc, frames.rows if frames is not None else [], cues=ctx.cues,
            sentiment=lambda t: by_text.get(t, 0.0), markers=self.markers, targets=self.targets,
            context=self.targets)}
        sentences = {}
        for k in range(len(ctx.sents)):
            pr = rows.get(k, {})
            sentences[k] = {"prospect": bool(pr.get("prospect", False)), "prospect_score": pr.get("score"),
                            "prospect_stance": pr.get("stance")}
        return Result(sentences=sentences)


#: every measure of the package; a sentence row has their columns in this order (the Measurer
#: runs them in this order too, each after the measures it ``needs``)
MEASURES: tuple[Measure, ...] = (
    Measure("hedges", "cue", "cues", counts=("hedge",), detector=HedgeDetector, zero_counts=True,
            citation="Hyland 2005; Vincze et al. 2008 (lexicons/hedges.tsv)"),
    Measure("boosters", "cue", "cues", counts=("booster",), detector=HedgeDetector, zero_counts=True,
            citation="Hyland 2005 (lexicons/boosters.tsv)"),
    Measure("modality", "cue", "cues", counts=("modal",), detector=ModalDetector,
            categorical={"sense": SENSES, "strength": STRENGTHS}, zero_counts=True, count_by="sense",
            citation="Coates 1983; Palmer 2001; Collins 2009 (lexicons/modals.tsv)"),
    Measure("stance_markers", "cue", "cues", counts=("self_mention", "attitude"), detector=StanceDetector,
            citation="Hyland 2005 (lexicons/stance_markers.tsv)"),
    Measure("sentiment", "sentence", "sentences",
            columns=("sentiment", "sentiment_lexicon", "vader", "textblob_polarity", "textblob_subjectivity"),
            scores=("sentiment", "vader", "textblob_polarity", "textblob_subjectivity"),
            dtypes=dict.fromkeys(("sentiment", "sentiment_lexicon", "vader", "textblob_polarity",
                                  "textblob_subjectivity"), "float64"),
            factory=SentimentStep, citation="Hutto & Gilbert 2014; Loria (TextBlob)"),
    Measure("voice", "sentence", "sentences", columns=("voice", "speaker"),
            categorical={"voice": VOICES}, factory=VoiceStep, cue_columns=("voice", "speaker"),
            citation="Thompson & Yiyun 1991 (lexicons/reporting_verbs.tsv)"),
    Measure("source_type", "sentence", "sentences", columns=("source_type",),
            categorical={"source_type": SOURCE_TYPES}, factory=source_type_step, needs=("voice",),
            citation="Culbertson 1978; Bell 1991 (lexicons/source_types.tsv)"),
    Measure("frames", "cue", "frames", columns=("frames",), counts=("frame",), domain=True,
            factory=FrameStep.build, needs=("actors",), output="frame", citation="Entman 1993 (lexicons/frames.tsv)"),
    Measure("actors", "cue", "actors", columns=("actors",), domain=True, factory=ActorStep.build, output="actor",
            citation="lexicons/actors.tsv"),
    Measure("prospects", "sentence", "sentences", columns=("prospect", "prospect_score", "prospect_stance"),
            scores=("prospect_score",), categorical={"prospect_stance": STANCES}, domain=True,
            dtypes={"prospect": "bool", "prospect_score": "float64"}, factory=ProspectStep.build,
            needs=("frames", "sentiment"), citation="this project (measures/prospects.py)"),
    Measure("engagement", "cue", "engagement", columns=("engagement", "commitment"), counts=("eng",),
            categorical={"engagement": ("monoglossic", "heteroglossic"), "commitment": COMMITMENTS,
                         "category": ENGAGEMENT_CATEGORIES}, factory=EngagementStep, level_counts="category",
            citation="Martin & White 2005 ch. 3 (lexicons/engagement.tsv)"),
    Measure("devices", "cue", "devices", counts=("device",), factory=DeviceStep, needs=("voice",),
            categorical={f"device_{d}": DEVICE_CATEGORIES[d] for d in DEVICES},
            citation="Palmer 2001; Quirk et al. 1985; Chilton 2004; Charteris-Black 2004 (lexicons/devices.tsv)"),
)


def measures(*, level: str | None = None, domain: bool = True) -> tuple[Measure, ...]:
    """The registered measures, optionally of one ``level``; ``domain=False`` leaves out the
    domain-lexicon measures (frames, actors, prospects)."""
    return tuple(m for m in MEASURES if (level is None or m.level == level) and _on(m, domain))


def get(name: str) -> Measure:
    """The measure called ``name`` (``KeyError`` naming the registered ones otherwise)."""
    for m in MEASURES:
        if m.name == name:
            return m
    raise KeyError(f"no measure {name!r}; registered: {[m.name for m in MEASURES]}")


def run_order(entries: tuple[Measure, ...] | None = None) -> tuple[Measure, ...]:
    """``entries`` (default all) in the order they run: registry order, each after the measures it
    ``needs`` (a need that is not registered is an error; one that is off at run time is ``None``
    in ``ctx``)."""
    entries = MEASURES if entries is None else entries
    names = {m.name for m in entries}
    for m in entries:
        unknown = [n for n in m.needs if n not in names]
        if unknown:
            raise ValueError(f"measure {m.name!r} needs {unknown}, which are not registered: {sorted(names)}")
    done: list[Measure] = []
    left = list(entries)
    while left:
        ready = next((m for m in left if all(n in {d.name for d in done} for n in m.needs)), None)
        if ready is None:
            raise ValueError(f"measures {[m.name for m in left]} need each other (a cycle in their needs)")
        done.append(ready)
        left.remove(ready)
    return tuple(done)


def build_detector(make, vocab: Vocab, settings: Settings):
    """A cue detector built from its registry factory: ``make.from_settings(vocab, settings)`` when
    the factory has one (the modal and hedge detectors read ``settings.modal_profile``), else
    ``make(vocab)``."""
    from_settings = getattr(make, "from_settings", None)
    return from_settings(vocab, settings) if from_settings is not None else make(vocab)


def cue_detectors() -> tuple:
    """The distinct cue ``detector`` factories, in registry order (measures may share one)."""
    return tuple(dict.fromkeys(m.detector for m in MEASURES if m.detector is not None))


def row_tables() -> tuple[str, ...]:
    """The row tables of a measured Doc: ``sentences``, ``cues`` and the measures' own tables."""
    return tuple(dict.fromkeys(("sentences", "cues", *(m.table for m in MEASURES))))


def output_levels() -> dict[str, str]:
    """``{row table: output level}`` of the tables the command line writes: ``sentences`` at the
    ``sentence`` level, ``cues`` at ``cue``, then each measure table with an ``output`` level."""
    out = {"sentences": "sentence", "cues": "cue"}
    for m in MEASURES:
        if m.output:
            if m.output not in KEY_SCHEMAS:
                raise ValueError(f"measure {m.name!r}: output {m.output!r} is not a level of {list(KEY_SCHEMAS)}")
            out.setdefault(m.table, m.output)
    return out


def _on(m: Measure, domain: bool) -> bool:
    """Whether measure ``m`` runs: every generic measure, the domain measures only with a domain."""
    return domain or not m.domain


def base_counts(*, domain: bool = True) -> tuple[str, ...]:
    """The count columns every sentence row has (0 without a cue), in registry order: ``n_<prefix>`` of
    the measures with ``zero_counts``, each followed by ``n_<prefix>_<level>`` per level of its ``count_by``.
    ``domain=False``: only those of the measures that run without a domain."""
    out: list[str] = []
    for m in MEASURES:
        if m.zero_counts and _on(m, domain):
            for p in m.counts:
                out.append(f"n_{p}")
                out += [f"n_{p}_{lv}" for lv in (m.categorical[m.count_by] if m.count_by else ())]
    return tuple(out)


def count_columns(*, domain: bool = True) -> tuple[str, ...]:
    """Every count column each sentence row (and document row) has whatever was found: the cue counts
    of :func:`base_counts`, then the ``n_<prefix>_<level>`` of the measures with ``level_counts``.
    Other count columns (a frame, a device category) appear only when something was counted."""
    extra = [f"n_{p}_{lv}" for m in MEASURES if m.level_counts and _on(m, domain)
             for p in m.counts for lv in m.categorical[m.level_counts]]
    return base_counts(domain=domain) + tuple(extra)


def count_fields() -> dict[str, str]:
    """``{cue kind: field}`` for the kinds whose per-level counts ``n_<kind>_<level>`` read a field of
    their own (a measure's ``count_by``: a modal's ``sense``); the other kinds count by ``category``."""
    return {p: m.count_by for m in MEASURES for p in m.counts if m.count_by}


def cue_columns() -> tuple[str, ...]:
    """The columns of a cue row: the cue level's keys after ``segment_id`` and ``role``
    (:data:`KEY_SCHEMAS`), then those the measures add (``cue_columns``: voice, speaker)."""
    return key_columns("cue") + tuple(dict.fromkeys(c for m in MEASURES for c in m.cue_columns))


def score_columns(*, domain: bool = True) -> tuple[str, ...]:
    """Sentence-level float columns that ``compare()`` compares as scores (``domain=False``: only those of
    the measures that run without a domain)."""
    return tuple(dict.fromkeys(c for m in MEASURES if _on(m, domain) for c in m.scores))


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


def key_columns(level: str) -> tuple[str, ...]:
    """The key columns of ``level`` after ``segment_id`` and ``role`` (the rows a measure gives for
    a Doc, before the segment is known): e.g. :data:`discourse.tables.FRAME_COLUMNS`."""
    return tuple(c for c in KEY_SCHEMAS[level] if c not in _SPAN)


def flag_columns(*, domain: bool = True) -> tuple[str, ...]:
    """Sentence-level boolean columns (e.g. ``prospect``): the document table counts them as ``n_<column>``
    (``domain=False``: only those of the measures that run without a domain)."""
    return tuple(dict.fromkeys(c for m in MEASURES if _on(m, domain) for c in m.columns if m.dtype(c) == "bool"))


def level_schema(level: str, *, domain: bool = True) -> dict[str, str]:
    """``{column: dtype}`` every output table of ``level`` has, even with no rows, after ``doc_id``
    and the kept columns (a table with rows may have more: count columns, cue attributes).

    ``"sentence"``: the keys, then the sentence-table columns (``columns``) of the measures with
    ``in_schema``, in registry order. ``"cue"``: the keys, then the ``cue_columns`` measures add to every
    cue row (voice, speaker). ``"source"`` (one row per document): the keys, ``mean_<score>`` for every
    :func:`score_columns` and ``n_<flag>`` for every :func:`flag_columns`. ``"frame"``, ``"actor"``:
    the keys (:data:`KEY_SCHEMAS`). ``domain=False``: without the columns of the domain measures (frames,
    actors, prospects), which do not run without a domain.
    """
    if level not in KEY_SCHEMAS:
        raise KeyError(f"no output level {level!r}; levels: {list(KEY_SCHEMAS)}")
    schema = dict(KEY_SCHEMAS[level])
    if level == "sentence":
        for m in MEASURES:
            if m.in_schema and _on(m, domain):
                schema.update({c: m.dtype(c) for c in m.columns})
    elif level == "cue":  # columns a measure adds to every cue row (voice, speaker), after the keys
        for m in MEASURES:
            if m.in_schema and _on(m, domain):
                schema.update({c: m.dtype(c) for c in m.cue_columns})
    elif level == "source":
        schema.update({f"mean_{c}": "float64" for c in score_columns(domain=domain)})
        schema.update({f"n_{c}": _INT for c in flag_columns(domain=domain)})
    return schema
