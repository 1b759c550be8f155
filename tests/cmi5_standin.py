"""A stand-in for a cmi5 LMS and its LRS, for the cmi5 package's browser tests.

No LRS installable from PyPI, npm or Debian serves what a cmi5 AU needs (statements, the State
API for LMS.LaunchData, and the one-time fetch URL): ralph-malph (PyPI) has no State API, and
its file backend failed a second POST; xapi-statements (npm) is statements only, for Node 6 to 8;
the ADL LRS and Learning Locker are not in these registries. So the tests play the LMS and LRS
with this small server, which does what cmi5 asks of them and checks every statement the AU
sends against the cmi5 specification (Quartz edition; section numbers below are its own):

  LMS  launch(): registration, session id, a generated activityId (§8.1.5: not the publisher
       id), LMS.LaunchData in the State API (§10: contextTemplate with the session id and the
       publisher id grouping, launchMode, moveOn, masteryScore, returnURL), a one-time fetch URL
       (§8.2: POST only, the token once, then error-code 1).
  LRS  POST/PUT statements (one or a list), GET/PUT/POST state documents, GET the learner
       preferences (§11), all with the token as Basic authorization and the xAPI version header;
       `down` makes every LRS request answer 503.
  Checks (problems()): per statement §9.1 id, §9.2 actor, §9.4 object, §9.5 result (score only on
       passed/failed, success, completion, duration), §9.6 context (registration, the template's
       context activities, cmi5 category, moveOn category exactly when success or completion
       is set, session id, masteryScore on passed/failed), §9.7 timestamp; per session §9.3
       order (initialized first, terminated last, no verb twice, at most one of passed/failed);
       per registration §9.3 (at most one completed, at most one passed, no failed after passed);
       §9.3.4/§9.3.5 score against the mastery score; per launch §11 (the AU reads the learner
       preferences on startup).
"""

from __future__ import annotations

import base64
import json
import re
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from lmskit import Quiet, serving

VERB = "http://adlnet.gov/expapi/verbs/"
DEFINED = {f"{VERB}{v}": v for v in ("initialized", "completed", "passed", "failed",
                                      "terminated")}
CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
MOVEON_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/moveon"
SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", re.I)
DURATION = re.compile(r"P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?")


@dataclass
class Launch:
    registration: str
    session: str
    activity_id: str
    publisher_id: str
    actor: dict[str, Any]
    fetch_key: str
    token: str
    launch_data: dict[str, Any]
    fetched: bool = False
    preferences_read: bool = False


@dataclass
class Lrs:
    """The stand-in's records, read by the tests."""

    package: Path
    launches: dict[str, Launch] = field(default_factory=dict)  # by fetch key
    statements: list[dict[str, Any]] = field(default_factory=list)  # as received, in order
    state: dict[tuple[str, str, str, str], bytes] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)  # requests refused, and why
    down: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    base: str = ""  # the LMS and LRS
    content: str = ""  # where the package is served from, when not from `base`

    def launch(self, module_id: str, publisher_id: str, mastery: float | None,
               launch_mode: str = "Normal", registration: str | None = None,
               return_url: str | None = None) -> str:
        """Record a launch as an LMS does before it opens the AU; returns the launch URL."""
        registration = registration or str(uuid.uuid4())
        key = uuid.uuid4().hex
        actor = {"objectType": "Agent", "account": {"homePage": "https://lms.example.org",
                                                    "name": "learner-42"}}
        launch = Launch(
            registration=registration, session=str(uuid.uuid4()),
            activity_id="https://lms.example.org/activities/"
                        f"{uuid.uuid5(uuid.NAMESPACE_URL, publisher_id)}",
            publisher_id=publisher_id, actor=actor, fetch_key=key,
            token=base64.b64encode(f"au-{key}:secret".encode()).decode(),
            launch_data={
                "contextTemplate": {
                    "contextActivities": {"grouping": [{"objectType": "Activity",
                                                        "id": publisher_id}]},
                    "extensions": {SESSION: ""}},
                "launchMode": launch_mode, "moveOn": "Passed",
                **({"masteryScore": mastery} if mastery is not None else {}),
                **({"returnURL": return_url} if return_url else {})})
        launch.launch_data["contextTemplate"]["extensions"][SESSION] = launch.session
        with self.lock:
            self.launches[key] = launch
            self.state[(launch.activity_id, json.dumps(actor, sort_keys=True), registration,
                        "LMS.LaunchData")] = json.dumps(launch.launch_data).encode()
        query = "&".join(f"{name}={quote(value, safe='')}" for name, value in (
            ("module", module_id), ("endpoint", f"{self.base}xapi/"),
            ("fetch", f"{self.base}fetch/{key}"), ("actor", json.dumps(actor)),
            ("registration", registration), ("activityId", launch.activity_id)))
        return f"{self.content or self.base}pkg/lms/cmi5.html?{query}"

    def session_statements(self, launch_url: str) -> list[dict[str, Any]]:
        session = self.launch_of(launch_url).session
        with self.lock:
            return [s for s in self.statements
                    if s.get("context", {}).get("extensions", {}).get(SESSION) == session]

    def verbs(self, launch_url: str) -> list[str]:
        return [DEFINED.get(s["verb"]["id"], s["verb"]["id"])
                for s in self.session_statements(launch_url)]

    def launch_of(self, launch_url: str) -> Launch:
        key = parse_qs(urlsplit(launch_url).query)["fetch"][0].rsplit("/", 1)[1]
        return self.launches[key]

    def problems(self) -> list[str]:
        with self.lock:
            unread = [f"§11 launch {x.session}: the learner preferences were not read"
                      for x in self.launches.values() if x.fetched and not x.preferences_read]
            return problems(list(self.statements), list(self.launches.values())) + \
                list(self.refused) + unread


def problems(statements: list[dict[str, Any]], launches: list[Launch]) -> list[str]:
    """Every way `statements` break the cmi5 rules for an AU, one line each."""
    found: list[str] = []
    by_session = {launch.session: launch for launch in launches}
    sessions: dict[str, list[dict[str, Any]]] = {}
    for s in statements:
        sid = s.get("context", {}).get("extensions", {}).get(SESSION)
        launch = by_session.get(sid)
        name = DEFINED.get(s.get("verb", {}).get("id", ""), s.get("verb", {}).get("id"))
        where = f"{name} {s.get('id')}"
        if launch is None:
            found.append(f"§9.6.3.1 {where}: no session id of a launch ({sid!r})")
            continue
        sessions.setdefault(sid, []).append(s)
        if not UUID.fullmatch(str(s.get("id", ""))):
            found.append(f"§9.1 {where}: the id is not a UUID")
        if s.get("actor") != launch.actor:
            found.append(f"§9.2 {where}: the actor is not the launch's ({s.get('actor')})")
        if s.get("object", {}).get("id") != launch.activity_id:
            found.append(f"§9.4 {where}: the object is not the launch's activityId")
        context = s.get("context", {})
        if context.get("registration") != launch.registration:
            found.append(f"§9.6.1 {where}: registration {context.get('registration')!r}")
        activities = context.get("contextActivities", {})
        template = launch.launch_data["contextTemplate"]["contextActivities"]
        for kind, listed in template.items():
            ids = [a.get("id") for a in activities.get(kind, [])]
            if any(a["id"] not in ids for a in listed):
                found.append(f"§9.6.2 {where}: contextActivities.{kind} lacks the template's")
        categories = [a.get("id") for a in activities.get("category", [])]
        if CMI5_CATEGORY not in categories:
            found.append(f"§9.6.2.1 {where}: no cmi5 category")
        result = s.get("result", {})
        judged = "success" in result or "completion" in result
        if judged != (MOVEON_CATEGORY in categories):
            found.append(f"§9.6.2.2 {where}: moveOn category "
                         f"{'missing' if judged else 'not allowed'}")
        if "timestamp" not in s:
            found.append(f"§9.7 {where}: no timestamp")
        if name in ("passed", "failed"):
            if result.get("success") is not (name == "passed"):
                found.append(f"§9.5.2 {where}: success must be {name == 'passed'}")
            mastery = launch.launch_data.get("masteryScore")
            if mastery is not None and context.get("extensions", {}).get(MASTERY) != mastery:
                found.append(f"§9.6.3.2 {where}: masteryScore extension missing or wrong")
            scaled = result.get("score", {}).get("scaled")
            if scaled is not None and mastery is not None and \
                    (scaled >= mastery) != (name == "passed"):
                found.append(f"§9.3.4/§9.3.5 {where}: scaled {scaled} against mastery {mastery}")
            if scaled is not None and not 0 <= scaled <= 1:
                found.append(f"§9.5.1 {where}: scaled {scaled} outside 0..1")
            if "raw" in result.get("score", {}) and not {"min", "max"} <= set(result["score"]):
                found.append(f"§9.5.1 {where}: raw without min and max")
        else:
            if "score" in result:
                found.append(f"§9.5.1 {where}: a score on {name}")
            if "success" in result:
                found.append(f"§9.5.2 {where}: success on {name}")
        if name == "completed" and result.get("completion") is not True:
            found.append(f"§9.5.3 {where}: completed without completion true")
        if name != "completed" and "completion" in result:
            found.append(f"§9.5.3 {where}: completion on {name}")
        if name in ("terminated", "completed", "passed", "failed") and \
                not DURATION.fullmatch(str(result.get("duration", ""))):
            found.append(f"§9.5.4.1 {where}: no ISO 8601 duration")
    registrations: dict[str, list[str]] = {}
    for sid, items in sessions.items():
        ordered = sorted(items, key=lambda s: s["timestamp"])
        verbs = [DEFINED.get(s["verb"]["id"], s["verb"]["id"]) for s in ordered]
        registrations.setdefault(by_session[sid].registration, []).extend(verbs)
        if verbs[0] != "initialized":
            found.append(f"§9.3 session {sid}: the first statement is {verbs[0]}")
        if "terminated" in verbs and verbs[-1] != "terminated":
            found.append(f"§9.3 session {sid}: a statement after terminated ({verbs})")
        if len(set(verbs)) != len(verbs):
            found.append(f"§9.3 session {sid}: a verb used twice ({verbs})")
        if "passed" in verbs and "failed" in verbs:
            found.append(f"§9.3 session {sid}: both passed and failed")
    for registration, verbs in registrations.items():
        for once in ("completed", "passed"):
            if verbs.count(once) > 1:
                found.append(f"§9.3 registration {registration}: {once} {verbs.count(once)} times")
        if "passed" in verbs and "failed" in verbs[verbs.index("passed"):]:
            found.append(f"§9.3 registration {registration}: failed after passed")
    return found


class StandInHandler(Quiet):
    """The LMS's fetch URL and the LRS, and the package under /pkg/. The LRS answers other
    origins too (CORS), as an LRS serving content from elsewhere must."""

    server: Any

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def do_OPTIONS(self) -> None:  # noqa: N802 (stdlib name)
        self.send_response(204)
        self.send_header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS")
        self.send_header("Access-Control-Allow-Headers",
                         "Authorization, Content-Type, X-Experience-API-Version")
        self.send_header("Access-Control-Max-Age", "600")
        self.end_headers()

    @property
    def lrs(self) -> Lrs:
        return self.server.lrs

    def translate_path(self, path: str) -> str:
        route = path.split("?")[0]
        if route.startswith("/pkg/"):
            return str(self.lrs.package / route.removeprefix("/pkg/"))
        return str(self.lrs.package / "__none__")

    def authorised(self) -> Launch | None:
        """The launch whose token the request carries, after the xAPI checks (§8.2.2)."""
        if self.lrs.down:
            self.send_json(503, {"error": "the LRS is down (test)"})
            return None
        auth = self.headers.get("Authorization", "")
        launch = next((x for x in self.lrs.launches.values()
                       if x.fetched and auth == f"Basic {x.token}"), None)
        if launch is None:
            self.lrs.refused.append(f"§8.2.2 {self.command} {self.path}: no valid token")
            self.send_json(401, {"error": "unauthorised"})
            return None
        if not self.headers.get("X-Experience-API-Version", "").startswith("1.0"):
            self.lrs.refused.append(f"xAPI {self.command} {self.path}: no version header")
            self.send_json(400, {"error": "X-Experience-API-Version"})
            return None
        return launch

    def state_key(self) -> tuple[str, str, str, str]:
        query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        agent = json.dumps(json.loads(query.get("agent", "{}")), sort_keys=True)
        return (query.get("activityId", ""), agent, query.get("registration", ""),
                query.get("stateId", ""))

    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        route = urlsplit(self.path).path
        if route == "/xapi/activities/state":
            if not self.authorised():
                return
            with self.lrs.lock:
                document = self.lrs.state.get(self.state_key())
            if document is None:
                self.send_json(404, {})
            else:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(document)
        elif route == "/xapi/agents/profile":
            if launch := self.authorised():
                launch.preferences_read = True
                self.send_json(200, {"languagePreference": "en-US", "audioPreference": "off"})
        else:
            super().do_GET()

    def do_POST(self) -> None:  # noqa: N802 (stdlib name)
        route = urlsplit(self.path).path
        body = self.read_body()
        if route.startswith("/fetch/"):
            launch = self.lrs.launches.get(route.removeprefix("/fetch/"))
            if launch is None or launch.fetched:  # §8.2.3: the token once only
                self.send_json(200, {"error-code": "1", "error-text": "already used"})
            else:
                launch.fetched = True
                self.send_json(200, {"auth-token": launch.token})
        elif route == "/xapi/statements":
            if not self.authorised():
                return
            received = json.loads(body)
            batch = received if isinstance(received, list) else [received]
            with self.lrs.lock:
                known = {s["id"] for s in self.lrs.statements}
                self.lrs.statements += [s for s in batch if s.get("id") not in known]
            self.send_json(200, [s.get("id") for s in batch])
        elif route == "/xapi/activities/state":
            self.store_state(body)
        else:
            self.send_json(404, {})

    def do_PUT(self) -> None:  # noqa: N802 (stdlib name)
        route = urlsplit(self.path).path
        body = self.read_body()
        if route == "/xapi/activities/state":
            self.store_state(body)
        elif route == "/xapi/statements":
            if not self.authorised():
                return
            statement = json.loads(body)
            with self.lrs.lock:
                if statement.get("id") not in {s["id"] for s in self.lrs.statements}:
                    self.lrs.statements.append(statement)
            self.send_response(204)
            self.end_headers()
        else:
            self.send_json(404, {})

    def store_state(self, body: bytes) -> None:
        if not self.authorised():
            return
        with self.lrs.lock:
            self.lrs.state[self.state_key()] = body
        self.send_response(204)
        self.end_headers()


@contextmanager
def cmi5_lms(package: Path, other_origin: bool = False) -> Iterator[Lrs]:
    """The stand-in; with `other_origin`, the package is served from a second address, as
    LMSs that keep content on a separate host do."""
    lrs = Lrs(package)
    with serving(StandInHandler, lrs=lrs) as base:
        lrs.base = base
        if not other_origin:
            yield lrs
            return
        with serving(StandInHandler, lrs=Lrs(package)) as content:
            lrs.content = content.replace("127.0.0.1", "localhost")
            yield lrs
