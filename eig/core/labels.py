"""Choice labels mapped once per list, not once per row.

``get_<field>_display`` translates the label again for every row; a list maps each
value once, either in Python (``choice_labels``) or in the query itself
(``choice_label_case``: the database returns the translated label with the row).
"""

import functools
from collections.abc import Iterable
from typing import Any

from django.db.models import Case, CharField, Choices, Value, When
from django.utils.translation import get_language


def choice_labels(choices: Iterable[tuple[Any, Any]]) -> dict[str, str]:
    """``{value: label}``, each label translated once."""
    return {str(value): str(label) for value, label in choices}


def choice_label_case(field: str, choices: Iterable[tuple[Any, Any]]) -> Case:
    """An expression giving the label of ``field``'s value (the value itself otherwise)."""
    return Case(
        *(
            When(**{field: value}, then=Value(label))
            for value, label in choice_labels(choices).items()
        ),
        default=field,
        output_field=CharField(),
    )


def choice_label(choices: type[Choices], value: Any) -> str:
    """The label of ``value`` in ``choices`` (the value itself if it has none), each label
    translated once per language for the process, not once per row: for rows that are
    read one at a time (an open data file, the API)."""
    return _labels(choices, get_language()).get(str(value), str(value))


@functools.cache
def _labels(choices: type[Choices], language: str | None) -> dict[str, str]:
    return choice_labels(choices.choices)
