"""One reader for every lexicon: a tab-separated data file with a commented, cited header.

The format of every file under ``discourse/lexicons/`` (and of a domain lexicon of your own)::

    # hedges.tsv - hedging cues ...           <- comment lines start with '#', anywhere
    # version: 1 (2025); licence: ...          <- required: the version written into every output row
    # citation: Hyland, K. (2005). Metadiscourse ...   <- the works the list is built from
    entry<TAB>category<TAB>...<TAB>source       <- the first non-comment line: the header row
    may<TAB>modal<TAB>...<TAB>Hyland 2005       <- one row per entry, as many cells as the header

:func:`read_lexicon` parses that once per file version (cached on the path and the file's
modification time, so an edited file is read again) and returns a :class:`Lexicon`. Cells are
stripped of surrounding spaces; an empty cell is ``""``. Every problem is one
:class:`~discourse.errors.InputError` line that names the file and line, says what was expected
and what was found (a missing version, a header without a required column, a row with the wrong
number of cells, a value outside a column's allowed set).

Each measure keeps its own loader (``hedging.load_lexicon``, ``modality.load_modal_lexicon``, ...)
that turns these rows into its entry type and checks what only it knows (e.g. that an engagement
category belongs to its system); the parsing lives here only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import InputError

#: The folder of the lexicons that ship with the package.
LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"

_VERSION = re.compile(r"#\s*version:\s*([\w.]+)", re.IGNORECASE)
_CITATION = re.compile(r"#\s*citation:\s*(.*\S)", re.IGNORECASE)


@dataclass(frozen=True)
class Lexicon:
    """The rows of one lexicon file with its provenance.

    ``rows`` are ``{column: cell}`` dicts in file order; ``name`` is the file name, ``version`` the
    value of its ``# version:`` line (``"1"``), ``citation`` the text of its ``# citation:`` line
    (``""`` when it has none), ``columns`` the header row and ``path`` the file read.
    """

    rows: tuple[dict, ...]
    name: str
    version: str
    citation: str
    columns: tuple[str, ...] = ()
    path: Path | None = None

    @property
    def label(self) -> str:
        """``"<file name> v<version>"`` (e.g. ``"hedges.tsv v1"``), the ``lexicon`` value of output rows."""
        return f"{self.name} v{self.version}"

    def __len__(self) -> int:
        return len(self.rows)


def read_lexicon(
    path: str | Path,
    *,
    required: Iterable[str] = (),
    choices: Mapping[str, Iterable[str]] | None = None,
    what: str = "lexicon",
) -> Lexicon:
    """Read the lexicon TSV at ``path`` (see the module docstring for the format).

    ``required``: columns the header must have. ``choices``: ``{column: allowed values}``; a row
    whose (stripped) cell is not allowed is refused. ``what`` names the file in messages
    (``"frames lexicon"``). Raises :class:`~discourse.errors.InputError` naming ``file:line``.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"Lexicon {path} not found: give the path of a tab-separated lexicon file "
                         "(a reinstall restores the package's own).")
    req = tuple(required)
    allowed = tuple(sorted((col, tuple(sorted(vals))) for col, vals in (choices or {}).items()))
    return _read(path, path.stat().st_mtime_ns, req, allowed, what)


@lru_cache(maxsize=64)
def _read(path: Path, mtime: int, required: tuple[str, ...],
          choices: tuple[tuple[str, tuple[str, ...]], ...], what: str) -> Lexicon:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start}); save the file as UTF-8.") from None
    version = citation = None
    header: list[str] | None = None
    header_line = 0
    rows: list[dict] = []
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith("#"):
            if version is None and (m := _VERSION.match(line)):
                version = m.group(1)
            if citation is None and (m := _CITATION.match(line)):
                citation = m.group(1)
            continue
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header, header_line = cells, n
            needed = [*required, *(c for c, _ in choices if c not in required)]
            missing = [c for c in needed if c not in header]
            if missing:
                raise InputError(f"The {what} {path} lacks column(s) {missing} (header, line {n}); it has "
                                 f"{header}. A {what} needs the columns {needed} (tab-separated).")
            continue
        if len(cells) != len(header):
            raise InputError(f"{path}:{n}: expected {len(header)} tab-separated cells (one per header column "
                             f"{header}), got {len(cells)}; separate the cells of this row by single tabs.")
        row = dict(zip(header, cells))
        for col, vals in choices:
            if row[col] not in vals:
                raise InputError(f"{path}:{n}: column {col!r} must be one of {list(vals)}, got {row[col]!r}; "
                                 "use one of those values.")
        rows.append(row)
    if header is None:
        raise InputError(f"The {what} {path} has no header row: after the '#' comment lines, give a "
                         "tab-separated row of column names, then one row per entry.")
    if version is None:
        raise InputError(f"The {what} {path} has no version: add a comment line '# version: 1' above the "
                         f"header (line {header_line}); the version is written into every output row.")
    return Lexicon(rows=tuple(rows), name=path.name, version=version, citation=citation or "",
                   columns=tuple(header), path=path)
