"""Choice labels mapped once, not translated again for each row."""

from eig.challenges.enums import ChallengeStatus
from eig.core.labels import choice_label
from eig.organisations.enums import OrganisationKind


def test_a_choice_label_is_the_label_of_its_value():
    for choices in (ChallengeStatus, OrganisationKind):
        for value, label in choices.choices:
            assert choice_label(choices, value) == str(label)


def test_a_value_without_a_label_is_shown_as_it_is():
    """As ``get_FOO_display`` does: an imported administration without a kind shows none."""
    assert choice_label(OrganisationKind, "") == ""
    assert choice_label(ChallengeStatus, "inconnu") == "inconnu"
