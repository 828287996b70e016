"""The README shows what the product prints: the header and formula lines of `make demo`'s output, as the
README quotes them, are lines of `compliance check samples/daknong-vpubnd-2020` (Vietnamese, the default)."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from compliance.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def quoted_demo_lines() -> list[str]:
    """The README's first fenced block: its lines that are whole lines of output (table rows are cut with …)."""
    block = re.search(r"```\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S).group(1)
    return [line for line in block.splitlines() if line.strip() and "…" not in line and "  " not in line.strip()]


def test_the_readme_quotes_the_demo_as_it_prints():
    lines = quoted_demo_lines()
    assert lines[0].startswith("Cơ quan: Văn phòng UBND tỉnh Đắk Nông") and len(lines) >= 8
    assert any(line.startswith("Chỉ số: 39,97 %") for line in lines)
    result = CliRunner().invoke(cli, ["check", str(ROOT / "samples" / "daknong-vpubnd-2020"), "--lang", "vi"])
    printed = set(result.output.splitlines())
    assert result.exit_code in (0, 1), result.output
    assert [line for line in lines if line not in printed] == []
