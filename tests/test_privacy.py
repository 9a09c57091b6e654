"""Unlisted tracks are private: they reach their owner, and users invited to collaborate on them (pending or
accepted; a rejected invite loses access), through every operation that returns tracks, and nobody else.

A property over generated catalogues, invites and viewers, checked against a small oracle."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openaudio_api import ids
from tests import factory

USERS = [1, 2, 3, 4]
STATUSES = [None, "pending", "accepted", "rejected"]

catalogues = st.lists(
    st.tuples(
        st.sampled_from(USERS),                                    # owner
        st.booleans(),                                             # unlisted
        st.lists(st.sampled_from(STATUSES), min_size=4, max_size=4),  # each user's invite (owner's ignored)
    ),
    min_size=1, max_size=6,
)
viewers = st.sampled_from([0, *USERS])


class World:
    def __init__(self, catalogue):
        self.tracks = {}
        for n, (owner, unlisted, statuses) in enumerate(catalogue, start=1):
            invites = {u: s for u, s in zip(USERS, statuses) if s and u != owner}
            self.tracks[n] = (owner, unlisted, invites)

    def may_see(self, tid, viewer):
        owner, unlisted, invites = self.tracks[tid]
        return not unlisted or viewer == owner or invites.get(viewer) in ("pending", "accepted")

    def on_profile(self, tid, profile, listing, viewer):
        owner, unlisted, invites = self.tracks[tid]
        if owner != profile and invites.get(profile) != "accepted":
            return False
        if listing == "public":
            return not unlisted
        if listing == "unlisted":
            return unlisted and viewer == profile  # the private listing answers only the profile user
        return not unlisted or viewer in (owner, profile)

    def collaborators(self, tid, status):
        owner, _unlisted, invites = self.tracks[tid]
        return [u for u, s in invites.items() if s == status]


def load(conn, world):
    conn.execute("TRUNCATE users, tracks, track_routes, track_collaborators, notification, aggregate_user, "
                 "aggregate_track, remixes, plays, track_listeners")
    for uid in USERS:
        factory.user(conn, uid)
    for tid, (owner, unlisted, invites) in world.tracks.items():
        # Every title shares the word "shared", so search can reach every track.
        factory.track(conn, tid, owner, title=f"shared song {tid}", is_unlisted=unlisted)
        for who, status in invites.items():  # invited in user order: the order collaborators are listed in
            factory.invite(conn, tid, who, owner, status)
        if tid > 1:  # every other track remixes track 1, and user 1 listened to each
            factory.remix(conn, 1, tid)
        factory.plays(conn, tid, 1, user_id=1)


def fetch(client, path, viewer, params=(), unwrap=lambda data: data):
    query = list(params) + ([("user_id", ids.encode(viewer))] if viewer else [])
    r = client.get(path, params=query)
    assert r.status_code in (200, 401, 403, 404), r.text
    if r.status_code != 200:
        return {}
    data = unwrap(r.json()["data"])
    return {t["track_id"]: t for t in (data if isinstance(data, list) else [data])}


def answered(client, path, viewer) -> bool:
    """Whether a list under a track answers this viewer (200) rather than 404 "track not found"."""
    r = client.get(path, params=[("user_id", ids.encode(viewer))] if viewer else [])
    assert r.status_code in (200, 404), r.text
    return r.status_code == 200


def check_collaborators(world, tracks, viewer):
    for tid, track in tracks.items():
        owner = world.tracks[tid][0]
        assert [u["user_id"] for u in track["collaborators"]] == world.collaborators(tid, "accepted")
        pending = world.collaborators(tid, "pending") if viewer == owner else []
        assert [u["user_id"] for u in track["pending_collaborators"]] == pending


@settings(max_examples=45, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(catalogue=catalogues, viewer=viewers)
def test_private_tracks_reach_only_owners_and_invitees(client, conn, catalogue, viewer):
    world = World(catalogue)
    load(conn, world)
    everything = list(world.tracks)
    expected = {t for t in everything if world.may_see(t, viewer)}

    single = {}
    for tid in everything:
        single.update(fetch(client, f"/v1/tracks/{tid}", viewer))
    assert set(single) == expected
    check_collaborators(world, single, viewer)

    bulk = fetch(client, "/v1/tracks", viewer, [("id", str(t)) for t in everything])
    assert set(bulk) == expected
    check_collaborators(world, bulk, viewer)

    # Search covers public tracks only, even for their owner (as upstream).
    found = fetch(client, "/v1/tracks/search", viewer, [("query", "shared"), ("limit", "100")])
    assert set(found) == {t for t in everything if not world.tracks[t][1]}
    check_collaborators(world, found, viewer)

    for listing in ("all", "public", "unlisted"):
        for profile in USERS:
            listed = fetch(client, f"/v1/users/{profile}/tracks", viewer,
                           [("filter_tracks", listing), ("limit", "100")])
            wanted = {t for t in everything
                      if world.on_profile(t, profile, listing, viewer) and world.may_see(t, viewer)}
            assert set(listed) == wanted, (listing, profile)
            check_collaborators(world, listed, viewer)

    # The remix graph (every other track remixes track 1): the lists under a track answer only those who may
    # see that track, and list only public tracks, even to their owners (as upstream).
    public = {t for t in everything if not world.tracks[t][1]}
    remixes = fetch(client, "/v1/tracks/1/remixes", viewer, [("limit", "100")], unwrap=lambda d: d["tracks"])
    assert set(remixes) == ((public - {1}) if world.may_see(1, viewer) else set())
    check_collaborators(world, remixes, viewer)
    for tid in everything:
        parents = fetch(client, f"/v1/tracks/{tid}/remixing", viewer)
        assert set(parents) == (({1} & public) if tid > 1 and world.may_see(tid, viewer) else set()), tid
        check_collaborators(world, parents, viewer)
        for path in ("stems", "top_listeners"):
            assert answered(client, f"/v1/tracks/{tid}/{path}", viewer) == world.may_see(tid, viewer), (path, tid)


@settings(max_examples=25, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(catalogue=catalogues, viewer=viewers)
def test_who_reposted_or_saved_a_track_follows_the_tracks_visibility(client, conn, catalogue, viewer):
    """Who reposted or saved an unlisted track tells who had its private link: the lists reach only those
    who may see the track (handlers/social.py), and are empty, as for an unknown track, for anyone else."""
    world = World(catalogue)
    conn.execute("TRUNCATE reposts, saves")
    load(conn, world)
    for tid in world.tracks:
        for uid in USERS:
            factory.repost(conn, uid, tid)
            factory.save(conn, uid, tid)
    for tid in world.tracks:
        expected = USERS if world.may_see(tid, viewer) else []
        for kind in ("reposts", "favorites"):
            query = [("user_id", ids.encode(viewer))] if viewer else []
            r = client.get(f"/v1/tracks/{ids.encode(tid)}/{kind}", params=query)
            assert r.status_code == 200, r.text
            assert sorted(u["user_id"] for u in r.json()["data"]) == expected, (tid, kind)


# --- Playlists and albums (issue 20): a private playlist reaches its owner alone, and an unlisted track in a
# public playlist reaches those who may see the track alone, on every playlist path. ---

playlist_sets = st.lists(
    st.tuples(
        st.sampled_from(USERS),                                  # owner
        st.booleans(),                                           # private
        st.booleans(),                                           # album
        st.lists(st.integers(min_value=0, max_value=5), max_size=5),  # entries (track n = 1 + i % tracks)
    ),
    min_size=1, max_size=3,
)


def load_playlists(conn, world, playlist_set) -> dict[int, tuple]:
    """Playlists 1.. over the world's tracks: {playlist_id: (owner, private, album, track ids in order)}."""
    conn.execute("TRUNCATE playlists, playlist_tracks, playlist_routes, reposts, saves, aggregate_playlist")
    made = {}
    for pid, (owner, private, album, entries) in enumerate(playlist_set, start=1):
        track_ids = [1 + i % len(world.tracks) for i in entries]
        factory.playlist_of(conn, pid, owner, track_ids, slug=f"mix-{pid}", is_private=private, is_album=album)
        for uid in USERS:
            factory.playlist_engagement(conn, "repost", uid, pid, item_type="album" if album else "playlist")
        made[pid] = (owner, private, album, track_ids)
    return made


def playlists_of(client, path, viewer, params=()) -> dict[int, dict]:
    query = list(params) + ([("user_id", ids.encode(viewer))] if viewer else [])
    r = client.get(path, params=query)
    assert r.status_code in (200, 404), r.text
    return {p["playlist_id"]: p for p in r.json()["data"]} if r.status_code == 200 else {}


@settings(max_examples=30, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(catalogue=catalogues, playlist_set=playlist_sets, viewer=viewers)
def test_private_playlists_and_hidden_tracks_in_playlists(client, conn, catalogue, playlist_set, viewer):
    world = World(catalogue)
    load(conn, world)
    made = load_playlists(conn, world, playlist_set)
    may_see = {pid for pid, (owner, private, _album, _t) in made.items() if not private or viewer == owner}

    def check(found: dict[int, dict], with_tracks: bool):
        for pid, playlist in found.items():
            visible = [t for t in made[pid][3] if world.may_see(t, viewer)]
            assert [ids.decode(e["track_id"]) for e in playlist["playlist_contents"]] == visible, pid
            assert playlist["track_count"] == len(visible)
            if with_tracks:
                assert [t["track_id"] for t in playlist["tracks"]] == visible, pid
                check_collaborators(world, {t["track_id"]: t for t in playlist["tracks"]}, viewer)

    single = {}
    for pid in made:
        single.update(playlists_of(client, f"/v1/playlists/{pid}", viewer))
        single.update(playlists_of(client, f"/v1/full/playlists/by_permalink/user{made[pid][0]}/mix-{pid}", viewer))
    assert set(single) == may_see
    check(single, with_tracks=True)

    bulk = playlists_of(client, "/v1/playlists", viewer, [("id", str(p)) for p in made] + [("with_tracks", "true")])
    assert set(bulk) == may_see
    check(bulk, with_tracks=True)

    for profile in USERS:
        for kind in ("playlists", "albums"):
            for listing in ("all", "public"):
                listed = playlists_of(client, f"/v1/users/{profile}/{kind}", viewer,
                                      [(f"filter_{kind}", listing), ("limit", "100")])
                assert set(listed) == {p for p, (owner, private, album, _t) in made.items()
                                       if owner == profile and album == (kind == "albums")
                                       and (not private or (listing == "all" and viewer == owner))}
                check(listed, with_tracks=False)

    for pid in made:
        page = fetch(client, f"/v1/playlists/{pid}/tracks", viewer, [("limit", "100")])
        assert set(page) == ({t for t in made[pid][3] if world.may_see(t, viewer)} if pid in may_see else set())
        check_collaborators(world, page, viewer)
        assert answered(client, f"/v1/playlists/{pid}/access-info", viewer) == (pid in may_see)
        query = [("user_id", ids.encode(viewer))] if viewer else []
        reposters = client.get(f"/v1/playlists/{pid}/reposts", params=query).json()["data"]
        assert sorted(u["user_id"] for u in reposters) == (USERS if pid in may_see else [])
