"""Hedges and boosters: how strongly a text commits to what it says.

A **hedge** withholds full commitment to a proposition ("Iran *may* accept", "it is *unlikely*
that", "communications are *believed* to have been aimed at deescalation", "*about* 2,000
sorties"); a **booster** expresses certainty ("*clearly*", "*no doubt*", "it is *clear* that").
A negated clause ("it cannot be done", "is not going to change") is a denial, not a booster
(engagement's DENY, Martin & White 2005; boosters.tsv v2). Both are interpersonal metadiscourse in the sense of
Hyland, K. (2005), *Metadiscourse: Exploring Interaction in Writing*, London: Continuum, whose
appendix lists are the base of the two lexicons (``discourse/lexicons/hedges.tsv`` and
``boosters.tsv``, each entry with its citation).

Unit and direction
    One row per cue occurrence (a dict, see :class:`HedgeDetector`). Aggregate per sentence or
    per 1,000 words: more hedges = less commitment, more boosters = more commitment. Each cue
    carries a Halliday value (``strength``: low | median | high) where one applies.

Scheme decision (doxastic verbs)
    Hyland counts *think/believe* as boosters. This module follows the NLP annotation schemes
    (CoNLL-2010 / Szeged Uncertainty Corpus, Vincze et al. 2008; SFU Review corpus,
    Konstantinova et al. 2012) and counts *think, believe, doubt, suspect, suppose, assume,
    expect, consider ... as ..., regarded as, seen as* as **doxastic hedges** (category
    ``doxastic_verb``). In news they mostly attribute a belief to someone else, which withholds
    the reporter's own commitment. They never appear as boosters.

One decision per token
    A cue that is (or contains) a modal expression takes the modal measure's sense for it
    (:func:`discourse.measures.modality.modal_rows`, computed once per Doc): a cue overlapping a
    deontic or dynamic modal is dropped, and a modal cue (may, might, could, would, must) needs an
    epistemic modal auxiliary under it. The conditions below then narrow further (a hedge is always
    an epistemic modal, not every epistemic modal is a hedge).

Whose voice
    A doxastic verb with a third-party subject ("officials believe that ...") reports a source's
    belief (attribution), and first-person *believe* ("we believe ours is successful") states
    the speaker's conviction: neither is counted as a hedge. :func:`assign_voice` adds ``voice``
    (authorial | reported | quoted) to rows from the attribution measure's sentence rows.

Strength
    From the whole expression (see ``HedgeDetector._grade``): "highly doubt" and "very likely"
    are one value up, "probably certain" one down.

Context rules (the ``rule`` field of each row names the one that decided)
    Bare word matching is wrong much of the time in news, so most cues carry a ``condition``
    (a column of the lexicon) checked against the dependency parse:

    ``modal_may``
        *May* the month is no hedge: capitalised *May* anywhere but sentence-initially, or
        sentence-initially when tagged NNP or next to a number ("On May 20, 2019"). Concessive
        *may* ("both sides may talk ..., however ...") concedes and is no hedge (:func:`_concessive`).
    ``modal_would``
        First of all the modal sense must be epistemic (one decision per token): only the
        TENTATIVE would of the modal measure ("would seem/suggest/say") is; hypothetical,
        conditional and reported-future would are circumstantial there (GME news). Besides,
        *would* is not a hedge in (a) reported future: its clause is the complement of a verb in
        a past context ("said it would no longer abide"); (b) the consequent of a conditional
        (its verb has an *if/unless* adverbial clause; Szeged files these under *condition*);
        (c) volition (*would like/love/prefer/rather*); (d) future-in-the-past or habitual use in
        a past narrative. Of what is left, only the TENTATIVE would (Coates 1983) hedges: with a
        verb of thinking/seeming/saying ("would suggest", "would seem", lexicon entries "would
        say/argue"), inference about the past ("would have limited"), or a tentative assessment
        with a demonstrative/expletive subject ("that would be a mistake", "this would
        explain"). Hypothetical *would* with a full noun-phrase subject ("a war would be
        costly") is not counted: it is conditional, not epistemic, modality.
    ``modal_could``
        *could* is a possibility hedge (also in conditionals and reported speech: "officials said
        the talks could collapse"), except past ability in a past narrative ("became captive and
        could see") and negated *could not* (inability, not tentativeness); *could have* +
        participle always hedges.
    ``must_epistemic``
        *must* boosts only epistemically: *must have* + participle, or *must be* + predicate
        ("there must be a reason"); "must be stopped" (passive, deontic) is not.
    ``approximator``
        *about, around, approximately, roughly, some, nearly, almost* hedge only before a
        quantity (a number, a number word, *a dozen*, *half*, a currency sign + number):
        "some 2,000 troops" yes, "talk about negotiations" no.
    ``doxastic``
        *think/believe/doubt/suspect/...* only as epistemic stance: a first-person subject
        ("I highly doubt it"), or a clausal complement (``ccomp``/``xcomp``: "believed to have
        been", "thinks that"); "believe in God" is not.
    ``clausal_stance``
        *suggest/indicate/imply* only with a clausal complement ("suggests that"), not
        "suggest a plan".
    ``seeming``
        *seem* always; *appear* only as a verb of seeming (xcomp/ccomp/acomp/attr, or expletive
        *it/there* subject): not "appeared in court".
    ``considered_as`` / ``regarded_as``
        *consider* as a judgement ("is considered one of", "considered to be", object
        predicative), *regard/view/see* only with *as* ("seen as").
    ``epistemic_predicate``
        *clear, certain, sure, obvious, evident, true, confident, convinced* boost only when
        predicative (not attributive "a clear sign", not the verb "clear the road", not "make
        sure") and epistemic: a clausal complement ("it is clear that"), an expletive/demonstrative
        subject ("it is clear", "that is true"), or a personal subject ("he was confident").
    ``factive``
        *show, prove, demonstrate, establish, find, know, realize* boost only with a clausal
        complement ("the data show that", "proved to be").
    ``possible_epistemic``
        not in "as soon as possible", "the best possible", "made it possible" (dynamic), nor
        attributive ("possible negotiations").
    ``downtoner_rather``
        not "rather than", not "would rather".

Negation (the ``negated`` field, and the ``negated_kind`` column of the lexicon)
    A cue is negated when it or the predicate it modifies has a ``neg`` dependent (or a *no*
    determiner). Then: booster certainty flips to a hedge ("not sure", "not certain", "it is not
    clear whether", "not always": category ``negated_certainty``, rule ``negated_certainty``);
    a negated doubt or possibility boosts ("I don't doubt that", "not possible", "no
    possibility": category ``negated_hedge``; Halliday: a negated low value is a high value); a
    negated median probability stays a hedge ("not likely", "may not"); *could not* and *must
    not* are dropped. Negative-certainty boosters inside an *if/unless* clause are dropped
    (``assertive``: "if we are not going to export oil" asserts nothing).
    Cues that contain their negation ("no doubt", "not necessarily") have ``negated=True`` and
    keep their listed kind.

Validation
    :func:`discourse.evaluation.hedge.score_hedge_file` computes sentence-level precision/recall/F1
    against the annotated files of ``shared/validation``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from ..errors import InputError
from ..lexicon import LEXICON_DIR, read_lexicon
from ._doc import span_lemma, span_text
from .modality import check_profile, is_past, load_modal_lexicon, modal_rows, past_context

LEXICON_FILES: dict[str, str] = {"hedge": "hedges.tsv", "booster": "boosters.tsv"}

#: Hedge categories that express uncertainty proper (the Szeged/SFU notion); approximators,
#: frequency adverbs and downtoners are Hyland hedges of *precision*, not of certainty, and are
#: not annotated in those corpora, so :func:`score_hedge_file` leaves them out by default.
UNCERTAINTY_CATEGORIES: frozenset[str] = frozenset(
    {
        "modal",
        "epistemic_adverb",
        "epistemic_adjective",
        "epistemic_noun",
        "epistemic_verb",
        "doxastic_verb",
        "seeming_verb",
        "shield",
        "negated_certainty",
    }
)

# Closed-class grammatical items used by the rules (not lexicon entries).
_CONDITIONAL_MARKS = frozenset({"if", "unless"})
_VOLITION_HEADS = frozenset({"like", "love", "prefer", "rather", "hate"})
_FIRST_PERSON = frozenset({"i", "we"})
_EXPLETIVE_SUBJECTS = frozenset({"it", "this", "that", "there"})
_NEG_WORDS = frozenset({"not", "n't", "n’t", "never", "no", "without", "little", "cannot"})
_QUANTITY_WORDS = frozenset(
    {"half", "dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "million",
     "millions", "billion", "billions", "third", "quarter", "score", "percent"}
)
_CLAUSAL_DEPS = frozenset({"ccomp", "xcomp"})
_PREDICATIVE_DEPS = frozenset({"acomp", "attr", "oprd", "xcomp", "ccomp", "ROOT", "conj", "advcl"})
_SUBJ_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})


@dataclass(frozen=True)
class CueEntry:
    """One lexicon row."""

    entry: str
    kind: str  # hedge | booster
    category: str
    match: str  # lemma | lower | norm
    condition: str  # "-" or a key of CONDITIONS
    negated_kind: str  # same | hedge | booster | drop
    strength: str | None
    source: str

    @property
    def has_negation(self) -> bool:
        return any(w in _NEG_WORDS for w in self.entry.split())


@lru_cache(maxsize=4)
def load_lexicon(kind: str) -> tuple[tuple[CueEntry, ...], str]:
    """Entries of the ``hedge`` or ``booster`` lexicon and its label (e.g. ``"hedges.tsv v1"``)."""
    if kind not in LEXICON_FILES:
        raise InputError(f"Unknown lexicon kind {kind!r}; expected one of {sorted(LEXICON_FILES)}.")
    lex = read_lexicon(LEXICON_DIR / LEXICON_FILES[kind],
                       required=("entry", "category", "negated_kind", "strength", "source"),
                       choices={"match": ("lemma", "lower", "norm"), "condition": ("-", *CONDITIONS)})
    rows = tuple(
        CueEntry(
            entry=r["entry"].lower(),
            kind=kind,
            category=r["category"],
            match=r["match"],
            condition=r["condition"],
            negated_kind=r["negated_kind"],
            strength=None if r["strength"] == "-" else r["strength"],
            source=r["source"],
        )
        for r in lex.rows
    )
    return rows, lex.label


# --------------------------------------------------------------------------- context rules
def _subject(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ in _SUBJ_DEPS:
            return c
    return None


def _clause_verb(tok: Token) -> Token:
    """The verb whose clause a predicative adjective / auxiliary belongs to."""
    if tok.dep_ in ("acomp", "attr", "oprd", "aux", "auxpass", "advmod", "neg") and tok.head != tok:
        return tok.head
    return tok


def _is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)


def _cond_modal_may(doc: Doc, start: int, end: int) -> bool:
    tok = doc[start]
    if tok.text == "May" or tok.text == "MAY":
        if not tok.is_sent_start:
            return False
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if tok.tag_ in ("NNP", "NNPS") or (nxt is not None and nxt.like_num):
            return False
    elif tok.tag_ in ("NNP", "NNPS") and not tok.is_sent_start:
        return False
    if tok.i > 0 and doc[tok.i - 1].like_num and tok.tag_ != "MD":  # "20 may 2019"
        return False
    return not _concessive(tok)


_CONTRAST = frozenset({"but", "however", "yet", "nevertheless", "nonetheless", "still"})


def _concessive(tok: Token) -> bool:
    """Concessive *may*: the writer grants a point to set a contrast against it ("both sides may
    talk ..., however, ..."; "X may be rich, but ..."). It concedes, it does not withhold
    commitment (Coates 1983: 6.2, concessive may; Martin & White 2005: concede-counter).
    Found as a contrastive connective after the modal: coordinating "but/yet" joining a later
    clause to the modal's verb, or "however/nevertheless/still" opening a later clause of the
    sentence."""
    verb = tok.head if tok.dep_ in ("aux", "auxpass") else tok
    for c in verb.children:
        if c.i > tok.i and c.dep_ == "cc" and c.lower_ in ("but", "yet"):
            return True
        if c.i > verb.i and c.dep_ in ("conj", "parataxis", "ccomp", "advcl") and any(
                g.lower_ in _CONTRAST and g.dep_ in ("advmod", "cc") and g.i < c.i for g in c.children):
            return True
    root = verb.sent.root if verb.doc.has_annotation("SENT_START") else None
    if root is not None and root is not verb and root.i > tok.i:
        return any(c.lower_ in _CONTRAST and c.dep_ in ("advmod", "cc") and c.i < root.i for c in root.children)
    return False


def _cond_modal_would(doc: Doc, start: int, end: int) -> bool:
    tok = doc[start]
    verb = tok.head
    if verb == tok:
        return True
    if verb.lemma_.lower() in _VOLITION_HEADS:
        return False
    # future-in-the-past: complement clause of a past-tense verb ("said it would no longer abide")
    v = verb
    while v.dep_ == "conj" and v.head != v:
        v = v.head
    if v.dep_ in ("ccomp", "xcomp") and (is_past(v.head) or past_context(v.head)):
        return False  # also "began ..., finally announcing that it would no longer abide"
    # consequent of a conditional ("if they refuse, Iran would retaliate")
    for c in verb.children:
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITIONAL_MARKS for m in c.children):
            return False
    # would inside the if-clause itself
    if verb.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITIONAL_MARKS for m in verb.children):
        return False
    # future-in-the-past / habitual in a past narrative ("the only time he would reach ...")
    if past_context(verb):
        return False
    # what is left is hypothetical or tentative; only TENTATIVE would hedges (Coates 1983):
    kids = list(verb.children)
    # (a) softening a verb of thinking, seeming or saying: "would suggest", "would seem"
    #     ("would say/argue" are multiword lexicon entries)
    if verb.lemma_.lower() in _stance_lemmas():
        return True
    # (b) inference about the past: "would have limited their stay"
    if any(c.dep_ == "aux" and c.lemma_ == "have" for c in kids):
        return True
    # (c) a tentative assessment of something already in the discourse: "that would be a
    #     mistake", "this would explain", "it would be sufficient to"
    subj = _subject(verb)
    if subj is not None and subj.lower_ in _EXPLETIVE_SUBJECTS | {"which"}:
        return True
    return False


@lru_cache(maxsize=1)
def _stance_lemmas() -> frozenset[str]:
    """Single-word verbs of the hedge lexicon that express stance (doxastic, epistemic, seeming)."""
    entries, _ = load_lexicon("hedge")
    return frozenset(
        e.entry for e in entries
        if e.category in ("doxastic_verb", "epistemic_verb", "seeming_verb") and " " not in e.entry
    )


def _cond_modal_could(doc: Doc, start: int, end: int) -> bool:
    tok = doc[start]
    verb = tok.head
    if verb == tok:
        return True
    # "could have + participle": counterfactual/epistemic possibility, whatever the context
    if any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children):
        return True
    # past ability in a past narrative ("some Rajputs became captive and could see ...");
    # reported content ("officials said the talks could collapse") keeps its possibility sense
    return not past_context(verb)


def _cond_must_epistemic(doc: Doc, start: int, end: int) -> bool:
    tok = doc[start]
    verb = tok.head
    if verb == tok:
        return False
    kids = list(verb.children)
    if verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in kids):
        return not any(c.dep_ == "auxpass" for c in kids)  # must have been attacked: still epistemic? keep simple
    if verb.lemma_ == "be" and any(c.dep_ in ("attr", "acomp") for c in kids):
        return True
    if verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in kids):
        return True
    return False


def _is_quantity(doc: Doc, i: int) -> bool:
    if i >= len(doc):
        return False
    t = doc[i]
    if t.like_num or t.tag_ == "CD" or t.lower_ in _QUANTITY_WORDS:
        return True
    if t.tag_ == "$" or t.text in ("$", "£", "€"):
        return _is_quantity(doc, i + 1)
    if t.lower_ in ("a", "an") and i + 1 < len(doc):
        nxt = doc[i + 1]
        return nxt.lower_ in _QUANTITY_WORDS or nxt.like_num
    return False


def _cond_approximator(doc: Doc, start: int, end: int) -> bool:
    return _is_quantity(doc, end)


def _first_person_subject(tok: Token) -> bool:
    subj = _subject(tok)
    if subj is None and tok.dep_ in ("conj", "xcomp"):
        subj = _subject(tok.head)
    return subj is not None and subj.lower_ in _FIRST_PERSON


#: subjects that leave a belief unattributed ("some believe", "many think"): the writer's hedge
#: (the Szeged "weasel" cues, Vincze et al. 2008), not a report of a named source's belief
_VAGUE_SUBJECTS = frozenset({"some", "many", "others", "most", "few", "several", "one", "people", "someone"})


def _reported_belief(tok: Token) -> bool:
    """An active doxastic verb whose subject is a third party ("officials believe that ...",
    "Khamenei thinks ..."): attribution of a belief to a source, not the writer's hedge
    (Hyland 2005: hedges are the WRITER's withholding of commitment; attribution is handled by
    discourse.measures.attribution). Vague subjects ("some believe") stay hedges (Szeged weasels)."""
    subj = _subject(tok)
    if subj is None or subj.dep_ != "nsubj" or _is_passive(tok):
        return False
    low = subj.lower_
    if low in _FIRST_PERSON or low in _EXPLETIVE_SUBJECTS or low in _VAGUE_SUBJECTS or low == "you":
        return False
    if subj.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in _VAGUE_SUBJECTS for c in subj.children):
        return False  # "some analysts believe"
    return True


def _conviction(tok: Token) -> bool:
    """First-person *believe* stating the speaker's conviction ("we believe ours is successful"):
    Hyland (2005) lists it as a booster of commitment, not a hedge; *think* stays a hedge."""
    return tok.lemma_.lower() == "believe" and _first_person_subject(tok) and not any(
        c.dep_ == "aux" and c.tag_ == "MD" for c in tok.children)


def _cond_doxastic(doc: Doc, start: int, end: int) -> bool:
    tok = doc[start]
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if _reported_belief(tok) or _conviction(tok):
        return False
    kids = list(tok.children)
    if any(c.dep_ in _CLAUSAL_DEPS for c in kids):
        return True
    if tok.lemma_.lower() == "feel":  # "feel like" is doxastic; "I feel sad" is not
        return any(c.lower_ == "like" for c in kids)
    # passive judgement: "is now thought a waste of", "commonly thought of as", "feared dead"
    if tok.tag_ == "VBN" and (
        _has_as_complement(tok) or any(c.dep_ in ("oprd", "attr", "acomp", "dobj") for c in kids)
    ):
        return True
    if _first_person_subject(tok):
        # "I think so", "I highly doubt it", "we suspect", but not "I believe in God"
        return not any(c.dep_ == "prep" and c.lower_ in ("in", "about", "of") for c in kids) or tok.lemma_ == "doubt"
    # parenthetical "..., officials believe." (clause attached as the verb's head)
    if tok.dep_ in ("parataxis",) or (tok.dep_ == "ROOT" and not any(c.dep_ in ("dobj", "prep", "attr") for c in kids)
                                     and any(c.dep_ == "ccomp" for c in kids)):
        return True
    return False


def _cond_clausal_stance(doc: Doc, start: int, end: int) -> bool:
    tok = doc[start]
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    kids = list(tok.children)
    if any(c.dep_ in _CLAUSAL_DEPS for c in kids):
        return True
    if tok.dep_ == "parataxis":
        return True
    return False


def _cond_seeming(doc: Doc, start: int, end: int) -> bool:
    tok = doc[start]
    if tok.lemma_.lower() == "seem":
        return tok.pos_ in ("VERB", "AUX")
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    kids = list(tok.children)
    if any(c.dep_ in ("xcomp", "acomp", "attr", "oprd") for c in kids):
        return True
    subj = _subject(tok)
    for c in kids:  # "it appears that ...", "appears as if": a ccomp with a complementiser
        if c.dep_ == "ccomp" and (
            any(m.dep_ == "mark" for m in c.children) or (subj is not None and subj.lower_ == "it")
        ):
            return True
    if subj is not None and subj.lower_ in ("it", "there") and subj.dep_ in ("expl", "nsubj"):
        # "it appears that" (ccomp already caught) / "there appears to be"; bare "it appeared" is no
        return any(c.dep_ in ("advcl",) for c in kids)
    return False


def _cond_considered_as(doc: Doc, start: int, end: int) -> bool:
    tok = doc[start]
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    kids = list(tok.children)
    # "consider easing sanctions" (gerund) is deliberation, not judgement
    if any(c.dep_ in ("oprd", "xcomp", "ccomp") and c.tag_ != "VBG" for c in kids):
        return True
    if _has_as_complement(tok):
        return True
    if tok.tag_ == "VBN" and any(c.dep_ in ("attr", "dobj", "acomp") for c in kids):
        # "is considered one of the best", "Considered a hero, ..."
        return True
    return False


def _has_as_complement(tok: Token) -> bool:
    """An 'as' phrase belonging to the verb, also across an agent: "regarded by some as"."""
    for c in tok.children:
        if c.lower_ == "as" and c.dep_ in ("prep", "mark", "advmod"):
            return True
        if c.dep_ in ("agent", "dobj", "prep") and c.lower_ != "as":
            for g in c.subtree:
                if g.lower_ == "as" and g.dep_ == "prep" and 0 < g.i - tok.i <= 8 and (g.head == c or g.head.head == c):
                    return True
    return False


def _cond_regarded_as(doc: Doc, start: int, end: int) -> bool:
    tok = doc[start]
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    return _has_as_complement(tok)


def _cond_epistemic_predicate(doc: Doc, start: int, end: int) -> bool:
    tok = doc[start]
    if tok.pos_ != "ADJ" or tok.dep_ == "amod":
        return False
    if tok.dep_ not in _PREDICATIVE_DEPS:
        return False
    verb = _clause_verb(tok)
    if tok.lower_ == "sure" and "make" in (verb.lemma_.lower(), tok.head.lemma_.lower()):
        return False  # "make sure" = ensure
    if any(c.dep_ in _CLAUSAL_DEPS or (c.dep_ == "prep" and c.lower_ in ("of", "about")) for c in tok.children):
        return True
    if verb != tok and any(c.dep_ in ("ccomp", "csubj") for c in verb.children):
        return True
    if verb.lemma_.lower() == "make":  # "made it clear that": clausal complement on make
        return any(c.dep_ == "ccomp" for c in list(verb.children) + list(tok.children))
    subj = _subject(verb) if verb != tok else _subject(tok)
    if subj is None:
        return False
    if subj.lower_ in _EXPLETIVE_SUBJECTS:
        return True
    # a person (or an institution) can be certain/sure/confident; "the road is clear" is no booster
    return subj.pos_ in ("PRON", "PROPN") and subj.lower_ not in ("it", "they") or (
        subj.ent_type_ in ("PERSON", "NORP", "ORG", "GPE")
    )


def _cond_factive(doc: Doc, start: int, end: int) -> bool:
    tok = doc[start]
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if any(c.dep_ in _CLAUSAL_DEPS for c in tok.children):
        return True
    if _first_person_subject(tok) and tok.lemma_.lower() == "know" and not any(
        c.dep_ in ("dobj", "prep") for c in tok.children
    ):
        return True  # "I know." / "we know"
    return False


def _cond_possible_epistemic(doc: Doc, start: int, end: int) -> bool:
    tok = doc[start]
    if tok.dep_ == "amod":
        return False  # attributive "possible negotiations": names a kind of event, not a judgement
    prev = doc[tok.i - 1] if tok.i > 0 else None
    if prev is not None and (prev.lower_ == "as" or prev.tag_ == "JJS" or prev.lower_ in ("every", "all")):
        return False
    verb = _clause_verb(tok)
    if verb.lemma_.lower() in ("make", "render") and verb != tok:
        return False
    # "it is possible for X to / possible to do": circumstantial (dynamic) possibility, Palmer 2001
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ in ("for", "to"):
        return False
    if any(c.dep_ == "xcomp" for c in list(tok.children) + list(verb.children)) and not any(
        c.dep_ == "ccomp" for c in list(tok.children) + list(verb.children)
    ):
        return False
    return True


def _cond_downtoner_rather(doc: Doc, start: int, end: int) -> bool:
    tok = doc[start]
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    prev = doc[tok.i - 1] if tok.i > 0 else None
    if nxt is not None and nxt.lower_ == "than":
        return False
    if prev is not None and (prev.lemma_.lower() == "would" or prev.lower_ in ("'d", "or")):
        return False
    return nxt is not None and nxt.pos_ in ("ADJ", "ADV", "DET", "VERB")


def _cond_noun_that_clause(doc: Doc, start: int, end: int) -> bool:
    """A belief noun with a content clause: "the belief that", "the view that Iran will ..."."""
    tok = doc[start]
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    for c in tok.children:
        if c.dep_ in ("acl", "ccomp", "appos") and any(
            m.lower_ in ("that", "whether") and m.dep_ in ("mark", "nsubj", "dobj") and m.i < c.i for m in c.children
        ):
            return True
    nxt = doc[end] if end < len(doc) else None
    return nxt is not None and nxt.lower_ == "that" and nxt.dep_ == "mark"


def _cond_assertive(doc: Doc, start: int, end: int) -> bool:
    """Not inside a conditional clause: "if we are not going to export oil" asserts nothing."""
    tok = doc[start]
    cur = tok
    for _ in range(4):
        if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in cur.children):
            return False
        if cur.dep_ in ("advcl", "ROOT") or cur.head == cur:
            break
        cur = cur.head
    return True


CONDITIONS = {
    "assertive": _cond_assertive,
    "noun_that_clause": _cond_noun_that_clause,
    "modal_may": _cond_modal_may,
    "modal_would": _cond_modal_would,
    "modal_could": _cond_modal_could,
    "must_epistemic": _cond_must_epistemic,
    "approximator": _cond_approximator,
    "doxastic": _cond_doxastic,
    "clausal_stance": _cond_clausal_stance,
    "seeming": _cond_seeming,
    "considered_as": _cond_considered_as,
    "regarded_as": _cond_regarded_as,
    "epistemic_predicate": _cond_epistemic_predicate,
    "factive": _cond_factive,
    "possible_epistemic": _cond_possible_epistemic,
    "downtoner_rather": _cond_downtoner_rather,
}


def _is_negated(doc: Doc, start: int, end: int) -> bool:
    """True when the cue (or the predicate it belongs to) has a negation dependent."""
    for tok in doc[start:end]:
        if any(c.dep_ == "neg" for c in tok.children):
            return True
        if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
            return True
        if tok.dep_ in ("acomp", "attr", "aux", "auxpass", "advmod", "oprd") and tok.head != tok:
            # negation on the clause's verb that precedes the cue: "is not clear", "may not"
            if any(c.dep_ == "neg" and (c.i < tok.i or tok.dep_ in ("aux", "auxpass")) for c in tok.head.children):
                return True
    prev = doc[start - 1] if start > 0 else None
    if prev is not None and prev.lower_ in ("not", "n't", "n’t", "never"):
        return True
    return False


# --------------------------------------------------------------------------- detector
class HedgeDetector:
    """Find hedges and boosters in a parsed spaCy Doc.

    Build once per vocabulary (the matcher is compiled here), call on each Doc::

        det = HedgeDetector(nlp.vocab)
        rows = det(doc)

    Each row is a dict with keys ``kind`` (hedge | booster), ``text``, ``lemma``, ``start_char``,
    ``end_char``, ``token_start``, ``token_end``, ``category``, ``sense`` ("epistemic" for modal
    cues, else None), ``strength`` (low | median | high | None), ``negated``, ``lexicon``
    (e.g. "hedges.tsv v1") and ``rule``. Overlapping matches resolve to the longest accepted cue.

    Parameters
    ----------
    vocab
        The pipeline's ``nlp.vocab``.
    kinds
        Which lexicons to use: ``("hedge", "booster")`` by default.
    """

    @classmethod
    def from_settings(cls, vocab: Vocab, settings) -> HedgeDetector:
        """The detector of a measure run (:class:`discourse.registry.Settings`): its ``modal_profile``."""
        return cls(vocab, modal_profile=settings.modal_profile)

    def __init__(self, vocab: Vocab, *, kinds: Iterable[str] = ("hedge", "booster"), modal_profile: str = "default"):
        self.vocab = vocab
        self.kinds = tuple(kinds)
        self.modal_profile = check_profile(modal_profile)
        self.entries: list[CueEntry] = []
        self.lexicon_labels: dict[str, str] = {}
        # one hash-based PhraseMatcher per attribute: cost barely grows with the lexicon's size
        self.matchers = {attr: PhraseMatcher(vocab, attr=attr) for attr in ("LOWER", "NORM", "LEMMA")}
        for kind in self.kinds:
            entries, label = load_lexicon(kind)
            self.lexicon_labels[kind] = label
            for e in entries:
                key = f"{kind}:{len(self.entries)}"
                self.entries.append(e)
                attr = {"lemma": "LEMMA", "norm": "NORM", "lower": "LOWER"}[e.match]
                self.matchers[attr].add(key, self._pattern_docs(vocab, e))
        self._key_index = {vocab.strings[f"{e.kind}:{i}"]: i for i, e in enumerate(self.entries)}
        # degree modifiers (highly, very, fairly ...) of the modal lexicon: value shifts
        self._degree = {m.entry: int(m.strength or 0) for m in load_modal_lexicon()[0] if m.form == "degree_modifier"}

    @staticmethod
    def _pattern_docs(vocab: Vocab, e: CueEntry) -> list[Doc]:
        """Pattern Docs for the PhraseMatcher.

        Lemma entries carry their words as lemmas, plus a variant with a capitalised first lemma
        (spaCy keeps the case of some sentence-initial lemmas, e.g. "Most"); LOWER and NORM are
        case-folded already.
        """
        words = e.entry.split()
        if e.match != "lemma":
            # NORM patterns: the norms of the entry's words are the words themselves
            doc = Doc(vocab, words=words)
            if e.match == "norm":
                for tok, w in zip(doc, words):
                    tok.norm_ = w
            return [doc]
        docs = [Doc(vocab, words=words, lemmas=words)]
        cap = [words[0].capitalize()] + words[1:]
        if cap != words:
            docs.append(Doc(vocab, words=cap, lemmas=cap))
        return docs

    def __call__(self, doc: Doc) -> list[dict]:
        if len(doc) == 0:
            return []
        if not doc.has_annotation("TAG") or not doc.has_annotation("DEP"):
            raise InputError(
                "HedgeDetector needs a Doc with part-of-speech tags and a dependency parse "
                "(a pipeline with 'tagger' and 'parser'); got one without TAG/DEP annotation."
            )
        candidates = []
        matches = [m for matcher in self.matchers.values() for m in matcher(doc)]
        senses = self._modal_senses(doc) if matches else {}
        for match_id, start, end in matches:
            e = self.entries[self._key_index[match_id]]
            if not self._agrees_with_modal_sense(senses, start, end, e):
                continue
            if e.condition != "-" and not CONDITIONS[e.condition](doc, start, end):
                continue
            candidates.append((start, end, e))
        # longest accepted match wins; ties: hedge lexicon first (its order in the file)
        candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
        taken = [False] * len(doc)
        rows = []
        for start, end, e in candidates:
            if any(taken[start:end]):
                continue
            row = self._row(doc, start, end, e)
            if row is None:
                continue
            for i in range(start, end):
                taken[i] = True
            rows.append(row)
        rows.sort(key=lambda r: r["token_start"])
        self._grade(doc, rows)
        return rows

    def _modal_senses(self, doc: Doc) -> dict[int, str]:
        """Token index -> sense of every modal expression of the Doc: the modal measure's one
        decision per token (computed once per Doc and profile, shared with the modal table)."""
        return {i: r["sense"] for r in modal_rows(doc, self.modal_profile)
                for i in range(r["token_start"], r["token_end"])}

    @staticmethod
    def _agrees_with_modal_sense(senses: dict[int, str], start: int, end: int, e: CueEntry) -> bool:
        """A hedge/booster is epistemic: it may not overlap a modal expression whose sense is
        deontic or dynamic ("could" of ability, "possible to"), and a modal cue (may, might, could,
        would, must) needs a modal auxiliary of epistemic sense under it ("May" the month and
        "might" the noun have none)."""
        inside = [senses[i] for i in range(start, end) if i in senses]
        if any(sense != "epistemic" for sense in inside):
            return False
        return e.category != "modal" or bool(inside)

    def _grade(self, doc: Doc, rows: list[dict]) -> None:
        """Strength from the whole expression (Halliday & Matthiessen 2014: 4.5; Quirk et al. 1985:
        7.33): a degree modifier on the cue shifts its value ("highly doubt", "very likely": one up;
        "fairly sure": one down), and a hedge modifying a booster lowers it ("probably certain":
        high -> median; the hedge keeps its own row). ``rule`` gets ``+intensified`` /
        ``+downtoned`` / ``+hedged``."""
        hedge_at = {r["token_start"] for r in rows if r["kind"] == "hedge" and r["token_end"] - r["token_start"] == 1}
        for r in rows:
            if r["strength"] is None:
                continue
            head = doc[r["token_start"]]
            mods = [c for c in head.children if c.dep_ == "advmod" and c.i < head.i]
            if head.dep_ in ("acomp", "attr") and head.head is not head:  # "is probably certain"
                mods += [c for c in head.head.children if c.dep_ == "advmod" and c.i < head.i]
            shift = sum(self._degree.get(c.lower_, 0) for c in mods)
            hedged = r["kind"] == "booster" and any(c.i in hedge_at for c in mods)
            if shift:
                r["strength"] = _shift_strength(r["strength"], shift)
                r["rule"] += "+intensified" if shift > 0 else "+downtoned"
            if hedged:
                r["strength"] = _shift_strength(r["strength"], -1)
                r["rule"] += "+hedged"

    def _row(self, doc: Doc, start: int, end: int, e: CueEntry) -> dict | None:
        kind, category, strength = e.kind, e.category, e.strength
        rule = e.condition if e.condition != "-" else "lexical"
        if e.has_negation:
            negated = True
        else:
            negated = _is_negated(doc, start, end)
            if negated:
                if e.negated_kind == "drop":
                    return None
                if e.negated_kind in ("hedge", "booster") and e.negated_kind != e.kind:
                    kind = e.negated_kind
                    if kind == "hedge":
                        category, strength, rule = "negated_certainty", "low", "negated_certainty"
                    else:  # "not possible", "don't doubt": a negated low value is a high one
                        category, strength, rule = "negated_hedge", "high", "negated_hedge"
        text, start_char, end_char = span_text(doc, start, end)
        return {
            "kind": kind,
            "text": text,
            "lemma": span_lemma(doc, start, end),
            "start_char": start_char,
            "end_char": end_char,
            "token_start": start,
            "token_end": end,
            "category": category,
            "sense": "epistemic" if category == "modal" else None,
            "strength": strength,
            "negated": negated,
            "lexicon": self.lexicon_labels[e.kind],
            "rule": rule,
        }


_STRENGTHS = ("low", "median", "high")


def _shift_strength(strength: str, by: int) -> str:
    i = max(0, min(len(_STRENGTHS) - 1, _STRENGTHS.index(strength) + by))
    return _STRENGTHS[i]


def assign_voice(cue_rows: list[dict], sentence_voice_rows: list[dict], *,
                 quote_spans: Iterable[tuple[int, int]] = ()) -> list[dict]:
    """Add ``voice`` (authorial | reported | quoted) and ``speaker`` to hedge/booster rows.

    ``sentence_voice_rows`` are :class:`discourse.measures.attribution.AttributionDetector`'s
    rows for the SAME Doc (``start_char``, ``end_char``, ``voice``, ``speaker``): a cue takes the
    voice of its sentence; a cue inside a direct quotation (``quote_spans``: character spans, e.g.
    ``attribution.real_quotes(doc)``) is ``quoted`` whatever its sentence. A hedge in a reported or
    quoted sentence is the source's, not the writer's (Hyland 2005: metadiscourse is the writer's;
    Thompson & Yiyun 1991 on averral vs attribution). Rows are changed in place and returned;
    a cue outside every sentence row gets ``voice`` None.
    """
    spans = sorted((int(r["start_char"]), int(r["end_char"]), r) for r in sentence_voice_rows)
    quotes = list(quote_spans)
    starts = [a for a, _, _ in spans]
    for cue in cue_rows:
        at = int(cue["start_char"])
        k = bisect_right(starts, at) - 1
        sent = spans[k][2] if k >= 0 and at < spans[k][1] else None
        voice = sent["voice"] if sent else None
        if any(a < at < b for a, b in quotes):
            voice = "quoted"
        cue["voice"] = voice
        cue["speaker"] = sent.get("speaker") if sent else None
    return cue_rows


_DETECTORS: dict[int, tuple[Vocab, HedgeDetector]] = {}


def find_hedges(doc: Doc) -> list[dict]:
    """Hedges and boosters in ``doc`` with a detector cached per vocabulary (see :class:`HedgeDetector`)."""
    key = id(doc.vocab)
    hit = _DETECTORS.get(key)
    if hit is None or hit[0] is not doc.vocab:
        hit = (doc.vocab, HedgeDetector(doc.vocab))
        _DETECTORS[key] = hit
    return hit[1](doc)

