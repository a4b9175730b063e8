"""Schemas of the public JSON API: every field documented, every limit declared (clients and fuzzers read them)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from ninja import Schema
from pydantic import Field

KindName = Literal["pengaduan", "aspirasi", "permintaan_informasi"]


class ErrorItem(Schema):
    field: str | None = Field(None, description="The input field at fault (dotted path), or null.")
    code: str = Field(..., description="Machine-readable reason, e.g. required, too_long, unknown_category.")
    message: str = Field(..., description="What is wrong, for a person, in the request's language.")


class ErrorsOut(Schema):
    errors: list[ErrorItem] = Field(..., description="Everything that is wrong; nothing was changed.")


class LocationIn(Schema):
    kelurahan: str | None = Field(None, max_length=40, description="Kemendagri code of the kelurahan, "
                                  "e.g. 74.72.06.1007 (see GET /wilayah).")
    rw: str | None = Field(None, max_length=40, description="RW code (74.72.06.1007/RW001) or number (1).")
    rt: str | None = Field(None, max_length=40, description="RT code or number within the RW.")
    address: str | None = Field(None, max_length=300, description="Street, landmark or house number.")
    lat: float | None = Field(None, ge=-90, le=90, description="Latitude (WGS84); give lng with it.")
    lng: float | None = Field(None, ge=-180, le=180, description="Longitude (WGS84); give lat with it.")


class ReporterIn(Schema):
    name: str | None = Field(None, max_length=120, description="Reporter's name (never shown when anonim).")
    phone: str | None = Field(None, max_length=30, description="WhatsApp number; normalised to +62.")
    email: str | None = Field(None, max_length=200, description="Email address for notifications.")


class ReportIn(Schema):
    kind: KindName = Field(..., description="pengaduan (complaint), aspirasi (suggestion) or "
                           "permintaan_informasi (information request).")
    category: str = Field(..., min_length=1, max_length=40, description="Category code (see GET /categories).")
    title: str = Field(..., min_length=1, max_length=150, description="Short title.")
    description: str = Field(..., min_length=1, max_length=4000, description="What happened.")
    event_date: date | None = Field(None, description="Date of the event (YYYY-MM-DD), not in the future.")
    location: LocationIn | None = Field(None, description="Where; every part optional.")
    anonim: bool = Field(False, description="Hide the reporter's identity from the public and handling units.")
    rahasia: bool = Field(False, description="Hide the whole report from public pages; only the reporter's "
                          "link (reporter_token) opens it.")
    reporter: ReporterIn = Field(..., description="Contact for notifications: a phone or an email is required.")


class ReportCreatedOut(Schema):
    tracking_id: str = Field(..., description="Tracking ID, e.g. BBU-7K3Q9M.")
    status: str = Field(..., description="Status code, e.g. received.")
    due_at: str | None = Field(None, description="Current deadline, ISO 8601 with +08:00.")
    reporter_token: str = Field(..., description="Secret of the reporter's link; keep it private.")
    url: str = Field(..., description="Public tracking page.")
    reporter_url: str = Field(..., description="The reporter's secret page (add info, confirm, dispute, rate).")


class NamedCode(Schema):
    code: str = Field(..., description="Code.")
    name: str = Field(..., description="Name.")


class TimelineOut(Schema):
    at: str = Field(..., description="When, ISO 8601 with +08:00.")
    action: str = Field(..., description="What happened (submit, dispatch, respond, resolve, ...).")
    status: str = Field(..., description="Status after the event.")
    status_label: str = Field(..., description="Status in words.")
    actor: str = Field(..., description="Who acted: a unit, Pelapor or Sistem; never a reporter's name.")
    note: str = Field(..., description="The office's public answer or reason; empty when the event's text is not "
                                       "public (notes to units, the reporter's own messages and rating).")


class LocationOut(Schema):
    kelurahan: NamedCode | None = Field(None, description="Kelurahan.")
    rw: NamedCode | None = Field(None, description="RW.")
    rt: NamedCode | None = Field(None, description="RT.")
    address: str = Field(..., description="Address text; empty for an anonim report (kelurahan only).")
    lat: float | None = Field(None, description="Latitude; null for an anonim report.")
    lng: float | None = Field(None, description="Longitude; null for an anonim report.")


class ReportPublicOut(Schema):
    tracking_id: str = Field(..., description="Tracking ID.")
    kind: str = Field(..., description="Kind of report.")
    category: NamedCode = Field(..., description="Category.")
    title: str = Field(..., description="Title.")
    description: str = Field(..., description="Description.")
    event_date: str | None = Field(None, description="Date of the event (YYYY-MM-DD).")
    status: str = Field(..., description="Status code.")
    status_label: str = Field(..., description="Status in words.")
    handling_unit: str | None = Field(None, description="Unit handling the report.")
    received_at: str = Field(..., description="When it was received, ISO 8601 with +08:00.")
    due_at: str | None = Field(None, description="Current deadline, ISO 8601 with +08:00.")
    anonim: bool = Field(..., description="Whether the reporter asked to stay anonymous.")
    location: LocationOut = Field(..., description="Where.")
    timeline: list[TimelineOut] = Field(..., description="Public events, oldest first.")
    photos: list[str] = Field(..., description="URLs of the report's photos (downscaled, metadata removed).")
    support_count: int = Field(..., description="Citizens who confirmed they have the same problem (a count; "
                               "who they are is never published).")


class CategoryOut(Schema):
    code: str = Field(..., description="Category code for POST /reports.")
    name: str = Field(..., description="Name.")
    example: str = Field(..., description="Examples of what belongs here.")


class WilayahOut(Schema):
    code: str = Field(..., description="Kemendagri code (kecamatan, kelurahan) or the city's code (RW, RT).")
    name: str = Field(..., description="Name.")
    level: str = Field(..., description="kota, kecamatan, kelurahan, rw or rt.")
    parent: str | None = Field(None, description="Parent's code.")


class ReporterActionIn(Schema):
    token: str = Field(..., min_length=1, max_length=64, description="The reporter_token given at intake.")
    message: str | None = Field(None, max_length=4000, description="add_info: the information; dispute: why.")
    rating: int | None = Field(None, ge=1, le=5, description="rate: 1 (bad) to 5 (very good).")
    comment: str | None = Field(None, max_length=1000, description="rate: optional comment.")


class SupportIn(Schema):
    phone: str | None = Field(None, max_length=30, description="WhatsApp number; confirmed by sending "
                              "“DUKUNG <tracking ID>” from it to the city's WhatsApp.")
    email: str | None = Field(None, max_length=200, description="Email address; confirmed by the one link sent.")


class SupportOut(Schema):
    tracking_id: str = Field(..., description="Tracking ID.")
    support_count: int = Field(..., description="Confirmed supporters so far; yours counts once it is confirmed.")
    confirm_by: list[str] = Field(..., description="How to confirm each address given: email (open the link "
                                  "sent) and whatsapp (send “DUKUNG <tracking ID>” from the number). The answer is "
                                  "the same whether or not the address already supported the report.")
