"""Helpers shared by the benchmark modules."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Result:
    name: str
    value: float
    unit: str
    target: float | None = None

    @property
    def ok(self) -> bool:
        return self.target is None or self.value <= self.target


def median_ms(fn: Callable[[], object], repeat: int = 15, warmup: int = 1) -> float:
    """Median wall time of ``fn`` in milliseconds."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def peak_mb(fn: Callable[[], object]) -> float:
    """Peak Python heap allocated while ``fn`` runs, in MB (tracemalloc)."""
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / (1024 * 1024)
