"""Where the published matchings placed people: the pilotage funnel and the open data."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from eig.impact.opendata import PROMOTION_COLUMNS
from eig.programmes.models import Programme
from eig.selection.selectors.matching import choice_counts_by_promotion
from eig.selection.services.matching import (
    challenge_places_set,
    matching_publish,
    matching_run,
)
from tests.selection.matching_world import rank_all, world

pytestmark = pytest.mark.django_db


def _published():
    """a gets her 1st choice (x), b his 2nd (y, after x), c nothing, d his 3rd (z)."""
    built = world(challenges=("x", "y", "z"), candidates=("a", "b", "c", "d"))
    rank_all(
        built,
        candidates={"a": ["x"], "b": ["x", "y"], "c": ["y"], "d": ["x", "y", "z"]},
        juries={"x": ["a", "b", "d"], "y": ["b", "d", "c"], "z": ["d"]},
    )
    # One product place each: x takes a, y takes b, z takes d, c is left out.
    for challenge in built.challenges.values():
        challenge_places_set(
            round=built.round, challenge=challenge, product=1, tech=0, by=built.staff
        )
    matching_publish(run=matching_run(round=built.round, by=built.staff), by=built.staff)
    return built


def test_the_choices_are_counted_per_promotion_from_the_published_runs_only():
    built = _published()
    counts = choice_counts_by_promotion()[built.round.promotion_id]
    assert (counts.first, counts.second, counts.further, counts.unmatched) == (1, 1, 1, 1)
    assert counts.top_two == 2


def test_a_run_not_published_is_not_counted():
    built = world(challenges=("x",), candidates=("a",))
    rank_all(built, candidates={"a": ["x"]}, juries={"x": ["a"]})
    matching_run(round=built.round, by=built.staff)
    assert choice_counts_by_promotion() == {}


def test_the_pilotage_shows_the_funnel(client, monkeypatch):
    built = _published()
    from eig.impact import dashboard

    monkeypatch.setattr(
        dashboard, "current_promotion", lambda programme, day: built.round.promotion
    )
    client.force_login(built.staff)
    page = client.get(reverse("impact:staff_dashboard")).text
    assert "Affectation aux défis" in page
    table = page[page.index('id="matching-funnel"') :]
    cells = [table.split("<td>")[i].split("</td>")[0] for i in range(1, 6)]
    assert cells == ["1", "1", "1", "0", "1"]


def _promotion_row(client, built):
    response = client.get(reverse("impact:promotions_json"))
    rows = response.json()["promotions"]
    return next(row for row in rows if row["numero"] == built.round.promotion.number)


def test_the_open_data_share_follows_the_small_number_rule(client):
    built = _published()
    assert [c.name for c in PROMOTION_COLUMNS][-2:] == [
        "eig_affectes_appariement",
        "part_deux_premiers_choix",
    ]
    row = _promotion_row(client, built)
    # Three people placed, under the threshold of 10: neither the share nor the count.
    assert row["eig_affectes_appariement"] is None
    assert row["part_deux_premiers_choix"] is None
    Programme.objects.update(impact_min_answers=3)
    cache.clear()  # the open data files are kept a minute: as if it had passed
    row = _promotion_row(client, built)
    assert row["eig_affectes_appariement"] == 3
    assert row["part_deux_premiers_choix"] == pytest.approx(66.7)
