"""Extract the modal auxiliaries of the second held-out news set (issue 12; protocol:
``scripts/protocols/news_modal_heldout_2.md``).

Reads the sentences copied verbatim from the two sources, kept beside the items in
``data/annotation/news_modals_2/source/``:

- ``reuters_sentences.jsonl``: ``{"newid", "part", "sentence"}``, the titles and body sentences of
  Reuters-21578 ``reut2-000.sgm`` (articles at character offsets 16,000-352,000) that hold a candidate
  modal word; the package's tagger keeps the tokens tagged ``MD`` with a lemma of :data:`MODALS`, as
  ``scripts/news_modal_items.py`` does for the first set. A sentence repeated word for word in another
  article (a re-sent wire story; straight and curly quotes count as the same) is kept once.
- ``gum_news_sentences.jsonl``: ``{"doc", "sent_id", "text", "modals": [{"token_id", "form",
  "lemma"}]}``, the GUM news sentences (Wikinews) holding a token whose gold XPOS is ``MD`` with one of
  those lemmas; each token is located in ``text`` by its form (the k-th modal of a form is the k-th
  whole-word occurrence of that form).

Writes ``data/annotation/news_modals_2/items.csv`` with the first set's columns (``item_id, source,
source_id, modal, char_start, char_end, sentence, marked``), in a seeded random order. Prints counts
only: the sentences are not to be read before the scores are computed.

``--set 3`` writes the sealed third set (``scripts/protocols/news_modal_heldout_3.md``: Reuters only, the
articles at offsets 352,000-688,000) to ``data/annotation/news_modals_3/items.csv`` the same way.

Usage: ``python scripts/news_modal_items_2.py [--set 3]``. Exit 2 with one line naming the file when an
input is missing or a GUM token cannot be located.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "data" / "annotation" / "news_modals_2"
SOURCE = HERE / "source"
OUT = HERE / "items.csv"
#: set -> (folder, with GUM news, shuffle seed, item-id prefix)
SETS = {"2": (HERE, True, 1204, "nb"), "3": (ROOT / "data" / "annotation" / "news_modals_3", False, 1205, "nc")}
MODALS = ("can", "could", "may", "might", "must", "shall", "should", "would", "ought")
FIELDS = ["item_id", "source", "source_id", "modal", "char_start", "char_end", "sentence", "marked"]
#: contracted forms of a negative modal, as tokenised: "ca" of "can't", "sha" of "shan't" ("wo" of "won't" is
#: *will*, left out)
_CONTRACTED = {"ca": "can", "sha": "shall"}


class ItemError(Exception):
    pass


def _jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        raise ItemError(f"{path}: not found; it holds the copied sentences (see the protocol)")
    try:
        return [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    except json.JSONDecodeError as exc:
        raise ItemError(f"{path}: not valid JSON lines ({exc})") from None


def _item(source: str, source_id: str, modal: str, text: str, a: int, b: int) -> dict:
    return {"source": source, "source_id": source_id, "modal": modal, "char_start": a, "char_end": b,
            "sentence": text, "marked": f"{text[:a]}[[{text[a:b]}]]{text[b:]}"}


def reuters_items(rows: list[dict]) -> list[dict]:
    """Modal tokens (tag MD, lemma in :data:`MODALS`) of the Reuters sentences, each sentence once."""
    from discourse.nlp import load_nlp

    seen, kept, per_article = set(), [], {}
    for r in rows:
        key = re.sub(r"\s+", " ", r["sentence"].replace('"', "'").replace("\u2019", "'")).strip().lower()
        k = per_article[r["newid"]] = per_article.get(r["newid"], 0) + 1
        if key not in seen:
            seen.add(key)
            kept.append((f"reut2-000:{r['newid']}:{r['part']}:{k}", r["sentence"].strip()))
    nlp = load_nlp(exclude=("ner",))
    found = []
    for (sid, text), doc in zip(kept, nlp.pipe([t for _s, t in kept], batch_size=256)):
        for tok in doc:
            lemma = tok.lemma_.lower()
            lemma = _CONTRACTED.get(lemma, lemma)
            if tok.tag_ == "MD" and (lemma in MODALS or tok.lower_ in MODALS):
                found.append(_item("reuters", sid, lemma if lemma in MODALS else tok.lower_,
                                   text, tok.idx, tok.idx + len(tok.text)))
    return found


def _pattern(form: str) -> re.Pattern:
    low = form.lower()
    if low in _CONTRACTED:
        return re.compile(rf"(?<![A-Za-z]){re.escape(form)}(?=n['\u2019`]t)", re.IGNORECASE)
    # a whole word, or the modal of a negative contraction ("shouldn't" is tokenised should + n't)
    return re.compile(rf"(?<![A-Za-z]){re.escape(form)}(?:(?![A-Za-z])|(?=n['\u2019`]t))", re.IGNORECASE)


def gum_items(rows: list[dict], path: Path) -> list[dict]:
    """The GUM gold MD tokens, located in the sentence text by form and order."""
    found = []
    for r in rows:
        text, used = r["text"], {}
        for m in r["modals"]:
            lemma = m["lemma"].lower()
            if lemma not in MODALS:
                continue
            form = m["form"]
            k = used[form.lower()] = used.get(form.lower(), 0) + 1
            hits = list(_pattern(form).finditer(text))
            if len(hits) < k:
                raise ItemError(f"{path}: {r['doc']} {r['sent_id']}: modal {form!r} no. {k} not found in the text")
            a, b = hits[k - 1].span()
            found.append(_item("wikinews", f"{r['doc']}:{r['sent_id']}:{m['token_id']}", lemma, text, a, b))
    return found


def items(set_name: str = "2") -> list[dict]:
    """The items of a set (see :data:`SETS`), shuffled and numbered."""
    here, with_gum, seed, prefix = SETS[set_name]
    found = reuters_items(_jsonl(here / "source" / "reuters_sentences.jsonl"))
    if with_gum:
        gum = here / "source" / "gum_news_sentences.jsonl"
        found += gum_items(_jsonl(gum), gum)
    random.Random(seed).shuffle(found)
    for k, r in enumerate(found, 1):
        r["item_id"] = f"{prefix}{k:04d}"
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", choices=sorted(SETS), default="2")
    args = ap.parse_args(argv)
    out = SETS[args.set][0] / "items.csv"
    try:
        rows = items(args.set)
    except ItemError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    by: dict[tuple[str, str], int] = {}
    for r in rows:
        by[(r["source"], r["modal"])] = by.get((r["source"], r["modal"]), 0) + 1
    print(f"{len(rows)} items -> {out.relative_to(ROOT)}")
    for src in ("reuters", "wikinews"):
        if any(s == src for s, _m in by):
            print(f"  {src}: {sum(v for (s, _m), v in by.items() if s == src)}",
                  {m: v for (s, m), v in sorted(by.items()) if s == src})
    return 0


if __name__ == "__main__":
    sys.exit(main())
