from django.db import migrations


def create_default(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("chain", "ChainPolicy").objects.get_or_create(
        name="default", defaults={"remind_after_minutes": 120, "escalate_after_minutes": 240}
    )


class Migration(migrations.Migration):
    dependencies = [("chain", "0001_initial")]
    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
