"""The measures as a spaCy pipeline component.

``nlp.add_pipe("discourse_cues")`` (after ``import discourse``) adds a component that runs every
cue detector once per Doc and stores the rows on the Doc::

    doc._.cues          # list of dicts, one per cue (hedge, booster, modal, ...), in text order
    span._.cues         # the cues inside a Span (e.g. a sentence)
    span._.cue_counts   # {kind: count} for that span

With a domain lexicon set (see :mod:`discourse.domains`; off by default) it also sets::

    doc._.frames        # frame cues (FrameDetector rows), None without a frames lexicon
    doc._.actors        # actor mentions (ActorDetector rows), None without an actors lexicon

configured as ``nlp.add_pipe("discourse_cues", config={"domain": "us_iran_diplomacy"})`` or with
your own files, ``config={"frames": "my_frames.tsv", "actors": "my_actors.tsv"}`` (paths override
the named domain's parts). The generic cues are always found. Prospect statements need the
sentence sentiment and come with the tables (:func:`discourse.analyze_all`), not the component.

Detectors are compiled once per pipeline (when the component is created), never per call.
The same :class:`CueFinder` serves :func:`discourse.cues` and the tables without the component,
so that cached parses (which hold only the base model's annotations) can be measured afresh.
Which detectors run comes from the measure registry (:mod:`discourse.registry`): the cue
``detector`` of every entry, and the domain measures with rows of their own (frames, actors).

The factory takes a ``default_config`` (negspacy style), so it works on any English pipeline
with a tagger, parser and lemmatizer: ``spacy.load("en_core_web_sm").add_pipe("discourse_cues",
config={"domain": "us_iran_diplomacy"})``. :func:`discourse.pipeline.load_nlp` (``measures=True``)
loads the package's model with it.
"""

from __future__ import annotations

from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from . import registry
from .domains import Domain, resolve_domain
from .measures._doc import sentence_index
from .measures.modality import check_profile

#: the columns of a cue row (:func:`discourse.registry.cue_columns`)
CUE_COLUMNS = list(registry.cue_columns())


def _span_cues(span: Span) -> list[dict]:
    cues = span.doc._.cues or []
    return [c for c in cues if c["token_start"] >= span.start and c["token_end"] <= span.end]


def _span_counts(span: Span) -> dict[str, int]:
    return dict(Counter(c["kind"] for c in _span_cues(span)))


def register_extensions() -> None:
    """Register the ``._.cues`` extensions (idempotent, spaCy's ``has_extension`` guard)."""
    if not Doc.has_extension("cues"):
        Doc.set_extension("cues", default=None)
    if not Span.has_extension("cues"):
        Span.set_extension("cues", getter=_span_cues)
    if not Span.has_extension("cue_counts"):
        Span.set_extension("cue_counts", getter=_span_counts)
    for m in component_measures():
        if not Doc.has_extension(m.table):
            Doc.set_extension(m.table, default=None)


def component_measures() -> tuple[registry.Measure, ...]:
    """The measures whose rows the component stores on the Doc besides the cues (``doc._.<table>``):
    the registered domain measures with a table of their own (frames, actors), in run order."""
    return tuple(m for m in registry.run_order()
                 if m.domain and m.level == "cue" and m.table not in ("cues", "sentences") and m.factory)


class CueFinder:
    """Every cue detector of the package, built once for a vocabulary.

    Calling it on a parsed Doc returns the rows of all detectors sorted by position, each with
    ``sent_id``: the index of its sentence within the Doc. The detectors are the registry's
    (:func:`discourse.registry.cue_detectors`: hedges and boosters share one). ``modal_profile``:
    the modal-sense profile the modal and hedge detectors share
    (:data:`discourse.measures.modality.PROFILES`).
    """

    def __init__(self, vocab: Vocab, *, modal_profile: str = "default"):
        self.vocab = vocab
        self.measures = registry.MEASURES
        self.modal_profile = modal_profile
        settings = registry.Settings(modal_profile=modal_profile)
        self.detectors = [registry.build_detector(make, vocab, settings) for make in registry.cue_detectors()]

    def __call__(self, doc: Doc) -> list[dict]:
        return self.many([doc])[0]

    def many(self, docs: list[Doc]) -> list[list[dict]]:
        """The rows of each of ``docs``, as calling the finder on each gives them, found detector
        by detector over all the Docs (one detector's code and word lists stay in the caches)."""
        per_doc: list[list[dict]] = [[] for _ in docs]
        for det in self.detectors:
            for rows, doc in zip(per_doc, docs):
                rows.extend(det(doc))
        for rows, doc in zip(per_doc, docs):
            if rows:
                sidx = sentence_index(doc)
                for r in rows:
                    r["sent_id"] = sidx[r["token_start"]]
            rows.sort(key=lambda r: (r["token_start"], r["token_end"], r["kind"]))
        return per_doc


_FINDERS: dict[tuple[int, str], CueFinder] = {}


def cue_finder(vocab: Vocab, modal_profile: str = "default") -> CueFinder:
    """The :class:`CueFinder` for ``vocab`` and ``modal_profile``, built on first use and then reused."""
    key = (id(vocab), check_profile(modal_profile))
    finder = _FINDERS.get(key)
    if finder is None or finder.vocab is not vocab or finder.measures is not registry.MEASURES:
        finder = _FINDERS[key] = CueFinder(vocab, modal_profile=modal_profile)
    return finder


def component_domain(domain: str | None = None, frames: str | None = None,
                     actors: str | None = None) -> Domain | None:
    """The :class:`~discourse.domains.Domain` of a component config: a named ``domain`` whose
    parts the given paths override (all ``None``: no domain)."""
    base = resolve_domain(domain)
    given = {k: v for k, v in (("frames", frames), ("actors", actors)) if v}
    if not given:
        return base
    parts = {p: getattr(base, p) for p in ("frames", "actors", "prospects")} if base else {}
    name = f"{base.name}+custom" if base else "custom"
    return resolve_domain({**parts, **given, "name": name})


class CuesComponent:
    """spaCy component: sets ``doc._.cues`` and, with a domain, ``doc._.frames`` and
    ``doc._.actors`` (see the module docstring; the measures of :func:`component_measures`)."""

    def __init__(self, nlp: Language, name: str, *, domain: str | None = None, frames: str | None = None,
                 actors: str | None = None, modal_profile: str = "default"):
        register_extensions()
        self.finder = cue_finder(nlp.vocab, modal_profile)
        self.domain = component_domain(domain, frames, actors)
        settings = registry.Settings(domain=self.domain, modal_profile=modal_profile)
        built = ((m, m.factory(nlp.vocab, settings)) for m in component_measures())
        self.steps = [(m, step) for m, step in built if step is not None]

    def step(self, name: str):
        """The built step of measure ``name`` (``None`` if off), e.g. ``step("frames").detector``."""
        return next((s for m, s in self.steps if m.name == name), None)

    def __call__(self, doc: Doc) -> Doc:
        ctx = registry.DocContext(doc, self.finder(doc))
        doc._.cues = ctx.cues
        for m, step in self.steps:
            ctx.results[m.name] = result = step(doc, ctx)
            setattr(doc._, m.table, result.rows)
        return doc


#: Configuration of ``discourse_cues``: no domain lexicons unless named or given as TSV paths;
#: the default modal-sense profile (``"newswire"``: :data:`discourse.measures.modality.PROFILES`).
DEFAULT_CONFIG = {"domain": None, "frames": None, "actors": None, "modal_profile": "default"}


@Language.factory("discourse_cues", default_config=DEFAULT_CONFIG,
                  requires=["token.tag", "token.dep", "token.lemma"],
                  assigns=["doc._.cues", "doc._.frames", "doc._.actors"])
def make_cues_component(nlp: Language, name: str, domain: str | None, frames: str | None,
                        actors: str | None, modal_profile: str) -> CuesComponent:
    return CuesComponent(nlp, name, domain=domain, frames=frames, actors=actors, modal_profile=modal_profile)


def add_measure_pipes(nlp: Language, *, domain: str | None = None) -> Language:
    """Add ``discourse_cues`` (with the named ``domain``, default none) to the end of ``nlp``
    unless it is there already."""
    if "discourse_cues" not in nlp.pipe_names:
        nlp.add_pipe("discourse_cues", last=True, config={"domain": domain})
    return nlp


register_extensions()
