"""The layers of the package (docs/architecture.md): nothing imports upward, no import circles.

Every ``import`` of a compliance module is read with ``ast`` from every file of the package, also the
imports inside functions and under ``if TYPE_CHECKING``, so a lazy import does not hide a dependency.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "compliance"

#: bottom to top; a module's layer is that of its first name under ``compliance`` (the package itself is 0)
LAYERS = {
    "foundation": 0, "io": 1, "engine": 2, "domain": 3, "api": 4, "surface": 5,
}
FIRST_NAME = {
    "": "foundation", "vocab": "foundation", "errors": "foundation", "model": "foundation", "calendar": "foundation",
    "i18n": "foundation",
    "io": "io",
    "engine": "engine", "formula": "engine",
    "api": "api",
    "cli": "surface", "web": "surface", "__main__": "surface",
}
#: what each layer may import (PLAN.md's table); every other layer is "domain"
MAY_IMPORT = {
    "foundation": {"foundation"},
    "io": {"foundation", "io"},
    "engine": {"foundation", "io", "engine"},
    "domain": {"foundation", "io", "engine", "domain"},
    "api": {"foundation", "io", "engine", "domain", "api"},
    "surface": {"foundation", "io", "api", "surface"},
}
#: circles measured in issue 10 that another helper is removing; the lead empties this list at merge
ALLOWED_CIRCLES: list[set[str]] = []


def modules() -> dict[str, tuple[Path, bool]]:
    """Dotted module name → (file, is a package ``__init__``)."""
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        out[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return out


def imports(name: str, path: Path, is_package: bool, known: set[str]) -> set[str]:
    """The compliance modules ``name`` imports anywhere in its file (``from m import x`` counts as
    importing ``m.x`` when that is a module, else ``m``)."""
    package = name if is_package else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == "compliance")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "compliance":
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                out.add(sub if sub in known else target)
    return {m for m in out if m != name}


def layer(name: str) -> str:
    parts = name.split(".")
    return FIRST_NAME.get(parts[1] if len(parts) > 1 else "", "domain")


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    edges = {name: imports(name, path, is_package, known) for name, (path, is_package) in found.items()}
    unknown = sorted(f"{a} → {b}" for a, targets in edges.items() for b in targets if b not in known)
    assert not unknown, f"imports of compliance modules that do not exist: {unknown}"
    return edges


def circles(edges: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def test_the_walk_sees_lazy_and_relative_imports(tmp_path):
    pkg = tmp_path / "compliance" / "x"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from compliance.x import b\n"
                              "def f():\n    from .c import g\n    import compliance.vocab\n")
    known = {"compliance.x", "compliance.x.a", "compliance.x.b", "compliance.x.c", "compliance.vocab"}
    assert imports("compliance.x.a", pkg / "a.py", False, known) == {"compliance.x.b", "compliance.x.c",
                                                                    "compliance.vocab"}


def test_circles_are_found():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert circles(edges) == [{"a", "b", "c"}]


def test_every_module_has_a_layer(graph):
    assert layer("compliance") == "foundation" and layer("compliance.model.rules") == "foundation"
    assert layer("compliance.engine.conditions.sql") == "engine" and layer("compliance.check") == "domain"
    assert layer("compliance.api.rounds") == "api" and layer("compliance.cli.papi") == "surface"
    assert {layer(m) for m in graph} == set(LAYERS)


def test_nothing_imports_upward_or_skips_to_the_domain(graph):
    wrong = sorted(f"{a} ({layer(a)}) imports {b} ({layer(b)})" for a, targets in graph.items() for b in targets
                   if layer(b) not in MAY_IMPORT[layer(a)])
    assert not wrong, "imports against the layers (see docs/architecture.md):\n" + "\n".join(wrong)


def test_no_import_circles(graph):
    found = [c for c in circles(graph) if c not in ALLOWED_CIRCLES]
    assert not found, "import circles: " + "; ".join(" ↔ ".join(sorted(c)) for c in found)


def test_each_folder_says_what_lives_there_and_what_it_may_import():
    missing = []
    for init in sorted(PACKAGE.rglob("__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        if "Layer:" not in doc or "import" not in doc:
            missing.append(str(init.relative_to(PACKAGE.parent)))
    assert not missing, f"__init__ docstrings without 'Layer: …' and what the folder may import: {missing}"


def test_help_imports_no_heavy_library():
    code = ("import sys\nfrom compliance.cli import cli\n"
            "try:\n    cli.main(['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('duckdb', 'openpyxl', 'durable', 'durable_rules_engine', 'tabulate') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_api_names_resolve_and_do_not_shadow_its_modules():
    import compliance.api as api

    submodules = {p.stem for p in (PACKAGE / "api").glob("*.py")} - {"__init__"}
    assert not set(api.__all__) & submodules
    for name in api.__all__:
        assert getattr(api, name) is not None, name
    with pytest.raises(AttributeError):
        api.no_such_function  # noqa: B018
