"""The promotion's cap holds even when two candidates accept the last place at once."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.models import Candidacy
from eig.contracts.enums import OfferStatus
from eig.contracts.models import Offer
from eig.contracts.services import offers as services
from eig.core.errors import DomainError
from tests.contracts.offers import fill_places, pool_candidacy
from tests.factories import StaffFactory


def _accept_together(offers: list[Offer]) -> dict[int, object]:
    """Each candidate accepts their offer in their own thread and connection, released
    together by a barrier."""
    barrier = threading.Barrier(len(offers))
    outcomes: dict[int, object] = {}

    def accept(offer: Offer) -> None:
        try:
            barrier.wait(timeout=10)
            services.offer_accept(offer=offer, by=offer.candidacy.candidate.user)
            outcomes[offer.pk] = "accepted"
        except DomainError as error:
            outcomes[offer.pk] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(offer,)) for offer in offers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.skipif(not settings.USES_POSTGRESQL, reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_acceptances_of_the_last_place_leave_exactly_30_hired():
    first, challenge = pool_candidacy()
    promotion = first.round.promotion
    assert promotion.cap == 30
    second, _ = pool_candidacy(round_=first.round, challenge=challenge)
    staff = StaffFactory()
    offers = [
        services.offer_make(candidacy=candidacy, challenge=challenge, by=staff)
        for candidacy in (first, second)
    ]
    offers = [
        Offer.objects.select_related("candidacy__candidate__user").get(pk=o.pk) for o in offers
    ]
    fill_places(promotion, 29)

    outcomes = _accept_together(offers)

    assert sorted(outcomes) == sorted(offer.pk for offer in offers)
    accepted = [pk for pk, outcome in outcomes.items() if outcome == "accepted"]
    refused = [outcome for outcome in outcomes.values() if isinstance(outcome, DomainError)]
    assert len(accepted) == 1
    assert len(refused) == 1
    assert "plus de place" in refused[0].message
    assert Offer.objects.filter(promotion=promotion, status=OfferStatus.ACCEPTED).count() == 30
    hired = Candidacy.objects.filter(round__promotion=promotion, status=CandidacyStatus.HIRED)
    assert hired.count() == 30
    loser = next(offer for offer in offers if offer.pk not in accepted)
    loser.refresh_from_db()
    assert loser.status == OfferStatus.MADE
