"""The layer rule, read from the source: who may import whom (see docs/ARCHITECTURE.md).

core (kernel, text/, align/, scoring/, checks/, formats/, qa/, compare/, effort/) → store/ → review/ → cli/, app/.
A layer imports only layers below it; nothing imports app/; only app/ imports streamlit.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "review_app"
# Layers bottom-up; a module may import its own layer and those listed before it.
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("core", frozenset({"", "text", "align", "scoring", "checks", "formats", "qa", "compare", "effort"})),
    ("store", frozenset({"store"})),
    ("review", frozenset({"review"})),
    ("cli", frozenset({"cli", "__main__"})),
    ("app", frozenset({"app"})),
)


def _layer(package: str) -> int:
    """Index in LAYERS of a first-level name under review_app (a module file counts as the kernel)."""
    for index, (_name, members) in enumerate(LAYERS):
        if package in members:
            return index
    return 0  # a kernel module such as review_app.errors


def _module_package(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else ("__main__" if path.stem == "__main__" else "")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_imports_only_its_layer_and_those_below(path: Path) -> None:
    own = _layer(_module_package(path))
    for name in _imports(path):
        top = name.split(".")[0]
        if top == "streamlit":
            assert LAYERS[own][0] == "app", f"{path.name} imports streamlit outside app/"
        if top != "review_app" or name == "review_app":
            continue
        parts = name.split(".")
        target = _layer(parts[1] if len(parts) > 1 and (PACKAGE / parts[1]).is_dir() else "")
        if parts[1:2] == ["app"]:
            assert LAYERS[own][0] == "app", f"{path.relative_to(PACKAGE)} imports {name}: nothing imports app/"
        assert target <= own, (f"{path.relative_to(PACKAGE)} ({LAYERS[own][0]}) imports {name} "
                               f"({LAYERS[target][0]}), a layer above it")


def test_every_first_level_package_has_a_layer() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assigned = set().union(*(members for _name, members in LAYERS))
    assert packages <= assigned, f"packages without a layer: {sorted(packages - assigned)}"
