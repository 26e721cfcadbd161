"""Run the study's notebooks and rebuild ``figures/``, several at a time.

Executed copies go to ``build/notebooks/``; the committed notebooks are never written to.

Each notebook runs alone, top to bottom, in a fresh kernel, so notebooks that share nothing can run
at the same time: :func:`build_figures` runs them in ``jobs`` worker processes (default: 2, or
``DISCOURSE_JOBS``). Most of a notebook's cost is fixed (kernel start-up, imports, loading the spaCy
model), so two workers on two cores roughly halve the wall time; the parse itself is shared through
the parse cache. A notebook that names a data file (``comparison.csv``, ``x.parquet`` ...) also named
by an earlier notebook waits for that notebook to finish (:func:`notebook_dependencies`), so a table
one notebook writes is complete before another reads it. Figures are byte-identical whatever the
number of workers (every figure is drawn by exactly one notebook, with fixed seeds).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import shutil
import subprocess
import time
from multiprocessing.connection import Connection, wait
from pathlib import Path

import nbformat
import zmq
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from traitlets.config import Config

from . import _prefork, nlp, paths
from .errors import InputError
from .plots import write_figure_index

#: Data files a notebook may read or write; a later notebook naming the same file runs after it.
DATA_FILE = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:csv|tsv|parquet|feather|json|pkl|pickle)\b")

TIMINGS_FILE = "timings.json"

#: One worker process per notebook, forked where the platform allows: it inherits this process's
#: imports and forks its kernel in turn (:mod:`discourse._prefork`); elsewhere spawned, with
#: ordinary kernels.
_FORK = "fork" in multiprocessing.get_all_start_methods() and _prefork.available()
_CONTEXT = multiprocessing.get_context("fork" if _FORK else "spawn")


class NotebookFailed(RuntimeError):
    """A notebook raised while executing; the message names it and carries the cell's error."""


def notebook_paths(folder: str | Path | None = None) -> list[Path]:
    """The numbered notebooks (``NN_name.ipynb``) in reading order."""
    folder = Path(folder) if folder is not None else paths.NOTEBOOKS_DIR
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def stored_notebook(path: str | Path) -> dict:
    """The notebook as ``git add`` would store it, parsed from JSON.

    That is the working file passed through the repository's clean filters: with the nbstripout
    filter that ``make setup`` installs (``.ci/install-notebook-filter``), outputs JupyterLab's
    autosave wrote into the file are not what gets committed. The blob is computed with
    ``git hash-object -w --path`` (which applies the filters) and read back with ``git cat-file``.
    Where git or a repository is absent (an unpacked tarball), or the file is not under one, the
    file itself.
    """
    path = Path(path).resolve()
    git = shutil.which("git")
    if git is not None:
        hashed = subprocess.run([git, "hash-object", "-w", "--path", path.name, "--", path.name],
                                cwd=path.parent, capture_output=True, text=True)
        if hashed.returncode == 0:
            blob = subprocess.run([git, "cat-file", "blob", hashed.stdout.strip()], cwd=path.parent,
                                  capture_output=True, text=True, check=True)
            return json.loads(blob.stdout)
    return json.loads(path.read_text(encoding="utf-8"))


def kernel_config() -> Config:
    """Kernel-manager settings: encrypt the kernel's ZeroMQ traffic where the kernel supports it.

    jupyter_client >= 8.10 provisions CurveZMQ keys for kernels whose kernelspec declares
    ``supported_encryption: curve`` (ipykernel's does) when ``KernelManager.transport_encryption``
    is ``"auto"``; ipykernel then no longer warns "Kernel is running over TCP without encryption"
    once per notebook, because it no longer is. Older versions have neither the option nor the
    warning, and get an empty config.
    """
    cfg = Config()
    if zmq.has("curve") and "transport_encryption" in KernelManager.class_trait_names():
        cfg.KernelManager.transport_encryption = "auto"
    return cfg


def execute_notebook(path: str | Path, *, out_dir: str | Path | None = None, timeout: int = 600,
                     kernel_name: str = "python3", kernel_manager_class: type | None = None) -> Path:
    """Execute one notebook top to bottom in a fresh kernel (cwd = its folder); save the copy.

    The copy is saved even when a cell fails (nbclient's ``CellExecutionError`` is re-raised).
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    extra = {"kernel_manager_class": kernel_manager_class} if kernel_manager_class is not None else {}
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel_name, config=kernel_config(),
                            resources={"metadata": {"path": str(path.parent)}}, **extra)
    out_dir = Path(out_dir) if out_dir is not None else default_out_dir()
    out = out_dir / path.name
    try:
        client.execute()
    finally:  # a failed run is saved too: the copy shows the traceback under the failing cell
        out_dir.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, out)
    return out


def default_out_dir() -> Path:
    """Where executed copies (and the timings of the last build) are written: ``build/notebooks/``."""
    return paths.PROJECT_ROOT / "build" / "notebooks"


def data_files_named(path: str | Path) -> set[str]:
    """File names of data tables (``.csv``, ``.parquet``, ``.json`` ...) that a notebook's code names."""
    nb = nbformat.read(Path(path), as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    return set(DATA_FILE.findall(code))


def notebook_dependencies(notebooks: list[Path]) -> dict[Path, set[Path]]:
    """For each notebook, the earlier notebooks (in the order given) it must wait for.

    Conservative on purpose: the code cannot tell reading a file from writing it, so any two
    notebooks naming the same data file run in reading order. A notebook can also list notebooks
    it needs explicitly in its metadata: ``{"discourse": {"after": ["06_comparison"]}}``.
    """
    named = {nb: data_files_named(nb) for nb in notebooks}
    by_stem = {nb.stem: nb for nb in notebooks}
    deps: dict[Path, set[Path]] = {}
    for i, nb in enumerate(notebooks):
        earlier = notebooks[:i]
        deps[nb] = {e for e in earlier if named[e] & named[nb]}
        after = nbformat.read(nb, as_version=4).metadata.get("discourse", {}).get("after", [])
        deps[nb] |= {by_stem[s] for s in after if s in by_stem and by_stem[s] in earlier}
    return deps


def default_jobs() -> int:
    """Worker processes: ``DISCOURSE_JOBS`` if set, else 2 (or 1 on a one-core machine)."""
    env = os.environ.get("DISCOURSE_JOBS")
    if env:
        if not env.isdigit() or int(env) < 1:
            raise InputError(f"DISCOURSE_JOBS={env!r} is not a positive whole number; set e.g. DISCOURSE_JOBS=2.")
        return int(env)
    return max(1, min(2, os.cpu_count() or 1))


def _run_one(path: str, out_dir: str, timeout: int, kernel_name: str) -> tuple[float, str | None]:
    """Execute one notebook; return (seconds, error message or None).

    Errors come back as one line of text (nbclient's CellExecutionError does not survive pickling).
    """
    t0 = time.perf_counter()
    try:
        execute_notebook(path, out_dir=out_dir, timeout=timeout, kernel_name=kernel_name,
                         kernel_manager_class=_prefork.PreforkingKernelManager)
    except CellExecutionError as exc:
        copy = Path(out_dir) / Path(path).name
        return time.perf_counter() - t0, f"{exc.ename}: {exc.evalue} (traceback in {copy})"
    except Exception as exc:  # noqa: BLE001 - kernel died, timeout ...: reported with the notebook's name
        return time.perf_counter() - t0, f"{type(exc).__name__}: {exc}"
    return time.perf_counter() - t0, None


def _worker(conn: Connection, path: str, out_dir: str, timeout: int, kernel_name: str) -> None:
    """A forked process per notebook: fork its kernel first (no loop or socket exists yet), run it."""
    if _FORK:
        _prefork.prepare()
    conn.send(_run_one(path, out_dir, timeout, kernel_name))
    conn.close()


def _read_timings(out_dir: Path) -> dict[str, float]:
    try:
        data = json.loads((out_dir / TIMINGS_FILE).read_text(encoding="utf-8"))
        return {str(k): float(v) for k, v in data.items()}
    except (OSError, ValueError, AttributeError):
        return {}


def _write_timings(out_dir: Path, timings: dict[str, float]) -> None:
    merged = _read_timings(out_dir) | {k: round(v, 2) for k, v in timings.items()}
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / TIMINGS_FILE).write_text(json.dumps(merged, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _start(nb: Path, out_dir: Path, timeout: int, kernel_name: str) -> tuple[Connection, multiprocessing.Process]:
    """Run ``nb`` in a child process; its result arrives on the returned connection."""
    receive, send = _CONTEXT.Pipe(duplex=False)
    proc = _CONTEXT.Process(target=_worker, args=(send, str(nb), str(out_dir), timeout, kernel_name),
                            name=f"discourse-{nb.stem}")
    proc.start()
    send.close()
    return receive, proc


def run_notebooks(notebooks: list[Path], *, jobs: int = 1, out_dir: str | Path | None = None,
                  timeout: int = 600, kernel_name: str = "python3", quiet: bool = False) -> list[Path]:
    """Execute ``notebooks`` in ``jobs`` processes, respecting :func:`notebook_dependencies`.

    Among the notebooks free to start, the one that took longest last time starts first (longest
    processing time first, from ``timings.json`` beside the executed copies), so the slowest
    notebook does not start last. Returns the executed copies in reading order; raises
    :class:`NotebookFailed` naming the first notebook that failed (the others are not started).
    """
    out_dir = Path(out_dir) if out_dir is not None else default_out_dir()
    jobs = max(1, jobs)
    deps = notebook_dependencies(notebooks)
    last = _read_timings(out_dir)
    pending = sorted(notebooks, key=lambda nb: -last.get(nb.name, 0.0))  # stable: reading order on ties
    done: set[Path] = set()
    timings: dict[str, float] = {}
    running: dict[Connection, tuple[Path, multiprocessing.Process]] = {}
    failure = None
    while (pending and failure is None) or running:
        while failure is None and len(running) < jobs:
            ready = next((nb for nb in pending if deps[nb] <= done), None)
            if ready is None:
                break
            pending.remove(ready)
            conn, proc = _start(ready, out_dir, timeout, kernel_name)
            running[conn] = (ready, proc)
        for conn in wait(list(running)):
            nb, proc = running.pop(conn)
            try:
                seconds, error = conn.recv()
            except EOFError:
                seconds, error = 0.0, "the process running it died"
            conn.close()
            proc.join()
            if error is not None:
                failure = failure or f"{nb.name} failed: {error}"
                continue
            done.add(nb)
            timings[nb.name] = seconds
            if not quiet:
                print(f"ran {nb.name} in {seconds:.1f} s", flush=True)
    _write_timings(out_dir, timings)
    if failure is not None:
        raise NotebookFailed(failure)
    return [out_dir / nb.name for nb in notebooks]


def build_figures(*, notebooks: list[str] | None = None, quiet: bool = False, jobs: int | None = None) -> list[Path]:
    """Execute every notebook (or those named) in parallel, then write ``figures/README.md``."""

    chosen = [nb for nb in notebook_paths()
              if not notebooks or nb.stem in notebooks or nb.name in notebooks]
    jobs = default_jobs() if jobs is None else jobs
    t0 = time.perf_counter()
    if _FORK:  # load the default spaCy pipeline once here; every forked kernel then starts with it
        nlp.load_nlp()
    jobs = min(jobs, max(1, len(chosen)))
    done = run_notebooks(chosen, jobs=jobs, quiet=quiet)
    index = write_figure_index()
    if not quiet:
        print(f"ran {len(done)} notebook(s) in {time.perf_counter() - t0:.1f} s ({jobs} at a time); wrote {index}")
    return done
