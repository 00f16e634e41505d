from django.core.exceptions import ValidationError
from stdnum.fr import siret


def validate_siret(value: str) -> None:
    """A SIRET has 14 digits and passes the Luhn check."""
    compact = siret.compact(value)
    if not compact.isdigit() or len(compact) != 14:
        raise ValidationError("Le SIRET doit compter exactement 14 chiffres.", code="length")
    if not siret.is_valid(compact):
        raise ValidationError(
            "Ce SIRET n’est pas valide : vérifiez les chiffres (clé de contrôle incorrecte).",
            code="checksum",
        )
