"""Record and read the history of the objects that matter."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from eig.core.models import Event
from eig.core.public_cache import public_data_changed


def event_record(
    *,
    subject: models.Model,
    by: Any,
    action: str,
    from_status: str = "",
    to_status: str = "",
    comment: str = "",
    changes: dict[str, Any] | None = None,
) -> Event:
    """Write one history line. Call it inside the service's transaction."""
    actor = by if getattr(by, "is_authenticated", False) else None
    # Whatever changed may be on a public page: the Impact figures, the home page, the
    # catalogue (eig.core.public_cache).
    public_data_changed()
    return Event.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        changes=changes or {},
    )


def changed_fields(instance: models.Model, data: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields of ``data`` whose value differs on ``instance``, as [old, new] pairs."""
    changes = {}
    for name, new in data.items():
        old = getattr(instance, name)
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
    return changes


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def event_list_for(subject: models.Model) -> QuerySet[Event]:
    return Event.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ).select_related("actor")
