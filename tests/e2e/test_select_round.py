"""The programme team selects a round's applications, with two blind file reviews.

Staff keep the reasons list, screen two applications (one by one, then in bulk), run
the automatic assignment (they see the plan, then confirm). Reviewer A declares a
conflict by typing a full name (the round's candidates are never listed), then submits a
review; reviewer B opens the same application, cannot see A's review, submits, then
sees it. Staff record the committee's decision and publish: the candidates got their
e-mails. Every page passes axe.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from eig.candidacies.enums import CandidacyStatus, CvTextStatus
from eig.notifications.models import Email
from eig.selection.models import Decision, Review
from tests.e2e.accessibility import assert_accessible
from tests.e2e.helpers import open_from_menu, sign_in_as
from tests.factories import ReviewerFactory, StaffFactory, VentureFactory
from tests.selection.round_setup import a_reason, selection_round, submitted


def _as(page, live_server, user) -> None:
    page.context.clear_cookies()
    sign_in_as(page, live_server, user)


@pytest.fixture
def arranged(transactional_db):
    round_ = selection_round(anonymous=True)
    a_reason()
    alice = submitted(round_, first_name="Alice", last_name="Durand")
    VentureFactory(
        candidate=alice.candidate,
        name="Pépite Santé",
        description="La seule start-up de Brest à avoir levé 10 M€.",
        description_identifying=True,
    )
    alice.candidate.cv_text = "Alice Durand — 2015–2020 : CTO de Pépite Santé (rachetée)."
    alice.candidate.cv_text_status = CvTextStatus.READY
    alice.candidate.save()
    return {
        "round": round_,
        "alice": alice,
        "bruno": submitted(round_, first_name="Bruno", last_name="Petit"),
        "staff": StaffFactory(first_name="Sam", last_name="Équipe"),
        "reviewer_a": ReviewerFactory(first_name="Ada", last_name="Lovelace"),
        "reviewer_b": ReviewerFactory(first_name="Blaise", last_name="Pascal"),
    }


def _review(page, *, scores: tuple[str, str], comment: str) -> None:
    for label, score in zip(
        ("Cohérence du profil", "Expérience entrepreneuriale"), scores, strict=True
    ):
        group = page.locator("fieldset", has_text=label)
        group.get_by_label("Note de 0 à 5").select_option(score)
        group.get_by_label("Commentaire").fill(f"{comment} — {label}")
    page.get_by_label("Recommandation générale").select_option(label="Favorable")
    page.get_by_role("button", name="Rendre l’évaluation").click()
    # Submitting is for good: a confirmation says so first.
    expect(page.get_by_text("Une évaluation rendue est définitive")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Rendre définitivement l’évaluation").click()
    expect(page.get_by_text("Votre évaluation est rendue.")).to_be_visible()


def test_staff_select_a_round_with_two_blind_reviews(page, live_server, arranged):
    round_, alice, bruno = arranged["round"], arranged["alice"], arranged["bruno"]
    staff, reviewer_a, reviewer_b = (
        arranged["staff"],
        arranged["reviewer_a"],
        arranged["reviewer_b"],
    )

    # Staff look at the reasons list and add one.
    _as(page, live_server, staff)
    page.goto(live_server.url + reverse("accounts:dashboard"))
    open_from_menu(page, "Sélection")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sélection des candidatures")
    assert_accessible(page)
    page.get_by_role("link", name="Motifs de non-recevabilité").click()
    assert_accessible(page)
    page.get_by_role("link", name="Ajouter un motif").click()
    assert_accessible(page)
    page.get_by_label("Motif", exact=False).first.fill("Candidature hors délai")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("link", name="Candidature hors délai")).to_be_visible()
    page.get_by_role("link", name="Candidature hors délai").click()
    assert_accessible(page)

    # The round board: two submitted applications to screen; the round list shows them.
    page.goto(live_server.url + reverse("selection:round_list"))
    row = page.get_by_role("row").filter(has_text=f"Session {round_.number}")
    expect(row.locator('[data-count="applications"]')).to_have_text("2")
    expect(row.locator('[data-count="to-screen"]')).to_have_text("2")
    page.get_by_role("link", name=f"Session {round_.number}").click()
    expect(page.get_by_role("link", name="Alice Durand")).to_be_visible()
    assert_accessible(page)

    # Bruno, one by one: not eligible, with a reason.
    page.get_by_role("link", name="Bruno Petit").click()
    assert_accessible(page)
    page.get_by_role("combobox", name="Recevabilité", exact=True).select_option(
        label="Non recevable"
    )
    page.get_by_label("Motif de non-recevabilité").select_option(
        label="Pas d’expérience entrepreneuriale"
    )
    page.get_by_label("Précisions").fill("Aucune expérience de création ou de direction.")
    page.get_by_role("button", name="Enregistrer la recevabilité").click()
    expect(page.get_by_text("La recevabilité est enregistrée.")).to_be_visible()
    assert_accessible(page)

    # Alice, in bulk from the board: eligible.
    page.get_by_role("link", name=f"Retour à la session {round_.number}").click()
    page.get_by_label("Choisir Alice Durand").check()
    page.get_by_label("Décision à enregistrer").select_option(label="Recevable")
    page.get_by_role("button", name="Enregistrer la décision groupée").click()
    expect(page.get_by_text("1 décision enregistrée.")).to_be_visible()

    # The automatic assignment: the plan first, then the confirmation.
    page.get_by_role("link", name="Attribuer les évaluations").click()
    plan = page.get_by_role("table", name="Évaluations à créer")
    expect(plan.get_by_role("row")).to_have_count(3)
    assert_accessible(page)
    assert not Review.objects.exists()
    page.get_by_role("button", name="Confirmer l’attribution").click()
    expect(page.get_by_text("2 évaluations attribuées.")).to_be_visible()
    assert set(Review.objects.values_list("reviewer_id", flat=True)) == {
        reviewer_a.pk,
        reviewer_b.pk,
    }

    # Reviewer A finds the round on their home page and declares a conflict with Bruno,
    # typing his full name: the blind round's candidates are never listed, a partial name
    # finds nobody.
    _as(page, live_server, reviewer_a)
    page.goto(live_server.url + reverse("accounts:dashboard"))
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Mes évaluations"
    ).click()
    expect(page.get_by_role("table", name="Sessions dont les dossiers")).to_contain_text(
        f"Session {round_.number}"
    )
    assert_accessible(page)
    page.get_by_role("link", name=f"Déclarer un conflit pour la session {round_.number}").click()
    expect(page.get_by_text("Durand")).to_have_count(0)
    expect(page.get_by_text("Petit")).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("Prénom et nom de la personne").fill("Bruno")
    page.get_by_role("button", name="Rechercher ce nom").click()
    expect(
        page.get_by_text("Aucune candidature de cette session ne porte exactement")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Prénom et nom de la personne").fill("bruno petit")
    page.get_by_role("button", name="Rechercher ce nom").click()
    page.get_by_label("Nature du lien").fill("Ancien associé")
    assert_accessible(page)
    page.get_by_role("button", name="Déclarer un conflit avec Bruno Petit").click()
    expect(
        page.get_by_text("Votre conflit d’intérêts avec Bruno Petit est enregistré.")
    ).to_be_visible()
    expect(page.get_by_role("table", name="Vos conflits d’intérêts déclarés")).to_contain_text(
        "Ancien associé"
    )
    expect(page.get_by_text("Durand")).to_have_count(0)
    assert_accessible(page)

    # Then they open Alice's blind file and submit a review.
    page.get_by_role("link", name="Retour à mes évaluations").click()
    page.get_by_role("link", name=f"Dossier n° {alice.pk}").click()
    expect(page.get_by_text("Examen anonyme")).to_be_visible()
    expect(page.get_by_text("Durand")).to_have_count(0)
    # The ventures without their names, the CV as its text without what names Alice.
    expect(page.get_by_text("Pépite Santé")).to_have_count(0)
    expect(page.get_by_text("levé 10 M€")).to_have_count(0)
    expect(page.get_by_text("Description masquée")).to_be_visible()
    expect(page.get_by_role("heading", name="CV, en texte seul")).to_be_visible()
    expect(
        page.get_by_text("[nom masqué] — 2015–2020 : CTO de [entreprise masquée] (rachetée).")
    ).to_be_visible()
    assert_accessible(page)
    _review(page, scores=("5", "4"), comment="Avis d’Ada")
    assert_accessible(page)

    # Reviewer B cannot see A's review before submitting their own.
    _as(page, live_server, reviewer_b)
    page.goto(live_server.url + reverse("selection:review", kwargs={"pk": alice.pk}))
    expect(
        page.get_by_text(
            "Vous verrez les évaluations des autres personnes une fois la vôtre rendue."
        )
    ).to_be_visible()
    expect(page.get_by_text("Avis d’Ada")).to_have_count(0)
    assert_accessible(page)
    _review(page, scores=("4", "4"), comment="Avis de Blaise")
    expect(page.get_by_text("Avis d’Ada — Cohérence du profil")).to_be_visible()
    assert_accessible(page)

    # Staff record the committee's decision and publish.
    _as(page, live_server, staff)
    page.goto(live_server.url + reverse("selection:application", kwargs={"pk": alice.pk}))
    expect(page.get_by_text("Avis d’Ada — Cohérence du profil")).to_be_visible()
    page.get_by_role("combobox", name="Décision du comité").select_option(label="Rejoint le vivier")
    page.get_by_role("textbox", name="Raison").fill(
        "Parcours entrepreneurial solide, évaluations concordantes."
    )
    page.get_by_role("button", name="Enregistrer la décision du comité").click()
    expect(page.get_by_text("La décision du comité est enregistrée.")).to_be_visible()
    assert_accessible(page)
    assert not Email.objects.filter(template__startswith="selection_").exists()
    page.get_by_role("link", name=f"Retour à la session {round_.number}").click()
    page.get_by_role("link", name="Publier les décisions de la session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publier les décisions de la session")
    assert_accessible(page)
    page.get_by_role("button", name="Publier les décisions").click()
    expect(page.get_by_text("2 décisions publiées")).to_be_visible()
    assert_accessible(page)

    alice.refresh_from_db()
    bruno.refresh_from_db()
    assert alice.status == CandidacyStatus.POOL
    assert bruno.status == CandidacyStatus.INELIGIBLE
    pool_email = Email.objects.get(to=alice.candidate.user.email, template="selection_pool")
    assert "vivier" in pool_email.subject
    ineligible_email = Email.objects.get(
        to=bruno.candidate.user.email, template="selection_ineligible"
    )
    assert "Pas d’expérience entrepreneuriale" in ineligible_email.body_text


def test_the_board_sets_withdrawn_applications_apart_and_names_files_lacking_reviews(
    page, live_server, transactional_db
):
    from eig.candidacies.services import candidacy_withdraw
    from eig.selection.services.screening import screening_decide

    round_ = selection_round(anonymous=True)
    staff = StaffFactory(first_name="Sam", last_name="Équipe")
    alice = submitted(round_, first_name="Alice", last_name="Durand")
    bruno = submitted(round_, first_name="Bruno", last_name="Petit")
    for candidacy in (alice, bruno):
        screening_decide(candidacy=candidacy, eligible=True, by=staff)
    candidacy_withdraw(candidacy=bruno, by=bruno.candidate.user, reason="Un autre poste")

    _as(page, live_server, staff)
    page.goto(live_server.url + reverse("selection:board", kwargs={"round_pk": round_.pk}))
    # Bruno withdrew: listed apart, with nothing to tick.
    expect(page.get_by_role("table", name="Candidatures retirées par la personne")).to_contain_text(
        "Bruno Petit"
    )
    expect(page.get_by_label("Choisir Bruno Petit")).to_have_count(0)
    expect(page.get_by_text("Évaluations manquantes")).to_be_visible()
    assert_accessible(page)

    # Nobody reviewed Alice's file: the bulk decision names it and asks to confirm.
    page.get_by_label("Choisir Alice Durand").check()
    page.get_by_label("Décision à enregistrer").select_option(label="Comité : rejoint le vivier")
    page.get_by_label("Justification").fill("Comité du 12")
    page.get_by_role("button", name="Enregistrer la décision groupée").click()
    expect(page.locator("#missing-reviews")).to_contain_text("Alice Durand")
    expect(page.get_by_label("Choisir Alice Durand")).to_be_checked()
    assert_accessible(page)
    # The DSFR box is drawn by its label: click it, as a person does.
    page.get_by_text(
        "Je confirme la décision du comité sur ces dossiers sans toutes leurs évaluations"
    ).click()
    page.get_by_role("button", name="Enregistrer la décision groupée").click()
    expect(page.get_by_text("1 décision enregistrée.")).to_be_visible()

    # Bruno's page says why nothing can be decided on it.
    page.goto(live_server.url + reverse("selection:application", kwargs={"pk": bruno.pk}))
    expect(page.get_by_text("La personne a retiré sa candidature le")).to_be_visible()
    expect(page.get_by_role("button", name="Enregistrer la décision du comité")).to_have_count(0)
    assert_accessible(page)


def test_staff_decide_on_the_whole_filtered_selection_across_pages(
    page, live_server, transactional_db, settings
):
    settings.PAGE_SIZE = 2  # three applications: two pages
    round_ = selection_round()
    staff = StaffFactory(first_name="Sam", last_name="Équipe")
    names = [("Alice", "Durand"), ("Bruno", "Petit"), ("Chloé", "Martin")]
    for first_name, last_name in names:
        submitted(round_, first_name=first_name, last_name=last_name)

    _as(page, live_server, staff)
    page.goto(live_server.url + reverse("selection:board", kwargs={"round_pk": round_.pk}))
    page.get_by_label("Recevabilité", exact=True).select_option(label="À décider")
    page.get_by_role("button", name="Filtrer").click()
    # A page of two, and the pagination to the third.
    expect(page.get_by_role("navigation", name="Pagination")).to_be_visible()
    expect(page.get_by_role("link", name="Chloé Martin")).to_have_count(0)
    assert_accessible(page)
    page.get_by_text("Toute la sélection filtrée : 3 candidatures").click()
    page.get_by_label("Décision à enregistrer").select_option(label="Recevable")
    page.get_by_role("button", name="Enregistrer la décision groupée").click()

    # The count first; nothing is written before the confirmation.
    expect(page.get_by_text("3 candidatures seront déclarées recevables.")).to_be_visible()
    assert not Decision.objects.exists()
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer la décision groupée").click()
    expect(page.get_by_text("3 décisions enregistrées.")).to_be_visible()
    assert Decision.objects.filter(outcome="eligible").count() == 3
    # Back on the same filtered board: nothing left to screen.
    expect(page.get_by_text("Aucune candidature ne correspond.")).to_be_visible()
    assert_accessible(page)
