from django import template
from django.utils.safestring import SafeString

from eig.core.markdown import markdown_to_safe_html

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None) -> SafeString:
    """``{{ challenge.public_description|markdown }}``: sanitised HTML (see eig.core.markdown)."""
    return markdown_to_safe_html(text or "")
