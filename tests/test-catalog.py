#!/usr/bin/python3
"""The catalog of operations (src/catalog/operations.json) through
`liaison-cli operations`: well formed, one to one with HighLevel's official
contacts spec (plus the four locations operations Liaison uses), and every
Mojo Helpdesk entry routed by the sandbox's emulator."""

import json
import os
import re
import subprocess
import unittest

from sandboxlib import Sandbox

BUILD = os.environ["LIA_BUILD_ROOT"]
SOURCE = os.environ["LIA_SOURCE_ROOT"]
CLI = os.path.join(BUILD, "src", "liaison-cli")
CONTACTS_SPEC = os.path.join(SOURCE, "tests", "sandbox", "ghl", "spec", "apps", "contacts.json")
LOCATIONS_SPEC = os.path.join(SOURCE, "tests", "sandbox", "ghl", "spec", "apps", "locations.json")
LOCATIONS_USED = {("GET", "/locations/{locationId}"), ("GET", "/locations/{locationId}/customFields"),
                  ("GET", "/locations/{locationId}/tags"), ("POST", "/locations/{locationId}/tasks/search")}


def operations():
    result = subprocess.run([CLI, "operations", "--json"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def spec_operations(path):
    with open(path, encoding="utf-8") as f:
        paths = json.load(f)["paths"]
    return {(method.upper(), p) for p, ops in paths.items() for method in ops
            if method in ("get", "post", "put", "delete", "patch")}


class Catalog(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ops = operations()

    def test_well_formed(self):
        ids = [op["id"] for op in self.ops]
        self.assertEqual(len(ids), len(set(ids)))
        for op in self.ops:
            self.assertEqual(set(op), {"id", "service", "method", "path", "scope", "write", "summary", "params"})
            self.assertRegex(op["id"], r"^(ghl|mojo)(\.[a-z_]+){2,}$")
            self.assertTrue(op["id"].startswith(op["service"] + "."))
            self.assertIn(op["method"], ("GET", "POST", "PUT", "PATCH", "DELETE"))
            self.assertTrue(op["summary"])
            if op["method"] == "GET":
                self.assertFalse(op["write"], op["id"])
            placeholders = re.findall(r"\{(\w+)\}", op["path"])
            in_path = [p["name"] for p in op["params"] if p["in"] == "path"]
            self.assertEqual(placeholders, in_path, op["id"])
            for param in op["params"]:
                self.assertEqual(set(param), {"name", "in", "type", "required"})
                self.assertIn(param["in"], ("path", "query", "body"))
                if param["in"] == "path":
                    self.assertTrue(param["required"])
            if op["service"] == "ghl":
                self.assertRegex(op["scope"], r"^(contacts|locations)[a-zA-Z/]*\.(readonly|write)$")
                self.assertEqual(op["write"], op["scope"].endswith(".write"), op["id"])
            else:
                self.assertEqual(op["scope"], "access-key (write)" if op["write"] else "access-key")

    def test_highlevel_matches_the_official_spec(self):
        catalog = {(op["method"], op["path"]) for op in self.ops if op["service"] == "ghl"}
        contacts = spec_operations(CONTACTS_SPEC)
        locations = spec_operations(LOCATIONS_SPEC)
        self.assertTrue(LOCATIONS_USED <= locations, LOCATIONS_USED - locations)
        # One to one: every contacts operation, the four locations ones, nothing else.
        self.assertEqual(catalog, contacts | LOCATIONS_USED)
        self.assertEqual(len([op for op in self.ops if op["service"] == "ghl"]), len(contacts) + 4)

    def test_mojo_entries_are_routed_by_the_emulator(self):
        mojo = [op for op in self.ops if op["service"] == "mojo"]
        self.assertGreaterEqual(len(mojo), 50)
        with Sandbox("--contacts", "5", "--rate-limit", "off") as sb:
            for op in mojo:
                path = re.sub(r"\{\w+\}", "999999", op["path"])
                body = {} if op["method"] in ("POST", "PUT", "PATCH") else None
                r = sb.mojo(op["method"], path, json_body=body)
                self.assertNotEqual(r.status, 405, f'{op["id"]}: {r}')
            requests = sb.admin("mojo", "GET", "stats").json["requests"]
        routed = {key for key in requests if "unmatched" not in key}
        unmatched = [key for key in requests if "unmatched" in key]
        self.assertEqual(unmatched, [])
        # The emulator names each request by its route's template.
        self.assertEqual({f'{op["method"]} /api/v2{op["path"]}' for op in mojo}, routed)

    def test_plain_list_counts(self):
        result = subprocess.run([CLI, "operations"], capture_output=True, text=True, timeout=30)
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.splitlines()
        self.assertEqual(lines[-1], f"{len(self.ops)} operations")
        self.assertTrue(lines[0].startswith("ghl.contacts."))


if __name__ == "__main__":
    unittest.main(verbosity=2)
