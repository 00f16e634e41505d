"""Reviews and interviews get their status from their dates: a review with a submission
date is submitted, an interview with a cancellation date is cancelled (the others keep
the default the previous migration gave them: assigned, scheduled)."""

from django.db import migrations


def status_from_dates(apps, schema_editor):
    Review = apps.get_model("selection", "Review")
    Interview = apps.get_model("selection", "Interview")
    Review.objects.filter(submitted_at__isnull=False).update(status="submitted")
    Review.objects.filter(submitted_at__isnull=True).update(status="assigned")
    Interview.objects.filter(cancelled_at__isnull=False).update(status="cancelled")
    Interview.objects.filter(cancelled_at__isnull=True).update(status="scheduled")


class Migration(migrations.Migration):

    dependencies = [
        ('selection', '0007_review_and_interview_status'),
    ]

    operations = [
        # Backwards, the previous migration drops the columns: nothing to undo here.
        migrations.RunPython(status_from_dates, migrations.RunPython.noop),
    ]
