"""``python -m aiohttp_app`` (with ``examples`` on the path): serve the app on 127.0.0.1."""

from __future__ import annotations

import logging
import os

from aiohttp import web

from .app import create_app

if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines show whole URLs
    web.run_app(create_app(), host="127.0.0.1", port=int(os.environ.get("PORT", "8080")))
