"""Every action the history records, with its French label, in one place.

One grammar: ``<what>_<past participle>`` ("offer_accepted", "challenge_submitted"),
and plain ``created``/``updated`` for the settings and reference objects whose page
names the subject beside the line. ``event_record`` takes only these members, and
every history page reads its label from here (``event.get_action_display()``).
Only strings live here, so core imports no domain app.

When a value changes, a data migration renames the stored rows (see
``eig/core/migrations/0003_history_actions.py``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HistoryAction(models.TextChoices):
    # Any object whose page shows the subject beside the line
    CREATED = "created", _("Création")
    UPDATED = "updated", _("Modification")

    # Accounts and administrations
    ACCOUNT_CREATED = "account_created", _("Compte créé")
    PROCONNECT_LINKED = "proconnect_linked", _("Compte relié à ProConnect")
    AGENT_CREATED = "agent_created", _("Compte d’agent créé")
    MEMBER_ATTACHED = "member_attached", _("Membre rattaché·e à la connexion")
    MEMBER_ADDED = "member_added", _("Membre ajouté·e")
    MEMBER_REMOVED = "member_removed", _("Membre retiré·e")

    # API and webhooks
    TOKEN_REVOKED = "token_revoked", _("Jeton révoqué")
    WEBHOOK_RESENT = "webhook_resent", _("Notification renvoyée")
    WEBHOOK_ENDPOINT_DISABLED = "webhook_endpoint_disabled", _("Adresse de réception désactivée")

    # Programme settings
    SETTINGS_UPDATED = "settings_updated", _("Paramètres modifiés")
    ROUND_GENERATED = "round_generated", _("Création par le générateur de sessions")
    ROUNDS_GENERATED = "rounds_generated", _("Sessions de l’année générées")

    # Défis
    CHALLENGE_CREATED = "challenge_created", _("Défi créé")
    CHALLENGE_UPDATED = "challenge_updated", _("Dossier modifié")
    INDICATOR_ADDED = "indicator_added", _("Indicateur ajouté")
    INDICATOR_UPDATED = "indicator_updated", _("Indicateur modifié")
    INDICATOR_DELETED = "indicator_deleted", _("Indicateur supprimé")
    ATTACHMENT_ADDED = "attachment_added", _("Pièce jointe ajoutée")
    ATTACHMENT_DELETED = "attachment_deleted", _("Pièce jointe supprimée")
    OPINION_REQUESTED = "opinion_requested", _("Avis demandé à un·e coach")
    OPINION_GIVEN = "opinion_given", _("Avis rendu")
    NOTE_ADDED = "note_added", _("Annotation ajoutée")
    DRAFT_REMINDER_SENT = "draft_reminder_sent", _("Rappel envoyé avant la date limite de dépôt")
    POLICY_CREATED = "policy_created", _("Politique prioritaire créée")
    POLICY_UPDATED = "policy_updated", _("Politique prioritaire modifiée")
    POLICY_DELETED = "policy_deleted", _("Politique prioritaire supprimée")
    # The défi's workflow (eig.challenges.workflow): what happened, in the past tense,
    # rather than the buttons' wording.
    CHALLENGE_SUBMITTED = "challenge_submitted", _("Défi déposé")
    CHALLENGE_RESUBMITTED = "challenge_resubmitted", _("Défi déposé à nouveau")
    CHALLENGE_WITHDRAWN = "challenge_withdrawn", _("Défi retiré")
    INVESTIGATION_OPENED = "investigation_opened", _("Investigation ouverte")
    CHANGES_REQUESTED = "changes_requested", _("Modifications demandées")
    CHALLENGE_SELECTED = "challenge_selected", _("Défi retenu")
    CHALLENGE_DECLINED = "challenge_declined", _("Défi non retenu")
    RECRUITMENT_OPENED = "recruitment_opened", _("Recrutement ouvert")
    CHALLENGE_STAFFED = "challenge_staffed", _("Équipe constituée")
    CHALLENGE_STARTED = "challenge_started", _("Défi démarré")
    CHALLENGE_COMPLETED = "challenge_completed", _("Défi terminé")
    # Results
    MEASUREMENT_ADDED = "measurement_added", _("Mesure d’un indicateur enregistrée")
    MEASUREMENT_DELETED = "measurement_deleted", _("Mesure d’un indicateur supprimée")
    OUTCOME_RECORDED = "outcome_recorded", _("Devenir du défi enregistré")
    # The import of the programme's history (eig.impact.history_import)
    IMPORTED = "imported", _("Importé de l’historique du programme")
    IMPORT_UPDATED = "import_updated", _("Mis à jour par l’import de l’historique du programme")
    DEMO_CREATED = "demo_created", _("Données de démonstration")

    # Candidates and applications
    PROFILE_CREATED = "profile_created", _("Profil créé")
    PROFILE_UPDATED = "profile_updated", _("Profil modifié")
    VENTURE_ADDED = "venture_added", _("Expérience ajoutée")
    VENTURE_UPDATED = "venture_updated", _("Expérience modifiée")
    VENTURE_DELETED = "venture_deleted", _("Expérience supprimée")
    VENTURE_DESCRIPTION_HIDDEN = (
        "venture_description_hidden",
        _("Description d’une expérience masquée aux évaluateur·rices (examen anonyme)"),
    )
    VENTURE_DESCRIPTION_SHOWN = (
        "venture_description_shown",
        _("Description d’une expérience de nouveau montrée aux évaluateur·rices"),
    )
    CV_UPLOADED = "cv_uploaded", _("CV déposé")
    CV_TEXT_PREPARED = "cv_text_prepared", _("Texte du CV préparé pour l’examen anonyme")
    CANDIDACY_CREATED = "candidacy_created", _("Candidature commencée (brouillon)")
    CANDIDACY_UPDATED = "candidacy_updated", _("Candidature modifiée")
    CANDIDACY_SUBMITTED = "candidacy_submitted", _("Candidature déposée")
    CANDIDACY_WITHDRAWN = "candidacy_withdrawn", _("Candidature retirée")
    CANDIDACY_HIRED = "candidacy_hired", _("Recrutée : offre acceptée")
    # Personal data
    PERSONAL_DATA_EXPORTED = "personal_data_exported", _("Données personnelles exportées")
    EXPORT_REQUESTED = "export_requested", _("Export demandé")
    EXPORT_STARTED = "export_started", _("Export commencé")
    EXPORT_FINISHED = "export_finished", _("Export prêt")
    EXPORT_FAILED = "export_failed", _("Échec de l’export")
    EXPORT_EXPIRED = "export_expired", _("Fichier d’export supprimé (délai dépassé)")
    PERSONAL_DATA_ANONYMISED = "personal_data_anonymised", _("Données personnelles anonymisées")
    EXPIRED_DATA_ANONYMISED = (
        "expired_data_anonymised",
        _("Données anonymisées au terme de leur durée de conservation"),
    )
    ACCOUNT_ERASED = "account_erased", _("Compte supprimé")

    # Selection
    CONFLICT_DECLARED = "conflict_declared", _("Conflit d’intérêts déclaré")
    REVIEW_ASSIGNED = "review_assigned", _("Évaluation confiée")
    REVIEW_UNASSIGNED = "review_unassigned", _("Évaluation retirée à son évaluateur·rice")
    REVIEWS_ASSIGNED_AUTOMATICALLY = (
        "reviews_assigned_automatically",
        _("Évaluations réparties automatiquement"),
    )
    REVIEW_DRAFT_SAVED = "review_draft_saved", _("Brouillon d’évaluation enregistré")
    REVIEW_SUBMITTED = "review_submitted", _("Évaluation rendue")
    SCREENING_DECIDED = "screening_decided", _("Recevabilité décidée")
    COMMITTEE_DECIDED = "committee_decided", _("Avis du comité de sélection enregistré")
    DECISION_PUBLISHED = "decision_published", _("Décision publiée")
    DECISIONS_PUBLISHED = "decisions_published", _("Décisions de la session publiées")
    INTERVIEW_SCHEDULED = "interview_scheduled", _("Entretien programmé, invitations envoyées")
    INTERVIEW_RESCHEDULED = "interview_rescheduled", _("Entretien modifié, mise à jour envoyée")
    INTERVIEW_CANCELLED = "interview_cancelled", _("Entretien annulé, annulation envoyée")
    INTERVIEW_REVIEW_SUBMITTED = "interview_review_submitted", _("Avis d’entretien rendu")
    PROPOSAL_CREATED = "proposal_created", _("Proposée au défi")
    PROPOSAL_INTERVIEW_SCHEDULED = "proposal_interview_scheduled", _("Entretien conjoint programmé")
    PROPOSAL_INTERVIEW_CANCELLED = "proposal_interview_cancelled", _("Entretien conjoint annulé")
    PROPOSAL_OPINION_GIVEN = "proposal_opinion_given", _("Avis du jury enregistré")
    PROPOSAL_RANKED = "proposal_ranked", _("Classement du jury")
    # Matching
    RANKING_DRAFTED = "ranking_drafted", _("Brouillon enregistré")
    RANKING_SUBMITTED = "ranking_submitted", _("Classement enregistré")
    RANKING_REMINDERS_SENT = "ranking_reminders_sent", _("Rappels de classement envoyés")
    PLACES_SET = "places_set", _("Places des défis fixées")
    MATCHING_COMPUTED = "matching_computed", _("Appariement calculé")
    MATCHING_OVERRIDDEN = "matching_overridden", _("Appariement corrigé à la main")
    MATCHING_PUBLISHED = "matching_published", _("Appariement publié")
    MATCHING_OUTCOME_RECORDED = "matching_outcome_recorded", _("Résultat de l’appariement")

    # Offers and contracts
    OFFER_DRAFTED = "offer_drafted", _("Offre préparée en brouillon")
    OFFER_CONFIRMED = "offer_confirmed", _("Offre confirmée")
    OFFER_MADE = "offer_made", _("Offre faite")
    OFFER_ACCEPTED = "offer_accepted", _("Offre acceptée")
    OFFER_DECLINED = "offer_declined", _("Offre déclinée")
    OFFER_WITHDRAWN = "offer_withdrawn", _("Offre retirée")
    OFFER_EXPIRED = "offer_expired", _("Offre expirée (délai de réponse dépassé)")
    CONTRACT_CREATED = "contract_created", _("Contrat créé")
    DOCUMENTS_GENERATED = "documents_generated", _("Documents PDF générés")
    CONTRACT_RENEWED = "contract_renewed", _("Renouvellement décidé")
    CONTRACT_ENDED = "contract_ended", _("Non-renouvellement décidé")
    VARIABLE_PAY_RECORDED = "variable_pay_recorded", _("Part variable enregistrée")

    # Impact
    ALUMNI_SURVEY_SENT = "alumni_survey_sent", _("Enquête envoyée aux ancien·nes")
    ALUMNI_SURVEY_REMINDED = "alumni_survey_reminded", _("Relance de l’enquête envoyée")
    ALUMNI_SURVEY_ANSWERED = "alumni_survey_answered", _("Réponse à l’enquête reçue")
