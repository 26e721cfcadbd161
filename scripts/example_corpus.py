"""Write an example corpus for the README's "your own corpus" walk-through: a CSV of articles with
``id``, ``outlet``, ``date`` and ``body`` columns, several articles per outlet.

The sentences come from the other-genre fixtures (``tests/fixtures/other_genres``: a product review,
a sports report, a legal notice, ...), not from the study's two texts, so the example is a corpus
about something else; each outlet draws from the pool with its own mix, so the outlets differ a
little. Deterministic for a given ``--seed``.

    python scripts/example_corpus.py -o articles.csv --articles 300
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "other_genres"
OUTLETS = ("daily", "weekly", "wire")


def sentence_pool() -> list[str]:
    """Sentences of four or more words from the fixtures (the HTML page left out)."""
    pool = []
    for path in sorted(FIXTURES.glob("*.txt")):
        if path.stem == "html_page":
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            pool += [s.strip() for s in re.split(r"(?<=[.!?])\s+", line) if len(s.split()) >= 4]
    return pool


def articles(n: int, *, seed: int = 0) -> list[dict]:
    """``n`` articles of 3 paragraphs x 3 sentences, spread over the outlets and over 2024."""
    pool = sentence_pool()
    rng = random.Random(seed)
    weights = {o: [rng.random() + (1.0 if k % len(OUTLETS) == i else 0.0) for k in range(len(pool))]
               for i, o in enumerate(OUTLETS)}
    rows = []
    for i in range(n):
        outlet = OUTLETS[i % len(OUTLETS)]
        paras = ["\n".join([" ".join(rng.choices(pool, weights=weights[outlet], k=3))]) for _ in range(3)]
        rows.append({"id": f"{outlet}-{i:04d}", "outlet": outlet,
                     "date": (date(2024, 1, 1) + timedelta(days=rng.randrange(366))).isoformat(),
                     "body": "\n\n".join(paras)})
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("-o", "--output", required=True, help="CSV file to write (refused if it exists)")
    p.add_argument("--articles", type=int, default=300, help="number of articles (default 300)")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    out = Path(args.output)
    if out.exists():
        print(f"example_corpus: {out} exists; choose another path (nothing written).", file=sys.stderr)
        return 2
    rows = articles(args.articles, seed=args.seed)
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "outlet", "date", "body"])
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} articles ({', '.join(OUTLETS)}) to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
