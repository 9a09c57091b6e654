"""operationId -> handler: the operation's first tag names the module in handlers/, the operationId in
snake_case names the function (tag tracks + getTrack -> handlers.tracks.get_track). The spec is the only
route table."""

from __future__ import annotations

import re

from connexion.resolver import Resolver


def function_name(operation_id: str) -> str:
    """getUserTracks -> get_user_tracks; an acronym stays one word (getAIAttributedTracks ->
    get_ai_attributed_tracks), as openapi-generator's Python client names the method."""
    # A plural acronym is one word too: getTrendingTrackIDs -> get_trending_track_ids.
    plural = re.sub(r"([A-Z])([A-Z]+)s(?=[A-Z]|$)", lambda m: m.group(1) + m.group(2).lower() + "s", operation_id)
    words = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", plural)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", words).lower()


class TagResolver(Resolver):
    def __init__(self, package: str = "openaudio_api.handlers"):
        super().__init__()
        self.package = package
        # Resolved handler name -> the spec's operationId: connexion's routing reports the former, the
        # metrics label requests with the latter.
        self.spec_ids: dict[str, str] = {}

    def resolve_operation_id(self, operation) -> str:
        tags = operation._operation.get("tags") or ["default"]  # connexion 3.3 has no public accessor
        resolved = f"{self.package}.{tags[0]}.{function_name(operation.operation_id)}"
        self.spec_ids[resolved] = operation.operation_id
        return resolved
