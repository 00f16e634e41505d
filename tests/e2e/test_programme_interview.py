"""Staff invite a screened-eligible candidate to a programme interview, then move it; the
reviewer on it scores the interview criteria. Every page passes axe."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from eig.notifications.models import Email
from eig.selection.models import Interview, Review
from tests.e2e.accessibility import assert_accessible
from tests.e2e.helpers import sign_in_as
from tests.factories import (
    CandidateFactory,
    CandidateProfileFactory,
    CriterionFactory,
    ReviewerFactory,
    ScoringGridFactory,
    StaffFactory,
)
from tests.selection.ics import parse
from tests.selection.interview_world import eligible_candidacy

CRITERIA = ("Adaptabilité", "Communication", "Intérêt pour les thématiques")


def _as(page, live_server, user) -> None:
    page.context.clear_cookies()
    sign_in_as(page, live_server, user)


@pytest.fixture
def arranged(transactional_db):
    candidacy = eligible_candidacy(
        candidate=CandidateProfileFactory(
            user=CandidateFactory(first_name="Léa", last_name="Martin"), complete=True
        )
    )
    grid = ScoringGridFactory(programme=candidacy.round.promotion.programme)
    for position, label in enumerate(CRITERIA):
        CriterionFactory(grid=grid, stage="interview", label=label, position=position)
    return {
        "candidacy": candidacy,
        "staff": StaffFactory(first_name="Anne", last_name="Équipe"),
        "reviewer": ReviewerFactory(first_name="Rémi", last_name="Évaluateur"),
    }


def test_a_programme_interview_is_scheduled_moved_and_scored(page, live_server, arranged):
    staff, reviewer, candidacy = arranged["staff"], arranged["reviewer"], arranged["candidacy"]
    _as(page, live_server, staff)
    page.goto(live_server.url + reverse("interviews:staff_list"))
    assert_accessible(page)
    page.get_by_role("link", name="Inviter Léa Martin à un entretien").click()
    assert_accessible(page)
    day = timezone.localdate() + datetime.timedelta(days=5)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Heure de début").fill("14:30")
    page.get_by_role("button", name="Programmer et envoyer les invitations").click()
    # Nothing typed is lost; the errors are shown.
    expect(page.get_by_label("Heure de début")).to_have_value("14:30")
    expect(page.get_by_label("Lieu")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    page.get_by_label("Lieu").fill("20 avenue de Ségur, Paris")
    page.get_by_label("Personnes qui mènent l’entretien").select_option(str(reviewer.pk))
    page.get_by_role("button", name="Programmer et envoyer les invitations").click()
    expect(page.get_by_text("L’entretien est programmé")).to_be_visible()
    assert_accessible(page)
    interview = Interview.objects.get(candidacy=candidacy)
    assert interview.starts_at.astimezone(datetime.UTC).strftime("%H:%M") in ("12:30", "13:30")

    page.get_by_role("link", name="Modifier la date ou le lieu").click()
    assert_accessible(page)
    page.get_by_label("Heure de début").fill("16:00")
    page.get_by_role("button", name="Enregistrer et prévenir les personnes invitées").click()
    expect(page.get_by_text("L’entretien est modifié")).to_be_visible()
    update = Email.objects.get(template="interview_update", to=candidacy.candidate.user.email)
    (event,) = parse(update.attachments[0]["content"])["events"]
    assert event["SEQUENCE"] == "1"

    _as(page, live_server, reviewer)
    page.goto(live_server.url + reverse("interviews:my_interviews"))
    assert_accessible(page)
    page.get_by_role("link", name="Évaluer l’entretien de Léa Martin").click()
    assert_accessible(page)
    for label in CRITERIA:
        page.get_by_label(f"{label} : note").select_option("4")
        page.get_by_label(f"{label} : commentaire").fill("Des exemples concrets.")
    page.get_by_label("Recommandation").select_option("yes")
    page.get_by_role("button", name="Rendre mon évaluation").click()
    expect(page.get_by_text("Votre évaluation de l’entretien est enregistrée.")).to_be_visible()
    assert_accessible(page)
    review = Review.objects.get(interview=interview, reviewer=reviewer)
    assert review.submitted_at is not None
    assert sorted(review.scores.values_list("value", flat=True)) == [4, 4, 4]
