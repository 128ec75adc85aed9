"""``yoti-idv supported-documents``: the countries and document types Yoti accepts."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from .common import EXIT_OK, api_epilog, open_client
from .render import table, to_json_text

__all__ = ["add_supported_documents_parser"]


def add_supported_documents_parser(
    commands: argparse._SubParsersAction[Any], api: argparse.ArgumentParser
) -> None:
    """Add ``supported-documents`` to the top-level commands."""
    documents = commands.add_parser(
        "supported-documents",
        parents=[api],
        help="list the countries and document types Yoti accepts",
        description="List the issuing countries and the document types Yoti accepts from each "
        "(GET /supported-documents). Documents marked '(non-Latin)' are in a non-Latin script; "
        "they are listed only with --include-non-latin.",
    )
    documents.epilog = api_epilog()
    documents.set_defaults(handler=_run)
    documents.add_argument(
        "--include-non-latin",
        action="store_true",
        help="include documents in non-Latin scripts",
    )
    documents.add_argument("--json", action="store_true", help="print the response as JSON")


def _run(args: argparse.Namespace) -> int:
    return asyncio.run(_supported_documents(args))


async def _supported_documents(args: argparse.Namespace) -> int:
    from yoti_idv.conversion import converter

    async with open_client(args) as client:
        response = await client.get_supported_documents(include_non_latin=args.include_non_latin)
    out = sys.stdout
    if args.json:
        print(to_json_text(converter.unstructure(response)), file=out)
        return EXIT_OK
    rows = []
    for country in sorted(response.supported_countries, key=lambda c: c.code or ""):
        names = sorted(
            (document.type or "?") + (" (non-Latin)" if document.is_strictly_latin is False else "")
            for document in country.supported_documents
        )
        rows.append([country.code or "?", ", ".join(names) or "-"])
    table(["COUNTRY", "DOCUMENTS"], rows, out)
    print(f"\n{len(rows)} countries", file=out)
    return EXIT_OK
