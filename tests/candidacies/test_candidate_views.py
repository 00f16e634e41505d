"""The candidates' pages: profile, ventures, CV, applying, following, withdrawing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from eig.candidacies import services
from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.models import Candidacy, Candidate, Choice, Venture
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from eig.core.models import Event
from eig.notifications.models import Email
from tests.factories import (
    CandidacyFactory,
    CandidateFactory,
    CandidateProfileFactory,
    ChallengeFactory,
    RoundFactory,
    VentureFactory,
    open_round,
)
from tests.pdfs import minimal_pdf

pytestmark = pytest.mark.django_db

PDF = minimal_pdf()


def _today():
    return timezone.localdate()


def _closed_round():
    return RoundFactory(opens_on=_today() - datetime.timedelta(weeks=10))


def _recruiting(round_, **kwargs):
    return ChallengeFactory(
        complete=True, status="recruiting", promotion=round_.promotion, **kwargs
    )


def _signed_in(client, user):
    client.force_login(user)
    return client


def _text(response):
    return response.content.decode()


PROFILE = {
    "track": "product",
    "experience_years": "12",
    "skills": "Produit",
    "phone": "06 12 34 56 78",
    "portfolio_url": "https://exemple.fr/portfolio",
    "code_url": "",
    "professional_url": "",
    "gender": "",
}


# --- The profile ----------------------------------------------------------------------


def test_the_first_visit_says_what_is_missing_and_saves_nothing_yet(client):
    user = CandidateFactory()

    response = _signed_in(client, user).get(reverse("candidacies:profile"))

    assert response.status_code == 200
    # A GET never writes: the profile is created by the first change.
    assert not Candidate.objects.filter(user=user).exists()
    text = _text(response)
    assert "Pour pouvoir déposer une candidature, il manque encore" in text
    assert "au moins une expérience entrepreneuriale" in text
    assert "jamais montré aux évaluateur·rices ni aux administrations" in text
    assert "3 mois après la décision" in text  # the consent's consequence on retention
    assert "24 mois après notre dernier contact" in text


def test_the_profile_is_saved(client):
    candidate = CandidateProfileFactory(track="", experience_years=None)

    response = _signed_in(client, candidate.user).post(
        reverse("candidacies:profile"),
        {**PROFILE, "gender": "female", "agrees_to_be_contacted": "on", "code_url": "gitlab.com/x"},
    )

    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.track == "product"
    assert candidate.experience_years == 12
    assert candidate.gender == "female"
    assert candidate.agrees_to_be_contacted is True
    assert candidate.code_url == "https://gitlab.com/x"


def test_a_javascript_link_is_refused_with_a_clear_message_and_nothing_is_lost(client):
    candidate = CandidateProfileFactory(
        skills="Ce qui était enregistré", portfolio_url="https://exemple.fr/avant"
    )

    response = _signed_in(client, candidate.user).post(
        reverse("candidacies:profile"),
        {**PROFILE, "skills": "Ce que je viens de taper", "code_url": "javascript:alert(1)"},
    )

    assert response.status_code == 200
    text = _text(response)
    assert "Seuls les liens web commençant par https:// ou http:// sont acceptés." in text
    assert "Saisissez une URL valide" not in text
    assert "Votre profil n’est pas enregistré" in text
    assert "Ce que je viens de taper" in text  # what was typed is shown again
    assert 'aria-invalid="true"' in text
    candidate.refresh_from_db()
    assert candidate.skills == "Ce qui était enregistré"
    assert candidate.portfolio_url == "https://exemple.fr/avant"
    assert candidate.code_url == ""


# --- Ventures -------------------------------------------------------------------------

VENTURE = {
    "name": "Ma start-up",
    "role": "cto",
    "start_year": "2016",
    "end_year": "2021",
    "team_size": "25",
    "outcome": "acquired",
    "description": "J’ai monté l’équipe technique.",
}


def test_a_venture_is_added_edited_and_deleted(client):
    candidate = CandidateProfileFactory()
    client = _signed_in(client, candidate.user)

    response = client.post(reverse("candidacies:venture_add"), VENTURE)
    assert response.status_code == 302
    assert response.url.endswith("#experiences")
    venture = Venture.objects.get(candidate=candidate)

    page = client.get(reverse("candidacies:venture_edit", kwargs={"pk": venture.pk}))
    assert "Ma start-up" in _text(page)
    client.post(
        reverse("candidacies:venture_edit", kwargs={"pk": venture.pk}),
        {**VENTURE, "team_size": "30"},
    )
    venture.refresh_from_db()
    assert venture.team_size == 30
    profile = _text(client.get(reverse("candidacies:profile")))
    assert "de 2016 à 2021" in profile
    assert "équipe de 30 personnes" in profile

    response = client.post(reverse("candidacies:venture_delete", kwargs={"pk": venture.pk}))
    assert response.status_code == 302
    assert not Venture.objects.exists()


def test_a_candidate_marks_a_description_as_identifying(client):
    candidate = CandidateProfileFactory()
    client = _signed_in(client, candidate.user)
    form = client.get(reverse("candidacies:venture_add"))
    assert "Cette description permet de m’identifier" in _text(form)

    client.post(reverse("candidacies:venture_add"), {**VENTURE, "description_identifying": "on"})

    assert Venture.objects.get(candidate=candidate).description_identifying
    profile = client.get(reverse("candidacies:profile"))
    assert "elle n’est pas montrée lors d’un examen anonyme" in _text(profile)


def test_venture_years_out_of_order_are_refused(client):
    candidate = CandidateProfileFactory()

    response = _signed_in(client, candidate.user).post(
        reverse("candidacies:venture_add"), {**VENTURE, "start_year": "2021", "end_year": "2016"}
    )

    assert response.status_code == 200
    assert "L’année de fin doit être celle du début ou une année suivante." in _text(response)
    assert not Venture.objects.exists()


def test_deleting_a_venture_needs_a_post(client):
    venture = VentureFactory()

    response = _signed_in(client, venture.candidate.user).get(
        reverse("candidacies:venture_delete", kwargs={"pk": venture.pk})
    )

    assert response.status_code == 405
    assert Venture.objects.filter(pk=venture.pk).exists()


# --- The CV ---------------------------------------------------------------------------


def _upload(client, name, content):
    return client.post(
        reverse("candidacies:cv_upload"),
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )


def test_a_cv_is_uploaded_and_downloaded_as_an_attachment_through_a_view(client):
    candidate = CandidateProfileFactory()
    client = _signed_in(client, candidate.user)

    assert client.get(reverse("candidacies:cv_download")).status_code == 404
    response = _upload(client, "Mon CV.pdf", PDF)
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.cv

    download = client.get(reverse("candidacies:cv_download"))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert "no-store" in download["Cache-Control"]
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ\x90\x00 un programme", "n’est pas un PDF : seuls les PDF sont acceptés."),
        (PDF + b"0" * services.CV_MAX_BYTES, "la limite est de 5 Mo."),
    ],
    ids=["fake-pdf", "too-large"],
)
def test_a_refused_cv_says_why_and_the_previous_one_stays(client, content, message):
    candidate = CandidateProfileFactory()
    client = _signed_in(client, candidate.user)
    _upload(client, "cv.pdf", PDF)
    candidate.refresh_from_db()
    before = candidate.cv.name

    response = _upload(client, "faux.pdf", content)

    assert response.status_code == 200
    assert message in _text(response)
    candidate.refresh_from_db()
    assert candidate.cv.name == before
    download = client.get(reverse("candidacies:cv_download"))
    assert b"".join(download.streaming_content) == PDF


# --- Mes candidatures -----------------------------------------------------------------


def test_the_list_is_empty_and_gives_the_next_opening_date_when_no_round_is_open(client):
    RoundFactory(opens_on=_today() + datetime.timedelta(days=20), number=7)

    response = _signed_in(client, CandidateFactory()).get(reverse("candidacies:list"))

    text = _text(response)
    assert "Aucune session n’est ouverte aux candidatures" in text
    assert "La prochaine session (session 7) ouvre le" in text
    assert "Vous n’avez encore aucune candidature." in text


def test_the_list_invites_to_apply_when_a_round_is_open(client):
    open_round()

    response = _signed_in(client, CandidateFactory()).get(reverse("candidacies:list"))

    assert "Candidater à cette session" in _text(response)
    assert reverse("candidacies:start") in _text(response)


def test_the_list_shows_each_application_in_a_bounded_number_of_queries(
    client, django_assert_max_num_queries
):
    candidate = CandidateProfileFactory(complete=True)
    for _ in range(6):
        candidacy = CandidacyFactory(candidate=candidate, round=_closed_round())
        Choice.objects.create(candidacy=candidacy, challenge=_recruiting(candidacy.round), rank=1)
    CandidacyFactory()  # someone else's
    client = _signed_in(client, candidate.user)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("candidacies:list"))

    assert len(response.context["candidacies"]) == 6


# --- Applying -------------------------------------------------------------------------


def test_start_explains_the_open_round_then_creates_one_draft_even_on_a_double_click(client):
    round_ = open_round()
    candidate = CandidateProfileFactory(complete=True)
    client = _signed_in(client, candidate.user)

    page = _text(client.get(reverse("candidacies:start")))
    assert f"La session {round_.number}" in page
    assert "Date limite des candidatures" in page

    first = client.post(reverse("candidacies:start"))
    second = client.post(reverse("candidacies:start"))

    candidacy = Candidacy.objects.get()
    assert first.url == reverse("candidacies:edit", kwargs={"pk": candidacy.pk})
    assert second.status_code == 302
    assert candidacy.status == CandidacyStatus.DRAFT


def test_start_says_clearly_when_no_round_is_open(client):
    client = _signed_in(client, CandidateFactory())

    page = _text(client.get(reverse("candidacies:start")))
    response = client.post(reverse("candidacies:start"), follow=True)

    assert "Aucune session n’est ouverte aux candidatures" in page
    assert "Aucune session de recrutement n’est ouverte" in _text(response)
    assert not Candidacy.objects.exists()


def test_the_edit_page_ranks_the_ticked_defis_in_the_order_shown(client):
    candidacy = CandidacyFactory()
    open_ones = [_recruiting(candidacy.round, title=f"Défi {n}") for n in "ABC"]
    _recruiting(candidacy.round, title="Défi technique seulement", wants_product=False)
    client = _signed_in(client, candidacy.candidate.user)
    url = reverse("candidacies:edit", kwargs={"pk": candidacy.pk})

    page = _text(client.get(url))
    assert page.count('type="checkbox" name="wishes"') == 3
    assert "<select" not in page
    assert "Défi A — " in page
    assert "Défi technique seulement" not in page
    assert "4\u202f000 caractères au plus" in page
    assert "Votre motivation (à remplir avant le dépôt)" in page

    c, a, b = open_ones[2].pk, open_ones[0].pk, open_ones[1].pk
    response = client.post(
        url, {"motivation": "Ma motivation.", "order": [c, a, b], "wishes": [a, c, b]}
    )

    assert response.status_code == 302
    ranked = list(candidacy.choices.order_by("rank").values_list("challenge_id", flat=True))
    assert ranked == [c, a, b]
    detail = _text(client.get(reverse("candidacies:detail", kwargs={"pk": candidacy.pk})))
    assert detail.index("Défi C") < detail.index("Défi A") < detail.index("Défi B")
    assert "Votre candidature a été modifiée." in detail
    assert "la motivation, les vœux" in detail


def test_monter_shows_the_new_order_without_saving_and_keeps_the_focus_on_the_wish(client):
    candidacy = CandidacyFactory(motivation="Avant.")
    first, second = (_recruiting(candidacy.round, title=f"Défi {n}") for n in "AB")
    client = _signed_in(client, candidacy.candidate.user)
    url = reverse("candidacies:edit", kwargs={"pk": candidacy.pk})
    data = {"motivation": "Tapé, pas encore enregistré.", "order": [first.pk, second.pk]}

    response = client.post(url, data | {"wishes": [first.pk, second.pk], "move": f"up-{second.pk}"})

    assert response.status_code == 200
    text = _text(response)
    assert text.index("Défi B") < text.index("Défi A")
    assert "Tapé, pas encore enregistré." in text
    assert "L’ordre de vos vœux a changé." in text
    # Défi B is now first: its "Monter" is gone, so "Descendre" keeps the focus.
    down = f'value="down-{second.pk}" class="fr-btn fr-btn--tertiary fr-icon-arrow-down-line"'
    assert f"{down} data-focus-on-load" in text
    assert f'value="up-{second.pk}"' not in text
    candidacy.refresh_from_db()
    assert candidacy.motivation == "Avant."
    assert not candidacy.choices.exists()


def test_too_many_ticked_defis_are_refused_and_what_was_typed_is_kept(client):
    candidacy = CandidacyFactory(motivation="Avant.")
    defis = [_recruiting(candidacy.round, title=f"Défi {n}") for n in "ABCD"]
    client = _signed_in(client, candidacy.candidate.user)

    response = client.post(
        reverse("candidacies:edit", kwargs={"pk": candidacy.pk}),
        {
            "motivation": "Ma nouvelle motivation.",
            "order": [d.pk for d in defis],
            "wishes": [d.pk for d in defis],
        },
    )

    assert response.status_code == 200
    text = _text(response)
    assert "Choisissez au plus 3 défis : vous en avez coché 4." in text
    assert 'href="#id_wishes_0"' in text  # the error summary leads to the first checkbox
    assert "Ma nouvelle motivation." in text
    candidacy.refresh_from_db()
    assert candidacy.motivation == "Avant."
    assert not candidacy.choices.exists()


def test_after_the_deadline_the_application_is_read_only_with_the_reason(client):
    candidacy = CandidacyFactory(round=_closed_round())
    client = _signed_in(client, candidacy.candidate.user)

    response = client.get(reverse("candidacies:edit", kwargs={"pk": candidacy.pk}), follow=True)

    text = _text(response)
    assert "est passée : ce brouillon ne peut plus être modifié ni déposé" in text
    assert reverse("candidacies:edit", kwargs={"pk": candidacy.pk}) not in text
    submit = client.post(reverse("candidacies:submit", kwargs={"pk": candidacy.pk}))
    assert submit.status_code == 302
    candidacy.refresh_from_db()
    assert candidacy.status == CandidacyStatus.DRAFT


def test_submit_lists_what_is_missing_and_offers_no_confirmation(client):
    candidacy = CandidacyFactory(motivation="")
    client = _signed_in(client, candidacy.candidate.user)

    text = _text(client.get(reverse("candidacies:submit", kwargs={"pk": candidacy.pk})))

    assert "Votre candidature ne peut pas encore être déposée" in text
    assert "votre motivation" in text
    assert "au moins un vœu parmi les défis ouverts" in text
    assert "Confirmer le dépôt" not in text


def test_submitting_shows_a_summary_then_sends_the_receipt(
    client, django_capture_on_commit_callbacks
):
    candidacy = CandidacyFactory()
    defi = _recruiting(candidacy.round, title="Le défi choisi")
    Choice.objects.create(candidacy=candidacy, challenge=defi, rank=1)
    client = _signed_in(client, candidacy.candidate.user)
    url = reverse("candidacies:submit", kwargs={"pk": candidacy.pk})

    summary = _text(client.get(url))
    assert "Vérifiez ce que vous allez envoyer" in summary
    assert "Le défi choisi" in summary
    assert candidacy.motivation in summary
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)

    candidacy.refresh_from_db()
    assert candidacy.status == CandidacyStatus.SUBMITTED
    text = _text(response)
    assert "Votre candidature est déposée" in text
    assert "Votre candidature a été déposée." in text  # the history
    assert "Vous pouvez encore la modifier jusqu’au" in text  # what comes next
    assert Email.objects.get().template == "candidacy_submitted"


def test_withdrawing_asks_for_confirmation_and_an_optional_reason(
    client, django_capture_on_commit_callbacks
):
    candidacy = CandidacyFactory()
    client = _signed_in(client, candidacy.candidate.user)
    url = reverse("candidacies:withdraw", kwargs={"pk": candidacy.pk})

    assert "Le retrait est définitif" in _text(client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Autre projet."}, follow=True)

    candidacy.refresh_from_db()
    assert candidacy.status == CandidacyStatus.WITHDRAWN
    text = _text(response)
    assert "Votre candidature a été retirée." in text
    assert "Autre projet." in text
    assert Email.objects.get().template == "candidacy_withdrawn"
    assert client.get(url).status_code == 302  # nothing more to withdraw


# --- Nobody else ----------------------------------------------------------------------


def test_another_candidate_gets_404_on_every_url_of_someone_elses_file(client):
    candidacy = CandidacyFactory()
    venture = candidacy.candidate.ventures.get()
    intruder = CandidateProfileFactory(complete=True)
    client = _signed_in(client, intruder.user)
    urls = [
        ("get", reverse(f"candidacies:{name}", kwargs={"pk": candidacy.pk}))
        for name in ("detail", "edit", "submit", "withdraw")
    ]
    urls += [
        ("post", reverse(f"candidacies:{name}", kwargs={"pk": candidacy.pk}))
        for name in ("edit", "submit", "withdraw")
    ]
    urls += [
        ("get", reverse("candidacies:venture_edit", kwargs={"pk": venture.pk})),
        ("post", reverse("candidacies:venture_edit", kwargs={"pk": venture.pk})),
        ("post", reverse("candidacies:venture_delete", kwargs={"pk": venture.pk})),
    ]

    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, f"{method} {url}"

    candidacy.refresh_from_db()
    assert candidacy.status == CandidacyStatus.DRAFT
    assert Venture.objects.filter(pk=venture.pk).exists()
    # Their own CV download serves their own file, never the other person's.
    download = client.get(reverse("candidacies:cv_download"))
    assert download.status_code == 200
    assert (
        not event_list_for(candidacy).exclude(action__in=[HistoryAction.CANDIDACY_CREATED]).exists()
    )


@pytest.mark.parametrize("status", ["not_retained", "hired"])
def test_an_application_ended_by_a_decision_cannot_be_withdrawn(client, status):
    candidacy = CandidacyFactory(status=status, round=_closed_round())
    client = _signed_in(client, candidacy.candidate.user)

    detail = _text(client.get(reverse("candidacies:detail", kwargs={"pk": candidacy.pk})))
    response = client.post(reverse("candidacies:withdraw", kwargs={"pk": candidacy.pk}))

    assert reverse("candidacies:withdraw", kwargs={"pk": candidacy.pk}) not in detail
    assert response.status_code == 302
    candidacy.refresh_from_db()
    assert candidacy.status == status


def test_a_woman_reads_her_venture_role_in_the_feminine(client):
    from tests.factories import VentureFactory

    candidacy = CandidacyFactory()
    candidate = candidacy.candidate
    candidate.gender = "female"
    candidate.save(update_fields=["gender"])
    VentureFactory(candidate=candidate, role="founder")
    client = _signed_in(client, candidate.user)

    page = _text(client.get(reverse("candidacies:profile")))

    assert "Fondatrice" in page
    assert "Fondateur·rice —" not in page


@pytest.mark.parametrize(
    "url_name",
    [
        "candidacies:profile",
        "candidacies:venture_add",
        "candidacies:cv_upload",
        "candidacies:start",
    ],
)
def test_opening_a_page_of_ones_space_writes_nothing(client, url_name):
    user = CandidateFactory()
    client.force_login(user)

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert not Candidate.objects.filter(user=user).exists()
    assert not Event.objects.exists()
