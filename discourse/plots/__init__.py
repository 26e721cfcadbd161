"""One function per figure, a registry of them, and one deterministic ``save``.

Every figure function takes tidy tables and returns a :class:`matplotlib.figure.Figure`; it
never writes files and never computes statistics the caller could not see (intervals come in
the table, e.g. from :func:`discourse.stats.rates`). Notebooks call the function, then
:func:`save`, which writes PDF, SVG and PNG (300 dpi) that are byte-identical on every rerun (no
dates in the metadata, a fixed SVG hash salt; after pytest-mpl's recipe) whatever the backend:
importing this module does not switch it, so a notebook keeps its inline figures and a headless
script chooses its own (``MPLBACKEND=Agg``).

No figure knows a corpus. Figures drawn per group (source) take ``labels=`` (group -> display
label; default the group value), ``palette=`` (group -> colour; default Paul Tol's "bright"
cycle in sorted order, :func:`discourse.style.palette`) and ``order=`` (groups drawn first, in
this order; the rest follow in order of appearance). A study passes its own, e.g.
``**discourse.study.FIGURE_STYLE``.

Layout: :mod:`~discourse.plots.common` holds the registry, the style, :func:`save` and the drawing
helpers; one module per notebook draws its figures (:mod:`~discourse.plots.fig01_corpus` ...
:mod:`~discourse.plots.fig08_answer`). Every name is re-exported here (``plots.fig02_sentiment_arc``,
``plots.save``, ``plots.REGISTRY`` ...). Statistics come in the tables: nothing here resamples.
"""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt

from .. import style
from ..measures.attribution import VOICES
from ..measures.framing import SIDES
from ..measures.modality import SENSES as MODAL_SENSES
from ..measures.modality import STRENGTHS
from ..measures.prospects import STANCES
from .common import (
    FORMATS,
    METADATA,
    REGISTRY,
    STANCE_DISPLAY_ORDER,
    VERB_CLASS_COLORS,
    VERB_CLASS_DISPLAY_ORDER,
    Z95,
    FigureSpec,
    figure,
    save,
    use_style,
    write_figure_index,
)
from .fig01_corpus import fig01_corpus_composition
from .fig02_sentiment import fig02_sentiment_arc, fig02_sentiment_by_voice, fig02_sentiment_distribution
from .fig03_hedging import fig03_hedge_booster_rates
from .fig04_modality import fig04_measures_by_voice, fig04_modal_sense_strength
from .fig05_framing import fig05_actor_agency, fig05_frame_profile, fig05_prospect_stance
from .fig06_comparison import fig06_effect_forest, fig06_keyness
from .fig07_validation import VALIDATION_METRICS, fig07_validation_scores
from .fig08_answer import COMMITMENT_MARKERS, STANCE_COLORS, fig08_prospects_voice_commitment
