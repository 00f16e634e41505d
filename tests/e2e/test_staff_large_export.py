"""The programme team exports a list too long to stream: a job prepares the file, the
person finds it in « Mes exports » with its row count and downloads it. Every page
passes axe."""

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from tests.candidacies.applications import application, recruiting_challenge
from tests.e2e.accessibility import assert_accessible
from tests.e2e.helpers import sign_in_as
from tests.factories import StaffFactory, open_round


@pytest.fixture
def applications(transactional_db, settings):
    settings.EIG_EXPORT_INLINE_MAX_ROWS = 2
    round_ = open_round()
    wish = recruiting_challenge(round_, title="Simplifier les aides au logement")
    for name in ("Lovelace", "Hopper", "Hamilton"):
        application(round_=round_, last_name=name, challenges=[wish])
    return round_


def test_staff_ask_for_a_large_export_and_download_it_when_ready(page, live_server, applications):
    staff = StaffFactory()
    sign_in_as(page, live_server, staff)

    # A bookmarked export link does not stream 3 rows above the threshold: it explains.
    page.goto(live_server.url + reverse("candidacies:staff_export_xlsx"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Préparer l’export")
    expect(page.get_by_text("Cet export (XLSX) compte 3 lignes.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Revenir à la liste").click()

    # From the list, one click asks the job.
    expect(page.get_by_role("heading", level=1)).to_have_text("Candidatures")
    page.get_by_role("button", name="Préparer l’export CSV").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes exports de candidatures")
    expect(page.get_by_text("Votre export de 3 lignes est en préparation…")).to_be_visible()
    assert_accessible(page)

    # The job ran (in the embedded mode, once the request committed): the link is there.
    page.get_by_role("link", name="Actualiser").click()
    expect(page.get_by_role("cell", name="Prêt")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le CSV (3 lignes)").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-3-lignes.csv")
    with open(download.path(), encoding="utf-8-sig") as export:
        content = export.read()
    assert "Hamilton" in content
    assert content.splitlines()[-1] == "# Fin de l’export : 3 lignes"
    assert_accessible(page)
    (email,) = [email for email in mail.outbox if email.to == [staff.email]]
    assert "3 lignes" in email.subject
