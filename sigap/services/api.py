"""Public JSON for services: the catalogue with each public standard, and the public view of a request."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from sigap.core.timefmt import iso_local
from sigap.services.access import get_public_request, get_public_service, public_services
from sigap.services.models import Service
from sigap.services.queries import public_timeline

router = Router(tags=["services"])


class ServiceOut(Schema):
    code: str
    name: str
    unit: str | None
    offered_by_every_kelurahan: bool
    requirements: list[str]
    procedure: str
    completion: str
    cost: str
    product: str
    complaint_handling: str


class StepOut(Schema):
    at: str
    status: str
    note: str


class RequestPublicOut(Schema):
    tracking_id: str
    service: str
    unit: str
    status: str
    status_label: str
    promised_at: str | None
    missing_items: list[str]
    timeline: list[StepOut]


def _service(service: Service) -> ServiceOut:
    return ServiceOut(code=service.code, name=service.name, unit=service.unit.code if service.unit else None,
                      offered_by_every_kelurahan=service.offered_by_every_kelurahan,
                      requirements=service.requirement_items(), procedure=service.procedure,
                      completion=service.completion, cost=service.cost, product=service.product,
                      complaint_handling=service.complaint_handling)


@router.get("/services", response=list[ServiceOut], summary="The service catalogue with the public standards")
def list_services(request: HttpRequest) -> list[ServiceOut]:
    return [_service(service) for service in public_services()]


@router.get("/services/{code}", response=ServiceOut, summary="One service and its public standard")
def get_service(request: HttpRequest, code: str) -> ServiceOut:
    return _service(get_public_service(code))


@router.get("/service-requests/{tracking_id}", response=RequestPublicOut,
            summary="The public view of a service request (no applicant data)")
def get_service_request(request: HttpRequest, tracking_id: str) -> RequestPublicOut:
    found = get_public_request(tracking_id)  # NotFound becomes the API's 404 error list
    return RequestPublicOut(
        tracking_id=found.tracking_id, service=found.service.code, unit=found.unit.code, status=found.status,
        status_label=found.status_label, promised_at=iso_local(found.promised_at),
        missing_items=list(found.missing_items),
        timeline=[StepOut(at=iso_local(entry["at"]) or "", status=entry["status_label"], note=entry["note"])
                  for entry in public_timeline(found)],
    )
