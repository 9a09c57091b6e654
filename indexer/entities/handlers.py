"""Imports every entity module so that their @handles decorators register."""

from openaudio_api.indexer.entities import collaborators, comments, playlists, social, tracks, users  # noqa: F401
