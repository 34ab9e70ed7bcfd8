"""Clean policy text before it is stored: a little formatting survives, scripts and event handlers do not."""

from __future__ import annotations

import html

import nh3

from giamngheo.common.text import nfc

RICH_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a"}


def rich_text(value: str, *, limit: int = 4000) -> str:
    """Return HTML safe to render as is: paragraphs, lists, emphasis and http(s)/tel links only."""
    return nh3.clean(
        nfc(value).strip()[:limit], tags=RICH_TAGS, attributes={"a": {"href"}},
        url_schemes={"http", "https", "tel", "mailto"}, link_rel="noopener noreferrer",
    ).strip()


def plain_text(value: str, *, limit: int = 200) -> str:
    """Return text with every tag removed (script and style content too); templates escape it again."""
    stripped = html.unescape(nh3.clean(nfc(value), tags=set()))
    return " ".join(stripped.split())[:limit]
