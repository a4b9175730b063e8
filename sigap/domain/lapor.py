"""SP4N-LAPOR!'s vocabulary as tables: its statuses, its classifications, and how a Sigap status is said in it.

The tables are data so that the export, the docs and the tests read one mapping (docs/lapor.md,
docs/adr/0018-lapor-exchange.md). LAPOR!'s own names are Indonesian and stay so: they are what the Admin Penghubung
reads on the national system's screens. `neutralise_cell` is here too because it is a rule about text alone: a
spreadsheet cell that starts like a formula must not run as one.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from sigap.domain.lifecycle import Status


class LaporStatus(StrEnum):
    BELUM_TERVERIFIKASI = "Belum Terverifikasi"
    BELUM_TERDISPOSISI = "Belum Terdisposisi"
    TERDISPOSISI_BELUM_DITINDAKLANJUTI = "Terdisposisi Belum Ditindaklanjuti"
    TERDISPOSISI_SEDANG_DIPROSES = "Terdisposisi Sedang Diproses"
    SELESAI = "Selesai"
    TERTUNDA = "Tertunda"
    ARSIP = "Arsip"


# How each Sigap status is said to LAPOR!. A report is "Selesai" only once Sigap closed it: LAPOR! counts a report
# done when the follow-up stood unanswered (10 working days), which is Sigap's CLOSED, not its RESOLVED (the reporter
# may still dispute). A referred report is not the city's: in LAPOR! an agency's "bukan wewenang" sends it back to
# be disposed again, so it is "Belum Terdisposisi" as far as the national system goes.
STATUS_TO_LAPOR: Mapping[Status, LaporStatus] = MappingProxyType(
    {
        Status.RECEIVED: LaporStatus.BELUM_TERVERIFIKASI,
        Status.PENDING_INFO: LaporStatus.TERTUNDA,
        Status.DISPATCHED: LaporStatus.TERDISPOSISI_BELUM_DITINDAKLANJUTI,
        Status.IN_PROGRESS: LaporStatus.TERDISPOSISI_SEDANG_DIPROSES,
        Status.RESOLVED: LaporStatus.TERDISPOSISI_SEDANG_DIPROSES,
        Status.CLOSED: LaporStatus.SELESAI,
        Status.ARCHIVED: LaporStatus.ARSIP,
        Status.REFERRED: LaporStatus.BELUM_TERDISPOSISI,
    }
)

# LAPOR!'s "klasifikasi" of a report and Sigap's kind (sigap.reports.models.Kind values). LAPOR!'s other
# classifications (whistle blowing system, pengadaan) have no Sigap kind and are refused on import.
KIND_TO_LAPOR: Mapping[str, str] = MappingProxyType(
    {
        "pengaduan": "Pengaduan",
        "aspirasi": "Aspirasi",
        "permintaan_informasi": "Permintaan Informasi",
    }
)
LAPOR_TO_KIND: Mapping[str, str] = MappingProxyType({name.casefold(): kind for kind, name in KIND_TO_LAPOR.items()})

YES = frozenset({"ya", "y", "yes", "true", "1", "rahasia", "anonim"})
NO = frozenset({"", "tidak", "t", "no", "n", "false", "0", "-"})

# A cell that starts with one of these is read as a formula by spreadsheet programs (OWASP "CSV injection"); tab and
# carriage return are there because some programs strip them and then read what follows.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def lapor_status(status: Status | str) -> LaporStatus:
    """LAPOR!'s name for a Sigap status."""
    return STATUS_TO_LAPOR[Status(status)]


def parse_lapor_status(text: str) -> LaporStatus | None:
    """The LAPOR! status a cell names, read without regard to case and spacing; None when it names none."""
    wanted = " ".join(text.split()).casefold()
    for status in LaporStatus:
        if status.value.casefold() == wanted:
            return status
    return None


def parse_flag(text: str) -> bool | None:
    """A yes/no cell as LAPOR!'s exports and people write one ("Ya", "Tidak", 1, 0, true); None when it is neither."""
    wanted = text.strip().casefold()
    if wanted in YES:
        return True
    if wanted in NO:
        return False
    return None


def neutralise_cell(text: str) -> str:
    """The text with a leading apostrophe when a spreadsheet would run it as a formula; other text unchanged."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
