"""Every notebook runs top to bottom in a fresh kernel and is stored without outputs."""

from __future__ import annotations

import json

import pytest

from discourse import build

NOTEBOOKS = build.notebook_paths()


def test_there_are_notebooks():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "01_corpus.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_stored_clean(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None, f"{path.name} has outputs"
            assert "def " not in "".join(cell["source"]), f"{path.name} defines a function: logic belongs in the package"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes(path, tmp_path, _outputs_to_tmp):
    from discourse import paths, plots

    out = build.execute_notebook(path, out_dir=tmp_path)
    assert out.is_file()
    made = {spec.id for spec in plots.REGISTRY.values() if spec.notebook == path.stem}
    for fig_id in made:
        for fmt in plots.FORMATS:
            assert (paths.figures_dir() / f"{fig_id}.{fmt}").is_file(), f"{path.stem} did not write {fig_id}.{fmt}"
