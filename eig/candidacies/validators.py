from urllib.parse import urlsplit

from django.core.exceptions import ValidationError


def validate_web_url(value: str) -> None:
    """Only http(s) links: a ``javascript:`` or ``data:`` link is refused."""
    scheme = urlsplit(value.strip()).scheme.lower()
    if scheme not in {"http", "https"}:
        raise ValidationError(
            "Seuls les liens web commençant par https:// ou http:// sont acceptés.",
            code="scheme",
        )
