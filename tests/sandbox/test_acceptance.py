#!/usr/bin/python3
"""Issue #3's acceptance, checked exactly so: the walk a person takes with
curl through `liaison-sandbox --contacts 1000 --seed 7 --auto-approve`, every
body checked against the official HighLevel schemas (vendored, CC0) and our
own Mojo Helpdesk schemas; two runs with one seed dump the same bytes; the
101st request inside one window gets 429; the X-RateLimit-* headers are on
every answer."""

import json
import os
import unittest

from sandboxlib import Sandbox, ghl_relaxed, openapi_response_schema, openapi_schema, validate

HERE = os.path.dirname(os.path.abspath(__file__))
GHL_SPEC = os.path.join(HERE, "ghl", "spec", "apps")
CONTACTS = os.path.join(GHL_SPEC, "contacts.json")
OAUTH = os.path.join(GHL_SPEC, "oauth.json")
SEARCH_HISTORY = os.path.join(HERE, "ghl", "spec", "history", "contacts.be089e5-2025-05-04.json")
MOJO_SCHEMAS = os.path.join(HERE, "mojo", "schemas")
RATE_HEADERS = ["x-ratelimit-limit-daily", "x-ratelimit-daily-remaining",
                "x-ratelimit-interval-milliseconds", "x-ratelimit-max", "x-ratelimit-remaining"]
ARGS = ("--contacts", "1000", "--seed", "7", "--auto-approve")


def mojo_schema(name):
    with open(os.path.join(MOJO_SCHEMAS, f"{name}.json"), encoding="utf-8") as f:
        return json.load(f)


class Acceptance(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sb = Sandbox(*ARGS)

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def ghl_ok(self, response, method, path, status="200"):
        """Status as expected, the rate-limit headers present, the body valid."""
        self.assertEqual(response.status, int(status), response)
        for header in RATE_HEADERS:
            self.assertIn(header, response.headers, f"{method} {path}")
        validate(response.json, ghl_relaxed(openapi_response_schema(CONTACTS, method, path, status)))
        self.assertIsInstance(response.json.get("traceId"), str)
        return response.json

    def test_1_oauth_code_exchange_refresh(self):
        sb = self.sb
        scopes = ["contacts.readonly", "contacts.write", "locations.readonly"]
        query = sb.oauth_authorize(scopes, state="st4te")
        self.assertEqual(query["state"], "st4te")
        code = query["code"]

        r = sb.oauth_token(grant_type="authorization_code", code=code,
                           redirect_uri=sb.info["redirect_uris"][0], user_type="Location")
        self.assertEqual(r.status, 200, r)
        success = openapi_response_schema(OAUTH, "post", "/oauth/token", "200")
        validate(r.json, success)
        self.assertEqual(r.json["token_type"], "Bearer")
        self.assertEqual(r.json["expires_in"], 86399)
        self.assertEqual(r.json["locationId"], sb.info["location_id"])
        self.assertEqual(sorted(r.json["scope"].split(" ")), sorted(scopes))
        first = r.json

        # The code is single-use.
        r = sb.oauth_token(grant_type="authorization_code", code=code)
        self.assertEqual(r.status, 400, r)

        r = sb.oauth_token(grant_type="refresh_token", refresh_token=first["refresh_token"],
                           user_type="Location")
        self.assertEqual(r.status, 200, r)
        validate(r.json, success)
        self.assertNotEqual(r.json["refresh_token"], first["refresh_token"])
        self.assertNotEqual(r.json["access_token"], first["access_token"])
        second = r.json

        # The old refresh token is refused.
        r = sb.oauth_token(grant_type="refresh_token", refresh_token=first["refresh_token"],
                           user_type="Location")
        self.assertEqual(r.status, 400, r)
        self.assertEqual(r.json["error"], "invalid_grant")

        # The new access token works.
        r = sb.ghl("GET", f"/locations/{sb.info['location_id']}", token=second["access_token"])
        self.assertEqual(r.status, 200, r)

    def test_2_contact_lifecycle(self):
        sb = self.sb
        location = sb.info["location_id"]

        r = sb.ghl("POST", "/contacts/", json_body={
            "locationId": location, "firstName": "Zoë", "lastName": "Ångström",
            "email": "zoe.angstrom@example.org", "phone": "+1 415-555-0142",
            "tags": ["acceptance"]})
        created = self.ghl_ok(r, "post", "/contacts/", "201")["contact"]
        cid = created["id"]

        got = self.ghl_ok(sb.ghl("GET", f"/contacts/{cid}"), "get", "/contacts/{contactId}")
        self.assertEqual(got["contact"]["email"], "zoe.angstrom@example.org")
        self.assertEqual(got["contact"]["phone"], "+14155550142")

        r = sb.ghl("PUT", f"/contacts/{cid}", json_body={"companyName": "Fjord AB"})
        updated = self.ghl_ok(r, "put", "/contacts/{contactId}")
        self.assertIs(updated["succeded"], True)
        self.assertEqual(updated["contact"]["companyName"], "Fjord AB")

        r = sb.ghl("POST", "/contacts/search", json_body={
            "locationId": location, "page": 1, "pageLimit": 20,
            "filters": [{"field": "email", "operator": "eq", "value": "zoe.angstrom@example.org"}]})
        self.assertEqual(r.status, 200, r)
        validate(r.json, ghl_relaxed(openapi_schema(
            SEARCH_HISTORY, "/components/schemas/SearchContactSuccessResponseDto")))
        self.assertEqual([c["id"] for c in r.json["contacts"]], [cid])
        self.assertEqual(r.json["total"], 1)

        r = sb.ghl("POST", f"/contacts/{cid}/tasks", json_body={
            "title": "Call back", "body": "About the renewal", "dueDate": "2026-12-20T10:00:00Z",
            "completed": False})
        task = self.ghl_ok(r, "post", "/contacts/{contactId}/tasks", "201")["task"]
        self.assertEqual(task["title"], "Call back")

        r = sb.ghl("POST", f"/contacts/{cid}/notes", json_body={"body": "Met at the fair"})
        note = self.ghl_ok(r, "post", "/contacts/{contactId}/notes", "201")["note"]
        self.assertEqual(note["body"], "Met at the fair")

        deleted = self.ghl_ok(sb.ghl("DELETE", f"/contacts/{cid}"), "delete", "/contacts/{contactId}")
        self.assertEqual(deleted["succeded"], True)
        r = sb.ghl("GET", f"/contacts/{cid}")
        self.assertEqual(r.status, 400, r)

    def test_3_mojo_users_and_ticket_search(self):
        sb = self.sb
        r = sb.mojo("GET", "/users", params={"per_page": 100, "page": 1})
        self.assertEqual(r.status, 200, r)
        self.assertIsInstance(r.json, list)
        self.assertEqual(len(r.json), 100)
        user_schema = mojo_schema("user")
        for user in r.json:
            validate(user, user_schema)

        query = "updated_on:[2025-06-01T00:00:00Z TO 2025-12-31T23:59:59Z]"
        r = sb.mojo("GET", "/tickets/search", params={"query": query, "per_page": 50})
        self.assertEqual(r.status, 200, r)
        self.assertIsInstance(r.json, list)
        self.assertGreater(len(r.json), 0)
        ticket_schema = mojo_schema("ticket-list-item")
        for ticket in r.json:
            validate(ticket, ticket_schema)
            self.assertGreaterEqual(ticket["updated_on"][:10], "2025-06-01")
            self.assertLessEqual(ticket["updated_on"][:10], "2025-12-31")


class Dump(unittest.TestCase):
    def test_same_seed_same_dump(self):
        dumps = []
        for _ in range(2):
            with Sandbox(*ARGS) as sb:
                ghl = sb.admin("ghl", "GET", "dump")
                mojo = sb.admin("mojo", "GET", "dump")
                self.assertEqual(ghl.status, 200)
                self.assertEqual(mojo.status, 200)
                dumps.append((ghl.body, mojo.body))
        self.assertEqual(dumps[0][0], dumps[1][0])
        self.assertEqual(dumps[0][1], dumps[1][1])
        # And they hold the people.
        self.assertGreater(len(dumps[0][0]), 100_000)
        self.assertGreater(len(dumps[0][1]), 100_000)


class RateLimit(unittest.TestCase):
    def test_101st_request_in_a_window(self):
        # A one-hour window: no machine is slow enough for it to roll over.
        with Sandbox("--contacts", "20", "--seed", "7", "--rate-limit", "100/3600") as sb:
            location = sb.info["location_id"]
            remaining = []
            for i in range(100):
                r = sb.ghl("GET", f"/locations/{location}")
                self.assertEqual(r.status, 200, (i, r))
                for header in RATE_HEADERS:
                    self.assertIn(header, r.headers)
                self.assertEqual(r.headers["x-ratelimit-max"], "100")
                self.assertEqual(r.headers["x-ratelimit-interval-milliseconds"], "3600000")
                remaining.append(int(r.headers["x-ratelimit-remaining"]))
            self.assertEqual(remaining, list(range(99, -1, -1)))
            r = sb.ghl("GET", f"/locations/{location}")
            self.assertEqual(r.status, 429, r)
            for header in RATE_HEADERS:
                self.assertIn(header, r.headers)
            self.assertEqual(r.headers["x-ratelimit-remaining"], "0")
            self.assertEqual(sb.admin("ghl", "GET", "stats").json["http_429"], 1)


if __name__ == "__main__":
    unittest.main(verbosity=2)
