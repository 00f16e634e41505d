"""The outbox e-mail's workflow, declared once. eig.notifications.services applies it.

A queue rather than a case: its rows keep their own attempts and last error, so the
moves write no history line (``recorded=False``). Every move is one conditional UPDATE
whose row count says who won: a worker records the outcome of its send only while the
row is still "sending" under its own claim.
"""

from eig.core.workflow import SYSTEM, Transition, Workflow, register
from eig.notifications.enums import EmailStatus as E

PLATFORM = (SYSTEM,)

EMAIL_WORKFLOW = Workflow(
    status_field="status",
    recorded=False,
    transitions=(
        Transition("claim", (E.PENDING,), E.SENDING, "Prendre l’envoi en charge", PLATFORM),
        Transition("send", (E.SENDING,), E.SENT, "Enregistrer l’envoi", PLATFORM),
        # After a failed attempt, or when the sweep finds the row left "sending" by a worker
        # that stopped.
        Transition("retry", (E.SENDING,), E.PENDING, "Remettre en file après un échec", PLATFORM),
        # After the last allowed attempt, or a failure that trying again cannot mend.
        Transition("give_up", (E.SENDING,), E.FAILED, "Abandonner l’envoi", PLATFORM),
        # A one-off e-mail (the test e-mail of the command) that must not be tried again.
        Transition("cancel", (E.PENDING,), E.FAILED, "Annuler l’envoi", PLATFORM),
    ),
)

register("email", "E-mail de la file d’envoi", EMAIL_WORKFLOW, E)
