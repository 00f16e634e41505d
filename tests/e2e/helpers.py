"""Helpers shared by the browser journeys."""

from django.conf import settings
from django.test import Client


def sign_in_as(page, live_server, user) -> None:
    """Sign ``user`` in for this browser page, without going through a sign-in form.

    Django's test client opens a session for the user; its cookie is handed to the
    browser context, so every following ``page.goto`` is made as that person.
    """
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def open_from_menu(page, label: str) -> None:
    """Follow the main navigation's link ``label``, opening its menu first if it is in one."""
    navigation = page.get_by_role("navigation", name="Menu principal")
    link = navigation.get_by_role("link", name=label, exact=True)
    if not link.is_visible():
        # The link is hidden in a closed menu: open the menu whose list holds it.
        hidden_link = page.locator("a.fr-nav__link").filter(has_text=label)
        navigation.locator(".fr-nav__item").filter(has=hidden_link).get_by_role("button").click()
    link.click()
