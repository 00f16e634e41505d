"""The main navigation, fit to the person signed in, and the breadcrumbs of the pages.

Each app declares its entries here, with the roles that see them; a URL name that
does not resolve (an app not installed yet) is left out rather than breaking pages.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _

from eig.accounts.enums import Role

ANONYMOUS = "anonymous"

# Whoever asks, signed in or not (None outside a request).
type Visitor = AbstractBaseUser | AnonymousUser | None


@dataclass(frozen=True)
class NavEntry:
    label: Any
    url_name: str
    audiences: frozenset[str]
    # Entries sharing a group are shown together under one menu button.
    group: Any = None
    # URL names of pages that belong to this entry although their path starts with
    # another entry's (the jury's pages live under « espace/defis/… »).
    pages: frozenset[str] = frozenset()


RECRUITMENT = _("Recrutement")
CONTRACTS = _("Contrats et rémunération")
SETTINGS = _("Paramètres")
MY_CONTRACT = _("Mon recrutement")


STAFF = frozenset({Role.STAFF})

ENTRIES: list[NavEntry] = [
    NavEntry(_("Accueil"), "public:home", frozenset({ANONYMOUS})),
    NavEntry(_("Le programme"), "public:programme", frozenset({ANONYMOUS})),
    NavEntry(_("Les défis"), "challenges:catalogue", frozenset({ANONYMOUS, *Role.values})),
    NavEntry(_("Impact"), "impact:page", frozenset({ANONYMOUS, *Role.values})),
    NavEntry(_("Mon espace"), "accounts:dashboard", frozenset(Role.values)),
    NavEntry(_("Proposer un défi"), "public:propose", frozenset({ANONYMOUS})),
    NavEntry(_("Candidater"), "public:apply", frozenset({ANONYMOUS})),
    # The programme team
    NavEntry(_("Pilotage"), "impact:staff_dashboard", STAFF),
    NavEntry(_("Défis à instruire"), "challenges:staff_list", STAFF),
    NavEntry(_("Candidatures"), "candidacies:staff_list", STAFF, RECRUITMENT),
    NavEntry(_("Sélection"), "selection:round_list", STAFF, RECRUITMENT),
    NavEntry(_("Entretiens"), "interviews:staff_list", STAFF, RECRUITMENT),
    NavEntry(_("Propositions aux défis"), "interviews:proposal_challenges", STAFF, RECRUITMENT),
    NavEntry(_("Suivi et offres"), "offers:followup_index", STAFF, RECRUITMENT),
    NavEntry(_("Contrats"), "contracts:list", STAFF, CONTRACTS),
    NavEntry(_("Rémunération"), "pay:budget_index", STAFF, CONTRACTS),
    NavEntry(_("Paramètres du programme"), "programmes:index", STAFF, SETTINGS),
    NavEntry(_("Administrations"), "organisations:list", STAFF, SETTINGS),
    NavEntry(_("API et webhooks"), "api_tokens:staff_list", STAFF, SETTINGS),
    # Reviewers, coaches, agents, candidates
    NavEntry(_("Mes évaluations"), "selection:reviewer_home", frozenset({Role.REVIEWER})),
    NavEntry(_("Mes entretiens"), "interviews:my_interviews", frozenset({Role.REVIEWER})),
    NavEntry(_("Avis demandés"), "challenges:coach_list", frozenset({Role.COACH})),
    NavEntry(_("Mes défis"), "challenges:list", frozenset({Role.AGENT})),
    NavEntry(
        _("Candidat·es proposé·es"),
        "interviews:jury_index",
        frozenset({Role.AGENT}),
        pages=frozenset(
            {"interviews:jury_list", "interviews:jury_candidate", "interviews:jury_cv"}
        ),
    ),
    NavEntry(_("Jetons d’API"), "api_tokens:agent_list", frozenset({Role.AGENT})),
    NavEntry(_("Mon profil"), "candidacies:profile", frozenset({Role.CANDIDATE})),
    NavEntry(_("Mes candidatures"), "candidacies:list", frozenset({Role.CANDIDATE})),
    NavEntry(_("Mes offres"), "offers:list", frozenset({Role.CANDIDATE}), MY_CONTRACT),
    NavEntry(_("Mon contrat"), "contracts:mine", frozenset({Role.CANDIDATE}), MY_CONTRACT),
    NavEntry(_("Ma rémunération"), "pay:mine", frozenset({Role.CANDIDATE}), MY_CONTRACT),
    # Exists only in demo mode (the URL does not resolve otherwise).
    NavEntry(_("Comptes de démo"), "demo:accounts", frozenset({ANONYMOUS, *Role.values})),
]
CLAIMED_PAGES = frozenset(name for entry in ENTRIES for name in entry.pages)


def audience_of(user: Visitor) -> str:
    if not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    return str(getattr(user, "role", ""))


def _view_name(path: str) -> str:
    try:
        return resolve(path).view_name
    except Resolver404:
        return ""


def _is_current(entry: NavEntry, url: str, current_path: str, view_name: str) -> bool:
    """The entry the page belongs to: one that claims it, else the one whose path it extends."""
    if view_name in entry.pages:
        return True
    if view_name in CLAIMED_PAGES:
        return False
    return current_path == url or (url != "/" and current_path.startswith(url))


def navigation_for(user: Visitor, current_path: str) -> list[dict[str, Any]]:
    """The entries this person sees, in order; grouped entries become one menu item
    with ``children``, placed where the group's first entry stands."""
    audience = audience_of(user)
    view_name = _view_name(current_path)
    items: list[dict[str, Any]] = []
    menus: dict[Any, dict[str, Any]] = {}
    for entry in ENTRIES:
        if audience not in entry.audiences:
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        current = _is_current(entry, url, current_path, view_name)
        item = {"label": entry.label, "url": url, "current": current}
        if entry.group is None:
            items.append(item)
            continue
        if entry.group not in menus:
            menus[entry.group] = {"label": entry.group, "children": [], "current": False}
            items.append(menus[entry.group])
        menus[entry.group]["children"].append(item)
        menus[entry.group]["current"] |= current
    return items


def breadcrumb(current: Any, *links: tuple[str, Any]) -> dict[str, Any]:
    """The ``breadcrumb_data`` of ``templates/includes/breadcrumb.html``: the pages above
    this one as (url, title), from the top, then this page's title. The home page comes
    first on every breadcrumb by itself."""
    return {"links": [{"url": url, "title": title} for url, title in links], "current": current}
