"""Two staff members publishing the same matching at once publish it once (PostgreSQL)."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from eig.contracts.models import Offer
from eig.core.errors import DomainError
from eig.notifications.models import Email
from eig.selection.models import MatchingRun
from eig.selection.services.matching import matching_publish, matching_run
from tests.factories import StaffFactory
from tests.selection.matching_world import rank_all, world


@pytest.mark.skipif(not settings.USES_POSTGRESQL, reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_publications_at_once_make_one_set_of_draft_offers():
    built = world(challenges=("x", "y"), candidates=("a", "b"))
    rank_all(
        built,
        candidates={"a": ["x"], "b": ["y"]},
        juries={"x": ["a"], "y": ["b"]},
    )
    run = matching_run(round=built.round, by=built.staff)
    people = [built.staff, StaffFactory()]
    barrier = threading.Barrier(len(people))
    outcomes: list[object] = []

    def publish(by) -> None:
        try:
            barrier.wait(timeout=10)
            matching_publish(run=MatchingRun.objects.get(pk=run.pk), by=by)
            outcomes.append("published")
        except DomainError as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(by,)) for by in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes.count("published") == 1
    assert [str(o) for o in outcomes if o != "published"] == ["Cet appariement est déjà publié."]
    assert Offer.objects.count() == 2
    assert Email.objects.filter(template="matching_result_candidate").count() == 2
