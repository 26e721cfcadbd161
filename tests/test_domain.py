"""Domain lexicon sets: off by default, named for the study, replaceable by a user's own TSVs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import spacy

import discourse as dc
from discourse.corpus import build_corpus
from discourse.domains import DOMAINS, US_IRAN_DIPLOMACY, resolve_domain
from discourse.measures.framing import FrameDetector
from discourse.tables import Measurer

OTHER_GENRES = Path(__file__).parent / "fixtures" / "other_genres"
DOCK_STRIKE = ("Dock workers walked out on Monday in a strike over pay. The union said a deal was there to be had, "
               "but the port operator rejected the offer. Europe's biggest ports could face weeks of disruption, "
               "according to analysts. Talks are unlikely to resume before Friday.")
RECIPE = ("Preheat the oven to 180C. Mix the flour, sugar and butter until the dough comes together. "
          "Bake for twenty minutes; the cake may need a little longer in a small oven.")
DOMAIN_COLUMNS = {"frames", "actors", "prospect", "prospect_score", "prospect_stance"}


@pytest.fixture(scope="module")
def other():
    return dc.load_corpus(OTHER_GENRES)


@pytest.fixture(scope="module")
def strike():
    return build_corpus({"dock_strike": DOCK_STRIKE, "recipe": RECIPE})


def test_library_default_is_no_domain(other, strike):
    assert other.domain is None and strike.domain is None
    for corpus in (other, strike):
        a = dc.analyze_all(corpus)
        assert a.frames.empty and a.actors.empty and a.info["domain"] is None
        assert not DOMAIN_COLUMNS & set(a.sentences.columns)
        assert not [c for c in a.sentences.columns if c.startswith("n_frame_")]
        # the generic measures still run
        assert a.sentences["n_modal"].sum() > 0 and a.sentences["sentiment"].notna().all()
        assert list(a.frames.columns[:3]) == ["doc_id", "segment_id", "role"]


def test_us_iran_domain_on_a_dock_strike_tags_what_its_words_mean_in_that_domain(strike):
    """What to expect with the study's lexicons on other text: its words, read as US-Iran diplomacy."""
    a = dc.analyze_all(strike, domain="us_iran_diplomacy")
    f = a.frames[a.frames.doc_id == "dock_strike"]
    got = set(zip(f["text"], f["frame"]))
    assert {("strike", "military_escalation"), ("deal", "nuclear_deal_compliance"), ("Europe", "mediation_third_party"),
            ("Talks", "diplomacy_negotiation")} <= got
    assert ("according", "nuclear_deal_compliance") not in got  # the exclusion rule, also here
    assert a.actors.set_index("text").loc["Europe", "side"] == "mediator"
    s = a.sentences[a.sentences.doc_id == "dock_strike"]
    assert s["prospect"].any()  # "Talks are unlikely to resume": a prospect marker + a diplomacy frame
    assert a.info["domain"] == "us_iran_diplomacy"
    assert a.frames[a.frames.doc_id == "recipe"].empty  # no domain word in the recipe


def test_study_corpus_carries_its_domain_and_can_switch_it_off(corpus):
    on = dc.analyze_all(corpus)
    assert on.info["domain"] == "us_iran_diplomacy" and len(on.frames) > 200 and on.sentences["prospect"].sum() > 5
    off = dc.analyze_all(corpus, domain=None)
    assert off.frames.empty and off.actors.empty and not DOMAIN_COLUMNS & set(off.sentences.columns)
    generic = [c for c in off.sentences.columns if c != "source_id"]
    pd.testing.assert_frame_equal(off.sentences[generic], on.sentences[generic])  # generic measures unchanged
    pd.testing.assert_frame_equal(off.cues, on.cues)


@pytest.mark.parametrize("text, frame, expected", [
    ("Prices rose, according to diplomats.", "nuclear_deal_compliance", False),
    ("According to the inspectors, Iran still complies.", "nuclear_deal_compliance", True),  # "complies"
    ("Macron called on Iran to return to the nuclear accord.", "nuclear_deal_compliance", True),
    ("The sanctions caused a great deal of hardship.", "nuclear_deal_compliance", False),
    ("The two sides reached a deal.", "nuclear_deal_compliance", True),
])
def test_exclusions_drop_a_cue_inside_a_fixed_expression(nlp, text, frame, expected):
    rows = FrameDetector(nlp.vocab)(nlp(text))
    assert (frame in {r["frame"] for r in rows}) is expected, rows
    assert not any(r["lemma"] == "accord" and r["text"].lower() == "according" for r in rows)


def _write(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("# my lexicon\n# version: 3\n" + header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def labour(tmp_path):
    frames = _write(tmp_path / "frames.tsv", "entry\tframe\tverb_class\tsource", [
        "strike\tindustrial_action\thostile\tme", "walk out\tindustrial_action\t\tme",
        "pay\twages\t\tme", "talks\tbargaining\t\tme", "offer\tbargaining\tcooperative\tme"])
    actors = _write(tmp_path / "actors.tsv", "entry\tside\tcanonical\ttype\tsource", [
        "union\tlabour\tThe union\torg\tme", "port operator\temployer\tThe operator\torg\tme"])
    prospects = _write(tmp_path / "prospects.tsv", "entry\tcategory\tpolarity\tsource", [
        "unlikely\tpossibility\t-1\tme"])
    return {"frames": frames, "actors": actors, "prospects": prospects, "prospect_frames": ["bargaining"],
            "name": "labour"}


def test_own_domain_tsvs(strike, labour):
    a = dc.analyze_all(strike, domain=labour)
    f = a.frames[a.frames.doc_id == "dock_strike"]
    assert set(f["frame"]) == {"industrial_action", "wages", "bargaining"}
    assert (f["lexicon"] == "frames.tsv v3").all()
    assert "walked out" in set(f["text"])  # a multiword entry, on lemmas
    assert set(a.actors[a.actors.source == "gazetteer"]["side"]) == {"labour", "employer"}
    s = a.sentences.set_index(["doc_id", "sent_id"])
    assert s.loc[("dock_strike", 3), "prospect"] and s.loc[("dock_strike", 3), "prospect_stance"] == "pessimistic"
    assert not s.loc[("dock_strike", 0), "prospect"]
    assert a.info["domain"] == "labour"
    only_frames = dc.analyze_all(strike, domain={"frames": labour["frames"]})
    assert only_frames.actors.empty and "actors" not in only_frames.sentences and "prospect" not in only_frames.sentences
    assert not only_frames.frames.empty


@pytest.mark.parametrize("domain, match", [
    ("us_iran", r"Unknown domain 'us_iran': the named domains are \['us_iran_diplomacy'\]; pass domain=None"),
    ({"frames": "nope.tsv"}, r"The frames lexicon nope\.tsv does not exist"),
    ({"frame": "x.tsv"}, r"Unknown domain key\(s\) \['frame'\]"),
    (3, r"domain must be None, a name"),
])
def test_bad_domain_is_one_clear_line(domain, match):
    with pytest.raises(dc.InputError, match=match):
        resolve_domain(domain)


def test_bad_domain_files(tmp_path):
    bad = _write(tmp_path / "f.tsv", "entry\tlabel", ["strike\tx"])
    with pytest.raises(dc.InputError, match=r"f\.tsv lacks column\(s\) \['frame'\].*columns \['entry', 'frame'\]"):
        resolve_domain({"frames": bad})
    upper = _write(tmp_path / "g.tsv", "entry\tframe", ["Strike\tx"])
    with pytest.raises(dc.InputError, match=r"g\.tsv, entry 1 \('Strike'\): entries must be non-empty and lowercase"):
        resolve_domain({"frames": upper})


def test_named_domain_is_documented_and_off_values():
    assert DOMAINS == {"us_iran_diplomacy": US_IRAN_DIPLOMACY}
    assert all(p.is_file() for p in (US_IRAN_DIPLOMACY.frames, US_IRAN_DIPLOMACY.actors, US_IRAN_DIPLOMACY.prospects))
    assert resolve_domain(None) is resolve_domain(False) is resolve_domain("none") is resolve_domain({}) is None


def test_measurer_and_component_take_the_domain(nlp, labour):
    assert Measurer(nlp.vocab).frames is None and Measurer(nlp.vocab).actors is None
    assert dc.tables.measurer(nlp.vocab) is dc.tables.measurer(nlp.vocab, domain=None)
    assert dc.tables.measurer(nlp.vocab, domain="us_iran_diplomacy") is not dc.tables.measurer(nlp.vocab)
    nlp_off = spacy.load(dc.nlp.resolve_model_name())
    nlp_off.add_pipe("discourse_cues")
    assert nlp_off.get_pipe_config("discourse_cues")["domain"] is None
    doc = nlp_off(DOCK_STRIKE)
    assert doc._.frames is None and doc._.actors is None and doc._.cues
    nlp_on = spacy.load(dc.nlp.resolve_model_name())
    nlp_on.add_pipe("discourse_cues", config={"domain": "us_iran_diplomacy"})
    doc = nlp_on(DOCK_STRIKE)
    assert "military_escalation" in {r["frame"] for r in doc._.frames}
    assert [c["text"] for c in doc._.cues] == [c["text"] for c in nlp_off(DOCK_STRIKE)._.cues]
    nlp_own = spacy.load(dc.nlp.resolve_model_name())
    nlp_own.add_pipe("discourse_cues", config={"frames": str(labour["frames"])})
    doc = nlp_own(DOCK_STRIKE)
    assert {r["frame"] for r in doc._.frames} == {"industrial_action", "wages", "bargaining"} and doc._.actors is None


# ------------------------------------------------------------- in-sample marks (issue 13 item 8)
def _marked(name, only=None):
    import csv

    from discourse.measures.attribution import LEXICON_DIR

    lines = [x for x in (LEXICON_DIR / name).read_text(encoding="utf-8").splitlines() if x.strip() and not x.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    from discourse.domains import in_sample_rows

    return in_sample_rows(rows, only)


def test_entry_hits_matches_lower_or_lemma(nlp):
    from discourse.domains import entry_hits, in_sample_marks

    docs = {"d": nlp("The negotiating tables were empty. Talks failed.")}
    assert entry_hits(docs, "negotiating table") == ["d:0"]  # "tables" by lemma
    assert entry_hits(docs, "talk") == ["d:6"]
    assert entry_hits(docs, "sanction") == []
    assert in_sample_marks(docs, ["fail", "mediator"]) == {
        "fail": (True, "1 hits in study texts, first d:6"), "mediator": (False, "0 hits in study texts")}


@pytest.mark.parametrize("name", ["frames.tsv", "actors.tsv", "stance_markers.tsv"])
def test_in_sample_flags_equal_what_the_script_computes(nlp, name):
    import importlib.util

    from discourse import paths
    from discourse.domains import IN_SAMPLE_FILES, in_sample_marks

    spec = importlib.util.spec_from_file_location("fp", paths.PROJECT_ROOT / "scripts" / "frame_precision.py")
    fp = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fp)
    rows = _marked(name, IN_SAMPLE_FILES[name])
    assert rows and all(r["in_sample"] in ("true", "false") for r in rows)
    if name == "stance_markers.tsv":  # every prospect kind is marked, the evaluated noun phrase's too
        assert {r["kind"] for r in rows} == {"prospect", "prospect_noun", "prospect_evaluation"}
    marks = in_sample_marks(fp.study_docs(nlp), {r["entry"] for r in rows})
    assert {r["entry"]: r["in_sample"] == "true" for r in rows} == {e: m[0] for e, m in marks.items()}
