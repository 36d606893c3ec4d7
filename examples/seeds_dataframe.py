"""Load the five seed reports into one DataFrame and show the inconsistent ones.

    pip install ".[pandas]"          # in the gxtables clone
    python examples/seeds_dataframe.py
"""

from __future__ import annotations

from pathlib import Path

import gxtables

SEEDS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seeds"


def main() -> None:
    reports = [gxtables.extract(path) for path in sorted(SEEDS.glob("*.txt"))]
    cells = gxtables.to_pandas(reports)  # long form: one row per cell, every report
    print(f"{len(reports)} reports, {len(cells)} cells")

    # the applications table of every report side by side (rows × report)
    totals = cells[(cells.table == "applications") & (cells.column == "total")]
    print(totals.pivot(index="row", columns="report", values="value").head(4), "\n")

    # the cells some consistency rule flags, and the reports they belong to
    flagged = cells[cells.issues.str.contains("mismatch")]
    print(flagged[["source_path", "row", "column", "value", "issues"]].to_string(), "\n")

    for report in reports:
        if any(i.code.endswith("mismatch") for i in report.issues):
            print(repr(report))
            for issue in report.issues:
                print(f"  {issue.severity:8} {issue.code:20} {issue.message}")

    # consecutive years of one organ would be compared like this:
    print(gxtables.compare(reports[0], reports[3])[0].message)


if __name__ == "__main__":
    main()
