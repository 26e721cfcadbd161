"""Prospect statements and their stance, on real sentences from both study articles, and agreement
with the hand labels (data/annotation/annotator1.csv). Cue rows and sentiment are hand-made here, so
these tests do not depend on the hedging/modality/sentiment modules."""

from __future__ import annotations

import pandas as pd
import pytest

from discourse import paths
from discourse.measures.framing import FrameDetector, frames_by_sentence
from discourse.measures.prospects import is_prospect, prospect_reason, prospect_rows, prospect_stance

LABELS = paths.ANNOTATOR1_CSV

#: Hand-labelled prospect decisions the rules get wrong (key: source, segment, sentence).
PROSPECT_XFAIL = {
    ("news_analysis", 21, 0): "'reject ... a new nuclear deal': a position statement, but reject+deal fires",
    ("news_analysis", 31, 2): "Saudi/Yemen analogy: 'rather than negotiate' fires on a non-US-Iran clause",
    ("news_analysis", 31, 3): "Washington/Riyadh analogy: 'a chance to negotiate' fires (no topic check)",
    ("news_analysis", 32, 0): "'that moment is now': the prospect is in the previous paragraph (other Doc)",
    ("opinion", 7, 1): "'was able to make a deal' (2015): historical, the rules have no tense/time check",
    ("opinion", 15, 0): "'a key issue in possible negotiations': obstacle noun not in the marker list",
    ("opinion", 17, 2): "'want to believe that Europe will...': wishful-thinking framing, no marker",
}


def frames_of(fd, doc, i=0):
    return frames_by_sentence(fd(doc)).get(i, set())


@pytest.fixture(scope="module")
def fd(nlp):
    return FrameDetector(nlp.vocab)


@pytest.mark.parametrize("text,expected", [
    ("But a diplomatic exit for the perilous escalation of hostilities between the two adversaries remains "
     "distant, officials and analysts here and abroad say.", True),
    ("Back-channel diplomacy and secret negotiations are not going to provide any help to any side of this "
     "conflict.", True),
    ("“It’s late for diplomacy,” she said, “but not too late.”", True),
    ("Any negotiations that are going to lead to a new nuclear agreement will fail because the Trump "
     "administration wants Iran’s nuclear capacity to be dismantled and not controlled.", True),
    ("This cannot be done by just adding some amendments to the JCPOA.", True),                  # negated possibility
    ("Iran does not want to talk about its terrorist activities, its intervention policies in the region and "
     "its ballistic missile program.", True),                                                     # negated volition
    ("The United States and Iran have quietly exchanged a handful of official messages in recent weeks "
     "through third parties.", False),                                                            # event, no verdict
    ("“We are called upon to do everything possible to rekindle talks,” European Commission President Ursula "
     "von der Leyen said ahead of the session.", False),                                          # "everything possible"
    ("Iran will be the only topic on the agenda Friday when the 28 members of the European bloc convene for an "
     "emergency meeting.", False),
])
def test_is_prospect(nlp, fd, text, expected):
    doc = nlp(text)
    sent = next(doc.sents)
    assert is_prospect(sent, frames_of(fd, doc)) is expected


def test_verdict_on_previous_sentence(nlp, fd):
    doc = nlp("Could their goodwill prove successful in easing tensions first and then bringing both sides to a "
              "new round of negotiations? I highly doubt it.")
    sents = list(doc.sents)
    fr = frames_by_sentence(fd(doc))
    assert is_prospect(sents[0], fr.get(0, set()))
    assert not is_prospect(sents[1], fr.get(1, set()))                 # alone: no antecedent
    assert prospect_reason(sents[1], fr.get(1, set()), previous=(sents[0], fr.get(0, set()))) == \
        "verdict_on_previous"


def _cue(doc, word, **kw):
    i = doc.text.index(word)
    row = {"kind": "hedge", "category": None, "sense": None, "strength": None, "negated": False,
           "lemma": word.lower(), "start_char": i, "end_char": i + len(word)}
    row.update(kw)
    return row


@pytest.mark.parametrize("text,cues,sentiment,stance", [
    # negated optimism: the breakthrough is under "not anywhere near"
    ("“Given the level of tension, mistrust, the level of anger in Iran, we are not anywhere near a "
     "breakthrough,” said Seth Jones.", [], -0.3, "pessimistic"),
    # optimism after concession
    ("“It’s late for diplomacy,” she said, “but not too late.”", [], 0.0, "optimistic"),
    # conditional / hedged optimism
    ("The next opportunity for the two leaders to meet face to face may be the Davos, Switzerland, economic "
     "forum Jan. 21-22.", [("may", dict(kind="modal", category="possibility", sense="epistemic",
                                         strength="low"))], 0.0, "optimistic"),
    # willingness undercut after "but", hedged by "probably": still pessimistic
    ("Trump on Wednesday said he was willing to talk to Tehran — but at the same time announced plans for "
     "additional economic sanctions, a move that probably prevents Iranian leaders from sitting down with U.S. "
     "officials.", [("probably", dict(kind="hedge", category="epistemic_adverb"))], 0.0, "pessimistic"),
    # booster of negative certainty
    ("It is highly unlikely that Iran will accept this, even under the tough crippling sanctions that it is "
     "facing.", [("highly", dict(kind="booster"))], -0.5, "pessimistic"),
    ("Iranian officials are aware of this US strategy and are not optimistic about the outcome of diplomatic "
     "trips to their country.", [], 0.0, "pessimistic"),
    # a question raises the prospect without assessing it
    ("Could their goodwill prove successful in easing tensions first and then bringing both sides to a new "
     "round of negotiations?", [("Could", dict(kind="modal", category="possibility", sense="epistemic",
                                                strength="low"))], 0.6, "neutral"),
    ("Despite this, some Iranian officials still hope that the European troika (France, UK, and Germany) will "
     "be able to provide Iran with the fruits of the JCPOA.", [], 0.0, "optimistic"),
])
def test_prospect_stance(nlp, text, cues, sentiment, stance):
    doc = nlp(text)
    rows = [_cue(doc, w, **kw) for w, kw in cues]
    out = prospect_stance(next(doc.sents), cues=rows, sentiment=sentiment)
    assert out["stance"] == stance, out
    assert -1 < out["score"] < 1 and out["rule"]


def test_mixed_when_balanced(nlp):
    doc = nlp("The talks were a breakthrough for some and a failure for others.")
    assert prospect_stance(next(doc.sents), cues=[], sentiment=0.0)["stance"] == "mixed"


def test_cues_outside_sentence_ignored(nlp):
    doc = nlp("Talks will fail. Officials are hopeful.")
    s0 = next(doc.sents)
    far = {"kind": "booster", "start_char": 20, "end_char": 25, "negated": False}
    assert prospect_stance(s0, cues=[far])["rule"] == prospect_stance(s0, cues=[])["rule"]


def test_quoted_vs_authorial_pessimism(nlp, fd):
    """Stance is the sentence's; voice (attribution) tells whose it is."""
    from discourse.measures.attribution import AttributionDetector

    det = AttributionDetector(nlp.vocab)
    q = nlp("“The regime is not interested in diplomacy, and they’re paying the price for it,” an official said.")
    a = nlp("The attacks are not a good sign for any mediation.")
    for doc, voice in ((q, "quoted"), (a, "authorial")):
        rows = prospect_rows(doc, fd(doc))
        assert rows[0]["prospect"] and rows[0]["stance"] == "pessimistic", rows
        assert det(doc)[0]["voice"] == voice


# ---------------------------------------------------------------------------------- hand labels
@pytest.fixture(scope="module")
def predicted(nlp, corpus, fd):
    from discourse.nlp import parse

    body = corpus.body()
    docs = parse(list(body.text), nlp=nlp)
    out = {}
    for (sid, seg), doc in zip(zip(body.source_id, body.segment_id), docs):
        for r in prospect_rows(doc, fd(doc)):
            out[(sid, int(seg), r["sent_index"])] = r
    return out


def _label_rows():
    lab = pd.read_csv(LABELS, keep_default_na=False, dtype=str)
    return [r for r in lab.itertuples()]


def _cases():
    out = []
    for r in _label_rows():
        key = (r.source_id, int(r.segment_id), int(r.sent_index))
        marks = [pytest.mark.xfail(reason=PROSPECT_XFAIL[key], strict=True)] if key in PROSPECT_XFAIL else []
        out.append(pytest.param(key, r.prospect == "true", id=f"{key[0]}-{key[1]}.{key[2]}", marks=marks))
    return out


@pytest.mark.parametrize("key,gold", _cases())
def test_prospect_agrees_with_hand_label(predicted, key, gold):
    assert predicted[key]["prospect"] is gold, predicted[key]


def test_prospect_agreement_and_stance_rates(predicted):
    rows = _label_rows()
    agree = sum(predicted[(r.source_id, int(r.segment_id), int(r.sent_index))]["prospect"] == (r.prospect == "true")
                for r in rows)
    assert agree / len(rows) >= 0.93  # reached 105/112 = 0.9375
    both = [(r, predicted[(r.source_id, int(r.segment_id), int(r.sent_index))]) for r in rows
            if r.prospect == "true"]
    both = [(r, p) for r, p in both if p["prospect"]]
    st = sum(p["stance"] == r.prospect_stance for r, p in both) / len(both)
    # without sentiment and cues (lexical rules only); reached 0.917 (33/36) here, 35/36 with VADER + cues
    assert st >= 0.9, st


# ------------------------------------------------------------- negated destination (issue 13 item 2)
@pytest.mark.parametrize("text,prospect,stance,fires", [
    # diplomacy named as the destination only to be ruled out: pessimistic even with "hope"
    ("The envoys hope to steer both capitals away from open conflict, not toward the negotiating table.",
     True, "pessimistic", True),
    # no marker at all: the negated destination alone makes it a prospect
    ("The pressure campaign pushed Iran toward confrontation, not toward negotiations.", True, "pessimistic", True),
    # negatives: the negated destination is not diplomacy
    ("Mediators hope to move the rivals back toward talks, not into a new war.", True, "optimistic", False),
    ("The convoy went to the port, not to the airport.", False, None, False),
    # diplomacy as the affirmed destination, the negation elsewhere
    ("The sanctions drove Tehran to the negotiating table, not away from it.", False, None, False),
])
def test_negated_destination(nlp, fd, text, prospect, stance, fires):
    doc = nlp(text)
    r = prospect_rows(doc, fd(doc))[0]
    assert r["prospect"] is prospect, r
    assert r["stance"] == stance, r
    assert ("negated_destination" in (r["rule"] or "") or r["why"] == "frame+negated_destination") is fires, r


def test_negated_destination_needs_frame_rows(nlp):
    doc = nlp("The envoys hope to steer both capitals away from open conflict, not toward the negotiating table.")
    assert "negated_destination" not in prospect_stance(doc[:], frames_in_sent=None)["rule"]


# ------------------------------------- headline forms: negative why-question, "X, not possible" (item 2)
@pytest.mark.parametrize("text,prospect,stance,rule_part", [
    ("Why can't the two governments simply negotiate?", True, "pessimistic", "why_not_question"),
    ("Why Won’t Diplomacy With North Korea Work?", True, "pessimistic", "why_not_question"),
    ("Direct talks with Tehran, not possible this year.", True, "pessimistic", "negated:possible"),
    # negatives: a positive why-question raises the prospect without assessing it
    ("Why did the talks in Vienna succeed?", True, "neutral", "question"),
    # a negative why-question with no diplomacy frame is no prospect
    ("Why won't the tanker leave the port?", False, None, None),
    # a bare "possible" modifying a diplomacy noun is still hypothetical, not a verdict
    ("Possible negotiations were discussed in Oman.", False, None, None),
])
def test_headline_forms(nlp, fd, text, prospect, stance, rule_part):
    doc = nlp(text)
    r = prospect_rows(doc, fd(doc))[0]
    assert r["prospect"] is prospect, r
    assert r["stance"] == stance, r
    if rule_part:
        assert rule_part in r["rule"], r


# ------------------------- contrastive negation "X, not Y" and verbless verdicts (issue 13 items 3, 4)
@pytest.mark.parametrize("text,prospect,stance,why", [
    # the rejected alternative Y is a diplomatic role or activity: diplomacy is named to be ruled out
    ("Oman is a messenger, not a mediator.", True, "pessimistic", "frame+negated_alternative"),
    ("The envoys came as couriers and not as negotiators.", True, "pessimistic", "frame+negated_alternative"),
    ("Not negotiators but couriers", True, "pessimistic", "frame+negated_alternative"),
    ("A pause, not a deal", True, "pessimistic", "frame+negated_alternative"),
    ("Iran wants sanctions relief, not negotiations.", True, "pessimistic", "frame+negated_alternative"),
    # mirror form: diplomacy is the affirmed alternative, a prescription or a role, no assessment
    ("Talks, not threats", False, None, None),
    ("Brokers, not observers", False, None, None),
    # additive "not only ... but also", a negated verb, a topic corrected, a non-diplomatic contrast
    ("Not only talks but also sanctions", False, None, None),
    ("Iran will talk, not negotiate.", False, None, None),
    ("The meeting was about trade, not the nuclear deal.", False, None, None),
    ("The convoy carried grain, not weapons.", False, None, None),
    # verbless verdicts on a concession (frames.tsv: concession, behavior change) vs on other nouns
    ("Behavior change, impossible", True, "pessimistic", "frame+marker"),
    ("A concession from Tehran, not possible before the election", True, "pessimistic", "frame+marker"),
    ("Regime change, not possible", False, None, None),
    ("Policy change, not likely", False, None, None),
])
def test_negated_alternative_and_verbless_verdicts(nlp, fd, text, prospect, stance, why):
    doc = nlp(text)
    r = prospect_rows(doc, fd(doc))[0]
    assert r["prospect"] is prospect, r
    assert r["stance"] == stance, r
    assert r["why"] == why, r


def test_negated_alternative_needs_frame_rows(nlp):
    doc = nlp("Oman is a messenger, not a mediator.")
    assert "negated_alternative" not in prospect_stance(doc[:], frames_in_sent=None)["rule"]


def test_headings_of_the_opinion_piece_are_pessimistic_prospects(nlp, fd, corpus):
    """The verdict headings the rules used to miss, from the corpus (not typed in)."""
    seg = corpus.segments
    heads = seg[(seg["role"] == "heading")]
    texts = [t for t in heads["text"] if t in ("Messengers and not mediators", "Change of behavior, not possible")]
    assert len(texts) == 2
    for t in texts:
        doc = nlp(t)
        r = prospect_rows(doc, fd(doc))[0]
        assert r["prospect"] and r["stance"] == "pessimistic", (t, r)


# ------------------------------------------------------------------ evaluated prospect noun phrases (issue 13)
DIPLOMACY = {"diplomacy_negotiation"}  # the context a heading inherits from a document about diplomacy


@pytest.mark.parametrize("text,why,stance", [
    ("False hope", "context+evaluated_prospect", "pessimistic"),            # the opinion piece's heading
    ("Vain hopes", "context+evaluated_prospect", "pessimistic"),            # "hopes" tagged a verb: surface rule
    ("No way out", "context+evaluated_prospect", "pessimistic"),            # multiword prospect noun
    ("Fresh hope", "context+evaluated_prospect", "optimistic"),
    ("Slim chances of a deal", "frame+marker", "pessimistic"),              # "chance" (+1) replaced by "slim"
    ("Dim prospects for talks", "frame+evaluated_prospect", "pessimistic"),
    ("Fading hopes for talks with Tehran", "frame+marker", "pessimistic"),
    ("There is little hope that the talks will resume.", "frame+marker", "pessimistic"),
    ("A real opportunity for negotiations", "frame+marker", "optimistic"),
    ("A new window for diplomacy", "frame+evaluated_prospect", "optimistic"),
    ("The best path to negotiations", "frame+evaluated_prospect", "optimistic"),
    ("Not a real chance for talks", "frame+marker", "pessimistic"),         # negated positive modifier
])
def test_evaluated_prospect_phrase(nlp, fd, text, why, stance):
    doc = nlp(text)
    row = prospect_rows(doc, fd(doc), context=DIPLOMACY)[0]
    assert (row["why"], row["stance"]) == (why, stance)
    assert "evaluated:" in row["rule"]


@pytest.mark.parametrize("text", [
    "False hope of a cure",                                  # a complement names another topic: no frame
    "The doctors gave the family false hope of a cure.",     # a clause needs a frame of its own
    "A false start",                                         # "start" names no prospect
    "Real estate prices",
    "A comprehensive or partial deal",                       # "deal": its modifiers describe the agreement
    "Ideology or pragmatism",
    "Hope",                                                  # no evaluative modifier
])
def test_evaluated_prospect_phrase_negatives(nlp, fd, text):
    doc = nlp(text)
    assert not prospect_rows(doc, fd(doc), context=DIPLOMACY)[0]["prospect"]


def test_a_bare_heading_needs_a_context_about_diplomacy(nlp, fd):
    doc = nlp("False hope")
    sent = next(doc.sents)
    assert not is_prospect(sent, frames_of(fd, doc))                               # no frame, no context
    assert not is_prospect(sent, frames_of(fd, doc), context={"pressure_sanctions"})  # context not a target
    assert is_prospect(sent, frames_of(fd, doc), context=DIPLOMACY)


def test_the_study_heading_false_hope_is_a_pessimistic_prospect(corpus):
    import discourse as dc

    heads = dc.analyze_all(corpus, roles=("heading",)).sentences.set_index("text")
    assert heads.loc["False hope", "prospect"] and heads.loc["False hope", "prospect_stance"] == "pessimistic"
    assert not heads.loc["A comprehensive or partial deal", "prospect"]
