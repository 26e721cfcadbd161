"""Every notebook runs top to bottom in a fresh kernel, shows its figures inline and is stored
without outputs."""

from __future__ import annotations

import base64
import hashlib
import os

import nbformat
import pytest

from discourse import build, paths, plots

NOTEBOOKS = build.notebook_paths()
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _figure_cells(nb) -> list:
    """The code cells that save a registered figure."""
    return [c for c in nb.cells if c.cell_type == "code" and "plots.save(" in c.source]


def _images(cell) -> list[bytes]:
    """The PNG images a cell displayed (decoded), one per output that carries one."""
    return [base64.b64decode(o["data"]["image/png"]) for o in cell.get("outputs", [])
            if "image/png" in o.get("data", {})]


def _assert_figures_shown_once(nb, name: str) -> None:
    cells = _figure_cells(nb)
    assert cells, f"{name} has no figure cell"
    for c in cells:
        imgs = _images(c)
        assert len(imgs) == 1, f"{name}: a figure cell shows {len(imgs)} images (want 1): {c.source!r}"
        assert imgs[0].startswith(PNG_SIGNATURE)


def test_there_are_notebooks():
    assert NOTEBOOKS and NOTEBOOKS[0].name == "01_corpus.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_stored_clean(path):
    """What git would commit has no outputs (JupyterLab's autosave may write outputs into the working
    file; the nbstripout filter that `make setup` installs keeps them out of the commit)."""
    nb = build.stored_notebook(path)
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None, f"{path.name} has outputs"
            assert "def " not in "".join(cell["source"]), f"{path.name} defines a function: logic belongs in the package"


@pytest.fixture()
def jupyter_env(monkeypatch):
    """The kernel imports this checkout's package and picks Jupyter's own (inline) backend."""
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(paths.PROJECT_ROOT),
                                                                   os.environ.get("PYTHONPATH")])))
    monkeypatch.delenv("MPLBACKEND", raising=False)
    return monkeypatch


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes(path, tmp_path, _outputs_to_tmp, jupyter_env):
    out = build.execute_notebook(path, out_dir=tmp_path)
    assert out.is_file()
    made = {spec.id for spec in plots.REGISTRY.values() if spec.notebook == path.stem}
    for fig_id in made:
        for fmt in plots.FORMATS:
            assert (paths.figures_dir() / f"{fig_id}.{fmt}").is_file(), f"{path.stem} did not write {fig_id}.{fmt}"
    _assert_figures_shown_once(nbformat.read(out, as_version=4), path.name)


def test_figures_show_inline_and_save_byte_identically(tmp_path, jupyter_env):
    """Notebook 01 (the cheapest with a figure) in a real Jupyter kernel, twice: each figure cell
    displays its figure once as image/png, and both runs write the same bytes."""
    path = NOTEBOOKS[0]
    digests = []
    for run in ("a", "b"):
        folder = tmp_path / run / "figures"
        jupyter_env.setenv("DISCOURSE_FIGURES_DIR", str(folder))
        jupyter_env.setenv("DISCOURSE_PROCESSED_DIR", str(tmp_path / run / "processed"))
        out = build.execute_notebook(path, out_dir=tmp_path / run)
        _assert_figures_shown_once(nbformat.read(out, as_version=4), path.name)
        digests.append({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())})
    made = {f"{spec.id}.{fmt}" for spec in plots.REGISTRY.values() if spec.notebook == path.stem
            for fmt in plots.FORMATS}
    assert set(digests[0]) == made
    assert digests[0] == digests[1]
