"""Text search: PostgreSQL's full-text search in French without accents, on GIN indexes.

On PostgreSQL every word typed must begin a word of the document, whatever its accents
and case (« numerique » finds « Numérique », « numér » finds « numériques »). Each
searched tuple of fields is a *document*: a ``tsvector`` column that PostgreSQL computes
and stores with the row (``GENERATED ALWAYS AS … STORED``, named by ``document_column``),
with a GIN index on it (``stored_document``, called by the migrations « search_documents »).
A search is then answered by the index, and the rows it finds are checked against the
stored vector: a word that matches thousands of rows no longer costs a ``to_tsvector``
per row. Being generated, the column follows every change of its fields, an
anonymisation included, without a line of code in the services; the models do not know
it, so no query reads it but the searches. The ``french_unaccent`` configuration (French
stemming after ``unaccent``) is created by ``eig/core/migrations/0002_french_search.py``.

On SQLite (the embedded default) it falls back to a substring search without case.
"""

import re
from typing import Any

from django.apps.registry import Apps
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.db import connection, migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import Expression, Q, QuerySet
from django.db.models.expressions import Col
from django.db.models.sql import Query

CONFIG = "french_unaccent"
WORD = re.compile(r"\w+")


def uses_full_text_search() -> bool:
    return connection.vendor == "postgresql"


def search_words(text: str) -> list[str]:
    """The words of ``text``, without punctuation (which a tsquery would read as operators)."""
    return WORD.findall(text)


def search_vector(*fields: str) -> SearchVector:
    return SearchVector(*fields, config=CONFIG)


def search_index(*fields: str, name: str) -> GinIndex:
    """The GIN index on the expression itself, as the first migrations built it (before
    the stored documents, which replaced them)."""
    return GinIndex(search_vector(*fields), name=name)


def document_column(fields: tuple[str, ...]) -> str:
    """The stored ``tsvector`` column of ``fields``: ``search_first_name_last_name_email``."""
    return "search_" + "_".join(fields)


class StoredDocument(Expression):
    """The row's stored document of ``fields``, in whatever alias the query gives its table."""

    def __init__(self, fields: tuple[str, ...]) -> None:
        super().__init__(output_field=SearchVectorField())
        self.fields = fields

    def resolve_expression(  # type: ignore[override]  # a column, not this expression
        self, query: Any = None, *args: Any, **kwargs: Any
    ) -> Col:
        field = SearchVectorField()
        field.column = document_column(self.fields)
        return Col(query.get_initial_alias(), field)


def _document_sql(model: Any, fields: tuple[str, ...], editor: BaseDatabaseSchemaEditor) -> str:
    """``to_tsvector(…)`` of ``fields``, as ``search_vector`` builds it, without table names."""
    query = Query(model, alias_cols=False)
    compiler = query.get_compiler(connection=editor.connection)
    sql, params = (
        search_vector(*fields).resolve_expression(query).as_sql(compiler, editor.connection)
    )
    return sql % tuple(editor.quote_value(param) for param in params)


def stored_document(
    model_label: str, fields: tuple[str, ...], *, index: str, replaces: bool = True
) -> migrations.RunPython:
    """The migration that stores the document of ``fields`` and indexes it as ``index``.

    ``replaces``: an index of that name on the expression (``search_index``) exists and
    is dropped first; going back rebuilds it. On SQLite, nothing to do."""
    column = document_column(fields)

    def create(apps: Apps, editor: BaseDatabaseSchemaEditor) -> None:
        if editor.connection.vendor != "postgresql":
            return
        model = apps.get_model(model_label)
        table = editor.quote_name(model._meta.db_table)
        if replaces:
            editor.execute(f"DROP INDEX IF EXISTS {editor.quote_name(index)}")
        editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {editor.quote_name(column)} tsvector "
            f"GENERATED ALWAYS AS ({_document_sql(model, fields, editor)}) STORED"
        )
        editor.execute(
            f"CREATE INDEX {editor.quote_name(index)} ON {table} "
            f"USING gin ({editor.quote_name(column)})"
        )

    def drop(apps: Apps, editor: BaseDatabaseSchemaEditor) -> None:
        if editor.connection.vendor != "postgresql":
            return
        model = apps.get_model(model_label)
        editor.execute(
            f"ALTER TABLE {editor.quote_name(model._meta.db_table)} "
            f"DROP COLUMN {editor.quote_name(column)}"
        )  # its index goes with it
        if replaces:
            editor.add_index(model, search_index(*fields, name=index))

    return migrations.RunPython(create, drop, elidable=False)


def _prefix_query(words: list[str]) -> SearchQuery:
    return SearchQuery(" & ".join(f"{word}:*" for word in words), config=CONFIG, search_type="raw")


def text_search[M: Any](queryset: QuerySet[M], fields: tuple[str, ...], text: str) -> QuerySet[M]:
    """The rows of ``queryset`` where every word of ``text`` is found in ``fields``."""
    words = search_words(text)
    if not words:
        return queryset
    if uses_full_text_search():
        return queryset.alias(document=StoredDocument(fields)).filter(document=_prefix_query(words))
    for word in words:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(any_field)
    return queryset
