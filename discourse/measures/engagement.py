"""ENGAGEMENT: how a text positions its propositions among other voices (Martin & White 2005, ch. 3).

What it measures
    Martin, J.R. & White, P.R.R. (2005), *The Language of Evaluation: Appraisal in English*
    (Basingstoke: Palgrave), ch. 3, call an utterance **monoglossic** when it is a bare assertion
    that does not recognise any alternative position ("Iran enriched uranium in 2019.") and
    **heteroglossic** when it does. Heteroglossic resources either *contract* the dialogic space
    (they reject or challenge alternatives) or *expand* it (they make room for them):

    ============  ============  ==========================================================
    system        category      realisations (examples)
    ============  ============  ==========================================================
    disclaim      deny          negation: not, n't, never, no, nobody, nothing, cannot
    disclaim      counter       but, however, although, yet, despite, even, surprisingly
    proclaim      concur        of course, naturally, admittedly, obviously
    proclaim      pronounce     indeed, really, clearly, in fact, I contend, the fact is
    proclaim      endorse       X showed / demonstrated / proved / found that
    entertain     entertain     epistemic may/might/could/must, perhaps, probably, it seems,
                                I think, (un)likely, possible, expository questions
    attribute     acknowledge   X said / argued / believes that, according to X, it is said
    attribute     distance      X claimed that, allegedly, so-called, scare quotes
    ============  ============  ==========================================================

    disclaim and proclaim contract, entertain and attribute expand. Entertain overlaps Hyland's
    (2005) hedges and pronounce/concur/endorse his boosters; the lexicon
    (``discourse/lexicons/engagement.tsv``) cites the source of each entry. The hedge/booster
    measure (``hedging.py``) and this one are two views of the same commitment resources: a
    negation is a DENY here and never a booster.

Unit and output
    One row per cue (see :meth:`EngagementDetector.__call__` for the keys). A sentence is
    heteroglossic iff it has at least one cue (:func:`sentence_engagement`).

Context rules (the ``rule`` of each row; the lexicon's ``condition`` column names them)
    ``negation``         not/never/no/nothing...: not "not only" (additive), "whether or not",
                         "nothing but"/"all but" ("only"/"almost": no denial).
    ``but_counter``      *but* as a clause coordinator (dep ``cc``) or sentence-initially; not
                         "all but", "nothing but", "anything but" (degree/exception), "but also"
                         (after "not only"), nor the preposition "everyone but him".
    ``yet_counter``      *yet* as a conjunction or after a comma; not "not yet", "has yet to".
    ``however_counter``  not "however hard" (degree: followed by an adjective/adverb).
    ``though_counter``   not "as though" (comparison).
    ``concessive_while`` *while* as a subordinator whose clause is not progressive or a bare
                         -ing form ("while he was talking" is temporal; "While the contents were not
                         made public" concedes).
    ``even_counter``     the focusing adverb *even* ("even pragmatists", "even after a year") counters
                         an expectation. Not the adjective ("an even number", "break even") and not
                         "even if": a concessive *conditional* entertains a hypothesis instead of
                         countering a proposition the reader is assumed to hold (M&W 2005: 120: counter
                         replaces an expected proposition). "even though" (a fact conceded) counters.
    ``sentence_adverb``  concur/pronounce adverbs as comments on the clause: not manner ("spoke
                         clearly", after its verb) nor in a participle modifier ("naturally occurring").
    ``endorse_frame``    show/prove/demonstrate/find... with a clausal complement ("the uprisings
                         showed that ..."); "show the way" is no row. With an I/we subject there is no
                         external source: the ``first_person`` column decides ("I find that" ->
                         entertain, "we show that" -> pronounce).
    ``epistemic_modal``  a modal auxiliary entertains iff the package's one modal-sense decision per token
                         (:func:`discourse.measures.modality.modal_rows`, read by the hedge and modal
                         tables too) calls it epistemic: deontic "must leave", dynamic "they could
                         fight" and intention "will" are no row (one reading per token across tables).
    ``possible_epistemic`` not "as soon as possible", "everything possible", "possible to" (dynamic).
    ``seeming``          *appear* as a verb of seeming, not "appeared in court" (hedging.py rule).
    ``question``         a question mark ("??" is one): expository and rhetorical questions entertain (M&W 2005: 110).
    ``reporting_frame``  a reporting/cognition verb counts when it projects a proposition: a clausal
                         complement (``ccomp``), a paratactic or postposed frame ("..., diplomats said"),
                         an agentless passive with a complement ("are believed to have been", "it is
                         said that"), "accuse X of -ing", "call X Y". Its ``speaker`` is the verb's
                         subject (inherited along conj/xcomp/advcl), the passive agent, or None. With
                         an I/we subject the lexicon's ``first_person`` column decides: "I think/doubt"
                         -> entertain, "I contend/insist" -> pronounce, "I hope" -> no row. An
                         imperative ("Please note that ...") credits nobody: no row.
    ``evidence_frame``   suggest/indicate: acknowledge with a voice as subject (a personal pronoun or a
                         person/organisation/nation entity), entertain with evidence as subject ("the
                         results indicate that") unless the verb is past ("the minister suggested
                         that": a speech act). Present tense with a common-noun voice ("officials
                         suggest that") counts as entertain: a known limitation (no animacy in spaCy).
    ``according_to``     "according to X": acknowledge, X (the object of "to") is the speaker.
    ``shell_noun``       position/view/claim ... with a that-clause ("Trump's position was that",
                         "the claim that"): acknowledge, *claim*/*allegation* distance; the possessor
                         is the speaker ("my/our view is that": entertain). A noun without a clause ("a territorial claim") is no row.
    ``scare_quote``      a quotation that :func:`~discourse.measures.attribution.real_quotes` does not
                         count as direct speech (short, verbless) is DISTANCE when its sentence has no
                         attribution cue (acknowledge/distance); in "'several' messages have been
                         exchanged, X told reporters" the quote is X's wording, already attributed.
    Overlapping matches resolve to the longest accepted cue ("not surprisingly" is one concur cue,
    "no doubt" one pronounce cue).

Cost: two hash-based phrase matchers per Doc and a few dependency-arc checks per match; the
per-Doc views of ``_doc.py`` are shared with the other measures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from ..errors import InputError
from ..lexicon import LEXICON_DIR, read_lexicon
from ..nlp import check_text, parse_one
from ._doc import LemmaOrLowerMatcher, doc_text, sentence_index, sentences, span_lemma, span_text, token_attrs, views
from .attribution import _speaker_text, _subject_of, check_doc, quote_spans, real_quotes
from .hedging import CONDITIONS as HEDGE_CONDITIONS
from .modality import check_profile, modal_rows

LEXICON_FILE = "engagement.tsv"

#: category -> system (Martin & White 2005, ch. 3, fig. 3.4)
SYSTEMS: dict[str, str] = {
    "deny": "disclaim",
    "counter": "disclaim",
    "concur": "proclaim",
    "pronounce": "proclaim",
    "endorse": "proclaim",
    "entertain": "entertain",
    "acknowledge": "attribute",
    "distance": "attribute",
}
CATEGORIES: tuple[str, ...] = tuple(SYSTEMS)
COLUMNS: tuple[str, ...] = ("category", "system", "text", "lemma", "start_char", "end_char", "sent_id",
                            "token_start", "token_end", "speaker", "rule", "lexicon")
_FIRST_PERSON_VALUES = frozenset({"same", "entertain", "pronounce", "drop"})

# Closed-class grammatical items of the context rules (not lexicon entries).
_FIRST_PERSON = frozenset({"i", "we"})
_BUT_DEGREE = frozenset({"all", "nothing", "anything", "none", "everything", "everyone", "anyone", "nobody",
                         "everybody", "anybody", "no"})
_VERBAL = frozenset({"VERB", "AUX"})
_EPISTEMIC_ONLY = frozenset({"may", "might", "must"})
_SCARE_QUOTE = "scare_quote"


@dataclass(frozen=True)
class EngagementEntry:
    """One row of ``engagement.tsv``."""

    entry: str
    category: str
    system: str
    condition: str
    first_person: str
    source: str


@lru_cache(maxsize=1)
def load_engagement_lexicon() -> tuple[tuple[EngagementEntry, ...], str]:
    """Entries of ``engagement.tsv`` and its label ("engagement.tsv v1"), checked column by column."""
    lex = read_lexicon(LEXICON_DIR / LEXICON_FILE, required=("entry", "system", "source"),
                       choices={"category": SYSTEMS, "condition": ("-", _SCARE_QUOTE, *RULES),
                                "first_person": _FIRST_PERSON_VALUES})
    entries = []
    for n, r in enumerate(lex.rows, 1):
        e = EngagementEntry(*(r[k] for k in ("entry", "category", "system", "condition", "first_person", "source")))
        where = f"{LEXICON_FILE} entry {n} ({e.entry!r})"
        if e.system != SYSTEMS[e.category]:
            raise InputError(f"{where}: category {e.category} belongs to system {SYSTEMS[e.category]}, not {e.system!r}.")
        if not e.source:
            raise InputError(f"{where}: every entry needs a source (citation).")
        entries.append(e)
    return tuple(entries), lex.label


# --------------------------------------------------------------------------- context rules
# A rule takes (detector, doc, start, end) and returns None (no cue) or (category, speaker):
# category None keeps the entry's category.
Outcome = tuple[str | None, str | None] | None
KEEP: Outcome = (None, None)


def _neighbour(doc: Doc, i: int) -> str:
    """Lowercase form of token ``i`` ("" outside the Doc)."""
    return token_attrs(doc).lower[i] if 0 <= i < len(doc) else ""


def _sentence_starts(doc: Doc) -> list[int]:
    """First token index of each sentence (cached with the other per-Doc views)."""
    v = views(doc)
    starts = v.get("engagement.sent_starts")
    if starts is None:
        starts = v["engagement.sent_starts"] = [s.start for s in sentences(doc)]
    return starts


def _clause_initial(doc: Doc, i: int) -> bool:
    """Token ``i`` is the first word of its sentence (quotation marks and punctuation skipped) or
    follows a dash, semicolon or colon."""
    a = token_attrs(doc)
    sent_start = _sentence_starts(doc)[sentence_index(doc)[i]]
    j = i - 1
    while j >= sent_start and not a.is_word[j]:
        if a.lower[j] in ("—", "–", ";", ":", "-"):
            return True
        j -= 1
    return j < sent_start


def _rule_negation(det, doc: Doc, start: int, end: int) -> Outcome:
    low, nxt, prev = _neighbour(doc, start), _neighbour(doc, end), _neighbour(doc, start - 1)
    if low == "not" and nxt == "only":
        return None  # "not only ... but also": additive
    if prev == "or" and low == "not":
        return None  # "whether or not"
    if low == "nothing" and nxt == "but":
        return None  # "nothing but" = only
    return KEEP


def _rule_but(det, doc: Doc, start: int, end: int) -> Outcome:
    if _neighbour(doc, start - 1) in _BUT_DEGREE or _neighbour(doc, end) == "also":
        return None
    tok = doc[start]
    return KEEP if tok.dep_ == "cc" or _clause_initial(doc, start) else None


def _rule_yet(det, doc: Doc, start: int, end: int) -> Outcome:
    if _neighbour(doc, start - 1) in ("not", "n't", "has", "have", "had", "is", "are", "was") or _neighbour(doc, end) == "to":
        return None
    tok = doc[start]
    return KEEP if tok.dep_ == "cc" or _clause_initial(doc, start) or _neighbour(doc, start - 1) in (",", ";") else None


def _rule_however(det, doc: Doc, start: int, end: int) -> Outcome:
    nxt = doc[end] if end < len(doc) else None
    return None if nxt is not None and nxt.pos_ in ("ADJ", "ADV") else KEEP


def _rule_though(det, doc: Doc, start: int, end: int) -> Outcome:
    return None if _neighbour(doc, start - 1) == "as" else KEEP


def _rule_concessive_while(det, doc: Doc, start: int, end: int) -> Outcome:
    tok = doc[start]
    if tok.dep_ != "mark":
        return None  # "for a while", "a while ago"
    verb = tok.head
    if verb.tag_ == "VBG":
        return None  # "while talking", "while he was talking": temporal
    return KEEP


def _rule_even(det, doc: Doc, start: int, end: int) -> Outcome:
    tok = doc[start]
    if tok.pos_ != "ADV" and tok.dep_ != "advmod":
        return None  # "an even number", "break even"
    if _neighbour(doc, end) == "if":
        return None  # concessive conditional: entertains a hypothesis (see module docstring)
    return KEEP


def _rule_sentence_adverb(det, doc: Doc, start: int, end: int) -> Outcome:
    if end - start > 1:
        return KEEP  # "of course", "not surprisingly"
    tok = doc[start]
    if tok.pos_ != "ADV":
        return None
    head = tok.head
    if head.tag_ in ("VBG", "VBN") and (head.dep_ in ("amod", "acl") or (
            head.i == tok.i + 1 and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in head.children))):
        return None  # participle modifier: "naturally occurring"
    if head.pos_ == "VERB" and tok.i > head.i and _neighbour(doc, start - 1) not in (",", "—"):
        return None  # manner: "spoke clearly"
    return KEEP


def _voice_text(tok: Token) -> str:
    """The speaker expression headed by ``tok`` (attribution.py's ``_speaker_text``) without a
    trailing time adjunct the parser attached to it ("Trump on Wednesday" -> "Trump")."""
    text = _speaker_text(tok)
    if tok.dep_ == "poss":  # "Trump's position" -> "Trump"
        text = text.removesuffix("'s").removesuffix("’s").removesuffix("'").removesuffix("’").rstrip()
    for c in tok.rights:
        if c.dep_ == "prep" and any(g.ent_type_ in ("DATE", "TIME") for g in c.subtree):
            cut = c.idx - tok.left_edge.idx
            text = text[:cut].rstrip(" ,") if 0 < cut <= len(text) else text
            break
    # a relative clause is cut by _speaker_text after its pronoun: "diplomats who" -> "diplomats"
    head, _, last = text.rpartition(" ")
    return head if head and last.lower() in ("who", "which", "that", "whom") else text


def _speaker_of(verb: Token) -> str | None:
    """Who a projecting verb credits: the possessor of a gerund ("the United States' saying it
    wants to talk"), its subject, else the passive agent, else None."""
    if verb.tag_ == "VBG":
        poss = next((c for c in verb.children if c.dep_ == "poss"), None)
        if poss is not None:
            return _voice_text(poss)
        doc = verb.doc  # the parser often detaches a plural's apostrophe: "the United States’ saying"
        if verb.i >= 2 and doc[verb.i - 1].text in ("'", "’") and doc[verb.i - 2].pos_ in ("PROPN", "NOUN"):
            return _voice_text(doc[verb.i - 2])
    subj = _subject_of(verb)
    if subj is not None and subj.dep_ != "nsubjpass":
        return _voice_text(subj)
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is not None:
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        return _voice_text(pobj) if pobj is not None else None
    return None


def _rule_according_to(det, doc: Doc, start: int, end: int) -> Outcome:
    """"according to X": X is the speaker (Hyland 2005 evidential; M&W 2005 acknowledge)."""
    pobj = next((c for c in doc[end - 1].children if c.dep_ == "pobj"), None)
    return (None, _voice_text(pobj) if pobj is not None else None)


def _first_person(verb: Token) -> bool:
    subj = _subject_of(verb)
    return subj is not None and subj.lower_ in _FIRST_PERSON


def _projects(verb: Token) -> bool:
    """``verb`` projects a proposition (see ``reporting_frame`` in the module docstring)."""
    kids = list(verb.children)
    deps = {c.dep_ for c in kids}
    lemma = verb.lemma_.lower()
    if "ccomp" in deps or "parataxis" in deps or verb.dep_ == "parataxis":
        return True
    if verb.dep_ == "ROOT" and any(c.dep_ in ("ccomp", "advcl") and c.i < verb.i and c.pos_ in _VERBAL
                                   and not any(g.dep_ == "mark" for g in c.children) for c in kids):
        return True  # postposed: "..., messages have been exchanged, X told reporters"
    if "auxpass" in deps and any(c.dep_ == "xcomp" and _evidential_infinitive(c) for c in kids):
        return True  # "are believed to have been", "is said to be"; not "was told to leave"
    if lemma == "accuse":
        return any(c.dep_ == "prep" and c.lower_ == "of" for c in kids)
    if lemma == "call":  # naming by someone: "officials call their regime 'revolutionary'"
        return "oprd" in deps and any(c.dep_ == "nsubj" for c in kids)
    return False


def _evidential_infinitive(xcomp: Token) -> bool:
    """A to-infinitive of state or perfect ("to be", "to have been aimed"): the complement of an
    evidential passive. Directive passives take an action ("told to leave", "called upon to do")."""
    if xcomp.lemma_ in ("be", "have"):
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.lemma_ in ("be", "have") for c in xcomp.children)


def _rule_reporting_frame(det, doc: Doc, start: int, end: int) -> Outcome:
    verb = doc[start]
    if verb.pos_ not in _VERBAL:
        return None  # "the State Department", "a claim"
    entry_fp = det.current.first_person
    if _first_person(verb) and entry_fp != "same":
        if entry_fp == "drop":
            return None
        if entry_fp == "entertain" and any(c.dep_ == "prep" and c.lower_ in ("in", "about") for c in verb.children):
            return None  # "I believe in God"
        return (entry_fp, None)  # "I highly doubt it", "I think ...", "I contend ..."
    if not _projects(verb) or _imperative(verb):
        return None  # no proposition credited to anyone ("Please note that ...")
    return (None, _speaker_of(verb))


def _rule_endorse(det, doc: Doc, start: int, end: int) -> Outcome:
    verb = doc[start]
    if verb.pos_ not in _VERBAL or not any(c.dep_ == "ccomp" for c in verb.children):
        return None
    if _first_person(verb):  # no external source: "I find that" = entertain, "we show that" = pronounce
        fp = det.current.first_person
        return None if fp == "drop" else ((None if fp == "same" else fp), None)
    return (None, _speaker_of(verb))


def _imperative(verb: Token) -> bool:
    """A bare-infinitive verb without subject or auxiliary: "Please note that ...", "Say it"."""
    return verb.tag_ == "VB" and _subject_of(verb) is None and not any(
        c.dep_ in ("aux", "auxpass") for c in verb.children)


def _rule_epistemic_modal(det, doc: Doc, start: int, end: int) -> Outcome:
    """A modal auxiliary entertains iff THE modal-sense decision of the Doc
    (:func:`discourse.measures.modality.modal_rows`, which the hedge and modal tables read too) calls
    it epistemic: one reading per token across the tables."""
    tok = doc[start]
    if tok.tag_ != "MD":
        return None  # "May 20"
    sense = next((r["sense"] for r in modal_rows(doc, det.modal_profile)
                  if r["token_start"] == start and r["kind"] == "modal"), None)
    return KEEP if sense == "epistemic" else None


def _negated_possibility(tok: Token) -> bool:
    """'not possible', 'is not possible', 'no possible way': the negation rules the possibility out, so
    the sentence denies (its deny cue is the row) rather than entertains (as 'cannot' is deny only)."""
    if any(c.dep_ == "neg" for c in tok.children) or tok.i and tok.doc[tok.i - 1].lower_ in ("not", "no", "never"):
        return True
    return tok.dep_ == "acomp" and any(c.dep_ == "neg" for c in tok.head.children)


def _rule_possible(det, doc: Doc, start: int, end: int) -> Outcome:
    if _neighbour(doc, start - 1) in ("everything", "anything", "whatever", "all"):
        return None  # "do everything possible": dynamic
    if _negated_possibility(doc[start]):
        return None
    if doc[start].dep_ == "amod" and doc[start].head.pos_ == "NOUN":
        # "a possible conflict": the codebook counts an entertained entity as entertain (engagement.md),
        # whereas the hedge measure does not (it modulates no proposition's commitment: hedging.py)
        return KEEP
    return KEEP if HEDGE_CONDITIONS["possible_epistemic"](doc, start, end) else None


def _rule_seeming(det, doc: Doc, start: int, end: int) -> Outcome:
    return KEEP if HEDGE_CONDITIONS["seeming"](doc, start, end) else None


def _rule_question(det, doc: Doc, start: int, end: int) -> Outcome:
    return None if _neighbour(doc, start - 1) == "?" else KEEP  # "??" is one question


def _is_person(tok: Token) -> bool:
    """A subject that can be a voice: a personal pronoun or a person/organisation/nation entity."""
    return (tok.tag_ == "PRP" and tok.lower_ not in ("it", "there")) or tok.ent_type_ in ("PERSON", "NORP", "ORG", "GPE")


def _rule_evidence_frame(det, doc: Doc, start: int, end: int) -> Outcome:
    """suggest/indicate: acknowledge with a voice as subject ("the minister suggested that"),
    entertain with evidence as subject ("the results indicate that", "..., which suggests that")."""
    verb = doc[start]
    if verb.pos_ not in _VERBAL or not _projects(verb):
        return None
    subj = _subject_of(verb)
    if (subj is None or not _is_person(subj)) and verb.tag_ != "VBD":
        return ("entertain", None)
    return (None, _speaker_of(verb))  # a voice, or a past speech act: "the minister suggested that"


def _rule_shell_noun(det, doc: Doc, start: int, end: int) -> Outcome:
    tok = doc[start]
    if tok.pos_ != "NOUN":
        return None
    head = tok.head
    that_clause = HEDGE_CONDITIONS["noun_that_clause"](doc, start, end) or (
        tok.dep_ == "nsubj" and head.lemma_ == "be" and any(
            c.dep_ == "ccomp" and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
            for c in head.children))
    if not that_clause:
        return None  # "a territorial claim", "two positions on"
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if poss is not None and poss.lower_ in ("my", "our"):
        return ("entertain", None)  # "my view is that": the writer's own position (M&W 3.3)
    return (None, _voice_text(poss) if poss is not None else None)


RULES: dict[str, Callable[..., Outcome]] = {
    "negation": _rule_negation,
    "but_counter": _rule_but,
    "yet_counter": _rule_yet,
    "however_counter": _rule_however,
    "though_counter": _rule_though,
    "concessive_while": _rule_concessive_while,
    "even_counter": _rule_even,
    "sentence_adverb": _rule_sentence_adverb,
    "reporting_frame": _rule_reporting_frame,
    "endorse_frame": _rule_endorse,
    "epistemic_modal": _rule_epistemic_modal,
    "possible_epistemic": _rule_possible,
    "seeming": _rule_seeming,
    "question": _rule_question,
    "shell_noun": _rule_shell_noun,
    "evidence_frame": _rule_evidence_frame,
    "according_to": _rule_according_to,
}


# --------------------------------------------------------------------------- detector
class EngagementDetector:
    """Find Engagement cues (Martin & White 2005, ch. 3) in a parsed spaCy Doc.

    Build once per vocabulary (the matchers are compiled here), call on each Doc::

        det = EngagementDetector(nlp.vocab)
        rows = det(doc)

    Needs a Doc with tags, lemmas and a dependency parse. See the module docstring for the rules.
    """

    def __init__(self, vocab: Vocab, *, modal_profile: str = "default"):
        self.vocab = vocab
        #: the modal-sense profile whose epistemic modals entertain (:data:`~discourse.measures.modality.PROFILES`)
        self.modal_profile = check_profile(modal_profile)
        self.entries, self.lexicon = load_engagement_lexicon()
        self.matcher = LemmaOrLowerMatcher(vocab)
        self._by_key: dict[str, EngagementEntry] = {}
        self.scare_quote_entry = next((e for e in self.entries if e.condition == _SCARE_QUOTE), None)
        for i, e in enumerate(self.entries):
            if e.condition == _SCARE_QUOTE:
                continue
            key = f"engagement:{i}"
            self._by_key[key] = e
            self.matcher.add(key, e.entry.split())
        self.current: EngagementEntry | None = None  # the entry a rule is checking (for first_person)

    def _accept(self, doc: Doc, start: int, end: int, e: EngagementEntry) -> Outcome:
        if e.condition == "-":
            return KEEP
        self.current = e
        return RULES[e.condition](self, doc, start, end)

    def __call__(self, doc: Doc) -> list[dict]:
        """One dict per cue, in text order, with keys :data:`COLUMNS`: ``category``, ``system``,
        ``text``, ``lemma``, ``start_char``/``end_char`` (offsets into ``doc.text``), ``sent_id``
        (0-based sentence index in the Doc), ``token_start``/``token_end``, ``speaker`` (attribute
        cues: who is credited, when known), ``rule`` (which rule decided) and ``lexicon``."""
        check_doc(doc)
        if not len(doc):
            return []
        candidates = []
        for key, start, end in self.matcher(doc):
            e = self._by_key[key]
            outcome = self._accept(doc, start, end, e)
            if outcome is not None:
                candidates.append((start, end, e, outcome))
        candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
        # one reading per token: no entertain cue on a token the modal table reads as deontic or
        # dynamic ("we're supposed to say": obligation, not evidence)
        root_modal = {i for m in modal_rows(doc, self.modal_profile) if m["sense"] != "epistemic"
                      for i in range(m["token_start"], m["token_end"])}
        candidates = [c for c in candidates
                      if not ((c[3][0] or c[2].category) == "entertain" and root_modal.intersection(range(c[0], c[1])))]
        taken = [False] * len(doc)
        sent_of = sentence_index(doc)
        rows = []
        for start, end, e, (category, speaker) in candidates:
            if any(taken[start:end]):
                continue
            taken[start:end] = [True] * (end - start)
            rule = e.condition if e.condition != "-" else "lexical"
            if category is not None and category != e.category:
                rule = f"{rule}:first_person"
            rows.append(self._row(doc, start, end, category or e.category, speaker, rule, sent_of[start]))
        rows.extend(self._scare_quotes(doc, rows, sent_of))
        rows.sort(key=lambda r: (r["token_start"], r["token_end"]))
        return rows

    def _row(self, doc: Doc, start: int, end: int, category: str, speaker: str | None, rule: str,
             sent_id: int) -> dict:
        text, start_char, end_char = span_text(doc, start, end)
        return {"category": category, "system": SYSTEMS[category], "text": text,
                "lemma": span_lemma(doc, start, end), "start_char": start_char, "end_char": end_char,
                "sent_id": sent_id, "token_start": start, "token_end": end, "speaker": speaker,
                "rule": rule, "lexicon": self.lexicon}

    def _scare_quotes(self, doc: Doc, rows: list[dict], sent_of: list[int]) -> list[dict]:
        """DISTANCE rows for scare quotes in sentences without an attribution cue."""
        if self.scare_quote_entry is None:
            return []
        text = doc_text(doc)
        if '"' not in text and "“" not in text and "«" not in text:
            return []
        real = set(real_quotes(doc))
        attributed = {r["sent_id"] for r in rows if r["system"] == "attribute"}
        out = []
        for a, b in quote_spans(text):
            if (a, b) in real or b - a < 3 or (a > 0 and text[a - 1] == "="):
                continue  # direct speech, empty, or a markup attribute value (href="/contact")
            inner_a, inner_b = a + 1, b - 1
            while inner_a < inner_b and text[inner_a].isspace():
                inner_a += 1
            # expand: the tokenizer may glue a mark to a word ("reformists”/“technocrats")
            span: Span | None = doc.char_span(inner_a, inner_b, alignment_mode="expand")
            if span is None or not len(span) or not text[inner_a:inner_b].strip():
                continue
            sid = sent_of[span.start]
            if sid in attributed:
                continue  # the quoted wording is credited to the sentence's speaker
            row = self._row(doc, span.start, span.end, "distance", None, _SCARE_QUOTE, sid)
            row.update(text=text[inner_a:inner_b], start_char=inner_a, end_char=inner_b)
            out.append(row)
        return out


_DETECTORS: dict[tuple[int, str], tuple[Vocab, EngagementDetector]] = {}


def engagement_rows(doc: Doc, *, modal_profile: str = "default") -> list[dict]:
    """Engagement cues of an already parsed ``doc`` (no re-parse), with a detector cached per
    vocabulary and modal-sense profile. The integrator's entry point for the Measurer and the
    cue/sentence tables."""
    check_doc(doc)
    key = (id(doc.vocab), check_profile(modal_profile))
    hit = _DETECTORS.get(key)
    if hit is None or hit[0] is not doc.vocab:
        hit = _DETECTORS[key] = (doc.vocab, EngagementDetector(doc.vocab, modal_profile=modal_profile))
    return hit[1](doc)


def engagement(text_or_doc: str | Doc, *, modal_profile: str = "default") -> pd.DataFrame:
    """One row per Engagement cue of a text or a parsed Doc (Martin & White 2005, ch. 3).

    A ``str`` is parsed with the shared pipeline (:func:`discourse.nlp.load_nlp`); a spaCy ``Doc``
    is used as is. Columns: :data:`COLUMNS` (``category`` deny | counter | concur | pronounce |
    endorse | entertain | acknowledge | distance; ``system`` disclaim | proclaim | entertain |
    attribute; ``speaker`` for attribute cues where known). An empty table has the same columns.
    ``modal_profile``: whose epistemic modals entertain (:data:`discourse.measures.modality.PROFILES`).
    """
    check_profile(modal_profile)
    if isinstance(text_or_doc, Doc):
        doc = text_or_doc
    elif isinstance(text_or_doc, str):
        doc = parse_one(check_text(text_or_doc, name="engagement(text)"))
    else:
        raise InputError(f"engagement() takes a str or a spaCy Doc, got {type(text_or_doc).__name__}.")
    return pd.DataFrame(engagement_rows(doc, modal_profile=modal_profile), columns=list(COLUMNS))


def sentence_engagement(rows: list[dict], n_sents: int) -> list[dict]:
    """Per-sentence Engagement summary of the cue ``rows`` of one Doc with ``n_sents`` sentences.

    For each sentence (in order): ``sent_id``, ``engagement`` = "heteroglossic" if it holds at least
    one Engagement cue else "monoglossic" (Martin & White 2005: 99-100), ``n_eng_<category>``,
    the number of cues of each category, and ``commitment`` (:func:`commitment`).
    """
    if not isinstance(n_sents, int) or n_sents < 0:
        raise InputError(f"sentence_engagement(n_sents=...) must be a non-negative int, got {n_sents!r}.")
    out = [{"sent_id": i, "engagement": "monoglossic", **{f"n_eng_{c}": 0 for c in CATEGORIES}}
           for i in range(n_sents)]
    for r in rows:
        sid = r.get("sent_id")
        if not isinstance(sid, int) or not 0 <= sid < n_sents:
            raise InputError(f"sentence_engagement: a cue has sent_id {sid!r}, outside 0..{n_sents - 1}; "
                             "pass the rows and the sentence count of the same Doc.")
        out[sid][f"n_eng_{r['category']}"] += 1
        out[sid]["engagement"] = "heteroglossic"
    for row in out:
        row["commitment"] = commitment(row)
    return out


#: a sentence's commitment to what it says, from its Engagement cues (see :func:`commitment`)
COMMITMENTS: tuple[str, ...] = ("entertain", "deny", "proclaim", "bare")


def commitment(counts: dict) -> str:
    """How a sentence commits its voice to its proposition, from its ``n_eng_<category>`` counts.

    ``entertain``: the proposition is held open as one possibility among others (Martin & White 2005:
    104-111), even when negated ("it may not work"); else ``deny``: it is rejected outright ("talks
    cannot succeed", M&W 2005: 118); else ``proclaim``: concur, pronounce or endorse raise the
    commitment (M&W 2005: 121-133); else ``bare``: a bare assertion, monoglossic as to its truth
    (counter and attribution cues alone do not change the commitment of the voice that speaks; who
    speaks is the voice measure's job). The order is a decision: a hedged denial is a hedge.
    """
    if counts.get("n_eng_entertain", 0):
        return "entertain"
    if counts.get("n_eng_deny", 0):
        return "deny"
    if counts.get("n_eng_concur", 0) or counts.get("n_eng_pronounce", 0) or counts.get("n_eng_endorse", 0):
        return "proclaim"
    return "bare"


def doc_sentence_engagement(doc: Doc) -> list[dict]:
    """:func:`sentence_engagement` of a parsed Doc (its cues and its sentence count)."""
    return sentence_engagement(engagement_rows(doc), len(sentences(doc)))


# --------------------------------------------------------------------------- validation
def _gold_span(sentence: str, cue: str, occurrence: int) -> tuple[int, int] | None:
    """Offsets in ``sentence`` of the ``occurrence``-th (1-based) whole-word occurrence of ``cue``."""
    n, at = 0, 0
    while True:
        i = sentence.find(cue, at)
        if i < 0:
            return None
        j = i + len(cue)
        clitic = cue.startswith(("n't", "n’t"))  # "didn't": the clitic is glued to its host
        left_ok = clitic or not (cue[0].isalnum() and i > 0 and sentence[i - 1].isalnum())
        right_ok = not (cue[-1].isalnum() and j < len(sentence) and sentence[j].isalnum())
        if left_ok and right_ok:
            n += 1
            if n == occurrence:
                return i, j
        at = i + 1


def score_engagement_labels(labels: pd.DataFrame, predicted: dict[tuple, tuple[str, list[dict]]]) -> dict:
    """Cue-level precision and recall of Engagement rows against hand labels.

    ``labels``: one row per gold cue with ``source_id``, ``segment_id``, ``sent_index``, ``sentence``,
    ``cue``, ``occurrence`` (1-based occurrence of ``cue`` in the sentence) and ``category``; a row
    with category ``none`` marks a labelled sentence without cues. ``predicted`` maps
    ``(source_id, segment_id, sent_index)`` to ``(sentence text, rows)`` with the rows' offsets
    relative to the sentence. A predicted cue matches a gold cue of the same sentence and category
    whose span it overlaps (one-to-one, in text order).

    Returns ``{"per_category": DataFrame(category, n_gold, n_pred, tp, precision, recall),
    "overall": {...}, "any_category": {...} (span match ignoring the category), "sentences":
    {...} (heteroglossic vs monoglossic per sentence), "errors": DataFrame}``.
    """
    missing = {"source_id", "segment_id", "sent_index", "sentence", "cue", "occurrence", "category"} - set(labels.columns)
    if missing:
        raise InputError(f"Engagement labels lack columns {sorted(missing)}.")
    gold: dict[tuple, list[tuple[int, int, str, str]]] = {}
    for r in labels.itertuples(index=False):
        key = (r.source_id, int(r.segment_id), int(r.sent_index))
        gold.setdefault(key, [])
        if r.category == "none":
            continue
        if r.category not in SYSTEMS:
            raise InputError(f"Engagement labels: unknown category {r.category!r} in {key}.")
        span = _gold_span(r.sentence, r.cue, int(r.occurrence))
        if span is None:
            raise InputError(f"Engagement labels: cue {r.cue!r} (occurrence {r.occurrence}) not in sentence {key}.")
        gold[key].append((span[0], span[1], r.category, r.cue))
    missing_keys = sorted(set(gold) - set(predicted))
    if missing_keys:
        raise InputError(f"No parsed sentence for labelled sentences {missing_keys[:3]} ...: segmentation differs.")
    counts = {c: {"n_gold": 0, "n_pred": 0, "tp": 0} for c in CATEGORIES}
    any_tp = any_gold = any_pred = 0
    sent_tp = sent_fp = sent_fn = sent_tn = 0
    errors = []
    for key, g in gold.items():
        sentence, rows = predicted[key]
        p = [(r["start_char"], r["end_char"], r["category"], r["text"]) for r in rows]
        used = [False] * len(p)
        for gs, ge, gc, gt in g:
            counts[gc]["n_gold"] += 1
            hit = next((k for k, (ps, pe, pc, _) in enumerate(p) if not used[k] and pc == gc and ps < ge and gs < pe), None)
            if hit is None:
                errors.append({"key": key, "error": "fn", "category": gc, "cue": gt, "sentence": sentence})
            else:
                used[hit] = True
                counts[gc]["tp"] += 1
        for k, (_ps, _pe, pc, pt) in enumerate(p):
            counts[pc]["n_pred"] += 1
            if not used[k]:
                errors.append({"key": key, "error": "fp", "category": pc, "cue": pt, "sentence": sentence})
        any_gold += len(g)
        any_pred += len(p)
        any_tp += sum(any(ps < ge and gs < pe for ps, pe, _, _ in p) for gs, ge, _, _ in g)
        h_gold, h_pred = bool(g), bool(p)
        sent_tp += h_gold and h_pred
        sent_fp += h_pred and not h_gold
        sent_fn += h_gold and not h_pred
        sent_tn += not h_gold and not h_pred

    def pr(tp, n_pred, n_gold):
        return {"precision": tp / n_pred if n_pred else float("nan"), "recall": tp / n_gold if n_gold else float("nan")}

    per = pd.DataFrame([{"category": c, **v, **pr(v["tp"], v["n_pred"], v["n_gold"])} for c, v in counts.items()])
    tot = per[["n_gold", "n_pred", "tp"]].sum()
    return {
        "per_category": per,
        "overall": {"n_gold": int(tot.n_gold), "n_pred": int(tot.n_pred), "tp": int(tot.tp),
                    **pr(int(tot.tp), int(tot.n_pred), int(tot.n_gold))},
        "any_category": {"n_gold": any_gold, "n_pred": any_pred, "tp": any_tp, **pr(any_tp, any_pred, any_gold)},
        "sentences": {"n": len(gold), "tp": sent_tp, "fp": sent_fp, "fn": sent_fn, "tn": sent_tn,
                      "accuracy": (sent_tp + sent_tn) / len(gold) if gold else float("nan")},
        "errors": pd.DataFrame(errors, columns=["key", "error", "category", "cue", "sentence"]),
    }
