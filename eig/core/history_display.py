"""Turn history rows into lines a person can read: what happened, who, when, what changed."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from eig.core.models import Event


@dataclass(frozen=True)
class HistoryChange:
    label: str
    old: Any
    new: Any


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    actor: str
    action: str
    subject: str
    comment: str
    changes: list[HistoryChange]


def events_for(*subjects: models.Model) -> list[Event]:
    """The events of several objects (of any models), oldest first, in one query."""
    condition = Q(pk__in=[])
    for subject in subjects:
        content_type = ContentType.objects.get_for_model(subject)
        condition |= Q(content_type=content_type, object_id=subject.pk)
    return list(Event.objects.filter(condition).select_related("actor"))


def history_lines(*subjects: models.Model, newest_first: bool = True) -> list[HistoryLine]:
    """Readable lines for the events of ``subjects``, each action named by its label."""
    by_key = {(ContentType.objects.get_for_model(s).pk, s.pk): s for s in subjects}
    lines = []
    for event in events_for(*subjects):
        subject = by_key.get((event.content_type_id, event.object_id))
        lines.append(
            HistoryLine(
                at=event.created_at,
                actor=str(event.actor) if event.actor else str(_("la plateforme")),
                action=str(event.get_action_display()),
                subject=str(subject) if subject is not None else "",
                comment=event.comment,
                changes=_changes(subject, event.changes),
            )
        )
    return lines[::-1] if newest_first else lines


def _changes(subject: models.Model | None, changes: Mapping[str, Any]) -> list[HistoryChange]:
    result = []
    for name, values in changes.items():
        old, new = values if isinstance(values, list | tuple) and len(values) == 2 else ("", values)
        result.append(
            HistoryChange(label=_field_label(subject, name), old=_shown(old), new=_shown(new))
        )
    return result


def _shown(value: Any) -> Any:
    return "—" if value in ("", None) else value


def _field_label(subject: models.Model | None, name: str) -> str:
    if subject is None:
        return name
    try:
        field = subject._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name)).capitalize()
