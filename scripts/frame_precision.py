"""Precision of the frame lexicon on news text it was not written from (issue 13, item 8).

Reads the hand judgements in ``tests/data/frame_precision_outside.tsv`` (file + id of a sentence in
``../shared/validation``, the frame and cue the detector found, correct 1/0), runs today's
:class:`~discourse.measures.framing.FrameDetector` on those sentences again, and prints per frame:
the judged hits it still finds, how many of them are correct (precision), and the judged hits it no
longer finds (a rule change that dropped them). Run: ``python scripts/frame_precision.py``.
"""

from __future__ import annotations

import sys

import pandas as pd

from discourse import paths
from discourse.measures.framing import ActorDetector, FrameDetector
from discourse.nlp import load_nlp

JUDGEMENTS = paths.PROJECT_ROOT / "tests" / "data" / "frame_precision_outside.tsv"


def load_sentences(judged: pd.DataFrame) -> dict[tuple[str, str], str]:
    """``{(file, id): sentence}`` for the judged rows, read from the validation folder."""
    out = {}
    for fname in judged["file"].unique():
        path = paths.validation_dir() / fname
        if not path.is_file():
            raise SystemExit(f"{path} not found: set DISCOURSE_VALIDATION_DIR to the annotated data folder.")
        df = pd.read_csv(path, sep="\t", comment="#", dtype={"id": str})
        wanted = set(judged.loc[judged["file"] == fname, "id"])
        for r in df[df["id"].isin(wanted)].drop_duplicates("id").itertuples():
            out[(fname, r.id)] = r.sentence
    return out


def precision_table(judged: pd.DataFrame, found: set[tuple[str, str, str, str]]) -> pd.DataFrame:
    """Per frame: judged hits still found, correct among them, precision, and judged hits dropped."""
    key = list(zip(judged["file"], judged["id"], judged["frame"], judged["cue"]))
    judged = judged.assign(still_found=[k in found for k in key])
    kept = judged[judged["still_found"]]
    out = kept.groupby("frame").agg(hits=("correct", "size"), correct=("correct", "sum"))
    out["precision"] = out["correct"] / out["hits"]
    out["dropped"] = judged[~judged["still_found"]].groupby("frame").size().reindex(out.index).fillna(0).astype(int)
    total = pd.DataFrame({"hits": [len(kept)], "correct": [kept["correct"].sum()],
                          "precision": [kept["correct"].mean()], "dropped": [int((~judged["still_found"]).sum())]},
                         index=["all"])
    return pd.concat([out, total])


def main() -> int:
    judged = pd.read_csv(JUDGEMENTS, sep="\t", comment="#", dtype={"id": str})
    sentences = load_sentences(judged)
    nlp = load_nlp()
    frames, actors = FrameDetector(nlp.vocab), ActorDetector(nlp.vocab)
    found = set()
    keys = list(sentences)
    for (fname, sid), doc in zip(keys, nlp.pipe([sentences[k] for k in keys], batch_size=64)):
        for f in frames(doc, actors=actors(doc)):
            found.add((fname, sid, f["frame"], f["text"]))
    print(precision_table(judged, found).round(3).to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
