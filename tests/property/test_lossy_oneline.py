"""One-line crawler page text (issue 12): generated reports printed the way a crawler stores
a page — header lines, then the whole body on one line with every cell boundary lost.

Every cell must be right or flagged (0 silent) and the template right; across a fixed
corpus at least 97 % of the cells right (the truth counts a cell the form truly lost as
right when it is flagged: see ``_render.lossy.oneline_truth``). The oracle behind that
truth is tested here too, on hand-built runs.
"""

from __future__ import annotations

import random
import re

import pytest
from _render.layout import LayoutStyle
from _render.lossy import (
    FEW,
    LossyDoc,
    Run,
    corpus,
    oneline_truth,
    realistic_report,
    render_form,
    render_oneline,
    run_readings,
    score_document,
    share_right,
)
from hypothesis import example, given
from hypothesis import strategies as st
from strategies import ExpectedCell, ReportData, templates

from gxtables._templates import LAYOUTS

SHARE = 97.0


def _page(seed: int, template: str, blanks: float, form: str | None = None) -> LossyDoc:
    rng = random.Random(seed)
    form = form or ("oneline_blanks" if blanks else "oneline")
    return render_form(form, realistic_report(rng, template, blanks=blanks), rng)


@FEW
@given(seed=st.integers(0, 2**32 - 1), template=templates(), blanks=st.sampled_from([0.0, 0.7]))
# found by this test: 采购总金额's unit printed in the header (（万元）) was not applied
@example(seed=7593, template="2019", blanks=0.0)
def test_oneline_no_silent_cells(seed: int, template: str, blanks: float) -> None:
    doc = _page(seed, template, blanks)

    s = score_document(doc)

    assert s.silent == 0, "\n".join(s.silent_cells[:20])


@FEW
@given(seed=st.integers(0, 2**32 - 1), template=templates(), blanks=st.sampled_from([0.0, 0.7]))
def test_oneline_template_right(seed: int, template: str, blanks: float) -> None:
    doc = _page(seed, template, blanks)

    s = score_document(doc)

    assert s.template_ok, s.errors


def test_oneline_share_right() -> None:
    assert share_right(corpus("oneline", 12)) >= SHARE


# -- empty cells marked by a no-break space (a Word-made HTML page's &nbsp;) ------------------


@FEW
@given(seed=st.integers(0, 2**32 - 1), template=templates())
def test_oneline_nbsp_no_silent_cells(seed: int, template: str) -> None:
    doc = _page(seed, template, 0.7, "oneline_nbsp")

    s = score_document(doc)

    assert s.silent == 0, "\n".join(s.silent_cells[:20])
    assert s.template_ok, s.errors


def test_oneline_nbsp_share_right() -> None:
    """The no-break spaces say where the empty cells are: as many cells are right as on
    pages that print every cell (before they were read, 80 % were)."""
    assert share_right(corpus("oneline_nbsp", 12)) >= SHARE


# -- the truth oracle, on hand-built runs ---------------------------------------------------


def _report(template: str) -> ReportData:
    return realistic_report(random.Random(7), template, blanks=0.0)


def _with_row(data: ReportData, table: str, row: str, raws: list[str]) -> ReportData:
    cells = {c: ExpectedCell(int(t) if t else None, t, None)
             for c, t in zip(data.tables[table][row], raws, strict=True)}
    tables = {**data.tables, table: {**data.tables[table], row: cells}}
    return ReportData(data.template, tables, data.header_units)


def _keys(data: ReportData, table: str, rows: list[str]) -> tuple[tuple[str, str, str], ...]:
    return tuple((table, r, c) for r in rows for c in data.tables[table][r])


def test_article20_run_without_arithmetic_is_flagged_unless_the_digits_fix_it() -> None:
    data = _with_row(_report("2021"), "article20_1", "normative_documents", ["88", "55", "698"])
    data = _with_row(data, "article20_1", "regulations", ["0", "0", "0"])
    runs = [Run(_keys(data, "article20_1", ["regulations"]), "000"),
            Run(_keys(data, "article20_1", ["normative_documents"]), "8855698")]

    truth = oneline_truth(data, runs)["tables"]["article20_1"]

    assert truth["regulations"] == {c: {"value": 0} for c in ("issued", "repealed", "in_force")}
    assert all(cell["expect"] == "flagged" and cell["value"] is None
               for cell in truth["normative_documents"].values())


def test_row_total_decides_the_issue_example() -> None:
    data = _report("2021")
    keys = _keys(data, "applications", ["new_received"])

    readings = run_readings(data, Run(keys, "640020470"))

    assert [[v for v, _ in r] for r in readings] == [[64, 0, 0, 2, 0, 4, 70]]


def test_review_block_sums_decide_the_real_sample() -> None:
    data = _report("2021")
    keys = _keys(data, "review_litigation", ["review", "litigation_direct",
                                             "litigation_after_review"])
    printed = [0, 1, 1, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]

    glued = run_readings(data, Run(keys, "011021000100000"))
    spaced = run_readings(data, Run(keys, " ".join(map(str, printed))))

    assert [[v for v, _ in r] for r in spaced] == [printed]
    assert [[v for v, _ in r] for r in glued] == [printed]


def test_a_vanished_blank_among_zeros_is_lost() -> None:
    data = _with_row(_report("2021"), "applications", "denied_state_secret",
                     ["0", "", "0", "0", "0", "0", "0"])
    keys = _keys(data, "applications", ["denied_state_secret"])

    readings = run_readings(data, Run(keys, "000000"))

    # the empty cell could be any of the seven
    assert len(readings) == 7
    assert {r.index((None, None)) for r in readings} == set(range(7))


def test_a_no_break_space_is_an_empty_cell_of_its_own() -> None:
    # 上海 2019: 5, 2 and 7 (维持, 尚未审结, 总计) in the first block, 8, 1, 9 in the second,
    # the third block empty, each empty cell printed as one &nbsp;
    data = _report("2019")
    keys = _keys(data, "review_litigation", ["review", "litigation_direct",
                                             "litigation_after_review"])
    nb = "\u00a0"

    readings = run_readings(data, Run(keys, f"5{nb * 2}278{nb * 2}19{nb * 5}",
                                      explicit_blanks=True))

    assert [[v for v, _ in r] for r in readings] == [
        [5, None, None, 2, 7, 8, None, None, 1, 9, None, None, None, None, None]]


def test_a_space_is_a_cell_boundary() -> None:
    data = _report("2021")
    keys = _keys(data, "article20_6", ["penalty"])

    assert [[v for v, _ in r] for r in run_readings(data, Run(keys, "12"))] == [[12]]
    assert run_readings(data, Run(keys, "1 2")) == []


#: Rows of the real one-line page shared/samples/pingtan-2022-txt/page.txt (2021 layout),
#: with the values its published HTML tables hold.
PINGTAN_ROWS = [
    ("new_received", "713000074", [71, 3, 0, 0, 0, 0, 74]),
    ("carried_over", "1000001", [1, 0, 0, 0, 0, 0, 1]),
    ("granted", "210000021", [21, 0, 0, 0, 0, 0, 21]),
    ("partially_granted", "8100009", [8, 1, 0, 0, 0, 0, 9]),
    ("denied_state_secret", "0000000", [0] * 7),
    ("denied_internal_affairs", "1000001", [1, 0, 0, 0, 0, 0, 1]),
    ("unavailable_not_held", "370000037", [37, 0, 0, 0, 0, 0, 37]),
    ("other_no_correction", "2000002", [2, 0, 0, 0, 0, 0, 2]),
    ("other_other", "0200002", [0, 2, 0, 0, 0, 0, 2]),
    ("total_handled", "723000075", [72, 3, 0, 0, 0, 0, 75]),
]


@pytest.mark.parametrize(("row", "digits", "values"), PINGTAN_ROWS)
def test_real_page_rows_have_one_reading(row: str, digits: str, values: list[int]) -> None:
    data = _report("2021")
    keys = _keys(data, "applications", [row])

    readings = run_readings(data, Run(keys, digits))

    assert [[v for v, _ in r] for r in readings] == [values]


def _brute_force(digits: str, n: int, blanks: bool) -> list[list[int | None]]:
    """Every cut of ``digits`` into ``n`` counts (no leading zeros, ``0`` alone, an empty
    cell only when ``blanks``) whose last is the sum of the six before it — by listing
    every cut, with none of the oracle's pruning."""
    out: list[list[int | None]] = []

    def cuts(rest: str, k: int) -> list[list[str]]:
        if k == 0:
            return [[]] if not rest else []
        found = []
        for i in range(len(rest) + 1):
            head = rest[:i]
            if (head == "" and not blanks) or (len(head) > 1 and head[0] == "0"):
                continue
            found += [[head, *tail] for tail in cuts(rest[i:], k - 1)]
        return found

    for tokens in cuts(digits, n):
        values = [int(t) if t else None for t in tokens]
        if sum(v or 0 for v in values[:6]) == (values[6] or 0):
            out.append(values)
    return out


@given(cells=st.lists(st.sampled_from([0, 0, 0, 1, 2, 3, 10, 21, None]), min_size=6,
                      max_size=6))
def test_row_readings_match_a_brute_force_listing(cells: list[int | None]) -> None:
    total = sum(c or 0 for c in cells)
    raws = ["" if c is None else str(c) for c in [*cells, total]]
    data = _with_row(_report("2021"), "applications", "granted", raws)
    blanks = any(r == "" for r in raws)
    keys = _keys(data, "applications", ["granted"])

    readings = run_readings(data, Run(keys, "".join(raws)), blanks=blanks)

    got = sorted([[v for v, _ in r] for r in readings], key=repr)
    assert got == sorted(_brute_force("".join(raws), 7, blanks), key=repr)
    assert [int(r) if r else None for r in raws] in got


def test_oneline_page_shape() -> None:
    """Header lines, then the body on one line holding the prose, every row label and the
    review values; at least one application row's digits glued to its label."""
    rng = random.Random(4)
    data = realistic_report(rng, "2021", blanks=0.0)
    text, runs = render_oneline(data, LayoutStyle(), rng)

    lines = text.strip().split("\n")
    assert 2 <= len(lines) <= 8
    assert any(line.startswith("标题: ") for line in lines[:-1])
    body = lines[-1].replace(" ", "")
    for row in LAYOUTS["2021"].table("applications").rows:
        assert row.label.replace(" ", "") in body, row.label
    assert re.search(r"[\u4e00-\u9fff]\d{3,}", lines[-1])  # 一、…申请数量713000074
    assert "本机关" in body and "2022年" in body
    review = [r for r in runs if r.keys[0][0] == "review_litigation"]
    assert len(review) == 1 and len(review[0].keys) == 15
