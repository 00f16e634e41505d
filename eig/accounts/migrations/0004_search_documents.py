"""The searched documents stored by PostgreSQL (eig.core.search.stored_document): a
generated ``tsvector`` column and its GIN index, in place of the index on the expression,
so that a search that matches many rows does not compute the vector of each (issue 14)."""

from django.db import migrations

from eig.core.search import stored_document


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_search_indexes")]

    operations = [
        stored_document(
            "accounts.User", ("first_name", "last_name", "email"), index="user_name_search"
        ),
    ]
