"""Typed, immutable results: a :class:`Report` of :class:`Table`\\ s of :class:`CellValue`\\ s,
plus the :class:`Issue`\\ s found on the way. ``to_dict()`` gives exactly the JSON contract of
docs/OUTPUT.md, and ``Report.from_dict`` reads it back.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from typing import Any, Literal

import attrs

from ._display import report_html, report_repr, report_text
from ._frames import report_frames
from ._grid import Location
from ._parse import report_parts
from ._values import parse_value

__all__ = ["ISSUE_CODES", "SCHEMA_VERSION", "CellKind", "CellValue", "Fact", "Issue", "Metadata",
           "Report", "Severity", "Source", "Table", "UnknownKey"]

Severity = Literal["error", "warning", "info"]
Number = int | float
#: What a cell held (:attr:`CellValue.kind`).
CellKind = Literal["number", "empty", "text", "missing"]

#: Every issue code gxtables emits, with what it means. Codes are stable API.
ISSUE_CODES: dict[str, str] = {
    # reading
    "unreadable_text": "text could not be decoded (PDF font without a Unicode map, garbled bytes)",
    "no_text_layer": "a PDF page holds only images (a scan); nothing could be read from it",
    "reader_note": "something the reader noticed about the document",
    # finding tables
    "table_not_found": "a statutory table of the layout was not found; its cells are null",
    "duplicate_table": ("a statutory table was found more than once; the first copy was used, "
                        "or a later one when the first does not fit its template"),
    "mixed_layout": "the document prints labels of both official layouts",
    "layout_mismatch": "part of a table follows the other layout; cells it lacks are null",
    "header_not_matched": "a table's column header was not recognised; template order assumed",
    # aligning values
    "row_not_found": "a row label of the template was not found; its cells are null",
    "row_out_of_order": "a row is printed out of the template's order; read by its label",
    "row_neighbour_missing": ("the row after this one was not found; if its label was lost, the "
                              "values read here may be that row's"),
    "row_neighbour_short": ("the row before this one printed fewer values than its cells; in "
                            "text whose cells come one by one, some values read here may be "
                            "that row's"),
    "stray_number": ("a number next to this row's values in text that lost its cells was read "
                     "into no cell; a value here may be cut short or be another row's"),
    "label_approximate": ("a row label is misprinted; the row is read from the label that stands "
                          "in its place and is most like it"),
    "value_count_mismatch": "a row holds more or fewer values than the template has columns",
    "empty_cell_marked": ("an empty cell was read from the no-break space a one-line page prints "
                          "for it; if the page writes them as plain spaces, values may be "
                          "shifted"),
    "truncated_table": "a table is cut short; the cells past the cut are null",
    "boundaries_lost": "a row's numbers run together with no cell boundaries; not split",
    "unparsed_value": "a cell's text is not a number; its value is null",
    "footnote_mark": "a note mark (¹, ①, *) follows a number; the value is the number before it",
    "unassigned_values": "a row of numbers inside a table matches no template row; not read",
    "unit_conflict": "a cell's unit differs from the unit its header states",
    "unit_unknown": ("an amount of money with no unit in its cell, its header or its official "
                     "label: 万元 and 元 differ ten-thousandfold"),
    # arithmetic
    "sum_mismatch": "a total does not equal the sum of its parts",
    "in_failed_sum": ("a row is one of those a failing column sum adds up; a value in it, in "
                      "another of them or in the total is wrong"),
    "balance_mismatch": "new + carried over ≠ handled + carried forward (勾稽关系)",
    "numbers_suspect": ("numbers look misread (a count with a leading zero, a decimal point, "
                        "a billion or a minus sign; most row totals failing or nearly all "
                        "numbers ending in one digit): a mark, dash or hidden digit glued on"),
    "compared_with_empty": "a rule was checked with empty cells counted as 0",
    "inferred_value": "a value was inferred from the table's arithmetic, not read",
    "carry_mismatch": "carried forward (year N) ≠ carried over (year N+1)",
    "not_comparable": "two reports use different layouts; some cells cannot be compared",
    "years_not_consecutive": "two reports compared across years are not of years N and N+1",
    "organs_differ": "two reports compared across years name different organs",
    "docx_package_repaired": "a .docx package python-docx refused was read part by part",
    "docx_embedded_document": "a .docx embeds another document (altChunk) that was not read",
}

#: Version of the JSON output contract (docs/OUTPUT.md), written as ``schema_version``. It
#: changes only when a field changes meaning or goes away; added fields keep it.
SCHEMA_VERSION = "1"


class UnknownKey(KeyError):
    """A table, row or column key that the report does not have.

    A :class:`KeyError` (so ``except KeyError`` keeps working) whose message names the valid
    keys and the closest one: ``report.value("aplications", ...)`` → ``no table
    'aplications' in this 2019 report: did you mean 'applications'? Expected one of ...``.
    """

    def __init__(self, kind: str, key: object, valid: list[str], where: str) -> None:
        self.kind = kind
        self.key = key
        self.valid = valid
        close = difflib.get_close_matches(str(key), valid, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}? " if close else ""
        self.message = (f"no {kind} {key!r} in {where}: {hint}expected one of "
                        f"{', '.join(valid)}")
        super().__init__(self.message)

    def __str__(self) -> str:  # KeyError's own str() would show the message's repr
        return self.message


def _lookup(mapping: dict[str, Any], kind: str, key: str, where: str) -> Any:
    try:
        return mapping[key]
    except (KeyError, TypeError):
        raise UnknownKey(kind, key, list(mapping), where) from None


@attrs.frozen
class Issue:
    """Something doubtful or inconsistent, located as precisely as known.

    ``severity``: ``error`` — a table or cell could not be read (its value is null);
    ``warning`` — read, but doubtful or inconsistent; ``info`` — worth knowing.
    """

    code: str
    severity: Severity
    message: str
    table: str | None = None
    row: str | None = None
    column: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@attrs.frozen
class CellValue:
    """One cell of a statutory table.

    ``value`` is the number (``int`` where the text is an integer) or ``None`` for an empty
    or unreadable cell; ``raw`` the text as read (``""`` for an empty cell, ``None`` when the
    cell was never found); ``unit`` from the cell or its header; ``location`` where it was read.
    """

    value: Number | None
    raw: str | None
    unit: str | None = None
    location: Location | None = None
    #: what the cell held — ``number``, ``empty`` (nothing, ``-``, ``无``…), ``text`` (not a
    #: number: unreadable) or ``missing`` (never found) — set once where the cell is typed, so
    #: the checks need not parse ``raw`` again. Not part of the JSON (it follows from ``value``
    #: and ``raw``), so not of equality; derived from them when not given.
    kind: CellKind = attrs.field(
        default=attrs.Factory(lambda cell: _kind_of(cell.value, cell.raw), takes_self=True),
        eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value, "raw": self.raw, "unit": self.unit}
        if self.location is not None:
            out["source"] = self.location.to_dict()
        return out


def _kind_of(value: Number | None, raw: str | None) -> CellKind:
    """The kind of a cell built by hand (tests, :meth:`Report.from_dict`) from its JSON fields."""
    if value is not None:
        return "number"
    if raw is None:
        return "missing"
    return "text" if parse_value(raw).kind == "text" else "empty"


MISSING = CellValue(None, None, None, None, "missing")


@attrs.frozen
class Table:
    """A statutory table: ``rows[row_key][column_key]`` → :class:`CellValue`.

    Every row and column of the layout is present; indexing works like a mapping:
    ``table["new_received"]["total"].value``.
    """

    key: str
    rows: dict[str, dict[str, CellValue]]
    #: where the table starts in the document; not part of the JSON, so not of equality
    #: (``Report.from_dict(r.to_dict()) == r``)
    location: Location | None = attrs.field(default=None, eq=False)

    def __getitem__(self, row: str) -> dict[str, CellValue]:
        return _lookup(self.rows, "row", row, f"table {self.key!r}")  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[str]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def value(self, row: str, column: str) -> Number | None:
        """The number at ``row`` × ``column``; :class:`UnknownKey` (a ``KeyError``) names the
        valid keys when either is wrong."""
        cells = self[row]
        cell: CellValue = _lookup(cells, "column", column, f"table {self.key!r}")
        return cell.value

    def to_dict(self) -> dict[str, Any]:
        return {r: {c: cell.to_dict() for c, cell in cols.items()} for r, cols in self.rows.items()}


@attrs.frozen
class Source:
    """Where the report came from: ``path`` (``None`` for bytes), the sniffed ``format``
    (``pdf``, ``docx``, ``html``, ``text``) and the ``sha256`` of the bytes."""

    path: str | None
    format: str
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "format": self.format, "sha256": self.sha256}


@attrs.frozen
class Fact:
    """One thing a report says about itself (its title, organ or year), with the text it was
    read from (``evidence``) and where (``location``)."""

    value: str | int
    evidence: str
    location: Location | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value, "evidence": self.evidence}
        if self.location is not None:
            out["source"] = self.location.to_dict()
        return out


@attrs.frozen
class Metadata:
    """What the document says about itself; a part it does not say clearly is ``None``.

    ``title`` — the report's title (…政府信息公开工作年度报告); ``organ`` — the publishing
    organ (发布机构, or the title's organ); ``year`` — the year reported on (from the title or
    the 统计期限), an ``int``.
    """

    title: Fact | None = None
    organ: Fact | None = None
    year: Fact | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: (None if f is None else f.to_dict()) for k, f in
                (("title", self.title), ("organ", self.organ), ("year", self.year))}


@attrs.frozen
class Report:
    """The extracted statutory tables of one annual report.

    ``template`` is ``"2019"`` or ``"2021"``; ``tables`` maps every table key of that layout
    to a :class:`Table`; ``issues`` lists everything doubtful, in the order found.
    """

    source: Source
    template: str
    tables: dict[str, Table]
    issues: tuple[Issue, ...] = ()
    #: title, organ and year as the document states them (``None`` when not read)
    metadata: Metadata | None = None

    def __getitem__(self, table: str) -> Table:
        return _lookup(self.tables, "table", table,  # type: ignore[no-any-return]
                       f"this {self.template} report")

    def value(self, table: str, row: str, column: str) -> Number | None:
        """``report.value("applications", "new_received", "total")`` → the number or None.

        A wrong key raises :class:`UnknownKey` (a ``KeyError``) naming the valid keys and the
        closest one."""
        return self[table].value(row, column)

    def issues_for(self, table: str | None = None, row: str | None = None) -> list[Issue]:
        return [
            i for i in self.issues
            if (table is None or i.table in (None, table)) and (row is None or i.row in (None, row))
        ]

    @property
    def ok(self) -> bool:
        """True when no issue is an error or a warning."""
        return not any(i.severity in ("error", "warning") for i in self.issues)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract (docs/OUTPUT.md); :meth:`from_dict` reads it back."""
        return {
            "schema_version": SCHEMA_VERSION,
            "source": self.source.to_dict(),
            "template": self.template,
            "metadata": None if self.metadata is None else self.metadata.to_dict(),
            "tables": {k: t.to_dict() for k, t in self.tables.items()},
            "issues": [i.to_dict() for i in self.issues],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """A report from :meth:`to_dict`'s output (one object of ``gxtables extract``'s JSON
        or JSONL): ``Report.from_dict(r.to_dict()) == r``. A malformed object raises
        ``ValueError`` naming the field; a newer ``schema_version`` is refused."""
        parts = report_parts(data, schema_version=SCHEMA_VERSION,
                             source_fields=tuple(f.name for f in attrs.fields(Source)))
        tables = {key: Table(key, {row: {col: CellValue(*cell) for col, cell in cols.items()}
                                   for row, cols in rows.items()})
                  for key, rows in parts.tables.items()}
        metadata = None if parts.metadata is None else Metadata(
            *(None if fact is None else Fact(*fact) for fact in parts.metadata))
        return cls(Source(**parts.source), parts.template, tables,
                   tuple(Issue(*issue) for issue in parts.issues),  # type: ignore[arg-type]
                   metadata)

    @classmethod
    def from_json(cls, text: str | bytes) -> Report:
        """:meth:`from_dict` of one JSON object (``gxtables extract FILE`` output)."""
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise ValueError(f"expected one JSON object (gxtables extract output): {exc}") from exc
        return cls.from_dict(data)

    def to_pandas(self, *, wide: bool = False, labels: str = "key",
                  table: str | None = None) -> Any:
        """The report as pandas data (needs pandas: ``pip install ".[pandas]"`` in a clone).

        Long form by default: one row per cell (table, row, column, value, raw, unit, the
        cell's issues and its source). ``wide=True``: ``{table: DataFrame}``, rows × columns
        indexed by keys or, with ``labels="zh"``/``"en"``, the official labels. ``table``
        returns that table's frame alone. See :func:`gxtables.to_pandas`.
        """
        return report_frames(self, wide=wide, labels=labels, table=table)

    def __repr__(self) -> str:
        return report_repr(self)

    def __str__(self) -> str:
        """Every table as text under its official labels, flagged cells marked."""
        return report_text(self)

    def _repr_html_(self) -> str:
        return report_html(self)
