"""A GIN index for eig.core.search on PostgreSQL (a substring search needs none on SQLite).

The indexed expression is the one ``text_search`` filters on, built by the same helper,
so that PostgreSQL uses the index. Fields: first_name, last_name, email."""

from django.db import migrations

from eig.core.search import search_index

INDEX = search_index('first_name', 'last_name', 'email', name="user_name_search")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("accounts", "User"), INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("accounts", "User"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_duplicate_keys"), ("core", "0002_french_search")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
