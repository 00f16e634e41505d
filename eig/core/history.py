"""Record and read the history of the objects that matter."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import QuerySet

from eig.core.history_actions import HistoryAction
from eig.core.models import Event
from eig.core.public_cache import public_data_changed

# Who acts: a signed-in person, or None for the platform itself (a job, a command).
type Actor = AbstractBaseUser


def event_record(
    *,
    subject: models.Model,
    by: Actor | None,
    action: HistoryAction,
    from_status: str = "",
    to_status: str = "",
    comment: str = "",
    changes: dict[str, Any] | None = None,
) -> Event:
    """Write one history line. Call it inside the service's transaction."""
    actor_id = by.pk if by is not None and by.is_authenticated else None
    # Whatever changed may be on a public page: the Impact figures, the home page, the
    # catalogue (eig.core.public_cache).
    public_data_changed()
    return Event.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        actor_id=actor_id,
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


def fields_update[M: models.Model](
    *,
    instance: M,
    data: Mapping[str, Any],
    by: Actor | None,
    action: HistoryAction,
    lock: bool = True,
    clean: bool = True,
    clean_exclude: Iterable[str] = (),
    masked: Iterable[str] = (),
    comment: str = "",
) -> tuple[M, dict[str, list[Any]]]:
    """Diff, clean, save, log: the one way a service edits some fields of a row.

    Locks ``instance`` (unless the caller already holds the lock: ``lock=False``), sets
    the values of ``data`` that differ, runs ``full_clean()`` (its ValidationError, in
    French, reaches the caller), saves only those fields (and ``updated_at``) and
    records one history line with the [old, new] pairs; the ``masked`` fields are named
    in it without their values. Nothing is saved nor recorded when nothing changed.
    Returns the saved instance and the changes.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("fields_update must run inside the service's transaction.")
    locked = (
        type(instance)._default_manager.select_for_update(of=("self",)).get(pk=instance.pk)
        if lock
        else instance
    )
    changes = changed_fields(locked, dict(data))
    if not changes:
        return locked, {}
    for name in changes:
        setattr(locked, name, data[name])
    if clean:
        locked.full_clean(exclude=list(clean_exclude) or None)
    update_fields = list(changes)
    if any(field.name == "updated_at" for field in locked._meta.concrete_fields):
        update_fields.append("updated_at")
    locked.save(update_fields=update_fields)
    hidden = set(masked)
    event_record(
        subject=locked,
        by=by,
        action=action,
        comment=comment,
        changes={
            name: (["…", "…"] if name in hidden else values) for name, values in changes.items()
        },
    )
    return locked, changes


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
