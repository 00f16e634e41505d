from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CANDIDATE = "candidate", _("Candidat·e")
    AGENT = "agent", _("Agent d’une administration")
    REVIEWER = "reviewer", _("Évaluateur·rice")
    COACH = "coach", _("Coach beta.gouv.fr")
    STAFF = "staff", _("Équipe du programme")


# Roles that sign in through ProConnect; candidates sign in with e-mail and password.
PROCONNECT_ROLES = frozenset({Role.AGENT, Role.REVIEWER, Role.COACH, Role.STAFF})
