"""Issue frames, actors and who-does-what, for news on US-Iran relations (any news corpus with a
matching gazetteer).

Frames (:class:`FrameDetector`)
    Issue-specific frames in the sense of Entman (1993) and de Vreese (2005), signalled by lexical cues
    (``frames.tsv``): diplomacy_negotiation, mediation_third_party, pressure_sanctions,
    military_escalation, nuclear_deal_compliance, domestic_politics, mistrust_obstacles. One row per
    cue (a sentence can carry several frames): ``frame``, ``text``, ``lemma``, ``start_char``,
    ``end_char``, ``sent_index``, ``verb_class``. Matching is on lemmas (PhraseMatcher, attr LEMMA, lowercase
    lemma via LOWER fallback for sentence-initial capitals); single-word cues that are proper nouns are
    skipped ("the House" as a verb/noun vs the chamber is kept only as PROPN for ``house``).
    Title Case (headlines, headings: "Nuclear Talks Stall", "Iran Rejects New Talks"): the tagger takes
    capitalised common words for proper nouns (PROPN) and keeps their inflected, capitalised form as
    the lemma, so a lemma match misses "Talks" -> talk. In a Title Case sentence (every alphabetic
    non-stop word capitalised, at least two of them) a capitalised PROPN token is therefore matched
    on its lowercase form and on the lowercase lemmas the English inflection rules give it (noun
    plural -s/-es/-ies, verb -s/-ed/-ing; the suffix rules of spaCy's English rule lemmatizer), and
    the proper-noun skip does not apply to it. All-capital tokens (acronyms: "US", "JCPOA") are left
    as they are. Rule ``title_case`` in the row.

Actors (:class:`ActorDetector`)
    Gazetteer (``actors.tsv``: entry -> side us | iran | mediator | other, canonical name, type) matched
    with a PhraseMatcher on LOWER (longest match wins), plus spaCy NER (PERSON, GPE, NORP, ORG) for names
    the gazetteer lacks (``side == "other"``, ``source == "ner"``, unless a gazetteer entry occurs inside
    the entity). Titles are absorbed into the span ("President Trump", "Iranian President Hassan
    Rouhani", "Secretary of State Michael R. Pompeo"); the possessive clitic ('s / ’s) is excluded.
    The upper-case "US" is the country; lower-case "us" is a pronoun and never an actor.
    No coreference: "he", "they" are not actors.

Who does what (:func:`svo`)
    ``textacy.extract.subject_verb_object_triples`` per sentence; subject and object are resolved to
    actor sides (the side of an actor span overlapping them), the verb classified cooperative | hostile
    | neutral from the ``verb_class`` column of ``frames.tsv`` (e.g. talk, negotiate, mediate, meet,
    offer -> cooperative; attack, sanction, threaten, reject, refuse, strike -> hostile; anything else
    neutral). Negation ("does not want") is reported in ``negated``; it does not flip the class.
"""

from __future__ import annotations

from pathlib import Path

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from ..domains import NO_FRAME, US_IRAN_DIPLOMACY, read_lexicon
from ._doc import LemmaOrLowerMatcher, sentence_bounds, sentence_index, sentences, span_lemma, span_text, token_attrs
from .attribution import check_doc

FRAMES_FILE = "frames.tsv"
ACTORS_FILE = "actors.tsv"
#: The study's lexicons: the default of the detector classes (the tables default to no domain).
FRAMES_PATH = US_IRAN_DIPLOMACY.frames
ACTORS_PATH = US_IRAN_DIPLOMACY.actors
FRAMES = ("diplomacy_negotiation", "mediation_third_party", "pressure_sanctions",
          "military_escalation", "nuclear_deal_compliance", "domestic_politics", "mistrust_obstacles")
SIDES = ("us", "iran", "mediator", "other")
VERB_CLASSES = ("cooperative", "hostile", "neutral")

#: Title words absorbed into an actor span when they precede a gazetteer name (closed class, not a
#: lexicon): "President Trump", "Prime Minister Abe", "Secretary of State Michael R. Pompeo".
_TITLE_WORDS = frozenset({
    "president", "prime", "minister", "foreign", "secretary", "of", "state", "supreme", "leader",
    "gen.", "general", "rep.", "sen.", "senator", "ayatollah", "chancellor", "king", "crown", "prince",
    "sultan", "commission", "spokesman", "spokeswoman", "iranian", "french", "german", "japanese",
    "iraqi", "pakistani", "us", "u.s.", "the", "european",
})
_NER_LABELS = frozenset({"PERSON", "GPE", "NORP", "ORG"})


_sent_index = sentence_index

#: Inflectional suffix -> lemma ending, noun plurals and verb forms (after the English ``lemma_rules``
#: of spaCy's rule lemmatizer, spacy-lookups-data): used only for Title Case PROPN tokens, whose
#: lemma the tagger leaves inflected. A candidate counts only if it is a lexicon entry.
_INFLECTIONS = (("ies", "y"), ("ves", "f"), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"),
                ("shes", "sh"), ("men", "man"), ("es", "e"), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e"),
                ("ied", "y"), ("ed", ""), ("ed", "e"))


def title_case_lemmas(lower: str) -> tuple[str, ...]:
    """Lowercase lemma candidates of a word the tagger left inflected: the word itself, then each
    suffix rule of :data:`_INFLECTIONS` that leaves a stem of three letters or more
    ("talks" -> talks, talk; "negotiations" -> ..., negotiation; "stalled" -> stall, stalle)."""
    out = [lower]
    for suf, rep in _INFLECTIONS:
        if lower.endswith(suf) and len(lower) - len(suf) >= 3:
            out.append(lower[: len(lower) - len(suf)] + rep)
    return tuple(dict.fromkeys(out))


def title_case_tokens(doc: Doc) -> set[int]:
    """Indices of the capitalised PROPN tokens of the Doc's Title Case sentences (see the module
    docstring): the tokens whose PROPN tag and lemma are not to be trusted."""
    out: set[int] = set()
    pos = token_attrs(doc).pos
    if "PROPN" not in pos:
        return out
    for start, end in sentence_bounds(doc):
        if "PROPN" not in pos[start:end]:
            continue  # no token of it could be added
        sent = doc[start:end]
        # Title Case: at least two content words (alphabetic, not stop words), all capitalised;
        # stop at the first one that is not
        n_words = 0
        for t in sent:
            if t.is_alpha and not t.is_stop:
                if not (t.is_title or t.is_upper):
                    break
                n_words += 1
        else:
            if n_words >= 2:
                out.update(t.i for t in sent if t.pos_ == "PROPN" and t.is_title)
    return out


def frame_lexicon(path: str | Path = FRAMES_PATH) -> tuple[list[dict], str]:
    """Rows and label of a frames TSV (default: the study's ``frames.tsv``)."""
    return read_lexicon(Path(path), "frames")


def actor_lexicon(path: str | Path = ACTORS_PATH) -> tuple[list[dict], str]:
    """Rows and label of an actors TSV (default: the study's ``actors.tsv``)."""
    return read_lexicon(Path(path), "actors")


def verb_classes(path: str | Path = FRAMES_PATH) -> dict[str, str]:
    """lemma -> cooperative | hostile | neutral, from the verb_class column of a frames TSV."""
    out: dict[str, str] = {}
    for r in frame_lexicon(path)[0]:
        vc = (r.get("verb_class") or "").strip()
        if vc and r["entry"] not in out:
            out[r["entry"]] = vc
    return out


class FrameDetector:
    """Frame cues per Doc: ``FrameDetector(nlp.vocab)(doc)`` -> list of dicts (see module doc)."""

    def __init__(self, vocab: Vocab, *, lexicon: str | Path = FRAMES_PATH,
                 actors: str | Path | None = ACTORS_PATH, mediator_actors: bool = True):
        """``lexicon``: the frames TSV; ``actors``: the actors TSV of the same domain (or None).
        ``mediator_actors``: also emit a ``mediation_third_party`` cue for every gazetteer actor
        of side ``mediator`` (Switzerland, Oman, Abe...): in this domain naming a third party signals
        the mediation frame even without a mediation word (rule ``mediator_actor``). Only where the
        frames file has that frame and an actors file is given.

        Entries of frame ``none`` are exclusions: a fixed expression that contains a cue but does
        not signal its frame ("according to" is not the "accord"); a cue inside one is dropped."""
        rows, self.lexicon = frame_lexicon(lexicon)
        has_mediation = any(r["frame"] == "mediation_third_party" for r in rows)
        use_actors = mediator_actors and actors is not None and has_mediation
        self.actors = ActorDetector(vocab, lexicon=actors) if use_actors else None
        self.matcher = LemmaOrLowerMatcher(vocab)
        self.entries: dict[str, list[dict]] = {}
        self.exclusions = {r["entry"] for r in rows if r["frame"] == NO_FRAME}
        for r in rows:
            key = r["entry"]
            if key not in self.exclusions:
                self.entries.setdefault(key, []).append(r)
        # single-word cues: dictionary lookup on lemma/lowercase; multiword: phrase matching
        self.single = {k for k in self.entries if " " not in k}
        for key in [*self.entries, *self.exclusions]:
            toks = key.split()
            if len(toks) > 1:
                self.matcher.add(key, toks)

    def __call__(self, doc: Doc, *, actors: list[dict] | None = None) -> list[dict]:
        """Frame cues of ``doc``; ``actors`` may pass this Doc's :class:`ActorDetector` rows
        (so a caller that has them does not detect actors twice)."""
        check_doc(doc)
        sidx = _sent_index(doc)
        seen = set()
        out = []
        hits = self.matcher(doc)
        attrs = token_attrs(doc)
        single = self.single
        titled = title_case_tokens(doc)
        for i, (lem, low) in enumerate(zip(attrs.lemma, attrs.lower)):
            if lem in single:
                hits.append((lem, i, i + 1))
            elif low in single:
                hits.append((low, i, i + 1))
            elif i in titled:
                k = next((c for c in title_case_lemmas(low) if c in single), None)
                if k is not None:
                    hits.append((k, i, i + 1))
        if titled:
            hits += self._title_case_multiword(doc, titled, attrs)
        excluded = set()
        for key, s, e in hits:
            if key in self.exclusions:
                excluded.update(range(s, e))
        for key, s, e in sorted(hits, key=lambda x: (x[1], -x[2])):
            if (s, e, key) in seen or key in self.exclusions or (excluded and excluded & set(range(s, e))):
                continue
            seen.add((s, e, key))
            # skip proper-noun uses of single common words, except "House"/"Senate"/"Congress"
            # and Title Case words, whose PROPN tag is the headline's capitals
            if e - s == 1 and attrs.pos[s] == "PROPN" and s not in titled and key not in (
                    "house", "senate", "congress", "jcpoa", "instex"):
                continue
            if key == "house" and attrs.pos[s] != "PROPN":
                continue
            text, start_char, end_char = span_text(doc, s, e)
            for r in self.entries[key]:
                out.append({
                    "frame": r["frame"], "text": text,
                    "lemma": span_lemma(doc, s, e),
                    "start_char": start_char, "end_char": end_char,
                    "token_start": s, "token_end": e, "sent_index": sidx[s],
                    "verb_class": (r.get("verb_class") or "").strip() or None,
                    "lexicon": self.lexicon,
                    "rule": "title_case" if titled.intersection(range(s, e)) else "lexical",
                })
        if self.actors is not None:
            for a in (actors if actors is not None else self.actors(doc)):
                if a["side"] == "mediator" and a["source"] == "gazetteer":
                    out.append({
                        "frame": "mediation_third_party", "text": a["text"],
                        "lemma": span_lemma(doc, a["token_start"], a["token_end"]),
                        "start_char": a["start_char"], "end_char": a["end_char"],
                        "token_start": a["token_start"], "token_end": a["token_end"],
                        "sent_index": a["sent_index"], "verb_class": None,
                        "lexicon": self.actors.lexicon, "rule": "mediator_actor",
                    })
        # drop a cue nested in a longer cue of the same frame ("negotiating table" vs "negotiate")
        keep = []
        for r in out:
            if any(o is not r and o["frame"] == r["frame"] and o["token_start"] <= r["token_start"]
                   and o["token_end"] >= r["token_end"]
                   and (o["token_end"] - o["token_start"]) > (r["token_end"] - r["token_start"])
                   for o in out):
                continue
            keep.append(r)
        return keep

    def _title_case_multiword(self, doc: Doc, titled: set[int], attrs) -> list[tuple[str, int, int]]:
        """Multiword entries in Title Case sentences whose words match by lowercase form, lemma or
        :func:`title_case_lemmas` ("Negotiating Tables", "Third Parties"), with at least one Title
        Case PROPN token among them (the others are found by the phrase matcher)."""
        out = []
        keys = [k.split() for k in [*self.entries, *self.exclusions] if " " in k]
        for i in sorted(titled):
            for toks in keys:
                for s in range(i - len(toks) + 1, i + 1):
                    e = s + len(toks)
                    if s < 0 or e > len(doc):
                        continue
                    if all(w == attrs.lemma[j] or w in (title_case_lemmas(attrs.lower[j]) if j in titled
                                                        else (attrs.lower[j],))
                           for w, j in zip(toks, range(s, e))):
                        out.append((" ".join(toks), s, e))
        return out


def frames_by_sentence(rows: list[dict]) -> dict[int, set[str]]:
    """{sent_index: set of frames} from FrameDetector rows."""
    out: dict[int, set[str]] = {}
    for r in rows:
        out.setdefault(r["sent_index"], set()).add(r["frame"])
    return out


class ActorDetector:
    """Actor mentions per Doc: ``ActorDetector(nlp.vocab)(doc)`` -> list of dicts with ``text``,
    ``canonical``, ``side``, ``type``, ``start_char``, ``end_char``, ``token_start``, ``token_end``,
    ``sent_index``, ``source`` (gazetteer | ner). See the module docstring."""

    def __init__(self, vocab: Vocab, *, lexicon: str | Path = ACTORS_PATH):
        rows, self.lexicon = actor_lexicon(lexicon)
        self.entries = {r["entry"].strip(): r for r in rows}
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        for key in self.entries:
            self.matcher.add(key, [self._pattern(vocab, key)])

    @staticmethod
    def _pattern(vocab: Vocab, key: str) -> Doc:
        words = key.split()
        return Doc(vocab, words=words)

    def __call__(self, doc: Doc) -> list[dict]:
        check_doc(doc)
        sidx = _sent_index(doc)
        sents = sentences(doc)
        cands = []
        for m_id, s, e in self.matcher(doc):
            key = doc.vocab.strings[m_id]
            if key == "us" and doc[s].text != "US":
                continue  # the pronoun "us"
            cands.append((s, e, key))
        # longest match wins, left to right
        cands.sort(key=lambda x: (x[0], -(x[1] - x[0])))
        chosen: list[tuple[int, int, str]] = []
        taken = set()
        for s, e, key in sorted(cands, key=lambda x: -(x[1] - x[0])):
            if any(i in taken for i in range(s, e)):
                continue
            chosen.append((s, e, key))
            taken.update(range(s, e))
        out = []
        spans = []
        absorbed: set[int] = set()
        for s, e, key in sorted(chosen):
            r = self.entries[key]
            # absorb titles (and a nationality adjective before a title) before a person's name
            if r["type"].strip() == "person":
                start = sents[sidx[s]].start
                while s > start:
                    prev = doc[s - 1]
                    if prev.lower_ in _TITLE_WORDS and ((s - 1) not in taken or prev.pos_ == "ADJ"
                                                         or prev.ent_type_ == "NORP"):
                        s -= 1
                    elif prev.pos_ == "PROPN" and (s - 1) not in taken:  # first names, initials
                        s -= 1
                    else:
                        break
                while s < e and doc[s].lower_ in ("the", "of"):
                    s += 1
                absorbed.update(range(s, e))
                taken.update(range(s, e))
            spans.append((s, e, r))
        for s, e, r in spans:
            if r["type"].strip() != "person" and any(i in absorbed for i in range(s, e)):
                continue  # "Iranian" inside "Iranian President Hassan Rouhani"
            out.append(self._row(doc, s, e, r["canonical"], r["side"], r["type"], "gazetteer", sidx))
        for ent in doc.ents:
            if ent.label_ not in _NER_LABELS:
                continue
            if any(i in taken for i in range(ent.start, ent.end)):
                continue
            s, e = ent.start, ent.end
            if doc[e - 1].tag_ == "POS" or doc[e - 1].lower_ in ("'s", "’s"):
                e -= 1
            if e <= s:
                continue
            out.append(self._row(doc, s, e, ent.text, "other", ent.label_.lower(), "ner", sidx))
        out.sort(key=lambda r: r["start_char"])
        return out

    @staticmethod
    def _row(doc: Doc, s: int, e: int, canonical: str, side: str, typ: str, source: str,
             sidx: list[int]) -> dict:
        text, start_char, end_char = span_text(doc, s, e)
        return {"text": text, "canonical": canonical.strip(), "side": side.strip(),
                "type": typ.strip(), "start_char": start_char, "end_char": end_char,
                "token_start": s, "token_end": e, "sent_index": sidx[s],
                "source": source}


def _side_of(tokens, actors: list[dict]) -> tuple[str | None, str | None]:
    idx = {t.i for t in tokens}
    for a in actors:
        if any(a["token_start"] <= i < a["token_end"] for i in idx):
            return a["side"], a["canonical"]
    return None, None


def svo(doc: Doc, actors: list[dict] | None = None, *, detector: ActorDetector | None = None,
        classes: dict[str, str] | None = None) -> list[dict]:
    """Who does what to whom: one row per subject-verb-object triple (textacy).

    Keys: ``sent_index``, ``subject``, ``verb`` (verb tokens, with auxiliaries/negation), ``verb_lemma``
    (main verb lemma), ``object``, ``subject_side``/``object_side`` (us | iran | mediator | other |
    None), ``subject_actor``/``object_actor`` (canonical), ``verb_class`` (cooperative | hostile |
    neutral), ``negated``. ``actors``: rows of :class:`ActorDetector` for this doc (computed if None).
    ``classes``: lemma -> verb class (default: :func:`verb_classes` of the study's frames file).
    """
    from textacy.extract import subject_verb_object_triples

    check_doc(doc)
    if actors is None:
        actors = (detector or ActorDetector(doc.vocab))(doc)
    classes = verb_classes() if classes is None else classes
    sidx = _sent_index(doc)
    out = []
    for tri in subject_verb_object_triples(doc):
        subj, verb, obj = list(tri.subject), list(tri.verb), list(tri.object)
        main = next((t for t in verb if t.pos_ == "VERB"), verb[-1])
        lemma = main.lemma_.lower()
        ss, sa = _side_of(subj, actors)
        os_, oa = _side_of(obj, actors)
        out.append({
            "sent_index": sidx[main.i],
            "subject": " ".join(t.text for t in subj), "verb": " ".join(t.text for t in verb),
            "verb_lemma": lemma, "object": " ".join(t.text for t in obj),
            "subject_side": ss, "subject_actor": sa, "object_side": os_, "object_actor": oa,
            "verb_class": classes.get(lemma, "neutral"),
            "negated": any(t.dep_ == "neg" for t in verb) or any(c.dep_ == "neg" for c in main.children),
        })
    return out
