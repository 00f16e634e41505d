"""After the joint interviews, a round's pool is matched to its défis, explained, and
turned into offers.

Three pool candidates were each interviewed for three défis. Alice ranks them on her
page (ordered choices, keyboard-friendly) and saves; the jury of défi Z ranks on its
page; the others have saved theirs. Staff open the round's matching page, run the stable
matching, move one person by hand (the page warns that the result is no longer
guaranteed stable and names the blocking pairs), run again, publish, and confirm Alice's
draft offer. Alice reads why she did not get her first two choices; défi Z's jury reads
why it did not get the person it ranked first. Every new page passes axe.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from eig.contracts.enums import OfferStatus
from eig.contracts.models import Offer
from eig.notifications.models import Email
from eig.selection.models import MatchingRun
from tests.e2e.accessibility import assert_accessible
from tests.e2e.helpers import sign_in_as
from tests.selection.matching_world import rank_all, world

SENTENCE = "ce défi a pourvu sa seule place avec une personne que son jury a classée avant vous"


def _as(page, live_server, user) -> None:
    page.context.clear_cookies()
    sign_in_as(page, live_server, user)


@pytest.fixture
def arranged(transactional_db):
    built = world(challenges=("x", "y", "z"), candidates=("a", "b", "c"))
    names = {"a": ("Alice", "Martin"), "b": ("Bruno", "Petit"), "c": ("Chloé", "Durand")}
    for key, (first, last) in names.items():
        user = built.user(key)
        user.first_name, user.last_name = first, last
        user.save(update_fields=["first_name", "last_name"])
    # One product place per défi (the défis asked for both profiles).
    from eig.selection.models import ChallengePlaces

    for challenge in built.challenges.values():
        ChallengePlaces.objects.create(round=built.round, challenge=challenge, product=1, tech=0)
    rank_all(
        built,
        candidates={"b": ["x"], "c": ["y"]},
        juries={"x": ["b", "a"], "y": ["c", "a"]},
    )
    return built


def test_rankings_a_run_an_override_and_offers(page, live_server, arranged):
    built = arranged
    # Alice ranks the three défis she was interviewed for.
    _as(page, live_server, built.user("a"))
    page.goto(
        live_server.url + reverse("matching:candidate_ranking", kwargs={"pk": built.round.pk})
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon classement des défis")
    assert_accessible(page)
    page.get_by_label("Rang de « Défi X »").select_option(label="Rang 1")
    page.get_by_label("Rang de « Défi Y »").select_option(label="Rang 2")
    page.get_by_label("Rang de « Défi Z »").select_option(label="Rang 3")
    page.get_by_role("button", name="Enregistrer le classement").click()
    expect(page.get_by_text("Votre classement est enregistré.")).to_be_visible()
    expect(page.get_by_text("Classement enregistré", exact=True)).to_be_visible()

    # Défi Z's jury ranks the candidates it met: Bruno first, then Alice; not Chloé.
    _as(page, live_server, built.agents["z"])
    jury_url = reverse(
        "matching:jury_ranking",
        kwargs={"pk": built.round.pk, "challenge_pk": built.challenges["z"].pk},
    )
    page.goto(live_server.url + jury_url)
    assert_accessible(page)
    page.get_by_label("Rang de « Bruno Petit »").select_option(label="Rang 1")
    page.get_by_label("Rang de « Alice Martin »").select_option(label="Rang 2")
    page.get_by_role("button", name="Enregistrer le classement").click()
    expect(page.get_by_text("Votre classement est enregistré.")).to_be_visible()

    # Staff run the matching from the round's page.
    _as(page, live_server, built.staff)
    page.goto(
        live_server.url
        + reverse("programmes:promotion_detail", kwargs={"pk": built.round.promotion_id})
    )
    page.get_by_role("link", name=re.compile(r"^Classements jusqu’au")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Affectation")
    page.get_by_role("button", name="Lancer l’appariement").click()
    expect(page.get_by_text("L’appariement est calculé.")).to_be_visible()
    by_challenge = page.get_by_role("table", name="Résultat par défi")
    expect(by_challenge.get_by_role("row", name="Défi Z")).to_contain_text("Alice Martin")
    assert_accessible(page)

    # A move by hand: Chloé placed nowhere; the page names the pairs that now block.
    form = page.get_by_role("group", name="Modifier une paire avant la publication")
    form.get_by_label("Personne").select_option(label="Chloé Durand")
    form.get_by_label("Défi").select_option(label="Aucun défi (non affecté·e)")
    form.get_by_label("Raison", exact=True).fill("Indisponible à la date de prise de poste")
    form.get_by_role("button", name="Enregistrer la modification").click()
    warning = page.locator(".fr-alert--warning")
    expect(warning).to_contain_text("Ce résultat n’est plus garanti stable")
    expect(warning).to_contain_text("Alice Martin — Défi Y")
    expect(warning).to_contain_text("Chloé Durand — Défi Y")
    assert_accessible(page)

    # Staff run again (no override on the new run), then publish.
    page.get_by_role("button", name="Relancer l’appariement").click()
    expect(page.locator(".fr-alert--warning")).to_have_count(0)
    page.get_by_role("button", name="Publier l’affectation").click()
    expect(page.get_by_text("L’affectation est publiée")).to_be_visible()
    assert MatchingRun.objects.filter(published_at__isnull=False).count() == 1
    assert Offer.objects.filter(status=OfferStatus.DRAFT).count() == 3
    page.get_by_role("button", name="Confirmer l’offre à Alice Martin").click()
    expect(page.get_by_text("L’offre est faite")).to_be_visible()
    offer = Offer.objects.get(candidacy=built.candidacies["a"])
    assert (offer.status, offer.challenge_id) == (OfferStatus.MADE, built.challenges["z"].pk)
    assert Email.objects.filter(template="offer_made", to=built.user("a").email).exists()

    # Alice reads why she got her third choice, without anyone else's name.
    _as(page, live_server, built.user("a"))
    page.goto(
        live_server.url + reverse("matching:candidate_ranking", kwargs={"pk": built.round.pk})
    )
    expect(page.get_by_text("Vous êtes affecté·e au défi « Défi Z »")).to_be_visible()
    result = page.locator(
        "section", has=page.get_by_role("heading", name="Résultat de l’affectation")
    )
    expect(result.get_by_role("listitem")).to_have_text(
        [f"Défi X : {SENTENCE}.", f"Défi Y : {SENTENCE}."]
    )
    expect(page.get_by_text("Bruno")).to_have_count(0)
    assert_accessible(page)

    # Défi Z's jury reads why it did not get Bruno, whom it ranked first.
    _as(page, live_server, built.agents["z"])
    page.goto(live_server.url + jury_url)
    expect(page.get_by_text("1 personne affectée sur 1 place :")).to_be_visible()
    expect(
        page.get_by_text(
            "Bruno Petit : cette personne a obtenu un défi qu’elle avait classé avant le vôtre."
        )
    ).to_be_visible()
    assert_accessible(page)
