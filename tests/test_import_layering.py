"""gxtables' modules import one another one way only: no import circle, not even through an
import made at call time, and no module loaded by name through importlib.

The graph is read from the source (the AST of every ``gxtables/**/*.py``): each relative
import — at module level or inside a function — is an edge; imports under
``if TYPE_CHECKING:`` are not (they never run; the annotations they serve are strings).
"""

from __future__ import annotations

import ast
from pathlib import Path

import gxtables

PACKAGE = Path(gxtables.__file__).parent

#: Call-time edges that still close a circle, each in modules another branch is reorganising
#: (the readers split, issue 13 item 4). Remove an entry once its edge is gone.
KNOWN_BACK_EDGES = {
    # the text reader's flow mode: _flow imports the dialect helpers of _text at module level
    ("gxtables._readers._text", "gxtables._readers._flow"),
}

#: Modules allowed to call ``importlib.import_module``: the readers' dispatch table, which
#: imports a reader only when its format is met.
IMPORTLIB_ALLOWED: set[str] = set()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, tuple[Path, ast.Module]]:
    return {_module_name(p): (p, ast.parse(p.read_text(encoding="utf-8"), str(p)))
            for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imports(tree: ast.AST) -> list[ast.ImportFrom | ast.Import]:
    """Every import statement, outside ``if TYPE_CHECKING:`` blocks."""
    found: list[ast.ImportFrom | ast.Import] = []
    for node in ast.iter_child_nodes(tree):
        if _is_type_checking(node):
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        found.extend(_imports(node))
    return found


def _graph() -> dict[str, set[str]]:
    sources = _sources()
    graph: dict[str, set[str]] = {name: set() for name in sources}
    for name, (path, tree) in sources.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in _imports(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names if a.name.startswith("gxtables")]
            elif node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
                targets = [module] + [f"{module}.{a.name}" for a in node.names]
            elif node.module and node.module.startswith("gxtables"):
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            graph[name].update(t for t in targets if t in sources and t != name)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle (``[a, b, ..., a]``), or ``None``."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return None


def test_the_graph_sees_the_package() -> None:
    graph = _graph()
    assert "gxtables._records" in graph and "gxtables._readers._pdf" in graph
    # a top-level and a call-time import are both edges; a TYPE_CHECKING one is not
    assert "gxtables._display" in graph["gxtables._records"]
    assert "gxtables._dask" in graph["gxtables._cli_extract"]
    assert "gxtables._records" not in graph["gxtables._display"]


def test_no_import_circle() -> None:
    graph = _graph()
    for source, target in KNOWN_BACK_EDGES:
        graph.get(source, set()).discard(target)
    cycle = _cycle(graph)
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_records_import_nothing_that_imports_them() -> None:
    """The records are the bottom layer of the output side: what shows, exports or parses
    them is imported by them, never the reverse."""
    graph = _graph()
    below: set[str] = set()
    todo = ["gxtables._records"]
    while todo:
        for nxt in graph[todo.pop()] - below:
            below.add(nxt)
            todo.append(nxt)
    assert "gxtables._records" not in below
    assert {"gxtables._display", "gxtables._frames", "gxtables._parse"} <= below


def test_no_module_is_imported_by_name() -> None:
    offenders = []
    for name, (_path, tree) in _sources().items():
        if name in IMPORTLIB_ALLOWED:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "import_module":
                offenders.append(name)
    assert not offenders, f"importlib.import_module outside the readers' table: {offenders}"
