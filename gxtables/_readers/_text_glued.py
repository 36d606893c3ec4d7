"""Text rows whose cells ran together: ``本年新收申请数量150010218`` → label and number tokens,
a number that may hold several cells marked ``joined`` (the solver splits it by the table's
arithmetic). Pure string work, shared by every flattened-text reader.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator

from .._values import MARK_CHARS, TABLE_UNIT_RE

__all__ = [
    "NBSP",
    "SENTENCE_END",
    "RawCell",
    "expand_run_together",
    "inside_word",
    "looks_run_together",
    "marks_blanks",
    "spaced_blanks_marked",
    "split_run_together",
]


#: A cell as the text readers collect it: its text, its 1-based line, and whether its
#: boundaries were lost (``joined``).
RawCell = tuple[str, int, bool]
#: A sentence end: a table cell never prints one.
SENTENCE_END = re.compile(r"[。；;！!？?]")

_UNIT_CHARS = TABLE_UNIT_RE
#: A table unit after a number, glued to it or spaced off it (``369 项``); a spaced one only
#: when it does not start a word (``5 项目数量``, ``2 件数``, ``3 个人``: a label's start).
SPACED_UNIT = rf"[^\S\n]+(?:{_UNIT_CHARS})(?![目数人例款])"
UNIT_AFTER_NUMBER = rf"(?:{_UNIT_CHARS}|{SPACED_UNIT})"
#: Note marks a number may carry (``11*件``, ``23¹``): they stay with it, so that its unit
#: does too and the value parser sees (and warns of) the mark.
MARKS = f"[{MARK_CHARS}]"
#: A number, its note marks and unit in either order (the unit may be spaced off).
NUMBER_SUFFIX = rf"(?:{MARKS}+{UNIT_AFTER_NUMBER}?|{UNIT_AFTER_NUMBER}{MARKS}*)"
#: A note reference glued to a label (``行政处罚[1]``): part of the label's text, not a number.
_LABEL_NOTE = r"(?<=[^\W\d_])[\[［〔]\d{1,2}[\]］〕]"
_TOKEN = re.compile(
    rf"(?P<num>[+\-－]?\d[\d,，]*(?:[.．]\d+)?{NUMBER_SUFFIX}?)"
    rf"|(?P<text>(?:[^\d+\-－\[［〔]|{_LABEL_NOTE}|[\[［〔])+|[+\-－])"
)
#: A number and the character before it (``量150``, ``）3``); :func:`_glued` keeps those whose
#: character is CJK or a closing bracket or quote. Written so rather than as one character
#: class, whose 27,000 ideographs take milliseconds to compile at import: the lead character
#: here is never a space, digit or sign, and a match spans nothing else after it, so no
#: match of the class form can begin inside a match of this one — the kept matches are
#: exactly the class form's.
_NUMBER_AFTER = re.compile(r"([^\s\d+\-－])\s*[+\-－]?\d")
_GLUE_CLOSERS = "）)》”\""


def _glued(s: str) -> Iterator[re.Match[str]]:
    """The matches of ``[CJK）)》”"]\\s*[+\\-－]?\\d`` in ``s``, in order (see above)."""
    for m in _NUMBER_AFTER.finditer(s):
        ch = m.group(1)
        if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch in _GLUE_CLOSERS:
            yield m


def looks_run_together(line: str) -> bool:
    """Labels and numbers glued with no boundary: a CJK character directly followed by a
    number that is not outline numbering (``数量150``, ``规章0件``)."""
    s = line.strip()
    if SENTENCE_END.search(s):
        return False
    for m in _glued(s):
        after = s[m.end():m.end() + 80]  # a bounded window: long lines stay linear
        digits = re.match(r"[\d,]*(?:\.\d+)?", after)
        tail = after[digits.end():] if digits else after
        if not re.match(r"^[.、．]\s*[^\d\s]", tail) and not re.match(r"^\s*[年月日号]", tail):
            return True
    return False


def split_run_together(text: str) -> list[tuple[str, bool]]:
    """Split a line whose cells ran together into ``(token, joined)`` pairs.

    Outline numbering glued to the end of a number run (``…30000032.其他法律…``) goes back
    to the label it numbers: the applications table numbers its sub-rows 1–8, one digit.

    >>> split_run_together("规章0件0件4件")
    [('规章', False), ('0件', False), ('0件', False), ('4件', False)]
    >>> split_run_together("一、本年新收申请数量150010218")
    [('一、本年新收申请数量', False), ('150010218', True)]
    """
    out: list[tuple[str, bool]] = []
    pending_prefix = ""
    stripped = text.strip()
    for m in _TOKEN.finditer(stripped):
        if m.group("num") is not None:
            num = m.group("num")
            rest = stripped[m.end():m.end() + 8]
            if re.match(r"^[.、．]\s*[^\d\s.]", rest) and not num.endswith(tuple("万元件项个条笔")):
                # trailing digit is the numbering of the next label
                if len(num) == 1:
                    pending_prefix = num
                    continue
                pending_prefix = num[-1]
                num = num[:-1]
            if ("," in num or "，" in num) and _GROUPED_RUN.fullmatch(num.lstrip("+-－")):
                sign = num[:len(num) - len(num.lstrip("+-－"))]
                pieces = _thousands_pieces(num[len(sign):])
                if sign:  # a sign, or a dash for an empty cell glued on: the solver tells
                    pieces[0] = (sign + pieces[0][0], True)
                out.extend(pieces)
                continue
            digits = re.sub(r"\D", "", num)
            out.append((num, len(digits) > 1))
        else:
            piece = m.group("text")
            if not piece.strip():
                continue
            note = _ANNOTATION.match(piece)
            if note and _OUTLINE_BRACKET.match(note.group(0)):
                note = None  # （二）部分公开…: the numbering of the next label, not a note
            if note and out and _is_number_token(out[-1][0]) and not pending_prefix:
                # 740（市政府网站）: a bracketed note after a number belongs to its cell
                out[-1] = (out[-1][0] + note.group(0), out[-1][1])
                piece = piece[note.end():]
                if not piece.strip():
                    continue
            dash = _leading_dash(piece)
            if dash and not pending_prefix and piece[dash.end():].strip():
                # 行政强制 —第二十条…: a dash for an empty cell glued to the next label
                out.append((dash.group(0).strip(), False))
                piece = piece[dash.end():]
            if pending_prefix:
                out.append(((pending_prefix + piece).strip(), False))
                pending_prefix = ""
            elif out and not out[-1][1] and not _is_number_token(out[-1][0]):
                out[-1] = (out[-1][0] + piece, False)
            else:
                out.append((piece.strip(), False))
    if pending_prefix:
        out.append((pending_prefix, False))
    return out


#: Digits and commas, every comma followed by at least three digits: a run that may hold
#: numbers written with thousands separators (``1,86053367111,940``).
_GROUPED_RUN = re.compile(r"\d+(?:[,，]\d{3,})+")


def _thousands_pieces(run: str) -> list[tuple[str, bool]]:
    """A run of digits with thousands separators, cut where the separators prove a number
    ends: three digits after its last comma (a cell never starts with a comma, so a comma
    right after those three digits belongs to the same number). Where the number starts is
    proved only when one digit stands before its first comma at the start of a piece;
    otherwise the piece is a digit run for the solver to split, which cuts no piece at a
    comma (``1,86053367111,940`` → ``1,860`` and ``53367111,940``, joined; ``11,940`` may be
    ``1`` and ``1,940``)."""
    parts = re.split(r"[,，]", run)
    out: list[tuple[str, bool]] = []
    head, groups = parts[0], []
    for k, part in enumerate(parts[1:], start=1):
        groups.append(part[:3])
        if len(part) == 3 and k < len(parts) - 1:
            continue  # the next comma belongs to the same number
        out.append((head + "," + ",".join(groups), len(head) > 1))
        head, groups = part[3:], []
    if head:
        out.append((head, len(head) > 1))
    return out


_ANNOTATION = re.compile(r"^\s*[（(][^（()）]*[)）]")
_DASH = re.compile(r"^\s*(?:—{1,2}|－|–|/|／)")


def _leading_dash(piece: str) -> re.Match[str] | None:
    """A dash (or slash) opening ``piece`` and followed, after any spaces, by a CJK
    ideograph (U+3400–U+9FFF) — checked here rather than in the pattern, whose
    27,000-character class would be compiled at import. (Backtracking ``—{1,2}`` to one
    dash cannot help: a dash is no ideograph.)"""
    m = _DASH.match(piece)
    if m is None:
        return None
    rest = piece[m.end():].lstrip()
    return m if rest and "\u3400" <= rest[0] <= "\u9fff" else None
_OUTLINE_BRACKET = re.compile(r"^\s*[（(][一二三四五六七八九十]{1,3}[)）]$")


def _is_number_token(token: str) -> bool:
    return bool(re.match(r"^[+\-]?\d", token))


_LONG_DIGITS = re.compile(r"^\s*\d{10,}\s*$")

NBSP = "\u00a0"
#: Marks of a page that prints its empty cells: no-break spaces side by side (cells joined
#: with no separator), or one standing alone between the spaces that separate a number from
#: the next cell (cells joined with a space).
_BLANK_MARK = re.compile(f"{NBSP}{{2,}}|(?<=[0-9] ){NBSP}(?= )")


def inside_word(line: str, start: int, end: int) -> bool:
    """Whether the gap ``line[start:end]`` is one character between two ideographs
    (``商业 企业``): a label broken by a space, not an empty cell between two labels."""
    return end - start == 1 and start > 0 and end < len(line) \
        and "\u3400" <= line[start - 1] <= "\u9fff" and "\u3400" <= line[end] <= "\u9fff"


def marks_blanks(line: str) -> bool:
    """Whether a one-line page prints each empty cell as one no-break space (a Word-made
    HTML page keeps ``&nbsp;`` in every empty cell): two marks or more — runs of
    consecutive ones (empty cells side by side, the cells joined with no separator), or one
    standing alone between spaces after a number (``3 \u00a0 2``: cells joined with a space).
    A page that writes a no-break space where it means a plain one (one between two cells,
    or beside a space) shows no such mark: there each is only a separator. The rows read
    from such empty cells are warned all the same (:mod:`.._printed_blanks`)."""
    if NBSP not in line:
        return False  # (most lines: one scan at C speed, no pattern run)
    return sum(1 for _ in itertools.islice(_BLANK_MARK.finditer(line), 2)) >= 2


#: Two or more plain spaces between two numbers: empty cells side by side in a line whose
#: cells ran together (:func:`spaced_blanks_marked`).
_SPACED_BLANKS = re.compile(r"(?<=\d) {2,}(?=\d)")
#: Plain spaces after a number, before what starts a cell: not a unit or a date's character,
#: which prose spaces a number from (``821 件``, ``2019 年``).
_SPACES_AFTER_NUMBER = re.compile(r"(?<=\d) +(?=[^\s年月日号件个项条次人名家万元%％])")
#: One plain space between two numbers.
_SPACED_CELL = re.compile(r"(?<=\d) (?=\d)")
_LABEL_GLUED = re.compile(r"[\u4e00-\u9fff）)]\d")
_LABEL_SPACED = re.compile(r"[\u4e00-\u9fff）)] +\d")


def spaced_blanks_marked(line: str) -> str:
    """``line`` with the plain spaces that stand for empty cells written as no-break spaces,
    when it is a one-line page that kept each empty cell's ``&nbsp;`` but as a plain space
    (NFKC and many crawlers turn one into the other): labels and numbers glued with no
    separator (not spaced: a page joining its cells with a space prints one between every
    two), no no-break space, never one space between two numbers (a separator, or a lone
    empty cell a separator would look like), and two empty cells side by side twice or more
    (``82135  21859``), as :func:`marks_blanks` asks of no-break spaces. The spaces after
    each number then read as its empty cells, and the rows taking one are warned
    (:mod:`.._printed_blanks`). Any other line is returned as it is."""
    if "  " not in line or NBSP in line \
            or sum(1 for _ in itertools.islice(_SPACED_BLANKS.finditer(line), 2)) < 2:
        return line
    glued = sum(1 for _ in _LABEL_GLUED.finditer(line))
    if glued < 5 or glued <= 2 * sum(1 for _ in _LABEL_SPACED.finditer(line)) \
            or _SPACED_CELL.search(line):
        return line
    return _SPACES_AFTER_NUMBER.sub(lambda m: NBSP * len(m.group(0)), line)


def expand_run_together(cells: Iterable[tuple[str, int]]) -> list[RawCell]:
    out: list[RawCell] = []
    for text, line in cells:
        if looks_run_together(text):
            out.extend((tok, line, joined) for tok, joined in split_run_together(text))
        elif _LONG_DIGITS.match(text):
            # ten or more bare digits: a row of small counts whose boundaries were lost
            out.append((text, line, True))
        else:
            out.append((text, line, False))
    return out


