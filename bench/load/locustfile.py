"""The deadline week as Locust users (OdooLocust, JSON-RPC), for the addon
or for its counterpart on Odoo's project.task: run_load.py runs this file
twice, NTM_LOAD_SYSTEM=ntm then =project, against the same server.

Users, in each system (the same action names, so that they pair):

- officers (one per commune): open the kanban as the web client does,
  file a dossier (create its nominee, then the form's save), open a dossier
  and save its criteria evaluation, nominate it;
- leaders (unit managers, one per commune): open the kanban, move a
  nominated card to the council (a kanban drag: the form's save of the
  stage), return one with a reason (the wizard);
- the council of 9, all at once: read "My Ballots", vote one ballot; the
  chair closes the session when every ballot is cast;
- the coordination office: opens the next session when none is open, its
  home (dashboard) and the dossiers' pivot by unit and stage.

The project.task counterparts: tasks with subtasks as dossiers with
criteria lines (filing creates the subtasks, evaluating marks them done),
stage writes as the moves, a stage write and a chatter message as the
return, a chatter message per task and reviewer as a ballot, the stage of
the batch's tasks as the close, assigning the 9 reviewers to the next batch
as the opening, the projects' overview and the tasks' pivot as the reports.

Each user logs in as the web client does (NTM_LOAD_AUTH=session, the
default: /web/session/authenticate, one password check, then
/web/dataset/call_kw with the session's cookie) or as an external client
(=rpc: OdooLocust's odoolib client, uid and password in every /jsonrpc
call, checked once per user and worker process).

Each action is reported to Locust as request type "action" (each RPC too,
as OdooLocust reports its own: "OdooRPC"); the actions' samples per step and what
the clients did (counts) are written to NTM_LOAD_OUT when the run ends.
"""

import collections
import contextlib
import itertools
import json
import os
import random
import re
import time

import requests
from locust import LoadTestShape, between, events, task
from OdooLocust.OdooLocustUser import OdooLocustUser

SEED = json.load(open(os.environ["NTM_LOAD_SEED"], encoding="utf-8"))
SYSTEM = os.environ.get("NTM_LOAD_SYSTEM", "ntm")
OUT = os.environ.get("NTM_LOAD_OUT")
PORT = int(os.environ.get("NTM_LOAD_PORT", "8069"))
# "users:seconds,...": each step's number of users and how long it lasts.
STEPS = [
    tuple(int(x) for x in step.split(":"))
    for step in os.environ.get("NTM_LOAD_STEPS", "15:90,30:90,50:120").split(",")
]
WAIT = tuple(float(x) for x in os.environ.get("NTM_LOAD_WAIT", "2,6").split(","))
# New users a second: people open their session one after the other.
SPAWN_RATE = float(os.environ.get("NTM_LOAD_SPAWN_RATE", "2"))
# How a user's requests are authenticated: "session", as the web client (one
# password check at login, then the session's cookie), or "rpc", odoolib's
# external JSON-RPC (uid and password in every call, checked once per user
# and worker process).
AUTH = os.environ.get("NTM_LOAD_AUTH", "session")
COUNCIL = len(SEED["logins"]["council"])
CONTEXT = {"lang": "vi_VN", "tz": "Asia/Ho_Chi_Minh"}
COUNT_LIMIT = 10_001
VOTES = ["agree"] * 16 + ["disagree"] * 3 + ["abstain"]
NTM = SYSTEM == "ntm"

# What the clients did, counted on success only: run_load.py compares it
# with the database.
COUNTS = collections.Counter()
# (step index, action name, milliseconds, error text or None, seconds
# since the step began)
SAMPLES = []
STEP = {"index": 0, "since": time.monotonic()}
RNG = random.Random(int(os.environ.get("NTM_LOAD_SEED_RNG", "17")))
# Work shared as the screens share it: an officer's nomination appears in
# the leader's kanban column.
UNITS = [str(u) for u in (SEED["units"] if NTM else SEED["projects"])]
QUEUES = SEED["queues"] if NTM else SEED["p_queues"]
STAGES = SEED["stages"] if NTM else SEED["p_stages"]
KANBAN = SEED["kanban"] if NTM else SEED["p_kanban"]
NOMINATED = {unit: list(QUEUES[unit].get("nominated", [])) for unit in UNITS}
TO_EVALUATE = {unit: list(QUEUES[unit].get("discovered", [])) for unit in UNITS}
TO_NOMINATE = {unit: [] for unit in UNITS}
# Each Locust user is one person: the n-th user of a role takes the n-th
# login of a shuffled list (communes spread over the city).
ORDER = {role: list(range(len(logins))) for role, logins in SEED["logins"].items()}
for _role, _order in ORDER.items():
    if "council" not in _role:
        RNG.shuffle(_order)
NEXT = collections.defaultdict(itertools.count)


@events.request.add_listener
def _record(request_type, name, response_time, exception, **_kw):
    if request_type == "action":
        since = time.monotonic() - STEP["since"]
        SAMPLES.append(
            (STEP["index"], name, response_time, error_text(exception), since)
        )
    elif exception:
        COUNTS["rpc_errors"] += 1


@events.quitting.add_listener
def _write(environment, **_kw):
    if OUT:
        with open(OUT, "w", encoding="utf-8") as fh:
            json.dump(
                {
                    "system": SYSTEM,
                    "counts": COUNTS,
                    "samples": SAMPLES,
                    "steps": STEPS,
                },
                fh,
            )


class RpcError(Exception):
    """An Odoo error in a JSON-RPC answer (as odoolib's JsonRPCException)."""

    def __init__(self, error):
        super().__init__(error.get("message"))
        self.error = error


class NotJsonError(Exception):
    """An answer that is not JSON-RPC (a proxy's error page)."""

    def __init__(self, status, doc):
        super().__init__(f"HTTP {status}")
        self.doc = doc


class WebClient:
    """What the web client sends: /web/session/authenticate once (one
    password check, as a browser's login), then /web/dataset/call_kw with the
    session's cookie on a kept-alive connection. Each request is reported to
    Locust as OdooLocust reports its RPCs ("OdooRPC", "model : method")."""

    def __init__(self, host, port, database):
        self.url = f"http://{host}:{port}"
        self.database = database
        self.http = requests.Session()
        self.ids = itertools.count(1)

    def post(self, path, params, name):
        start, error, result, length = time.perf_counter(), None, None, 0
        try:
            response = self.http.post(
                self.url + path,
                json={
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": params,
                    "id": next(self.ids),
                },
            )
            length = len(response.content)
            try:
                answer = response.json()
            except ValueError:
                raise NotJsonError(response.status_code, response.text) from None
            if answer.get("error"):
                raise RpcError(answer["error"])
            result = answer.get("result")
        except Exception as exc:  # reported to Locust, then raised
            error = exc
        events.request.fire(
            request_type="OdooRPC",
            name=name,
            response_time=(time.perf_counter() - start) * 1000,
            response_length=length,
            exception=error,
            context={},
        )
        if error is not None:
            raise error
        return result

    def authenticate(self, login, password):
        params = {"db": self.database, "login": login, "password": password}
        info = self.post("/web/session/authenticate", params, "common : login")
        if not (info or {}).get("uid"):
            raise RuntimeError(f"login refused: {login}")
        return info

    def execute(self, model, method, *args, **kwargs):
        params = {
            "model": model,
            "method": method,
            "args": list(args),
            "kwargs": kwargs,
        }
        return self.post(
            f"/web/dataset/call_kw/{model}/{method}", params, f"{model} : {method}"
        )


class DeadlineWeek(LoadTestShape):
    """Stepped users: 15, then 30, then 50 (NTM_LOAD_STEPS), then stop;
    new users join at SPAWN_RATE a second."""

    def tick(self):
        elapsed, end = self.get_run_time(), 0
        for index, (users, seconds) in enumerate(STEPS):
            end += seconds
            if elapsed < end:
                if STEP["index"] != index:
                    STEP["index"], STEP["since"] = index, time.monotonic()
                return users, SPAWN_RATE
        return None


class Person(OdooLocustUser):
    abstract = True
    role = None
    port = PORT
    database = os.environ.get("NTM_LOAD_DB", SEED["database"])
    password = SEED["password"]
    wait_time = between(*WAIT)

    def __init__(self, environment):
        super().__init__(environment)
        order = ORDER[self.role]
        self.index = order[next(NEXT[self.role]) % len(order)]
        self.login = SEED["logins"][self.role][self.index]
        self.user_id = SEED["uids"][self.role][self.index]

    def on_start(self):
        # The web client's login (one password check), or OdooLocust's:
        # odoolib's client, then two calls, which check the password in the
        # workers (Odoo caches the check per process). Either way the
        # actions are then timed as a logged-in user waits for them. A
        # refused or timed-out login is retried and counted.
        for attempt in range(5):
            try:
                if AUTH == "session":
                    self.client = WebClient(self.host, self.port, self.database)
                    self.client.authenticate(self.login, self.password)
                else:
                    super().on_start()
                    for _n in range(2):
                        self.call("res.users", "context_get")
                return
            except Exception:  # reported to Locust as the login's failure
                COUNTS["failed_logins"] += 1
                time.sleep(2 + attempt)

    def call(self, model, method, *args, **kwargs):
        kwargs.setdefault("context", CONTEXT)
        if AUTH == "session":
            return self.client.execute(model, method, *args, **kwargs)
        return getattr(self.client.get_model(model), method)(*args, **kwargs)

    @contextlib.contextmanager
    def action(self, name):
        """One user action (one or more RPCs), timed as the user waits."""
        start, error = time.perf_counter(), None
        try:
            yield
        except Exception as exc:  # reported to Locust as the action's failure
            error = exc
        events.request.fire(
            request_type="action",
            name=name,
            response_time=(time.perf_counter() - start) * 1000,
            response_length=0,
            exception=error,
            context={},
        )
        if error is not None:
            COUNTS["failed_actions"] += 1

    def open_kanban(self, domain):
        """read_progress_bar, web_read_group by stage, a page per open column."""
        group_by, context = KANBAN["group_by"], {**CONTEXT, **self.kanban_context()}
        model = "ntm.exemplar" if NTM else "project.task"
        if KANBAN["progress"]:
            self.call(model, "read_progress_bar", domain, group_by, KANBAN["progress"])
        groups = self.call(
            model,
            "web_read_group",
            domain,
            KANBAN["aggregates"],
            [group_by],
            limit=2**53 - 1,
            orderby="",
            lazy=True,
            context=context,
        )["groups"]
        shown = []
        for group in groups:
            if group.get("__fold") or not group[f"{group_by}_count"]:
                continue
            value = group[group_by][0] if group[group_by] else False
            shown += self.call(
                model,
                "web_search_read",
                group["__domain"],
                KANBAN["spec"],
                offset=0,
                limit=80,
                order=KANBAN["order"],
                count_limit=COUNT_LIMIT,
                context={**context, "bin_size": True, f"default_{group_by}": value},
            )["records"]
        return shown

    def kanban_context(self):
        return {}


class UnitPerson(Person):
    """An officer or a leader: works on one commune (or its project)."""

    abstract = True

    def on_start(self):
        super().on_start()
        self.unit = UNITS[self.index]

    def domain(self):
        if NTM:
            return []
        return [
            "&",
            "&",
            ("project_id", "=", int(self.unit)),
            ("display_in_project", "=", True),
            ("is_closed", "=", False),
        ]

    def kanban_context(self):
        if NTM:
            return {}
        project = int(self.unit)
        return {
            "active_id": project,
            "active_ids": [project],
            "active_model": "project.project",
            "default_project_id": project,
            "show_project_update": True,
            "project_kanban": True,
        }

    def move(self, record_id, stage):
        """A kanban drag, or the statusbar: the form's save of the stage."""
        model = "ntm.exemplar" if NTM else "project.task"
        self.call(
            model,
            "web_save",
            [record_id],
            {"stage_id": STAGES[stage]},
            specification={},
        )


class Officer(UnitPerson):
    role = "officer" if NTM else "p_officer"
    weight = 3

    @task(3)
    def kanban(self):
        with self.action("officer: open kanban"):
            self.open_kanban(self.domain())

    @task(2)
    def file(self):
        record = None
        with self.action("officer: file"):
            n = COUNTS["filed"] + 1
            nominee, _name = self.call(
                "res.partner",
                "name_create",
                f"Đối tượng tải thử {self.index}-{n}",
                context={
                    **CONTEXT,
                    **(
                        {
                            "default_ntm_is_nominee": True,
                            "default_ntm_unit_id": int(self.unit),
                            "ntm_nominee_display": True,
                        }
                        if NTM
                        else {}
                    ),
                },
            )
            if NTM:
                vals = {
                    "name": f"Hồ sơ tải thử {self.index}-{n}",
                    "partner_id": nominee,
                    "category": RNG.choice(("individual", "enterprise", "other")),
                    "unit_id": int(self.unit),
                    "source": "movement",
                }
                model = "ntm.exemplar"
            else:
                vals = {
                    "name": f"Công việc tải thử {self.index}-{n}",
                    "partner_id": nominee,
                    "project_id": int(self.unit),
                    "child_ids": [
                        [
                            0,
                            0,
                            {"name": f"Tiêu chí {k + 1}", "project_id": int(self.unit)},
                        ]
                        for k in range(7)
                    ],
                }
                model = "project.task"
            record = self.call(
                model,
                "web_save",
                [],
                vals,
                specification=KANBAN["form"],
                context={**CONTEXT, **self.kanban_context()},
            )[0]
        if record:
            COUNTS["filed"] += 1
            TO_EVALUATE[self.unit].append(record["id"])

    @task(2)
    def evaluate(self):
        if not TO_EVALUATE[self.unit]:
            return self.file()
        record_id = TO_EVALUATE[self.unit].pop(0)
        model = "ntm.exemplar" if NTM else "project.task"
        record = None
        with self.action("officer: open form"):
            record = self.call(
                model, "web_read", [record_id], specification=KANBAN["form"]
            )[0]
        if record is None:
            return None
        lines = record["criterion_line_ids" if NTM else "child_ids"]
        with self.action("officer: evaluate"):
            commands = [
                [1, line["id"], meet_values(line) if NTM else {"state": "1_done"}]
                for line in lines
                if not (line["is_evaluated"] if NTM else line["state"] == "1_done")
            ]
            self.call(
                model,
                "web_save",
                [record_id],
                {"criterion_line_ids" if NTM else "child_ids": commands},
                specification=KANBAN["form"],
            )
            COUNTS["lines_evaluated"] += len(commands)
            TO_NOMINATE[self.unit].append(record_id)

    @task(1)
    def nominate(self):
        if not TO_NOMINATE[self.unit]:
            return self.evaluate()
        record_id = TO_NOMINATE[self.unit].pop(0)
        with self.action("officer: nominate"):
            if NTM:
                self.call("ntm.exemplar", "action_nominate", [record_id])
            else:
                self.move(record_id, "nominated")
            COUNTS["nominated"] += 1
            NOMINATED[self.unit].append(record_id)


class Leader(UnitPerson):
    role = "leader" if NTM else "p_leader"
    weight = 1

    @task(2)
    def kanban(self):
        with self.action("leader: open kanban"):
            self.open_kanban(self.domain())

    @task(2)
    def move_card(self):
        if not NOMINATED[self.unit]:
            return self.kanban()
        record_id = NOMINATED[self.unit].pop(0)
        with self.action("leader: move card"):
            self.move(record_id, "council")
            COUNTS["moved"] += 1

    @task(1)
    def give_back(self):
        if not NOMINATED[self.unit]:
            return self.kanban()
        record_id = NOMINATED[self.unit].pop(0)
        reason = "Bổ sung minh chứng về thành tích năm nay."
        with self.action("leader: return"):
            if NTM:
                context = {
                    **CONTEXT,
                    "active_model": "ntm.exemplar",
                    "active_ids": [record_id],
                    "active_id": record_id,
                }
                wizard = self.call(
                    "ntm.exemplar.return.wizard",
                    "web_save",
                    [],
                    {"reason": reason},
                    specification={},
                    context=context,
                )[0]["id"]
                self.call(
                    "ntm.exemplar.return.wizard",
                    "action_return",
                    [wizard],
                    context=context,
                )
            else:
                self.move(record_id, "returned")
                self.call(
                    "project.task",
                    "message_post",
                    [record_id],
                    body=reason,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
            COUNTS["returned"] += 1
            # The officer completes it and nominates it again.
            TO_NOMINATE[self.unit].append(record_id)


class CouncilMember(Person):
    """The 9 members vote at the same time; the chair (first login) closes."""

    role = "council" if NTM else "p_council"
    fixed_count = COUNCIL

    def on_start(self):
        super().on_start()
        self.voted = set()  # project: the tasks this reviewer commented on

    @task
    def sit(self):
        ballots = None
        with self.action("council: my ballots"):
            ballots = self.my_ballots()
        if ballots:
            ballot = RNG.choice(ballots)
            with self.action("council: vote"):
                self.vote(ballot)
                COUNTS["votes"] += 1
        elif self.index == 0:
            session, cast, total = None, 0, 0
            with self.action("council: read session"):
                session, cast, total = self.progress()
            if session and total and cast == total:
                with self.action("council: close"):
                    self.close(session)
                    COUNTS["closed"] += 1

    def my_ballots(self):
        if NTM:
            records = self.call(
                "ntm.ballot",
                "web_search_read",
                [],
                SEED["ballots"],
                offset=0,
                limit=80,
                order="",
                count_limit=COUNT_LIMIT,
            )["records"]
            return [r["id"] for r in records if not r["vote"]]
        records = self.call(
            "project.task",
            "web_search_read",
            [
                ("project_id", "=", SEED["council_project"]),
                ("user_ids", "in", [self.user_id]),
                ("stage_id", "=", STAGES["council"]),
            ],
            {"name": {}, "stage_id": {"fields": {"display_name": {}}}},
            offset=0,
            limit=80,
            order="",
            count_limit=COUNT_LIMIT,
        )["records"]
        return [r["id"] for r in records if r["id"] not in self.voted]

    def vote(self, ballot):
        if NTM:
            self.call(
                "ntm.ballot",
                "action_cast_vote",
                [ballot],
                context={**CONTEXT, "ntm_vote": RNG.choice(VOTES)},
            )
        else:
            self.call(
                "project.task",
                "message_post",
                [ballot],
                body=f"Ý kiến: {RNG.choice(VOTES)}",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            self.voted.add(ballot)

    def progress(self):
        """The open session and how many of its ballots are cast, as the
        session's form shows it ("12/108 ...")."""
        if NTM:
            sessions = self.call(
                "ntm.council.session",
                "web_search_read",
                [("state", "=", "open")],
                {"name": {}, "ballot_progress": {}, "state": {}},
                offset=0,
                limit=1,
                order="date, id",
                count_limit=COUNT_LIMIT,
            )["records"]
            if not sessions:
                return None, 0, 0
            cast, total = re.search(
                r"(\d+)\s*/\s*(\d+)", sessions[0]["ballot_progress"]
            ).groups()
            return sessions[0]["id"], int(cast), int(total)
        batch = self.call(
            "project.task",
            "search",
            [
                ("project_id", "=", SEED["council_project"]),
                ("user_ids", "in", SEED["uids"]["p_council"]),
                ("stage_id", "=", STAGES["council"]),
            ],
        )
        if not batch:
            return None, 0, 0
        cast = self.call(
            "mail.message",
            "search_count",
            [
                ("model", "=", "project.task"),
                ("res_id", "in", batch),
                ("message_type", "=", "comment"),
            ],
        )
        return batch, cast, len(batch) * COUNCIL

    def close(self, session):
        if NTM:
            self.call("ntm.council.session", "action_close", [session])
        else:
            self.call(
                "project.task", "write", session, {"stage_id": STAGES["recognized"]}
            )


class Coordinator(Person):
    role = "coordinator" if NTM else "p_coordinator"
    fixed_count = 1

    @task(2)
    def sessions(self):
        with self.action("coordinator: sessions"):
            waiting = self.next_session()
        if waiting:
            with self.action("coordinator: open session"):
                self.open_session(waiting)
                COUNTS["opened"] += 1

    def next_session(self):
        """The next session to open when none is open (or batch of tasks)."""
        if NTM:
            sessions = self.call(
                "ntm.council.session",
                "web_search_read",
                [("council_id", "=", SEED["council_id"]), ("state", "!=", "closed")],
                {"name": {}, "state": {}, "date": {}},
                offset=0,
                limit=80,
                order="id",
                count_limit=COUNT_LIMIT,
            )["records"]
            if any(s["state"] == "open" for s in sessions) or not sessions:
                return None
            return sessions[0]["id"]
        open_batch = self.call(
            "project.task",
            "search_count",
            [
                ("project_id", "=", SEED["council_project"]),
                ("user_ids", "in", SEED["uids"]["p_council"]),
                ("stage_id", "=", STAGES["council"]),
            ],
        )
        if open_batch:
            return None
        for batch in SEED["p_batches"]:
            waiting = self.call(
                "project.task",
                "search",
                [
                    ("id", "in", batch),
                    ("user_ids", "not in", SEED["uids"]["p_council"]),
                ],
            )
            if waiting:
                return waiting
        return None

    def open_session(self, waiting):
        if NTM:
            self.call("ntm.council.session", "action_open", [waiting])
        else:
            self.call(
                "project.task",
                "write",
                waiting,
                {"user_ids": [[6, 0, SEED["uids"]["p_council"]]]},
            )

    @task(2)
    def home(self):
        with self.action("coordinator: home"):
            if NTM:
                self.call("ntm.home", "get_home_data")
            else:
                self.call(
                    "project.project",
                    "web_search_read",
                    [],
                    SEED["p_home"]["spec"],
                    offset=0,
                    limit=80,
                    order=SEED["p_home"]["order"],
                    count_limit=COUNT_LIMIT,
                )

    @task(2)
    def pivot(self):
        """The pivot's four read_group calls: totals, rows, columns, cells."""
        model, row = (
            ("ntm.exemplar", "unit_id") if NTM else ("project.task", "project_id")
        )
        with self.action("coordinator: pivot"):
            for groupby in ([], [row], ["stage_id"], [row, "stage_id"]):
                self.call(model, "read_group", [], ["__count"], groupby, lazy=False)


def error_text(exception):
    """The server's message (an Odoo error), else the exception's text."""
    if exception is None:
        return None
    error = getattr(exception, "error", None)
    if isinstance(error, dict):
        data = error.get("data") or {}
        return f"{data.get('name', '')}: {data.get('message') or error.get('message')}"
    page = getattr(exception, "doc", None)  # a response that is not JSON
    title = re.search(r"<title>(.*?)</title>", page or "", re.S)
    if title:
        return f"HTTP {title.group(1).strip()} (not JSON-RPC: from nginx)"
    return f"{type(exception).__name__}: {exception}"[:500]


def meet_values(line):
    """Values meeting the line's criterion, as the officer types them."""
    if line["measure"] == "boolean":
        return {"value_bool": "yes", "evidence_note": "Biên bản kiểm tra."}
    if line["measure"] == "range":
        return {"value_number": line["threshold"], "evidence_note": "Số liệu thống kê."}
    step = {">": 1, "<": -1}.get(line["operator"], 0)
    return {"value_number": line["threshold"] + step, "evidence_note": "Số liệu."}
