"""The défi's workflow, declared once. Services apply it with core.workflow.transition_apply."""

from typing import Any

from eig.challenges.enums import OPEN_STATUSES
from eig.challenges.enums import ChallengeStatus as S
from eig.core.workflow import Transition, Workflow

INSTRUCTION_STATUSES = (S.SUBMITTED, S.INVESTIGATION)


def _status_changed(challenge: Any, from_status: str, to_status: str) -> None:
    from eig.api.enums import WebhookEvent
    from eig.api.webhooks import webhook_emit

    webhook_emit(
        WebhookEvent.CHALLENGE_STATUS_CHANGED,
        {"defi_id": challenge.pk, "ancien_statut": from_status, "statut": to_status},
    )


CHALLENGE_WORKFLOW = Workflow(
    status_field="status",
    on_applied=_status_changed,
    transitions=(
        # By the administration's agents
        Transition("submit", (S.DRAFT,), S.SUBMITTED, "Déposer le défi"),
        Transition("resubmit", (S.CHANGES_REQUESTED,), S.SUBMITTED, "Déposer à nouveau"),
        Transition("withdraw", tuple(OPEN_STATUSES), S.WITHDRAWN, "Retirer le défi"),
        # By the programme team
        Transition("investigate", (S.SUBMITTED,), S.INVESTIGATION, "Ouvrir l’investigation"),
        Transition(
            "request_changes",
            INSTRUCTION_STATUSES,
            S.CHANGES_REQUESTED,
            "Demander des modifications",
        ),
        Transition("select", INSTRUCTION_STATUSES, S.SELECTED, "Retenir le défi"),
        Transition("decline", INSTRUCTION_STATUSES, S.DECLINED, "Ne pas retenir le défi"),
        Transition("open_recruitment", (S.SELECTED,), S.RECRUITING, "Ouvrir le recrutement"),
        Transition("mark_staffed", (S.RECRUITING,), S.STAFFED, "Équipe constituée"),
        Transition("start", (S.STAFFED,), S.RUNNING, "Démarrer le défi"),
        Transition("complete", (S.RUNNING,), S.COMPLETED, "Clore le défi"),
    ),
)

# Who may apply which transition: the administration's agents or the programme team.
AGENT_TRANSITIONS = frozenset({"submit", "resubmit", "withdraw"})
STAFF_TRANSITIONS = frozenset(
    {
        "investigate",
        "request_changes",
        "select",
        "decline",
        "open_recruitment",
        "mark_staffed",
        "start",
        "complete",
    }
)
# Transitions that need a written message or reason.
MESSAGE_REQUIRED = frozenset({"request_changes", "decline", "select", "complete"})
