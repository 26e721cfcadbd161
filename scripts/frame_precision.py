"""Precision of the frame lexicon on news text it was not written from (issue 13, item 8).

Reads the hand judgements in ``tests/data/frame_precision_outside.tsv`` (file + id of a sentence in
``../shared/validation``, the frame and cue the detector found, correct 1/0), runs today's
:class:`~discourse.measures.framing.FrameDetector` on those sentences again, and prints per frame:
the judged hits it still finds, how many of them are correct (precision), and the judged hits it no
longer finds (a rule change that dropped them). Run: ``python scripts/frame_precision.py``.

``python scripts/frame_precision.py --mark-in-sample`` rewrites the columns ``in_sample``,
``evidence`` and (frames) ``outside_precision`` of frames.tsv, actors.tsv and the prospect rows of
stance_markers.tsv (:func:`discourse.domains.in_sample_marks` on the two study texts' titles,
headings and body; outside precision = correct/judged hits of the entry in the judgements above).
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


def study_docs(nlp) -> dict:
    from discourse import load_corpus

    c = load_corpus()
    seg = c.segments[c.segments["role"].isin(["title", "heading", "body"])]
    texts = {f"{r.doc_id} {r.segment_id}": r.text for r in seg.itertuples()}
    return dict(zip(texts, nlp.pipe(list(texts.values()), batch_size=32)))


def mark_in_sample() -> int:
    import csv

    from discourse.domains import IN_SAMPLE_FILES, in_sample_marks
    from discourse.measures.attribution import LEXICON_DIR

    nlp = load_nlp()
    docs = study_docs(nlp)
    judged = pd.read_csv(JUDGEMENTS, sep="\t", comment="#", dtype={"id": str})
    judged["key"] = [" ".join(t.lemma_.lower() for t in d) for d in nlp.pipe(judged["cue"].astype(str))]
    for name, only in IN_SAMPLE_FILES.items():
        path = LEXICON_DIR / name
        lines = path.read_text(encoding="utf-8").splitlines()
        head = [x for x in lines if x.startswith("#")]
        rows = list(csv.DictReader([x for x in lines if x.strip() and not x.startswith("#")], delimiter="\t",
                                   quoting=csv.QUOTE_NONE))
        cols = [c for c in rows[0] if c not in ("in_sample", "evidence", "outside_precision")]
        cols += ["in_sample", "evidence"] + (["outside_precision"] if name == "frames.tsv" else [])
        chosen = [r for r in rows if only is None or r[only[0]].strip() == only[1]]
        marks = in_sample_marks(docs, {r["entry"].strip() for r in chosen})
        for r in rows:
            r["in_sample"] = r["evidence"] = ""
            if name == "frames.tsv":
                r["outside_precision"] = ""
        for r in chosen:
            flag, ev = marks[r["entry"].strip()]
            r["in_sample"], r["evidence"] = ("true" if flag else "false"), ev
            if name == "frames.tsv":
                j = judged[(judged["key"] == r["entry"].strip()) & (judged["frame"] == r["frame"])]
                r["outside_precision"] = f"{int(j['correct'].sum())}/{len(j)}" if len(j) else ""
        body = ["\t".join(cols)] + ["\t".join((r.get(c) or "") for c in cols) for r in rows]
        path.write_text("\n".join(head + body) + "\n", encoding="utf-8")
        n_in = sum(r["in_sample"] == "true" for r in chosen)
        print(f"{name}: {n_in}/{len(chosen)} entries in-sample")
    return 0


def main() -> int:
    if "--mark-in-sample" in sys.argv[1:]:
        return mark_in_sample()
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
