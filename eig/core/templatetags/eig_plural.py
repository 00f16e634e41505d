"""French plurals in ``{% blocktranslate count %}``.

Without a French message catalogue, Django picks the plural form with the English rule
(singular for 1 only): « 0 défis ». In French, 0 and 1 take the singular. Count on the
filtered number and show the real one through ``with``::

    {% load eig_plural %}
    {% blocktranslate count counter=total|french_plural with total=total trimmed %}
      {{ total }} défi{% plural %}{{ total }} défis
    {% endblocktranslate %}

The filter stays right once a French catalogue exists (its rule, ``n > 1``, gives the
same form for the filtered number).
"""

from django import template

from eig.core.french import plural_number

register = template.Library()


@register.filter
def french_plural(number: int) -> int:
    """The number that makes the English plural rule pick the French form."""
    return plural_number(number)
