"""openaudio-api: the OpenAudio discovery API, spec first, on PostgreSQL."""

__version__ = "0.1.0"
