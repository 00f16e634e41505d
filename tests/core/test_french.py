"""Elision before a vowel sound, one helper for templates and e-mails."""

import pytest
from django.template import Context, Template

from eig.core.french import elide


@pytest.mark.parametrize(
    ("word", "following", "text"),
    [
        ("de", "Emmanuelle", "d’Emmanuelle"),
        ("de", "Paul", "de Paul"),
        ("de", "Élise", "d’Élise"),
        ("de", "Hélène", "d’Hélène"),
        ("que", "agent", "qu’agent"),
        ("que", "coach", "que coach"),
    ],
)
def test_elision_before_a_vowel_sound(word, following, text):
    assert elide(word, following) == text


def test_the_filters_elide_and_escape():
    template = Template("{% load eig_french %}{{ name|de }} / {{ role|lower|que }}")
    html = template.render(Context({"name": "Émilie <b>", "role": "Agent"}))
    assert html == "d’Émilie &lt;b&gt; / qu’agent"


def test_in_a_plain_text_e_mail_nothing_is_escaped():
    template = Template("{% load eig_french %}{% autoescape off %}{{ name|de }}{% endautoescape %}")
    assert template.render(Context({"name": "Anne & Co"})) == "d’Anne & Co"


def test_the_first_of_the_month_reads_1er():
    import datetime

    template = Template(
        '{% load eig_french %}le {{ day|french_date }}, {{ day|french_date:"l j F" }}'
    )
    first = template.render(Context({"day": datetime.date(2026, 12, 1)}))
    assert first == "le 1er décembre 2026, mardi 1er décembre"
    second = template.render(Context({"day": datetime.date(2026, 12, 2)}))
    assert second == "le 2 décembre 2026, mercredi 2 décembre"
