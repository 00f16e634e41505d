"""The searched documents stored by PostgreSQL (eig.core.search.stored_document): a
generated ``tsvector`` column and its GIN index, in place of the index on the expression,
so that a search that matches many rows does not compute the vector of each (issue 14)."""

from django.db import migrations

from eig.core.search import stored_document


class Migration(migrations.Migration):
    dependencies = [("candidacies", "0011_staff_list_order_indexes")]

    operations = [
        stored_document("candidacies.Candidate", ("skills",), index="candidate_skills_search"),
    ]
