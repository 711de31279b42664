"""Results computed once per data version, kept on disk: the OWL RL closure and the
validation verdict do not change until a data, ontology or shapes file does, so a
restart need not pay for them again. Files are written atomically (rename), so a
reader never sees half a file; a damaged entry is simply recomputed."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: bytes) -> None:
    """Write beside the target, then rename over it: a reader never sees half a file."""
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    except OSError as error:  # named after the file asked for, not the temporary one
        raise type(error)(error.errno, error.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class DiskCache:
    def __init__(self, folder: Path | None):
        self.folder = folder

    def get(self, key: str) -> bytes | None:
        if self.folder is None:
            return None
        try:
            return (self.folder / key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write(self.folder / key, data)
        except OSError:
            pass  # a cache that cannot be written only costs time
