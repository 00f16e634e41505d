"""Money and rates printed one way everywhere, the French way.

``euros(Decimal("5000"))`` → ``"5 000,00 €"`` and ``percent(Decimal("10.00"))`` → ``"10 %"``:
a narrow no-break space (U+202F) groups the thousands, a no-break space (U+00A0) comes
before « € » and « % » so neither is left alone at the start of a line. Django's
``numberformat`` does the grouping; templates use the ``eig_money`` filters.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils import numberformat

CENT = Decimal("0.01")
THOUSANDS_SEPARATOR = "\u202f"
NO_BREAK_SPACE = "\u00a0"


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _french(number: Decimal, *, decimal_places: int | None) -> str:
    return numberformat.format(
        number,
        decimal_sep=",",
        decimal_pos=decimal_places,
        grouping=3,
        thousand_sep=THOUSANDS_SEPARATOR,
        force_grouping=True,
        use_l10n=False,
    )


def euros(amount: Any) -> str:
    """An amount to the cent (half up): ``"4 250,00 €"``; empty for no amount."""
    number = _decimal(amount)
    if number is None:
        return ""
    quantized = number.quantize(CENT, rounding=ROUND_HALF_UP)
    return f"{_french(quantized, decimal_places=2)}{NO_BREAK_SPACE}€"


def percent(rate: Any) -> str:
    """A rate without useless zeros: ``"6 %"``, ``"7,5 %"``; empty for no rate."""
    number = _decimal(rate)
    if number is None:
        return ""
    normalized = number.quantize(CENT, rounding=ROUND_HALF_UP).normalize()
    text = _french(Decimal(f"{normalized:f}"), decimal_places=None)
    return f"{text}{NO_BREAK_SPACE}%"
