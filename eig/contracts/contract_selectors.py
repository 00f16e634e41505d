"""Reads of the contract pages."""

from django.db.models import QuerySet

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.contracts.models import Contract
from eig.core.history import event_list_for
from eig.core.models import Event
from eig.programmes.models import PayLevel
from eig.programmes.selectors import pay_grid_in_force

RELATED = ("person", "challenge__organisation", "promotion")


def contracts_visible_to(user: User) -> QuerySet[Contract]:
    """Staff see every contract; anyone else only their own."""
    contracts = Contract.objects.select_related(*RELATED)
    if getattr(user, "role", None) == Role.STAFF:
        return contracts
    if not getattr(user, "is_authenticated", False):
        return contracts.none()
    return contracts.filter(person=user)


def contract_list_for_person(user: User) -> QuerySet[Contract]:
    return Contract.objects.filter(person=user).select_related(*RELATED).order_by("-start_date")


def contract_list_for_staff(promotion_id: int | None = None) -> QuerySet[Contract]:
    """Per promotion, ending soon first."""
    contracts = Contract.objects.select_related(*RELATED).order_by(
        "-promotion__year", "-promotion__number", "end_date", "pk"
    )
    if promotion_id:
        contracts = contracts.filter(promotion_id=promotion_id)
    return contracts


def contract_history(contract: Contract) -> QuerySet[Event]:
    return event_list_for(contract).order_by("created_at", "pk")


def renewal_levels(contract: Contract) -> list[PayLevel]:
    grid = pay_grid_in_force(contract.promotion.programme)
    return list(grid.levels.order_by("level")) if grid else []
