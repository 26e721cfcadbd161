"""Tests for discourse.measures.modality: one hand-written sentence per rule, plus validation floors."""

from __future__ import annotations

import pytest

from discourse.errors import InputError
from discourse.evaluation.modal import score_modal_file
from discourse.measures.modality import ModalDetector, classify_modal, load_modal_lexicon
from discourse.nlp import load_nlp
from discourse.validation import validation_file

KEYS = {"kind", "text", "lemma", "start_char", "end_char", "token_start", "token_end", "category", "sense",
        "strength", "negated", "lexicon", "rule"}


@pytest.fixture(scope="module")
def nlp():
    return load_nlp(exclude=("ner",))


@pytest.fixture(scope="module")
def det(nlp):
    return ModalDetector(nlp.vocab)


def modals(det, nlp, text):
    return det(nlp(text))


def only(det, nlp, text, lemma):
    rows = [r for r in modals(det, nlp, text) if r["lemma"] == lemma]
    assert len(rows) == 1, (text, modals(det, nlp, text))
    return rows[0]


# ---------------------------------------------------------------- lexicon
def test_lexicon_loads_with_sources():
    entries, label = load_modal_lexicon()
    assert label == "modals.tsv v1"
    assert all(e.source for e in entries)
    forms = {e.form for e in entries}
    assert {"auxiliary", "semi_modal", "adverb", "adjective"} <= forms
    for e in entries:
        if e.form in ("auxiliary", "semi_modal", "adverb", "adjective"):
            assert e.category in ("possibility", "necessity", "prediction"), e
            assert e.strength in ("low", "median", "high", None), e
            assert e.default_sense in ("epistemic", "deontic", "dynamic"), e


# ---------------------------------------------------------------- sense rules
@pytest.mark.parametrize(
    "text, lemma, sense, rule",
    [
        ("He must have left already.", "must", "epistemic", "perfect_aspect"),
        ("She may have missed the train.", "may", "epistemic", "perfect_aspect"),
        ("You must be joking.", "must", "epistemic", "progressive_aspect"),
        ("That cannot be true.", "can", "epistemic", "negated_cannot_be"),
        ("There may be problems with the deal.", "may", "epistemic", "existential_there"),
        ("The talks could be a turning point.", "could", "epistemic", "stative_verb"),
        ("Hence the result must be wrong.", "must", "epistemic", "must_stative_inference"),
        ("May I ask a question?", "may", "deontic", "permission_question"),
        ("You may leave the room.", "may", "deontic", "second_person_permission"),
        ("You can go now.", "can", "deontic", "second_person_permission"),
        ("You must leave now.", "must", "deontic", "default"),
        ("She can swim.", "can", "dynamic", "default"),
        ("It may rain tomorrow.", "may", "epistemic", "default"),
        ("Washington should lift the sanctions.", "should", "deontic", "default"),
        ("The sanctions will hurt Iran.", "will", "epistemic", "prediction"),
        ("It will be hard to reach a deal.", "will", "epistemic", "prediction"),
        ("He will attend the summit.", "will", "dynamic", "intention"),
        ("We will try again next week.", "will", "dynamic", "intention"),
        ("I would like to see a deal.", "would", "dynamic", "volition"),
        ("That would seem unlikely.", "would", "epistemic", "tentative_would"),
        ("A war would be costly for both sides.", "would", "dynamic", "hypothetical_would"),
        ("The government said it would no longer abide by the limits.", "would", "dynamic", "future_in_past_would"),
        ("If the talks fail, the sanctions would return.", "would", "dynamic", "conditional_would"),
        ("The deal would collapse unless Iran complied.", "would", "dynamic", "conditional_would"),
        ("Had they known, they would have left.", "would", "dynamic", "conditional_would"),
        ("Iran knows that a war would be costly.", "would", "dynamic", "hypothetical_would"),  # present: no backshift
        ("Fewer than 2,000 bombing sorties could take out the sites.", "could", "dynamic", "instrument_subject"),
        ("The missile could be a decoy.", "could", "epistemic", "stative_verb"),  # a state: possibility, not capacity
        ("They are asking if we can get guns.", "can", "deontic", "reported_permission_question"),
        ("She asked the pharmacist if he can give her something.", "can", "dynamic", "default"),  # third person
        ("We can get guns.", "can", "dynamic", "default"),  # no question: ability
        ("The jury could have been confused by the instructions.", "could", "epistemic", "could_have_been"),
        ("It could have been a mistake.", "could", "epistemic", "could_have_been"),
        ("She could have won the race.", "could", "dynamic", "default"),  # lexical perfect: counterfactual ability
        ("Should talks fail, the sanctions will return.", "should", "epistemic", "conditional_should"),
        ("Should we leave now?", "should", "deontic", "default"),  # a question, not a condition
        ("The strike could escalate into a wider war.", "could", "epistemic", "inanimate_subject"),
        ("The soldiers could see the border.", "could", "dynamic", "default"),
        ("The deal could not survive the election.", "could", "dynamic", "default"),
        ("They should be there by now.", "should", "epistemic", "expectation_adverb"),
        # expectation should (session 12): a change of quantity or state with a non-animate subject
        ("Lead production should increase to 60,000 tonnes next year.", "should", "epistemic", "expectation_should"),
        ("The new units should become one of the largest in the group.", "should", "epistemic", "expectation_should"),
        ("Oil prices should fall further in the second half.", "should", "epistemic", "expectation_should"),
        ("The government should increase spending on schools.", "should", "deontic", "default"),  # an agent: advice
        ("Costs should not rise above the cap.", "should", "deontic", "default"),  # negated: left to the default
        ("The price should be increased by ten percent.", "should", "deontic", "default"),  # passive: someone raises it
        ("Every teenager should get a good education.", "should", "deontic", "default"),  # 'get' is not in the list
        ("Under the deal, Iran can enrich uranium to 3.67 percent.", "can", "deontic", "licensed_by_rule"),
        ("Iran can enrich uranium quickly.", "can", "dynamic", "default"),
        ("The delegation must be in Oman already.", "must", "epistemic", "expectation_adverb"),
        # narrowed in modal3 (scripts/modal_rules.py, dev data): a fronted setting adverbial makes
        # generic "you can" root possibility; a deictic "now" does not
        ("In Hong Kong you can swim from April to November.", "can", "dynamic", "default"),
        ("From the ferry terminal you can escape to the islands.", "can", "dynamic", "default"),
        ("More pleasantly, you can browse among the stalls.", "can", "dynamic", "default"),
        ("Now you can go.", "can", "deontic", "second_person_permission"),
        # "can't be" in an if-clause is a condition on ability, not an epistemic impossibility
        ("If you can't be kind, at least be polite.", "can", "dynamic", "default"),
        ("He can't be serious.", "can", "epistemic", "negated_cannot_be"),
        # "not only" does not negate: no impossibility reading
        ("This method can not only be fast but also cheap.", "can", "dynamic", "default"),
    ],
)
def test_aux_sense_rules(det, nlp, text, lemma, sense, rule):
    row = only(det, nlp, text, lemma)
    assert (row["sense"], row["rule"]) == (sense, rule)


@pytest.mark.parametrize(
    "text",
    [
        "I can't be any clearer than that.",  # first person: ability, not epistemic impossibility
        "You can be pretty sure it is off.",  # a state, not an action one is allowed to do
        "If you can come in.",  # a condition on ability, not a permission granted (a fragment:
                                # the parser makes "come" the root, so the clause rule must catch it)
        "You can probably go now.",  # permission is not hedged with an epistemic adverb
    ],
)
def test_contexts_where_the_epistemic_and_permission_rules_stand_down(det, nlp, text):
    row = only(det, nlp, text, "can")
    assert (row["sense"], row["rule"]) == ("dynamic", "default")


def test_backshifted_could_of_a_means_is_capacity_not_possibility(det, nlp):
    """The study's "confident that fewer than 2,000 bombing sorties could take out Iran's nuclear
    capabilities": backshifted "sorties can take out" = it is possible FOR the sorties to do it
    (root possibility, Coates 1983 ch.5; Collins 2009 ch.6), so dynamic, not an epistemic hedge;
    an event noun as subject ("the strike could escalate") keeps the epistemic reading."""
    text = "He was confident that fewer than 2,000 bombing sorties could take out Iran's nuclear capabilities."
    assert (only(det, nlp, text, "could")["sense"], only(det, nlp, text, "could")["rule"]) == ("dynamic", "instrument_subject")
    row = only(det, nlp, "He said that the strike could escalate into a wider war.", "could")
    assert row["sense"] == "epistemic"


def test_not_only_is_not_negation(det, nlp):
    """Correlative "not only ... but also" adds; it does not negate the modal (Quirk et al. 1985: 13.32)."""
    assert only(det, nlp, "The plan can not only be cheap but also fast.", "can")["negated"] is False
    assert only(det, nlp, "The plan can not be cheap.", "can")["negated"] is True


def test_would_default_is_read_from_the_lexicon(nlp, tmp_path):
    """would's fallback sense is the lexicon's ``default_sense`` (the GME news majority, dynamic),
    not a constant: a lexicon that says epistemic makes hypothetical would epistemic, while the
    volition and tentative rules keep their own senses."""
    from discourse.measures.modality import LEXICON_PATH

    text = LEXICON_PATH.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("would\t"))
    cols = line.split("\t")
    assert cols[5] == "dynamic"
    cols[5] = "epistemic"
    alt = tmp_path / "modals_alt.tsv"
    alt.write_text(text.replace(line, "\t".join(cols)), encoding="utf-8")
    det_alt = ModalDetector(nlp.vocab, lexicon_path=str(alt))
    det_std = ModalDetector(nlp.vocab)
    hyp = "A war would be costly for both sides."
    assert (only(det_std, nlp, hyp, "would")["sense"], only(det_std, nlp, hyp, "would")["rule"]) == (
        "dynamic", "hypothetical_would")
    assert (only(det_alt, nlp, hyp, "would")["sense"], only(det_alt, nlp, hyp, "would")["rule"]) == (
        "epistemic", "hypothetical_would")
    assert only(det_alt, nlp, "I would like to see a deal.", "would")["sense"] == "dynamic"  # volition


@pytest.mark.parametrize(
    "text, lemma, strength, rule",
    [
        ("It is perhaps certain that the talks will fail.", "certain", "median", "predicative_adjective+hedged"),
        ("This is probably certain.", "certain", "median", "predicative_adjective+hedged"),
        ("It is certain that the talks will fail.", "certain", "high", "predicative_adjective"),  # no hedge
        ("It is very certain.", "certain", "high", "predicative_adjective"),  # an amplifier is not a hedge
        ("It is perhaps likely.", "likely", "median", "predicative_adjective"),  # only a high value is lowered
    ],
)
def test_a_hedge_adverb_lowers_a_high_modal_value(det, nlp, text, lemma, strength, rule):
    row = only(det, nlp, text, lemma)
    assert (row["strength"], row["rule"]) == (strength, rule)


def test_you_can_with_object_is_ability_not_permission(det, nlp):
    # "you can change your emotions" (generic you, object): dynamic in MASC; only bare main verbs get permission
    assert only(det, nlp, "You can change your emotions.", "can")["sense"] == "dynamic"


# ---------------------------------------------------------------- what is (not) a modal
@pytest.mark.parametrize(
    "text",
    ["On May 20, 2019 the envoy arrived.", "we are not anywhere near", "He kicked the can down the road.",
     "The will was read aloud.", "Certain people left early.", "They are going to the store."],
)
def test_no_modal(det, nlp, text):
    assert modals(det, nlp, text) == []


def test_empty_doc(det, nlp):
    assert det(nlp("")) == []


def test_unparsed_doc_raises(det, nlp):
    blank = nlp.make_doc("You must leave.")
    with pytest.raises(InputError):
        det(blank)


def test_row_keys_and_offsets(det, nlp):
    doc = nlp("Iran needs to talk, but Tehran cannot wait and it will probably refuse.")
    rows = det(doc)
    assert rows, rows
    for r in rows:
        assert set(r) == KEYS
        assert r["kind"] == "modal"
        assert doc.text[r["start_char"]: r["end_char"]] == r["text"]
        assert doc[r["token_start"]: r["token_end"]].text == r["text"]
        assert r["lexicon"] == "modals.tsv v1"
    assert [r["lemma"] for r in rows] == ["need to", "can", "will", "probably"]


# ---------------------------------------------------------------- negation and strength
@pytest.mark.parametrize(
    "text, lemma, strength",
    [
        ("This cannot be done by just adding some amendments to the JCPOA.", "can", "high"),  # H&M: can't = high
        ("You needn't worry.", "need", "low"),
        ("You need not worry.", "need", "low"),
        ("You mustn't tell anyone.", "must", "high"),
        ("They won't come.", "will", "median"),
        ("They won’t come.", "will", "median"),  # typographic apostrophe
    ],
)
def test_negated(det, nlp, text, lemma, strength):
    row = only(det, nlp, text, lemma)
    assert row["negated"] is True
    if row["sense"] != "dynamic":
        assert row["strength"] == strength


def test_cannot_done_is_root_possibility(det, nlp):
    row = only(det, nlp, "This cannot be done by just adding some amendments to the JCPOA.", "can")
    assert row["negated"] and row["sense"] == "dynamic" and row["strength"] is None


# ---------------------------------------------------------------- semi-modals
@pytest.mark.parametrize(
    "text, lemma, sense, category",
    [
        ("Iran needs to show restraint.", "need to", "deontic", "necessity"),
        ("Trump is going to meet Rouhani.", "be going to", "epistemic", "prediction"),
        ("Both sides are able to compromise.", "be able to", "dynamic", "possibility"),
        ("The envoys have to agree first.", "have to", "deontic", "necessity"),
        ("You'd better leave.", "had better", "deontic", "necessity"),
        ("The meeting is to be held in Oman.", "be to", "deontic", "necessity"),
        ("Diplomats are supposed to talk.", "be supposed to", "deontic", "necessity"),
    ],
)
def test_semi_modals(det, nlp, text, lemma, sense, category):
    row = only(det, nlp, text, lemma)
    assert (row["sense"], row["category"]) == (sense, category)


@pytest.mark.parametrize(
    "text, sense, rule",
    [
        ("I am going to explain the plan.", "dynamic", "intention"),
        ("Iran is going to enrich more uranium.", "dynamic", "intention"),
        ("It is going to rain.", "epistemic", "semi_modal"),
        ("The policy is not going to change.", "epistemic", "semi_modal"),  # inanimate subject: prediction
    ],
)
def test_going_to_intention_or_prediction(det, nlp, text, sense, rule):
    row = only(det, nlp, text, "be going to")
    assert (row["sense"], row["rule"]) == (sense, rule)


def test_rows_are_computed_once_per_doc_and_copied(det, nlp):
    doc = nlp("Iran may accept.")
    first = det(doc)
    first[0]["sense"] = "changed"
    assert det(doc)[0]["sense"] == "epistemic"


def test_had_better_not_counted_as_would(det, nlp):
    assert [r["lemma"] for r in modals(det, nlp, "You'd better leave.")] == ["had better"]


def test_be_to_needs_passive_or_perfect(det, nlp):
    assert modals(det, nlp, "The aim is to win.") == []


def test_negated_semi_modal(det, nlp):
    row = only(det, nlp, "They do not have to pay.", "have to")
    assert row["negated"] and row["strength"] == "low"


# ---------------------------------------------------------------- adverbs and adjectives
@pytest.mark.parametrize(
    "text, lemma, strength, sense",
    [
        ("The deal will probably fail.", "probably", "median", "epistemic"),
        ("Perhaps the talks will resume.", "perhaps", "low", "epistemic"),
        ("It is highly unlikely that Iran will agree.", "unlikely", "high", "epistemic"),
        ("It is unlikely that Iran will agree.", "unlikely", "median", "epistemic"),
        ("A deal is likely to follow.", "likely", "median", "epistemic"),
        ("It is certain that talks took place.", "certain", "high", "epistemic"),
        ("It is not certain that talks took place.", "certain", "low", "epistemic"),
        ("It is possible that talks took place.", "possible", "low", "epistemic"),
        ("It is necessary to talk.", "necessary", "high", "deontic"),
    ],
)
def test_adverbs_adjectives(det, nlp, text, lemma, strength, sense):
    row = only(det, nlp, text, lemma)
    assert (row["strength"], row["sense"]) == (strength, sense)


def test_possible_to_is_dynamic(det, nlp):
    row = only(det, nlp, "It is possible to reach a deal.", "possible")
    assert row["sense"] == "dynamic" and row["rule"] == "adjective_to_infinitive"


# ---------------------------------------------------------------- classify_modal
def test_classify_modal_offsets(nlp):
    doc = nlp("You can go now , but he must have left .")
    assert classify_modal(doc, 4, 7) == "deontic"
    i = doc.text.index("must")
    assert classify_modal(doc, i, i + 4) == "epistemic"
    with pytest.raises(InputError):
        classify_modal(doc, 0, 3)  # "You" is not a modal


# ---------------------------------------------------------------- validation (floors just under measured scores)
def _file_or_skip(name):
    path = validation_file(name)
    if not path.is_file():
        pytest.skip(f"{name} not found; set DISCOURSE_VALIDATION_DIR")
    return path


@pytest.fixture(scope="module")
def masc_score(nlp):
    return score_modal_file(_file_or_skip("masc_modal_senses.tsv"), nlp=nlp,
                            baseline_from=validation_file("mist_henning2022.tsv"))


@pytest.fixture(scope="module")
def mist_score(nlp):
    return score_modal_file(_file_or_skip("mist_henning2022.tsv"), nlp=nlp,
                            baseline_from=validation_file("masc_modal_senses.tsv"))


@pytest.mark.validation
def test_masc_accuracy(masc_score):
    assert masc_score["n"] > 1900 and masc_score["n_other_excluded"] == 4
    assert masc_score["accuracy"] >= 0.816  # measured 0.8184 (0.8163 before the modal3 narrowing, 0.8143 before could_have_been)
    assert masc_score["accuracy"] > masc_score["baseline"]  # same-file per-modal majority 0.7832


@pytest.mark.validation
def test_mist_accuracy(mist_score):
    # measured 0.8299 (0.8284 before expectation_should, session 12; 0.8281 before "not only" stopped counting as negation; 0.8296 before the inanimate-subject could rule, which costs MiST's could
    # 0.763 -> 0.740 and gains MASC's 0.655 -> 0.681; instrument_subject gives MiST's could back
    # 0.740 -> 0.746; out of domain; 'other' excluded)
    assert mist_score["accuracy"] >= 0.825
    assert mist_score["accuracy"] >= mist_score["baseline"]  # same-file majority 0.8269: no better
    assert mist_score["accuracy"] > mist_score["cross_baseline"]  # MASC majorities applied to MiST: 0.7420


@pytest.mark.validation
@pytest.mark.parametrize("modal, floor", [("can", 0.820), ("could", 0.685), ("may", 0.87), ("must", 0.90)])
def test_masc_per_modal_floors(masc_score, modal, floor):
    per = masc_score["per_modal"]
    assert per.loc[modal, "accuracy"] >= floor
    assert per.loc[modal, "accuracy"] > per.loc[modal, "majority_baseline"]


@pytest.mark.validation
def test_confusion_matrix_shape(masc_score):
    conf = masc_score["confusion"]
    assert set(conf.index) == {"epistemic", "deontic", "dynamic"}
    assert int(conf.values.sum()) == masc_score["n"]


# ---------------------------------------------------------------- the opt-in newswire profile
@pytest.fixture(scope="module")
def wire(nlp):
    return ModalDetector(nlp.vocab, profile="newswire")


@pytest.mark.parametrize(
    "text, lemma, default, newswire",
    [
        # belief_would: would in the content clause of a predicate of belief or prediction
        ("Traders expect the central bank would cut rates in June.", "would", ("dynamic", "hypothetical_would"),
         ("epistemic", "belief_would")),
        ("Economists were doubtful that the merger would lift profits.", "would",
         ("dynamic", "hypothetical_would"), ("epistemic", "belief_would")),
        # a verb of saying is not a judgement of likelihood: reported plans stay circumstantial
        ("The firm said it would open two plants next year.", "would", ("dynamic", "future_in_past_would"),
         ("dynamic", "future_in_past_would")),
        # a conditional apodosis is not revised
        ("Analysts believe that sanctions would return if talks failed.", "would", ("dynamic", "conditional_would"),
         ("dynamic", "conditional_would")),
        # newswire_should: should of an outcome, with no animate subject
        ("Cash balances should fluctuate around 30 million dollars this week.", "should", ("deontic", "default"),
         ("epistemic", "newswire_should")),
        ("The second half should be better for exporters.", "should", ("deontic", "default"),
         ("epistemic", "newswire_should")),
        # an animate subject (a human noun), passive, existential and mandative should keep obligation
        ("Directors should ask why the losses were hidden.", "should", ("deontic", "default"),
         ("deontic", "default")),
        ("The report should be published by Friday.", "should", ("deontic", "default"), ("deontic", "default")),
        ("There should be no delay in paying the farmers.", "should", ("deontic", "default"), ("deontic", "default")),
        ("The agency recommends that every bank should keep more capital.", "should", ("deontic", "default"),
         ("deontic", "default")),
        # rules the default decides before the fallback are not revised
        ("Prices should already be high by now.", "should", ("epistemic", "expectation_adverb"),
         ("epistemic", "expectation_adverb")),
        # organisation_could: could of a company, institution or state
        ("The company could fetch 30 dollars a share in a takeover.", "could", ("dynamic", "default"),
         ("epistemic", "organisation_could")),
        ("Argentina could suspend payments on its foreign debt.", "could", ("dynamic", "default"),
         ("epistemic", "organisation_could")),
        ("The company could not pay its suppliers.", "could", ("dynamic", "default"), ("dynamic", "default")),
        ("She could read three languages.", "could", ("dynamic", "default"), ("dynamic", "default")),
    ],
)
def test_newswire_profile_revises_only_fallback_decisions(det, wire, nlp, text, lemma, default, newswire):
    doc = nlp(text)
    got_default = [(r["sense"], r["rule"]) for r in det(doc) if r["lemma"] == lemma]
    got_wire = [(r["sense"], r["rule"]) for r in wire(doc) if r["lemma"] == lemma]
    assert (got_default, got_wire) == ([default], [newswire])


def test_profile_rows_are_cached_apart_and_unknown_profiles_fail(det, wire, nlp):
    doc = nlp("Cash balances should fluctuate around 30 million dollars.")
    assert det(doc)[0]["sense"] == "deontic" and wire(doc)[0]["sense"] == "epistemic"
    assert det(doc)[0]["sense"] == "deontic"  # the newswire rows did not overwrite the default's cache
    with pytest.raises(InputError, match="Unknown modal profile 'wire'"):
        ModalDetector(nlp.vocab, profile="wire")


SEMI_TEXTS = [
    "They were not able to meet, and we are still going to try; you had better leave.",
    "Iran has got to decide. The talks are to be held in Oman, and he is unable to attend.",
    "We need to talk. She is going to the store. It was bound to happen, they're supposed to know.",
    "You 'd better go. I'm gonna win, we gotta leave, and officials were required to report.",
    "Is he going to have to resign? The deal is not to be renegotiated. No modal here.",
]


def test_semi_modal_windows_find_what_the_matcher_finds_on_the_whole_doc(det, nlp):
    """The Matcher runs only inside _semi_modal_windows: the matches must equal a whole-Doc run."""
    total = 0
    for text in SEMI_TEXTS:
        doc = nlp(text)
        want = sorted(det.matcher(doc), key=lambda m: (m[1], m[2], m[0]))
        assert sorted(det._semi_modal_matches(doc), key=lambda m: (m[1], m[2], m[0])) == want, text
        total += len(want)
    assert total >= 15
    assert det._semi_modal_windows(nlp("No semi-modal at all: they want peace.")) == []


@pytest.mark.parametrize(
    "text, rule",
    [
        ("Hence the plan must be wrong.", "must_stative_inference"),  # marker before the modal, same sentence
        ("It failed. Hence the plan must be wrong.", "must_stative_inference"),  # the modal's sentence starts later
        ("Hence it failed. The plan must be wrong.", "default"),  # the marker is in the sentence before
        ("The plan must be wrong, hence the delay.", "default"),  # the marker comes after the modal
    ],
)
def test_inference_marker_counts_only_before_the_modal_in_its_own_sentence(det, nlp, text, rule):
    """The inference cue reads the words from the start of the modal's sentence up to the modal
    (from the Doc's cached sentence bounds and lemmas, not Token objects)."""
    assert [(r["lemma"], r["rule"]) for r in det(nlp(text))] == [("must", rule)]
