"""Write every registered workflow into README.md as Markdown tables, between the
``<!-- workflows:start -->`` and ``<!-- workflows:end -->`` markers; ``--check`` only
says whether the README is up to date (exit status 1 when it is not)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from eig.core.workflow import SYSTEM, RegisteredWorkflow, workflows_registered

START = "<!-- workflows:start -->"
END = "<!-- workflows:end -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _who(role: str) -> str:
    # The roles' names from the user model's choices: core imports no domain app.
    labels = dict(get_user_model()._meta.get_field("role").flatchoices)
    return "la plateforme" if role == SYSTEM else str(labels[role])


def workflow_table(registered: RegisteredWorkflow) -> str:
    choices = registered.status_choices
    order = list(choices.values)

    def status(value: str) -> str:
        return str(choices(value).label)

    def statuses(values: tuple[str, ...]) -> str:
        # In the statuses' own order: a transition's sources may come from a set.
        return ", ".join(status(value) for value in sorted(values, key=order.index))

    lines = [
        f"### {registered.title}",
        "",
        "| transition | depuis | vers | qui | message requis |",
        "| --- | --- | --- | --- | --- |",
    ]
    for transition in registered.workflow.transitions:
        cells = (
            transition.label,
            statuses(transition.sources),
            status(transition.target),
            ", ".join(_who(role) for role in transition.roles),
            "oui" if transition.message_required else "non",
        )
        lines.append("| " + " | ".join(_cell(str(cell)) for cell in cells) + " |")
    return "\n".join(lines)


def workflow_tables() -> str:
    registered = sorted(workflows_registered().values(), key=lambda r: r.name)
    return "\n\n".join(workflow_table(r) for r in registered)


def readme_with_tables(readme: str) -> str:
    before, start, rest = readme.partition(START)
    _old, end, after = rest.partition(END)
    if not start or not end:
        raise CommandError(f"Le README n’a pas les repères {START} et {END}.")
    return f"{before}{START}\n{workflow_tables()}\n{END}{after}"


class Command(BaseCommand):
    help = (
        "Écrit les cycles de vie déclarés (eig/*/workflow.py) dans le README, en tableaux ; "
        "--check dit seulement s’il est à jour."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true")
        parser.add_argument("--readme", type=Path, default=Path(settings.BASE_DIR) / "README.md")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["readme"]
        current = path.read_text()
        generated = readme_with_tables(current)
        if options["check"]:
            if generated != current:
                raise CommandError(
                    f"{path} ne montre pas les cycles de vie du code : lancez "
                    "« manage.py workflow_tables ».",
                    returncode=1,
                )
            return
        if generated != current:
            path.write_text(generated)
        self.stdout.write(f"Cycles de vie écrits dans {path}.")
