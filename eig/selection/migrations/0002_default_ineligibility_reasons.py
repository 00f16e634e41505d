"""The default reasons staff pick from when an application is not eligible."""

from django.db import migrations

DEFAULT_REASONS = [
    "Pas d’expérience entrepreneuriale",
    "Profil non recruté dans cette session",
    "Expérience professionnelle insuffisante",
    "Dossier incomplet",
]


def create_reasons(apps, schema_editor):
    IneligibilityReason = apps.get_model("selection", "IneligibilityReason")
    for position, label in enumerate(DEFAULT_REASONS, start=1):
        IneligibilityReason.objects.get_or_create(label=label, defaults={"position": position})


def delete_reasons(apps, schema_editor):
    IneligibilityReason = apps.get_model("selection", "IneligibilityReason")
    IneligibilityReason.objects.filter(label__in=DEFAULT_REASONS, decisions__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("selection", "0001_initial")]

    operations = [migrations.RunPython(create_reasons, delete_reasons)]
