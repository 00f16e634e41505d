"""Workflows declared as tables, applied by one helper.

A workflow lists its allowed transitions once, next to its model: for each, the states
it leaves and reaches, the roles allowed to apply it, its guard, its history action and
its French label. ``transition_apply`` is the only way to change one row's status: it
checks the actor's role, locks the row, checks the transition is allowed from the
status read under the lock, saves the new status and records the history line.
``transition_apply_many`` moves a whole queryset at once (a claim by a worker, the
matching's publication) with one conditional UPDATE. Services call them inside their
transaction and then queue their e-mails. ``tests/core/test_workflow_only.py`` fails on
a status assigned anywhere else.

Each app's ``workflow`` (or ``workflows``) module registers its tables with
``register``; ``workflows_registered`` imports those modules, as the admin discovers
``admin`` modules, so the core never names a domain app. ``manage.py workflow_tables``
writes the registered tables into the README.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils.module_loading import autodiscover_modules

from eig.core.errors import DomainError
from eig.core.history import Actor, event_record
from eig.core.history_actions import HistoryAction

# In a transition's roles: the platform itself (a job, a command, the demo data), which
# acts with ``by=None``.
SYSTEM = "system"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    label: str
    # The roles (eig.accounts.enums.Role values, or SYSTEM) allowed to apply it.
    roles: tuple[str, ...]
    # A guard returns an error message when the transition may not happen.
    guard: Callable[[Any], str | None] | None = None
    # The history action recorded: every transition of a recorded workflow names one.
    action: HistoryAction | None = None
    # Whether the person applying it must write a message (sent, and kept in the history).
    message_required: bool = False

    @property
    def history_action(self) -> HistoryAction:
        if self.action is None:
            raise ValueError(f"The transition {self.name!r} records no history action.")
        return self.action

    def allowed_for(self, by: Actor | None) -> bool:
        if by is None:
            return SYSTEM in self.roles
        return getattr(by, "is_authenticated", False) and getattr(by, "role", None) in self.roles


@dataclass(frozen=True)
class Workflow:
    status_field: str
    transitions: tuple[Transition, ...]
    # False for queues whose rows keep their own log of attempts (e-mails, webhooks).
    recorded: bool = True
    # Called inside the transaction once a transition is saved (instance, from, to).
    on_applied: Callable[[Any, str, str], None] | None = None
    by_name: dict[str, Transition] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {t.name: t for t in self.transitions})
        if self.recorded:
            # At import, not when someone first applies the transition.
            for transition in self.transitions:
                if not isinstance(transition.action, HistoryAction):
                    raise TypeError(
                        f"The transition {transition.name!r} of a recorded workflow must name "
                        "its history action (a HistoryAction)."
                    )

    def get(self, name: str) -> Transition:
        try:
            return self.by_name[name]
        except KeyError as error:
            raise DomainError(f"Action inconnue : {name}.") from error

    def available(self, status: str) -> Iterable[Transition]:
        return [t for t in self.transitions if status in t.sources]

    def allows(self, status: str, name: str) -> bool:
        return name in self.by_name and status in self.by_name[name].sources

    def available_to(self, status: str, by: Actor | None) -> list[Transition]:
        """The transitions ``by`` may apply from ``status``: what a page offers them."""
        return [t for t in self.available(status) if t.allowed_for(by)]

    def names_for(self, *roles: str) -> frozenset[str]:
        return frozenset(t.name for t in self.transitions if set(roles) & set(t.roles))

    def sources_of(self, *names: str) -> tuple[str, ...]:
        """The states from which any of the transitions ``names`` may start."""
        return tuple(dict.fromkeys(s for name in names for s in self.get(name).sources))


@dataclass(frozen=True)
class RegisteredWorkflow:
    name: str
    # The French title of the README's section, e.g. « Candidature ».
    title: str
    workflow: Workflow
    # The statuses' TextChoices, for their French labels.
    status_choices: type[models.TextChoices]


WORKFLOWS: dict[str, RegisteredWorkflow] = {}


def register(
    name: str, title: str, workflow: Workflow, status_choices: type[models.TextChoices]
) -> Workflow:
    """Make ``workflow`` known to the README's tables and the guard test; returns it."""
    WORKFLOWS[name] = RegisteredWorkflow(name, title, workflow, status_choices)
    return workflow


def workflows_registered() -> dict[str, RegisteredWorkflow]:
    """Every workflow of the installed apps, once their workflow modules are imported."""
    autodiscover_modules("workflow", "workflows")
    return WORKFLOWS


def transition_apply[M: models.Model](
    *,
    workflow: Workflow,
    instance: M,
    name: str,
    by: Actor | None,
    comment: str = "",
    extra_fields: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
) -> M:
    """Lock ``instance``, move it through transition ``name`` and record it.

    Returns the locked, updated instance. Raises DomainError when the current
    status (read under the lock) does not allow the transition, so two people
    acting at once produce one change, not two.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("transition_apply must run inside a transaction.")
    transition = workflow.get(name)
    _require_allowed(transition, by)
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
    if workflow.recorded:
        event_record(
            subject=locked,
            by=by,
            action=transition.history_action,
            from_status=current,
            to_status=transition.target,
            comment=comment,
            changes=changes,
        )
    if workflow.on_applied is not None:
        workflow.on_applied(locked, current, transition.target)
    return locked


def transition_apply_many(
    *,
    workflow: Workflow,
    queryset: models.QuerySet[Any],
    name: str,
    by: Actor | None,
    comment: str = "",
    extra_fields: dict[str, Any] | None = None,
) -> int:
    """Move every row of ``queryset`` still in one of the transition's sources, in one
    conditional UPDATE, and return how many moved.

    A row another process has moved meanwhile no longer matches, so a claim by two
    workers moves it once. Recorded workflows lock the rows first and write one history
    line per row; their ``on_applied`` is not called (a bulk move has no single subject).
    """
    transition = workflow.get(name)
    _require_allowed(transition, by)
    field_name = workflow.status_field
    movable = queryset.filter(**{f"{field_name}__in": transition.sources})
    values = {field_name: transition.target, **(extra_fields or {})}
    if not workflow.recorded:
        return movable.update(**values)
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("transition_apply_many must run inside a transaction.")
    rows = list(movable.select_for_update(of=("self",)).values_list("pk", field_name))
    moved = queryset.model._default_manager.filter(pk__in=[pk for pk, _ in rows])
    count = moved.update(**values)
    subjects = moved.model._default_manager.in_bulk([pk for pk, _ in rows])
    for pk, current in rows:
        event_record(
            subject=subjects[pk],
            by=by,
            action=transition.history_action,
            from_status=current,
            to_status=transition.target,
            comment=comment,
        )
    return int(count)


def _require_allowed(transition: Transition, by: Actor | None) -> None:
    if not transition.allowed_for(by):
        raise DomainError(
            f"Vous n’avez pas le rôle qu’il faut pour « {transition.label} »."
            if by is not None
            else f"« {transition.label} » ne se fait pas automatiquement."
        )


def _label(instance: models.Model, workflow: Workflow) -> str:
    display = getattr(instance, f"get_{workflow.status_field}_display", None)
    return str(display()) if display else str(getattr(instance, workflow.status_field))
