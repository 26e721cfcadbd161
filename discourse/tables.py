"""Tidy tables: the currency between the layers.

One row per segment, per sentence, per cue or per source. Parsing happens here, once per
segment, through :func:`discourse.nlp.iter_parse` (``nlp.pipe`` plus the on-disk cache).

Token counts (``n_tokens``) count *word* tokens: spaCy tokens that are neither punctuation
nor whitespace. They are the denominators of every rate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc, Span

from .corpus import Corpus
from .nlp import iter_parse, load_nlp


def n_words(span: Doc | Span) -> int:
    """Number of word tokens (not punctuation, not whitespace) in a Doc or Span."""
    return sum(1 for t in span if not (t.is_punct or t.is_space))


def parse_segments(
    corpus: Corpus,
    *,
    roles: Iterable[str] | None = ("body",),
    nlp: Language | None = None,
    cache: bool = True,
    batch_size: int = 64,
    n_process: int = 1,
) -> pd.DataFrame:
    """The corpus's segments (of the given roles; ``None`` = all) with a ``doc`` column.

    Each segment is parsed on its own, so a heading never runs into the next paragraph.
    """
    seg = corpus.segments
    if roles is not None:
        seg = seg[seg["role"].isin(list(roles))]
    seg = seg.reset_index(drop=True).copy()
    nlp = nlp or load_nlp()
    names = (f"{r.source_id} segment {r.segment_id}" for r in seg.itertuples())
    seg["doc"] = list(iter_parse(seg["text"], nlp=nlp, cache=cache, batch_size=batch_size,
                                 n_process=n_process, names=names))
    return seg


def composition(corpus: Corpus, *, nlp: Language | None = None, cache: bool = True) -> pd.DataFrame:
    """One row per source and role: ``n_segments``, ``n_sentences``, ``n_tokens`` (words), ``n_chars``."""
    seg = parse_segments(corpus, roles=None, nlp=nlp, cache=cache)
    seg["n_sentences"] = [len(list(d.sents)) for d in seg["doc"]]
    seg["n_tokens"] = [n_words(d) for d in seg["doc"]]
    seg["n_chars"] = seg["text"].str.len()
    out = (
        seg.groupby(["source_id", "role"], sort=False)
        .agg(n_segments=("segment_id", "size"), n_sentences=("n_sentences", "sum"),
             n_tokens=("n_tokens", "sum"), n_chars=("n_chars", "sum"))
        .reset_index()
    )
    return out


# --------------------------------------------------------------------------- cues and sentences
SENTENCE_KEYS = ["source_id", "segment_id", "role", "sent_id", "sent_in_segment", "text", "start_char", "end_char", "n_tokens"]
SCORE_COLUMNS = ["sentiment", "sentiment_lexicon", "vader", "textblob_polarity", "textblob_subjectivity"]
#: count columns always present (so tables from different corpora line up)
BASE_COUNTS = ["n_hedge", "n_booster", "n_modal", "n_modal_epistemic", "n_modal_deontic", "n_modal_dynamic"]


def _cue_frame(rows: list[dict]) -> pd.DataFrame:
    from .components import CUE_COLUMNS

    df = pd.DataFrame(rows, columns=CUE_COLUMNS)
    return df.astype({"start_char": "int64", "end_char": "int64", "token_start": "int64",
                      "token_end": "int64", "sent_id": "int64", "negated": "bool"})


def cues(text_or_doc: str | Doc, *, nlp: Language | None = None) -> pd.DataFrame:
    """Every hedge, booster and modal (and stance marker) in a text, one row per cue.

    Columns: ``kind`` (hedge | booster | modal | ...), ``text``, ``lemma``, ``start_char`` and
    ``end_char`` (offsets into the input text), ``token_start``/``token_end``, ``sent_id`` (the
    sentence's index in the text), ``category``, ``sense`` (modal cues: epistemic | deontic |
    dynamic), ``strength`` (low | median | high: Halliday's values of modality), ``negated``,
    ``lexicon`` (word list and version that matched) and ``rule`` (which rule decided).
    An empty text gives an empty frame with these columns. A Doc must carry tags and a parse.
    """
    from .components import cue_finder

    if isinstance(text_or_doc, Doc):
        doc = text_or_doc
    elif isinstance(text_or_doc, str) and not text_or_doc.strip():
        return _cue_frame([])
    else:
        from .nlp import check_text, parse_one

        nlp = nlp or load_nlp()
        doc = parse_one(check_text(text_or_doc, max_length=nlp.max_length), nlp=nlp)
    return _cue_frame(cue_finder(doc.vocab)(doc))


def _sentence_scores(text: str) -> dict[str, float]:
    from .measures.sentiment import sentence_scores

    return sentence_scores(text)


def _count_columns(sent_cues: list[dict]) -> dict[str, int]:
    counts: dict[str, int] = dict.fromkeys(BASE_COUNTS, 0)
    for c in sent_cues:
        counts[f"n_{c['kind']}"] = counts.get(f"n_{c['kind']}", 0) + 1
        if c["kind"] == "modal" and c.get("sense"):
            key = f"n_modal_{c['sense']}"
            counts[key] = counts.get(key, 0) + 1
        if c.get("category") and not (c["kind"] == "modal"):
            key = f"n_{c['kind']}_{c['category']}"
            counts[key] = counts.get(key, 0) + 1
    return counts


class Measurer:
    """Every per-document measure, with its detectors built once for a vocabulary.

    ``measurer(doc)`` returns the rows for one parsed Doc (a paragraph or a whole text):
    ``sentences`` (one dict per sentence), ``cues`` (hedges, boosters, modals, stance markers),
    ``frames`` (frame cues) and ``actors`` (actor mentions); offsets index ``doc.text`` and
    ``sent_id`` is the sentence's index within the Doc.
    """

    def __init__(self, vocab):
        from .components import cue_finder
        from .measures.attribution import AttributionDetector
        from .measures.framing import ActorDetector, FrameDetector

        self.cues = cue_finder(vocab)
        self.attribution = AttributionDetector(vocab)
        self.frames = FrameDetector(vocab)
        self.actors = ActorDetector(vocab)

    def __call__(self, doc: Doc) -> dict[str, list[dict]]:
        from .measures.prospects import prospect_rows

        from .measures._doc import sentence_texts, sentences, token_attrs

        doc_cues = self.cues(doc)
        voices = {r["sent_index"]: r for r in self.attribution(doc)}
        actor_rows = self.actors(doc)
        frame_rows = self.frames(doc, actors=actor_rows)
        sents = sentences(doc)
        texts = sentence_texts(doc)
        scores = {k: _sentence_scores(t) if t.strip() else None for k, t in enumerate(texts)}
        by_text = {texts[k]: v["sentiment_lexicon"] for k, v in scores.items() if v}  # prospects keep the lexicon input
        prospects = {r["sent_index"]: r for r in prospect_rows(doc, frame_rows, cues=doc_cues,
                                                                   sentiment=lambda t: by_text.get(t, 0.0))}
        cue_by_sent: dict[int, list[dict]] = {}
        for c in doc_cues:
            cue_by_sent.setdefault(c["sent_id"], []).append(c)
        frames_by: dict[int, list[dict]] = {}
        for f in frame_rows:
            frames_by.setdefault(f["sent_index"], []).append(f)
        actors_by: dict[int, list[dict]] = {}
        for a in actor_rows:
            actors_by.setdefault(a["sent_index"], []).append(a)
        is_word = token_attrs(doc).is_word  # word tokens, read once per Doc (not a Token per token)
        rows = []
        for k, sent in enumerate(sents):
            if scores[k] is None:
                continue
            fr = frames_by.get(k, [])
            ac = actors_by.get(k, [])
            v = voices.get(k, {})
            pr = prospects.get(k, {})
            row = {"sent_id": k, "text": texts[k], "start_char": sent.start_char, "end_char": sent.end_char,
                   "n_tokens": sum(is_word[sent.start:sent.end]), **scores[k],
                   "voice": v.get("voice"), "speaker": v.get("speaker"),
                   "frames": "|".join(dict.fromkeys(f["frame"] for f in fr)),
                   "actors": "|".join(dict.fromkeys(a["side"] for a in ac if a.get("side"))),
                   "prospect": bool(pr.get("prospect", False)),
                   "prospect_score": pr.get("score"), "prospect_stance": pr.get("stance"),
                   **_count_columns(cue_by_sent.get(k, []))}
            for f in fr:
                key = f"n_frame_{f['frame']}"
                row[key] = row.get(key, 0) + 1
            rows.append(row)
        for f in frame_rows:
            f["sent_id"] = f.pop("sent_index")
        for a in actor_rows:
            a["sent_id"] = a.pop("sent_index")
        return {"sentences": rows, "cues": doc_cues, "frames": frame_rows, "actors": actor_rows}


_MEASURERS: dict[int, Measurer] = {}


def measurer(vocab) -> Measurer:
    """The :class:`Measurer` for ``vocab``, built on first use and then reused."""
    m = _MEASURERS.get(id(vocab))
    if m is None or m.cues.vocab is not vocab:
        m = _MEASURERS[id(vocab)] = Measurer(vocab)
    return m


@dataclass
class Analysis:
    """The tables of one corpus, from a single parse.

    ``sentences`` (see :func:`sentence_table`), ``cues`` (see :func:`cue_table`), ``frames`` (one
    row per frame cue) and ``actors`` (one row per actor mention), all with ``source_id``,
    ``segment_id``, ``role``, the source's ``sent_id`` and offsets into the raw text; ``info``
    names the model and version.
    """

    sentences: pd.DataFrame
    cues: pd.DataFrame
    frames: pd.DataFrame
    actors: pd.DataFrame
    info: dict


def analyze_all(
    corpus: Corpus,
    *,
    nlp: Language | None = None,
    cache: bool = True,
    batch_size: int = 64,
    n_process: int = 1,
) -> Analysis:
    """Parse the corpus's body text once (cached) and measure everything: an :class:`Analysis`."""
    from .components import CUE_COLUMNS
    from .nlp import model_info

    nlp = nlp or load_nlp()
    seg = parse_segments(corpus, roles=("body",), nlp=nlp, cache=cache, batch_size=batch_size, n_process=n_process)
    meas = measurer(nlp.vocab)
    out: dict[str, list[dict]] = {"sentences": [], "cues": [], "frames": [], "actors": []}
    next_sent: dict[str, int] = {}
    for s in seg.itertuples():
        res = meas(s.doc)
        base = next_sent.get(s.source_id, 0)
        local = {r["sent_id"]: base + i for i, r in enumerate(res["sentences"])}
        next_sent[s.source_id] = base + len(res["sentences"])
        key = {"source_id": s.source_id, "segment_id": s.segment_id}
        for r in res["sentences"]:
            out["sentences"].append({**key, "role": s.role, **r, "sent_id": local[r["sent_id"]],
                                     "sent_in_segment": r["sent_id"],
                                     "start_char": s.start_char + r["start_char"],
                                     "end_char": s.start_char + r["end_char"]})
        for name in ("cues", "frames", "actors"):
            for r in res[name]:
                if r["sent_id"] not in local:  # a whitespace-only "sentence"
                    continue
                out[name].append({**key, "role": s.role, **r, "sent_id": local[r["sent_id"]],
                                  "start_char": s.start_char + r["start_char"],
                                  "end_char": s.start_char + r["end_char"]})
    sentences = pd.DataFrame(out["sentences"])
    if sentences.empty:
        sentences = pd.DataFrame(columns=SENTENCE_KEYS + SCORE_COLUMNS + BASE_COUNTS)
    count_cols = sorted(c for c in sentences.columns if c.startswith("n_") and c != "n_tokens")
    sentences[count_cols] = sentences[count_cols].fillna(0).astype("int64")
    front = [c for c in SENTENCE_KEYS + SCORE_COLUMNS if c in sentences.columns]
    rest = [c for c in sentences.columns if c not in front and c not in count_cols]
    sentences = sentences[front + rest + count_cols]
    cue_df = pd.DataFrame(out["cues"], columns=["source_id", "segment_id", "role"] + CUE_COLUMNS)
    frames = pd.DataFrame(out["frames"])
    actors = pd.DataFrame(out["actors"])
    info = model_info(nlp)
    for df in (sentences, cue_df, frames, actors):
        df.attrs.update(info)
    return Analysis(sentences, cue_df, frames, actors, info)


def analyze(corpus: Corpus, **kwargs) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(sentence_table, cue_table)`` from a single parse; options as :func:`analyze_all`."""
    a = analyze_all(corpus, **kwargs)
    return a.sentences, a.cues


def svo_table(corpus: Corpus, *, nlp: Language | None = None, cache: bool = True) -> pd.DataFrame:
    """Who does what to whom: subject-verb-object triples (textacy) of the body sentences, with
    actors resolved to sides and verbs classed cooperative | hostile | neutral. Kept out of
    :func:`analyze_all` because it costs about a tenth of the parse."""
    from .measures.framing import svo

    nlp = nlp or load_nlp()
    seg = parse_segments(corpus, roles=("body",), nlp=nlp, cache=cache)
    meas = measurer(nlp.vocab)
    rows, next_sent = [], {}
    for s in seg.itertuples():
        sents = [k for k, sent in enumerate(s.doc.sents) if sent.text.strip()]
        base = next_sent.get(s.source_id, 0)
        local = {k: base + i for i, k in enumerate(sents)}
        next_sent[s.source_id] = base + len(sents)
        for r in svo(s.doc, meas.actors(s.doc)):
            r = dict(r)
            k = r.pop("sent_index")
            rows.append({"source_id": s.source_id, "segment_id": s.segment_id, "sent_id": local.get(k, -1), **r})
    return pd.DataFrame(rows)


def sentence_table(corpus: Corpus, **kwargs) -> pd.DataFrame:
    """One row per body sentence.

    Columns: ``source_id``, ``segment_id``, ``role`` (always ``body``: only body text is analysed),
    ``sent_id`` (0-based within the source),
    ``sent_in_segment``, ``text``, ``start_char``/``end_char`` (offsets into the raw text),
    ``n_tokens`` (word tokens), the sentiment scores (``sentiment``: the package's primary score;
    ``vader``; ``textblob_polarity``; ``textblob_subjectivity``), and one count column per cue
    kind (``n_hedge``, ``n_booster``, ``n_modal``), per modal sense (``n_modal_epistemic`` ...)
    and per kind and category (``n_hedge_approximator`` ...). Options as :func:`analyze`.
    """
    return analyze_all(corpus, **kwargs).sentences


def cue_table(corpus: Corpus, **kwargs) -> pd.DataFrame:
    """Every cue in the body text, with ``source_id``, ``segment_id``, ``role``, ``sent_id``
    (as in :func:`sentence_table`) and offsets into the raw text. Options as :func:`analyze`."""
    return analyze_all(corpus, **kwargs).cues


def summarize(table: pd.DataFrame, by: str | list[str] = "source_id", *, per: int = 1000) -> pd.DataFrame:
    """Per-group rates per ``per`` (1,000) word tokens, with counts and denominators kept.

    One row per group and count column (``measure``): ``count``, ``n_tokens``, ``n_sentences``,
    ``rate`` = count / n_tokens × per, and ``share_sentences`` (share of sentences with at least
    one). For bootstrap confidence intervals use :func:`discourse.stats.rates`.
    """
    by = [by] if isinstance(by, str) else list(by)
    missing = [c for c in by + ["n_tokens"] if c not in table.columns]
    if missing:
        raise KeyError(f"summarize: the table has no column(s) {missing}; it has {list(table.columns)[:12]}...")
    count_cols = [c for c in table.columns if c.startswith("n_") and c != "n_tokens"]
    g = table.groupby(by, sort=False)
    counts = g[count_cols].sum()
    tokens = g["n_tokens"].sum()
    n_sent = g.size()
    present = g[count_cols].agg(lambda s: (s > 0).mean())
    long = counts.stack().rename("count").reset_index().rename(columns={f"level_{len(by)}": "measure"})
    long.columns = by + ["measure", "count"]
    idx = pd.MultiIndex.from_frame(long[by]) if len(by) > 1 else pd.Index(long[by[0]])
    long["n_tokens"] = tokens.reindex(idx).to_numpy()
    long["n_sentences"] = n_sent.reindex(idx).to_numpy()
    long["rate"] = long["count"] / long["n_tokens"] * per
    share = present.stack().rename("share_sentences").reset_index()
    share.columns = by + ["measure", "share_sentences"]
    return long.merge(share, on=by + ["measure"], how="left")


def term_counts(corpus: Corpus, *, attr: str = "lemma", nlp: Language | None = None, cache: bool = True,
                stop_words: bool = False) -> pd.DataFrame:
    """Counts of word types per source in the body text: one row per (``source_id``, ``term``).

    ``attr`` is ``"lemma"`` (lower-cased lemma) or ``"lower"`` (lower-cased word form). Only
    alphabetic tokens count; stop words are left out unless ``stop_words=True``. The input to
    :func:`discourse.stats.keyness`.
    """
    if attr not in ("lemma", "lower"):
        raise ValueError(f"attr must be 'lemma' or 'lower', got {attr!r}")
    seg = parse_segments(corpus, roles=("body",), nlp=nlp or load_nlp(), cache=cache)
    rows = []
    for s in seg.itertuples():
        for t in s.doc:
            if t.is_alpha and (stop_words or not t.is_stop):
                rows.append((s.source_id, t.lemma_.lower() if attr == "lemma" else t.lower_))
    df = pd.DataFrame(rows, columns=["source_id", "term"])
    return df.value_counts().rename("count").reset_index().sort_values(["source_id", "count", "term"],
                                                                      ascending=[True, False, True], ignore_index=True)


def concordance(corpus: Corpus, cues_df: pd.DataFrame, *, kind: str | None = None, width: int = 45) -> pd.DataFrame:
    """Keyword-in-context lines for the cues of a cue table (one row per cue).

    Unlike string-matching KWIC (e.g. ``textacy.extract.keyword_in_context``), the lines come
    from the cue table's raw-text offsets, so they show exactly the occurrences the detectors
    counted (not "May" the month when "may" is the hedge). Columns: ``source_id``, ``sent_id``,
    ``kind``, ``category``, ``left``, ``cue``, ``right``.
    """
    df = cues_df if kind is None else cues_df[cues_df["kind"] == kind]
    rows = []
    for r in df.itertuples():
        raw = corpus.text(r.source_id)
        left = raw[max(0, r.start_char - width):r.start_char].replace("\n", " ")
        right = raw[r.end_char:r.end_char + width].replace("\n", " ")
        rows.append({"source_id": r.source_id, "sent_id": r.sent_id, "kind": r.kind, "category": r.category,
                     "left": left.rjust(width), "cue": raw[r.start_char:r.end_char], "right": right.ljust(width)})
    return pd.DataFrame(rows, columns=["source_id", "sent_id", "kind", "category", "left", "cue", "right"])
