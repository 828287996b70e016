"""A province's PAPI improvement plan (Kế hoạch cải thiện, nâng cao Chỉ số PAPI) as YAML.

Format (strict: an unknown or misspelt key is an error naming its line)::

    province: dak-nong                      # optional: slug or name
    year: 2020                              # optional: the plan's year
    title: "Kế hoạch số 46/QĐ-UBND ngày 10/01/2020 …"   # optional: the plan as cited
    source: "Báo cáo … mục IV"              # optional: where the tasks were read
    tasks:
      - id: papi-1                          # unique within the plan
        dimension: vertical_accountability  # a PAPI dimension key (any era)
        heading: "Trách nhiệm giải trình với nhân dân"   # optional: the plan's own heading, as written
        task: "Nâng cao sự hài lòng …"      # the task as written
        result: "Thường xuyên nhắc nhở …"   # the reported result as written (optional)
        state: done                         # done / in_progress / not_done / unknown
        reason: "…"                          # why this state was chosen (optional)

Field names match the submission model's PAPI plan tasks (id, dimension, task, result, state, reason).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import field_validator, model_validator

from compliance.intake.yamlio import load_model
from compliance.model.base import Strict
from compliance.papi.provinces import find_province
from compliance.papi.structure import all_dimension_keys, dimension_key_from_name
from compliance.vocab import TaskState


class PlanTask(Strict):
    """One plan task: ``dimension`` is a PAPI dimension key; ``heading``/``task``/``result`` kept as written."""

    id: str
    dimension: str
    heading: str | None = None
    task: str
    result: str | None = None
    state: TaskState
    reason: str | None = None

    @field_validator("dimension")
    @classmethod
    def _known_dimension(cls, v: str) -> str:
        keys = all_dimension_keys()
        if v in keys:
            return v
        guess = dimension_key_from_name(v)
        hint = f"; '{v}' names the dimension '{guess}', write that key" if guess else ""
        raise ValueError(f"unknown PAPI dimension '{v}' (keys: {', '.join(keys)}){hint}")

    @field_validator("task")
    @classmethod
    def _task_text(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("task text is empty")
        return v


class Plan(Strict):
    """A PAPI improvement plan: optional province, year, title and source; the tasks."""

    province: str | None = None
    year: int | None = None
    title: str | None = None
    source: str | None = None
    tasks: list[PlanTask]

    @field_validator("province")
    @classmethod
    def _province(cls, v: str | None) -> str | None:
        if v is None:
            return v
        slug = find_province(v)
        if slug is None:
            raise ValueError(f"unknown province '{v}'")
        return slug

    @model_validator(mode="after")
    def _unique_ids(self) -> "Plan":
        seen: set[str] = set()
        for t in self.tasks:
            if t.id in seen:
                raise ValueError(f"task id '{t.id}' is given twice")
            seen.add(t.id)
        return self


def load_plan(path: str | Path) -> Plan:
    """Read a plan YAML; bad input → :class:`InputError` naming the line and the key path."""
    return load_model(path, Plan)
