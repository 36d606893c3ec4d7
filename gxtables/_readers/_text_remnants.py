"""HTML left in text a crawler stored: entities and comments undone before the text is read.

Crawlers that strip a page's tags by pattern keep what the tags carried: ``&nbsp;`` between
a table's cells (``8&nbsp;0&nbsp;0``), ``&lt;`` for a bracket, Word's conditional comments
(``<!--[if !supportLists]-->（三）<!--[endif]-->``). Left in, an entity's letters split a
number from its neighbours or glue onto a label, and the cells of a run-together row are
misread. Undone here as a browser shows them: an entity becomes its character (a
no-break or ideographic space becomes a plain space), a comment becomes nothing.

Only text that holds such remnants changes. Character offsets in a line (a long line's
:attr:`~gxtables._grid.Location.offset`) count characters of the text as undone.
"""

from __future__ import annotations

import html
import re

__all__ = ["undo_html_remnants"]

#: a named, decimal or hexadecimal character reference, with its ``;`` (a bare ``&`` stays)
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,30}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
#: the longest comment removed: a stray ``<!--`` must not swallow the report
_COMMENT_MAX = 2000
#: characters an entity may stand for that the text reader must see as one plain space
_SPACES = str.maketrans({"\t": " ", "\xa0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ",
                         "\u3000": " "})


def undo_html_remnants(text: str) -> str:
    """``text`` with HTML character references replaced by their characters (spaces as
    ``" "``) and HTML comments removed; ``text`` itself when it holds neither."""
    if "&" in text:
        text = _ENTITY.sub(_unescape, text)
    if "<!--" in text:
        text = _without_comments(text)
    return text


def _without_comments(text: str) -> str:
    """``text`` without its ``<!-- … -->`` comments of at most :data:`_COMMENT_MAX`
    characters, in one pass (each ``-->`` is looked for once, however many ``<!--`` a
    hostile line holds)."""
    kept: list[str] = []
    at = 0
    close = -1
    while (start := text.find("<!--", at)) >= 0:
        if close < start + 4:
            close = text.find("-->", start + 4)
            if close < 0:
                break
        if close + 3 - start > _COMMENT_MAX:
            kept.append(text[at:start + 4])
            at = start + 4
            continue
        kept.append(text[at:start])
        at = close + 3
    kept.append(text[at:])
    return "".join(kept)


def _unescape(match: re.Match[str]) -> str:
    entity = match.group(0)
    character = html.unescape(entity)
    if character == entity or character in ("", "\n", "\r"):
        return entity  # not a reference HTML knows, or a line break we must not add
    return character.translate(_SPACES)
