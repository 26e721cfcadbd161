"""Score modal sense on the project's own held-out news set (protocol: scripts/protocols/news_modal_heldout.md).

Reads ``data/annotation/news_modals/items.csv`` (``scripts/news_modal_items.py``) and the two
annotators' labels (``annotator1.csv``, ``annotator2.csv``: ``item_id,sense,confidence,note``),
and writes:

- ``data/annotation/news_modals/news_modal_senses.tsv``: the gold, in the validation files' modal
  format (``id, sentence, modal, sense, char_start, char_end, orig_label, source, split``): the
  items both annotators give the same sense, other than ``other``; ``split`` is the source
  (``financial_news`` | ``headlines``);
- ``data/processed/news_modal_agreement.csv``: raw agreement and Cohen's kappa, overall and per
  modal (n >= 10);
- ``data/processed/news_modal_heldout.csv``: :func:`discourse.evaluation.modal.modal_report` rows of
  the gold file (accuracy with its sentence-bootstrap interval, the gold's own per-modal majority,
  the majority of the three validation files pooled: genre transfer), beside which the validation
  files supply the transfer baseline.

Usage: ``DISCOURSE_VALIDATION_DIR=../shared/validation python scripts/news_modal_heldout.py``.
Exit 2 with one line naming the file if an input is missing or malformed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from discourse.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "data" / "annotation" / "news_modals"
GOLD = HERE / "news_modal_senses.tsv"
AGREEMENT = ROOT / "data" / "processed" / "news_modal_agreement.csv"
REPORT = ROOT / "data" / "processed" / "news_modal_heldout.csv"
SENSES = ("epistemic", "deontic", "dynamic", "other")
GOLD_HEADER = (
    "# Held-out news modal senses annotated for the discourse project (scripts/protocols/news_modal_heldout.md).\n"
    "# Sentences: Financial PhraseBank v1.0 (Malo et al. 2014; CC BY-NC-SA 3.0: this file carries the same licence,"
    " non-commercial use only) and SemEval-2007 Task 14 headlines (Strapparava & Mihalcea 2007; research use).\n"
    "# Senses: two independent annotators with codebook_modal_sense.md v1; rows = the items both gave the same sense"
    " (not 'other'); orig_label = the two annotators' confidences (1-3); split = source.\n"
)


ITEM_COLUMNS = ["item_id", "source", "source_id", "modal", "char_start", "char_end", "sentence"]


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    from discourse.evaluation.agreement import read_label_csv

    return read_label_csv(path, columns)


def labels(items: pd.DataFrame, path: Path) -> pd.Series:
    """One annotator's senses, indexed by item_id; every item once, every sense a codebook one."""
    df = _read(path, ["item_id", "sense", "confidence"])
    df["sense"] = df["sense"].str.strip().str.lower()
    bad = sorted(set(df["sense"]) - set(SENSES))
    if bad:
        raise InputError(f"{path}: sense(s) {bad} are not in the codebook ({', '.join(SENSES)})")
    dup = df["item_id"][df["item_id"].duplicated()].tolist()
    if dup:
        raise InputError(f"{path}: item(s) {dup[:5]} labelled twice; keep one row per item")
    missing = sorted(set(items["item_id"]) - set(df["item_id"]))
    if missing:
        raise InputError(f"{path}: {len(missing)} item(s) unlabelled (e.g. {missing[:3]}); label every item of items.csv")
    return df.set_index("item_id").loc[items["item_id"]]


def agreement_table(items: pd.DataFrame, a: pd.Series, b: pd.Series) -> pd.DataFrame:
    from discourse.evaluation.agreement import cohen_kappa

    rows = []
    cells = [("all", items.index)] + [(m, g.index) for m, g in items.groupby("modal") if len(g) >= 10]
    for modal, idx in cells:
        x, y = a.iloc[idx].to_numpy(), b.iloc[idx].to_numpy()
        rows.append({"modal": modal, "n": len(idx), "agreement": round(float((x == y).mean()), 4),
                     "kappa": round(cohen_kappa(x, y), 4), "n_gold": int(((x == y) & (x != "other")).sum())})
    return pd.DataFrame(rows)


def _quoted(sentence: str) -> str:
    """What the modal reader un-quotes back to ``sentence`` (it strips quotes round a whole field)."""
    return '"' + sentence.replace('"', '""') + '"' if len(sentence) > 1 and sentence[0] == sentence[-1] == '"' else sentence


def gold_table(items: pd.DataFrame, a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    same = (a["sense"].to_numpy() == b["sense"].to_numpy()) & (a["sense"].to_numpy() != "other")
    g = items[same].copy()
    g["sense"] = a["sense"].to_numpy()[same]
    g["orig_label"] = [f"conf={x}/{y}" for x, y in zip(a["confidence"].to_numpy()[same], b["confidence"].to_numpy()[same])]
    g["modal"] = [s[int(i):int(j)] for s, i, j in zip(g["sentence"], g["char_start"], g["char_end"])]
    g["sentence"] = g["sentence"].map(_quoted)
    return g.rename(columns={"item_id": "id", "source_id": "source", "source": "split"})[
        ["id", "sentence", "modal", "sense", "char_start", "char_end", "orig_label", "source", "split"]]


def write_gold(gold: pd.DataFrame, path: Path) -> None:
    """The gold as the validation files are written: ``#`` provenance lines, then tab-separated
    fields with no quoting of their own (the reader uses QUOTE_NONE; see :func:`_quoted`)."""
    if gold.map(lambda v: "\t" in str(v) or "\n" in str(v)).any().any():
        raise InputError(f"{path}: a field holds a tab or a newline; the modal format cannot hold it")
    lines = ["\t".join(gold.columns)] + ["\t".join(map(str, r)) for r in gold.itertuples(index=False)]
    path.write_text(GOLD_HEADER + "\n".join(lines) + "\n", encoding="utf-8")


def heldout_report(others: list[Path]) -> pd.DataFrame:
    """:func:`modal_report` rows of the gold file, scored beside ``others`` (genre transfer)."""
    from discourse.evaluation.modal import modal_report

    report = modal_report(others + [GOLD])
    return report[report["file"] == GOLD.name].round(4).reset_index(drop=True)


def main() -> int:
    from discourse import annotated
    from discourse.evaluation.modal import MODAL_FILES

    try:
        items = _read(HERE / "items.csv", ITEM_COLUMNS)
        a1 = labels(items, HERE / "annotator1.csv")
        a2 = labels(items, HERE / "annotator2.csv")
        others = [annotated.validation_file(f) for f in MODAL_FILES]
        absent = [str(p) for p in others if not p.is_file()]
        if absent:
            raise InputError(f"{absent[0]}: not found; set DISCOURSE_VALIDATION_DIR to ../shared/validation")
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    agree = agreement_table(items, a1["sense"], a2["sense"])
    gold = gold_table(items, a1, a2)
    write_gold(gold, GOLD)
    report = heldout_report(others)
    AGREEMENT.parent.mkdir(parents=True, exist_ok=True)
    agree.to_csv(AGREEMENT, index=False, lineterminator="\n")
    report.to_csv(REPORT, index=False, lineterminator="\n")
    print(agree.to_string(index=False))
    print(report[["modal", "n", "accuracy", "ci_low", "ci_high", "majority_same", "majority_other_files",
                  "diff_same_ci_low", "diff_same_ci_high"]].round(3).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
