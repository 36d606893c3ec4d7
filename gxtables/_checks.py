"""Consistency checks over a typed report (placeholder until the checks module lands)."""

from __future__ import annotations

from ._records import Issue, Report

__all__ = ["check_report"]


def check_report(report: Report) -> list[Issue]:
    return []
