"""Imports every entity module so that their @handles decorators register."""

from openaudio_api.indexer.entities import (apps, collaborators, comments, events, grants, playlists,  # noqa: F401
                                            shares, social, tips, tracks, users, views)
