"""A researcher's own corpus: documents and groups as two ideas (doc_id vs metadata columns),
CSV / JSONL / nested folders, clear errors, and the language check."""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

import discourse as dc
from discourse.corpus import MIN_WORDS, check_language

TEXTS = {
    "a1": "The committee may approve the plan next week. Officials said it was unlikely to pass.",
    "a2": "Prices could rise again, analysts warned. The rise will certainly hurt families.",
    "b1": "The report suggests that the policy probably works. We think the results are clear.",
    "b2": "Nobody knows what will happen. The minister must decide by Friday.",
}
OUTLET = {"a1": "alpha", "a2": "alpha", "b1": "beta", "b2": "beta"}


@pytest.fixture
def csv_path(tmp_path):
    p = tmp_path / "news.csv"
    pd.DataFrame({"doc_id": list(TEXTS), "outlet": [OUTLET[k] for k in TEXTS], "date": ["2024-01-0%d" % i for i in
                  range(1, 5)], "text": list(TEXTS.values())}).to_csv(p, index=False)
    return p


@pytest.fixture(scope="module")
def grouped(tmp_path_factory):
    """A corpus whose groups are a metadata column, and its tables."""
    p = tmp_path_factory.mktemp("grouped") / "news.csv"
    pd.DataFrame({"doc_id": list(TEXTS), "outlet": [OUTLET[k] for k in TEXTS],
                  "text": list(TEXTS.values())}).to_csv(p, index=False)
    c = dc.load_corpus(p)
    return c, dc.analyze_all(c)


def test_csv_metadata_is_kept_on_sources_and_tables(csv_path):
    c = dc.load_corpus(csv_path)
    assert c.doc_ids == list(TEXTS) and c.metadata == ("outlet", "date") and c.domain is None
    assert list(c.sources.columns) == ["doc_id", "outlet", "date", "source_id"]
    sents, cues = dc.analyze(c)
    assert list(sents.columns[:4]) == ["doc_id", "outlet", "date", "segment_id"]
    assert list(cues.columns[:3]) == ["doc_id", "outlet", "date"]
    assert (sents["outlet"] == sents["doc_id"].map(OUTLET)).all()
    assert (cues["outlet"] == cues["doc_id"].map(OUTLET)).all() and len(cues) >= 6
    assert (sents["source_id"] == sents["doc_id"]).all() and sents.columns[-1] == "source_id"


def test_sentence_key_is_doc_id_and_sent_id(grouped):
    _, a = grouped
    s = a.sentences
    assert not s.duplicated(["doc_id", "sent_id"]).any()
    for _, g in s.groupby("doc_id"):
        assert g["sent_id"].tolist() == list(range(len(g)))  # numbered per document
    assert s["sent_id"].max() < len(s) - 1  # so sent_id alone is not a key


def test_summarize_and_compare_by_a_metadata_column(grouped):
    _, a = grouped
    s = a.sentences
    summ = dc.summarize(s, by="outlet")
    row = summ[(summ.outlet == "alpha") & (summ.measure == "n_modal")].iloc[0]
    alpha = s[s.outlet == "alpha"]
    assert row["count"] == alpha["n_modal"].sum() and row["n_tokens"] == alpha["n_tokens"].sum()
    assert set(summ["outlet"]) == {"alpha", "beta"}
    res = dc.compare(s, a.cues, by="outlet", n_resamples=200)
    assert set(res["group_a"]) == {"alpha"} and set(res["group_b"]) == {"beta"}


def test_a_source_column_of_group_labels_is_metadata_not_an_id(tmp_path):
    p = tmp_path / "c.csv"
    pd.DataFrame({"source": ["Reuters", "Reuters", "AP"], "text": ["One text here.", "Two texts.", "Three."]}
                 ).to_csv(p, index=False)
    c = dc.load_corpus(p)
    assert c.doc_ids == ["c:1", "c:2", "c:3"] and c.metadata == ("source",)
    s = dc.sentence_table(c)
    assert dc.summarize(s, by="source").groupby("source")["n_sentences"].first().to_dict() == {"AP": 1, "Reuters": 2}


def test_jsonl_corpus_with_metadata(tmp_path):
    p = tmp_path / "c.jsonl"
    recs = [{"id": "x", "text": "It may rain today.", "outlet": "alpha", "year": 2020},
            {"id": "y", "text": "It will certainly rain.", "outlet": "beta"}]
    p.write_text("\n".join(json.dumps(r) for r in recs) + "\n\n", encoding="utf-8")
    c = dc.load_corpus(p)
    assert c.doc_ids == ["x", "y"] and c.metadata == ("outlet", "year")
    src = c.sources.set_index("doc_id")
    assert src.loc["x", "year"] == 2020 and src.loc["y", "year"] is None
    s = dc.sentence_table(c)
    assert s.set_index("doc_id")["outlet"].to_dict() == {"x": "alpha", "y": "beta"}


@pytest.mark.parametrize("content, match", [
    ('{"id": "x", "text": "Fine."}\n{"id": "y", "text": \n', r"c\.jsonl line 2 is not valid JSON"),
    ('["x", "text"]\n', r"c\.jsonl line 1 is a JSON list, not an object"),
    ('{"id": "x", "body": "Fine."}\n', r"c\.jsonl has no text column 'text'; it has \['id', 'body'\].*text_col="),
    ('{"id": "x", "text": 3}\n', r"c\.jsonl, line 1 \(document 'x'\): the text column 'text' holds int"),
    ('{"id": "", "text": "Fine."}\n', r"c\.jsonl, line 1: the id column 'id' is empty"),
    ('\n\n', r"c\.jsonl has no JSON records"),
])
def test_bad_jsonl_is_one_clear_line(tmp_path, content, match):
    p = tmp_path / "c.jsonl"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(dc.InputError, match=match) as e:
        dc.load_corpus(p)
    assert "\n" not in str(e.value)


@pytest.mark.parametrize("frame, kwargs, match", [
    ({"doc_id": ["a"], "body": ["x"]}, {}, r"c\.csv has no text column 'text'.*load_corpus\(path, id_col=\.\.\., text_col=\.\.\.\)"),
    ({"key": ["a"], "text": ["x"]}, {"id_col": "ident"}, r"c\.csv has no id column 'ident'; it has \['key', 'text'\]"),
    ({"doc_id": ["a", "b"], "text": ["Fine.", "  "]}, {}, r"c\.csv, row 2 \(document 'b'\) is empty"),
    ({"doc_id": ["a", "a"], "text": ["x", "y"]}, {}, r"duplicate document id\(s\) \['a'\] in column 'doc_id'.*id_col="),
    ({"id": ["a"], "doc_id": ["z"], "text": ["x"]}, {"id_col": "id"},
     r"c\.csv: column\(s\) \['doc_id'\] would clash with the document id; rename them or pass id_col='doc_id'"),
])
def test_bad_csv_is_one_clear_line(tmp_path, frame, kwargs, match):
    p = tmp_path / "c.csv"
    pd.DataFrame(frame).to_csv(p, index=False)
    with pytest.raises(dc.InputError, match=match) as e:
        dc.load_corpus(p, **kwargs)
    assert "\n" not in str(e.value)


def test_id_col_and_text_col_are_keyword_only(tmp_path):
    p = tmp_path / "c.csv"
    pd.DataFrame({"key": ["k1", "k2"], "id": ["i1", "i2"], "body": ["One.", "Two."]}).to_csv(p, index=False)
    with pytest.raises(TypeError):
        dc.load_corpus(p, "key")
    assert dc.load_corpus(p, text_col="body").doc_ids == ["i1", "i2"]  # default: doc_id, else id
    c = dc.load_corpus(p, id_col="key", text_col="body")
    assert c.doc_ids == ["k1", "k2"] and c.metadata == ("id",)


def test_metadata_named_like_a_table_column_is_refused(tmp_path):
    p = tmp_path / "c.csv"
    pd.DataFrame({"id": ["a"], "category": ["world"], "text": ["It may rain."]}).to_csv(p, index=False)
    c = dc.load_corpus(p)
    with pytest.raises(dc.InputError, match=r"metadata column\(s\) \['category'\].*rename"):
        dc.analyze_all(c)


def test_nested_folder_ids_keep_the_sub_folder(tmp_path):
    for outlet, name, text in [("outlet_a", "article1", "It may rain today."), ("outlet_a", "article2", "Prices rose."),
                               ("outlet_b", "article1", "The plan will certainly fail.")]:
        (tmp_path / outlet).mkdir(exist_ok=True)
        (tmp_path / outlet / f"{name}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "top.txt").write_text("A top-level text.", encoding="utf-8")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "x.txt").write_text("A hidden copy.", encoding="utf-8")
    c = dc.load_corpus(tmp_path)
    assert c.doc_ids == ["outlet_a/article1", "outlet_a/article2", "outlet_b/article1", "top"]
    assert c.sources.set_index("doc_id")["folder"].to_dict() == {
        "outlet_a/article1": "outlet_a", "outlet_a/article2": "outlet_a", "outlet_b/article1": "outlet_b", "top": "."}
    assert c.metadata == ("folder",)
    s = dc.sentence_table(c)
    summ = dc.summarize(s, by="folder").query("measure == 'n_modal'").set_index("folder")
    assert summ["n_sentences"].to_dict() == {"outlet_a": 2, "outlet_b": 1, ".": 1}
    assert summ.loc["outlet_a", "count"] == s[s.folder == "outlet_a"]["n_modal"].sum() == 1  # "may"


def test_flat_folder_has_no_folder_column(tmp_path):
    (tmp_path / "a.txt").write_text("One text.", encoding="utf-8")
    c = dc.load_corpus(tmp_path)
    assert c.metadata == () and "folder" not in c.sources.columns


def test_study_ids_and_domain(corpus):
    assert corpus.doc_ids == ["news_analysis", "opinion"] and corpus.source_ids == corpus.doc_ids
    assert corpus.domain == "us_iran_diplomacy" and corpus.metadata == ()
    assert (corpus.segments["doc_id"] == corpus.segments["source_id"]).all()


# --------------------------------------------------------------------------- language check
ENGLISH = ("The United States and Iran have quietly exchanged a handful of messages in recent weeks, and "
           "officials on both sides say that the talks could resume if the sanctions are eased.")
GERMAN = ("Die Verhandlungen zwischen den Vereinigten Staaten und dem Iran sind ins Stocken geraten. Die "
          "Regierung in Teheran lehnt Gespräche ab, solange die Sanktionen bestehen.")
FRENCH = ("Les négociations entre les États-Unis et l'Iran sont au point mort. Le gouvernement de Téhéran "
          "refuse de discuter tant que les sanctions restent en place.")
CHINESE = "美国和伊朗在最近几周悄悄交换了几条信息，双方官员表示，如果制裁放宽，谈判可能恢复。"


@pytest.mark.parametrize("text, expected", [
    (ENGLISH, None),
    ("It may rain.", None),  # short English: too short to judge
    ("Talks resumed.", None),
    ("Dock workers walked out on Monday in a strike over pay and conditions.", None),
    (GERMAN, "function words"),
    (FRENCH, "function words"),
    (CHINESE, "not Latin script"),
    ("Die Regierung lehnt Gespräche ab.", None),  # under MIN_WORDS: not judged (documented limit)
])
def test_check_language(text, expected):
    got = check_language(text)
    if expected is None:
        assert got is None, got
    else:
        assert got is not None and expected in got


def test_check_language_on_the_study_and_the_other_genres(corpus):
    from pathlib import Path

    for text in corpus.texts.values():
        assert check_language(text) is None
    folder = Path(__file__).parent / "fixtures" / "other_genres"
    for p in sorted(folder.glob("*.txt")):
        assert check_language(p.read_text(encoding="utf-8")) is None, p.name
    assert MIN_WORDS == 8


def test_non_english_documents_are_warned_about_and_left_out(tmp_path):
    p = tmp_path / "mixed.csv"
    pd.DataFrame({"doc_id": ["en", "de", "zh"], "text": [ENGLISH, GERMAN, CHINESE]}).to_csv(p, index=False)
    with pytest.warns(dc.NotEnglishWarning) as rec:
        c = dc.load_corpus(p)
    msgs = [str(w.message) for w in rec]
    assert any("'de'" in m and "mixed.csv, row 2" in m for m in msgs) and any("'zh'" in m for m in msgs)
    assert not any("'en'" in m for m in msgs)
    assert set(c.not_english) == {"de", "zh"}
    with pytest.warns(dc.NotEnglishWarning, match="leaves out document 'de'"):
        s = dc.sentence_table(c)
    assert set(s["doc_id"]) == {"en"}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kept = dc.sentence_table(c, non_english="keep")
    assert set(kept["doc_id"]) == {"en", "de", "zh"}
    with pytest.raises(dc.InputError, match="non_english"):
        dc.sentence_table(c, non_english="drop")
