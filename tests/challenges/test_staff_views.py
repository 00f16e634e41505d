"""The programme team's pages: the list of défis, its bulk decisions, a défi's file,
its notes, opinions and decisions, and the priority policies."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from eig.challenges.enums import ChallengeStatus, Verdict
from eig.challenges.models import Challenge, Note, Opinion, PriorityPolicy
from eig.challenges.services import challenges as services
from eig.core.history_actions import HistoryAction
from eig.core.models import Event
from eig.notifications.models import Email
from tests.challenges.instruction import agent_of, submitted_challenge
from tests.factories import (
    AgentFactory,
    ChallengeFactory,
    CoachFactory,
    OrganisationFactory,
    PriorityPolicyFactory,
    RoundFactory,
    StaffFactory,
)

LIST = reverse("challenges:staff_list")
BULK = reverse("challenges:staff_bulk")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _titles(response) -> list[str]:
    return [challenge.title for challenge in response.context["page_obj"].object_list]


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# The list


def test_the_list_shows_every_défi_drafts_marked(staff_client):
    draft = ChallengeFactory(title="Un brouillon")
    submitted = ChallengeFactory(title="Un dépôt", status=ChallengeStatus.SUBMITTED)
    response = staff_client.get(LIST)
    assert response.status_code == 200
    assert set(_titles(response)) == {draft.title, submitted.title}
    content = response.content.decode()
    assert "non déposé" in content
    assert reverse("challenges:staff_detail", kwargs={"pk": submitted.pk}) in content


@pytest.mark.parametrize(
    ("field", "value_of", "expected"),
    [
        ("status", lambda w: ChallengeStatus.SUBMITTED, {"submitted"}),
        ("round", lambda w: w["round"].pk, {"in_round"}),
        ("organisation", lambda w: w["organisation"].pk, {"of_organisation"}),
        ("policy", lambda w: w["policy"].pk, {"with_policy"}),
        ("profile", lambda w: "product", {"product"}),
        ("profile", lambda w: "tech", {"tech"}),
    ],
)
def test_each_filter_narrows_the_list(staff_client, field, value_of, expected):
    world = {
        "round": RoundFactory(),
        "organisation": OrganisationFactory(),
        "policy": PriorityPolicyFactory(),
    }
    ChallengeFactory(title="submitted", status=ChallengeStatus.SUBMITTED)
    ChallengeFactory(title="in_round", round=world["round"])
    ChallengeFactory(title="of_organisation", organisation=world["organisation"])
    ChallengeFactory(title="with_policy", priority_policy=world["policy"])
    ChallengeFactory(title="product", wants_product=True)
    ChallengeFactory(title="tech", wants_tech=True)
    response = staff_client.get(LIST, {field: value_of(world)})
    assert set(_titles(response)) == expected


@pytest.mark.parametrize("query", ["cantine", "RESTAURATION", "Direction des écoles", "DGESCO"])
def test_the_search_reads_title_problem_and_organisation(staff_client, query):
    organisation = OrganisationFactory(name="Direction des écoles", acronym="DGESCO")
    ChallengeFactory(title="La cantine", organisation=organisation)
    ChallengeFactory(
        title="Autre chose", problem="La restauration scolaire", organisation=organisation
    )
    ChallengeFactory(title="Sans rapport")
    titles = set(_titles(staff_client.get(LIST, {"q": query})))
    assert "Sans rapport" not in titles
    assert titles


def test_a_stale_filter_is_ignored_rather_than_failing(staff_client):
    ChallengeFactory(title="Visible")
    response = staff_client.get(LIST, {"round": 999999, "status": "nonsense"})
    assert response.status_code == 200
    assert _titles(response) == ["Visible"]


def test_counts_per_status_follow_the_other_filters(staff_client):
    organisation = OrganisationFactory()
    ChallengeFactory.create_batch(2, organisation=organisation)
    ChallengeFactory(organisation=organisation, status=ChallengeStatus.SUBMITTED)
    ChallengeFactory(status=ChallengeStatus.SUBMITTED)
    response = staff_client.get(LIST, {"organisation": organisation.pk, "status": "submitted"})
    counts = {item.value: item.count for item in response.context["counts"]}
    assert counts["draft"] == 2
    assert counts["submitted"] == 1
    assert counts["selected"] == 0
    assert _titles(response)
    assert len(_titles(response)) == 1


def test_the_list_is_paginated(staff_client):
    ChallengeFactory.create_batch(55)
    first = staff_client.get(LIST)
    second = staff_client.get(LIST, {"page": 2})
    assert len(_titles(first)) == 50
    assert len(_titles(second)) == 5
    assert first.context["page_obj"].paginator.count == 55


def test_the_list_shows_each_défi_s_opinions_given_out_of_asked(staff_client):
    coaches = CoachFactory.create_batch(3)
    asked = ChallengeFactory(complete=True, status=ChallengeStatus.SUBMITTED, title="Avec avis")
    for index, coach in enumerate(coaches):
        Opinion.objects.create(
            challenge=asked,
            coach=coach,
            given_at=timezone.now() if index else None,
        )
    ChallengeFactory(complete=True, status=ChallengeStatus.SUBMITTED, title="Sans avis")
    rows = {
        challenge.title: (challenge.opinions_given, challenge.opinions_asked)
        for challenge in staff_client.get(LIST).context["page_obj"]
    }
    assert rows == {"Avec avis": (2, 3), "Sans avis": (0, 0)}
    assert "2 sur 3" in staff_client.get(LIST).content.decode()


def _populate(count: int) -> None:
    coach = CoachFactory()
    round_ = RoundFactory()
    for index in range(count):
        challenge = ChallengeFactory(
            complete=True,
            round=round_,
            status=ChallengeStatus.SUBMITTED if index % 2 else ChallengeStatus.DRAFT,
        )
        Opinion.objects.create(challenge=challenge, coach=coach)


def _list_queries(client, count: int) -> int:
    Challenge.objects.all().delete()
    _populate(count)
    cache.clear()  # measured as the first request after a change: kept menus read again
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.status_code == 200
    assert len(_titles(response)) == min(count, 50)
    return len(queries)


def test_the_list_runs_a_bounded_number_of_queries(staff_client, django_assert_max_num_queries):
    small = _list_queries(staff_client, 5)
    large = _list_queries(staff_client, 50)
    assert small == large
    with django_assert_max_num_queries(12):
        staff_client.get(LIST)


def test_the_list_is_in_the_staff_navigation(staff_client):
    content = staff_client.get(LIST).content.decode()
    assert f'href="{LIST}"' in content


# The list is kept: rendered once per change of the recorded data


def _challenge_queries(client, query=None) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST, query or {}).status_code == 200
    return [captured["sql"] for captured in queries.captured_queries]


def test_the_list_shown_again_reads_none_of_its_rows(staff_client):
    submitted_challenge(title="Une cantine gardée")
    assert "Une cantine gardée" in staff_client.get(LIST).content.decode()

    again = _challenge_queries(staff_client)

    assert not [sql for sql in again if "challenges_" in sql]
    assert "Une cantine gardée" in staff_client.get(LIST).content.decode()
    assert [sql for sql in _challenge_queries(staff_client, {"page": "2"}) if "challenges_" in sql]


def test_the_list_shown_again_renders_none_of_its_form_fields(staff_client):
    submitted_challenge()
    first = staff_client.get(LIST)
    assert "Appliquer aux défis cochés" in first.content.decode()

    again = staff_client.get(LIST)

    # The bulk form's fields, like the filters, come kept: no field template renders.
    content = again.content.decode()
    assert 'name="action"' in content
    assert 'name="message"' in content
    assert [t.name for t in first.templates if "field" in (t.name or "")]
    assert not [t.name for t in again.templates if "field" in (t.name or "")]


def test_a_refused_bulk_decision_shows_its_own_fields_with_their_error(staff_client):
    challenge = submitted_challenge()
    staff_client.get(LIST)  # the list kept

    response = staff_client.post(
        BULK, {"challenges": [challenge.pk], "action": "", "message": "Gardé", "next": LIST}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "fr-input-group--error" in content or "fr-select-group--error" in content
    assert "Gardé" in content


def test_a_bulk_decision_shows_on_the_list_it_goes_back_to(
    staff_client, django_capture_on_commit_callbacks
):
    challenge = submitted_challenge()
    row_link = reverse("challenges:staff_detail", args=[challenge.pk])
    url = f"{LIST}?status=investigation"
    assert row_link not in staff_client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            BULK, {"challenges": [challenge.pk], "action": "investigate", "next": url}
        )

    assert response.status_code == 302
    assert row_link in staff_client.get(url).content.decode()


@pytest.mark.django_db
def test_the_kept_list_carries_each_person_s_own_csrf_token():
    submitted_challenge()
    for staff in (StaffFactory(), StaffFactory()):
        client = Client(enforce_csrf_checks=True)
        client.force_login(staff)
        page = client.get(LIST).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        response = client.post(
            BULK, {"csrfmiddlewaretoken": token, "action": "investigate", "next": LIST}
        )
        assert response.status_code == 200, "refused for want of a tick, not of a token"


# Bulk decisions


def test_a_bulk_decision_reports_what_succeeded_and_what_was_refused(staff_client):
    first, second = submitted_challenge(), submitted_challenge()
    draft = ChallengeFactory(title="Encore un brouillon")
    next_url = f"{LIST}?status=submitted"
    response = staff_client.post(
        BULK,
        {
            "challenges": [first.pk, second.pk, draft.pk],
            "action": "investigate",
            "message": "On regarde cela de près.",
            "next": next_url,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == next_url
    statuses = dict(Challenge.objects.values_list("pk", "status"))
    assert statuses[first.pk] == statuses[second.pk] == ChallengeStatus.INVESTIGATION
    assert statuses[draft.pk] == ChallengeStatus.DRAFT
    messages = _messages(response)
    assert any("2 défi(s)" in message for message in messages)
    assert any("Encore un brouillon" in m and "statut actuel" in m for m in messages)


def test_a_bulk_decision_without_its_required_message_changes_nothing(staff_client):
    challenge = submitted_challenge()
    response = staff_client.post(
        BULK, {"challenges": [challenge.pk], "action": "decline", "message": " ", "next": LIST}
    )
    assert response.status_code == 200
    assert "Écrivez le message" in response.content.decode()
    assert f'value="{challenge.pk}" checked' in response.content.decode()
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.SUBMITTED


def test_a_bulk_decision_with_nothing_ticked_says_so(staff_client):
    response = staff_client.post(BULK, {"action": "investigate", "message": ""})
    assert response.status_code == 200
    assert any("Cochez au moins un défi" in message for message in _messages(response))


def test_a_bulk_decision_never_redirects_outside_the_list(staff_client):
    challenge = submitted_challenge()
    response = staff_client.post(
        BULK,
        {"challenges": [challenge.pk], "action": "investigate", "next": "https://evil.example/"},
    )
    assert response["Location"] == LIST


def test_bulk_selection_sends_each_administration_its_decision(staff_client):
    challenge = submitted_challenge()
    staff_client.post(
        BULK,
        {"challenges": [challenge.pk], "action": "select", "message": "Bravo, défi retenu."},
    )
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.SELECTED
    assert challenge.decided_at is not None
    email = Email.objects.filter(
        template="challenge_status_changed", to=agent_of(challenge).email
    ).get()
    assert "Bravo, défi retenu." in email.body_text


# A défi's file


def _detail(challenge) -> str:
    return reverse("challenges:staff_detail", kwargs={"pk": challenge.pk})


def test_the_detail_shows_every_section_indicators_attachments_and_completeness(staff_client):
    challenge = submitted_challenge(
        beta_product_url="https://beta.gouv.fr/startups/exemple.html", incubator="DINUM"
    )
    content = staff_client.get(_detail(challenge)).content.decode()
    for text in (
        challenge.problem,
        challenge.affected_users,
        challenge.priority_policy.name,
        challenge.sponsor_name,
        challenge.sponsor_role,
        "Je m’engage à soutenir l’équipe",
        challenge.first_users,
        challenge.plan_3_months,
        challenge.plan_6_months,
        challenge.team,
        challenge.budget,
        challenge.autonomy,
        "Délai moyen de traitement",
        "Tableau de bord du service instructeur",
        "Dossier complet",
        "Ouvrir l’investigation",
        "Ne pas retenir le défi",
    ):
        assert text in content, text


def test_the_detail_of_an_incomplete_draft_says_what_is_missing(staff_client):
    draft = ChallengeFactory(title="Brouillon incomplet")
    response = staff_client.get(_detail(draft))
    content = response.content.decode()
    assert "Le dossier est incomplet" in content
    assert "le nom du sponsor" in content
    assert "Aucune décision n’est possible dans ce statut." in content


def test_the_detail_of_an_unknown_défi_is_404(staff_client):
    assert (
        staff_client.get(reverse("challenges:staff_detail", kwargs={"pk": 999999})).status_code
        == 404
    )


def test_the_detail_runs_a_bounded_number_of_queries(staff_client, django_assert_max_num_queries):
    challenge = submitted_challenge()
    for _ in range(5):
        coach = CoachFactory()
        services.opinion_request(challenge=challenge, coach=coach, by=StaffFactory())
        services.note_add(challenge=challenge, by=StaffFactory(), text="Une note")
    with django_assert_max_num_queries(20):
        staff_client.get(_detail(challenge))


# Decisions one by one


def _transition(client, challenge, action: str, message: str = ""):
    url = reverse("challenges:staff_transition", kwargs={"pk": challenge.pk})
    return client.post(url, {"action": action, "message": message})


def test_staff_request_changes_with_a_message_the_agent_receives(staff_client):
    challenge = submitted_challenge()
    response = _transition(staff_client, challenge, "request_changes", "Précisez le budget.")
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.CHANGES_REQUESTED
    event = Event.objects.get(object_id=challenge.pk, action=HistoryAction.CHANGES_REQUESTED)
    assert event.comment == "Précisez le budget."
    email = Email.objects.get(template="challenge_status_changed", to=agent_of(challenge).email)
    assert "Précisez le budget." in email.body_text


def test_a_decision_that_needs_a_message_is_refused_without_one(staff_client):
    challenge = submitted_challenge()
    response = _transition(staff_client, challenge, "request_changes", "  ")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="decision_message_error"' in content
    assert "Écrivez le message qui motive cette décision" in content
    assert 'aria-invalid="true"' in content
    # The decision chosen stays chosen.
    assert re.search(r'value="request_changes"[^>]*checked', content)
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.SUBMITTED


def test_one_decision_form_chooses_the_decision_then_one_message(staff_client):
    challenge = submitted_challenge()
    content = staff_client.get(_detail(challenge)).content.decode()
    assert (
        content.count(
            f'action="{reverse("challenges:staff_transition", kwargs={"pk": challenge.pk})}"'
        )
        == 1
    )
    assert content.count("<textarea") == 2  # the decision’s and the note’s (no coach to ask)
    decision = content[
        content.index('class="eig-decision') : content.index(
            "</form>", content.index('class="eig-decision')
        )
    ]
    assert decision.index('name="action"') < decision.index("<textarea")
    for name, requirement in (
        ("investigate", "optional"),
        ("request_changes", "required"),
        ("select", "required"),
        ("decline", "required"),
    ):
        assert f'value="{name}" data-message="{requirement}"' in decision
    assert (
        "obligatoire pour « Demander des modifications », « Retenir le défi », "
        "« Ne pas retenir le défi »"
    ) in decision
    assert "Appliquer la décision" in decision


def test_a_single_possible_decision_is_named_on_its_button_with_its_requirement(staff_client):
    challenge = submitted_challenge()
    for name in ("select", "open_recruitment", "mark_staffed", "start"):
        services.challenge_transition(
            challenge=challenge, by=StaffFactory(), name=name, message="Motif."
        )
    content = staff_client.get(_detail(challenge)).content.decode()
    assert 'type="hidden" name="action" value="complete"' in content
    assert "(obligatoire)" in content
    assert "Ce que devient le défi" in content
    assert '<button type="submit" class="fr-btn">Clore le défi</button>' in content

    response = staff_client.post(
        reverse("challenges:staff_transition", kwargs={"pk": challenge.pk}),
        {"action": "complete", "message": "Bilan rédigé.", "outcome": ""},
    )
    assert "Indiquez ce que devient le défi." in response.content.decode()
    assert "Bilan rédigé." in response.content.decode()
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.RUNNING


def test_investigation_needs_no_message(staff_client):
    challenge = submitted_challenge()
    assert _transition(staff_client, challenge, "investigate").status_code == 302
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.INVESTIGATION


def test_a_refused_decision_keeps_what_was_typed(staff_client):
    challenge = submitted_challenge()
    services.challenge_transition(
        challenge=challenge, by=StaffFactory(), name="decline", message="Hors champ."
    )
    response = _transition(staff_client, challenge, "select", "Mon long argumentaire tapé.")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Cette décision n’est plus possible" in content
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.DECLINED
    # The défi is now declined: no form is left, but the typed text is shown back.
    assert response.context["decision_form"].transitions == []
    assert "Votre message n’a pas été envoyé" in content
    assert "Mon long argumentaire tapé." in content


def test_a_refused_decision_shows_the_typed_message_back_in_its_field(staff_client):
    challenge = submitted_challenge()
    services.challenge_transition(challenge=challenge, by=StaffFactory(), name="investigate")
    response = _transition(staff_client, challenge, "decline", "Mon argumentaire.")
    assert response.status_code == 302
    response = _transition(staff_client, challenge, "select", "Un autre argumentaire.")
    # Declined meanwhile: nothing is lost, the text is shown back.
    assert "Un autre argumentaire." in response.content.decode()
    challenge = submitted_challenge()
    response = _transition(staff_client, challenge, "select", "")
    assert response.context["decision_form"].errors["message"]
    assert 'id="decision_message_error"' in response.content.decode()
    response = staff_client.post(
        reverse("challenges:staff_transition", kwargs={"pk": challenge.pk}),
        {"action": "nonsense", "message": "Texte"},
    )
    assert response.status_code == 200


# Notes


def test_notes_are_shown_to_staff_apart_from_the_history(staff_client):
    challenge = submitted_challenge()
    url = reverse("challenges:staff_note_add", kwargs={"pk": challenge.pk})
    response = staff_client.post(url, {"text": "Sponsor rencontré, très motivé."})
    assert response.status_code == 302
    assert response["Location"].endswith("#annotations")
    assert Note.objects.get(challenge=challenge).text == "Sponsor rencontré, très motivé."
    content = staff_client.get(_detail(challenge)).content.decode()
    notes = content[content.index('id="annotations"') : content.index('id="historique"')]
    history = content[content.index('id="historique"') :]
    assert "Sponsor rencontré, très motivé." in notes
    assert "Sponsor rencontré, très motivé." not in history
    assert "Défi déposé" in history


def test_an_empty_note_is_refused_on_the_page(staff_client):
    challenge = submitted_challenge()
    url = reverse("challenges:staff_note_add", kwargs={"pk": challenge.pk})
    response = staff_client.post(url, {"text": "  "})
    assert response.status_code == 200
    assert "Écrivez l’annotation" in response.content.decode()
    assert not Note.objects.exists()


def test_notes_are_never_shown_to_the_agents(client, staff):
    challenge = submitted_challenge()
    services.note_add(challenge=challenge, by=staff, text="Secret de l’équipe")
    agent = agent_of(challenge)
    client.force_login(agent)
    response = client.get(reverse("challenges:detail", kwargs={"pk": challenge.pk}))
    assert response.status_code == 200
    assert "Secret de l’équipe" not in response.content.decode()


# Opinions


def test_staff_request_an_opinion_and_the_coach_gets_an_email(staff_client):
    challenge = submitted_challenge()
    coach = CoachFactory()
    url = reverse("challenges:staff_opinion_request", kwargs={"pk": challenge.pk})
    response = staff_client.post(url, {"coach": coach.pk, "message": "Regarde surtout l’équipe."})
    assert response.status_code == 302
    opinion = Opinion.objects.get(challenge=challenge, coach=coach)
    assert opinion.request_message == "Regarde surtout l’équipe."
    email = Email.objects.get(template="opinion_requested", to=coach.email)
    assert "Regarde surtout l’équipe." in email.body_text
    assert reverse("challenges:coach_detail", kwargs={"pk": challenge.pk}) in email.body_text
    # The coach asked is no longer proposed; only coaches are.
    form = staff_client.get(_detail(challenge)).context["opinion_form"]
    assert coach not in form.fields["coach"].queryset


def test_an_opinion_request_without_a_coach_is_refused_on_the_page(staff_client):
    challenge = submitted_challenge()
    url = reverse("challenges:staff_opinion_request", kwargs={"pk": challenge.pk})
    response = staff_client.post(url, {"coach": AgentFactory().pk, "message": "Gardé"})
    assert response.status_code == 200
    assert "Gardé" in response.content.decode()
    assert not Opinion.objects.exists()


def test_the_detail_shows_opinions_with_their_verdict(staff_client):
    challenge = submitted_challenge()
    coach = CoachFactory(first_name="Camille", last_name="Martin")
    opinion = services.opinion_request(challenge=challenge, coach=coach, by=StaffFactory())
    services.opinion_give(
        opinion=opinion, by=coach, verdict=Verdict.RESERVED, text="Le sponsor doit s’engager."
    )
    content = staff_client.get(_detail(challenge)).content.decode()
    assert "Camille Martin" in content
    assert "Avis réservé" in content
    assert "Le sponsor doit s’engager." in content


# Priority policies


def test_staff_add_a_policy(staff_client):
    response = staff_client.post(
        reverse("challenges:policy_create"),
        {"name": "France 2030", "is_active": "on", "position": 5},
    )
    assert response.status_code == 302
    policy = PriorityPolicy.objects.get(name="France 2030")
    assert policy.is_active
    assert policy.position == 5
    assert Event.objects.filter(action=HistoryAction.POLICY_CREATED, object_id=policy.pk).exists()


def test_a_policy_with_the_same_name_is_refused(staff_client):
    PriorityPolicyFactory(name="Transition écologique")
    response = staff_client.post(
        reverse("challenges:policy_create"),
        {"name": "transition écologique", "position": 1},
    )
    assert response.status_code == 200
    assert "existe déjà" in response.content.decode()


def test_staff_edit_a_policy(staff_client):
    policy = PriorityPolicyFactory(name="Santé")
    url = reverse("challenges:policy_edit", kwargs={"pk": policy.pk})
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"name": "Santé pour tous", "position": 3})
    assert response.status_code == 302
    policy.refresh_from_db()
    assert (policy.name, policy.is_active, policy.position) == ("Santé pour tous", False, 3)


def test_a_policy_in_use_is_deactivated_rather_than_deleted(staff_client):
    used = PriorityPolicyFactory()
    ChallengeFactory(priority_policy=used)
    unused = PriorityPolicyFactory()
    for policy in (used, unused):
        staff_client.post(
            reverse("challenges:policy_edit", kwargs={"pk": policy.pk}), {"delete": "1"}
        )
    used.refresh_from_db()
    assert not used.is_active
    assert not PriorityPolicy.objects.filter(pk=unused.pk).exists()


def test_the_policy_list_counts_their_défis(staff_client):
    policy = PriorityPolicyFactory(name="Éducation")
    ChallengeFactory.create_batch(3, priority_policy=policy)
    response = staff_client.get(reverse("challenges:policy_list"))
    row = next(p for p in response.context["policies"] if p.pk == policy.pk)
    assert row.challenge_count == 3
