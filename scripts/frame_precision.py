"""Precision of the frame lexicon on news text it was not written from (issue 13, item 8).

Reads the hand judgements in ``tests/data/frame_precision_outside.tsv`` (file + id of a sentence in
``../shared/validation``, the frame and cue the detector found, correct 1/0), runs today's
:class:`~discourse.measures.framing.FrameDetector` on those sentences again, and prints per frame:
the judged hits it still finds, how many of them are correct (precision), and the judged hits it no
longer finds (a rule change that dropped them). Run: ``python scripts/frame_precision.py``.

The prospect markers have their own judgements, ``tests/data/prospect_precision_outside.tsv`` (one
row per sentence the prospect rules flag in the same outside news; its ``cue`` column names the
marker entries the sentence was flagged by, ``|``-separated, or ``rule:<name>`` for a grammatical
rule such as ``rule:frame+negated_possibility``). The default run also prints their precision per
entry and says which judged sentences today's rules no longer flag.
``python scripts/frame_precision.py --prospect-cues`` rewrites that ``cue`` column (and only it) by
running today's detector over the judged sentences.

``python scripts/frame_precision.py --mark-in-sample`` rewrites the columns ``in_sample``,
``evidence`` and ``outside_precision`` of frames.tsv, actors.tsv and the prospect rows of
stance_markers.tsv (:func:`discourse.domains.in_sample_marks` on the two study texts' titles,
headings and body; outside precision = correct/judged hits of the entry in the judgements above:
frame judgements for frames.tsv, prospect judgements for stance_markers.tsv; actors.tsv has none).
"""

from __future__ import annotations

import sys

import pandas as pd

from discourse import paths
from discourse.measures.framing import ActorDetector, FrameDetector
from discourse.nlp import load_nlp

JUDGEMENTS = paths.PROJECT_ROOT / "tests" / "data" / "frame_precision_outside.tsv"
PROSPECT_JUDGEMENTS = paths.PROJECT_ROOT / "tests" / "data" / "prospect_precision_outside.tsv"
#: the lexicon files that get an ``outside_precision`` column, and from which judgements
OUTSIDE_PRECISION = {"frames.tsv": "frame", "stance_markers.tsv": "prospect"}


def read_judgements(path=JUDGEMENTS) -> pd.DataFrame:
    """A judgements TSV (comment lines ``#``), ids as strings."""
    return pd.read_csv(path, sep="\t", comment="#", dtype={"id": str, "cue": str}, keep_default_na=False,
                       na_values={"correct": [""]})


def cue_list(cue: str) -> list[str]:
    """The entries of a ``cue`` cell of the prospect judgements (``|``-separated; ``rule:`` ones are
    grammatical rules, not entries)."""
    return [c for c in str(cue or "").split("|") if c and not c.startswith("rule:")]


def prospect_entry_precision(judged: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """``{entry: (correct, judged)}`` over the prospect judgements: every judged sentence counts
    for each marker entry in its ``cue`` cell."""
    out: dict[str, tuple[int, int]] = {}
    for cue, ok in zip(judged["cue"], judged["correct"]):
        for e in cue_list(cue):
            c, n = out.get(e, (0, 0))
            out[e] = (c + int(ok), n + 1)
    return out


def prospect_cues(nlp, sentences: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """``{(file, id): cue}`` for the sentences today's prospect rules flag: the marker entries of the
    first flagged sentence (``|``-separated) or ``rule:<why>`` when no marker fired; unflagged
    sentences get no key."""
    from discourse.measures.prospects import marker_entries, prospect_rows

    fd = FrameDetector(nlp.vocab)
    keys = list(sentences)
    out = {}
    for key, doc in zip(keys, nlp.pipe([sentences[k] for k in keys], batch_size=64)):
        sents = list(doc.sents)
        for r in prospect_rows(doc, fd(doc)):
            if r["prospect"]:
                entries = marker_entries(sents[r["sent_index"]]) if r["why"] in (
                    "frame+marker", "verdict_on_previous") else []
                out[key] = "|".join(entries) or f"rule:{r['why']}"
                break
    return out


def write_prospect_cues() -> int:
    """Rewrite the ``cue`` column of the prospect judgements from today's detector (comments, order
    and every other column kept; a sentence no longer flagged gets an empty cue)."""
    judged = read_judgements(PROSPECT_JUDGEMENTS)
    cues = prospect_cues(load_nlp(), load_sentences(judged))
    lines = PROSPECT_JUDGEMENTS.read_text(encoding="utf-8").splitlines()
    head = [x for x in lines if x.startswith("#")]
    cols = [c for c in judged.columns if c != "cue"]
    cols.insert(cols.index("stance") + 1, "cue")
    judged["cue"] = [cues.get(k, "") for k in zip(judged["file"], judged["id"])]
    body = ["\t".join(cols)] + ["\t".join(str(r[c]) for c in cols) for _, r in judged.astype(str).iterrows()]
    PROSPECT_JUDGEMENTS.write_text("\n".join(head + body) + "\n", encoding="utf-8")
    print(f"{PROSPECT_JUDGEMENTS.name}: cue written for {sum(k in cues for k in zip(judged['file'], judged['id']))}"
          f"/{len(judged)} judged sentences")
    return 0


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

    from discourse.domains import IN_SAMPLE_FILES, in_sample_marks, in_sample_rows
    from discourse.measures.attribution import LEXICON_DIR

    nlp = load_nlp()
    docs = study_docs(nlp)
    judged = pd.read_csv(JUDGEMENTS, sep="\t", comment="#", dtype={"id": str})
    judged["key"] = [" ".join(t.lemma_.lower() for t in d) for d in nlp.pipe(judged["cue"].astype(str))]
    by_entry = prospect_entry_precision(read_judgements(PROSPECT_JUDGEMENTS))
    for name, only in IN_SAMPLE_FILES.items():
        path = LEXICON_DIR / name
        lines = path.read_text(encoding="utf-8").splitlines()
        head = [x for x in lines if x.startswith("#")]
        rows = list(csv.DictReader([x for x in lines if x.strip() and not x.startswith("#")], delimiter="\t",
                                   quoting=csv.QUOTE_NONE))
        cols = [c for c in rows[0] if c not in ("in_sample", "evidence", "outside_precision")]
        with_precision = name in OUTSIDE_PRECISION
        cols += ["in_sample", "evidence"] + (["outside_precision"] if with_precision else [])
        chosen = in_sample_rows(rows, only)
        marks = in_sample_marks(docs, {r["entry"].strip() for r in chosen})
        for r in rows:
            r["in_sample"] = r["evidence"] = ""
            if with_precision:
                r["outside_precision"] = ""
        for r in chosen:
            entry = r["entry"].strip()
            flag, ev = marks[entry]
            r["in_sample"], r["evidence"] = ("true" if flag else "false"), ev
            if name == "frames.tsv":
                j = judged[(judged["key"] == entry) & (judged["frame"] == r["frame"])]
                r["outside_precision"] = f"{int(j['correct'].sum())}/{len(j)}" if len(j) else ""
            elif with_precision and entry in by_entry:
                r["outside_precision"] = "{}/{}".format(*by_entry[entry])
        body = ["\t".join(cols)] + ["\t".join((r.get(c) or "") for c in cols) for r in rows]
        path.write_text("\n".join(head + body) + "\n", encoding="utf-8")
        n_in = sum(r["in_sample"] == "true" for r in chosen)
        print(f"{name}: {n_in}/{len(chosen)} entries in-sample")
    return 0


def main() -> int:
    if "--mark-in-sample" in sys.argv[1:]:
        return mark_in_sample()
    if "--prospect-cues" in sys.argv[1:]:
        return write_prospect_cues()
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
    pj = read_judgements(PROSPECT_JUDGEMENTS)
    flagged = prospect_cues(nlp, load_sentences(pj))
    kept = pj[[k in flagged for k in zip(pj["file"], pj["id"])]]
    print(f"\nprospect statements: {int(kept['correct'].sum())}/{len(kept)} judged sentences still flagged are "
          f"correct (precision {kept['correct'].mean():.3f}); {len(pj) - len(kept)} judged no longer flagged")
    per = prospect_entry_precision(kept.assign(cue=[flagged[k] for k in zip(kept["file"], kept["id"])]))
    table = pd.DataFrame([(e, c, n, c / n) for e, (c, n) in sorted(per.items())],
                         columns=["entry", "correct", "hits", "precision"]).set_index("entry")
    print(table.round(3).to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
