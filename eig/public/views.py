from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from eig.accounts.navigation import breadcrumb
from eig.core.public_cache import public_data, public_page
from eig.impact.figures import impact_figures
from eig.public import selectors

SECONDS_PER_DAY = 24 * 60 * 60


def _inner_page(request: HttpRequest, template: str, title: Any, **context: Any) -> HttpResponse:
    """An inner page: its title names the tab and closes the breadcrumb."""
    context |= {"title": title, "breadcrumb_data": breadcrumb(title)}
    return render(request, template, context)


def _legal_contacts() -> dict[str, str]:
    return {
        "contact_email": settings.EIG_CONTACT_EMAIL,
        "dpo_email": settings.EIG_DPO_EMAIL,
        "site_url": settings.SITE_URL,
    }


@require_safe
def home(request: HttpRequest) -> HttpResponseBase:
    # The key figures come from the Impact page's selector, so both pages always agree;
    # both read them from the shared cache.
    facts = public_data("programme-facts", selectors.programme_facts)
    figures = public_data("impact-figures", impact_figures)
    return public_page(
        request,
        [facts, figures],
        lambda: render(
            request,
            "public/home.html",
            {"title": _("Accueil"), "facts": facts.value, "figures": figures.value},
        ),
    )


@require_safe
def programme(request: HttpRequest) -> HttpResponse:
    return _inner_page(
        request, "public/programme.html", _("Le programme"), facts=selectors.programme_facts()
    )


@require_safe
def propose(request: HttpRequest) -> HttpResponse:
    return _inner_page(
        request, "public/propose.html", _("Proposer un défi"), facts=selectors.programme_facts()
    )


@require_safe
def apply(request: HttpRequest) -> HttpResponse:
    return _inner_page(
        request, "public/apply.html", _("Candidater"), facts=selectors.programme_facts()
    )


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return _inner_page(
        request, "public/accessibility.html", _("Déclaration d’accessibilité"), **_legal_contacts()
    )


@require_safe
def legal_notice(request: HttpRequest) -> HttpResponse:
    return _inner_page(
        request,
        "public/legal_notice.html",
        _("Mentions légales"),
        hosting_provider=settings.EIG_HOSTING_PROVIDER,
        source_code_url=settings.EIG_SOURCE_CODE_URL,
        **_legal_contacts(),
    )


@require_safe
def personal_data(request: HttpRequest) -> HttpResponse:
    return _inner_page(
        request,
        "public/personal_data.html",
        _("Données personnelles"),
        facts=selectors.programme_facts(),
        session_cookie_name=settings.SESSION_COOKIE_NAME,
        session_cookie_days=settings.SESSION_COOKIE_AGE // SECONDS_PER_DAY,
        csrf_cookie_name=settings.CSRF_COOKIE_NAME,
        csrf_cookie_days=settings.CSRF_COOKIE_AGE // SECONDS_PER_DAY,
        **_legal_contacts(),
    )


@require_safe
def sitemap(request: HttpRequest) -> HttpResponse:
    return _inner_page(
        request,
        "public/sitemap.html",
        _("Plan du site"),
        public_pages=selectors.sitemap_public_pages(),
        spaces=selectors.sitemap_spaces(),
    )
