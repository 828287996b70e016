"""Test helper: a draft of ``compliance lint --extract`` completed the way an office completes it."""

from __future__ import annotations


def filled(text: str, code: str) -> str:
    """The draft's YAML ``text`` as a person completes it (as QA8 did): the agency's ``code`` given, every
    document the report is silent on deleted (none was issued), a date the report does not give deleted
    (not known)."""
    text = text.replace("code: CẦN-ĐIỀN", f"code: {code}").replace(", date: CẦN-ĐIỀN}", "}")
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("- {number: CẦN-ĐIỀN")) + "\n"
