"""The complaint desk's SP4N-LAPOR! page: upload a LAPOR! file into the queue, download a month in LAPOR!'s shape.

Both call what the commands call (`import_sheet`, `export_bytes`), so the page and `manage.py lapor_import` /
`lapor_export` cannot differ. Only the complaint desk (and system admins) may open it: the file carries reporters'
identities.
"""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sigap.lapor.exporting import FORMATS, export_bytes
from sigap.lapor.files import MAX_BYTES, FileRefused, read_sheet
from sigap.lapor.importing import ImportRefused, import_sheet, parse_columns
from sigap.organization.access import is_complaint_admin

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@login_required
@require_http_methods(["GET", "POST"])
def exchange(request: HttpRequest) -> HttpResponse:
    if not is_complaint_admin(request.user):
        raise PermissionDenied
    context: dict[str, object] = {"month": timezone.localdate().strftime("%Y-%m"), "formats": FORMATS}
    if request.method == "GET":
        return render(request, "lapor/exchange.html", context)
    upload = request.FILES.get("file")
    context["columns"] = request.POST.get("columns", "")[:2000]
    if upload is None:
        context["error"] = _("Choose a file.")
    elif upload.size is not None and upload.size > MAX_BYTES:
        context["error"] = _("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
    else:
        try:
            columns = parse_columns(str(context["columns"]), allow_file=False)
            result = import_sheet(read_sheet(upload.read()), columns=columns, source=upload.name or "")
        except FileRefused as error:
            context["error"] = str(error)
        except ImportRefused as error:
            context["error"], context["lines"] = error.message, error.lines
        else:
            context["created"], context["already"] = result.created, result.already
            return render(request, "lapor/exchange.html", context)
    return render(request, "lapor/exchange.html", context, status=422)


@login_required
def download(request: HttpRequest) -> HttpResponse:
    if not is_complaint_admin(request.user):
        raise PermissionDenied
    matched = MONTH.match(request.GET.get("month", ""))
    fmt = request.GET.get("format", "")
    if matched is None or fmt not in FORMATS:
        return render(request, "lapor/exchange.html", {
            "month": timezone.localdate().strftime("%Y-%m"), "formats": FORMATS,
            "error": _("Choose a month (YYYY-MM) and a format."),
        }, status=422)
    data, _count = export_bytes(year=int(matched[1]), month=int(matched[2]), fmt=fmt)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="lapor-{matched[0]}.{fmt}"'
    return response
