"""The package's stages depend only downwards, and no modules import each other in a cycle.

Every module under ``generator/`` is parsed with ``ast`` (nothing is imported), so the test sees
imports inside functions too: they are still dependencies, only deferred. Stages from low to
high:

    base: the shared top-level modules (generator's ``__init__``, generator.errors,
          generator.escape, generator.layout, ...), generator.i18n.*, generator.source.*
    generator.model < generator.project < generator.facts < generator.structured
          < generator.captions < generator.notifications < generator.render < generator.site
          < generator.commands

A module may import from its own stage or any lower one. Every top-level module is shared
(base) except ``generator.__main__``, the ``python -m generator`` entry point, which belongs
with the commands; a new top-level module that needs a higher stage fails the direction check.
Imports under ``if TYPE_CHECKING:`` never run, so they are left out of the cycle check, but they
still count for the direction check (an annotation naming a higher stage is a dependency on it).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "generator"

BASE = 0
STAGES = ["model", "project", "facts", "structured", "captions", "notifications", "render",
          "site", "commands"]
BASE_PACKAGES = {"generator.i18n", "generator.source"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def rank(module: str) -> int:
    """0 for the base, then 1 (model) to 9 (commands); KeyError for a module in no stage."""
    if module == "generator.__main__":
        return len(STAGES)
    if any(module == package or module.startswith(package + ".") for package in BASE_PACKAGES):
        return BASE
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in STAGES:
        return STAGES.index(parts[1]) + 1
    if len(parts) == 1 or (len(parts) == 2 and not (PACKAGE / parts[1]).is_dir()):
        return BASE  # generator/__init__.py and the other shared top-level modules
    raise KeyError(module)


def stage_name(module: str) -> str:
    level = rank(module)
    return "base" if level == BASE else STAGES[level - 1]


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    file: str
    line: int
    type_checking: bool
    via_package: bool = False
    """The target is a package whose ``__init__`` runs because a module inside it is imported."""

    def __str__(self) -> str:
        note = " [TYPE_CHECKING]" if self.type_checking else ""
        return (f"{self.file}:{self.line}: {self.source} ({stage_name(self.source)}) -> "
                f"{self.target} ({stage_name(self.target)}){note}")


def all_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST, module: str, is_package: bool
             ) -> Iterator[tuple[str, int, bool]]:
    """(imported name, line, under TYPE_CHECKING) for every import anywhere in the tree."""

    def visit(node: ast.AST, guarded: bool) -> Iterator[tuple[str, int, bool]]:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                yield from visit(child, True)
            for child in node.orelse:
                yield from visit(child, guarded)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno, guarded
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = module if is_package else module.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{node.module}" if node.module else package
            else:
                base = node.module or ""
            for alias in node.names:
                # ``from generator.i18n import formatting`` imports a submodule; ``from
                # generator.errors import Problem`` a name. Both are tried below.
                yield f"{base}.{alias.name}", node.lineno, guarded
                yield base, node.lineno, guarded
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "import_module" and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            yield node.args[0].value, node.lineno, guarded
        for child in ast.iter_child_nodes(node):
            yield from visit(child, guarded)

    yield from visit(tree, False)


@cache
def import_edges() -> tuple[Edge, ...]:
    modules = all_modules()
    edges: set[Edge] = set()
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        shown = path.relative_to(REPO).as_posix()
        own_packages = {".".join(module.split(".")[:i]) for i in range(1, module.count(".") + 1)}
        for name, line, guarded in _imports(tree, module, path.name == "__init__.py"):
            # Only names of our own modules count (not third-party ones, not plain attributes).
            target = name if name in modules else None
            if target is None or target == module:
                continue
            # Importing a module runs its packages' __init__ first: those are dependencies
            # too, except the packages that contain the importing module (already loaded).
            edges.add(Edge(module, target, shown, line, guarded))
            parts = target.split(".")
            for i in range(1, len(parts)):
                package = ".".join(parts[:i])
                if package in modules and package not in own_packages:
                    edges.add(Edge(module, package, shown, line, guarded, via_package=True))
    return tuple(sorted(edges, key=lambda e: (e.file, e.line, e.target, e.via_package)))


def cycles(edges: list[Edge] | tuple[Edge, ...]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), sorted."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.source, set()).add(edge.target)
        graph.setdefault(edge.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph[node]):
            if succ not in index:
                connect(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
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

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return sorted(found)


# -- the tests -------------------------------------------------------------------------------


def test_every_module_belongs_to_a_stage() -> None:
    unplaced = []
    for module in all_modules():
        try:
            rank(module)
        except KeyError:
            unplaced.append(module)
    assert unplaced == [], ("modules in a package that is no stage (move them into a stage "
                            f"folder or add the package to this test's stages): {unplaced}")


def test_the_parser_sees_imports_of_every_kind() -> None:
    """The checks below can fail: known module-level, deferred and from-package imports."""
    found = {(e.source, e.target) for e in import_edges()}
    modules = all_modules()
    assert len(modules) > 40
    # module level: ``from generator.model.market import Market``
    assert ("generator.project.load", "generator.model.market") in found
    # inside a function: ``from generator.project.validate import check_project``
    assert ("generator.project.load", "generator.project.validate") in found
    # a submodule imported from its package: ``from generator.i18n import formatting``
    assert ("generator.render.markdown", "generator.i18n.formatting") in found
    # the entry point reaches the command line
    assert any(s == "generator.__main__" and t.startswith("generator.commands")
               for s, t in found)


def upward_edges() -> list[Edge]:
    """Imports from a lower stage to a higher one (a package's implicit ``__init__`` left out:
    it is in the same stage as the module imported from it)."""
    return [edge for edge in import_edges()
            if not edge.via_package and rank(edge.target) > rank(edge.source)]


def report(edges: list[Edge]) -> str:
    return ("imports from a lower stage to a higher one (order: base < " + " < ".join(STAGES)
            + "):\n" + "\n".join(str(edge) for edge in edges))


def test_no_stage_imports_from_a_higher_stage() -> None:
    upward = upward_edges()
    assert upward == [], report(upward)


def shortest_cycle(start: str, edges: list[Edge]) -> list[Edge]:
    """The fewest imports leading from ``start`` back to itself (breadth first)."""
    paths: dict[str, list[Edge]] = {start: []}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for edge in edges:
            if edge.source != node:
                continue
            if edge.target == start:
                return [*paths[node], edge]
            if edge.target not in paths:
                paths[edge.target] = [*paths[node], edge]
                queue.append(edge.target)
    return []


def test_no_import_cycles() -> None:
    edges = [edge for edge in import_edges() if not edge.type_checking]
    found = cycles(edges)
    details = []
    for component in found:
        loop = shortest_cycle(component[0], edges)
        details.append(f"{len(component)} modules import each other, e.g.:\n"
                       + "\n".join(f"  {edge}" for edge in loop))
    assert found == [], "import cycles:\n" + "\n".join(details)


def test_the_cycle_finder_finds_a_cycle() -> None:
    def edge(source: str, target: str) -> Edge:
        return Edge(source, target, "x.py", 1, False)

    assert cycles([edge("generator.errors", "generator.escape"),
                   edge("generator.escape", "generator.layout"),
                   edge("generator.layout", "generator.errors"),
                   edge("generator.layout", "generator.i18n.locales")]) == [
        ["generator.errors", "generator.escape", "generator.layout"]]
    assert cycles([edge("generator.errors", "generator.escape")]) == []
