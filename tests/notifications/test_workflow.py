"""The outbox's table: every move is the platform's, one conditional UPDATE on the
transition's sources, and none writes a history line (the row keeps its attempts)."""

import pytest
from django.utils import timezone

from eig.core.errors import DomainError
from eig.core.models import Event
from eig.core.workflow import SYSTEM, transition_apply_many
from eig.notifications.enums import EmailStatus
from eig.notifications.models import Email
from eig.notifications.workflow import EMAIL_WORKFLOW
from tests.factories import StaffFactory
from tests.notifications.outbox import queue_test_email

pytestmark = pytest.mark.django_db

NAMES = [t.name for t in EMAIL_WORKFLOW.transitions]


def _email_in(status: str) -> Email:
    email = queue_test_email()
    Email.objects.filter(pk=email.pk).update(status=status, claimed_at=timezone.now())
    return email


@pytest.mark.parametrize("name", NAMES)
def test_a_person_cannot_move_an_email(name):
    transition = EMAIL_WORKFLOW.get(name)
    email = _email_in(transition.sources[0])
    with pytest.raises(DomainError, match=f"« {transition.label} »"):
        transition_apply_many(
            workflow=EMAIL_WORKFLOW,
            queryset=Email.objects.filter(pk=email.pk),
            name=name,
            by=StaffFactory(),
        )
    assert Email.objects.get(pk=email.pk).status == transition.sources[0]


@pytest.mark.parametrize("name", NAMES)
def test_the_platform_moves_an_email_once_without_a_history_line(name):
    transition = EMAIL_WORKFLOW.get(name)
    assert transition.roles == (SYSTEM,)
    email = _email_in(transition.sources[0])
    moves = [
        transition_apply_many(
            workflow=EMAIL_WORKFLOW, queryset=Email.objects.filter(pk=email.pk), name=name, by=None
        )
        for _attempt in range(2)
    ]
    assert moves == [1, 0]
    assert Email.objects.get(pk=email.pk).status == transition.target
    assert not Event.objects.exists()


def test_only_a_sending_email_is_recorded_sent_or_failed():
    sources = {t.name: set(t.sources) for t in EMAIL_WORKFLOW.transitions}
    assert sources["send"] == sources["retry"] == sources["give_up"] == {EmailStatus.SENDING}
