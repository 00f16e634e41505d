"""Arrange contracts through the services: an offer accepted by its candidate creates one."""

import datetime

from eig.contracts.models import Contract
from eig.contracts.services import offers as services
from tests.contracts.offers import make_open_offer


def accepted_contract(*, experience: int = 3, start_date: datetime.date | None = None, **kwargs):
    """The contract of an offer accepted by its candidate (level 1 under 10 years)."""
    offer = make_open_offer(experience=experience, **kwargs)
    if start_date is not None:
        offer.start_date = start_date
        offer.save(update_fields=["start_date"])
    services.offer_accept(offer=offer, by=offer.candidacy.candidate.user)
    return Contract.objects.get(offer=offer)
