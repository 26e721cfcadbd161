"""Voice and attribution: whose voice each sentence is in, and authorial stance markers.

What it measures
    :class:`AttributionDetector` gives one row per sentence of a parsed Doc (a Doc is one
    paragraph) with ``voice``:

    ``quoted``     the sentence is direct speech: its main clause lies inside quotation marks, or its
                   main verb is a reporting verb whose complement is a quotation, or most of its words
                   are inside real (non-scare) quotation marks; or it lies inside a quotation opened in
                   an earlier sentence and closed in a later one (multi-sentence quotes);
    ``reported``   indirect speech or attributed thought: a main-clause reporting frame (``reporting_
                   verbs.tsv``: "officials say ...", "X told reporters ...", "... distant, officials and
                   analysts say", "Iranian officials believe that ...", "accuses X of -ing", "called on X
                   to"), "according to X", an agentless evidential passive ("are believed to have"), or a
                   shell noun ("Trump's position was that ...");
    ``authorial``  everything else: the writer's own voice (including "I highly doubt it.").

    and ``speaker`` (the credited speaker's text, or None), ``rule`` (which rule decided), ``sent_index``.
    Following Bergler (1992) and Thompson & Yiyun (1991), attribution is a property of the main
    clause: a reporting verb inside a relative clause ("people who ... declared that ...") or an
    adverbial clause ("When Maas said, '...' it means ...") does not change the sentence's voice.

Decisions (documented; the hand labels in ``data/annotation/annotator1.csv`` follow them)
    - *Scare quotes* (at most 3 words, no verb, no closing punctuation inside: "maximum pressure",
      "several", "no room") do not make a sentence quoted; the sentence is reported or authorial by
      its frame.
    - A reporting frame with a quoted complement is ``quoted`` ("Iranian officials have always said
      that 'if we ...'"); with an unquoted complement it is ``reported``.
    - A sentence whose main clause comments on a quotation embedded in a subordinate or paratactic
      clause ("When Maas said, '...' it means that their hands are tied.") is ``authorial``
      (rule ``comment_on_quote``).
    - First-person frames outside quotes ("I think that ...") are ``authorial`` (self-mention).
    - Speakers are not resolved across sentences except for quoted sentences without a frame of
      their own, which take the speaker of the adjacent quoted sentence in the same Doc
      (``quote_continuation``). Pronoun speakers ("he", "she") are kept as written (no coreference).

:class:`StanceDetector` returns cue rows for Hyland's (2005) self-mentions and attitude markers
(``stance_markers.tsv``). A self-mention inside quotation marks belongs to the quoted speaker; the
row is kept (``rule == "in_quote"``) and the sentence's voice tells them apart.

Cost: both detectors only walk tokens and dependency arcs already computed by spaCy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from ..errors import InputError
from ..lexicon import LEXICON_DIR, read_lexicon
from ._doc import LemmaOrLowerMatcher, doc_text, sentences, span_lemma, span_text, token_attrs, views

REPORTING_FILE = "reporting_verbs.tsv"
STANCE_FILE = "stance_markers.tsv"
VOICES = ("authorial", "reported", "quoted")

_OPEN = {"“": "”", "«": "»"}
_CLOSE = {"”", "»"}
_STRAIGHT = '"'
_FIRST_PERSON = frozenset({"i", "we"})
_SUBJ = ("nsubj", "nsubjpass", "csubj")
_MAIN_DEPS = frozenset({"ROOT", "conj", "parataxis", "xcomp"})
_EMBED_MARKS = frozenset({"when", "if", "because", "as", "while", "although", "though", "since",
                          "unless", "after", "before", "whether"})
_SENT_PUNCT = re.compile(r"[.,?!;:…]\s*$")
_QUOTE_MARK = re.compile("[" + re.escape("".join(sorted({*_OPEN, *_CLOSE, _STRAIGHT}))) + "]")
_REAL_KEY = "attribution.real_quotes"


def check_doc(doc: Doc) -> None:
    if not isinstance(doc, Doc):
        raise InputError(f"Expected a spaCy Doc, got {type(doc).__name__}; parse the text first.")
    for attr in ("TAG", "DEP"):
        if len(doc) and not doc.has_annotation(attr):
            raise InputError(
                f"The Doc has no {attr} annotation: parse it with a pipeline that has a tagger "
                "and parser (e.g. discourse.nlp.load_nlp()), not spacy.blank."
            )


@dataclass(frozen=True)
class ReportingEntry:
    lemma: str
    pos: str
    category: str
    complements: frozenset[str]


@lru_cache(maxsize=1)
def reporting_lexicon() -> tuple[dict[str, ReportingEntry], dict[str, ReportingEntry], str]:
    """(verbs by lemma, nouns by lemma, "reporting_verbs.tsv vN")."""
    lex = read_lexicon(LEXICON_DIR / REPORTING_FILE, required=("entry", "complement", "source"),
                       choices={"pos": ("VERB", "NOUN"), "category": ("speech", "cognition", "directive", "naming")})
    verbs, nouns = {}, {}
    for r in lex.rows:
        e = ReportingEntry(r["entry"], r["pos"], r["category"], frozenset(c.strip() for c in r["complement"].split(",")))
        (verbs if e.pos == "VERB" else nouns)[e.lemma] = e
    return verbs, nouns, lex.label


# --------------------------------------------------------------------------- quotation spans
def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans (start of opening mark, end of closing mark) of double quotations.

    Curly quotes pair by direction; straight quotes toggle. Single quotes are ignored (they are
    apostrophes or nested quotes). An unclosed quotation runs to the end of the text.
    """
    spans: list[tuple[int, int]] = []
    start: int | None = None
    closing = None
    for m in _QUOTE_MARK.finditer(text):  # only the quotation marks can change the state
        i, ch = m.start(), m.group()
        if start is None:
            if ch in _OPEN:
                start, closing = i, _OPEN[ch]
            elif ch == _STRAIGHT:
                start, closing = i, _STRAIGHT
        elif ch == closing or (closing != _STRAIGHT and ch in _CLOSE):
            spans.append((start, i + 1))
            start = None
        elif ch in _OPEN and closing != _STRAIGHT:  # unbalanced: a new quote opens
            spans.append((start, i))
            start, closing = i, _OPEN[ch]
    if start is not None:
        spans.append((start, len(text)))
    return spans


def real_quotes(doc: Doc) -> list[tuple[int, int]]:
    """The Doc's :func:`quote_spans` that hold direct speech (not scare quotes), cached."""
    v = views(doc)
    cached = v.get(_REAL_KEY)
    if cached is None:
        cached = v[_REAL_KEY] = [(a, b) for a, b in quote_spans(doc_text(doc)) if _is_real_quote(doc, a, b)]
    return cached


def _is_real_quote(doc: Doc, a: int, b: int) -> bool:
    """True for direct speech, False for scare quotes (<= 3 words, no verb, no punctuation inside)."""
    span = doc.char_span(a, b, alignment_mode="expand")
    if span is None:
        return True
    attrs = token_attrs(doc)
    words = [i for i in range(span.start, span.end) if attrs.is_word[i]]
    inner = doc_text(doc)[a + 1:b - 1] if b - a >= 2 else ""
    if _SENT_PUNCT.search(inner):
        return True
    has_verb = any(attrs.pos[i] in ("VERB", "AUX") for i in words)
    return len(words) >= 4 and has_verb or len(words) >= 6


def _speaker_text(tok: Token) -> str:
    """The speaker expression headed by ``tok``: its subtree cut at appositions, relative clauses,
    parentheses and commas after the head (so "Seth Jones, a former ..." -> "Seth Jones")."""
    if tok.pos_ == "PRON":
        return tok.text
    left = tok.left_edge.i
    right = tok.i
    for t in tok.subtree:
        if t.i <= tok.i:
            continue
        if t.dep_ == "appos" and t.i > 0 and not tok.doc[t.i - 1].is_punct and t.pos_ == "PROPN":
            right = max(right, t.i)  # "the Iraqi Prime Minister Adel Abdul Mahdi" (title + name)
            continue
        if t.dep_ in ("appos", "relcl", "acl", "punct", "advmod") or t.text in ("(", ",", "—"):
            break
        if t.head.i >= tok.i or t.head == tok:
            right = t.i
    # include conjuncts ("officials and analysts") but stop at the first break token
    return span_text(tok.doc, left, right + 1)[0].strip(" ,")


def _subject_of(verb: Token) -> Token | None:
    """Grammatical subject of ``verb``, inherited from its head along conj/xcomp/advcl chains."""
    v = verb
    for _ in range(4):
        for c in v.children:
            if c.dep_ in _SUBJ:
                return c
        if v.dep_ in ("conj", "xcomp", "advcl") and v.head is not v:
            v = v.head
        else:
            return None
    return None


def _main_level(tok: Token) -> bool:
    """True if ``tok`` belongs to the main clause: each arc up to the root is ROOT/conj/parataxis/
    xcomp, or a participial adverbial without subordinator ("..., saying that ...")."""
    t = tok
    for _ in range(6):
        if t.dep_ == "ROOT" or t.head is t:
            return True
        if t.dep_ in _MAIN_DEPS:
            t = t.head
            continue
        if t.dep_ == "advcl" and t.tag_ == "VBG" and not any(
            c.dep_ in ("mark", "advmod") and c.lower_ in _EMBED_MARKS for c in t.children
        ):
            t = t.head
            continue
        if t.dep_ == "ccomp" and t.head.dep_ == "ROOT" and t.head.lemma_ == "be":
            t = t.head  # "X's position was that ..." (handled by the noun rule)
            continue
        return False
    return False


class AttributionDetector:
    """Sentence voice (authorial | reported | quoted) and credited speaker.

    ``det = AttributionDetector(nlp.vocab); rows = det(doc)`` -> one dict per sentence, in order:
    ``sent_index``, ``voice``, ``speaker`` (str or None), ``rule``, ``start_char``, ``end_char``.
    See the module docstring for the rules and decisions.
    """

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self.verbs, self.nouns, self.lexicon = reporting_lexicon()

    # ---- frames -------------------------------------------------------------------------------
    def _frame_complement(self, v: Token) -> Token | None:
        """The complement head that makes ``v`` a reporting frame, or None."""
        e = self.verbs.get(v.lemma_.lower())
        if e is None or v.pos_ not in ("VERB", "AUX"):
            return None
        kids = list(v.children)
        if "clause" in e.complements:
            for c in kids:
                if c.dep_ == "ccomp":
                    return c
            if v.dep_ == "ROOT":
                # postposed frame after its content: "..., messages have been exchanged, X told reporters"
                for c in kids:
                    if (c.dep_ in ("advcl", "ccomp") and c.i < v.i and c.pos_ in ("VERB", "AUX")
                            and not any(g.dep_ == "mark" for g in c.children)
                            and not any(g.dep_ == "advmod" and g.lower_ in _EMBED_MARKS for g in c.children)):
                        return c
            if v.dep_ == "parataxis" or (v.dep_ == "ROOT" and any(
                    c.dep_ == "parataxis" for c in kids)):
                # postposed frame ("..., diplomats said, because ...") or frame with paratactic content
                for c in kids:
                    if c.dep_ == "parataxis":
                        return c
                if v.dep_ == "parataxis":
                    return v.head
        if "to" in e.complements or "on_to" in e.complements:
            x = next((c for c in kids if c.dep_ == "xcomp"), None)
            if x is not None:
                if "to" in e.complements:
                    return x
                if any(c.dep_ == "prep" and c.lower_ == "on" for c in kids):
                    return x
        if "of" in e.complements:
            for c in kids:
                if c.dep_ == "prep" and c.lower_ == "of" and any(g.dep_ == "pcomp" for g in c.children):
                    return next(g for g in c.children if g.dep_ == "pcomp")
        if "oprd" in e.complements:
            for c in kids:
                if c.dep_ == "oprd":
                    return c
        return None

    def _frames(self, sent: Span) -> list[tuple[Token, Token, Token | None, str]]:
        """Main-clause reporting frames: (verb, complement head, subject, rule)."""
        out = []
        doc, a, verbs = sent.doc, token_attrs(sent.doc), self.verbs
        for i in range(sent.start, sent.end):
            if a.lemma[i] not in verbs or a.pos[i] not in ("VERB", "AUX"):
                continue  # _frame_complement would return None
            v = doc[i]
            comp = self._frame_complement(v)
            if comp is None:
                continue
            if not _main_level(v):
                continue
            subj = _subject_of(v)
            if v.tag_ == "VBG" and subj is not None and subj.lower_ == "it":
                continue  # "it is telling that"
            if any(c.dep_ == "auxpass" for c in v.children):
                continue  # passive: handled by the evidential-passive rule
            out.append((v, comp, subj, "reporting_verb"))
        return out

    # ---- main ---------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> list[dict]:
        check_doc(doc)
        real = real_quotes(doc)

        def in_real(tok: Token | int) -> bool:
            """Whether a token (or a character offset) lies inside a real quotation."""
            at = tok if isinstance(tok, int) else tok.idx
            return any(a < at < b for a, b in real)

        sents = sentences(doc)
        rows = []
        for si, sent in enumerate(sents):
            rows.append(self._sentence(si, sent, in_real))
        # quote continuation: quoted sentences without a speaker take the neighbour's
        for _ in range(2):
            for i, r in enumerate(rows):
                if r["voice"] == "quoted" and r["speaker"] is None:
                    for j in (i - 1, i + 1):
                        if 0 <= j < len(rows) and rows[j]["voice"] == "quoted" and rows[j]["speaker"]:
                            r["speaker"] = rows[j]["speaker"]
                            r["rule"] = r["rule"] + "+quote_continuation"
                            break
        return rows

    def _according_to(self, sent: Span) -> str | None:
        """Source of an "according to X" adjunct (Hyland 2005 evidential), or None."""
        doc, lower = sent.doc, token_attrs(sent.doc).lower
        for i in range(sent.start, sent.end - 1):
            if lower[i] == "according" and lower[i + 1] == "to":
                pobj = next((c for c in doc[i + 1].children if c.dep_ == "pobj"), None)
                return _speaker_text(pobj) if pobj is not None else ""
        return None

    def _evidential_passive(self, sent: Span) -> Token | None:
        """An agentless passive reporting/cognition verb with a complement ("are believed to have
        been aimed at", "it is said that"): attributed to unnamed sources."""
        doc, a = sent.doc, token_attrs(sent.doc)
        for i in range(sent.start, sent.end):
            e = self.verbs.get(a.lemma[i])
            if e is None or a.tag[i] != "VBN":
                continue
            t = doc[i]
            if (e.category in ("speech", "cognition")
                    and any(c.dep_ == "auxpass" for c in t.children)
                    and any(c.dep_ in ("xcomp", "ccomp") for c in t.children)
                    and not any(c.dep_ == "agent" for c in t.children) and _main_level(t)):
                return t
        return None

    def _sentence(self, si: int, sent: Span, in_real) -> dict:
        def row(voice, speaker, rule):
            return {"sent_index": si, "voice": voice, "speaker": speaker, "rule": rule,
                    "start_char": sent.start_char, "end_char": sent.end_char}

        a = token_attrs(sent.doc)
        share = 0.0
        if real_quotes(sent.doc):  # the share of words inside quotation marks (none without quotes)
            words = [a.idx[i] for i in range(sent.start, sent.end) if a.is_word[i]]
            if words:
                share = sum(1 for at in words if in_real(at)) / len(words)
        root = sent.root
        frames = self._frames(sent)

        def spk(subj, verb=None):
            if subj is not None:
                return _speaker_text(subj)
            if verb is not None:  # parser lost the subject: nearest named entity before the verb
                for labels in (("PERSON",), ("ORG", "NORP")):  # people first, then organisations
                    for ent in reversed([e for e in sent.ents if e.end <= verb.i]):
                        if ent.label_ in labels and ent.root.dep_ not in ("compound", "poss", "pobj"):
                            return ent.text
                for t in reversed(sent.doc[sent.start:verb.i]):
                    if t.pos_ == "PROPN" and t.dep_ in ("nsubj", "appos"):
                        return _speaker_text(t)
            return None

        # 1. quoted
        if root and in_real(root):
            fr = next((f for f in frames if not in_real(f[0])), None)
            return row("quoted", spk(fr[2]) if fr else None, "main_clause_in_quote")
        for v, comp, subj, _ in frames:
            if not in_real(v) and in_real(comp) and v == root:
                return row("quoted", spk(subj), "frame_with_quoted_complement")
        if share >= 0.5:
            fr = next((f for f in frames if not in_real(f[0])), None)
            return row("quoted", spk(fr[2]) if fr else None, "mostly_in_quotes")
        # 2. reported
        ev = self._evidential_passive(sent)
        if ev is not None and ev == root:
            return row("reported", None, "evidential_passive")
        acc = self._according_to(sent)
        if acc is not None:
            return row("reported", acc, "according_to")
        outside = [f for f in frames if not in_real(f[0])]
        if outside:
            v, comp, subj, _ = outside[0]
            if in_real(comp) and root.lemma_.lower() not in self.verbs and v != root:
                return row("authorial", None, "comment_on_quote")
            if subj is not None and subj.lower_ in _FIRST_PERSON:
                return row("authorial", None, "first_person_frame")
            return row("reported", spk(subj, v), "reporting_frame")
        if ev is not None:
            return row("reported", None, "evidential_passive")
        for i in range(sent.start, sent.end):
            e = self.nouns.get(a.lemma[i])
            if e is None or a.pos[i] != "NOUN":
                continue
            t = sent.doc[i]
            h = t.head
            if t.dep_ == "nsubj" and h.lemma_ == "be" and h.dep_ == "ROOT" and any(
                    c.dep_ == "ccomp" and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
                    for c in h.children):
                poss = next((c for c in t.children if c.dep_ == "poss"), None)
                if poss is not None and poss.lower_ not in ("my", "our"):
                    return row("reported", _speaker_text(poss), "shell_noun")
        return row("authorial", None, "no_attribution")


# =============================================================================== stance markers
@lru_cache(maxsize=1)
def stance_lexicon() -> tuple[list[dict], str]:
    """Rows and label ("stance_markers.tsv vN") of the stance-marker lexicon."""
    lex = read_lexicon(LEXICON_DIR / STANCE_FILE, required=("entry", "category", "polarity", "source"),
                       choices={"kind": ("self_mention", "attitude", "prospect", "prospect_noun",
                                         "prospect_evaluation")})
    return list(lex.rows), lex.label


class StanceDetector:
    """Authorial stance markers after Hyland (2005): self-mentions and attitude markers.

    ``rows = StanceDetector(nlp.vocab)(doc)`` -> cue rows in the package's cue format with ``kind``
    ``self_mention`` (category first_singular | first_plural; matched on the lowercase form, and only
    pronouns, so "US" the country is not "us") or ``attitude`` (category affect | judgement |
    appreciation after Martin & White 2005; matched on lemma). ``rule`` is ``"lexical"`` or
    ``"in_quote"`` when the cue lies inside quotation marks (then it is the quoted speaker's stance,
    not the writer's). ``negated`` is True when the cue's head verb has a ``neg`` child.
    """

    KINDS = ("self_mention", "attitude")

    def __init__(self, vocab: Vocab):
        rows, self.lexicon = stance_lexicon()
        self.entries = {}
        self.single: dict[str, dict[str, str]] = {}
        self.matcher = LemmaOrLowerMatcher(vocab)
        for r in rows:
            kind = r["kind"].strip()
            if kind not in self.KINDS:
                continue
            toks = r["entry"].split()
            key = f"{kind}|{r['entry']}"
            self.entries[key] = r
            if len(toks) == 1:  # single words: dictionary lookup (fast)
                self.single.setdefault(kind, {})[toks[0]] = key
                continue
            self.matcher.add(key, toks)

    def __call__(self, doc: Doc) -> list[dict]:
        check_doc(doc)
        real = real_quotes(doc)
        seen = set()
        out = []
        hits = self.matcher(doc)
        selfm, att = self.single.get("self_mention", {}), self.single.get("attitude", {})
        attrs = token_attrs(doc)
        for i, (pos, low, lem) in enumerate(zip(attrs.pos, attrs.lower, attrs.lemma)):
            if pos == "PRON" and low in selfm:
                hits.append((selfm[low], i, i + 1))
            elif lem in att or low in att:
                hits.append((att[lem if lem in att else low], i, i + 1))
        for key, s, e in sorted(hits, key=lambda x: (x[1], x[2])):
            if (s, e) in seen:
                continue
            seen.add((s, e))
            r = self.entries[key]
            span = doc[s:e]
            head = span.root.head if span.root.dep_ != "ROOT" else span.root
            neg = any(c.dep_ == "neg" for c in head.children) or any(c.dep_ == "neg" for c in span.root.children)
            text, start_char, end_char = span_text(doc, s, e)
            inq = any(a < start_char < b for a, b in real)
            out.append({
                "kind": r["kind"], "text": text, "lemma": span_lemma(doc, s, e),
                "start_char": start_char, "end_char": end_char,
                "token_start": s, "token_end": e, "category": r["category"], "sense": None,
                "strength": None, "negated": bool(neg), "lexicon": self.lexicon,
                "rule": "in_quote" if inq else "lexical",
            })
        return out
