"""Imports every entity module so that their @handles decorators register."""

from openaudio_api.indexer.entities import (collaborators, comments, grants, playlists, social, tracks,  # noqa: F401
                                            users)
