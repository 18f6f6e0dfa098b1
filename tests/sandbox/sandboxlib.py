"""Test helpers for the sandbox: start liaison-sandbox, talk to both
emulators, and check bodies against JSON Schemas.

    from sandboxlib import Sandbox, openapi_response_schema, validate

    with Sandbox("--contacts", "50", "--auto-approve") as sb:
        r = sb.ghl("GET", f"/contacts/{cid}")          # Bearer = the private token
        validate(r.json, openapi_response_schema(SPEC, "get", "/contacts/{contactId}", "200"))
        r = sb.mojo("GET", "/users", params={"per_page": 10})

Run by Debian's /usr/bin/python3 (it has the jsonschema module). The binary
is found through LIA_BUILD_ROOT, which meson's test environment sets.
"""

import copy
import http.client
import json
import os
import signal
import subprocess
import urllib.parse

BUILD = os.environ.get("LIA_BUILD_ROOT", os.path.join(os.path.dirname(__file__), "..", "..", "build"))
SOURCE = os.environ.get("LIA_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.path.join(BUILD, "src", "liaison-sandbox")
GHL_VERSION = "2021-07-28"


class Response:
    """One answer: status, headers (names lowercased), raw body and parsed JSON (None if not JSON)."""

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        try:
            self.json = json.loads(body) if body else None
        except ValueError:
            self.json = None

    def __repr__(self):
        return f"<Response {self.status} {self.body[:200]!r}>"


class Sandbox:
    """A running liaison-sandbox. Use as a context manager, or call stop()."""

    def __init__(self, *args, timeout=30):
        self.args = [BINARY, *args]
        self.process = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True)
        line = self.process.stdout.readline()
        if not line:
            err = self.process.stderr.read()
            self.process.wait(timeout)
            raise RuntimeError(f"liaison-sandbox did not start: {err}")
        self.info = json.loads(line)
        self.ghl_url = self.info["ghl_url"]
        self.mojo_url = self.info["mojo_url"]
        self._connections = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        """SIGTERM, then the exit status (0 expected)."""
        for connection in self._connections.values():
            connection.close()
        self._connections.clear()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        status = self.process.wait(30)
        self.process.stdout.close()
        self.stderr = self.process.stderr.read()
        self.process.stderr.close()
        return status

    # Plain HTTP, over one keep-alive connection per host

    def request(self, method, url, *, params=None, headers=None, json_body=None, form=None,
                body=None):
        parts = urllib.parse.urlsplit(url)
        target = parts.path or "/"
        query = parts.query
        if params:
            extra = urllib.parse.urlencode(params, doseq=True, quote_via=urllib.parse.quote)
            query = f"{query}&{extra}" if query else extra
        if query:
            target = f"{target}?{query}"
        headers = dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers.setdefault("Content-Type", "application/json")
        elif form is not None:
            body = urllib.parse.urlencode(form, quote_via=urllib.parse.quote).encode()
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        headers.setdefault("Accept", "application/json")
        key = parts.netloc
        for attempt in (0, 1):
            connection = self._connections.get(key)
            if connection is None:
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                self._connections[key] = connection
            try:
                connection.request(method, target, body=body, headers=headers)
                answer = connection.getresponse()
                data = answer.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                connection.close()
                del self._connections[key]
                if attempt == 1:
                    raise
        response_headers = {name.lower(): value for name, value in answer.getheaders()}
        if answer.getheader("Connection", "").lower() == "close":
            connection.close()
            del self._connections[key]
        return Response(answer.status, response_headers, data)

    # The services

    def ghl(self, method, path, *, token=None, version=GHL_VERSION, params=None, json_body=None,
            form=None, headers=None):
        """A HighLevel API call; the token defaults to the private integration token.
        token=False sends no Authorization, version=None no Version header."""
        headers = dict(headers or {})
        if token is None:
            token = self.info["private_token"]
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if version:
            headers["Version"] = version
        return self.request(method, self.ghl_url + path, params=params, headers=headers,
                            json_body=json_body, form=form)

    def mojo(self, method, path, *, key=None, params=None, json_body=None, headers=None):
        """A Mojo Helpdesk API call under /api/v2; the key defaults to the read-write one.
        key=False sends none."""
        params = dict(params or {})
        if key is None:
            key = self.info["mojo_access_key"]
        if key:
            params["access_key"] = key
        return self.request(method, self.mojo_url + "/api/v2" + path, params=params,
                            headers=headers, json_body=json_body)

    def admin(self, service, method, name, json_body=None):
        """/_sandbox/NAME on "ghl" or "mojo"."""
        base = self.ghl_url if service == "ghl" else self.mojo_url
        return self.request(method, f"{base}/_sandbox/{name}", json_body=json_body)

    # HighLevel OAuth, as a browser and a client would do it

    def oauth_authorize(self, scopes, *, state="s1", redirect_uri=None, approve=True,
                        path="/v2/oauth/chooselocation"):
        """The consent step: with --auto-approve a GET redirects at once; otherwise
        the form is posted back. Returns the redirect's query as a dict."""
        redirect_uri = redirect_uri or self.info["redirect_uris"][0]
        params = {"response_type": "code", "client_id": self.info["client_id"],
                  "redirect_uri": redirect_uri, "scope": " ".join(scopes), "state": state}
        r = self.request("GET", self.ghl_url + path, params=params, headers={"Accept": "text/html"})
        if r.status != 302:
            form = dict(params)
            form["decision"] = "approve" if approve else "deny"
            r = self.request("POST", self.ghl_url + path, params=params, form=form,
                             headers={"Accept": "text/html"})
        if r.status != 302:
            raise AssertionError(f"no redirect from the consent page: {r}")
        location = r.headers["location"]
        return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))

    def oauth_token(self, **fields):
        form = {"client_id": self.info["client_id"], "client_secret": self.info["client_secret"]}
        form.update(fields)
        return self.request("POST", self.ghl_url + "/oauth/token", form=form)


# JSON Schemas from OpenAPI documents

def _load(path, cache={}):
    path = os.path.normpath(path)
    if path not in cache:
        with open(path, encoding="utf-8") as f:
            cache[path] = json.load(f)
    return cache[path]


def _resolve_pointer(document, pointer):
    node = document
    for part in pointer.lstrip("/").split("/"):
        if not part:
            continue
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def _to_json_schema(node, base_path, seen):
    """OpenAPI 3.0 schema → JSON Schema: $refs inlined (also into other files),
    nullable → a type union, OpenAPI-only keywords dropped."""
    if isinstance(node, list):
        return [_to_json_schema(item, base_path, seen) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        ref = node["$ref"]
        file_part, _, pointer = ref.partition("#")
        target_path = os.path.join(os.path.dirname(base_path), file_part) if file_part else base_path
        key = (os.path.normpath(target_path), pointer)
        if key in seen:
            return {}  # a recursive schema: accept anything below this point
        target = _resolve_pointer(_load(target_path), pointer)
        return _to_json_schema(target, target_path, seen | {key})
    out = {}
    for name, value in node.items():
        if name in ("nullable", "example", "examples", "discriminator", "xml", "externalDocs",
                    "deprecated", "readOnly", "writeOnly"):
            continue
        if name == "properties":
            out[name] = {k: _to_json_schema(v, base_path, seen) for k, v in value.items()}
        else:
            out[name] = _to_json_schema(value, base_path, seen)
    if node.get("nullable"):
        kind = out.get("type")
        if isinstance(kind, str):
            out["type"] = [kind, "null"]
        elif isinstance(kind, list) and "null" not in kind:
            out["type"] = kind + ["null"]
        elif "enum" in out and None not in out["enum"]:
            out["enum"] = out["enum"] + [None]
        elif kind is None:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def openapi_schema(spec_path, pointer):
    """The JSON Schema at @pointer (e.g. "/components/schemas/Contact") of the
    OpenAPI file at @spec_path."""
    document = _load(spec_path)
    return _to_json_schema(copy.deepcopy(_resolve_pointer(document, pointer)), spec_path,
                           frozenset())


def openapi_response_schema(spec_path, method, path, status, content_type="application/json"):
    """The schema of an operation's response body."""
    pointer = "/paths/{}/{}/responses/{}".format(path.replace("~", "~0").replace("/", "~1"),
                                                method.lower(), status)
    response = _resolve_pointer(_load(spec_path), pointer)
    if "$ref" in response:
        response = _resolve_pointer(_load(spec_path), response["$ref"].partition("#")[2])
    schema = response["content"][content_type]["schema"]
    return _to_json_schema(copy.deepcopy(schema), spec_path, frozenset())


def ghl_relaxed(schema):
    """The spec's schema with the live API's known differences allowed:

    - customFields[].value is typed string, but live answers numbers for
      NUMERICAL/MONETORY fields and arrays for MULTIPLE_OPTIONS/CHECKBOX.
    - The old search schema types searchAfter's items as strings, but its own
      example and the live API give [<number ms>, "<id>"] (NOTES §3.1).
    - The old search schema types dateOfBirth as a string; live search answers
      epoch milliseconds (ISS#314, NOTES §3.1).
    - POST /locations/{id}/tasks/search types tasks as an array of arrays;
      the emulator answers task objects (as every other task route does).
    """
    schema = copy.deepcopy(schema)

    def walk(node, parent_key=None):
        if isinstance(node, dict):
            props = node.get("properties")
            if isinstance(props, dict):
                if parent_key == "customFields_item" and "value" in props:
                    props["value"] = {}
                tasks = props.get("tasks")
                if isinstance(tasks, dict) and tasks.get("items", {}).get("type") == "array":
                    tasks["items"] = {"type": "object"}
                if "searchAfter" in props:
                    props["searchAfter"] = {"type": "array"}
                if "dateOfBirth" in props and parent_key == "search_contact":
                    props["dateOfBirth"] = {"type": ["string", "number"]}
                for name, value in props.items():
                    if name == "customFields" and isinstance(value, dict):
                        walk(value.get("items"), "customFields_item")
                    elif name == "contacts" and isinstance(value, dict) and "searchAfter" in str(value):
                        walk(value.get("items"), "search_contact")
                    else:
                        walk(value, name)
            for key in ("items", "anyOf", "oneOf", "allOf"):
                if key in node:
                    walk(node[key], parent_key)
        elif isinstance(node, list):
            for item in node:
                walk(item, parent_key)

    walk(schema)
    return schema


def validate(instance, schema):
    """Raises jsonschema.ValidationError with the path of the first fault."""
    import jsonschema
    jsonschema.Draft7Validator(schema).validate(instance)
