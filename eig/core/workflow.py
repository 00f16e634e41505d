"""Workflows declared as tables, applied by one helper.

A workflow lists its allowed transitions once, next to its model. ``transition_apply``
is the only way to change a status: it checks the transition is allowed, locks the
row, saves the new status, and records the history line. Services call it inside
their transaction and then queue their e-mails.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from eig.core.errors import DomainError
from eig.core.history import event_record


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    label: str
    # A guard returns an error message when the transition may not happen.
    guard: Callable[[Any], str | None] | None = None


@dataclass(frozen=True)
class Workflow:
    status_field: str
    transitions: tuple[Transition, ...]
    # Called inside the transaction once a transition is saved (instance, from, to).
    on_applied: Callable[[Any, str, str], None] | None = None
    by_name: dict[str, Transition] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {t.name: t for t in self.transitions})

    def get(self, name: str) -> Transition:
        try:
            return self.by_name[name]
        except KeyError as error:
            raise DomainError(f"Action inconnue : {name}.") from error

    def available(self, status: str) -> Iterable[Transition]:
        return [t for t in self.transitions if status in t.sources]

    def allows(self, status: str, name: str) -> bool:
        return name in self.by_name and status in self.by_name[name].sources


def transition_apply[M: models.Model](
    *,
    workflow: Workflow,
    instance: M,
    name: str,
    by: Any,
    comment: str = "",
    extra_fields: dict[str, Any] | None = None,
) -> M:
    """Lock ``instance``, move it through transition ``name`` and record it.

    Returns the locked, updated instance. Raises DomainError when the current
    status (read under the lock) does not allow the transition, so two people
    acting at once produce one change, not two.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("transition_apply must run inside a transaction.")
    transition = workflow.get(name)
    locked = type(instance)._default_manager.select_for_update(of=("self",)).get(pk=instance.pk)
    current = getattr(locked, workflow.status_field)
    if current not in transition.sources:
        raise DomainError(
            "Cette action n’est plus possible : le statut actuel est "
            f"« {_label(locked, workflow)} »."
        )
    if transition.guard is not None and (problem := transition.guard(locked)):
        raise DomainError(problem)
    setattr(locked, workflow.status_field, transition.target)
    update_fields = [workflow.status_field]
    for key, value in (extra_fields or {}).items():
        setattr(locked, key, value)
        update_fields.append(key)
    if hasattr(locked, "updated_at"):
        update_fields.append("updated_at")
    locked.save(update_fields=update_fields)
    event_record(
        subject=locked,
        by=by,
        action=transition.name,
        from_status=current,
        to_status=transition.target,
        comment=comment,
    )
    if workflow.on_applied is not None:
        workflow.on_applied(locked, current, transition.target)
    return locked


def _label(instance: models.Model, workflow: Workflow) -> str:
    display = getattr(instance, f"get_{workflow.status_field}_display", None)
    return str(display()) if display else str(getattr(instance, workflow.status_field))
