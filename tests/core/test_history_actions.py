"""History actions: one enum, passed by every writer, and the stored values renamed to it."""

import ast
import importlib
from pathlib import Path

import pytest
from django.apps import apps

from eig.core.history import event_record
from eig.core.history_actions import HistoryAction
from eig.core.models import Event
from tests.factories import CandidacyFactory, ChallengeFactory, OrganisationFactory

RENAMING = importlib.import_module("eig.core.migrations.0003_history_actions")
EIG = Path(__file__).resolve().parents[2] / "eig"


def _strings_in(node: ast.expr) -> list[str]:
    return [
        child.value
        for child in ast.walk(node)
        if isinstance(child, ast.Constant) and isinstance(child.value, str)
    ] + ["f-string" for child in ast.walk(node) if isinstance(child, ast.JoinedStr)]


def test_no_history_line_is_written_with_a_string_literal():
    offenders = []
    for path in EIG.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name not in {"event_record", "Transition"}:
                continue
            for keyword in node.keywords:
                if keyword.arg == "action" and _strings_in(keyword.value):
                    offenders.append(f"{path.relative_to(EIG)}:{node.lineno}")
    assert offenders == []


def test_the_renaming_map_leads_to_members_and_reads_back_one_way():
    renamed = [*RENAMING.OLD_TO_NEW.values()]
    for renames in RENAMING.OLD_TO_NEW_BY_MODEL.values():
        renamed += renames.values()
        assert len(set(renames.values())) == len(renames)
    assert set(renamed) <= set(HistoryAction.values)
    assert len(set(RENAMING.OLD_TO_NEW.values())) == len(RENAMING.OLD_TO_NEW)
    assert not set(RENAMING.OLD_TO_NEW) & set(HistoryAction.values)
    assert RENAMING.action_renamed("candidacies.candidacy", "submit") == "candidacy_submitted"
    assert RENAMING.action_renamed("challenges.challenge", "submit") == "challenge_submitted"
    assert RENAMING.action_renamed("contracts.offer", "offer_accept") == "offer_accepted"
    assert RENAMING.action_renamed("organisations.organisation", "created") == "created"


@pytest.mark.django_db
def test_the_data_migration_renames_the_stored_actions_by_subject_and_back():
    challenge, candidacy, organisation = (
        ChallengeFactory(),
        CandidacyFactory(),
        OrganisationFactory(),
    )
    Event.objects.all().delete()
    old = [
        (challenge, "submit"),
        (challenge, "select"),
        (candidacy, "submit"),
        (candidacy, "hire"),
        (organisation, "created"),
        (organisation, "offer_accept"),
    ]
    for subject, action in old:
        event_record(subject=subject, by=None, action=action)  # type: ignore[arg-type]

    RENAMING.forwards(apps, None)

    stored = list(Event.objects.order_by("pk").values_list("action", flat=True))
    assert stored == [
        HistoryAction.CHALLENGE_SUBMITTED,
        HistoryAction.CHALLENGE_SELECTED,
        HistoryAction.CANDIDACY_SUBMITTED,
        HistoryAction.CANDIDACY_HIRED,
        HistoryAction.CREATED,
        HistoryAction.OFFER_ACCEPTED,
    ]
    assert Event.objects.order_by("pk")[3].get_action_display() == "Recrutée : offre acceptée"

    RENAMING.backwards(apps, None)

    assert list(Event.objects.order_by("pk").values_list("action", flat=True)) == [
        action for _, action in old
    ]


def test_a_recorded_workflow_names_the_history_action_of_each_transition():
    from eig.core.workflow import SYSTEM, Transition, Workflow

    with pytest.raises(TypeError, match="'archive'"):
        Workflow(
            status_field="status",
            transitions=(Transition("archive", ("draft",), "withdrawn", "Archiver", (SYSTEM,)),),
        )
    unrecorded = Workflow(
        status_field="status",
        recorded=False,
        transitions=(Transition("send", ("queued",), "sent", "Envoyer", (SYSTEM,)),),
    )
    assert unrecorded.get("send").target == "sent"
