"""The package's import graph: cycles among top-level imports, and imports hidden inside functions.

Run ``python scripts/import_graph.py``; exit 1 if there is a cycle. (Issue 11: no cycle, imports at the top.)
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "discourse"


def module_name(path: Path) -> str:
    parts = path.relative_to(PKG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def resolve(mod: str, node: ast.ImportFrom | ast.Import, is_pkg: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.startswith("discourse")]
    base = mod.split(".") if is_pkg else mod.split(".")[:-1]
    if node.level:
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if not target.startswith("discourse"):
        return []
    out = []
    for a in node.names:  # "from . import paths" imports a submodule
        sub = f"{target}.{a.name}"
        out.append(sub if (PKG.parent / (sub.replace(".", "/") + ".py")).exists()
                   or (PKG.parent / sub.replace(".", "/")).is_dir() else target)
    return out


def graph() -> tuple[dict[str, set[str]], list[tuple[str, int, str]]]:
    edges: dict[str, set[str]] = {}
    hidden = []
    for path in sorted(PKG.rglob("*.py")):
        mod = module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        edges.setdefault(mod, set())
        for node in tree.body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                edges[mod].update(t for t in resolve(mod, node, path.name == "__init__.py") if t != mod)
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for sub in ast.walk(node):
                    if isinstance(sub, (ast.Import, ast.ImportFrom)) and resolve(mod, sub, path.name == "__init__.py"):
                        hidden.append((mod, sub.lineno, ast.unparse(sub)))
    return edges, hidden


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in edges:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def main() -> int:
    edges, hidden = graph()
    # a package's __init__ re-exporting its children is not a cycle of the code
    edges = {m: {t for t in ts if not (m == "discourse" and t.startswith("discourse."))} for m, ts in edges.items()}
    found = cycles(edges)
    for comp in found:
        print("cycle:", " <-> ".join(comp))
    for mod, line, text in hidden:
        print(f"import inside a function: {mod}:{line}: {text}")
    print(f"{len(edges)} modules, {len(found)} cycle(s), {len(hidden)} import(s) inside functions")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
