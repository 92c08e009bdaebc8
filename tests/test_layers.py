"""The architecture, as a test: the import graph of smartaward/ has no cycle, and nothing in the core
imports the command line, a renderer, typer, rich or click.

Every import counts, also those inside functions (the core imports lazily for speed) and under
TYPE_CHECKING: a layer that needs another's types depends on it. Data flows one way:

    text, model → reading, writing → judging → checks → awards → publishing, importing, assigning → api → render → cli
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "smartaward"

# The core: everything but the command line, the renderers, the entry point and the docs generator.
SHELL = ("smartaward.cli", "smartaward.render", "smartaward.__main__", "smartaward.codedocs")
FORBIDDEN_IN_CORE = ("typer", "rich", "click", "smartaward.cli", "smartaward.render")

# Layers, lowest first: a module may import its own layer and the layers below, never above.
LAYERS = [
    ("smartaward.diagnostics", "smartaward.interrupts", "smartaward.text"),
    ("smartaward.model",),
    ("smartaward.reading", "smartaward.writing"),
    ("smartaward.judging",),
    ("smartaward.checks",),  # the checks report what judging applied (J404, J412...): they score the cycle
    ("smartaward.awards",),
    ("smartaward.importing", "smartaward.publishing", "smartaward.assigning"),
    ("smartaward.api",),
    ("smartaward.render", "smartaward.codedocs"),
    ("smartaward.cli",),
    ("smartaward.__main__",),
]


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(path, root): path for path in sorted(root.rglob("*.py"))}


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Every module `name` imports: absolute names; `from package import module` names the module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([node.module] if node.module else []))
            submodules = {f"{base}.{alias.name}" for alias in node.names} & known
            found.update(submodules or {base})
    return found


def graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    found = modules(root)
    known = set(found)
    return {name: imports(name, path, known) for name, path in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start] & edges.keys())))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child] & edges.keys()))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
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


def layer_of(name: str) -> int | None:
    for level, prefixes in enumerate(LAYERS):
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return level
    return None


def in_any(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_the_import_graph_has_no_cycle() -> None:
    assert cycles(graph()) == []


def test_the_core_imports_neither_the_command_line_nor_a_renderer() -> None:
    wrong = {name: sorted(i for i in targets if in_any(i, FORBIDDEN_IN_CORE))
             for name, targets in graph().items() if not in_any(name, SHELL)}
    assert {name: found for name, found in wrong.items() if found} == {}


def test_every_module_has_a_layer_and_imports_none_above_it() -> None:
    edges = graph()
    assert [name for name in edges if name != "smartaward" and layer_of(name) is None] == []
    upward = [(name, target) for name, targets in edges.items() for target in sorted(targets)
              if target.startswith("smartaward.") and (layer_of(name) or 0) < (layer_of(target) or 0)]
    assert upward == []


def test_the_package_root_imports_nothing_eagerly() -> None:
    """`import smartaward` (and `smartaward --help`) must stay cheap: the API is imported on use."""
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    top_level = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    assert all(isinstance(n, ast.ImportFrom) and n.module in ("__future__", "typing") for n in top_level)


# --- the checker itself catches what it must -----------------------------------------------------

def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "smartaward"
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_cycle_through_a_function_level_import_is_found(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"__init__.py": "", "a.py": "from smartaward import b\n",
                            "b.py": "def f():\n    from smartaward.a import x\n", "c.py": "import smartaward.a\n"})
    assert cycles(graph(root)) == [["smartaward.a", "smartaward.b"]]


def test_a_relative_import_of_a_sibling_is_resolved(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"__init__.py": "", "p/__init__.py": "", "p/a.py": "from . import b\nfrom .b import y\n",
                            "p/b.py": "from ..q import z\n", "q.py": ""})
    edges = graph(root)
    assert edges["smartaward.p.a"] == {"smartaward.p.b"}
    assert edges["smartaward.p.b"] == {"smartaward.q"}


@pytest.mark.parametrize("statement", ["import rich.table", "from typer import Exit", "from smartaward.cli.common import app",
                                       "from smartaward.render import tables"])
def test_a_core_module_that_imports_the_shell_is_caught(tmp_path: Path, statement: str) -> None:
    root = _tree(tmp_path, {"__init__.py": "", "cli/__init__.py": "", "cli/common.py": "", "render/__init__.py": "",
                            "render/tables.py": "", "judging/__init__.py": "",
                            "judging/scoring.py": f"def f():\n    {statement}\n"})
    edges = graph(root)
    assert [i for i in edges["smartaward.judging.scoring"] if in_any(i, FORBIDDEN_IN_CORE)] != []
