"""What the candidate reads about their application: its history and what comes next."""

import datetime

import pytest
from django.utils import timezone

from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.timeline import candidacy_timeline, next_step
from eig.core.history import event_record
from eig.core.history_actions import HistoryAction
from tests.factories import CandidacyFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _candidacy(status=CandidacyStatus.DRAFT):
    return CandidacyFactory(status=status)


@pytest.mark.parametrize(
    ("status", "days_after_deadline", "expected"),
    [
        ("draft", -1, "déposez-la avant le"),
        ("draft", 1, "elle ne sera pas examinée"),
        ("submitted", -1, "Vous pouvez encore la modifier jusqu’au"),
        ("submitted", 1, "n’est plus modifiable. L’équipe du programme l’examine"),
        ("withdrawn", -1, "vous pourrez candidater lors d’une prochaine session"),
        ("not_retained", 30, "ne l’a pas retenue pour cette session"),
        ("pool", 30, "chaque administration intéressée vous invite à un entretien"),
        ("hired", 30, "Bienvenue dans le programme"),
    ],
)
def test_the_next_step_follows_the_status_and_the_deadline(status, days_after_deadline, expected):
    candidacy = _candidacy(status)
    day = candidacy.round.application_deadline + datetime.timedelta(days=days_after_deadline)

    step = next_step(candidacy, day)

    assert expected in step.text
    if status == "submitted":
        assert f"{candidacy.round.committee_on.day} " in step.text


def test_the_history_says_who_did_what_newest_first_in_plain_french():
    candidacy = _candidacy()
    user, staff = candidacy.candidate.user, StaffFactory()
    event_record(subject=candidacy, by=user, action=HistoryAction.CANDIDACY_CREATED)
    event_record(
        subject=candidacy,
        by=user,
        action=HistoryAction.CANDIDACY_UPDATED,
        changes={"vœux": [[], ["3"]]},
    )
    event_record(
        subject=candidacy, by=staff, action=HistoryAction.REVIEW_ASSIGNED, comment="Évaluatrice X"
    )
    event_record(
        subject=candidacy, by=staff, action=HistoryAction.COMMITTEE_DECIDED, comment="Interne"
    )
    event_record(
        subject=candidacy,
        by=staff,
        action=HistoryAction.DECISION_PUBLISHED,
        to_status="not_retained",
        comment="D’autres profils correspondaient mieux aux défis.",
    )
    event_record(
        subject=candidacy,
        by=None,
        action=HistoryAction.CANDIDACY_WITHDRAWN,
        comment="Fin de session.",
    )

    items = candidacy_timeline(candidacy, viewer=user)

    assert [item.label for item in items] == [
        "Votre candidature a été retirée.",
        "La décision du comité de sélection est publiée : « Non retenue ».",
        "Votre candidature a été modifiée.",
        "Votre candidature a été commencée, en brouillon.",
    ]
    assert [item.actor for item in items] == [
        "automatiquement",
        "par l’équipe du programme",
        "par vous",
        "par vous",
    ]
    assert items[2].details == "Ce qui a changé : les vœux."
    assert items[1].comment == "D’autres profils correspondaient mieux aux défis."
    assert "Interne" not in str(items)
    assert "Évaluatrice X" not in str(items)
    assert items[0].at <= timezone.now()
