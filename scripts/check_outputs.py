"""Fingerprint every output table of the package, to prove a refactor changed no output.

Runs, on the study corpus (``data/raw``, ``data/sources.csv``):

- the command-line scorer (``discourse score``, ``--domain none`` and ``us_iran_diplomacy``, through :func:`discourse.__main__.main` in this
  process so that spaCy loads once) for every ``--level``, written once as ``.csv`` (the bytes are
  hashed) and once as ``.parquet`` (read back for the dtypes);
- :func:`discourse.analyze_all` on :func:`discourse.load_corpus` (every table of the Analysis);
- :func:`discourse.io.empty_table` for every level (the schema an empty result gets);
- the ``--source-col`` clash check of every level (its error line lists the level's columns).

For each table it records the column list, the dtypes and the sha256 of a canonical CSV
(``DataFrame.to_csv(index=False, lineterminator="\\n")``; for the CLI also of the file it wrote).

Usage::

    python scripts/check_outputs.py -o /tmp/outputs_before.json
    python scripts/check_outputs.py --compare /tmp/outputs_before.json   # exit 1 naming what differs
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from itertools import product
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SOURCE_COL = "outlet"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(df: pd.DataFrame) -> dict:
    """Columns, dtypes and the sha256 of the canonical CSV of ``df``."""
    csv = df.to_csv(index=False, lineterminator="\n").encode("utf-8")
    return {"columns": list(map(str, df.columns)), "dtypes": [str(t) for t in df.dtypes],
            "rows": int(len(df)), "csv_sha256": _sha(csv)}


def cli_tables(folder: Path) -> dict[str, dict]:
    from discourse.__main__ import LEVEL_COLUMNS, main
    from discourse.io import LEVELS

    out = {}
    for domain, level in product(("none", "us_iran_diplomacy"), LEVELS):
        paths = {ext: folder / f"{domain}-{level}.{ext}" for ext in ("csv", "parquet")}
        for path in paths.values():
            rc = main(["score", str(ROOT / "data" / "raw"), "--source-col", SOURCE_COL, "-q", "--domain", domain,
                       "--cache-dir", str(folder / "cache"), "--level", level, "-o", str(path)])
            if rc != 0:
                raise SystemExit(f"discourse score --domain {domain} --level {level} -o {path.name} exited {rc}")
        entry = fingerprint(pd.read_parquet(paths["parquet"]))
        entry["file_csv_sha256"] = _sha(paths["csv"].read_bytes())
        entry["csv_columns"] = list(pd.read_csv(paths["csv"], nrows=0).columns)
        out[f"cli:{domain}:{level}"] = entry
    for level in LEVEL_COLUMNS:
        out[f"cli_columns:{level}"] = {"columns": sorted(LEVEL_COLUMNS[level])}
    return out


def library_tables(folder: Path) -> dict[str, dict]:
    import discourse as dc
    from discourse.io import LEVELS, empty_table

    analysis = dc.analyze_all(dc.load_corpus(), cache=False)
    out = {}
    for name in ("sentences", "cues", "frames", "actors", "devices", "engagement"):
        table = getattr(analysis, name)
        if table is not None:
            out[f"analysis:{name}"] = fingerprint(table)
    for level in LEVELS:
        out[f"empty:{level}"] = fingerprint(empty_table(level, [SOURCE_COL]))
    return out


def collect() -> dict[str, dict]:
    with tempfile.TemporaryDirectory(prefix="check-outputs-") as tmp:
        folder = Path(tmp)
        return {**cli_tables(folder), **library_tables(folder)}


def compare(now: dict, before: dict) -> list[str]:
    """Names of the tables whose fingerprint differs (or that one side lacks), with the field."""
    bad = []
    for name in sorted(set(now) | set(before)):
        if name not in now or name not in before:
            bad.append(f"{name}: only in {'before' if name in before else 'now'}")
            continue
        fields = [k for k in sorted(set(now[name]) | set(before[name])) if now[name].get(k) != before[name].get(k)]
        if fields:
            bad.append(f"{name}: {', '.join(fields)} differ")
    return bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", help="write the fingerprints to this JSON file")
    parser.add_argument("--compare", metavar="FILE", help="compare with a JSON file written before; exit 1 if any differs")
    args = parser.parse_args(argv)
    if not args.output and not args.compare:
        parser.error("give -o FILE and/or --compare FILE")
    before = json.loads(Path(args.compare).read_text()) if args.compare else None
    now = collect()
    if args.output:
        Path(args.output).write_text(json.dumps(now, indent=1, sort_keys=True) + "\n")
    if before is not None:
        bad = compare(now, before)
        for line in bad:
            print(f"DIFFERS {line}", file=sys.stderr)
        if bad:
            return 1
        print(f"identical: {len(now)} tables")
    return 0


if __name__ == "__main__":
    sys.exit(main())
