"""The programme's history and what became of its EIGs after it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eig.challenges.models import Challenge
from eig.impact.enums import SurveyWave, Workplace
from eig.programmes.models import Promotion


class HistoricalParticipant(models.Model):
    """An EIG of a past promotion, imported from the programme's website.

    Anonymous by design: the source is pseudonymised and nothing here names a person.
    """

    # Where the record comes from ("eig-site:personnes/personne-003.md"): the import's key.
    source_ref = models.CharField(
        _("référence dans l’historique importé"), max_length=255, unique=True
    )
    job = models.CharField(_("métier"), max_length=100, blank=True)
    expertises = models.JSONField(_("expertises"), default=list, blank=True)
    promotions = models.ManyToManyField(
        Promotion, verbose_name=_("promotions"), related_name="historical_participants"
    )
    challenges = models.ManyToManyField(
        Challenge, verbose_name=_("défis"), related_name="historical_participants", blank=True
    )
    imported_at = models.DateTimeField(_("importé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("EIG de l’historique")
        verbose_name_plural = _("EIG de l’historique")
        ordering = ["source_ref"]

    def __str__(self) -> str:
        return self.source_ref


class AlumniPath(models.Model):
    """Where an alumnus works after the programme ("parcours après le programme"), asked
    by one survey e-mail 6 or 12 months after their last contract ended."""

    # Emptied when the person erases their account: the answer stays, anonymous.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("EIG"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alumni_paths",
    )
    promotion = models.ForeignKey(
        Promotion,
        verbose_name=_("promotion"),
        on_delete=models.PROTECT,
        related_name="alumni_paths",
    )
    wave = models.PositiveSmallIntegerField(_("vague"), choices=SurveyWave)
    contract_end = models.DateField(_("fin du dernier contrat"))
    # The secret in the e-mail's link: answering needs no password.
    token = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    reminded_at = models.DateTimeField(_("relancée le"), null=True, blank=True)
    answer = models.CharField(_("réponse"), max_length=16, choices=Workplace, blank=True)
    answered_at = models.DateTimeField(_("répondue le"), null=True, blank=True)

    class Meta:
        verbose_name = _("parcours après le programme")
        verbose_name_plural = _("parcours après le programme")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "contract_end", "wave"], name="unique_alumni_survey_wave"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_wave_display()} ({self.contract_end:%d/%m/%Y})"
