"""Make samples/forms/daknong-vpubnd-2020.xlsx: the Excel form filled with the seed report's figures.

The figures are those of samples/daknong-vpubnd-2020/submission.yaml (the 2020 report of the Office
of the People's Committee of Đắk Nông), written into the form that `compliance template` produces.
`compliance check samples/forms/daknong-vpubnd-2020.xlsx` then gives the same scorecard as the YAML
sample (tests/test_xlsx_form.py asserts it). Run: .venv/bin/python samples/forms/make_form.py
"""

from __future__ import annotations

from pathlib import Path

from compliance.catalog import select_edition
from compliance.intake.submission import load_submission
from compliance.template import write_template

HERE = Path(__file__).resolve().parent
SEED = HERE.parent / "daknong-vpubnd-2020"
OUT = HERE / "daknong-vpubnd-2020.xlsx"


def main() -> None:
    submission = load_submission(SEED).submission
    edition, _ = select_edition(submission, None)
    write_template(OUT, edition, submission)
    print(f"written {OUT.relative_to(HERE.parent.parent)} ({edition.id})")


if __name__ == "__main__":
    main()
