"""The application's table: who may apply each move, and the history line each writes."""

import pytest
from django.db import transaction

from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.workflow import CANDIDACY_WORKFLOW
from eig.core.errors import DomainError
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from eig.core.workflow import transition_apply
from tests.factories import CandidacyFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _apply(candidacy, name, by):
    with transaction.atomic():
        return transition_apply(workflow=CANDIDACY_WORKFLOW, instance=candidacy, name=name, by=by)


def test_a_role_the_table_does_not_name_is_refused_and_nothing_changes():
    draft = CandidacyFactory()
    with pytest.raises(DomainError, match="« Déposer la candidature »"):
        _apply(draft, "submit", StaffFactory())
    submitted = CandidacyFactory(status=CandidacyStatus.SUBMITTED)
    with pytest.raises(DomainError, match="« Publier la décision : dans le vivier »"):
        _apply(submitted, "publish_pool", submitted.candidate.user)
    for candidacy, status in ((draft, "draft"), (submitted, "submitted")):
        candidacy.refresh_from_db()
        assert candidacy.status == status
        assert not event_list_for(candidacy).exists()


def test_the_candidate_accepting_an_offer_is_hired_from_the_pool_only():
    pool = CandidacyFactory(status=CandidacyStatus.POOL)
    hired = _apply(pool, "hire", pool.candidate.user)
    assert hired.status == CandidacyStatus.HIRED
    event = event_list_for(pool).get()
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        HistoryAction.CANDIDACY_HIRED,
        CandidacyStatus.POOL,
        CandidacyStatus.HIRED,
        pool.candidate.user,
    )
    submitted = CandidacyFactory(status=CandidacyStatus.SUBMITTED)
    with pytest.raises(DomainError, match="statut actuel"):
        _apply(submitted, "hire", submitted.candidate.user)


@pytest.mark.parametrize(
    ("status", "may_withdraw"),
    [(status, status in {"draft", "submitted", "pool"}) for status in CandidacyStatus.values],
)
def test_an_application_is_withdrawn_only_while_under_way(status, may_withdraw):
    candidacy = CandidacyFactory(status=status)
    if may_withdraw:
        assert _apply(candidacy, "withdraw", candidacy.candidate.user).status == "withdrawn"
    else:
        with pytest.raises(DomainError, match="statut actuel"):
            _apply(candidacy, "withdraw", candidacy.candidate.user)
