"""``yoti-idv migrate``: turn a session spec that asks for Active (ZOOM) liveness into its
Passive (STATIC) equivalent, as Yoti's migration guide describes.

Two things change, and nothing else: every LIVENESS check's ``liveness_type`` ``ZOOM`` becomes
``STATIC``, and ``ZOOM_LIVENESS_EDUCATION`` in ``sdk_config.suppressed_screens`` becomes
``STATIC_LIVENESS_EDUCATION`` (dropped instead when that screen is already there). Key order
and every other value are kept; the JSON is written out again, indented by the input's first
indented line (one line if the input was), so hand-made layout (arrays kept on one line,
aligned values) is not. The result is then checked by building this SDK's
spec classes from it (`yoti_idv.cli.spec.check_spec_json`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any, Final, TextIO

import attrs

from yoti_idv.errors import SpecValidationError

from .common import EXIT_NOTHING_TO_DO, EXIT_OK, PROG, CommandError
from .spec import check_spec_json, read_spec_json

__all__ = ["Change", "Migration", "add_migrate_parser", "migrate_spec"]

ZOOM: Final = "ZOOM"
STATIC: Final = "STATIC"
ZOOM_SCREEN: Final = "ZOOM_LIVENESS_EDUCATION"
STATIC_SCREEN: Final = "STATIC_LIVENESS_EDUCATION"


@attrs.frozen
class Change:
    """One edit: the JSON path, the value before, the value after (None: removed)."""

    path: str
    before: Any
    after: Any

    def __str__(self) -> str:
        if self.after is None:
            return f"{self.path}: removed {json.dumps(self.before)} ({STATIC_SCREEN} is there)"
        return f"{self.path}: {json.dumps(self.before)} -> {json.dumps(self.after)}"


@attrs.frozen
class Migration:
    """The migrated spec, what changed, and what was found that is worth a warning."""

    spec: dict[str, Any]
    changes: tuple[Change, ...]
    warnings: tuple[str, ...]
    liveness_types: tuple[str, ...]
    """The liveness types the original spec requested, in order."""


def migrate_spec(spec: dict[str, Any]) -> Migration:
    """Return the Passive (STATIC) equivalent of `spec`; `spec` itself is not modified."""
    migrated: dict[str, Any] = json.loads(json.dumps(spec))  # a deep copy, order kept
    changes: list[Change] = []
    warnings: list[str] = []
    liveness_types: list[str] = []

    checks = migrated.get("requested_checks")
    for index, check in enumerate(checks if isinstance(checks, list) else []):
        if not isinstance(check, dict) or check.get("type") != "LIVENESS":
            continue
        config = check.get("config")
        liveness_type = config.get("liveness_type") if isinstance(config, dict) else None
        liveness_types.append(str(liveness_type))
        if (
            isinstance(config, dict)
            and isinstance(liveness_type, str)
            and liveness_type.upper() == ZOOM
        ):
            config["liveness_type"] = STATIC
            path = f"requested_checks[{index}].config.liveness_type"
            changes.append(Change(path, liveness_type, STATIC))
    if liveness_types.count(STATIC) + sum(1 for c in changes if c.after == STATIC) > 1:
        warnings.append(
            "the spec now has more than one STATIC LIVENESS check; keep one (Yoti takes "
            "either ZOOM or STATIC, once)"
        )

    sdk_config = migrated.get("sdk_config")
    screens = sdk_config.get("suppressed_screens") if isinstance(sdk_config, dict) else None
    if isinstance(sdk_config, dict) and isinstance(screens, list) and ZOOM_SCREEN in screens:
        kept: list[Any] = []
        for index, screen in enumerate(screens):
            path = f"sdk_config.suppressed_screens[{index}]"
            if screen != ZOOM_SCREEN:
                kept.append(screen)
            elif STATIC_SCREEN in screens or STATIC_SCREEN in kept:
                changes.append(Change(path, screen, None))
            else:
                kept.append(STATIC_SCREEN)
                changes.append(Change(path, screen, STATIC_SCREEN))
        sdk_config["suppressed_screens"] = kept
    return Migration(migrated, tuple(changes), tuple(warnings), tuple(liveness_types))


def add_migrate_parser(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``migrate`` to the top-level commands."""
    migrate = commands.add_parser(
        "migrate",
        help="rewrite an Active (ZOOM) liveness session spec as Passive (STATIC)",
        description=(
            "Read a session spec JSON that requests Active (ZOOM) liveness and write its "
            "Passive (STATIC) equivalent, as in Yoti's migration guide:\n"
            "  - requested_checks[*].config.liveness_type  ZOOM -> STATIC\n"
            "  - sdk_config.suppressed_screens  ZOOM_LIVENESS_EDUCATION -> "
            "STATIC_LIVENESS_EDUCATION\n"
            "Every other value and the key order are kept. The JSON is written out again, "
            "indented like the input's first indented line (one line if the input was one), "
            "so other hand-made layout is not kept. The changes are "
            "printed (on stderr when the spec goes to standard output), and the result is "
            "checked with this SDK's spec classes. A spec without Active liveness is left "
            "alone: nothing is written and the exit status is 3."
        ),
        epilog="examples:\n"
        "  yoti-idv migrate active-spec.json -o passive-spec.json\n"
        "  yoti-idv migrate - < active-spec.json > passive-spec.json",
    )
    migrate.set_defaults(handler=_run)
    migrate.add_argument("spec", metavar="SPEC", help="the session spec JSON file (- for stdin)")
    migrate.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="FILE",
        help="where to write the Passive spec (default: standard output; may be SPEC itself)",
    )


def _run(args: argparse.Namespace) -> int:
    data, text = read_spec_json(args.spec)
    migration = migrate_spec(data)
    to_stdout = args.output == "-"
    log: TextIO = sys.stderr if to_stdout else sys.stdout
    name = "standard input" if args.spec == "-" else args.spec

    if not migration.changes:
        found = ", ".join(migration.liveness_types) or "no LIVENESS check"
        print(
            f"{PROG}: nothing to migrate: {name} requests no Active (ZOOM) liveness "
            f"(liveness: {found}); nothing written",
            file=sys.stderr,
        )
        return EXIT_NOTHING_TO_DO

    try:
        checked = check_spec_json(migration.spec)
    except SpecValidationError as exc:
        raise CommandError(f"the migrated spec is not valid: {exc}") from None

    output = _dumps_like(migration.spec, text)
    if to_stdout:
        sys.stdout.write(output)
        sys.stdout.flush()
    else:
        _write_atomically(Path(args.output), output)

    print(f"migrated {name} to Passive (STATIC) liveness:", file=log)
    for change in migration.changes:
        print(f"  {change}", file=log)
    for warning in migration.warnings:
        print(f"warning: {warning}", file=log)
    print(f"checked with yoti_idv.specs: {', '.join(checked.checked) or 'nothing'}", file=log)
    if checked.unchecked:
        print(
            f"not checked (this SDK does not model them; Yoti will): "
            f"{', '.join(checked.unchecked)}",
            file=log,
        )
    if not to_stdout:
        print(f"wrote {args.output}", file=log)
    return EXIT_OK


def _dumps_like(data: Any, original: str) -> str:
    """`data` as JSON text indented like `original` (one line if it was), ending in a newline."""
    match = re.search(r"\n([ \t]+)\S", original)
    indent: str | None = match.group(1) if match else None
    return json.dumps(data, indent=indent, ensure_ascii=False) + "\n"


def _write_atomically(target: Path, text: str) -> None:
    """Write `text` to a temporary file beside `target`, then put it in place."""
    folder = target.parent
    if not folder.is_dir():
        raise CommandError(f"the folder {folder} does not exist")
    try:
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise CommandError(f"cannot write {target}: {exc.strerror or exc}") from None
