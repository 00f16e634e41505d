"""A GIN index for eig.core.search on PostgreSQL (a substring search needs none on SQLite).

The indexed expression is the one ``text_search`` filters on, built by the same helper,
so that PostgreSQL uses the index. Fields: title, problem, public_summary."""

from django.db import migrations

from eig.core.search import search_index

INDEX = search_index('title', 'problem', 'public_summary', name="challenge_search")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("challenges", "Challenge"), INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("challenges", "Challenge"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("challenges", "0002_history_and_measurements"), ("core", "0002_french_search")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
