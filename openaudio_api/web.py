"""What every handler needs: the database of this request, the requesting user, path ids, responses."""

from __future__ import annotations

import orjson
from connexion import request
from starlette.responses import Response

from db.pool import Database
from openaudio_api import auth, ids
from openaudio_api.errors import ApiError, bad_request


def database() -> Database:
    return request.state.db


def my_id(user_id: str | None) -> int:
    return ids.decode_my_id(user_id)


def path_id(value: str, name: str) -> int:
    """A hashid or decimal path id; an undecodable or zero id is 400 'invalid <name>', as upstream."""
    n = ids.decode(value)
    if not n:
        raise bad_request(f"invalid {name}")
    return n


def query_ids(values: list[str] | None) -> list[int]:
    """Repeated id= values; undecodable ones are skipped, as upstream."""
    return [n for n in (ids.decode(v) for v in values or []) if n]


def respond(data, status: int = 200, **siblings) -> Response:
    """The upstream envelope {"data": ...}, with any top-level siblings (e.g. related) after it."""
    return Response(orjson.dumps({"data": data, **siblings}), status_code=status, media_type="application/json")


async def require_user(user_id: int) -> None:
    """For data private to user_id: the request must be signed (401) by that user or a manager (403)."""
    if request.state.skip_auth_check:
        return
    wallet = auth.signer.get()
    if not wallet:
        raise ApiError(401, "this operation needs a request signed with Encoded-Data-Message and "
                            "Encoded-Data-Signature (or user_data and user_signature)")
    if not await request.state.authorizer.may_act_as(database(), user_id, wallet):
        raise ApiError(403, f"You are not authorized to make this request authedWallet={wallet} userId={user_id}")
