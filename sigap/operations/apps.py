from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """No models and no pages (hence no translated name): two management commands for the city's operators."""

    name = "sigap.operations"
    label = "operations"
