"""How much do the measures cost next to the spaCy parse, and how does scoring scale?

Builds a synthetic corpus of about N word tokens by recombining varied sentences (the study's body
sentences and the texts of tests/fixtures/other_genres, shuffled into paragraphs of three with a
seeded RNG, so paragraphs are (nearly) all distinct and a cold run really parses), then reports,
as ratios measured in one run on one machine:

* ``study_measures_over_parse_min`` / ``_median``: every measure against the bare parse on the
  study corpus's body paragraphs, over ``--study-rounds`` rounds of fresh Docs (the issue's aim:
  under 0.10); ``study_cpu_measures_over_parse_min`` / ``_median``: the same rounds timed on the
  process's CPU time (``time.process_time``) as well;
* ``measures_over_parse``: (bare ``nlp.pipe`` parse + every measure of ``discourse.tables.Measurer``
  on the parsed Docs) / bare parse, with each measure's share and NER's share of the parse
  (target: under 1.10); with ``--rounds N``, also ``measures_over_parse_min`` / ``_median`` over N
  rounds of fresh Docs (``make benchmark`` runs 3);
* ``speedup_2_over_1``: the streaming scorer (``discourse.io.iter_results``: parse + measures,
  no cache) with ``n_process=2`` against ``n_process=1`` (target: at least 1.6 on 2 cores), and
  spaCy's own ``nlp.pipe(n_process=2)`` for the parse alone;
* ``cached_over_cold``: the streaming scorer rerun over the same corpus with a warm parse cache
  against the cold run that filled it;
* ``peak_rss``: peak resident memory of ``discourse score`` (a fresh subprocess each, writing a
  CSV) at two corpus sizes (N/4 and N tokens): flat memory means the ratio stays near 1.

Usage::

    .venv/bin/python benchmarks/bench_measures.py --tokens 150000 --json benchmarks/results.json
    .venv/bin/python benchmarks/bench_measures.py --tokens 20000 --profile   # + top measure costs
    .venv/bin/python benchmarks/bench_measures.py --tokens 3000 --skip-processes --skip-memory --cpu-time

``--cpu-time`` times with ``time.process_time`` (CPU time of this process) instead of wall time
(``time.perf_counter``): on a machine shared with other work the wall times of the parse and the
measures both stretch with the load, unevenly, while their CPU times do not, so the ratio of CPU
times is the fairer figure there. The two-process timings and the memory subprocesses run in other
processes, whose CPU time this clock does not see: use it with ``--skip-processes``.
"""

from __future__ import annotations

import argparse
import cProfile
import io as _io
import json
import os
import platform
import pstats
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "fixtures" / "other_genres"

#: the clock every timing reads: wall time by default, CPU time of this process with ``--cpu-time``
clock = time.perf_counter


def sentence_pool() -> list[str]:
    """Varied sentences: the study's body text and the other-genre fixtures (HTML one left out)."""
    import discourse as dc

    texts = list(dc.load_corpus().body()["text"])
    texts += [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt")) if p.stem != "html_page"]
    pool = []
    for t in texts:
        for line in t.splitlines():
            pool += [s.strip() for s in re.split(r"(?<=[.!?])\s+", line) if len(s.split()) >= 4]
    return pool


def synthetic_texts(n_tokens: int, *, seed: int = 0, paragraphs: int = 4, per_paragraph: int = 3) -> tuple[dict, int]:
    """``{doc_id: text}`` of about ``n_tokens`` whitespace tokens: documents of ``paragraphs``
    paragraphs of ``per_paragraph`` sentences drawn at random from :func:`sentence_pool`."""
    pool = sentence_pool()
    rng = random.Random(seed)
    texts, total, i = {}, 0, 0
    while total < n_tokens:
        paras = [" ".join(rng.sample(pool, per_paragraph)) for _ in range(paragraphs)]
        body = "\n\n".join(paras)
        texts[f"doc{i:07d}"] = body
        total += len(body.split())
        i += 1
    return texts, total


def write_jsonl(texts: dict, path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for k, v in texts.items():
            fh.write(json.dumps({"id": k, "text": v}) + "\n")


def _segments(texts: dict) -> list[str]:
    from discourse.corpus import segment_text

    return [s["text"] for t in texts.values() for s in segment_text(t) if s["role"] == "body"]


def _forget_views(docs) -> None:
    """Drop the per-Doc views the measures share (so each timing pays for them)."""
    from discourse.measures._doc import forget_views

    for d in docs:
        forget_views(d)


def time_study(nlp, *, rounds: int) -> dict:
    """The issue's measure: all measures against the bare parse on the study corpus's body text.

    Each round parses the paragraphs afresh (``nlp.pipe``) and then measures those new Docs; the
    ratio of the fastest measure pass to the fastest parse is the estimate least disturbed by other
    load on the machine, and the ratio of the medians is reported beside it.
    """
    import statistics

    import discourse as dc
    from discourse.tables import measurer

    corpus = dc.load_corpus()
    texts = list(corpus.body()["text"])
    meas = measurer(nlp.vocab, domain=corpus.domain)  # every measure, the study's domain lexicons too
    for d in nlp.pipe(texts):  # warm up: models, lexicons, caches of compiled patterns
        meas(d)
    t_parse, t_meas, c_parse, c_meas = [], [], [], []
    for _ in range(rounds):
        t0, c0 = clock(), time.process_time()
        docs = list(nlp.pipe(texts))
        t1, c1 = clock(), time.process_time()
        for _rows in meas.pipe(docs):  # as analyze_all and the scorer measure: in batches
            pass
        t_parse.append(t1 - t0)
        t_meas.append(clock() - t1)
        c_parse.append(c1 - c0)
        c_meas.append(time.process_time() - c1)
    med = statistics.median
    return {"study_paragraphs": len(texts), "study_rounds": rounds,
            "study_parse_s_min": round(min(t_parse), 4), "study_measures_s_min": round(min(t_meas), 4),
            "study_measures_over_parse_min": round(min(t_meas) / min(t_parse), 3),
            "study_measures_over_parse_median": round(med(t_meas) / med(t_parse), 3),
            # the same rounds on the CPU-time clock of this process (fairer while the machine is loaded)
            "study_cpu_parse_s_min": round(min(c_parse), 4), "study_cpu_measures_s_min": round(min(c_meas), 4),
            "study_cpu_measures_over_parse_min": round(min(c_meas) / min(c_parse), 3),
            "study_cpu_measures_over_parse_median": round(med(c_meas) / med(c_parse), 3)}


def time_measures(nlp, segs: list[str], *, profile: bool, rounds: int = 1) -> dict:
    """Bare parse vs every measure, with each measure's cost.

    ``measures_over_parse`` is the first round (as reported before ``--rounds`` existed); with
    ``rounds`` > 1 each further round parses the paragraphs afresh and measures the new Docs, and
    ``measures_over_parse_min`` / ``_median`` put the fastest (median) measure pass over the fastest
    (median) parse, as the study ratio does: the estimate least disturbed by other load."""
    import statistics

    from discourse.measures.prospects import prospect_rows
    from discourse.measures.sentiment import sentence_scores
    from discourse.measures.sourcing import source_types
    from discourse.tables import measurer

    meas = measurer(nlp.vocab, domain="us_iran_diplomacy")  # every measure, domain lexicons too
    list(nlp.pipe(segs[:50]))  # warm up
    parses, passes = [], []
    for _ in range(max(1, rounds)):
        docs = None  # free the previous round's Docs before parsing again
        t0 = clock()
        docs = list(nlp.pipe(segs, batch_size=64))
        parses.append(clock() - t0)
        t0 = clock()
        for _rows in meas.pipe(docs):  # as analyze_all and the scorer measure: in batches
            pass
        passes.append(clock() - t0)
    t_parse, t_all = parses[0], passes[0]
    n_tok = sum(len(d) for d in docs)
    med = statistics.median
    by_rounds = {"rounds": len(parses), "parse_s_rounds": [round(t, 2) for t in parses],
                 "measures_s_rounds": [round(t, 2) for t in passes],
                 "measures_over_parse_min": round((min(parses) + min(passes)) / min(parses), 3),
                 "measures_over_parse_median": round((med(parses) + med(passes)) / med(parses), 3)}

    parts = {}
    for name, fn in [("cues", meas.cues), ("attribution", meas.attribution), ("frames", meas.frames),
                     ("actors", meas.actors), ("engagement", meas.engagement), ("devices", meas.devices)]:
        _forget_views(docs)  # each part pays for the shared per-Doc views, so the parts overlap
        t0 = clock()
        for d in docs:
            fn(d)
        parts[name] = clock() - t0
    _forget_views(docs)
    t0 = clock()
    for d in docs:
        for s in d.sents:
            sentence_scores(s.text)
    parts["sentiment"] = clock() - t0
    _forget_views(docs)
    rows = [meas.attribution(d) for d in docs]
    t0 = clock()
    for d, r in zip(docs, rows):
        source_types(list(d.sents), r)
    parts["source_types"] = clock() - t0
    _forget_views(docs)
    t0 = clock()
    for d in docs:
        prospect_rows(d, meas.frames(d), cues=meas.cues(d), sentiment=lambda t: 0.0, markers=meas.prospects,
                      targets=meas.targets)
    parts["prospects(+frames,cues)"] = clock() - t0

    # NER's share of the parse: the same texts without the ner component
    from discourse.nlp import load_nlp

    nlp_noner = load_nlp(exclude=("ner",))
    list(nlp_noner.pipe(segs[:50]))
    t0 = clock()
    list(nlp_noner.pipe(segs, batch_size=64))
    t_noner = clock() - t0

    out = {"segments": len(segs), "spacy_tokens": n_tok, "parse_s": round(t_parse, 2),
           "parse_tokens_per_s": round(n_tok / t_parse), "measures_s": round(t_all, 2),
           "measures_over_parse": round((t_parse + t_all) / t_parse, 3), **by_rounds,
           "measure_share_of_parse": {k: round(v / t_parse, 3) for k, v in parts.items()},
           "parse_without_ner_s": round(t_noner, 2), "ner_share_of_parse": round(1 - t_noner / t_parse, 3)}
    if profile:
        pr = cProfile.Profile()
        pr.enable()
        for _rows in meas.pipe(docs):
            pass
        pr.disable()
        buf = _io.StringIO()
        pstats.Stats(pr, stream=buf).sort_stats("tottime").print_stats(15)
        out["profile_top_tottime"] = buf.getvalue()
    return out


def time_scorer(texts: dict, *, n_process: int, cache) -> float:
    from discourse import io

    docs = (io.Document(k, v, "bench") for k, v in texts.items())
    t0 = clock()
    n = sum(1 for _ in io.iter_results(docs, io.ScoreOptions(cache=cache), n_process=n_process))
    assert n == len(texts)
    return clock() - t0


def time_pipe_processes(nlp, segs: list[str]) -> dict:
    t0 = clock()
    list(nlp.pipe(segs, batch_size=64, n_process=1))
    t1 = clock() - t0
    t0 = clock()
    list(nlp.pipe(segs, batch_size=64, n_process=2))
    t2 = clock() - t0
    return {"pipe_n1_s": round(t1, 2), "pipe_n2_s": round(t2, 2), "pipe_speedup_2_over_1": round(t1 / t2, 2)}


def peak_rss_of_score(jsonl: Path, out: Path) -> float:
    """Peak RSS (MB) of a fresh ``discourse score`` process over ``jsonl``.

    Read from ``VmHWM`` in ``/proc/self/status`` (Linux): ``ru_maxrss`` would also count the
    benchmark's own (large) heap, which the child inherits through fork before exec.
    """
    code = ("import resource, sys; from discourse.__main__ import main; "
            f"rc = main(['score', {str(jsonl)!r}, '-o', {str(out)!r}, '--no-cache', '-q']); "
            "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')] if sys.platform == 'linux' else []; "
            "print(int(hwm[0].split()[1]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); "
            "sys.exit(rc)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(r.stdout.strip().splitlines()[-1]) / 1024  # KB -> MB


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tokens", type=int, default=20000, help="approximate corpus size in word tokens (default 20000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--profile", action="store_true", help="cProfile the measures and print the top costs")
    ap.add_argument("--skip-processes", action="store_true", help="leave out the n_process=2 timings")
    ap.add_argument("--skip-memory", action="store_true", help="leave out the peak-memory subprocesses")
    ap.add_argument("--json", default=None, help="also write the results to this JSON file")
    ap.add_argument("--study-rounds", type=int, default=20,
                    help="rounds of parse + measures on the study corpus (default 20; 0 leaves it out)")
    ap.add_argument("--rounds", type=int, default=1,
                    help="rounds of parse + measures on the synthetic corpus, each on fresh Docs (default 1; "
                         "the min and median ratios over them are reported beside the first round's)")
    ap.add_argument("--cpu-time", action="store_true",
                    help="time with time.process_time (CPU time of this process) instead of wall time; "
                         "fairer on a loaded machine (use with --skip-processes)")
    args = ap.parse_args(argv)
    global clock
    clock = time.process_time if args.cpu_time else time.perf_counter

    from discourse.nlp import load_nlp

    nlp = load_nlp()
    texts, n = synthetic_texts(args.tokens, seed=args.seed)
    segs = _segments(texts)
    out = {"command": "benchmarks/bench_measures.py " + " ".join(argv if argv is not None else sys.argv[1:]),
           "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
           "clock": "process_time" if args.cpu_time else "perf_counter", "tokens": n, "documents": len(texts)}
    print(f"corpus: {len(texts)} documents, {n} tokens, {len(segs)} paragraphs", file=sys.stderr)

    if args.study_rounds:
        out.update(time_study(nlp, rounds=args.study_rounds))
        print(f"study corpus: measures/parse {out['study_measures_over_parse_min']} (min), "
              f"{out['study_measures_over_parse_median']} (median); CPU time "
              f"{out['study_cpu_measures_over_parse_min']} (min), {out['study_cpu_measures_over_parse_median']} (median)",
              file=sys.stderr)
    out.update(time_measures(nlp, segs, profile=args.profile, rounds=args.rounds))
    print(f"measures/parse {out['measures_over_parse']} (first round); over {out['rounds']} rounds "
          f"{out['measures_over_parse_min']} (min), {out['measures_over_parse_median']} (median)", file=sys.stderr)

    with tempfile.TemporaryDirectory() as cache:
        t_cold = time_scorer(texts, n_process=1, cache=cache)
        t_warm = time_scorer(texts, n_process=1, cache=cache)
    out.update({"score_cold_s": round(t_cold, 2), "score_cached_s": round(t_warm, 2),
                "cached_over_cold": round(t_warm / t_cold, 3)})
    print(f"cached/cold {out['cached_over_cold']}", file=sys.stderr)

    if not args.skip_processes:
        t1 = time_scorer(texts, n_process=1, cache=False)
        t2 = time_scorer(texts, n_process=2, cache=False)
        out.update({"score_n1_s": round(t1, 2), "score_n2_s": round(t2, 2), "speedup_2_over_1": round(t1 / t2, 2)})
        out.update(time_pipe_processes(nlp, segs))
        print(f"speedup 2/1 {out['speedup_2_over_1']}", file=sys.stderr)

    if not args.skip_memory:
        with tempfile.TemporaryDirectory() as d:
            d = Path(d)
            small, n_small = synthetic_texts(args.tokens // 4, seed=args.seed + 1)
            write_jsonl(small, d / "small.jsonl")
            write_jsonl(texts, d / "large.jsonl")
            rss_small = peak_rss_of_score(d / "small.jsonl", d / "small.csv")
            rss_large = peak_rss_of_score(d / "large.jsonl", d / "large.csv")
        out.update({"peak_rss_mb": {f"{n_small}_tokens": round(rss_small), f"{n}_tokens": round(rss_large)},
                    "peak_rss_large_over_small": round(rss_large / rss_small, 3),
                    "corpus_large_over_small": round(n / n_small, 2)})
        print(f"rss large/small {out['peak_rss_large_over_small']}", file=sys.stderr)

    profile = out.pop("profile_top_tottime", None)
    print(json.dumps(out, indent=2))
    if profile:
        print(profile)
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n")
    return out


if __name__ == "__main__":
    main()
