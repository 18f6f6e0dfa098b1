#!/usr/bin/python3
"""Every operation of the catalog through `liaison-cli call` against
liaison-sandbox, each answer checked, and every catalog operation walked;
then the exit statuses by kind of failure (usage, not found, validation,
permission, rate limited, network) and no secret in what is printed."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from sandboxlib import Sandbox

BUILD = os.environ["LIA_BUILD_ROOT"]
CLI = os.path.join(BUILD, "src", "liaison-cli")
EXIT_SKIP = 77


class CliCall(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="liaison-call-")
        self.profile = os.path.join(self.tmp, "profile")
        self.called = set()

    def tearDown(self):
        for service in ("ghl", "mojo"):
            self.cli("disconnect", service)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def cli(self, *args, stdin=None, profile=None):
        return subprocess.run([CLI, *args, "--profile", profile or self.profile], input=stdin,
                              capture_output=True, text=True, timeout=60)

    def connect(self, sb, profile=None, mojo_key=None):
        r = self.cli("connect", "ghl", "--private-token-stdin", "--location-id", sb.info["location_id"],
                     "--api-url", sb.ghl_url, stdin=sb.info["private_token"] + "\n", profile=profile)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.cli("connect", "mojo", "--url", sb.mojo_url, "--access-key-stdin",
                     stdin=(mojo_key or sb.info["mojo_access_key"]) + "\n", profile=profile)
        self.assertEqual(r.returncode, 0, r.stderr)

    def call(self, operation, body=None, status=None, **params):
        """One call with --json; returns the answer's body, checked 2xx (or @status)."""
        args = ["call", operation, "--json"]
        for name, value in params.items():
            args += ["--param", f"{name}={value}"]
        if body is not None:
            args += ["--body", json.dumps(body)]
        r = self.cli(*args)
        answer = json.loads(r.stdout)
        self.assertEqual(set(answer) - {"error"}, {"status", "duration_ms", "headers", "body"})
        if status is None:
            self.assertEqual(r.returncode, 0, f"{operation}: {r.stderr}")
            self.assertTrue(200 <= answer["status"] < 300, f"{operation}: {answer}")
        else:
            self.assertEqual(answer["status"], status, f"{operation}: {answer}")
        self.called.add(operation)
        return answer["body"]

    def walk_highlevel(self, sb):
        dump = sb.admin("ghl", "GET", "dump").json
        user = dump["users"][0]["id"]
        campaign = dump["campaigns"][0]["id"]
        workflow = dump["workflows"][0]["id"]
        business = dump["businesses"][0]["id"] if dump.get("businesses") else "none"

        contact = self.call("ghl.contacts.create", {"firstName": "Ada", "email": "ada@example.org"})["contact"]
        self.assertEqual(contact["locationId"], sb.info["location_id"])   # filled in from the connection
        c = contact["id"]
        self.assertEqual(self.call("ghl.contacts.get", contactId=c)["contact"]["firstName"], "Ada")
        self.assertEqual(self.call("ghl.contacts.update", {"lastName": "Lovelace"}, contactId=c)
                         ["contact"]["lastName"], "Lovelace")
        self.assertEqual(self.call("ghl.contacts.upsert", {"email": "ada@example.org", "city": "London"})
                         ["contact"]["id"], c)
        self.assertIn("contacts", self.call("ghl.contacts.list", limit=5))
        self.assertIn("contacts", self.call("ghl.contacts.search", {"pageLimit": 5}))
        self.assertEqual(self.call("ghl.contacts.duplicate.get", email="ada@example.org")["contact"]["id"], c)

        task = self.call("ghl.contacts.tasks.create", {"title": "Call back", "completed": False,
                                                       "dueDate": "2026-12-10T09:00:00Z"}, contactId=c)["task"]
        t = task["id"]
        self.assertEqual([x["id"] for x in self.call("ghl.contacts.tasks.list", contactId=c)["tasks"]], [t])
        self.assertEqual(self.call("ghl.contacts.tasks.get", contactId=c, taskId=t)["task"]["title"], "Call back")
        self.call("ghl.contacts.tasks.update", {"title": "Call Ada"}, contactId=c, taskId=t)
        self.assertTrue(self.call("ghl.contacts.tasks.complete", {"completed": True}, contactId=c,
                                  taskId=t)["task"]["completed"])
        self.call("ghl.contacts.tasks.delete", contactId=c, taskId=t)
        self.assertIn("events", self.call("ghl.contacts.appointments.list", contactId=c))

        self.assertIn("vip", self.call("ghl.contacts.tags.add", {"tags": ["vip"]}, contactId=c)["tags"])
        self.assertNotIn("vip", self.call("ghl.contacts.tags.remove", {"tags": ["vip"]}, contactId=c)["tags"])

        note = self.call("ghl.contacts.notes.create", {"body": "Helpdesk: 2 open tickets"}, contactId=c)["note"]
        n = note["id"]
        self.assertEqual(len(self.call("ghl.contacts.notes.list", contactId=c)["notes"]), 1)
        self.assertEqual(self.call("ghl.contacts.notes.get", contactId=c, id=n)["note"]["body"],
                         "Helpdesk: 2 open tickets")
        self.call("ghl.contacts.notes.update", {"body": "Helpdesk: 1 open ticket"}, contactId=c, id=n)
        self.call("ghl.contacts.notes.delete", contactId=c, id=n)

        self.call("ghl.contacts.bulk.tags.update", {"contacts": [c], "tags": ["bulk"]}, type="add")
        self.assertIn("bulk", self.call("ghl.contacts.get", contactId=c)["contact"]["tags"])
        self.call("ghl.contacts.bulk.business.update", {"ids": [c], "businessId": None})
        self.assertIn("contacts", self.call("ghl.contacts.business.list", businessId=business))
        self.call("ghl.contacts.followers.add", {"followers": [user]}, contactId=c)
        self.call("ghl.contacts.followers.remove", {"followers": [user]}, contactId=c)
        self.call("ghl.contacts.campaigns.add", contactId=c, campaignId=campaign)
        self.call("ghl.contacts.campaigns.remove", contactId=c, campaignId=campaign)
        self.call("ghl.contacts.campaigns.remove_all", contactId=c)
        self.call("ghl.contacts.workflows.add", {}, contactId=c, workflowId=workflow)
        self.call("ghl.contacts.workflows.remove", {}, contactId=c, workflowId=workflow)

        self.assertEqual(self.call("ghl.locations.get")["location"]["id"], sb.info["location_id"])
        self.assertIn("customFields", self.call("ghl.locations.custom_fields.list"))
        self.assertIn("tags", self.call("ghl.locations.tags.list"))
        self.assertIn("tasks", self.call("ghl.locations.tasks.search", {}))

        self.call("ghl.contacts.delete", contactId=c)
        self.call("ghl.contacts.get", status=400, contactId=c)

    def walk_mojo(self, sb):
        user = self.call("mojo.users.create", {"email": "ada@example.org", "first_name": "Ada"})
        u = user["id"]
        self.assertNotIn(sb.info["mojo_access_key"], json.dumps(user))
        self.assertEqual(self.call("mojo.users.get", id=u)["email"], "ada@example.org")
        self.assertEqual(self.call("mojo.users.get_by_email", email="ada@example.org")["id"], u)
        self.call("mojo.users.update", {"last_name": "Lovelace"}, id=u)
        self.call("mojo.users.patch", {"first_name": "Augusta"}, id=u)
        self.assertIsInstance(self.call("mojo.users.list", per_page=100), list)
        self.assertIsInstance(self.call("mojo.users.techs.list"), list)

        ids = {}
        for resource, body in (("groups", {"name": "Analytical Engines Ltd"}),
                               ("ticket_queues", {"name": "Walk queue"}),
                               ("ticket_types", {"name": "Walk type"}),
                               ("tags", {"label": "walk", "color": "#3366cc"})):
            created = self.call(f"mojo.{resource}.create", body)
            ids[resource] = created["id"]
            self.assertIsInstance(self.call(f"mojo.{resource}.list"), list)
            self.call(f"mojo.{resource}.get", id=created["id"])
            self.call(f"mojo.{resource}.update", body, id=created["id"])
            self.call(f"mojo.{resource}.patch", body, id=created["id"])
        other = self.call("mojo.tags.create", {"label": "walk-too", "color": "#cc3366"})
        self.call("mojo.tags.merge", {"with_tag_id": ids["tags"]}, id=other["id"])

        ticket = self.call("mojo.tickets.create", {"title": "Call back about the invoice", "description": "From HighLevel",
                                                   "priority_id": 20, "user_id": u,
                                                   "ticket_queue_id": ids["ticket_queues"]})
        k = ticket["id"]
        self.assertIsInstance(self.call("mojo.tickets.list", per_page=10), list)
        self.assertIsInstance(self.call("mojo.tickets.search", query="status.id:[0 TO 60]", sf="updated_on"), list)
        self.assertEqual(self.call("mojo.tickets.get", id=k)["title"], "Call back about the invoice")
        self.call("mojo.tickets.update", {"title": "Call back"}, id=k)
        self.call("mojo.tickets.patch", {"priority_id": 10}, id=k)
        self.call("mojo.tickets.tags.add", {"tag_label": "walk"}, id=k)
        self.call("mojo.tickets.tags.remove", {"tag_label": "walk"}, id=k)
        self.call("mojo.tickets.comments.create", {"body": "Thanks!"}, ticket_id=k)
        self.assertEqual(len(self.call("mojo.tickets.comments.list", ticket_id=k)), 1)
        self.call("mojo.tickets.staff_notes.create", {"body": "Private"}, ticket_id=k)
        self.assertEqual(len(self.call("mojo.tickets.staff_notes.list", ticket_id=k)), 1)
        first = self.call("mojo.tickets.tasks.create", {"title": "Call"}, ticket_id=k)
        second = self.call("mojo.tickets.tasks.create", {"title": "Write"}, ticket_id=k)
        self.assertEqual(len(self.call("mojo.tickets.tasks.list", ticket_id=k)), 2)
        self.call("mojo.tickets.tasks.update", {"title": "Call Ada"}, ticket_id=k, id=first["id"])
        self.call("mojo.tickets.tasks.patch", {"is_completed": True}, ticket_id=k, id=first["id"])
        self.call("mojo.tickets.tasks.reorder", {"keys": [second["id"], first["id"]]}, ticket_id=k)
        self.call("mojo.tickets.tasks.delete_completed", ticket_id=k)
        self.call("mojo.tickets.tasks.delete", ticket_id=k, id=second["id"])
        self.assertEqual(self.call("mojo.tickets.tasks.list", ticket_id=k), [])
        self.assertIsInstance(self.call("mojo.tickets.events.list", ticket_id=k), list)
        events = self.call("mojo.events.list")
        self.assertTrue(events)
        self.call("mojo.events.get", id=events[0]["id"])

        self.call("mojo.tickets.delete", id=k)
        for resource in ("groups", "ticket_queues", "ticket_types", "tags"):
            self.call(f"mojo.{resource}.delete", id=ids[resource])
        self.call("mojo.users.delete", id=u)

    def test_every_operation(self):
        with Sandbox("--contacts", "10", "--rate-limit", "off") as sb:
            self.connect(sb)
            self.walk_highlevel(sb)
            self.walk_mojo(sb)
        catalog = {op["id"] for op in json.loads(self.cli("operations", "--json").stdout)}
        self.assertEqual(catalog - self.called, set(), "catalog operations the walk left out")

    def test_exit_statuses(self):
        with Sandbox("--contacts", "5", "--rate-limit", "off") as sb:
            self.connect(sb)
            # Usage: 2, with one line naming the problem.
            for args, said in ((["call"], "Name the operation"),
                               (["call", "ghl.nothing.get"], "Unknown operation"),
                               (["call", "ghl.contacts.get"], "contactId"),
                               (["call", "ghl.contacts.get", "--param", "color=red"], "color"),
                               (["call", "ghl.contacts.get", "--param", "contactId"], "NAME=VALUE"),
                               (["call", "ghl.contacts.get", "--param", "contactId=a", "--param", "contactId=b"],
                                "twice"),
                               (["call", "ghl.contacts.create", "--body", "{nope"], "not valid JSON"),
                               (["call", "ghl.contacts.get", "--param", "contactId=x", "--body", "{}"], "no body")):
                r = self.cli(*args)
                self.assertEqual(r.returncode, 2, args)
                self.assertIn(said, r.stderr, args)
            # Not found: 4 (HighLevel says so with a 400; Mojo with a 404 or a 400).
            self.assertEqual(self.cli("call", "ghl.contacts.get", "--param", "contactId=nope").returncode, 4)
            self.assertEqual(self.cli("call", "mojo.tickets.get", "--param", "id=987654").returncode, 4)
            # Validation: 5, the server's words on stderr.
            r = self.cli("call", "ghl.contacts.tasks.create", "--param", "contactId=nope", "--body", '{"title": 3}')
            self.assertIn(r.returncode, (4, 5), r.stderr)
            r = self.cli("call", "ghl.contacts.create", "--body", '{"email": "not an email"}')
            self.assertEqual(r.returncode, 5, r.stderr)
            self.assertIn("email", r.stderr)
            # Plain output: the body, pretty-printed.
            r = self.cli("call", "ghl.locations.get")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(json.loads(r.stdout)["location"]["id"], sb.info["location_id"])
            self.assertIn("\n  ", r.stdout)
            # No secret in anything printed, debug log included: users carry
            # access keys, every request its credential.
            env = dict(os.environ, G_MESSAGES_DEBUG="all", LIA_DEBUG_HTTP_BODIES="1")
            for args in (["call", "mojo.users.list", "--json"], ["call", "ghl.locations.get"],
                         ["call", "ghl.contacts.upsert", "--body", '{"email": "log@example.org"}']):
                r = subprocess.run([CLI, *args, "--profile", self.profile], capture_output=True, text=True,
                                   timeout=60, env=env)
                self.assertEqual(r.returncode, 0, r.stderr[-2000:])
                self.assertIn("DEBUG", r.stderr)
                for secret in (sb.info["mojo_access_key"], sb.info["private_token"]):
                    self.assertNotIn(secret, r.stdout + r.stderr, args)

            # Permission: 3, with a read-only Mojo key.
            readonly = os.path.join(self.tmp, "readonly")
            self.connect(sb, profile=readonly, mojo_key=sb.info["mojo_readonly_key"])
            r = self.cli("call", "mojo.tags.create", "--body", '{"label": "x"}', profile=readonly)
            self.assertEqual(r.returncode, 3, r.stderr)
            for service in ("ghl", "mojo"):
                self.cli("disconnect", service, profile=readonly)

        # Network: 6, the sandbox is gone.
        r = self.cli("call", "ghl.locations.get")
        self.assertEqual(r.returncode, 6, r.stderr)

        # Over the limit: a 429 is waited out (Retry-After) and the call
        # sent again, so every call succeeds. (A new process cannot know
        # what the one before used, so its first request may meet a 429;
        # within one process none does: test-connections /connections/pacing.)
        # Connecting reads once, so the third call is over 3 per 4 seconds.
        with Sandbox("--contacts", "5", "--rate-limit", "3/4") as sb:
            self.connect(sb)
            statuses = [self.cli("call", "ghl.locations.get").returncode for _ in range(4)]
            self.assertEqual(statuses, [0] * 4)
            self.assertGreater(sb.admin("ghl", "GET", "stats").json["http_429"], 0)


if __name__ == "__main__":
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        print("no session bus: skipped", file=sys.stderr)
        sys.exit(EXIT_SKIP)
    unittest.main(verbosity=2)
