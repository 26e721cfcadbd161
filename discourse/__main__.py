"""Command line: ``python -m discourse COMMAND`` (also the ``discourse`` console script)."""

from __future__ import annotations

import argparse
import sys

from .errors import DiscourseError


def _figures(args: argparse.Namespace) -> int:
    from .build import build_figures

    build_figures(notebooks=args.notebook or None, quiet=args.quiet)
    return 0


def _validate(args: argparse.Namespace) -> int:
    import pandas as pd

    from .validation import validate

    table = validate(args.path, write=args.output or (not args.no_write))
    if not args.quiet:
        overall = table[table["subset"] == "all"]
        with pd.option_context("display.width", 200, "display.max_rows", 200, "display.max_columns", 20):
            print(overall.pivot_table(index=["task", "file", "method"], columns="metric", values="value").round(3))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="discourse", description="Sentiment, hedging and modality per sentence and per source.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("figures", help="run every notebook in order and rebuild figures/")
    p.add_argument("--notebook", action="append", help="run only this notebook (repeatable), e.g. 01_corpus")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(func=_figures)
    p = sub.add_parser("validate", help="score the detectors against annotated TSV files")
    p.add_argument("path", nargs="?", default=None,
                   help="an annotated .tsv or a folder of them (default: $DISCOURSE_VALIDATION_DIR or ../shared/validation)")
    p.add_argument("-o", "--output", default=None, help="CSV to write (default data/processed/validation_scores.csv)")
    p.add_argument("--no-write", action="store_true", help="print the scores only")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(func=_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except DiscourseError as exc:
        print(f"discourse: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
