"""Score a corpus across a Dask cluster, with the same per-document function as the local path.

Optional: ``pip install 'discourse[dask]'`` (``dask[bag]`` and ``distributed``). Each partition
of a :class:`dask.bag.Bag` of documents is checked and scored by
:func:`discourse.io.score_batch`, the function that ``discourse score`` runs locally; each
worker process loads the spaCy pipeline and the detectors once (they are cached per process)
and reuses them for every partition it gets. The tables assembled from the results are the
same, row for row, as the local path's (:func:`discourse.io.score_texts`)::

    from dask.distributed import Client
    from discourse.dask import read_bag, score_bag, to_tables

    client = Client("scheduler:8786")            # or LocalCluster(...)
    bag = read_bag(["articles/"], npartitions=64) # .txt files are read on the workers
    tables = to_tables(score_bag(bag, cache="/shared/parse-cache").compute())
    tables["sentence"].to_parquet("sentences.parquet")

The parse cache (``cache=``) should be a folder every worker can reach (or ``False``); by
default each worker uses its own ``DISCOURSE_CACHE_DIR``. Ids must be unique across the whole
bag: :func:`read_bag` and :func:`score_dask` check them before anything is scored (the ids are
known on the client), and :func:`to_tables` reports any that reach it from a bag built otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import InputError
from .io import (
    DEFAULT_BATCH_CHARS,
    LEVELS,
    TEXT_SUFFIXES,
    Checker,
    DocResult,
    Document,
    DocumentError,
    ScoreOptions,
    _batches,
    _file_document,
    assemble,
    file_doc_id,
    read_inputs,
    score_batch,
)

try:  # pragma: no cover - exercised when the extra is installed
    import dask.bag as db
except ImportError:  # pragma: no cover
    db = None

INSTALL_HINT = "discourse.dask needs the optional extra: pip install 'discourse[dask]' (dask[bag] and distributed)."


def _require_dask():
    if db is None:
        raise ImportError(INSTALL_HINT)
    return db


def as_document(record: Any) -> Document:
    """A :class:`~discourse.io.Document` from a Document, a ``(doc_id, text)`` pair or a dict with
    ``doc_id`` (or ``id``) and ``text`` (other keys become kept columns)."""
    if isinstance(record, Document):
        return record
    if isinstance(record, tuple) and len(record) == 2:
        return Document(str(record[0]), record[1], f"record {record[0]!r}")
    if isinstance(record, dict):
        rec = dict(record)
        doc_id = rec.pop("doc_id", None)
        doc_id = rec.pop("id", None) if doc_id is None else doc_id
        if doc_id is None or "text" not in rec:
            return Document(str(doc_id), None, "record", error="a record needs 'doc_id' (or 'id') and 'text'")
        text = rec.pop("text")
        return Document(str(doc_id), text, f"record {doc_id!r}", rec)
    return Document("?", record, "record", error=f"cannot read a {type(record).__name__} as a document")


def _score_partition(records: Iterable[Any], opts: ScoreOptions, batch_chars: int) -> list[DocResult]:
    """Check and score one partition; bad documents come back as results with ``error`` set."""
    check = Checker(encoding=opts.encoding, strip_html=opts.strip_html, max_chars=opts.max_chars,
                    keep_non_english=opts.keep_non_english)
    slots: list[DocResult | None] = []
    good = []
    for rec in records:
        doc = as_document(rec)
        try:
            text, warnings = check(doc)
        except DocumentError as err:
            slots.append(DocResult(doc.doc_id, doc.origin, dict(doc.meta), error=err))
            continue
        slots.append(None)
        good.append((doc, text, warnings))
    scored = iter([r for batch in _batches(iter(good), batch_chars) for r in score_batch(batch, opts, "skip")])
    return [s if s is not None else next(scored) for s in slots]


def _check_unique(ids: Iterable[tuple[str, str]]) -> None:
    """Raise :class:`InputError` listing every ``(doc_id, origin)`` whose id was used before: found
    here, before any worker parses anything (workers only see their own partition)."""
    first: dict[str, str] = {}
    dups = []
    for doc_id, origin in ids:
        if doc_id in first:
            dups.append(f"  {doc_id!r} ({origin}): the id was already used by {first[doc_id]}")
        else:
            first[doc_id] = origin
    if dups:
        more = f"\n  ... and {len(dups) - 20} more" if len(dups) > 20 else ""
        raise InputError(f"{len(dups)} duplicate id(s); ids must be unique across the whole bag:\n"
                         + "\n".join(dups[:20]) + more)


def score_bag(bag, *, batch_chars: int = DEFAULT_BATCH_CHARS, **options):
    """A bag of :class:`~discourse.io.DocResult`, one per input record, in input order.

    ``bag`` holds Documents, ``(doc_id, text)`` pairs or dicts (see :func:`as_document`);
    ``options`` are :class:`~discourse.io.ScoreOptions` fields (``cache``, ``structure``,
    ``strip_html``, ``encoding``, ``batch_size``...). Bad documents are results with ``error``
    set (never an exception on the worker); :func:`to_tables` decides what to do with them.
    """
    _require_dask()
    opts = ScoreOptions(**options)
    return bag.map_partitions(_score_partition, opts, batch_chars)


def to_tables(results: Iterable[DocResult], *, levels: Iterable[str] = LEVELS, on_error: str = "fail",
              meta_cols: Iterable[str] | None = None, domain: bool = True) -> dict[str, pd.DataFrame]:
    """Assemble computed results into ``{level: DataFrame}``, as the local path does (``domain``:
    whether the results were scored with a domain, which decides an empty table's columns).

    A duplicate id (a later document with an id already seen, in any partition) is an error.
    With ``on_error="fail"`` any bad document raises :class:`~discourse.errors.InputError`
    listing them all; with ``"skip"`` they are left out and listed in ``tables.attrs``-like
    ``tables["errors"]`` (doc_id, origin, reason, message).
    """
    results = list(results)
    seen: dict[str, str] = {}
    good, bad = [], []
    for r in results:
        if r.error is None and r.doc_id in seen:
            r = DocResult(r.doc_id, r.origin, r.meta, error=DocumentError(
                r.doc_id, r.origin, "duplicate_id", f"the id was already used by {seen[r.doc_id]}"))
        if r.error is not None:
            bad.append(r)
            continue
        seen[r.doc_id] = r.origin
        good.append(r)
    if bad and on_error == "fail":
        lines = "\n".join(f"  {r.error}" for r in bad[:20])
        more = f"\n  ... and {len(bad) - 20} more" if len(bad) > 20 else ""
        raise InputError(f"{len(bad)} bad document(s):\n{lines}{more}\nPass on_error='skip' to leave them out.")
    if meta_cols is None:
        meta_cols = list(good[0].meta) if good else []
    tables = {lvl: assemble(good, lvl, meta_cols, domain=domain) for lvl in levels}
    tables["errors"] = pd.DataFrame(
        [{"doc_id": r.doc_id, "origin": r.origin, "reason": r.error.reason, "message": r.error.detail} for r in bad],
        columns=["doc_id", "origin", "reason", "message"])
    return tables


def read_bag(inputs: Iterable[str | Path], *, npartitions: int | None = None, unique_ids: bool = True,
             **read_options):
    """A bag of documents from ``inputs`` (as :func:`discourse.io.read_inputs`).

    Folders and ``.txt`` files are listed here and *read on the workers* (a shared filesystem
    is assumed); ``.csv`` and ``.jsonl`` files are read here and shipped to the workers.
    ``unique_ids``: raise :class:`InputError` here, before anything is scored, when two documents
    share an id (a file's id is its name without the suffix, after its folder's name when
    there are several inputs, as in :func:`discourse.io.file_doc_id`); with ``False`` the duplicates are
    scored and :func:`to_tables` reports them.
    """
    bag = _require_dask()
    paths: list[Path] = []
    records: list[Document] = []
    source_col = read_options.get("source_col")
    keep = ([source_col] if source_col else []) + list(read_options.get("keep_cols", ()))
    inputs = list(inputs)
    with_folder = len(inputs) > 1  # as read_inputs: ids keep the folder (outlet_a/article1)
    for p in map(Path, inputs):
        if p.is_dir():
            paths += sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES)
        elif p.suffix.lower() in TEXT_SUFFIXES and p.is_file():
            paths.append(p)
        else:
            records += list(read_inputs([p], **read_options))
    if unique_ids:
        _check_unique([(file_doc_id(f, with_folder=with_folder), str(f)) for f in paths]
                      + [(r.doc_id, r.origin) for r in records])
    parts = []
    if paths:
        n = npartitions or max(1, min(len(paths) // 100 + 1, 256))
        parts.append(bag.from_sequence([str(p) for p in paths], npartitions=n).map(
            lambda s: _file_document(Path(s), keep, source_col, doc_id=file_doc_id(Path(s), with_folder=with_folder))))
    if records:
        parts.append(bag.from_sequence(records, npartitions=npartitions or max(1, min(len(records) // 100 + 1, 256))))
    if not parts:
        raise InputError("No documents in the inputs.")
    return parts[0] if len(parts) == 1 else bag.concat(parts)


def score_dask(records: Iterable[Any], *, npartitions: int | None = None, levels: Iterable[str] = LEVELS,
               on_error: str = "fail", **options) -> dict[str, pd.DataFrame]:
    """Score ``records`` (see :func:`as_document`) on the current Dask scheduler (a
    ``distributed.Client`` if one is active) and return ``{level: DataFrame}``.

    With ``on_error="fail"`` duplicate ids raise :class:`InputError` before anything is scored;
    with ``"skip"`` the later duplicates are left out and listed in ``tables["errors"]``."""
    bag = _require_dask()
    records = list(records)
    if on_error == "fail":
        _check_unique((d.doc_id, d.origin) for d in map(as_document, records))
    n = npartitions or max(1, min(len(records) // 50 + 1, 256))
    results = score_bag(bag.from_sequence(records, npartitions=n), **options).compute()
    return to_tables(results, levels=levels, on_error=on_error, domain=ScoreOptions(**options).domain is not None)
