"""Render trusted-format, untrusted-content Markdown (imported public descriptions) as safe HTML."""

import re

import markdown as markdown_library
import nh3
from django.utils.safestring import SafeString, mark_safe

# What a public description may contain: text structure and links, no images, no raw HTML.
ALLOWED_TAGS = frozenset(
    {"p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "strong", "em", "a", "br"}
)
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})

# The page's title is its only <h1>; a description's headings sit below it.
_HEADING_SHIFT = {"h1": "h2", "h5": "h4", "h6": "h4"}
_HEADING_TAG = re.compile(r"<(/?)(h1|h5|h6)(\s[^>]*)?>")


def _shift_heading(match: re.Match[str]) -> str:
    return f"<{match.group(1)}{_HEADING_SHIFT[match.group(2)]}{match.group(3) or ''}>"


def markdown_to_safe_html(text: str) -> SafeString:
    """The Markdown ``text`` as HTML holding only ``ALLOWED_TAGS`` (anything else is dropped,
    keeping its text; scripts and styles are dropped with their content)."""
    if not text.strip():
        return mark_safe("")
    html = markdown_library.markdown(text, output_format="html")
    html = _HEADING_TAG.sub(_shift_heading, html)
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 (sanitised by nh3 just above)
