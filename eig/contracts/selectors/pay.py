"""Pay reports for the programme team: a promotion's budget, and equal pay.

Budget. "Active" contracts are those not yet ended on the day of the report
(``end_date >= today``), including contracts that start later, such as a renewal decided
before the end of the year in force. The budget counts people, not contracts: each EIG
counts once, at the level and pay of their current contract (the one in force on the
day, or else the next to start), in the headcount, the monthly and annual fixed cost and
the maximum variable part. The forecast to the end of all contracts is, for each active
contract, monthly net × remaining months, where the remaining months are counted pro rata
of days: the days from the later of today and the start date to the end date, both
included, × 12 / 365 (a one-year contract of 365 days is 12 months); a day two contracts
of the same person would share is costed once, in the earlier one. Each contract's
forecast is rounded to the cent (half up), then summed in the row of the person's
current level.

Equal pay. Contracts in force (not ended) are grouped by the candidate's gender (female,
male; "other" and unsaid are grouped as "non renseigné") and level; a renewal that has
not started yet is left out, so that a renewed person counts once. A group of fewer than
``EQUAL_PAY_MIN_GROUP_SIZE`` people is not shown, so nobody can be identified. Any
contract (ended or not) whose pay differs from the pay level it references is listed.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    DecimalField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Round

from eig.candidacies.enums import Gender
from eig.contracts.models import Contract
from eig.programmes.models import Promotion

CENT = Decimal("0.01")
DAYS_PER_YEAR = Decimal(365)
# The smallest group the equal-pay report shows (fewer people could be identified).
EQUAL_PAY_MIN_GROUP_SIZE = 3
UNSAID = "unsaid"
GENDER_GROUPS: tuple[tuple[str, str], ...] = (
    (Gender.FEMALE.value, "Femmes"),
    (Gender.MALE.value, "Hommes"),
    (UNSAID, "Non renseigné"),
)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def remaining_months(
    contract: Contract, today: datetime.date, *, paid_until: datetime.date | None = None
) -> Decimal:
    """Months left on ``contract`` from ``today``, pro rata of days (0 once ended).

    ``paid_until``: the last day already costed in another contract of the same person,
    so that no day is paid twice.
    """
    start = max(today, contract.start_date)
    if paid_until is not None:
        start = max(start, paid_until + datetime.timedelta(days=1))
    days = (contract.end_date - start).days + 1
    return max(Decimal(days), Decimal(0)) * 12 / DAYS_PER_YEAR


@dataclass
class LevelBudget:
    level: int
    headcount: int = 0
    monthly_cost: Decimal = Decimal("0.00")
    max_variable: Decimal = Decimal("0.00")
    forecast: Decimal = Decimal("0.00")

    @property
    def annual_cost(self) -> Decimal:
        return self.monthly_cost * 12


@dataclass
class Budget:
    promotion: Promotion
    today: datetime.date
    levels: list[LevelBudget] = field(default_factory=list)

    @property
    def total(self) -> LevelBudget:
        total = LevelBudget(level=0)
        for row in self.levels:
            total.headcount += row.headcount
            total.monthly_cost += row.monthly_cost
            total.max_variable += row.max_variable
            total.forecast += row.forecast
        return total

    @property
    def contracts(self) -> list[Contract]:
        """Every active contract (the page lists them a page at a time instead)."""
        return list(active_contracts(self.promotion, self.today))


def active_contracts(promotion: Promotion, today: datetime.date) -> QuerySet[Contract]:
    return (
        Contract.objects.filter(promotion=promotion, end_date__gte=today)
        .select_related("person", "challenge")
        .order_by("level", "person__last_name", "person__email", "pk")
    )


def active_contract_rows(promotion: Promotion, today: datetime.date) -> QuerySet[Contract]:
    """The budget page's rows: the active contracts with only the columns it shows."""
    return active_contracts(promotion, today).only(
        "pk",
        "level",
        "start_date",
        "end_date",
        "person__first_name",
        "person__last_name",
        "person__email",
        "challenge__title",
    )


class DaysBetween(Func):
    """``end - start`` in days, for two dates, on PostgreSQL and SQLite."""

    output_field = IntegerField()
    arity = 2

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **extra: Any) -> Any:
        # PostgreSQL: a date plus an interval is a timestamp; back to dates, whose
        # difference is a number of days.
        return super().as_sql(
            compiler, connection, template="((%(expressions)s)::date)", arg_joiner=")::date - ("
        )

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
        )


def _current_of_person(active: QuerySet[Contract], today: datetime.date) -> Subquery:
    """For each active contract, its person’s current one: the latest to
    have started by ``today`` (by start date, then id), or else the first to start."""
    started = Q(start_date__lte=today)
    return Subquery(
        active.filter(person=OuterRef("person"))
        .order_by(
            Case(When(started, then=Value(0)), default=Value(1)),
            Case(When(started, then=F("start_date"))).desc(nulls_last=True),
            Case(When(started, then=F("pk"))).desc(nulls_last=True),
            "start_date",
            "pk",
        )
        .values("pk")[:1]
    )


def _paid_until(active: QuerySet[Contract]) -> Subquery:
    """The last day paid by the person's earlier contracts (by start date, then id)."""
    earlier = active.filter(person=OuterRef("person")).filter(
        Q(start_date__lt=OuterRef("start_date"))
        | Q(start_date=OuterRef("start_date"), pk__lt=OuterRef("pk"))
    )
    return Subquery(
        earlier.order_by().values("person").annotate(last=Max("end_date")).values("last")[:1],
        output_field=DateField(),
    )


def _level_rows(promotion: Promotion, today: datetime.date) -> Any:
    """One aggregate row per level of the people's current contracts (one query): the
    headcount, fixed cost and maximum variable part of those current contracts, and the
    forecast of every active contract of those people, each day costed once."""
    active = Contract.objects.filter(promotion=promotion, end_date__gte=today)
    money = DecimalField(max_digits=12, decimal_places=2)
    first_unpaid = Greatest(
        Value(today),
        F("start_date"),
        Coalesce(
            ExpressionWrapper(F("paid_until") + datetime.timedelta(days=1), DateField()),
            Value(today),
        ),
        output_field=DateField(),
    )
    days = Greatest(DaysBetween(F("end_date"), first_unpaid) + 1, Value(0))
    return (
        active.annotate(
            current_pk=_current_of_person(active, today),
            paid_until=_paid_until(active),
        )
        .annotate(
            current_level=Subquery(
                Contract.objects.filter(pk=OuterRef("current_pk")).values("level")[:1]
            ),
            is_current=ExpressionWrapper(Q(pk=F("current_pk")), BooleanField()),
            contract_forecast=Round(
                F("monthly_net") * days * 12 / Value(DAYS_PER_YEAR), 2, output_field=money
            ),
        )
        .order_by()
        .values("current_level")
        .annotate(
            headcount=Count("person", distinct=True),
            monthly_cost=Sum("monthly_net", filter=Q(is_current=True), default=Decimal(0)),
            max_variable=Sum(
                Round(F("monthly_net") * 12 * F("variable_rate") / 100, 2, output_field=money),
                filter=Q(is_current=True),
                default=Decimal(0),
            ),
            forecast=Sum("contract_forecast", default=Decimal(0)),
        )
        .order_by("current_level")
    )


def promotion_budget(promotion: Promotion, today: datetime.date) -> Budget:
    """The budget of ``promotion``'s active contracts on ``today``, by the level of each
    person's current contract: aggregates computed by the database (one query)."""
    return Budget(
        promotion=promotion,
        today=today,
        levels=[
            LevelBudget(
                level=row["current_level"],
                headcount=row["headcount"],
                monthly_cost=_cents(Decimal(row["monthly_cost"])),
                max_variable=_cents(Decimal(row["max_variable"])),
                forecast=_cents(Decimal(row["forecast"])),
            )
            for row in _level_rows(promotion, today)
        ],
    )


BUDGET_HEADER = (
    "Niveau",
    "Nombre d’EIG",
    "Coût mensuel fixe (€)",
    "Coût annuel fixe (€)",
    "Part variable maximale (€)",
    "Prévision jusqu’à la fin des contrats (€)",
)


def budget_rows(budget: Budget) -> Iterable[list[Any]]:
    """The budget as table rows (for the exports, under ``BUDGET_HEADER``): levels, total."""
    for row in [*budget.levels, budget.total]:
        yield [
            str(row.level) if row.level else "Total",
            row.headcount,
            row.monthly_cost,
            row.annual_cost,
            row.max_variable,
            row.forecast,
        ]


@dataclass
class EqualPayGroup:
    gender: str
    gender_label: str
    level: int
    headcount: int
    mean_monthly: Decimal | None
    mean_rate: Decimal | None

    @property
    def shown(self) -> bool:
        return self.headcount >= EQUAL_PAY_MIN_GROUP_SIZE


@dataclass
class EqualPayReport:
    groups: list[EqualPayGroup]
    mismatches: list[Contract]
    min_group_size: int = EQUAL_PAY_MIN_GROUP_SIZE


def _gender_key(gender: str | None) -> str:
    return gender if gender in (Gender.FEMALE, Gender.MALE) else UNSAID


def _aggregate(today: datetime.date) -> dict[tuple[str, int], list[Decimal]]:
    """[headcount, sum of monthly net, sum of rates] by (gender group, level)."""
    rows = (
        Contract.objects.filter(end_date__gte=today)
        .exclude(renewal_of__end_date__gte=today)
        .values("candidacy__candidate__gender", "level")
        .annotate(n=Count("pk"), net=Sum("monthly_net"), rate=Sum("variable_rate"))
        .order_by()
    )
    totals: dict[tuple[str, int], list[Decimal]] = {}
    for row in rows:
        key = (_gender_key(row["candidacy__candidate__gender"]), row["level"])
        acc = totals.setdefault(key, [Decimal(0), Decimal(0), Decimal(0)])
        acc[0] += row["n"]
        acc[1] += row["net"]
        acc[2] += row["rate"]
    return totals


def pay_mismatches() -> list[Contract]:
    """Contracts whose pay differs from the pay level they reference (one query)."""
    differs = (
        ~Q(level=F("pay_level__level"))
        | ~Q(monthly_net=F("pay_level__monthly_net"))
        | ~Q(variable_rate=F("pay_level__variable_rate"))
    )
    return list(
        Contract.objects.filter(differs)
        .select_related("person", "pay_level", "promotion")
        .order_by("pk")
    )


def equal_pay_report(today: datetime.date) -> EqualPayReport:
    """The equal-pay report on ``today`` (two queries)."""
    totals = _aggregate(today)
    groups = []
    for key, label in GENDER_GROUPS:
        for level in sorted({level for gender, level in totals if gender == key}):
            count, net, rate = totals[(key, level)]
            shown = count >= EQUAL_PAY_MIN_GROUP_SIZE
            groups.append(
                EqualPayGroup(
                    gender=key,
                    gender_label=label,
                    level=level,
                    headcount=int(count),
                    mean_monthly=_cents(net / count) if shown else None,
                    mean_rate=_cents(rate / count) if shown else None,
                )
            )
    return EqualPayReport(groups=groups, mismatches=pay_mismatches())
