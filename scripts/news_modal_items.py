"""Extract the modal auxiliaries of two news files for a held-out modal-sense gold set (issue 12).

Reads, from the validation folder (``DISCOURSE_VALIDATION_DIR``, default ``../shared/validation``),
the Financial PhraseBank sentences (financial news; Malo et al. 2014) and the SemEval-2007 Task 14
headlines (news; Strapparava & Mihalcea 2007), parses them with the package's pipeline and writes
one row per modal auxiliary (tag ``MD``; lemma can, could, may, might, must, shall, should, would,
ought; *will* is left out, as GME leaves it out) to ``data/annotation/news_modals/items.csv``:
``item_id, source, source_id, modal, char_start, char_end, sentence, marked`` (``marked``: the
sentence with the modal between ``[[`` and ``]]``, what the annotators read). Items are in a
seeded random order so that neither annotator reads them in file order. Nothing here looks at the
package's sense decisions: annotators get this file and the codebook only.

Usage: ``python scripts/news_modal_items.py``
"""

from __future__ import annotations

import csv
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "annotation" / "news_modals" / "items.csv"
MODALS = ("can", "could", "may", "might", "must", "shall", "should", "would", "ought")
SOURCES = {"financial_phrasebank.tsv": "financial_news", "semeval2007_headlines_valence.tsv": "headlines"}
FIELDS = ["item_id", "source", "source_id", "modal", "char_start", "char_end", "sentence", "marked"]


def _rows(path: Path) -> list[tuple[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    seen, out = set(), []
    for r in reader:
        if r["sentence"] not in seen:  # the PhraseBank repeats 5 sentences
            seen.add(r["sentence"])
            out.append((r["id"], r["sentence"]))
    return out


def items(folder: Path) -> list[dict]:
    from discourse.nlp import load_nlp

    nlp = load_nlp(exclude=("ner",))
    found = []
    for name, source in SOURCES.items():
        rows = _rows(folder / name)
        for (sid, text), doc in zip(rows, nlp.pipe([t for _i, t in rows], batch_size=256)):
            for tok in doc:
                lemma = tok.lemma_.lower()
                lemma = {"ca": "can", "wo": "would", "sha": "shall"}.get(lemma, lemma)
                if tok.tag_ == "MD" and (lemma in MODALS or tok.lower_ in MODALS):
                    a, b = tok.idx, tok.idx + len(tok.text)
                    found.append({"source": source, "source_id": sid, "modal": lemma if lemma in MODALS else tok.lower_,
                                  "char_start": a, "char_end": b, "sentence": text,
                                  "marked": f"{text[:a]}[[{text[a:b]}]]{text[b:]}"})
    random.Random(12).shuffle(found)
    for k, r in enumerate(found, 1):
        r["item_id"] = f"nm{k:04d}"
    return found


def main() -> int:
    folder = Path(os.environ.get("DISCOURSE_VALIDATION_DIR", ROOT.parent / "shared" / "validation"))
    if not (folder / "financial_phrasebank.tsv").is_file():
        print(f"error: {folder} has no financial_phrasebank.tsv; set DISCOURSE_VALIDATION_DIR", file=sys.stderr)
        return 2
    rows = items(folder)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    by = {}
    for r in rows:
        by[r["modal"]] = by.get(r["modal"], 0) + 1
    print(f"{len(rows)} items -> {OUT.relative_to(ROOT)}: {dict(sorted(by.items()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
