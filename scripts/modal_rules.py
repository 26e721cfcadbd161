"""Which modal-sense rule fires where, and does it beat the per-modal majority there?

For every annotated modal-sense file, on its DEVELOPMENT rows only (MASC: every genre; MiST: the
``trainfold*`` splits; GME: ``train0`` and ``dev0``; the ``test`` splits of MiST and GME are held
out and never read here), the modal detector's decision list
(:func:`discourse.measures.modality._aux_sense`) is run on every annotated modal and the rule that
decided it (the ``rule`` of the modal rows) is recorded. One row per (file, part, rule, modal):

- ``part``: ``dev`` (the file's development rows), and for MASC also ``newspaper`` and
  ``other_genres``;
- ``sense``: the sense the rule gave (a rule may give several; one row each);
- ``changes_default``: the sense differs from the modal's ``default_sense`` in ``modals.tsv``
  (only such rules can beat the majority; the others can only tie it or lose);
- ``n``: tokens the rule decided; ``rule_correct``/``rule_accuracy``: how many it got right;
- ``majority_sense``/``majority_correct``/``majority_accuracy``: the per-modal majority sense of
  the file's development rows (fitted on them: in-sample) and how it does on the SAME tokens;
- ``majority_part_accuracy``: the same with the majority fitted on the part's own rows (MASC
  newspaper alone, say);
- ``net_vs_majority``: ``rule_correct - majority_correct`` (tokens gained by the rule over the
  majority, negative when it loses).

Usage::

    DISCOURSE_VALIDATION_DIR=../shared/validation python scripts/modal_rules.py [-o data/processed/modal_rules.csv]

Prints the rules that change the default (the ones to keep or remove) and writes the tidy CSV.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from discourse import annotated  # noqa: E402
from discourse.errors import InputError  # noqa: E402
from discourse.evaluation.modal import MODAL_FILES, _majority, read_modal_file  # noqa: E402
from discourse.measures.modality import load_modal_lexicon, modal_decision_at  # noqa: E402
from discourse.nlp import load_nlp, parse  # noqa: E402

#: splits never read while writing rules (the held-out scores of ``python -m discourse validate``)
HELD_OUT_SPLITS = frozenset({"test"})
COLUMNS = [
    "file",
    "part",
    "rule",
    "modal",
    "sense",
    "changes_default",
    "n",
    "rule_correct",
    "rule_accuracy",
    "majority_sense",
    "majority_correct",
    "majority_accuracy",
    "majority_part_accuracy",
    "net_vs_majority",
]


def dev_rows(name: str) -> pd.DataFrame:
    """The development rows of a modal-sense file (held-out splits removed before parsing)."""
    df, _ = read_modal_file(annotated.validation_file(name))
    if name != "masc_modal_senses.tsv" and "split" in df.columns:
        df = df[~df["split"].isin(HELD_OUT_SPLITS)]
    return df.reset_index(drop=True)


def decide(df: pd.DataFrame, nlp) -> pd.DataFrame:
    """``df`` plus the detector's ``pred`` and ``rule`` for each annotated modal."""
    docs = parse(df["sentence"].tolist(), nlp=nlp)
    out = [
        modal_decision_at(d, int(s), int(e), lemma=m)
        for d, s, e, m in zip(docs, df["char_start"], df["char_end"], df["modal_key"])
    ]
    return df.assign(pred=[o[0] for o in out], rule=[o[1] for o in out])


def rule_table(
    df: pd.DataFrame, file: str, part: str, file_majority: dict[str, str], defaults: dict[str, str | None]
) -> pd.DataFrame:
    """One row per (rule, modal, sense) of the decided rows ``df`` (see the module docstring)."""
    part_majority = _majority(df["sense"], df["modal_key"])
    rows = []
    for (rule, modal, sense), g in df.groupby(["rule", "modal_key", "pred"]):
        maj = file_majority.get(modal)
        rule_ok = int((g["sense"] == sense).sum())
        maj_ok = int((g["sense"] == maj).sum())
        rows.append(
            {
                "file": file,
                "part": part,
                "rule": rule,
                "modal": modal,
                "sense": sense,
                "changes_default": sense != (defaults.get(modal) or "epistemic"),
                "n": len(g),
                "rule_correct": rule_ok,
                "rule_accuracy": rule_ok / len(g),
                "majority_sense": maj,
                "majority_correct": maj_ok,
                "majority_accuracy": maj_ok / len(g),
                "majority_part_accuracy": float((g["sense"] == part_majority.get(modal)).mean()),
                "net_vs_majority": rule_ok - maj_ok,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--output", default=str(ROOT / "data" / "processed" / "modal_rules.csv"))
    args = ap.parse_args(argv)
    files = [f for f in MODAL_FILES if annotated.validation_file(f).is_file()]
    if not files:
        print("error: no modal-sense files found: set DISCOURSE_VALIDATION_DIR", file=sys.stderr)
        return 2
    defaults = {e.entry: e.default_sense for e in load_modal_lexicon()[0] if e.form == "auxiliary"}
    nlp = load_nlp(exclude=("ner",))
    tables = []
    for name in files:
        df = decide(dev_rows(name), nlp)
        maj = _majority(df["sense"], df["modal_key"])
        tables.append(rule_table(df, name, "dev", maj, defaults))
        if name == "masc_modal_senses.tsv":
            news = df["split"] == "newspaper"
            tables.append(rule_table(df[news], name, "newspaper", maj, defaults))
            tables.append(rule_table(df[~news], name, "other_genres", maj, defaults))
    out = pd.concat(tables, ignore_index=True).sort_values(["rule", "modal", "sense", "file", "part"])
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    out.round(4).to_csv(args.output, index=False, lineterminator="\n")
    pd.set_option("display.width", 200)
    pd.set_option("display.max_rows", 500)
    show = out[
        out["changes_default"] & (out["part"] != "dev")
        | out["changes_default"] & (out["file"] != "masc_modal_senses.tsv")
    ]
    print(show.drop(columns=["changes_default"]).round(3).to_string(index=False))
    print(f"\nwrote {args.output} ({len(out)} rows)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
