"""Whether a store on disk is the one `hva-graph load` wrote, byte for byte.

A query reads only the parts of RocksDB's files it needs, and a damaged block is not always
noticed on the way (a flipped filter or index block gave wrong counts with 200), so no query,
count or scan can tell that a store is whole. `hva-graph load` therefore records the size and
SHA-256 of every engine file it wrote (`digest`), and the service reads them all again
(`StoreIntegrity.verify`): before it serves a build, on a schedule while it serves it, at once
when a file's metadata changes (`touched`: a write, a truncation, a rename or a removal through
the file system, looked at every second), and when a query process dies in a way damage could
explain. RocksDB's own log and lock files are left out: opening a store may write them.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path

UNRECORDED = ("LOG", "LOCK")
"""Files whose names begin so are RocksDB's log and lock, not data."""
CHUNK = 1 << 20


def digest(folder: Path) -> dict[str, dict]:
    """Size and SHA-256 of every data file in the engine's folder, by name."""
    found = {}
    for path in sorted(Path(folder).iterdir()):
        if path.is_file() and not path.name.startswith(UNRECORDED):
            with open(path, "rb") as file:
                found[path.name] = {"size": path.stat().st_size,
                                    "sha256": hashlib.file_digest(file, "sha256").hexdigest()}
    return found


def damage(folder: Path, recorded: dict[str, dict]) -> str | None:
    """What is wrong with the files against their record (the first few), or None if all are
    as recorded."""
    wrong = []
    for name, expected in sorted(recorded.items()):
        path = Path(folder) / name
        try:
            size = path.stat().st_size
            if size != expected["size"]:
                wrong.append(f"{name} has {size} bytes, not {expected['size']}")
                continue
            with open(path, "rb") as file:
                if hashlib.file_digest(file, "sha256").hexdigest() != expected["sha256"]:
                    wrong.append(f"{name} differs from what was written")
        except FileNotFoundError:
            wrong.append(f"{name} is missing")
        except OSError as error:
            wrong.append(f"{name} cannot be read ({error.strerror or error})")
        if len(wrong) == 3:
            break
    return "; ".join(wrong) or None


def _signature(folder: Path, names) -> tuple:
    """What the file system says about each file (identity, size, change times): any write,
    truncation, replacement or removal changes it."""
    marks = []
    for name in sorted(names):
        try:
            info = os.stat(Path(folder) / name)
            marks.append((name, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns))
        except OSError:
            marks.append((name, None))
    return tuple(marks)


class StoreIntegrity:
    """The verdict on one build's files, kept up to date: `verify` reads them all; `watch`, called
    about every second, verifies again when the files were touched or `interval` seconds have
    passed. `damaged` is the last verdict: None when whole, else what is wrong."""

    def __init__(self, folder: Path, recorded: dict[str, dict], interval: float, label: str):
        self.folder, self.recorded, self.interval, self.label = Path(folder), recorded, interval, label
        self.damaged: str | None = None
        self.verified_at = 0.0
        self._seen: tuple = ()
        self._lock = threading.Lock()

    def verify(self) -> str | None:
        with self._lock:
            seen = _signature(self.folder, self.recorded)
            found = damage(self.folder, self.recorded)
            self._seen, self.verified_at = seen, time.monotonic()
            self.damaged = f"the store at {self.label} is damaged: {found}" if found else None
            return self.damaged

    def touched(self) -> bool:
        return _signature(self.folder, self.recorded) != self._seen

    def watch(self) -> str | None:
        """Verify again if the files were touched or the interval is over (0: never on a schedule)."""
        due = self.interval > 0 and time.monotonic() - self.verified_at >= self.interval
        if due or self.touched():
            return self.verify()
        return self.damaged

    def verify_recent(self, within: float = 60.0) -> str | None:
        """The verdict, read again unless it is younger than `within` seconds: a query process
        that crashes asks, and crashes may come often (a memory bomb repeated), reads may not."""
        if time.monotonic() - self.verified_at < within and not self.touched():
            return self.damaged
        return self.verify()
