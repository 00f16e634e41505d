import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from eig.accounts import selectors
from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.accounts.oidc import SIRET_SESSION_KEY
from eig.accounts.selectors import DashboardLink
from eig.notifications.models import Email
from tests.factories import (
    DEFAULT_PASSWORD,
    AgentFactory,
    CandidateFactory,
    CoachFactory,
    OrganisationFactory,
    ReviewerFactory,
    StaffFactory,
)

NEW_PASSWORD = "un-nouveau-secret-bien-long"


def link_in(email: Email) -> str:
    """The path of the first link of the site in an e-mail."""
    url = re.search(r"https?://[^\s\"<]+", email.body_text).group(0)
    return re.sub(r"^https?://[^/]+", "", url)


def sign_up(client, email: str = "jeanne@example.fr"):
    return client.post(
        reverse("account_signup"),
        {
            "first_name": "Jeanne",
            "last_name": "Candidate",
            "email": email,
            "password1": "un-secret-bien-long-2026",
            "password2": "un-secret-bien-long-2026",
        },
    )


def sign_in(client, email: str, password: str = DEFAULT_PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


# The sign-in choice page


def test_the_sign_in_page_offers_proconnect_and_the_candidates_form(client, db):
    response = client.get(reverse("accounts:login"))

    content = response.content.decode()
    assert 'class="fr-connect"' in content
    assert reverse("oidc_authentication_init") in content
    assert "S’identifier avec" in content
    assert reverse("account_login") in content
    assert reverse("account_signup") in content


def test_the_sign_in_page_passes_a_safe_next_on(client, db):
    response = client.get(reverse("accounts:login"), {"next": "/compte/mon-espace/"})

    assert "?next=%2Fcompte%2Fmon-espace%2F" in response.content.decode()


def test_the_sign_in_page_drops_an_unsafe_next(client, db):
    response = client.get(reverse("accounts:login"), {"next": "https://pirate.example/"})

    assert "pirate" not in response.content.decode()


def test_a_signed_in_person_is_sent_to_their_space_or_to_next(client, candidate):
    client.force_login(candidate)

    assert client.get(reverse("accounts:login"))["Location"] == reverse("accounts:dashboard")
    response = client.get(reverse("accounts:login"), {"next": "/candidater/"})
    assert response["Location"] == "/candidater/"


# Candidates: sign-up, verification, sign-in, password


def test_sign_up_creates_a_candidate_and_queues_the_verification_email(client, db):
    response = sign_up(client)

    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="jeanne@example.fr")
    assert (user.role, user.first_name, user.last_name) == (Role.CANDIDATE, "Jeanne", "Candidate")
    email = Email.objects.get(to="jeanne@example.fr")
    assert email.template == "accounts/email_confirmation_signup"
    assert email.subject.startswith("Vérifiez votre adresse e-mail")
    assert "/compte/confirm-email/" in email.body_text
    assert "_auth_user_id" not in client.session


def test_an_unverified_candidate_cannot_sign_in(client, db):
    CandidateFactory(email="pas.verifiee@example.fr", verified_email=False)
    EmailAddress.objects.create(
        user=User.objects.get(email="pas.verifiee@example.fr"),
        email="pas.verifiee@example.fr",
        verified=False,
        primary=True,
    )

    response = sign_in(client, "pas.verifiee@example.fr")

    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert Email.objects.filter(to="pas.verifiee@example.fr").exists()


def test_the_verification_link_activates_the_account(client, db):
    sign_up(client)
    confirm_url = link_in(Email.objects.get(to="jeanne@example.fr"))

    assert client.get(confirm_url).status_code == 200
    response = client.post(confirm_url)

    assert EmailAddress.objects.get(email="jeanne@example.fr").verified
    assert response["Location"] == reverse("accounts:dashboard")


def test_a_verified_candidate_signs_in_and_lands_in_their_space(client, db):
    candidate = CandidateFactory()

    response = sign_in(client, candidate.email)

    assert response["Location"] == reverse("accounts:dashboard")
    assert int(client.session["_auth_user_id"]) == candidate.pk


@pytest.mark.parametrize("factory", [AgentFactory, ReviewerFactory, CoachFactory, StaffFactory])
def test_proconnect_roles_cannot_sign_in_with_a_password(client, db, factory):
    user = factory()

    response = sign_in(client, user.email)

    assert response.status_code == 200
    assert "Ce compte se connecte avec ProConnect" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link_that_sets_a_new_password(client, db):
    candidate = CandidateFactory()

    response = client.post(reverse("account_reset_password"), {"email": candidate.email})

    assert response["Location"] == reverse("account_reset_password_done")
    email = Email.objects.get(to=candidate.email, template="accounts/password_reset_key")
    form_url = client.get(link_in(email))["Location"]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    candidate.refresh_from_db()
    assert candidate.check_password(NEW_PASSWORD)


def test_password_reset_of_a_proconnect_account_points_to_proconnect(client, db):
    agent = AgentFactory()

    client.post(reverse("account_reset_password"), {"email": agent.email})

    email = Email.objects.get(to=agent.email)
    assert email.template == "accounts/password_reset_proconnect"
    assert "ProConnect" in email.body_text
    assert "password/reset/key" not in email.body_text


def test_a_candidate_changes_their_password(client, candidate):
    client.force_login(candidate)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": DEFAULT_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.check_password(NEW_PASSWORD)
    assert Email.objects.filter(to=candidate.email, template="accounts/password_changed").exists()


def test_form_errors_are_in_french_and_linked_to_their_field(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "first_name": "",
            "last_name": "X",
            "email": "pas-un-email",
            "password1": "a",
            "password2": "b",
        },
    )

    content = response.content.decode()
    assert 'aria-describedby="id_email-hint id_email-messages"' in content
    assert 'id="id_email-messages"' in content
    assert "Ce champ est obligatoire" in content


# Lockout


def test_repeated_failed_sign_ins_lock_the_account_out(client, settings, db):
    candidate = CandidateFactory()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, candidate.email, "mauvais-mot-de-passe").status_code == 200

    response = sign_in(client, candidate.email, "mauvais-mot-de-passe")

    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in response.content.decode()
    locked = sign_in(client, candidate.email)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_on_one_account_do_not_lock_another(client, settings, db):
    candidate, other = CandidateFactory(), CandidateFactory()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, candidate.email, "mauvais-mot-de-passe")

    assert sign_in(client, other.email)["Location"] == reverse("accounts:dashboard")


# Space and attachment


def test_the_candidate_space_links_to_profile_applications_and_account(client, candidate):
    client.force_login(candidate)

    content = client.get(reverse("accounts:dashboard")).content.decode()

    for name in ["candidacies:profile", "candidacies:list", "account_change_password"]:
        assert f'href="{reverse(name)}"' in content
    assert reverse("programmes:index") not in content


def test_a_space_whose_pages_are_not_written_yet_says_what_is_coming(
    client, candidate, monkeypatch
):
    missing = DashboardLink("Plus tard", "Pas encore", "nowhere:page", frozenset({Role.CANDIDATE}))
    monkeypatch.setattr(selectors, "DASHBOARD_LINKS", [missing])
    client.force_login(candidate)

    content = client.get(reverse("accounts:dashboard")).content.decode()

    assert "arrivent très bientôt" in content
    assert "Plus tard" not in content


def test_the_agent_space_lists_their_administrations_and_defis(client, db):
    organisation = OrganisationFactory(name="Direction des services numériques")
    client.force_login(AgentFactory(organisation=organisation))

    content = client.get(reverse("accounts:dashboard")).content.decode()

    assert "Direction des services numériques" in content
    assert f'href="{reverse("challenges:create")}"' in content


def test_an_agent_without_administration_is_pointed_to_the_attachment_page(client, db):
    client.force_login(AgentFactory(organisation=False))

    content = client.get(reverse("accounts:dashboard")).content.decode()

    assert reverse("accounts:not_attached") in content
    assert f'href="{reverse("challenges:create")}"' not in content


def test_the_staff_space_links_to_what_the_team_runs(client, staff):
    client.force_login(staff)

    content = client.get(reverse("accounts:dashboard")).content.decode()

    for name in ["programmes:index", "organisations:list", "challenges:staff_list"]:
        assert f'href="{reverse(name)}"' in content


def test_the_coach_space_links_to_the_opinions_requested(client, coach):
    client.force_login(coach)

    content = client.get(reverse("accounts:dashboard")).content.decode()

    assert f'href="{reverse("challenges:coach_list")}"' in content


def test_reviewers_are_led_to_their_reviews_and_interviews(client, reviewer):
    client.force_login(reviewer)

    content = client.get(reverse("accounts:dashboard")).content.decode()

    assert reverse("selection:reviewer_home") in content
    assert reverse("interviews:my_interviews") in content


def test_the_attachment_page_shows_the_siret_received(client, db):
    client.force_login(AgentFactory(organisation=False))
    session = client.session
    session[SIRET_SESSION_KEY] = "11000201100044"
    session.save()

    content = client.get(reverse("accounts:not_attached")).content.decode()

    assert "11000201100044" in content
    assert "mailto:" in content


def test_sign_out_ends_the_session(client, candidate):
    client.force_login(candidate)

    response = client.post(reverse("accounts:logout"))

    assert response["Location"] == reverse("public:home")
    assert "_auth_user_id" not in client.session


def test_sign_out_of_a_proconnect_session_also_signs_out_of_the_provider(client, settings, agent):
    settings.OIDC_OP_LOGOUT_ENDPOINT = "https://proconnect.example/session/end"
    client.force_login(agent)
    session = client.session
    session["oidc_id_token"] = "the-id-token"
    session.save()

    response = client.post(reverse("accounts:logout"))

    assert response["Location"].startswith("https://proconnect.example/session/end?")
    assert "id_token_hint=the-id-token" in response["Location"]
