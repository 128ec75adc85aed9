"""``python -m yoti_idv``: the ``yoti-idv`` command."""

from yoti_idv.cli import main

raise SystemExit(main())
