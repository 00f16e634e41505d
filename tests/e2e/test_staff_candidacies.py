"""The programme team filters the applications of the open round, opens one, withholds
an identifying description from blind reviewers, and downloads the candidate's CV.
Every page passes axe."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.candidacies.applications import application, recruiting_challenge
from tests.e2e.accessibility import assert_accessible
from tests.e2e.helpers import open_from_menu, sign_in_as
from tests.factories import StaffFactory, VentureFactory, open_round


@pytest.fixture
def applications(transactional_db):
    round_ = open_round()
    wish = recruiting_challenge(round_, title="Simplifier les aides au logement")
    other = recruiting_challenge(round_, title="Mieux orienter les usagers")
    tech = application(
        round_=round_,
        first_name="Ada",
        last_name="Lovelace",
        track="tech",
        years=16,
        phone="06 11 22 33 44",
        challenges=[wish, other],
        motivation="Je veux rendre les aides plus simples.",
    )
    VentureFactory(
        candidate=tech.candidate,
        name="Machine analytique",
        description="La première machine programmable de Londres.",
    )
    return {
        "tech": tech,
        "product": application(
            round_=round_, first_name="Grace", last_name="Hopper", track="product", years=8
        ),
        "duplicate": application(
            round_=round_,
            first_name="ada",
            last_name="LOVELACE",
            track="tech",
            years=16,
            phone="+33 6 11 22 33 44",
        ),
    }


def test_staff_filter_the_applications_open_one_and_download_the_cv(
    page, live_server, applications
):
    sign_in_as(page, live_server, StaffFactory())

    page.goto(live_server.url + reverse("accounts:dashboard"))
    open_from_menu(page, "Candidatures")
    expect(page.get_by_role("heading", level=1)).to_have_text("Candidatures")
    expect(page.get_by_role("link", name="Grace Hopper")).to_be_visible()
    expect(page.get_by_text("Doublon possible")).to_have_count(2)
    assert_accessible(page)

    # They keep the technical directors with 15 years or more.
    page.get_by_role("combobox", name="Profil").select_option(label="Directeur·rice technique")
    page.get_by_role("combobox", name="Expérience professionnelle").select_option(
        label="15 ans et plus"
    )
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("link", name="Grace Hopper")).to_have_count(0)
    expect(page.get_by_role("link", name="Ada Lovelace", exact=True)).to_be_visible()
    assert_accessible(page)

    # They search by name and open the application.
    page.get_by_role("textbox", name="Rechercher").fill("Lovelace")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("link", name="Ada Lovelace", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Candidature de Ada Lovelace")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Je veux rendre les aides plus simples.")
    expect(main.get_by_role("listitem").filter(has_text="Simplifier les aides")).to_be_visible()
    expect(page.get_by_role("heading", name="Doublon possible")).to_be_visible()
    assert_accessible(page)

    # The venture's description names a machine known to all: blind reviewers won't read it.
    page.get_by_role("button", name="Masquer cette description aux évaluateur·rices").click()
    expect(
        page.get_by_text("La description de l’expérience est masquée aux évaluateur·rices.")
    ).to_be_visible()
    expect(
        page.get_by_text("Description d’une expérience masquée aux évaluateur·rices")
    ).to_be_visible()
    assert_accessible(page)

    # They download the CV.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le CV (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "cv-ada-lovelace.pdf"
    with open(download.path(), "rb") as cv:
        assert cv.read().startswith(b"%PDF-")

    # The export of the filtered list is one click away.
    page.goto(live_server.url + reverse("candidacies:staff_list") + "?track=tech")
    with page.expect_download() as export_info:
        page.get_by_role("link", name="Exporter en CSV").click()
    with open(export_info.value.path(), encoding="utf-8-sig") as export:
        content = export.read()
    assert "Lovelace" in content
    assert "Hopper" not in content
