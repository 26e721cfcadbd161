"""Load a corpus and split each text into segments with document roles.

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
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import paths
from .errors import InputError, IntegrityError, UnknownSourceError

ROLES = ("title", "caption", "credit", "heading", "body", "byline")
SEGMENT_COLUMNS = ["source_id", "segment_id", "role", "text", "start_char", "end_char"]

_CREDIT = re.compile(r"^\(.*(/|getty|images|photo|afp|reuters|associated press|\bap\b).*\)$", re.I)
_CLOSING = re.compile(r"[.!?:;,\"”’)\]…]$")


@dataclass(frozen=True)
class Corpus:
    """A set of texts with their metadata and segmentation.

    Attributes
    ----------
    sources
        One row per source: ``source_id`` plus whatever metadata the input gave
        (for the study corpus: file, title, genre, byline, date, date evidence, sha256).
    segments
        One row per segment: ``source_id``, ``segment_id`` (0-based within the source),
        ``role``, ``text``, ``start_char``, ``end_char`` (offsets into the raw text).
    texts
        The raw text of each source, keyed by ``source_id``.
    """

    sources: pd.DataFrame
    segments: pd.DataFrame
    texts: dict[str, str] = field(repr=False)

    def text(self, source_id: str) -> str:
        """Raw text of one source; :class:`UnknownSourceError` names the known ids."""
        try:
            return self.texts[source_id]
        except KeyError:
            raise UnknownSourceError(
                f"Unknown source {source_id!r}; this corpus has {sorted(self.texts)}."
            ) from None

    def body(self, source_id: str | None = None) -> pd.DataFrame:
        """The body segments (of one source, or all)."""
        seg = self.segments[self.segments["role"] == "body"]
        if source_id is not None:
            self.text(source_id)  # validates the id
            seg = seg[seg["source_id"] == source_id]
        return seg.reset_index(drop=True)

    @property
    def source_ids(self) -> list[str]:
        return list(self.sources["source_id"])


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


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
    for sid, text in texts.items():
        for seg in segment_text(text, structure=structure):
            rows.append({"source_id": sid, **seg})
    df = pd.DataFrame(rows, columns=SEGMENT_COLUMNS)
    return df.astype({"segment_id": "int64", "start_char": "int64", "end_char": "int64"})


def _check_texts(texts: dict[str, str]) -> None:
    for sid, text in texts.items():
        if not text.strip():
            raise InputError(f"Source {sid!r} is empty or whitespace only: there is nothing to analyse.")


def build_corpus(texts: dict[str, str], sources: pd.DataFrame | None = None, *, structure: bool = True) -> Corpus:
    """A :class:`Corpus` from ``{source_id: raw text}`` (and optional per-source metadata)."""
    if not texts:
        raise InputError("No texts given: the corpus would be empty.")
    for sid, text in texts.items():
        if not isinstance(text, str):
            raise InputError(f"Text of source {sid!r} must be str, got {type(text).__name__}.")
    _check_texts(texts)
    if sources is None:
        sources = pd.DataFrame({"source_id": list(texts)})
    return Corpus(sources=sources.reset_index(drop=True), segments=_segments_frame(texts, structure=structure), texts=dict(texts))


def load_study_corpus(*, verify: bool = True) -> Corpus:
    """The two study articles under ``data/raw/``, checked against ``data/sources.csv``."""
    if not paths.SOURCES_CSV.is_file():
        raise InputError(f"{paths.SOURCES_CSV} not found: the study corpus ships only with the project's checkout.")
    sources = pd.read_csv(paths.SOURCES_CSV, dtype=str, keep_default_na=False)
    texts = {}
    for row in sources.itertuples():
        path = paths.RAW_DIR / row.file
        if not path.is_file():
            raise InputError(f"Study file {path} (source {row.source_id!r}) is missing.")
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
    return build_corpus(texts, sources)


def _load_folder(folder: Path, *, encoding: str, structure: bool) -> Corpus:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".txt")
    if not files:
        raise InputError(f"No .txt files in {folder}.")
    texts: dict[str, str] = {}
    origin: dict[str, str] = {}
    for p in files:
        sid = p.stem
        if sid in texts:
            raise InputError(f"Duplicate source id {sid!r}: both {origin[sid]} and {p.name}.")
        text = decode(p.read_bytes(), name=str(p), encoding=encoding)
        if not text.strip():
            raise InputError(f"{p} is empty or whitespace only: there is nothing to analyse.")
        texts[sid], origin[sid] = text, p.name
    sources = pd.DataFrame({"source_id": list(texts), "file": [origin[s] for s in texts],
                            "sha256": [hashlib.sha256(texts[s].encode("utf-8")).hexdigest() for s in texts]})
    return build_corpus(texts, sources, structure=structure)


def _load_csv(path: Path, *, encoding: str, structure: bool, source_col: str, text_col: str) -> Corpus:
    raw = decode(path.read_bytes(), name=str(path), encoding=encoding)
    import io

    df = pd.read_csv(io.StringIO(raw), dtype=str, keep_default_na=False)
    missing = [c for c in (source_col, text_col) if c not in df.columns]
    if missing:
        raise InputError(f"{path} lacks column(s) {missing}; it has {list(df.columns)}. "
                         "Name yours with source_col= and text_col=.")
    dup = df[source_col][df[source_col].duplicated()].unique()
    if len(dup):
        raise InputError(f"Duplicate source id(s) in {path}: {list(dup)[:5]}.")
    texts = dict(zip(df[source_col], df[text_col]))
    for sid, text in texts.items():
        if not sid.strip():
            raise InputError(f"{path} has a row with an empty {source_col!r}.")
        if not text.strip():
            raise InputError(f"Source {sid!r} in {path} is empty or whitespace only.")
    meta = df.drop(columns=[text_col]).rename(columns={source_col: "source_id"})
    return build_corpus(texts, meta, structure=structure)


def load_corpus(
    path: str | Path | None = None,
    *,
    encoding: str = "utf-8",
    structure: bool = True,
    source_col: str = "source",
    text_col: str = "text",
    verify: bool = True,
) -> Corpus:
    """Load a corpus.

    Parameters
    ----------
    path
        ``None``: the study corpus (``data/raw`` + ``data/sources.csv``; hashes verified).
        A folder: every ``.txt`` file in it, source id = file stem.
        A ``.csv`` file: one row per source, columns ``source`` and ``text`` (see ``source_col``,
        ``text_col``).
    encoding
        Encoding of the files (default UTF-8; an undecodable file is an error naming it).
    structure
        Detect document roles (title, caption, heading, ...). With ``False`` all lines are body.
    verify
        For the study corpus, check each raw file's sha256 against ``data/sources.csv``.
    """
    if path is None:
        return load_study_corpus(verify=verify)
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path} does not exist (expected a folder of .txt files or a .csv).")
    if path.is_dir():
        return _load_folder(path, encoding=encoding, structure=structure)
    if path.suffix.lower() == ".csv":
        return _load_csv(path, encoding=encoding, structure=structure, source_col=source_col, text_col=text_col)
    if path.suffix.lower() == ".txt":
        text = decode(path.read_bytes(), name=str(path), encoding=encoding)
        if not text.strip():
            raise InputError(f"{path} is empty or whitespace only: there is nothing to analyse.")
        return build_corpus({path.stem: text}, structure=structure)
    raise InputError(f"Cannot load {path}: give a folder of .txt files, a .txt or a .csv file.")
