"""Who sees which défi: what is not public never leaves the spaces of the people concerned.

1. A défi that is not public (draft, submitted, under instruction, changes requested,
   declined, withdrawn) is absent from the catalogue, the JSON and the CSV, and its
   public page answers 404, whoever asks: a visitor, a candidate, an agent of another
   administration, a coach, a reviewer, the programme team and even the défi's own
   agents (they follow it in their own space). A public défi is there for all of them.
2. An agent of another administration can neither see nor change a draft or a
   submitted défi through any of the agents' URLs (404, and nothing changes); a
   candidate and a visitor are turned away before that (403, sign-in).
"""

import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eig.challenges.enums import PUBLIC_STATUSES, ChallengeStatus
from eig.challenges.models import Attachment, Challenge
from eig.core.history import event_list_for
from eig.notifications.models import Email
from tests.factories import (
    AgentFactory,
    CandidateFactory,
    ChallengeFactory,
    CoachFactory,
    ReviewerFactory,
    StaffFactory,
)
from tests.pdfs import minimal_pdf

pytestmark = pytest.mark.django_db

NOT_PUBLIC = [status for status in ChallengeStatus if status not in PUBLIC_STATUSES]
PUBLIC = [status for status in ChallengeStatus if status in PUBLIC_STATUSES]
VIEWERS = ["anonymous", "candidate", "other_agent", "own_agent", "coach", "reviewer", "staff"]
TITLE = "Un défi au titre reconnaissable"


def test_the_statuses_split_as_the_programme_says():
    assert set(NOT_PUBLIC) == {
        ChallengeStatus.DRAFT,
        ChallengeStatus.SUBMITTED,
        ChallengeStatus.INVESTIGATION,
        ChallengeStatus.CHANGES_REQUESTED,
        ChallengeStatus.DECLINED,
        ChallengeStatus.WITHDRAWN,
    }
    assert set(PUBLIC) == {
        ChallengeStatus.SELECTED,
        ChallengeStatus.RECRUITING,
        ChallengeStatus.STAFFED,
        ChallengeStatus.RUNNING,
        ChallengeStatus.COMPLETED,
    }


def sign_in(client, viewer, challenge):
    """Sign in as ``viewer``; the coach is asked for an opinion on the défi."""
    factories = {
        "candidate": CandidateFactory,
        "other_agent": AgentFactory,
        "reviewer": ReviewerFactory,
        "staff": StaffFactory,
    }
    if viewer == "anonymous":
        return
    if viewer == "own_agent":
        user = AgentFactory(organisation=challenge.organisation)
    elif viewer == "coach":
        user = CoachFactory()
        challenge.opinions.create(coach=user)
    else:
        user = factories[viewer]()
    client.force_login(user)


def catalogue_pks(client, **query):
    response = client.get(reverse("challenges:catalogue"), query)
    assert response.status_code == 200
    return {challenge.pk for challenge in response.context["page_obj"].object_list}


def json_pks(client, **query):
    response = client.get(reverse("challenges:opendata_json"), query)
    assert response.status_code == 200
    return {item["id"] for item in json.loads(response.content)["defis"]}


def csv_text(client, **query):
    response = client.get(reverse("challenges:opendata_csv"), query)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def public_page_status(client, challenge):
    url = reverse("challenges:public_detail", kwargs={"pk": challenge.pk})
    return client.get(url).status_code


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("status", NOT_PUBLIC)
def test_a_challenge_that_is_not_public_is_nowhere_in_public(client, status, viewer):
    challenge = ChallengeFactory(complete=True, status=status, title=TITLE)
    sign_in(client, viewer, challenge)

    for query in ({}, {"q": TITLE}, {"status": status}):
        assert challenge.pk not in catalogue_pks(client, **query)
        assert challenge.pk not in json_pks(client, **query)
        assert TITLE not in csv_text(client, **query)
    assert TITLE not in client.get(reverse("challenges:catalogue")).content.decode()
    assert public_page_status(client, challenge) == 404


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("status", PUBLIC)
def test_a_public_challenge_is_in_public_for_everyone(client, status, viewer):
    challenge = ChallengeFactory(complete=True, status=status, title=TITLE)
    sign_in(client, viewer, challenge)

    for query in ({}, {"q": TITLE}, {"status": status}):
        assert challenge.pk in catalogue_pks(client, **query)
        assert challenge.pk in json_pks(client, **query)
        assert TITLE in csv_text(client, **query)
    assert public_page_status(client, challenge) == 200


def test_a_challenge_stops_being_public_when_its_status_changes_back(client):
    """A guard against a cached or denormalised visibility: the status alone decides."""
    challenge = ChallengeFactory(complete=True, status=ChallengeStatus.SELECTED, title=TITLE)
    assert public_page_status(client, challenge) == 200

    Challenge.objects.filter(pk=challenge.pk).update(status=ChallengeStatus.WITHDRAWN)

    assert public_page_status(client, challenge) == 404
    assert challenge.pk not in catalogue_pks(client)


# The agents' URLs, tried by people who are not agents of the défi's administration


def pdf_upload():
    return SimpleUploadedFile("pirate.pdf", minimal_pdf(), content_type="application/pdf")


def agent_requests(challenge):
    """(method, URL name, URL arguments, data) for every URL of the agents' space that
    names a défi; ``data`` is what an intruder would post."""
    indicator = challenge.indicators.get()
    attachment = challenge.attachments.get()
    pk = {"pk": challenge.pk}
    on_indicator = {**pk, "indicator_pk": indicator.pk}
    on_attachment = {**pk, "attachment_pk": attachment.pk}
    indicator_data = {
        "name": "Indicateur pirate",
        "unit": "%",
        "baseline": "1",
        "target": "2",
        "data_source": "Pirate",
    }
    return [
        ("get", "challenges:detail", pk, None),
        ("get", "challenges:edit", {**pk, "section": "probleme"}, None),
        (
            "post",
            "challenges:edit",
            {**pk, "section": "probleme"},
            {"title": "Titre pirate", "problem": "Pirate", "affected_users": "Pirate"},
        ),
        ("get", "challenges:indicator_add", pk, None),
        ("post", "challenges:indicator_add", pk, indicator_data),
        ("get", "challenges:indicator_edit", on_indicator, None),
        ("post", "challenges:indicator_edit", on_indicator, indicator_data),
        ("post", "challenges:indicator_delete", on_indicator, {}),
        ("get", "challenges:attachment_add", pk, None),
        ("post", "challenges:attachment_add", pk, "upload"),
        ("get", "challenges:attachment_download", on_attachment, None),
        ("post", "challenges:attachment_delete", on_attachment, {}),
        ("get", "challenges:submit", pk, None),
        ("post", "challenges:submit", pk, {"confirm": "on"}),
        ("get", "challenges:withdraw", pk, None),
        ("post", "challenges:withdraw", pk, {"reason": "Retrait pirate"}),
    ]


def intrusion_target(status):
    """A défi of some administration, with an indicator and an attachment."""
    challenge = ChallengeFactory(complete=True, status=status, title=TITLE)
    attachment = Attachment(challenge=challenge, name="annexe.pdf", size=9)
    attachment.file.save("annexe.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return challenge


def snapshot(challenge):
    challenge.refresh_from_db()
    return {
        "status": challenge.status,
        "title": challenge.title,
        "problem": challenge.problem,
        "updated_at": challenge.updated_at,
        "indicators": list(challenge.indicators.values_list("name", "baseline", "target")),
        "attachments": list(challenge.attachments.values_list("pk", "name")),
        "history": event_list_for(challenge).count(),
        "emails": Email.objects.count(),
    }


def attempt(client, method, name, kwargs, data):
    url = reverse(name, kwargs=kwargs)
    if method == "get":
        return client.get(url)
    if data == "upload":
        data = {"file": pdf_upload()}
    return client.post(url, data)


@pytest.mark.parametrize("status", [ChallengeStatus.DRAFT, ChallengeStatus.SUBMITTED])
def test_an_agent_of_another_administration_can_neither_see_nor_change_the_challenge(
    client, status
):
    challenge = intrusion_target(status)
    before = snapshot(challenge)
    client.force_login(AgentFactory())

    answers = {
        (method, name): attempt(client, method, name, kwargs, data)
        for method, name, kwargs, data in agent_requests(challenge)
    }

    unexpected = {key: r.status_code for key, r in answers.items() if r.status_code != 404}
    assert not unexpected, f"expected 404 everywhere, got {unexpected}"
    assert all(TITLE.encode() not in r.content for r in answers.values())
    assert snapshot(challenge) == before


@pytest.mark.parametrize("status", [ChallengeStatus.DRAFT, ChallengeStatus.SUBMITTED])
def test_a_candidate_can_neither_see_nor_change_the_challenge(client, status):
    challenge = intrusion_target(status)
    before = snapshot(challenge)
    client.force_login(CandidateFactory())

    answers = {
        (method, name): attempt(client, method, name, kwargs, data)
        for method, name, kwargs, data in agent_requests(challenge)
    }

    unexpected = {
        key: r.status_code for key, r in answers.items() if r.status_code not in (403, 404)
    }
    assert not unexpected, f"expected 403 or 404 everywhere, got {unexpected}"
    assert all(TITLE.encode() not in r.content for r in answers.values())
    assert snapshot(challenge) == before


@pytest.mark.parametrize("status", [ChallengeStatus.DRAFT, ChallengeStatus.SUBMITTED])
def test_a_visitor_is_sent_to_sign_in_and_changes_nothing(client, status):
    challenge = intrusion_target(status)
    before = snapshot(challenge)

    answers = {
        (method, name): attempt(client, method, name, kwargs, data)
        for method, name, kwargs, data in agent_requests(challenge)
    }

    unexpected = {key: r.status_code for key, r in answers.items() if r.status_code != 302}
    assert not unexpected, f"expected a redirection to sign in everywhere, got {unexpected}"
    login_url = reverse("accounts:login")
    assert all(r["Location"].startswith(login_url) for r in answers.values())
    assert snapshot(challenge) == before


@pytest.mark.parametrize("status", [ChallengeStatus.DRAFT, ChallengeStatus.SUBMITTED])
def test_a_coach_who_was_not_asked_cannot_read_the_challenge(client, status):
    challenge = intrusion_target(status)
    client.force_login(CoachFactory())

    response = client.get(reverse("challenges:coach_detail", kwargs={"pk": challenge.pk}))

    assert response.status_code in (403, 404)
    assert TITLE.encode() not in response.content
