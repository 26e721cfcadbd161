"""Command line: ``python -m discourse COMMAND`` (also the ``discourse`` console script)."""

from __future__ import annotations

import argparse
import sys

from .errors import DiscourseError


def _figures(args: argparse.Namespace) -> int:
    from .build import build_figures

    build_figures(notebooks=args.notebook or None, quiet=args.quiet)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="discourse", description="Sentiment, hedging and modality per sentence and per source.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("figures", help="run every notebook in order and rebuild figures/")
    p.add_argument("--notebook", action="append", help="run only this notebook (repeatable), e.g. 01_corpus")
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    p.set_defaults(func=_figures)
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
