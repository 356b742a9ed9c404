"""The layers, read from the source: who may import whom (docs/ARCHITECTURE.md draws the same table).

Every import counts: at module level, inside a function, under ``TYPE_CHECKING``, relative, and a
module named in a string (``importlib.import_module``, the CLI's command table). A module imports
its own box and the layers below its layer, never a sibling box of its own layer; no two modules
import each other, directly or round a longer loop; nothing imports app/; only app/ imports streamlit.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "review_app"
ARCHITECTURE = PACKAGE.parent / "docs" / "ARCHITECTURE.md"

# Layers bottom-up, each a set of boxes (a folder, or a module of the kernel/pipeline). The kernel's
# modules form one box; every other box may import only its own box and the layers before its own.
KERNEL = frozenset({"__init__", "errors", "vocab", "settings", "output", "progress", "parallel", "model", "plugins"})
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("kernel", ("kernel",)),
    ("text", ("text",)),
    ("formats, checks", ("formats", "checks")),
    ("scoring, align", ("scoring", "align")),
    ("effort", ("effort",)),
    ("pipeline", ("pipeline",)),
    ("qa, compare", ("qa", "compare")),
    ("store", ("store",)),
    ("review", ("review",)),
    ("cli, app", ("cli", "app")),
)
RANK = {box: rank for rank, (_name, boxes) in enumerate(LAYERS) for box in boxes}
MODULE_NAME = re.compile(r"review_app(?:\.\w+)+")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def box(module: str) -> str:
    """The box of a module: its first-level folder, ``kernel`` for the kernel's files, ``cli`` for ``__main__``."""
    parts = module.split(".")
    first = parts[1] if len(parts) > 1 else "__init__"
    if (PACKAGE / first).is_dir():
        return first
    if first == "__main__":
        return "cli"
    return "kernel" if first in KERNEL else first


def _resolve(name: str) -> str | None:
    """The package module ``name`` is or is in: ``review_app.text.ingest.read_text`` → ``review_app.text.ingest``."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imported_names(module: str, tree: ast.AST) -> Iterator[tuple[str, int]]:
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
            # ``from package import submodule`` imports the submodule (its package's __init__ runs first, as for
            # any import of a submodule, and is not counted); ``from module import name`` imports the module.
            submodules = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES]
            yield from ((name, node.lineno) for name in submodules)
            if len(submodules) < len(node.names):
                yield base, node.lineno
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str) and MODULE_NAME.fullmatch(node.value)
              and node.value in MODULES and MODULES[node.value].name != "__init__.py"):
            yield node.value, node.lineno  # a module imported by name (a package named in a string is its data)


@cache
def imports() -> dict[str, dict[str, int]]:
    """Every module's imports of other modules of the package (module → line of the first import)."""
    graph: dict[str, dict[str, int]] = {}
    for module, path in MODULES.items():
        found = graph.setdefault(module, {})
        for name, line in _imported_names(module, ast.parse(path.read_text(encoding="utf-8"))):
            target = _resolve(name) if name.split(".")[0] == "review_app" else None
            if target and target != module:
                found.setdefault(target, line)
    return graph


def _third_party(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    names |= {node.module for node in ast.walk(tree)
              if isinstance(node, ast.ImportFrom) and node.module and not node.level}
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_imports_only_its_box_and_the_layers_below(module: str) -> None:
    own = box(module)
    for target, line in imports()[module].items():
        other = box(target)
        where = f"{module} (line {line}) imports {target}"
        assert other != "app" or own == "app", f"{where}: nothing imports app/"
        if other == own:
            continue
        assert RANK[other] < RANK[own], (f"{where}: {other} ({LAYERS[RANK[other]][0]}) is not below "
                                         f"{own} ({LAYERS[RANK[own]][0]})")
    if own != "app":
        assert "streamlit" not in _third_party(MODULES[module]), f"{module} imports streamlit outside app/"


def _cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for nxt in successors:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph.get(nxt, {})))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_no_import_cycles_between_modules() -> None:
    graph = imports()
    described = [" ⇄ ".join(c) + ": " + "; ".join(f"{a} → {b} (line {graph[a][b]})" for a in c for b in c
                                                  if b in graph[a]) for c in _cycles(graph)]
    assert not described, "import cycles:\n" + "\n".join(described)


def test_the_cycle_finder_finds_loops() -> None:
    graph = {"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1, "d": 1}, "d": {}, "e": {"e": 1, "d": 1}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_every_box_has_a_layer() -> None:
    boxes = {box(module) for module in MODULES}
    assert boxes <= set(RANK), f"modules without a layer: {sorted(boxes - set(RANK))}"


def test_the_architecture_document_draws_these_layers() -> None:
    """docs/ARCHITECTURE.md's table has a row per box, numbered by layer: the same layers, boxes and kernel."""
    rows = re.findall(r"^\| (\d+) \| ([^|]+) \| ([^|]+) \|", ARCHITECTURE.read_text(encoding="utf-8"), re.M)
    drawn: dict[int, set[str]] = {}
    for number, _name, packages in rows:
        drawn.setdefault(int(number), set()).update(re.findall(r"`(\w+)/?`", packages))
    expected = {rank: set(KERNEL - {"__init__"}) if boxes == ("kernel",) else set(boxes)
                for rank, (_name, boxes) in enumerate(LAYERS)}
    assert drawn == expected
