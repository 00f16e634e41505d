"""The offer's and the renewal's workflows, declared once. Services apply them with
core.workflow.transition_apply.

A contract has no status of its own besides its renewal decision: it is created pending
and staff decide once whether it is renewed (a new contract follows) or ends on its end
date. ``RENEWAL_WORKFLOW`` is therefore the contract's workflow.
"""

import datetime
from typing import Any

from django.utils import timezone

from eig.accounts.enums import Role
from eig.contracts.enums import OfferStatus as O
from eig.contracts.enums import RenewalDecision as R
from eig.core.history_actions import HistoryAction as A
from eig.core.workflow import SYSTEM, Transition, Workflow, register

OFFER_EXPIRED = (
    "Le délai de réponse à cette offre est dépassé : elle a expiré. "
    "Contactez l’équipe du programme si vous êtes toujours intéressé·e."
)
CONTRACT_OVER = (
    "Ce contrat a pris fin le {end} : il ne peut plus être renouvelé. "
    "Faites une nouvelle offre si la personne doit revenir."
)


def offer_answer_too_late(offer: Any, now: datetime.datetime | None = None) -> str | None:
    """A candidate answers an offer only before its deadline."""
    return OFFER_EXPIRED if offer.expires_at < (now or timezone.now()) else None


def contract_decision_too_late(contract: Any) -> str | None:
    """Staff decide a renewal at the latest on the contract's last day."""
    if timezone.localdate() > contract.end_date:
        return CONTRACT_OVER.format(end=f"{contract.end_date:%d/%m/%Y}")
    return None


CANDIDATE = (Role.CANDIDATE,)
STAFF = (Role.STAFF,)

OFFER_WORKFLOW = Workflow(
    status_field="status",
    transitions=(
        # A draft prepared by a published matching is made (and told) when staff confirm it.
        Transition(
            "confirm", (O.DRAFT,), O.MADE, "Confirmer l’offre", STAFF, action=A.OFFER_CONFIRMED
        ),
        Transition(
            "accept",
            (O.MADE,),
            O.ACCEPTED,
            "Accepter l’offre",
            CANDIDATE,
            guard=offer_answer_too_late,
            action=A.OFFER_ACCEPTED,
        ),
        Transition(
            "decline",
            (O.MADE,),
            O.DECLINED,
            "Décliner l’offre",
            CANDIDATE,
            guard=offer_answer_too_late,
            action=A.OFFER_DECLINED,
        ),
        # When the candidate withdraws their application, or by the platform when they
        # accept another offer.
        Transition(
            "withdraw",
            (O.MADE,),
            O.WITHDRAWN,
            "Retirer l’offre",
            (*CANDIDATE, SYSTEM),
            action=A.OFFER_WITHDRAWN,
        ),
        # By the daily job, once the deadline has passed.
        Transition(
            "expire",
            (O.MADE,),
            O.EXPIRED,
            "Faire expirer l’offre",
            (SYSTEM,),
            action=A.OFFER_EXPIRED,
        ),
    ),
)

RENEWAL_WORKFLOW = Workflow(
    status_field="renewal_decision",
    transitions=(
        Transition(
            "renew",
            (R.PENDING,),
            R.RENEWED,
            "Renouveler le contrat",
            STAFF,
            guard=contract_decision_too_late,
            action=A.CONTRACT_RENEWED,
        ),
        Transition(
            "end",
            (R.PENDING,),
            R.ENDED,
            "Ne pas renouveler le contrat",
            STAFF,
            guard=contract_decision_too_late,
            action=A.CONTRACT_ENDED,
        ),
    ),
)

register("offer", "Offre", OFFER_WORKFLOW, O)
register("renewal", "Renouvellement d’un contrat", RENEWAL_WORKFLOW, R)

# The contracts whose renewal is still to be decided (reminded, offered the decision).
UNDECIDED = RENEWAL_WORKFLOW.sources_of("renew", "end")
