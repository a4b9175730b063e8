"""Unit suggestion on 10k synthetic complaints: training time, warm prediction latency, model size on disk.

Run: .venv/bin/python benchmarks/routing.py [--reports N]
Targets (issue 15, this 2-core machine): training ≤ 60 s for 10k reports, prediction p95 ≤ 10 ms warm (one
complaint at a time), model ≤ 15 MB on disk.

The text is made here: 20 units, each with its own Zipf-distributed topic words, some words shared between
neighbouring units, a large shared vocabulary of filler, chat abbreviations, stretched letters and typos, and one
catch-all label whose words are mostly filler, so the vocabulary is as wide as a real city's and the classes overlap.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

# benchmarks/ holds a `calendar.py` that would shadow the standard library's for numpy's imports: take the
# script's own folder off the path and put the repo root on it for `sigap`.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

from sigap.routing.model import Example, load, save, score, train  # noqa: E402

UNITS = 20
SYLLABLES = ["ba", "bu", "ka", "ku", "la", "lo", "ma", "me", "na", "ni", "pa", "po", "ra", "ri", "sa", "su", "ta",
             "te", "wa", "wi", "ng", "an", "ar", "in", "ol", "ut", "ja", "ga", "da", "ha"]
CHAT = ["yg", "tdk", "gak", "jln", "kel", "sdh", "blm", "krn", "utk", "tlg", "mhn", "bgt", "skrg"]


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def typo(rng: random.Random, token: str) -> str:
    roll = rng.random()
    if roll < 0.04 and len(token) > 3:
        i = rng.randrange(len(token))
        return token[:i] + token[i + 1:]
    if roll < 0.07:
        i = rng.randrange(len(token))
        return token[:i] + token[i] * 3 + token[i + 1:]
    if roll < 0.10:
        return token.upper()
    return token


def complaints(count: int, seed: int = 2026) -> list[Example]:
    rng = random.Random(seed)
    filler = [word(rng) for _ in range(3000)]
    topics = [[word(rng) for _ in range(80)] for _ in range(UNITS)]
    for unit in range(UNITS):  # neighbours share a fifth of their words, as roads and drains do
        topics[unit][:16] = topics[(unit + 1) % UNITS][60:76]
    weights = [1 / (rank + 1) for rank in range(80)]
    codes = [f"unit{unit:02d}" for unit in range(UNITS)] + ["lainnya"]
    share = [rng.uniform(0.5, 2.0) for _ in range(UNITS)] + [1.2]
    start = datetime(2025, 1, 1, tzinfo=UTC)
    rows = []
    for index in range(count):
        label = rng.choices(range(len(codes)), share)[0]
        topical = rng.randint(1, 3) if label == UNITS else rng.randint(2, 7)
        source = topics[rng.randrange(UNITS)] if label == UNITS else topics[label]
        words = rng.choices(source, weights, k=topical) + rng.choices(filler, k=rng.randint(3, 30))
        words += rng.choices(CHAT, k=rng.randint(0, 3))
        rng.shuffle(words)
        rows.append(Example(f"S{index}", " ".join(typo(rng, w) for w in words), codes[label],
                            start + timedelta(minutes=50 * index)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=10_000)
    count = parser.parse_args().reports
    rows = complaints(count + 2000)
    learn, later = rows[:count], rows[count:]
    began, cpu = time.perf_counter(), time.process_time()
    model = train(learn, now=datetime.now(UTC), catch_all=frozenset({"lainnya"}))
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.joblib"
        save(model, path)
        size = path.stat().st_size
        model = load(path)
    for example in later[:20]:
        model.top([example.text])
    timings, cpu_timings = [], []
    for example in later[:1000]:
        started, started_cpu = time.perf_counter(), time.process_time()
        model.top([example.text])
        timings.append((time.perf_counter() - started) * 1000)
        cpu_timings.append((time.process_time() - started_cpu) * 1000)
    p95 = statistics.quantiles(timings, n=100, method="inclusive")[94]
    figures, _ = score(model, later)
    holdout = model.meta["holdout"]
    # Wall time is what a person waits; CPU time shows what the machine's other load took from it.
    print(f"training on {count} reports: {seconds:.1f} s wall, {cpu:.1f} s CPU (target <= 60 s; both fits: "
          "hold-out and final)")
    cpu_p95 = statistics.quantiles(cpu_timings, n=100, method="inclusive")[94]
    print(f"prediction one at a time, warm: p50 {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms wall "
          f"(p95 {cpu_p95:.2f} ms CPU; target <= 10 ms)")
    print(f"model on disk: {size / 1e6:.2f} MB (target <= 15 MB)")
    print(f"hold-out: top-1 {holdout['accuracy']:.3f}, top-3 {holdout['top3_accuracy']:.3f}, threshold "
          f"{model.threshold:.3f}, coverage {holdout['coverage']:.1%}, ece {holdout['ece']:.3f}")
    print(f"next {len(later)} reports: top-1 {figures['accuracy']:.3f}, top-3 {figures['top3_accuracy']:.3f}, "
          f"coverage {figures['coverage']:.1%} at precision {figures['precision_above_threshold'] or 0:.3f}, "
          f"ece {figures['ece']:.3f}")


if __name__ == "__main__":
    main()
