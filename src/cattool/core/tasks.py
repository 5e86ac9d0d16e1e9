"""Tasks: a checklist per stage (resources/tasks.toml), editable, with due dates linked to
computed deadlines so a task moves when the law's date does."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from cattool.core.changes import Changes, audit
from cattool.core.editing import clean_fields
from cattool.core.model import Task
from cattool.core.paths import resources_dir
from cattool.core.rules.engine import Deadline
from cattool.core.services import get_case


@dataclass(frozen=True, slots=True)
class TaskTemplate:
    stage: str
    title: str
    deadline: str = ""


@cache
def task_templates() -> dict[str, list[TaskTemplate]]:
    with open(resources_dir() / "tasks.toml", "rb") as handle:
        data = tomllib.load(handle)["stage"]
    return {
        stage: [TaskTemplate(stage, item["title"], item.get("deadline", "")) for item in items]
        for stage, items in data.items()
    }


def add_task(
    session: Session,
    case_id: int,
    title: str,
    *,
    today: dt.date,
    stage: str = "",
    due_date: dt.date | None = None,
    deadline_key: str = "",
    note: str = "",
) -> Changes:
    fields = clean_fields(
        "task",
        {
            "title": title,
            "stage": stage,
            "due_date": due_date,
            "deadline_key": deadline_key,
            "note": note,
        },
        today,
    )
    case = get_case(session, case_id)
    task = Task(case_id=case.id, **fields)
    session.add(task)
    session.flush()
    audit(session, "create", "task", task.id, case.id, after={"title": task.title})
    return Changes(frozenset({case.id}), frozenset({"task"}), task.id)


def prefill_stage_tasks(session: Session, case_id: int, stage: str, *, today: dt.date) -> Changes:
    """Add the stage's checklist, skipping any task with the same title already there."""
    case = get_case(session, case_id)
    existing = set(session.scalars(select(Task.title).where(Task.case_id == case.id)))
    changes = Changes(frozenset({case.id}), frozenset({"task"}))
    for template in task_templates().get(stage, []):
        if template.title not in existing:
            changes |= add_task(
                session,
                case.id,
                template.title,
                today=today,
                stage=stage,
                deadline_key=template.deadline,
            )
    return changes


def due_date(task: Task, deadlines: list[Deadline]) -> dt.date | None:
    """A task's due date: its own, else the date of the deadline it is linked to."""
    if task.due_date is not None:
        return task.due_date
    for deadline in deadlines:
        if deadline.key == task.deadline_key:
            return deadline.date
    return None
