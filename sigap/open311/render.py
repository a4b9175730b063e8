"""GeoReport v2 documents in XML (the spec's required format) and JSON (a direct mapping, bare arrays)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

from django.http import HttpResponse

XML_TYPE = "text/xml; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
# XML 1.0 cannot carry most control characters even escaped; a citizen's text may contain them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A list inside an element is written as repeated children named in the singular.
SINGULAR = {"attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format",
            "keywords": "keyword", "updates": "request_update"}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _fill(element: ET.Element, value: Any, name: str) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child, key)
    elif isinstance(value, list):
        item_name = SINGULAR.get(name, "item")
        for child in value:
            _fill(ET.SubElement(element, item_name), child, item_name)
    else:
        element.text = _text(value)


def xml_document(root: str, value: Any, item: str | None = None) -> bytes:
    element = ET.Element(root)
    if isinstance(value, list):
        for entry in value:
            _fill(ET.SubElement(element, item or "item"), entry, item or "item")
    else:
        _fill(element, value, root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="utf-8",
                                                                    xml_declaration=False)


def respond(fmt: str, value: Any, *, root: str, item: str | None = None, status: int = 200) -> HttpResponse:
    if fmt == "json":
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
        return HttpResponse(body, content_type=JSON_TYPE, status=status)
    return HttpResponse(xml_document(root, value, item), content_type=XML_TYPE, status=status)


def errors(fmt: str, status: int, description: str) -> HttpResponse:
    """The spec's error list: XML errors/error with code and description; JSON a bare array."""
    return respond(fmt, [{"code": status, "description": description}], root="errors", item="error",
                   status=status)
