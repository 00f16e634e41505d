"""Reads of the applications for the programme team: the list, its exports, one file.

The programme team never sees a draft: until the candidate submits it, an application
is their work in progress (the candidate is told so). Every list here runs a fixed
number of queries whatever the number of applications: rows carry what the pages
show through ``select_related`` and ``prefetch_related``, and the duplicate flags of a
page (or of an export's chunk) are found with two queries for all its rows.
"""

import datetime
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eig.accounts.models import User
from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.keys import phone_key, phone_tail_expression
from eig.candidacies.models import Candidacy, Candidate, Choice
from eig.challenges.models import Challenge
from eig.core.history_display import events_for
from eig.core.public_cache import public_data
from eig.core.search import text_search
from eig.programmes.models import Round
from eig.programmes.selectors import current_pay_levels, current_programme

# The experience bands split at the pay grid's thresholds (10 years by default: level 1
# below, level 2 from there) and at 15 years, where the programme sees its most senior
# profiles; 15 is not a pay rule, hence a constant here rather than a programme setting.
SENIOR_THRESHOLD_YEARS = 15
# Used only when no pay grid is in force (a fresh database): the programme's rule.
DEFAULT_PAY_THRESHOLD_YEARS = 10


def staff_candidacies() -> QuerySet[Candidacy]:
    """Every application the programme team may see: all but the drafts."""
    return Candidacy.objects.exclude(status=CandidacyStatus.DRAFT)


STAFF_STATUSES = [status for status in CandidacyStatus if status != CandidacyStatus.DRAFT]


def default_round(today: datetime.date | None = None) -> Round | None:
    """The round the list opens on: the one open for applications, else the latest begun."""
    day = today or timezone.localdate()
    rounds = Round.objects.select_related("promotion")
    return (
        rounds.filter(opens_on__lte=day, application_deadline__gte=day)
        .order_by("application_deadline")
        .first()
        or rounds.filter(opens_on__lte=day).order_by("-opens_on").first()
        or rounds.order_by("opens_on").first()
    )


# Experience bands


@dataclass(frozen=True)
class ExperienceBand:
    key: str
    label: str
    low: int
    high: int | None  # excluded; None: no upper bound

    def contains(self, years: int | None) -> bool:
        if years is None:
            return False
        return years >= self.low and (self.high is None or years < self.high)


def _band_thresholds() -> list[int]:
    """The years of experience where a band ends: the pay grid's levels, read once per
    change of the recorded data (a pay grid is created and changed by its services, which
    record it)."""
    return public_data("experience-thresholds", _band_thresholds_read).value


def _band_thresholds_read() -> list[int]:
    programme = current_programme()
    levels = current_pay_levels(programme) if programme else []
    thresholds = {level.min_experience_years for level in levels if level.min_experience_years}
    return sorted((thresholds or {DEFAULT_PAY_THRESHOLD_YEARS}) | {SENIOR_THRESHOLD_YEARS})


def _band(low: int, high: int | None) -> ExperienceBand:
    if high is None:
        label = str(_("%(low)s ans et plus")) % {"low": low}
        return ExperienceBand(key=f"{low}+", label=label, low=low, high=None)
    if low == 0:
        label = str(_("Moins de %(high)s ans")) % {"high": high}
    else:
        label = str(_("De %(low)s à %(last)s ans")) % {"low": low, "last": high - 1}
    return ExperienceBand(key=f"{low}-{high}", label=label, low=low, high=high)


def experience_bands() -> list[ExperienceBand]:
    """The bands of professional experience, from the pay grid in force."""
    thresholds = _band_thresholds()
    lows = [0, *thresholds]
    highs: list[int | None] = [*thresholds, None]
    return [_band(low, high) for low, high in zip(lows, highs, strict=True)]


def band_of(years: int | None, bands: list[ExperienceBand]) -> ExperienceBand | None:
    return next((band for band in bands if band.contains(years)), None)


# The list and its filters


@dataclass(frozen=True)
class StaffFilters:
    """What the programme team narrows the list (and its exports) to."""

    round: Round | None = None
    status: str = ""
    track: str = ""
    challenge: Challenge | None = None
    challenge_title: str = ""
    experience: ExperienceBand | None = None
    search: str = ""


# Each tuple is a stored document with its GIN index (the migrations « search_documents »).
NAME_SEARCH_FIELDS = ("first_name", "last_name", "email")
SKILLS_SEARCH_FIELDS = ("skills",)
# The "Vœu" filter when it is a text field (eig.core.filter_menus): the défi's title.
CHALLENGE_TITLE_FIELDS = ("title",)


def _search(queryset: QuerySet[Candidacy], text: str) -> QuerySet[Candidacy]:
    """Every word typed must begin the first name, the last name, the e-mail or a skill.

    Each is a union of indexed lookups (the GIN indexes of the names and of the skills),
    never an OR across tables, which would read them whole."""
    for word in text.split():
        users = text_search(User.objects.all(), NAME_SEARCH_FIELDS, word)
        by_name = Candidate.objects.filter(user__in=users.values("pk"))
        by_skills = text_search(Candidate.objects.all(), SKILLS_SEARCH_FIELDS, word)
        candidates = by_name.values("pk").union(by_skills.values("pk"))
        queryset = queryset.filter(candidate__in=candidates)
    return queryset


def _filtered(filters: StaffFilters, *, with_status: bool = True) -> QuerySet[Candidacy]:
    queryset = staff_candidacies()
    if filters.round is not None:
        queryset = queryset.filter(round=filters.round)
    if with_status and filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.track:
        queryset = queryset.filter(candidate__track=filters.track)
    if filters.challenge is not None:
        queryset = queryset.filter(choices__challenge=filters.challenge)
    if filters.challenge_title.strip():
        titled = text_search(
            Challenge.objects.all(), CHALLENGE_TITLE_FIELDS, filters.challenge_title
        )
        wishes = Choice.objects.filter(challenge__in=titled.values("pk"))
        queryset = queryset.filter(pk__in=wishes.values("candidacy_id"))
    if filters.experience is not None:
        queryset = queryset.filter(candidate__experience_years__gte=filters.experience.low)
        if filters.experience.high is not None:
            queryset = queryset.filter(candidate__experience_years__lt=filters.experience.high)
    return _search(queryset, filters.search)


def _choices_prefetch() -> "Prefetch[Any]":
    return Prefetch(
        "choices",
        queryset=Choice.objects.select_related("challenge__organisation").order_by("rank"),
    )


def candidacy_list_for_staff(*, filters: StaffFilters) -> QuerySet[Candidacy]:
    """The applications matching ``filters``, latest submissions first, with their
    candidate, round and ranked wishes."""
    return (
        _filtered(filters)
        .select_related("candidate__user", "round__promotion")
        .prefetch_related(_choices_prefetch())
        .order_by(F("submitted_at").desc(nulls_last=True), "-pk")
    )


# What the staff list shows of an application, and what its duplicate check reads: no
# motivation, no CV text, no skills.
STAFF_LIST_FIELDS = (
    "status",
    "submitted_at",
    "anonymised_at",
    "round__number",
    "round__promotion__number",
    "round__promotion__label",
    "round__promotion__year",
    "candidate__track",
    "candidate__experience_years",
    "candidate__phone",
    "candidate__user__email",
    "candidate__user__first_name",
    "candidate__user__last_name",
)


def candidacy_page_for_staff(*, filters: StaffFilters) -> QuerySet[Candidacy]:
    """``candidacy_list_for_staff`` with only the columns the staff list shows, and of each
    wish its défi's title."""
    wishes = Choice.objects.select_related("challenge").only(
        "candidacy", "rank", "challenge__title"
    )
    return (
        candidacy_list_for_staff(filters=filters)
        .prefetch_related(None)
        .prefetch_related(Prefetch("choices", queryset=wishes.order_by("rank")))
        .only(*STAFF_LIST_FIELDS)
    )


@dataclass(frozen=True)
class StatusCount:
    value: str
    label: Any
    count: int


def candidacy_status_counts(*, filters: StaffFilters) -> list[StatusCount]:
    """How many applications of each status match the other filters (one query)."""
    aggregates = {
        status.value: Count("pk", filter=Q(status=status.value)) for status in STAFF_STATUSES
    }
    totals = _filtered(filters, with_status=False).order_by().aggregate(**aggregates)
    return [
        StatusCount(value=status.value, label=status.label, count=totals[status.value] or 0)
        for status in STAFF_STATUSES
    ]


def challenges_wished(round_: Round | None) -> QuerySet[Challenge]:
    """The défis chosen in at least one application (of the round, when given)."""
    wished = Choice.objects.exclude(candidacy__status=CandidacyStatus.DRAFT)
    if round_ is not None:
        wished = wished.filter(candidacy__round=round_)
    return Challenge.objects.filter(pk__in=wished.values("challenge_id")).order_by("title")


def rounds_for_suggestions(value: str | None) -> Round | None:
    """The round the "Vœu" suggestions are scoped to (none: every round)."""
    if not value or not value.isdigit():
        return None
    return Round.objects.filter(pk=value).first()


# Possible duplicates: the same person with two accounts


@dataclass(frozen=True)
class Duplicate:
    """Another account that may be the same person, and the file to compare with."""

    candidate_id: int
    reason: str
    candidacy_id: int | None


def name_key(first_name: str, last_name: str) -> str:
    """First and last name without case, accents, spaces or punctuation."""
    text = unicodedata.normalize("NFKD", f"{first_name}{last_name}".casefold())
    return "".join(char for char in text if char.isalpha())


def _keys(candidate: Candidate) -> tuple[str, str]:
    """(e-mail key, name-and-phone key) of a profile whose user is loaded."""
    user = candidate.user
    phone = phone_key(candidate.phone)
    person = name_key(user.first_name, user.last_name)
    return user.email.lower(), f"{person}|{phone}" if phone and person else ""


# Only what the keys need: a duplicate check never reads the profiles' long texts.
KEY_FIELDS = ("pk", "phone", "user__email", "user__first_name", "user__last_name")


def _lookalikes(candidates: list[Candidate]) -> list[Candidate]:
    """The profiles sharing an e-mail (any case) or a phone ending with ``candidates``.

    One query, each half an index lookup on a key the database keeps (an index on the
    expression: ``user_email_key``, ``candidate_phone_key``, see eig.candidacies.keys):
    an ``OR`` across the user and profile tables would scan them both."""
    emails = {candidate.user.email.lower() for candidate in candidates}
    tails = {phone_key(candidate.phone) for candidate in candidates} - {""}
    users = User.objects.alias(email_key=Lower("email")).filter(email_key__in=emails)
    same_email = Candidate.objects.filter(user__in=users.values("pk")).values("pk")
    same_phone = (
        Candidate.objects.alias(phone_key=phone_tail_expression())
        .filter(phone_key__in=tails)
        .values("pk")
    )
    return list(
        Candidate.objects.select_related("user")
        .only(*KEY_FIELDS)
        .filter(pk__in=same_email.union(same_phone))
    )


def _shared_keys_profiles() -> list[Candidate]:
    """Every profile whose e-mail key or phone key another account has too.

    One query whatever the number of candidates: each key is grouped once (``GROUP BY``
    with a count above 1), and only the profiles holding such a key are read. It finds a
    few more than the duplicates (a shared phone under two names): ``_matches`` keeps
    the real ones."""
    shared_emails = (
        User.objects.annotate(email_key=Lower("email"))
        .values("email_key")
        .annotate(accounts=Count("pk"))
        .filter(accounts__gt=1)
        .values("email_key")
    )
    users = User.objects.alias(email_key=Lower("email")).filter(email_key__in=shared_emails)
    same_email = Candidate.objects.filter(user__in=users.values("pk")).values("pk")
    shared_tails = (
        Candidate.objects.exclude(phone="")
        .annotate(phone_key=phone_tail_expression())
        .values("phone_key")
        .annotate(profiles=Count("pk"))
        .filter(profiles__gt=1)
        .values("phone_key")
    )
    same_phone = (
        Candidate.objects.exclude(phone="")
        .alias(phone_key=phone_tail_expression())
        .filter(phone_key__in=shared_tails)
        .values("pk")
    )
    return list(
        Candidate.objects.select_related("user")
        .only(*KEY_FIELDS)
        .filter(pk__in=same_email.union(same_phone))
    )


def _latest_files(candidate_ids: set[int]) -> dict[int, int]:
    """The latest application the programme team may open, for each profile."""
    rows = (
        staff_candidacies()
        .filter(candidate_id__in=candidate_ids)
        .order_by("candidate_id", "-created_at", "-pk")
        .values_list("candidate_id", "pk")
    )
    latest: dict[int, int] = {}
    for candidate_id, pk in rows:
        latest.setdefault(candidate_id, pk)
    return latest


def _matches(wanted: list[Candidate], lookalikes: list[Candidate]) -> dict[int, list[Duplicate]]:
    """For each of ``wanted``, the ``lookalikes`` that may be the same person (one query:
    the latest application of each)."""
    groups: dict[tuple[str, str], set[int]] = defaultdict(set)
    for other in lookalikes:
        email, person = _keys(other)
        groups["email", email].add(other.pk)
        if person:
            groups["person", person].add(other.pk)
    reasons = {"email": _("même adresse e-mail"), "person": _("mêmes prénom, nom et téléphone")}
    matches: dict[int, dict[int, str]] = defaultdict(dict)
    for candidate in wanted:
        email, person = _keys(candidate)
        for kind, key in (("email", email), ("person", person)):
            others = groups.get((kind, key), set()) if key else set()
            for other_pk in others - {candidate.pk}:
                matches[candidate.pk].setdefault(other_pk, str(reasons[kind]))
    if not matches:
        return {}
    files = _latest_files({pk for others in matches.values() for pk in others})
    return {
        pk: [Duplicate(other, reason, files.get(other)) for other, reason in sorted(found.items())]
        for pk, found in matches.items()
    }


def duplicates_for(candidates: Iterable[Candidate]) -> dict[int, list[Duplicate]]:
    """For each profile given (its user loaded), the other accounts that may be the same
    person: same e-mail whatever the case, or same first and last name and same phone.
    Two queries whatever the number of profiles."""
    wanted = list({candidate.pk: candidate for candidate in candidates}.values())
    if not wanted:
        return {}
    return _matches(wanted, _lookalikes(wanted))


def duplicates_all() -> dict[int, list[Duplicate]]:
    """The same for every profile at once, for an export of any size: two queries, and
    only the profiles that have a duplicate are held in memory."""
    profiles = _shared_keys_profiles()
    return _matches(profiles, profiles)


# One application


def candidacy_file(*, pk: int) -> Candidacy:
    """One application with everything its file shows (Candidacy.DoesNotExist otherwise)."""
    return (
        staff_candidacies()
        .select_related("candidate__user", "round__promotion")
        .prefetch_related(_choices_prefetch(), "candidate__ventures")
        .get(pk=pk)
    )


CHANGE_LABELS: dict[str, Any] = {
    "motivation": _("la motivation"),
    "vœux": _("les vœux"),
    "missing_reviews_confirmed": _(
        "publiée sans toutes ses évaluations, après confirmation de l’équipe"
    ),
}


@dataclass(frozen=True)
class HistoryLine:
    at: datetime.datetime
    label: str
    actor: str
    from_status: str
    to_status: str
    comment: str
    changed: str


def _status_label(value: str) -> str:
    return str(CandidacyStatus(value).label) if value in CandidacyStatus.values else value


def candidacy_history(candidacy: Candidacy) -> list[HistoryLine]:
    """The application's history, oldest first (one query). Changes are named, not shown:
    the current motivation and wishes are on the page."""
    return [
        HistoryLine(
            at=event.created_at,
            label=str(event.get_action_display()),
            actor=str(event.actor) if event.actor else str(_("automatiquement")),
            from_status=_status_label(event.from_status),
            to_status=_status_label(event.to_status),
            comment=event.comment,
            changed=", ".join(str(CHANGE_LABELS.get(name, name)) for name in event.changes),
        )
        for event in events_for(candidacy)
    ]
