"""Fill the file-review figures of every existing application (the columns added by
candidacies 0007), with the one definition of eig.selection.scores, in batches."""

from django.db import migrations

from eig.selection.scores import file_scores_by_candidacy

BATCH = 2_000
FIELDS = [
    "file_reviews_assigned",
    "file_reviews_submitted",
    "file_score_mean",
    "file_score_median",
    "file_score_spread",
]


def fill(apps, schema_editor):
    Candidacy = apps.get_model("candidacies", "Candidacy")
    Review = apps.get_model("selection", "Review")
    Score = apps.get_model("selection", "Score")
    reviewed = (
        Review.objects.filter(stage="file")
        .order_by("candidacy_id")
        .values_list("candidacy_id", flat=True)
        .distinct()
    )
    ids = list(reviewed)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        figures = file_scores_by_candidacy(
            batch,
            (
                (review_id, candidacy_id, submitted_at is not None)
                for review_id, candidacy_id, submitted_at in Review.objects.filter(
                    candidacy_id__in=batch, stage="file"
                ).values_list("pk", "candidacy_id", "submitted_at")
            ),
            Score.objects.filter(
                review__candidacy_id__in=batch,
                review__stage="file",
                review__submitted_at__isnull=False,
            )
            .order_by("review_id", "pk")
            .values_list("review_id", "value"),
        )
        candidacies = list(Candidacy.objects.filter(pk__in=batch).only("pk", *FIELDS))
        for candidacy in candidacies:
            of = figures[candidacy.pk]
            candidacy.file_reviews_assigned = of.reviews_assigned
            candidacy.file_reviews_submitted = of.reviews_submitted
            candidacy.file_score_mean = of.mean
            candidacy.file_score_median = of.median
            candidacy.file_score_spread = of.spread
        Candidacy.objects.bulk_update(candidacies, FIELDS, batch_size=1_000)


class Migration(migrations.Migration):
    dependencies = [
        ("candidacies", "0007_file_review_figures"),
        ("selection", "0005_free_texts_max_length"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
