"""Could a learned fallback beat the per-modal majority on news? Development rows only.

Runs the pre-registered check of ``scripts/protocols/modal_sense_learned.md``: for each modal
auxiliary, an L2 logistic regression on the parse features the decision list already reads
(``discourse.measures.modality._Context``) plus the decision list's own sense, cross-validated by
sentence (``GroupKFold``, 5 folds) over the development rows of MASC, MiST (``trainfold*``) and GME
(``train0``, ``dev0``). The ``test`` splits of MiST and GME are dropped before parsing
(``modal_rules.dev_rows``) and never read. The decision list's scores are in-sample (its rules were
written while reading these rows); the majority and the learned model are out-of-fold.

Writes ``data/processed/modal_sense_cv.csv``, one row per (file, part, modal) with ``n``,
``majority_acc`` (per-modal majority refitted on each fold's training rows), ``rules_acc``,
``learned_acc`` (cross-validated), ``transfer_acc`` (fitted on the other two files only; each over the
rows that have a prediction: empty for a modal with under 20 development rows, and for transfer to a
modal no other file holds, such as GME's *would*), ``majority_other_files_acc`` (the per-modal
majority fitted on the other two files' development rows: genre transfer of the baseline, as in
``discourse.evaluation.modal``; a modal those files lack backs off to their most common sense,
counted in ``n_unseen_other``), a ``part="newspaper_logo"`` block (MASC newspaper with the majority
and the learned model fitted on every other development row: leave the news genre out; reported,
not used by the decision), and a
``part="news"`` block (GME dev + MASC newspaper) with the protocol's decision per modal
(``chosen``, ``gain_vs_majority``, ``ci_low``, ``ci_high``: 95% paired bootstrap over sentences).

Usage::

    DISCOURSE_VALIDATION_DIR=../shared/validation python scripts/modal_sense_cv.py [-o data/processed/modal_sense_cv.csv]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import fields
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from modal_rules import dev_rows  # noqa: E402

from discourse import annotated  # noqa: E402
from discourse.errors import InputError  # noqa: E402
from discourse.evaluation.modal import MODAL_FILES, _majority_backoff  # noqa: E402
from discourse.measures.modality import _aux_sense, _Context, _default_detector, modal_token_at  # noqa: E402
from discourse.nlp import load_nlp, parse  # noqa: E402

SENSES = ("epistemic", "deontic", "dynamic")
#: the boolean fields of _Context used as features (``animate`` and ``person`` are encoded apart)
BOOL_FIELDS = tuple(f.name for f in fields(_Context) if f.type in ("bool", bool))
PERSONS = ("1", "2", "3", None)
FEATURES = (BOOL_FIELDS + ("animate_yes", "animate_no") + tuple(f"person_{p}" for p in PERSONS)
            + tuple(f"rules_{s}" for s in SENSES))
N_FOLDS, MIN_ROWS, N_BOOT, SEED = 5, 20, 2000, 0
NEWS_PARTS = {("gme_news_modal_senses.tsv", "dev"), ("masc_modal_senses.tsv", "newspaper")}


def features(ctx: _Context, rules_sense: str) -> list[int]:
    """The feature vector of one modal token, in the order of :data:`FEATURES`."""
    person = ctx.person if ctx.person in PERSONS else None
    return ([int(bool(getattr(ctx, f))) for f in BOOL_FIELDS]
            + [int(ctx.animate is True), int(ctx.animate is False)]
            + [int(person == p) for p in PERSONS]
            + [int(rules_sense == s) for s in SENSES])


def featurise(df: pd.DataFrame, nlp) -> pd.DataFrame:
    """``df`` plus ``lemma``, ``rules`` (the decision list's sense) and the feature columns; rows
    whose token is not a modal in the lexicon (:func:`modal_token_at` raises) are dropped."""
    det = _default_detector(nlp.vocab)
    docs = parse(df["sentence"].tolist(), nlp=nlp)
    out, keep = [], []
    for k, (doc, s, e, key) in enumerate(zip(docs, df["char_start"], df["char_end"], df["modal_key"])):
        try:
            tok, lemma = modal_token_at(doc, int(s), int(e), lemma=key)
        except InputError:
            continue
        ctx = det.context(tok)
        sense, _rule = _aux_sense(lemma, det.aux[lemma], ctx)
        out.append([lemma, sense, *features(ctx, sense)])
        keep.append(k)
    feats = pd.DataFrame(out, columns=["lemma", "rules", *FEATURES])
    return pd.concat([df.iloc[keep].reset_index(drop=True), feats], axis=1)


def _majority_pred(train: pd.Series, n: int) -> np.ndarray:
    """The most common sense of ``train`` (ties broken by SENSES order), ``n`` times."""
    counts = train.value_counts()
    best = max(SENSES, key=lambda s: (counts.get(s, 0), -SENSES.index(s)))
    return np.array([best] * n, dtype=object)


def _fit_predict(train: pd.DataFrame, test: pd.DataFrame) -> np.ndarray:
    if train["sense"].nunique() < 2:
        return _majority_pred(train["sense"], len(test))
    model = LogisticRegression(C=1.0, max_iter=2000)
    model.fit(train[list(FEATURES)].to_numpy(float), train["sense"].to_numpy())
    return model.predict(test[list(FEATURES)].to_numpy(float))


def cross_validate(rows: pd.DataFrame) -> pd.DataFrame:
    """Out-of-fold ``majority`` and ``learned`` predictions, and ``transfer`` (other files only),
    for the rows of one modal."""
    rows = rows.reset_index(drop=True).copy()
    rows["majority"] = rows["learned"] = rows["transfer"] = None
    groups = rows["sentence"].to_numpy()
    for tr, te in GroupKFold(n_splits=min(N_FOLDS, len(set(groups)))).split(rows, groups=groups):
        train, test = rows.iloc[tr], rows.iloc[te]
        rows.loc[te, "majority"] = _majority_pred(train["sense"], len(te))
        rows.loc[te, "learned"] = _fit_predict(train, test)
    for file, idx in rows.groupby("file").groups.items():
        other = rows[rows["file"] != file]
        if len(other):
            rows.loc[idx, "transfer"] = _fit_predict(other, rows.loc[idx])
    paper = (rows["file"] == "masc_modal_senses.tsv") & (rows["split"] == "newspaper")
    rows["majority_logo"] = rows["learned_logo"] = None
    if paper.any() and (~paper).any():  # leave the news genre out: fit on every other development row
        rest = rows[~paper]
        rows.loc[paper, "majority_logo"] = _majority_pred(rest["sense"], int(paper.sum()))
        rows.loc[paper, "learned_logo"] = _fit_predict(rest, rows[paper])
    return rows


def majority_other_files(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` plus ``majority_other_files`` (each modal's majority sense on the OTHER files'
    development rows; a modal they lack gets their most common sense) and ``unseen_other``."""
    rows = rows.copy()
    rows["majority_other_files"], rows["unseen_other"] = None, False
    for file, idx in rows.groupby("file").groups.items():
        other = rows[rows["file"] != file]
        if not len(other):
            continue
        per, fallback = _majority_backoff(other["sense"], other["lemma"])
        lemmas = rows.loc[idx, "lemma"]
        rows.loc[idx, "majority_other_files"] = lemmas.map(lambda m: per.get(m, fallback)).to_numpy()
        rows.loc[idx, "unseen_other"] = (~lemmas.isin(per)).to_numpy()
    return rows


def _paired_ci(gain: np.ndarray, groups: np.ndarray) -> tuple[float, float]:
    """95% percentile interval of the summed per-token gain, resampling sentences."""
    uniq, inv = np.unique(groups, return_inverse=True)
    per_group = np.bincount(inv, weights=gain, minlength=len(uniq))
    rng = np.random.default_rng(SEED)
    sums = per_group[rng.integers(0, len(uniq), size=(N_BOOT, len(uniq)))].sum(axis=1)
    return float(np.percentile(sums, 2.5)), float(np.percentile(sums, 97.5))


def summarise(scored: pd.DataFrame) -> pd.DataFrame:
    """The tidy table of the module docstring."""
    recs = []
    parts = [(f, "dev", scored["file"] == f) for f in sorted(scored["file"].unique())]
    masc = scored["file"] == "masc_modal_senses.tsv"
    parts += [("masc_modal_senses.tsv", "newspaper", masc & (scored["split"] == "newspaper")),
              ("masc_modal_senses.tsv", "other_genres", masc & (scored["split"] != "newspaper"))]
    news = np.zeros(len(scored), dtype=bool)
    for f, p, m in parts:
        if (f, p) in NEWS_PARTS:
            news |= m.to_numpy()
    parts.append(("gme dev + masc newspaper", "news", pd.Series(news, index=scored.index)))
    if "learned_logo" in scored.columns:
        parts.append(("masc_modal_senses.tsv", "newspaper_logo", masc & (scored["split"] == "newspaper")))
    for file, part, mask in parts:
        sub = scored[mask]
        if part == "newspaper_logo":
            sub = sub.assign(majority=sub["majority_logo"], learned=sub["learned_logo"])
        for modal, g in [("ALL", sub), *sub.groupby("lemma")]:
            rec = {"file": file, "part": part, "modal": modal, "n": len(g)}
            for col in ("majority", "rules", "learned", "transfer", "majority_other_files"):
                if col not in g.columns:
                    rec[f"{col}_acc"] = np.nan
                    continue
                has = g[col].notna()  # unmodelled modals (and transfer to a modal no other file has): no prediction
                rec[f"{col}_acc"] = float((g.loc[has, col] == g.loc[has, "sense"]).mean()) if has.any() else np.nan
            rec["n_unseen_other"] = int(g["unseen_other"].sum()) if "unseen_other" in g.columns else 0
            if part == "news" and modal != "ALL" and g["learned"].notna().all():
                learned_ok = (g["learned"] == g["sense"]).to_numpy(int)
                maj_ok = (g["majority"] == g["sense"]).to_numpy(int)
                rules_ok = (g["rules"] == g["sense"]).to_numpy(int)
                gain = learned_ok - maj_ok
                lo, hi = _paired_ci(gain, g["sentence"].to_numpy())
                rec.update(gain_vs_majority=int(gain.sum()), rules_gain_vs_majority=int((rules_ok - maj_ok).sum()),
                           ci_low=lo, ci_high=hi,
                           chosen=bool(gain.sum() >= 2 and gain.sum() > (rules_ok - maj_ok).sum() and lo > 0))
            recs.append(rec)
    return pd.DataFrame(recs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--output", default=str(ROOT / "data" / "processed" / "modal_sense_cv.csv"))
    args = ap.parse_args(argv)
    files = [f for f in MODAL_FILES if annotated.validation_file(f).is_file()]
    if not files:
        print("error: no modal-sense files found: set DISCOURSE_VALIDATION_DIR", file=sys.stderr)
        return 2
    nlp = load_nlp(exclude=("ner",))
    rows = pd.concat([featurise(dev_rows(f).assign(file=f), nlp) for f in files], ignore_index=True)
    held = rows["split"].isin(["test"]) & (rows["file"] != "masc_modal_senses.tsv")
    assert not held.any(), "a held-out test row reached the check"
    scored = []
    for _lemma, g in rows.groupby("lemma"):
        if len(g) < MIN_ROWS or g["sense"].nunique() < 2:
            g = g.assign(majority=None, learned=None, transfer=None, majority_logo=None, learned_logo=None)
        else:
            g = cross_validate(g)
        scored.append(g)
    table = summarise(majority_other_files(pd.concat(scored, ignore_index=True)))
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    table.round(4).to_csv(args.output, index=False, lineterminator="\n")
    pd.set_option("display.width", 220)
    pd.set_option("display.max_rows", 300)
    print(table.round(3).to_string(index=False))
    print(f"\nwrote {args.output} ({len(table)} rows)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
