"""A FastAPI backend for Yoti IDV with Passive liveness: see `fastapi_app.app`."""
