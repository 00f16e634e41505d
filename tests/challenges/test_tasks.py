"""The reminder to the agents of unsubmitted drafts, a week before a round's deadline."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from eig.challenges.enums import ChallengeStatus
from eig.challenges.services.challenges import challenge_drafts_remind
from eig.challenges.tasks import remind_drafts
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from eig.notifications.models import Email
from tests.factories import AgentFactory, ChallengeFactory, RoundFactory

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2031, 3, 22)


@pytest.fixture
def round_():
    return RoundFactory(
        opens_on=DEADLINE - datetime.timedelta(weeks=3), challenge_deadline=DEADLINE
    )


@pytest.fixture
def draft():
    agent = AgentFactory()
    organisation = agent.memberships.get().organisation
    AgentFactory(organisation=organisation)
    return ChallengeFactory(organisation=organisation, title="Mieux orienter les usagers")


def _reminders():
    return Email.objects.filter(template="challenge_draft_reminder")


def test_the_agents_of_a_draft_are_reminded_a_week_before_the_deadline(
    round_, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reminded = challenge_drafts_remind(today=DEADLINE - datetime.timedelta(days=7))

    assert reminded == 1
    agents = set(draft.organisation.memberships.values_list("user__email", flat=True))
    assert {email.to for email in _reminders()} == agents
    email = _reminders().first()
    assert "Mieux orienter les usagers" in email.subject
    assert "22 mars 2031" in email.subject
    assert "Le problème" in email.body_text  # what is still missing
    assert f"/espace/defis/{draft.pk}/" in email.body_text
    assert len(mail.outbox) == 2
    event = event_list_for(draft).get(action=HistoryAction.DRAFT_REMINDER_SENT)
    assert event.changes == {"round": round_.pk}


def test_running_twice_reminds_once(round_, draft):
    challenge_drafts_remind(today=DEADLINE - datetime.timedelta(days=3))
    challenge_drafts_remind(today=DEADLINE - datetime.timedelta(days=3))
    challenge_drafts_remind(today=DEADLINE - datetime.timedelta(days=1))

    assert _reminders().count() == 2  # the two agents, once
    assert event_list_for(draft).filter(action=HistoryAction.DRAFT_REMINDER_SENT).count() == 1


@pytest.mark.parametrize("days_before", [8, 0, -1])
def test_no_reminder_outside_the_week_before_the_deadline(round_, draft, days_before):
    assert challenge_drafts_remind(today=DEADLINE - datetime.timedelta(days=days_before)) == 0
    assert not _reminders().exists()


def test_submitted_and_withdrawn_defis_are_not_reminded(round_):
    ChallengeFactory(status=ChallengeStatus.SUBMITTED)
    ChallengeFactory(status=ChallengeStatus.WITHDRAWN)

    assert challenge_drafts_remind(today=DEADLINE - datetime.timedelta(days=2)) == 0


def test_the_next_round_reminds_the_same_draft_again(round_, draft):
    challenge_drafts_remind(today=DEADLINE - datetime.timedelta(days=2))
    later_deadline = DEADLINE + datetime.timedelta(weeks=8)
    RoundFactory(
        opens_on=later_deadline - datetime.timedelta(weeks=3), challenge_deadline=later_deadline
    )

    assert challenge_drafts_remind(today=later_deadline - datetime.timedelta(days=2)) == 1
    assert event_list_for(draft).filter(action=HistoryAction.DRAFT_REMINDER_SENT).count() == 2


def test_the_periodic_job_reminds_for_today(round_, draft):
    paris_morning = timezone.make_aware(
        datetime.datetime.combine(DEADLINE - datetime.timedelta(days=5), datetime.time(8))
    )
    with time_machine.travel(paris_morning, tick=False):
        assert remind_drafts(timestamp=int(paris_morning.timestamp())) == 1
        assert remind_drafts(timestamp=int(paris_morning.timestamp())) == 0


def test_the_management_command_takes_a_date(round_, draft, capsys):
    day = (DEADLINE - datetime.timedelta(days=4)).isoformat()

    call_command("remind_challenge_drafts", "--date", day)
    call_command("remind_challenge_drafts", "--date", day)

    assert "1 défi(s)" in capsys.readouterr().out
    assert _reminders().count() == 2


def test_the_agents_see_the_reminder_in_the_history(client, round_, draft):
    challenge_drafts_remind(today=DEADLINE - datetime.timedelta(days=2))
    client.force_login(draft.organisation.memberships.first().user)

    response = client.get(reverse("challenges:detail", kwargs={"pk": draft.pk}))

    assert "Rappel envoyé : la date limite de dépôt approche" in response.text
    assert "draft_reminder" not in response.text
