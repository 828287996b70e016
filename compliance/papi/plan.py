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

from pydantic import PrivateAttr, field_validator, model_validator

from compliance.errors import InputError
from compliance.i18n import M
from compliance.io.yamlio import load_located
from compliance.model.base import Strict
from compliance.papi.provinces import find_province, province_label
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

    # where the plan was read: (file, "line N, province") for messages about the plan's province
    _source: Path | None = PrivateAttr(default=None)
    _province_where: str | None = PrivateAttr(default=None)

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
    """Read a plan YAML; bad input → :class:`InputError` naming the line and the key path.

    The plan remembers its file and the line of ``province:`` so that a profile of another province
    can name them (:func:`check_plan_province`).
    """
    plan, locator = load_located(path, Plan)
    plan._source = Path(path)
    plan._province_where = locator.where(("province",))
    return plan


def check_plan_province(plan: Plan, slug: str) -> None:
    """Refuse a plan written for another province than ``slug`` (the province being profiled).

    A plan without ``province:`` is accepted as is. Raises :class:`InputError` naming the plan file
    and the line of ``province:`` (exit 2): showing Hà Nội's tasks as Đắk Nông's would mislead.
    """
    if plan.province is None or plan.province == slug:
        return
    raise InputError(plan._source or "plan", M("the plan is for {value} ({province}), not for {value2} ({slug}), the province profiled; give that province's plan or profile the plan's province", value=province_label(plan.province, 'vi'), province=plan.province, value2=province_label(slug, 'vi'), slug=slug), plan._province_where)
