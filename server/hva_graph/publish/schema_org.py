"""The dataset as a schema.org Dataset (JSON-LD), for search engines: the home page and the
downloads page carry it. The same titles, licence and publisher as the VoID/DCAT description;
the downloads page lists every published file with its size and checksum, the home page the
whole-dataset files (their names follow from the format alone, so no dump has to be made)."""

from __future__ import annotations

from ..sparql.formats import GRAPH_FORMATS
from .dumps import FORMATS, WHOLE, DumpSpec
from .void import CC_BY, TEXT


def dataset(host_url: str, files: list[dict] | None = None) -> dict:
    base = host_url.rstrip("/") + "/"
    listed = files if files is not None else [
        {"name": spec.name, "media_type": GRAPH_FORMATS[spec.format].media_type}
        for spec in (DumpSpec(WHOLE, key) for key in FORMATS)]
    return {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": base + "#dataset",
        "name": TEXT["title"]["en"],
        "alternateName": TEXT["title"]["fi"],
        "description": TEXT["description"]["en"],
        "url": base,
        "license": str(CC_BY),
        "isAccessibleForFree": True,
        "inLanguage": ["fi", "en"],
        "keywords": ["hyvinvointialue", "wellbeing services county", "strategy", "Finland", "linked data", "SPARQL"],
        "spatialCoverage": {"@type": "Place", "name": "Finland"},
        "creator": {"@type": "Organization", "name": TEXT["publisher"]["en"]},
        "includedInDataCatalog": {"@type": "DataCatalog", "name": "hva-graph", "url": base},
        "distribution": [_download(base, entry) for entry in listed],
        "subjectOf": {"@type": "WebAPI", "name": TEXT["service"]["en"], "url": base + "sparql",
                      "documentation": base + ".well-known/void"},
    }


def _download(base: str, entry: dict) -> dict:
    download = {"@type": "DataDownload", "contentUrl": base + "dumps/" + entry["name"],
                "encodingFormat": "application/gzip" if entry.get("compression") else entry["media_type"]}
    if "size" in entry:
        download["contentSize"] = f"{entry['size']} B"
    if "sha256" in entry:
        download["sha256"] = entry["sha256"]
    return download
