"""History actions become one enum (eig.core.history_actions.HistoryAction): the stored
values are renamed to its one grammar, ``<what>_<past participle>``.

The map is written once, here, and read both ways. ``OLD_TO_NEW`` holds the old values
whose new name does not depend on the subject; ``OLD_TO_NEW_BY_MODEL`` the old values
several models shared ("create", "submit"...), by the subject's ``app_label.model``.
``action_renamed(model_label, old)`` reads both (what a table written with the old
literals maps through).
"""

from django.db import migrations, models

OLD_TO_NEW: dict[str, str] = {
    # api
    "revoked": "token_revoked",
    "resend": "webhook_resent",
    "disabled": "webhook_endpoint_disabled",
    # impact
    "alumni_survey_send": "alumni_survey_sent",
    "alumni_survey_remind": "alumni_survey_reminded",
    "alumni_survey_answer": "alumni_survey_answered",
    # candidacies
    "personal_data_export": "personal_data_exported",
    "anonymise": "personal_data_anonymised",
    "account_erase": "account_erased",
    "anonymise_expired": "expired_data_anonymised",
    "profile_create": "profile_created",
    "profile_update": "profile_updated",
    "venture_add": "venture_added",
    "venture_update": "venture_updated",
    "venture_delete": "venture_deleted",
    "cv_upload": "cv_uploaded",
    "venture_description_hide": "venture_description_hidden",
    "venture_description_show": "venture_description_shown",
    "cv_text_prepare": "cv_text_prepared",
    "hire": "candidacy_hired",
    # programmes
    "generated": "round_generated",
    # contracts
    "contract_create": "contract_created",
    "documents_generate": "documents_generated",
    "variable_pay_record": "variable_pay_recorded",
    "offer_make": "offer_made",
    "offer_draft": "offer_drafted",
    "offer_confirm": "offer_confirmed",
    "offer_accept": "offer_accepted",
    "offer_withdraw": "offer_withdrawn",
    "offer_decline": "offer_declined",
    "offer_expire": "offer_expired",
    # core
    "demo": "demo_created",
    # challenges
    "indicator_add": "indicator_added",
    "indicator_update": "indicator_updated",
    "indicator_delete": "indicator_deleted",
    "attachment_add": "attachment_added",
    "attachment_delete": "attachment_deleted",
    "draft_reminder": "draft_reminder_sent",
    "note_add": "note_added",
    "opinion_request": "opinion_requested",
    "opinion_give": "opinion_given",
    "policy_create": "policy_created",
    "policy_update": "policy_updated",
    "policy_delete": "policy_deleted",
    "resubmit": "challenge_resubmitted",
    "investigate": "investigation_opened",
    "request_changes": "changes_requested",
    "select": "challenge_selected",
    "decline": "challenge_declined",
    "open_recruitment": "recruitment_opened",
    "mark_staffed": "challenge_staffed",
    "start": "challenge_started",
    "complete": "challenge_completed",
    "outcome_record": "outcome_recorded",
    # selection
    "publish_decision": "decision_published",
    "publish_decisions": "decisions_published",
    "proposal_interview": "proposal_interview_scheduled",
    "ranking_submit": "ranking_submitted",
    "ranking_draft": "ranking_drafted",
    "matching_run": "matching_computed",
    "matching_override": "matching_overridden",
    "matching_publish": "matching_published",
    "proposal_matching_outcome": "matching_outcome_recorded",
    "ranking_reminders": "ranking_reminders_sent",
    "declare": "conflict_declared",
    "review_assign": "review_assigned",
    "review_unassign": "review_unassigned",
    "reviews_assign_automatically": "reviews_assigned_automatically",
    "save_draft": "review_draft_saved",
    "proposal_opinion": "proposal_opinion_given",
    "decision_screening": "screening_decided",
    "decision_committee": "committee_decided",
}
OLD_TO_NEW_BY_MODEL: dict[str, dict[str, str]] = {
    "challenges.challenge": {
        "create": "challenge_created",
        "update": "challenge_updated",
        "submit": "challenge_submitted",
        "withdraw": "challenge_withdrawn",
    },
    "candidacies.candidacy": {
        "create": "candidacy_created",
        "update": "candidacy_updated",
        "submit": "candidacy_submitted",
        "withdraw": "candidacy_withdrawn",
    },
    "selection.review": {"submit": "review_submitted"},
    "selection.ineligibilityreason": {"create": "created", "update": "updated"},
}


def action_renamed(model_label: str, old: str) -> str:
    """The new value of ``old`` on a subject of ``model_label`` ("app_label.model")."""
    return OLD_TO_NEW_BY_MODEL.get(model_label, {}).get(old) or OLD_TO_NEW.get(old, old)


def _rename(apps, *, backwards: bool) -> None:
    Event = apps.get_model("core", "Event")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model_label, renames in OLD_TO_NEW_BY_MODEL.items():
        app_label, model = model_label.split(".")
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        if content_type is None:
            continue
        for old, new in renames.items():
            before, after = (new, old) if backwards else (old, new)
            Event.objects.filter(content_type=content_type, action=before).update(action=after)
    for old, new in OLD_TO_NEW.items():
        before, after = (new, old) if backwards else (old, new)
        Event.objects.filter(action=before).update(action=after)


def forwards(apps, schema_editor):
    _rename(apps, backwards=False)


def backwards(apps, schema_editor):
    _rename(apps, backwards=True)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0002_french_search'),
    ]

    operations = [
        migrations.AlterField(
            model_name='event',
            name='action',
            field=models.CharField(choices=[('created', 'Création'), ('updated', 'Modification'), ('account_created', 'Compte créé'), ('proconnect_linked', 'Compte relié à ProConnect'), ('agent_created', 'Compte d’agent créé'), ('member_attached', 'Membre rattaché·e à la connexion'), ('member_added', 'Membre ajouté·e'), ('member_removed', 'Membre retiré·e'), ('token_revoked', 'Jeton révoqué'), ('webhook_resent', 'Notification renvoyée'), ('webhook_endpoint_disabled', 'Adresse de réception désactivée'), ('settings_updated', 'Paramètres modifiés'), ('round_generated', 'Création par le générateur de sessions'), ('rounds_generated', 'Sessions de l’année générées'), ('challenge_created', 'Défi créé'), ('challenge_updated', 'Dossier modifié'), ('indicator_added', 'Indicateur ajouté'), ('indicator_updated', 'Indicateur modifié'), ('indicator_deleted', 'Indicateur supprimé'), ('attachment_added', 'Pièce jointe ajoutée'), ('attachment_deleted', 'Pièce jointe supprimée'), ('opinion_requested', 'Avis demandé à un·e coach'), ('opinion_given', 'Avis rendu'), ('note_added', 'Annotation ajoutée'), ('draft_reminder_sent', 'Rappel envoyé avant la date limite de dépôt'), ('policy_created', 'Politique prioritaire créée'), ('policy_updated', 'Politique prioritaire modifiée'), ('policy_deleted', 'Politique prioritaire supprimée'), ('challenge_submitted', 'Défi déposé'), ('challenge_resubmitted', 'Défi déposé à nouveau'), ('challenge_withdrawn', 'Défi retiré'), ('investigation_opened', 'Investigation ouverte'), ('changes_requested', 'Modifications demandées'), ('challenge_selected', 'Défi retenu'), ('challenge_declined', 'Défi non retenu'), ('recruitment_opened', 'Recrutement ouvert'), ('challenge_staffed', 'Équipe constituée'), ('challenge_started', 'Défi démarré'), ('challenge_completed', 'Défi terminé'), ('measurement_added', 'Mesure d’un indicateur enregistrée'), ('measurement_deleted', 'Mesure d’un indicateur supprimée'), ('outcome_recorded', 'Devenir du défi enregistré'), ('imported', 'Importé de l’historique du programme'), ('import_updated', 'Mis à jour par l’import de l’historique du programme'), ('demo_created', 'Données de démonstration'), ('profile_created', 'Profil créé'), ('profile_updated', 'Profil modifié'), ('venture_added', 'Expérience ajoutée'), ('venture_updated', 'Expérience modifiée'), ('venture_deleted', 'Expérience supprimée'), ('venture_description_hidden', 'Description d’une expérience masquée aux évaluateur·rices (examen anonyme)'), ('venture_description_shown', 'Description d’une expérience de nouveau montrée aux évaluateur·rices'), ('cv_uploaded', 'CV déposé'), ('cv_text_prepared', 'Texte du CV préparé pour l’examen anonyme'), ('candidacy_created', 'Candidature commencée (brouillon)'), ('candidacy_updated', 'Candidature modifiée'), ('candidacy_submitted', 'Candidature déposée'), ('candidacy_withdrawn', 'Candidature retirée'), ('candidacy_hired', 'Recrutée : offre acceptée'), ('personal_data_exported', 'Données personnelles exportées'), ('personal_data_anonymised', 'Données personnelles anonymisées'), ('expired_data_anonymised', 'Données anonymisées au terme de leur durée de conservation'), ('account_erased', 'Compte supprimé'), ('conflict_declared', 'Conflit d’intérêts déclaré'), ('review_assigned', 'Évaluation confiée'), ('review_unassigned', 'Évaluation retirée à son évaluateur·rice'), ('reviews_assigned_automatically', 'Évaluations réparties automatiquement'), ('review_draft_saved', 'Brouillon d’évaluation enregistré'), ('review_submitted', 'Évaluation rendue'), ('screening_decided', 'Recevabilité décidée'), ('committee_decided', 'Avis du comité de sélection enregistré'), ('decision_published', 'Décision publiée'), ('decisions_published', 'Décisions de la session publiées'), ('interview_scheduled', 'Entretien programmé, invitations envoyées'), ('interview_rescheduled', 'Entretien modifié, mise à jour envoyée'), ('interview_cancelled', 'Entretien annulé, annulation envoyée'), ('interview_review_submitted', 'Avis d’entretien rendu'), ('proposal_created', 'Proposée au défi'), ('proposal_interview_scheduled', 'Entretien conjoint programmé'), ('proposal_opinion_given', 'Avis du jury enregistré'), ('proposal_ranked', 'Classement du jury'), ('ranking_drafted', 'Brouillon enregistré'), ('ranking_submitted', 'Classement enregistré'), ('ranking_reminders_sent', 'Rappels de classement envoyés'), ('places_set', 'Places des défis fixées'), ('matching_computed', 'Appariement calculé'), ('matching_overridden', 'Appariement corrigé à la main'), ('matching_published', 'Appariement publié'), ('matching_outcome_recorded', 'Résultat de l’appariement'), ('offer_drafted', 'Offre préparée en brouillon'), ('offer_confirmed', 'Offre confirmée'), ('offer_made', 'Offre faite'), ('offer_accepted', 'Offre acceptée'), ('offer_declined', 'Offre déclinée'), ('offer_withdrawn', 'Offre retirée'), ('offer_expired', 'Offre expirée (délai de réponse dépassé)'), ('contract_created', 'Contrat créé'), ('documents_generated', 'Documents PDF générés'), ('contract_renewed', 'Renouvellement décidé'), ('contract_ended', 'Non-renouvellement décidé'), ('variable_pay_recorded', 'Part variable enregistrée'), ('alumni_survey_sent', 'Enquête envoyée aux ancien·nes'), ('alumni_survey_reminded', 'Relance de l’enquête envoyée'), ('alumni_survey_answered', 'Réponse à l’enquête reçue')], max_length=64, verbose_name='action'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
