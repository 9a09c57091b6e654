"""Operations tagged `challenges`."""

from __future__ import annotations

from openaudio_api import challenges
from openaudio_api.web import database, my_id, path_id, respond, routed_path_param


async def _undisbursed(user: int | None, challenge_id: str | None, completed_blocknumber: int | None,
                       limit: int, offset: int):
    # The variant that lets an index find the rows (see the query): one user's, after a cursor, or all.
    variant = "user" if user else "after" if completed_blocknumber is not None else "all"
    rows = await database().fetch_all(f"get_undisbursed_challenges@{variant}", {
        "user_id": user, "challenge_id": challenge_id, "completed_blocknumber": completed_blocknumber,
        "limit": limit, "offset": offset})
    return respond([challenges.undisbursed(r) for r in rows])


async def get_undisbursed_challenges(limit: int = 10, offset: int = 0, challenge_id: str | None = None,
                                     completed_blocknumber: int | None = None, user_id: str | None = None, **_):
    # As upstream: without a path user, the requesting user (my id, signed) narrows the rows; an absent or
    # undecodable user_id is anonymous (0), and then every user's rows are listed.
    return await _undisbursed(my_id(user_id) or None, challenge_id, completed_blocknumber, limit, offset)


async def get_undisbursed_challenges_for_user(limit: int = 10, offset: int = 0, challenge_id: str | None = None,
                                              completed_blocknumber: int | None = None, **_):
    # The path's {user_id} shares its name with the query's my id; connexion hands the handler one of them
    # (see handlers/notifications.py), so the path value is read from the routed request.
    user = path_id(routed_path_param("user_id"))
    return await _undisbursed(user, challenge_id, completed_blocknumber, limit, offset)
