"""A senior product director applies to the open round, then changes their mind.

They sign up and confirm their e-mail, build their profile (a `javascript:` link and a
fake PDF are refused, nothing is lost, the focus goes to the error summary), add a
venture and a real CV, apply with three ranked wishes (ticked and moved up with the
keyboard alone), reorder them, check the summary and submit, receive the receipt, edit
the submitted application before the deadline, and finally withdraw it. Every page
passes axe.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.models import Candidacy
from eig.notifications.models import Email
from tests.e2e.accessibility import assert_accessible
from tests.factories import ChallengeFactory, RoundFactory
from tests.pdfs import minimal_pdf

PASSWORD = "un-secret-bien-long-2026"
EMAIL = "claire.dubois@example.fr"
PDF = minimal_pdf()


@pytest.fixture
def arranged(transactional_db):
    round_ = RoundFactory(opens_on=timezone.localdate() - datetime.timedelta(days=3))
    titles = [
        "Simplifier les aides agricoles",
        "Ouvrir les données du cadastre",
        "Un guichet unique",
    ]
    challenges = [
        ChallengeFactory(
            complete=True,
            status="recruiting",
            promotion=round_.promotion,
            title=title,
            wants_product=True,
            wants_tech=False,
        )
        for title in titles
    ]
    ChallengeFactory(
        complete=True,
        status="recruiting",
        promotion=round_.promotion,
        title="Un défi pour les profils techniques",
        wants_product=False,
        wants_tech=True,
    )
    return {"round": round_, "challenges": challenges}


def _heading(page):
    return page.get_by_role("heading", level=1)


def _menu(page, name):
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name=name, exact=True
    ).click()


def _choose(page, label):
    """Tick a DSFR radio button or checkbox the way a person does: on its label."""
    page.locator("label", has_text=label).click()


def _pdf(name, content):
    return [{"name": name, "mimeType": "application/pdf", "buffer": content}]


def _sign_up(page, live_server):
    page.goto(live_server.url + reverse("account_signup"))
    expect(_heading(page)).to_have_text("Créer un compte candidat·e")
    assert_accessible(page)
    page.get_by_label("Prénom").fill("Claire")
    page.get_by_label("Nom", exact=True).fill("Dubois")
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.get_by_label("Mot de passe 12 caractères au moins").fill(PASSWORD)
    page.get_by_label("Confirmation du mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    expect(_heading(page)).to_have_text("Vérifiez votre adresse e-mail")
    link = re.search(r"https?://[^\s\"<]+", Email.objects.get(to=EMAIL).body_text).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirmer mon adresse").click()
    expect(_heading(page)).to_have_text("Mon espace")
    assert_accessible(page)


def _build_profile(page):
    _menu(page, "Mon profil")
    expect(_heading(page)).to_have_text("Mon profil")
    expect(page.locator("#completude")).to_contain_text("votre CV en PDF")
    assert_accessible(page)

    # A javascript: link is refused; what was typed stays in the form, nothing is saved.
    _choose(page, "Directeur·rice produit")
    page.get_by_label("Années d’expérience professionnelle").fill("14")
    page.get_by_label("Vos compétences").fill("Stratégie produit, recherche utilisateur")
    page.get_by_label("Téléphone").fill("06 12 34 56 78")
    page.get_by_label("Portfolio").fill("javascript:alert(document.cookie)")
    _choose(page, "Femme")
    page.get_by_role("button", name="Enregistrer mon profil").click()
    expect(page.get_by_text("Votre profil n’est pas enregistré")).to_be_visible()
    # The focus is on the error summary, whose link leads to the field in error.
    summary = page.locator(".eig-error-summary")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name="Portfolio")
    assert link.get_attribute("href") == "#id_portfolio_url"
    link.click()
    expect(page.get_by_label("Portfolio")).to_be_focused()
    expect(
        page.get_by_text("Seuls les liens web commençant par https:// ou http:// sont acceptés.")
    ).to_be_visible()
    expect(page.get_by_label("Vos compétences")).to_have_value(
        "Stratégie produit, recherche utilisateur"
    )
    assert_accessible(page)
    page.get_by_label("Portfolio").fill("https://claire-dubois.fr")
    _choose(page, "J’accepte d’être recontacté·e")
    page.get_by_role("button", name="Enregistrer mon profil").click()
    expect(page.get_by_text("Votre profil est enregistré.")).to_be_visible()
    expect(page.get_by_label("Portfolio")).to_have_value("https://claire-dubois.fr")

    # A venture.
    page.get_by_role("link", name="Ajouter une expérience").click()
    expect(_heading(page)).to_have_text("Ajouter une expérience")
    assert_accessible(page)
    page.get_by_label("Nom de l’entreprise ou du projet").fill("Agrilocal")
    page.get_by_label("Rôle").select_option(label="Cofondateur·rice")
    page.get_by_label("Année de début").fill("2014")
    page.get_by_label("Année de fin").fill("2021")
    page.get_by_label("Taille de l’équipe").fill("18")
    page.get_by_label("Ce qu’elle est devenue").select_option(label="Rachetée")
    page.get_by_label("Ce que vous y avez fait").fill(
        "J’ai conduit le produit de 0 à 40 000 usagers."
    )
    page.get_by_role("button", name="Enregistrer l’expérience").click()
    expect(page.get_by_text("Expérience « Agrilocal » enregistrée.")).to_be_visible()
    expect(page.locator("#experiences")).to_contain_text("de 2014 à 2021")

    # The CV: a fake PDF is refused, then the real one is kept.
    page.get_by_role("link", name="Déposer mon CV").click()
    expect(_heading(page)).to_have_text("Déposer mon CV")
    assert_accessible(page)
    page.get_by_label("Votre CV").set_input_files(_pdf("cv.pdf", b"MZ\x90\x00 pas un PDF"))
    page.get_by_role("button", name="Enregistrer le CV").click()
    expect(page.get_by_text("n’est pas un PDF : seuls les PDF sont acceptés.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Votre CV").set_input_files(_pdf("CV Claire Dubois.pdf", PDF))
    page.get_by_role("button", name="Enregistrer le CV").click()
    expect(page.get_by_text("Votre CV est enregistré.")).to_be_visible()
    expect(page.locator("#completude")).to_contain_text("Votre profil est complet")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger mon CV").first.click()
    assert download.value.suggested_filename == "cv.pdf"
    assert_accessible(page)


def _ticked_titles(page):
    """The ticked défis, in the order shown: the wishes, the first preferred."""
    rows = page.locator(".eig-wish")
    return [
        rows.nth(i).locator("label").inner_text().split(" — ")[0]
        for i in range(rows.count())
        if rows.nth(i).get_by_role("checkbox").is_checked()
    ]


def _rank_wishes(page, challenges):
    """Tick the défis and order them with the keyboard alone: Space, Tab and Enter."""
    for row in page.locator(".eig-wish").all():
        box = row.get_by_role("checkbox")
        title = row.locator("label").inner_text().split(" — ")[0]
        if box.is_checked() != any(c.title == title for c in challenges):
            box.focus()
            page.keyboard.press("Space")
    for target, challenge in enumerate(challenges):
        while _ticked_titles(page).index(challenge.title) > target:
            page.get_by_role("button", name=f"Monter « {challenge.title} »").focus()
            page.keyboard.press("Enter")
            expect(page.get_by_text("L’ordre de vos vœux a changé.")).to_be_visible()
            # The focus stays on the moved wish: one of its buttons, or its checkbox.
            assert challenge.title in page.evaluate(
                "document.activeElement.textContent + document.activeElement.id"
                " + (document.activeElement.labels?.[0]?.textContent || '')"
            )
    assert _ticked_titles(page) == [challenge.title for challenge in challenges]


def _wishes_in_order(page):
    return page.locator("#resume-voeux ol li").all_inner_texts()


def test_a_candidate_signs_up_applies_edits_submits_and_withdraws(page, live_server, arranged):
    first, second, third = arranged["challenges"]
    round_ = arranged["round"]
    _sign_up(page, live_server)
    _build_profile(page)

    # Mes candidatures: nothing yet, and the open round invites to apply.
    _menu(page, "Mes candidatures")
    expect(_heading(page)).to_have_text("Mes candidatures")
    expect(page.get_by_text("Vous n’avez encore aucune candidature.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Candidater à cette session").click()
    expect(_heading(page)).to_have_text("Candidater")
    expect(page.get_by_role("main")).to_contain_text(f"La session {round_.number}")
    expect(page.get_by_role("main")).to_contain_text("3 défis recrutent votre profil")
    assert_accessible(page)
    page.get_by_role("button", name="Commencer ma candidature").click()

    # The motivation (a live counter) and three ranked wishes.
    expect(_heading(page)).to_have_text("Modifier ma candidature")
    expect(page.get_by_text("Votre candidature est créée en brouillon.")).to_be_visible()
    # the 3 défis for product directors, a checkbox each
    expect(page.locator(".eig-wish").get_by_role("checkbox")).to_have_count(3)
    expect(page.locator("select")).to_have_count(0)
    page.get_by_label("Votre motivation").fill("Je veux servir l’intérêt général.")
    expect(page.locator("#id_motivation_count")).to_contain_text("33 caractères sur 4")
    assert_accessible(page)
    _rank_wishes(page, [third, first])
    assert page.get_by_label("Votre motivation").input_value() == (
        "Je veux servir l’intérêt général."
    )
    assert_accessible(page)
    _rank_wishes(page, [first, second, third])
    page.get_by_role("button", name="Enregistrer", exact=True).click()

    expect(_heading(page)).to_have_text(f"Ma candidature — session {round_.number}")
    expect(page.locator("#suite")).to_contain_text("déposez-la avant le")
    assert [text.split(" — ")[0] for text in _wishes_in_order(page)] == [
        first.title,
        second.title,
        third.title,
    ]
    assert_accessible(page)

    # They change their mind on the order, then check the summary and submit.
    page.get_by_role("link", name="Modifier ma candidature").click()
    _rank_wishes(page, [third, first, second])
    page.get_by_role("button", name="Enregistrer et vérifier avant de déposer").click()
    expect(_heading(page)).to_have_text("Déposer ma candidature")
    expect(page.get_by_text("Vérifiez ce que vous allez envoyer")).to_be_visible()
    assert [text.split(" — ")[0] for text in _wishes_in_order(page)] == [
        third.title,
        first.title,
        second.title,
    ]
    expect(page.locator("#resume-experiences")).to_contain_text("Agrilocal")
    assert_accessible(page)
    page.get_by_role("button", name="Confirmer le dépôt de ma candidature").click()

    expect(page.get_by_text("Un accusé de réception vous est envoyé à")).to_be_visible()
    expect(page.locator("p.fr-mb-1w .fr-badge")).to_have_text("Déposée")
    expect(page.locator("#suite")).to_contain_text("Vous pouvez encore la modifier jusqu’au")
    expect(page.locator("#historique")).to_contain_text("Votre candidature a été déposée.")
    assert_accessible(page)
    receipt = Email.objects.get(template="candidacy_submitted")
    assert receipt.to == EMAIL
    assert f"1. {third.title}" in receipt.body_text
    assert receipt.body_text.index(third.title) < receipt.body_text.index(first.title)

    # Still editable until the deadline: the change is in the history.
    page.get_by_role("link", name="Modifier ma candidature").click()
    page.get_by_label("Votre motivation").fill(
        "Je veux servir l’intérêt général, au plus près des usagers."
    )
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_text("Votre candidature est enregistrée.")).to_be_visible()
    expect(page.locator("#historique")).to_contain_text("Ce qui a changé : la motivation.")

    # Finally, they withdraw it.
    page.get_by_role("link", name="Retirer ma candidature").click()
    expect(_heading(page)).to_have_text("Retirer ma candidature")
    assert_accessible(page)
    page.get_by_label("Pourquoi retirez-vous votre candidature ?").fill(
        "J’ai accepté un autre poste."
    )
    page.get_by_role("button", name="Retirer ma candidature").click()
    expect(page.get_by_text("Une confirmation vous est envoyée par e-mail.")).to_be_visible()
    expect(page.locator("#suite")).to_contain_text("Candidature retirée")
    expect(page.locator("#historique")).to_contain_text("J’ai accepté un autre poste.")
    expect(page.get_by_role("link", name="Modifier ma candidature")).to_have_count(0)
    assert_accessible(page)
    assert Candidacy.objects.get().status == CandidacyStatus.WITHDRAWN
    assert Email.objects.filter(template="candidacy_withdrawn", to=EMAIL).exists()

    _menu(page, "Mes candidatures")
    expect(page.get_by_role("table")).to_contain_text("Retirée")
    expect(page.get_by_role("link", name="Voir ma candidature")).to_be_visible()
    assert_accessible(page)
