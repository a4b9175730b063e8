from sigap.reports.models.category import Category
from sigap.reports.models.intake_key import IntakeKey
from sigap.reports.models.report import (
    Channel,
    Kind,
    Materi,
    PhotoKind,
    Report,
    ReportEvent,
    ReportFollower,
    ReportPhoto,
    SupportingUnit,
)

__all__ = [
    "Category",
    "Channel",
    "IntakeKey",
    "Kind",
    "Materi",
    "PhotoKind",
    "Report",
    "ReportEvent",
    "ReportFollower",
    "ReportPhoto",
    "SupportingUnit",
]
