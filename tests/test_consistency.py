"""One decision per token: no token is an epistemic hedge in the hedge table and a deontic or
dynamic modal in the modal table (issue 12). Run over hand-written sentences, thousands of
sentences of the annotated validation files (when present) and the study corpus."""

from __future__ import annotations

import pytest

from discourse.evaluation.hedge import hedge_modal_conflicts, hedge_modal_strength_conflicts, validation_sentences
from discourse.measures.hedging import HedgeDetector
from discourse.measures.modality import ModalDetector
from discourse.nlp import load_nlp, parse

HAND = [
    "She could swim when she was five.",
    "The strike could escalate into a wider war.",
    "You may leave the room, but it may rain.",
    "If Iran refused, Washington would impose new sanctions; that would be a mistake.",
    "It is possible to reach a deal, and it is possible that Iran will agree.",
    "He could not attend, and officials said the talks could collapse.",
]


@pytest.fixture(scope="module")
def nlp():
    return load_nlp(exclude=("ner",))


@pytest.fixture(scope="module")
def validation_docs(nlp):
    """Thousands of annotated validation sentences, parsed once for every check below."""
    sentences = validation_sentences(per_file=1000)
    if len(sentences) < 2000:
        pytest.skip("annotated validation files not found; set DISCOURSE_VALIDATION_DIR")
    return parse(sentences, nlp=nlp)


@pytest.fixture(scope="module")
def study_docs(nlp):
    """The two study texts, parsed once for every check below."""
    from discourse.corpus import load_corpus

    try:
        corpus = load_corpus()
    except Exception as exc:  # the study corpus is not shipped everywhere
        pytest.skip(f"study corpus not available: {exc}")
    docs = parse(list(corpus.texts.values()), nlp=nlp)
    assert sum(len(d) for d in docs) > 1000
    return docs


def test_no_conflict_on_hand_written_sentences(nlp):
    conflicts = hedge_modal_conflicts([nlp(t) for t in HAND])
    assert conflicts.empty, conflicts.to_string()


def test_the_check_finds_a_conflict_when_the_tables_disagree(nlp):
    """The check can fail: a hedge detector that ignores the modal sense conflicts on 'could' of ability."""

    class Careless(HedgeDetector):
        @staticmethod
        def _agrees_with_modal_sense(senses, start, end, e):
            return True

    doc = nlp("The soldiers could see the border.")
    conflicts = hedge_modal_conflicts([doc], hedges=Careless(nlp.vocab), modals=ModalDetector(nlp.vocab))
    assert list(conflicts["text"]) == ["could"] and list(conflicts["modal_sense"]) == ["dynamic"]


def test_newswire_profile_has_one_decision_per_token_and_the_check_sees_a_mismatch(nlp):
    """Under the newswire profile the hedge, modal and Engagement tables read one sense; a hedge
    table of the newswire profile beside a default modal table conflicts on the revised 'could'."""
    docs = [nlp(t) for t in HAND + ["The company could fetch 30 dollars a share in a takeover."]]
    assert hedge_modal_conflicts(docs, profile="newswire").empty
    mixed = hedge_modal_conflicts(docs[-1:], hedges=HedgeDetector(nlp.vocab, modal_profile="newswire"),
                                  modals=ModalDetector(nlp.vocab))
    assert list(mixed["text"]) == ["could"] and list(mixed["modal_sense"]) == ["dynamic"]


@pytest.mark.validation
@pytest.mark.parametrize("profile", ["default", "newswire"])
def test_no_conflict_on_validation_sentences(validation_docs, profile):
    conflicts = hedge_modal_conflicts(validation_docs, profile=profile)
    assert conflicts.empty, conflicts.head(20).to_string()


@pytest.mark.parametrize("profile", ["default", "newswire"])
def test_no_conflict_on_the_study_corpus(study_docs, profile):
    conflicts = hedge_modal_conflicts(study_docs, profile=profile)
    assert conflicts.empty, conflicts.head(20).to_string()


# ---------------------------------------------------------------- one value per token (strength/commitment)
STRENGTH_HAND = [
    "Iran can not possibly build a bomb this year.",  # "certainly not": high in both tables, a booster
    "It is perhaps certain that the talks will fail.",  # hedged booster: median in both
    "This is probably certain.",
    "It is possibly not true.",  # the proposition is negated, not the adverb: low in both
    "He is not certain that Iran will agree.",  # negated certainty: low in both
    "It is very likely that Iran will agree, and it is highly unlikely that it will refuse.",
    "Conceivably, the talks could not conceivably fail.",
]


def test_no_strength_conflict_on_hand_written_sentences(nlp):
    conflicts = hedge_modal_strength_conflicts([nlp(t) for t in STRENGTH_HAND])
    assert conflicts.empty, conflicts.to_string()


@pytest.mark.parametrize(
    "text, kind, strength",
    [
        ("Iran can not possibly build a bomb this year.", "booster", "high"),
        ("It is possibly not true.", "hedge", "low"),
    ],
)
def test_negated_possibly_is_a_booster_in_the_hedge_table(nlp, text, kind, strength):
    rows = [r for r in HedgeDetector(nlp.vocab)(nlp(text)) if r["text"] == "possibly"]
    assert [(r["kind"], r["strength"]) for r in rows] == [(kind, strength)]
    modal = [r for r in ModalDetector(nlp.vocab)(nlp(text)) if r["text"] == "possibly"]
    assert [r["strength"] for r in modal] == [strength]


def test_the_strength_check_finds_a_conflict_when_the_tables_disagree(nlp):
    """The check can fail: a hedge detector that does not grade "perhaps certain" keeps it high."""

    class Ungraded(HedgeDetector):
        def _grade(self, doc, rows):
            return None

    doc = nlp("It is perhaps certain that the talks will fail.")
    conflicts = hedge_modal_strength_conflicts([doc], hedges=Ungraded(nlp.vocab), modals=ModalDetector(nlp.vocab))
    assert list(conflicts["text"]) == ["certain"]
    assert (conflicts["cue_strength"].iloc[0], conflicts["modal_strength"].iloc[0]) == ("high", "median")


@pytest.mark.validation
def test_no_strength_conflict_on_validation_sentences(validation_docs):
    conflicts = hedge_modal_strength_conflicts(validation_docs)
    assert conflicts.empty, conflicts.head(20).to_string()


def test_no_strength_conflict_on_the_study_corpus(study_docs):
    conflicts = hedge_modal_strength_conflicts(study_docs)
    assert conflicts.empty, conflicts.head(20).to_string()
