"""Serve the few front-end files the pages use straight from node_modules (npm, package-lock.json).

Whole package folders would be ~70 MB of variants and source maps for collectstatic to copy and compress;
these are the files the templates name.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

# URL under STATIC_URL → file under node_modules
NPM_FILES = {
    "pico/pico.min.css": "@picocss/pico/css/pico.min.css",
    "htmx/htmx.min.js": "htmx.org/dist/htmx.min.js",
    "echarts/echarts.min.js": "echarts/dist/echarts.min.js",
}


class NpmFinder(BaseFinder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.root = Path(settings.BASE_DIR) / "node_modules"

    def check(self, **kwargs: Any) -> list[Any]:
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list[str]:
        target = NPM_FILES.get(path)
        found = str(self.root / target) if target and (self.root / target).is_file() else None
        if find_all or kwargs.get("all"):
            return [found] if found else []
        return found or []

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        for url_path, target in NPM_FILES.items():
            source = self.root / target
            if source.is_file():
                storage = FileSystemStorage(location=source.parent)
                storage.prefix = str(Path(url_path).parent)  # type: ignore[attr-defined]
                yield source.name, storage
