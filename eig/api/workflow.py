"""The webhook delivery's workflow, declared once. eig.api.webhooks applies it.

A queue rather than a case: its rows keep their own attempts, last answer and error, so
the moves write no history line (``recorded=False``). The worker claims a pending row
with one conditional UPDATE whose row count says who won; the outcome it then records
(received, to try again, given up) is written whatever happened to the row meanwhile, as
the receiver's answer is a fact.
"""

from eig.accounts.enums import Role
from eig.api.enums import DeliveryStatus as D
from eig.core.workflow import SYSTEM, Transition, Workflow, register

ANY = tuple(D)
PLATFORM = (SYSTEM,)

DELIVERY_WORKFLOW = Workflow(
    status_field="status",
    recorded=False,
    transitions=(
        Transition("claim", (D.PENDING,), D.SENDING, "Prendre l’envoi en charge", PLATFORM),
        Transition("deliver", ANY, D.DELIVERED, "Enregistrer la réception", PLATFORM),
        # After a failed attempt, or when the sweep finds the row left "sending" by a worker
        # that stopped.
        Transition("retry", ANY, D.PENDING, "Remettre en file après un échec", PLATFORM),
        Transition("give_up", ANY, D.FAILED, "Abandonner après le dernier essai", PLATFORM),
        Transition(
            "resend", (D.PENDING, D.DELIVERED, D.FAILED), D.PENDING, "Renvoyer", (Role.STAFF,)
        ),
    ),
)

register("webhook_delivery", "Envoi d’un webhook", DELIVERY_WORKFLOW, D)
