from sigap.services.models.request import (
    Channel,
    ReportService,
    RequestDocument,
    ServiceRequest,
    ServiceRequestEvent,
)
from sigap.services.models.service import STANDARD_COMPONENTS, Service, ServiceStandardVersion

__all__ = [
    "STANDARD_COMPONENTS", "Channel", "ReportService", "RequestDocument", "Service", "ServiceRequest",
    "ServiceRequestEvent", "ServiceStandardVersion",
]
