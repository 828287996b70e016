"""The README shows what the product prints: the whole lines it quotes from `make demo` (the 2026 ward) and from
the 2020 seed report are lines of `compliance check` on those samples (Vietnamese, the default)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def quoted_blocks() -> list[list[str]]:
    """The README's fenced blocks without a language: their lines that are whole lines of output (table rows,
    cut with …, are left out)."""
    blocks = re.findall(r"```\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    return [[line for line in block.splitlines() if line.strip() and "…" not in line and "  " not in line.strip()]
            for block in blocks]


@pytest.mark.parametrize("n, sample, index", [(0, "phuong-bac-gia-nghia-2026", "63,85 %"),
                                              (1, "daknong-vpubnd-2020", "39,97 %")])
def test_the_readme_quotes_the_samples_as_they_print(n, sample, index):
    lines = quoted_blocks()[n]
    assert any(line.startswith(f"Chỉ số: {index}") for line in lines) and len(lines) >= 3
    result = CliRunner().invoke(cli, ["check", str(ROOT / "samples" / sample), "--lang", "vi"])
    assert result.exit_code in (0, 1), result.output
    printed = set(result.output.splitlines())
    assert [line for line in lines if line not in printed] == []
