"""Imports every entity module so that their @handles decorators register."""

from openaudio_api.indexer.entities import (collaborators, comments, events, grants, playlists, shares,  # noqa: F401
                                            social, tracks, users, views)
