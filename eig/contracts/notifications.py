"""The e-mails of offers. Called from services, inside their transaction (sent after commit)."""

from django.conf import settings
from django.urls import reverse

from eig.accounts.models import User
from eig.accounts.selectors import staff_emails
from eig.contracts.models import Contract, Offer
from eig.notifications.services import email_queue


def _link(name: str, pk: int) -> str:
    return settings.SITE_URL + reverse(name, kwargs={"pk": pk})


def _agents_of(offer: Offer) -> list[str]:
    return list(
        User.objects.filter(
            memberships__organisation_id=offer.challenge.organisation_id, is_active=True
        )
        .values_list("email", flat=True)
        .distinct()
    )


def _candidate(offer: Offer) -> str:
    return str(offer.candidacy.candidate.user.email)


def offer_made(offer: Offer) -> None:
    context = {"offer": offer, "url": _link("offers:detail", offer.pk)}
    email_queue(to=_candidate(offer), template="offer_made", context=context)


def offer_withdrawn(offer: Offer) -> None:
    context = {"offer": offer, "url": _link("offers:detail", offer.pk)}
    email_queue(to=_candidate(offer), template="offer_withdrawn", context=context)


def offer_accepted(offer: Offer, *, contract: Contract) -> None:
    """The new EIG's confirmation (what happens next), then the team's and the agents' news."""
    candidate_context = {
        "offer": offer,
        "contract": contract,
        "url": settings.SITE_URL + reverse("contracts:mine"),
    }
    email_queue(
        to=_candidate(offer), template="offer_accepted_candidate", context=candidate_context
    )
    staff_context = {"offer": offer, "url": _link("offers:staff_detail", offer.pk)}
    email_queue(to=staff_emails(), template="offer_accepted", context=staff_context)
    agents_context = {"offer": offer, "url": _link("challenges:detail", offer.challenge_id)}
    email_queue(to=_agents_of(offer), template="offer_accepted", context=agents_context)


def offer_declined(offer: Offer) -> None:
    context = {"offer": offer, "url": _link("offers:staff_detail", offer.pk)}
    email_queue(to=staff_emails(), template="offer_declined", context=context)
