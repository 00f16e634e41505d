"""Reads of the défis shared by the pages of the programme team, the coaches and the exports.

Every list here runs a fixed number of queries whatever the number of défis: the rows
carry what the pages show (organisation, round, policy, opinion counts) through
``select_related`` and annotations, never through one query per row.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.challenges.enums import IMPORT_ACTIONS, ChallengeStatus
from eig.challenges.models import Challenge, Note, Opinion, PriorityPolicy
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from eig.core.models import Event
from eig.core.search import text_search
from eig.organisations.models import Organisation
from eig.programmes.models import Round

# History lines the administration's agents never see: the programme team's private
# annotations and the exchanges with the coaches during the instruction.
STAFF_ONLY_ACTIONS = frozenset(
    {HistoryAction.NOTE_ADDED, HistoryAction.OPINION_REQUESTED, HistoryAction.OPINION_GIVEN}
)


class Profile:
    PRODUCT = "product"
    TECH = "tech"


@dataclass(frozen=True)
class StaffFilters:
    """What the programme team narrows the list (and its exports) to."""

    round: Round | None = None
    status: str = ""
    organisation: Organisation | None = None
    policy: PriorityPolicy | None = None
    profile: str = ""
    search: str = ""
    organisation_name: str = ""


# Searched by the catalogue and the staff list; each tuple has its GIN index (the
# challenges and organisations migrations « search_indexes »).
CHALLENGE_SEARCH_FIELDS = ("title", "problem", "public_summary")
ORGANISATION_SEARCH_FIELDS = ("name", "acronym")


def challenge_search[C: QuerySet[Challenge]](queryset: C, text: str) -> C:
    """The défis of ``queryset`` whose text, or whose administration's name, has every word."""
    by_text = text_search(Challenge.objects.all(), CHALLENGE_SEARCH_FIELDS, text)
    organisations = text_search(Organisation.objects.all(), ORGANISATION_SEARCH_FIELDS, text)
    by_organisation = Challenge.objects.filter(organisation__in=organisations.values("pk"))
    # A union of two indexed lookups: an OR of the two would read the whole table.
    return queryset.filter(pk__in=by_text.values("pk").union(by_organisation.values("pk")))


def organisation_name_filter[C: QuerySet[Challenge]](queryset: C, text: str) -> C:
    """The défis of ``queryset`` whose administration's name or acronym has every word."""
    organisations = text_search(Organisation.objects.all(), ORGANISATION_SEARCH_FIELDS, text)
    return queryset.filter(organisation__in=organisations.values("pk"))


def organisations_with_challenges(round_: Round | None = None) -> QuerySet[Organisation]:
    """The administrations with a défi (in ``round_``, when given): the staff list's menu."""
    challenges = Challenge.objects.filter(organisation=OuterRef("pk"))
    if round_ is not None:
        challenges = challenges.filter(round=round_)
    return Organisation.objects.filter(Exists(challenges)).order_by("name")


def _filtered(filters: StaffFilters, *, with_status: bool = True) -> QuerySet[Challenge]:
    queryset = Challenge.objects.all()
    if filters.round is not None:
        queryset = queryset.filter(round=filters.round)
    if with_status and filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.organisation is not None:
        queryset = queryset.filter(organisation=filters.organisation)
    if filters.organisation_name.strip():
        queryset = organisation_name_filter(queryset, filters.organisation_name)
    if filters.policy is not None:
        queryset = queryset.filter(priority_policy=filters.policy)
    if filters.profile == Profile.PRODUCT:
        queryset = queryset.filter(wants_product=True)
    elif filters.profile == Profile.TECH:
        queryset = queryset.filter(wants_tech=True)
    if filters.search.strip():
        queryset = challenge_search(queryset, filters.search)
    return queryset


def _opinion_count(opinions: QuerySet[Opinion]) -> Coalesce:
    """How many of ``opinions`` the row's défi has: a subquery per row of the page, where a
    join counted with ``GROUP BY`` would group every défi before the page is cut."""
    counted = (
        opinions.filter(challenge=OuterRef("pk"))
        .order_by()
        .values("challenge")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted), 0)


def challenge_list_for_staff(*, filters: StaffFilters) -> QuerySet[Challenge]:
    """The défis matching ``filters``, drafts included, each with its opinion counts
    (``opinions_asked``, ``opinions_given``); latest submissions first."""
    return (
        _filtered(filters)
        .select_related("organisation", "round__promotion", "promotion", "priority_policy")
        .annotate(
            opinions_asked=_opinion_count(Opinion.objects.all()),
            opinions_given=_opinion_count(Opinion.objects.filter(given_at__isnull=False)),
        )
        .order_by(F("submitted_at").desc(nulls_last=True), "-updated_at", "-pk")
    )


# What the staff list shows of a défi: it reads no long text.
STAFF_LIST_FIELDS = (
    "title",
    "status",
    "submitted_at",
    "updated_at",
    "wants_product",
    "wants_tech",
    "organisation__name",
    "organisation__acronym",
    "round__number",
    "round__promotion__number",
    "round__promotion__label",
    "round__promotion__year",
)


def challenge_page_for_staff(*, filters: StaffFilters) -> QuerySet[Challenge]:
    """``challenge_list_for_staff`` with only the columns the staff list shows."""
    return (
        challenge_list_for_staff(filters=filters)
        .select_related(None)
        .select_related("organisation", "round__promotion")
        .only(*STAFF_LIST_FIELDS)
    )


@dataclass(frozen=True)
class StatusCount:
    value: str
    label: Any
    count: int


def challenge_list_for_agent(*, organisations: list[Organisation]) -> QuerySet[Challenge]:
    """The défis of an agent's administrations, the latest modified first, each with
    ``last_modified_at``: when it was last changed on the platform.

    A défi of the imported history (2017–2023) that nobody changed since it was imported
    has none (``None``, listed last, latest promotion first): its ``updated_at`` is the
    date of the import, not a modification. Changed since (its outcome recorded), it has
    that change's date.
    """
    last_import = (
        Event.objects.filter(
            content_type=ContentType.objects.get_for_model(Challenge),
            object_id=OuterRef("pk"),
            action__in=IMPORT_ACTIONS,
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return (
        Challenge.objects.filter(organisation__in=organisations)
        .select_related("organisation", "round__promotion", "promotion")
        .annotate(last_imported_at=Subquery(last_import))
        .annotate(
            last_modified_at=Case(
                When(source_ref__isnull=True, then=F("updated_at")),
                When(updated_at__gt=F("last_imported_at"), then=F("updated_at")),
                default=None,
                output_field=DateTimeField(),
            )
        )
        .order_by(
            F("last_modified_at").desc(nulls_last=True),
            F("promotion__year").desc(nulls_last=True),
            "title",
            "pk",
        )
    )


def challenge_status_counts(*, filters: StaffFilters) -> list[StatusCount]:
    """How many défis of each status match the other filters, in one aggregate query."""
    aggregates = {
        status.value: Count("pk", filter=Q(status=status.value)) for status in ChallengeStatus
    }
    totals = _filtered(filters, with_status=False).order_by().aggregate(**aggregates)
    return [
        StatusCount(value=status.value, label=status.label, count=totals[status.value] or 0)
        for status in ChallengeStatus
    ]


def challenge_file(*, queryset: QuerySet[Challenge], pk: int) -> Challenge:
    """One défi with everything its file shows, from a queryset scoped to the reader."""
    return (
        queryset.select_related("organisation", "round__promotion", "promotion", "priority_policy")
        .prefetch_related(
            "indicators",
            "attachments",
            Prefetch("opinions", queryset=Opinion.objects.select_related("coach")),
        )
        .get(pk=pk)
    )


@dataclass(frozen=True)
class HistoryItem:
    """One line of a défi's history: a recorded event."""

    at: datetime
    actor: User | None
    action: str
    from_status: str = ""
    to_status: str = ""
    comment: str = ""
    changes: dict[str, Any] | None = None

    @property
    def label(self) -> str:
        return (
            str(HistoryAction(self.action).label) if self.action in HistoryAction else self.action
        )

    @property
    def details(self) -> str:
        """What changed, in a short French line (the fields edited, the file added...)."""
        if not self.changes:
            return ""
        if self.action in {HistoryAction.CHALLENGE_UPDATED, HistoryAction.OUTCOME_RECORDED}:
            names = [_field_label(name) for name in self.changes]
            return str(_("Champs modifiés : %(fields)s")) % {"fields": ", ".join(names)}
        return " ; ".join(f"{key} : {value}" for key, value in self.changes.items())

    @property
    def from_label(self) -> str:
        return _status_label(self.from_status)

    @property
    def to_label(self) -> str:
        return _status_label(self.to_status)


def _field_label(name: str) -> str:
    try:
        return str(getattr(Challenge._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:
        return name


def _status_label(value: str) -> str:
    return str(ChallengeStatus(value).label) if value in ChallengeStatus.values else value


def challenge_history(*, challenge: Challenge, for_staff: bool) -> list[HistoryItem]:
    """The défi's history, oldest first.

    ``for_staff=True`` is the programme team's view: it has the lines about the coaches'
    opinions, which the agents' view leaves out. Neither has the private notes: the
    programme team reads them apart (``challenge_notes``), never mixed with what the
    administration also reads.
    """
    hidden = {HistoryAction.NOTE_ADDED} if for_staff else STAFF_ONLY_ACTIONS
    return [
        HistoryItem(
            at=event.created_at,
            actor=event.actor,
            action=event.action,
            from_status=event.from_status,
            to_status=event.to_status,
            comment=event.comment,
            changes=event.changes,
        )
        for event in event_list_for(challenge).exclude(action__in=hidden)
    ]


def challenge_history_for(*, challenge: Challenge, user: User) -> list[HistoryItem]:
    """The history this person may read: with the opinions' lines for the programme team."""
    return challenge_history(
        challenge=challenge, for_staff=getattr(user, "role", None) == Role.STAFF
    )


def challenge_notes(*, challenge: Challenge) -> list[Note]:
    """The programme team's private notes on the défi, the latest first."""
    return list(
        Note.objects.filter(challenge=challenge)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )


def coaches() -> QuerySet[User]:
    return User.objects.filter(role=Role.COACH, is_active=True).order_by(
        "last_name", "first_name", "email"
    )


def coaches_not_asked(challenge: Challenge) -> QuerySet[User]:
    return coaches().exclude(opinions__challenge=challenge)


def opinion_list_for_coach(coach: User) -> QuerySet[Opinion]:
    """The opinions asked of this coach: those still to give first, then those given."""
    return (
        Opinion.objects.filter(coach=coach)
        .select_related("challenge__organisation", "challenge__round__promotion")
        .order_by(F("given_at").desc(nulls_first=True), "-requested_at")
    )


def opinion_for_coach(*, coach: User, challenge_pk: int) -> Opinion:
    """The opinion asked of this coach on this défi (Opinion.DoesNotExist otherwise)."""
    return Opinion.objects.select_related("requested_by").get(
        coach=coach, challenge_id=challenge_pk
    )


def policy_list() -> QuerySet[PriorityPolicy]:
    """Every priority policy with how many défis refer to it."""
    return PriorityPolicy.objects.annotate(challenge_count=Count("challenges")).order_by(
        "position", "name"
    )
