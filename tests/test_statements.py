"""Counts the report's prose states, choosing among the splits of a 第二十条 row run together
(a table with no arithmetic): ``_statements``."""

from __future__ import annotations

from pathlib import Path

import gxtables
from gxtables._statements import read_statements
from gxtables._templates import LAYOUTS

FIXTURES = Path(__file__).parent / "fixtures"


def _stated(text: str, layout: str = "2021") -> set[tuple[str, str, int]]:
    return {(s.row, s.column, s.value) for s in read_statements([text], LAYOUTS[layout])}


def test_a_clause_naming_the_row_before_a_count_pins_the_verbs_column() -> None:
    assert _stated("我局废止规范性文件6件，制定规范性文件15件。") == {
        ("normative_documents", "repealed", 6), ("normative_documents", "issued", 15)}
    assert _stated("集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件。") == {
        ("normative_documents", "in_force", 698), ("normative_documents", "issued", 88)}


def test_a_clause_with_no_verb_continues_the_one_before() -> None:
    assert _stated("主动公开规章13件，行政规范性文件60件。", "2019") == {
        ("regulations", "published", 13), ("normative_documents", "published", 60)}


def test_a_clause_with_no_row_word_continues_the_row_before() -> None:
    assert _stated("本年度制发规范性文件34件，现行有效件数424件。") == {
        ("normative_documents", "issued", 34), ("normative_documents", "in_force", 424)}


def test_unclear_or_contradicting_statements_pin_nothing() -> None:
    assert _stated("制定并废止规范性文件3件。") == set()  # two columns' verbs
    assert _stated("发布规范性文件15件。另，制定规范性文件16件。") == set()  # 15 or 16
    assert _stated("完善各项规章制度。") == set()  # no count
    assert _stated("制定规范性文件十五件。") == set()  # not in digits


def test_a_real_page_whose_prose_states_the_counts_reads_the_row() -> None:
    """平潭 2022: ``行政规范性文件8855698`` splits 36 ways; the prose says 现行有效…698件 and
    制发的…88件, so only 88 / 55 / 698 agrees. Read, with a warning on each cell."""
    report = gxtables.extract(FIXTURES / "samples" / "pingtan-2022" / "page.txt")
    row = report["article20_1"]["normative_documents"]
    assert [row[c].value for c in ("issued", "repealed", "in_force")] == [88, 55, 698]
    stated = report.issues_for("article20_1", "normative_documents")
    assert {i.code for i in stated} == {"inferred_value"}
    assert all(i.severity == "warning" and "text states" in i.message for i in stated)


def test_prose_that_contradicts_every_split_decides_nothing() -> None:
    text = (FIXTURES / "samples" / "pingtan-2022" / "page.txt").read_text(encoding="utf-8")
    report = gxtables.extract(text.replace("规范性文件88件", "规范性文件87件").encode("utf-8"))
    row = report["article20_1"]["normative_documents"]
    assert [row[c].value for c in ("issued", "repealed", "in_force")] == [None] * 3


def test_a_clause_with_another_verb_does_not_go_on_with_the_one_before() -> None:
    assert _stated("本年度制定规章2件，清理规范性文件30件。") == {("regulations", "issued", 2)}


def test_a_long_run_with_no_punctuation_states_nothing_and_stays_linear() -> None:
    assert _stated("规范性文件" + "制发" * 20000 + "规范性文件15件") == set()
