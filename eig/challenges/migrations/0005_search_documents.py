"""The searched documents stored by PostgreSQL (eig.core.search.stored_document): a
generated ``tsvector`` column and its GIN index, in place of the index on the expression,
so that a search that matches many rows does not compute the vector of each (issue 14)."""

from django.db import migrations

from eig.core.search import stored_document


class Migration(migrations.Migration):
    dependencies = [("challenges", "0004_free_texts_max_length")]

    operations = [
        stored_document(
            "challenges.Challenge", ("title", "problem", "public_summary"), index="challenge_search"
        ),
        # The staff list's « Vœu » filter and its suggestions search the titles alone.
        stored_document(
            "challenges.Challenge", ("title",), index="challenge_title_search", replaces=False
        ),
    ]
