"""Light pages: HTML answers are gzip-compressed for clients that accept it (Flask-Compress),
and static files (web/static, and the npm assets in web/node_modules) are compressed once per
file version into the cache folder, then sent as they are with Content-Encoding: gzip.

Only text that compresses is touched; downloads that are files already (dumps, `.gz` files)
keep their own encoding; every answer says Vary: Accept-Encoding."""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
import tempfile
from pathlib import Path

from flask import Flask, Response, request, send_file, send_from_directory
from flask_compress import Compress
from werkzeug.security import safe_join

COMPRESSIBLE = {".js", ".css", ".json", ".svg", ".map", ".txt", ".html"}
PAGE_TYPES = ["text/html", "application/xml"]


def install(app: Flask) -> None:
    app.config.update(COMPRESS_MIMETYPES=PAGE_TYPES, COMPRESS_ALGORITHM=["gzip"], COMPRESS_LEVEL=6,
                      COMPRESS_STREAMS=False, COMPRESS_MIN_SIZE=500, COMPRESS_REGISTER=False)
    compress = Compress(app)

    @app.after_request
    def compressed(response: Response) -> Response:
        # werkzeug reads Accept-Encoding (Flask-Compress 1.25 takes gzip;q=0 as a yes)
        if request.accept_encodings["gzip"]:
            return compress.after_request(response)
        response.vary.add("Accept-Encoding")
        return response


def send_static(folder: Path, filename: str, cache: Path, max_age: int) -> Response:
    """The file (404 outside the folder), its precompressed form when the client takes gzip."""
    path = safe_join(str(folder), filename)
    if path is None or not os.path.isfile(path) or Path(path).suffix not in COMPRESSIBLE \
            or not request.accept_encodings["gzip"]:
        response = send_from_directory(folder, filename, max_age=max_age)
    else:
        response = send_file(_precompressed(Path(path), cache), max_age=max_age, conditional=True,
                             mimetype=mimetypes.guess_type(path)[0] or "application/octet-stream")
        response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response


def _precompressed(path: Path, cache: Path) -> Path:
    """The gzip form of the file, made once for its path, size and modification time."""
    stat = path.stat()
    key = hashlib.sha256(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:24]
    target = cache / "compressed" / f"{key}{path.suffix}.gz"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        body = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as out:
            out.write(body)
        os.replace(out.name, target)  # concurrent requests each write whole files; one wins
    return target
