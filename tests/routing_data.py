"""Made-up past complaints for the unit-suggestion tests: each unit has its own words, all share the filler."""

from __future__ import annotations

import csv
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

UNIT_WORDS = {
    "pupr": ["jalan", "rusak", "berlubang", "aspal", "jembatan", "gorong", "drainase", "retak"],
    "dlh": ["sampah", "menumpuk", "bau", "tps", "angkut", "limbah", "busuk", "kotor"],
    "dishub": ["lampu", "lalu", "lintas", "parkir", "angkot", "rambu", "macet", "terminal"],
    "pdam": ["air", "keruh", "pipa", "bocor", "meteran", "tagihan", "mengalir", "kran"],
    "lainnya": ["informasi", "tanya", "bantuan", "umum", "lain", "hal", "soal", "mohon"],
}
FILLER = ["di", "dekat", "rumah", "saya", "sudah", "lama", "tolong", "segera", "pak", "kelurahan", "wameo", "sekali"]
START = datetime(2025, 1, 1, tzinfo=UTC)


def complaints(count: int, *, seed: int = 7) -> list[dict[str, str]]:
    chance = random.Random(seed)
    rows = []
    for index in range(count):
        unit = chance.choice(list(UNIT_WORDS))
        words = chance.choices(UNIT_WORDS[unit], k=chance.randint(2, 5)) + chance.choices(FILLER, k=4)
        chance.shuffle(words)
        rows.append({"id": f"R{index}", "text": " ".join(words), "unit_code": unit,
                     "received_at": (START + timedelta(hours=3 * index)).isoformat()})
    return rows


def write(path: Path, rows: list[dict[str, str]], columns: tuple[str, ...] = ("id", "text", "unit_code",
                                                                                "received_at")) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path
