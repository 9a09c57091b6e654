"""ASGI entry point for process managers: `uvicorn openaudio_api.asgi:app` (configured from the env)."""

from openaudio_api.app import create_app

app = create_app()
