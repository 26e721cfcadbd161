"""Run the study's notebooks in order and rebuild ``figures/``.

Executed copies go to ``build/notebooks/``; the committed notebooks are never written to.
"""

from __future__ import annotations

import time
from pathlib import Path

from . import paths


def notebook_paths(folder: str | Path | None = None) -> list[Path]:
    """The numbered notebooks (``NN_name.ipynb``) in reading order."""
    folder = Path(folder) if folder is not None else paths.NOTEBOOKS_DIR
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def execute_notebook(path: str | Path, *, out_dir: str | Path | None = None, timeout: int = 600,
                     kernel_name: str = "python3") -> Path:
    """Execute one notebook top to bottom in a fresh kernel (cwd = its folder); save the copy."""
    import nbformat
    from nbclient import NotebookClient

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name=kernel_name,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    out_dir = Path(out_dir) if out_dir is not None else paths.PROJECT_ROOT / "build" / "notebooks"
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / path.name
    nbformat.write(nb, out)
    return out


def build_figures(*, notebooks: list[str] | None = None, quiet: bool = False) -> list[Path]:
    """Execute every notebook in order (or those named), then write ``figures/README.md``."""
    from .plots import write_figure_index

    done = []
    for nb in notebook_paths():
        if notebooks and nb.stem not in notebooks and nb.name not in notebooks:
            continue
        t0 = time.perf_counter()
        done.append(execute_notebook(nb))
        if not quiet:
            print(f"ran {nb.name} in {time.perf_counter() - t0:.1f} s")
    index = write_figure_index()
    if not quiet:
        print(f"wrote {index}")
    return done
