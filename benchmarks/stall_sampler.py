"""Where a UI-thread stall goes: a sampler for bench_responsiveness's `--stalls`.

A thread looks at the UI thread's Python stack every millisecond while the probe timer is
late (its last tick more than THRESHOLD_S ago) and counts the functions it finds, per
stall. After an operation, the longest stall's functions are printed, most-seen first:
"self" is the innermost cattool/PySide frame (where the time is spent), "within" every
cattool frame on the stack (what the time was spent for). Samples are only as fine as the
interpreter's switch interval lets this thread run, so read them as proportions.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from types import FrameType

THRESHOLD_S = 0.02
INTERVAL_S = 0.001


def _where(frame: FrameType) -> str:
    code = frame.f_code
    path = code.co_filename
    short = path.split("/src/", 1)[-1].split("/site-packages/", 1)[-1]
    return f"{short}:{code.co_name}"


class StallSampler:
    """Samples the thread `thread_id` while `ticks[-1]` is older than the threshold."""

    def __init__(self, ticks: list[float], thread_id: int) -> None:
        self.ticks = ticks
        self.thread_id = thread_id
        self.by_stall: dict[int, tuple[Counter[str], Counter[str]]] = {}
        #: Per stall, what the other threads were running meanwhile (thread: function).
        self.others: dict[int, Counter[str]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="stall-sampler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def reset(self) -> None:
        self.by_stall = {}
        self.others = {}

    def _run(self) -> None:
        while not self._stop.wait(INTERVAL_S):
            ticks = self.ticks
            if not ticks or time.perf_counter() - ticks[-1] < THRESHOLD_S:
                continue
            frames = sys._current_frames()
            frame = frames.get(self.thread_id)
            if frame is None:
                continue
            own, within = self.by_stall.setdefault(len(ticks), (Counter(), Counter()))
            others = self.others.setdefault(len(ticks), Counter())
            names = {t.ident: t.name for t in threading.enumerate()}
            for ident, other in frames.items():
                if ident not in (self.thread_id, threading.get_ident()):
                    others[f"{names.get(ident, ident)}: {_where(other)}"] += 1
            seen: set[str] = set()
            innermost = True
            while frame is not None:
                where = _where(frame)
                if innermost:
                    own[where] += 1
                    innermost = False
                if "cattool/" in where and where not in seen:
                    within[where] += 1
                    seen.add(where)
                frame = frame.f_back

    def report(self, name: str, stalls: int = 2, top: int = 12) -> str:
        """The longest `stalls` stalls of the operation just measured, as text."""
        if not self.by_stall:
            return f"[{name}] no stall over {THRESHOLD_S * 1000:.0f} ms sampled"
        longest = sorted(self.by_stall, key=lambda key: -sum(self.by_stall[key][0].values()))
        lines = []
        for rank, key in enumerate(longest[:stalls], start=1):
            own, within = self.by_stall[key]
            lines.append(f"[{name}] stall {rank}: {sum(own.values())} samples")
            lines += [f"   self   {n:4d}  {where}" for where, n in own.most_common(top)]
            lines += [f"   within {n:4d}  {where}" for where, n in within.most_common(top)]
            others = self.others.get(key, Counter())
            lines += [f"   other  {n:4d}  {where}" for where, n in others.most_common(6)]
        return "\n".join(lines)
