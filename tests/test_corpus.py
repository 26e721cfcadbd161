"""The study corpus: verbatim raw files, metadata, and a pinned segmentation of both articles."""

from __future__ import annotations

import hashlib
import shutil

import pandas as pd
import pytest

import discourse as dc
from discourse import corpus as corpus_mod
from discourse import paths

SHARED_CORPUS = paths.PROJECT_ROOT.parent / "shared" / "corpus"


def test_raw_files_match_recorded_hashes_and_shared_copy(corpus):
    for row in corpus.sources.itertuples():
        data = (paths.RAW_DIR / row.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row.sha256
        shared = SHARED_CORPUS / row.file
        if shared.is_file():
            assert shared.read_bytes() == data


def test_sources_table(corpus):
    s = corpus.sources.set_index("source_id")
    assert list(s.index) == ["news_analysis", "opinion"]
    assert s.loc["opinion", "byline"] == "Editorial Team"
    assert s.loc["news_analysis", "byline"] == ""
    assert s.loc["news_analysis", "date"].startswith("2020-01")
    assert s.loc["opinion", "date"].startswith("2019-06")
    assert "Soleimani" in s.loc["news_analysis", "date_evidence"] or "Suleimani" in s.loc["news_analysis", "date_evidence"]
    assert "Abe" in s.loc["opinion", "date_evidence"]


def test_offsets_index_raw_text(corpus):
    for r in corpus.segments.itertuples():
        assert corpus.text(r.source_id)[r.start_char:r.end_char] == r.text


NEWS_ROLES = ["title", "caption", "caption", "credit"] + ["body"] * 30
OPINION_ROLES = ["title", "body", "heading", "body", "heading", "body", "heading", "body", "body",
                 "heading", "body", "body", "heading", "body", "heading", "body", "heading", "body", "body", "byline"]


def test_news_analysis_segmentation_pinned(corpus):
    seg = corpus.segments[corpus.segments.source_id == "news_analysis"]
    assert list(seg["role"]) == NEWS_ROLES
    assert seg.iloc[0]["text"].startswith("News Analysis:")
    assert seg.iloc[3]["text"].startswith("(Nicholas Kamm / AFP/Getty Images")
    assert seg.iloc[4]["text"].startswith("The United States and Iran have quietly exchanged")
    assert seg.iloc[-1]["text"] == "“It’s late for diplomacy,” she said, “but not too late.”"


def test_opinion_segmentation_pinned(corpus):
    seg = corpus.segments[corpus.segments.source_id == "opinion"]
    assert list(seg["role"]) == OPINION_ROLES
    headings = list(seg[seg.role == "heading"]["text"])
    assert headings == ["The JCPOA is dead", "Change of behavior, not possible", "Ideology or pragmatism",
                        "Messengers and not mediators", "Normalization, not possible",
                        "A comprehensive or partial deal", "False hope"]
    assert seg.iloc[-1]["text"] == "Editorial Team"


def test_body_and_unknown_source(corpus):
    assert set(corpus.body()["role"]) == {"body"}
    assert len(corpus.body("opinion")) == 11
    with pytest.raises(dc.UnknownSourceError, match="news_analysis"):
        corpus.body("editorial")


def test_changed_raw_file_is_named(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW_DIR, raw)
    target = raw / "002_fd138ee38b4deaa6.txt"
    target.write_bytes(target.read_bytes().replace(b"highly doubt", b"firmly doubt"))
    monkeypatch.setattr(paths, "RAW_DIR", raw)
    with pytest.raises(dc.IntegrityError, match="002_fd138ee38b4deaa6.txt"):
        dc.load_corpus()


def test_folder_of_txt(tmp_path):
    (tmp_path / "a.txt").write_text("A title\n\nFirst paragraph. It has two sentences.\n\nSecond one.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Just one paragraph of prose here.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored")
    c = dc.load_corpus(tmp_path)
    assert c.source_ids == ["a", "b"]
    seg = c.segments
    assert list(seg[seg.source_id == "a"]["role"]) == ["title", "body", "body"]
    assert list(seg[seg.source_id == "b"]["role"]) == ["body"]


def test_csv_corpus(tmp_path):
    p = tmp_path / "c.csv"
    pd.DataFrame({"source": ["x", "y"], "text": ["One text.", "Another text."], "outlet": ["A", "B"]}).to_csv(p, index=False)
    c = dc.load_corpus(p)  # no doc_id/id column: rows are numbered, "source" is a group like "outlet"
    assert c.doc_ids == c.source_ids == ["c:1", "c:2"]
    assert {"outlet", "source"} <= set(c.sources.columns) and c.metadata == ("source", "outlet")
    c = dc.load_corpus(p, id_col="source")
    assert c.doc_ids == ["x", "y"] and c.metadata == ("outlet",)


@pytest.mark.parametrize(
    "setup, match",
    [
        (lambda d: (d / "e.txt").write_text("   \n\n ", encoding="utf-8"), "empty"),
        (lambda d: (d / "l.txt").write_bytes("caf\xe9 au lait".encode("latin-1")), r"l\.txt is not valid utf-8.*encoding="),
        (lambda d: None, "No .txt files"),
    ],
)
def test_bad_folder_inputs(tmp_path, setup, match):
    setup(tmp_path)
    with pytest.raises(dc.InputError, match=match):
        dc.load_corpus(tmp_path)


def test_encoding_option_reads_latin1(tmp_path):
    (tmp_path / "l.txt").write_bytes("caf\xe9 au lait est bon.".encode("latin-1"))
    c = dc.load_corpus(tmp_path, encoding="latin-1")
    assert "café" in c.text("l")


def test_missing_path_and_duplicates(tmp_path):
    with pytest.raises(dc.InputError, match="does not exist"):
        dc.load_corpus(tmp_path / "nope")
    p = tmp_path / "d.csv"
    pd.DataFrame({"id": ["x", "x"], "text": ["One.", "Two."]}).to_csv(p, index=False)
    with pytest.raises(dc.InputError, match=r"d\.csv: duplicate document id\(s\) \['x'\] in column 'id'"):
        dc.load_corpus(p)
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "a.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "dir" / "a.TXT").write_text("Two.", encoding="utf-8")
    if len(list((tmp_path / "dir").iterdir())) == 2:  # case-sensitive file systems only
        with pytest.raises(dc.InputError, match="Duplicate document id 'a'"):
            dc.load_corpus(tmp_path / "dir")


def test_csv_missing_columns(tmp_path):
    p = tmp_path / "c.csv"
    pd.DataFrame({"id": ["x"], "body": ["Text."]}).to_csv(p, index=False)
    with pytest.raises(dc.InputError, match=r"c\.csv has no text column 'text'.*text_col="):
        dc.load_corpus(p)
    c = dc.load_corpus(p, id_col="id", text_col="body")
    assert c.source_ids == ["x"]
    with pytest.warns(DeprecationWarning, match="id_col"):
        assert dc.load_corpus(p, source_col="id", text_col="body").doc_ids == ["x"]


def test_segment_text_structure_off():
    segs = corpus_mod.segment_text("Heading\n\nBody text here.\nEditorial Team", structure=False)
    assert [s["role"] for s in segs] == ["body", "body", "body"]


def test_crlf_offsets():
    text = "Title line\r\n\r\nA body paragraph.\r\nAnother one.\r\n"
    segs = corpus_mod.segment_text(text)
    for s in segs:
        assert text[s["start_char"]:s["end_char"]] == s["text"]
    assert [s["role"] for s in segs] == ["title", "body", "body"]
