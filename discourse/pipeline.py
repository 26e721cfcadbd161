"""The measure pipeline: the English model with the package's spaCy component added.

:mod:`discourse.nlp` resolves, loads and caches the model and its parses (the model's own
components only, so a cached parse never depends on the measures); this module adds the
``discourse_cues`` component (:mod:`discourse.components`, whose detectors come from the
measure registry) on top::

    nlp = discourse.load_nlp(measures=True)                     # no domain lexicons
    nlp = discourse.pipeline.load_nlp(measures=True, domain="us_iran_diplomacy")
    doc = nlp("Talks could possibly resume.");  doc._.cues
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from spacy.language import Language

from . import nlp as _nlp
from .components import add_measure_pipes
from .errors import InputError


@lru_cache(maxsize=8)
def _measure_pipeline(name: str, exclude: tuple[str, ...], domain: str | None) -> Language:
    return add_measure_pipes(_nlp.load_model(name, exclude), domain=domain)


def load_nlp(model: str | None = None, *, exclude: Iterable[str] = (), measures: bool = False,
             domain: str | None = None) -> Language:
    """Load (once per process) the English pipeline; ``measures=True`` adds ``discourse_cues``
    (with the named ``domain``, default none) to the end of a pipeline of its own (the plain one,
    :func:`discourse.nlp.load_nlp`, is never changed). ``model`` and ``exclude`` as there."""
    if not measures:
        if domain is not None:
            raise InputError("load_nlp(domain=...) configures the measure component: pass measures=True too.")
        return _nlp.load_nlp(model, exclude=exclude)
    return _measure_pipeline(_nlp.resolve_model_name(model), tuple(sorted(exclude)), domain)
