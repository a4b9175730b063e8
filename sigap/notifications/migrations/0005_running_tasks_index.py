"""An index for the task-claims sweep (sigap.core.task_claims), which runs every minute.

The sweep looks for RUNNING task rows older than the claim timeout. django-tasks-db indexes only READY rows, and
finished rows pile up until pruned, so without this the sweep would read the whole table every minute. A partial
index holds only the few rows being run (PostgreSQL and SQLite both support it); it lives here, with the recurring
sweeps, because the task table belongs to a third-party app.
"""

from django.db import migrations

TABLE = "django_tasks_database_dbtaskresult"


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0004_outbox_sending_state"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS sigap_task_running_idx ON {TABLE} (started_at) WHERE status = 'RUNNING'",
            "DROP INDEX IF EXISTS sigap_task_running_idx",
        ),
    ]
