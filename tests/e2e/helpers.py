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
