"""Use cases of a défi's results: its indicators measured over time while it runs, and
what became of it once completed (its outcome).

Each runs in one transaction, locks the défi and records a line in its history.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.challenges.enums import Outcome
from eig.challenges.indicator_chart import french_number
from eig.challenges.models import Challenge, Indicator, Measurement
from eig.challenges.services.challenges import challenge_lock, member_require
from eig.core.errors import DomainError
from eig.core.history import event_record, fields_update
from eig.core.history_actions import HistoryAction

COMMENT_MAX_LENGTH = 2000


@transaction.atomic
def measurement_add(
    *,
    indicator: Indicator,
    by: User,
    value: Decimal,
    measured_on: datetime.date,
    comment: str = "",
) -> Measurement:
    """Record one value of ``indicator`` at a date, by an agent of the défi's
    administration, while the défi runs."""
    member_require(indicator.challenge, by)
    locked = challenge_lock(indicator.challenge)
    if not locked.is_measured_now:
        raise DomainError(
            "Les mesures s’enregistrent pendant le défi : il est "
            f"« {locked.get_status_display()} »."
        )
    if not locked.indicators.filter(pk=indicator.pk).exists():
        raise DomainError("Cet indicateur n’appartient pas à ce défi.")
    if measured_on > timezone.localdate():
        raise DomainError("La date de la mesure ne peut pas être dans le futur.")
    measurement = Measurement(
        indicator=indicator,
        value=value,
        measured_on=measured_on,
        comment=comment.strip(),
        recorded_by=by,
    )
    measurement.full_clean()
    measurement.save()
    event_record(
        subject=locked,
        by=by,
        action=HistoryAction.MEASUREMENT_ADDED,
        changes={
            "indicateur": indicator.name,
            "valeur": f"{french_number(measurement.value)} {indicator.unit}".strip(),
            "date": f"{measured_on:%d/%m/%Y}",
        },
    )
    return measurement


@transaction.atomic
def measurement_delete(*, measurement: Measurement, by: User) -> None:
    """Remove a measurement entered by mistake, by an agent of the défi's administration,
    while the défi runs. The défi's history keeps what was removed."""
    challenge = measurement.indicator.challenge
    member_require(challenge, by)
    locked = challenge_lock(challenge)
    if not locked.is_measured_now:
        raise DomainError(
            f"Les mesures se suppriment pendant le défi : il est « {locked.get_status_display()} »."
        )
    # Read again under the lock: another agent may have removed it meanwhile, and a
    # forged object must not reach another défi's measurements.
    current = (
        Measurement.objects.filter(pk=measurement.pk, indicator__challenge=locked)
        .select_related("indicator")
        .first()
    )
    if current is None:
        raise DomainError("Cette mesure n’existe plus : elle a peut-être déjà été supprimée.")
    indicator = current.indicator
    changes = {
        "indicateur": indicator.name,
        "valeur": f"{french_number(current.value)} {indicator.unit}".strip(),
        "date": f"{current.measured_on:%d/%m/%Y}",
    }
    current.delete()
    event_record(subject=locked, by=by, action=HistoryAction.MEASUREMENT_DELETED, changes=changes)


def _require_member_or_staff(challenge: Challenge, by: User) -> None:
    if getattr(by, "role", None) == Role.STAFF:
        return
    member_require(challenge, by)


@transaction.atomic
def outcome_record(*, challenge: Challenge, by: User, outcome: str, text: str) -> Challenge:
    """Record, or correct, what became of a completed défi: carried on in the
    administration, taken over by another body, or stopped, with a short account."""
    _require_member_or_staff(challenge, by)
    locked = challenge_lock(challenge)
    if not locked.takes_outcome:
        raise DomainError(
            "Le devenir s’enregistre une fois le défi terminé : il est "
            f"« {locked.get_status_display()} »."
        )
    if outcome not in Outcome.values:
        raise DomainError(
            "Indiquez ce que devient le défi : poursuivi dans l’administration, "
            "repris par une autre structure, ou arrêté."
        )
    text = text.strip()
    if not text:
        raise DomainError("Expliquez en quelques lignes ce que devient le défi.")
    updated, _ = fields_update(
        instance=locked,
        data={"outcome": outcome, "outcome_text": text},
        by=by,
        action=HistoryAction.OUTCOME_RECORDED,
        lock=False,
        # Both values are checked above; the rest of a défi done years ago (imported from
        # the programme's history) need not meet today's rules of a new file.
        clean=False,
    )
    return updated
