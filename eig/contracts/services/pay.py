"""The variable part of a contract year, and the check that a contract's pay is its grid's.

Policy: one variable part per contract, recorded once by staff. Once recorded it cannot
be edited (a ``DomainError`` says so): the amount is what was paid, so a correction is a
matter for the programme team outside the platform, and the history keeps who recorded it.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.contracts.models import Contract, VariablePay
from eig.core.errors import DomainError
from eig.core.history import event_record
from eig.core.history_actions import HistoryAction
from eig.core.money import euros, percent

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def variable_pay_amount(*, rate: Decimal, monthly_net: Decimal, achievement: Decimal) -> Decimal:
    """rate % × 12 × monthly net × achievement %, in euros to the cent (half up)."""
    raw = rate / HUNDRED * 12 * monthly_net * achievement / HUNDRED
    return raw.quantize(CENT, rounding=ROUND_HALF_UP)


def variable_pay_calculation(
    *, rate: Decimal, monthly_net: Decimal, achievement: Decimal, amount: Decimal
) -> str:
    """The calculation as shown: ``6 % × 12 × 4 250,00 € × 75 % = 2 295,00 €``."""
    return f"{percent(rate)} × 12 × {euros(monthly_net)} × {percent(achievement)} = {euros(amount)}"


def contract_pay_mismatches(contract: Contract) -> list[str]:
    """The pay figures of ``contract`` that differ from its pay level (none expected)."""
    level = contract.pay_level
    return [
        name
        for name in ("level", "monthly_net", "variable_rate")
        if getattr(contract, name) != getattr(level, name)
    ]


@transaction.atomic
def variable_pay_record(
    *, contract: Contract, achievement: Decimal, comment: str = "", by: User
) -> VariablePay:
    """Record the variable part of ``contract`` (staff only, once per contract)."""
    if getattr(by, "role", None) != Role.STAFF:
        raise DomainError("Seule l’équipe du programme peut enregistrer la part variable.")
    locked = Contract.objects.select_for_update(of=("self",)).get(pk=contract.pk)
    if VariablePay.objects.filter(contract=locked).exists():
        raise DomainError(
            "La part variable de ce contrat est déjà enregistrée : elle ne peut plus être modifiée."
        )
    amount = variable_pay_amount(
        rate=locked.variable_rate, monthly_net=locked.monthly_net, achievement=achievement
    )
    pay = VariablePay(
        contract=locked, achievement=achievement, amount=amount, comment=comment, assessed_by=by
    )
    pay.full_clean()
    pay.save()
    event_record(
        subject=locked,
        by=by,
        action=HistoryAction.VARIABLE_PAY_RECORDED,
        comment=variable_pay_calculation(
            rate=locked.variable_rate,
            monthly_net=locked.monthly_net,
            achievement=achievement,
            amount=amount,
        ),
        changes={"achievement": [None, str(achievement)], "amount": [None, str(amount)]},
    )
    return pay
