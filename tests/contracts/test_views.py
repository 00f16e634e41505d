"""The offers' pages: staff make an offer, the candidate answers it in their space."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from eig.candidacies.enums import CandidacyStatus
from eig.contracts.enums import OfferStatus
from eig.contracts.models import Offer
from tests.contracts.offers import eig_pay_grid, make_open_offer, pool_candidacy
from tests.factories import CandidateFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _signed_in(client, user):
    client.force_login(user)
    return client


def _form_data(challenge, level, **extra):
    return {
        "challenge": challenge.pk,
        "pay_level": level.pk,
        "override_reason": "",
        "start_date": "2026-09-01",
        "expires_on": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
        **extra,
    }


def test_staff_see_the_level_derived_from_experience(client):
    candidacy, challenge = pool_candidacy(experience=10)
    response = _signed_in(client, StaffFactory()).get(
        reverse("offers:make", kwargs={"pk": candidacy.pk})
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "10 ans d’expérience professionnelle" in text
    assert "niveau 2" in text
    assert challenge.title in text


def test_staff_make_an_offer_and_a_missing_reason_keeps_what_was_typed(client):
    _, level_2 = eig_pay_grid()
    candidacy, challenge = pool_candidacy(experience=4)
    client = _signed_in(client, StaffFactory())
    url = reverse("offers:make", kwargs={"pk": candidacy.pk})
    response = client.post(url, _form_data(challenge, level_2, start_date="2026-10-05"))
    assert response.status_code == 200
    assert "indiquez la raison" in response.content.decode()
    assert 'value="2026-10-05"' in response.content.decode()
    assert not Offer.objects.exists()
    response = client.post(url, _form_data(challenge, level_2, override_reason="Profil rare."))
    offer = Offer.objects.get()
    assert response.url == reverse("offers:staff_detail", kwargs={"pk": offer.pk})
    assert (offer.level, offer.level_override_reason) == (2, "Profil rare.")
    assert offer.start_date == datetime.date(2026, 9, 1)
    page = client.get(response.url).content.decode()
    assert "Profil rare." in page
    assert "Offre faite" in page


@pytest.mark.parametrize("field", ["start_date", "expires_on"])
def test_an_offer_dated_year_one_is_refused_in_french(client, field):
    level_1, _ = eig_pay_grid()
    candidacy, challenge = pool_candidacy(experience=4)
    client = _signed_in(client, StaffFactory())

    response = client.post(
        reverse("offers:make", kwargs={"pk": candidacy.pk}),
        _form_data(challenge, level_1, **{field: "0001-01-01"}),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Indiquez une date entre " in page
    assert 'value="0001-01-01"' in page
    assert not Offer.objects.exists()


def test_the_candidate_sees_and_accepts_their_offer(client):
    offer = make_open_offer(experience=12)
    person = offer.candidacy.candidate.user
    client = _signed_in(client, person)
    listing = client.get(reverse("offers:list")).content.decode()
    assert offer.challenge.title in listing
    detail = client.get(reverse("offers:detail", kwargs={"pk": offer.pk})).content.decode()
    accept_url = reverse("offers:accept", kwargs={"pk": offer.pk})
    assert f'href="{accept_url}"' in detail
    response = client.post(accept_url)
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    offer.candidacy.refresh_from_db()
    assert offer.candidacy.status == CandidacyStatus.HIRED
    page = client.get(response.url).content.decode()
    assert "Offre acceptée" in page
    assert "par vous" in page


def test_accepting_is_confirmed_on_a_page_that_says_what_it_commits_to(client):
    offer = make_open_offer(experience=12)
    offer.start_date = datetime.date(2026, 9, 1)
    offer.save(update_fields=["start_date"])
    other = make_open_offer(candidate=offer.candidacy.candidate)
    client = _signed_in(client, offer.candidacy.candidate.user)
    accept_url = reverse("offers:accept", kwargs={"pk": offer.pk})

    response = client.get(accept_url)

    page = response.content.decode().replace("\u202f", " ").replace("\xa0", " ")
    assert response.status_code == 200
    assert "Vous vous engagez pour un an" in page
    assert "du 1er septembre 2026 au 31 août 2027" in page
    assert "votre autre offre en attente est retirée" in page
    assert f"« {other.challenge.title} »" in page
    assert f'<form method="post" action="{accept_url}">' in page
    assert "Confirmer : j’accepte l’offre" in page
    assert reverse("offers:detail", kwargs={"pk": offer.pk}) in page
    offer.refresh_from_db()
    assert offer.status == OfferStatus.MADE  # Reading the confirmation accepts nothing.


def test_an_offer_already_answered_has_no_confirmation_page(client):
    offer = make_open_offer()
    Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.DECLINED)
    client = _signed_in(client, offer.candidacy.candidate.user)

    response = client.get(reverse("offers:accept", kwargs={"pk": offer.pk}), follow=True)

    assert response.redirect_chain[-1][0] == reverse("offers:detail", kwargs={"pk": offer.pk})
    assert "Cette offre n’attend plus de réponse" in response.content.decode()


def test_the_candidate_declines_with_a_reason(client):
    offer = make_open_offer()
    client = _signed_in(client, offer.candidacy.candidate.user)
    client.post(reverse("offers:decline", kwargs={"pk": offer.pk}), {"reason": "Je reste."})
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED


def test_an_expired_offer_is_refused_with_a_message(client):
    offer = make_open_offer()
    Offer.objects.filter(pk=offer.pk).update(
        expires_at=timezone.now() - datetime.timedelta(hours=1)
    )
    client = _signed_in(client, offer.candidacy.candidate.user)
    detail = client.get(reverse("offers:detail", kwargs={"pk": offer.pk})).content.decode()
    assert "Le délai de réponse est dépassé" in detail
    assert "Accepter l’offre" not in detail
    response = client.post(reverse("offers:accept", kwargs={"pk": offer.pk}), follow=True)
    assert "elle a expiré" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.MADE


def test_another_candidate_cannot_reach_the_offer(client):
    offer = make_open_offer()
    client = _signed_in(client, CandidateFactory())
    for name, method in (("offers:detail", "get"), ("offers:accept", "post")):
        url = reverse(name, kwargs={"pk": offer.pk})
        assert getattr(client, method)(url).status_code == 404
    offer.refresh_from_db()
    assert offer.status == OfferStatus.MADE


MONTHLY_NET_LEVEL_2 = "5\u202f000,00\u00a0€"


def test_staff_offer_form_prints_money_and_rates_the_french_way(client):
    candidacy, _challenge = pool_candidacy(experience=10)
    text = (
        _signed_in(client, StaffFactory())
        .get(reverse("offers:make", kwargs={"pk": candidacy.pk}))
        .content.decode()
    )
    assert MONTHLY_NET_LEVEL_2 in text
    assert "10\u00a0%" in text
    assert "5000.00" not in text
    assert "10.00 %" not in text


def test_the_offer_page_prints_money_the_french_way(client):
    offer = make_open_offer(experience=10)
    client.force_login(offer.candidacy.candidate.user)
    detail = client.get(reverse("offers:detail", kwargs={"pk": offer.pk})).content.decode()
    assert MONTHLY_NET_LEVEL_2 in detail
    assert "5000,00" not in detail
