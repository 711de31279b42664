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


TOP_LEVEL = {"__init__", "__main__", "cli", "settings", "namespaces", "service", "startup"}
"""Beside the packages stand only the entry points (cli, __main__), the settings, the namespaces,
the composition root (service) and the start-up sequence (startup)."""


def test_only_entry_points_settings_composition_and_start_up_stand_beside_the_packages():
    loose = {path.stem for path in PACKAGE.glob("*.py")} - TOP_LEVEL
    assert loose == set()


def _part(module: str) -> str:
    """The package (or top-level module) a module belongs to: hva_graph.store.disk -> store."""
    return module.split(".")[1] if "." in module else module


MAY_IMPORT = {
    "namespaces": set(),
    "settings": set(),
    "progress": set(),
    "fairness": set(),
    "digests": set(),
    "sparql": {"namespaces"},
    "search": {"namespaces", "progress"},
    "readable": set(),
    "store": {"namespaces", "settings", "sparql", "digests", "fairness"},
    "knowledge": {"namespaces", "settings", "search", "progress", "digests"},
    "canned": {"sparql", "search", "store"},
    "cite": {"store", "readable", "knowledge"},
    "publish": {"namespaces", "settings", "sparql", "store", "knowledge", "progress"},
    "releases": {"namespaces", "settings", "digests", "sparql", "knowledge", "publish"},
    "forwarding": {"settings"},
    "front": {"settings", "store", "forwarding", "fairness"},
    "curation": {"namespaces", "settings", "knowledge", "search"},
    "service": {"namespaces", "settings", "digests", "knowledge", "store"},
    "web": {"namespaces", "settings", "sparql", "store", "knowledge", "canned", "publish", "releases", "service",
            "readable", "cite", "curation", "forwarding", "fairness"},
    "startup": {"settings", "store", "knowledge", "publish", "service", "front", "web", "progress"},
    "cli": {"namespaces", "settings", "sparql", "store", "knowledge", "publish", "releases", "service", "front",
            "startup", "curation", "web", "progress"},
    "__main__": {"cli"},
}
"""Which parts of the package each part may import: from the ground (namespaces, settings, the
progress of long phases, fair shares between clients, the canonical digests, the public address behind proxies, the SPARQL
text, the Finnish analyser, and `readable`: values written for people, such as dates at their
precision) up through the stores and the checked knowledge, which never meet but in the
composition root (service), to the citations (cite, read from the store), the releases (made
from checked knowledge and published dumps), the curator's tools (curation: drafting and
editing drafts, over the checked knowledge), the web app, the HTTP front and start-up; the
command line over all of them.
The front never imports the app (start-up hands it the app to serve)."""


def test_every_part_imports_only_the_parts_below_it():
    found = {}
    for module, imported in MODULES.items():
        if module == "hva_graph":
            continue
        part = _part(module)
        allowed = MAY_IMPORT.get(part)
        assert allowed is not None, f"{module} is in a part the rules do not know; add it to MAY_IMPORT"
        crossing = sorted(i for i in imported if i.startswith("hva_graph.") and _part(i) not in allowed | {part})
        if crossing:
            found[module] = crossing
    assert found == {}


def _names_used(tree: ast.Module) -> set[str]:
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)} | \
        {node.value.id for node in ast.walk(tree) if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)}


def test_no_module_hands_on_names_it_does_not_use():
    """A name imported from the package and never used is an old import path kept alive (or
    dead code): either way the reader is sent the long way round."""
    unused = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        used = _names_used(tree)
        text = path.read_text(encoding="utf-8")
        imported = [alias.asname or alias.name for node in tree.body if isinstance(node, ast.ImportFrom)
                    and (node.level or (node.module or "").startswith("hva_graph")) for alias in node.names]
        names = [name for name in imported if name not in used and f'"{name}"' not in text]
        if names:
            unused[_module_name(path)] = names
    assert unused == {}


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


def _defined(module: str) -> set[str]:
    """The names a module of the package defines itself (not those it imports)."""
    relative = Path(*module.split(".")[1:])
    path = (PACKAGE / relative).with_suffix(".py")
    if not path.is_file():
        path = PACKAGE / relative / "__init__.py"
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):  # also `DAY, MONTH = "day", "month"`
            names.update(name.id for target in node.targets for name in ast.walk(target)
                         if isinstance(name, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def test_every_name_is_imported_from_the_module_that_defines_it():
    """No module re-exports another's names to keep an old import path alive."""
    borrowed = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        current, is_package = _module_name(path), path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom):
                continue
            target = _resolve(current, is_package, node.level, node.module)
            if not target.startswith("hva_graph") or not _is_module(target):
                continue
            for alias in node.names:
                if not _is_module(f"{target}.{alias.name}") and alias.name not in _defined(target):
                    borrowed.setdefault(current, []).append(f"{alias.name} from {target}")
    assert borrowed == {}
