"""``make bench``: runs every ``benchmarks/bench_*.py`` and prints one table of figures against targets.

Each module defines ``run() -> list[Result]``. Figures are medians of repeated runs on this machine; the targets
come from the issues. Exit code 1 when a target is missed, so that a regression is visible.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import Result  # noqa: E402


def main() -> int:
    only = set(sys.argv[1:])
    results: list[Result] = []
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if only and name not in only:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        assert spec.loader
        spec.loader.exec_module(module)
        print(f"… {name}", file=sys.stderr, flush=True)
        results.extend(module.run())
    width = max((len(r.name) for r in results), default=10)
    failed = 0
    for r in results:
        status = "" if r.target is None else ("ok" if r.ok else "MISSED")
        failed += status == "MISSED"
        target = "" if r.target is None else f"target ≤ {r.target:g} {r.unit}"
        print(f"{r.name:<{width}}  {r.value:>10.1f} {r.unit:<3} {target:<22} {status}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
