"""A free text with a maximum length, enforced wherever the model is validated.

Django's ``TextField(max_length=...)`` only passes the maximum to its form field: neither
``full_clean()`` (the admin, the API, the services) nor the database checks it. A text
of one megabyte was stored that way, and its page took two seconds to render.
``BoundedTextField`` adds the validator, with a French message, and keeps a ``text``
column (changing the maximum needs no database change).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from eig.core.money import THOUSANDS_SEPARATOR


def _grouped(number: int) -> str:
    """4000 → "4 000" (a narrow no-break space), as French writes it."""
    return f"{number:,}".replace(",", THOUSANDS_SEPARATOR)


@deconstructible
class TextLengthValidator(MaxLengthValidator):
    """The French message says how long the text is and how long it may be."""

    def __call__(self, value: Any) -> None:
        length = self.clean(value)
        if length > self.limit_value:
            raise ValidationError(
                _("Ce texte fait %(length)s caractères ; %(limit)s au plus. Raccourcissez-le."),
                code="max_length",
                params={"length": _grouped(length), "limit": _grouped(self.limit_value)},
            )


class BoundedTextField(models.TextField):
    """``models.TextField`` whose ``max_length`` (required) is validated by ``full_clean()``."""

    def __init__(self, *args: Any, max_length: int, **kwargs: Any) -> None:
        kwargs["max_length"] = max_length
        super().__init__(*args, **kwargs)
        self.validators.append(TextLengthValidator(max_length))
