"""An aiohttp backend for Yoti IDV with Passive liveness: see `aiohttp_app.app`."""
