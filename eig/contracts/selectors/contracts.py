"""Reads of the contract pages."""

from django.db.models import Count, F, QuerySet, Window

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.contracts.enums import RenewalDecision
from eig.contracts.models import Contract
from eig.core.history import event_list_for
from eig.core.labels import choice_label_case
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


def contract_rows_for_staff(promotion_id: int | None = None) -> QuerySet[Contract]:
    """The staff list's rows: only the columns it shows, the renewal decision's label
    mapped once, and each row's ``promotion_total``, the number of contracts its
    promotion has in the whole list (not only in the page)."""
    return (
        contract_list_for_staff(promotion_id)
        .select_related(None)
        .select_related("person", "challenge__organisation", "promotion")
        .only(
            "pk",
            "level",
            "start_date",
            "end_date",
            "person__first_name",
            "person__last_name",
            "person__email",
            "challenge__title",
            "challenge__organisation__name",
            "challenge__organisation__acronym",
            "promotion__label",
            "promotion__number",
            "promotion__year",
        )
        .annotate(
            renewal_label=choice_label_case("renewal_decision", RenewalDecision.choices),
            promotion_total=Window(Count("pk"), partition_by=F("promotion_id")),
        )
    )


def contract_history(contract: Contract) -> QuerySet[Event]:
    return event_list_for(contract).order_by("created_at", "pk")


def renewal_levels(contract: Contract) -> list[PayLevel]:
    grid = pay_grid_in_force(contract.promotion.programme)
    return list(grid.levels.order_by("level")) if grid else []
