"""Render trusted-format, untrusted-content Markdown (imported public descriptions) as safe HTML."""

import re

import markdown as markdown_library
import nh3
from django.utils.safestring import SafeString, mark_safe

# What a public description may contain: text structure and links to other websites, no
# images, no raw HTML. No ``mailto:``: a public description never publishes an address.
ALLOWED_TAGS = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "blockquote",
        "strong",
        "em",
        "a",
        "br",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https"})

# The page's title is its only <h1>: a description's headings start at <h2>.
FIRST_HEADING_LEVEL = 2
LAST_HEADING_LEVEL = 6
_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")
# What nh3 leaves of a link whose address it refused (relative, or a refused scheme).
_LINK_WITHOUT_HREF = re.compile(r'<a rel="[^"]*">(.*?)</a>', re.DOTALL)


def shift_headings(html: str) -> str:
    """The ``html`` with its headings renumbered below the page's <h1>: the highest level
    becomes <h2> and a heading is never more than one level below the one before
    (``### a`` then ``##### b`` give <h2>a</h2> then <h3>b</h3>), as RGAA 9.1 asks.

    Each heading keeps its place in the outline: it nests under the closest heading
    before it of a higher source level, one level below that heading's new level."""
    open_levels: list[tuple[int, int]] = []  # (source level, new level), outermost first
    current: list[int] = []

    def renumber(match: re.Match[str]) -> str:
        closing, source = match.group(1), int(match.group(2))
        if closing:
            return f"</h{current.pop() if current else FIRST_HEADING_LEVEL}>"
        while open_levels and open_levels[-1][0] >= source:
            open_levels.pop()
        level = open_levels[-1][1] + 1 if open_levels else FIRST_HEADING_LEVEL
        level = min(level, LAST_HEADING_LEVEL)
        open_levels.append((source, level))
        current.append(level)
        return f"<h{level}>"

    return _HEADING_TAG.sub(renumber, html)


def markdown_to_safe_html(text: str) -> SafeString:
    """The Markdown ``text`` as HTML holding only ``ALLOWED_TAGS`` (anything else is dropped,
    keeping its text; scripts and styles are dropped with their content). Its headings
    start at <h2> without skipping a level; a link to a relative address (a page of
    another website's tree, which would lead nowhere here) keeps its text only."""
    if not text.strip():
        return mark_safe("")
    html = markdown_library.markdown(text, output_format="html")
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        url_relative="deny",
        link_rel="noopener noreferrer",
    )
    # nh3's output is well-formed and its headings carry no attribute: plain patterns suffice.
    cleaned = _LINK_WITHOUT_HREF.sub(r"\1", cleaned)
    return mark_safe(shift_headings(cleaned))  # noqa: S308 (sanitised by nh3 just above)
