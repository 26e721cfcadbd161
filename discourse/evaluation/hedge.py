"""Agreement of the hedge detector with human-annotated hedge-cue files, and its consistency
with the modal-sense classifier.

Files (``shared/validation``, format ``id, sentence, label, cues``): the Szeged Uncertainty
Corpus (Wikipedia; Vincze et al. 2008), its epistemic-only variant, and the SFU Review corpus
(Konstantinova et al. 2012). Scores are sentence-level precision, recall and F1.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from spacy.tokens import Doc

from .. import annotated
from ..errors import InputError
from ..measures.engagement import EngagementDetector
from ..measures.hedging import UNCERTAINTY_CATEGORIES, HedgeDetector
from ..measures.modality import ModalDetector
from ..nlp import load_nlp, parse
from .modal import MODAL_FILES

HEDGE_FILES: tuple[str, ...] = ("szeged_wiki.tsv", "szeged_wiki_epistemic.tsv", "sfu_review_speculation.tsv")


def score_hedge_file(
    path: str | Path,
    *,
    nlp=None,
    categories: Iterable[str] | None = None,
    n_errors: int = 10,
    docs: list[Doc] | None = None,
) -> dict:
    """Sentence-level agreement of the hedge detector with a human-annotated hedge-cue file.

    A sentence is predicted positive when it holds at least one ``kind == "hedge"`` cue whose
    category is in ``categories`` (default :data:`UNCERTAINTY_CATEGORIES`: epistemic and
    doxastic cues, seeming verbs, shields and negated certainty; approximators, frequency
    adverbs and downtoners are left out because Szeged and SFU annotate uncertainty, not
    imprecision). Doxastic cues count, as in both annotation schemes. Gold is the ``label``
    column (1 = at least one uncertainty cue).

    Returns a dict: ``precision``, ``recall``, ``f1`` (0-1, higher is better), ``n``,
    ``n_positive`` (gold), ``n_predicted``, ``tp``, ``fp``, ``fn``, and ``false_positives`` /
    ``false_negatives``: up to ``n_errors`` examples each as ``{"sentence", "gold", "predicted"}``.

    ``nlp`` defaults to :func:`discourse.nlp.load_nlp` without NER; parses go through the
    on-disk parse cache. ``docs`` may pass already parsed sentences (in file order).
    """
    df = annotated.read_annotated_tsv(path)
    missing = {"sentence", "label", "cues"} - set(df.columns)
    if missing:
        raise InputError(f"{path} is not a hedge-cue file: missing columns {sorted(missing)}.")
    cats = frozenset(categories) if categories is not None else UNCERTAINTY_CATEGORIES
    sentences = list(df["sentence"])
    if docs is None:
        nlp = nlp or load_nlp(exclude=("ner",))
        docs = parse([s if s.strip() else "." for s in sentences], nlp=nlp)
    if len(docs) != len(sentences):
        raise InputError(f"Got {len(docs)} docs for {len(sentences)} sentences in {path}.")
    det = HedgeDetector(docs[0].vocab) if docs else None
    tp = fp = fn = 0
    fps: list[dict] = []
    fns: list[dict] = []
    for sent, gold_label, gold_cues, doc in zip(sentences, df["label"], df["cues"], docs):
        cues = [r for r in det(doc) if r["kind"] == "hedge" and r["category"] in cats]
        pred = bool(cues)
        gold = gold_label.strip() == "1"
        if pred and gold:
            tp += 1
        elif pred:
            fp += 1
            if len(fps) < n_errors:
                fps.append({"sentence": sent, "gold": gold_cues, "predicted": [c["text"] for c in cues]})
        elif gold:
            fn += 1
            if len(fns) < n_errors:
                fns.append({"sentence": sent, "gold": gold_cues, "predicted": []})
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "file": Path(path).name,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "n": len(sentences),
        "n_positive": tp + fn,
        "n_predicted": tp + fp,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "false_positives": fps,
        "false_negatives": fns,
    }


def hedge_modal_conflicts(docs: Iterable[Doc], *, hedges: HedgeDetector | None = None,
                          modals: ModalDetector | None = None,
                          engagement: EngagementDetector | None = None, profile: str = "default") -> pd.DataFrame:
    """Tokens that are an epistemic hedge/booster in the hedge table, or an *entertain* cue in the
    Engagement table, and a deontic or dynamic modal in the modal table of the same Doc (one decision
    per token means there are none). ``profile``: the modal-sense profile of the detectors not given.

    One row per conflicting token: ``doc`` (position in ``docs``), ``token``, ``text``, ``cue``
    (the hedge/booster text), ``cue_kind``, ``modal_sense``, ``modal_rule``, ``sentence``.
    """
    rows = []
    for n, doc in enumerate(docs):
        if not len(doc):
            continue
        hedges = hedges or HedgeDetector(doc.vocab, modal_profile=profile)
        modals = modals or ModalDetector(doc.vocab, profile=profile)
        engagement = engagement or EngagementDetector(doc.vocab, modal_profile=profile)
        sense = {}
        for m in modals(doc):
            for i in range(m["token_start"], m["token_end"]):
                sense[i] = m
        entertain = [{**r, "kind": "engagement:entertain"} for r in engagement(doc) if r["category"] == "entertain"]
        for c in [*hedges(doc), *entertain]:
            for i in range(c["token_start"], c["token_end"]):
                m = sense.get(i)
                if m is not None and m["sense"] != "epistemic":
                    rows.append({"doc": n, "token": i, "text": doc[i].text, "cue": c["text"], "cue_kind": c["kind"],
                                 "modal_sense": m["sense"], "modal_rule": m["rule"], "sentence": doc[i].sent.text})
    return pd.DataFrame(rows, columns=["doc", "token", "text", "cue", "cue_kind", "modal_sense", "modal_rule", "sentence"])


def hedge_modal_strength_conflicts(docs: Iterable[Doc], *, hedges: HedgeDetector | None = None,
                                   modals: ModalDetector | None = None) -> pd.DataFrame:
    """Tokens where a hedge/booster row and a modal row describe the SAME expression (the same
    token span: "possibly", "certain", "may") but give it a different value: a different
    ``strength`` (Halliday & Matthiessen 2004: 4.5, low | median | high) or a different direction
    of commitment (a ``hedge`` of low/median value against a modal row of high value, as "can not
    possibly" was: a hedge in one table, "certainly not" in the other). One decision per token
    means there are none.

    One row per conflicting span: ``doc``, ``token_start``, ``token_end``, ``text``, ``cue_kind``,
    ``cue_strength``, ``cue_rule``, ``modal_strength``, ``modal_rule``, ``sentence``.
    """
    rows = []
    for n, doc in enumerate(docs):
        if not len(doc):
            continue
        hedges = hedges or HedgeDetector(doc.vocab)
        modals = modals or ModalDetector(doc.vocab)
        by_span = {(m["token_start"], m["token_end"]): m for m in modals(doc)}
        for c in hedges(doc):
            m = by_span.get((c["token_start"], c["token_end"]))
            if m is None or m["sense"] != "epistemic" or m["strength"] is None:
                continue
            if c["strength"] != m["strength"]:
                rows.append({"doc": n, "token_start": c["token_start"], "token_end": c["token_end"], "text": c["text"],
                             "cue_kind": c["kind"], "cue_strength": c["strength"], "cue_rule": c["rule"],
                             "modal_strength": m["strength"], "modal_rule": m["rule"],
                             "sentence": doc[c["token_start"]].sent.text})
    return pd.DataFrame(rows, columns=["doc", "token_start", "token_end", "text", "cue_kind", "cue_strength", "cue_rule",
                                       "modal_strength", "modal_rule", "sentence"])


def validation_sentences(names: Iterable[str] | None = None, *, per_file: int | None = None) -> list[str]:
    """Sentences of the annotated files (hedge and modal files by default) that are present."""
    out: list[str] = []
    for name in names or (*HEDGE_FILES, *MODAL_FILES):
        path = annotated.validation_file(name)
        if not path.is_file():
            continue
        sents = [s.strip('"') for s in annotated.read_annotated_tsv(path)["sentence"] if s.strip()]
        out += sents[:per_file] if per_file else sents
    return out
