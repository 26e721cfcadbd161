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

Usage: ``DISCOURSE_VALIDATION_DIR=../shared/validation python scripts/news_modal_heldout.py [--set 2]
[--old-predictions CSV]`` (``--set 3``: the sealed third set, scored the same way once a rule change is
committed; ``scripts/protocols/news_modal_heldout_3.md``). ``--set 2`` scores the second held-out set
(``scripts/protocols/news_modal_heldout_2.md``: Reuters-21578 and GUM Wikinews news, in
``data/annotation/news_modals_2/``; outputs ``news_modal_senses_2.tsv``, ``news_modal_agreement_2.csv``,
``news_modal_heldout_2.csv`` and ``news_modal_heldout_2_sources.csv``, accuracy per source). With
``--old-predictions`` (``id,pred`` of another version of the package on the same gold, written by
:func:`predictions_csv` run in that version's work tree) it also writes ``news_modal_heldout_2_change.csv``:
how many decisions differ and the paired interval of this version's accuracy minus that one's.
With ``--profile newswire`` (sets 2 and 3) it also scores that opt-in sense profile on the same gold:
``news_modal_heldout_<n>_newswire.csv`` (the report), ``..._newswire_sources.csv`` (per source) and
``..._newswire_change.csv`` (the profile against the default, paired).
Exit 2 with one line naming the file if an input is missing or malformed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from discourse.errors import InputError
from discourse.measures.modality import PROFILES

ROOT = Path(__file__).resolve().parents[1]
PROCESSED = ROOT / "data" / "processed"
SENSES = ("epistemic", "deontic", "dynamic", "other")
_SENSES_LINE = ("# Senses: two independent annotators with codebook_modal_sense.md v1; rows = the items both gave the"
                " same sense (not 'other'); orig_label = the two annotators' confidences (1-3); split = source.\n")


class HeldoutSet(NamedTuple):
    """Where one held-out set's items, labels and outputs live."""

    here: Path
    gold: Path
    agreement: Path
    report: Path
    header: str
    sources: Path | None = None  # accuracy per source (set 2)
    change: Path | None = None  # this version against an older one (set 2)


def _numbered(n: str, ordinal: str, sentences: str) -> HeldoutSet:
    """A held-out set after the first: its folder, gold and outputs named by its number."""
    here = ROOT / "data" / "annotation" / f"news_modals_{n}"
    return HeldoutSet(
        here=here, gold=here / f"news_modal_senses_{n}.tsv", agreement=PROCESSED / f"news_modal_agreement_{n}.csv",
        report=PROCESSED / f"news_modal_heldout_{n}.csv", sources=PROCESSED / f"news_modal_heldout_{n}_sources.csv",
        change=PROCESSED / f"news_modal_heldout_{n}_change.csv",
        header=(f"# {ordinal} held-out news modal set of the discourse project (scripts/protocols/news_modal_heldout_{n}.md).\n"
                f"# Sentences: {sentences}.\n" + _SENSES_LINE))


SETS = {
    "1": HeldoutSet(
        here=ROOT / "data" / "annotation" / "news_modals",
        gold=ROOT / "data" / "annotation" / "news_modals" / "news_modal_senses.tsv",
        agreement=PROCESSED / "news_modal_agreement.csv", report=PROCESSED / "news_modal_heldout.csv",
        header=("# Held-out news modal senses annotated for the discourse project (scripts/protocols/news_modal_heldout.md).\n"
                "# Sentences: Financial PhraseBank v1.0 (Malo et al. 2014; CC BY-NC-SA 3.0: this file carries the same licence,"
                " non-commercial use only) and SemEval-2007 Task 14 headlines (Strapparava & Mihalcea 2007; research use).\n"
                + _SENSES_LINE)),
    # later sets: news_modals_<n>/, news_modal_senses_<n>.tsv, news_modal_*_<n>*.csv
    "2": _numbered("2", "Second", "Reuters-21578, Distribution 1.0 (Lewis 1997; research use only, acknowledge"
                   " 'Reuters-21578, Distribution 1.0') and GUM news (Zeldes 2017; Wikinews, CC BY 2.5)"),
    # sealed until a rule change is committed (scripts/protocols/news_modal_heldout_3.md)
    "3": _numbered("3", "Third", "Reuters-21578, Distribution 1.0 (Lewis 1997; research use only, acknowledge"
                   " 'Reuters-21578, Distribution 1.0')"),
}
#: the first set, as the names the tests and notebook 07 use
HERE, GOLD, AGREEMENT, REPORT = SETS["1"].here, SETS["1"].gold, SETS["1"].agreement, SETS["1"].report
GOLD_HEADER = SETS["1"].header


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


def write_gold(gold: pd.DataFrame, path: Path, header: str = GOLD_HEADER) -> None:
    """The gold as the validation files are written: ``#`` provenance lines, then tab-separated
    fields with no quoting of their own (the reader uses QUOTE_NONE; see :func:`_quoted`)."""
    if gold.map(lambda v: "\t" in str(v) or "\n" in str(v)).any().any():
        raise InputError(f"{path}: a field holds a tab or a newline; the modal format cannot hold it")
    lines = ["\t".join(gold.columns)] + ["\t".join(map(str, r)) for r in gold.itertuples(index=False)]
    path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")


def heldout_report(others: list[Path], gold: Path = GOLD, *, profile: str = "default") -> pd.DataFrame:
    """:func:`modal_report` rows of the gold file, scored beside ``others`` (genre transfer), with the
    classifier's sense ``profile``."""
    from discourse.evaluation.modal import modal_report

    report = modal_report(others + [gold], profile=profile)
    return report[report["file"] == gold.name].round(4).reset_index(drop=True)


def source_report(gold: Path, *, nlp=None, predicted: pd.DataFrame | None = None) -> pd.DataFrame:
    """Accuracy per source (the gold's ``split``) with its sentence-bootstrap interval, beside the
    source's own per-modal majority (in-sample). ``predicted``: ``predict_modal_file(gold)[0]``,
    when the caller has it (the gold is then not parsed again)."""
    from discourse.evaluation.modal import _majority, cluster_bootstrap_ci, predict_modal_file

    df = predicted if predicted is not None else predict_modal_file(gold, nlp=nlp)[0]
    rows = []
    for source, part in [("all", df)] + list(df.groupby("split")):
        maj = part["modal_key"].map(_majority(part["sense"], part["modal_key"])) == part["sense"]
        lo, hi = cluster_bootstrap_ci(part["correct"].to_numpy(float), part["sentence"].tolist())
        rows.append({"source": source, "n": len(part), "accuracy": part["correct"].mean(), "ci_low": lo, "ci_high": hi,
                     "majority_same": maj.mean()})
    return pd.DataFrame(rows).round(4)


def predictions_csv(gold: Path, out: Path) -> None:
    """``id,pred,rule`` of the installed package on ``gold``: run in another version's work tree to
    compare versions (``--old-predictions``)."""
    from discourse.evaluation.modal import predict_modal_file

    df, _counts = predict_modal_file(gold)
    df[["id", "pred", "rule"]].to_csv(out, index=False, lineterminator="\n")


def change_report(gold: Path, old_predictions: Path, *, nlp=None, predicted: pd.DataFrame | None = None) -> pd.DataFrame:
    """This version against an older one on the same gold: accuracy of both, how many decisions
    differ and how many of those each gets right, and the paired sentence-bootstrap interval of the
    difference (overall and per modal). ``predicted`` as for :func:`source_report`."""
    from discourse.evaluation.modal import predict_modal_file

    df = predicted if predicted is not None else predict_modal_file(gold, nlp=nlp)[0]
    old = _read(old_predictions, ["id", "pred"]).set_index("id")["pred"]
    missing = sorted(set(df["id"]) - set(old.index))
    if missing:
        raise InputError(f"{old_predictions}: no prediction for {len(missing)} gold item(s) (e.g. {missing[:3]})")
    return paired_report(df, old)


def paired_report(df: pd.DataFrame, old: pd.Series) -> pd.DataFrame:
    """The rows of :func:`change_report`: ``df`` (``predict_modal_file`` rows of the version scored)
    against ``old`` (``{id: pred}`` of the other version on the same gold)."""
    from discourse.evaluation.modal import cluster_bootstrap_ci

    df = df.copy()
    df["old_correct"] = df["id"].map(old) == df["sense"]
    rows = []
    for modal, part in [("all", df)] + list(df.groupby("modal_key")):
        diff = part["correct"].to_numpy(float) - part["old_correct"].to_numpy(float)
        lo, hi = cluster_bootstrap_ci(diff, part["sentence"].tolist())
        differ = part["pred"] != part["id"].map(old)
        rows.append({"modal": modal, "n": len(part), "accuracy_new": part["correct"].mean(),
                     "accuracy_old": part["old_correct"].mean(), "n_differ": int(differ.sum()),
                     "differ_right_new": int((differ & part["correct"]).sum()),
                     "differ_right_old": int((differ & part["old_correct"]).sum()),
                     "diff_ci_low": lo, "diff_ci_high": hi})
    return pd.DataFrame(rows).round(4)


def main(argv: list[str] | None = None) -> int:
    from discourse import annotated
    from discourse.evaluation.modal import MODAL_FILES, predict_modal_file

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", choices=sorted(SETS), default="1", help="which held-out set (default 1)")
    ap.add_argument("--old-predictions", type=Path, help="id,pred of another package version on the same gold")
    ap.add_argument("--profile", choices=[p for p in PROFILES if p != "default"],
                    help="also score this opt-in sense profile: its report and per-source table, and the profile "
                         "against the default on the same gold (files ..._<profile>.csv)")
    args = ap.parse_args(argv)
    hs = SETS[args.set]
    try:
        items = _read(hs.here / "items.csv", ITEM_COLUMNS)
        a1 = labels(items, hs.here / "annotator1.csv")
        a2 = labels(items, hs.here / "annotator2.csv")
        others = [annotated.validation_file(f) for f in MODAL_FILES]
        absent = [str(p) for p in others if not p.is_file()]
        if absent:
            raise InputError(f"{absent[0]}: not found; set DISCOURSE_VALIDATION_DIR to ../shared/validation")
        agree = agreement_table(items, a1["sense"], a2["sense"])
        write_gold(gold_table(items, a1, a2), hs.gold, hs.header)
        report = heldout_report(others, hs.gold)
        predicted = predict_modal_file(hs.gold)[0] if hs.sources is not None else None  # parsed once for both
        change = (change_report(hs.gold, args.old_predictions, predicted=predicted)
                  if args.old_predictions and hs.change else None)
        profiled = _profile_tables(hs, others, predicted, args.profile) if args.profile and hs.sources else {}
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    PROCESSED.mkdir(parents=True, exist_ok=True)
    agree.to_csv(hs.agreement, index=False, lineterminator="\n")
    report.to_csv(hs.report, index=False, lineterminator="\n")
    print(agree.to_string(index=False))
    print(report[["modal", "n", "accuracy", "ci_low", "ci_high", "majority_same", "majority_other_files",
                  "diff_same_ci_low", "diff_same_ci_high"]].round(3).to_string(index=False))
    if hs.sources is not None:
        sources = source_report(hs.gold, predicted=predicted)
        sources.to_csv(hs.sources, index=False, lineterminator="\n")
        print(sources.to_string(index=False))
    if change is not None:
        change.to_csv(hs.change, index=False, lineterminator="\n")
        print(change.to_string(index=False))
    for path, table in profiled.items():
        table.to_csv(path, index=False, lineterminator="\n")
        print(f"{path.name}:")
        print(table.to_string(index=False))
    return 0


def profile_path(path: Path, profile: str) -> Path:
    """``news_modal_heldout_3.csv`` -> ``news_modal_heldout_3_newswire.csv`` (and so for the
    per-source table); the profile-against-default table is ``..._<profile>_change.csv``."""
    return path.with_name(f"{path.stem}_{profile}{path.suffix}")


def _profile_tables(hs: HeldoutSet, others: list[Path], default: pd.DataFrame, profile: str) -> dict[Path, pd.DataFrame]:
    """The report, per-source table and profile-against-default table of an opt-in profile, on the
    same gold as the default's (``default``: its ``predict_modal_file`` rows)."""
    from discourse.evaluation.modal import predict_modal_file

    predicted = predict_modal_file(hs.gold, profile=profile)[0]
    return {profile_path(hs.report, profile): heldout_report(others, hs.gold, profile=profile),
            profile_path(hs.sources, profile): source_report(hs.gold, predicted=predicted),
            hs.change.with_name(f"{hs.report.stem}_{profile}_change.csv"):
                paired_report(predicted, default.set_index("id")["pred"])}


if __name__ == "__main__":
    sys.exit(main())
