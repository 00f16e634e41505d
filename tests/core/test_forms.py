"""The shared form pieces: error summary, requirement suffix, text maximum."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template

from eig.challenges.models import Challenge
from eig.core.forms import (
    TEXT_DEFAULT_MAX_LENGTH,
    DsfrForm,
    field_requirement,
    form_error_summary,
    require_when,
)
from eig.core.templatetags.eig_forms import error_summary
from tests.factories import ChallengeFactory


class _Form(DsfrForm):
    name = forms.CharField(label="Nom")
    kind = forms.ChoiceField(label="Genre", choices=[("a", "A")], widget=forms.RadioSelect)
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea)
    reason = forms.CharField(label="Raison", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        require_when(self.fields["reason"], "obligatoire si refusé")

    def clean(self):
        raise ValidationError("Tout est refusé.")


def test_the_summary_links_each_field_in_error_to_its_input_and_is_focused_on_load():
    form = _Form(data={"note": "x"})
    general, fields = form_error_summary(form)
    assert general == ["Tout est refusé."]
    assert [(item.anchor, item.label) for item in fields] == [
        ("id_name", "Nom"),
        ("id_kind_0", "Genre"),  # the first radio button, not the group
    ]
    html = Template("{{ form }}").render(Context({"form": form}))
    assert "data-focus-on-load" in html
    assert 'tabindex="-1"' in html
    assert 'href="#id_name"' in html
    assert 'href="#id_kind_0"' in html
    assert "Le formulaire contient 2 erreurs" in html
    assert error_summary(_Form()) == {"show": False}


def test_a_label_says_the_rule_that_makes_an_optional_field_required():
    form = _Form()
    assert field_requirement(form.fields["name"]) == ""
    assert field_requirement(form.fields["note"]) == " (facultatif)"
    assert field_requirement(form.fields["reason"]) == " (obligatoire si refusé)"
    html = str(form["reason"].as_field_group())
    assert "Raison (obligatoire si refusé)" in html
    assert "facultatif" not in html


def test_every_textarea_has_a_maximum_shown_by_the_counter_and_a_french_message():
    form = _Form(data={"name": "a", "kind": "a", "note": "x" * (TEXT_DEFAULT_MAX_LENGTH + 1)})
    html = str(form["note"].as_field_group())
    assert f'maxlength="{TEXT_DEFAULT_MAX_LENGTH}"' in html
    assert 'id="id_note_count"' in html
    assert form.errors["note"] == [
        "Ce texte fait 4\u202f001 caractères ; 4\u202f000 au plus. Raccourcissez-le."
    ]


@pytest.mark.django_db
def test_a_model_text_too_long_is_refused_by_full_clean():
    challenge = ChallengeFactory()
    challenge.problem = "x" * (Challenge._meta.get_field("problem").max_length + 1)
    with pytest.raises(ValidationError) as refused:
        challenge.full_clean()
    assert "Raccourcissez-le." in str(refused.value.message_dict["problem"])
