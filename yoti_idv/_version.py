"""The package version, in one place: read by hatchling at build time and by the client."""

__version__ = "0.1.0.dev0"
