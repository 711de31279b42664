"""The rules that hold the package's layout, read from the imports of every module (at the top
of a file or inside a function alike): a change that breaks one fails here, not in review."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "server" / "hva_graph"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(current: str, is_package: bool, level: int, name: str | None) -> str:
    if level == 0:
        return name or ""
    base = current.split(".") if is_package else current.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, name] if name else base)


def _is_module(name: str) -> bool:
    relative = Path(*name.split(".")[1:]) if "." in name else Path()
    return (PACKAGE / relative).with_suffix(".py").is_file() or (PACKAGE / relative / "__init__.py").is_file()


def imports_of(path: Path) -> set[str]:
    """Every module this file imports (hva_graph modules by full name, others by top name)."""
    current, is_package = _module_name(path), path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(current, is_package, node.level, node.module)
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.add(candidate if candidate.startswith("hva_graph") and _is_module(candidate) else target)
    return {name if name.startswith("hva_graph") else name.split(".")[0] for name in found}


MODULES = {_module_name(path): imports_of(path) for path in sorted(PACKAGE.rglob("*.py"))}


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_reader_of_imports_finds_the_package():
    assert "hva_graph.store.results" in MODULES["hva_graph.store.embedded"]
    assert "hva_graph.settings" in MODULES["hva_graph.knowledge.checked"]


@pytest.mark.parametrize("one, other", [("hva_graph.store", "hva_graph.knowledge"),
                                        ("hva_graph.knowledge", "hva_graph.store")])
def test_store_and_knowledge_never_import_each_other(one, other):
    crossing = {module: sorted(i for i in imported if _inside(i, other))
                for module, imported in MODULES.items() if _inside(module, one)}
    assert {module: found for module, found in crossing.items() if found} == {}


def test_only_the_web_package_imports_flask():
    outside = {module for module, imported in MODULES.items()
               if imported & {"flask", "flask_cors"} and not _inside(module, "hva_graph.web")}
    assert outside == set()


def test_settings_imports_nothing_from_the_package():
    assert {i for i in MODULES["hva_graph.settings"] if i.startswith("hva_graph")} == set()


def test_there_is_no_import_circle():
    graph = {module: {i for i in imported if i in MODULES and i != module} for module, imported in MODULES.items()}
    circles, state = [], {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for imported in sorted(graph[module]):
            if state.get(imported) == "open":
                circles.append(path[path.index(imported):] + [imported])
            elif imported not in state:
                visit(imported, [*path, imported])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert circles == []
