"""GET /v1/tracks/{track_id}, GET /v1/tracks?id=, GET /v1/tracks/search."""

from datetime import datetime

import pytest
import yaml

from openaudio_api import ids
from openaudio_api.config import SPEC_FILE
from tests import factory


@pytest.fixture
def catalogue(conn):
    for uid in (1, 2, 3, 4):
        factory.user(conn, uid)
    factory.track(conn, 10, 1, title="Midnight Echo")
    factory.track(conn, 11, 1, title="Velvet River")
    factory.track(conn, 12, 2, title="Midnight Remix")
    factory.remix(conn, 10, 12)
    return conn


def test_track_shape_and_counts_from_aggregates(client, catalogue):
    conn = catalogue
    factory.repost(conn, 2, 10)
    factory.repost(conn, 3, 10)
    factory.save(conn, 4, 10)
    factory.comment(conn, 1, 2, 10)
    factory.plays(conn, 10, 7)
    r = client.get("/v1/tracks/BDNxn")
    assert r.status_code == 200
    track = r.json()["data"]
    assert track["id"] == "BDNxn" and track["track_id"] == 10
    assert track["title"] == "Midnight Echo"
    assert (track["repost_count"], track["favorite_count"], track["comment_count"], track["play_count"]) == (2, 1, 1, 7)
    assert track["user"]["id"] == ids.encode(1) and track["user_id"] == ids.encode(1)
    assert track["permalink"] == "/user1/midnight-echo"
    assert track["followee_reposts"] == [] and track["followee_favorites"] == [] and track["track_segments"] == []
    assert track["remix_of"] == {"tracks": []}
    assert track["access"] == {"stream": True, "download": True}
    assert track["created_at"] == "2024-01-01T10:00:00Z"


def test_decimal_and_hashid_path_ids_are_the_same_track(client, catalogue):
    assert client.get("/v1/tracks/10").json() == client.get("/v1/tracks/BDNxn").json()


@pytest.mark.parametrize("bad", ["0", "+000", "abc!", "abcd", "99999999999"])
def test_malformed_or_zero_id_is_400(client, catalogue, bad):
    r = client.get(f"/v1/tracks/{bad}")
    assert r.status_code == 400
    assert r.json() == {"code": 400, "error": "invalid trackId"}


@pytest.mark.parametrize("nobody", ["GeYrn", "zzzzzzzzzz", "-10"])
def test_a_well_formed_id_that_names_no_track_is_404(client, catalogue, nobody):
    """The hashid of 0 or one whose checksum fails names no track, as a decimal id no row has."""
    r = client.get(f"/v1/tracks/{nobody}")
    assert r.json() == {"code": 404, "error": "track not found"}


def test_missing_track_is_404(client, catalogue):
    r = client.get("/v1/tracks/999")
    assert r.status_code == 404 and r.json() == {"code": 404, "error": "track not found"}


def test_viewer_flags_and_followee_activity(client, catalogue):
    conn = catalogue
    factory.follow(conn, 4, 2)
    factory.follow(conn, 4, 3)
    factory.follow(conn, 3, 2)  # user 2 has more followers: listed first
    factory.repost(conn, 2, 10)
    factory.repost(conn, 3, 10)
    factory.save(conn, 2, 10)
    factory.repost(conn, 4, 10)
    me = client.get("/v1/tracks/10", params={"user_id": ids.encode(4)}).json()["data"]
    assert me["has_current_user_reposted"] is True and me["has_current_user_saved"] is False
    assert [a["user_id"] for a in me["followee_reposts"]] == [ids.encode(2), ids.encode(3)]
    assert me["followee_reposts"][0] == {"user_id": ids.encode(2), "repost_item_id": ids.encode(10),
                                         "repost_type": "RepostType.track", "created_at": "2024-01-01T00:00:00Z"}
    assert [a["user_id"] for a in me["followee_favorites"]] == [ids.encode(2)]
    anon = client.get("/v1/tracks/10").json()["data"]
    assert anon["has_current_user_reposted"] is False and anon["followee_reposts"] == []


def test_remix_parent_with_its_owner_and_author_flags(client, catalogue):
    factory.repost(catalogue, 1, 12)  # the parent's owner reposts the remix
    remix = client.get("/v1/tracks/12").json()["data"]
    parent = remix["remix_of"]["tracks"]
    assert len(parent) == 1
    assert parent[0]["parent_track_id"] == ids.encode(10)
    assert parent[0]["user"]["id"] == ids.encode(1)
    assert parent[0]["has_remix_author_reposted"] is True and parent[0]["has_remix_author_saved"] is False


def test_bulk_keeps_request_order_and_skips_unknown(client, catalogue):
    r = client.get("/v1/tracks", params=[("id", "12"), ("id", "nope!"), ("id", ids.encode(10)), ("id", "999"),
                                         ("id", "12")])
    assert r.status_code == 200
    assert [t["track_id"] for t in r.json()["data"]] == [12, 10]


def test_bulk_by_permalink_and_isrc(client, catalogue):
    catalogue.execute("UPDATE tracks SET isrc = 'USRC17607839' WHERE track_id = 11")
    r = client.get("/v1/tracks", params=[("permalink", "/user2/midnight-remix"), ("isrc", "USRC17607839")])
    assert [t["track_id"] for t in r.json()["data"]] == [12, 11]


def test_bulk_with_no_ids_is_empty(client, catalogue):
    """As upstream (tracks can also be asked for by permalink or ISRC, so no parameter is required)."""
    r = client.get("/v1/tracks")
    assert r.status_code == 200 and r.json() == {"data": []}
    spec = yaml.safe_load(SPEC_FILE.read_text())
    assert not any(p.get("required") for p in spec["paths"]["/tracks"]["get"]["parameters"] if "name" in p)


@pytest.mark.parametrize("name, value", [("id", "10"), ("permalink", "/user1/x"), ("isrc", "USRC17607839")])
def test_bulk_lists_take_at_most_1000_values(client, catalogue, name, value):
    assert client.get("/v1/tracks", params=[(name, value)] * 1000).status_code == 200
    r = client.get("/v1/tracks", params=[(name, value)] * 1001)
    assert r.status_code == 400
    assert r.json() == {"code": 400, "error": f"{name} is invalid: at most 1000 values are allowed, got 1001"}


@pytest.mark.parametrize("query", ["!!!", "-", "\U0001F3B5", "\U0001F525 ?!", "...", "%", "&|!:*"])
def test_a_search_with_no_word_matches_nothing(client, catalogue, query):
    """Punctuation or emoji alone name no word of any title: nothing, not every track (an empty query lists)."""
    r = client.get("/v1/tracks/search", params={"query": query, "sort_method": "recent"})
    assert r.status_code == 200 and r.json() == {"data": []}
    assert len(client.get("/v1/tracks/search", params={"query": "", "sort_method": "recent"}).json()["data"]) == 3


def test_search_matches_word_prefixes_of_titles(client, catalogue):
    factory.plays(catalogue, 12, 5)
    r = client.get("/v1/tracks/search", params={"query": "midn"})
    assert r.status_code == 200
    assert [t["track_id"] for t in r.json()["data"]] == [12, 10]  # same rank, more plays first
    assert client.get("/v1/tracks/search", params={"query": "velvet riv"}).json()["data"][0]["track_id"] == 11
    # Upstream's bool_prefix: only the last word is a prefix; the earlier ones are whole words.
    assert client.get("/v1/tracks/search", params={"query": "velv riv"}).json() == {"data": []}
    assert client.get("/v1/tracks/search", params={"query": "river velv"}).json()["data"][0]["track_id"] == 11
    # A last word an earlier one begins adds no condition: "velvet velv" finds what "velvet" finds.
    assert [t["track_id"] for t in client.get("/v1/tracks/search", params={"query": "velvet velv"}).json()["data"]] \
        == [t["track_id"] for t in client.get("/v1/tracks/search", params={"query": "velvet"}).json()["data"]] == [11]
    assert client.get("/v1/tracks/search", params={"query": "velvet river velvet"}).json()["data"][0]["track_id"] == 11
    assert client.get("/v1/tracks/search", params={"query": "nothing-like-it"}).json() == {"data": []}


def test_search_sorts_and_filters(client, catalogue):
    factory.plays(catalogue, 11, 3)
    catalogue.execute("UPDATE tracks SET genre = 'Jazz' WHERE track_id = 10")
    recent = client.get("/v1/tracks/search", params={"query": "midnight", "sort_method": "recent"}).json()["data"]
    assert [t["track_id"] for t in recent] == [12, 10]
    jazz = client.get("/v1/tracks/search", params=[("query", "midnight"), ("genre", "Jazz")]).json()["data"]
    assert [t["track_id"] for t in jazz] == [10]
    popular = client.get("/v1/tracks/search", params={"sort_method": "popular"}).json()["data"]
    assert popular[0]["track_id"] == 11
    newest = client.get("/v1/tracks/search", params={"sort_method": "recent", "limit": 1}).json()["data"]
    assert [t["track_id"] for t in newest] == [12]


@pytest.mark.parametrize("query", ["'", "a & b | !c", "(", "::*", "\\", "%", "é", "日本"])
def test_search_text_never_breaks_the_query(client, catalogue, query):
    r = client.get("/v1/tracks/search", params={"query": query})
    assert r.status_code == 200


def test_deleted_track_is_served_as_deleted(client, catalogue):
    catalogue.execute("UPDATE tracks SET is_delete = true WHERE track_id = 11")
    track = client.get("/v1/tracks/11").json()["data"]
    assert track["is_delete"] is True and track["is_streamable"] is False


def test_track_of_an_owner_without_aggregate_row_vanishes(client, catalogue):
    catalogue.execute("DELETE FROM aggregate_user WHERE user_id = 1")
    assert client.get("/v1/tracks/10").status_code == 404


def test_follow_gated_track_access(client, catalogue):
    catalogue.execute("""UPDATE tracks SET is_stream_gated = true, stream_conditions = '{"follow_user_id": 1}'
                         WHERE track_id = 10""")
    assert client.get("/v1/tracks/10", params={"user_id": "3"}).json()["data"]["access"] == {
        "stream": False, "download": False}
    factory.follow(catalogue, 3, 1)
    assert client.get("/v1/tracks/10", params={"user_id": "3"}).json()["data"]["access"] == {
        "stream": True, "download": True}
    assert client.get("/v1/tracks/10", params={"user_id": "1"}).json()["data"]["access"]["stream"] is True


def test_search_filters_by_key_tempo_downloads_and_purchase_gate(client, catalogue):
    catalogue.execute("UPDATE tracks SET musical_key = 'A minor', bpm = 120 WHERE track_id = 10")
    catalogue.execute("UPDATE tracks SET musical_key = 'C major', bpm = 90, is_downloadable = true WHERE track_id = 12")
    q = [("query", "midnight")]
    found = lambda extra: [t["track_id"] for t in client.get("/v1/tracks/search", params=q + extra).json()["data"]]
    assert found([("key", "A minor")]) == [10]
    assert sorted(found([("bpm_min", "100")])) == [10]
    assert sorted(found([("bpm_max", "100")])) == [12]
    assert found([("has_downloads", "true")]) == [12]
    catalogue.execute("""UPDATE tracks SET is_stream_gated = true,
                         stream_conditions = '{"usdc_purchase": {"price": 100}}' WHERE track_id = 10""")
    assert found([]) == [12]  # purchaseable tracks only when asked for
    assert sorted(found([("includePurchaseable", "true")])) == [10, 12]
    assert found([("is_purchaseable", "true")]) == [10]
    for bad in ("fast", "nan", "-5"):
        r = client.get("/v1/tracks/search", params={"bpm_min": bad})
        assert r.status_code == 400 and r.json()["error"].startswith("bpm_min is invalid")


@pytest.mark.parametrize("path,params", [
    ("/v1/tracks", {"isrc": "US\x00RC"}),
    ("/v1/tracks", {"permalink": "/user1\x00/x"}),
    ("/v1/tracks/search", {"genre": "Electronic\x00"}),
    ("/v1/tracks/search", {"query": "mid\x00night"}),
])
def test_nul_characters_are_a_named_400(client, catalogue, path, params):
    r = client.get(path, params=params)
    assert r.status_code == 400
    assert r.json()["error"] == f"{next(iter(params))} is invalid: it contains a NUL character"


@pytest.mark.parametrize("query", [{}, {"query": "Midnight"}, {"query": "Midnight", "sort_method": "popular"}])
def test_search_at_the_largest_offset_is_an_empty_page(client, catalogue, query):
    """The spec allows offset up to 2147483647; offset + limit once overflowed PostgreSQL's integer (a 400
    found by schemathesis's positive-data check)."""
    r = client.get("/v1/tracks/search", params={**query, "offset": 2147483647, "limit": 100})
    assert (r.status_code, r.json()) == (200, {"data": []})
