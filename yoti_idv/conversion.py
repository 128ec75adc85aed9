"""The one `cattrs` converter: spec objects to JSON-ready dicts, response JSON to models.

Data flows one way through it: a spec -> ``converter.unstructure`` -> JSON body; a response
body -> ``converter.structure(data, Model)`` -> a model. Nothing else in the package builds or
reads API JSON. The request-side hooks live with the specs (`yoti_idv.vocabulary.serialization`),
the response-side hooks with the models (`yoti_idv.models.structuring`), so each stays beside
the classes it knows.
"""

from __future__ import annotations

import cattrs

from .models.structuring import register_model_hooks
from .vocabulary.serialization import register_spec_hooks

__all__ = ["converter", "make_converter"]


def make_converter() -> cattrs.Converter:
    """A fresh converter configured for every spec and model (the package uses `converter`)."""
    conv = cattrs.Converter()
    register_spec_hooks(conv)
    register_model_hooks(conv)
    return conv


converter: cattrs.Converter = make_converter()
"""The converter that the client uses; `converter.unstructure(spec)` gives the request JSON."""
