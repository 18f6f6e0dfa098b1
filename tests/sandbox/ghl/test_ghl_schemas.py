#!/usr/bin/python3
"""The HighLevel emulator through the real liaison-sandbox binary: a realistic
flow (OAuth, contacts, search, sub-resources, locations, errors) with every
response body checked against the official schema of its operation, from the
vendored spec in spec/ (CC0).

Where the spec's schema and the live API differ, the live behaviour wins
(NOTES.md); those places are patched in sandboxlib.ghl_relaxed(), each with its reason.
"""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from sandboxlib import (Sandbox, ghl_relaxed as relaxed, openapi_response_schema,  # noqa: E402
                        openapi_schema, validate)

CONTACTS = os.path.join(HERE, "spec", "apps", "contacts.json")
OAUTH = os.path.join(HERE, "spec", "apps", "oauth.json")
LOCATIONS = os.path.join(HERE, "spec", "apps", "locations.json")
HISTORY = os.path.join(HERE, "spec", "history", "contacts.be089e5-2025-05-04.json")
RATE_HEADERS = ["x-ratelimit-limit-daily", "x-ratelimit-daily-remaining",
                "x-ratelimit-interval-milliseconds", "x-ratelimit-max", "x-ratelimit-remaining"]


class Flow(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sb = Sandbox("--contacts", "300", "--seed", "11", "--rate-limit", "off")
        cls.location = cls.sb.info["location_id"]

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def ok(self, response, spec, method, path, status=200):
        self.assertEqual(response.status, status, response)
        for header in RATE_HEADERS:
            self.assertIn(header, response.headers, f"{method} {path}")
        validate(response.json, relaxed(openapi_response_schema(spec, method, path, str(status))))
        self.assertIsInstance(response.json.get("traceId"), str)
        return response.json

    def error(self, response, spec, method, path, status):
        self.assertEqual(response.status, status, response)
        if spec is not None:
            validate(response.json, openapi_response_schema(spec, method, path, str(status)))
        self.assertEqual(response.json["statusCode"], status)
        self.assertIsInstance(response.json.get("traceId"), str)
        return response.json

    def test_1_oauth(self):
        sb = self.sb
        success = openapi_response_schema(OAUTH, "post", "/oauth/token", "200")
        query = sb.oauth_authorize(["contacts.readonly", "contacts.write"], state="q")
        self.assertEqual(query["state"], "q")
        r = sb.oauth_token(grant_type="authorization_code", code=query["code"])
        self.assertEqual(r.status, 200, r)
        validate(r.json, success)
        r2 = sb.oauth_token(grant_type="refresh_token", refresh_token=r.json["refresh_token"])
        validate(r2.json, success)
        r3 = sb.oauth_token(grant_type="refresh_token", refresh_token=r.json["refresh_token"])
        self.assertEqual(r3.status, 400)
        self.assertEqual(r3.json, {"error": "invalid_grant", "error_description": "This refresh token is invalid",
                                   "traceId": r3.json["traceId"]})
        # A bad secret: UnauthorizedDTO.
        bad = sb.request("POST", sb.ghl_url + "/oauth/token",
                         form={"client_id": sb.info["client_id"], "client_secret": "x",
                               "grant_type": "refresh_token", "refresh_token": "y"})
        self.error(bad, OAUTH, "post", "/oauth/token", 401)
        # Missing members: UnprocessableDTO.
        missing = sb.request("POST", sb.ghl_url + "/oauth/token", form={"grant_type": "refresh_token"})
        self.error(missing, OAUTH, "post", "/oauth/token", 422)
        # Denied.
        denied = sb.oauth_authorize(["contacts.readonly"], state="d", approve=False)
        self.assertEqual(denied, {"error": "access_denied", "state": "d"})

        # A read-only token cannot write.
        scoped = sb.oauth_authorize(["contacts.readonly"])
        token = sb.oauth_token(grant_type="authorization_code", code=scoped["code"]).json["access_token"]
        r = sb.ghl("POST", "/contacts/", token=token, json_body={"locationId": self.location, "firstName": "x"})
        self.error(r, CONTACTS, "post", "/contacts/", 401)
        self.assertEqual(r.json["message"], "The token is not authorized for this scope.")

    def test_2_contacts(self):
        sb, loc = self.sb, self.location
        fields = self.ok(sb.ghl("GET", f"/locations/{loc}/customFields"), LOCATIONS, "get",
                         "/locations/{locationId}/customFields")["customFields"]
        keys = {f["fieldKey"]: f for f in fields}
        self.assertEqual(keys["contact.mojo_user_id"]["dataType"], "TEXT")
        self.ok(sb.ghl("GET", f"/locations/{loc}"), LOCATIONS, "get", "/locations/{locationId}")
        self.ok(sb.ghl("GET", f"/locations/{loc}/tags"), LOCATIONS, "get", "/locations/{locationId}/tags")
        self.ok(sb.ghl("POST", f"/locations/{loc}/tasks/search", json_body={"completed": False}),
                LOCATIONS, "post", "/locations/{locationId}/tasks/search")

        body = {"locationId": loc, "firstName": "Grace", "lastName": "Hopper",
                "email": "Grace.Hopper@Example.org", "phone": "(202) 555-0173", "dateOfBirth": "12/09/1906",
                "address1": "1 Navy Way", "tags": ["Pioneer"],
                "customFields": [{"key": "mojo_user_id", "field_value": "m-1"},
                                 {"id": keys["contact.tickets_opened"]["id"], "fieldValue": 3},
                                 {"key": "contact.products", "field_value": ["CRM", "Chat"]}]}
        created = self.ok(sb.ghl("POST", "/contacts/", json_body=body), CONTACTS, "post", "/contacts/", 201)
        cid = created["contact"]["id"]
        self.assertEqual(created["contact"]["phone"], "+12025550173")
        self.assertEqual(created["contact"]["emailLowerCase"], "grace.hopper@example.org")

        dup = sb.ghl("POST", "/contacts/", json_body={"locationId": loc, "email": "grace.hopper@example.org"})
        self.error(dup, CONTACTS, "post", "/contacts/", 400)
        self.assertEqual(dup.json["meta"], {"contactId": cid, "contactName": "Grace Hopper", "matchingField": "email"})

        got = self.ok(sb.ghl("GET", f"/contacts/{cid}"), CONTACTS, "get", "/contacts/{contactId}")
        self.assertEqual(got["contact"]["dateOfBirth"], "1906-12-09T00:00:00.000Z")
        self.assertEqual({v["id"] for v in got["contact"]["customFields"]},
                         {keys["contact.mojo_user_id"]["id"], keys["contact.tickets_opened"]["id"],
                          keys["contact.products"]["id"]})

        self.ok(sb.ghl("PUT", f"/contacts/{cid}", json_body={"city": "Arlington", "tags": ["navy", "cobol"]}),
                CONTACTS, "put", "/contacts/{contactId}")
        r = sb.ghl("PUT", f"/contacts/{cid}", json_body={"gender": "female"})
        self.error(r, CONTACTS, "put", "/contacts/{contactId}", 422)
        self.assertEqual(r.json["message"], ["property gender should not exist"])

        up = self.ok(sb.ghl("POST", "/contacts/upsert", json_body={"locationId": loc, "email": "grace.hopper@example.org",
                                                                  "website": "https://navy.example"}),
                     CONTACTS, "post", "/contacts/upsert")
        self.assertIs(up["new"], False)
        self.assertEqual(up["contact"]["id"], cid)

        listing = self.ok(sb.ghl("GET", "/contacts/", params={"locationId": loc, "limit": 5}),
                          CONTACTS, "get", "/contacts/")
        self.assertEqual(set(listing["meta"]),
                         {"total", "nextPageUrl", "startAfterId", "startAfter", "currentPage", "nextPage", "prevPage"})
        self.assertEqual(listing["contacts"][0]["id"], cid)  # newest first

        search = sb.ghl("POST", "/contacts/search", json_body={
            "locationId": loc, "page": 1, "pageLimit": 10,
            "filters": [{"group": "OR", "filters": [{"field": "email", "operator": "eq", "value": "grace.hopper@example.org"},
                                                    {"field": "tags", "operator": "eq", "value": "nothing"}]}]})
        self.assertEqual(search.status, 200, search)
        validate(search.json, relaxed(openapi_schema(HISTORY, "/components/schemas/SearchContactSuccessResponseDto")))
        hit = search.json["contacts"][0]
        self.assertEqual(hit["address"], "1 Navy Way")
        self.assertEqual(hit["dateOfBirth"], -1990137600000)
        self.assertEqual(hit["searchAfter"][1], cid)
        r = sb.ghl("POST", "/contacts/search", json_body={"locationId": loc})
        self.error(r, None, "post", "/contacts/search", 422)

        r = sb.ghl("GET", "/contacts/search/duplicate", params={"locationId": loc, "number": "+12025550173"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["contact"]["id"], cid)  # no schema in the spec for this 200

        business = self.sb.admin("ghl", "GET", "dump").json["businesses"][0]["id"]
        self.ok(sb.ghl("POST", "/contacts/bulk/business", json_body={"locationId": loc, "ids": [cid], "businessId": business}),
                CONTACTS, "post", "/contacts/bulk/business")
        self.ok(sb.ghl("GET", f"/contacts/business/{business}", params={"locationId": loc}),
                CONTACTS, "get", "/contacts/business/{businessId}")
        self.ok(sb.ghl("POST", "/contacts/bulk/tags/update/add",
                       json_body={"locationId": loc, "contacts": [cid], "tags": ["bulk"]}),
                CONTACTS, "post", "/contacts/bulk/tags/update/{type}", 201)

        self.sub_resources(cid)

        self.ok(sb.ghl("DELETE", f"/contacts/{cid}"), CONTACTS, "delete", "/contacts/{contactId}")
        r = sb.ghl("GET", f"/contacts/{cid}")
        self.error(r, CONTACTS, "get", "/contacts/{contactId}", 400)
        self.assertEqual(r.json["message"], f"Contact with id {cid} not found")

    def sub_resources(self, cid):
        sb = self.sb
        dump = sb.admin("ghl", "GET", "dump").json
        user = dump["users"][0]["id"]
        campaign = dump["campaigns"][0]["id"]
        workflow = dump["workflows"][0]["id"]
        p = "/contacts/{contactId}"

        task = self.ok(sb.ghl("POST", f"/contacts/{cid}/tasks", json_body={
            "title": "Call", "body": "b", "dueDate": "2026-02-01T09:00:00.000Z", "completed": False,
            "assignedTo": user}), CONTACTS, "post", p + "/tasks", 201)["task"]
        self.ok(sb.ghl("GET", f"/contacts/{cid}/tasks"), CONTACTS, "get", p + "/tasks")
        self.ok(sb.ghl("GET", f"/contacts/{cid}/tasks/{task['id']}"), CONTACTS, "get", p + "/tasks/{taskId}")
        self.ok(sb.ghl("PUT", f"/contacts/{cid}/tasks/{task['id']}", json_body={"title": "Call again"}),
                CONTACTS, "put", p + "/tasks/{taskId}")
        self.ok(sb.ghl("PUT", f"/contacts/{cid}/tasks/{task['id']}/completed", json_body={"completed": True}),
                CONTACTS, "put", p + "/tasks/{taskId}/completed")
        self.ok(sb.ghl("DELETE", f"/contacts/{cid}/tasks/{task['id']}"), CONTACTS, "delete", p + "/tasks/{taskId}")

        note = self.ok(sb.ghl("POST", f"/contacts/{cid}/notes", json_body={"body": "n", "userId": user}),
                       CONTACTS, "post", p + "/notes", 201)["note"]
        self.ok(sb.ghl("GET", f"/contacts/{cid}/notes"), CONTACTS, "get", p + "/notes")
        self.ok(sb.ghl("GET", f"/contacts/{cid}/notes/{note['id']}"), CONTACTS, "get", p + "/notes/{id}")
        self.ok(sb.ghl("PUT", f"/contacts/{cid}/notes/{note['id']}", json_body={"body": "n2"}),
                CONTACTS, "put", p + "/notes/{id}")
        self.ok(sb.ghl("DELETE", f"/contacts/{cid}/notes/{note['id']}"), CONTACTS, "delete", p + "/notes/{id}")

        self.ok(sb.ghl("GET", f"/contacts/{cid}/appointments"), CONTACTS, "get", p + "/appointments")
        self.ok(sb.ghl("POST", f"/contacts/{cid}/tags", json_body={"tags": ["x"]}), CONTACTS, "post", p + "/tags", 201)
        self.ok(sb.ghl("DELETE", f"/contacts/{cid}/tags", json_body={"tags": ["x"]}), CONTACTS, "delete", p + "/tags")
        self.ok(sb.ghl("POST", f"/contacts/{cid}/followers", json_body={"followers": [user]}),
                CONTACTS, "post", p + "/followers", 201)
        self.ok(sb.ghl("DELETE", f"/contacts/{cid}/followers", json_body={"followers": [user]}),
                CONTACTS, "delete", p + "/followers")
        self.ok(sb.ghl("POST", f"/contacts/{cid}/campaigns/{campaign}", json_body={}),
                CONTACTS, "post", p + "/campaigns/{campaignId}", 201)
        self.ok(sb.ghl("DELETE", f"/contacts/{cid}/campaigns/{campaign}"),
                CONTACTS, "delete", p + "/campaigns/{campaignId}")
        self.ok(sb.ghl("DELETE", f"/contacts/{cid}/campaigns/removeAll"),
                CONTACTS, "delete", p + "/campaigns/removeAll")
        self.ok(sb.ghl("POST", f"/contacts/{cid}/workflow/{workflow}", json_body={"eventStartTime": "2026-02-01T09:00:00Z"}),
                CONTACTS, "post", p + "/workflow/{workflowId}")
        self.ok(sb.ghl("DELETE", f"/contacts/{cid}/workflow/{workflow}", json_body={}),
                CONTACTS, "delete", p + "/workflow/{workflowId}")

    def test_3_headers_and_errors(self):
        sb, loc = self.sb, self.location
        r = sb.ghl("GET", f"/contacts/?locationId={loc}", token=False)
        self.error(r, CONTACTS, "get", "/contacts/", 401)
        self.assertEqual(r.json["message"], "Invalid JWT")
        r = sb.ghl("GET", f"/contacts/?locationId={loc}", version=None)
        self.error(r, CONTACTS, "get", "/contacts/", 400)
        second = sb.admin("ghl", "GET", "dump").json["locations"][1]["id"]
        r = sb.ghl("GET", f"/locations/{second}")
        self.error(r, None, "get", "/locations/{locationId}", 403)
        self.assertEqual(r.json["message"], "The token does not have access to this location.")
        stats = sb.admin("ghl", "GET", "stats").json["requests"]
        self.assertEqual(stats["GET /locations/{locationId}"]["403"], 1)


if __name__ == "__main__":
    unittest.main(verbosity=2)
