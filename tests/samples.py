"""Sample calls of every operation in the spec, with values that exist in the sample database (conftest's
sample_url), for the drift test (raw HTTP) and the SDK tests (through the generated clients).

Each operation has hand-picked calls in RECIPES (viewers, remixes, unlisted tracks, managers, ...). An
operation the spec declares but RECIPES does not know yet (new work) still gets a call: its path parameters
are filled by name and a private operation is signed as its path user. If that cannot work (a required
parameter nobody knows), `calls` says so, so the new operation gets a recipe instead of going unsampled.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import httpx
import psycopg

from openaudio_api.demo import seed as seeding
from openaudio_api import ids
from tests import factory
from tests.conftest import SAMPLE_CONTEST, SAMPLE_ENDED_CONTEST, SEED_SIZE
from tests.spec_walk import Operation, operations


# Operations whose answer is a random draw, different on every call (tests comparing two calls compare
# only that both answered).
RANDOM = {"getFeelingLuckyTracks"}


@dataclass(frozen=True)
class Known:
    """Rows of the sample database worth asking about."""
    viewer: int  # follows someone who reposted `followed_track` (followee_reposts is not null)
    followed_track: int
    remix: int  # a remix: remix_of.tracks is not empty
    plain_track: int
    unlisted_owner: int
    unlisted_track: int
    handle: str
    permalink: str
    search_word: str
    managed_user: int  # has an approved, a pending and a revoked manager (conftest.sample_url)
    invitee: int  # invited to collaborate on several tracks (accepted and pending)
    users: tuple[int, ...]
    # (profile, viewer, middle): viewer follows middle, who follows profile and is not deactivated, so
    # profile's followers, viewer's followees and profile's mutuals as viewer sees them are not empty.
    mutual: tuple[int, int, int] = (0, 0, 0)
    saved_track: int = 0  # a track with a live save by an active user
    remixed: int = 0  # the parent of `remix`: has remixes
    listened: int = 0  # the track with the most signed-in listeners
    stemmed: int = 0  # has stems (conftest.add_sample_stems)
    # People around users (handlers/people.py): the managed user's approved manager, and both wallets.
    manager: int = 0
    manager_wallet: str = ""
    viewer_wallet: str = ""
    # A user's library and tracks seen from other sides (issue 18): the user with the most live track saves,
    # the signed-in listener with the most plays, and the owner of `remixed`.
    saver: int = 0
    listener: int = 0
    remixee: int = 0
    contest_host: int = 0  # hosts the sample contests (conftest.add_sample_events)
    contest_track: int = 0  # the running contest's track
    # conftest.add_sample_comments: a track with a pinned thread (a comment with replies), its owner and a
    # reply's author
    commented: tuple[int, int, int, int] = (0, 0, 0, 0)  # (track, owner, thread's comment, replier)
    # Playlists (conftest.add_sample_playlists): a public playlist with tracks, reposts and saves; an album and
    # a private playlist of the same owner, who has several of each.
    playlist: int = 0
    album: int = 0
    private_playlist: int = 0
    playlist_owner: int = 0
    playlist_owner_handle: str = ""
    playlist_slug: str = ""
    # A user's reposts and feed (issue 20): the user with the most reposts, playlists among them.
    reposter: int = 0
    reposter_handle: str = ""


def known(url: str) -> Known:
    with psycopg.connect(url) as conn:
        one = lambda sql: conn.execute(sql).fetchone()  # noqa: E731
        viewer, followed = one(
            "SELECT f.follower_user_id, r.repost_item_id FROM follows f "
            "JOIN reposts r ON r.user_id = f.followee_user_id AND r.is_current AND NOT r.is_delete "
            "JOIN tracks t ON t.track_id = r.repost_item_id AND t.is_current AND NOT t.is_unlisted "
            "WHERE f.is_current AND NOT f.is_delete ORDER BY 1, 2 LIMIT 1")
        remix, = one("SELECT r.child_track_id FROM remixes r JOIN tracks t ON t.track_id = r.child_track_id "
                     "AND t.is_current AND NOT t.is_unlisted AND NOT t.is_delete ORDER BY 1 LIMIT 1")
        plain, = one("SELECT track_id FROM tracks WHERE is_current AND NOT is_unlisted AND NOT is_delete "
                     "AND track_id NOT IN (SELECT child_track_id FROM remixes) AND track_id <> %d ORDER BY 1 LIMIT 1"
                     % followed)
        owner, unlisted = one("SELECT owner_id, track_id FROM tracks WHERE is_current AND is_unlisted "
                              "AND NOT is_delete AND owner_id <> %d ORDER BY 2 LIMIT 1" % viewer)
        handle, = one("SELECT handle FROM users WHERE user_id = 1")
        # The recipes ask for all and for accepted invites: the invitee must have an accepted one.
        invitee, = one("SELECT collaborator_user_id FROM track_collaborators GROUP BY 1 "
                       "ORDER BY bool_or(status = 'accepted') DESC, count(DISTINCT status) DESC, count(*) DESC, 1 "
                       "LIMIT 1")
        permalink, = one("SELECT '/' || u.handle || '/' || r.slug FROM track_routes r "
                         "JOIN users u ON u.user_id = r.owner_id WHERE r.track_id = %d" % plain)
        title, = one("SELECT title FROM tracks WHERE track_id = %d" % plain)
        managed, = one("SELECT user_id FROM grants WHERE is_approved ORDER BY 1 LIMIT 1")
        mutual = one("SELECT theirs.followee_user_id, mine.follower_user_id, mine.followee_user_id "
                     "FROM follows mine JOIN follows theirs ON theirs.follower_user_id = mine.followee_user_id "
                     "AND theirs.is_current AND NOT theirs.is_delete "
                     "AND theirs.followee_user_id <> mine.follower_user_id "
                     "JOIN users u ON u.user_id = mine.followee_user_id AND u.is_current AND NOT u.is_deactivated "
                     "WHERE mine.is_current AND NOT mine.is_delete ORDER BY 1, 2, 3 LIMIT 1")
        saved, = one("SELECT s.save_item_id FROM saves s JOIN users u ON u.user_id = s.user_id AND u.is_current "
                     "AND NOT u.is_deactivated WHERE s.save_type = 'track' AND s.is_current AND NOT s.is_delete "
                     "ORDER BY 1 LIMIT 1")
        remixed, = one("SELECT min(parent_track_id) FROM remixes WHERE child_track_id = %d" % remix)
        listened, = one("SELECT l.track_id FROM track_listeners l JOIN tracks t ON t.track_id = l.track_id "
                        "AND t.is_current AND NOT t.is_unlisted AND NOT t.is_delete "
                        "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
        stemmed, = one("SELECT coalesce(min(parent_track_id), 0) FROM stems")
        manager, manager_wallet = one(
            "SELECT u.user_id, u.wallet FROM grants g JOIN users u ON lower(u.wallet) = lower(g.grantee_address) "
            "AND u.is_current WHERE g.user_id = %d AND g.is_approved AND NOT g.is_revoked AND g.is_current "
            "ORDER BY 1 LIMIT 1" % managed)
        viewer_wallet, = one("SELECT wallet FROM users WHERE user_id = %d AND is_current" % viewer)
        saver, = one("SELECT user_id FROM saves WHERE save_type = 'track' AND is_current AND NOT is_delete "
                     "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
        listener, = one("SELECT user_id FROM plays WHERE user_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 "
                        "LIMIT 1")
        remixee, = one("SELECT owner_id FROM tracks WHERE track_id = %d AND is_current" % remixed)
        contest_host, contest_track = one(
            "SELECT user_id, entity_id FROM events WHERE event_id = %d" % SAMPLE_CONTEST) or (0, 0)
        commented = one("SELECT c.entity_id, t.owner_id, c.comment_id, r.user_id FROM comments c "
                        "JOIN tracks t ON t.track_id = c.entity_id AND t.is_current AND t.pinned_comment_id = c.comment_id "
                        "JOIN comments r ON r.parent_comment_id = c.comment_id ORDER BY r.comment_id LIMIT 1") or (0, 0, 0, 0)
        playlist, owner_of_playlists, owner_handle, slug = one(
            "SELECT p.playlist_id, p.playlist_owner_id, u.handle, r.slug FROM playlists p "
            "JOIN users u ON u.user_id = p.playlist_owner_id AND u.is_current AND NOT u.is_deactivated "
            "JOIN playlist_routes r ON r.playlist_id = p.playlist_id AND r.is_current "
            "JOIN aggregate_playlist a ON a.playlist_id = p.playlist_id AND a.repost_count > 0 AND a.save_count > 0 "
            "WHERE p.is_current AND NOT p.is_delete AND NOT p.is_private AND NOT p.is_album "
            "ORDER BY p.playlist_id LIMIT 1") or (0, 0, "", "")  # the demo seed has no playlists
        album, = one("SELECT coalesce(min(playlist_id), 0) FROM playlists WHERE is_album AND NOT is_private "
                     "AND playlist_owner_id = %d" % owner_of_playlists)
        private_playlist, = one("SELECT coalesce(min(playlist_id), 0) FROM playlists WHERE is_private "
                                "AND playlist_owner_id = %d" % owner_of_playlists)
        reposter, reposter_handle = one(
            "SELECT r.user_id, u.handle FROM reposts r JOIN users u ON u.user_id = r.user_id AND u.is_current "
            "AND NOT u.is_deactivated WHERE r.is_current AND NOT r.is_delete GROUP BY 1, 2 "
            "ORDER BY bool_or(r.repost_type <> 'track') DESC, count(*) DESC, 1 LIMIT 1")
    return Known(viewer=viewer, followed_track=followed, remix=remix, plain_track=plain, unlisted_owner=owner,
                 unlisted_track=unlisted, handle=handle, permalink=permalink,
                 search_word=title.split()[0].lower(), managed_user=managed, invitee=invitee, users=tuple(dict.fromkeys((1, 2, 3, viewer))),
                 mutual=tuple(mutual), saved_track=saved, remixed=remixed, listened=listened, stemmed=stemmed,
                 manager=manager, manager_wallet=manager_wallet, viewer_wallet=viewer_wallet,
                 saver=saver, listener=listener, remixee=remixee,
                 contest_host=contest_host, contest_track=contest_track, commented=tuple(commented),
                 playlist=playlist, album=album, private_playlist=private_playlist,
                 playlist_owner=owner_of_playlists, playlist_owner_handle=owner_handle, playlist_slug=slug,
                 reposter=reposter, reposter_handle=reposter_handle)


@dataclass(frozen=True)
class Call:
    operation: Operation
    params: dict = field(hash=False)  # spec parameter name -> value (a list for exploded arrays)
    signer: int | None = None  # sign as this seeded user
    via: str = "headers"  # or "query": user_data / user_signature
    note: str = ""

    @property
    def operation_id(self) -> str:
        return self.operation.operation_id

    @property
    def label(self) -> str:
        return f"{self.operation_id}[{self.note or ','.join(sorted(self.params)) or 'bare'}]"

    def path_and_query(self) -> str:
        """The request as raw HTTP would send it, credentials excluded."""
        path, query = self.operation.path, []
        for p in self.operation.parameters:
            if p["name"] not in self.params:
                continue
            value = self.params[p["name"]]
            if p["in"] == "path":
                path = path.replace("{" + p["name"] + "}", str(value))
            elif p["in"] == "query":
                values = value if isinstance(value, list) else [value]
                if isinstance(value, list) and p.get("explode") is False:  # form, explode false: a,b,c
                    values = [",".join(map(str, value))]
                query.extend((p["name"], str(v).lower() if isinstance(v, bool) else str(v)) for v in values)
        return "/v1" + path + (f"?{urlencode(query)}" if query else "")

    def http(self) -> tuple[str, dict[str, str]]:
        """(path and query, headers) of the raw HTTP request, its credentials sent the call's way: as the
        Encoded-Data headers, or as user_data / user_signature query parameters."""
        path, credentials = self.path_and_query(), self.credentials()
        if not credentials:
            return path, {}
        if self.via == "query":
            query = urlencode({"user_data": credentials["message"], "user_signature": credentials["signature"]})
            return f"{path}{'&' if '?' in path else '?'}{query}", {}
        return path, {"Encoded-Data-Message": credentials["message"],
                      "Encoded-Data-Signature": credentials["signature"]}

    def credentials(self) -> dict[str, str]:
        """{"message", "signature"} for this call's signer, or {} when unsigned."""
        if not self.signer:
            return {}
        headers = factory.signature_headers(self.signer, key=seeding.private_key(self.signer, SEED_SIZE.seed))
        return {"message": headers["Encoded-Data-Message"], "signature": headers["Encoded-Data-Signature"]}


def recipes(k: Known) -> dict[str, list[tuple[dict, int | None, str]]]:
    """operationId -> [(params, signer, note)]. A non-zero user_id must be signed by that user."""
    h = ids.encode
    return {
        "getBulkTracks": [
            ({"id": [h(k.remix), str(k.followed_track), h(k.plain_track)], "user_id": h(k.viewer)}, k.viewer,
             "ids+viewer"),
            ({"permalink": [k.permalink]}, None, "permalink"),
            ({"id": [h(k.unlisted_track)], "user_id": h(k.unlisted_owner)}, k.unlisted_owner, "unlisted-owner"),
        ],
        "searchTracks": [
            ({"query": k.search_word, "user_id": h(k.viewer)}, k.viewer, "query+viewer"),
            ({"sort_method": "popular", "limit": 20}, None, "popular"),
        ],
        # Search of every kind (issue 22): handlers/search.py. The sample playlists are all "Bench playlist N".
        "searchUsers": [
            ({"query": k.search_word, "user_id": h(k.viewer)}, k.viewer, "query+viewer"),
            ({"sort_method": "popular", "is_verified": "false", "limit": 5}, None, "popular"),
        ],
        "searchPlaylists": [({"query": "bench", "user_id": h(k.viewer)}, k.viewer, "query+viewer")],
        "search": [
            ({"query": k.search_word, "user_id": h(k.viewer)}, k.viewer, "all+viewer"),
            ({"query": "bench", "kind": "albums"}, None, "albums"),
        ],
        "searchAutocomplete": [({"query": k.search_word[:2]}, None, "prefix")],
        "searchTags": [({"query": k.search_word}, None, "tag")],
        "getTrack": [
            ({"track_id": h(k.remix), "user_id": h(k.viewer)}, k.viewer, "remix+viewer"),
            ({"track_id": h(k.followed_track), "user_id": h(k.viewer)}, k.viewer, "followee-repost"),
            ({"track_id": str(k.plain_track)}, None, "decimal-id"),
        ],
        # The sample database has trending scores as of the end of its span (conftest.add_sample_trending).
        "getTrendingTracks": [
            ({"user_id": h(k.viewer)}, k.viewer, "week+viewer"),
            ({"time": "allTime", "genre": "Electronic", "limit": 5, "offset": 1}, None, "allTime+genre"),
        ],
        "getUndergroundTrendingTracks": [
            ({"limit": 10}, None, "page"),
            ({"user_id": h(k.unlisted_owner)}, k.unlisted_owner, "owner"),
        ],
        "getBulkUsers": [({"id": [h(u) for u in k.users], "user_id": h(k.viewer)}, k.viewer, "ids+viewer")],
        "getUserByHandle": [({"handle": k.handle}, None, "handle")],
        "getUser": [({"id": h(k.viewer), "user_id": h(k.viewer)}, k.viewer, "self"),
                    ({"id": "1"}, None, "anonymous")],
        "getUserTracks": [
            ({"id": h(k.unlisted_owner), "sort_method": "plays", "limit": 50}, None, "public"),
            ({"id": h(k.unlisted_owner), "filter_tracks": "unlisted"}, k.unlisted_owner, "unlisted-signed"),
        ],
        "getManagers": [
            ({"id": h(k.managed_user)}, k.managed_user, "live"),
            ({"id": h(k.managed_user), "is_revoked": True}, k.managed_user, "revoked"),
        ],
        "getCollaborationInvites": [
            ({"id": h(k.invitee)}, k.invitee, "all"),
            ({"id": h(k.invitee), "status": "accepted"}, k.invitee, "accepted"),
        ],
        "getUserMonthlyTrackListens": [
            ({"id": h(k.unlisted_owner), "start_time": "2023-01-01", "end_time": "2027-01-01T00:00:00Z"},
             k.unlisted_owner, "own"),
        ],
        # conftest.add_sample_challenges: the managed user (2) has challenge progress.
        "getUserChallenges": [
            ({"id": h(k.managed_user)}, None, "progress"),
            ({"id": h(k.managed_user), "show_historical": True, "user_id": h(k.viewer)}, k.viewer, "viewer"),
        ],
        "getUndisbursedChallenges": [
            ({}, None, "all"),
            ({"challenge_id": "c", "completed_blocknumber": 1, "limit": 5, "offset": 0}, None, "filters"),
            ({"user_id": h(k.managed_user)}, k.managed_user, "mine"),
        ],
        # The path user_id and the query user_id share the name: both are the managed user, signed.
        "getUndisbursedChallengesForUser": [({"user_id": h(k.managed_user)}, k.managed_user, "path")],
        "getHealthCheck": [({}, None, "bare")],
        # The social graph's user lists (handlers/social.py): k.mutual's middle user is on all three.
        "getFollowers": [
            ({"id": h(k.mutual[0]), "user_id": h(k.mutual[1])}, k.mutual[1], "viewer"),
            ({"id": h(k.mutual[0]), "limit": 1, "offset": 0}, None, "page"),
        ],
        "getFollowing": [({"id": h(k.mutual[1])}, None, "anonymous")],
        "getMutualFollowers": [({"id": h(k.mutual[0]), "user_id": h(k.mutual[1])}, k.mutual[1], "viewer")],
        "getUsersFromReposts": [({"track_id": h(k.followed_track), "user_id": h(k.viewer)}, k.viewer, "viewer")],
        "getUsersFromFavorites": [({"track_id": h(k.saved_track), "limit": 5}, None, "page")],
        # The remix graph, stems and listeners (issue 18).
        "getTrackRemixes": [
            ({"track_id": h(k.remixed), "user_id": h(k.viewer)}, k.viewer, "viewer"),
            ({"track_id": h(k.remixed), "sort_method": "plays", "only_cosigns": False,
              "only_contest_entries": False, "limit": 5, "offset": 0}, None, "by-plays"),
        ],
        "getTrackRemixParents": [({"track_id": h(k.remix), "user_id": h(k.viewer)}, k.viewer, "viewer")],
        "getTrackStems": [({"track_id": h(k.stemmed)}, None, "stems")],
        "getTrackTopListeners": [({"track_id": h(k.listened), "limit": 5}, None, "listeners")],
        # People around users (handlers/people.py); conftest.add_sample_people adds subscriptions and mutes.
        "getRelatedUsers": [
            ({"id": h(k.mutual[0]), "user_id": h(k.mutual[1])}, k.mutual[1], "viewer"),
            ({"id": h(k.unlisted_owner), "limit": 5, "filter_followed": True, "user_id": h(k.viewer)}, k.viewer,
             "filter-followed"),
        ],
        "getSubscribers": [({"id": h(k.managed_user), "limit": 2}, None, "page")],
        "bulkGetSubscribers": [({"ids": [h(k.managed_user), h(k.viewer)]}, None, "two")],
        "getTopUsers": [({"user_id": h(k.viewer)}, k.viewer, "viewer"), ({"limit": 5, "offset": 2}, None, "page")],
        "getTopUsersInGenre": [({"genre": ["Electronic", "Pop"], "limit": 5}, None, "genres")],
        "getUserIDsByAddresses": [({"address": [k.viewer_wallet, k.manager_wallet]}, None, "two")],
        "getUserAccount": [({"wallet": k.viewer_wallet}, k.viewer, "own")],
        "getMutedUsers": [({"id": h(k.managed_user)}, k.managed_user, "own")],
        "getManagedUsers": [({"id": h(k.manager)}, k.manager, "manager"),
                            ({"id": h(k.manager), "is_approved": True}, k.manager, "approved")],
        "getGranteeUsers": [({"address": k.manager_wallet}, k.manager, "manager")],
        # A user's library and tracks seen from other sides (issue 18: handlers/library.py, user_tracks.py).
        "getUserFavorites": [
            ({"id": h(k.saver)}, None, "anonymous"),
            ({"id": h(k.saver), "user_id": h(k.saver), "limit": 5, "offset": 1}, k.saver, "own+page"),
        ],
        "getUserFavoriteTracks": [
            ({"id": h(k.saver), "user_id": h(k.viewer)}, k.viewer, "viewer"),
            ({"id": h(k.saver), "sort_method": "plays", "sort_direction": "asc", "limit": 5}, None, "by-plays"),
            ({"id": h(k.saver), "query": k.search_word}, None, "query"),
        ],
        "getUsersTrackHistory": [
            ({"id": h(k.listener)}, k.listener, "own"),
            ({"id": h(k.listener), "sort_method": "most_listens_by_user", "limit": 5}, k.listener, "most-listened"),
        ],
        # Libraries (issue 20), signed by their user: the biggest saver's tracks, the playlist owner's playlists
        # and albums (their own, and those they saved or reposted).
        "getUserLibraryTracks": [
            ({"id": h(k.saver)}, k.saver, "own"),
            ({"id": h(k.saver), "type": "favorite", "sort_method": "plays", "limit": 5, "offset": 1}, k.saver,
             "favorites-by-plays"),
            ({"id": h(k.viewer), "type": "repost", "query": k.search_word}, k.viewer, "reposts+query"),
        ],
        "getUserLibraryPlaylists": [
            ({"id": h(k.playlist_owner)}, k.playlist_owner, "own"),
            ({"id": h(k.playlist_owner), "sort_method": "added_date", "type": "favorite", "limit": 5},
             k.playlist_owner, "favorites-newest"),
        ],
        "getUserLibraryAlbums": [({"id": h(k.playlist_owner), "sort_method": "saves", "sort_direction": "asc"},
                                  k.playlist_owner, "by-saves")],
        "getPlaylistUpdates": [({"user_id": h(k.playlist_owner)}, k.playlist_owner, "own")],
        "getTopTrackTags": [({"id": h(k.remixee), "limit": 5}, None, "tags")],
        "getTracksByUserHandle": [
            ({"handle": k.handle, "sort_method": "plays"}, None, "by-plays"),
            ({"handle": k.handle, "user_id": h(k.viewer)}, k.viewer, "viewer"),
        ],
        "getTracksCountByUser": [
            ({"id": h(k.unlisted_owner)}, None, "public"),
            ({"id": h(k.unlisted_owner), "filter_tracks": "unlisted"}, k.unlisted_owner, "unlisted-signed"),
        ],
        "getAIAttributedTracksByUserHandle": [({"handle": k.handle, "limit": 5}, None, "handle")],
        "getRemixers": [
            ({"id": h(k.remixee), "user_id": h(k.viewer)}, k.viewer, "viewer"),
            ({"id": h(k.remixee), "track_id": k.remixed}, None, "one-track"),
        ],
        "getRemixersCount": [
            ({"id": h(k.remixee)}, None, "all"),
            ({"id": h(k.remixee), "track_id": k.remixed}, None, "one-track"),
        ],
        "getUserTracksRemixed": [({"id": h(k.remixee), "user_id": h(k.viewer)}, k.viewer, "viewer")],
        # Curated lists, access info and download counts (issue 19): conftest.add_sample_discovery adds shares,
        # downloads and a premium track and runs the curated_lists job; the followee lists are k.viewer's.
        "getLatestTracks": [({"user_id": h(k.viewer)}, k.viewer, "viewer"),
                            ({"genre": "Electronic", "limit": 5, "offset": 1}, None, "genre")],
        "getMostLovedTracks": [({"user_id": h(k.viewer), "with_users": True}, k.viewer, "viewer")],
        "getBestNewReleases": [({"window": "year", "user_id": h(k.viewer), "limit": 10}, k.viewer, "viewer")],
        "getUnderTheRadarTracks": [
            ({"user_id": h(k.viewer)}, k.viewer, "viewer"),
            ({"user_id": h(k.viewer), "filter": "original", "tracks_only": True, "limit": 5, "offset": 1}, k.viewer,
             "original"),
        ],
        "getRemixableTracks": [({"limit": 5}, None, "remixables")],
        "getRecentPremiumTracks": [({}, None, "premium")],
        "getMostSharedTracks": [({"time_range": "allTime"}, None, "allTime")],
        "getPopularGenres": [({}, None, "all-time"), ({"start_time": 1735000000, "min_count": 2}, None, "since")],
        "getTrackAccessInfo": [({"track_id": h(k.plain_track), "user_id": h(k.viewer)}, k.viewer, "viewer"),
                               ({"track_id": h(k.unlisted_track), "user_id": h(k.unlisted_owner)},
                                k.unlisted_owner, "unlisted-owner")],
        "getTrackDownloadCount": [({"track_id": h(k.stemmed)}, None, "downloaded")],
        "getTrackDownloadCounts": [({"id": [h(k.stemmed), h(k.plain_track)]}, None, "ids")],
        "getUserTracksDownloadCount": [({"id": h(k.unlisted_owner)}, None, "user")],
        # Trending variants, recommendations, feeling lucky and resolve (issue 19); winners are
        # conftest.add_sample_winners'.
        "getTrendingTracksWithVersion": [
            ({"version": "AnlGe", "user_id": h(k.viewer)}, k.viewer, "AnlGe+viewer"),
            ({"version": "pnagD", "time": "month", "genre": "Electronic", "limit": 5, "offset": 1}, None, "genre"),
        ],
        "getUndergroundTrendingTracksWithVersion": [({"version": "AnlGe", "limit": 10}, None, "AnlGe")],
        "getTrendingTrackIDs": [({"limit": 5}, None, "page"), ({"genre": "Electronic"}, None, "genre")],
        "getTrendingTracksIDsWithVersion": [({"version": "AnlGe", "limit": 5, "offset": 1}, None, "AnlGe")],
        "getTrendingWinners": [({}, None, "latest"), ({"week": "2025-06-01", "user_id": h(k.viewer)}, k.viewer,
                                                      "week+viewer")],
        "getTrendingUndergroundWinners": [({"week": "2025-06-06"}, None, "week")],
        # conftest.add_sample_rankings puts two tracks on sale and five past feeling lucky's floor.
        "getTrendingUSDCPurchaseTracks": [({"time": "allTime"}, None, "allTime")],
        "getTrendingUSDCPurchaseTracksWithVersion": [({"version": "AnlGe", "genre": "Electronic",
                                                       "time": "allTime"}, None, "genre")],
        "getRecommendedTracks": [({"limit": 5, "exclusion_list": [k.plain_track, k.remix]}, None, "excluding"),
                                 ({"user_id": h(k.viewer)}, k.viewer, "viewer")],
        "getRecommendedTracksWithVersion": [({"version": "AnlGe", "time": "allTime", "limit": 3}, None, "AnlGe")],
        "getUserRecommendedTracks": [({"id": h(k.viewer), "time_range": "allTime"}, None, "allTime"),
                                     ({"id": h(k.viewer), "limit": 3, "time_range": "allTime",
                                       "user_id": h(k.viewer)}, k.viewer, "self")],
        "getFeelingLuckyTracks": [({"limit": 5}, None, "page"), ({"min_followers": 1, "with_users": True}, None,
                                                                 "min-followers")],
        "resolve": [({"url": f"https://audius.co{k.permalink}"}, None, "track"),
                    ({"url": f"/{k.handle}"}, None, "user")],
        # Events (issue 21): conftest.add_sample_events' contests.
        "getBulkEvents": [
            ({"id": [h(SAMPLE_CONTEST), h(SAMPLE_ENDED_CONTEST)]}, None, "ids"),
            ({"event_type": "remix_contest", "limit": 5, "user_id": h(k.viewer)}, k.viewer, "type+viewer"),
        ],
        "getAllEvents": [({"sort_method": "newest", "limit": 10, "offset": 0}, None, "page"),
                         ({"filter_deleted": False}, None, "with-deleted")],
        "getEntityEvents": [({"entity_id": [h(k.contest_track)], "entity_type": "track"}, None, "track")],
        "getRemixContests": [({}, None, "all"), ({"status": "active", "user_id": h(k.viewer)}, k.viewer, "active")],
        "getContestsByUser": [({"id": h(k.contest_host)}, None, "host"),
                              ({"id": h(k.contest_host), "status": "ended", "limit": 5}, None, "ended")],
        "getEventComments": [
            ({"event_id": h(SAMPLE_CONTEST)}, None, "newest"),
            ({"event_id": h(SAMPLE_CONTEST), "sort_method": "top", "user_id": h(k.viewer)}, k.viewer, "top+viewer"),
        ],
        "getEventFollowers": [({"event_id": h(SAMPLE_CONTEST), "limit": 5}, None, "followers")],
        "getEventFollowState": [({"event_id": h(SAMPLE_CONTEST), "user_id": h(k.viewer)}, k.viewer, "viewer")],
        # Comments (issue 21): conftest.add_sample_comments' thread.
        "getTrackComments": [
            ({"track_id": h(k.commented[0]), "user_id": h(k.commented[1])}, k.commented[1], "owner"),
            ({"track_id": h(k.commented[0]), "sort_method": "top", "limit": 5, "offset": 0}, None, "top"),
            ({"track_id": h(k.commented[0]), "sort_method": "timestamp"}, None, "timestamp"),
        ],
        "getTrackCommentCount": [({"track_id": h(k.commented[0])}, None, "count")],
        "getTrackCommentNotificationSetting": [
            ({"track_id": h(k.commented[0]), "user_id": h(k.commented[1])}, k.commented[1], "owner")],
        "getTracksWithRecentComments": [({"limit": 5}, None, "recent")],
        "getComment": [({"comment_id": h(k.commented[2]), "user_id": h(k.viewer)}, k.viewer, "thread")],
        "getCommentReplies": [({"comment_id": h(k.commented[2]), "limit": 1, "offset": 0}, None, "page")],
        "getUserComments": [({"id": h(k.commented[3])}, None, "replier")],
        # Playlists and albums (issue 20; conftest.add_sample_playlists).
        "getPlaylist": [
            ({"playlist_id": h(k.playlist), "user_id": h(k.viewer)}, k.viewer, "viewer"),
            ({"playlist_id": str(k.private_playlist), "user_id": h(k.playlist_owner)}, k.playlist_owner,
             "private-owner"),
        ],
        "getBulkPlaylists": [
            ({"id": [h(k.playlist), h(k.album)], "with_tracks": True, "user_id": h(k.viewer)}, k.viewer,
             "ids+tracks"),
            ({"permalink": [f"/{k.playlist_owner_handle}/playlist/{k.playlist_slug}"]}, None, "permalink"),
        ],
        "getPlaylistByHandleAndSlug": [
            ({"handle": k.playlist_owner_handle, "slug": k.playlist_slug}, None, "permalink")],
        "getPlaylistTracks": [({"playlist_id": h(k.playlist), "limit": 50, "offset": 0, "user_id": h(k.viewer)},
                               k.viewer, "page")],
        "getPlaylistAccessInfo": [({"playlist_id": h(k.playlist), "user_id": h(k.viewer)}, k.viewer, "viewer")],
        "getUsersFromPlaylistReposts": [({"playlist_id": h(k.playlist), "user_id": h(k.viewer)}, k.viewer,
                                         "viewer")],
        "getUsersFromPlaylistFavorites": [({"playlist_id": h(k.playlist), "limit": 5}, None, "page")],
        "getPlaylistsByUser": [
            ({"id": h(k.playlist_owner), "sort_method": "popular", "limit": 10}, None, "popular"),
            ({"id": h(k.playlist_owner), "filter_playlists": "private", "user_id": h(k.playlist_owner)},
             k.playlist_owner, "private-signed"),
        ],
        "getAlbumsByUser": [({"id": h(k.playlist_owner), "sort_direction": "asc"}, None, "oldest")],
        "getPlaylistsByUserHandle": [({"handle": k.playlist_owner_handle, "query": "playlist"}, None, "query")],
        "getAlbumsByUserHandle": [({"handle": k.playlist_owner_handle, "user_id": h(k.playlist_owner)},
                                   k.playlist_owner, "owner")],
        # A user's reposts and feed (issue 20: handlers/activity.py).
        "getReposts": [
            ({"id": h(k.reposter), "user_id": h(k.viewer), "limit": 20}, k.viewer, "viewer"),
            ({"id": h(k.reposter), "limit": 5, "offset": 5}, None, "page"),
        ],
        "getRepostsByHandle": [({"handle": k.reposter_handle, "limit": 10}, None, "handle")],
        "getUserFeed": [
            ({"id": h(k.viewer)}, k.viewer, "own"),
            ({"id": h(k.viewer), "filter": "repost", "tracks_only": True, "limit": 10}, k.viewer, "track-reposts"),
            ({"id": h(k.viewer), "followee_user_id": [k.reposter], "with_users": True}, k.viewer, "followee-ids"),
        ],
        # Trending playlists: scored at the seed's end (conftest.add_sample_playlists).
        "getTrendingPlaylists": [
            ({"limit": 3, "user_id": h(k.viewer)}, k.viewer, "viewer"),
            ({"type": "album", "time": "allTime", "omit_tracks": True}, None, "albums"),
        ],
        # Tip reactions (conftest.add_sample_reactions).
        "bulkGetReactions": [({"reacted_to_ids": ["sample-tip-1", "no-such-tip"], "type": "tip"}, None, "tips")],
        "getTrendingPlaylistsWithVersion": [({"version": "pnagD", "time": "year", "offset": 1, "limit": 2}, None,
                                             "pnagD")],
    }


# Path parameters of operations without a recipe, by name.
def _path_value(name: str, k: Known) -> str | None:
    return {"track_id": ids.encode(k.plain_track), "playlist_id": ids.encode(k.playlist),
            "id": ids.encode(k.managed_user),
            "user_id": ids.encode(k.managed_user), "handle": k.handle}.get(name)


def calls(k: Known) -> tuple[list[Call], dict[str, str]]:
    """(calls covering every operation of the spec, operationId -> why it could not be called)."""
    table = recipes(k)
    found, impossible = [], {}
    for op in operations():
        if op.operation_id in table:
            found.extend(Call(op, params, signer, note=note) for params, signer, note in table[op.operation_id])
            continue
        params = {}
        for p in op.parameters:
            if p["in"] == "path":
                params[p["name"]] = _path_value(p["name"], k)
            elif p.get("required"):
                params[p["name"]] = None
        missing = [name for name, value in params.items() if value is None]
        if missing:
            impossible[op.operation_id] = f"no sample value for required parameter(s) {missing}: add a recipe"
            continue
        path_user = next((ids.decode(v) for n, v in params.items() if n in ("id", "user_id")), None)
        found.append(Call(op, params, path_user if op.private else None, note="generic"))
    return found, impossible


def with_query_credentials(call: Call) -> Call:
    """The same call, its signature sent as user_data / user_signature query parameters."""
    return Call(call.operation, call.params, call.signer, via="query", note=f"{call.note},query-credentials")


# ----------------------------------------------------------------------------------------- live server

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn serving openaudio_api.asgi:app on a free 127.0.0.1 port, configured from the environment as
    in production (response validation off: the tests that use it check responses themselves).
    serve_args: run `openaudio-api serve` with these extra arguments instead, as an operator would.
    database_url None: no DATABASE_URL at all, so the server runs its embedded PostgreSQL (set
    OPENAUDIO_DATA_DIR in env)."""

    def __init__(self, database_url: str | None, log_path: Path, *, env: dict[str, str] | None = None,
                 serve_args: list[str] | None = None):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        environment = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING", "DB_POOL_MIN": "1",
                       "DB_POOL_MAX": "4", **(env or {})}
        for unwanted in ("SKIP_AUTH_CHECK", "VALIDATE_RESPONSES") + (() if database_url else ("DATABASE_URL",)):
            environment.pop(unwanted, None)
        if serve_args is None:
            command = [sys.executable, "-m", "uvicorn", "openaudio_api.asgi:app", "--host", "127.0.0.1",
                       "--port", str(self.port), "--no-access-log"]
        else:
            database = ["--database-url", database_url] if database_url else []
            command = [str(Path(sys.executable).parent / "openaudio-api"), "serve", *database,
                       "--port", str(self.port), *serve_args]
        self._log = open(log_path, "wb")
        self.process = subprocess.Popen(
            command, env=environment, stdout=self._log, stderr=subprocess.STDOUT,
            cwd=Path(__file__).resolve().parent.parent)
        self._wait()

    def _wait(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited ({self.process.returncode}):\n{self.log()}")
            try:
                if httpx.get(f"{self.base_url}/health_check", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the server did not become healthy in {timeout} s:\n{self.log()}")

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")[-5000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
