"""Browser libraries, served by this server from web/node_modules (Settings.assets_folder: the
clone's, or the copy an installed package carries), and the site's own static files
(web/static); both precompressed for clients that take gzip (compression.send_static).

They come from the npm registry at the versions pinned in web/package-lock.json
(`make setup` runs `npm ci --prefix web`; the wheel carries the files the pages load), so no
page loads code from a CDN. Without them the routes answer 404 and the pages fall back to
plain HTML forms and tables.
axe-core is served for the accessibility tests, which run it in the pages as a browser would.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, abort, url_for

from ..compression import send_static
from ..site import site

bp = Blueprint("assets", __name__)

# URL name -> (npm package, folder inside it that holds the built files)
PACKAGES = {
    "yasgui": ("@zazuko/yasgui", "build"),
    "vega": ("vega", "build"),
    "vega-lite": ("vega-lite", "build"),
    "vega-embed": ("vega-embed", "build"),
    "axe-core": ("axe-core", "."),
}
STATIC = Path(__file__).parents[1] / "static"
STATIC_MAX_AGE = 3600
"""The site's own files change with the code, under the same names: browsers ask again after an hour."""

# The files of a pinned version never change, and asset_url() puts the version in the
# URL, so browsers may keep them for a year without asking again.
MAX_AGE = 365 * 24 * 3600


def build_folder(node_modules: Path, name: str) -> Path:
    package, folder = PACKAGES[name]
    return node_modules / package / folder


@lru_cache(maxsize=16)
def installed_version(node_modules: Path, name: str) -> str | None:
    """The version npm installed (from its package.json), or None when it is not installed."""
    try:
        manifest = node_modules / PACKAGES[name][0] / "package.json"
        return json.loads(manifest.read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        return None


def asset_url(name: str, filename: str) -> str:
    """The local URL of one built file, with the installed version to bust caches on upgrade."""
    version = installed_version(site().settings.assets_folder, name)
    return url_for("assets.asset", name=name, filename=filename, **({"v": version} if version else {}))


@bp.get("/assets/<name>/<path:filename>")
def asset(name: str, filename: str):
    if name not in PACKAGES:
        abort(404, f"There is no asset package named {name!r}.")
    folder = build_folder(site().settings.assets_folder, name)
    if not folder.is_dir():
        abort(404, f"{PACKAGES[name][0]} is not installed: run `make setup` (it needs npm).")
    response = send_static(folder, filename, site().settings.cache_folder, MAX_AGE)  # 404 outside the folder
    response.cache_control.public = True
    response.cache_control.immutable = True
    return response


def static_file(filename: str):
    """web/static, as Flask's own static route would serve it, precompressed."""
    return send_static(STATIC, filename, site().settings.cache_folder, STATIC_MAX_AGE)
