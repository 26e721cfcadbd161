"""How much do the measures cost next to the spaCy parse? And how do caching and processes scale?

Builds a synthetic corpus of N word tokens by varying the study's body sentences (sentences are
shuffled and recombined into paragraphs with a seeded RNG, so no two documents are identical and
the parse cache cannot short-circuit the cold run), then reports, as ratios measured in one run:

* measures / parse: the time to run every measure (cue detectors, sentiment, voice...) on the parsed
  docs, relative to the bare ``nlp.pipe`` parse of the same texts (target: all-in under 1.10);
* cached rerun / cold run of :func:`discourse.analyze`;
* n_process=2 / n_process=1 parse speed (only with ``--processes``);
* peak memory (tracemalloc) of the cold run per 1,000 tokens.

Usage::

    .venv/bin/python benchmarks/bench_measures.py --tokens 20000
    .venv/bin/python benchmarks/bench_measures.py --tokens 200000 --processes
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
import tracemalloc

import discourse as dc
from discourse import tables
from discourse.components import cue_finder
from discourse.corpus import build_corpus
from discourse.nlp import load_nlp


def synthetic_corpus(n_tokens: int, *, seed: int = 0, sentences_per_doc: int = 12):
    """A corpus of about ``n_tokens`` word tokens recombined from the study's body sentences."""
    study = dc.load_corpus()
    pool = []
    for text in study.body()["text"]:
        pool += [s.strip() for s in text.replace("? ", "?|").replace(". ", ".|").split("|") if s.strip()]
    rng = random.Random(seed)
    texts, total, i = {}, 0, 0
    while total < n_tokens:
        sents = rng.sample(pool, k=min(sentences_per_doc, len(pool)))
        paras = [" ".join(sents[k:k + 3]) for k in range(0, len(sents), 3)]
        body = "\n\n".join(paras)
        texts[f"doc{i:06d}"] = body
        total += len(body.split())
        i += 1
    return build_corpus(texts, structure=False), total


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tokens", type=int, default=20000, help="approximate corpus size in word tokens")
    ap.add_argument("--processes", action="store_true", help="also time n_process=2 against 1")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    nlp = load_nlp()
    corpus, n = synthetic_corpus(args.tokens, seed=args.seed)
    texts = list(corpus.segments["text"])
    finder = cue_finder(nlp.vocab)
    list(nlp.pipe(texts[:20]))  # warm up

    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=64))
    t_parse = time.perf_counter() - t0

    t0 = time.perf_counter()
    for doc in docs:
        finder(doc)
    t_cues = time.perf_counter() - t0
    t0 = time.perf_counter()
    for doc in docs:
        for sent in doc.sents:
            tables._sentence_scores(sent.text)
    t_sent = time.perf_counter() - t0

    out = {"tokens": n, "documents": len(corpus.source_ids), "segments": len(texts),
           "parse_s": round(t_parse, 2), "parse_tokens_per_s": round(n / t_parse),
           "cues_over_parse": round(t_cues / t_parse, 3), "sentiment_over_parse": round(t_sent / t_parse, 3),
           "all_in_over_parse": round((t_parse + t_cues + t_sent) / t_parse, 3)}

    with tempfile.TemporaryDirectory() as cache:
        tracemalloc.start()
        t0 = time.perf_counter()
        tables.analyze(corpus, nlp=nlp, cache=cache)
        t_cold = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        t0 = time.perf_counter()
        tables.analyze(corpus, nlp=nlp, cache=cache)
        t_warm = time.perf_counter() - t0
    out.update({"analyze_cold_s": round(t_cold, 2), "analyze_cached_s": round(t_warm, 2),
                "cached_over_cold": round(t_warm / t_cold, 3),
                "peak_mb_python_heap": round(peak / 2**20, 1), "peak_kb_per_1000_tokens": round(peak / 1024 / (n / 1000), 1)})

    if args.processes:
        t0 = time.perf_counter()
        list(nlp.pipe(texts, batch_size=64, n_process=2))
        t2 = time.perf_counter() - t0
        out.update({"n_process2_s": round(t2, 2), "speedup_2_over_1": round(t_parse / t2, 2)})
    print(json.dumps(out, indent=2))
    return out


if __name__ == "__main__":
    main()
