-- Developer apps (DeveloperApp Create/Update/Delete): an address a user registers so that, once granted, it may
-- act for users. One row per address, changed in place; is_delete marks a deleted app, whose grants no longer
-- let it act.
CREATE TABLE IF NOT EXISTS developer_apps (
    address            varchar   NOT NULL PRIMARY KEY,
    user_id            integer   NOT NULL,
    name               varchar   NOT NULL,
    description        varchar,
    is_personal_access boolean   NOT NULL DEFAULT false,
    is_current         boolean   NOT NULL DEFAULT true,
    is_delete          boolean   NOT NULL DEFAULT false,
    created_at         timestamp NOT NULL,
    updated_at         timestamp NOT NULL,
    txhash             varchar   NOT NULL,
    blockhash          varchar,
    blocknumber        integer
);
CREATE INDEX IF NOT EXISTS developer_apps_user_idx ON developer_apps (user_id) WHERE NOT is_delete;
