"""The défi's workflow, declared once. Services apply it with core.workflow.transition_apply."""

from typing import Any

from eig.accounts.enums import Role
from eig.api.enums import WebhookEvent
from eig.api.webhooks import webhook_emit
from eig.challenges.enums import OPEN_STATUSES
from eig.challenges.enums import ChallengeStatus as S
from eig.core.history_actions import HistoryAction as A
from eig.core.workflow import SYSTEM, Transition, Workflow, register

INSTRUCTION_STATUSES = (S.SUBMITTED, S.INVESTIGATION)


def _status_changed(challenge: Any, from_status: str, to_status: str) -> None:
    webhook_emit(
        WebhookEvent.CHALLENGE_STATUS_CHANGED,
        {"defi_id": challenge.pk, "ancien_statut": from_status, "statut": to_status},
    )


AGENT = (Role.AGENT,)
STAFF = (Role.STAFF,)

CHALLENGE_WORKFLOW = Workflow(
    status_field="status",
    on_applied=_status_changed,
    transitions=(
        # By the administration's agents
        Transition(
            "submit",
            (S.DRAFT,),
            S.SUBMITTED,
            "Déposer le défi",
            AGENT,
            action=A.CHALLENGE_SUBMITTED,
        ),
        Transition(
            "resubmit",
            (S.CHANGES_REQUESTED,),
            S.SUBMITTED,
            "Déposer à nouveau",
            AGENT,
            action=A.CHALLENGE_RESUBMITTED,
        ),
        Transition(
            "withdraw",
            tuple(OPEN_STATUSES),
            S.WITHDRAWN,
            "Retirer le défi",
            AGENT,
            action=A.CHALLENGE_WITHDRAWN,
        ),
        # By the programme team
        Transition(
            "investigate",
            (S.SUBMITTED,),
            S.INVESTIGATION,
            "Ouvrir l’investigation",
            STAFF,
            action=A.INVESTIGATION_OPENED,
        ),
        Transition(
            "request_changes",
            INSTRUCTION_STATUSES,
            S.CHANGES_REQUESTED,
            "Demander des modifications",
            STAFF,
            action=A.CHANGES_REQUESTED,
            message_required=True,
        ),
        Transition(
            "select",
            INSTRUCTION_STATUSES,
            S.SELECTED,
            "Retenir le défi",
            STAFF,
            action=A.CHALLENGE_SELECTED,
            message_required=True,
        ),
        Transition(
            "decline",
            INSTRUCTION_STATUSES,
            S.DECLINED,
            "Ne pas retenir le défi",
            STAFF,
            action=A.CHALLENGE_DECLINED,
            message_required=True,
        ),
        Transition(
            "open_recruitment",
            (S.SELECTED,),
            S.RECRUITING,
            "Ouvrir le recrutement",
            STAFF,
            action=A.RECRUITMENT_OPENED,
        ),
        # Also by the platform, once accepted offers cover every profile the défi asked for.
        Transition(
            "mark_staffed",
            (S.RECRUITING,),
            S.STAFFED,
            "Équipe constituée",
            (*STAFF, SYSTEM),
            action=A.CHALLENGE_STAFFED,
        ),
        Transition(
            "start", (S.STAFFED,), S.RUNNING, "Démarrer le défi", STAFF, action=A.CHALLENGE_STARTED
        ),
        Transition(
            "complete",
            (S.RUNNING,),
            S.COMPLETED,
            "Clore le défi",
            STAFF,
            action=A.CHALLENGE_COMPLETED,
            message_required=True,
        ),
        # Only the demo data (``seed_demo``): a défi placed in investigation at once.
        Transition(
            "demo_investigate",
            (S.DRAFT,),
            S.INVESTIGATION,
            "Placer en instruction (données de démonstration)",
            (SYSTEM,),
            action=A.DEMO_CREATED,
        ),
    ),
)
register("challenge", "Défi", CHALLENGE_WORKFLOW, S)

# Read from the table: who may apply which transition, and which need a message.
AGENT_TRANSITIONS = CHALLENGE_WORKFLOW.names_for(Role.AGENT)
STAFF_TRANSITIONS = CHALLENGE_WORKFLOW.names_for(Role.STAFF)
MESSAGE_REQUIRED = frozenset(t.name for t in CHALLENGE_WORKFLOW.transitions if t.message_required)
