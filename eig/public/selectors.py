"""Facts the public pages show, read from the programme's settings (never typed in a page)."""

from dataclasses import dataclass
from decimal import Decimal

from eig.programmes.selectors import current_pay_levels, current_programme, current_promotion


@dataclass(frozen=True)
class PayLevelFact:
    level: int
    monthly_net: Decimal
    variable_rate: Decimal
    min_experience_years: int


@dataclass(frozen=True)
class ProgrammeFacts:
    cap: int | None
    promotion_label: str
    pay_levels: list[PayLevelFact]
    retention_unsuccessful_months: int
    retention_consent_months: int


def programme_facts() -> ProgrammeFacts:
    programme = current_programme()
    promotion = current_promotion(programme) if programme else None
    levels = current_pay_levels(programme) if programme else []
    return ProgrammeFacts(
        cap=promotion.cap if promotion else None,
        promotion_label=str(promotion) if promotion else "",
        pay_levels=[
            PayLevelFact(lv.level, lv.monthly_net, lv.variable_rate, lv.min_experience_years)
            for lv in levels
        ],
        retention_unsuccessful_months=programme.retention_unsuccessful_months if programme else 3,
        retention_consent_months=programme.retention_consent_months if programme else 24,
    )
