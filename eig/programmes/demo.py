"""Demo promotions: this year's and next year's, with their rounds (a demo step listed
in ``EIG_DEMO_STEPS``)."""

from django.utils import timezone

from eig.programmes.models import Programme, Promotion
from eig.programmes.selectors import current_programme
from eig.programmes.services import rounds_generate

FIRST_PROMOTION_YEAR_OF_SEVENTH = 2024


def demo_promotions_seed() -> None:
    """This year's promotion, and next year's: défis submitted after this year's last
    deadline go to next year's first round."""
    programme = current_programme()
    if programme is None:
        return
    year = timezone.localdate().year
    _promotion_of(programme, year)
    _promotion_of(programme, year + 1)


def demo_current_promotion() -> Promotion | None:
    """This year's demo promotion (None without the programme), once its step has run."""
    programme = current_programme()
    if programme is None:
        return None
    return _promotion_of(programme, timezone.localdate().year)


def _promotion_of(programme: Programme, year: int) -> Promotion:
    number = 7 + year - FIRST_PROMOTION_YEAR_OF_SEVENTH
    promotion, created = Promotion.objects.get_or_create(
        programme=programme,
        year=year,
        defaults={"number": number, "label": f"{number}e promotion", "cap": 30},
    )
    if created or not promotion.rounds.exists():
        rounds_generate(promotion=promotion, year=year, by=None)
    return promotion
