"""The package's layering: no import cycle, no private name imported across modules.

A plain AST walk over ``graph/``, counting imports placed inside functions too;
``make lint`` also runs import-linter's layers contract from ``pyproject.toml``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "graph"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path) -> list[tuple[str, list[str], int]]:
    """(imported module, names taken from it, line) for every import in a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((target, [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            found.extend((a.name, [], node.lineno) for a in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        for target, names, _ in _imports(name, path):
            # ``from graph.x import y`` imports the module graph.x.y when y is one.
            for candidate in [f"{target}.{n}" for n in names] + [target]:
                if candidate in modules and candidate != name:
                    edges[name].add(candidate)
                    break
    return edges


def _is_ancestor_package(a: str, b: str) -> bool:
    return b.startswith(a + ".")


def test_no_import_cycle() -> None:
    edges = _graph()
    # A package's __init__ re-exporting its own modules is not a cycle.
    for name in edges:
        edges[name] = {t for t in edges[name] if not _is_ancestor_package(name, t)}
        edges[name] = {t for t in edges[name] if not _is_ancestor_package(t, name)}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                cycle = [*stack[stack.index(target) :], target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name)


def test_no_private_name_imported_across_modules() -> None:
    offences = []
    for name, path in _modules().items():
        for target, names, line in _imports(name, path):
            if not target.startswith("graph"):
                continue
            for imported in names:
                if imported.startswith("_") and not imported.startswith("__"):
                    offences.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {imported}")
    assert offences == []


def test_modules_stay_small() -> None:
    sizes = {
        str(p.relative_to(PACKAGE.parent)): len(p.read_text(encoding="utf-8").splitlines())
        for p in PACKAGE.rglob("*.py")
    }
    assert {path: n for path, n in sizes.items() if n > 500} == {}


def _long_functions() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 80:
                    found.append(
                        f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: "
                        f"{node.name} ({length} lines)"
                    )
    return found


def test_no_function_over_80_lines() -> None:
    assert _long_functions() == []
