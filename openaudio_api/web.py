"""What every handler needs: the database of this request, the requesting user, path ids, responses."""

from __future__ import annotations

import logging

import orjson
from starlette.responses import Response

from openaudio_api.db.pool import Database
from openaudio_api import auth, ids
from openaudio_api.errors import ApiError
from openaudio_api.operations import current_scope


log = logging.getLogger("openaudio.auth")


def state() -> dict:
    """The lifespan state of the app serving this request (openaudio_api.app: db, authorizer, ...)."""
    return current_scope()["state"]


def database() -> Database:
    return state()["db"]


def routed_path_param(name: str) -> str:
    """A path parameter as routed, for an operation whose query has a parameter of the same name."""
    return current_scope()["path_params"][name]


def my_id(user_id: str | None) -> int:
    return ids.decode_my_id(user_id)


def path_id(value: str) -> int:
    """A path id, already shaped as the spec's pattern says (else validation answered 400 "invalid userId").

    A well-formed hashid that decodes to no id (its checksum fails) or to 0 names no row, like a decimal id
    that no row has. Upstream answers 400 there, but no pattern can tell a hashid's checksum, so refusing it
    would refuse a value the spec calls valid."""
    return ids.decode(value) or ids.NAMES_NOTHING


def query_ids(values: list[str] | None) -> list[int]:
    """Repeated id= values; undecodable ones are skipped, as upstream."""
    return [n for n in (ids.decode(v) for v in values or []) if n]


def respond(data, status: int = 200, **siblings) -> Response:
    """The upstream envelope {"data": ...}, with any top-level siblings (e.g. related) after it."""
    return Response(orjson.dumps({"data": data, **siblings}), status_code=status, media_type="application/json")


async def require_user(user_id: int) -> None:
    """For data private to user_id: the request must be signed (401) by that user or a manager (403)."""
    wallet = auth.signer.get()
    if state()["skip_auth_check"]:
        log.warning("auth check skipped", extra={"user_id": user_id, "wallet": wallet})
        return
    if not wallet:
        raise ApiError(401, "this operation needs a request signed with Encoded-Data-Message and "
                            "Encoded-Data-Signature (or user_data and user_signature)")
    if not await state()["authorizer"].may_act_as(database(), user_id, wallet):
        raise ApiError(403, f"You are not authorized to make this request authedWallet={wallet} userId={user_id}")


async def require_wallet(wallet: str) -> str:
    """For data private to a wallet (an account, a grantee's users): the request must be signed (401) by that
    very wallet (403), compared case-insensitively as upstream's :wallet check. Returns it lowercased."""
    signer = auth.signer.get()
    wanted = wallet.lower()
    if state()["skip_auth_check"]:
        log.warning("auth check skipped", extra={"wallet": signer, "for_wallet": wanted})
        return wanted
    if not signer:
        raise ApiError(401, "You must be logged in to make this request")
    if signer != wanted:
        raise ApiError(403, f"You are not authorized to make this request authedWallet={signer} myWallet={wanted}")
    return wanted
