"""The site-wide Cache-Control rule for private pages and files."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_signed_in_page_is_never_stored_by_a_shared_cache(client):
    client.force_login(UserFactory())
    response = client.get(reverse("accounts:dashboard"), follow=True)
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_a_public_page_seen_anonymously_may_be_cached(client):
    response = client.get(reverse("public:programme"))
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_alumni_survey_link_is_private_without_sign_in(client):
    response = client.get(reverse("impact:survey", kwargs={"token": "inconnu"}))
    assert "no-store" in response["Cache-Control"]
