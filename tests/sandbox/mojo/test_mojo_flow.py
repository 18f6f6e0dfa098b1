#!/usr/bin/python3
"""The Mojo Helpdesk emulator through the real liaison-sandbox binary: a sync
client's walk (users paged, get_by_email, a user's life, tickets searched by
an updated_on window, tasks, comments, staff notes, the reference lists and
the event log), with every body checked against our own schemas in
schemas/ (written from the v2 spec, in our own words)."""

import json
import os
import unittest

from sandboxlib import Sandbox, validate

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = os.path.join(HERE, "schemas")


def schema(name):
    with open(os.path.join(SCHEMAS, f"{name}.json"), encoding="utf-8") as f:
        return json.load(f)


def array_of(name):
    return {"type": "array", "items": schema(name)}


ERROR = schema("error")
MESSAGE = schema("message-error")


class Client:
    """Calls the API and validates every body: @expect is (status, schema)."""

    def __init__(self, sb):
        self.sb = sb
        self.seen = 0

    def call(self, method, path, status, body_schema, *, key=None, params=None, json_body=None):
        r = self.sb.mojo(method, path, key=key, params=params, json_body=json_body)
        if r.status != status:
            raise AssertionError(f"{method} {path}: {r.status} {r.body[:300]!r}, expected {status}")
        if body_schema is None:
            if r.body != b"":
                raise AssertionError(f"{method} {path}: expected an empty body, got {r.body[:100]!r}")
        else:
            validate(r.json, body_schema)
        self.seen += 1
        return r.json


class Flow(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sb = Sandbox("--contacts", "400", "--seed", "3")
        cls.api = Client(cls.sb)

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def test_users(self):
        api = self.api
        users = []
        page = 1
        while True:
            batch = api.call("GET", "/users", 200, array_of("user"), params={"page": page, "per_page": 100})
            users += batch
            if len(batch) < 100:
                break
            page += 1
        ids = [u["id"] for u in users]
        self.assertEqual(ids, sorted(ids))
        self.assertEqual(len(ids), len(set(ids)))
        self.assertGreater(len(users), 300)
        self.assertEqual({u["role_id"] for u in users}, {10, 20, 30, 35, 40})
        # Lists leave related_data out; a single user has it.
        self.assertNotIn("related_data", users[0])

        end_user = next(u for u in users if u["role_id"] == 10 and u["cell_phone"])
        got = api.call("GET", "/users/get_by_email", 200, schema("user"),
                       params={"email": end_user["email"].upper()})
        self.assertEqual(got["id"], end_user["id"])
        self.assertEqual(got["related_data"]["role_name"], "User")
        api.call("GET", "/users/get_by_email", 400, ERROR, params={"email": "nobody@nowhere.example"})

        techs = api.call("GET", "/users/techs", 200, array_of("user"))
        self.assertTrue(all(t["role_id"] >= 15 for t in techs))

        created = api.call("POST", "/users", 201, schema("user"), params={"send_welcome_email": 0},
                           json_body={"email": "flow.user@example.org", "first_name": "Flow",
                                      "last_name": "User", "cell_phone": "+44 7700 900123"})
        uid = created["id"]
        self.assertGreater(uid, max(ids))
        api.call("POST", "/users", 400, ERROR, json_body={"email": "flow.user@example.org"})
        updated = api.call("PUT", f"/users/{uid}", 200, schema("user"),
                           json_body={"email": "other@example.org", "user_notes": "Met at the fair"})
        self.assertEqual(updated["email"], "flow.user@example.org")
        self.assertEqual(updated["user_notes"], "Met at the fair")
        api.call("PATCH", f"/users/{uid}", 200, schema("user"), json_body={"first_name": "Flo"})
        self.assertEqual(api.call("GET", f"/users/{uid}", 200, schema("user"))["first_name"], "Flo")
        api.call("DELETE", f"/users/{uid}", 200, None)
        api.call("GET", f"/users/{uid}", 400, ERROR)
        api.call("DELETE", f"/users/{uid}", 404, MESSAGE)

        # Keys: read-only refused on writes with the documented message; a bad key 401.
        r = api.call("POST", "/users", 401, MESSAGE, key=self.sb.info["mojo_readonly_key"],
                     json_body={"email": "ro@example.org"})
        self.assertEqual(r["message"], "This API key is read-only and cannot perform write operations.")
        api.call("GET", "/users", 200, array_of("user"), key=self.sb.info["mojo_readonly_key"])
        api.call("GET", "/users", 401, MESSAGE, key="wrong")
        api.call("GET", "/users", 401, MESSAGE, key=False)

    def test_tickets(self):
        api = self.api
        window = "updated_on:[2025-10-01T00:00:00Z TO *]"
        found = []
        page = 1
        while True:
            batch = api.call("GET", "/tickets/search", 200, array_of("ticket-list-item"),
                             params={"query": window, "sf": "updated_on", "r": 0,
                                     "per_page": 100, "page": page})
            found += batch
            if len(batch) < 100:
                break
            page += 1
        self.assertGreater(len(found), 0)
        stamps = [t["updated_on"] for t in found]
        self.assertEqual(stamps, sorted(stamps))
        self.assertTrue(all(s >= "2025-10-01T00:00:00Z" for s in stamps))

        listed = api.call("GET", "/tickets", 200, array_of("ticket-list-item"),
                          params={"sort_by": "updated_on", "sort_order": "desc", "per_page": 25})
        self.assertEqual(len(listed), 25)
        ticket = api.call("GET", f"/tickets/{listed[0]['id']}", 200, schema("ticket"))
        self.assertEqual(ticket["id"], listed[0]["id"])
        api.call("GET", "/tickets/1", 404, MESSAGE)
        api.call("GET", "/tickets/search", 400, ERROR, params={"query": "status.id:(<50"})

        queues = api.call("GET", "/ticket_queues", 200, array_of("queue"))
        self.assertIn("CRM follow-ups", [q["name"] for q in queues])
        crm = next(q for q in queues if q["name"] == "CRM follow-ups")
        api.call("GET", "/ticket_types", 200, array_of("type"))
        api.call("GET", "/tags", 200, array_of("tag"), params={"sort_by": "label"})
        api.call("GET", "/groups", 200, array_of("group"), params={"per_page": 100})

        new = api.call("POST", "/tickets", 201, schema("ticket"),
                       json_body={"title": "Sync follow-up", "description": "From the CRM",
                                  "ticket_queue_id": crm["id"], "priority_id": 20,
                                  "user": {"email": "crm.contact@example.org"}})
        tid = new["id"]
        api.call("POST", "/tickets", 422, MESSAGE, json_body={"title": "no queue"})

        tasks = []
        for title in ("Call back", "Send quote", "Update the CRM"):
            tasks.append(api.call("POST", f"/tickets/{tid}/tasks", 201, schema("task"),
                                  json_body={"title": title, "due_on": "2026-02-01T09:00:00Z"}))
        api.call("POST", f"/tickets/{tid}/tasks", 400, ERROR, json_body={"notes": "no title"})
        done = api.call("PUT", f"/tickets/{tid}/tasks/{tasks[0]['id']}", 200, schema("task"),
                        json_body={"is_completed": True})
        self.assertTrue(done["is_completed"])
        api.call("PUT", f"/tickets/{tid}/tasks/999999999", 400, ERROR, json_body={"title": "x"})
        reordered = api.call("POST", f"/tickets/{tid}/tasks/reorder", 200, array_of("task"),
                             json_body={"keys": [t["id"] for t in reversed(tasks)]})
        self.assertEqual([t["id"] for t in reordered], [t["id"] for t in reversed(tasks)])
        self.assertEqual([t["position"] for t in reordered], [0, 1, 2])
        api.call("PUT", f"/tickets/{tid}", 422, MESSAGE, json_body={"status_id": 60})
        remaining = api.call("POST", f"/tickets/{tid}/tasks/delete_completed", 200, array_of("task"))
        self.assertEqual(len(remaining), 2)
        api.call("DELETE", f"/tickets/{tid}/tasks/{remaining[0]['id']}", 200, None)
        self.assertEqual(len(api.call("GET", f"/tickets/{tid}/tasks", 200, array_of("task"))), 1)

        comment = api.call("POST", f"/tickets/{tid}/comments", 201, schema("comment"),
                           json_body={"body": "We will call you back.", "time_spent": 5})
        self.assertFalse(comment["is_private"])
        api.call("POST", f"/tickets/{tid}/staff_notes", 201, schema("staff-note"),
                 json_body={"body": "Customer is in the CRM as a lead."})
        api.call("GET", f"/tickets/{tid}/comments", 200, array_of("comment"))
        api.call("GET", f"/tickets/{tid}/staff_notes", 200, array_of("staff-note"))
        api.call("POST", "/tickets/1/comments", 400, ERROR, json_body={"body": "x"})

        updated = api.call("PUT", f"/tickets/{tid}", 200, schema("ticket"),
                           json_body={"status_id": 50, "assigned_to_id": 12003})
        self.assertIsNotNone(updated["solved_on"])
        full = api.call("GET", f"/tickets/{tid}", 200, schema("ticket"))
        self.assertEqual(len(full["all_comments"]), 1)
        self.assertEqual(len(full["staff_notes"]), 1)

        events = api.call("GET", "/events", 200, array_of("event"), params={"ticket_id": tid})
        self.assertGreaterEqual(len(events), 5)
        api.call("GET", f"/tickets/{tid}/events", 200, array_of("event"))
        api.call("GET", f"/events/{events[0]['id']}", 200, schema("event"))
        api.call("DELETE", f"/tickets/{tid}", 200, None)
        api.call("GET", f"/tickets/{tid}", 404, MESSAGE)

    def all_user_ids(self):
        ids, page = [], 1
        while True:
            batch = self.api.call("GET", "/users", 200, array_of("user"),
                                  params={"per_page": 100, "page": page})
            ids += [u["id"] for u in batch]
            if len(batch) < 100:
                return ids
            page += 1

    def test_zz_index_lag(self):
        api = self.api
        # A lag far longer than any slow machine needs to list the users;
        # lifting it shows the write, without waiting on the clock.
        r = self.sb.admin("mojo", "POST", "faults", {"index_lag_ms": 600000})
        self.assertEqual(r.status, 200, r)
        try:
            created = api.call("POST", "/users", 201, schema("user"),
                               json_body={"email": "lagging.user@example.org"})
            api.call("GET", f"/users/{created['id']}", 200, schema("user"))
            self.assertNotIn(created["id"], self.all_user_ids())
            self.sb.admin("mojo", "POST", "faults", {"index_lag_ms": 0})
            self.assertIn(created["id"], self.all_user_ids())
        finally:
            self.sb.admin("mojo", "POST", "faults", {"index_lag_ms": 0})


if __name__ == "__main__":
    unittest.main(verbosity=2)
