"""A visitor reads the public pages: State header and footer, accessible, DSFR scripts running."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import permission_denied, server_error
from playwright.sync_api import expect

from eig.challenges.enums import ChallengeStatus
from tests.e2e.accessibility import assert_accessible
from tests.factories import (
    CandidateFactory,
    ChallengeFactory,
    HistoricalParticipantFactory,
    PromotionFactory,
)
from tests.public.programme_data import eig_programme_with_settings

PUBLIC_PAGES = [
    "public:home",
    "public:programme",
    "public:propose",
    "public:apply",
    "public:accessibility",
    "public:legal_notice",
    "public:personal_data",
    "public:sitemap",
]
FOOTER_LINKS = [
    "Accessibilité : non conforme",
    "Mentions légales",
    "Données personnelles",
    "Plan du site",
    "info.gouv.fr",
    "service-public.gouv.fr",
    "legifrance.gouv.fr",
    "data.gouv.fr",
]


@pytest.fixture
def console_errors(page):
    """Every error the browser reports: console errors (CSP violations among them), exceptions."""
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture
def programme(transactional_db):
    return eig_programme_with_settings()


@pytest.mark.parametrize("url_name", PUBLIC_PAGES)
def test_a_visitor_reads_each_public_page(page, live_server, programme, console_errors, url_name):
    page.goto(live_server.url + reverse(url_name))

    expect(page).to_have_title(re.compile(r".+ — Entrepreneur·es d’intérêt général$"))
    banner = page.get_by_role("banner")
    expect(banner).to_contain_text("République")
    expect(banner).to_contain_text("Entrepreneur·es d’intérêt général")
    footer = page.get_by_role("contentinfo")
    for label in FOOTER_LINKS:
        expect(footer.get_by_role("link", name=label, exact=False).first).to_be_visible()
    # The DSFR scripts ran under our Content Security Policy.
    expect(page.locator("html")).to_have_attribute("data-fr-js", "true")
    assert_accessible(page)
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors
    assert not console_errors, console_errors


def test_the_home_page_leads_to_propose_and_apply(page, live_server):
    page.goto(live_server.url)

    main = page.get_by_role("main")
    main.get_by_role("link", name="Proposer un défi").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposer un défi")
    page.go_back()
    main.get_by_role("link", name="Candidater").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Candidater")


def test_the_home_page_shows_the_programme_in_figures_and_leads_to_the_impact_page(
    page, live_server, programme, console_errors
):
    promotion = PromotionFactory(number=1, year=2017)
    for _index in range(3):
        ChallengeFactory(complete=True, promotion=promotion, status=ChallengeStatus.RUNNING)
        HistoricalParticipantFactory(promotions=[promotion])

    page.goto(live_server.url)

    figures = page.get_by_role("region", name="Le programme en chiffres")
    expect(figures).to_contain_text("1 promotion")
    expect(figures).to_contain_text("3 EIG recruté·es")
    expect(figures).to_contain_text("3 défis")
    expect(figures).to_contain_text("3 administrations porteuses")
    assert_accessible(page)
    assert not console_errors, console_errors

    figures.get_by_role("link", name="Voir l’impact du programme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Impact du programme")


def test_the_navigation_marks_the_current_page(page, live_server):
    page.goto(live_server.url + reverse("public:apply"))

    navigation = page.get_by_role("navigation", name="Menu principal")
    expect(navigation.get_by_role("link", name="Candidater")).to_have_attribute(
        "aria-current", "page"
    )


def test_the_mobile_menu_opens_and_closes(page, live_server, console_errors):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + reverse("public:programme"))
    navigation = page.get_by_role("navigation", name="Menu principal")
    expect(navigation).to_be_hidden()

    page.get_by_role("button", name="Menu").click()

    expect(navigation).to_be_visible()
    expect(navigation.get_by_role("link", name="Proposer un défi")).to_be_visible()
    # The quick-access links (sign in, sign up) are copied into the menu by the DSFR script.
    expect(
        page.locator(".fr-header__menu-links").get_by_role("link", name="Se connecter")
    ).to_be_visible()
    assert_accessible(page)

    page.locator("#header-menu-modal").get_by_role("button", name="Fermer").click()
    expect(navigation).to_be_hidden()
    assert not console_errors, console_errors


def test_the_display_settings_switch_to_the_dark_theme(page, live_server, console_errors):
    page.goto(live_server.url)

    page.get_by_role("button", name="Paramètres d’affichage").click()
    dialog = page.get_by_role("dialog", name="Paramètres d’affichage")
    expect(dialog).to_be_visible()
    assert_accessible(page)
    dialog.get_by_text("Thème sombre").click()

    expect(page.locator("html")).to_have_attribute("data-fr-theme", "dark")
    assert not console_errors, console_errors


def test_an_unknown_page_shows_the_404_page(page, live_server):
    response = page.goto(live_server.url + "/cette-page-n-existe-pas/")

    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
    assert_accessible(page)


def test_a_signed_in_person_finds_their_space_and_signs_out_from_the_mobile_menu(
    page, live_server, transactional_db, console_errors
):
    client = Client()
    client.force_login(CandidateFactory(email="camille@example.fr"))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + reverse("public:programme"))

    page.get_by_role("button", name="Menu").click()

    menu_links = page.locator(".fr-header__menu-links")
    expect(menu_links.get_by_role("link", name="Mon espace")).to_be_visible()
    expect(menu_links.get_by_role("button", name="Se déconnecter")).to_be_visible()
    assert_accessible(page)
    menu_links.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(live_server.url + reverse("public:home"))
    expect(page.locator(".fr-header__tools-links a", has_text="Se connecter")).to_have_count(1)
    assert not console_errors, console_errors


def _forbidden_page() -> str:
    request = RequestFactory().get("/equipe/")
    request.user = AnonymousUser()
    return permission_denied(request, PermissionDenied()).content.decode()


def _server_error_page() -> str:
    return server_error(RequestFactory().get("/")).content.decode()


@pytest.mark.parametrize(
    ("status", "render", "heading"),
    [(403, _forbidden_page, "Accès refusé"), (500, _server_error_page, "Erreur inattendue")],
)
def test_the_error_pages_are_accessible(
    page, live_server, transactional_db, status, render, heading
):
    """Django renders them itself; the browser gets them from our origin, with our styles."""
    html = render()
    url = f"{live_server.url}/page-en-erreur/"
    page.route(url, lambda route: route.fulfill(status=status, body=html, content_type="text/html"))

    page.goto(url)

    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("contentinfo")).to_contain_text("Mentions légales")
    assert_accessible(page)
