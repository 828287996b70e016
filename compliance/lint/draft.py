"""The draft submission ``compliance lint --extract`` builds (:class:`Draft`) and its YAML, each value
with the sentence it came from written above it as a comment."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from compliance.lint.model import Place
from compliance.model.submission import TO_FILL


@dataclass
class Draft:
    """A draft submission: ``data`` (plain YAML-ready mapping), ``sources`` (dotted path → (sentence,
    place)), ``unmapped`` (sentences with figures left for a person), ``to_fill`` (fields to fill),
    ``notes`` (guesses made), ``comments`` (dotted path → a note written above the value)."""

    data: dict
    sources: dict[str, tuple[str, Place]] = field(default_factory=dict)
    unmapped: list[tuple[str, Place]] = field(default_factory=list)
    to_fill: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    comments: dict[str, str] = field(default_factory=dict)


def _dump(value, flow: bool = True) -> str:
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow, sort_keys=False, width=100000).strip()
    return re.sub(r"\n\.\.\.$", "", text)


def _comment(text: str) -> str:
    return "# " + re.sub(r"\s+", " ", text).strip()


def draft_yaml(draft: Draft, source_name: str) -> str:
    """The draft as YAML text with a comment above each value naming the sentence it came from."""
    lines = [f"# Bản nháp submission tạo bởi `compliance lint --extract` từ {source_name}.",
             "# Draft submission made by `compliance lint --extract`; each value has its source sentence above it.",
             f"# Giá trị \"{TO_FILL}\" phải do người điền / values marked \"{TO_FILL}\" are for a person to fill.", ""]

    last = [""]

    def src(path: str, indent: str) -> None:
        if path in draft.comments:
            lines.append(indent + _comment(draft.comments[path]))
        if path in draft.sources:
            sentence, place = draft.sources[path]
            note = _comment(f"«{sentence[:240]}» ({place.label('vi')})")
            lines.append(indent + (note if note != last[0] else "# (cùng câu trên / same sentence)"))
            last[0] = note

    for key, value in draft.data.items():
        if key == "agency":
            lines.append("agency:")
            for k, v in value.items():
                src(f"agency.{k}", "  ")
                lines.append(f"  {k}: {_dump(v)}")
        elif key in ("documents", "late_dossiers"):
            lines.append(f"{key}:" if value else f"{key}: []")
            for i, item in enumerate(value):
                src(f"{key}[{i}]", "  ")
                lines.append("  - " + _dump(item))
        elif key == "dossiers":
            lines.append("dossiers:")
            for k, v in value.items():
                if isinstance(v, dict) and k != "period":
                    lines.append(f"  {k}:")
                    for kk, vv in v.items():
                        src(f"dossiers.{k}.{kk}", "    ")
                        lines.append(f"    {kk}: {_dump(vv)}")
                else:
                    lines.append(f"  {k}: {_dump(v)}")
        elif key == "figures":
            lines.append("figures:")
            for k, v in value.items():
                src(f"figures.{k}", "  ")
                lines.append(f"  {k}: {_dump(v)}")
        elif key == "plans":
            lines.append("plans:")
            for p, plan in enumerate(value):
                head = {k: v for k, v in plan.items() if k != "tasks"}
                lines.append("  - " + _dump(head, False).replace("\n", "\n    "))
                lines.append("    tasks:")
                for t, task in enumerate(plan["tasks"]):
                    src(f"plans[{p}].tasks[{t}]", "      ")
                    lines.append("      - " + _dump(task))
        else:
            lines.append(_dump({key: value}, False))
        lines.append("")
    if draft.to_fill:
        lines.append("# CẦN ĐIỀN / TO FILL:")
        lines += ["#   - " + x for x in draft.to_fill]
    if draft.unmapped:
        lines.append("# CHƯA ÁNH XẠ (số liệu chưa đưa vào bản nháp, người lập xem và điền nếu cần) / NOT MAPPED:")
        lines += ["#   - " + _comment(f"«{s[:200]}» ({p.label('vi')})")[2:] for s, p in draft.unmapped]
    return "\n".join(lines) + "\n"


def write_draft(draft: Draft, path: str | Path, source_name: str) -> None:
    """Write the draft's YAML to ``path`` atomically (nothing half-written on failure)."""
    from compliance.io.files import atomic_write

    with atomic_write(path, "w") as fh:
        fh.write(draft_yaml(draft, source_name))
