"""Money and rates, printed the one French way (``eig.core.money`` and its filters)."""

from decimal import Decimal

from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from eig.core.money import NO_BREAK_SPACE, THOUSANDS_SEPARATOR, euros, percent

AMOUNTS = st.decimals(
    min_value=Decimal("-99999999.99"),
    max_value=Decimal("99999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)
RATES = st.decimals(min_value=Decimal(0), max_value=Decimal(1000), places=2)


def parse_euros(text: str) -> Decimal:
    assert text.endswith(f"{NO_BREAK_SPACE}€")
    number = text.removesuffix(f"{NO_BREAK_SPACE}€")
    assert " " not in number
    return Decimal(number.replace(THOUSANDS_SEPARATOR, "").replace(",", "."))


@given(AMOUNTS)
def test_an_amount_reads_back_to_itself(amount):
    text = euros(amount)
    assert parse_euros(text) == amount
    whole = text.split(",")[0].lstrip("-")
    groups = whole.split(THOUSANDS_SEPARATOR)
    assert all(len(group) == 3 for group in groups[1:])
    assert 1 <= len(groups[0]) <= 3


@given(RATES)
def test_a_rate_reads_back_to_itself(rate):
    text = percent(rate)
    assert text.endswith(f"{NO_BREAK_SPACE}%")
    number = text.removesuffix(f"{NO_BREAK_SPACE}%").replace(THOUSANDS_SEPARATOR, "")
    assert Decimal(number.replace(",", ".")) == rate
    assert not number.endswith("0") or "," not in number


def test_the_issue_examples():
    assert euros(Decimal("5000")) == "5\u202f000,00\u00a0€"
    assert euros(Decimal("5000.005")) == "5\u202f000,01\u00a0€"
    assert percent(Decimal("10.00")) == "10\u00a0%"
    assert percent(Decimal("7.50")) == "7,5\u00a0%"
    assert euros(None) == ""
    assert percent(None) == ""


def test_the_template_filters():
    template = Template("{% load eig_money %}{{ net|euros }} / {{ rate|percent }}")
    html = template.render(Context({"net": Decimal("6000.00"), "rate": Decimal("10.00")}))
    assert html == "6\u202f000,00\u00a0€ / 10\u00a0%"
