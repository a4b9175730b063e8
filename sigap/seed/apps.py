from django.apps import AppConfig


class SeedConfig(AppConfig):
    """The top floor beside `config`: reference and demo data for every app, so no lower app has to know them all.

    It has no models and nothing a person sees, so it needs no verbose name to translate.
    """

    name = "sigap.seed"
    label = "seed"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from sigap.seed import checks  # noqa: F401 - registers the demo-password deployment check
