"""Forms of the matching: a ranking as ordered choices (a rank per item, or left out),
places per profile, an override with its reason."""

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eig.core.forms import DsfrForm, text_max_length
from eig.selection.models import MatchingOverride


class RankingForm(DsfrForm):
    """A select per item: its rank (1 is the first choice), or « Ne pas classer »."""

    def __init__(
        self, *args: Any, items: list[tuple[int, str]], initial_ranks: dict[int, int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        choices = [("", _("Ne pas classer"))] + [
            (str(n), _("Rang %(n)s") % {"n": n}) for n in range(1, len(items) + 1)
        ]
        for pk, label in items:
            field = forms.TypedChoiceField(
                label=_("Rang de « %(label)s »") % {"label": label},
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                initial=initial_ranks.get(pk),
            )
            field.widget.attrs["class"] = "fr-select"
            field.template_name = "core/forms/field.html"  # type: ignore[attr-defined]
            self.fields[f"rank_{pk}"] = field

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        ranks = [rank for pk, _label in self.items if (rank := cleaned.get(f"rank_{pk}"))]
        if len(set(ranks)) != len(ranks):
            raise forms.ValidationError(_("Deux choix ont le même rang : donnez à chacun le sien."))
        return cleaned

    def ordered_ids(self) -> list[int]:
        ranked = [
            (rank, pk)
            for pk, _label in self.items
            if (rank := self.cleaned_data.get(f"rank_{pk}")) is not None
        ]
        return [pk for _rank, pk in sorted(ranked)]


class PlacesForm(DsfrForm):
    product = forms.IntegerField(
        label=gettext_lazy("Places de directeur·rice produit"), min_value=0, max_value=30
    )
    tech = forms.IntegerField(
        label=gettext_lazy("Places de directeur·rice technique"), min_value=0, max_value=30
    )


class OverrideForm(DsfrForm):
    candidacy = forms.TypedChoiceField(label=gettext_lazy("Personne"), coerce=int)
    challenge = forms.TypedChoiceField(
        label=gettext_lazy("Défi"), coerce=int, required=False, empty_value=None
    )
    reason = forms.CharField(
        label=gettext_lazy("Raison"),
        max_length=text_max_length(MatchingOverride, "reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        candidates: list[tuple[int, str]],
        challenges: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidacy"].choices = [(str(pk), label) for pk, label in candidates]  # type: ignore[attr-defined]
        self.fields["challenge"].choices = [("", _("Aucun défi (non affecté·e)"))] + [  # type: ignore[attr-defined]
            (str(pk), label) for pk, label in challenges
        ]
