"""discourse.io: reading inputs, checking documents, chunking, table writing."""

from __future__ import annotations

import json
import pickle

import pandas as pd
import pytest

from discourse import io
from discourse.errors import InputError


def _doc(data, doc_id="d"):
    return io.Document(doc_id, data, "test")


# --------------------------------------------------------------------------- prepare: reasons
@pytest.mark.parametrize("data, reason, match", [
    (b"", "empty", "empty or whitespace"),
    (b"  \n\t ", "empty", "empty or whitespace"),
    ("", "empty", "empty"),
    (b"Caf\xe9 cr\xe8me", "undecodable", r"byte 3: b'\\xe9'.*--encoding latin-1"),
    ("Caf\udce9", "undecodable", r"b'\\xe9'.*--encoding"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not_text", "binary data \\(NUL bytes"),
    ("text\x01\x02\x03\x04\x05 with control characters", "not_text", "control characters"),
    (None, "not_text", "null"),
    (42, "not_text", "int, not a string"),
    (b"\xff\xfeh\x00i\x00", "undecodable", "UTF-16 byte-order mark; pass --encoding utf-16"),
])
def test_bad_documents_get_a_reason(data, reason, match):
    with pytest.raises(io.DocumentError, match=match) as exc:
        io.prepare(_doc(data))
    assert exc.value.reason == reason
    assert "'d'" in str(exc.value) and "test" in str(exc.value)


def test_too_long_is_refused_past_max_chars():
    with pytest.raises(io.DocumentError, match="1,001 characters, more than --max-chars 1,000") as exc:
        io.prepare(_doc("a" * 1001), max_chars=1000)
    assert exc.value.reason == "too_long"
    assert io.prepare(_doc("a" * 1001), max_chars=None)[0] == "a" * 1001


def test_encoding_option_decodes_and_bom_is_dropped():
    assert io.prepare(_doc(b"Caf\xe9"), encoding="latin-1")[0] == "Café"
    assert io.prepare(_doc("\ufeffHello".encode("utf-8")))[0] == "Hello"
    assert io.prepare(_doc("hi there".encode("utf-16")), encoding="utf-16")[0] == "hi there"


def test_document_error_pickles():
    err = io.DocumentError("x", "f.txt", "empty", "nothing")
    back = pickle.loads(pickle.dumps(err))
    assert (back.doc_id, back.origin, back.reason, back.detail, str(back)) == ("x", "f.txt", "empty", "nothing", str(err))


def test_duplicate_ids_are_refused():
    check = io.Checker()
    check(io.Document("a", "One.", "first"))
    with pytest.raises(io.DocumentError, match="already used by first") as exc:
        check(io.Document("a", "Two.", "second"))
    assert exc.value.reason == "duplicate_id"


# --------------------------------------------------------------------------- HTML
HTML = "<html><head><title>T</title><style>p {color: red}</style></head><body>\n<p>First para\nstill first &amp; more.</p><p>Second<br>third</p></body></html>"


def test_html_is_detected_and_reported_not_stripped_by_default():
    text, warnings = io.prepare(_doc(HTML))
    assert text == HTML
    assert warnings and warnings[0][0] == "html" and "--strip-html" in warnings[0][1]


def test_strip_html_keeps_paragraphs_and_unescapes():
    text, warnings = io.prepare(_doc(HTML), strip=True)
    assert text.split("\n") == ["T", "First para still first & more.", "Second", "third"]
    assert "stripped" in warnings[0][1]


def test_inline_tags_in_plain_text_keep_line_breaks():
    assert io.strip_html("A <b>bold</b> claim.\n\nNext para.") == "A bold claim.\n\nNext para."


@pytest.mark.parametrize("text", ["if a < b and c > d then", "x<y", "I <3 this", "Tom & Jerry"])
def test_comparisons_are_not_html(text):
    assert io.html_markup(text) == []


# --------------------------------------------------------------------------- chunking
@pytest.mark.parametrize("limit", [7, 40, 100, 1000])
def test_split_long_pieces_are_exact_and_bounded(limit):
    text = "  First sentence here. Second one follows! A third? " + "word " * 30 + "end."
    pieces = io.split_long(text, limit)
    assert all(0 < b - a <= limit for a, b in pieces)
    assert all(a < b <= c for (a, b), (c, _d) in zip(pieces, pieces[1:]))
    assert "".join(text[a:b] for a, b in pieces).replace(" ", "") == text.replace(" ", "")


def test_split_long_prefers_sentence_ends():
    text = "Alpha beta gamma. Delta epsilon zeta eta theta iota kappa."
    assert [text[a:b] for a, b in io.split_long(text, 30)][0] == "Alpha beta gamma."


# --------------------------------------------------------------------------- reading
def test_read_csv_ids_sources_and_row_errors(tmp_path):
    p = tmp_path / "c.csv"
    p.write_bytes("id,outlet,text\na,X,Hello there.\n,Y,No id here.\nc,Z,Caf\xe9\n".encode("utf-8")[:-6] + b"Caf\xe9\n")
    docs = list(io.read_inputs([p], source_col="outlet"))
    assert [d.doc_id for d in docs] == ["a", "c:2", "c"]
    assert docs[0].meta == {"outlet": "X"} and docs[0].origin.endswith("c.csv row 1")
    assert docs[1].error and "empty id" in docs[1].error
    with pytest.raises(io.DocumentError) as exc:
        io.prepare(docs[2])
    assert exc.value.reason == "undecodable"


def test_read_csv_without_id_column_numbers_rows(tmp_path):
    p = tmp_path / "corpus.csv"
    pd.DataFrame({"body": ["One.", "Two."]}).to_csv(p, index=False)
    assert [d.doc_id for d in io.read_inputs([p], text_col="body")] == ["corpus:1", "corpus:2"]


def test_read_csv_missing_column_is_a_usage_error(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("id,body\n1,x\n")
    with pytest.raises(InputError, match=r"lacks column\(s\) \['text'\].*--text-col"):
        list(io.read_inputs([p]))


def test_read_jsonl_bad_lines_are_documents_with_errors(tmp_path):
    p = tmp_path / "c.jsonl"
    p.write_text("\n".join([json.dumps({"id": 1, "text": "One.", "src": "a"}), "{oops", json.dumps([1, 2]),
                            json.dumps({"id": "x"}), ""]) + "\n")
    docs = list(io.read_inputs([p], source_col="src"))
    assert [d.doc_id for d in docs] == ["1", "c:2", "c:3", "x"]
    assert docs[0].meta == {"src": "a"} and docs[0].error is None
    assert "not valid JSON" in docs[1].error and "not an object" in docs[2].error and "no 'text'" in docs[3].error


def test_read_folder_takes_txt_files_sorted_and_folder_name_as_source(tmp_path):
    d = tmp_path / "bbc"
    d.mkdir()
    (d / "b.txt").write_text("B.")
    (d / "a.TXT").write_text("A.")
    (d / "notes.md").write_text("ignored")
    docs = list(io.read_inputs([d], source_col="outlet"))
    assert [(x.doc_id, x.meta["outlet"]) for x in docs] == [("a", "bbc"), ("b", "bbc")]


@pytest.mark.parametrize("name, match", [("missing", "does not exist"), ("x.docx", "Cannot read")])
def test_unreadable_inputs_are_usage_errors(tmp_path, name, match):
    p = tmp_path / name
    if name.endswith(".docx"):
        p.write_bytes(b"PK")
    with pytest.raises(InputError, match=match):
        list(io.read_inputs([p]))


# --------------------------------------------------------------------------- writing
@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_table_writer_unions_columns_and_fills_counts(tmp_path, suffix):
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / f"t{suffix}"
    with io.TableWriter(out, "sentence") as w:
        w.add([{"doc_id": "a", "sent_id": 0, "n_tokens": 3, "speaker": None, "n_hedge": 1}])
        w.add([{"doc_id": "b", "sent_id": 0, "n_tokens": 4, "speaker": "she", "n_booster": 2}])
        w.close()
    df = pd.read_csv(out) if suffix == ".csv" else pd.read_parquet(out)
    assert list(df.columns) == ["doc_id", "sent_id", "n_tokens", "speaker", "n_booster", "n_hedge"]
    assert df["n_hedge"].tolist() == [1, 0] and df["n_booster"].tolist() == [0, 2]
    assert df["speaker"].isna().tolist() == [True, False]
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no parts or temporary files left


def test_table_writer_abort_leaves_old_file(tmp_path):
    out = tmp_path / "t.csv"
    out.write_text("old\n")
    with pytest.raises(RuntimeError):
        with io.TableWriter(out, "sentence") as w:
            w.add([{"doc_id": "a", "n_tokens": 1}])
            raise RuntimeError("killed")
    assert out.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


@pytest.mark.parametrize("name", ["t.xlsx", "nofolder/t.csv"])
def test_table_writer_refuses_bad_outputs(tmp_path, name):
    with pytest.raises(InputError):
        io.TableWriter(tmp_path / name, "sentence")


# --------------------------------------------------------------------------- scoring
def test_score_texts_matches_analyze_all_on_the_study_corpus(corpus, nlp):
    import discourse as dc

    a = dc.analyze_all(corpus)  # the study corpus carries its domain; the CLI engine is told it
    r = io.score_texts(corpus.texts, domain=corpus.domain)
    for lvl, df in (("sentence", a.sentences), ("cue", a.cues), ("frame", a.frames), ("actor", a.actors)):
        pd.testing.assert_frame_equal(r[lvl], df.drop(columns="source_id").reset_index(drop=True), check_dtype=False)
    src = r["source"].set_index("doc_id")
    for sid, g in a.sentences.groupby("doc_id"):
        assert src.loc[sid, "sentences"] == len(g) and src.loc[sid, "n_tokens"] == g["n_tokens"].sum()
        assert src.loc[sid, "n_hedge"] == g["n_hedge"].sum()
        assert src.loc[sid, "mean_sentiment"] == pytest.approx(g["sentiment"].mean())


def test_long_paragraph_in_pieces_gives_the_same_rows():
    sents = ["The committee may approve the plan next week.", "Officials said the talks were certainly productive.",
             "Prices could rise again, analysts warned.", "Nobody knows what will happen."]
    text = "A title line\n" + " ".join(sents[i % 4] for i in range(60)) + "\nThe end of it all."
    whole = io.score_texts({"d": text}, cache=False, levels=("sentence", "cue"))
    pieces = io.score_texts({"d": text}, cache=False, chunk_chars=300, levels=("sentence", "cue"))
    assert all(text[r.start_char:r.end_char] == r.text for r in pieces["sentence"].itertuples())
    assert all(text[r.start_char:r.end_char] == r.text for r in pieces["cue"].itertuples())
    pd.testing.assert_frame_equal(whole["sentence"], pieces["sentence"])
    pd.testing.assert_frame_equal(whole["cue"], pieces["cue"])


def test_iter_results_skip_reports_and_fail_raises():
    docs = [io.Document("a", "It may rain.", "x"), io.Document("b", "  ", "y"), io.Document("c", "Sun.", "z")]
    seen = []
    out = list(io.iter_results(docs, io.ScoreOptions(cache=False), on_error="skip", on_problem=seen.append))
    assert [r.doc_id for r in out] == ["a", "c"]
    assert [(p.doc_id, p.status, p.reason) for p in seen] == [("b", "skipped", "empty")]
    with pytest.raises(io.DocumentError, match="'b'"):
        list(io.iter_results(docs, io.ScoreOptions(cache=False)))


def test_a_document_whose_measure_raises_fails_alone(monkeypatch):
    from discourse import tables

    real = tables.Measurer._measure_batch
    batches = []

    def boom(self, batch):  # a batch holding the bad Doc raises as a whole
        batches.append(len(batch))
        if any("explode" in doc.text for doc in batch):
            raise RuntimeError("measure broke")
        return real(self, batch)

    monkeypatch.setattr(tables.Measurer, "_measure_batch", boom)
    docs = [io.Document("a", "Fine text.", "x"), io.Document("b", "Please explode.", "y")]
    seen = []
    out = list(io.iter_results(docs, io.ScoreOptions(cache=False), on_error="skip", on_problem=seen.append))
    assert [r.doc_id for r in out] == ["a"]
    assert seen[0].reason == "failed" and "RuntimeError: measure broke" in seen[0].message
    assert batches == [2, 1, 1]  # the batch at once, then, as it raised, each document alone


def test_parallel_workers_give_the_same_tables():
    texts = {f"d{i}": f"Talks may resume, officials said. Document {i} is certainly short.\nA second paragraph {i}."
             for i in range(12)}
    one = io.score_texts(texts, cache=False, levels=("sentence", "cue"))
    two = io.score_texts(texts, cache=False, levels=("sentence", "cue"), n_process=2)
    for lvl in one:
        pd.testing.assert_frame_equal(one[lvl], two[lvl])
