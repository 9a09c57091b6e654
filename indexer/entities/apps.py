"""DeveloperApp Create, Update and Delete, as the ETL: a user registers an address (metadata address, name up to
50 characters, description up to 160) that no user or app holds; once a user grants it (Grant Create, approved
at once for an app), it may sign for them. Its owner (or their manager) renames or deletes it; a deleted app's
grants no longer let it act. OAuth redirect URIs are not kept (no operation serves them yet)."""

from __future__ import annotations

from openaudio_api.indexer.blocks import ManageEntity, Rejected
from openaudio_api.indexer.entities import TxContext, handles
from openaudio_api.indexer.entities.common import acting_user, execute, fetch, metadata, migrated_flag, on_chain

NAME_MAX = 50
DESCRIPTION_MAX = 160


def _texts(meta: dict, *, required: bool) -> dict:
    name, description = meta.get("name"), meta.get("description")
    if not isinstance(name, str) or not name:
        if required:
            raise Rejected("name is required for developer app")
        name = None
    elif len(name) > NAME_MAX:
        raise Rejected(f"name exceeds {NAME_MAX} character limit")
    if isinstance(description, str) and len(description) > DESCRIPTION_MAX:
        raise Rejected(f"description exceeds {DESCRIPTION_MAX} character limit")
    return {"name": name, "description": description if isinstance(description, str) and description else None}


def _address(meta: dict) -> str:
    address = meta.get("address")
    if not isinstance(address, str) or not address:
        raise Rejected("address is required for developer app")
    return address.lower()


@handles("DeveloperApp", "Create")
def create(ctx: TxContext, em: ManageEntity) -> None:
    meta = metadata(em)
    texts = _texts(meta, required=True)
    acting_user(ctx, em)
    address = _address(meta)
    if fetch(ctx, "developer_app", {"address": address}) is not None:
        raise Rejected(f"developer app {address} already exists")
    if fetch(ctx, "wallet_taken", {"wallet": address})["taken"]:
        raise Rejected(f"address {address} is already a user wallet")
    execute(ctx, "insert_developer_app", on_chain(ctx) | texts | {
        "address": address, "user_id": em.user_id, "is_personal_access": meta.get("is_personal_access") is True,
        "is_delete": migrated_flag(ctx, em, "is_delete")})


def _own_app(ctx: TxContext, em: ManageEntity) -> dict:
    acting_user(ctx, em)
    app = fetch(ctx, "developer_app", {"address": _address(metadata(em))})
    if app is None or app["is_delete"]:
        raise Rejected(f"developer app {metadata(em).get('address')!r} does not exist")
    if app["user_id"] != em.user_id:
        raise Rejected(f"developer app {app['address']} is not user {em.user_id}'s")
    return app


@handles("DeveloperApp", "Update")
def update(ctx: TxContext, em: ManageEntity) -> None:
    app = _own_app(ctx, em)
    texts = _texts(metadata(em), required=False)
    execute(ctx, "update_developer_app", on_chain(ctx) | {
        "address": app["address"], "name": texts["name"] or app["name"],
        "description": texts["description"] if "description" in metadata(em) else app["description"],
        "is_delete": False})


@handles("DeveloperApp", "Delete")
def delete(ctx: TxContext, em: ManageEntity) -> None:
    app = _own_app(ctx, em)
    execute(ctx, "update_developer_app", on_chain(ctx) | app | {"is_delete": True})
