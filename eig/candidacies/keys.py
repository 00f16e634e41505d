"""The keys that find accounts of the same person, computed and indexed by the database.

A phone number is compared on its last 9 digits once its usual separators are removed:
"06 12 34 56 78" and "+33 6 12 34 56 78" are the same number. The key is a generated
column (``Candidate.phone_key``, like ``User.email_key`` for the e-mail without case), so
it can never disagree with the number it comes from, and finding possible duplicates is
an indexed lookup whatever the number of candidates.
"""

import re
from typing import Any

from django.db.models import F, Value
from django.db.models.functions import Replace, Right

PHONE_KEY_DIGITS = 9
PHONE_SEPARATORS = (" ", ".", "-", "(", ")", "/", "\u00a0")


def phone_tail_expression(field: str = "phone") -> Any:
    """The last ``PHONE_KEY_DIGITS`` characters of ``field`` without its separators (SQL)."""
    expression: Any = F(field)
    for separator in PHONE_SEPARATORS:
        expression = Replace(expression, Value(separator), Value(""))
    return Right(expression, PHONE_KEY_DIGITS)


def phone_key(phone: str) -> str:
    """The same key in Python: the last digits, or nothing for a number too short."""
    digits = re.sub(r"\D", "", phone)
    return digits[-PHONE_KEY_DIGITS:] if len(digits) >= PHONE_KEY_DIGITS else ""
