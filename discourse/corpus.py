"""Load a corpus (documents with ids and metadata) and split each text into segments with roles.

A *document* has an id, ``doc_id`` (a file's path without ``.txt``, a CSV/JSONL id column, or the
study's two source ids in ``data/sources.csv``); *groups* are metadata columns (outlet, genre, date,
author, folder), never the id, and any of them can be the ``by=`` of ``summarize``/``compare``.
``source_id`` is the older name of ``doc_id``, kept as an equal, deprecated column.

A *segment* is one non-empty line of the raw text (a paragraph, heading, caption...). Each gets a
``role``:

``title``    the first line, when it is short (at most 30 words) and stands alone;
``caption``  lines between the title and a photo credit at the top of the text;
``credit``   a parenthesised line naming a photo agency or photographer ("(... / AFP/Getty Images)");
``heading``  a short line (at most 12 words) without closing punctuation, followed by more text;
``byline``   a last line of at most 6 words without closing punctuation ("Editorial Team");
``body``     everything else: the prose that the measures analyse.

Offsets (``start_char``, ``end_char``) index the raw text exactly:
``raw[start_char:end_char] == text`` for every segment.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from spacy.lang.en.stop_words import STOP_WORDS

from . import paths
from .errors import InputError, IntegrityError, UnknownSourceError

ROLES = ("title", "caption", "credit", "heading", "body", "byline")
#: ``source_id`` is the deprecated alias of ``doc_id`` (kept, equal to it, for older code).
SEGMENT_COLUMNS = ["doc_id", "segment_id", "role", "text", "start_char", "end_char", "source_id"]
#: Columns of ``Corpus.sources`` that are bookkeeping, not groups: never carried onto the tables.
BOOKKEEPING_COLUMNS = ("doc_id", "source_id", "file", "sha256")
#: Default id columns of a CSV/JSONL corpus, tried in this order.
ID_COLUMNS = ("doc_id", "id", "source_id")

_CREDIT = re.compile(r"^\(.*(/|getty|images|photo|afp|reuters|associated press|\bap\b).*\)$", re.I)
_CLOSING = re.compile(r"[.!?:;,\"”’)\]…]$")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

#: Language check (:func:`check_language`): texts with fewer words than this are not judged.
MIN_WORDS = 8
#: ... and a judged text whose share of English function words is below this is not English.
MIN_FUNCTION_SHARE = 0.2
#: A text whose letters are less than this share Latin script is not English.
MIN_LATIN_SHARE = 0.5


@dataclass(frozen=True)
class Corpus:
    """A set of documents with their metadata and segmentation.

    Attributes
    ----------
    sources
        One row per document: ``doc_id`` plus whatever metadata the input gave (for the study
        corpus: file, title, genre, byline, date, date evidence, sha256; for a CSV or JSONL file:
        every column but the id and the text), and ``source_id``, a deprecated alias of ``doc_id``.
    segments
        One row per segment: ``doc_id``, ``segment_id`` (0-based within the document), ``role``,
        ``text``, ``start_char``, ``end_char`` (offsets into the raw text), ``source_id`` (alias).
    texts
        The raw text of each document, keyed by ``doc_id``.
    domain
        The domain lexicon set the tables use by default (see :mod:`discourse.domains`): the
        study corpus carries ``"us_iran_diplomacy"``; a user's corpus ``None`` unless given.
    metadata
        The columns of ``sources`` that :func:`discourse.analyze_all` copies onto every sentence
        and cue row (groups for ``summarize``/``compare``: outlet, genre, date, author, folder...).
    not_english
        ``{doc_id: reason}`` for the documents :func:`check_language` judged not English.
    """

    sources: pd.DataFrame
    segments: pd.DataFrame
    texts: dict[str, str] = field(repr=False)
    domain: object = None
    metadata: tuple[str, ...] = ()
    not_english: dict[str, str] = field(default_factory=dict, repr=False)

    def text(self, doc_id: str) -> str:
        """Raw text of one document; :class:`UnknownSourceError` names the known ids."""
        try:
            return self.texts[doc_id]
        except KeyError:
            raise UnknownSourceError(
                f"Unknown document {doc_id!r}; this corpus has {sorted(self.texts)}."
            ) from None

    def body(self, doc_id: str | None = None) -> pd.DataFrame:
        """The body segments (of one document, or all)."""
        seg = self.segments[self.segments["role"] == "body"]
        if doc_id is not None:
            self.text(doc_id)  # validates the id
            seg = seg[seg["doc_id"] == doc_id]
        return seg.reset_index(drop=True)

    @property
    def doc_ids(self) -> list[str]:
        return list(self.sources["doc_id"])

    @property
    def source_ids(self) -> list[str]:
        """Deprecated alias of :attr:`doc_ids`."""
        return self.doc_ids


class NotEnglishWarning(UserWarning):
    """A document that :func:`check_language` judged not to be English."""


def check_language(text: str) -> str | None:
    """Why ``text`` does not look like English, or ``None`` if it does (or is too short to tell).

    A cheap offline heuristic, no model: (1) if at least 10 letters and less than
    :data:`MIN_LATIN_SHARE` (50%) of them are Latin script (Chinese, Arabic, Cyrillic...), it is
    not English; (2) a text of at least :data:`MIN_WORDS` (8) words is not English if fewer than
    :data:`MIN_FUNCTION_SHARE` (20%) of its words are English function words (spaCy's English
    stop-word list, ``spacy.lang.en.stop_words``). English prose runs at 35-57% (the study's two
    articles 45% and 50%; the twelve genres of ``tests/fixtures/other_genres`` 35-57%, the lowest
    an HTML page), German, French, Spanish, Dutch and Italian news sentences at 0-9%. Shorter
    texts are not judged (a headline has few function words). Mixed texts are judged as a whole.
    """
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 10:
        latin = sum(1 for c in letters if c < "\u0250") / len(letters)  # Basic Latin .. Latin Extended-B
        if latin < MIN_LATIN_SHARE:
            return f"{1 - latin:.0%} of its letters are not Latin script"
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < MIN_WORDS:
        return None
    share = sum(1 for w in words if w in STOP_WORDS) / len(words)
    if share < MIN_FUNCTION_SHARE:
        return (f"only {share:.0%} of its {len(words)} words are common English function words "
                f"(English prose: about 35-55%)")
    return None


def warn_if_not_english(doc_id: str, text: str, *, origin: str | None = None) -> str | None:
    """Run :func:`check_language` on one document and ``warnings.warn`` naming it; the reason or None."""
    reason = check_language(text)
    if reason is not None:
        where = f" ({origin})" if origin else ""
        warnings.warn(f"Document {doc_id!r}{where} does not look like English: {reason}. The measures are "
                      "English-only, so analyze_all leaves it out of the tables (non_english='keep' "
                      "measures it anyway).", NotEnglishWarning, stacklevel=3)
    return reason


def decode(data: bytes, *, name: str, encoding: str = "utf-8") -> str:
    """Decode bytes, with an error that names the file and suggests an encoding option."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name} is not valid {encoding} (byte {exc.start}: {data[exc.start:exc.start + 1]!r}). "
            "If it is in another encoding, pass it, e.g. load_corpus(path, encoding='cp1252') "
            "or encoding='latin-1'."
        ) from None
    return text.removeprefix("\ufeff")


def _words(line: str) -> int:
    return len(line.split())


def segment_text(text: str, *, structure: bool = True) -> list[dict]:
    """Split a raw text into line segments with roles (see the module docstring).

    With ``structure=False`` every non-empty line is ``body``. Returns dicts with
    ``segment_id``, ``role``, ``text``, ``start_char``, ``end_char``.
    """
    lines = []
    for m in re.finditer(r"[^\r\n]+", text):
        stripped = m.group().strip()
        if not stripped:
            continue
        lead = len(m.group()) - len(m.group().lstrip())
        start = m.start() + lead
        lines.append((start, start + len(stripped), stripped))
    roles = ["body"] * len(lines)
    if structure and len(lines) > 1:
        credit_idx = [i for i, (_, _, s) in enumerate(lines[:8]) if _CREDIT.match(s)]
        title = _words(lines[0][2]) <= 30 and not lines[0][2].endswith((".", "”", '"'))
        if title:
            roles[0] = "title"
        if credit_idx:
            c = credit_idx[0]
            roles[c] = "credit"
            for i in range(1 if title else 0, c):
                roles[i] = "caption"
        last = len(lines) - 1
        if _words(lines[last][2]) <= 6 and not _CLOSING.search(lines[last][2]) and last > 0:
            roles[last] = "byline"
        first_body = (credit_idx[0] + 1) if credit_idx else (1 if title else 0)
        for i in range(first_body, last):
            s = lines[i][2]
            if roles[i] == "body" and _words(s) <= 12 and not _CLOSING.search(s):
                roles[i] = "heading"
    return [
        {"segment_id": i, "role": r, "text": s, "start_char": a, "end_char": b}
        for i, ((a, b, s), r) in enumerate(zip(lines, roles))
    ]


def _segments_frame(texts: dict[str, str], *, structure: bool) -> pd.DataFrame:
    rows = []
    for doc_id, text in texts.items():
        for seg in segment_text(text, structure=structure):
            rows.append({"doc_id": doc_id, **seg, "source_id": doc_id})
    df = pd.DataFrame(rows, columns=SEGMENT_COLUMNS)
    return df.astype({"segment_id": "int64", "start_char": "int64", "end_char": "int64"})


def _sources_frame(texts: dict[str, str], sources: pd.DataFrame | None) -> pd.DataFrame:
    """``sources`` with ``doc_id`` first and the ``source_id`` alias last, in the order of ``texts``."""
    if sources is None:
        sources = pd.DataFrame({"doc_id": list(texts)})
    sources = sources.reset_index(drop=True)
    if "doc_id" not in sources.columns:
        if "source_id" not in sources.columns:
            raise InputError(f"The sources table needs a doc_id column; it has {list(sources.columns)}.")
        sources = sources.rename(columns={"source_id": "doc_id"})
    sources = sources.drop(columns=["source_id"], errors="ignore")
    if list(sources["doc_id"]) != list(texts):
        raise InputError("The sources table's doc_id column must list the texts' ids in the same order.")
    rest = [c for c in sources.columns if c != "doc_id"]
    return sources[["doc_id", *rest]].assign(source_id=sources["doc_id"])


def build_corpus(
    texts: dict[str, str],
    sources: pd.DataFrame | None = None,
    *,
    structure: bool = True,
    domain=None,
    metadata: list[str] | tuple[str, ...] | None = None,
    check_english: bool = True,
    origins: dict[str, str] | None = None,
) -> Corpus:
    """A :class:`Corpus` from ``{doc_id: raw text}`` and optional per-document metadata.

    ``sources``: one row per text with ``doc_id`` (or the older ``source_id``) and metadata
    columns. ``metadata``: the columns copied onto the sentence and cue tables (default: every
    column of ``sources`` but the ids, ``file`` and ``sha256``). ``domain``: the corpus's domain
    lexicon set (see :mod:`discourse.domains`). ``check_english``: run :func:`check_language` on
    each text and warn per document (``origins`` names where each came from, for the warning).
    """
    if not texts:
        raise InputError("No texts given: the corpus would be empty.")
    for doc_id, text in texts.items():
        if not isinstance(text, str):
            raise InputError(f"Text of document {doc_id!r} must be str, got {type(text).__name__}.")
        if not text.strip():
            raise InputError(f"Document {doc_id!r} is empty or whitespace only: there is nothing to analyse.")
    sources = _sources_frame(texts, sources)
    if metadata is None:
        metadata = [c for c in sources.columns if c not in BOOKKEEPING_COLUMNS]
    unknown = [c for c in metadata if c not in sources.columns]
    if unknown:
        raise InputError(f"metadata column(s) {unknown} are not in the sources table {list(sources.columns)}.")
    not_english = {}
    if check_english:
        for doc_id, text in texts.items():
            reason = warn_if_not_english(doc_id, text, origin=(origins or {}).get(doc_id))
            if reason is not None:
                not_english[doc_id] = reason
    return Corpus(sources=sources, segments=_segments_frame(texts, structure=structure), texts=dict(texts),
                  domain=domain, metadata=tuple(metadata), not_english=not_english)


#: The domain lexicon set of the study corpus (see :mod:`discourse.domains`).
STUDY_DOMAIN = "us_iran_diplomacy"


def load_study_corpus(*, verify: bool = True) -> Corpus:
    """The two study articles under ``data/raw/``, checked against ``data/sources.csv``.

    Ids are the ``source_id`` values of ``data/sources.csv``; the corpus carries the study's domain
    (:data:`STUDY_DOMAIN`); its metadata stay on ``sources`` (none is copied onto the tables).
    """
    if not paths.SOURCES_CSV.is_file():
        raise InputError(f"{paths.SOURCES_CSV} not found: the study corpus ships only with the project's checkout.")
    sources = pd.read_csv(paths.SOURCES_CSV, dtype=str, keep_default_na=False)
    texts = {}
    for row in sources.itertuples():
        path = paths.RAW_DIR / row.file
        if not path.is_file():
            raise InputError(f"Study file {path} (document {row.source_id!r}) is missing.")
        data = path.read_bytes()
        if verify:
            digest = hashlib.sha256(data).hexdigest()
            if digest != row.sha256:
                raise IntegrityError(
                    f"{path} has changed: sha256 {digest} does not match {row.sha256} recorded in "
                    f"{paths.SOURCES_CSV.name}. Raw data is never edited; restore it with "
                    f"`git checkout -- {path}`."
                )
        texts[row.source_id] = decode(data, name=str(path))
    return build_corpus(texts, sources, domain=STUDY_DOMAIN, metadata=())


def _text_files(folder: Path) -> list[Path]:
    """The ``.txt`` files under ``folder`` (sub-folders too; hidden files and folders skipped)."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() == ".txt"
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def _load_folder(folder: Path, *, encoding: str, structure: bool, domain) -> Corpus:
    files = _text_files(folder)
    if not files:
        raise InputError(f"No .txt files in {folder} (or its sub-folders).")
    texts: dict[str, str] = {}
    origin: dict[str, str] = {}
    for p in files:
        rel = p.relative_to(folder)
        doc_id = rel.with_suffix("").as_posix()
        if doc_id in texts:
            raise InputError(f"Duplicate document id {doc_id!r}: both {origin[doc_id]} and {rel.as_posix()}; "
                             "rename one of the files.")
        text = decode(p.read_bytes(), name=str(p), encoding=encoding)
        if not text.strip():
            raise InputError(f"{p} is empty or whitespace only: there is nothing to analyse.")
        texts[doc_id], origin[doc_id] = text, rel.as_posix()
    sources = pd.DataFrame({"doc_id": list(texts), "file": [origin[s] for s in texts],
                            "sha256": [hashlib.sha256(texts[s].encode("utf-8")).hexdigest() for s in texts]})
    metadata: tuple[str, ...] = ()
    if any("/" in s for s in texts):  # sub-folders are groups (outlet_a/article1 -> folder outlet_a)
        sources.insert(1, "folder", [Path(origin[s]).parent.as_posix() for s in texts])
        metadata = ("folder",)
    return build_corpus(texts, sources, structure=structure, domain=domain, metadata=metadata,
                        origins={s: str(folder / origin[s]) for s in texts})


def _from_table(df: pd.DataFrame, path: Path, *, id_col: str | None, text_col: str, structure: bool,
                domain, rows: list[str]) -> Corpus:
    """A corpus from one row per document (a CSV or JSONL file); ``rows`` names each row's place."""
    hint = "Name yours with load_corpus(path, id_col=..., text_col=...)."
    if text_col not in df.columns:
        raise InputError(f"{path} has no text column {text_col!r}; it has {list(df.columns)}. {hint}")
    if id_col is not None and id_col not in df.columns:
        raise InputError(f"{path} has no id column {id_col!r}; it has {list(df.columns)}. {hint}")
    if id_col is None:
        id_col = next((c for c in ID_COLUMNS if c in df.columns), None)
    if id_col is None:  # no id column: number the rows, as the command line does
        ids = [f"{path.stem}:{i}" for i in range(1, len(df) + 1)]
    else:
        ids = ["" if v is None else str(v) for v in df[id_col]]
    for i, (doc_id, text) in enumerate(zip(ids, df[text_col])):
        if not doc_id.strip():
            raise InputError(f"{path}, {rows[i]}: the id column {id_col!r} is empty; give every document an id.")
        if not isinstance(text, str):
            raise InputError(f"{path}, {rows[i]} (document {doc_id!r}): the text column {text_col!r} holds "
                             f"{type(text).__name__}, not text.")
        if not text.strip():
            raise InputError(f"{path}, {rows[i]} (document {doc_id!r}) is empty or whitespace only: "
                             "there is nothing to analyse.")
    dup = list(dict.fromkeys(d for d in pd.Series(ids)[pd.Series(ids).duplicated()]))
    if dup:
        raise InputError(f"{path}: duplicate document id(s) {dup[:5]} in column {id_col!r}: each row is one "
                         f"document with its own id. If {id_col!r} is a group (an outlet, a source), name the "
                         "id column with id_col=, or give the file a doc_id column; without one, rows are "
                         "numbered.")
    meta = df.drop(columns=[c for c in (id_col, text_col) if c is not None]).reset_index(drop=True)
    clash = [c for c in meta.columns if c in ("doc_id", "source_id")]
    if clash:
        raise InputError(f"{path}: column(s) {clash} would clash with the document id; rename them or pass "
                         f"id_col={clash[0]!r}.")
    meta.insert(0, "doc_id", ids)
    return build_corpus(dict(zip(ids, df[text_col])), meta, structure=structure, domain=domain,
                        origins={d: f"{path}, {r}" for d, r in zip(ids, rows)})


def _read_csv(path: Path, *, encoding: str) -> pd.DataFrame:
    raw = decode(path.read_bytes(), name=str(path), encoding=encoding)
    try:
        df = pd.read_csv(io.StringIO(raw), dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise InputError(f"{path} is empty: no header and no rows.") from None
    except pd.errors.ParserError as exc:
        raise InputError(f"{path} is not a readable CSV: {exc}") from None
    if df.empty:
        raise InputError(f"{path} has a header but no rows.")
    return df


def _read_jsonl(path: Path, *, encoding: str) -> tuple[pd.DataFrame, list[str]]:
    """The records of a JSONL file (one JSON object per line; blank lines skipped) and, for each,
    its place (``line N``)."""
    raw = decode(path.read_bytes(), name=str(path), encoding=encoding)
    records, lines = [], []
    for n, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path} line {n} is not valid JSON ({exc.msg}); a .jsonl file holds one JSON "
                             "object per line.") from None
        if not isinstance(rec, dict):
            raise InputError(f"{path} line {n} is a JSON {type(rec).__name__}, not an object "
                             '({"id": ..., "text": ...}).')
        records.append(rec)
        lines.append(f"line {n}")
    if not records:
        raise InputError(f"{path} has no JSON records.")
    return pd.DataFrame.from_records(records).astype(object).where(lambda d: d.notna(), None), lines


def load_corpus(
    path: str | Path | None = None,
    *,
    id_col: str | None = None,
    text_col: str = "text",
    encoding: str = "utf-8",
    structure: bool = True,
    domain=None,
    verify: bool = True,
    source_col: str | None = None,
) -> Corpus:
    """Load a corpus: one row per document, with an id, the text and any metadata.

    Parameters
    ----------
    path
        ``None``: the study corpus (``data/raw`` + ``data/sources.csv``; hashes verified; ids
        the ids of ``data/sources.csv``; it carries the domain ``"us_iran_diplomacy"``).
        A folder: every ``.txt`` file in it and its sub-folders; doc id = the path without
        ``.txt`` (``outlet_a/article1``); with sub-folders a ``folder`` metadata column
        (``outlet_a``) groups them. A ``.txt`` file: one document (id = file stem).
        A ``.csv`` file or a ``.jsonl`` file (one JSON object per line): one row per document;
        every column but the id and the text is metadata (outlet, genre, date, author...),
        kept on ``Corpus.sources`` and copied onto the sentence and cue tables.
    id_col
        The id column of a CSV/JSONL file. Default: the first of ``doc_id``, ``id``,
        ``source_id`` present, else the rows are numbered ``<file stem>:<row>`` (as the CLI does).
    text_col
        The text column of a CSV/JSONL file (default ``text``).
    encoding
        Encoding of the files (default UTF-8; an undecodable file is an error naming it).
    structure
        Detect document roles (title, caption, heading, ...). With ``False`` all lines are body.
    domain
        The domain lexicon set the tables use for this corpus (default ``None``: none; see
        :mod:`discourse.domains`). Ignored for the study corpus, which carries its own.
    verify
        For the study corpus, check each raw file's sha256 against ``data/sources.csv``.
    source_col
        Deprecated: the old name of ``id_col``.

    Every document is checked with :func:`check_language`; one that does not look like English
    gets a :class:`NotEnglishWarning` naming it (and is left out by ``analyze_all``).
    """
    if source_col is not None:
        warnings.warn("load_corpus(source_col=...) is deprecated: the document id column is id_col=.",
                      DeprecationWarning, stacklevel=2)
        id_col = id_col or source_col
    if path is None:
        return load_study_corpus(verify=verify)
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path} does not exist (expected a folder of .txt files, a .txt, .csv or .jsonl file).")
    if path.is_dir():
        return _load_folder(path, encoding=encoding, structure=structure, domain=domain)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        df = _read_csv(path, encoding=encoding)
        return _from_table(df, path, id_col=id_col, text_col=text_col, structure=structure, domain=domain,
                           rows=[f"row {i}" for i in range(1, len(df) + 1)])
    if suffix in (".jsonl", ".ndjson"):
        df, lines = _read_jsonl(path, encoding=encoding)
        return _from_table(df, path, id_col=id_col, text_col=text_col, structure=structure, domain=domain,
                           rows=lines)
    if suffix == ".txt":
        text = decode(path.read_bytes(), name=str(path), encoding=encoding)
        if not text.strip():
            raise InputError(f"{path} is empty or whitespace only: there is nothing to analyse.")
        return build_corpus({path.stem: text}, structure=structure, domain=domain, origins={path.stem: str(path)})
    raise InputError(f"Cannot load {path}: give a folder of .txt files, a .txt, .csv or .jsonl file.")
