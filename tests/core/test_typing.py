"""Where the rules live (services, selectors, workflows), whoever acts is typed: a
``User``, a visitor, or ``None`` for the platform, never ``Any``. mypy (strict on those
modules, see pyproject.toml) checks the rest."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "eig"
ACTOR_NAMES = {"by", "user", "actor", "reviewer", "coach", "agent", "staff"}


def rule_modules() -> list[Path]:
    found = []
    for path in ROOT.rglob("*.py"):
        parts = set(path.relative_to(ROOT).with_suffix("").parts)
        stem = path.stem
        if "migrations" in parts:
            continue
        if (
            parts & {"services", "selectors", "workflow", "workflows"}
            or stem.endswith(("_services", "_selectors"))
            or stem.startswith(("services_", "selectors_"))
        ):
            found.append(path)
    return sorted(found)


def untyped_actors(source: str) -> list[str]:
    """``function(parameter)`` for each actor parameter annotated Any or not at all."""
    findings = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        arguments = node.args
        for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
            if argument.arg not in ACTOR_NAMES:
                continue
            annotation = ast.unparse(argument.annotation) if argument.annotation else ""
            if annotation in {"", "Any", "Any | None", "typing.Any", "object"}:
                findings.append(f"{node.name}({argument.arg}: {annotation or '?'})")
    return findings


def test_the_check_finds_an_actor_typed_any():
    source = "def offer_make(*, offer, by: Any) -> None: ...\ndef ok(*, by: User) -> None: ..."
    assert untyped_actors(source) == ["offer_make(by: Any)"]


def test_the_rule_modules_are_found():
    names = {path.relative_to(ROOT).as_posix() for path in rule_modules()}
    assert "core/workflow.py" in names
    assert "challenges/services.py" in names or "challenges/services/challenges.py" in names


def test_no_service_selector_or_workflow_types_its_actor_as_any():
    findings = [
        f"{path.relative_to(ROOT)}: {finding}"
        for path in rule_modules()
        for finding in untyped_actors(path.read_text())
    ]
    assert findings == []
