#!/usr/bin/python3
"""Every operation of the official contacts spec, and the four locations
operations Liaison uses, is routed by the HighLevel emulator: one request to
each (with made-up ids, so most answer 400 or 422), then the sandbox's
statistics must name each operation's template and nothing unmatched."""

import json
import os
import unittest

from sandboxlib import Sandbox

HERE = os.path.dirname(os.path.abspath(__file__))
CONTACTS = os.path.join(HERE, "spec", "apps", "contacts.json")
EXTRA = [("GET", "/locations/{locationId}"), ("GET", "/locations/{locationId}/customFields"),
         ("GET", "/locations/{locationId}/tags"), ("POST", "/locations/{locationId}/tasks/search")]


def spec_operations():
    with open(CONTACTS, encoding="utf-8") as f:
        paths = json.load(f)["paths"]
    for path, operations in paths.items():
        for method in operations:
            if method in ("get", "post", "put", "delete", "patch"):
                yield method.upper(), path


class Coverage(unittest.TestCase):
    def test_every_operation_is_routed(self):
        operations = sorted(set(spec_operations()) | set(EXTRA))
        self.assertGreaterEqual(len(operations), 36)
        with Sandbox("--contacts", "5", "--rate-limit", "off") as sb:
            location = sb.info["location_id"]
            for method, template in operations:
                path = template.replace("{locationId}", location)
                for name in ("contactId", "taskId", "id", "businessId", "campaignId",
                             "workflowId", "type"):
                    path = path.replace("{%s}" % name, "x" + name)
                body = {} if method in ("POST", "PUT") else None
                r = sb.ghl(method, path, json_body=body)
                self.assertNotEqual(r.status, 404, f"{method} {template}: {r}")
            requests = sb.admin("ghl", "GET", "stats").json["requests"]
        for method, template in operations:
            self.assertIn(f"{method} {template}", requests)
        self.assertEqual([key for key in requests if "unmatched" in key], [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
