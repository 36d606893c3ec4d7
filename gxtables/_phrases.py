"""An index of the templates' phrases, built once, so the matcher can ask "which rows and
columns could this label name?" in one look-up instead of scoring it against every spec.

About 98 % of the labels of a report (prose, captions, menus, document lists) name no
template row or column; the index rejects them after one pass over their characters.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ._templates import LAYOUTS, ColumnSpec, RowSpec

__all__ = ["BOUND", "EXACT", "LABEL_MAX", "evidence_pattern", "known", "label_hits",
           "phrase_hits"]

Spec = RowSpec | ColumnSpec

#: The score of a label equal to a spec's official label or one of its exact phrases.
EXACT = 3.0

#: Every row and column of every layout, by identity (template records live for the process).
_SPECS: dict[int, Spec] = {}
#: Phrase → the specs it is an exact name of (the official label included).
_EXACT: dict[str, list[int]] = {}
#: First two characters of a match phrase (one for a one-character phrase) → (phrase, spec).
_BY_HEAD: dict[str, list[tuple[str, int]]] = {}
#: Specs with an empty match phrase: left to the general rule (``known`` is false for them).
_ALWAYS: set[int] = set()
#: The longest label (normalised) a spec's match phrases may score in (see ``label_score``),
#: by the ids of the specs the index answers for. The records live as long as the process,
#: so no other live object shares their ids.
BOUND: dict[int, float] = {}


def _index() -> None:
    for layout in LAYOUTS.values():
        for table in layout.tables:
            specs: tuple[Spec, ...] = (*table.rows, *table.columns)
            for spec in specs:
                sid = id(spec)
                if sid in _SPECS:
                    continue
                _SPECS[sid] = spec
                for phrase in dict.fromkeys((spec.norm, *spec.exact)):
                    _EXACT.setdefault(phrase, []).append(sid)
                for phrase in dict.fromkeys(spec.match):
                    if not phrase:
                        _ALWAYS.add(sid)
                    else:
                        _BY_HEAD.setdefault(phrase[:2], []).append((phrase, sid))


_index()
BOUND.update((sid, 2.5 * max(len(spec.norm), 4) + 8) for sid, spec in _SPECS.items()
             if sid not in _ALWAYS)
_SHORT = any(len(head) == 1 for head in _BY_HEAD)
#: Where a phrase may start: a character some phrase starts with (one C-speed scan finds them;
#: prose mostly holds few).
_STARTS = re.compile("[" + "".join(sorted({re.escape(h[0]) for h in _BY_HEAD})) + "]"
                     if _BY_HEAD else r"(?!)")
#: The longest label any template spec can score in: longer ones name a spec only by
#: ``mentions`` (a header run together), never by ``label_score``.
LABEL_MAX = int(max((*BOUND.values(), *(len(p) for p in _EXACT)), default=0))


def known(spec: Spec) -> bool:
    """Whether ``spec`` is one of the templates' own records (so the index answers for it)."""
    return id(spec) in BOUND


def phrase_hits(norm: str) -> dict[int, float]:
    """For a normalised label: ``{id(spec): score}`` of every spec it names — ``EXACT`` when it
    is the spec's official label or an exact phrase, else 1 plus the share of the label its
    longest contained match phrase explains. Specs it does not name are absent. The length
    bound of ``label_score`` is not applied here (``mentions`` has none). The dict may be
    shared between calls: read it, never change it."""
    return _remembered_hits(norm) if len(norm) <= LABEL_MAX else _hits(norm)


@lru_cache(maxsize=1 << 15)
def _remembered_hits(norm: str) -> dict[int, float]:
    """Labels no longer than ``LABEL_MAX`` are remembered: the matcher asks about each several
    times, and labels recur across reports. Bounded (≈ 32k short keys, a few MB at most);
    longer texts — only ``mentions`` asks about them — are not kept."""
    return _hits(norm)


#: ``phrase_hits`` without the length test, for labels no longer than ``LABEL_MAX`` (the
#: hottest paths: ``label_score``, ``naming``, ``could_name``).
label_hits = _remembered_hits


def _hits(norm: str) -> dict[int, float]:
    known = _PHRASE_HITS.get(norm)
    if known is not None:
        return known  # one of the templates' own phrases (most of a report's labels)
    return _search(norm)


def _search(norm: str) -> dict[int, float]:
    hits: dict[int, float] = {}
    if not norm:
        return hits
    size = len(norm)
    longest: dict[int, int] = {}
    for start in _STARTS.finditer(norm):
        i = start.start()
        for head in ((norm[i:i + 2], norm[i]) if _SHORT else (norm[i:i + 2],)):
            for phrase, sid in _BY_HEAD.get(head, ()):
                if len(phrase) > longest.get(sid, -1) and norm.startswith(phrase, i):
                    longest[sid] = len(phrase)
    for sid, length in longest.items():
        hits[sid] = 1.0 + length / size
    for sid in _EXACT.get(norm, ()):
        hits[sid] = EXACT
    return hits


#: ``_hits`` of every official label and exact phrase of the templates, found once: most
#: labels a report prints are one of them, so their answers are part of the index.
_PHRASE_HITS: dict[str, dict[int, float]] = {phrase: _search(phrase) for phrase in _EXACT}


@lru_cache(maxsize=64)
def evidence_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern that finds any of ``phrases`` in a text (a search at C speed instead of a
    substring test per phrase); it never matches when there are none."""
    if not phrases:
        return re.compile(r"(?!)")
    return re.compile("|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True)))
