"""A visitor discovers the programme's past défis, imported from its website: finds one in
the catalogue by its promotion, reads what it was about and who worked on it, never a name
nor an e-mail address."""

from itertools import pairwise

import pytest
from playwright.sync_api import expect

from eig.challenges.models import Challenge
from eig.programmes.models import Promotion
from tests.e2e.accessibility import assert_accessible
from tests.impact.history import import_shipped_data, personal_data_found
from tests.public.programme_data import eig_programme_with_settings


@pytest.fixture
def history(transactional_db):
    eig_programme_with_settings()
    import_shipped_data()


def test_a_visitor_reads_a_past_defi_of_the_dig_promotion(page, live_server, history):
    side = Promotion.objects.get(parent__isnull=False)
    challenge = Challenge.objects.filter(promotion=side).order_by("title").first()

    page.goto(f"{live_server.url}/defis/")
    expect(page.get_by_role("heading", name="131 défis")).to_be_visible()
    page.get_by_label("Promotion").select_option(label=side.label)
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("heading", name="17 défis")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=challenge.title, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=challenge.title)).to_be_visible()
    expect(page.get_by_role("heading", name="L’équipe")).to_be_visible()
    expect(page.get_by_text("Licence Ouverte 2.0")).to_be_visible()
    assert personal_data_found(page.locator("main").inner_text()) == []
    assert_accessible(page)


def test_a_visitor_reads_a_defi_whose_source_named_its_eigs(page, live_server, history):
    challenge = Challenge.objects.get(source_ref="eig-site:defis/optiflex.md")

    page.goto(f"{live_server.url}/defis/{challenge.pk}/")

    expect(page.get_by_role("heading", level=1, name="OptiFlex")).to_be_visible()
    description = page.locator(".eig-prose")
    expect(description.get_by_text("N'hésitez pas à contacter les EIG.")).to_be_visible()
    assert personal_data_found(page.locator("main").inner_text()) == []
    assert "@" not in description.inner_text()
    # The description's headings sit under the page's title and never skip a level.
    levels = [
        int(tag[1])
        for tag in page.locator("main")
        .locator("h1, h2, h3, h4, h5, h6")
        .evaluate_all("headings => headings.map(heading => heading.tagName.toLowerCase())")
    ]
    assert levels[0] == 1
    assert all(level <= previous + 1 for previous, level in pairwise(levels))
    expect(description.get_by_text("{.subtitle}")).to_have_count(0)
    assert_accessible(page)
