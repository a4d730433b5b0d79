"""Which characters author text may hold, and how to show any text on a terminal safely.

Two jobs, one place, so that every layer agrees:

* :func:`printable` makes text safe to print: C0 and C1 control characters
  (escape sequences can clear a screen, set a window title or fake output), lone
  surrogates (``print`` would raise) and bidirectional overrides and isolates
  (they reorder what a terminal shows) come out as visible escapes such as
  ``\\x1b`` or ``\\u202e``. Everything the command line prints from a scenario,
  a rubric or the progress store goes through it.
* :func:`control_char` and :func:`is_invisible` are the validator's tests: text
  may not hold control characters (running text may hold newlines and tabs), and
  text that is present must show something (the game cannot draw text that is
  only zero-width or format characters: pygame raises "Text has zero width").
"""
from __future__ import annotations

import re
import unicodedata

#: Bidirectional formatting characters: marks, embeddings, overrides and isolates.
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

# C0 and C1 controls, DEL, lone surrogates, bidi formatting, and the Unicode line and
# paragraph separators (some terminals and editors break lines at them).
_UNSAFE = "\x00-\x1f\x7f-\x9f\ud800-\udfff" + BIDI + "\u2028\u2029"
_UNSAFE_RE = re.compile(f"[{_UNSAFE}]")
_UNSAFE_KEEP_LINES_RE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{BIDI}\u2028\u2029]")

# What the validator refuses: control characters and lone surrogates. Running text
# ("block" text: lines, feedback, debriefs) may hold newlines and tabs; one-line
# text (titles, names, labels, tags) may not, nor the Unicode line and paragraph separators
# (U+2028, U+2029): they are line breaks too, to a terminal, an editor and a spreadsheet.
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")
_CONTROL_BLOCK_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Identifiers and paths also refuse format characters (zero-width, bidi) and line separators:
# two ids that look the same must be the same id.
_ID_BAD_RE = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{BIDI}\u200b-\u200d\u2060-\u2064\ufeff\u2028\u2029\u00ad]")

_VISIBLE_ASCII = re.compile("[!-~]")
#: Default-ignorable code points that are not format characters (Cf) or marks:
#: Hangul fillers, Khmer inherent vowels, Mongolian variation selectors.
_IGNORABLE = frozenset("\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u3164\uffa0")
_INVISIBLE_CATEGORIES = frozenset(("Cc", "Cf", "Cs", "Zs", "Zl", "Zp", "Mn", "Me"))


_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    short = _SHORT.get(ch)
    if short:
        return short
    n = ord(ch)
    if n < 0x100:
        return f"\\x{n:02x}"
    return f"\\u{n:04x}"


def printable(text: str, multiline: bool = False) -> str:
    """``text`` with every character that could control a terminal shown as an escape.

    C0/C1 controls (``ESC`` becomes ``\\x1b``), DEL, lone surrogates, bidi marks,
    embeddings, overrides and isolates, and U+2028/U+2029 are escaped; everything
    else, including all other non-ASCII text, is left alone. With ``multiline``,
    newlines and tabs are kept (for text printed as paragraphs). Safe for any
    ``str``, never raises.
    """
    if not isinstance(text, str):
        text = str(text)
    pattern = _UNSAFE_KEEP_LINES_RE if multiline else _UNSAFE_RE
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape, text)


#: For JSON written with ``ensure_ascii=False``: what :func:`printable` escapes and ``json`` leaves
#: raw (C1 controls, DEL, bidi formatting, U+2028/U+2029, lone surrogates), as JSON's own escapes.
_JSON_UNSAFE = {c: f"\\u{c:04x}" for c in (*range(0x7f, 0xa0), *map(ord, BIDI), 0x2028, 0x2029,
                                             *range(0xD800, 0xE000))}


def json_printable(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) safe to print: every character
    :func:`printable` would escape becomes a ``\\uXXXX`` escape. The JSON means the same (these
    characters can only stand inside its strings); only a terminal sees the difference."""
    return text.translate(_JSON_UNSAFE)


def control_char(text: str, block: bool = False) -> str | None:
    """The first control character in ``text`` that the validator refuses, else None.

    ``block`` text (running text) may hold newlines and tabs; one-line text may not.
    """
    m = (_CONTROL_BLOCK_RE if block else _CONTROL_RE).search(text)
    return m.group() if m else None


def id_bad_char(text: str) -> str | None:
    """The first character an id or path may not hold (controls, format characters), else None."""
    m = _ID_BAD_RE.search(text)
    return m.group() if m else None


def char_name(ch: str) -> str:
    """``U+001B ESCAPE``: how a message names a character the author cannot see."""
    names = {"\x00": "NUL", "\x1b": "ESCAPE", "\t": "TAB", "\n": "NEWLINE", "\r": "CARRIAGE RETURN"}
    name = names.get(ch) or unicodedata.name(ch, "") or unicodedata.category(ch)
    return f"U+{ord(ch):04X} {name}"


def is_invisible(text: str) -> bool:
    """True when ``text`` shows nothing: only whitespace, controls, format characters
    (zero-width, bidi), combining marks and other default-ignorable characters."""
    if _VISIBLE_ASCII.search(text):  # the usual case: any visible ASCII character
        return False
    for ch in text:
        if ch.isspace() or ch in _IGNORABLE:
            continue
        if unicodedata.category(ch) in _INVISIBLE_CATEGORIES:
            continue
        n = ord(ch)
        if 0xFE00 <= n <= 0xFE0F or 0xE0000 <= n <= 0xE0FFF:  # variation selectors, tags
            continue
        return False
    return True
