"""ENGAGEMENT (Martin & White 2005, ch. 3): hand-written sentences with defensible answers, the
lexicon's integrity, the per-sentence summary, and agreement with the hand labels of
tests/data/engagement_labels.csv (codebook: discourse/lexicons/engagement.md)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import spacy
from spacy.tokens import Doc

from discourse.errors import InputError
from discourse.measures import engagement as E
from discourse.measures._doc import sentences
from discourse.measures.modality import modal_rows
from discourse.nlp import parse
from discourse.validation import read_annotated_tsv, validation_file

LABELS = Path(__file__).parent / "data" / "engagement_labels.csv"
FIXTURES = Path(__file__).parent / "fixtures" / "other_genres"
PRECISION_FLOOR, RECALL_FLOOR = 0.85, 0.70  # blind news sample, measured before any change: P 0.897, R 0.722


@pytest.fixture(scope="module")
def det(nlp):
    return E.EngagementDetector(nlp.vocab)


def cues(det, nlp, text):
    return [(r["text"], r["category"]) for r in det(nlp(text))]


# --------------------------------------------------------------------------- lexicon and API
def test_lexicon_entries_are_cited_and_consistent():
    entries, label = E.load_engagement_lexicon()
    assert label == "engagement.tsv v1"
    assert {e.category for e in entries} == set(E.CATEGORIES)
    for e in entries:
        assert e.source and e.system == E.SYSTEMS[e.category]
        assert e.condition == "-" or e.condition in E.RULES or e.condition == "scare_quote"


def test_engagement_dataframe_columns_and_offsets(nlp):
    text = "But Iran did not accept. Officials said the talks could collapse."
    df = E.engagement(text)
    assert list(df.columns) == list(E.COLUMNS)
    for r in df.itertuples():
        assert text[r.start_char:r.end_char] == r.text
        assert r.system == E.SYSTEMS[r.category]
    assert df.sent_id.tolist() == [0, 0, 1, 1]
    assert df.equals(E.engagement(nlp(text)))  # a Doc is used as is, same rows


def test_monoglossic_text_gives_empty_table_with_columns():
    df = E.engagement("The talks began on Monday.")
    assert df.empty and list(df.columns) == list(E.COLUMNS)


@pytest.mark.parametrize("bad", [42, b"bytes", "", "   "])
def test_bad_input_is_one_clear_error(bad):
    with pytest.raises(InputError):
        E.engagement(bad)


def test_unparsed_doc_is_refused():
    doc = spacy.blank("en")("Iran did not accept.")
    with pytest.raises(InputError, match="TAG"):
        E.engagement_rows(doc)


def test_engagement_rows_caches_one_detector_per_vocab_and_profile(nlp):
    E.engagement_rows(nlp("No."))
    first = E._DETECTORS[(id(nlp.vocab), "default")][1]
    E.engagement_rows(nlp("Not again."))
    assert E._DETECTORS[(id(nlp.vocab), "default")][1] is first
    E.engagement_rows(nlp("No."), modal_profile="newswire")
    assert E._DETECTORS[(id(nlp.vocab), "newswire")][1].modal_profile == "newswire"


def test_newswire_profile_entertains_with_the_modal_table(nlp):
    # one reading per token: the Engagement entertain cue follows the profile's modal sense
    doc = nlp("The company could fetch 30 dollars a share in a takeover.")
    default = E.engagement(doc)
    newswire = E.engagement(doc, modal_profile="newswire")
    assert "could" not in set(default.loc[default["category"] == "entertain", "text"])  # dynamic: no cue
    assert "could" in set(newswire.loc[newswire["category"] == "entertain", "text"])  # epistemic possibility
    with pytest.raises(InputError, match="Unknown modal profile"):
        E.engagement(doc, modal_profile="wire")


# --------------------------------------------------------------------------- categories
@pytest.mark.parametrize(
    "text, cue, category",
    [
        ("Iran did not accept the offer.", "not", "deny"),
        ("Iran didn't accept the offer.", "n't", "deny"),
        ("Iran cannot accept the offer.", "not", "deny"),
        ("Iran will never accept.", "never", "deny"),
        ("There will be no U.S. presence.", "no", "deny"),
        ("Nobody came to the talks.", "Nobody", "deny"),
        ("Nothing was agreed.", "Nothing", "deny"),
        ("But the talks failed.", "But", "counter"),
        ("Iran will attend, but the U.S. will not.", "but", "counter"),
        ("However, the talks failed.", "However", "counter"),
        ("Although Oman mediated, the talks failed.", "Although", "counter"),
        ("Despite the sanctions, Iran refused.", "Despite", "counter"),
        ("Even pragmatists are unable to make a case.", "Even", "counter"),
        ("Even though it was late, they met.", "Even though", "counter"),
        ("While the contents were not made public, the timing was telling.", "While", "counter"),
        ("Iran has a surprisingly good relationship with Oman.", "surprisingly", "counter"),
        ("Of course, the talks failed.", "Of course", "concur"),
        ("Naturally, Iran refused.", "Naturally", "concur"),
        ("Admittedly, the deal was flawed.", "Admittedly", "concur"),
        ("Not surprisingly, the talks failed.", "Not surprisingly", "concur"),
        ("I contend that the deal is dead.", "contend", "pronounce"),
        ("The fact is that the talks failed.", "The fact is", "pronounce"),
        ("Iran really wants a deal.", "really", "pronounce"),
        ("Indeed, the deal failed.", "Indeed", "pronounce"),
        ("Clearly, the deal failed.", "Clearly", "pronounce"),
        ("The study demonstrated that sanctions work.", "demonstrated", "endorse"),
        ("The uprisings showed that the slogan had lost its mandate.", "showed", "endorse"),
        ("Experts proved that the centrifuges were damaged.", "proved", "endorse"),
        ("Iran may accept the offer.", "may", "entertain"),
        ("The talks might collapse.", "might", "entertain"),
        ("Officials said the talks could collapse.", "could", "entertain"),
        ("There must be a reason.", "must", "entertain"),
        ("Perhaps Iran will accept.", "Perhaps", "entertain"),
        ("Iran will probably accept.", "probably", "entertain"),
        ("I think Iran will accept.", "think", "entertain"),
        ("I highly doubt it.", "doubt", "entertain"),
        ("It seems that Iran will accept.", "seems", "entertain"),
        ("Apparently the talks resumed.", "Apparently", "entertain"),
        ("It is highly unlikely that Iran will accept.", "unlikely", "entertain"),
        ("Will the talks resume?", "?", "entertain"),
        ("The results indicate that demand fell.", "indicate", "entertain"),
        ("Officials said the talks failed.", "said", "acknowledge"),
        ("Dunne argued that the moment is now.", "argued", "acknowledge"),
        ("Iranian officials believe that the policy works.", "believe", "acknowledge"),
        ("According to diplomats, Iran wants a deal.", "According to", "acknowledge"),
        ("Most messages are believed to have been aimed at deescalation.", "believed", "acknowledge"),
        ("The talks failed, diplomats said.", "said", "acknowledge"),
        ("Trump's position was that the deal was a disaster.", "position", "acknowledge"),
        ("Iran claims that the strike was legal.", "claims", "distance"),
        ("The deal allegedly collapsed.", "allegedly", "distance"),
        ("The so-called deal collapsed.", "so-called", "distance"),
        ("The “moderates” lost the vote.", "moderates", "distance"),
    ],
)
def test_category_positives(det, nlp, text, cue, category):
    assert (cue, category) in cues(det, nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "Iran enriched uranium in 2019.",
        "The talks began on Monday.",
        "The Swiss government delivered a message to Iran.",
        "On May 20, 2019, the minister went to Tehran.",
        "Switzerland has been the primary go-between.",
    ],
)
def test_monoglossic_sentences_get_no_row(det, nlp, text):
    assert cues(det, nlp, text) == []


# --------------------------------------------------------------------------- ambiguous words, both ways
@pytest.mark.parametrize(
    "text, cue, expected",
    [
        ("But the talks failed.", "But", "counter"),
        ("The deal was all but dead.", "but", None),
        ("He ate nothing but rice.", "but", None),
        ("They wanted not only a deal but also guarantees.", "but", None),
        ("Even pragmatists doubt it.", "Even", "counter"),
        ("Seven is not an even number.", "even", None),
        ("Even if they agree, sanctions stay.", "Even", None),
        ("Iran claimed that the strike was legal.", "claimed", "distance"),
        ("The territorial claim is old.", "claim", None),
        ("The claim that Iran cheated was false.", "claim", "distance"),
        ("Clearly, the deal failed.", "Clearly", "pronounce"),
        ("He spoke clearly.", "clearly", None),
        ("Naturally, Iran refused.", "Naturally", "concur"),
        ("Naturally occurring gas leaked.", "Naturally", None),
        ("Iran may accept.", "may", "entertain"),
        ("You must leave now.", "must", None),
        ("She could swim when she was five.", "could", None),
        ("They thought they could fight to victory.", "could", None),
        ("Could their goodwill prove successful?", "Could", "entertain"),
        ("While the contents were not made public, the timing was telling.", "While", "counter"),
        ("While he was talking, the phone rang.", "While", None),
        ("Stay for a while.", "while", None),
        ("However, the talks failed.", "However", "counter"),
        ("However hard they try, the talks fail.", "However", None),
        ("Yet the deal failed.", "Yet", "counter"),
        ("Iran had yet to decide.", "yet", None),
        ("Iran will decide whether or not to attend.", "not", None),
        ("The State Department refused.", "State", None),
        ("Macron called on Iran to return to compliance.", "called", None),
        ("We are called upon to do everything possible.", "called", None),
        ("We are called upon to do everything possible.", "possible", None),
        ("A possible conflict worries Iraq.", "possible", "entertain"),
        ("Iranian officials call their regime “revolutionary”.", "call", "acknowledge"),
        ("Iranian officials call their regime “revolutionary”.", "revolutionary", None),
        ("The mechanism called INSTEX is on life support.", "called", None),
        ("I believe in God.", "believe", None),
        ("I hope that the talks resume.", "hope", None),
        ("Iranian officials hope that the talks resume.", "hope", "acknowledge"),
        ("Officials hope to resume the talks.", "hope", None),
        ("The data suggest that demand fell.", "suggest", "entertain"),
        ("The minister suggested that Iran would attend.", "suggested", "acknowledge"),
        ("Show me the way.", "Show", None),
        ("Our view is that the deal is dead.", "view", "entertain"),
        ("He promised that they would receive benefits.", "promised", "acknowledge"),
        ("He promised to resign.", "promised", None),
        ("“This is a milestone,” commented Simon Button.", "commented", "acknowledge"),
        ("The duo calculates that emissions will fall.", "calculates", "acknowledge"),
        ("Every spring I find that it is too late.", "find", "entertain"),
        ("We show that the effect is robust.", "show", "pronounce"),
        ("Please note that the office is closed.", "note", None),
        ("Please <a href=\"/contact\">contact us</a>.", "/contact", None),
    ],
)
def test_ambiguous_cues_both_ways(det, nlp, text, cue, expected):
    found = dict(cues(det, nlp, text))
    assert found.get(cue) == expected


def test_negation_is_deny_never_booster(det, nlp):
    rows = det(nlp("There is no way Iran will accept."))
    assert [(r["text"], r["category"], r["system"]) for r in rows] == [("no", "deny", "disclaim")]


def test_longest_cue_wins(det, nlp):
    assert cues(det, nlp, "No doubt Iran cheated.") == [("No doubt", "pronounce")]
    assert cues(det, nlp, "There is no doubt that Iran cheated.") == [("There is no doubt", "pronounce")]
    assert cues(det, nlp, "Iran will no longer abide by the caps.") == [("no longer", "deny")]


def test_scare_quote_attributed_in_its_sentence_is_not_distance(det, nlp):
    text = "Since then, “several” messages have been exchanged, the spokesman told reporters."
    assert cues(det, nlp, text) == [("told", "acknowledge")]


def test_direct_speech_is_not_a_scare_quote(det, nlp):
    rows = det(nlp("“We are not anywhere near a breakthrough,” said Seth Jones."))
    assert [(r["text"], r["category"]) for r in rows] == [("not", "deny"), ("said", "acknowledge")]


# --------------------------------------------------------------------------- speakers
@pytest.mark.parametrize(
    "text, cue, speaker",
    [
        ("Trump on Wednesday said he was willing to talk.", "said", "Trump"),
        ("The talks failed, diplomats said.", "said", "diplomats"),
        ("Iran insists it needs goodwill, according to diplomats who deal with Tehran.", "insists", "Iran"),
        ("Iran claims that the strike was legal.", "claims", "Iran"),
        ("It is said by officials that the talks failed.", "said", "officials"),
        ("Most messages are believed to have been aimed at deescalation.", "believed", None),
        ("Trump's position was that the deal was a disaster.", "position", "Trump"),
        ("Iran's claim that the strike was legal was rejected.", "claim", "Iran"),
        ("Alawi came away saying there was no room for mediation.", "saying", "Alawi"),
        ("Iran sees a contradiction in the United States' saying it wants to talk.", "saying", "the United States"),
        ("Iran wants goodwill, according to diplomats who deal with Tehran.", "according to", "diplomats"),
    ],
)
def test_speaker_of_attribute_cues(det, nlp, text, cue, speaker):
    row = next(r for r in det(nlp(text)) if r["text"] == cue)
    assert row["system"] == "attribute" and row["speaker"] == speaker


def test_according_to_speaker_is_its_object():
    df = E.engagement("According to diplomats in Tehran, Iran wants a deal.")
    row = df[df.text == "According to"].iloc[0]
    assert row.speaker == "diplomats in Tehran"  # the whole noun phrase, as in attribution.py


# --------------------------------------------------------------------------- sentence summary
def test_sentence_engagement_mono_and_heteroglossic(nlp):
    doc = nlp("Iran enriched uranium in 2019. But Iran did not accept the offer, officials said.")
    out = E.sentence_engagement(E.engagement_rows(doc), len(sentences(doc)))
    assert [s["engagement"] for s in out] == ["monoglossic", "heteroglossic"]
    assert out[1]["n_eng_counter"] == 1 and out[1]["n_eng_deny"] == 1 and out[1]["n_eng_acknowledge"] == 1
    assert set(out[0]) == {"sent_id", "engagement", "commitment", *(f"n_eng_{c}" for c in E.CATEGORIES)}
    assert E.doc_sentence_engagement(doc) == out


def test_sentence_engagement_refuses_rows_of_another_doc():
    with pytest.raises(InputError, match="sent_id"):
        E.sentence_engagement([{"sent_id": 3, "category": "deny"}], 2)


# --------------------------------------------------------------------------- agreement with hand labels
def _predicted_by_sentence(docs: dict[tuple[str, int], Doc]) -> dict:
    out = {}
    for (source_id, segment_id), doc in docs.items():
        rows = E.engagement_rows(doc)
        for si, s in enumerate(sentences(doc)):
            out[(source_id, segment_id, si)] = (s.text, [
                {**r, "start_char": r["start_char"] - s.start_char, "end_char": r["end_char"] - s.start_char}
                for r in rows if r["sent_id"] == si])
    return out


@pytest.fixture(scope="module")
def labels():
    return pd.read_csv(LABELS, keep_default_na=False)


@pytest.fixture(scope="module")
def study_scores(nlp, corpus, labels):
    docs = {(r.source_id, int(r.segment_id)): nlp(r.text) for r in corpus.body().itertuples()}
    return E.score_engagement_labels(labels[labels.split == "study"], _predicted_by_sentence(docs))


def test_labels_cover_every_body_sentence(nlp, corpus, labels, study_scores):
    study = labels[labels.split == "study"]
    n_body = sum(len(sentences(nlp(t))) for t in corpus.body().text)
    assert study_scores["sentences"]["n"] == n_body == study[["source_id", "segment_id", "sent_index"]].drop_duplicates().shape[0]


def test_study_agreement_floors(study_scores):
    """In-sample floors (the rules were written knowing these sentences; see engagement.md):
    measured P = 0.991, R = 1.000 over 114 gold cues; heteroglossic/monoglossic accuracy 1.0."""
    o = study_scores["overall"]
    assert o["n_gold"] == 114
    assert o["precision"] >= 0.97 and o["recall"] >= 0.97
    per = study_scores["per_category"].set_index("category")
    for cat in ("deny", "counter", "acknowledge", "entertain"):  # the categories with n >= 10
        assert per.loc[cat, "precision"] >= 0.85 and per.loc[cat, "recall"] >= 0.9, cat
    assert study_scores["sentences"]["accuracy"] >= 0.97


def test_study_documented_disagreement(study_scores):
    """The one known disagreement was backshifted capacity 'could' ("confident that ... sorties could
    take out ...") read as possibility; the modal rule instrument_subject now reads it as root
    (dynamic) possibility, so no entertain row and no error is left."""
    err = study_scores["errors"]
    assert err[["error", "category", "cue"]].values.tolist() == []


def test_heldout_agreement_floors(nlp, labels):
    """Two other-genre fixtures labelled before the detector was run on them. Before any change:
    P = 0.857, R = 0.800 (15 gold cues); three rules were then added after reading the errors, so the
    present score (P = R = 1.0) is no longer held-out. The floors keep the pre-change numbers."""
    held = labels[labels.split == "heldout"]
    docs = {}
    for name in ("forum_post", "science_abstract"):
        lines = [ln for ln in (FIXTURES / f"{name}.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]
        docs.update({(f"fixture:{name}", i): nlp(ln) for i, ln in enumerate(lines)})
    res = E.score_engagement_labels(held, _predicted_by_sentence(docs))
    assert res["overall"]["n_gold"] == 15
    assert res["overall"]["precision"] >= 0.85 and res["overall"]["recall"] >= 0.8


# --------------------------------------------------------------------------- validation: epistemic modals
def _entertain_modal_agreement(nlp, name: str) -> pd.DataFrame:
    """For may/might/could/must in an annotated modal-sense file: whether the detector gives the
    modal an entertain row, whether the modal table (modality.modal_rows) calls it epistemic, and the gold sense."""
    path = validation_file(name)
    if not path.is_file():
        pytest.skip(f"{name} not found; set DISCOURSE_VALIDATION_DIR")
    df = read_annotated_tsv(path)
    df = df[df["modal"].str.lower().isin(["may", "might", "could", "must"]) & (df["char_start"] != "")]
    det = E.EngagementDetector(nlp.vocab)
    out = []
    for doc, (_, r) in zip(parse(df["sentence"].tolist(), nlp=nlp), df.iterrows()):
        span = doc.char_span(int(r["char_start"]), int(r["char_end"]), alignment_mode="expand")
        if span is None:
            continue
        tok = doc[span.start]
        entertain = any(x["category"] == "entertain" and x["token_start"] == span.start for x in det(doc))
        alone = tok.tag_ == "MD" and any(m["token_start"] == span.start and m["sense"] == "epistemic"
                                         for m in modal_rows(doc))
        out.append({"modal": r["modal"].lower(), "gold": r["sense"] == "epistemic", "entertain": entertain, "alone": alone})
    return pd.DataFrame(out)


def _f1(pred: pd.Series, gold: pd.Series) -> float:
    tp = int((pred & gold).sum())
    return 2 * tp / (int(pred.sum()) + int(gold.sum())) if tp else 0.0


@pytest.mark.validation
def test_entertain_modals_against_masc(nlp):
    """Entertain = epistemic modal (MASC, Zhou et al. 2015; 819 may/might/could/must), read from the
    package's ONE modal-sense decision per token (modality.modal_rows), so Engagement and the modal
    table never disagree on a token. Before that decision was shared, Engagement had its own rule for
    *could* (any non-pronoun subject: F1 0.59 against MASC); the shared decision now gives *could*
    F1 0.516 and overall accuracy 0.77: consistency across the tables was preferred to that local gain."""
    o = _entertain_modal_agreement(nlp, "masc_modal_senses.tsv")
    assert len(o) > 800
    assert (o.entertain == o.alone).all()  # one decision per token
    assert (o.entertain == o.gold).mean() >= 0.76
    could = o[o.modal == "could"]
    assert _f1(could.entertain, could.gold) >= 0.50


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.stem)
def test_rows_index_the_text_on_other_genres(nlp, path):
    """Messy input (markup, transcripts, poems): every row's offsets index the Doc's text, its
    sentence id is in range and its system is the category's."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        doc = nlp(line)
        n = len(sentences(doc))
        for r in E.engagement_rows(doc):
            assert doc.text[r["start_char"]:r["end_char"]] == r["text"]
            assert 0 <= r["sent_id"] < n and r["system"] == E.SYSTEMS[r["category"]]
            assert 0 <= r["token_start"] < r["token_end"] <= len(doc)


# --------------------------------------------------------------------------- validation: blind news sample
def _validation_news_scores(nlp) -> dict:
    """Cue-level agreement on 40 news sentences of shared/validation labelled blind (before the
    detector was run on them): tests/data/engagement_labels_validation.csv holds ids and cues only;
    the sentences are read from the shared files. Each text counts as one unit."""
    labels = pd.read_csv(Path(__file__).parent / "data" / "engagement_labels_validation.csv", keep_default_na=False)
    texts = {}
    for name in labels["file"].unique():
        path = validation_file(name)
        if not path.is_file():
            pytest.skip(f"{name} not found; set DISCOURSE_VALIDATION_DIR")
        df = read_annotated_tsv(path)
        texts.update(dict(zip(df["id"], df["sentence"])))
    labels = labels.assign(source_id=labels["file"], segment_id=0, sent_index=labels["id"].map(list(texts).index),
                           sentence=labels["id"].map(texts))
    predicted = {}
    for r in labels.drop_duplicates("id").itertuples():
        doc = nlp(r.sentence)
        predicted[(r.source_id, 0, r.sent_index)] = (r.sentence, E.engagement_rows(doc))
    return E.score_engagement_labels(labels, predicted)


@pytest.mark.validation
def test_blind_news_sample_agreement(nlp):
    """Held-out (labelled before the detector saw them): measured P 0.897, R 0.722 on 36 cues before any
    change (deny 7/7, counter 3/3, entertain P .83 R .63 n=8, acknowledge P .92 R .61 n=18); the
    floors keep those numbers, later lexicon additions make the present score in-sample."""
    res = _validation_news_scores(nlp)
    o = res["overall"]
    assert res["sentences"]["n"] == 40 and o["n_gold"] == 36
    assert o["precision"] >= PRECISION_FLOOR and o["recall"] >= RECALL_FLOOR


@pytest.mark.parametrize("text,expected", [
    ("Talks may not resume this year.", "entertain"),  # a hedged denial stays open
    ("The strike cannot succeed.", "deny"),
    ("Of course the union will sign.", "proclaim"),
    ("The union signed the contract on Monday.", "bare"),
    ("But the union signed the contract on Monday.", "bare"),  # counter alone does not change commitment
])
def test_sentence_commitment(nlp, text, expected):
    doc = nlp(text)
    out = E.sentence_engagement(E.engagement_rows(doc), len(sentences(doc)))
    assert [r["commitment"] for r in out] == [expected]


@pytest.mark.parametrize("text", ["Normalization, not possible.", "A settlement is not possible.",
                                  "The merger cannot be done."])
def test_negated_possibility_is_deny_not_entertain(nlp, text):
    doc = nlp(text)
    rows = E.engagement_rows(doc)
    assert [r["category"] for r in rows] == ["deny"]
    assert E.sentence_engagement(rows, len(sentences(doc)))[0]["commitment"] == "deny"
