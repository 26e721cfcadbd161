"""The study's own constants: two articles on US–Iran back-channel diplomacy.

The library never reads this module: its figures and renderings take ``labels=``,
``palette=`` and ``order=`` with neutral defaults (the group values themselves, Paul Tol's
colour-blind-safe "bright" cycle in sorted order, the order of appearance). The study's
notebooks pass these constants in, so another corpus gets no study label, colour or group.

* :data:`SOURCE_ORDER`: the study's sources in reading order (the news analysis first).
* :data:`SOURCE_LABELS`: display label per source, with the date inferred for each text
  (see ``data/sources.csv``: the news analysis is from the week after 3 January 2020, the
  opinion piece from after Abe's June 2019 visit to Tehran).
* :data:`SOURCE_COLORS`: one fixed colour per source in every figure (Tol bright blue / red).
* :data:`GROUPS`: the pair compared, ``(a, b)``: differences and ratios are a relative to b.
* :data:`SEED`: the seed of every resampling in the notebooks.
* :data:`FIGURE_STYLE`: the keyword arguments every per-source figure takes
  (``plots.fig02_sentiment_distribution(sentences, means, **study.FIGURE_STYLE)``).
"""

from __future__ import annotations

from types import MappingProxyType

SOURCE_ORDER: tuple[str, ...] = ("news_analysis", "opinion")
SOURCE_LABELS = MappingProxyType({"news_analysis": "News analysis (Jan 2020)", "opinion": "Opinion (mid-2019)"})
SOURCE_COLORS = MappingProxyType({"news_analysis": "#4477AA", "opinion": "#EE6677"})
GROUPS: tuple[str, str] = ("news_analysis", "opinion")
SEED = 2020
FIGURE_STYLE = MappingProxyType({"labels": SOURCE_LABELS, "palette": SOURCE_COLORS, "order": SOURCE_ORDER})

#: The primary family of contrasts, named before the exploratory comparison (notebook 08): which
#: ``measure`` rows of which :func:`discourse.compare` table. Corrected on its own
#: (:func:`discourse.stats.named_family`); everything else in notebook 06 is exploratory.
PRIMARY_FAMILY = MappingProxyType({
    # who states the prospects, and with what commitment (over all prospect statements)
    "prospect statements": ("who=writer", "commitment=deny", "commitment=entertain"),
    # the writer's own voice: Engagement profile and agency (over authorial sentences)
    "authorial sentences": ("engagement=heteroglossic", "n_eng_deny", "n_eng_entertain", "n_device_agency_unable"),
})
