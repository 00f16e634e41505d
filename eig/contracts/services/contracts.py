"""Contracts: created from an accepted offer, documented as PDF, reminded and renewed.

Rules enforced here (whatever the entry point):

- a contract lasts one year: from its start to the day before its anniversary;
- its pay figures are copied (from the offer, or for a renewal from the grid in force
  when the renewal is decided), never typed, so a later grid change never alters it;
- reminders go out at 90, 60 and 30 days before the end, once per threshold: the
  ``RenewalReminder`` row is written in the same transaction as the e-mails;
- staff decide once: the contract row is locked and its decision must be pending, and
  no decision is taken after the end date.
"""

import datetime
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.accounts.permissions import require_staff
from eig.accounts.selectors import staff_emails
from eig.api.enums import WebhookEvent
from eig.api.webhooks import webhook_emit
from eig.contracts.enums import RENEWAL_REMINDER_DAYS, RenewalDecision
from eig.contracts.models import Contract, Offer, RenewalReminder
from eig.contracts.workflow import RENEWAL_WORKFLOW, UNDECIDED, contract_decision_too_late
from eig.core.errors import DomainError
from eig.core.history import event_record
from eig.core.history_actions import HistoryAction
from eig.core.jobs import enqueue
from eig.core.workflow import transition_apply
from eig.notifications.services import email_queue
from eig.programmes.models import PayLevel
from eig.programmes.selectors import pay_grid_in_force

logger = logging.getLogger(__name__)

ALREADY_DECIDED = "Le renouvellement de ce contrat a déjà été décidé ({decision})."
REASON_REQUIRED = "Indiquez la raison du changement de niveau."


def contract_end_date(start: datetime.date) -> datetime.date:
    """The day before the first anniversary (a 29 February start ends on 28 February)."""
    try:
        anniversary = start.replace(year=start.year + 1)
    except ValueError:
        return datetime.date(start.year + 1, 2, 28)
    return anniversary - datetime.timedelta(days=1)


def _documents_generate_later(contract: Contract) -> None:
    # By name: the job (contracts.tasks) imports this module.
    enqueue("contracts.documents_generate", contract_id=contract.pk)


@transaction.atomic
def contract_create_from_offer(*, offer: Offer, by: User) -> Contract:
    """The contract of an accepted offer (one per offer: calling it again returns it)."""
    existing = Contract.objects.filter(offer=offer).first()
    if existing is not None:
        return existing
    contract = Contract(
        offer=offer,
        person=offer.candidacy.candidate.user,
        candidacy=offer.candidacy,
        challenge=offer.challenge,
        promotion=offer.promotion,
        pay_level=offer.pay_level,
        level=offer.level,
        monthly_net=offer.monthly_net,
        variable_rate=offer.variable_rate,
        start_date=offer.start_date,
        end_date=contract_end_date(offer.start_date),
    )
    contract.full_clean()
    contract.save()
    event_record(
        subject=contract,
        by=by,
        action=HistoryAction.CONTRACT_CREATED,
        to_status=RenewalDecision.PENDING,
        comment=f"Créé à l’acceptation de l’offre (niveau {contract.level}).",
    )
    _documents_generate_later(contract)
    webhook_emit(
        WebhookEvent.CONTRACT_CREATED, {"contrat_id": contract.pk, "defi_id": offer.challenge_id}
    )
    return contract


@transaction.atomic
def contract_documents_generate(*, contract_id: int) -> Contract:
    """Render the contract and the offer letter as PDF and store them (idempotent).

    The first time, the EIG receives the link to their contract; never again after."""
    # Imported here: WeasyPrint is slow to import and only needed by this job.
    from eig.contracts import documents

    contract = Contract.objects.select_for_update(of=("self",)).get(pk=contract_id)
    first_time = not contract.contract_pdf
    documents.documents_store(contract)
    contract.save(update_fields=["contract_pdf", "offer_letter_pdf"])
    event_record(subject=contract, by=None, action=HistoryAction.DOCUMENTS_GENERATED)
    if first_time:
        # The EIG was told at the acceptance (or the renewal) that the link would follow.
        email_queue(
            to=str(contract.person.email),
            template="contract_documents_ready",
            context={
                "contract": contract,
                "url": _link("contracts:mine"),
                "download_url": _link("contracts:download", pk=contract.pk, document="contrat"),
            },
        )
    return contract


# --- Reminders -------------------------------------------------------------------------


def _threshold_due(contract: Contract, today: datetime.date) -> int | None:
    """The smallest threshold reached (a missed day is caught up, never sent twice)."""
    days_left = (contract.end_date - today).days
    reached = [days for days in RENEWAL_REMINDER_DAYS if 0 <= days_left <= days]
    return min(reached) if reached else None


def renewal_reminders_send(*, today: datetime.date | None = None) -> int:
    """Send the reminders due today. Running it twice sends nothing more."""
    day = today or timezone.localdate()
    latest = day + datetime.timedelta(days=max(RENEWAL_REMINDER_DAYS))
    candidates = Contract.objects.filter(
        renewal_decision__in=UNDECIDED, end_date__gte=day, end_date__lte=latest
    ).values_list("pk", flat=True)
    return sum(_reminder_send(contract_id, day) for contract_id in candidates)


@transaction.atomic
def _reminder_send(contract_id: int, day: datetime.date) -> int:
    contract = Contract.objects.select_for_update(of=("self",)).get(pk=contract_id)
    threshold = _threshold_due(contract, day)
    if threshold is None or contract.renewal_decision not in UNDECIDED:
        return 0
    if RenewalReminder.objects.filter(contract=contract, days_before=threshold).exists():
        return 0
    RenewalReminder.objects.create(contract=contract, days_before=threshold)
    _notify(contract, "contract_renewal_reminder", days=(contract.end_date - day).days)
    return 1


# --- Renewal decision ------------------------------------------------------------------


def _lock_pending(contract: Contract) -> Contract:
    """Lock a contract whose renewal is still to be decided, each refusal saying why before
    anything else is checked (the workflow checks the same again when it applies)."""
    locked = Contract.objects.select_for_update(of=("self",)).get(pk=contract.pk)
    if locked.renewal_decision not in UNDECIDED:
        raise DomainError(ALREADY_DECIDED.format(decision=locked.get_renewal_decision_display()))
    if problem := contract_decision_too_late(locked):
        raise DomainError(problem)
    return locked


def _level_in_force(contract: Contract, level: int) -> PayLevel:
    grid = pay_grid_in_force(contract.promotion.programme)
    pay_level = grid.levels.filter(level=level).first() if grid else None
    if pay_level is None:
        raise DomainError(f"La grille de rémunération en vigueur n’a pas de niveau {level}.")
    return pay_level


def _decision_record(locked: Contract, *, name: str, by: User, comment: str) -> Contract:
    return transition_apply(
        workflow=RENEWAL_WORKFLOW,
        instance=locked,
        name=name,
        by=by,
        comment=comment,
        extra_fields={
            "renewal_decided_by": by,
            "renewal_decided_at": timezone.now(),
            "renewal_comment": comment,
        },
    )


@transaction.atomic
def contract_renew(
    *, contract: Contract, level: int, reason: str = "", comment: str = "", by: User
) -> Contract:
    """Renew for one year from the day after the end, at ``level`` of the grid in force."""
    require_staff(by)
    locked = _lock_pending(contract)
    reason = reason.strip()
    if level != locked.level and not reason:
        raise DomainError(REASON_REQUIRED)
    pay_level = _level_in_force(locked, level)
    start = locked.end_date + datetime.timedelta(days=1)
    renewal = Contract(
        renewal_of=locked,
        person=locked.person,
        candidacy=locked.candidacy,
        challenge=locked.challenge,
        promotion=locked.promotion,
        pay_level=pay_level,
        level=pay_level.level,
        monthly_net=pay_level.monthly_net,
        variable_rate=pay_level.variable_rate,
        level_change_reason=reason if level != locked.level else "",
        start_date=start,
        end_date=contract_end_date(start),
    )
    renewal.full_clean()
    decided = _decision_record(locked, name="renew", by=by, comment=comment.strip())
    # The renewal is returned pointing at the contract as decided, not as it was read.
    renewal.renewal_of = decided
    renewal.save()
    event_record(
        subject=renewal,
        by=by,
        action=HistoryAction.CONTRACT_CREATED,
        to_status=RenewalDecision.PENDING,
        comment=f"Renouvellement du contrat n° {locked.pk} (niveau {renewal.level}).",
    )
    _documents_generate_later(renewal)
    _notify(decided, "contract_renewed", renewal=renewal)
    return renewal


@transaction.atomic
def contract_end(*, contract: Contract, comment: str = "", by: User) -> Contract:
    """Decide not to renew: the contract ends on its end date."""
    require_staff(by)
    locked = _lock_pending(contract)
    ended = _decision_record(locked, name="end", by=by, comment=comment.strip())
    _notify(ended, "contract_ended")
    return ended


# --- E-mails ---------------------------------------------------------------------------


def _link(name: str, **kwargs: Any) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def _agent_emails(contract: Contract) -> list[str]:
    return list(
        User.objects.filter(
            memberships__organisation_id=contract.challenge.organisation_id, is_active=True
        )
        .exclude(role=Role.STAFF)
        .values_list("email", flat=True)
        .distinct()
    )


def _notify(contract: Contract, template: str, **extra: Any) -> None:
    """The same news to the EIG, the défi's agents and staff, each with their link."""
    base = {"contract": contract, **extra}
    email_queue(
        to=str(contract.person.email),
        template=template,
        context={**base, "url": _link("contracts:mine"), "audience": "eig"},
    )
    agents = _agent_emails(contract)
    if agents:
        email_queue(
            to=agents,
            template=template,
            context={**base, "url": _link("challenges:detail", pk=contract.challenge_id)},
        )
    email_queue(
        to=staff_emails(),
        template=template,
        context={**base, "url": _link("contracts:detail", pk=contract.pk), "audience": "staff"},
    )
