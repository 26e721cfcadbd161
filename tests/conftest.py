"""Shared fixtures. The suite never writes into the checkout: figures and processed tables go to
a temporary folder (DISCOURSE_FIGURES_DIR, DISCOURSE_PROCESSED_DIR)."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def _outputs_to_tmp(tmp_path_factory):
    root = tmp_path_factory.mktemp("outputs")
    old = {k: os.environ.get(k) for k in ("DISCOURSE_FIGURES_DIR", "DISCOURSE_PROCESSED_DIR")}
    os.environ["DISCOURSE_FIGURES_DIR"] = str(root / "figures")
    os.environ["DISCOURSE_PROCESSED_DIR"] = str(root / "processed")
    yield root
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(scope="session")
def nlp():
    from discourse.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def corpus():
    from discourse import load_corpus

    return load_corpus()
