"""scripts/example_corpus.py: the README's own-corpus example is a real CSV with metadata columns."""

from __future__ import annotations

import csv
import subprocess
import sys

from discourse import paths

SCRIPT = paths.PROJECT_ROOT / "scripts" / "example_corpus.py"


def test_writes_articles_with_outlets_and_dates_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "articles.csv"
    r = subprocess.run([sys.executable, str(SCRIPT), "-o", str(out), "--articles", "12"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 12 and {r["outlet"] for r in rows} == {"daily", "weekly", "wire"}
    assert len({r["id"] for r in rows}) == 12 and all(r["date"].startswith("2024-") and r["body"] for r in rows)
    before = out.read_bytes()
    again = subprocess.run([sys.executable, str(SCRIPT), "-o", str(out)], capture_output=True, text=True)
    assert again.returncode == 2 and "exists" in again.stderr and out.read_bytes() == before
