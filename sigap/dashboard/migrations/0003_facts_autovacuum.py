"""PostgreSQL only: vacuum the facts after every few thousand rewrites instead of after 20% of the table.

The dashboard reads facts through index-only scans (the edges of a period, the open facts), which stay index-only
only while the visibility map is fresh; with the default scale factor a table of a million facts would wait for
200,000 rewrites — weeks of events — between vacuums.
"""

from typing import Any

from django.db import migrations

SETTINGS = ("autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000, "
            "autovacuum_analyze_scale_factor = 0.02")
RESET = "autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold, autovacuum_analyze_scale_factor"


def tune(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE dashboard_reportfact SET ({SETTINGS})")


def untune(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE dashboard_reportfact RESET ({RESET})")


class Migration(migrations.Migration):

    dependencies = [("dashboard", "0002_rollups_and_safe_watermark")]

    operations = [migrations.RunPython(tune, untune)]
