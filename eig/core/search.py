"""Text search: PostgreSQL's full-text search in French without accents, on GIN indexes.

On PostgreSQL every word typed must begin a word of the document, whatever its accents
and case (« numerique » finds « Numérique », « numér » finds « numériques »); each
searched table has a GIN index on the very expression the search filters on
(``SEARCHES`` and the migrations that create them), so a search never reads a whole
table. The ``french_unaccent`` configuration (French stemming after ``unaccent``) is
created by ``eig/core/migrations/0002_french_search.py``.

On SQLite (the embedded default) it falls back to a substring search without case.
"""

import re
from typing import Any

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

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
    """The GIN index that answers ``text_search`` on ``fields``."""
    return GinIndex(search_vector(*fields), name=name)


def _prefix_query(words: list[str]) -> SearchQuery:
    return SearchQuery(" & ".join(f"{word}:*" for word in words), config=CONFIG, search_type="raw")


def text_search[M: Any](queryset: QuerySet[M], fields: tuple[str, ...], text: str) -> QuerySet[M]:
    """The rows of ``queryset`` where every word of ``text`` is found in ``fields``."""
    words = search_words(text)
    if not words:
        return queryset
    if uses_full_text_search():
        return queryset.alias(document=search_vector(*fields)).filter(document=_prefix_query(words))
    for word in words:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(any_field)
    return queryset
