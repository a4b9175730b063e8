"""One log line per task, carrying the id of the request that enqueued it.

The request id rides in the task row itself: when a task row is first saved while a request (or a task) is being
served, its id is added to the row's `args_kwargs` JSON next to "args" and "kwargs", which django-tasks-db reads by
name and leaves alone otherwise. Every enqueue in the code base passes through that save, so no call site changes.
The worker binds the id while the task runs, so the tasks it enqueues carry it on, and the finished line says it.
django-tasks' own "Task id=… state=…" lines (two per task) are replaced by this one.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
from contextvars import Token
from typing import Any

from django.db.models.signals import pre_save
from django_tasks_db.compat import TASKS_LOGGER, TaskResultStatus
from django_tasks_db.compat import BaseTaskResult as TaskResult
from django_tasks_db.compat import task_finished as task_finished_signal
from django_tasks_db.compat import task_started as task_started_signal
from django_tasks_db.models import DBTaskResult

from sigap.monitoring import context

logger = logging.getLogger("sigap.task")
REQUEST_ID_KEY = "sigap_request_id"
_bound: dict[str, Token[str | None]] = {}


def stamp_request_id(sender: Any, instance: DBTaskResult, **kwargs: Any) -> None:
    request_id = context.current()
    if request_id and instance._state.adding and isinstance(instance.args_kwargs, dict):
        instance.args_kwargs = {**instance.args_kwargs, REQUEST_ID_KEY: request_id}


def _row_request_id(task_result: TaskResult[Any, Any]) -> str | None:
    row = getattr(task_result, "db_result", None)
    value = row.args_kwargs.get(REQUEST_ID_KEY) if row is not None and isinstance(row.args_kwargs, dict) else None
    return str(value) if value else None


def task_started(sender: Any, task_result: TaskResult[Any, Any], **kwargs: Any) -> None:
    _bound[str(task_result.id)] = context.bind(_row_request_id(task_result))


def task_finished(sender: Any, task_result: TaskResult[Any, Any], **kwargs: Any) -> None:
    task_id = str(task_result.id)
    started, finished = task_result.started_at, task_result.finished_at
    duration_ms = round((finished - started).total_seconds() * 1000, 1) if started and finished else None
    outcome = "failed" if task_result.status == TaskResultStatus.FAILED else "successful"
    name = task_result.task.module_path
    fields: dict[str, Any] = {"kind": "task", "task": name, "task_id": task_id, "outcome": outcome,
                              "duration_ms": duration_ms}
    request_id = _row_request_id(task_result)
    if request_id:
        fields["request_id"] = request_id
    if outcome == "failed":
        # The class only: the traceback (with the error's message) stays in the task row, seen in the admin.
        fields["error"] = task_result.errors[-1].exception_class_path if task_result.errors else ""
    logger.log(logging.ERROR if outcome == "failed" else logging.INFO, "task %s %s %s ms", name, outcome,
               duration_ms, extra={"sigap": fields})
    token = _bound.pop(task_id, None)
    if token is not None:
        with contextlib.suppress(ValueError):  # bound in another context (not in db_worker: it runs tasks inline)
            context.reset(token)


def connect() -> None:
    pre_save.connect(stamp_request_id, sender=DBTaskResult, dispatch_uid="sigap.monitoring.stamp_request_id")
    # Django's own tasks framework when it has one (6.0), else the django-tasks backport: the same signals.
    defaults = importlib.import_module(f"{TASKS_LOGGER}.signals")
    task_started_signal.disconnect(getattr(defaults, "log_task_started", None))
    task_finished_signal.disconnect(getattr(defaults, "log_task_finished", None))
    task_started_signal.connect(task_started, dispatch_uid="sigap.monitoring.task_started")
    task_finished_signal.connect(task_finished, dispatch_uid="sigap.monitoring.task_finished")
