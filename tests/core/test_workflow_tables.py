"""The README's lifecycle tables are generated from the workflows' tables, and cannot drift."""

import pytest
from django.core.management import CommandError, call_command

from eig.core.management.commands.workflow_tables import END, START


def test_the_readme_shows_the_workflows_of_the_code():
    call_command("workflow_tables", "--check")


def test_a_readme_that_differs_from_the_code_fails_the_check_and_is_rewritten(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# EIG\n\n{START}\n| old | table |\n{END}\n\nThe end.\n")
    with pytest.raises(CommandError) as raised:
        call_command("workflow_tables", "--check", readme=readme)
    assert raised.value.returncode == 1
    call_command("workflow_tables", readme=readme)
    text = readme.read_text()
    assert "| old | table |" not in text
    assert text.startswith("# EIG\n\n")
    assert text.endswith(f"{END}\n\nThe end.\n")
    assert "### Candidature" in text
    assert "| Déposer la candidature | Brouillon | Déposée | Candidat·e | non |" in text
    assert (
        "| Retenir le défi | Déposé, En investigation | Retenu | Équipe du programme | oui |"
        in text
    )
    call_command("workflow_tables", "--check", readme=readme)


def test_a_readme_without_the_markers_is_refused(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# EIG\n")
    with pytest.raises(CommandError, match="repères"):
        call_command("workflow_tables", readme=readme)
