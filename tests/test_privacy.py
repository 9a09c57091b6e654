"""Unlisted tracks are private: they reach their owner, and users invited to collaborate on them (pending or
accepted; a rejected invite loses access), through every operation that returns tracks, and nobody else.

A property over generated catalogues, invites and viewers, checked against a small oracle."""

from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg.types.json import Jsonb

from openaudio_api import ids
from openaudio_api.jobs.processors.curated_lists import CHECKPOINT as CURATED_CHECKPOINT
from tests import factory
from tests.challenges import run_jobs

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
    # And so do search's other paths (issue 22), whatever the kind asked for and the text.
    for path in ("/v1/search/full", "/v1/search/autocomplete"):
        for query in ("shared", "", "s"):
            for kind in ("all", "tracks"):
                found = fetch(client, path, viewer, [("query", query), ("limit", "100"), ("kind", kind)],
                              unwrap=lambda d: d["tracks"])
                assert set(found) == {t for t in everything if not world.tracks[t][1]}, (path, query, kind)
                check_collaborators(world, found, viewer)

    for listing in ("all", "public", "unlisted"):
        for profile in USERS:
            listed = fetch(client, f"/v1/users/{profile}/tracks", viewer,
                           [("filter_tracks", listing), ("limit", "100")])
            wanted = {t for t in everything
                      if world.on_profile(t, profile, listing, viewer) and world.may_see(t, viewer)}
            assert set(listed) == wanted, (listing, profile)
            check_collaborators(world, listed, viewer)
            # The same listing by handle, and its count (issue 18: handlers/user_tracks.py).
            by_handle = fetch(client, f"/v1/users/handle/user{profile}/tracks", viewer,
                              [("filter_tracks", listing), ("limit", "100")])
            assert set(by_handle) == wanted, (listing, profile)
            check_collaborators(world, by_handle, viewer)
            counted = client.get(f"/v1/users/{profile}/tracks/count",
                                 params=[("filter_tracks", listing)] + ([("user_id", ids.encode(viewer))] if viewer else []))
            assert counted.status_code in (200, 401, 403), counted.text
            assert counted.json()["data"] == len(wanted) if counted.status_code == 200 else not wanted

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
    # A user's remixed tracks: an unlisted parent reaches its owner only; only public remixes count.
    owner_of_1, unlisted_1, _ = world.tracks[1]
    remixed = fetch_remixed(client, owner_of_1, viewer)
    expected_count = len(public - {1})
    assert remixed == ({1: expected_count} if expected_count and (not unlisted_1 or viewer == owner_of_1) else {})


def fetch_remixed(client, user, viewer) -> dict[int, int]:
    r = client.get(f"/v1/users/{user}/tracks/remixed",
                   params=[("user_id", ids.encode(viewer))] if viewer else [])
    assert r.status_code == 200, r.text
    return {ids.decode(row["track_id"]): row["remix_count"] for row in r.json()["data"]}


@settings(max_examples=25, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(catalogue=catalogues, viewer=viewers)
def test_a_users_library_shows_only_the_tracks_the_viewer_may_see(client, conn, catalogue, viewer):
    """Favorites, favorite tracks and AI attributions list unlisted tracks only to those who may see them
    (upstream lists a saved unlisted track's id to anyone); the listening history is the listener's alone
    (issue 18: handlers/library.py, handlers/user_tracks.py)."""
    world = World(catalogue)
    conn.execute("TRUNCATE saves, reposts, usdc_purchases")
    load(conn, world)
    conn.execute("UPDATE tracks SET ai_attribution_user_id = 2")
    for tid in world.tracks:
        factory.save(conn, 3, tid)
    visible = {t for t in world.tracks if world.may_see(t, viewer)}
    params = [("limit", "100")]
    favorites = client.get("/v1/users/3/favorites", params=params + ([("user_id", ids.encode(viewer))] if viewer else []))
    assert favorites.status_code == 200, favorites.text
    assert {ids.decode(f["favorite_item_id"]) for f in favorites.json()["data"]} == visible
    liked = fetch(client, "/v1/users/3/favorites/tracks", viewer, params, unwrap=lambda d: [a["item"] for a in d])
    assert set(liked) == visible
    check_collaborators(world, liked, viewer)
    attributed = fetch(client, "/v1/users/handle/user2/tracks/ai_attributed", viewer, params)
    assert set(attributed) == {t for t, (owner, unlisted, _) in world.tracks.items() if not unlisted or viewer == owner}
    check_collaborators(world, attributed, viewer)
    # User 1 played every track (load): their history answers them alone (401 unsigned, 403 anyone else).
    history = fetch(client, "/v1/users/1/history/tracks", viewer, params, unwrap=lambda d: [a["item"] for a in d])
    assert set(history) == ({t for t in world.tracks if world.may_see(t, 1)} if viewer == 1 else set())
    check_collaborators(world, history, viewer)
    # User 3's library (saves, and a repost and a purchase of every track: issue 20) answers them alone, with
    # the tracks they may see.
    for tid in world.tracks:
        factory.repost(conn, 3, tid)
        factory.purchase(conn, tid, 3, world.tracks[tid][0], tid, 1_000_000)
    for kind in ("all", "favorite", "repost", "purchase"):
        library = fetch(client, "/v1/users/3/library/tracks", viewer, params + [("type", kind)],
                        unwrap=lambda d: [a["item"] for a in d])
        assert set(library) == ({t for t in world.tracks if world.may_see(t, 3)} if viewer == 3 else set()), kind
        check_collaborators(world, library, viewer)


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



@settings(max_examples=15, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(catalogue=catalogues, viewer=viewers)
def test_reposts_and_feeds_show_a_track_only_to_who_may_see_it(client, raw_client, conn, catalogue, viewer):
    """A user's reposts list a reposted unlisted track to those who may see it alone, and a feed (its own
    user's, signed) shows one to its owner and invitees alone (issue 20: handlers/activity.py). Everyone
    follows everyone and reposted every track, an hour ago."""
    world = World(catalogue)
    conn.execute("TRUNCATE reposts, follows")
    load(conn, world)
    recent = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(hours=1)
    conn.execute("UPDATE tracks SET created_at = %s", (recent - timedelta(hours=1),))
    for tid in world.tracks:
        for uid in USERS:
            factory.engagement(conn, "repost", uid, tid, created_at=recent)
    for a in USERS:
        for b in USERS:
            if a != b:
                factory.follow(conn, a, b)
    visible = {t for t in world.tracks if world.may_see(t, viewer)}
    items = lambda data: [a["item"] for a in data]  # noqa: E731
    for profile in USERS:
        listed = fetch(client, f"/v1/users/{profile}/reposts", viewer, [("limit", "100")], unwrap=items)
        assert set(listed) == visible, profile
        check_collaborators(world, listed, viewer)
    by_handle = fetch(client, "/v1/users/handle/user1/reposts", viewer, [("limit", "100")], unwrap=items)
    assert set(by_handle) == visible
    for feed_user in USERS:
        headers = factory.signature_headers(viewer) if viewer else {}
        r = raw_client.get(f"/v1/users/{feed_user}/feed", params={"limit": 100}, headers=headers)
        if viewer != feed_user:
            assert r.status_code == (403 if viewer else 401), r.text
            continue
        assert r.status_code == 200, r.text
        fed = {f["item"]["track_id"]: f["item"] for f in r.json()["data"]}
        assert set(fed) == visible
        check_collaborators(world, fed, viewer)


# -- people around users (handlers/people.py) -------------------------------------------------------------

GENRES = ["Pop", "Rock"]
genre_catalogues = st.lists(st.tuples(st.sampled_from(USERS), st.booleans(), st.sampled_from(GENRES)),
                            min_size=1, max_size=8)


@settings(max_examples=25, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(catalogue=genre_catalogues, viewer=viewers)
def test_top_and_related_users_never_reveal_unlisted_tracks(client, conn, catalogue, viewer):
    """Who is an artist, and of which genre, comes from public tracks only: an unlisted track moves nobody
    into the top users, a genre's top users, or anyone's related users."""
    conn.execute("TRUNCATE users, tracks, track_routes, aggregate_user, follows")
    for uid in USERS:
        factory.user(conn, uid)
    for n, (owner, unlisted, genre) in enumerate(catalogue, start=1):
        factory.track(conn, n, owner, genre=genre, is_unlisted=unlisted)
    for uid in USERS:  # user N has N followers, so everyone is within three times everyone else's
        for follower in range(uid):
            factory.follow(conn, 100 + follower, uid)
    public = {}
    for owner, unlisted, genre in catalogue:
        if not unlisted:
            public.setdefault(owner, []).append(genre)
    dominant = {u: min(set(g), key=lambda x: (-g.count(x), x)) for u, g in public.items()}
    query = [("user_id", ids.encode(viewer))] if viewer else []
    top = client.get("/v1/users/top", params=query).json()["data"]
    assert [u["user_id"] for u in top] == sorted(public, reverse=True)
    for genre in GENRES:
        listed = client.get("/v1/users/genre/top", params=query + [("genre", genre)]).json()["data"]
        assert [u["user_id"] for u in listed] == sorted((u for u, g in dominant.items() if g == genre), reverse=True)
    for uid in USERS:
        related = client.get(f"/v1/users/{uid}/related", params=query).json()["data"]
        mine = set(public.get(uid, []))
        # Under 100 followers: a shared genre, and fewer than three times the user's followers (user N has N).
        assert {u["user_id"] for u in related} == {u for u, g in dominant.items()
                                                   if g in mine and u != uid and u < 3 * uid}


grant_sets = st.lists(st.tuples(st.sampled_from(USERS), st.sampled_from(USERS), st.sampled_from([True, None]),
                                st.booleans()), max_size=5)


@settings(max_examples=25, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(grants=grant_sets, signer=st.sampled_from([None, *USERS]))
def test_a_users_mutes_managed_users_and_account_reach_only_them(raw_client, conn, grants, signer):
    """Mutes and managed users answer the user and their approved, unrevoked managers only; the account
    and a grantee's users answer their own wallet only; and the account lists another user's private
    playlist to nobody."""
    conn.execute("TRUNCATE users, grants, muted_users, playlists, playlist_routes, aggregate_user")
    for uid in USERS:
        factory.user(conn, uid)
        factory.mute(conn, uid, 1 + uid % len(USERS))
        factory.playlist(conn, 10 + uid, uid, is_private=True)
        factory.playlist_route(conn, 10 + uid, uid, f"private-{uid}")
    first = {}  # one grant per (grantor, manager): the first drawn
    for grantor, manager, approved, revoked in grants:
        if grantor != manager and (grantor, manager) not in first:
            first[(grantor, manager)] = (approved, revoked)
            factory.grant(conn, grantor=grantor, manager=manager, approved=approved, revoked=revoked)
    managers = {pair for pair, (approved, revoked) in first.items() if approved and not revoked}
    headers = factory.signature_headers(signer) if signer else {}
    for uid in USERS:
        may = signer is not None and (signer == uid or (uid, signer) in managers)
        for path in (f"/v1/users/{uid}/muted", f"/v1/users/{uid}/managed_users"):
            r = raw_client.get(path, headers=headers)
            assert r.status_code == (200 if may else 401 if signer is None else 403), (path, r.text)
        for path in (f"/v1/users/account/{factory.wallet_of(uid)}", f"/v1/grantees/{factory.wallet_of(uid)}/users"):
            r = raw_client.get(path, headers=headers)
            assert r.status_code == (200 if signer == uid else 401 if signer is None else 403), (path, r.text)
            if path.startswith("/v1/users/account") and r.status_code == 200:
                assert [p["id"] for p in r.json()["data"]["playlists"]] == [ids.encode(10 + uid)]
# --- The curated lists, popular genres, access info and download counts (issue 19) -----------------------

USDC = {"usdc_purchase": {"price": 100, "splits": [{"user_id": 1, "percentage": 100}]}}
STEM = 100  # track N's stem is track STEM + N, by the same owner, listed


def load_discovery(conn, db_url, world) -> datetime:
    """Everything every list needs, for every track: everyone follows everyone, saves, reposts, shares and
    downloads every track, each track is premium (download-gated), new (created an hour ago) and has a listed stem; then one
    curated_lists tick. Returns the tick's time."""
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    conn.execute("TRUNCATE follows, reposts, saves, shares, track_downloads, stems")
    load(conn, world)
    # Premium by a download gate: a stream gate would keep them off the remixables.
    conn.execute("UPDATE tracks SET created_at = %s, download_conditions = %s, is_download_gated = true",
                 (now - timedelta(hours=1), Jsonb(USDC)))
    for tid, (owner, _unlisted, _invites) in world.tracks.items():
        factory.track(conn, STEM + tid, owner, stem_of={"category": "bass", "parent_track_id": tid},
                      created_at=now - timedelta(hours=2))
        conn.execute("INSERT INTO stems (parent_track_id, child_track_id) VALUES (%s, %s)", (tid, STEM + tid))
        conn.execute("INSERT INTO track_downloads (txhash, parent_track_id, track_id, created_at) "
                     "VALUES (%s, %s, %s, %s)", (f"dl{tid}", tid, tid, now))
        for uid in USERS:
            factory.repost(conn, uid, tid)
            factory.save(conn, uid, tid)
            conn.execute("INSERT INTO shares (user_id, share_item_id, share_type, created_at, txhash) "
                         "VALUES (%s, %s, 'track', %s, %s)", (uid, tid, now - timedelta(hours=1), f"sh{uid}-{tid}"))
    for a in USERS:
        for b in USERS:
            if a != b:
                factory.follow(conn, a, b)
    conn.execute("DELETE FROM indexing_checkpoints WHERE tablename = %s", (CURATED_CHECKPOINT,))
    run_jobs(db_url, only=["curated_lists"], now=now)
    return now


@settings(max_examples=20, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(catalogue=catalogues, viewer=viewers)
def test_curated_lists_never_show_an_unlisted_track(client, conn, db_url, catalogue, viewer):
    """No curated list shows an unlisted track, not even to its owner or invitees (as upstream's lists);
    access info and download counts answer only those who may see the track."""
    world = World(catalogue)
    load_discovery(conn, db_url, world)
    everything = list(world.tracks)
    public = {t for t in everything if not world.tracks[t][1]}
    stems = {STEM + t for t in everything}
    others = {t for t in public if world.tracks[t][0] != viewer}  # by someone the viewer follows

    def lst(path, *params):
        found = fetch(client, path, viewer, [("limit", "100"), *params])
        check_collaborators(world, {t: v for t, v in found.items() if t in world.tracks}, viewer)
        return set(found)

    assert lst("/v1/tracks/latest") == public | stems
    followed = bool(viewer)
    assert lst("/v1/tracks/most_loved") == (public if followed else set())
    assert lst("/v1/tracks/best_new_releases", ("window", "week")) == (others if followed else set())
    assert lst("/v1/tracks/under_the_radar") == (public if followed else set())
    assert lst("/v1/tracks/remixables") == public
    premium = lst("/v1/tracks/recent-premium")
    assert premium <= public and len(premium) == len({world.tracks[t][0] for t in public})
    for time_range in ("week", "month", "allTime"):
        assert lst("/v1/tracks/most-shared", ("time_range", time_range)) == public

    genres = client.get("/v1/genres/popular").json()["data"]
    assert genres == [{"name": "Electronic", "count": len(public) + len(stems)}]

    query = [("user_id", ids.encode(viewer))] if viewer else []
    counts = client.get("/v1/tracks/download_counts", params=query + [("id", str(t)) for t in everything])
    visible = {t for t in everything if world.may_see(t, viewer)}
    assert {ids.decode(c["id"]) for c in counts.json()["data"]} == visible
    for tid in everything:
        assert answered(client, f"/v1/tracks/{tid}/access-info", viewer) == world.may_see(tid, viewer), tid
        one = client.get(f"/v1/tracks/{tid}/download_count", params=query).json()["data"]
        assert one["download_count"] == (1 if world.may_see(tid, viewer) else 0), tid
# --- issue 19: trending variants, winners, recommendations, feeling lucky and resolve ----------------------

USDC = {"usdc_purchase": {"price": 100, "splits": []}}


def load_rankings(conn, world):
    """Every track scored in every version and range (for sale in USDC too), a winner of last week's both
    rewards, well played (feeling lucky); user 2 listened to a track outside the catalogue, in its genre."""
    conn.execute("TRUNCATE track_trending_scores, trending_results, aggregate_plays")
    conn.execute("UPDATE tracks SET stream_conditions = %s", (factory.Jsonb(USDC),))
    for tid, (owner, _unlisted, _invites) in world.tracks.items():
        for version in ("pnagD", "AnlGe"):
            for time_range in ("week", "month", "allTime"):
                factory.trending_score(conn, tid, 100.0 - tid, version=version, time_range=time_range)
        conn.execute("INSERT INTO aggregate_plays (play_item_id, count) VALUES (%s, 300)", (tid,))
        for kind in ("TRACKS", "UNDERGROUND_TRACKS"):
            conn.execute("INSERT INTO trending_results (user_id, id, rank, type, version, week) "
                         "VALUES (%s, %s, %s, %s, 'pnagD', '2025-06-06')", (owner, str(tid), tid, kind))
    conn.execute("UPDATE track_trending_scores SET usdc_purchase = true")
    factory.track(conn, 99, 4, title="elsewhere")
    factory.plays(conn, 99, 1, user_id=2)
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
@given(catalogue=catalogues, viewer=viewers)
def test_rankings_and_resolve_show_unlisted_tracks_only_to_those_allowed(client, conn, catalogue, viewer):
    world = World(catalogue)
    load(conn, world)
    load_rankings(conn, world)
    everything = list(world.tracks)
    public = {t for t in everything if not world.tracks[t][1]}
    # Ranked lists keep an unlisted track (unlisted since the last refresh) for its owner only, as trending.
    ranked = {t for t in everything if not world.tracks[t][1] or world.tracks[t][0] == viewer}
    may_see = {t for t in everything if world.may_see(t, viewer)}

    page = [("limit", "100")]
    for path in ("/v1/tracks/trending/AnlGe", "/v1/tracks/trending/pnagD", "/v1/tracks/usdc-purchase",
                 "/v1/tracks/usdc-purchase/AnlGe", "/v1/tracks/recommended", "/v1/tracks/recommended/AnlGe"):
        listed = fetch(client, path, viewer, page)
        assert set(listed) == ranked, path
        check_collaborators(world, listed, viewer)
    for path in ("/v1/tracks/trending/ids", "/v1/tracks/trending/ids/AnlGe"):
        query = page + ([("user_id", ids.encode(viewer))] if viewer else [])
        data = client.get(path, params=query).json()["data"]
        for key in ("week", "month", "year"):
            assert {ids.decode(t["id"]) for t in data[key]} == ranked, (path, key)
    # Winners are what was stored, shown as getTrack would show each.
    for path in ("/v1/tracks/trending/winners", "/v1/tracks/trending/underground/winners"):
        assert set(fetch(client, path, viewer, [("week", "2025-06-06")])) == may_see, path
    # Recommendations and feeling lucky pick only public tracks, whoever asks.
    assert set(fetch(client, "/v1/users/2/recommended-tracks", viewer, page)) == public
    assert set(fetch(client, "/v1/tracks/feeling-lucky", viewer, page)) <= public
    # A permalink resolves for whoever may see the track; for anyone else it names nothing.
    for tid, (owner, _unlisted, _invites) in world.tracks.items():
        query = {"url": f"https://audius.co/user{owner}/shared-song-{tid}"}
        if viewer:
            query["user_id"] = ids.encode(viewer)
        r = client.get("/v1/resolve", params=query, follow_redirects=False)
        assert r.status_code == (302 if tid in may_see else 404), (tid, r.text)
@settings(max_examples=25, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(catalogue=catalogues, viewer=viewers)
def test_events_on_private_tracks_reach_only_those_who_may_see_the_track(client, conn, catalogue, viewer):
    """An event names its track: a remix contest on an unlisted track, and its comments, reach the owner and
    invited collaborators only, on every event operation; the contest lists' related tracks likewise."""
    from datetime import datetime, timedelta

    world = World(catalogue)
    conn.execute("TRUNCATE events, comments")
    load(conn, world)
    running = datetime.utcnow() + timedelta(days=30)
    for tid, (owner, _unlisted, _invites) in world.tracks.items():
        factory.remix_contest(conn, 100 + tid, owner, entity_id=tid, end_date=running)
    everything = list(world.tracks)
    expected = {100 + t for t in everything if world.may_see(t, viewer)}
    query = [("user_id", ids.encode(viewer))] if viewer else []

    def events(path, params=()):
        r = client.get(path, params=list(params) + query)
        assert r.status_code == 200, r.text
        return r.json()

    assert {ids.decode(e["event_id"]) for e in events("/v1/events/all", [("limit", "100")])["data"]} == expected
    asked = [("id", ids.encode(100 + t)) for t in everything]
    assert {ids.decode(e["event_id"]) for e in events("/v1/events", asked)["data"]} == expected
    on = [("entity_id", ids.encode(t)) for t in everything]
    assert {ids.decode(e["event_id"]) for e in events("/v1/events/entity", on)["data"]} == expected
    contests = events("/v1/events/remix-contests", [("limit", "100")])
    assert {ids.decode(e["event_id"]) for e in contests["data"]} == expected
    assert {t["track_id"] for t in contests["related"]["tracks"]} == {e - 100 for e in expected}
    for profile in USERS:
        hosted = events(f"/v1/users/{ids.encode(profile)}/contests")
        assert {ids.decode(e["event_id"]) for e in hosted["data"]} == {
            e for e in expected if world.tracks[e - 100][0] == profile}, profile
    for tid in everything:
        r = client.get(f"/v1/events/{ids.encode(100 + tid)}/comments", params=query)
        assert r.status_code == (200 if world.may_see(tid, viewer) else 404), (tid, r.text)
@settings(max_examples=25, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(catalogue=catalogues, viewer=viewers)
def test_comments_on_a_track_reach_only_who_may_see_it(client, conn, catalogue, viewer):
    """Comments (issue 21) on an unlisted track, and the track itself in their `related`, reach only those who
    may see the track, on every path that serves comments; the recently commented tracks are public ones."""
    from datetime import datetime, timedelta, timezone

    world = World(catalogue)
    conn.execute("TRUNCATE comments, comment_threads, track_comment_activity")
    load(conn, world)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    authors = {}
    for tid, (owner, _unlisted, _invites) in world.tracks.items():
        authors[tid] = USERS[tid % len(USERS)]
        factory.comment_at(conn, tid * 10, authors[tid], tid, now - timedelta(minutes=tid))
        factory.comment_at(conn, tid * 10 + 1, owner, tid, now - timedelta(seconds=tid))
        conn.execute("INSERT INTO comment_threads (comment_id, parent_comment_id) VALUES (%s, %s)",
                     (tid * 10 + 1, tid * 10))
    query = [("user_id", ids.encode(viewer))] if viewer else []

    def comments(path, status=200):
        r = client.get(path, params=query)
        assert r.status_code == status, r.text
        if status != 200:
            return []
        body = r.json()
        assert {t["track_id"] for t in body["related"]["tracks"]} <= {
            t for t in world.tracks if world.may_see(t, viewer)}
        return [ids.decode(c["entity_id"]) for c in body["data"]]

    for tid in world.tracks:
        visible = world.may_see(tid, viewer)
        assert comments(f"/v1/tracks/{tid}/comments", 200 if visible else 404) == ([tid] if visible else [])
        assert answered(client, f"/v1/tracks/{tid}/comment_count", viewer) == visible
        assert comments(f"/v1/comments/{tid * 10}") == ([tid] if visible else [])
        assert comments(f"/v1/comments/{tid * 10}/replies") == ([tid] if visible else [])
    for uid in USERS:
        wanted = {t for t, a in authors.items() if a == uid and world.may_see(t, viewer)}
        wanted |= {t for t, (owner, _u, _i) in world.tracks.items() if owner == uid and world.may_see(t, viewer)}
        assert set(comments(f"/v1/users/{uid}/comments?limit=100")) == wanted, uid
    recent = fetch(client, "/v1/tracks/recent-comments", viewer, [("limit", "100")])
    assert set(recent) == {t for t in world.tracks if not world.tracks[t][1]}


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

    # Search (issue 22) finds public playlists only, even for their owner (as upstream); their contents hide
    # the tracks the viewer may not see, as everywhere.
    public = {pid for pid, (_owner, private, _album, _t) in made.items() if not private}
    for query in ("playlist", "", "p"):
        found = playlists_of(client, "/v1/playlists/search", viewer, [("query", query), ("limit", "100")])
        assert set(found) == {p for p in public if not made[p][2]}, query
        check(found, with_tracks=False)
        r = client.get("/v1/search/full", params=[("query", query), ("limit", "100")]
                       + ([("user_id", ids.encode(viewer))] if viewer else []))
        assert r.status_code == 200, r.text
        for kind, albums in (("playlists", False), ("albums", True)):
            listed = {p["playlist_id"]: p for p in r.json()["data"][kind]}
            assert set(listed) == {p for p in public if made[p][2] == albums}, (query, kind)
            check(listed, with_tracks=False)

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

    # Everyone reposted every playlist (load_playlists): a user's reposts (issue 20) list what the viewer may
    # see, each with its tracks as they may see them; and so does the viewer's own feed (everyone follows
    # everyone, the reposts an hour old).
    for profile in USERS:
        r = client.get(f"/v1/users/{profile}/reposts", params=[("limit", "100")] + query)
        assert r.status_code == 200, r.text
        found = {a["item"]["playlist_id"]: a["item"] for a in r.json()["data"] if a["item_type"] == "playlist"}
        assert set(found) == may_see, profile
        check(found, with_tracks=True)
    if viewer:
        conn.execute("UPDATE reposts SET created_at = %s",
                     (datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(hours=1),))
        for other in USERS:
            if other != viewer:
                factory.follow(conn, viewer, other)
        r = client.get(f"/v1/users/{viewer}/feed", params={"limit": 100, "user_id": ids.encode(viewer)})
        assert r.status_code == 200, r.text
        fed = {f["item"]["playlist_id"]: f["item"] for f in r.json()["data"] if f["type"] == "playlist"}
        assert set(fed) == may_see
        check(fed, with_tracks=True)
    # Trending: every playlist scored, as if the job had run before it went private or its tracks unlisted. A
    # private playlist trends for nobody, its owner included, nor one without a public track left; the
    # first 5 tracks shown are those the viewer may see.
    conn.execute("TRUNCATE playlist_trending_scores")
    for pid, (_owner, _private, album, _t) in made.items():
        for time_range in ("week", "allTime"):
            conn.execute("INSERT INTO playlist_trending_scores (playlist_id, type, version, time_range, score, "
                         "is_album, created_at) VALUES (%s, 'PLAYLISTS', 'pnagD', %s, %s, %s, now())",
                         (pid, time_range, 100.0 - pid, album))
    for path, params, kind in (("/v1/playlists/trending", [("type", "album"), ("time", "year")], True),
                               ("/v1/full/playlists/trending", [], False),
                               ("/v1/playlists/trending/pnagD", [("time", "allTime")], False)):
        trending = playlists_of(client, path, viewer, params + [("limit", "100")])
        assert set(trending) == {p for p, (_o, private, album, tids) in made.items()
                                 if not private and album == kind and any(not world.tracks[t][1] for t in tids)}
        for pid, playlist in trending.items():
            assert [t["track_id"] for t in playlist["tracks"]] == \
                [t for t in made[pid][3] if world.may_see(t, viewer)][:5], (path, pid)

    # Libraries (issue 20): everyone reposted every playlist, so a user's library holds every playlist of the
    # kind they may see, and answers them alone; their saved playlists' updates likewise.
    for profile in USERS:
        for kind in ("playlists", "albums"):
            r = client.get(f"/v1/users/{profile}/library/{kind}",
                           params=[("limit", "100")] + ([("user_id", ids.encode(viewer))] if viewer else []))
            assert r.status_code == (200 if viewer == profile else 401 if not viewer else 403), r.text
            if r.status_code == 200:
                listed = {a["item"]["playlist_id"]: a["item"] for a in r.json()["data"]}
                assert set(listed) == {p for p, (owner, private, album, _t) in made.items()
                                       if album == (kind == "albums") and (not private or owner == profile)}
                check(listed, with_tracks=False)
    for pid in made:
        for uid in USERS:
            factory.playlist_engagement(conn, "save", uid, pid, item_type="album" if made[pid][2] else "playlist")
    if viewer:
        r = client.get(f"/v1/notifications/{viewer}/playlist_updates", params=[("user_id", ids.encode(viewer))])
        assert r.status_code == 200, r.text
        # Each playlist was created (and last updated) an hour per id after the saves' time.
        assert {ids.decode(u["playlist_id"]) for u in r.json()["data"]["playlist_updates"]} == may_see


# --- Search never finds a deactivated user, nor their tracks and playlists (issue 22) ---------------------

people = st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=5)  # (deactivated, verified)


@settings(max_examples=25, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(crowd=people, viewer=viewers)
def test_search_never_finds_deactivated_users_or_their_work(client, conn, crowd, viewer):
    conn.execute("TRUNCATE users, tracks, track_routes, aggregate_user, follows, playlists, playlist_tracks, "
                 "playlist_routes, aggregate_playlist, aggregate_plays")
    for uid in USERS:
        factory.user(conn, uid)
    active = set(USERS)
    for n, (deactivated, verified) in enumerate(crowd, start=10):
        factory.user(conn, n, f"singer{n}", name=f"Singer {n}", is_deactivated=deactivated, is_verified=verified)
        factory.track(conn, n, n, title=f"song of singer {n}", tags="shared,tag")
        factory.playlist_of(conn, n, n, [n], playlist_name=f"singer mix {n}", is_album=n % 2 == 0)
        factory.follow(conn, 1, n)  # the followed come first in relevant user search: never a deactivated one
        if not deactivated:
            active.add(n)
    query = [("user_id", ids.encode(viewer))] if viewer else []
    singers = {n for n in active if n >= 10}
    for text in ("singer", "", "s"):
        for sort in ("relevant", "popular", "recent"):
            page = query + [("query", text), ("limit", "100"), ("sort_method", sort)]
            users = client.get("/v1/users/search", params=page).json()["data"]
            assert {u["user_id"] for u in users} <= active and singers <= {u["user_id"] for u in users}
            everything = client.get("/v1/search/full", params=page).json()["data"]
            assert {u["user_id"] for u in everything["users"]} <= active
            assert {t["track_id"] for t in everything["tracks"]} == singers, (text, sort)
            assert {p["playlist_id"] for p in everything["playlists"] + everything["albums"]} == singers
            lists = client.get("/v1/playlists/search", params=page).json()["data"]
            assert {p["playlist_id"] for p in lists} == {n for n in singers if n % 2}
    tagged = client.get("/v1/search/tags", params=query + [("query", "shared"), ("limit", "100")]).json()["data"]
    assert {t["track_id"] for t in tagged["tracks"]} == singers
    assert {u["user_id"] for u in tagged["users"]} == singers
    assert {p["playlist_id"] for p in tagged["playlists"] + tagged["albums"]} == singers
