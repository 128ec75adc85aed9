"""Running without a Yoti account: an embedded IDV emulator plays Yoti.

Nothing here is needed with Yoti credentials; delete this module when you copy the example.
For local use only: the hosted page's URL carries the client session token, and here it is
this app's access log that records it (with Yoti, the iframe goes straight to Yoti).
It needs the ``emulator`` extra (``pip install '.[emulator]'`` from the repository root).

The client talks to the emulator in-process; the emulator posts its notifications to this
app's webhook over HTTP, as Yoti would; and the emulator's hosted page (Yoti's web flow, for
the iframe) is relayed by the app under the same path as on Yoti's server.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import httpx
from aiohttp import web

from yoti_idv import AsyncIDVClient

if TYPE_CHECKING:
    from yoti_idv.emulator import Emulator

__all__ = ["embedded_emulator", "relay_hosted_page"]

_PAGE_HEADERS = ("Content-Type", "Location", "Cache-Control", "Referrer-Policy")


@contextlib.asynccontextmanager
async def embedded_emulator() -> AsyncIterator[tuple[AsyncIDVClient, Emulator]]:
    """An emulator with a demo application, and a client for it."""
    from yoti_idv.emulator import Emulator

    emulator = Emulator()
    demo = emulator.create_demo_application()
    async with AsyncIDVClient(
        demo.sdk_id,
        demo.private_key,
        base_url=emulator.base_url,
        transport=emulator.transport(),
    ) as client:
        yield client, emulator


async def relay_hosted_page(emulator: Emulator, request: web.Request) -> web.Response:
    """Pass a request for the hosted page (or its form) to the emulator, and its answer back."""
    async with httpx.AsyncClient(transport=emulator.transport()) as http:
        answer = await http.request(
            request.method,
            # Addressed to the emulator's own host: it answers no other Host name.
            httpx.URL(emulator.base_url).copy_with(
                path=request.url.path, query=request.url.query_string.encode()
            ),
            content=await request.read(),
            headers={"Content-Type": request.headers.get("Content-Type", "text/plain")},
        )
    headers = {name: answer.headers[name] for name in _PAGE_HEADERS if name in answer.headers}
    return web.Response(body=answer.content, status=answer.status_code, headers=headers)
