import importlib
import sys

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, clear_url_caches, reverse

from eig.accounts.demo import DEMO_EMAIL_DOMAIN, demo_email, is_demo_email
from tests.factories import (
    AgentFactory,
    CandidateFactory,
    CoachFactory,
    OrganisationFactory,
    ReviewerFactory,
    StaffFactory,
)


def reload_urls() -> None:
    clear_url_caches()
    importlib.reload(sys.modules["config.urls"])
    clear_url_caches()


@pytest.fixture
def demo_off():
    with override_settings(DEMO=False):
        reload_urls()
        yield
    reload_urls()


def demo_world():
    organisation = OrganisationFactory(name="Office français de la biodiversité")
    return {
        "candidate": CandidateFactory(email=demo_email("candidate")),
        "agent": AgentFactory(email=demo_email("agent"), organisation=organisation),
        "reviewer": ReviewerFactory(email=demo_email("evaluatrice")),
        "coach": CoachFactory(email=demo_email("coach")),
        "staff": StaffFactory(email=demo_email("equipe")),
    }


def test_demo_emails_end_with_the_demo_domain():
    assert demo_email("coach") == f"coach@{DEMO_EMAIL_DOMAIN}"
    assert is_demo_email(f"Coach@{DEMO_EMAIL_DOMAIN.upper()}")
    assert not is_demo_email(f"coach@{DEMO_EMAIL_DOMAIN}.pirate.fr")


def test_the_demo_page_lists_the_demo_accounts_by_role(client, db):
    demo_world()
    outsider = StaffFactory(email="vraie.personne@numerique.gouv.fr")

    content = client.get(reverse("demo:accounts")).content.decode()

    for heading in ["Candidat·e", "Agent d’une administration", "Évaluateur·rice", "Coach"]:
        assert heading in content
    assert "Office français de la biodiversité" in content
    assert outsider.email not in content
    assert content.count(f"@{DEMO_EMAIL_DOMAIN}</td>") == 5


def test_the_demo_page_reads_a_bounded_number_of_queries(client, db, django_assert_max_num_queries):
    for number in range(12):
        AgentFactory(email=demo_email(f"agent{number}"))
    with django_assert_max_num_queries(6):
        assert client.get(reverse("demo:accounts")).status_code == 200


def test_the_demo_page_guides_when_no_demo_data_is_loaded(client, db):
    assert "seed_demo" in client.get(reverse("demo:accounts")).content.decode()


@pytest.mark.parametrize("role", ["candidate", "agent", "reviewer", "coach", "staff"])
def test_a_demo_account_signs_in_in_one_click(client, db, role):
    user = demo_world()[role]

    response = client.post(reverse("demo:sign_in", kwargs={"user_id": user.pk}))

    assert response["Location"] == reverse("accounts:dashboard")
    assert int(client.session["_auth_user_id"]) == user.pk


def test_demo_sign_in_answers_405_to_get(client, db):
    user = demo_world()["staff"]

    assert client.get(reverse("demo:sign_in", kwargs={"user_id": user.pk})).status_code == 405


def test_demo_sign_in_refuses_an_account_outside_the_demo_domain(client, db):
    real = StaffFactory(email="vraie.personne@numerique.gouv.fr")

    response = client.post(reverse("demo:sign_in", kwargs={"user_id": real.pk}))

    assert response.status_code == 404
    assert "_auth_user_id" not in client.session


def test_demo_sign_in_refuses_a_deactivated_demo_account(client, db):
    user = StaffFactory(email=demo_email("ancienne"), is_active=False)

    assert client.post(reverse("demo:sign_in", kwargs={"user_id": user.pk})).status_code == 404


def test_the_demo_urls_do_not_exist_when_demo_mode_is_off(client, db, demo_off):
    staff = StaffFactory(email=demo_email("equipe"))

    with pytest.raises(NoReverseMatch):
        reverse("demo:accounts")
    assert client.get("/demo/comptes/").status_code == 404
    assert client.post(f"/demo/comptes/{staff.pk}/connexion/").status_code == 404
    assert "_auth_user_id" not in client.session
    assert "/demo/" not in client.get(reverse("accounts:login")).content.decode()
