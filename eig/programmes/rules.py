"""Who may do what with the programme's settings (django-rules, autodiscovered)."""

import rules

from eig.accounts.permissions import is_staff

MANAGE_SETTINGS = "programmes.manage_settings"

rules.add_perm(MANAGE_SETTINGS, is_staff)
