"""Imports every entity module so that their @handles decorators register."""

from openaudio_api.indexer.entities import (collaborators, comments, events, grants, playlists, social,  # noqa: F401
                                            tracks, users, views)
