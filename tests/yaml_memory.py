"""Memory that YAML loading keeps, measured in a process of its own (run by tests/test_yamlio.py).

    python tests/yaml_memory.py FILE [plain|holding] [TIMES]

loads FILE once, then TIMES more times (default 40) under tracemalloc, and prints the bytes still
allocated after the loads that were not before them (garbage collected before each snapshot). ``holding``
first makes the loader keep every value it builds, as a constructor shared across files would keep its
nodes: the measure must see that. A process of its own because tracemalloc counts every thread's
allocations: in a test process, a thread an earlier test left working (a register check refused
while its rules were still being prepared goes on importing durable_rules and the holidays) put
megabytes into the measure that the loader has nothing to do with.
"""

from __future__ import annotations

import gc
import sys
import tracemalloc
from pathlib import Path

from compliance.io import yamlio


def kept_by_loading(path: Path, times: int = 40) -> int:
    """Bytes allocated during ``times`` loads of ``path`` and still held after them (see the module)."""
    yamlio.load_data(path)
    tracemalloc.start()
    try:
        gc.collect()
        before = tracemalloc.take_snapshot()
        for _ in range(times):
            yamlio.load_data(path)
        gc.collect()
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    return sum(stat.size_diff for stat in after.compare_to(before, "filename"))


def hold_everything_built() -> list:
    """Make the loader keep every value it builds (a deliberate leak); returns the list that keeps them."""
    kept, construct = [], yamlio._construct

    def holding(*args):
        kept.append(construct(*args))
        return kept[-1]

    yamlio._construct = holding
    return kept


if __name__ == "__main__":
    file, mode, times = sys.argv[1], (sys.argv[2:3] or ["plain"])[0], int((sys.argv[3:4] or ["40"])[0])
    if mode == "holding":
        hold_everything_built()
    print(kept_by_loading(Path(file), times))
