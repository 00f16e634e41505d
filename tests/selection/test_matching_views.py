"""The matching's pages: rankings as ordered choices, the staff page, the explanations."""

import pytest
from django.urls import reverse

from eig.selection.models import Ranking
from eig.selection.services.matching import matching_override, matching_publish, matching_run
from tests.selection.matching_world import rank_all, world

pytestmark = pytest.mark.django_db


def _ranking_url(built):
    return reverse("matching:candidate_ranking", kwargs={"pk": built.round.pk})


def test_the_candidate_ranks_with_ordered_choices_and_saves(client):
    built = world(challenges=("x", "y"), candidates=("a",))
    client.force_login(built.user("a"))
    page = client.get(_ranking_url(built))
    assert page.status_code == 200
    assert "Rang de « Défi X »" in page.text
    x, y = built.proposal("a", "x"), built.proposal("a", "y")
    response = client.post(
        _ranking_url(built), {f"rank_{x.pk}": "", f"rank_{y.pk}": "1", "submit": "1"}
    )
    assert response.status_code == 302
    ranking = Ranking.objects.get(candidacy=built.candidacies["a"])
    assert ranking.submitted_at is not None
    assert [e.proposal_id for e in ranking.entries.all()] == [y.pk]


def test_two_choices_on_the_same_rank_are_refused_and_nothing_is_lost(client):
    built = world(challenges=("x", "y"), candidates=("a",))
    rank_all(built, candidates={"a": ["x"]}, juries={})
    client.force_login(built.user("a"))
    x, y = built.proposal("a", "x"), built.proposal("a", "y")
    response = client.post(
        _ranking_url(built), {f"rank_{x.pk}": "1", f"rank_{y.pk}": "1", "submit": "1"}
    )
    assert response.status_code == 200
    assert "Deux choix ont le même rang" in response.text
    ranking = Ranking.objects.get(candidacy=built.candidacies["a"])
    assert [e.proposal_id for e in ranking.entries.all()] == [x.pk]


def test_a_draft_is_saved_without_counting(client):
    built = world(challenges=("x",), candidates=("a",))
    client.force_login(built.user("a"))
    x = built.proposal("a", "x")
    client.post(_ranking_url(built), {f"rank_{x.pk}": "1", "draft": "1"})
    assert Ranking.objects.get(candidacy=built.candidacies["a"]).submitted_at is None
    assert "Brouillon : il ne compte pas encore" in client.get(_ranking_url(built)).text


def test_another_candidate_does_not_see_my_ranking(client):
    built = world(challenges=("x",), candidates=("a",))
    other = world(challenges=("z",), candidates=("b",))
    client.force_login(other.user("b"))
    assert client.get(_ranking_url(built)).status_code == 404


def _published():
    built = world(challenges=("x", "y", "z"), candidates=("a", "b", "c"))
    rank_all(
        built,
        candidates={"a": ["x", "y", "z"], "b": ["x"], "c": ["y"]},
        juries={"x": ["a", "b"], "y": ["c", "a"], "z": ["a"]},
    )
    run = matching_run(round=built.round, by=built.staff)
    matching_publish(run=run, by=built.staff)
    return built


def test_the_candidate_reads_the_explanations_without_anyone_else_s_name(client):
    built = world(challenges=("x", "y", "z"), candidates=("a", "b", "c"))
    rank_all(
        built,
        candidates={"a": ["x", "y", "z"], "b": ["x"], "c": ["y"]},
        juries={"x": ["b", "a"], "y": ["c", "a"], "z": ["a"]},
    )
    matching_publish(run=matching_run(round=built.round, by=built.staff), by=built.staff)
    client.force_login(built.user("a"))
    page = client.get(_ranking_url(built)).text
    assert "Vous êtes affecté·e au défi « Défi Z »" in page
    sentence = "ce défi a pourvu sa seule place avec une personne que son jury a classée avant vous"
    assert page.count(sentence) == 2
    for name in ("b", "c"):
        assert built.user(name).last_name not in page
        assert built.user(name).first_name not in page


def test_the_jury_reads_why_it_did_not_get_a_candidate_it_preferred(client):
    built = _published()
    client.force_login(built.agents["x"])
    url = reverse(
        "matching:jury_ranking",
        kwargs={"pk": built.round.pk, "challenge_pk": built.challenges["x"].pk},
    )
    page = client.get(url).text
    # x ranked a first, a ranked x first: x got a. Nothing to explain to x.
    assert "1 personne affectée sur 2 places" in page
    assert "cette personne a obtenu" not in page
    client.force_login(built.agents["z"])
    url = reverse(
        "matching:jury_ranking",
        kwargs={"pk": built.round.pk, "challenge_pk": built.challenges["z"].pk},
    )
    page = client.get(url).text
    assert "cette personne a obtenu un défi qu’elle avait classé avant le vôtre" in page


def test_the_staff_page_shows_the_run_and_warns_after_an_override(
    client, django_assert_max_num_queries
):
    built = world(challenges=("x", "y"), candidates=("a", "b"))
    rank_all(
        built,
        candidates={"a": ["x", "y"], "b": ["x", "y"]},
        juries={"x": ["a", "b"], "y": ["a", "b"]},
    )
    client.force_login(built.staff)
    url = reverse("matching:staff_round", kwargs={"pk": built.round.pk})
    assert (
        client.post(reverse("matching:run_start", kwargs={"pk": built.round.pk})).status_code == 302
    )
    run = built.round.matching_runs.get()
    with django_assert_max_num_queries(20):
        page = client.get(url).text
    assert "Résultat par défi" in page
    assert "n’est plus garanti stable" not in page
    matching_override(
        run=run,
        candidacy_id=built.candidacies["a"].pk,
        challenge_id=built.challenges["y"].pk,
        reason="Rapprochement familial",
        by=built.staff,
    )
    page = client.get(url).text
    assert "Ce résultat n’est plus garanti stable" in page
    assert f"{built.user('a')} — Défi X" in page
    assert "Rapprochement familial" in page


def test_an_override_without_a_reason_is_refused_on_the_page(client):
    built = world(challenges=("x",), candidates=("a",))
    rank_all(built, candidates={"a": ["x"]}, juries={"x": ["a"]})
    run = matching_run(round=built.round, by=built.staff)
    client.force_login(built.staff)
    response = client.post(
        reverse("matching:run_override", kwargs={"pk": run.pk}),
        {"candidacy": built.candidacies["a"].pk, "challenge": "", "reason": ""},
        follow=True,
    )
    assert "écrivez la raison" in response.text
    assert not run.overrides.exists()


def test_too_many_places_are_refused_on_the_page_with_the_figures(client):
    built = world(challenges=("x",), candidates=("a",), cap=3)
    client.force_login(built.staff)
    response = client.post(
        reverse(
            "matching:places_set",
            kwargs={"pk": built.round.pk, "challenge_pk": built.challenges["x"].pk},
        ),
        {
            f"places-{built.challenges['x'].pk}-product": "3",
            f"places-{built.challenges['x'].pk}-tech": "1",
        },
        follow=True,
    )
    assert "Les défis offrent 4 places, mais il n’en reste que 3" in response.text


def test_the_candidate_and_the_jury_find_the_matching_from_their_space(client):
    built = world(challenges=("x",), candidates=("a",))
    ranking_url = _ranking_url(built)
    client.force_login(built.user("a"))
    assert ranking_url in client.get(reverse("accounts:dashboard")).text
    client.force_login(built.agents["x"])
    jury_page = client.get(reverse("interviews:jury_list", kwargs={"pk": built.challenges["x"].pk}))
    jury_url = reverse(
        "matching:jury_ranking",
        kwargs={"pk": built.round.pk, "challenge_pk": built.challenges["x"].pk},
    )
    assert jury_url in jury_page.text


def test_the_ranking_page_shows_its_history(client):
    built = world(challenges=("x",), candidates=("a",))
    rank_all(built, candidates={"a": ["x"]}, juries={}, submit=False)
    rank_all(built, candidates={"a": ["x"]}, juries={})
    client.force_login(built.user("a"))
    page = client.get(_ranking_url(built)).text
    assert "Historique du classement" in page
    assert page.index("Classement enregistré le") < page.index("Brouillon enregistré le")


def test_the_staff_page_pages_its_places_and_both_results(client, settings):
    settings.PAGE_SIZE = 2
    built = world(challenges=("x", "y", "z"), candidates=("a", "b", "c"))
    rank_all(
        built,
        candidates={"a": ["x", "y", "z"], "b": ["x"], "c": ["y"]},
        juries={"x": ["a", "b"], "y": ["c", "a"], "z": ["a"]},
    )
    matching_run(round=built.round, by=built.staff)
    client.force_login(built.staff)
    url = reverse("matching:staff_round", kwargs={"pk": built.round.pk})

    response = client.get(url, {"places": 2, "defis": 2, "personnes": 2})

    assert len(response.context["places"]) == 1
    assert response.context["places_page"].paginator.count == 3
    assert len(response.context["per_challenge"].object_list) == 1
    assert len(response.context["per_candidate"].object_list) == 1
    page = response.text
    assert 'aria-label="Pagination : Résultat par personne"' in page
    assert "Page 2 sur 2" in page
