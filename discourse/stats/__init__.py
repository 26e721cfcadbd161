"""Honest comparative statistics for groups of documents and for two small texts.

Every comparison made here comes with its uncertainty (a confidence interval and/or a
p-value) at the sampled unit, and every degenerate case is flagged in a ``note`` instead of
silently producing NaN.

Unit of inference
-----------------
A corpus is a sample of **documents** (:mod:`discourse.stats.units`). When every compared
group holds at least two documents, :func:`compare` and :func:`group_estimates` resample
documents (cluster bootstrap) and permute document labels: a document's sentences move
together, because they are not independent draws. With one document per group (the study:
two texts) there is no sample of documents; intervals then describe these texts by
resampling their body **paragraphs** (``segment_id``), or their **sentences** as a
sensitivity analysis (``unit="sentence"``, also what :func:`rates`, :func:`rate_ci`,
:func:`compare_scores` and :func:`compare_proportions` do on the arrays they are given).
Every row of :func:`compare` names its ``unit``. Rates per 1,000 tokens are ratios of sums
over sentences; their uncertainty comes from resampling units (paired count/token totals),
never tokens, because cues cluster within sentences and documents (a token-level
binomial/Poisson model would be over-confident).

Reproducibility
---------------
Every resampling function takes a keyword ``rng`` (an ``int`` seed or a
``numpy.random.Generator``).  With an ``int`` seed the results are exactly
reproducible.  :func:`rates` and :func:`compare` derive one independent child
stream per measure from the seed and the measure's name (``zlib.crc32``), so a
measure's result does not change when other columns are added or removed.

Confidence-interval method
--------------------------
Bootstrap intervals use ``scipy.stats.bootstrap`` with ``method="BCa"``
(bias-corrected and accelerated; Efron 1987; Efron & Tibshirani 1993, ch. 14)
by default.  Rates and rate ratios are ratio estimators with skewed, biased
sampling distributions at n ~ 50; BCa is second-order accurate and
transformation respecting, the percentile interval is only first-order
accurate.  BCa is undefined on degenerate data (e.g. a constant bootstrap
distribution, all-zero counts); in that case the *percentile* interval of the
same bootstrap distribution is used instead and ``ci_method`` says so.
A percentile interval of a constant distribution is the point itself (e.g. a
rate of 0 gets the CI [0, 0]; the note explains that this is a limitation of
the sentence bootstrap, not certainty).

Groups with fewer than 2 units: no bootstrap is possible; CIs are NaN and
the ``note`` says why (we do not raise, so one tiny group does not stop a
whole comparison table).

Layout
------
One module per family; every name is re-exported here, so ``stats.X`` and
``from discourse.stats import X`` work whichever module defines it.

* :mod:`~discourse.stats.units`: documents, paragraphs, sentences (which unit is resampled);
* :mod:`~discourse.stats.resampling`: seeds, the bootstrap and permutation engines;
* :mod:`~discourse.stats.intervals`: one group's estimate (mean, share, metric) with its CI,
  and the summary tables the figures draw;
* :mod:`~discourse.stats.counts`: rates per 1,000 tokens and rate ratios;
* :mod:`~discourse.stats.scores` and :mod:`~discourse.stats.clustered`: two samples of sentence
  scores, sentences independent or in clusters;
* :mod:`~discourse.stats.proportions`: two proportions;
* :mod:`~discourse.stats.keywords`: keyness;
* :mod:`~discourse.stats.families`: multiple testing, named families, CI/p agreement;
* :mod:`~discourse.stats.comparison`: :func:`compare`, :func:`group_estimates`, :func:`write_comparison`.

References
----------
Cochran, W. G. (1977). Sampling Techniques, 3rd ed. Wiley (ch. 6: ratio estimators).
Davison, A. C. & Hinkley, D. V. (1997). Bootstrap Methods and their
    Application. Cambridge University Press (sec. 3.8: clustered data).
Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data. JRSS B
    69(3), 369-390.
Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate.
    JRSS B 57(1), 289-300.
Cliff, N. (1993). Dominance statistics: ordinal analyses to answer ordinal
    questions. Psychological Bulletin 114(3), 494-509.
Dunning, T. (1993). Accurate methods for the statistics of surprise and
    coincidence. Computational Linguistics 19(1), 61-74.
Efron, B. & Tibshirani, R. J. (1993). An Introduction to the Bootstrap.
    Chapman & Hall.
Hardie, A. (2014). Log Ratio - an informal introduction. CASS blog,
    Lancaster University.
Hedges, L. V. & Olkin, I. (1985). Statistical Methods for Meta-Analysis.
    Academic Press.
Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words:
    lexical feature selection and evaluation for identifying the content of
    political conflict. Political Analysis 16(4), 372-403.
Newcombe, R. G. (1998). Interval estimation for the difference between
    independent proportions: comparison of eleven methods. Statistics in
    Medicine 17, 873-890.
Rayson, P. & Garside, R. (2000). Comparing corpora using frequency profiling.
    Proc. Workshop on Comparing Corpora, ACL 2000, 1-6.
Wilson, E. B. (1927). Probable inference, the law of succession, and
    statistical inference. JASA 22(158), 209-212.
"""

from __future__ import annotations

from .clustered import _hedges_from_sums, _multiplicity, _sign_sums, compare_scores_clustered
from .comparison import (
    DEFAULT_CATEGORICAL_COLS,
    DEFAULT_SCORE_COLS,
    GROUP_ESTIMATE_COLUMNS,
    RESULT_COLUMNS,
    compare,
    group_estimates,
    write_comparison,
)
from .counts import rate_ci, rate_ratio, rates
from .families import NULL_EFFECT, ci_p_agreement, fdr, named_family
from .intervals import (
    LABEL_SHARE_COLUMNS,
    SCORE_SUMMARY_COLUMNS,
    label_shares,
    mean_ci,
    metric_ci,
    score_summary,
    wilson_ci,
    with_metric_ci,
)
from .keywords import keyness
from .proportions import compare_proportions
from .resampling import DEFAULT_N_RESAMPLES, DEFAULT_PER, child_seed
from .scores import cliffs_delta, compare_scores, hedges_g, permutation_test_means
from .units import (
    UNITS,
    check_sentence_keys,
    cluster_codes,
    cluster_sums,
    counts_from_cues,
    cues_with_groups,
    doc_column,
    require_columns,
    resolve_unit,
)

__all__ = [
    "label_shares",
    "LABEL_SHARE_COLUMNS",
    "ci_p_agreement",
    "DEFAULT_N_RESAMPLES",
    "RESULT_COLUMNS",
    "rate_ci",
    "rates",
    "rate_ratio",
    "permutation_test_means",
    "cliffs_delta",
    "hedges_g",
    "compare_scores",
    "compare_proportions",
    "keyness",
    "fdr",
    "compare",
    "compare_scores_clustered",
    "group_estimates",
    "mean_ci",
    "wilson_ci",
    "write_comparison",
    "GROUP_ESTIMATE_COLUMNS",
    "UNITS",
    "score_summary",
    "SCORE_SUMMARY_COLUMNS",
    "with_metric_ci",
    "metric_ci",
    "child_seed",
    "named_family",
]
