"""The house rules of docs/architecture.md, checked on the code: every module imports on its
own (no import cycle), imports go down the stages, and no function-level import of the
project's own modules hides a cycle (the one kind allowed defers a heavy third-party import)."""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "handan_kg"

# The stages from the bottom up; a package may import its own and lower layers only.
LAYERS = [
    {"errors", "resources", "namespaces", "facts", "rdflib_logging", "closure"},
    {"parse", "write"},
    {"extract"},
    {"rdf"},
    {"validate"},
    {"corpus", "store", "quality"},
    {"link", "publish"},
    {"commands"},  # the command handlers: the only code besides cli.py that prints
    {"cli", "__main__"},
]
LAYER = {name: i for i, names in enumerate(LAYERS) for name in names}
# Within one layer, these packages may not import each other (siblings, not floors).
SIBLINGS_APART = [{"corpus", "store", "quality"}, {"link", "publish"}, {"parse", "write"}]


def modules() -> list[str]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        out.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return out


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "handan_kg"


def imports(module: str) -> list[tuple[str, bool]]:
    """(imported project module, whether the import is inside a function) of `module`."""
    path = SRC.joinpath(*module.split("."))
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, nested: bool) -> None:
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("handan_kg"):
            names = [node.module] if node.module != "handan_kg" else [f"handan_kg.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.startswith("handan_kg")]
        found.extend((name, nested) for name in names)
        inner = nested or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


@pytest.mark.parametrize("module", [m for m in modules() if m != "handan_kg.__main__"])  # that one runs the CLI
def test_every_module_imports_on_its_own(module: str) -> None:
    saved = {name: mod for name, mod in sys.modules.items() if name.startswith("handan_kg")}
    for name in saved:
        del sys.modules[name]
    try:
        importlib.import_module(module)
    finally:
        for name in [n for n in sys.modules if n.startswith("handan_kg")]:
            del sys.modules[name]
        sys.modules.update(saved)


def test_imports_go_down_the_stages() -> None:
    wrong = []
    for module in modules():
        here = stage(module)
        for imported, _ in imports(module):
            there = stage(imported)
            if here == there or here == "handan_kg" or there == "__version__":
                continue
            if there not in LAYER or here not in LAYER:
                wrong.append(f"{module} -> {imported}: a stage the layers do not know")
            elif LAYER[there] > LAYER[here] or (LAYER[there] == LAYER[here] and any({here, there} <= s for s in SIBLINGS_APART)):
                wrong.append(f"{module} -> {imported}")
    assert not wrong, "imports that go up or sideways:\n" + "\n".join(wrong)


def test_only_the_cli_defers_imports_of_the_project() -> None:
    """A function-level import of a project module is how a cycle hides; the CLI defers its
    command modules on purpose (start-up time), and one deferred import that keeps rdflib off
    the query path is allowed by name."""
    allowed = {("handan_kg.store.query", "handan_kg.write.serialize")}
    nested = [(m, i) for m in modules() if stage(m) != "cli" for i, inside in imports(m) if inside]
    assert set(nested) <= allowed, nested


def test_only_the_cli_and_the_commands_write_to_the_terminal() -> None:
    """Library code returns results and raises the project's exceptions; printing, writing to
    sys.stdout / sys.stderr and rich consoles belong to cli.py and the command handlers."""
    loud = []
    for module in modules():
        if stage(module) in ("cli", "commands", "__main__"):
            continue
        path = SRC.joinpath(*module.split("."))
        path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("print", "Console"):
                loud.append(f"{module}:{node.lineno}: {node.func.id}()")
            elif isinstance(node, ast.Attribute) and node.attr in ("stdout", "stderr") and isinstance(node.value, ast.Name) and node.value.id == "sys":
                loud.append(f"{module}:{node.lineno}: sys.{node.attr}")
    assert not loud, "library code that writes to the terminal:\n" + "\n".join(loud)
