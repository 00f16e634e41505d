"""The coaches' pages: the défis they are asked about, and the opinion they give."""

import pytest
from django.urls import reverse

from eig.challenges.enums import Verdict
from eig.challenges.models import Opinion
from eig.challenges.services import challenges as services
from eig.notifications.models import Email
from tests.challenges.instruction import submitted_challenge
from tests.factories import CoachFactory, StaffFactory

LIST = reverse("challenges:coach_list")


def _detail(challenge) -> str:
    return reverse("challenges:coach_detail", kwargs={"pk": challenge.pk})


@pytest.fixture
def coach_client(client, coach):
    client.force_login(coach)
    return client


def _ask(challenge, coach, message: str = "") -> Opinion:
    return services.opinion_request(
        challenge=challenge, coach=coach, by=StaffFactory(), message=message
    )


def test_the_coach_lists_only_the_défis_they_are_asked_about_pending_first(coach_client, coach):
    given = submitted_challenge(title="Déjà vu")
    pending = submitted_challenge(title="À lire")
    other = submitted_challenge(title="Pas pour moi")
    services.opinion_give(
        opinion=_ask(given, coach), by=coach, verdict=Verdict.FAVOURABLE, text="Bien."
    )
    _ask(pending, coach)
    _ask(other, CoachFactory())
    response = coach_client.get(LIST)
    assert [o.challenge.title for o in response.context["pending"]] == ["À lire"]
    assert [o.challenge.title for o in response.context["given"]] == ["Déjà vu"]
    content = response.content.decode()
    assert "Pas pour moi" not in content
    assert content.index("À lire") < content.index("Déjà vu")
    assert f'href="{LIST}"' in content  # in the coach's navigation


def test_the_list_runs_a_bounded_number_of_queries(
    coach_client, coach, django_assert_max_num_queries
):
    for _ in range(5):
        _ask(submitted_challenge(), coach)
    with django_assert_max_num_queries(6):
        coach_client.get(LIST)


def test_the_coach_reads_the_whole_file_and_the_staff_message(coach_client, coach):
    challenge = submitted_challenge()
    _ask(challenge, coach, message="Que penses-tu de l’équipe ?")
    content = coach_client.get(_detail(challenge)).content.decode()
    for text in (
        "Que penses-tu de l’équipe ?",
        challenge.problem,
        challenge.sponsor_commitment,
        challenge.plan_6_months,
        challenge.autonomy,
        "Délai moyen de traitement",
        "Transmettre mon avis",
    ):
        assert text in content, text


def test_a_coach_not_asked_gets_404(coach_client):
    challenge = submitted_challenge()
    _ask(challenge, CoachFactory())
    assert coach_client.get(_detail(challenge)).status_code == 404
    assert (
        coach_client.post(_detail(challenge), {"verdict": "favourable", "text": "x"}).status_code
        == 404
    )


def test_the_coach_gives_an_opinion_and_the_staff_are_told(coach_client, coach):
    staff = StaffFactory()
    challenge = submitted_challenge()
    _ask(challenge, coach)
    response = coach_client.post(
        _detail(challenge), {"verdict": "reserved", "text": "L’équipe est trop petite."}
    )
    assert response.status_code == 302
    opinion = Opinion.objects.get(challenge=challenge, coach=coach)
    assert (opinion.verdict, opinion.text) == ("reserved", "L’équipe est trop petite.")
    email = Email.objects.get(template="opinion_given_staff", to=staff.email)
    assert "L’équipe est trop petite." in email.body_text
    assert "réservé" in email.subject
    page = coach_client.get(_detail(challenge))
    assert page.context["form"] is None
    assert "Avis réservé" in page.content.decode()
    # A second post changes nothing.
    coach_client.post(_detail(challenge), {"verdict": "favourable", "text": "Finalement oui."})
    opinion.refresh_from_db()
    assert opinion.verdict == "reserved"


def test_an_opinion_without_verdict_or_text_keeps_what_was_typed(coach_client, coach):
    challenge = submitted_challenge()
    _ask(challenge, coach)
    response = coach_client.post(_detail(challenge), {"text": "Mon argumentaire en cours"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Choisissez un avis" in content
    assert "Mon argumentaire en cours" in content
    assert Opinion.objects.get(challenge=challenge).given_at is None
