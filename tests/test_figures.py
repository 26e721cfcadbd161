"""Figures are drawn by registered package functions and saved byte-identically."""

from __future__ import annotations

import hashlib

import pytest

from discourse import plots, tables


def _digest(paths):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


@pytest.fixture(scope="module")
def comp(corpus, nlp):
    return tables.composition(corpus, nlp=nlp)


def test_composition_counts(comp):
    body = comp[comp.role == "body"].set_index("source_id")
    assert body.loc["news_analysis", "n_segments"] == 30
    assert body.loc["opinion", "n_segments"] == 11
    assert 40 <= body.loc["news_analysis", "n_sentences"] <= 70
    assert 40 <= body.loc["opinion", "n_sentences"] <= 70
    assert body["n_tokens"].min() > 1000


def test_fig01_is_byte_identical_on_rerun(comp, tmp_path):
    a = _digest(plots.save(plots.fig01_corpus_composition(comp), "fig01_corpus_composition", folder=tmp_path / "a"))
    b = _digest(plots.save(plots.fig01_corpus_composition(comp), "fig01_corpus_composition", folder=tmp_path / "b"))
    assert a == b and set(a) == {"fig01_corpus_composition.pdf", "fig01_corpus_composition.svg", "fig01_corpus_composition.png"}
    pdf = (tmp_path / "a" / "fig01_corpus_composition.pdf").read_bytes()
    assert b"CreationDate" not in pdf
    assert b"FontFile2" in pdf  # TrueType fonts embedded


def test_save_refuses_unregistered_ids(comp, tmp_path):
    with pytest.raises(KeyError, match="Unknown figure id"):
        plots.save(plots.fig01_corpus_composition(comp), "figX_made_up", folder=tmp_path)


def test_figure_index_lists_every_figure(tmp_path):
    p = plots.write_figure_index(tmp_path)
    text = p.read_text()
    for fig_id, spec in plots.REGISTRY.items():
        assert fig_id in text and spec.notebook in text
