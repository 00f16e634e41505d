"""Six months after their contract ended, an alumnus opens the survey link from their
e-mail, forgets to choose, then answers and is thanked. Every state passes axe."""

import datetime
import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from eig.impact.enums import Workplace
from eig.impact.models import AlumniPath
from eig.impact.surveys import alumni_surveys_send
from eig.notifications.models import Email
from tests.contracts.contracts import make_contract
from tests.e2e.accessibility import assert_accessible


@pytest.fixture
def survey_link(transactional_db):
    make_contract(start=datetime.date(2026, 1, 5))  # ends on 4 January 2027
    alumni_surveys_send(today=datetime.date(2027, 7, 4))
    email = Email.objects.get(template="alumni_survey")
    link = re.search(r"https?://\S+/enquete-alumni/\S+/", email.body_text)
    assert link is not None
    return link.group(0).removeprefix(settings.SITE_URL)


def test_an_alumnus_answers_the_survey_from_the_email_link(page, live_server, survey_link):
    page.goto(live_server.url + survey_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enquête auprès des anciens EIG")
    expect(page.get_by_role("main")).to_contain_text(
        "Votre contrat EIG s’est terminé le 4 janvier 2027"
    )
    question = page.get_by_role("group", name="Où travaillez-vous aujourd’hui ?")
    expect(question.get_by_role("radio")).to_have_count(4)
    assert_accessible(page)

    # Sent without a choice: a clear error, on the question itself.
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.get_by_role("main")).to_contain_text(
        "Choisissez la réponse qui décrit le mieux votre situation."
    )
    assert_accessible(page)

    # They choose, send, and are thanked.
    # A DSFR radio button is ticked the way a person does it: on its label.
    question.locator("label", has_text="Dans le secteur public").click()
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.get_by_role("status")).to_contain_text("Merci ! Votre réponse est enregistrée.")
    expect(page.get_by_role("main")).to_contain_text(
        "Votre réponse actuelle : Dans le secteur public"
    )
    expect(question.get_by_label("Dans le secteur public")).to_be_checked()
    assert_accessible(page)
    assert AlumniPath.objects.get().answer == Workplace.PUBLIC_SECTOR
