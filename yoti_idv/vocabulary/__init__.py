"""The shared vocabulary of Yoti's IDV API, used by name by specs, sandbox, emulator and CLI.

- `enums`: the enumerations of the wire format (liveness types, manual checks, topics, ...).
- `iso3166`: the ISO 3166-1 alpha-3 country codes Yoti accepts.
- `rules`: Yoti's limits and patterns (defaults, minimums, URL and colour patterns).
- `validators`: attrs validators and converters whose errors name the field.
- `values`: `SpecValue`, the base of every request value, and its wire-name helpers.
- `serialization`: the cattrs hooks that turn those values into JSON-ready dicts.
"""
