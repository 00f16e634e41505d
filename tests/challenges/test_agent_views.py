"""The agents' pages: Mes défis, proposing, completing, submitting, withdrawing."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from eig.challenges.enums import ChallengeStatus, Outcome
from eig.challenges.models import Attachment, Challenge, Opinion
from eig.challenges.services import challenges as services
from eig.challenges.services.results import outcome_record
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from eig.impact.history_import import history_import
from eig.notifications.models import Email
from eig.organisations.models import Membership
from tests.factories import (
    AgentFactory,
    CandidateFactory,
    ChallengeFactory,
    CoachFactory,
    IndicatorFactory,
    OrganisationFactory,
    PriorityPolicyFactory,
    RoundFactory,
    StaffFactory,
)
from tests.impact.history import defi, personne, write_source
from tests.pdfs import minimal_pdf

pytestmark = pytest.mark.django_db

PDF = minimal_pdf()


def _today():
    return timezone.localdate()


@pytest.fixture
def open_round():
    return RoundFactory(opens_on=_today() - datetime.timedelta(days=2))


@pytest.fixture
def agent():
    return AgentFactory()


@pytest.fixture
def draft(agent):
    return ChallengeFactory(organisation=agent.memberships.get().organisation)


@pytest.fixture
def signed_in(client, agent):
    client.force_login(agent)
    return client


def _url(name, challenge, **kwargs):
    return reverse(f"challenges:{name}", kwargs={"pk": challenge.pk, **kwargs})


def _attach(challenge, by, content=PDF, name="note.pdf"):
    attachment = Attachment(challenge=challenge, name=name, size=len(content), uploaded_by=by)
    attachment.file.save(name, ContentFile(content), save=True)
    return attachment


# --- who may open the agents' pages ---------------------------------------------------


def _agent_urls(challenge, indicator, attachment):
    return [
        ("get", _url("detail", challenge)),
        ("get", _url("edit", challenge, section="probleme")),
        ("post", _url("edit", challenge, section="sponsor")),
        ("get", _url("indicator_add", challenge)),
        ("get", _url("indicator_edit", challenge, indicator_pk=indicator.pk)),
        ("post", _url("indicator_delete", challenge, indicator_pk=indicator.pk)),
        ("get", _url("attachment_add", challenge)),
        ("post", _url("attachment_add", challenge)),
        ("get", _url("attachment_download", challenge, attachment_pk=attachment.pk)),
        ("post", _url("attachment_delete", challenge, attachment_pk=attachment.pk)),
        ("get", _url("submit", challenge)),
        ("post", _url("submit", challenge)),
        ("get", _url("withdraw", challenge)),
        ("post", _url("withdraw", challenge)),
    ]


@pytest.mark.parametrize("status", [ChallengeStatus.DRAFT, ChallengeStatus.SUBMITTED])
def test_an_agent_of_another_organisation_gets_404_on_every_url_of_the_defi(client, agent, status):
    challenge = ChallengeFactory(
        organisation=agent.memberships.get().organisation, complete=True, status=status
    )
    attachment = _attach(challenge, agent)
    client.force_login(AgentFactory())

    for method, url in _agent_urls(challenge, challenge.indicators.get(), attachment):
        response = getattr(client, method)(url, {"sponsor_name": "Intrus"})
        assert response.status_code == 404, f"{method} {url}"

    challenge.refresh_from_db()
    assert challenge.status == status
    assert challenge.sponsor_name == "Claire Dupont"
    assert challenge.indicators.exists()
    assert challenge.attachments.exists()


def test_a_candidate_is_refused_every_agent_page(client, agent):
    challenge = ChallengeFactory(organisation=agent.memberships.get().organisation, complete=True)
    attachment = _attach(challenge, agent)
    client.force_login(CandidateFactory())

    for method, url in _agent_urls(challenge, challenge.indicators.get(), attachment):
        expected = (
            404 if "pieces-jointes" in url and method == "get" and "ajouter" not in url else 403
        )
        response = getattr(client, method)(url)
        assert response.status_code == expected, f"{method} {url}"
    assert client.get(reverse("challenges:list")).status_code == 403
    assert client.get(reverse("challenges:create")).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client, draft):
    response = client.get(_url("detail", draft))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


# --- Mes défis ------------------------------------------------------------------------


def test_an_agent_without_organisation_is_told_to_get_attached(client):
    client.force_login(AgentFactory(organisation=False))

    response = client.get(reverse("challenges:list"))

    assert response.status_code == 200
    assert reverse("accounts:not_attached") in response.text
    assert reverse("challenges:create") not in response.text
    assert client.get(reverse("challenges:create")).url == reverse("challenges:list")


def test_the_empty_list_guides_to_a_first_defi(signed_in):
    response = signed_in.get(reverse("challenges:list"))

    assert "Proposez votre premier défi" in response.text
    assert reverse("challenges:create") in response.text


def test_the_list_shows_the_defis_of_the_organisation_only(
    signed_in, agent, django_assert_max_num_queries
):
    organisation = agent.memberships.get().organisation
    open_round = RoundFactory(opens_on=_today())
    for index in range(5):
        ChallengeFactory(organisation=organisation, title=f"Défi maison {index}", round=open_round)
    ChallengeFactory(title="Défi d’ailleurs")

    with django_assert_max_num_queries(8):
        response = signed_in.get(reverse("challenges:list"))

    assert response.text.count("Défi maison") == 5
    assert "Défi d’ailleurs" not in response.text
    assert "Brouillon" in response.text
    assert f"Session {open_round.number}" in response.text


def test_an_imported_defi_shows_its_promotion_and_no_import_date_until_someone_changes_it(
    signed_in, agent, tmp_path, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC), tick=False)
    history_import(
        path=write_source(
            tmp_path,
            defis={"alpha.md": defi("Un défi de 2018", promo="Promotion 2")},
            personnes={"personne-001.md": personne("Personne 001", defis=("Alpha",))},
        )
    )
    imported = Challenge.objects.get(title="Un défi de 2018")
    Membership.objects.create(user=agent, organisation=imported.organisation)
    time_machine.move_to(datetime.datetime(2026, 12, 2, 9, tzinfo=datetime.UTC), tick=False)
    ChallengeFactory(organisation=imported.organisation, title="Un brouillon du jour")

    listed = signed_in.get(reverse("challenges:list")).text

    row = _row(listed, "Un défi de 2018")
    assert str(imported.promotion) in row
    assert "Pas encore déposé" not in row
    assert "décembre 2026" not in row
    assert "Repris de l’historique du programme" in row
    assert "2 décembre 2026 à 10:00" in _row(listed, "Un brouillon du jour")
    assert listed.index("Un brouillon du jour") < listed.index("Un défi de 2018")

    # Its outcome recorded, it was changed here: that change has its date.
    time_machine.move_to(datetime.datetime(2026, 12, 3, 9, tzinfo=datetime.UTC), tick=False)
    outcome_record(
        challenge=imported, by=agent, outcome=Outcome.CARRIED_ON, text="Toujours en service."
    )
    changed = _row(signed_in.get(reverse("challenges:list")).text, "Un défi de 2018")
    assert "3 décembre 2026 à 10:00" in changed


def _row(html: str, title: str) -> str:
    """The table row of the défi titled ``title``."""
    start = html.index(title)
    return html[html.rindex("<tr>", 0, start) : html.index("</tr>", start)]


# --- proposing ------------------------------------------------------------------------


def test_an_agent_of_one_organisation_only_gives_a_title(signed_in, agent):
    page = signed_in.get(reverse("challenges:create"))
    assert 'name="organisation"' not in page.text

    response = signed_in.post(reverse("challenges:create"), {"title": "Réduire les délais"})

    challenge = Challenge.objects.get()
    assert response.url == _url("detail", challenge)
    assert challenge.organisation == agent.memberships.get().organisation
    assert challenge.status == ChallengeStatus.DRAFT


def test_an_agent_of_several_organisations_chooses_among_theirs_only(client):
    first, second = OrganisationFactory(name="Direction A"), OrganisationFactory(name="Direction B")
    agent = AgentFactory(organisation=first)
    Membership.objects.create(user=agent, organisation=second)
    client.force_login(agent)

    refused = client.post(
        reverse("challenges:create"), {"organisation": OrganisationFactory().pk, "title": "X"}
    )
    assert refused.status_code == 200
    assert "fr-input-group--error" in refused.text or "fr-select-group--error" in refused.text
    client.post(reverse("challenges:create"), {"organisation": second.pk, "title": "Défi B"})

    assert Challenge.objects.get().organisation == second


def test_a_title_is_required(signed_in):
    response = signed_in.post(reverse("challenges:create"), {"title": "  "})

    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text
    assert not Challenge.objects.exists()


# --- the défi's page ------------------------------------------------------------------


def test_the_page_shows_what_is_missing_section_by_section_with_links(signed_in, draft, open_round):
    response = signed_in.get(_url("detail", draft))

    text = response.text
    assert "À compléter" in text
    assert "Ce qu’il reste à compléter avant de déposer le défi" in text
    assert "qui souffre du problème" in text
    for slug in ("probleme", "politique", "sponsor", "experimentation", "equipe", "approche"):
        assert _url("edit", draft, section=slug) in text
    assert _url("indicator_add", draft) in text
    assert f"session {open_round.number}" in text
    assert _url("submit", draft) in text
    assert _url("withdraw", draft) in text


def test_the_page_shows_indicators_attachments_and_history(signed_in, agent, open_round):
    challenge = ChallengeFactory(organisation=agent.memberships.get().organisation, complete=True)
    attachment = _attach(challenge, agent, name="lettre-sponsor.pdf")
    services.challenge_update(challenge=challenge, by=agent, data={"team": "Trois agents."})

    response = signed_in.get(_url("detail", challenge))

    text = response.text
    assert "Le dossier est complet" in text
    assert "Délai moyen de traitement" in text
    assert _url("attachment_download", challenge, attachment_pk=attachment.pk) in text
    assert "lettre-sponsor.pdf" in text
    assert "Historique" in text
    assert "Champs modifiés : équipe" in text


def test_the_change_request_is_shown_prominently_and_notes_stay_private(
    signed_in, agent, open_round
):
    challenge = ChallengeFactory(organisation=agent.memberships.get().organisation, complete=True)
    staff = StaffFactory()
    services.challenge_submit(challenge=challenge, by=agent)
    services.note_add(challenge=challenge, by=staff, text="Note interne confidentielle")
    services.challenge_transition(
        challenge=challenge, by=staff, name="request_changes", message="Précisez le budget."
    )

    text = signed_in.get(_url("detail", challenge)).text

    assert "L’équipe du programme vous demande des modifications" in text
    assert "Précisez le budget." in text
    assert "Note interne confidentielle" not in text
    assert "Déposer à nouveau le défi" in text


def test_a_submitted_defi_offers_no_edit_but_withdrawal(signed_in, agent, open_round):
    challenge = ChallengeFactory(organisation=agent.memberships.get().organisation, complete=True)
    services.challenge_submit(challenge=challenge, by=agent)

    text = signed_in.get(_url("detail", challenge)).text

    assert _url("edit", challenge, section="probleme") not in text
    assert _url("submit", challenge) not in text
    assert _url("withdraw", challenge) in text


# --- editing section by section -------------------------------------------------------


@pytest.mark.parametrize(
    "slug",
    ["probleme", "politique", "sponsor", "experimentation", "equipe", "approche", "profils"],
)
def test_every_section_has_its_page(signed_in, draft, slug):
    response = signed_in.get(_url("edit", draft, section=slug))

    assert response.status_code == 200
    assert 'method="post"' in response.text


def test_an_unknown_section_is_not_found(signed_in, draft):
    assert signed_in.get(_url("edit", draft, section="inconnue")).status_code == 404


def test_a_section_saves_without_its_required_fields(signed_in, draft):
    response = signed_in.post(
        _url("edit", draft, section="sponsor"), {"sponsor_name": "Claire Dupont"}
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.sponsor_name == "Claire Dupont"
    assert draft.sponsor_commitment == ""
    assert event_list_for(draft).filter(action=HistoryAction.CHALLENGE_UPDATED).exists()


def test_save_and_continue_goes_to_the_next_section(signed_in, draft):
    response = signed_in.post(
        _url("edit", draft, section="probleme"),
        {"title": draft.title, "problem": "Un vrai problème.", "continue": "1"},
    )

    assert response.url == _url("edit", draft, section="politique")


def test_the_policy_is_chosen_from_the_active_list(signed_in, draft):
    policy = PriorityPolicyFactory(name="Transition écologique")
    PriorityPolicyFactory(name="Politique abandonnée", is_active=False)

    page = signed_in.get(_url("edit", draft, section="politique"))
    assert "Transition écologique" in page.text
    assert "Politique abandonnée" not in page.text
    signed_in.post(_url("edit", draft, section="politique"), {"policy": str(policy.pk)})

    draft.refresh_from_db()
    assert draft.priority_policy == policy


def test_other_policy_needs_its_text(signed_in, draft):
    response = signed_in.post(_url("edit", draft, section="politique"), {"policy": "autre"})

    assert response.status_code == 200
    assert "Précisez la politique prioritaire" in response.text
    signed_in.post(
        _url("edit", draft, section="politique"),
        {"policy": "autre", "priority_policy_other": "Souveraineté numérique"},
    )
    draft.refresh_from_db()
    assert draft.priority_policy is None
    assert draft.priority_policy_other == "Souveraineté numérique"


def test_the_beta_product_url_must_be_a_beta_gouv_page(signed_in, draft):
    data = {"approach": "beta", "beta_phase": "construction", "incubator": "La Fabrique"}

    refused = signed_in.post(
        _url("edit", draft, section="approche"), {**data, "beta_product_url": "https://exemple.fr"}
    )
    assert "une page de beta.gouv.fr" in refused.text
    signed_in.post(
        _url("edit", draft, section="approche"),
        {**data, "beta_product_url": "https://beta.gouv.fr/startups/mon-service.html"},
    )

    draft.refresh_from_db()
    assert draft.beta_product_url == "https://beta.gouv.fr/startups/mon-service.html"
    assert draft.beta_phase == "construction"


def test_a_defi_no_longer_editable_sends_back_to_its_page(signed_in, agent):
    challenge = ChallengeFactory(
        organisation=agent.memberships.get().organisation, status=ChallengeStatus.SUBMITTED
    )

    response = signed_in.post(
        _url("edit", challenge, section="sponsor"), {"sponsor_name": "X"}, follow=True
    )

    assert "plus modifiable" in response.text
    challenge.refresh_from_db()
    assert challenge.sponsor_name == ""


# --- indicators -----------------------------------------------------------------------


def test_an_indicator_accepts_french_decimals(signed_in, draft):
    response = signed_in.post(
        _url("indicator_add", draft),
        {
            "name": "Taux de recours",
            "baseline": "12,5",
            "target": "1 250,75",
            "unit": "%",
            "data_source": "Enquête annuelle",
        },
    )

    assert response.status_code == 302
    indicator = draft.indicators.get()
    assert str(indicator.baseline) == "12.50"
    assert str(indicator.target) == "1250.75"
    edit_page = signed_in.get(_url("indicator_edit", draft, indicator_pk=indicator.pk))
    assert 'value="12,50"' in edit_page.text


def test_an_indicator_needs_its_values(signed_in, draft):
    response = signed_in.post(_url("indicator_add", draft), {"name": "X", "baseline": "beaucoup"})

    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text
    assert not draft.indicators.exists()


def test_an_indicator_is_deleted_by_post_only(signed_in, draft):
    indicator = IndicatorFactory(challenge=draft)
    url = _url("indicator_delete", draft, indicator_pk=indicator.pk)

    assert signed_in.get(url).status_code == 405
    assert signed_in.post(url).status_code == 302
    assert not draft.indicators.exists()


# --- attachments ----------------------------------------------------------------------


def test_a_pdf_is_attached(signed_in, draft):
    response = signed_in.post(
        _url("attachment_add", draft), {"file": SimpleUploadedFile("note.pdf", PDF)}
    )

    assert response.status_code == 302
    assert draft.attachments.get().name == "note.pdf"


def test_a_fake_pdf_gets_a_clear_error_and_nothing_saved_is_lost(signed_in, agent, draft):
    kept = _attach(draft, agent, name="deja-la.pdf")
    draft.problem = "Un problème déjà écrit."
    draft.save()

    response = signed_in.post(
        _url("attachment_add", draft),
        {"file": SimpleUploadedFile("faux.pdf", b"<script>alert(1)</script>")},
    )

    assert response.status_code == 200
    assert "n’est pas un PDF : seuls les PDF sont acceptés" in response.text
    assert list(draft.attachments.all()) == [kept]
    draft.refresh_from_db()
    assert draft.problem == "Un problème déjà écrit."


def test_an_oversized_pdf_gets_a_clear_error(signed_in, draft):
    big = SimpleUploadedFile("gros.pdf", PDF + b"0" * services.ATTACHMENT_MAX_BYTES)

    response = signed_in.post(_url("attachment_add", draft), {"file": big})

    assert response.status_code == 200
    assert "la limite est de 10 Mo" in response.text
    assert not draft.attachments.exists()


def test_an_attachment_is_deleted_by_post_only(signed_in, agent, draft):
    attachment = _attach(draft, agent)
    url = _url("attachment_delete", draft, attachment_pk=attachment.pk)

    assert signed_in.get(url).status_code == 405
    signed_in.post(url)
    assert not draft.attachments.exists()


def _download(client, challenge, attachment):
    return client.get(_url("attachment_download", challenge, attachment_pk=attachment.pk))


def test_the_agents_download_the_attachment_as_a_file(signed_in, agent, draft):
    attachment = _attach(draft, agent)

    response = _download(signed_in, draft, attachment)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "note.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_staff_and_the_coach_asked_download_others_get_404(client, agent):
    challenge = ChallengeFactory(
        organisation=agent.memberships.get().organisation, status=ChallengeStatus.SUBMITTED
    )
    attachment = _attach(challenge, agent)
    coach_asked, other_coach, staff = CoachFactory(), CoachFactory(), StaffFactory()
    Opinion.objects.create(challenge=challenge, coach=coach_asked, requested_by=staff)

    expected = {
        staff: 200,
        coach_asked: 200,
        other_coach: 404,
        AgentFactory(): 404,
        CandidateFactory(): 404,
    }
    for user, status in expected.items():
        client.force_login(user)
        response = _download(client, challenge, attachment)
        assert response.status_code == status, user.role
        if status == 200:
            b"".join(response.streaming_content)


def test_an_attachment_of_another_defi_is_not_found(signed_in, agent, draft):
    other = ChallengeFactory(organisation=draft.organisation)
    attachment = _attach(other, agent)

    assert _download(signed_in, draft, attachment).status_code == 404


# --- submitting -----------------------------------------------------------------------


def test_an_incomplete_defi_shows_what_is_missing_and_no_submit_button(
    signed_in, draft, open_round
):
    response = signed_in.get(_url("submit", draft))

    text = response.text
    assert "Le défi ne peut pas encore être déposé" in text
    assert "Le sponsor" in text
    assert "le nom du sponsor" in text
    assert _url("edit", draft, section="sponsor") in text
    assert "Confirmer le dépôt" not in text


def test_a_complete_defi_is_submitted_to_the_round_shown(
    signed_in, agent, open_round, django_capture_on_commit_callbacks
):
    challenge = ChallengeFactory(organisation=agent.memberships.get().organisation, complete=True)

    page = signed_in.get(_url("submit", challenge))
    assert f"Confirmer le dépôt pour la session {open_round.number}" in page.text
    assert f'value="{open_round.pk}"' in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            _url("submit", challenge), {"confirmed_round": open_round.pk}, follow=True
        )

    assert "Votre défi est déposé" in response.text
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.SUBMITTED
    assert challenge.round == open_round
    assert Email.objects.filter(template="challenge_submitted", to=agent.email).exists()


def test_after_the_deadline_the_agent_is_told_the_next_round(signed_in, agent):
    passed = RoundFactory(
        opens_on=_today() - datetime.timedelta(days=30),
        challenge_deadline=_today() - datetime.timedelta(days=1),
    )
    upcoming = RoundFactory(opens_on=_today() + datetime.timedelta(days=10))
    challenge = ChallengeFactory(organisation=agent.memberships.get().organisation, complete=True)

    text = signed_in.get(_url("submit", challenge)).text

    assert f"La date limite de la session {passed.number}" in text
    assert "est passée : votre défi sera examiné dans la session" in text
    assert f"session {upcoming.number}" in text


def test_a_deadline_passed_meanwhile_asks_to_confirm_again(signed_in, agent):
    passed = RoundFactory(
        opens_on=_today() - datetime.timedelta(days=30),
        challenge_deadline=_today() - datetime.timedelta(days=1),
    )
    upcoming = RoundFactory(opens_on=_today() + datetime.timedelta(days=10))
    challenge = ChallengeFactory(organisation=agent.memberships.get().organisation, complete=True)

    response = signed_in.post(_url("submit", challenge), {"confirmed_round": passed.pk})

    assert response.status_code == 200
    assert "Vérifiez et confirmez à nouveau" in response.text
    assert f'value="{upcoming.pk}"' in response.text
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.DRAFT


def test_posting_an_incomplete_defi_lists_what_is_missing(signed_in, draft, open_round):
    response = signed_in.post(_url("submit", draft), {"confirmed_round": open_round.pk})

    assert response.status_code == 200
    assert "des informations manquent" in response.text
    assert "au moins un indicateur" in response.text
    draft.refresh_from_db()
    assert draft.status == ChallengeStatus.DRAFT


def test_an_already_submitted_defi_is_not_submitted_twice(signed_in, agent, open_round):
    challenge = ChallengeFactory(organisation=agent.memberships.get().organisation, complete=True)
    services.challenge_submit(challenge=challenge, by=agent)

    response = signed_in.post(_url("submit", challenge), {"confirmed_round": open_round.pk})

    assert response.url == _url("detail", challenge)
    assert event_list_for(challenge).filter(action=HistoryAction.CHALLENGE_SUBMITTED).count() == 1


# --- withdrawing ----------------------------------------------------------------------


def test_withdrawing_asks_for_confirmation_then_withdraws(signed_in, draft):
    page = signed_in.get(_url("withdraw", draft))
    assert "Le retrait est définitif" in page.text

    signed_in.post(_url("withdraw", draft), {"reason": "Projet abandonné."})

    draft.refresh_from_db()
    assert draft.status == ChallengeStatus.WITHDRAWN
    assert (
        event_list_for(draft).get(action=HistoryAction.CHALLENGE_WITHDRAWN).comment
        == "Projet abandonné."
    )


def test_a_selected_defi_cannot_be_withdrawn(signed_in, agent):
    challenge = ChallengeFactory(
        organisation=agent.memberships.get().organisation, status=ChallengeStatus.SELECTED
    )

    response = signed_in.post(_url("withdraw", challenge), follow=True)

    assert "ne peut plus être retiré" in response.text
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.SELECTED


def test_section_fields_needed_for_submission_say_so(client, db):
    from tests.factories import AgentFactory, ChallengeFactory

    agent = AgentFactory()
    challenge = ChallengeFactory(organisation=agent.memberships.get().organisation)
    client.force_login(agent)
    page = client.get(
        reverse("challenges:edit", kwargs={"pk": challenge.pk, "section": "sponsor"})
    ).content.decode()
    assert "(à remplir avant le dépôt)" in page
    assert "(facultatif)" not in page
