"""French wording a civil servant would not correct, on the pages that showed it."""

import re

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from eig.core.french import plural, single_spaced
from eig.core.history import event_record
from eig.core.history_actions import HistoryAction
from eig.core.history_display import history_lines
from tests.factories import AgentFactory, ChallengeFactory

pytestmark = pytest.mark.django_db


def test_the_dashboard_says_en_tant_qu_agent(client):
    client.force_login(AgentFactory())
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "en tant qu’agent" in page
    assert "en tant que" not in page.replace("en tant que {", "")


def test_a_history_line_without_actor_names_the_platform():
    challenge = ChallengeFactory()
    event_record(subject=challenge, by=None, action=HistoryAction.DRAFT_REMINDER_SENT)
    (line,) = history_lines(challenge)
    assert line.actor == "la plateforme"


def test_the_public_catalogue_has_no_developer_text(client):
    page = client.get(reverse("challenges:catalogue")).content.decode()
    assert "Paramètres acceptés" not in page


def test_inclusive_labels_follow_the_declared_gender():
    from eig.core.french import gendered

    assert gendered("Fondateur·rice", "female") == "Fondatrice"
    assert gendered("Cofondateur·rice", "male") == "Cofondateur"
    assert gendered("Directeur·rice général·e (CEO)", "female") == "Directrice générale (CEO)"
    assert gendered("Directeur·rice général·e (CEO)", "male") == "Directeur général (CEO)"
    assert gendered("Fondateur·rice", "unsaid") == "Fondateur·rice"
    assert gendered("Fondateur·rice", "") == "Fondateur·rice"


def test_no_message_says_ce_ou_cette_candidate():
    from eig.selection.services.reviews import CONFLICT_MESSAGE

    assert "ce ou cette" not in CONFLICT_MESSAGE


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 rappel"), (1, "1 rappel"), (2, "2 rappels")]
)
def test_plural_follows_the_french_rule(count, expected):
    assert plural(count, "{n} rappel", "{n} rappels") == expected


def test_plural_fills_other_values():
    assert plural(3, "{n} sur {total}", "{n} sur {total} !", total=5) == "3 sur 5 !"


@given(st.text(alphabet=" \tab\n-"))
def test_single_spacing_only_joins_words_that_two_spaces_kept_apart(text):
    tidied = single_spaced(text)
    assert not re.search(r"\S[ \t]{2,}\S", tidied)
    assert tidied.split() == text.split()
    assert [line[: len(line) - len(line.lstrip())] for line in tidied.split("\n")] == [
        line[: len(line) - len(line.lstrip())] for line in text.split("\n")
    ]
