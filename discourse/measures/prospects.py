"""Prospect statements: sentences that assess the prospects of diplomacy, and their stance.

What it measures
    :func:`is_prospect` marks a sentence that assesses whether diplomacy (talks, negotiation,
    mediation, a deal, normalisation) is likely or not, possible or not, failing or succeeding, or
    whether a party is willing to engage. :func:`prospect_stance` scores such a sentence in [-1, 1]
    (negative = pessimistic about diplomacy, positive = optimistic) and gives a category
    pessimistic | optimistic | mixed | neutral. :func:`prospect_rows` runs both over a Doc.

Rules of :func:`is_prospect` (first that fires; ``why`` tells which)
    ``frame+marker``      the sentence carries a diplomacy frame (diplomacy_negotiation,
                          mediation_third_party, nuclear_deal_compliance) AND a prospect marker
                          (``stance_markers.tsv``, kind ``prospect``: fail, distant, no room, unlikely,
                          breakthrough, willing, not too late, ...) or a grammatical one: negated
                          possibility ("cannot be done", "cannot be more than"), negated volition whose
                          complement holds a diplomacy cue ("does not want to talk"), or a negated
                          destination: a directional preposition negated by "not" whose object holds
                          a diplomacy cue ("away from war, not to the negotiating table"), a negated
                          alternative (below), or a negative why-question ("Why won't back-channel
                          diplomacy work?").
    Negated alternative (contrastive negation, "X, not Y" / "X and not Y" / "not Y but X"): the
                          rejected alternative Y, a nominal group right after the negator, holds a
                          diplomacy cue: "Messengers and not mediators", "Oman is a messenger, not a
                          mediator", "A pause, not a deal", "Iran wants sanctions relief, not
                          negotiations", "Not negotiators but couriers". A corrective "not" names
                          diplomacy (a role: mediator, negotiator; or an activity: talks, a deal) only to
                          rule it out, and X is what is left in its place: a denial of diplomacy's
                          prospects (Martin & White 2005, deny; the rejected alternative carries the
                          point, as in the negated destination). The mirror form is NOT a prospect:
                          in "Talks, not threats" or "Brokers, not observers" diplomacy is the affirmed
                          alternative; such a heading prescribes or describes the form engagement should
                          take (a slogan, a role) and says nothing of whether it will work, so with no
                          marker it is no prospect statement. Not fired: "not only Y but also X"
                          (additive, not corrective), a Y led by a directional preposition (that is the
                          negated destination), Y with a verb ("talk, not negotiate"), and an X that is
                          the object of a topical preposition ("the meeting was about trade, not the
                          nuclear deal": a topic corrected, not diplomacy ruled out; "as", "like" and
                          "of" are let through: "came as couriers, not as negotiators").
    "possible" directly after a negator is a verdict even as a modifier ("Normalization, not possible",
    "Change of behavior, not possible": a verbless heading whose predicate is "not possible"; the
    nominal must carry a diplomacy frame: normalisation, or the concession a party is asked for,
    "change of behavior", see frames.tsv).
    ``verdict_on_previous`` the sentence has no diplomacy frame but a prospect marker and an anaphoric
                          pronoun (it/this/that), and the previous sentence of the same Doc carries a
                          diplomacy frame: "Could their goodwill ... bring both sides to a new round of
                          negotiations? I highly doubt it." / "It is highly unlikely that Iran will
                          accept this". This is why :func:`is_prospect` takes ``previous``: a
                          sentence-level rule cannot see the antecedent; across paragraphs (Docs) it
                          is not resolved.
    ``frame+evaluated_prospect`` / ``context+evaluated_prospect``: an evaluated prospect noun
                          phrase, a noun naming a prospect (``stance_markers.tsv`` kind
                          ``prospect_noun``: hope, chance, prospect, opportunity, window, path, way out)
                          right after an evaluative modifier (kind ``prospect_evaluation``: false, vain,
                          slim, dim, faint, little, no, fading -> pessimistic; real, best, new, fresh,
                          growing -> optimistic), matched on the surface (the word before the noun, by
                          lowercase form or lemma; headline capitals spoil the parse: "Vain hopes" is
                          tagged a verb). The modifier evaluates the prospect itself: Appreciation
                          (valuation: a "false", "real" hope) or graduation by force ("slim", "growing"
                          chances) in Martin & White (2005, ch. 2); Hyland's (2005) evaluative
                          adjectives as attitude markers. Frames are required, as for every other rule:
                          the phrase names a prospect but not of what. It fires (1) in a sentence with a
                          diplomacy frame of its own ("Slim chances of a deal", "A real opportunity for
                          negotiations"), or (2) with no frame of its own, when the sentence is a
                          verbless fragment made of the phrase alone (no complement after the noun, no
                          finite verb: a heading such as "False hope") and a ``context`` frame is
                          given: such a heading inherits the frame of its document. In the pipeline
                          the context is the corpus's domain (the prospect measure runs only under a
                          domain, which declares what the documents are about); the sentence-level
                          functions have no context unless given one. A complement names what the
                          prospect is of and keeps its own topic, so "False hope of a cure" or "The
                          doctors gave the family false hope" is no prospect statement (no diplomacy
                          frame). "deal" is not a prospect noun: its modifiers describe the agreement
                          ("a new nuclear deal", "A comprehensive or partial deal"), not its likelihood.
    "help" counts only as a noun ("not going to provide any help"), not the purpose verb ("to help").
    Not prospects: reports of diplomatic events without an assessment ("exchanged a handful of
    messages"), a bare "possible" modifying a diplomacy noun or "everything possible" (hypothetical,
    not an assessment: marker ignored).

Score of :func:`prospect_stance` (documented rule, ``rule`` lists the parts that fired)
    1. Prospect markers contribute their polarity (+1 optimism: breakthrough, willing, opportunity,
       not too late, success; -1 pessimism: fail, distant, no room, long odds, unlikely, doubt, no
       sign, not interested). A marker is flipped when negated by a negator that is not part of the
       entry ("not anywhere near a breakthrough": the entry "not anywhere near" is -1 and
       "breakthrough", under the same negation, flips to -1; "not optimistic" -> -1).
    2. Negated possibility (can/could/able + not: "cannot be done") and negated volition ("does not
       want to talk") add -1 each; from the modal cue rows (``negated`` modal of category
       ``possibility``) if given, else from the parse. A negated destination whose object holds a
       diplomacy cue ("..., not to the negotiating table") adds -1.5: a corrective contrast, the
       rejected alternative carries the point (weighted like rule 3); it needs the frame rows. So
       does a negated alternative ("Messengers and not mediators": -1.5, same reason). A
       negative why-question adds -1 (it presupposes the failure).
    3. Markers after a concessive "but/however/yet" weigh 1.5 (the concession carries the point,
       as in VADER's "but" rule, Hutto & Gilbert 2014).
    4. Boosters (cue kind ``booster``: "highly", "notoriously") multiply the lexical sum by 1.5;
       hedges (kind ``hedge``) and low-value epistemic modals (may, might, could) by 0.5 (pull toward 0).
    4b. An evaluated prospect noun phrase ("False hope", "slim chances") contributes its modifier's
       polarity, in place of the noun's own marker polarity ("hope", "chance", "opportunity" are +1
       markers; "false hope" is -1, not 0); a negator before a positive modifier flips it ("not a
       real chance"). Counted before the booster/hedge factor, like a marker.
    5. Sentiment (VADER compound, [-1, 1], passed in) adds 0.3 * sentiment.
    score = raw / (1 + |raw|) (a squashing into (-1, 1)).
    Category: a question without negation is ``neutral`` (it raises the prospect without assessing
    it); if both optimistic and pessimistic markers fired and |lexical sum| < 0.5 -> ``mixed``;
    score <= -0.15 -> ``pessimistic``; >= 0.15 -> ``optimistic``; else ``neutral``.

Stance is the sentence's, not the writer's: combine with :mod:`attribution` voice to separate
authorial from quoted pessimism.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from spacy.attrs import IS_PUNCT, LEMMA, LOWER
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from ..domains import US_IRAN_DIPLOMACY, read_lexicon
from ..lexicon import read_lexicon as read_table_lexicon
from ._doc import LemmaOrLowerMatcher, doc_text, sentence_texts, sentences, token_attrs, views
from .attribution import check_doc

#: The study's prospect markers and target frames: the defaults of the functions below (the tables
#: use the corpus's domain, see :mod:`discourse.domains`).
PROSPECTS_PATH = US_IRAN_DIPLOMACY.prospects
DIPLOMACY_FRAMES = frozenset(US_IRAN_DIPLOMACY.prospect_frames)
STANCES = ("pessimistic", "optimistic", "mixed", "neutral")
# Closed grammatical classes used by the rules (not lexicon entries).
_NEGATORS = frozenset({"not", "n't", "n’t", "never", "no", "nt", "cannot"})
_POSSIBILITY = frozenset({"can", "could"})
_ABILITY = frozenset({"able"})
_VOLITION = frozenset({"want", "wish", "intend"})
_ANAPHORS = frozenset({"it", "this", "that"})
_CONCESSIVE = frozenset({"but", "however", "yet"})
_LOW_MODALS = frozenset({"may", "might", "could"})
_DIRECTIONAL = frozenset({"to", "toward", "towards", "into", "onto"})
#: Negated alternative: the words that join "X" to "not Y", what may follow "not" for an additive
#: rather than corrective reading ("not only"), the parts of speech of a nominal group, and the
#: prepositions before X that do not make X a mere topic.
_CONTRAST_JOINERS = frozenset({",", "and", "but", ";", "—", "–", ":"})
_ADDITIVE = frozenset({"only", "just", "merely", "simply", "least", "even"})
_NOMINAL_GROUP = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "PART", "PRON"})
_ROLE_PREPS = frozenset({"as", "like", "of"})
#: finite verb and modal tags: a sentence with one of them (outside the phrase) is not a fragment
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
#: Weight of a negated destination ("..., not to the negotiating table"): a corrective contrast, where
#: the rejected alternative carries the point, weighs like a marker after a concession (rule 3).
_NEG_DESTINATION_WEIGHT = 1.5


def prospect_lexicon(path: str | Path = PROSPECTS_PATH) -> tuple[list[dict], str]:
    """Rows (kind ``prospect`` only) and label of a prospect-marker TSV (default: the study's)."""
    return read_lexicon(Path(path), "prospects")


class ProspectMarkers:
    """The prospect markers of one lexicon, compiled for one vocabulary.

    Multiword entries go to a :class:`LemmaOrLowerMatcher`; single words are looked up by hash of
    their lemma (any capitalisation) or lowercase form. :meth:`candidates` finds them once per Doc.
    """

    def __init__(self, vocab: Vocab, *, lexicon: str | Path = PROSPECTS_PATH):
        rows, self.lexicon = prospect_lexicon(lexicon)
        self.vocab = vocab
        self.matcher = LemmaOrLowerMatcher(vocab)
        self.entries: dict[str, dict] = {}
        for r in rows:
            key = r["entry"]
            self.entries[key] = r
            if " " in key:
                self.matcher.add(key, key.split())
        words = [k for k in self.entries if " " not in k]
        self.by_lemma = {vocab.strings.add(v): w for w in words for v in (w.upper(), w.capitalize(), w)}
        self.by_lower = {vocab.strings.add(w): w for w in words}
        self._doc_key = f"prospects.candidates.{id(self)}"
        self.prospect_nouns, self.evaluations = _evaluation_entries(Path(lexicon))

    def candidates(self, doc: Doc) -> tuple[list[tuple[str, int, int]], list[tuple[str, int, int]]]:
        """All multiword matches and single-word markers of the Doc as ``(entry, start, end)``,
        found once per Doc and cached on its views."""
        v = views(doc)
        cached = v.get(self._doc_key)
        if cached is None:
            singles = []
            for i, (lemma, lower) in enumerate(doc.to_array([LEMMA, LOWER]).tolist()):
                k = self.by_lemma.get(lemma) or self.by_lower.get(lower)
                if k is not None:
                    singles.append((k, i, i + 1))
            cached = v[self._doc_key] = (self.matcher(doc), singles)
        return cached


def _evaluation_entries(path: Path) -> tuple[dict[str, tuple[str, ...]], dict[str, float]]:
    """The ``prospect_noun`` entries (``{first word: rest of the entry}``, "way out" -> ``{"way":
    ("out",)}``) and ``prospect_evaluation`` entries (``{word: polarity}``) of a prospect lexicon; empty
    when the file has no ``kind`` column or no such rows (then the evaluated-prospect rule is off)."""
    lex = read_table_lexicon(path, what="prospects lexicon")
    if "kind" not in lex.columns:
        return {}, {}
    nouns, evals = {}, {}
    for r in lex.rows:
        if r["kind"] == "prospect_noun":
            first, *rest = r["entry"].split()
            nouns[first] = tuple(rest)
        elif r["kind"] == "prospect_evaluation":
            evals[r["entry"]] = float(r["polarity"])
    return nouns, evals


def _plural(noun: str) -> str:
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


@lru_cache(maxsize=16)
def _noun_forms(heads: tuple[str, ...]) -> tuple[dict[str, int], dict[str, int]]:
    """``({singular or plural form: rank}, {head: rank})`` of the prospect nouns' first words, the rank
    being the entry's position in the lexicon (the first entry wins where forms coincide)."""
    forms: dict[str, int] = {}
    for rank, n in enumerate(heads):
        forms.setdefault(n, rank)
        forms.setdefault(_plural(n), rank)
    return forms, {n: rank for rank, n in reversed(list(enumerate(heads)))}


def evaluated_prospects(sent: Span, markers: ProspectMarkers | None = None) -> list[tuple[int, int, int, float]]:
    """Evaluated prospect noun phrases of ``sent`` as ``(modifier index, noun start, noun end,
    polarity)``: a ``prospect_evaluation`` word right before a ``prospect_noun`` (singular or plural
    form, or its lemma); a negator among the two tokens before a positive modifier flips it
    ("not a real chance"). See the module docstring."""
    doc = sent.doc
    markers = markers or prospect_markers(doc.vocab)
    nouns, evals = markers.prospect_nouns, markers.evaluations
    if not nouns or not evals:
        return []
    a = token_attrs(doc)
    heads = tuple(nouns)
    forms, by_lemma = _noun_forms(heads)
    out = []
    for i in range(sent.start + 1, sent.end):
        by_form, by_lem = forms.get(a.lower[i]), by_lemma.get(a.lemma[i].lower())
        if by_form is None and by_lem is None:
            continue
        head = heads[min(r for r in (by_form, by_lem) if r is not None)]  # the first entry that matches
        rest = nouns[head]
        end = i + 1 + len(rest)
        if end > sent.end or tuple(a.lower[i + 1:end]) != rest:
            continue
        m = i - 1
        pol = evals.get(a.lower[m])
        if pol is None:
            pol = evals.get(a.lemma[m].lower())
        if pol is None:
            continue
        if pol > 0 and any(a.lower[k] in _NEGATORS for k in range(max(sent.start, m - 2), m)):
            pol = -pol
        out.append((m, i, end, pol))
    return out


def _bare_fragment(sent: Span, found: list[tuple[int, int, int, float]]) -> bool:
    """The sentence is a verbless fragment made of one evaluated prospect phrase: no finite verb or
    modal outside the phrase, and nothing but punctuation after the noun (no complement)."""
    if len(found) != 1:
        return False
    a = token_attrs(sent.doc)
    _, start, end, _ = found[0]
    punct = sent.doc.to_array(IS_PUNCT)
    if any(not punct[k] for k in range(end, sent.end)):
        return False
    return not any(a.tag[k] in _FINITE for k in range(sent.start, sent.end) if not start <= k < end)


_MARKERS: dict[tuple[int, Path], ProspectMarkers] = {}


def prospect_markers(vocab: Vocab, lexicon: str | Path = PROSPECTS_PATH) -> ProspectMarkers:
    """The :class:`ProspectMarkers` of ``lexicon`` for ``vocab``, built on first use and reused."""
    key = (id(vocab), Path(lexicon))
    m = _MARKERS.get(key)
    if m is None or m.vocab is not vocab:
        m = _MARKERS[key] = ProspectMarkers(vocab, lexicon=lexicon)
    return m


def _markers(sent: Span, markers: ProspectMarkers | None = None) -> list[tuple[Span, dict]]:
    """Prospect markers in the sentence, longest match first, without overlaps."""
    doc = sent.doc
    markers = markers or prospect_markers(doc.vocab)
    entries = markers.entries
    multi, singles = markers.candidates(doc)
    found = [Span(doc, s, e, label=k) for k, s, e in multi if s >= sent.start and e <= sent.end]
    found += [Span(doc, s, e, label=k) for k, s, e in singles if sent.start <= s < sent.end]
    found.sort(key=lambda s: (-(s.end - s.start), s.start))
    out, taken = [], set()
    for sp in found:
        if any(i in taken for i in range(sp.start, sp.end)):
            continue
        r = entries[sp.label_]
        if r["entry"] == "help" and sp.root.pos_ != "NOUN":
            continue  # the noun "(any) help" is an outcome; the verb "to help ensure" is a purpose
        if r["entry"] == "possible":
            h = sp.root
            negated_verdict = h.i > sent.start and doc[h.i - 1].lower_ in _NEGATORS
            if (h.dep_ == "amod" and not negated_verdict) or h.head.lower_ in ("everything", "all", "anything"):
                continue  # "possible negotiations", "everything possible": hypothetical, not a verdict
        taken.update(range(sp.start, sp.end))
        out.append((sp, r))
    out.sort(key=lambda x: x[0].start)
    return out


def marker_entries(sent: Span, markers: ProspectMarkers | None = None) -> list[str]:
    """The prospect-marker entries found in ``sent`` (in sentence order, overlaps resolved as the
    rules resolve them): the lexicon entries a prospect statement owes its ``frame+marker`` reason
    to, e.g. for per-entry precision."""
    return [r["entry"] for _, r in _markers(sent, markers)]


def _negated(sp: Span) -> bool:
    """Negation outside the entry: a neg child on the path from the marker to its clause verb, or a
    negator among the 3 preceding tokens."""
    if any(t.lower_ in _NEGATORS for t in sp):
        return False
    doc = sp.doc
    t: Token = sp.root
    for _ in range(5):
        if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in t.children):
            return True
        if t.head is t or (t.pos_ in ("VERB", "AUX") and t.dep_ not in ("xcomp", "aux")):
            break  # stop at the clause verb, but go through "going to provide" (xcomp)
        t = t.head
    for i in range(max(sp.sent.start, sp.start - 3), sp.start):
        if doc[i].lower_ in _NEGATORS:
            return True
    return False


def _negated_possibility(sent: Span) -> list[Token]:
    doc, a = sent.doc, token_attrs(sent.doc)
    out = []
    for i in range(sent.start, sent.end):
        if a.lower[i] == "cannot":
            out.append(doc[i])
        elif a.lemma[i] in _POSSIBILITY and a.tag[i] == "MD":
            t = doc[i]
            if any(c.dep_ == "neg" for c in t.head.children):
                out.append(t)
    return out


def _negated_volition(sent: Span, frame_tokens: set[int] | None) -> list[Token]:
    doc, lemma = sent.doc, token_attrs(sent.doc).lemma
    out = []
    for i in range(sent.start, sent.end):
        if lemma[i] not in _VOLITION:
            continue
        t = doc[i]
        if any(c.dep_ == "neg" for c in t.children):
            sub = {x.i for x in t.subtree}
            if frame_tokens is None or sub & frame_tokens:
                out.append(t)
    return out


def _negated_destination(sent: Span, frame_tokens: set[int] | None) -> list[Token]:
    """Directional prepositions (to/toward/into/onto) negated by their own ``neg`` child whose object
    holds a diplomacy-frame token: "bring them away from war, not to the negotiating table", "push
    Tehran into isolation, not toward talks". Diplomacy is named as the destination only to be
    ruled out. Needs frame rows (token offsets); without them the rule does not fire."""
    if not frame_tokens:
        return []
    doc, a = sent.doc, token_attrs(sent.doc)
    out = []
    for i in range(sent.start, sent.end):
        if a.lower[i] not in _DIRECTIONAL or a.dep[i] != "prep":
            continue
        t = doc[i]
        if any(c.dep_ == "neg" for c in t.children) and {x.i for x in t.subtree} & frame_tokens:
            out.append(t)
    return out


def _nominal_group(sent: Span, i: int) -> list[int]:
    """Token indices of the nominal group starting at ``i`` (an optional non-directional preposition,
    then determiners, adjectives, nouns, numbers, possessives, with "of"), up to the first other
    token; empty if it holds no noun or a directional preposition leads it."""
    a = token_attrs(sent.doc)
    out = []
    j = i
    if j < sent.end and a.pos[j] == "ADP":
        if a.lower[j] in _DIRECTIONAL:
            return []
        out.append(j)
        j += 1
    while j < sent.end and (a.pos[j] in _NOMINAL_GROUP or (a.lower[j] == "of" and out)):
        if a.lower[j] in _ADDITIVE or (a.pos[j] == "PART" and a.lower[j] in _NEGATORS):
            break
        out.append(j)
        j += 1
    return out if any(a.pos[k] in ("NOUN", "PROPN") for k in out) else []


def _topical_object(tok: Token) -> bool:
    """``tok`` (or the nominal it modifies through "of") is the object of a preposition other than
    "as"/"like": "about trade", "for sanctions"."""
    t = tok
    while t.dep_ in ("compound", "amod", "poss", "nummod") and t.head is not t:
        t = t.head
    while t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head is not t.head:
        t = t.head.head
    return t.dep_ == "pobj" and t.head.lower_ not in _ROLE_PREPS


def _negated_alternative(sent: Span, frame_tokens: set[int] | None) -> list[Token]:
    """Negators of a contrastive negation whose rejected alternative holds a diplomacy-frame token
    ("X, not Y", "X and not Y", "not Y but X"; see the module docstring). Needs frame rows (token
    offsets); without them the rule does not fire."""
    if not frame_tokens:
        return []
    doc, a = sent.doc, token_attrs(sent.doc)
    out = []
    for i in range(sent.start, sent.end):
        if a.lower[i] not in ("not", "never"):
            continue
        if i + 1 < sent.end and a.lower[i + 1] in _ADDITIVE:
            continue  # "not only talks but also sanctions": additive
        group = _nominal_group(sent, i + 1)
        if not group or not set(group) & frame_tokens:
            continue
        # X, not Y / X and not Y: a nominal X before the joiner(s)
        j = i - 1
        while j >= sent.start and a.lower[j] in _CONTRAST_JOINERS:
            j -= 1
        corrective = (j < i - 1 and j >= sent.start and a.pos[j] in ("NOUN", "PROPN", "PRON")
                      and not _topical_object(doc[j]))
        # not Y but X: the negator opens the sentence or a clause, "but" follows Y
        after = group[-1] + 1
        corrective |= ((i == sent.start or a.lower[i - 1] in _CONTRAST_JOINERS) and after < sent.end
                       and a.lower[after] == "but")
        if corrective:
            out.append(doc[i])
    return out


def _why_not_question(sent: Span) -> bool:
    """A negative why-question: "why" opens the sentence, a negator follows within three tokens
    ("Why won't back-channel diplomacy work?", "Why can't the two sides talk?") and it ends in "?".
    A why-question presupposes its proposition (Levinson 1983, *Pragmatics*, ch. 4), so the
    negated one takes the failure as given. Surface rule: headline capitals spoil the parse."""
    a = token_attrs(sent.doc)
    if "why" not in a.lower[sent.start:sent.end]:
        return False
    punct = sent.doc.to_array(IS_PUNCT)  # the first four words (tokens not punctuation)
    words = [i for i in range(sent.start, sent.end) if not punct[i]][:4]
    if not words or a.lower[words[0]] != "why":
        return False
    if not doc_text(sent.doc)[sent.start_char:sent.end_char].rstrip().rstrip("”\"’'").endswith("?"):
        return False
    return any(a.lower[i] in _NEGATORS for i in words[1:])


def _frame_info(frames_in_sent, targets=DIPLOMACY_FRAMES) -> tuple[set[str], set[int] | None]:
    """Accept frame names (set/list of str) or FrameDetector rows (dicts)."""
    names, toks = set(), set()
    rows = False
    for f in frames_in_sent or ():
        if isinstance(f, dict):
            rows = True
            names.add(f["frame"])
            if f["frame"] in targets:
                toks.update(range(f["token_start"], f["token_end"]))
        else:
            names.add(str(f))
    return names, (toks if rows else None)


def is_prospect(sent: Span, frames_in_sent, *, previous: tuple[Span, object] | None = None,
                markers: ProspectMarkers | None = None, targets=DIPLOMACY_FRAMES, context=None) -> bool:
    """True if ``sent`` assesses the prospects of diplomacy (see the module docstring).

    ``frames_in_sent``: the frames of this sentence, as names or as :class:`FrameDetector` rows
    (rows let the negated-volition rule check that the complement is about diplomacy).
    ``previous``: (previous sentence, its frames) within the same Doc, for the anaphoric rule.
    ``markers``: the :class:`ProspectMarkers` to use (default: the study's lexicon); ``targets``:
    the frames whose prospects are assessed (default: the study's diplomacy frames). ``context``:
    the frames of the document the sentence belongs to (names), inherited by a verbless evaluated
    prospect phrase with no frame of its own ("False hope"); default none.
    """
    return prospect_reason(sent, frames_in_sent, previous=previous, markers=markers, targets=targets,
                           context=context) is not None


def prospect_reason(sent: Span, frames_in_sent, *, previous=None, markers: ProspectMarkers | None = None,
                    targets=DIPLOMACY_FRAMES, context=None) -> str | None:
    """The rule that makes ``sent`` a prospect statement, or None (options as :func:`is_prospect`)."""
    return _reason(sent, frames_in_sent, previous, targets, _markers(sent, markers),
                   evaluated_prospects(sent, markers), context)


def _reason(sent: Span, frames_in_sent, previous, targets, found: list[tuple[Span, dict]],
            evaluated=(), context=None) -> str | None:
    """:func:`prospect_reason` given the sentence's markers ``found`` (:func:`_markers`) and
    evaluated prospect phrases ``evaluated`` (:func:`evaluated_prospects`)."""
    names, ftoks = _frame_info(frames_in_sent, targets)
    if names & targets:
        if found:
            return "frame+marker"
        if evaluated:
            return "frame+evaluated_prospect"
        if _negated_possibility(sent):
            return "frame+negated_possibility"
        if _negated_volition(sent, ftoks if ftoks is not None else None):
            return "frame+negated_volition"
        if _negated_destination(sent, ftoks):
            return "frame+negated_destination"
        if _negated_alternative(sent, ftoks):
            return "frame+negated_alternative"
        if _why_not_question(sent):
            return "frame+why_not_question"
        return None
    if previous is not None and found:
        prev_names, _ = _frame_info(previous[1], targets)
        a = token_attrs(sent.doc)
        if prev_names & targets and any(a.lower[i] in _ANAPHORS and a.pos[i] == "PRON"
                                        for i in range(sent.start, sent.end)):
            return "verdict_on_previous"
    if context and not names and set(context) & targets and _bare_fragment(sent, list(evaluated)):
        return "context+evaluated_prospect"
    return None


def _in_sent(c: dict, sent: Span) -> bool:
    return sent.start_char <= c["start_char"] < sent.end_char


def prospect_stance(sent: Span, *, cues: list[dict] | None = None, sentiment: float = 0.0,
                    markers: ProspectMarkers | None = None, frames_in_sent=None,
                    targets=DIPLOMACY_FRAMES) -> dict:
    """Stance of a prospect statement: ``{"score": float in (-1, 1), "stance": str, "rule": str}``.

    ``cues``: hedge/booster/modal cue rows (kind, category, sense, strength, negated, lemma,
    start_char, end_char; offsets into ``sent.doc.text``); rows outside the sentence are ignored.
    ``sentiment``: the sentence's sentiment in [-1, 1] (e.g. VADER compound). ``frames_in_sent``:
    FrameDetector rows of the sentence (needed by the negated-destination rule). See the module
    docstring for the rule.
    """
    return _stance(sent, cues, sentiment, frames_in_sent, targets, _markers(sent, markers),
                   evaluated_prospects(sent, markers))


def _stance(sent: Span, cues, sentiment, frames_in_sent, targets, found: list[tuple[Span, dict]],
            evaluated=()) -> dict:
    """:func:`prospect_stance` given the sentence's markers ``found`` (:func:`_markers`) and evaluated
    prospect phrases ``evaluated`` (:func:`evaluated_prospects`)."""
    cues = [c for c in (cues or []) if _in_sent(c, sent)]
    rules = []
    lex = 0.0
    pos_hit = neg_hit = False
    concession = None
    a = token_attrs(sent.doc)
    for i in range(sent.start, sent.end):
        if a.lower[i] in _CONCESSIVE and a.dep[i] in ("cc", "advmod"):
            concession = i
            break
    replaced = {k for m, s, e, _ in evaluated for k in range(m, e)}  # rule 4b: the phrase replaces its words
    for sp, r in found:
        pol = float(r["polarity"])
        if pol == 0 or replaced & set(range(sp.start, sp.end)):
            continue
        if _negated(sp):
            pol = -pol
            rules.append(f"negated:{r['entry']}")
        else:
            rules.append(f"marker:{r['entry']}")
        if concession is not None and sp.start > concession:
            pol *= 1.5
        lex += pol
        pos_hit |= pol > 0
        neg_hit |= pol < 0
    for m, _s, end, pol in evaluated:
        rules.append("evaluated:" + " ".join(a.lower[m:end]))
        if concession is not None and m > concession:
            pol *= 1.5
        lex += pol
        pos_hit |= pol > 0
        neg_hit |= pol < 0
    neg_modal = [c for c in cues if c.get("kind") == "modal" and c.get("negated")
                 and c.get("category") == "possibility"]
    n_np = len(neg_modal) if cues else len(_negated_possibility(sent))
    n_np = max(n_np, len(_negated_possibility(sent)))
    if n_np:
        lex -= n_np
        neg_hit = True
        rules.append("negated_possibility")
    nv = _negated_volition(sent, None)
    if nv:
        lex -= len(nv)
        neg_hit = True
        rules.append("negated_volition")
    ftoks = _frame_info(frames_in_sent, targets)[1]
    nd = _negated_destination(sent, ftoks)
    if nd:
        lex -= _NEG_DESTINATION_WEIGHT * len(nd)
        neg_hit = True
        rules.append("negated_destination")
    na = _negated_alternative(sent, ftoks)
    if na:
        lex -= _NEG_DESTINATION_WEIGHT * len(na)
        neg_hit = True
        rules.append("negated_alternative")
    if _why_not_question(sent):
        lex -= 1.0
        neg_hit = True
        rules.append("why_not_question")
    factor = 1.0
    if any(c.get("kind") == "booster" for c in cues):
        factor *= 1.5
        rules.append("booster")
    low = [c for c in cues if c.get("kind") == "hedge" or (
        c.get("kind") == "modal" and not c.get("negated") and c.get("sense") == "epistemic"
        and (c.get("strength") == "low" or c.get("lemma") in _LOW_MODALS))]
    if low:
        factor *= 0.5
        rules.append("hedge")
    raw = lex * factor + 0.3 * float(sentiment or 0.0)
    if sentiment:
        rules.append("sentiment")
    score = raw / (1.0 + abs(raw))
    is_question = doc_text(sent.doc)[sent.start_char:sent.end_char].rstrip().rstrip("”\"’'").endswith("?")
    if is_question and not neg_hit:
        stance = "neutral"
        rules.append("question")
    elif pos_hit and neg_hit and abs(lex) < 0.5:
        stance = "mixed"
    elif score <= -0.15:
        stance = "pessimistic"
    elif score >= 0.15:
        stance = "optimistic"
    else:
        stance = "neutral"
    return {"score": round(score, 4), "stance": stance, "rule": "+".join(rules) or "none"}


def prospect_rows(doc: Doc, frame_rows: list[dict], *, cues: list[dict] | None = None,
                  sentiment=None, markers: ProspectMarkers | None = None,
                  targets=DIPLOMACY_FRAMES, context=None) -> list[dict]:
    """One row per sentence of ``doc``: ``sent_index``, ``prospect`` (bool), ``why``, and for
    prospects ``score``/``stance``/``rule``. ``frame_rows``: FrameDetector rows for ``doc``;
    ``sentiment``: callable text -> float, or None (0); ``markers``, ``targets`` as
    :func:`is_prospect`; ``context``: the frames of the document (see :func:`is_prospect`)."""
    check_doc(doc)
    by_sent: dict[int, list[dict]] = {}
    for r in frame_rows:
        by_sent.setdefault(r["sent_index"], []).append(r)
    out = []
    prev = None
    texts = sentence_texts(doc)
    for i, sent in enumerate(sentences(doc)):
        fr = by_sent.get(i, [])
        found = _markers(sent, markers)  # found once, read by both the reason and the stance
        evaluated = evaluated_prospects(sent, markers)
        why = _reason(sent, fr, prev, targets, found, evaluated, context)
        row = {"sent_index": i, "prospect": why is not None, "why": why,
               "score": None, "stance": None, "rule": None}
        if why is not None:
            sv = sentiment(texts[i]) if sentiment is not None else 0.0
            row.update(_stance(sent, cues, sv, fr, targets, found, evaluated))
        out.append(row)
        prev = (sent, fr)
    return out
