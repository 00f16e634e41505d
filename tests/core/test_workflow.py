"""The workflow helper: roles from the table, the status read under the lock, one
history line per move, and bulk moves that skip rows already moved."""

import pytest
from django.db import transaction

from eig.accounts.enums import Role
from eig.challenges.enums import ChallengeStatus
from eig.challenges.models import Challenge
from eig.core.errors import DomainError
from eig.core.history_actions import HistoryAction
from eig.core.models import Event
from eig.core.workflow import SYSTEM, Transition, Workflow, transition_apply, transition_apply_many
from tests.factories import AgentFactory, ChallengeFactory, StaffFactory

pytestmark = pytest.mark.django_db

S = ChallengeStatus
WORKFLOW = Workflow(
    status_field="status",
    transitions=(
        Transition(
            "investigate",
            (S.SUBMITTED,),
            S.INVESTIGATION,
            "Instruire",
            (Role.STAFF,),
            action=HistoryAction.INVESTIGATION_OPENED,
        ),
        Transition(
            "archive",
            (S.DRAFT, S.SUBMITTED),
            S.WITHDRAWN,
            "Archiver",
            (Role.STAFF, SYSTEM),
            action=HistoryAction.CHALLENGE_WITHDRAWN,
        ),
    ),
)


def test_a_role_the_table_does_not_name_is_refused_before_anything_changes():
    challenge = ChallengeFactory(status=S.SUBMITTED)
    with transaction.atomic(), pytest.raises(DomainError, match="« Instruire »"):
        transition_apply(
            workflow=WORKFLOW, instance=challenge, name="investigate", by=AgentFactory()
        )
    challenge.refresh_from_db()
    assert challenge.status == S.SUBMITTED
    assert not Event.objects.exists()


def test_the_platform_acts_only_where_the_table_names_it():
    challenge = ChallengeFactory(status=S.SUBMITTED)
    with transaction.atomic(), pytest.raises(DomainError, match="automatiquement"):
        transition_apply(workflow=WORKFLOW, instance=challenge, name="investigate", by=None)
    with transaction.atomic():
        moved = transition_apply(workflow=WORKFLOW, instance=challenge, name="archive", by=None)
    assert moved.status == S.WITHDRAWN
    event = Event.objects.get()
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        HistoryAction.CHALLENGE_WITHDRAWN,
        S.SUBMITTED,
        S.WITHDRAWN,
        None,
    )


def test_the_status_is_read_under_the_lock_not_from_the_stale_instance():
    challenge = ChallengeFactory(status=S.SUBMITTED)
    Challenge.objects.filter(pk=challenge.pk).update(status=S.INVESTIGATION)
    with transaction.atomic(), pytest.raises(DomainError, match="statut actuel"):
        transition_apply(
            workflow=WORKFLOW, instance=challenge, name="investigate", by=StaffFactory()
        )


def test_a_bulk_move_takes_only_the_rows_still_in_a_source_and_records_each():
    staff = StaffFactory()
    draft, submitted, running = (
        ChallengeFactory(status=s) for s in (S.DRAFT, S.SUBMITTED, S.RUNNING)
    )
    with transaction.atomic():
        count = transition_apply_many(
            workflow=WORKFLOW, queryset=Challenge.objects.all(), name="archive", by=staff
        )
    assert count == 2
    statuses = dict(Challenge.objects.values_list("pk", "status"))
    assert statuses == {draft.pk: S.WITHDRAWN, submitted.pk: S.WITHDRAWN, running.pk: S.RUNNING}
    assert sorted(Event.objects.values_list("object_id", "from_status", "actor")) == sorted(
        [(draft.pk, S.DRAFT, staff.pk), (submitted.pk, S.SUBMITTED, staff.pk)]
    )


def test_a_bulk_move_refuses_a_role_the_table_does_not_name():
    ChallengeFactory(status=S.DRAFT)
    with transaction.atomic(), pytest.raises(DomainError):
        transition_apply_many(
            workflow=WORKFLOW, queryset=Challenge.objects.all(), name="archive", by=AgentFactory()
        )
    assert Challenge.objects.get().status == S.DRAFT


def test_the_table_says_what_a_person_may_do_from_a_status():
    staff, agent = StaffFactory(), AgentFactory()
    assert [t.name for t in WORKFLOW.available_to(S.SUBMITTED, staff)] == ["investigate", "archive"]
    assert WORKFLOW.available_to(S.SUBMITTED, agent) == []
    assert WORKFLOW.names_for(Role.STAFF) == {"investigate", "archive"}
    assert WORKFLOW.sources_of("investigate", "archive") == (S.SUBMITTED, S.DRAFT)
