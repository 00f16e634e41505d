"""Offers: pay level from experience, the cap, answers, expiry, hiring and the défi staffed."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from eig.candidacies.enums import CandidacyStatus
from eig.challenges.enums import ChallengeStatus
from eig.contracts.enums import OfferStatus
from eig.contracts.models import Offer
from eig.contracts.services import offers as services
from eig.core.errors import DomainError
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from eig.notifications.models import Email
from eig.selection.models import Proposal
from tests.contracts.offers import (
    eig_pay_grid,
    fill_places,
    make_open_offer,
    pool_candidacy,
    recruiting_challenge,
)
from tests.factories import AgentFactory, CandidateFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _make(candidacy, challenge, **kwargs):
    return services.offer_make(
        candidacy=candidacy,
        challenge=challenge,
        by=kwargs.pop("by", None) or StaffFactory(),
        **kwargs,
    )


def _person(candidacy):
    return candidacy.candidate.user


@pytest.mark.parametrize(
    ("years", "level", "net", "rate"),
    [
        (9, 1, Decimal("4250.00"), Decimal("6.00")),
        (10, 2, Decimal("5000.00"), Decimal("10.00")),
    ],
)
def test_the_level_comes_from_experience_with_the_10_year_threshold(years, level, net, rate):
    candidacy, challenge = pool_candidacy(experience=years)
    assert services.derived_pay_level(candidacy).level == level
    offer = _make(candidacy, challenge)
    assert (offer.level, offer.monthly_net, offer.variable_rate) == (level, net, rate)
    assert offer.level_override_reason == ""
    assert offer.start_date == candidacy.round.starts_on
    expected_day = timezone.localdate() + datetime.timedelta(days=services.OFFER_EXPIRY_DAYS)
    assert timezone.localtime(offer.expires_at).date() == expected_day


def test_an_override_needs_a_reason_and_keeps_it():
    _, level_2 = eig_pay_grid()
    candidacy, challenge = pool_candidacy(experience=9)
    with pytest.raises(DomainError, match="indiquez la raison"):
        _make(candidacy, challenge, pay_level=level_2)
    assert not Offer.objects.exists()
    offer = _make(candidacy, challenge, pay_level=level_2, override_reason="Direction d’un CTO ×3.")
    assert offer.level == 2
    assert offer.level_override_reason == "Direction d’un CTO ×3."
    assert event_list_for(offer).get().comment == "Direction d’un CTO ×3."


def test_choosing_the_derived_level_drops_a_needless_reason():
    level_1, _ = eig_pay_grid()
    candidacy, challenge = pool_candidacy(experience=3)
    offer = _make(candidacy, challenge, pay_level=level_1, override_reason="Sans objet")
    assert offer.level_override_reason == ""


def test_the_copied_figures_do_not_change_with_the_grid():
    level_1, _ = eig_pay_grid()
    candidacy, challenge = pool_candidacy(experience=2)
    offer = _make(candidacy, challenge)
    level_1.monthly_net = Decimal("4600.00")
    level_1.variable_rate = Decimal("8.00")
    level_1.save()
    offer.refresh_from_db()
    assert offer.monthly_net == Decimal("4250.00")
    assert offer.variable_rate == Decimal("6.00")
    assert offer.max_variable_yearly == Decimal("3060.00")


def test_an_offer_needs_a_pool_candidacy_retained_by_the_jury_of_a_recruiting_défi():
    candidacy, challenge = pool_candidacy(retained=False)
    with pytest.raises(DomainError, match="jury de ce défi n’a pas retenu"):
        _make(candidacy, challenge)
    other, other_challenge = pool_candidacy()
    other_challenge.status = ChallengeStatus.STAFFED
    other_challenge.save()
    with pytest.raises(DomainError, match="pas en recrutement"):
        _make(other, other_challenge)
    third, third_challenge = pool_candidacy()
    third.status = CandidacyStatus.SUBMITTED
    third.save()
    with pytest.raises(DomainError, match="vivier"):
        _make(third, third_challenge)


def test_only_staff_make_offers_and_not_twice():
    candidacy, challenge = pool_candidacy()
    with pytest.raises(DomainError, match="Seule l’équipe"):
        _make(candidacy, challenge, by=_person(candidacy))
    _make(candidacy, challenge)
    with pytest.raises(DomainError, match="attend déjà"):
        _make(candidacy, challenge)


def test_no_offer_is_made_when_the_cap_is_reached():
    candidacy, challenge = pool_candidacy()
    promotion = candidacy.round.promotion
    promotion.cap = 3
    promotion.save()
    fill_places(promotion, 3)
    with pytest.raises(DomainError, match="Plus de place"):
        _make(candidacy, challenge)


def test_the_offer_is_e_mailed_with_its_figures_and_deadline(django_capture_on_commit_callbacks):
    candidacy, challenge = pool_candidacy(experience=11)
    with django_capture_on_commit_callbacks(execute=True):
        offer = _make(candidacy, challenge)
    email = Email.objects.get(template="offer_made")
    assert email.to == _person(candidacy).email
    assert "Rémunération nette mensuelle : 5\u202f000,00\u00a0€" in email.body_text
    assert "Niveau de rémunération : 2" in email.body_text
    assert f"/espace/offres/{offer.pk}/" in email.body_text


def test_accepting_hires_withdraws_other_offers_and_staffs_the_défi():
    candidacy, challenge = pool_candidacy(track="product")
    second = recruiting_challenge(candidacy.round.promotion, title="Un autre défi")
    Proposal.objects.create(candidacy=candidacy, challenge=second, status="retained")
    AgentFactory(organisation=challenge.organisation)
    offer = _make(candidacy, challenge)
    other = _make(candidacy, second)
    accepted = services.offer_accept(offer=offer, by=_person(candidacy))
    assert accepted.status == OfferStatus.ACCEPTED
    assert accepted.answered_at is not None
    candidacy.refresh_from_db()
    assert candidacy.status == CandidacyStatus.HIRED
    hire = event_list_for(candidacy).get(action=HistoryAction.CANDIDACY_HIRED)
    assert (hire.from_status, hire.to_status) == ("pool", "hired")
    other.refresh_from_db()
    assert other.status == OfferStatus.WITHDRAWN
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.STAFFED
    staffed = event_list_for(challenge).get(action=HistoryAction.CHALLENGE_STAFFED)
    assert staffed.actor is None
    templates = set(Email.objects.values_list("template", flat=True))
    assert {"offer_made", "offer_withdrawn", "offer_accepted"} <= templates
    recipients = set(Email.objects.filter(template="offer_accepted").values_list("to", flat=True))
    assert challenge.organisation.memberships.get().user.email in recipients


def test_the_new_eig_is_told_what_happens_next_with_a_link_to_their_contract(settings):
    candidacy, challenge = pool_candidacy(experience=3)
    candidacy.candidate.user.first_name = "Ada"
    candidacy.candidate.user.save()
    offer = _make(candidacy, challenge, start_date=datetime.date(2026, 9, 1))

    services.offer_accept(offer=offer, by=_person(candidacy))

    email = Email.objects.get(template="offer_accepted_candidate")
    assert email.to == _person(candidacy).email
    assert challenge.title in email.subject
    body = email.body_text.replace("\u202f", " ").replace("\xa0", " ")
    assert body.startswith("Bonjour Ada,")
    assert "du 1er septembre 2026 au 31 août 2027" in body
    assert "4 250,00 € net par mois" in body
    assert "Vous recevrez un e-mail avec le lien dès qu’ils seront prêts" in body
    assert settings.SITE_URL + "/espace/contrat/" in body
    assert 'href="' + settings.SITE_URL + "/espace/contrat/" in email.body_html
    # The team's and the agents' e-mail is not the candidate's.
    assert not Email.objects.filter(template="offer_accepted", to=email.to).exists()


def test_a_défi_wanting_both_profiles_waits_for_both():
    candidacy, challenge = pool_candidacy(track="product")
    challenge.wants_tech = True
    challenge.save()
    tech, _ = pool_candidacy(round_=candidacy.round, challenge=challenge, track="tech")
    services.offer_accept(offer=_make(candidacy, challenge), by=_person(candidacy))
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.RECRUITING
    services.offer_accept(offer=_make(tech, challenge), by=_person(tech))
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.STAFFED


def test_acceptance_is_refused_at_the_cap():
    candidacy, challenge = pool_candidacy()
    promotion = candidacy.round.promotion
    promotion.cap = 2
    promotion.save()
    offer = _make(candidacy, challenge)
    fill_places(promotion, 2)
    with pytest.raises(DomainError, match="plus de place"):
        services.offer_accept(offer=offer, by=_person(candidacy))
    offer.refresh_from_db()
    assert offer.status == OfferStatus.MADE
    assert Offer.objects.filter(promotion=promotion, status="accepted").count() == 2


def test_only_the_candidate_answers_and_only_once():
    candidacy, challenge = pool_candidacy()
    offer = _make(candidacy, challenge)
    with pytest.raises(DomainError, match="pas adressée"):
        services.offer_accept(offer=offer, by=CandidateFactory())
    services.offer_decline(offer=offer, by=_person(candidacy), reason="Je reste en poste.")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED
    assert (
        event_list_for(offer).get(action=HistoryAction.OFFER_DECLINED).comment
        == "Je reste en poste."
    )
    with pytest.raises(DomainError, match="n’attend plus de réponse"):
        services.offer_accept(offer=offer, by=_person(candidacy))


def test_an_expired_offer_cannot_be_accepted_and_the_job_marks_it_once():
    candidacy, challenge = pool_candidacy()
    offer = _make(candidacy, challenge)
    Offer.objects.filter(pk=offer.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    offer.refresh_from_db()
    with pytest.raises(DomainError, match="délai de réponse"):
        services.offer_accept(offer=offer, by=_person(candidacy))
    assert services.offers_expire() == 1
    assert services.offers_expire() == 0
    offer.refresh_from_db()
    assert offer.status == OfferStatus.EXPIRED
    assert event_list_for(offer).filter(action=HistoryAction.OFFER_EXPIRED).count() == 1


def test_the_expiry_job_leaves_open_offers_alone():
    from eig.contracts.tasks import offers_expire

    candidacy, challenge = pool_candidacy()
    offer = _make(candidacy, challenge)
    assert offers_expire() == 0
    offer.refresh_from_db()
    assert offer.status == OfferStatus.MADE


def test_a_withdrawn_application_cannot_accept_its_offer():
    candidacy, challenge = pool_candidacy()
    offer = _make(candidacy, challenge)
    candidacy.status = CandidacyStatus.WITHDRAWN
    candidacy.save()
    with pytest.raises(DomainError, match="Retirée"):
        services.offer_accept(offer=offer, by=_person(candidacy))
    offer.refresh_from_db()
    assert offer.status == OfferStatus.MADE


def test_withdrawing_the_application_withdraws_its_open_offers(db):
    from eig.candidacies.services import candidacy_withdraw
    from eig.contracts.enums import OfferStatus

    offer = make_open_offer()
    candidacy_withdraw(candidacy=offer.candidacy, by=offer.candidacy.candidate.user)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN
