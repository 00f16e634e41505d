"""Facts the public pages show, read from the programme's settings (never typed in a page)."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from eig.accounts.enums import Role
from eig.accounts.navigation import ANONYMOUS, ENTRIES
from eig.programmes.models import Programme, Round
from eig.programmes.selectors import (
    current_pay_levels,
    current_programme,
    current_promotion,
    round_open_for_applications,
    round_open_for_challenges,
)


@dataclass(frozen=True)
class PayLevelFact:
    level: int
    monthly_net: Decimal
    variable_rate: Decimal
    min_experience_years: int
    # The threshold of the next level, if any: this level applies below it.
    below_experience_years: int | None = None


@dataclass(frozen=True)
class ProgrammeFacts:
    cap: int | None
    promotion_label: str
    pay_levels: list[PayLevelFact]
    retention_unsuccessful_months: int
    retention_consent_months: int
    max_choices: int | None = None
    round_for_challenges: Round | None = None
    round_for_applications: Round | None = None

    @property
    def has_pay_grid(self) -> bool:
        return bool(self.pay_levels)


def _field_default(name: str) -> int:
    """The model's default, for a site whose programme is not configured yet."""
    field = Programme._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"Programme.{name} is not a model field.")
    return int(field.get_default())


def _pay_level_facts(programme: Programme) -> list[PayLevelFact]:
    levels = current_pay_levels(programme)
    if not levels:
        return []
    thresholds = [level.min_experience_years for level in levels[1:]] + [None]
    return [
        PayLevelFact(
            level=level.level,
            monthly_net=level.monthly_net,
            variable_rate=level.variable_rate,
            min_experience_years=level.min_experience_years,
            below_experience_years=below,
        )
        for level, below in zip(levels, thresholds, strict=True)
    ]


def programme_facts() -> ProgrammeFacts:
    programme = current_programme()
    if programme is None:
        return ProgrammeFacts(
            cap=None,
            promotion_label="",
            pay_levels=[],
            retention_unsuccessful_months=_field_default("retention_unsuccessful_months"),
            retention_consent_months=_field_default("retention_consent_months"),
        )
    promotion = current_promotion(programme)
    return ProgrammeFacts(
        cap=promotion.cap if promotion else None,
        promotion_label=str(promotion) if promotion else "",
        pay_levels=_pay_level_facts(programme),
        retention_unsuccessful_months=programme.retention_unsuccessful_months,
        retention_consent_months=programme.retention_consent_months,
        max_choices=programme.max_choices,
        round_for_challenges=round_open_for_challenges(),
        round_for_applications=round_open_for_applications(),
    )


@dataclass(frozen=True)
class SitemapLink:
    label: Any
    url: str


@dataclass(frozen=True)
class SitemapSpace:
    label: Any
    links: list[SitemapLink]


SPACE_LABELS: dict[str, Any] = {
    Role.CANDIDATE: _("Espace des candidat·es"),
    Role.AGENT: _("Espace des administrations"),
    Role.REVIEWER: _("Espace des évaluateur·rices"),
    Role.COACH: _("Espace des coachs beta.gouv.fr"),
    Role.STAFF: _("Espace de l’équipe du programme"),
}


def _url_or_none(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def _links_for(audience: str, *, public: bool) -> list[SitemapLink]:
    """The main navigation's entries for an audience, public pages or signed-in pages
    (a page visitors see too is listed once, with the public pages)."""
    links = []
    for entry in ENTRIES:
        if audience not in entry.audiences:
            continue
        if (entry.url_name.startswith("public:") or ANONYMOUS in entry.audiences) != public:
            continue
        url = _url_or_none(entry.url_name)
        if url is not None:
            links.append(SitemapLink(entry.label, url))
    return links


def sitemap_public_pages() -> list[SitemapLink]:
    """Every page the main navigation offers a visitor, so new public pages show up here."""
    return [
        SitemapLink(entry.label, url)
        for entry in ENTRIES
        if ANONYMOUS in entry.audiences and (url := _url_or_none(entry.url_name))
    ]


def sitemap_spaces() -> list[SitemapSpace]:
    """The signed-in spaces, one per role, with the pages the main navigation offers."""
    spaces = [
        SitemapSpace(SPACE_LABELS.get(role, role.label), _links_for(role, public=False))
        for role in Role
    ]
    return [space for space in spaces if space.links]
