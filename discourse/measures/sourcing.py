"""Who speaks: the type of source a sentence is credited to (writer, named, anonymous, institutional).

A news text's sourcing is part of its framing: a prospect stated by "officials" (veiled attribution,
Culbertson 1978), by a named expert, by an institution, or by the writer in their own voice commits
different people to it (Bell 1991, ch. 10). Given a sentence's voice and credited speaker (from
:class:`discourse.measures.attribution.AttributionDetector`), :func:`source_type` returns

- ``writer``: authorial voice (no attribution);
- ``named``: the speaker expression holds a person's name (a spaCy PERSON entity), or is a singular
  personal pronoun ("he said"), which in news refers back to a source already named (no coreference is
  resolved: an assumption, stated here);
- ``anonymous``: the head noun is an unnamed person or group ("officials", "a senior State Department
  official", "diplomats who ..."), or an agentless evidential passive ("are believed to");
- ``institutional``: the head is an organisation, state or city (ORG, GPE, NORP entity: "Tehran",
  "the State Department") or an institutional noun ("the administration", "a statement");
- ``unknown``: attributed, but the speaker could not be typed (no speaker found, plural pronouns).

Word lists: ``lexicons/source_types.tsv`` (cited per entry).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span

from ..lexicon import LEXICON_DIR, read_lexicon

LEXICON_PATH = LEXICON_DIR / "source_types.tsv"
SOURCE_TYPES = ("writer", "named", "anonymous", "institutional", "unknown")
_SINGULAR_PRONOUNS = frozenset({"he", "she", "him", "her"})
_INSTITUTION_ENTS = frozenset({"ORG", "GPE", "NORP", "FAC"})


@lru_cache(maxsize=2)
def source_lexicon(path: str | None = None) -> dict[str, str]:
    """``{head lemma: anonymous | institutional}`` from ``source_types.tsv``."""
    lex = read_lexicon(Path(path) if path else LEXICON_PATH, required=("entry", "source"),
                       choices={"type": ("anonymous", "institutional")})
    return {r["entry"].lower(): r["type"] for r in lex.rows}


def _speaker_span(sent: Span, speaker: str) -> Span | None:
    """The tokens of ``speaker`` inside ``sent`` (its first occurrence), or None."""
    m = re.search(r"(?<!\w)" + re.escape(speaker) + r"(?!\w)", sent.text)
    if m is None:
        return None
    at = m.start()
    return sent.doc.char_span(sent.start_char + at, sent.start_char + at + len(speaker), alignment_mode="expand")


def source_type(sent: Span, voice: str | None, speaker: str | None, *, rule: str = "") -> str:
    """The type of source ``sent`` is credited to (see the module docstring for the categories)."""
    if voice in (None, "authorial"):
        return "writer"
    if not speaker:
        return "anonymous" if rule.startswith("evidential_passive") else "unknown"
    span = _speaker_span(sent, speaker)
    if span is None or not len(span):
        return "unknown"
    if any(t.ent_type_ == "PERSON" for t in span):
        return "named"
    if len(span) == 1 and span[0].lower_ in _SINGULAR_PRONOUNS:
        return "named"
    lexicon = source_lexicon()
    head = span.root
    kind = lexicon.get(head.lemma_.lower())
    if kind is not None:
        return kind
    ents = [e for e in sent.doc.ents if e.start >= span.start and e.end <= span.end]
    if any(e.label_ in _INSTITUTION_ENTS and (e.label_ != "ORG" or len(e) > 1 or e.text.isupper()) for e in ents):
        return "institutional"
    if head.pos_ == "PROPN" or (head.is_title and (head.ent_type_ == "ORG" or head.i != sent.start)):
        # a proper name the NER missed or took for an organisation ("Alawi said"; the small model often
        # tags a lone surname such as "Pompeo" as ORG, or "Trump" as a common noun): a one-word ORG or a
        # capitalised head noun inside the sentence is read as a person
        return "named"
    return "unknown"


def source_types(sents: list[Span], attribution_rows: list[dict]) -> list[str]:
    """:func:`source_type` for each attribution row of a Doc (``sents`` are the Doc's sentences).
    A quoted sentence whose speaker was carried over from a neighbouring quote
    (``quote_continuation``) takes that neighbour's type."""
    out = [source_type(sents[r["sent_index"]], r["voice"], r["speaker"], rule=r.get("rule") or "")
           for r in attribution_rows]
    known = {r["speaker"]: t for r, t in zip(attribution_rows, out) if r["speaker"] and t != "unknown"}
    for i, r in enumerate(attribution_rows):
        if out[i] == "unknown" and "quote_continuation" in (r.get("rule") or ""):
            out[i] = known.get(r["speaker"], "unknown")
    return out
