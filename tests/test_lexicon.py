"""The one lexicon reader (discourse.lexicon.read_lexicon) on small hand-written files, and every
lexicon that ships with the package."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from discourse.errors import InputError
from discourse.lexicon import LEXICON_DIR, Lexicon, read_lexicon

HEAD = "# toy.tsv - a toy list\n# version: 2 (2026); licence: CC0\n# citation: Hyland, K. (2005). Metadiscourse.\n"


def _write(tmp_path, body: str, head: str = HEAD, name: str = "toy.tsv"):
    path = tmp_path / name
    path.write_text(head + body, encoding="utf-8")
    return path


def _message(path, **kw) -> str:
    with pytest.raises(InputError) as info:
        read_lexicon(path, **kw)
    return str(info.value)


def test_good_file_rows_version_citation_label(tmp_path):
    path = _write(tmp_path, "entry\tmatch\tsource\n"
                            "may\tlower\tHyland 2005\n"
                            "\n"
                            "# a comment between rows is skipped\n"
                            "  it seems \t lemma\t\n")
    lex = read_lexicon(path, required=("entry", "source"), choices={"match": ("lemma", "lower")})
    assert isinstance(lex, Lexicon)
    assert lex.rows == ({"entry": "may", "match": "lower", "source": "Hyland 2005"},
                        {"entry": "it seems", "match": "lemma", "source": ""})  # cells stripped, empty -> ""
    assert (lex.name, lex.version, lex.label) == ("toy.tsv", "2", "toy.tsv v2")
    assert lex.citation == "Hyland, K. (2005). Metadiscourse."
    assert lex.columns == ("entry", "match", "source") and lex.path == path and len(lex) == 2


def test_version_line_is_case_insensitive_and_citation_optional(tmp_path):
    path = _write(tmp_path, "entry\nx\n", head="# Version: 1.3 (2025). Licence: CC0\n")
    lex = read_lexicon(path)
    assert (lex.version, lex.label, lex.citation) == ("1.3", "toy.tsv v1.3", "")


def test_missing_column_names_file_line_and_columns(tmp_path):
    path = _write(tmp_path, "entry\tlabel\nstrike\tx\n")
    assert _message(path, required=("entry", "frame"), what="frames lexicon") == (
        f"The frames lexicon {path} lacks column(s) ['frame'] (header, line 4); it has ['entry', 'label']. "
        "A frames lexicon needs the columns ['entry', 'frame'] (tab-separated).")


def test_a_choice_column_must_exist_too(tmp_path):
    path = _write(tmp_path, "entry\tsource\nmay\tx\n")
    assert "lacks column(s) ['match']" in _message(path, choices={"match": ("lemma",)})


def test_bad_choice_names_file_line_allowed_and_found(tmp_path):
    path = _write(tmp_path, "entry\tmatch\nmay\tlower\nmight\tLEMMA\n")
    assert _message(path, choices={"match": ("lower", "lemma", "norm")}) == (
        f"{path}:6: column 'match' must be one of ['lemma', 'lower', 'norm'], got 'LEMMA'; use one of those values.")


def test_wrong_column_count(tmp_path):
    path = _write(tmp_path, "entry\tmatch\tsource\nmay\tlower\tHyland 2005\nmight lower\tHyland 2005\n")
    assert _message(path) == (
        f"{path}:6: expected 3 tab-separated cells (one per header column ['entry', 'match', 'source']), "
        "got 2; separate the cells of this row by single tabs.")


def test_missing_version(tmp_path):
    path = _write(tmp_path, "entry\nmay\n", head="# toy.tsv\n# citation: me\n")
    assert _message(path) == (
        f"The lexicon {path} has no version: add a comment line '# version: 1' above the header (line 3); "
        "the version is written into every output row.")


def test_no_header_missing_file_and_bad_encoding(tmp_path):
    assert "has no header row" in _message(_write(tmp_path, "\n# only comments\n"))
    assert _message(tmp_path / "nope.tsv").startswith(f"Lexicon {tmp_path / 'nope.tsv'} not found")
    latin = tmp_path / "latin.tsv"
    latin.write_bytes(HEAD.encode() + "entry\nna\xefve\n".encode("latin-1"))
    assert _message(latin).startswith(f"{latin}: not UTF-8 text")


def test_an_edited_file_is_read_again(tmp_path):
    path = _write(tmp_path, "entry\nmay\n")
    assert [r["entry"] for r in read_lexicon(path).rows] == ["may"]
    st = path.stat()
    path.write_text(HEAD + "entry\nmay\nmight\n", encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # a later mtime even on coarse clocks
    assert [r["entry"] for r in read_lexicon(path).rows] == ["may", "might"]


SHIPPED = sorted(LEXICON_DIR.glob("*.tsv"))


def test_the_package_ships_its_lexicons():
    assert len(SHIPPED) >= 10


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_lexicon_has_a_version_a_citation_and_rows(path):
    lex = read_lexicon(path)
    assert lex.version and lex.label == f"{path.name} v{lex.version}"
    assert len(lex.citation) > 10, f"{path.name}: add a '# citation: ...' header line"
    assert len(lex.rows) > 10 and "entry" in lex.columns
    header = "\n".join(x for x in path.read_text(encoding="utf-8").splitlines() if x.startswith("#"))
    for machine_path in ("/work/", "/tmp/", "/home/"):
        assert machine_path not in header, f"{path.name} cites a machine path as a source"


def test_one_lexicon_dir():
    """The measures read their lexicons from ``discourse.lexicon.LEXICON_DIR``, defined once (issue 11)."""
    from discourse import lexicon
    from discourse.measures import attribution, devices, engagement, hedging, modality, sourcing

    for mod in (attribution, hedging, engagement):
        assert mod.LEXICON_DIR is lexicon.LEXICON_DIR, mod.__name__
    for mod in (devices, modality, sourcing):
        assert mod.LEXICON_PATH.parent == lexicon.LEXICON_DIR and mod.LEXICON_PATH.is_file(), mod.__name__
    measures = Path(attribution.__file__).parent
    built_here = [f.name for f in sorted(measures.glob("*.py")) if '"lexicons"' in f.read_text(encoding="utf-8")]
    assert built_here == []
