"""A developer reads the API's interactive documentation."""

import pytest
from playwright.sync_api import expect

from tests.e2e.accessibility import assert_accessible


@pytest.fixture
def refused_by_csp(page):
    """What the CSP refused, except Redoc's "powered by" logo, which it links from its CDN:
    the CSP blocking it is what we want (no asset comes from elsewhere)."""
    refused: list[str] = []

    def record(message):
        text = message.text
        if "Content Security Policy" in text and "cdn.redoc.ly/redoc/logo-mini.svg" not in text:
            refused.append(text)

    page.on("console", record)
    return refused


def test_a_developer_reads_the_documentation_under_the_csp(
    page, live_server, transactional_db, refused_by_csp
):
    page.goto(live_server.url + "/api/v1/docs")

    expect(page.get_by_role("heading", name="API de la plateforme EIG", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Lister les défis publics").first).to_be_visible()
    assert not refused_by_csp, refused_by_csp
    assert_accessible(page)
