"""Plain-language summaries of a comparison table, computed from the numbers (never typed in)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths
from .style import label

__all__ = ["ClaimError", "check_claims", "plain_summary", "write_table"]


class ClaimError(AssertionError):
    """A sentence of a notebook's prose that the numbers computed beside it no longer support."""

    def __init__(self, failed: list[str]):
        self.failed = list(failed)
        lines = "\n".join(f"  - {c}" for c in self.failed)
        super().__init__(f"{len(self.failed)} claim(s) in the prose no longer hold; rewrite the prose or "
                         f"find what changed the numbers:\n{lines}")

EFFECT_WORDS = {"rate_ratio": "rate ratio", "cliffs_delta": "Cliff's delta", "risk_difference": "difference in share",
                "log_ratio": "log ratio"}


def _fmt(x: float) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    return f"{x:.2f}"


def _line(r, labels=None) -> str:
    eff = EFFECT_WORDS.get(r.effect_type, r.effect_type)
    higher = r.group_a if (r.effect > 1 if r.effect_type == "rate_ratio" else r.effect > 0) else r.group_b
    return (f"**{r.measure}** ({r.family}): {label(r.group_a, labels)} {_fmt(r.estimate_a)} vs {label(r.group_b, labels)} "
            f"{_fmt(r.estimate_b)}; {eff} {_fmt(r.effect)} [95% CI {_fmt(r.ci_low)}, {_fmt(r.ci_high)}], "
            f"p = {r.p:.3g}, BH-adjusted p = {r.p_adj:.3g}; higher in {label(higher, labels)}.")


def check_claims(claims: dict[str, object]) -> pd.Series:
    """Check the claims a piece of prose makes against the numbers computed beside it.

    ``claims`` maps each claim, as a short sentence, to the comparison of computed values that
    makes it true (e.g. ``{"the opinion piece hedges less": rate_b < rate_a}``). Returns the
    claims as a boolean Series named ``"holds"`` (index: the claims), for display. Raises
    :class:`ClaimError`, naming every claim that does not hold, if any is false; so prose that a
    changed measure has made false stops the notebook instead of standing uncorrected.

    Values must be plain or numpy booleans: a Series, an array or None is refused (its truth is
    ambiguous), as is an empty dict (a check of nothing).
    """
    if not claims:
        raise ValueError("check_claims: no claims given; pass {claim: computed boolean, ...}")
    holds = {}
    for claim, value in claims.items():
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"check_claims: the claim {claim!r} is a {type(value).__name__}, not a boolean; "
                            "reduce it with .all(), .any() or a comparison of scalars")
        holds[claim] = bool(value)
    failed = [c for c, ok in holds.items() if not ok]
    if failed:
        raise ClaimError(failed)
    return pd.Series(holds, name="holds", dtype=bool)


def write_table(table: pd.DataFrame, name: str) -> Path:
    """Write a long table whole to the derived-tables folder, so a notebook can show only its head.

    The file is ``paths.processed_dir() / name`` (the folder is created if missing), written with
    ``index=False``, ``float_format="%.12g"`` and ``\\n`` line endings, so the same table gives the
    same bytes on every run; sort the rows before calling if their order is not already fixed.
    Returns the path written.
    """
    if not name.endswith(".csv") or Path(name).name != name:
        raise ValueError(f"write_table: {name!r} must be a bare file name ending in .csv")
    out = paths.processed_dir()
    out.mkdir(parents=True, exist_ok=True)
    path = out / name
    table.to_csv(path, index=False, float_format="%.12g", lineterminator="\n")
    return path


def plain_summary(results: pd.DataFrame, *, alpha: float = 0.05, families=("rate", "score", "proportion"),
                  max_lines: int = 12, labels=None) -> str:
    """A Markdown summary of :func:`discourse.stats.compare` results.

    Three tiers: differences that survive Benjamini–Hochberg correction at ``alpha`` within their
    family; differences whose raw p is below ``alpha`` but do not survive correction (suggestive
    only); and how many comparisons show no evidence of a difference. Keyness is left out (it
    treats tokens as independent; see the keyness figure instead). ``labels``: group -> display
    label (default: the group value).
    """
    df = results[results["family"].isin(families) & results["p"].notna()].copy()
    sure = df[df["p_adj"] < alpha].sort_values("p_adj")
    maybe = df[(df["p"] < alpha) & ~(df["p_adj"] < alpha)].sort_values("p")
    rest = len(df) - len(sure) - len(maybe)
    out = [f"Of {len(df)} comparisons ({', '.join(families)}), {len(sure)} differ after Benjamini–Hochberg "
           f"correction (adjusted p < {alpha}), {len(maybe)} more have raw p < {alpha} but do not survive "
           f"correction, and {rest} show no evidence of a difference at this sample size.", ""]
    if len(sure):
        out += ["**Differences we can be reasonably sure of:**", ""]
        out += [f"- {_line(r, labels)}" for r in sure.head(max_lines).itertuples()]
        out.append("")
    if len(maybe):
        out += ["**Suggestive only (raw p < alpha, not robust to multiple comparisons):**", ""]
        out += [f"- {_line(r, labels)}" for r in maybe.head(max_lines).itertuples()]
        out.append("")
    return "\n".join(out)
