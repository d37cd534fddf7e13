"""A bounded load test of the web app on 127.0.0.1: concurrent chiefs browsing and re-solving.

    python bench/web_load.py [--sessions 20] [--seconds 30] [--applications 50] [--think 0]
                             [--big-round 9999] [--login-flood 60] [--solver exact|cbc|highs]
                             [--meeting]

Builds a round of APPLICATIONS synthetic applications (bench/synthetic.py) with its
recommendation in a temporary database, starts `digipulje serve` on a free port of 127.0.0.1 in
its own process, and logs in SESSIONS users (role chef). Each session then loops for SECONDS:
open the rounds list, the recommendation and the log, then change the decision (exclude or fix
the amount of a random application, with a reason) and open the decision page, which re-solves
the allocation with the change and prices it (the "re-solve"), and take the change back.
THINK seconds pass between one step and the next (0: as fast as the server answers), and each
session starts at a random moment within the first 3 x THINK seconds, as people do not all click
at the same instant (with THINK 0 they all start at once).

--meeting replaces the chiefs alone by a meeting: 10 chiefs changing the decision as above, 5
readers asking for scenarios (another budget, with or without the chiefs' changes, one in five
with the weight draws), 3 secretaries reading the round's pages and documents, and 2 assessors
rating applications, all at once.

--big-round N adds a second round of N applications to the database first: a round's pages must
not slow down because another round is large (the server checks only the log's new events).
--login-flood N instead sends N logins at once with wrong passwords (half to a real name, half to
names nobody has) and prints the server's peak memory and the answers' times: Argon2 takes
64 MiB a hash, and the server hashes at most two at once.

Prints per kind of request the count, errors, median and 95th percentile, and exits 1 if any
request failed. Not part of the test suite: the figures go to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

try:  # the HTTP client of the test extra (Starlette's TestClient uses it); httpx is the same API
    import httpx2 as httpx  # noqa: E402
except ImportError:
    import httpx  # noqa: E402

PASSWORD = "en lang adgangskode til belastningstesten"


MEETING = {"chef": 10, "læser": 5, "sekretariat": 3, "bedømmer": 2}


def build_round(db: Path, n: int, sessions: int, big: int = 0, meeting: bool = False) -> list[str]:
    from bench.synthetic import synthetic_round
    from digipulje.rounds.rounds import SourceFile, allocate_round, import_applications, open_round
    from digipulje.rounds.store import RoundStore
    from digipulje.web.users import UserStore

    applications, pool = synthetic_round(n)
    with RoundStore.create(db) as ws:
        open_round(ws, "bench", pool, "sekretariat")
        import_applications(ws, "bench", [SourceFile("syntetisk.xlsx", "sha256:" + "0" * 64, 0, tuple(applications))],
                            "sekretariat")
        allocate_round(ws, "bench", "sekretariat", solver="highs")
        if big:
            others, other_pool = synthetic_round(big)
            open_round(ws, "stor", other_pool, "sekretariat")
            import_applications(ws, "stor", [SourceFile("stor.xlsx", "sha256:" + "1" * 64, 0, tuple(others))],
                                "sekretariat")
    store = UserStore(db)
    for role, count in (MEETING if meeting else {"chef": sessions}).items():
        for i in range(count):
            store.add(user_name(role, i), PASSWORD, (role,))
    return [a.id for a in applications]


def user_name(role: str, i: int) -> str:
    return {"chef": "chef", "læser": "laeser", "sekretariat": "sekr", "bedømmer": "bedoemmer"}[role] + f"{i:02d}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)

    def request(self, kind: str, call, expect: int = 200) -> httpx.Response | None:
        start = time.perf_counter()
        try:
            response = call()
            ok = response.status_code == expect
            problem = None if ok else f"status {response.status_code}"
        except httpx.HTTPError as error:
            response, problem = None, f"{type(error).__name__}: {error}"
        elapsed = time.perf_counter() - start
        with self.lock:
            if problem is None:
                self.times[kind].append(elapsed)
            else:
                self.errors[kind].append(problem)
        return response


def session(base: str, name: str, ids: list[str], seconds: float, think: float, recorder: Recorder, seed: int,
            start: threading.Barrier, role: str = "chef") -> None:
    """Logs in (timed apart: Argon2 is slow on purpose), waits for every session, then browses."""
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=60, follow_redirects=False) as client:
        page = recorder.request("(log in) login page", lambda: client.get("/login"))
        logged_in = page is not None and recorder.request("(log in) check the password", lambda: client.post(
            "/login", data={"csrf": csrf_of(page.text), "name": name, "password": PASSWORD, "next": "/"}),
            expect=303) is not None
        home = client.get("/") if logged_in else None
        start.wait()
        if home is None or home.status_code != 200:
            return
        csrf = csrf_of(home.text)
        until = time.monotonic() + seconds
        time.sleep(rng.uniform(0, 3 * think))  # people do not all click at the same instant
        if role != "chef":
            others = {"læser": reader, "sekretariat": secretary, "bedømmer": assessor}[role]
            others(client, csrf, ids, until, think, recorder, rng)
            return
        while time.monotonic() < until:
            for kind, url in (("rounds", "/"), ("recommendation", "/runder/bench/indstilling"),
                              ("log", "/runder/bench/log")):
                recorder.request(kind, lambda: client.get(url))
                time.sleep(think)
            application = rng.choice(ids)
            # a reason of its own, so no change is ever served from the page cache: each is solved
            change = {"csrf": csrf, "application": application, "reason": f"belastningstest {rng.random()}"}
            change.update(rng.choice([{"action": "exclude"}, {"action": "fix", "amount": "20.000"}]))
            recorder.request("re-solve: a change",
                             lambda: client.post("/runder/bench/beslutning/aendring", data=change), expect=303)
            recorder.request("decision page after it", lambda: client.get("/runder/bench/beslutning"))
            time.sleep(think)
            recorder.request("take the change back", lambda: client.post(
                "/runder/bench/beslutning/fjern", data={"csrf": csrf, "application": application}), expect=303)
            time.sleep(think)


def reader(client: httpx.Client, csrf: str, ids: list[str], until: float, think: float, recorder: Recorder,
           rng: random.Random) -> None:
    """Scenarios: the round's own pool under another budget, with or without the chiefs' changes."""
    page = recorder.request("reader: scenarios page", lambda: client.get("/runder/bench/scenarier"))
    if page is None:
        return
    fields = dict(re.findall(r'name="((?:budget|partial_floor|max_grants|w_[a-z_]+))"[^>]*value="([^"]*)"', page.text))
    budget = int(fields.get("budget", "250.000").replace(".", "") or 250000)
    while time.monotonic() < until:
        query = {**fields, "budget": str(rng.randint(budget // 2, budget * 3 // 2))}
        if rng.random() < 0.5:
            query["beslutning"] = "1"
        kind = "reader: a scenario"
        if rng.random() < 0.2:
            query["robusthed"] = "1"
            kind = "reader: a scenario with weight draws"
        recorder.request(kind, lambda: client.get("/runder/bench/scenarier", params=query))
        time.sleep(think)


def secretary(client: httpx.Client, csrf: str, ids: list[str], until: float, think: float, recorder: Recorder,
              rng: random.Random) -> None:
    """The round's pages and documents, read again and again."""
    while time.monotonic() < until:
        for kind, url in (("secretary: rounds", "/"), ("secretary: recommendation", "/runder/bench/indstilling"),
                          ("secretary: documents", "/runder/bench/dokumenter"), ("secretary: log", "/runder/bench/log"),
                          ("secretary: an application", f"/runder/bench/ansoegning/{rng.choice(ids)}")):
            recorder.request(kind, lambda: client.get(url))
            time.sleep(think)


def assessor(client: httpx.Client, csrf: str, ids: list[str], until: float, think: float, recorder: Recorder,
             rng: random.Random) -> None:
    """The assessment page, and a rating of one application after another."""
    page = recorder.request("assessor: assessment page", lambda: client.get("/runder/bench/bedoemmelse"))
    if page is None:
        return
    form = client.get("/runder/bench/bedoemmelse", params={"ansoegning": ids[0]}).text
    keys = sorted(set(re.findall(r'name="(rating_[a-z_]+)"', form)))
    while time.monotonic() < until:
        rating = {"csrf": csrf, "application": rng.choice(ids), **{k: str(rng.randint(0, 4)) for k in keys}}
        recorder.request("assessor: a rating", lambda: client.post("/runder/bench/bedoemmelse", data=rating),
                         expect=303)
        recorder.request("assessor: assessment page", lambda: client.get("/runder/bench/bedoemmelse"))
        time.sleep(think)


def peak_memory_mb(pid: int) -> int:
    """The process's peak resident memory (Linux: VmHWM), in MB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM"):
                return int(line.split()[1]) // 1024
    return 0


def login_flood(base: str, clients: int, pid: int) -> None:
    """`clients` logins at once with wrong passwords; the server's memory and the answers' times."""
    before = peak_memory_mb(pid)
    times: list[float] = []
    statuses: set[int] = set()
    barrier = threading.Barrier(clients)

    def attempt(i: int) -> None:
        with httpx.Client(base_url=base, timeout=300) as client:
            token = csrf_of(client.get("/login").text)
            barrier.wait()
            start = time.perf_counter()
            response = client.post("/login", data={"csrf": token, "name": "chef00" if i % 2 else f"ingen{i}",
                                                   "password": f"forkert {i}"})
            times.append(time.perf_counter() - start)
            statuses.add(response.status_code)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"{clients} wrong logins at once: answers {sorted(statuses)}, server peak memory {before} MB -> "
          f"{peak_memory_mb(pid)} MB, answer median {statistics.median(times):.1f} s, max {max(times):.1f} s")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--applications", type=int, default=50)
    parser.add_argument("--think", type=float, default=0.0)
    parser.add_argument("--big-round", type=int, default=0)
    parser.add_argument("--login-flood", type=int, default=0)
    parser.add_argument("--solver", default="exact", help="the solver the server's pages use (serve --solver)")
    parser.add_argument("--meeting", action="store_true", help="10 chiefs, 5 readers, 3 secretaries, 2 assessors")
    args = parser.parse_args()
    people = [(role, user_name(role, i)) for role, count in (MEETING if args.meeting else {"chef": args.sessions}).items()
              for i in range(count)]
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        ids = build_round(db, args.applications, args.sessions, args.big_round, args.meeting)
        port = free_port()
        digipulje = Path(sys.executable).with_name("digipulje")
        server = subprocess.Popen([str(digipulje), "serve", "--db", str(db), "--port", str(port), "--solver", args.solver],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ})
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 20
            while True:
                try:
                    httpx.get(base + "/login", timeout=1)
                    break
                except httpx.HTTPError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        print("the server did not start:", server.stderr.read().decode() if server.poll() is not None else "")
                        return 1
                    time.sleep(0.1)
            if args.login_flood:  # alone: the flood leaves this address waiting, as it should
                login_flood(base, args.login_flood, server.pid)
                return 0
            recorder = Recorder()
            barrier = threading.Barrier(len(people) + 1)
            threads = [threading.Thread(target=session, args=(base, name, ids, args.seconds, args.think,
                                                              recorder, i, barrier, role))
                       for i, (role, name) in enumerate(people)]
            for t in threads:
                t.start()
            barrier.wait(timeout=300)
            started = time.perf_counter()
            for t in threads:
                t.join(timeout=args.seconds + 120)
            wall = time.perf_counter() - started
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    print(f"{len(people)} sessions, {args.seconds:.0f} s, {args.applications} applications, think {args.think} s, "
          f"wall {wall:.1f} s")
    print(f"{'request':<32} {'count':>6} {'errors':>6} {'median ms':>10} {'p95 ms':>8}")
    failed = 0
    for kind in sorted(set(recorder.times) | set(recorder.errors)):
        times, errors = recorder.times.get(kind, []), recorder.errors.get(kind, [])
        failed += len(errors)
        median = statistics.median(times) * 1000 if times else float("nan")
        p95 = percentile(times, 0.95) * 1000 if times else float("nan")
        print(f"{kind:<32} {len(times) + len(errors):>6} {len(errors):>6} {median:>10.0f} {p95:>8.0f}")
        for e in sorted(set(errors))[:3]:
            print(f"    {e}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
