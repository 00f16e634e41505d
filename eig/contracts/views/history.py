"""The offer's history as the pages tell it."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from eig.accounts.enums import Role
from eig.contracts.models import Offer
from eig.contracts.selectors.offers import offer_history


@dataclass(frozen=True)
class HistoryLine:
    at: datetime.datetime
    label: str
    actor: str
    comment: str


def _actor(actor: Any, viewer: Any) -> str:
    if actor is None:
        return _("automatiquement")
    if actor.pk == viewer.pk:
        return _("par vous")
    if actor.role == Role.STAFF and viewer.role != Role.STAFF:
        return _("par l’équipe du programme")
    return _("par %(name)s") % {"name": actor}


def offer_history_lines(offer: Offer, *, viewer: Any) -> list[HistoryLine]:
    """Oldest first (one query)."""
    return [
        HistoryLine(
            at=event.created_at,
            label=str(event.get_action_display()),
            actor=_actor(event.actor, viewer),
            comment=event.comment,
        )
        for event in offer_history(offer)
    ]
