"""French that a civil servant would not correct: elision before a vowel sound.

``elide("de", "Emmanuelle")`` → « d’Emmanuelle », ``elide("de", "Paul")`` → « de Paul »,
``elide("que", "agent")`` → « qu’agent ». A mute h elides too (« d’Hélène »): the rare
aspirated h of a name reads as a small slip, the missing elision before every vowel as a
big one. Templates use the ``de`` and ``que`` filters of ``eig_french``.
"""

import re
from typing import Any

from django.utils.translation import ngettext

ELIDING_LETTERS = frozenset("aeiouyhàâäéèêëîïôöùûüœæ")
ELIDED = {"de": "d’", "que": "qu’", "le": "l’", "la": "l’", "je": "j’", "ne": "n’", "se": "s’"}


def starts_with_vowel_sound(text: str) -> bool:
    stripped = text.lstrip()
    return bool(stripped) and stripped[0].lower() in ELIDING_LETTERS


def elide(word: str, following: Any) -> str:
    """``word`` then ``following``, elided when ``following`` starts with a vowel sound."""
    text = str(following)
    if word in ELIDED and starts_with_vowel_sound(text):
        return f"{ELIDED[word]}{text.lstrip()}"
    return f"{word} {text}"


# Inclusive endings (« Fondateur·rice », « général·e », « candidat·es ») in the form a
# person's declared gender asks for; any other answer keeps the inclusive form.
_FEMININE = ((re.compile(r"teur·rice"), "trice"), (re.compile(r"·(e|es)\b"), r"\1"))
_MASCULINE = ((re.compile(r"·rice"), ""), (re.compile(r"·es\b"), "s"), (re.compile(r"·e\b"), ""))


def gendered(label: Any, gender: str | None) -> str:
    """``gendered("Fondateur·rice", "female")`` → « Fondatrice »; "male" → « Fondateur »."""
    text = str(label)
    rules = {"female": _FEMININE, "male": _MASCULINE}.get(gender or "", ())
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    return text


INNER_SPACES = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")


def single_spaced(text: str) -> str:
    """``text`` without the double spaces that templates leave between words (an empty
    variable, a tag on its own): indentation and line breaks are kept."""
    return INNER_SPACES.sub(" ", text)


def plural_number(count: int) -> int:
    """The number that makes the English plural rule pick the French form: 1 under 2
    (singular: « 0 défi », « 1 défi »), the number itself otherwise."""
    return 1 if abs(count) < 2 else count


def plural(count: int, singular: str, many: str, **values: Any) -> str:
    """« 1 rappel », « 3 rappels »: the French form for ``count``, with ``{n}`` (and any
    other ``values``) replaced."""
    return ngettext(singular, many, plural_number(count)).format(n=count, **values)
