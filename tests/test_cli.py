"""The command line: `discourse score | summarize | compare` on texts unlike the study corpus, and
on bad input. Runs in-process through discourse.__main__.main (fast), plus real subprocesses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from discourse.__main__ import main

FIXTURES = Path(__file__).parent / "fixtures" / "other_genres"
GENRES = sorted(p.stem for p in FIXTURES.glob("*.txt"))


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return str(tmp_path_factory.mktemp("parse-cache"))


@pytest.fixture(scope="module")
def corpus_csv(tmp_path_factory):
    """The fixture texts as one CSV with an id, an outlet (two groups) and the text."""
    p = tmp_path_factory.mktemp("csv") / "corpus.csv"
    rows = [{"id": s, "outlet": "alpha" if i % 2 else "beta", "body": (FIXTURES / f"{s}.txt").read_text(encoding="utf-8")}
            for i, s in enumerate(GENRES)]
    pd.DataFrame(rows).to_csv(p, index=False)
    return p


@pytest.fixture(scope="module")
def scored(tmp_path_factory, cache):
    out = tmp_path_factory.mktemp("scored") / "sentences.csv"
    assert main(["score", str(FIXTURES), "-o", str(out), "--cache-dir", cache, "-q"]) == 0
    return out


def _run(capsys, *argv):
    rc = main([str(a) for a in argv])
    cap = capsys.readouterr()
    return rc, cap.out, cap.err


def test_fixture_folder_has_a_dozen_genres_and_a_licence():
    assert len(GENRES) == 12
    assert "CC0" in (FIXTURES / "README.md").read_text()


def test_score_folder_of_other_genres(scored):
    df = pd.read_csv(scored, dtype={"doc_id": str}, keep_default_na=False)
    assert sorted(df["doc_id"].unique()) == GENRES
    assert df.groupby("doc_id").size().min() >= 4
    for r in df.itertuples():  # offsets index the raw file text exactly
        raw = (FIXTURES / f"{r.doc_id}.txt").read_text(encoding="utf-8")
        assert raw[r.start_char:r.end_char] == r.text
    assert {"sentiment", "n_hedge", "n_modal", "voice"} <= set(df.columns)
    # hedges in the scientific abstract ("suggests", "may", "could"), none claimed in the poem's title
    assert df.loc[df.doc_id == "science_abstract", "n_hedge"].sum() >= 3


def test_score_matches_the_library_tables(scored):
    import discourse as dc

    lib = dc.analyze_all(dc.load_corpus(FIXTURES)).sentences.drop(columns="source_id")
    lib_csv = scored.with_name("lib.csv")
    lib.to_csv(lib_csv, index=False, lineterminator="\n")
    pd.testing.assert_frame_equal(pd.read_csv(scored), pd.read_csv(lib_csv))


def test_progress_warning_and_summary_on_stderr(tmp_path, cache, capsys):
    rc, out, err = _run(capsys, "score", FIXTURES, "-o", tmp_path / "s.csv", "--cache-dir", cache)
    assert rc == 0 and out == ""
    assert "warning: document 'html_page'" in err and "--strip-html" in err
    assert "scored 12 document(s)" in err


def test_quiet_prints_nothing_but_data_warnings(tmp_path, cache, capsys):
    """--quiet drops the progress bar and the summary, never what is wrong with the data (issue 15):
    the one HTML page is still reported."""
    rc, out, err = _run(capsys, "score", FIXTURES, "-o", tmp_path / "s.csv", "--cache-dir", cache, "--quiet")
    assert (rc, out) == (0, "")
    assert err.splitlines() == [ln for ln in err.splitlines() if ln.startswith("discourse: warning: document 'html_page'")]
    assert len(err.splitlines()) == 1


def test_strip_html(tmp_path, cache, capsys):
    out = tmp_path / "s.csv"
    rc, _, err = _run(capsys, "score", FIXTURES / "html_page.txt", "-o", out, "--cache-dir", cache, "--strip-html")
    assert rc == 0 and "markup stripped" in err
    df = pd.read_csv(out)
    assert not df["text"].str.contains("<|&nbsp;|&amp;").any()
    assert "The café will serve homemade cakes & fresh mint tea." in df["text"].tolist()


@pytest.mark.parametrize("level, must", [
    ("cue", {"kind", "lemma", "start_char", "rule"}),
    ("frame", {"frame", "lemma"}),
    ("actor", {"canonical", "side"}),
    ("source", {"sentences", "n_tokens", "mean_sentiment", "n_hedge"}),
])
def test_levels_to_parquet(tmp_path, cache, corpus_csv, capsys, level, must):
    out = tmp_path / f"{level}.parquet"
    domain = ("--domain", "us_iran_diplomacy") if level in ("frame", "actor") else ()
    rc, _, _ = _run(capsys, "score", corpus_csv, "--text-col", "body", "--source-col", "outlet", "--level", level,
                    "-o", out, "--cache-dir", cache, "-q", *domain)
    assert rc == 0
    df = pd.read_parquet(out)
    assert list(df.columns[:2]) == ["doc_id", "outlet"] and must <= set(df.columns)
    assert set(df["outlet"]) == {"alpha", "beta"}
    if level == "source":
        assert sorted(df["doc_id"]) == GENRES
    if level == "cue":
        texts = pd.read_csv(corpus_csv).set_index("id")["body"]
        assert all(texts[r.doc_id][r.start_char:r.end_char] == r.text for r in df.itertuples())


def test_csv_and_jsonl_inputs_give_the_same_rows(tmp_path, cache, corpus_csv, capsys):
    jl = tmp_path / "corpus.jsonl"
    with jl.open("w") as fh:
        for r in pd.read_csv(corpus_csv).to_dict("records"):
            fh.write(json.dumps(r) + "\n")
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    for src, out in ((corpus_csv, a), (jl, b)):
        rc, _, _ = _run(capsys, "score", src, "--text-col", "body", "--source-col", "outlet", "-o", out,
                        "--cache-dir", cache, "-q")
        assert rc == 0
    assert a.read_bytes() == b.read_bytes()


def test_summarize_table_and_inputs(tmp_path, cache, corpus_csv, capsys):
    table = tmp_path / "s.csv"
    assert main(["score", str(corpus_csv), "--text-col", "body", "--source-col", "outlet", "-o", str(table),
                 "--cache-dir", cache, "-q"]) == 0
    rc, out, _ = _run(capsys, "summarize", table, "--by", "outlet")
    assert rc == 0
    from io import StringIO

    s = pd.read_csv(StringIO(out))
    assert set(s["outlet"]) == {"alpha", "beta"} and {"measure", "count", "n_tokens", "rate"} <= set(s.columns)
    rc, _, _ = _run(capsys, "summarize", corpus_csv, "--text-col", "body", "--source-col", "outlet", "--by", "outlet",
                    "-o", tmp_path / "sum.csv", "--cache-dir", cache, "-q")
    assert rc == 0
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "sum.csv"), s)


def test_compare_by_source(tmp_path, cache, corpus_csv, capsys):
    table = tmp_path / "s.parquet"
    assert main(["score", str(corpus_csv), "--text-col", "body", "--source-col", "outlet", "-o", str(table),
                 "--cache-dir", cache, "-q"]) == 0
    out = tmp_path / "cmp.csv"
    rc, _, _ = _run(capsys, "compare", table, "--by", "outlet", "--seed", "3", "--n-resamples", "199", "-o", out, "-q")
    assert rc == 0
    res = pd.read_csv(out)
    meta = json.loads((tmp_path / "cmp.meta.json").read_text())
    assert meta["seed"] == 3 and meta["groups"] == ["alpha", "beta"] and meta["n_rows"] == len(res)
    assert {"rate", "score", "proportion"} <= set(res["family"])
    # same seed, same numbers
    rc, _, _ = _run(capsys, "compare", table, "--by", "outlet", "--seed", "3", "--n-resamples", "199",
                    "-o", tmp_path / "cmp2.csv", "-q")
    assert (tmp_path / "cmp2.csv").read_bytes() == out.read_bytes()


def test_compare_needs_two_groups(scored, capsys):
    rc, _, err = _run(capsys, "compare", scored, "--by", "doc_id", "--n-resamples", "99")
    assert rc == 2 and "exactly two groups" in err
    rc, out, _ = _run(capsys, "compare", scored, "--by", "doc_id", "--groups", "poem", "recipe", "--n-resamples", "99")
    assert rc == 0 and "n_hedge" in out


# --------------------------------------------------------------------------- bad input
@pytest.fixture()
def messy(tmp_path):
    d = tmp_path / "messy"
    d.mkdir()
    for s in ("recipe", "poem"):
        (d / f"{s}.txt").write_bytes((FIXTURES / f"{s}.txt").read_bytes())
    (d / "empty.txt").write_bytes(b"")
    (d / "latin1.txt").write_bytes("Le café est fermé. Il rouvre demain.\n".encode("latin-1"))
    (d / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (d / "huge.txt").write_text("A sentence that repeats. " * 500)
    return d


BAD = {"empty": "empty", "latin1": "undecodable", "binary": "not_text", "huge": "too_long"}


def test_bad_inputs_fail_by_default_and_write_nothing(messy, tmp_path, cache, capsys):
    out = tmp_path / "out.csv"
    out.write_text("previous results\n")
    rc, _, err = _run(capsys, "score", messy, "-o", out, "--cache-dir", cache, "--max-chars", "10000")
    assert rc == 2
    lines = [ln for ln in err.splitlines() if ln.startswith("discourse: error: document")]
    assert len(lines) == len(BAD)
    for doc_id, reason in BAD.items():
        assert any(f"'{doc_id}'" in ln and f": {reason}: " in ln for ln in lines), (doc_id, err)
    assert "--encoding latin-1" in err and "nothing was written" in err
    assert out.read_text() == "previous results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["messy", "out.csv"]


def test_bad_inputs_skipped_with_exit_code_1(messy, tmp_path, cache, capsys):
    out, errors = tmp_path / "out.csv", tmp_path / "errors.csv"
    rc, _, err = _run(capsys, "score", messy, "-o", out, "--cache-dir", cache, "--max-chars", "10000",
                      "--on-error", "skip", "--errors", errors)
    assert rc == 1
    assert sorted(pd.read_csv(out)["doc_id"].unique()) == ["poem", "recipe"]
    rep = pd.read_csv(errors)
    assert dict(zip(rep["doc_id"], rep["reason"])) == BAD
    assert (rep["status"] == "skipped").all()
    assert sum(ln.startswith("discourse: skipped: document") for ln in err.splitlines()) == len(BAD)


def test_encoding_option_reads_latin1(messy, tmp_path, cache, capsys):
    out = tmp_path / "out.csv"
    rc, _, _ = _run(capsys, "score", messy / "latin1.txt", "-o", out, "--encoding", "latin-1", "--cache-dir", cache, "-q")
    assert rc == 0
    assert pd.read_csv(out)["text"].tolist() == ["Le café est fermé.", "Il rouvre demain."]


def test_document_past_max_length_is_chunked_not_refused(tmp_path, cache, capsys):
    """A paragraph longer than the parse limit is parsed in sentence-aligned pieces (here the
    limit is lowered with --chunk-chars; the default is spaCy's max_length of 1,000,000)."""
    text = "Long report\n" + " ".join(f"Item {i} may well be late, officials said." for i in range(150)) + "\nDone today."
    (tmp_path / "long.txt").write_text(text)
    out = tmp_path / "out.csv"
    rc, _, _ = _run(capsys, "score", tmp_path / "long.txt", "-o", out, "--chunk-chars", "500", "--cache-dir", cache, "-q")
    assert rc == 0
    df = pd.read_csv(out)
    assert len(df) == 151 and df["n_hedge"].sum() >= 150
    assert all(text[r.start_char:r.end_char] == r.text for r in df.itertuples())
    assert df["sent_in_segment"].tolist()[:150] == list(range(150))


def test_all_documents_bad_is_fatal(tmp_path, capsys):
    (tmp_path / "e.txt").write_text("  ")
    rc, _, err = _run(capsys, "score", tmp_path, "-o", tmp_path / "o.csv", "--on-error", "skip", "--no-cache")
    assert rc == 2 and "no document left to score" in err
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize("argv, match", [
    (["score", "nowhere/", "-o", "o.csv"], "does not exist"),
    (["score", "{fix}", "-o", "o.xlsx"], "must end in .csv or .parquet"),
    (["score", "{csv}", "-o", "o.csv"], "lacks column"),
    (["score", "{csv}", "--text-col", "body", "--source-col", "text", "-o", "o.csv"], "clash"),
    (["summarize", "{scored}", "--by", "nope"], "no column"),
])
def test_usage_errors_exit_2(argv, match, tmp_path, corpus_csv, scored, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    argv = [a.format(fix=FIXTURES, csv=corpus_csv, scored=scored) for a in argv]
    rc, _, err = _run(capsys, *argv, "--no-cache")
    assert rc == 2 and match in err and err.startswith("discourse: error:")
    assert list(tmp_path.iterdir()) == []


def test_argparse_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["score", str(FIXTURES)])  # no -o
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["score", str(FIXTURES), "-o", "x.csv", "--on-error", "ignore"])
    assert exc.value.code == 2


# --------------------------------------------------------------------------- cache and processes
def test_rerun_over_unchanged_corpus_parses_nothing(tmp_path, monkeypatch, capsys):
    from discourse.nlp import load_nlp

    cache = tmp_path / "cache"
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert main(["score", str(FIXTURES), "-o", str(a), "--cache-dir", str(cache), "-q"]) == 0
    nlp = load_nlp()
    monkeypatch.setattr(type(nlp), "pipe", lambda *a, **k: (_ for _ in ()).throw(AssertionError("parsed again")))
    assert main(["score", str(FIXTURES), "-o", str(b), "--cache-dir", str(cache), "-q"]) == 0
    assert a.read_bytes() == b.read_bytes()


def test_two_processes_give_the_same_file(tmp_path, cache, scored, capsys):
    out = tmp_path / "p2.csv"
    rc, _, _ = _run(capsys, "score", FIXTURES, "-o", out, "--n-process", "2", "--batch-size", "16",
                    "--cache-dir", tmp_path / "c2", "-q")
    assert rc == 0
    assert out.read_bytes() == scored.read_bytes()


# --------------------------------------------------------------------------- help
@pytest.mark.parametrize("cmd", ["score", "summarize", "compare", "figures", "validate"])
def test_help_everywhere(cmd, capsys):
    with pytest.raises(SystemExit) as exc:
        main([cmd, "--help"])
    assert exc.value.code == 0
    assert "usage: discourse" in capsys.readouterr().out


def test_a_failing_notebook_is_one_line_and_exit_2(monkeypatch, capsys):
    """`discourse figures` whose notebook fails (e.g. a prose claim that no longer holds) prints one
    line naming the notebook and where its traceback is, and exits 2 as its help says; no traceback."""
    from discourse import build

    def fail(**kw):
        raise build.NotebookFailed("06_comparison.ipynb failed: ClaimError: 1 claim(s) no longer hold:\n"
                                   "  - a claim (traceback in build/notebooks/06_comparison.ipynb)")

    monkeypatch.setattr(build, "build_figures", fail)
    assert main(["figures"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("discourse figures: 06_comparison.ipynb failed: ClaimError") and "build/notebooks" in err


def test_python_m_discourse_help_in_a_subprocess():
    r = subprocess.run([sys.executable, "-m", "discourse", "--help"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0
    for word in ("score", "summarize", "compare", "figures", "validate", "exit codes"):
        assert word in r.stdout
    r = subprocess.run([sys.executable, "-m", "discourse", "score", "--help"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "--on-error" in r.stdout and "--n-process" in r.stdout


@pytest.mark.parametrize("n_process", ["1", "2"])
def test_sigterm_removes_the_partial_output(tmp_path, n_process):
    """A run stopped with SIGTERM (a scheduler's kill, `timeout`) exits 143 and leaves neither the
    output nor its hidden parts folder or temporary file behind."""
    import signal
    import time

    texts = [(FIXTURES / f"{s}.txt").read_text(encoding="utf-8") for s in GENRES if s != "html_page"]
    inp = tmp_path / "in.jsonl"
    with inp.open("w", encoding="utf-8") as fh:  # long enough to be still scoring when stopped
        for i in range(400):
            fh.write(json.dumps({"id": f"d{i}", "text": texts[i % len(texts)] + f" Document {i}."}) + "\n")
    out = tmp_path / "out" / "sentences.csv"
    out.parent.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "discourse", "score", str(inp), "-o", str(out), "--no-cache",
                             "--n-process", n_process, "-q"], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list(out.parent.glob(".sentences.csv.parts-*")):  # the writer exists: scoring under way
        assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read() if proc.poll() else "slow"
        time.sleep(0.05)
    time.sleep(1.5)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 143, err
    assert "terminated" in err and "Traceback" not in err
    assert list(out.parent.iterdir()) == []


def test_a_sigterm_whose_raise_was_swallowed_still_stops_the_run(tmp_path, monkeypatch, capsys):
    """Python swallows an exception raised while a ``__del__`` runs, so the handler's raise can be
    lost; the handler's flag still stops the run after the document in progress: exit 143, no output,
    and one line on stderr (not Python's "Exception ignored in ..." report with its traceback)."""
    import signal

    import discourse.__main__ as cli

    real = cli.iter_results

    class Finaliser:
        def __del__(self):  # SIGTERM arriving while a finaliser runs (seen in CI: regex's Group.__del__)
            cli._raise_terminated(signal.SIGTERM, None)

    def flagged(*args, **kwargs):
        for i, res in enumerate(real(*args, **kwargs)):
            if i == 1:
                Finaliser()  # dropped at once: its __del__ raises Terminated, which Python swallows
            yield res

    monkeypatch.setattr(cli, "iter_results", flagged)
    monkeypatch.setattr(sys, "unraisablehook", sys.__unraisablehook__)  # Python's own, as outside pytest
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(3):
        (docs / f"d{i}.txt").write_text(f"Talks may resume, officials said. Document {i}.\n", encoding="utf-8")
    out = tmp_path / "out" / "s.csv"
    out.parent.mkdir()
    assert main(["score", str(docs), "-o", str(out), "--no-cache", "-q"]) == 143
    assert capsys.readouterr().err == "discourse: terminated; nothing was written\n"
    assert list(out.parent.iterdir()) == []
    assert sys.unraisablehook is not cli._quiet_terminated  # the hook is the command's only
    monkeypatch.setattr(cli, "iter_results", real)
    assert main(["score", str(docs), "-o", str(out), "--no-cache", "-q"]) == 0  # the flag is per run
    assert out.is_file()


# --------------------------------------------------------------------------- measures options (issues 11, 14)
def test_non_english_document_is_reported_not_scored_unless_kept(tmp_path, cache, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "en.txt").write_text("The union said the strike would end soon, but few believed it.\n", encoding="utf-8")
    (docs / "de.txt").write_text("Die Gewerkschaft sagte, dass der Streik bald enden werde, aber nur wenige glaubten "
                                 "es und die Arbeiter blieben zu Hause.\n", encoding="utf-8")
    out = tmp_path / "s.csv"
    rc, _, err = _run(capsys, "score", docs, "-o", out, "--cache-dir", cache, "--on-error", "skip", "-q")
    assert rc == 1 and "not_english" in err and "--keep-non-english" in err
    assert set(pd.read_csv(out)["doc_id"]) == {"en"}
    kept = tmp_path / "k.csv"
    rc, _, err = _run(capsys, "score", docs, "-o", kept, "--cache-dir", cache, "--keep-non-english", "-q")
    assert rc == 0 and "does not look like English" in err and set(pd.read_csv(kept)["doc_id"]) == {"en", "de"}


def test_sentiment_method_reaches_the_table(tmp_path, cache, capsys):
    out = tmp_path / "s.csv"
    rc, _, _ = _run(capsys, "score", FIXTURES / "sports_report.txt", "-o", out, "--cache-dir", cache,
                    "--sentiment-method", "vader", "-q")
    df = pd.read_csv(out)
    assert rc == 0 and (df["sentiment"] == df["vader"]).all() and "sentiment_lexicon" in df.columns


def test_modal_profile_reaches_the_table(tmp_path, cache, capsys):
    doc = tmp_path / "wire.txt"
    doc.write_text("Cash balances should fluctuate around 30 million dollars this week.\n", encoding="utf-8")
    senses = {}
    for profile in ("default", "newswire"):
        out = tmp_path / f"{profile}.csv"
        rc, _, _ = _run(capsys, "score", doc, "-o", out, "--cache-dir", cache, "--modal-profile", profile, "-q")
        assert rc == 0
        senses[profile] = pd.read_csv(out)[["n_modal_deontic", "n_modal_epistemic"]].sum().tolist()
    assert senses == {"default": [1, 0], "newswire": [0, 1]}
    with pytest.raises(SystemExit) as e:
        main(["score", str(doc), "-o", str(tmp_path / "x.csv"), "--modal-profile", "wire"])
    assert e.value.code == 2 and "invalid choice: 'wire'" in capsys.readouterr().err


def test_domain_off_by_default_on_the_command_line(tmp_path, cache, corpus_csv, capsys):
    out = tmp_path / "f.csv"
    rc, _, _ = _run(capsys, "score", corpus_csv, "--text-col", "body", "--level", "frame", "-o", out,
                    "--cache-dir", cache, "-q")
    assert rc == 0 and len(pd.read_csv(out)) == 0


def test_compare_three_groups_against_a_reference(tmp_path, cache, capsys):
    csv = tmp_path / "three.csv"
    rows = [{"id": s, "outlet": ("a", "b", "c")[i % 3], "body": (FIXTURES / f"{s}.txt").read_text(encoding="utf-8")}
            for i, s in enumerate(GENRES) if s != "html_page"]
    pd.DataFrame(rows).to_csv(csv, index=False)
    scored = tmp_path / "s.csv"
    assert _run(capsys, "score", csv, "--text-col", "body", "--source-col", "outlet", "-o", scored,
                "--cache-dir", cache, "-q")[0] == 0
    out = tmp_path / "cmp.csv"
    rc, _, err = _run(capsys, "compare", scored, "--by", "outlet", "--reference", "a", "--seed", "1",
                      "--n-resamples", "199", "-o", out)
    res = pd.read_csv(out)
    assert rc == 0, err
    assert set(zip(res["group_a"], res["group_b"])) == {("b", "a"), ("c", "a")}
    assert set(res["unit"]) <= {"document", "token"} and (res.loc[res["unit"] == "document", "n_docs_a"] >= 3).all()
