"""The public contract: cues(), the spaCy component, sentence_table, cue_table, summarize."""

from __future__ import annotations

import pandas as pd
import pytest
import spacy

import discourse as dc
from discourse import components
from discourse.components import CUE_COLUMNS


@pytest.fixture(scope="module")
def tables(corpus, nlp):
    return dc.analyze(corpus, nlp=nlp)


def test_cues_empty_text_gives_empty_frame_with_columns():
    df = dc.cues("")
    assert df.empty and list(df.columns) == CUE_COLUMNS


def test_cues_offsets_index_the_input_text():
    text = "Iran may talk to Washington. It is highly unlikely that Iran will accept this. I doubt it."
    df = dc.cues(text)
    assert len(df) >= 4
    for r in df.itertuples():
        assert text[r.start_char:r.end_char] == r.text
    assert set(df["kind"]) >= {"hedge", "modal"}
    assert df["sent_id"].tolist() == sorted(df["sent_id"].tolist())
    assert set(df["sent_id"]) <= {0, 1, 2}
    assert df["lexicon"].str.contains(r"\.tsv").all()


def test_cues_requires_a_parsed_doc():
    blank = spacy.blank("en")
    with pytest.raises(dc.InputError, match="TAG|tag|parse"):
        dc.cues(blank("Iran may talk."))


def test_cues_rejects_non_text():
    with pytest.raises(dc.InputError):
        dc.cues(b"bytes")


def test_pipeline_component_matches_cues(nlp):
    nlp_m = dc.load_nlp(measures=True)
    assert nlp_m.pipe_names[-1] == "discourse_cues"
    text = "The talks must fail. Switzerland could possibly help, officials say."
    doc = nlp_m(text)
    assert [(c["kind"], c["text"]) for c in doc._.cues] == [(r.kind, r.text) for r in dc.cues(text).itertuples()]
    first = list(doc.sents)[0]
    assert all(c["token_end"] <= first.end for c in first._.cues)
    assert sum(sum(s._.cue_counts.values()) for s in doc.sents) == len(doc._.cues)


def test_component_on_users_own_pipeline():
    nlp2 = spacy.load(dc.nlp.resolve_model_name(), exclude=["ner"])
    nlp2.add_pipe("discourse_cues")
    doc = nlp2("It is possible that talks will resume.")
    assert any(c["kind"] == "hedge" for c in doc._.cues)


def test_detectors_built_once_per_vocab(nlp):
    assert components.cue_finder(nlp.vocab) is components.cue_finder(nlp.vocab)


def test_sentence_table_offsets_and_ids(tables, corpus):
    sents, _ = tables
    for r in sents.itertuples():
        assert corpus.text(r.source_id)[r.start_char:r.end_char] == r.text
    for _sid, g in sents.groupby("source_id"):
        assert g["sent_id"].tolist() == list(range(len(g)))
    assert (sents["n_tokens"] > 0).all()
    assert sents["sentiment"].between(-1, 1).all()
    assert sents.attrs["model"].startswith("en_core_web_sm")
    assert set(sents["role"]) == {"body"}


def test_sentence_counts_match_composition(tables, corpus, nlp):
    sents, _ = tables
    comp = dc.composition(corpus, nlp=nlp)
    body = comp[comp.role == "body"].set_index("source_id")
    n = sents.groupby("source_id").size()
    for sid in corpus.source_ids:
        assert n[sid] == body.loc[sid, "n_sentences"]
        assert sents[sents.source_id == sid]["n_tokens"].sum() == body.loc[sid, "n_tokens"]


def test_cue_table_agrees_with_sentence_counts(tables, corpus):
    sents, cue_df = tables
    for kind in ("hedge", "booster", "modal"):
        per_sent = cue_df[cue_df.kind == kind].groupby(["source_id", "sent_id"]).size()
        col = sents.set_index(["source_id", "sent_id"])[f"n_{kind}"]
        assert col[col > 0].sort_index().equals(per_sent.sort_index().astype("int64").rename(f"n_{kind}")) or \
            (col[col > 0].sort_index().to_numpy() == per_sent.sort_index().to_numpy()).all()
    for r in cue_df.itertuples():
        assert corpus.text(r.source_id)[r.start_char:r.end_char] == r.text
    assert set(cue_df["role"]) == {"body"}


def test_summarize_rates(tables):
    sents, _ = tables
    summ = dc.summarize(sents)  # by doc_id
    row = summ[(summ.doc_id == "opinion") & (summ.measure == "n_hedge")].iloc[0]
    op = sents[sents.source_id == "opinion"]
    assert row["count"] == op["n_hedge"].sum()
    assert row["n_tokens"] == op["n_tokens"].sum()
    assert row["n_sentences"] == len(op)
    assert row["rate"] == pytest.approx(op["n_hedge"].sum() / op["n_tokens"].sum() * 1000)
    assert row["share_sentences"] == pytest.approx((op["n_hedge"] > 0).mean())


def test_summarize_unknown_column(tables):
    with pytest.raises(dc.InputError, match=r"summarize\(by='outlet'\): the table has no column 'outlet'; "
                                            r"its grouping columns are \['doc_id', .*'source_id'\]") as e:
        dc.summarize(tables[0], by="outlet")
    assert "\n" not in str(e.value)


def test_tables_on_a_users_folder(tmp_path):
    (tmp_path / "a.txt").write_text("Talks may resume soon. Officials said it was unlikely.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("The deal will certainly fail.", encoding="utf-8")
    sents, cue_df = dc.analyze(dc.load_corpus(tmp_path))
    assert list(sents["source_id"].unique()) == ["a", "b"]
    assert isinstance(cue_df, pd.DataFrame) and set(cue_df["source_id"]) <= {"a", "b"}


def test_prospect_statements_cross_who_commitment_and_stance():
    import discourse as dc
    from discourse.tables import WHO, prospect_statements

    a = dc.analyze_all(dc.load_corpus())
    st = prospect_statements(a.sentences)
    assert len(st) == int(a.sentences["prospect"].sum())
    assert set(st["who"].astype(str)) <= set(WHO)
    authorial = a.sentences.loc[a.sentences["prospect"] & (a.sentences["voice"] == "authorial"), "text"]
    assert set(st.loc[st["who"] == "writer", "text"]) == set(authorial)
    # every statement can be read back: its text is the raw text at its offsets' sentence
    assert st["text"].str.len().gt(0).all()


def test_prospect_statements_need_the_domain_columns():
    import discourse as dc
    from discourse.errors import InputError
    from discourse.tables import prospect_statements

    corpus = dc.load_corpus()
    plain = dc.analyze_all(corpus, domain=None).sentences
    with pytest.raises(InputError, match="domain"):
        prospect_statements(plain)


_PIPE_TEXTS = [
    "Talks may resume next week, officials said. \"We will never accept it,\" the minister said.",
    "",
    "Iran could perhaps agree. But nobody believes that the sanctions will be lifted soon.",
    "A deal is certainly possible.   \n\nIt must have been hard. The US and Iran held talks in Oman.",
    "Short.",
    "He claimed the envoy had to leave; negotiators are going to meet again, it seems.",
]


@pytest.mark.parametrize("domain", [None, "us_iran_diplomacy"])
def test_measurer_pipe_gives_each_doc_the_rows_it_gets_alone(nlp, domain):
    """Measuring measure by measure over a batch gives every Doc exactly its own rows, whatever
    the batch size, in input order (the rows would mix if a measure leaked state between Docs)."""
    from discourse.tables import measurer

    m = measurer(nlp.vocab, domain=domain)
    docs = list(nlp.pipe(_PIPE_TEXTS))
    alone = [m(d) for d in docs]
    assert sum(len(r["cues"]) for r in alone) > 5 and sum(len(r["sentences"]) for r in alone) > 8
    for size in (1, 2, 4, len(docs)):
        assert list(m.pipe(docs, batch_size=size)) == alone
    assert list(m.pipe(iter(docs[:3]))) == alone[:3]  # any iterable, lazily
    assert list(m.pipe([])) == []


def test_analyze_all_measures_across_documents_as_each_alone(nlp, corpus):
    """analyze_all measures every Doc of the corpus in batches (Measurer.pipe); each document's
    rows are those document_rows gives when it measures that document's Docs alone."""
    from discourse.tables import document_rows, measurer, parse_segments

    a = dc.analyze_all(corpus, nlp=nlp, cache=False)
    meas = measurer(nlp.vocab, domain=corpus.domain)
    seg = parse_segments(corpus, nlp=nlp, cache=False)
    for doc_id, g in seg.groupby("doc_id", sort=False):
        plan = [({"segment_id": r.segment_id, "role": r.role, "start_char": r.start_char}, [(0, None)])
                for r in g.itertuples()]
        rows = document_rows(plan, list(g["doc"]), meas, key={"doc_id": doc_id})
        got = a.sentences[a.sentences["doc_id"] == doc_id]
        assert list(got["text"]) == [r["text"] for r in rows["sentences"]]
        assert list(got["sentiment"]) == [r["sentiment"] for r in rows["sentences"]]
        assert len(a.cues[a.cues["doc_id"] == doc_id]) == len(rows["cues"]) > 0


# ---------------------------------------------------------------- the modal-sense profile option
NEWSWIRE_TEXTS = {
    "w1": "The company could fetch 30 dollars a share in a takeover. Directors should ask why.",
    "w2": "Cash balances should fluctuate around 30 million dollars this week.",
    "w3": "Traders expect the central bank would cut rates in June.",
    "w4": "She could read three languages.",
}


def _wire_corpus(tmp_path):
    rows = [{"doc_id": k, "outlet": "A" if k in ("w1", "w2") else "B", "text": v} for k, v in NEWSWIRE_TEXTS.items()]
    path = tmp_path / "wire.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return dc.load_corpus(path)


def test_modal_profile_reaches_every_table_and_is_recorded(tmp_path):
    corpus = _wire_corpus(tmp_path)
    default = dc.analyze_all(corpus, cache=False)
    wire = dc.analyze_all(corpus, modal_profile="newswire", cache=False)
    modal = {name: a.cues[a.cues["kind"] == "modal"].set_index(["doc_id", "text"])["rule"].to_dict()
             for name, a in (("default", default), ("newswire", wire))}
    assert modal["newswire"][("w1", "could")] == "organisation_could" and modal["default"][("w1", "could")] == "default"
    assert modal["newswire"][("w2", "should")] == "newswire_should"
    assert modal["newswire"][("w3", "would")] == "belief_would"
    assert modal["newswire"][("w4", "could")] == modal["default"][("w4", "could")] == "default"  # ability stays
    # the sentence counts follow the cue rows; the hedge table reads the same sense ("could" hedges there)
    assert wire.sentences["n_modal_epistemic"].sum() == default.sentences["n_modal_epistemic"].sum() + 3
    hedged = wire.cues[(wire.cues["kind"] == "hedge") & (wire.cues["doc_id"] == "w1")]["text"].str.lower()
    assert "could" in set(hedged)
    assert "could" not in set(default.cues[(default.cues["kind"] == "hedge")
                                           & (default.cues["doc_id"] == "w1")]["text"].str.lower())
    assert wire.sentences.attrs["modal_profile"] == "newswire" and default.sentences.attrs["modal_profile"] == "default"
    # many documents per group: the per-outlet summary counts each document's modals once
    counts = {name: dc.summarize(a.sentences, by="outlet").set_index(["outlet", "measure"])["count"]
              for name, a in (("default", default), ("newswire", wire))}
    assert counts["newswire"][("A", "n_modal")] == counts["default"][("A", "n_modal")] == 3
    assert (counts["default"][("A", "n_modal_epistemic")], counts["newswire"][("A", "n_modal_epistemic")]) == (0, 2)


def test_unknown_modal_profile_is_one_clear_error_before_parsing(tmp_path):
    with pytest.raises(dc.InputError, match=r"^Unknown modal profile 'wire': choose one of default, newswire\.$"):
        dc.analyze_all(_wire_corpus(tmp_path), modal_profile="wire", cache=False)
    with pytest.raises(dc.InputError, match="Unknown modal profile"):
        dc.cues("Prices may fall.", modal_profile="wire")


def test_cues_and_component_take_the_modal_profile(nlp):
    text = NEWSWIRE_TEXTS["w2"]
    assert dc.cues(text, modal_profile="newswire").query("kind == 'modal'")["sense"].tolist() == ["epistemic"]
    assert dc.cues(text).query("kind == 'modal'")["sense"].tolist() == ["deontic"]
    nlp2 = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"])
    nlp2.add_pipe("discourse_cues", config={"modal_profile": "newswire"})
    assert [c["sense"] for c in nlp2(text)._.cues if c["kind"] == "modal"] == ["epistemic"]
