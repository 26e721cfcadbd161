"""The paper's build: the nbstripout git filter, the parallel notebook runner, make's lab flag."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from discourse import build, paths
from discourse.errors import InputError

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")
FILTER_SCRIPT = paths.PROJECT_ROOT / ".ci" / "install-notebook-filter"
NOTEBOOK = build.notebook_paths()[0]


def _git_env(home: Path) -> dict[str, str]:
    """git that ignores the user's and the system's config (another nbstripout, hooks ...)."""
    env = dict(os.environ, HOME=str(home), GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull,
               GIT_CEILING_DIRECTORIES=str(home.parent))
    env.pop("GIT_DIR", None)
    env.pop("GIT_INDEX_FILE", None)
    return env


def _git(repo: Path, *args: str) -> str:
    return subprocess.run([GIT, *args], cwd=repo, env=_git_env(repo), capture_output=True, text=True,
                          check=True).stdout


def _repo_with_notebook(tmp_path: Path, *, install_filter: bool) -> Path:
    repo = tmp_path / "clone"
    repo.mkdir()
    _git(repo, "init", "-q")
    shutil.copy(paths.PROJECT_ROOT / ".gitattributes", repo / ".gitattributes")
    shutil.copy(NOTEBOOK, repo / NOTEBOOK.name)
    if install_filter:
        subprocess.run(["sh", str(FILTER_SCRIPT), sys.executable], cwd=repo, env=_git_env(repo),
                       check=True, capture_output=True)
    return repo


def _write_outputs(path: Path) -> None:
    """What JupyterLab's autosave does after a cell has run."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.execution_count = 1
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="42\n")]
            cell.metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00Z"}
    nbformat.write(nb, path)


def _has_outputs(nb: dict) -> bool:
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code, "the notebook has code cells"
    return any(c["outputs"] or c["execution_count"] is not None for c in code)


@needs_git
def test_the_filter_strips_outputs_from_the_staged_notebook(tmp_path):
    repo = _repo_with_notebook(tmp_path, install_filter=True)
    _write_outputs(repo / NOTEBOOK.name)
    assert _has_outputs(json.loads((repo / NOTEBOOK.name).read_text()))
    _git(repo, "add", NOTEBOOK.name)
    staged = json.loads(_git(repo, "show", f":{NOTEBOOK.name}"))
    assert not _has_outputs(staged)
    assert not any("execution" in c["metadata"] for c in staged["cells"])
    original = json.loads(NOTEBOOK.read_text())
    assert [(c["id"], c["source"]) for c in staged["cells"]] == [(c["id"], c["source"]) for c in original["cells"]]


@needs_git
def test_without_the_filter_outputs_would_be_committed(tmp_path):
    """The control: the same steps with no filter installed stage the outputs."""
    repo = _repo_with_notebook(tmp_path, install_filter=False)
    _write_outputs(repo / NOTEBOOK.name)
    _git(repo, "add", NOTEBOOK.name)
    assert _has_outputs(json.loads(_git(repo, "show", f":{NOTEBOOK.name}")))


@needs_git
def test_stored_notebook_is_what_git_would_commit(tmp_path, monkeypatch):
    repo = _repo_with_notebook(tmp_path, install_filter=True)
    _write_outputs(repo / NOTEBOOK.name)
    for key, value in _git_env(repo).items():
        monkeypatch.setenv(key, value)
    assert not _has_outputs(build.stored_notebook(repo / NOTEBOOK.name))


def test_stored_notebook_is_the_file_where_git_is_absent(tmp_path, monkeypatch):
    path = tmp_path / NOTEBOOK.name
    shutil.copy(NOTEBOOK, path)
    _write_outputs(path)
    monkeypatch.setattr(build.shutil, "which", lambda name: None)
    assert _has_outputs(build.stored_notebook(path))


def test_filter_install_is_a_no_op_outside_a_git_checkout(tmp_path):
    """An unpacked tarball: setup goes on, says why there is no filter."""
    env = _git_env(tmp_path)
    done = subprocess.run(["sh", str(FILTER_SCRIPT), sys.executable], cwd=tmp_path, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0 and "not a git checkout" in done.stdout
    env["PATH"] = str(tmp_path / "no-such-dir")  # no git at all
    done = subprocess.run(["/bin/sh", str(FILTER_SCRIPT), sys.executable], cwd=tmp_path, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0 and "not a git checkout" in done.stdout


def _notebook(path: Path, *sources: str, after: list[str] | None = None) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    if after:
        nb.metadata["discourse"] = {"after": after}
    nbformat.write(nb, path)
    return path


def test_notebooks_naming_the_same_data_file_are_ordered(tmp_path):
    a = _notebook(tmp_path / "01_a.ipynb", "df.to_csv(out / 'comparison.csv')")
    b = _notebook(tmp_path / "02_b.ipynb", "x = 1")
    c = _notebook(tmp_path / "03_c.ipynb", "pd.read_csv(paths.processed_dir() / \"comparison.csv\")")
    d = _notebook(tmp_path / "04_d.ipynb", "y = 2", after=["02_b"])
    deps = build.notebook_dependencies([a, b, c, d])
    assert deps == {a: set(), b: set(), c: {a}, d: {b}}
    assert build.data_files_named(c) == {"comparison.csv"}


def test_the_study_notebooks_dependencies_are_found():
    """Whatever the notebooks read and write, a later one only ever waits for an earlier one."""
    notebooks = build.notebook_paths()
    deps = build.notebook_dependencies(notebooks)
    for nb, before in deps.items():
        assert all(notebooks.index(b) < notebooks.index(nb) for b in before)


def test_default_jobs(monkeypatch):
    monkeypatch.delenv("DISCOURSE_JOBS", raising=False)
    assert 1 <= build.default_jobs() <= 2
    monkeypatch.setenv("DISCOURSE_JOBS", "3")
    assert build.default_jobs() == 3
    monkeypatch.setenv("DISCOURSE_JOBS", "two")
    with pytest.raises(InputError, match="DISCOURSE_JOBS"):
        build.default_jobs()


@pytest.mark.slow
def test_parallel_run_respects_order_and_reports_failures(tmp_path, capfd):
    """Two workers: the reader waits for the writer; a failing notebook is named; no TCP warning."""
    table = tmp_path / "table.csv"
    writer = _notebook(tmp_path / "01_write.ipynb", f"import time; time.sleep(1.5); open({str(table)!r}, 'w').write('ok')")
    reader = _notebook(tmp_path / "02_read.ipynb", f"assert open({str(table)!r}).read() == 'ok'")
    out = tmp_path / "out"
    done = build.run_notebooks([writer, reader], jobs=2, out_dir=out, quiet=True)
    assert [p.name for p in done] == ["01_write.ipynb", "02_read.ipynb"] and all(p.is_file() for p in done)
    assert set(json.loads((out / build.TIMINGS_FILE).read_text())) == {"01_write.ipynb", "02_read.ipynb"}
    assert "without encryption" not in capfd.readouterr().err
    broken = _notebook(tmp_path / "03_broken.ipynb", "raise ValueError('no such column')")
    with pytest.raises(build.NotebookFailed, match=r"^03_broken\.ipynb failed: ValueError: no such column \(traceback in .*03_broken\.ipynb\)$"):
        build.run_notebooks([broken, reader], jobs=2, out_dir=out, quiet=True)
    saved = nbformat.read(out / "03_broken.ipynb", as_version=4)
    assert saved.cells[0].outputs[0].ename == "ValueError"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lab_passes_allow_root_only_as_root():
    dry = subprocess.run(["make", "-n", "-s", "-C", str(paths.PROJECT_ROOT), "lab"], capture_output=True, text=True)
    lab = [line for line in dry.stdout.splitlines() if "jupyter lab" in line]
    assert lab, dry.stdout + dry.stderr
    assert ("--allow-root" in lab[-1]) == (os.geteuid() == 0)


@pytest.mark.slow
@pytest.mark.skipif(not build._FORK, reason="kernels are forked only where os.fork exists")
def test_forked_kernel_starts_with_the_imports_and_its_own_settings(tmp_path):
    """The kernel inherits the imports, not this process's settings: cwd, inline backend, parent pid."""
    probe = _notebook(
        tmp_path / "01_probe.ipynb",
        "import os, sys\nprint('spacy' in sys.modules, os.getcwd(), os.environ.get('JPY_PARENT_PID') != str(os.getpid()))",
        "import matplotlib.pyplot as plt\nprint(plt.get_backend())",
        "fig = plt.figure(); plt.plot([0, 1]); fig",
    )
    out = tmp_path / "out"
    [done] = build.run_notebooks([probe], jobs=1, out_dir=out, quiet=True)
    cells = nbformat.read(done, as_version=4).cells
    assert cells[0].outputs[0].text.split() == ["True", str(tmp_path), "True"]
    assert cells[1].outputs[0].text.strip() in {"inline", "module://matplotlib_inline.backend_inline"}
    assert any("image/png" in o.get("data", {}) for o in cells[2].outputs), "figures are displayed inline"
