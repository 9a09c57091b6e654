"""Operations tagged `grantees`: the users who granted a wallet the right to manage them."""

from __future__ import annotations

from openaudio_api.handlers.people import get_grantee_users  # noqa: F401
