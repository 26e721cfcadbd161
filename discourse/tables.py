"""Tidy tables: the currency between the layers.

One row per segment, per sentence, per cue or per source. Parsing happens here, once per
segment, through :func:`discourse.nlp.iter_parse` (``nlp.pipe`` plus the on-disk cache).

Token counts (``n_tokens``) count *word* tokens: spaCy tokens that are neither punctuation
nor whitespace. They are the denominators of every rate.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc, Span

from . import registry
from .components import CUE_COLUMNS, cue_finder
from .corpus import Corpus, NotEnglishWarning
from .domains import Domain, resolve_domain
from .errors import InputError
from .measures._doc import measuring, token_attrs
from .measures._doc import sentences as doc_sentences
from .measures.attribution import real_quotes
from .measures.devices import DEVICE_COLUMNS
from .measures.engagement import COLUMNS as ENGAGEMENT_COLUMNS
from .measures.framing import svo, verb_classes
from .measures.hedging import assign_voice
from .measures.modality import check_profile
from .measures.sentiment import DEFAULT_METHOD as DEFAULT_SENTIMENT
from .measures.sentiment import SENTENCE_SCORE_KEYS, check_method
from .nlp import Cache, check_text, iter_parse, load_nlp, model_info, parse_one

#: ``source_id``: the deprecated alias of ``doc_id``, kept (equal to it) as the last column of
#: every table so that older code that reads it keeps working.
ALIAS = "source_id"
#: Default of ``domain=``: the corpus's own domain (``Corpus.domain``).
FROM_CORPUS = "from_corpus"


def n_words(span: Doc | Span) -> int:
    """Number of word tokens (not punctuation, not whitespace) in a Doc or Span."""
    return sum(1 for t in span if not (t.is_punct or t.is_space))


def parse_segments(
    corpus: Corpus,
    *,
    roles: Iterable[str] | None = ("body",),
    nlp: Language | None = None,
    cache: Cache = True,
    batch_size: int = 64,
    n_process: int = 1,
    exclude: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The corpus's segments (of the given roles; ``None`` = all) with a ``doc`` column.

    Each segment is parsed on its own, so a heading never runs into the next paragraph.
    ``exclude``: doc ids to leave out.
    """
    seg = corpus.segments
    if roles is not None:
        seg = seg[seg["role"].isin(list(roles))]
    if exclude:
        seg = seg[~seg["doc_id"].isin(list(exclude))]
    seg = seg.reset_index(drop=True).copy()
    nlp = nlp or load_nlp()
    names = (f"{r.doc_id} segment {r.segment_id}" for r in seg.itertuples())
    seg["doc"] = list(iter_parse(seg["text"], nlp=nlp, cache=cache, batch_size=batch_size,
                                 n_process=n_process, names=names))
    return seg


def composition(corpus: Corpus, *, nlp: Language | None = None, cache: Cache = True) -> pd.DataFrame:
    """One row per document and role: ``doc_id``, ``role``, ``n_segments``, ``n_sentences``,
    ``n_tokens`` (words), ``n_chars`` (and the ``source_id`` alias)."""
    seg = parse_segments(corpus, roles=None, nlp=nlp, cache=cache)
    seg["n_sentences"] = [len(list(d.sents)) for d in seg["doc"]]
    seg["n_tokens"] = [n_words(d) for d in seg["doc"]]
    seg["n_chars"] = seg["text"].str.len()
    out = (
        seg.groupby(["doc_id", "role"], sort=False)
        .agg(n_segments=("segment_id", "size"), n_sentences=("n_sentences", "sum"),
             n_tokens=("n_tokens", "sum"), n_chars=("n_chars", "sum"))
        .reset_index()
    )
    return _with_alias(out)


def _with_alias(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with the ``source_id`` alias of ``doc_id`` as its last column."""
    df = df.drop(columns=[ALIAS], errors="ignore")
    df[ALIAS] = df["doc_id"] if "doc_id" in df.columns else pd.Series(dtype=object)
    return df


# --------------------------------------------------------------------------- cues and sentences
SENTENCE_KEYS = ["doc_id", "segment_id", "role", "sent_id", "sent_in_segment", "text", "start_char", "end_char", "n_tokens"]
#: the sentiment step's columns, right after the keys (:data:`discourse.measures.sentiment.SENTENCE_SCORE_KEYS`)
SCORE_COLUMNS = list(SENTENCE_SCORE_KEYS)
#: count columns always present (so tables from different corpora line up): :func:`discourse.registry.base_counts`
BASE_COUNTS = list(registry.base_counts())


#: The columns of the frame and actor tables after the keys (``doc_id``, metadata, ``segment_id``, ``role``):
#: the registry's key columns of those levels (:func:`discourse.registry.key_columns`).
FRAME_COLUMNS = list(registry.key_columns("frame"))
ACTOR_COLUMNS = list(registry.key_columns("actor"))
#: Columns a corpus's metadata may not be named (the sentence and cue tables' own; metadata are not
#: copied onto the frame and actor tables, so an actor's ``source`` does not clash with a CSV's).
RESERVED_COLUMNS = frozenset(SENTENCE_KEYS + SCORE_COLUMNS + CUE_COLUMNS + [ALIAS]
                             + [c for m in registry.MEASURES if m.in_schema for c in m.columns])


def _cue_frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=CUE_COLUMNS)
    return df.astype({"start_char": "int64", "end_char": "int64", "token_start": "int64",
                      "token_end": "int64", "sent_id": "int64", "negated": "bool"})


def cues(text_or_doc: str | Doc, *, nlp: Language | None = None, modal_profile: str = "default") -> pd.DataFrame:
    """Every hedge, booster and modal (and stance marker) in a text, one row per cue.

    Columns: ``kind`` (hedge | booster | modal | ...), ``text``, ``lemma``, ``start_char`` and
    ``end_char`` (offsets into the input text), ``token_start``/``token_end``, ``sent_id`` (the
    sentence's index in the text), ``category``, ``sense`` (modal cues: epistemic | deontic |
    dynamic), ``strength`` (low | median | high: Halliday's values of modality), ``negated``,
    ``lexicon`` (word list and version that matched) and ``rule`` (which rule decided).
    An empty text gives an empty frame with these columns. A Doc must carry tags and a parse.
    ``modal_profile``: the modal-sense profile (``"newswire"``: economic news forecasts read as
    epistemic; :data:`discourse.measures.modality.PROFILES`), shared by the modal and hedge rows.
    """
    check_profile(modal_profile)
    if isinstance(text_or_doc, Doc):
        doc = text_or_doc
    elif isinstance(text_or_doc, str) and not text_or_doc.strip():
        return _cue_frame([])
    else:
        nlp = nlp or load_nlp()
        doc = parse_one(check_text(text_or_doc, max_length=nlp.max_length), nlp=nlp)
    rows = cue_finder(doc.vocab, modal_profile)(doc)
    assign_voice(rows, measurer(doc.vocab).attribution(doc), quote_spans=real_quotes(doc))
    return _cue_frame(rows)


def _count_columns(sent_cues: list[dict], count_by: dict[str, str]) -> dict[str, int]:
    """A sentence's count columns: ``n_<kind>`` per cue and ``n_<kind>_<level>`` per level of the
    field ``count_by[kind]`` names (the registry's ``count_by``, e.g. a modal's ``sense``; the cue's
    ``category`` for the kinds without one), starting from 0 for :data:`BASE_COUNTS`."""
    counts: dict[str, int] = dict.fromkeys(BASE_COUNTS, 0)
    for c in sent_cues:
        kind = c["kind"]
        counts[f"n_{kind}"] = counts.get(f"n_{kind}", 0) + 1
        level = c.get(count_by.get(kind, "category"))
        if level:
            key = f"n_{kind}_{level}"
            counts[key] = counts.get(key, 0) + 1
    return counts


class Measurer:
    """Every registered measure (:data:`discourse.registry.MEASURES`), built once for a vocabulary.

    ``measurer(doc)`` returns the rows for one parsed Doc (a paragraph or a whole text):
    ``sentences`` (one dict per non-blank sentence), ``cues`` (the rows of every cue ``detector``:
    hedges, boosters, modals, stance markers) and the table of every measure with rows of its own
    (``frames``, ``actors``, ``engagement``, ``devices``); offsets index ``doc.text`` and ``sent_id``
    is the sentence's index within the Doc. A sentence row has the keys, then each measure's columns
    in registry order, then the counts ``n_<kind>...`` of its cues and the measures' count columns.

    ``domain`` (see :mod:`discourse.domains`): the domain lexicon set of the frame, actor and
    prospect measures. ``None`` (the default) switches them off: no frame or actor rows, and the
    sentence rows have no ``frames``, ``actors``, ``prospect*`` or ``n_frame_*`` columns. The
    generic measures (sentiment, hedges, boosters, modality, voice, stance markers) always run.
    """

    def __init__(self, vocab, *, domain=None, sentiment_method: str = DEFAULT_SENTIMENT,
                 modal_profile: str = "default"):
        self.domain: Domain | None = resolve_domain(domain)
        self.sentiment_method = check_method(sentiment_method)
        self.modal_profile = check_profile(modal_profile)
        self.measures = registry.MEASURES
        settings = registry.Settings(domain=self.domain, sentiment_method=self.sentiment_method,
                                     modal_profile=self.modal_profile)
        self.cues = cue_finder(vocab, self.modal_profile)
        #: ``{name: step}`` of the measures that are on, in run order
        self.steps = {}
        for m in registry.run_order(self.measures):
            step = m.factory(vocab, settings) if m.factory is not None else None
            if step is not None:
                self.steps[m.name] = step
        #: the measures that are on, in registry order (the order of their sentence columns)
        self.active = tuple(m for m in self.measures if m.name in self.steps)
        self.tables = registry.row_tables()
        #: the field each cue kind's per-level counts read (``modal`` -> ``sense``)
        self.count_by = registry.count_fields()

    def step(self, name: str):
        """The built step of measure ``name``, ``None`` if it is off (e.g. no domain)."""
        return self.steps.get(name)

    def _detector(self, name: str):
        step = self.steps.get(name)
        return step.detector if step is not None else None

    @property
    def attribution(self):
        """The voice measure's :class:`~discourse.measures.attribution.AttributionDetector`."""
        return self._detector("voice")

    @property
    def devices(self):
        """The devices measure's :class:`~discourse.measures.devices.DeviceDetector`."""
        return self._detector("devices")

    @property
    def engagement(self):
        """The Engagement measure's :class:`~discourse.measures.engagement.EngagementDetector`."""
        return self._detector("engagement")

    @property
    def actors(self):
        """The :class:`~discourse.measures.framing.ActorDetector` (``None`` without an actors lexicon)."""
        return self._detector("actors")

    @property
    def frames(self):
        """The :class:`~discourse.measures.framing.FrameDetector` (``None`` without a frames lexicon)."""
        return self._detector("frames")

    @property
    def prospects(self):
        """The prospect markers (``None`` without a prospects and a frames lexicon)."""
        step = self.steps.get("prospects")
        return step.markers if step is not None else None

    @property
    def targets(self) -> frozenset:
        """The frames prospect statements are about (the domain's ``prospect_frames``)."""
        return frozenset(self.domain.prospect_frames) if self.domain else frozenset()

    def __call__(self, doc: Doc) -> dict[str, list[dict]]:
        """The rows of one Doc (see the class docstring; many Docs: :meth:`pipe`)."""
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 128) -> Iterator[dict[str, list[dict]]]:
        """The rows of each Doc in turn, the same as ``self(doc)`` gives, measure by measure over
        batches of ``batch_size`` Docs: each measure runs over the whole batch before the next one
        starts (the order of the measures within a Doc is the same), which keeps one measure's
        code and word lists in the processor's caches and costs about a fifth less CPU time than
        measuring Doc by Doc (``benchmarks/RESULTS.md``). The Docs of a batch share their sentence
        Spans while it is measured (:func:`discourse.measures._doc.measuring`)."""
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._measure_batch(batch)
                batch = []
        if batch:
            yield from self._measure_batch(batch)

    def _measure_batch(self, batch: list[Doc]) -> list[dict[str, list[dict]]]:
        with measuring(*batch):  # the measures of each Doc share one set of sentence Spans
            ctxs = [registry.DocContext(doc, cues) for doc, cues in zip(batch, self.cues.many(batch))]
            for name, step in self.steps.items():
                many = getattr(step, "many", None)  # a step that scores a batch in one call
                results = many(batch, ctxs) if many is not None else [step(doc, ctx) for doc, ctx in zip(batch, ctxs)]
                for ctx, res in zip(ctxs, results):
                    ctx.results[name] = res
        return [self._rows(doc, ctx) for doc, ctx in zip(batch, ctxs)]

    def _rows(self, doc: Doc, ctx: registry.DocContext) -> dict[str, list[dict]]:
        """The sentence rows (keys, each measure's columns, the counts) and the row tables of one
        measured Doc."""
        cue_by_sent = _by_sentence(ctx.cues, "sent_id")
        is_word = token_attrs(doc).is_word  # word tokens, read once per Doc (not a Token per token)
        results = [(m, ctx.results[m.name]) for m in self.active]
        rows = []
        for k, sent in enumerate(ctx.sents):
            text = ctx.texts[k]
            if not text.strip():
                continue
            row = {"sent_id": k, "text": text, "start_char": sent.start_char, "end_char": sent.end_char,
                   "n_tokens": sum(is_word[sent.start:sent.end])}
            for m, res in results:
                row.update(dict.fromkeys(m.columns))
                row.update(res.sentences.get(k, ()))
            row.update(_count_columns(cue_by_sent.get(k, []), self.count_by))
            rows.append(row)
        out = {name: [] for name in self.tables}
        out["sentences"], out["cues"] = rows, ctx.cues
        for m, res in results:
            if m.table not in ("sentences", "cues"):
                for r in res.rows:
                    if "sent_index" in r:
                        r["sent_id"] = r.pop("sent_index")
                out[m.table].extend(res.rows)
        return out


def _by_sentence(rows: list[dict], key: str) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for r in rows:
        out.setdefault(r[key], []).append(r)
    return out


_MEASURERS: dict[tuple[int, Domain | None, str, str], Measurer] = {}


def measurer(vocab, *, domain=None, sentiment_method: str = DEFAULT_SENTIMENT,
             modal_profile: str = "default") -> Measurer:
    """The :class:`Measurer` for ``vocab``, ``domain``, ``sentiment_method`` and ``modal_profile``,
    built on first use and then reused."""
    key = (id(vocab), resolve_domain(domain), check_method(sentiment_method), check_profile(modal_profile))
    m = _MEASURERS.get(key)
    if m is None or m.cues.vocab is not vocab or m.measures is not registry.MEASURES:
        m = _MEASURERS[key] = Measurer(vocab, domain=key[1], sentiment_method=key[2], modal_profile=key[3])
    return m


@dataclass
class Analysis:
    """The tables of one corpus, from a single parse.

    ``sentences`` (see :func:`sentence_table`), ``cues`` (see :func:`cue_table`), ``frames`` (one
    row per frame cue) and ``actors`` (one row per actor mention), all with ``doc_id``,
    ``segment_id``, ``role``, the document's ``sent_id``, offsets into the raw text and, last, the
    deprecated ``source_id`` alias; ``info`` names the model, its version and the domain.
    Sentences and cues also carry the corpus's metadata columns (``Corpus.metadata``) after
    ``doc_id``; join frames and actors to them on ``(doc_id, sent_id)``.
    """

    sentences: pd.DataFrame
    cues: pd.DataFrame
    frames: pd.DataFrame
    actors: pd.DataFrame
    info: dict
    devices: pd.DataFrame | None = None
    engagement: pd.DataFrame | None = None


def _corpus_domain(corpus: Corpus, domain):
    return corpus.domain if isinstance(domain, str) and domain == FROM_CORPUS else domain


def _check_metadata(corpus: Corpus) -> list[str]:
    meta = list(corpus.metadata)
    clash = [c for c in meta if c in RESERVED_COLUMNS or c.startswith("n_")]
    if clash:
        raise InputError(f"The corpus's metadata column(s) {clash} have the names of table columns; rename them "
                         "in the input file (e.g. 'category' -> 'section') and load it again.")
    return meta


#: the row tables a Measurer returns per Doc, in order (:func:`discourse.registry.row_tables`)
ROW_TABLES = registry.row_tables()
#: the tables whose rows carry the document's metadata columns (the others join on (doc_id, sent_id))
WIDE_TABLES = frozenset({"sentences", "cues"})


def document_rows(plan, docs: list[Doc], meas: Measurer, *, key: dict, wide: dict | None = None,
                  measured: list[dict] | None = None) -> dict[str, list[dict]]:
    """THE one step from parsed Docs to table rows for one document, used by :func:`analyze_all`,
    the command line's streaming scorer and Dask alike.

    ``plan``: the document's measured segments in order, each ``(segment, pieces)`` with
    ``segment`` a dict of ``segment_id``, ``role`` and ``start_char`` (its offset in the raw text)
    and ``pieces`` its parsed parts as ``(offset in the segment, _)`` (one piece unless a long
    paragraph was cut); ``docs``: the parsed pieces in the same order. ``key``: the columns put
    first on every row (``doc_id``); ``wide``: those of the sentence and cue rows (``key`` plus the
    document's metadata; default ``key``). Returns ``{table: rows}`` for :data:`ROW_TABLES`, with
    ``sent_id`` counted from 0 over the document, ``sent_in_segment``, offsets into the raw text and
    token offsets within the segment. ``measured``: ``meas``'s rows of each of ``docs``, if a
    caller measured a larger batch at once (:meth:`Measurer.pipe`); default: measured here.
    """
    wide = key if wide is None else wide
    out: dict[str, list[dict]] = {name: [] for name in meas.tables}
    it = zip(docs, meas.pipe(docs) if measured is None else measured, strict=True)
    n_sent = 0
    for seg, pieces in plan:
        head = {"segment_id": seg["segment_id"], "role": seg["role"]}
        sent_base, tok_base = 0, 0
        for offset, _piece in pieces:
            doc, res = next(it)
            local = {r["sent_id"]: n_sent + i for i, r in enumerate(res["sentences"])}
            n_sent += len(res["sentences"])
            start = seg["start_char"] + offset
            for r in res["sentences"]:
                out["sentences"].append({**wide, **head, **r, "sent_id": local[r["sent_id"]],
                                         "sent_in_segment": sent_base + r["sent_id"],
                                         "start_char": start + r["start_char"], "end_char": start + r["end_char"]})
            for name in meas.tables[1:]:
                front = wide if name in WIDE_TABLES else key
                for r in res[name]:
                    if r["sent_id"] not in local:  # a whitespace-only "sentence"
                        continue
                    row = {**front, **head, **r, "sent_id": local[r["sent_id"]],
                           "start_char": start + r["start_char"], "end_char": start + r["end_char"]}
                    if tok_base and "token_start" in row:
                        row["token_start"] += tok_base
                        row["token_end"] += tok_base
                    out[name].append(row)
            if len(pieces) > 1:
                sent_base += len(doc_sentences(doc))
                tok_base += len(doc)
    return out


def _documents_to_measure(corpus: Corpus, non_english: str) -> set[str] | None:
    """The doc ids to leave out (warned about), or None to keep all."""
    if non_english not in ("skip", "keep"):
        raise InputError(f"non_english must be 'skip' or 'keep', got {non_english!r}.")
    if non_english == "keep" or not corpus.not_english:
        return None
    for doc_id, reason in corpus.not_english.items():
        warnings.warn(f"analyze_all leaves out document {doc_id!r}: it does not look like English ({reason}). "
                      "Pass non_english='keep' to measure it anyway.", NotEnglishWarning, stacklevel=3)
    return set(corpus.not_english)


def analyze_all(
    corpus: Corpus,
    *,
    domain=FROM_CORPUS,
    sentiment_method: str = DEFAULT_SENTIMENT,
    modal_profile: str = "default",
    roles: Iterable[str] = ("body",),
    non_english: str = "skip",
    nlp: Language | None = None,
    cache: Cache = True,
    batch_size: int = 64,
    n_process: int = 1,
) -> Analysis:
    """Parse the corpus's body text once (cached) and measure everything: an :class:`Analysis`.

    ``sentiment_method``: the ``sentiment`` column's method (see
    :data:`discourse.measures.sentiment.METHODS`; VADER and TextBlob columns are always kept).
    ``modal_profile``: the modal-sense profile of the modal, hedge and Engagement rows (default
    ``"default"``; ``"newswire"`` reads the forecasts of economic news as epistemic: forecast
    *would*, outcome *should*, *could* of a company or state; see
    :data:`discourse.measures.modality.PROFILES` and its validation in notebook 07), recorded in
    the tables' ``attrs``.
    ``roles``: which segments are measured (default body prose only); e.g. ``("title", "heading")``
    measures a text's title and headings as a stratum of their own, never pooled with the body.

    ``domain``: the domain lexicon set of the frame, actor and prospect measures (see
    :mod:`discourse.domains`): a name (``"us_iran_diplomacy"``), a mapping of TSV paths, or
    ``None`` (off: no frame or actor rows). Default: the corpus's own (``Corpus.domain``: the
    study corpus carries ``"us_iran_diplomacy"``, a user's corpus ``None``).
    ``non_english``: ``"skip"`` (default) leaves out, with a warning, the documents that
    :func:`discourse.corpus.check_language` judged not English; ``"keep"`` measures them.
    """
    check_profile(modal_profile)
    domain = resolve_domain(_corpus_domain(corpus, domain))
    meta = _check_metadata(corpus)
    left_out = _documents_to_measure(corpus, non_english)
    nlp = nlp or load_nlp()
    seg = parse_segments(corpus, roles=tuple(roles), nlp=nlp, cache=cache, batch_size=batch_size,
                         n_process=n_process, exclude=left_out)
    meas = measurer(nlp.vocab, domain=domain, sentiment_method=sentiment_method, modal_profile=modal_profile)
    values = corpus.sources.set_index("doc_id")[meta] if meta else None
    out: dict[str, list[dict]] = {name: [] for name in meas.tables}
    # every Doc measured in batches across documents (Measurer.pipe), then cut back per document
    measured = dict(zip(seg.index, meas.pipe(seg["doc"])))
    for doc_id, g in seg.groupby("doc_id", sort=False):
        key = {"doc_id": doc_id}
        wide = {"doc_id": doc_id, **(values.loc[doc_id].to_dict() if meta else {})}
        plan = [({"segment_id": r.segment_id, "role": r.role, "start_char": r.start_char}, [(0, None)])
                for r in g.itertuples()]
        rows = document_rows(plan, list(g["doc"]), meas, key=key, wide=wide, measured=[measured[i] for i in g.index])
        for name in meas.tables:
            out[name].extend(rows[name])
    keys = ["doc_id", *meta]
    sentences = pd.DataFrame(out["sentences"])
    if sentences.empty:
        on = domain is not None  # the columns a table with rows has (io.empty_table's, for this run)
        sentences = pd.DataFrame(columns=list(dict.fromkeys(
            keys + list(registry.level_schema("sentence", domain=on)) + list(registry.count_columns(domain=on)))))
    count_cols = sorted(c for c in sentences.columns if c.startswith("n_") and c != "n_tokens")
    sentences[count_cols] = sentences[count_cols].fillna(0).astype("int64")
    front = [c for c in keys + SENTENCE_KEYS[1:] + SCORE_COLUMNS if c in sentences.columns]
    rest = [c for c in sentences.columns if c not in front and c not in count_cols]
    sentences = _with_alias(sentences[front + rest + count_cols])
    cue_df = _with_alias(pd.DataFrame(out["cues"], columns=keys + ["segment_id", "role"] + CUE_COLUMNS))
    frames = _with_alias(pd.DataFrame(out["frames"], columns=["doc_id", "segment_id", "role"] + FRAME_COLUMNS))
    actors = _with_alias(pd.DataFrame(out["actors"], columns=["doc_id", "segment_id", "role"] + ACTOR_COLUMNS))
    devices = _with_alias(pd.DataFrame(out["devices"], columns=["doc_id", "segment_id", "role"] + DEVICE_COLUMNS))
    engagement = _with_alias(pd.DataFrame(out["engagement"],
                                          columns=["doc_id", "segment_id", "role"] + list(ENGAGEMENT_COLUMNS)))
    info = {**model_info(nlp), "domain": domain.name if domain else None, "modal_profile": meas.modal_profile}
    for df in (sentences, cue_df, frames, actors, devices, engagement):
        df.attrs.update(info)
    return Analysis(sentences, cue_df, frames, actors, info, devices, engagement)


def analyze(corpus: Corpus, **kwargs) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(sentence_table, cue_table)`` from a single parse; options as :func:`analyze_all`."""
    a = analyze_all(corpus, **kwargs)
    return a.sentences, a.cues


def svo_table(corpus: Corpus, *, domain=FROM_CORPUS, nlp: Language | None = None, cache: Cache = True) -> pd.DataFrame:
    """Who does what to whom: subject-verb-object triples (textacy) of the body sentences, with
    actors resolved to sides and verbs classed cooperative | hostile | neutral by the domain's
    lexicons (``domain`` as :func:`analyze_all`; with no actors lexicon the sides are empty, with
    no frames lexicon there is no ``verb_class`` column). Kept out of :func:`analyze_all` because
    it costs about a tenth of the parse."""
    d = resolve_domain(_corpus_domain(corpus, domain))
    nlp = nlp or load_nlp()
    seg = parse_segments(corpus, roles=("body",), nlp=nlp, cache=cache)
    meas = measurer(nlp.vocab, domain=d)
    classes = verb_classes(d.frames) if d and d.frames else {}
    rows, next_sent = [], {}
    for s in seg.itertuples():
        sents = [k for k, sent in enumerate(s.doc.sents) if sent.text.strip()]
        base = next_sent.get(s.doc_id, 0)
        local = {k: base + i for i, k in enumerate(sents)}
        next_sent[s.doc_id] = base + len(sents)
        for r in svo(s.doc, meas.actors(s.doc) if meas.actors else [], classes=classes):
            r = dict(r)
            k = r.pop("sent_index")
            if not (d and d.frames):
                r.pop("verb_class")
            rows.append({"doc_id": s.doc_id, "segment_id": s.segment_id, "sent_id": local.get(k, -1), **r})
    return _with_alias(pd.DataFrame(rows, columns=None if rows else ["doc_id", "segment_id", "sent_id"]))


def sentence_table(corpus: Corpus, **kwargs) -> pd.DataFrame:
    """One row per body sentence; the key is ``(doc_id, sent_id)``.

    Columns: ``doc_id``, the corpus's metadata columns (``Corpus.metadata``: outlet, genre...),
    ``segment_id``, ``role`` (always ``body``: only body text is analysed), ``sent_id`` (0-based
    within the document), ``sent_in_segment``, ``text``, ``start_char``/``end_char`` (offsets into
    the raw text), ``n_tokens`` (word tokens), the sentiment scores (``sentiment``: the package's
    primary score; ``vader``; ``textblob_polarity``; ``textblob_subjectivity``), ``voice`` and
    ``speaker``; with a domain (see :func:`analyze_all`) ``frames``, ``actors``, ``prospect``,
    ``prospect_score``, ``prospect_stance``; one count column per cue kind (``n_hedge``,
    ``n_booster``, ``n_modal``), per modal sense (``n_modal_epistemic`` ...), per kind and category
    (``n_hedge_approximator`` ...) and, with a domain, per frame (``n_frame_<frame>``); last
    ``source_id``, a deprecated alias of ``doc_id``. Options as :func:`analyze_all`.
    """
    return analyze_all(corpus, **kwargs).sentences


def cue_table(corpus: Corpus, **kwargs) -> pd.DataFrame:
    """Every cue in the body text, with ``doc_id``, the metadata columns, ``segment_id``, ``role``,
    ``sent_id`` (as in :func:`sentence_table`), offsets into the raw text and the ``source_id``
    alias. Options as :func:`analyze_all`."""
    return analyze_all(corpus, **kwargs).cues


#: who states a prospect: the writer, or the type of the source the sentence is credited to
WHO = ("writer", "named", "anonymous", "institutional", "unknown")
PROSPECT_COLUMNS = ["doc_id", "segment_id", "sent_id", "who", "voice", "speaker", "commitment", "prospect_stance",
                    "prospect_score", "engagement", "text"]


def prospect_statements(sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per prospect statement: who states it, with what commitment, and which stance.

    ``who`` is ``writer`` for authorial sentences, else the sentence's ``source_type`` (named,
    anonymous, institutional, unknown: :mod:`discourse.measures.sourcing`); ``voice`` keeps whether
    the source is reported or quoted; ``commitment`` is entertain | deny | proclaim | bare
    (:func:`discourse.measures.engagement.commitment`). The text of every sentence is kept, so every
    cell of a crossed table can be read back. Needs a sentence table measured with a domain (the
    ``prospect`` columns) and the Engagement and source-type columns.
    """
    need = ["doc_id", "prospect", "voice", "source_type", "commitment", "prospect_stance", "text"]
    missing = [c for c in need if c not in sentences.columns]
    if missing:
        raise InputError(f"prospect_statements: the sentence table has no column(s) {missing}; measure the corpus "
                         "with a domain (analyze_all(corpus, domain='us_iran_diplomacy') or your own lexicons).")
    d = sentences[sentences["prospect"].fillna(False).astype(bool)].copy()
    d["who"] = d["source_type"].where(d["voice"] != "authorial", "writer").fillna("unknown")
    d["who"] = pd.Categorical(d["who"], categories=list(WHO))
    cols = [c for c in PROSPECT_COLUMNS if c in d.columns] + (["source_id"] if "source_id" in d.columns else [])
    return d[cols].reset_index(drop=True)


def summarize(table: pd.DataFrame, by: str | list[str] | None = None, *, per: int = 1000) -> pd.DataFrame:
    """Per-group rates per ``per`` (1,000) word tokens, with counts and denominators kept.

    ``by``: any grouping column(s) of the table (a metadata column such as ``outlet``); default
    ``doc_id`` (``source_id`` for older tables). One row per group and count column
    (``measure``): ``count``, ``n_tokens``, ``n_sentences``, ``rate`` = count / n_tokens × per,
    and ``share_sentences`` (share of sentences with at least one). For bootstrap confidence
    intervals use :func:`discourse.stats.rates`.
    """
    if by is None:
        by = "doc_id" if "doc_id" in table.columns else ALIAS
    by = [by] if isinstance(by, str) else list(by)
    if "n_tokens" not in table.columns:
        raise InputError("summarize: the table has no n_tokens column; give it a sentence table "
                         "(dc.sentence_table(corpus)).")
    missing = [c for c in by if c not in table.columns]
    if missing:
        groups = [c for c in table.columns if not c.startswith("n_") and not pd.api.types.is_numeric_dtype(table[c])
                  and c not in ("text", "speaker", "frames", "actors", "prospect_stance")]
        raise InputError(f"summarize(by={missing[0]!r}): the table has no column {missing[0]!r}; its grouping "
                         f"columns are {groups}. Give the corpus that metadata column (a CSV/JSONL column, "
                         "or sub-folders) and score it again.")
    count_cols = [c for c in table.columns if c.startswith("n_") and c != "n_tokens"]
    g = table.groupby(by, sort=False)
    counts = g[count_cols].sum()
    tokens = g["n_tokens"].sum()
    n_sent = g.size()
    present = g[count_cols].agg(lambda s: (s > 0).mean())
    long = counts.stack().rename("count").reset_index().rename(columns={f"level_{len(by)}": "measure"})
    long.columns = by + ["measure", "count"]
    idx = pd.MultiIndex.from_frame(long[by]) if len(by) > 1 else pd.Index(long[by[0]])
    long["n_tokens"] = tokens.reindex(idx).to_numpy()
    long["n_sentences"] = n_sent.reindex(idx).to_numpy()
    long["rate"] = long["count"] / long["n_tokens"] * per
    share = present.stack().rename("share_sentences").reset_index()
    share.columns = by + ["measure", "share_sentences"]
    return long.merge(share, on=by + ["measure"], how="left")


def term_counts(corpus: Corpus, *, attr: str = "lemma", nlp: Language | None = None, cache: Cache = True,
                stop_words: bool = False) -> pd.DataFrame:
    """Counts of word types per document in the body text: one row per (``doc_id``, ``term``)
    (and the ``source_id`` alias).

    ``attr`` is ``"lemma"`` (lower-cased lemma) or ``"lower"`` (lower-cased word form). Only
    alphabetic tokens count; stop words are left out unless ``stop_words=True``. The input to
    :func:`discourse.stats.keyness`.
    """
    if attr not in ("lemma", "lower"):
        raise ValueError(f"attr must be 'lemma' or 'lower', got {attr!r}")
    seg = parse_segments(corpus, roles=("body",), nlp=nlp or load_nlp(), cache=cache)
    rows = []
    for s in seg.itertuples():
        for t in s.doc:
            if t.is_alpha and (stop_words or not t.is_stop):
                rows.append((s.doc_id, t.lemma_.lower() if attr == "lemma" else t.lower_))
    df = pd.DataFrame(rows, columns=["doc_id", "term"])
    out = df.value_counts().rename("count").reset_index().sort_values(["doc_id", "count", "term"],
                                                                     ascending=[True, False, True], ignore_index=True)
    return _with_alias(out)


def concordance(corpus: Corpus, cues_df: pd.DataFrame, *, kind: str | None = None, width: int = 45) -> pd.DataFrame:
    """Keyword-in-context lines for the cues of a cue table (one row per cue).

    Unlike string-matching KWIC (e.g. ``textacy.extract.keyword_in_context``), the lines come
    from the cue table's raw-text offsets, so they show exactly the occurrences the detectors
    counted (not "May" the month when "may" is the hedge). Columns: ``doc_id``, ``sent_id``,
    ``kind``, ``category``, ``left``, ``cue``, ``right``, ``source_id`` (alias).
    """
    df = cues_df if kind is None else cues_df[cues_df["kind"] == kind]
    id_col = "doc_id" if "doc_id" in df.columns else ALIAS
    rows = []
    for r in df.itertuples():
        doc_id = getattr(r, id_col)
        raw = corpus.text(doc_id)
        left = raw[max(0, r.start_char - width):r.start_char].replace("\n", " ")
        right = raw[r.end_char:r.end_char + width].replace("\n", " ")
        rows.append({"doc_id": doc_id, "sent_id": r.sent_id, "kind": r.kind, "category": r.category,
                     "left": left.rjust(width), "cue": raw[r.start_char:r.end_char], "right": right.ljust(width)})
    return _with_alias(pd.DataFrame(rows, columns=["doc_id", "sent_id", "kind", "category", "left", "cue", "right"]))
