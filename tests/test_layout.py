"""The code's layout holds: no import inside a function but the few listed with their
reason, no import cycle among eig's modules, and core imports no domain app.

Read with ``ast`` (never by importing), so that a cycle Python happens to survive in one
import order still fails here. Each check is tried on a small synthetic package too, to
prove it can fail.
"""

import ast
import pathlib
import textwrap
from collections.abc import Iterator

import eig

EIG_ROOT = pathlib.Path(eig.__file__).parent

# Imports left inside a function on purpose: (module, imported module) → why.
LAZY_IMPORTS = {
    ("eig.accounts.management.commands.run_local_oidc_provider", "oidc_provider_mock"): (
        "a development dependency: the command says how to install it when it is missing"
    ),
    ("eig.accounts.management.commands.run_local_oidc_provider", "werkzeug.serving"): (
        "comes with oidc-provider-mock, a development dependency"
    ),
    ("eig.contracts.services.contracts", "eig.contracts.documents"): (
        "WeasyPrint is slow to import and only the documents job needs it"
    ),
    ("eig.core.apps", "eig.core.public_cache"): "AppConfig.ready: the registry is ready",
    ("eig.core.observability", "sentry_sdk"): "loaded only where SENTRY_DSN is set",
    ("eig.impact.apps", "eig.candidacies.privacy"): "AppConfig.ready: the registry is ready",
    ("eig.impact.apps", "eig.impact.surveys"): "AppConfig.ready: the registry is ready",
    ("eig.selection.apps", "eig.candidacies.privacy"): "AppConfig.ready: the registry is ready",
    ("eig.selection.apps", "eig.selection.privacy"): "AppConfig.ready: the registry is ready",
}

# Domain apps may import core; core imports none of them (accounts included).
CORE = "eig.core"


def modules_of(root: pathlib.Path, package: str) -> dict[str, pathlib.Path]:
    """Every module of ``package`` (found at ``root``) by dotted name, migrations aside."""
    modules = {}
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).with_suffix("")
        if "migrations" in relative.parts:
            continue
        parts = [package, *relative.parts]
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_in(tree: ast.AST) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Each import with whether it sits in a function; ``if TYPE_CHECKING:`` left out."""

    def visit(
        node: ast.AST, in_function: bool
    ) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                yield child, in_function
            elif isinstance(child, ast.If) and _is_type_checking(child):
                yield from visit(ast.Module(body=child.orelse, type_ignores=[]), in_function)
            else:
                functions = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
                yield from visit(child, in_function or isinstance(child, functions))

    yield from visit(tree, False)


def imported_names(node: ast.Import | ast.ImportFrom, modules: dict[str, pathlib.Path]) -> set[str]:
    """What an import statement imports: ``from a import b`` is ``a.b`` when that is a module."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names}
    if node.level or node.module is None:
        return set()
    found = {node.module}
    for alias in node.names:
        if f"{node.module}.{alias.name}" in modules:
            found.add(f"{node.module}.{alias.name}")
    return found


def function_level_imports(modules: dict[str, pathlib.Path]) -> dict[tuple[str, str], int]:
    """(module, imported module) → line, for every import inside a function."""
    found = {}
    for module, path in modules.items():
        for node, in_function in imports_in(ast.parse(path.read_text(), str(path))):
            if not in_function:
                continue
            names = imported_names(node, modules)
            # ``from eig.contracts import documents`` imports eig.contracts.documents.
            for name in names:
                if not any(other.startswith(name + ".") for other in names):
                    found[(module, name)] = node.lineno
    return found


def import_graph(
    modules: dict[str, pathlib.Path], *, with_functions: bool = False
) -> dict[str, set[str]]:
    """Module → the package's modules it imports when it is imported (with the packages
    that hold them, which Python imports first)."""
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        targets = set()
        for node, in_function in imports_in(ast.parse(path.read_text(), str(path))):
            if in_function and not with_functions:
                continue
            for name in imported_names(node, modules):
                parts = name.split(".")
                targets |= {
                    ".".join(parts[:end])
                    for end in range(1, len(parts) + 1)
                    if ".".join(parts[:end]) in modules
                }
        targets.discard(module)
        graph[module] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (a → … → a) per strongly connected group of modules (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def connect(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph.get(module, ())):
            if target not in index:
                connect(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(group)

    for module in sorted(graph):
        if module not in index:
            connect(module)
    return [_cycle_in(group, graph) for group in groups]


def _cycle_in(group: set[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest path from the group's first module back to itself, inside the group."""
    start = min(group)
    paths = {start: [start]}
    pending = [start]
    while pending:
        module = pending.pop(0)
        for target in sorted(graph[module] & group):
            if target == start:
                return [*paths[module], start]
            if target not in paths:
                paths[target] = [*paths[module], target]
                pending.append(target)
    raise AssertionError(f"no cycle through {start}")  # a strongly connected group has one


def upward_imports(graph: dict[str, set[str]], layer: str) -> list[str]:
    """The imports from ``layer``'s modules of modules of its parent package outside it."""
    parent = layer.rsplit(".", 1)[0]
    return sorted(
        f"{module} imports {target}"
        for module, targets in graph.items()
        if module == layer or module.startswith(layer + ".")
        for target in targets
        if target.startswith(parent + ".")
        and not (target == layer or target.startswith(layer + "."))
    )


# The project


def test_no_import_sits_in_a_function_but_the_listed_lazy_ones():
    found = function_level_imports(modules_of(EIG_ROOT, "eig"))

    unlisted = [
        f"{module}:{line} imports {name}"
        for (module, name), line in sorted(found.items())
        if (module, name) not in LAZY_IMPORTS
    ]
    assert unlisted == [], "import at the top of the module, or list it with its reason"
    assert set(LAZY_IMPORTS) <= set(found), "a listed lazy import is gone: unlist it"


def test_eig_modules_import_each_other_without_a_cycle():
    # Imports in functions count: a lazy import must not hide a cycle.
    found = cycles(import_graph(modules_of(EIG_ROOT, "eig"), with_functions=True))
    assert [" → ".join(cycle) for cycle in found] == []


def test_core_imports_no_domain_app():
    graph = import_graph(modules_of(EIG_ROOT, "eig"), with_functions=True)
    assert upward_imports(graph, CORE) == []


# Each check on a synthetic package: it can fail


def _package(tmp_path: pathlib.Path, files: dict[str, str]) -> dict[str, pathlib.Path]:
    root = tmp_path / "shop"
    for name, source in {"__init__.py": "", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))
    return modules_of(root, "shop")


def test_the_function_level_check_finds_an_import_in_a_method(tmp_path):
    modules = _package(
        tmp_path,
        {
            "orders.py": """
                import json
                from typing import TYPE_CHECKING

                if TYPE_CHECKING:
                    from shop import pay

                class Order:
                    def total(self):
                        from shop.pay import amount
                        return amount(self)
            """,
            "pay.py": "def amount(order):\n    return 1\n",
        },
    )

    assert function_level_imports(modules) == {("shop.orders", "shop.pay"): 10}


def test_the_cycle_check_names_the_cycle_and_ignores_function_and_type_checking_imports(
    tmp_path,
):
    modules = _package(
        tmp_path,
        {
            "a.py": "from shop import b\n",
            "b.py": "from shop.c import thing\n",
            "c.py": "import shop.a\nthing = 1\n",
            "d.py": "def later():\n    import shop.e\n",
            "e.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import shop.d\n",
        },
    )
    graph = import_graph(modules)

    assert cycles(graph) == [["shop.a", "shop.b", "shop.c", "shop.a"]]
    assert cycles(import_graph(modules, with_functions=True)) == [
        ["shop.a", "shop.b", "shop.c", "shop.a"]
    ]


def test_the_cycle_check_sees_a_package_that_re_exports_its_module(tmp_path):
    modules = _package(
        tmp_path,
        {
            "services/__init__.py": "from shop.services.orders import order_place\n",
            "services/orders.py": "from shop.services.pay import charge\n",
            "services/pay.py": "def charge():\n    pass\n",
        },
    )

    assert cycles(import_graph(modules)) == [
        ["shop.services", "shop.services.orders", "shop.services"]
    ]


def test_the_layer_check_finds_core_importing_a_domain_app_even_in_a_function(tmp_path):
    modules = _package(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/history.py": "import json\nfrom shop.core import money\n",
            "core/money.py": "def later():\n    from shop.orders.models import Order\n",
            "orders/__init__.py": "",
            "orders/models.py": "from shop.core.history import json\n",
        },
    )

    assert upward_imports(import_graph(modules, with_functions=True), "shop.core") == [
        "shop.core.money imports shop.orders",
        "shop.core.money imports shop.orders.models",
    ]
    assert upward_imports(import_graph(modules), "shop.core") == []
