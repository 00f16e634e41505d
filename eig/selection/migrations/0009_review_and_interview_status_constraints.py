from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('selection', '0008_review_and_interview_status_from_dates'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='interview',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('cancelled_at__isnull', True), ('status', 'scheduled')), models.Q(('cancelled_at__isnull', False), ('status', 'cancelled')), _connector='OR'), name='interview_status_matches_cancelled_at'),
        ),
        migrations.AddConstraint(
            model_name='review',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'assigned'), ('submitted_at__isnull', True)), models.Q(('status', 'submitted'), ('submitted_at__isnull', False)), _connector='OR'), name='review_status_matches_submitted_at'),
        ),
    ]
