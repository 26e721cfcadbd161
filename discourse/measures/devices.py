"""Framing devices: who can act, who wants what, how far the text looks in time, conditions, questions,
and the source domains of its metaphors.

Each device is a way a text frames what is possible without saying so outright:

- **agency** (Palmer 2001, dynamic modality): a participant framed as *able* or *unable* to act:
  dynamic "can"/"could"/"be able to" (the modal sense comes from
  :class:`discourse.measures.modality.ModalDetector`, so a token has one reading in both tables),
  negated ("cannot", "could not") = unable; lexical "unable", "powerless", "hands are tied".
- **volition** (Palmer 2001): "X wants / seeks / is willing to ..." = *want*; negated, or "refuse",
  "reluctant", "unwilling" = *not_want*. With the subject recorded, a table of volition by actor
  shows a deadlock of wills (each side wanting what the other refuses).
- **tense** (Dunmire 2005): a sentence's main clause looks to the *future* ("will", "shall",
  "going to") or narrates a *past* that is settled (past tense main verb).
- **time_depth** (Chilton 2004; Dunmire 2005): *long* ("always", "eternal", "for decades") vs
  *near* ("now", "next", "soon") time.
- **conditionality** (Quirk et al. 1985 §15.30-15.37): "if", "unless", "until", "as long as",
  "provided", with "only if"/"only when" and "even if" kept apart (exclusive and concessive conditions).
- **question** (Quirk et al. 1985 §11.23): a sentence ending in "?"; *rhetorical* when it opens with a
  negated auxiliary ("Won't they ...?") or is a wh-question with a modal or a negation ("Why would
  ...?", "How can ...?"), the forms that assert the opposite polarity; other questions *open*.
- **metaphor** (Lakoff & Johnson 1980; Charteris-Black 2004; MIPVU, Steen et al. 2010): words from a
  source domain (death/illness, journey/path, conflict, mechanics/pressure, temperature) used of an
  abstract target: "the deal is dead" counts, "the general is dead" does not (``abstract_target``).

Every word list is ``lexicons/devices.tsv`` (a generic list: see its header for which entries are
in-sample). Rows carry ``device``, ``category``, the matched ``text``/``lemma``, offsets, token
span, ``subject`` (agency and volition: who is framed as able or willing), ``lexicon`` and ``rule``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from ..errors import InputError
from ..lexicon import LEXICON_DIR, read_lexicon
from ._doc import LemmaOrLowerMatcher, doc_text, sentence_index, sentences, span_text, token_attrs

LEXICON_PATH = LEXICON_DIR / "devices.tsv"
DEVICES = ("agency", "volition", "tense", "time_depth", "conditionality", "question", "metaphor")
CATEGORIES = {
    "agency": ("able", "unable"),
    "volition": ("want", "not_want"),
    "tense": ("future", "past"),
    "time_depth": ("long", "near"),
    "conditionality": ("if", "only_if", "even_if", "unless", "until", "provided"),
    "question": ("rhetorical", "open"),
    "metaphor": ("death_illness", "journey_path", "conflict", "mechanics_pressure", "temperature"),
}
DEVICE_COLUMNS = ["device", "category", "text", "lemma", "start_char", "end_char", "token_start", "token_end",
                  "sent_id", "subject", "lexicon", "rule"]

_CONDITIONS = frozenset({"-", "abstract_target", "complement"})
_NEG = frozenset({"not", "n't", "n’t", "never", "no", "cannot", "nt"})
_SUBJ = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_ABILITY_MODALS = frozenset({"can", "could", "be able to"})
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "’ll"})
_CONDITION_MARKS = {"if": "if", "unless": "unless", "until": "until", "till": "until", "provided": "provided",
                    "providing": "provided"}
_MULTI_CONDITIONS = {("as", "long", "as"): "provided", ("so", "long", "as"): "provided",
                     ("on", "condition", "that"): "provided"}
_NON_AGENTS = frozenset({"it", "this", "that", "there", "which"})
_WH = frozenset({"why", "how", "who", "what", "where", "when", "which"})
_MODAL_LOWER = frozenset({"would", "could", "can", "should", "will", "might", "may", "must", "ca", "wo"})
#: pronouns and nouns whose referent is a person (the target of a literal death/illness word)
_ANIMATE = frozenset({"i", "me", "we", "us", "you", "he", "him", "she", "her", "they", "them", "who", "people",
                      "person", "man", "men", "woman", "women", "child", "children", "soldier", "civilian",
                      "general", "commander", "leader", "official", "officer", "citizen", "victim", "patient",
                      "worker", "protester", "troop", "family", "member", "resident", "boy", "girl", "son",
                      "daughter", "father", "mother", "dog", "cat", "animal", "plant", "tree", "crop"})
_ANIMATE_ENTS = frozenset({"PERSON", "NORP"})


@dataclass(frozen=True)
class DeviceEntry:
    """One row of ``devices.tsv``."""

    entry: str
    device: str
    category: str
    match: str
    condition: str
    source: str


@lru_cache(maxsize=2)
def load_device_lexicon(path: str | None = None) -> tuple[tuple[DeviceEntry, ...], str]:
    """Entries of the device lexicon and its label (e.g. ``"devices.tsv v1"``)."""
    lex = read_lexicon(Path(path) if path else LEXICON_PATH, required=("entry", "category", "source"),
                       choices={"device": CATEGORIES, "match": ("lemma", "lower"), "condition": _CONDITIONS})
    for n, r in enumerate(lex.rows, 1):
        if r["category"] not in CATEGORIES[r["device"]]:
            raise InputError(f"{lex.path}, entry {n} ({r['entry']!r}): unknown device/category "
                             f"{r['device']}/{r['category']}; expected one of {list(CATEGORIES[r['device']])}.")
    rows = tuple(DeviceEntry(r["entry"].lower(), r["device"], r["category"], r["match"], r["condition"], r["source"])
                 for r in lex.rows)
    return rows, lex.label


# --------------------------------------------------------------------------- context helpers
def _negated(tok: Token) -> bool:
    """The token, its head verb or an auxiliary of it carries a negation ("not able", "does not want")."""
    verb = tok.head if tok.dep_ in ("aux", "auxpass", "acomp", "xcomp") else tok
    for t in (tok, verb):
        if any(c.dep_ == "neg" or c.lower_ in _NEG for c in t.children):
            return True
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and nxt.lower_ in _NEG


def _subject_text(tok: Token) -> str | None:
    """The subject of the clause ``tok`` is in (climbing aux/xcomp/acomp/conj links), as text."""
    t = tok
    for _ in range(4):
        for c in t.children:
            if c.dep_ in _SUBJ:
                return " ".join(x.text for x in c.subtree if x.dep_ not in ("punct",))[:80]
        if t.dep_ in ("aux", "auxpass", "xcomp", "acomp", "conj", "ccomp") and t.head is not t:
            t = t.head
        else:
            break
    return None


def _has_verbal_complement(tok: Token) -> bool:
    """'want to talk', 'able to act', 'refuse to negotiate': an xcomp (or 'to' + verb) follows."""
    if any(c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX") for c in tok.children):
        return True
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and nxt.lower_ == "to" and nxt.i + 1 < len(tok.doc) and tok.doc[nxt.i + 1].pos_ in ("VERB", "AUX")


def _target(tok: Token) -> Token | None:
    """What a source-domain word predicates of: the noun an adjective modifies or the subject of its
    copula, a verb's subject (intransitive 'die') or object ('kill the deal'), the 'of' object of a noun
    ('the death of the deal'), else the noun's own head for compounds."""
    if tok.pos_ == "ADJ":
        if tok.dep_ == "amod":
            return tok.head
        head = tok.head
        for c in head.children:
            if c.dep_ in _SUBJ:
                return c
        return None
    if tok.pos_ in ("VERB", "AUX"):
        kids = {c.dep_: c for c in tok.children}
        return kids.get("dobj") or kids.get("nsubjpass") or kids.get("nsubj")
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    if tok.dep_ in ("nsubj", "attr", "dobj", "pobj") and tok.head.pos_ in ("VERB", "AUX"):
        return None
    return None


def _is_animate(tok: Token | None) -> bool:
    if tok is None:
        return False
    return tok.ent_type_ in _ANIMATE_ENTS or tok.lower_ in _ANIMATE or tok.lemma_.lower() in _ANIMATE


class DeviceDetector:
    """Every framing device of a parsed Doc; lexicons compiled once per vocabulary.

    ``detector(doc, cues=rows)`` returns one dict per device (columns :data:`DEVICE_COLUMNS`);
    ``cues`` are the Doc's cue rows from :class:`discourse.components.CueFinder` (their modal
    senses decide dynamic-modal agency); without them, modal agency is not reported.
    """

    def __init__(self, vocab: Vocab, *, lexicon: str | None = None):
        self.vocab = vocab
        entries, self.label = load_device_lexicon(lexicon)
        self.single: dict[tuple[str, str], list[DeviceEntry]] = {}
        self.multi = LemmaOrLowerMatcher(vocab)
        self.multi_entries: dict[str, list[DeviceEntry]] = {}
        for e in entries:
            words = e.entry.split()
            if len(words) == 1:
                self.single.setdefault((e.match, e.entry), []).append(e)
            else:
                self.multi.add(e.entry, words)
                self.multi_entries.setdefault(e.entry, []).append(e)
        # the words of the single-word entries matched by lowercase form / by lemma (a token matching
        # neither is skipped without building the two lookup keys)
        self._single_lower = frozenset(w for m, w in self.single if m == "lower")
        self._single_lemma = frozenset(w for m, w in self.single if m == "lemma")

    # ----------------------------------------------------------------- row builder
    def _row(self, doc: Doc, device: str, category: str, start: int, end: int, rule: str,
             subject: str | None = None) -> dict:
        text, a, b = span_text(doc, start, end)
        return {"device": device, "category": category, "text": text,
                "lemma": " ".join(token_attrs(doc).lemma[start:end]), "start_char": a, "end_char": b,
                "token_start": start, "token_end": end, "sent_id": sentence_index(doc)[start],
                "subject": subject, "lexicon": self.label, "rule": rule}

    # ----------------------------------------------------------------- lexical devices
    def _lexical(self, doc: Doc) -> list[dict]:
        attrs = token_attrs(doc)
        hits: list[tuple[DeviceEntry, int, int]] = []
        single, by_lower, by_lemma = self.single, self._single_lower, self._single_lemma
        for i in [k for k, (low, lem) in enumerate(zip(attrs.lower, attrs.lemma)) if low in by_lower or lem in by_lemma]:
            low, lem = attrs.lower[i], attrs.lemma[i]
            for e in [*single.get(("lower", low), ()), *single.get(("lemma", lem), ())]:
                hits.append((e, i, i + 1))
        for key, s, e_ in self.multi(doc):
            for e in self.multi_entries[key]:
                hits.append((e, s, e_))
        rows, taken = [], set()
        for e, s, t in sorted(hits, key=lambda h: (h[1], -(h[2] - h[1]))):
            if any(k in taken for k in range(s, t)):
                continue  # a longer entry already covers these tokens ("dead end" before "dead")
            tok = doc[s]
            if e.condition == "complement" and not _has_verbal_complement(tok):
                continue
            if e.condition == "abstract_target" and (_is_animate(_target(tok)) or tok.ent_type_ in _ANIMATE_ENTS):
                continue
            category = e.category
            if e.device in ("agency", "volition") and _negated(tok):
                category = {"able": "unable", "unable": "able", "want": "not_want", "not_want": "want"}[category]
            subject = _subject_text(tok) if e.device in ("agency", "volition") else None
            rows.append(self._row(doc, e.device, category, s, t, f"lexicon:{e.condition}", subject))
            taken.update(range(s, t))
        return rows

    # ----------------------------------------------------------------- modal agency
    def _modal_agency(self, doc: Doc, cues: list[dict] | None) -> list[dict]:
        rows = []
        for c in cues or ():
            if c.get("kind") != "modal" or c.get("sense") != "dynamic" or c.get("lemma") not in _ABILITY_MODALS:
                continue
            tok = doc[c["token_start"]]
            verb = tok.head if tok.dep_ in ("aux", "auxpass") else tok
            subj = next((k for k in verb.children if k.dep_ in _SUBJ), None)
            if any(k.dep_ == "auxpass" for k in verb.children) or (subj is not None and subj.lower_ in _NON_AGENTS):
                continue  # "this cannot be done": no participant is framed as (un)able to act
            category = "unable" if c.get("negated") else "able"
            rows.append(self._row(doc, "agency", category, c["token_start"], c["token_end"], "modal:dynamic",
                                  _subject_text(tok)))
        return rows

    # ----------------------------------------------------------------- clause-level devices
    def _conditionals(self, doc: Doc) -> list[dict]:
        attrs = token_attrs(doc)
        low = attrs.lower
        rows, skip = [], -1
        starts = _CONDITION_MARKS.keys() | {words[0] for words in _MULTI_CONDITIONS}
        for i in [k for k, w in enumerate(low) if w in starts]:
            w = low[i]
            if i <= skip:
                continue
            multi = next(((words, cat) for words, cat in _MULTI_CONDITIONS.items()
                          if tuple(low[i:i + len(words)]) == words), None)
            if multi is not None:
                words, cat = multi
                rows.append(self._row(doc, "conditionality", cat, i, i + len(words), "clause:multiword"))
                skip = i + len(words) - 1
                continue
            cat = _CONDITION_MARKS.get(w)
            if cat is None or attrs.dep[i] != "mark":
                continue  # 'until Monday' (prep) is a time limit; 'if' as a noun is no condition
            if cat == "until" and not _negated(doc[i].head.head):
                continue  # temporal 'until' ('we waited until ...'); conditional only after a negated
                # main clause ('no talks until sanctions are lifted', Quirk et al. 1985 §15.25)
            start = i
            prev = low[i - 1] if i else ""
            if cat == "if" and prev == "only":
                cat, start = "only_if", i - 1
            elif cat == "if" and prev == "even":
                cat, start = "even_if", i - 1
            rows.append(self._row(doc, "conditionality", cat, start, i + 1, "clause:mark"))
        return rows

    def _questions(self, doc: Doc) -> list[dict]:
        attrs = token_attrs(doc)
        rows = []
        for sent in sentences(doc):
            words = [k for k in range(sent.start, sent.end) if attrs.is_word[k]]
            if not words:
                continue
            last = sent.end - 1
            while last > sent.start and attrs.lower[last] in ('"', "”", "’", "'", ")"):
                last -= 1
            if attrs.lower[last] != "?":
                continue
            first = words[0]
            window = [attrs.lower[k] for k in words[:5]]
            negated_aux = attrs.tag[first] in ("MD", "VBZ", "VBP", "VBD") and len(words) > 1 and \
                attrs.lower[words[1]] in _NEG
            wh_modal = window[0] in _WH and any(w in _MODAL_LOWER or w in _NEG for w in window[1:4])
            category = "rhetorical" if negated_aux or wh_modal else "open"
            rows.append(self._row(doc, "question", category, sent.start, sent.end,
                                  "question:negated_aux" if negated_aux else
                                  "question:wh_modal" if wh_modal else "question:other"))
        return rows

    def _tense(self, doc: Doc) -> list[dict]:
        rows = []
        for sent in sentences(doc):
            root = sent.root
            if root.pos_ not in ("VERB", "AUX"):
                continue
            aux = [c for c in root.children if c.dep_ in ("aux", "auxpass")]
            going = any(c.lower_ == "going" for c in aux) and any(c.dep_ == "xcomp" for c in root.children)
            if any(c.lower_ in _FUTURE_AUX or c.lemma_ in ("will", "shall") for c in aux) or \
                    (root.lower_ == "going" and any(c.dep_ == "xcomp" and c.tag_ == "VB" for c in root.children)):
                k = next((c.i for c in aux if c.lower_ in _FUTURE_AUX or c.lemma_ in ("will", "shall")), root.i)
                rows.append(self._row(doc, "tense", "future", k, k + 1, "tense:future_aux"))
            elif going:
                rows.append(self._row(doc, "tense", "future", root.i, root.i + 1, "tense:going_to"))
            elif root.tag_ == "VBD" or any(c.tag_ == "VBD" for c in aux):
                if not any(c.tag_ == "MD" for c in aux):
                    rows.append(self._row(doc, "tense", "past", root.i, root.i + 1, "tense:past_main"))
        return rows

    def __call__(self, doc: Doc, *, cues: list[dict] | None = None) -> list[dict]:
        if not len(doc):
            return []
        doc_text(doc)
        modal = self._modal_agency(doc, cues)
        covered = {k for r in modal for k in range(r["token_start"], r["token_end"])}
        lexical = [r for r in self._lexical(doc)  # one reading per token: 'was able to' is the modal's
                   if r["device"] != "agency" or not covered.intersection(range(r["token_start"], r["token_end"]))]
        rows = lexical + modal + self._conditionals(doc) + self._questions(doc) + self._tense(doc)
        rows.sort(key=lambda r: (r["token_start"], r["token_end"], r["device"]))
        return rows


def device_counts(rows: list[dict]) -> dict[str, int]:
    """``{"n_device_<device>_<category>": count}`` for a sentence's device rows."""
    out: dict[str, int] = {}
    for r in rows:
        key = f"n_device_{r['device']}_{r['category']}"
        out[key] = out.get(key, 0) + 1
    return out
