"""Unlisted tracks are private to their owner, through every operation that returns tracks.

A property over generated catalogues and viewers, checked against a one-line oracle."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openaudio_api import ids
from tests import factory

USERS = [1, 2, 3, 4]

catalogues = st.lists(
    st.tuples(st.sampled_from(USERS), st.booleans()),  # (owner, is_unlisted)
    min_size=1, max_size=8,
)
viewers = st.sampled_from([0, *USERS])


def visible(owner: int, unlisted: bool, viewer: int) -> bool:
    return not unlisted or viewer == owner


def reset(conn, catalogue):
    conn.execute("TRUNCATE users, tracks, track_routes, aggregate_user, aggregate_track")
    for uid in USERS:
        factory.user(conn, uid)
    for n, (owner, unlisted) in enumerate(catalogue, start=1):
        # Every title shares the word "shared", so search can reach every track.
        factory.track(conn, n, owner, title=f"shared song {n}", is_unlisted=unlisted)


def returned_ids(client, path, viewer, params=()):
    query = list(params) + ([("user_id", ids.encode(viewer))] if viewer else [])
    r = client.get(path, params=query)
    assert r.status_code in (200, 401, 403, 404), r.text
    if r.status_code != 200:
        return set()
    data = r.json()["data"]
    return {t["track_id"] for t in (data if isinstance(data, list) else [data])}


@settings(max_examples=40, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(catalogue=catalogues, viewer=viewers)
def test_unlisted_tracks_reach_only_their_owner(client, conn, catalogue, viewer):
    reset(conn, catalogue)
    tracks = dict(enumerate(catalogue, start=1))
    expected = {tid for tid, (owner, unlisted) in tracks.items() if visible(owner, unlisted, viewer)}

    single = set()
    for tid in tracks:
        single |= returned_ids(client, f"/v1/tracks/{tid}", viewer)
    assert single == expected

    assert returned_ids(client, "/v1/tracks", viewer, [("id", str(t)) for t in tracks]) == expected
    # Search covers public tracks only, even for their owner (as upstream).
    public = {tid for tid, (_owner, unlisted) in tracks.items() if not unlisted}
    assert returned_ids(client, "/v1/tracks/search", viewer, [("query", "shared"), ("limit", "100")]) == public

    for listing in ("all", "public", "unlisted"):
        on_profiles = set()
        for uid in USERS:
            on_profiles |= returned_ids(client, f"/v1/users/{uid}/tracks", viewer,
                                        [("filter_tracks", listing), ("limit", "100")])
        wanted = {tid for tid in expected
                  if listing == "all"
                  or (listing == "public" and not tracks[tid][1])
                  or (listing == "unlisted" and tracks[tid][1])}
        assert on_profiles == wanted, listing
