"""A status changes only through eig/core/workflow.py: this test reads every module of
eig/ and names the file and line of any other place that writes one.

It finds an assignment to ``<x>.status`` (or to any registered workflow's status field),
``setattr(x, "status", ...)``, and ``.update(status=...)`` or ``.update(**{"status": ...})``.
Creating a row in its initial state (``create(status=...)``) is not a change.
"""

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path

from eig.core.workflow import workflows_registered

ROOT = Path(__file__).resolve().parents[2]
APPLICATION = ROOT / "eig"
# The one module allowed to write a status.
HELPER = APPLICATION / "core" / "workflow.py"


def status_fields() -> frozenset[str]:
    return frozenset(
        {"status"} | {r.workflow.status_field for r in workflows_registered().values()}
    )


class _Finder(ast.NodeVisitor):
    def __init__(self, fields: frozenset[str]) -> None:
        self.fields = fields
        self.findings: list[tuple[int, str]] = []

    def _targets(self, target: ast.expr) -> Iterator[ast.Attribute]:
        if isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                yield from self._targets(element)
        elif isinstance(target, ast.Attribute) and target.attr in self.fields:
            yield target

    def _assigned(self, targets: Iterable[ast.expr]) -> None:
        for target in targets:
            for attribute in self._targets(target):
                self.findings.append((attribute.lineno, f"assigns .{attribute.attr}"))

    def visit_Assign(self, node: ast.Assign) -> None:
        self._assigned(node.targets)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._assigned([node.target])
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self._assigned([node.target])
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        function = node.func
        if isinstance(function, ast.Name) and function.id == "setattr" and len(node.args) >= 2:
            name = node.args[1]
            if isinstance(name, ast.Constant) and name.value in self.fields:
                self.findings.append((node.lineno, f'setattr(…, "{name.value}", …)'))
        if isinstance(function, ast.Attribute) and function.attr == "update":
            for keyword in node.keywords:
                if keyword.arg in self.fields:
                    self.findings.append((node.lineno, f".update({keyword.arg}=…)"))
                elif keyword.arg is None and isinstance(keyword.value, ast.Dict):
                    for key in keyword.value.keys:
                        if isinstance(key, ast.Constant) and key.value in self.fields:
                            self.findings.append((node.lineno, f'.update(**{{"{key.value}": …}})'))
        self.generic_visit(node)


def status_writes(source: str, fields: frozenset[str] = frozenset({"status"})) -> list[str]:
    """« line: what » for each status written in ``source``."""
    finder = _Finder(fields)
    finder.visit(ast.parse(source))
    return [f"{line}: {what}" for line, what in sorted(finder.findings)]


def _modules() -> Iterator[Path]:
    for path in sorted(APPLICATION.rglob("*.py")):
        if "migrations" in path.parts or path == HELPER:
            continue
        yield path


def test_no_status_changes_outside_the_workflow_helper(db):
    fields = status_fields()
    findings = [
        f"{path.relative_to(ROOT)}:{finding}"
        for path in _modules()
        for finding in status_writes(path.read_text(), fields)
    ]
    assert findings == [], (
        "Change a status through eig.core.workflow.transition_apply (or "
        "transition_apply_many), after declaring the move in the workflow's table:\n"
        + "\n".join(findings)
    )


def test_the_finder_names_each_way_of_writing_a_status():
    source = """
def change(obj, rows, other):
    obj.status = "x"
    obj.name, other.status = "a", "b"
    setattr(obj, "status", "y")
    rows.update(status="z")
    rows.filter(status="a").update(**{"status": "w"})
    rows.create(status="initial")
    obj.decision = "yes"
"""
    assert status_writes(source) == [
        "3: assigns .status",
        "4: assigns .status",
        '5: setattr(…, "status", …)',
        "6: .update(status=…)",
        '7: .update(**{"status": …})',
    ]
    assert status_writes(source, frozenset({"status", "decision"}))[-1] == "9: assigns .decision"
