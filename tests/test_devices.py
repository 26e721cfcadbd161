"""Framing devices (discourse.measures.devices) on hand-written sentences, mostly about other topics
than the study's (labour disputes, climate talks, sport, business), so that the generic lexicon is
tested on texts it was not written from."""

from __future__ import annotations

import pytest

from discourse.components import cue_finder
from discourse.errors import InputError
from discourse.measures.devices import CATEGORIES, DEVICE_COLUMNS, DeviceDetector, device_counts, load_device_lexicon


@pytest.fixture(scope="module")
def detect(nlp):
    det = DeviceDetector(nlp.vocab)
    finder = cue_finder(nlp.vocab)

    def run(text: str) -> list[dict]:
        doc = nlp(text)
        return det(doc, cues=finder(doc))

    return run


def found(rows, device):
    return [(r["category"], r["text"].lower()) for r in rows if r["device"] == device]


# (sentence, device, expected (category, text) pairs) - each answer defensible from the cited works
CASES = [
    # agency: dynamic ability (Palmer 2001); negated = unable; one reading per token
    ("The union cannot strike while the contract holds.", "agency", [("unable", "can")]),
    ("The city council is unable to pass a budget.", "agency", [("unable", "unable")]),
    ("The regulator's hands are tied.", "agency", [("unable", "hands are tied")]),
    ("She was able to finish the marathon.", "agency", [("able", "was able to")]),
    ("The club can sign two new players this summer.", "agency", [("able", "can")]),
    ("You must leave the building now.", "agency", []),  # deontic, not ability
    ("This cannot be done by adding a clause.", "agency", []),  # passive: no participant framed as unable
    ("Prices may rise next year.", "agency", []),  # epistemic, not ability
    # volition (Palmer 2001): negated or refusing = not_want; subject recorded
    ("The workers want to return to the table.", "volition", [("want", "want")]),
    ("Management does not want to raise wages.", "volition", [("not_want", "want")]),
    ("The owners refuse to negotiate.", "volition", [("not_want", "refuse")]),
    ("Shareholders are reluctant to sell.", "volition", [("not_want", "reluctant")]),
    ("I want a coffee.", "volition", []),  # no verbal complement: a want of a thing, not a will to act
    # conditionality (Quirk et al. 1985)
    ("If the rain stops, the match will go ahead.", "conditionality", [("if", "if")]),
    ("The plant will reopen only if the safety review is passed.", "conditionality", [("only_if", "only if")]),
    ("The strike goes on unless the offer improves.", "conditionality", [("unless", "unless")]),
    ("Even if the bill passes, little will change.", "conditionality", [("even_if", "even if")]),
    ("There will be no deal until the tariffs are lifted.", "conditionality", [("until", "until")]),  # no ... until = only if
    ("The union will not sign until the tariffs are lifted.", "conditionality", [("until", "until")]),
    ("We waited until the rain stopped.", "conditionality", []),  # temporal until
    ("The shop is open until Friday.", "conditionality", []),  # until + noun: a time limit
    ("We will talk as long as the ceasefire holds.", "conditionality", [("provided", "as long as")]),
    # questions (Quirk et al. 1985 §11.23)
    ("Why would anyone buy that car?", "question", [("rhetorical", "why would anyone buy that car?")]),
    ("Isn't it obvious that the plan failed?", "question", [("rhetorical", "isn't it obvious that the plan failed?")]),
    ("When does the train leave?", "question", [("open", "when does the train leave?")]),
    ("The train leaves at noon.", "question", []),
    # metaphor source domains, abstract targets only (MIPVU; Charteris-Black 2004)
    ("The merger is dead.", "metaphor", [("death_illness", "dead")]),
    ("The old dog is dead.", "metaphor", []),  # literal death of an animate
    ("The accident killed two workers.", "metaphor", []),
    ("The new tax killed the recovery.", "metaphor", [("death_illness", "killed")]),
    ("The negotiations reached a dead end.", "metaphor", [("journey_path", "dead end")]),
    ("There is no way forward on the climate treaty.", "metaphor", [("journey_path", "way forward")]),
    ("The budget talks are in deadlock.", "metaphor", [("mechanics_pressure", "deadlock")]),
    ("Relations between the two firms began to thaw.", "metaphor", [("temperature", "thaw")]),
    ("The committee revived the proposal.", "metaphor", [("death_illness", "revived")]),
    ("Doctors revived the patient.", "metaphor", []),
    ("The two parties are locked in a war of words.", "metaphor", [("conflict", "war of words")]),
    # time depth (Chilton 2004; Dunmire 2005)
    ("The two clubs have always disliked each other.", "time_depth", [("long", "always")]),
    ("Tension grows by the day.", "time_depth", [("long", "by the day")]),
    ("The vote is next week.", "time_depth", [("near", "next")]),
    ("The meeting took place in a small room.", "time_depth", []),
    # tense of the main clause (Dunmire 2005)
    ("The talks will resume on Monday.", "tense", [("future", "will")]),
    ("The company is going to close the plant.", "tense", [("future", "going")]),
    ("The company closed the plant.", "tense", [("past", "closed")]),
    ("The company makes cars.", "tense", []),
]


@pytest.mark.parametrize("text,device,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_device_on_hand_written_sentences(detect, text, device, expected):
    assert found(detect(text), device) == expected


def test_subject_is_recorded_for_agency_and_volition(detect):
    rows = detect("The mediators could not bridge the gap, and the union refuses to listen.")
    by = {(r["device"], r["category"]): r["subject"] for r in rows}
    assert by[("agency", "unable")] == "The mediators"
    assert by[("volition", "not_want")] == "the union"


def test_rows_have_the_documented_columns_and_offsets(detect, nlp):
    text = "If the strike goes on, the season is dead."
    rows = detect(text)
    assert rows and all(list(r) == DEVICE_COLUMNS for r in rows)
    for r in rows:
        assert text[r["start_char"]:r["end_char"]] == r["text"]
        assert r["category"] in CATEGORIES[r["device"]]


def test_monoglossic_plain_sentence_has_no_device(detect):
    assert detect("The factory makes 200 cars a day in Ohio.") == []


def test_counts_per_sentence(detect):
    counts = device_counts(detect("If wages rise, the strike is dead."))
    assert counts == {"n_device_conditionality_if": 1, "n_device_metaphor_death_illness": 1}


def test_lexicon_rows_cite_a_source_and_bad_rows_are_refused(tmp_path):
    entries, label = load_device_lexicon()
    assert label == "devices.tsv v1"
    assert all(e.source.strip() for e in entries)
    bad = tmp_path / "bad.tsv"
    bad.write_text("# version: 1\nentry\tdevice\tcategory\tmatch\tcondition\tsource\nfoo\tmetaphor\tcolour\tlemma\t-\tx\n")
    with pytest.raises(InputError, match="unknown device/category"):
        load_device_lexicon(str(bad))
