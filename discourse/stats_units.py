"""Kept so ``discourse.stats_units`` still imports: the module is now :mod:`discourse.stats.units`."""

from .stats.units import (  # noqa: F401
    DOC_COLUMNS,
    PARAGRAPH_COL,
    UNITS,
    check_sentence_keys,
    cluster_codes,
    cluster_sums,
    counts_from_cues,
    cues_with_groups,
    doc_column,
    docs_per_group,
    require_columns,
    resolve_unit,
)
