from django.apps import AppConfig


class SyntheticConfig(AppConfig):
    name = "benchmarks.synthetic"
    label = "synthetic"
    verbose_name = "Synthetic benchmark data"
