"""Score your own corpus: read documents, check them, parse and measure them in a stream, write tables.

This is the engine behind ``discourse score`` (see :mod:`discourse.__main__`) and
:mod:`discourse.dask`. It gives the same rows as :func:`discourse.analyze_all` on
``build_corpus(texts)``, with the document id in ``doc_id`` (where the library tables say
``source_id``), but it never holds the corpus in memory and it survives bad input.

Documents
    Every ``.txt`` file of a folder (id = file stem), a single ``.txt`` file, every row of a
    ``.csv`` (``text_col``; id from ``id_col``, else column ``id`` when present, else
    ``<file stem>:<row number>``) or every line of a ``.jsonl`` (a JSON object per line; the
    same field options). ``source_col`` names a grouping column (outlet, source, ...) copied
    onto every output row under its own name; for folder and ``.txt`` inputs its value is the
    name of the folder the file is in. ``keep_cols`` copies further columns the same way.

Checks (:func:`prepare`), one :class:`DocumentError` with a ``reason`` per bad document
    ``empty`` (nothing but whitespace), ``undecodable`` (bytes that are not valid in
    ``encoding``; the message names the byte and suggests ``--encoding``), ``not_text``
    (binary data: NUL or control bytes; a JSON value that is not a string), ``too_long``
    (more than ``max_chars`` characters, default 5,000,000, a memory guard),
    ``duplicate_id``, ``bad_record`` (a JSONL line that is not a JSON object, a missing
    field) and ``failed`` (the parser or a measure raised on this document).
    HTML markup is detected and reported as a warning; ``strip_html=True`` strips it with
    the standard library's :mod:`html.parser` (offsets then index the stripped text).

Long documents
    Each body paragraph (line) is parsed on its own, as in :func:`discourse.analyze_all`; a
    paragraph longer than ``chunk_chars`` is split at
    the last sentence end (else whitespace, else a hard cut) before the limit and parsed in
    pieces (at most :data:`PIPE_CHARS` characters per ``nlp.pipe`` call, so memory stays bounded
    whatever the punctuation; default limit :data:`DEFAULT_CHUNK_CHARS`), with
    ``start_char``/``end_char`` still indexing the document's text and ``sent_in_segment``
    counting on across pieces. :func:`discourse.nlp.check_text` still refuses such texts.

Output tables (``level``; every row starts with ``doc_id`` and the kept columns)
    ``sentence``  one row per body sentence: ``segment_id``, ``role``, ``sent_id`` (0-based in the
                  document), ``sent_in_segment``, ``text``, ``start_char``/``end_char`` (offsets into
                  the document's text), ``n_tokens`` (words), ``sentiment``, ``vader``,
                  ``textblob_polarity``, ``textblob_subjectivity``, ``voice``, ``speaker``,
                  ``frames``, ``actors``, ``prospect``, ``prospect_score``, ``prospect_stance``, then
                  the count columns ``n_<kind>``, ``n_<kind>_<category>``, ``n_modal_<sense>``,
                  ``n_frame_<frame>`` (sorted; a count column that no document has is absent);
    ``cue``       one row per hedge, booster, modal or stance marker: ``segment_id``, ``role``
                  and :data:`discourse.components.CUE_COLUMNS` (:func:`discourse.registry.cue_columns`);
    ``frame``     one row per frame cue; ``actor`` one row per actor mention (the library's
                  ``Analysis.frames`` / ``Analysis.actors`` columns);
    ``source``    one row per document: ``chars``, ``body_segments``, ``sentences``,
                  ``n_tokens``, ``mean_<score>`` for each sentence score, ``n_prospect`` and the
                  sums of the count columns.

Scale
    Documents are grouped into batches of about ``batch_chars`` characters; each batch is
    parsed with one ``nlp.pipe(batch_size=...)`` call (through the on-disk parse cache,
    :class:`discourse.nlp.DocCache`, so a rerun over an unchanged corpus parses nothing) and
    measured. With ``n_process > 1`` batches go to that many worker processes, each loading
    the pipeline once and both parsing *and* measuring, with a bounded number of batches in
    flight, so memory stays flat however long the input is. Tables are written in parts and
    assembled into the output file at the end (:class:`TableWriter`), atomically.
"""

from __future__ import annotations

import codecs
import csv
import json
import os
import re
import shutil
import stat
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy
import pandas as pd

from . import registry
from .components import CUE_COLUMNS
from .corpus import check_language, segment_text
from .errors import InputError
from .nlp import Cache, DocCache, load_nlp
from .tables import SCORE_COLUMNS, SENTENCE_KEYS, document_rows, measurer

#: output levels: one row per sentence, cue, frame cue, actor mention, or document ("source")
LEVELS = ("sentence", "cue", "frame", "actor", "source")
#: reasons a document is refused
REASONS = ("empty", "undecodable", "not_text", "not_english", "too_long", "duplicate_id", "bad_record", "failed")
DEFAULT_MAX_CHARS = 5_000_000
DEFAULT_BATCH_CHARS = 64_000
#: longest piece of a paragraph parsed at once (``chunk_chars``'s default): the parser's memory
#: grows with the text of one ``nlp.pipe`` call, so long paragraphs are cut at sentence ends
#: (else whitespace, else hard) into pieces of at most this many characters
DEFAULT_CHUNK_CHARS = 20_000
#: most characters handed to one ``nlp.pipe`` call (a whole piece always goes in one call)
PIPE_CHARS = 64_000
#: input formats (``format=``/``--format``) and the suffixes that imply them
FORMATS = ("txt", "csv", "jsonl")
OUTPUT_SUFFIXES = (".csv", ".parquet")
TEXT_SUFFIXES = (".txt",)
CSV_SUFFIXES = (".csv",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")


# --------------------------------------------------------------------------- documents and errors
@dataclass
class Document:
    """One input document before checking: ``data`` is bytes (files), str (CSV/JSONL) or anything
    a JSON field held; ``origin`` says where it came from (file, row, line); ``meta`` holds the
    kept columns (``source_col``, ``keep_cols``); ``error`` a reading error (bad JSON...)."""

    doc_id: str
    data: Any
    origin: str
    meta: dict = field(default_factory=dict)
    error: str | None = None


class DocumentError(InputError):
    """One bad document: ``doc_id``, ``origin``, ``reason`` (one of :data:`REASONS`) and a message."""

    def __init__(self, doc_id: str, origin: str, reason: str, message: str):
        self.doc_id, self.origin, self.reason, self.detail = doc_id, origin, reason, message
        super().__init__(f"document {doc_id!r} ({origin}): {reason}: {message}")

    def __reduce__(self):  # picklable (worker processes, Dask)
        return (type(self), (self.doc_id, self.origin, self.reason, self.detail))


@dataclass
class Problem:
    """A reported document: ``status`` is ``"skipped"``, ``"error"`` or ``"warning"``."""

    doc_id: str
    origin: str
    status: str
    reason: str
    message: str

    def line(self) -> str:
        return f"{self.status}: document {self.doc_id!r} ({self.origin}): {self.reason}: {self.message}"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _publish(tmp: str | os.PathLike, path: Path) -> None:
    """Give ``tmp`` ordinary permissions (mkstemp makes it private) and rename it onto ``path``."""
    os.chmod(tmp, 0o666 & ~_umask())
    os.replace(tmp, path)


# --------------------------------------------------------------------------- reading inputs
def _folder_name(path: Path) -> str:
    return path.resolve().parent.name


def read_inputs(
    inputs: Iterable[str | os.PathLike],
    *,
    text_col: str = "text",
    id_col: str | None = None,
    source_col: str | None = None,
    keep_cols: Iterable[str] = (),
    encoding: str = "utf-8",
    csv_chunksize: int = 1000,
    format: str | None = None,
    labels: dict[str, str] | None = None,
) -> Iterator[Document]:
    """Yield a :class:`Document` per file, CSV row or JSONL line of ``inputs``, lazily and in order.

    A path that does not exist, an unknown suffix (without ``format``), an unknown encoding or a
    CSV lacking a named column raises :class:`InputError` (a usage error: nothing can be read); a
    bad *record* is yielded with ``error`` set so that the caller can report it with its id and go
    on. ``format`` (``txt``, ``csv`` or ``jsonl``) reads every input *file* so, whatever its
    suffix. With more than one input, a ``.txt`` file's id keeps its folder's name
    (``outlet_a/article1``; see :func:`file_doc_id`). ``labels`` maps a path to the name shown in
    messages (a piped input read into a temporary file by :func:`spool_streams`).
    """
    keep = [c for c in ([source_col] if source_col else []) + list(keep_cols)]
    paths = [Path(p) for p in inputs]
    labels = labels or {}
    if not paths:
        raise InputError("No input given: name a folder of .txt files, a .txt, .csv or .jsonl file.")
    check_encoding(encoding)
    for p in paths:
        if not p.exists():
            raise InputError(f"{p} does not exist (expected a folder of .txt files, a .txt, .csv or .jsonl file).")
        if not p.is_dir():
            input_format(p, format)
    with_folder = len(paths) > 1
    for p in paths:
        if p.is_dir():
            files = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES)
            if not files:
                raise InputError(f"No .txt files in {p}.")
            for f in files:
                yield _file_document(f, keep, source_col, doc_id=file_doc_id(f, with_folder=with_folder))
            continue
        fmt, label = input_format(p, format), labels.get(str(p))
        if fmt == "txt":
            yield _file_document(p, keep, source_col, doc_id=file_doc_id(p, with_folder=with_folder), label=label)
        elif fmt == "csv":
            yield from _read_csv(p, text_col=text_col, id_col=id_col, keep=keep, encoding=encoding,
                                 chunksize=csv_chunksize, label=label)
        else:
            yield from _read_jsonl(p, text_col=text_col, id_col=id_col, keep=keep, encoding=encoding, label=label)


def check_encoding(encoding: str) -> str:
    """``encoding`` if Python knows it, else :class:`InputError` with examples."""
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"Unknown encoding {encoding!r}: use a Python codec name, e.g. utf-8, latin-1, "
                         "cp1252, utf-16.") from None
    return encoding


def input_format(path: Path, format: str | None = None) -> str:
    """The format (``txt``, ``csv``, ``jsonl``) of the input file ``path``: ``format`` if given,
    else from its suffix; :class:`InputError` (naming ``--format``) when neither tells."""
    if format is not None:
        if format not in FORMATS:
            raise InputError(f"format must be one of {FORMATS}, got {format!r}")
        return format
    suffix = path.suffix.lower()
    for fmt, suffixes in zip(FORMATS, (TEXT_SUFFIXES, CSV_SUFFIXES, JSONL_SUFFIXES)):
        if suffix in suffixes:
            return fmt
    raise InputError(f"Cannot read {path}: give a folder of .txt files or a .txt, .csv or .jsonl file "
                     "(or name the format with --format csv|jsonl|txt).")


def file_doc_id(path: Path, *, with_folder: bool = False) -> str:
    """The id of a ``.txt`` document: the file name without its suffix, prefixed with the name of
    its folder when several inputs are read (``outlet_a/article1``), so that the same file name
    in two folders gives two ids."""
    return f"{_folder_name(path)}/{path.stem}" if with_folder else path.stem


def is_stream(path: str | os.PathLike) -> bool:
    """True for an input that can be read only once: a pipe, ``/dev/stdin``, a process
    substitution (``<(...)``), a character device or socket."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)) or str(path).startswith(("/dev/", "/proc/"))


def sniff_format(head: bytes, *, text_col: str = "text", encoding: str = "utf-8") -> str | None:
    """Guess the format of an input from its first bytes: ``jsonl`` when the first non-blank line
    is a JSON object, ``csv`` when it is a CSV header with a ``text_col`` column; else None."""
    text = head.decode(encoding, errors="replace").lstrip("\ufeff")
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    if first.lstrip().startswith("{"):
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except json.JSONDecodeError:
            pass
    try:
        header = next(csv.reader([first]))
    except (csv.Error, StopIteration):
        return None
    return "csv" if text_col in [h.strip() for h in header] else None


def spool_streams(inputs: Iterable[str | os.PathLike], folder: str | os.PathLike, *, format: str | None = None,
                  text_col: str = "text", encoding: str = "utf-8") -> tuple[list[str], dict[str, str]]:
    """Read each piped input (:func:`is_stream`) once into a file in ``folder`` so that it can be
    read twice (check pass, then scoring); its format is ``format`` or sniffed
    (:func:`sniff_format`). Returns the new input list and ``{spooled path: original name}``
    (for :func:`read_inputs`'s ``labels``). Other inputs are passed through unchanged."""
    out, labels = [], {}
    for i, p in enumerate(map(str, inputs)):
        if not is_stream(p):
            out.append(p)
            continue
        spooled = Path(folder) / f"{i}" / (Path(p).stem or "stdin")
        spooled.parent.mkdir(parents=True)
        with open(p, "rb") as src, open(spooled, "wb") as dst:
            shutil.copyfileobj(src, dst)
        with open(spooled, "rb") as fh:
            head = fh.read(65536)
        fmt = format or sniff_format(head, text_col=text_col, encoding=encoding)
        if fmt is None:
            raise InputError(f"Cannot tell the format of {p} (a pipe has no file suffix): pass --format csv, "
                             "--format jsonl or --format txt.")
        spooled = spooled.rename(spooled.with_name(f"{spooled.name}.{fmt}"))
        out.append(str(spooled))
        labels[str(spooled)] = p
    return out, labels


def _file_document(path: Path, keep: list[str], source_col: str | None, *, doc_id: str | None = None,
                   label: str | None = None) -> Document:
    meta = {c: (_folder_name(path) if c == source_col else None) for c in keep}
    doc_id = path.stem if doc_id is None else doc_id
    origin = label or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Document(doc_id, b"", origin, meta, error=f"cannot be read: {exc.strerror or exc}")
    return Document(doc_id, data, origin, meta)


def _read_csv(path: Path, *, text_col, id_col, keep, encoding, chunksize, label=None) -> Iterator[Document]:
    name = label or str(path)
    stem = Path(label).stem if label else path.stem
    try:
        # object, not str: pyarrow-backed strings cannot hold the surrogates that mark bad bytes
        reader = pd.read_csv(path, dtype=object, keep_default_na=False, chunksize=chunksize, encoding=encoding,
                             encoding_errors="surrogateescape")
    except pd.errors.EmptyDataError:
        raise InputError(f"{name} is empty: no header and no rows.") from None
    except LookupError as exc:
        raise InputError(f"Unknown encoding {encoding!r}: {exc}.") from None
    except pd.errors.ParserError as exc:
        raise _csv_error(name, 0, exc) from None
    row = 0
    try:
        for chunk in reader:
            if row == 0:
                wanted = [text_col] + ([id_col] if id_col else []) + keep
                missing = [c for c in wanted if c not in chunk.columns]
                if missing:
                    raise InputError(f"{name} lacks column(s) {missing}; it has {list(chunk.columns)}. "
                                     "Name yours with --text-col, --id-col, --source-col.")
                id_use = id_col or ("id" if "id" in chunk.columns else None)
            texts = chunk[text_col].tolist()
            ids = chunk[id_use].tolist() if id_use else None
            metas = {c: chunk[c].tolist() for c in keep}
            for i, text in enumerate(texts):
                row += 1
                doc_id = str(ids[i]) if ids is not None else f"{stem}:{row}"
                origin = f"{name} row {row}"
                meta = {c: metas[c][i] for c in keep}
                if ids is not None and not doc_id.strip():
                    yield Document(f"{stem}:{row}", text, origin, meta, error=f"empty id in column {id_use!r}")
                    continue
                yield Document(doc_id, text, origin, meta)
    except pd.errors.ParserError as exc:
        raise _csv_error(name, row, exc) from None
    if row == 0:
        raise InputError(f"{name} has a header but no rows.")


def _csv_error(name: str, row: int, exc: Exception) -> InputError:
    """A CSV that pandas cannot tokenize (e.g. an unterminated quote): one line naming the file."""
    detail = str(exc).replace("Error tokenizing data. C error: ", "").strip()
    where = f" after data row {row}" if row else ""
    return InputError(f"{name} is not a readable CSV{where}: {detail}. Check its quoting (an unterminated \" "
                      "quote swallows the rest of the file).")


def _read_jsonl(path: Path, *, text_col, id_col, keep, encoding, label=None) -> Iterator[Document]:
    id_use = id_col or "id"
    name = label or str(path)
    stem = Path(label).stem if label else path.stem
    n = 0
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            n += 1
            origin = f"{name} line {lineno}"
            fallback = f"{stem}:{lineno}"
            try:
                line = raw.decode(encoding).rstrip("\r\n")
            except UnicodeDecodeError as exc:
                yield Document(fallback, raw, origin, dict.fromkeys(keep), error=_undecodable_message(raw, exc, encoding))
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Document(fallback, None, origin, dict.fromkeys(keep), error=f"not valid JSON: {exc.msg} at column {exc.colno}")
                continue
            if not isinstance(obj, dict):
                yield Document(fallback, None, origin, dict.fromkeys(keep),
                               error=f"a JSON {type(obj).__name__}, not an object with a {text_col!r} field")
                continue
            doc_id = str(obj[id_use]) if obj.get(id_use) not in (None, "") else fallback
            meta = {c: obj.get(c) for c in keep}
            if id_col and obj.get(id_col) in (None, ""):
                yield Document(doc_id, None, origin, meta, error=f"no {id_col!r} field")
            elif text_col not in obj:
                yield Document(doc_id, None, origin, meta, error=f"no {text_col!r} field (has {sorted(obj)[:8]})")
            else:
                yield Document(doc_id, obj[text_col], origin, meta)
    if n == 0:
        raise InputError(f"{name} has no records.")


# --------------------------------------------------------------------------- checking one document
_HTML_TAG = re.compile(
    r"</?(?:html|head|body|title|p|div|span|a|br|hr|img|ul|ol|li|dl|dt|dd|table|thead|tbody|tr|td|th|"
    r"h[1-6]|b|i|u|em|strong|script|style|section|article|header|footer|nav|aside|main|blockquote|pre|code|"
    r"meta|link|iframe|figure|figcaption|sup|sub|font|center|small|label|form|input|button|noscript)\b[^<>]*>"
    r"|<!--.*?-->|<!doctype[^>]*>",
    re.I | re.S,
)
_HTML_ENTITY = re.compile(r"&(?:[a-z]{2,8}|#\d{1,6}|#x[0-9a-f]{1,5});", re.I)
_BLOCK_TAGS = {"p", "div", "br", "hr", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "h1", "h2",
               "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "nav", "aside", "main", "blockquote",
               "pre", "figure", "figcaption", "title", "form"}
_SKIP_TAGS = {"script", "style", "noscript", "template"}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def html_markup(text: str) -> list[str]:
    """The HTML tags (and comments) found in ``text`` (empty when there is no markup)."""
    return [m.group() for m in _HTML_TAG.finditer(text)]


class _Stripper(HTMLParser):
    def __init__(self, blocks: bool):
        super().__init__(convert_charrefs=True)
        self.blocks, self.parts, self.skip = blocks, [], 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            # in block-structured HTML a newline in the source is only a space
            self.parts.append(re.sub(r"\s+", " ", data) if self.blocks else data)


def strip_html(text: str) -> str:
    """Text without HTML markup (standard library :class:`html.parser.HTMLParser`).

    Block elements (``p``, ``div``, ``br``, ``li``, ``h1``... ) become line breaks, so paragraphs
    stay segments; ``script``/``style``/``noscript`` content is dropped; entities are unescaped.
    """
    blocks = any(re.match(r"</?([a-z0-9]+)", m.group(), re.I) and
                 re.match(r"</?([a-z0-9]+)", m.group(), re.I).group(1).lower() in _BLOCK_TAGS
                 for m in _HTML_TAG.finditer(text))
    parser = _Stripper(blocks)
    parser.feed(text)
    parser.close()
    out = "".join(parser.parts)
    lines = [ln.strip() for ln in out.split("\n")]
    if blocks:
        return "\n".join(ln for ln in lines if ln)
    return "\n".join(lines).strip()


_WORD = re.compile(r"[^\W_]")


def _a(noun: str) -> str:
    """``noun`` with its indefinite article ("an int", "a list")."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _utf16_hint(data: bytes) -> str:
    """A hint naming ``--encoding utf-16-le``/``-be`` when NUL bytes sit at every other position,
    as in UTF-16 text without a byte-order mark (ASCII letters then have a NUL high byte)."""
    sample = data[:4096]
    odd, even = sample[1::2], sample[0::2]
    for half, name in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if half and half.count(0) >= 0.9 * len(half):
            return f"; it looks like UTF-16 without a byte-order mark: pass --encoding {name}"
    return ""


def _undecodable_message(data: bytes, exc: UnicodeDecodeError, encoding: str) -> str:
    bad = data[exc.start:exc.start + 1]
    return (f"not valid {encoding} (byte {exc.start}: {bad!r}); if it is in another encoding, pass it, "
            "e.g. --encoding latin-1 or --encoding cp1252")


def prepare(doc: Document, *, encoding: str = "utf-8", strip: bool = False,
            max_chars: int | None = DEFAULT_MAX_CHARS, keep_non_english: bool = False) -> tuple[str, list[tuple[str, str]]]:
    """Check one document and return ``(text, warnings)``, or raise :class:`DocumentError`.

    ``warnings`` are ``(reason, message)`` pairs (reason ``html``: markup found or stripped;
    ``not_english``: kept although :func:`discourse.corpus.check_language` doubts it is English).
    A text that does not look like English is a ``not_english`` problem (not scored: the lexicons
    and the model are English) unless ``keep_non_english``.

    See the module docstring for the reasons. The text is decoded (a UTF-8 byte-order mark is
    dropped), HTML is stripped when ``strip`` is true, and nothing else is changed, so the
    output's offsets index exactly this text.
    """
    def fail(reason, message):
        raise DocumentError(doc.doc_id, doc.origin, reason, message)

    if doc.error:
        reason = "undecodable" if doc.error.startswith("not valid") and "byte" in doc.error else "bad_record"
        fail(reason, doc.error)
    data = doc.data
    if isinstance(data, bytes | bytearray):
        data = bytes(data)
        if data.startswith((b"\xff\xfe", b"\xfe\xff")) and not encoding.lower().startswith("utf-16"):
            fail("undecodable", "starts with a UTF-16 byte-order mark; pass --encoding utf-16")
        if b"\x00" in data[:65536] and not encoding.lower().startswith(("utf-16", "utf-32")):
            fail("not_text", f"binary data (NUL bytes; {len(data):,} bytes), not text{_utf16_hint(data)}")
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            fail("undecodable", _undecodable_message(data, exc, encoding))
        except LookupError:
            raise InputError(f"Unknown encoding {encoding!r}.") from None
        text = text.removeprefix("\ufeff")
    elif isinstance(data, str):
        text = data
        m = _SURROGATE.search(text)
        if m:
            byte = bytes([ord(m.group()) - 0xDC00]) if 0xDC80 <= ord(m.group()) <= 0xDCFF else b"?"
            fail("undecodable", f"not valid {encoding} (character {m.start()}: byte {byte!r}); if it is in another "
                                "encoding, pass it, e.g. --encoding latin-1 or --encoding cp1252")
    elif data is None:
        fail("not_text", "no text (null)")
    else:
        fail("not_text", f"{_a(type(data).__name__)}, not a string")
    sample = text[:65536]
    n_control = len(_CONTROL.findall(sample))
    if n_control and n_control > max(2, 0.01 * len(sample)):
        fail("not_text", f"binary data ({n_control} control characters in the first {len(sample):,}), not text")
    if not text.strip():
        fail("empty", "empty or whitespace only: nothing to analyse")
    if not _WORD.search(text):
        fail("empty", "no words (only punctuation or symbols): nothing to analyse")
    if max_chars and len(text) > max_chars:
        fail("too_long", f"{len(text):,} characters, more than --max-chars {max_chars:,}; split it or raise --max-chars")
    warnings = []
    tags = html_markup(text)
    if tags:
        example = tags[0] if len(tags[0]) <= 30 else tags[0][:27] + "..."
        if strip:
            text = strip_html(text)
            warnings.append(("html", f"markup stripped ({len(tags)} tags, e.g. {example})"))
            if not text.strip():
                fail("empty", "nothing but HTML markup")
        else:
            warnings.append(("html", f"contains HTML markup ({len(tags)} tags, e.g. {example}); scored as is, "
                                     "pass --strip-html to remove it"))
    elif _HTML_ENTITY.search(text) and strip:
        text = strip_html(text)
    # judged on the words, not the markup (tags and attribute names are not English prose)
    not_english = check_language(strip_html(text) if tags and not strip else text)
    if not_english:
        if not keep_non_english:
            fail("not_english", f"does not look like English ({not_english}); pass --keep-non-english to score it anyway")
        warnings.append(("not_english", f"does not look like English ({not_english}); scored as asked"))
    return text, warnings


class Checker:
    """:func:`prepare` plus duplicate-id detection across a whole run."""

    def __init__(self, *, encoding="utf-8", strip_html=False, max_chars=DEFAULT_MAX_CHARS, keep_non_english=False):
        self.encoding, self.strip_html, self.max_chars = encoding, strip_html, max_chars
        self.keep_non_english = keep_non_english
        self.seen: dict[str, str] = {}

    def __call__(self, doc: Document) -> tuple[str, list[str]]:
        if doc.doc_id in self.seen:
            raise DocumentError(doc.doc_id, doc.origin, "duplicate_id", f"the id was already used by {self.seen[doc.doc_id]}")
        self.seen[doc.doc_id] = doc.origin
        return prepare(doc, encoding=self.encoding, strip=self.strip_html, max_chars=self.max_chars,
                       keep_non_english=self.keep_non_english)


# --------------------------------------------------------------------------- chunking long paragraphs
_SENT_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")


def split_long(text: str, limit: int) -> list[tuple[int, int]]:
    """``(start, end)`` pieces of ``text``, each at most ``limit`` characters, cut after the last
    sentence end before the limit (else the last whitespace, else hard). Surrounding whitespace
    is left out of the pieces; ``text[start:end]`` is each piece."""
    if limit < 1:
        raise ValueError("limit must be positive")
    out, pos, n = [], 0, len(text)
    while pos < n:
        while pos < n and text[pos].isspace():
            pos += 1
        if pos >= n:
            break
        if n - pos <= limit:
            end = n
        else:
            window = text[pos:pos + limit]
            cut = None
            for m in _SENT_END.finditer(window):
                if m.start() + 1 >= limit // 4:
                    cut = m.start() + len(m.group().rstrip())
            if cut is None:
                ws = max(window.rfind(" "), window.rfind("\n"), window.rfind("\t"))
                cut = ws if ws > 0 else limit
            end = pos + cut
        piece_end = end
        while piece_end > pos and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > pos:
            out.append((pos, piece_end))
        pos = end
    return out


# --------------------------------------------------------------------------- scoring
@dataclass(frozen=True)
class ScoreOptions:
    """How documents are checked, parsed and measured (picklable: it travels to workers).

    ``model``/``exclude``: the spaCy pipeline (:func:`discourse.nlp.load_nlp`); ``structure``:
    detect titles, headings, bylines (only body text is measured; ``False``: every line is body);
    ``cache``: True (default folder), False, or a folder for parsed Docs; ``batch_size``:
    ``nlp.pipe``'s; ``chunk_chars``: longest piece parsed at once (default
    :data:`DEFAULT_CHUNK_CHARS`, at most the model's ``max_length``); ``encoding``, ``strip_html``, ``max_chars``: see :func:`prepare`.
    """

    model: str | None = None
    exclude: tuple[str, ...] = ()
    structure: bool = True
    cache: Cache = True
    batch_size: int = 64
    chunk_chars: int | None = None
    encoding: str = "utf-8"
    strip_html: bool = False
    max_chars: int | None = DEFAULT_MAX_CHARS
    domain: str | None = None
    sentiment_method: str = "static"
    modal_profile: str = "default"
    keep_non_english: bool = False


@dataclass
class DocResult:
    """The outcome for one document: its rows per level (:data:`LEVELS`), or an ``error``."""

    doc_id: str
    origin: str
    meta: dict
    rows: dict[str, list[dict]] = field(default_factory=dict)
    error: DocumentError | None = None
    warnings: list[tuple[str, str]] = field(default_factory=list)


def pipeline(opts: ScoreOptions):
    """The spaCy pipeline and the :class:`~discourse.tables.Measurer` for ``opts`` (once per process)."""
    nlp = load_nlp(opts.model, exclude=opts.exclude)
    return nlp, measurer(nlp.vocab, domain=opts.domain, sentiment_method=opts.sentiment_method,
                         modal_profile=opts.modal_profile)


def _parse_texts(texts: list[str], nlp, opts: ScoreOptions) -> list:
    store = None if opts.cache is False else DocCache(nlp, None if opts.cache is True else opts.cache)
    found = [store.get(t) if store else None for t in texts]
    missing = list(dict.fromkeys(t for t, d in zip(texts, found) if d is None))
    if missing:
        parsed = {}
        for group in pipe_groups(missing, PIPE_CHARS):
            parsed.update((t, _without_tensor(d)) for t, d in zip(group, nlp.pipe(group, batch_size=opts.batch_size)))
        if store:
            for d in parsed.values():
                store.put(d)
        found = [d if d is not None else parsed[t] for t, d in zip(texts, found)]
    return found


def _without_tensor(doc):
    """``doc`` without its ``tensor`` (the tok2vec output, 96 floats a token for the small
    English model): no measure reads it and a Doc read back from the parse cache has none, so
    freeing it keeps the rows the same and more than halves what a long document holds while it
    is measured (one 1.2M-character paragraph: peak RSS 737 MB with the tensors, 531 MB without,
    of which about 370 MB is the loaded pipeline)."""
    doc.tensor = numpy.zeros((len(doc), 0), dtype="float32")
    return doc


def pipe_groups(texts: list[str], budget: int) -> Iterator[list[str]]:
    """Consecutive groups of ``texts`` of at most ``budget`` characters in all (a longer text is
    a group of its own): one ``nlp.pipe`` call per group bounds the parser's memory by the
    characters it holds at once, not by the batch size."""
    group, size = [], 0
    for t in texts:
        if group and size + len(t) > budget:
            yield group
            group, size = [], 0
        group.append(t)
        size += len(t)
    if group:
        yield group


def _plan(text: str, opts: ScoreOptions, limit: int) -> list[tuple[dict, list[tuple[int, str]]]]:
    plan = []
    for seg in segment_text(text, structure=opts.structure):
        if seg["role"] != "body":
            continue
        s = seg["text"]
        pieces = [(0, s)] if len(s) <= limit else [(a, s[a:b]) for a, b in split_long(s, limit)]
        plan.append((seg, pieces))
    return plan


#: the command line's level of each of the Measurer's row tables
_LEVEL_OF = registry.output_levels()


def _measure_document(doc_id: str, meta: dict, plan, docs: list, meas, measured=None) -> dict[str, list[dict]]:
    """Rows for one document: :func:`discourse.tables.document_rows`, the library's own step, with
    the document's metadata on every level's rows (``measured``: its Docs' rows, if already measured)."""
    key = {"doc_id": doc_id, **meta}
    rows = document_rows(plan, docs, meas, key=key, wide=key, measured=measured)
    return {level: rows[name] for name, level in _LEVEL_OF.items()}


def _document_row(doc_id: str, meta: dict, text: str, plan, sentences: list[dict], *, domain: bool = True) -> dict:
    """The per-document ("source") row: sums of the counts, means of the scores
    (:func:`discourse.registry.score_columns`), numbers of flagged sentences (``n_prospect``,
    :func:`discourse.registry.flag_columns`). ``domain=False``: no mean or count of a domain measure
    (prospects), which did not run, rather than a 0 that reads as "none found"."""
    row = {"doc_id": doc_id, **meta, "chars": len(text), "body_segments": len(plan),
           "sentences": len(sentences), "n_tokens": sum(r["n_tokens"] for r in sentences)}
    for col in registry.score_columns(domain=domain):
        vals = [r[col] for r in sentences if r.get(col) is not None and r.get(col) == r.get(col)]
        row[f"mean_{col}"] = sum(vals) / len(vals) if vals else None
    for col in registry.flag_columns(domain=domain):
        row[f"n_{col}"] = sum(1 for r in sentences if r.get(col))
    counts = dict.fromkeys(registry.count_columns(domain=domain), 0)  # a document with no sentence has them too
    for r in sentences:
        for k, v in r.items():
            if k.startswith("n_") and k != "n_tokens":
                counts[k] = counts.get(k, 0) + v
    row.update(counts)
    return row


def score_batch(items: list[tuple[Document, str, list]], opts: ScoreOptions,
                on_error: str = "fail") -> list[DocResult]:
    """Parse and measure a batch of checked documents ``(document, text, warnings)``.

    One ``nlp.pipe`` call serves the whole batch (through the parse cache), and one
    :meth:`~discourse.tables.Measurer.pipe` call measures it. If either raises, each document is
    parsed (measured) alone so that only the culprit fails. A document whose parse or measure
    raises gets a ``failed`` :class:`DocumentError` (``on_error="skip"``) or raises it.
    """
    nlp, meas = pipeline(opts)
    limit = min(opts.chunk_chars or DEFAULT_CHUNK_CHARS, nlp.max_length)
    plans = [_plan(text, opts, limit) for _doc, text, _w in items]
    texts = [p for plan in plans for _seg, pieces in plan for _o, p in pieces]
    try:
        parsed = _parse_texts(texts, nlp, opts)
    except Exception:
        parsed = None
    try:  # the whole batch measured at once (Measurer.pipe); if it raises, document by document
        measured = list(meas.pipe(parsed)) if parsed is not None else None
    except Exception:
        measured = None
    results, pos = [], 0
    for (doc, text, warnings), plan in zip(items, plans):
        n = sum(len(pieces) for _s, pieces in plan)
        res = DocResult(doc.doc_id, doc.origin, dict(doc.meta), warnings=list(warnings))
        try:
            docs = parsed[pos:pos + n] if parsed is not None else _parse_texts(texts[pos:pos + n], nlp, opts)
            res.rows = _measure_document(doc.doc_id, doc.meta, plan, docs, meas,
                                         measured[pos:pos + n] if measured is not None else None)
            res.rows["source"] = [_document_row(doc.doc_id, doc.meta, text, plan, res.rows["sentence"],
                                                 domain=opts.domain is not None)]
            if not res.rows["sentence"]:
                res.warnings.append(("no_sentences", (
                    f"no body sentences ({len(plan)} body paragraphs): every line was taken for a title, heading, "
                    "caption or byline; pass --no-structure to measure every line") if opts.structure else
                    "no sentences"))
        except Exception as exc:  # noqa: BLE001 - reported per document, the run goes on
            err = DocumentError(doc.doc_id, doc.origin, "failed", f"{type(exc).__name__}: {exc}")
            if on_error == "fail":
                raise err from exc
            res.error, res.rows = err, {}
        pos += n
        results.append(res)
    return results


def _batches(items: Iterator[tuple[Document, str, list]], batch_chars: int) -> Iterator[list]:
    batch, size = [], 0
    for item in items:
        batch.append(item)
        size += len(item[1])
        if size >= batch_chars:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


_WORKER_OPTS: ScoreOptions | None = None


def _worker_init(opts: ScoreOptions) -> None:
    global _WORKER_OPTS
    import signal

    # a forked worker inherits the command line's SIGTERM handler; the pool stops its workers
    # with SIGTERM, and they should simply end
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _WORKER_OPTS = opts
    pipeline(opts)  # load the model once per worker


def _worker_batch(batch, on_error):
    return score_batch(batch, _WORKER_OPTS, on_error)


def iter_results(
    documents: Iterable[Document],
    opts: ScoreOptions = ScoreOptions(),
    *,
    n_process: int = 1,
    on_error: str = "fail",
    batch_chars: int | None = None,
    on_problem: Callable[[Problem], None] | None = None,
) -> Iterator[DocResult]:
    """Check, parse and measure ``documents`` in a stream: one :class:`DocResult` per good
    document, in input order. Bad documents raise :class:`DocumentError` (``on_error="fail"``) or
    are passed to ``on_problem`` and left out (``"skip"``); warnings go to ``on_problem`` too.

    ``batch_chars`` (characters per batch, i.e. per ``nlp.pipe`` call and per task sent to a
    worker) defaults to 64,000 in one process and 16,000 with workers (smaller tasks balance
    the load at the end of a run)."""
    if on_error not in ("fail", "skip"):
        raise ValueError(f"on_error must be 'fail' or 'skip', got {on_error!r}")
    if batch_chars is None:
        batch_chars = DEFAULT_BATCH_CHARS if n_process <= 1 else DEFAULT_BATCH_CHARS // 4
    check = Checker(encoding=opts.encoding, strip_html=opts.strip_html, max_chars=opts.max_chars,
                    keep_non_english=opts.keep_non_english)

    def report(p: Problem) -> None:
        if on_problem is not None:
            on_problem(p)

    def checked() -> Iterator[tuple[Document, str, list]]:
        for doc in documents:
            try:
                text, warnings = check(doc)
            except DocumentError as err:
                if on_error == "fail":
                    raise
                report(Problem(err.doc_id, err.origin, "skipped", err.reason, err.detail))
                continue
            yield doc, text, warnings

    def emit(results: list[DocResult]) -> Iterator[DocResult]:
        for r in results:
            if r.error is not None:
                report(Problem(r.doc_id, r.origin, "skipped", r.error.reason, r.error.detail))
                continue
            for reason, message in r.warnings:
                report(Problem(r.doc_id, r.origin, "warning", reason, message))
            yield r

    if n_process <= 1:
        for batch in _batches(checked(), batch_chars):
            yield from emit(score_batch(batch, opts, on_error))
        return
    import multiprocessing as mp

    pipeline(opts)  # loaded before the fork, so forked workers share it
    with mp.get_context().Pool(n_process, initializer=_worker_init, initargs=(opts,)) as pool:
        pending: deque = deque()
        for batch in _batches(checked(), batch_chars):
            pending.append(pool.apply_async(_worker_batch, (batch, on_error)))
            while len(pending) >= 2 * n_process:
                yield from emit(pending.popleft().get())
        while pending:
            yield from emit(pending.popleft().get())


# --------------------------------------------------------------------------- tables
def _is_count(col: str) -> bool:
    return col.startswith("n_") and col != "n_tokens"


def order_columns(level: str, columns: Iterable[str], meta_cols: Iterable[str] = ()) -> list[str]:
    """Column order of a table: as :func:`discourse.analyze_all` orders its tables, with
    ``doc_id`` and the kept columns in front (count columns sorted at the end for sentences)."""
    cols = list(dict.fromkeys(columns))
    meta = [c for c in meta_cols if c in cols]
    if level == "sentence":
        keys = [k for key in SENTENCE_KEYS for k in (["doc_id", *meta] if key == "doc_id" else [key])]
        front = [c for c in keys + SCORE_COLUMNS if c in cols]
        counts = sorted(c for c in cols if _is_count(c))
        return front + [c for c in cols if c not in front and c not in counts] + counts
    if level == "cue":
        fixed = ["doc_id", *meta, "segment_id", "role"] + CUE_COLUMNS
        return fixed + [c for c in cols if c not in fixed]
    if level == "source":
        front = [c for c in ["doc_id", *meta, "chars", "body_segments", "sentences", "n_tokens"] if c in cols]
        means = [c for c in cols if c.startswith("mean_")]
        flags = [c for c in (f"n_{f}" for f in registry.flag_columns()) if c in cols]  # n_prospect first
        counts = flags + sorted(c for c in cols if _is_count(c) and c not in flags)
        return front + means + [c for c in cols if c not in front + means + counts] + counts
    return cols


def _finish(df: pd.DataFrame, level: str, columns: list[str]) -> pd.DataFrame:
    df = df.reindex(columns=columns)
    counts = [c for c in columns if _is_count(c) and (level in ("sentence", "source"))]
    if counts:
        df[counts] = df[counts].fillna(0).astype("int64")
    ints = [c for c in ("segment_id", "sent_id", "sent_in_segment", "start_char", "end_char", "n_tokens",
                        "token_start", "token_end", "chars", "body_segments", "sentences") if c in df.columns]
    if len(df) and ints:
        df[ints] = df[ints].astype("int64")
    if "negated" in df.columns and len(df):
        df["negated"] = df["negated"].astype("bool")
    return df


_STR = "str"
#: the columns (and dtypes) every table of a level has, even with no rows, after ``doc_id`` and
#: the kept columns; a table with rows may have more (count columns, cue attributes). Derived
#: from the measure registry (:func:`discourse.registry.level_schema`) at import; the functions
#: below ask the registry at call time.
LEVEL_SCHEMAS: dict[str, dict[str, str]] = {level: registry.level_schema(level) for level in LEVELS}


def empty_table(level: str, meta_cols: Iterable[str] = (), *, domain: bool = True) -> pd.DataFrame:
    """A table of ``level`` with no rows but its columns and dtypes
    (:func:`discourse.registry.level_schema`, and for sentences and documents the count columns
    every row has, :func:`discourse.registry.count_columns`), in the order of a table with rows, so
    that an empty result still reads back, summarizes and concatenates like a full one.
    ``domain=False``: without the domain measures' columns, as a run without a domain writes them."""
    meta_cols = list(meta_cols)
    schema = {"doc_id": _STR, **dict.fromkeys(meta_cols, "object"), **registry.level_schema(level, domain=domain)}
    if level in ("sentence", "source"):
        schema.update(dict.fromkeys(registry.count_columns(domain=domain), "int64"))
    return pd.DataFrame({c: pd.Series([], dtype=schema[c]) for c in order_columns(level, schema, meta_cols)})


def assemble(results: Iterable[DocResult], level: str, meta_cols: Iterable[str] = (), *,
             domain: bool = True) -> pd.DataFrame:
    """One table (``level``) in memory from :class:`DocResult` rows, columns as :func:`order_columns`
    (with no rows: :func:`empty_table`; ``domain``: whether the run had a domain)."""
    rows = [r for res in results for r in res.rows.get(level, [])]
    meta_cols = list(meta_cols)
    if not rows:
        return empty_table(level, meta_cols, domain=domain)
    df = pd.DataFrame(rows)
    return _finish(df, level, order_columns(level, df.columns, meta_cols))


class TableWriter:
    """Write one table in parts (memory stays flat), then assemble it into ``path`` atomically.

    ``add(rows)`` stores a part (a pickled DataFrame in a hidden folder next to ``path``);
    ``close()`` writes the parts with the union of their columns into a temporary file in the
    same folder, then renames it onto ``path`` (``os.replace``), so ``path`` is either the old
    file or the whole new table, never half of one. ``abort()`` (or leaving a ``with`` block on
    an exception) removes the parts and the temporary file and leaves ``path`` untouched; parts
    left by a killed run (SIGKILL) are removed by the next writer to the same ``path``
    (:func:`remove_stale_parts`). ``.csv`` is appended part by part; ``.parquet`` goes through
    ``pyarrow.parquet.ParquetWriter``. ``provenance`` (package and model versions, options) is
    stored in the Parquet file's metadata (key ``discourse``) or, for CSV, in ``<stem>.meta.json``
    beside it (:func:`write_provenance`). A write that fails (full disk...) raises
    :class:`InputError` naming the file, with nothing left behind.
    """

    def __init__(self, path: str | os.PathLike, level: str, meta_cols: Iterable[str] = (),
                 provenance: dict | None = None, *, domain: bool = True):
        self.path = check_output(path)
        self.level = level
        self.domain = domain
        self.meta_cols = list(meta_cols)
        self.provenance = provenance
        if self.path.suffix.lower() == ".parquet":
            _require_pyarrow()
        if level not in LEVELS:
            raise InputError(f"level must be one of {LEVELS}, got {level!r}")
        remove_stale_parts(self.path)
        self.parts_dir = Path(tempfile.mkdtemp(dir=self.path.parent, prefix=f".{self.path.name}.parts-"))
        try:
            (self.parts_dir / "owner").write_text(str(os.getpid()))
        except OSError as exc:
            shutil.rmtree(self.parts_dir, ignore_errors=True)
            raise write_error(self.path, exc) from None
        self.parts: list[Path] = []
        self.columns: dict[str, None] = {}
        self.n_rows = 0
        self._tmp: Path | None = None

    def add(self, rows: list[dict]) -> None:
        if not rows:
            return
        df = pd.DataFrame(rows)
        p = self.parts_dir / f"{len(self.parts):06d}.pkl"
        try:
            df.to_pickle(p)
        except OSError as exc:
            self.abort()
            raise write_error(self.path, exc) from None
        self.parts.append(p)
        self.columns.update(dict.fromkeys(df.columns))
        self.n_rows += len(df)

    def _frames(self, columns: list[str]) -> Iterator[pd.DataFrame]:
        for p in self.parts:
            yield _finish(pd.read_pickle(p), self.level, columns)

    def close(self) -> Path:
        """Assemble the parts into ``path`` (atomically) and return it."""
        columns = order_columns(self.level, self.columns, self.meta_cols)
        meta_tmp = None
        try:
            self._tmp = _temp_file(self.path)
            if self.path.suffix.lower() == ".csv":
                self._write_csv(columns)
                if self.provenance is not None:
                    meta_tmp = _temp_file(provenance_path(self.path))
                    _write_json(meta_tmp, {**self.provenance, "columns": self._columns_written(columns),
                                           "n_rows": self.n_rows})
            else:
                self._write_parquet(columns)
            _publish(self._tmp, self.path)
            self._tmp = None
            if meta_tmp is not None:
                _publish(meta_tmp, provenance_path(self.path))
                meta_tmp = None
        except OSError as exc:
            raise write_error(self.path, exc) from None
        finally:
            if meta_tmp is not None:
                meta_tmp.unlink(missing_ok=True)
            self.abort()
        return self.path

    def _columns_written(self, columns: list[str]) -> list[str]:
        return columns if self.parts else empty_table(self.level, self.meta_cols, domain=self.domain).columns.tolist()

    def _write_csv(self, columns):
        header = True
        with open(self._tmp, "w", encoding="utf-8", newline="") as fh:
            if not self.parts:
                empty_table(self.level, self.meta_cols, domain=self.domain).to_csv(fh, index=False, lineterminator="\n")
            for df in self._frames(columns):
                df.to_csv(fh, index=False, header=header, lineterminator="\n")
                header = False

    def _parquet_metadata(self) -> dict | None:
        if self.provenance is None:
            return None
        return {b"discourse": json.dumps({**self.provenance, "n_rows": self.n_rows}, sort_keys=True, default=str)}

    def _write_parquet(self, columns):
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self.parts:
            table = pa.Table.from_pandas(empty_table(self.level, self.meta_cols, domain=self.domain), preserve_index=False)
            pq.write_table(table.replace_schema_metadata(self._parquet_metadata()), self._tmp)
            return
        schemas = [pa.Schema.from_pandas(df, preserve_index=False) for df in self._frames(columns)]
        schema = pa.unify_schemas(schemas, promote_options="permissive").remove_metadata()
        schema = schema.with_metadata(self._parquet_metadata() or {})
        with pq.ParquetWriter(self._tmp, schema) as writer:
            for df in self._frames(columns):
                arrays = []
                for f in schema:
                    arr = pa.array(df[f.name], from_pandas=True)
                    arrays.append(arr if arr.type == f.type else arr.cast(f.type))
                writer.write_table(pa.Table.from_arrays(arrays, schema=schema))

    def abort(self) -> None:
        """Remove the parts and any temporary file; ``path`` is left as it was."""
        shutil.rmtree(self.parts_dir, ignore_errors=True)
        if self._tmp is not None:
            self._tmp.unlink(missing_ok=True)
            self._tmp = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self.abort()
        return False


def _temp_file(path: Path) -> Path:
    """An empty temporary file beside ``path``, named ``.<name>.<pid>.<random>.tmp`` (the pid
    lets :func:`remove_stale_parts` tell a dead run's leftovers from a live one's)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    os.close(fd)
    return Path(tmp)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def _owner_pid(p: Path) -> int | None:
    """The pid that made a parts folder or temporary file, or None when unknown."""
    try:
        if p.is_dir():
            return int((p / "owner").read_text().strip())
        return int(p.name.split(".")[-3])
    except (OSError, ValueError, IndexError):
        return None


def remove_stale_parts(path: Path) -> list[Path]:
    """Remove the hidden parts folders and temporary files that a killed run (SIGKILL, power
    loss) left beside ``path``: those whose owner process is no longer running (or unknown).
    Returns what was removed."""
    removed = []
    name, meta = glob_escape(path.name), glob_escape(provenance_path(path).name)
    for p in [*path.parent.glob(f".{name}.parts-*"), *path.parent.glob(f".{name}.*.tmp"),
              *path.parent.glob(f".{meta}.*.tmp")]:
        pid = _owner_pid(p)
        if pid is not None and _pid_alive(pid):  # a live run's (or this process's) own files
            continue
        shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
        removed.append(p)
    return removed


def glob_escape(name: str) -> str:
    """``name`` with glob wildcards escaped."""
    return re.sub(r"([*?\[])", r"[\1]", name)


def write_error(path: Path, exc: OSError) -> InputError:
    """A failed write (read-only folder, full disk...) as one line naming the file."""
    return InputError(f"cannot write {path}: {exc.strerror or exc}; nothing was written there.")


def check_output(path: str | os.PathLike, *, suffixes: tuple[str, ...] = OUTPUT_SUFFIXES,
                 inputs: Iterable[str | os.PathLike] = (), what: str = "Output") -> Path:
    """Check, before any work, that ``path`` can be written: a known suffix, not a folder, in an
    existing folder where a file can be created, and not one of ``inputs`` (same path, symlink or
    hard link). Returns ``path``; else :class:`InputError` saying what to change."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{what} {path} is a folder: name a file in it, e.g. {path / ('out' + suffixes[0])}.")
    if path.suffix.lower() not in suffixes:
        raise InputError(f"{what} {path} must end in {' or '.join(suffixes)}.")
    if not path.parent.is_dir():
        raise InputError(f"{what} folder {path.parent} does not exist.")
    for inp in inputs:
        if same_file(path, inp):
            raise InputError(f"{what} {path} is one of the inputs ({inp}): writing it would destroy the input; "
                             "choose another output file.")
    try:
        _temp_file(path).unlink()
    except OSError as exc:
        raise InputError(f"cannot write to folder {path.parent}: {exc.strerror or exc}.") from None
    return path


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """True when ``a`` and ``b`` name the same file (same path after resolving symlinks, or the
    same inode: a hard link)."""
    a, b = Path(a), Path(b)
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def provenance_path(path: Path) -> Path:
    """The ``<stem>.meta.json`` beside a CSV table, holding its provenance."""
    return path.with_name(path.stem + ".meta.json")


def _write_json(path: Path, obj: dict) -> None:
    path.write_text(json.dumps(obj, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")


def read_provenance(path: str | os.PathLike) -> dict | None:
    """The provenance recorded with a table written by ``discourse score`` (Parquet metadata,
    or the CSV's ``.meta.json``), or None."""
    path = Path(path)
    try:
        if path.suffix.lower() == ".parquet":
            import pyarrow.parquet as pq

            raw = (pq.read_schema(path).metadata or {}).get(b"discourse")
            return json.loads(raw) if raw else None
        meta = provenance_path(path)
        return json.loads(meta.read_text(encoding="utf-8")) if meta.is_file() else None
    except (OSError, ValueError, ImportError):
        return None


def _require_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise InputError("Writing .parquet needs pyarrow: `pip install pyarrow` (or write .csv).") from None


def write_table_atomic(df: pd.DataFrame, path: str | os.PathLike, *, provenance: dict | None = None) -> Path:
    """Write a whole DataFrame to ``.csv``/``.parquet`` via a temporary file and a rename
    (``provenance`` as :class:`TableWriter` records it)."""
    path = check_output(path)
    if path.suffix.lower() == ".parquet":
        _require_pyarrow()
    tmp = meta_tmp = None
    try:
        tmp = _temp_file(path)
        if path.suffix.lower() == ".csv":
            df.to_csv(tmp, index=False, lineterminator="\n")
            if provenance is not None:
                meta_tmp = _temp_file(provenance_path(path))
                _write_json(meta_tmp, {**provenance, "columns": list(map(str, df.columns)), "n_rows": len(df)})
        else:
            _write_parquet_frame(df, tmp, provenance)
        _publish(tmp, path)
        tmp = None
        if meta_tmp is not None:
            _publish(meta_tmp, provenance_path(path))
            meta_tmp = None
    except OSError as exc:
        raise write_error(path, exc) from None
    finally:
        for t in (tmp, meta_tmp):
            if t is not None:
                Path(t).unlink(missing_ok=True)
    return path


def _write_parquet_frame(df: pd.DataFrame, path: Path, provenance: dict | None) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df, preserve_index=False)
    if provenance is not None:
        meta = dict(table.schema.metadata or {})
        meta[b"discourse"] = json.dumps({**provenance, "n_rows": len(df)}, sort_keys=True, default=str)
        table = table.replace_schema_metadata(meta)
    pq.write_table(table, path)


def read_table(path: str | os.PathLike, *, str_cols: Iterable[str] = ("doc_id",)) -> pd.DataFrame:
    """Read a table written by ``discourse score`` (``.csv`` or ``.parquet``); its recorded
    provenance (:func:`read_provenance`) is in ``attrs["provenance"]``."""
    path = Path(path)
    if path.suffix.lower() == ".parquet":
        _require_pyarrow()
        df = pd.read_parquet(path)
    else:
        head = pd.read_csv(path, nrows=0)
        dtype = {c: str for c in str_cols if c in head.columns}
        df = pd.read_csv(path, dtype=dtype, keep_default_na=True)
    df.attrs.pop("discourse", None)
    prov = read_provenance(path)
    if prov is not None:
        df.attrs["provenance"] = prov
    return df


def is_score_table(path: str | os.PathLike) -> bool:
    """True when ``path`` is a sentence table written by ``discourse score`` (not a corpus)."""
    path = Path(path)
    if not path.is_file() or path.suffix.lower() not in OUTPUT_SUFFIXES:
        return False
    if path.suffix.lower() == ".parquet":
        return True
    try:
        cols = set(pd.read_csv(path, nrows=0).columns)
    except Exception:  # noqa: BLE001
        return False
    return {"doc_id", "sent_id", "n_tokens"} <= cols


# --------------------------------------------------------------------------- convenience
def score_texts(texts: dict[str, str] | Iterable[tuple[str, str]], *, levels: Iterable[str] = LEVELS,
                n_process: int = 1, on_error: str = "fail", **options) -> dict[str, pd.DataFrame]:
    """Score ``{doc_id: text}`` in memory: ``{level: DataFrame}`` (options as :class:`ScoreOptions`)."""
    items = texts.items() if isinstance(texts, dict) else texts
    docs = (Document(str(k), v, f"text {k!r}") for k, v in items)
    opts = ScoreOptions(**options)
    results = list(iter_results(docs, opts, n_process=n_process, on_error=on_error))
    return {lvl: assemble(results, lvl, domain=opts.domain is not None) for lvl in levels}
