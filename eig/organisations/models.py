from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eig.accounts.permissions import Visitor, is_agent, is_staff
from eig.organisations.enums import MembershipRole, OrganisationKind
from eig.organisations.validators import validate_siret


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def of_member(self, user: Visitor) -> "OrganisationQuerySet":
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(memberships__user=user)

    def visible_to(self, user: Visitor) -> "OrganisationQuerySet":
        """What this person may see: the programme team every administration, an agent
        the administrations they are a member of, anyone else none."""
        if is_staff(user):
            return self.all()
        if is_agent(user):
            return self.of_member(user)
        return self.none()


class Organisation(models.Model):
    """An administration that may propose défis: central, deconcentrated or operator."""

    # Blank only for an administration of the imported history, whose type the source
    # does not give; the staff form requires it.
    kind = models.CharField(_("type"), max_length=16, choices=OrganisationKind, blank=True)
    name = models.CharField(_("nom"), max_length=255)
    acronym = models.CharField(_("sigle"), max_length=32, blank=True)
    siret = models.CharField(
        _("SIRET"),
        max_length=14,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_siret],
        help_text=_("14 chiffres. Laissez vide pour une administration historique sans SIRET."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("administration")
        verbose_name_plural = _("administrations")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Membership(models.Model):
    """An agent acting for an administration."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("rôle"), max_length=16, choices=MembershipRole, default=MembershipRole.AGENT
    )
    created_at = models.DateTimeField(_("depuis le"), auto_now_add=True)

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation}"
