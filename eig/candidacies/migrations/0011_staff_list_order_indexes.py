"""The staff list's order, latest submissions first, of a round or of all: indexes on
PostgreSQL, so that a page is read from their first rows instead of sorting the round.

``submitted_at DESC NULLS LAST`` is the list's order (``candidacy_list_for_staff``);
SQLite cannot put NULLS LAST in an index, and its embedded volume needs none, so these
indexes are not in the model's state: this migration creates them on PostgreSQL only,
as the search indexes are (0004_search_indexes)."""

from django.db import migrations, models
from django.db.models import F, Q

UNDER_WAY = ~Q(status="draft")
INDEXES = [
    models.Index(
        F("round"),
        F("submitted_at").desc(nulls_last=True),
        F("id").desc(),
        condition=UNDER_WAY,
        name="candidacy_staff_round_latest",
    ),
    models.Index(
        F("submitted_at").desc(nulls_last=True),
        F("id").desc(),
        condition=UNDER_WAY,
        name="candidacy_staff_latest",
    ),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in INDEXES:
            schema_editor.add_index(apps.get_model("candidacies", "Candidacy"), index)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in INDEXES:
            schema_editor.remove_index(apps.get_model("candidacies", "Candidacy"), index)


class Migration(migrations.Migration):
    dependencies = [("candidacies", "0010_round_counts_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
