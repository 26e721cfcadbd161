"""The measures as a spaCy pipeline component.

``nlp.add_pipe("discourse_cues")`` (after ``import discourse``) adds a component that runs every
cue detector once per Doc and stores the rows on the Doc::

    doc._.cues          # list of dicts, one per cue (hedge, booster, modal, ...), in text order
    span._.cues         # the cues inside a Span (e.g. a sentence)
    span._.cue_counts   # {kind: count} for that span

Detectors are compiled once per pipeline (when the component is created), never per call.
The same :class:`CueFinder` serves :func:`discourse.cues` and the tables without the component,
so that cached parses (which hold only the base model's annotations) can be measured afresh.
"""

from __future__ import annotations

from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from .measures._doc import sentence_index
from .measures.hedging import HedgeDetector
from .measures.modality import ModalDetector

CUE_COLUMNS = ["kind", "text", "lemma", "start_char", "end_char", "token_start", "token_end", "sent_id",
               "category", "sense", "strength", "negated", "lexicon", "rule"]


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


class CueFinder:
    """Every cue detector of the package, built once for a vocabulary.

    Calling it on a parsed Doc returns the rows of all detectors sorted by position, each with
    ``sent_id``: the index of its sentence within the Doc.
    """

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self.detectors = [HedgeDetector(vocab), ModalDetector(vocab)]
        try:  # stance markers (self-mention, attitude) where that module is available
            from .measures.attribution import StanceDetector
        except ImportError:  # pragma: no cover
            pass
        else:
            self.detectors.append(StanceDetector(vocab))

    def __call__(self, doc: Doc) -> list[dict]:
        rows = [row for det in self.detectors for row in det(doc)]
        if rows:
            sidx = sentence_index(doc)
            for r in rows:
                r["sent_id"] = sidx[r["token_start"]]
        rows.sort(key=lambda r: (r["token_start"], r["token_end"], r["kind"]))
        return rows


_FINDERS: dict[int, CueFinder] = {}


def cue_finder(vocab: Vocab) -> CueFinder:
    """The :class:`CueFinder` for ``vocab``, built on first use and then reused."""
    finder = _FINDERS.get(id(vocab))
    if finder is None or finder.vocab is not vocab:
        finder = _FINDERS[id(vocab)] = CueFinder(vocab)
    return finder


class CuesComponent:
    """spaCy component: sets ``doc._.cues`` (see the module docstring)."""

    def __init__(self, nlp: Language, name: str):
        register_extensions()
        self.finder = cue_finder(nlp.vocab)

    def __call__(self, doc: Doc) -> Doc:
        doc._.cues = self.finder(doc)
        return doc


@Language.factory("discourse_cues", requires=["token.tag", "token.dep", "token.lemma"],
                  assigns=["doc._.cues"])
def make_cues_component(nlp: Language, name: str) -> CuesComponent:
    return CuesComponent(nlp, name)


def add_measure_pipes(nlp: Language) -> Language:
    """Add ``discourse_cues`` to the end of ``nlp`` unless it is there already."""
    if "discourse_cues" not in nlp.pipe_names:
        nlp.add_pipe("discourse_cues", last=True)
    return nlp


register_extensions()
