"""fields_update: the one "diff, clean, save, log" of the services."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from eig.core.history import event_list_for, fields_update
from eig.core.history_actions import HistoryAction
from eig.organisations.models import Organisation
from tests.factories import OrganisationFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_only_the_changed_fields_are_saved_and_recorded_with_their_old_and_new_values(
    django_assert_max_num_queries,
):
    organisation = OrganisationFactory(name="Direction A", acronym="DA")
    staff = StaffFactory()
    # Elsewhere meanwhile: the lock reads the row again, and the save keeps this change.
    Organisation.objects.filter(pk=organisation.pk).update(acronym="DX")

    # Lock, full_clean()'s uniqueness check of the SIRET, content type (unless cached),
    # save, history line.
    with transaction.atomic(), django_assert_max_num_queries(5):
        saved, changes = fields_update(
            instance=organisation,
            data={"name": "Direction B", "acronym": "DX"},
            by=staff,
            action=HistoryAction.UPDATED,
            comment="Nouveau nom.",
        )

    assert changes == {"name": ["Direction A", "Direction B"]}
    assert saved.acronym == "DX"
    organisation.refresh_from_db()
    assert (organisation.name, organisation.acronym) == ("Direction B", "DX")
    (event,) = event_list_for(organisation)
    assert (event.action, event.actor, event.changes, event.comment) == (
        HistoryAction.UPDATED,
        staff,
        {"name": ["Direction A", "Direction B"]},
        "Nouveau nom.",
    )


def test_masked_fields_are_named_in_the_history_without_their_values():
    organisation = OrganisationFactory(acronym="DA")
    with transaction.atomic():
        fields_update(
            instance=organisation,
            data={"acronym": "DB"},
            by=None,
            action=HistoryAction.UPDATED,
            masked=["acronym"],
        )
    assert event_list_for(organisation).get().changes == {"acronym": ["…", "…"]}


def test_nothing_is_saved_nor_recorded_when_nothing_changed(django_assert_num_queries):
    organisation = OrganisationFactory(name="Direction A")
    with transaction.atomic(), django_assert_num_queries(1):
        saved, changes = fields_update(
            instance=organisation,
            data={"name": "Direction A"},
            by=None,
            action=HistoryAction.UPDATED,
        )
    assert (saved.name, changes) == ("Direction A", {})
    assert not event_list_for(organisation).exists()


def test_an_invalid_value_is_refused_in_french_and_nothing_is_recorded():
    organisation = OrganisationFactory()
    with transaction.atomic(), pytest.raises(ValidationError) as refused:
        fields_update(
            instance=organisation,
            data={"siret": "123"},
            by=None,
            action=HistoryAction.UPDATED,
        )
    assert "siret" in refused.value.message_dict
    assert not event_list_for(organisation).exists()


@pytest.mark.django_db(transaction=True)
def test_it_runs_only_inside_the_services_transaction():
    organisation = OrganisationFactory()
    with pytest.raises(RuntimeError, match="transaction"):
        fields_update(
            instance=organisation, data={"name": "Autre"}, by=None, action=HistoryAction.UPDATED
        )
