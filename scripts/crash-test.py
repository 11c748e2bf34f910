#!/usr/bin/env python3
"""Crash safety (issue 7): SIGKILL a real `patterngate serve` at random moments while it
ingests batches and purges, restart it each time, and check that nothing acknowledged is
lost, no batch is half stored, a killed purge completes, and the audit log verifies.

Standard library only. Usage: scripts/crash-test.py [--kills 20] [--seed S] [--binary PATH]
"""
import argparse, json, os, random, shutil, signal, socket, subprocess, sys, tempfile, threading, time, urllib.request, urllib.error

import patterngate_process
from patterngate_process import ROOT, free_port


def run(binary, *args):
    return patterngate_process.run(binary, *args, label="crash-test")


class Server:
    def __init__(self, binary, data, port):
        self.binary, self.data, self.port = binary, data, port
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "serve", "--data-dir", self.data, "--port", str(self.port)], cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.05)
        sys.exit("crash-test: the server did not come up")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)


def call(port, method, path, token, body=None, timeout=30):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", method=method, data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, json.loads(response.read() or b"null")


def contribution(migration):
    return {"migrationId": migration, "sourceCloud": "aws", "targetCloud": "azure", "resourceTypes": ["EC2", "S3"],
            "strategy": "rehost", "steps": [{"action": "create_vm", "durationSeconds": 60, "success": True}],
            "successRate": 0.9, "durationHours": 1, "costSavingsPercent": 10}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "patterngate"))
    options = parser.parse_args()
    print(f"crash-test: seed {options.seed} ({options.kills} kills; --seed replays)", flush=True)
    rng = random.Random(options.seed)
    work = tempfile.mkdtemp(prefix="pg-crash-")
    data = os.path.join(work, "data")
    try:
        binary = options.binary
        officer = run(binary, "token", "create", "--data-dir", data, "--role", "officer")
        deployment = run(binary, "token", "create", "--data-dir", data, "--role", "deployment", "--deployment-id", "crash-deployment")
        server = Server(binary, data, free_port())
        server.start()
        call(server.port, "PUT", "/api/v1/consent", deployment, {"action": "grant"})

        acknowledged = {}      # contribution id -> batch number
        batches = {}           # batch number -> contribution ids it would make (known once acknowledged)
        unanswered = []        # batch numbers sent without an answer (killed mid-batch)
        erased = set()
        sent = 0
        purge_kills = 0
        interrupted_purges = 0
        for kill in range(options.kills):
            stop = threading.Event()

            def ingest():
                nonlocal sent
                while not stop.is_set():
                    number = sent
                    sent += 1
                    items = [contribution(f"crash-{number}-{n}") for n in range(50)]
                    try:
                        status, body = call(server.port, "POST", "/api/v1/patterns/contribute/batch", deployment, items, timeout=10)
                    except Exception:
                        unanswered.append(number)
                        return
                    ids = [item["result"]["contributionId"] for item in body["results"] if item.get("result")]
                    if status != 200 or len(ids) != len(items):
                        sys.exit(f"crash-test: batch {number} answered {status} with {len(ids)} of {len(items)} accepted")
                    batches[number] = ids
                    for cid in ids:
                        acknowledged[cid] = number

            mid_purge = kill % 4 == 3 and len(acknowledged) > 100
            if mid_purge:
                # Erase some acknowledged contributions, then kill while the purge runs.
                victims = rng.sample(sorted(set(acknowledged) - erased), min(2000, (len(acknowledged) - len(erased)) // 2))
                status, _ = call(server.port, "POST", "/api/v1/erasure", officer, {"contributionIds": victims})
                erased.update(victims)
                answered = []
                purger = threading.Thread(target=lambda: _ignore(lambda: answered.append(call(
                    server.port, "POST", "/api/v1/admin/purge", officer, {"asOf": "2099-01-01"}, timeout=60))))
                purger.start()
                time.sleep(rng.uniform(0.002, 0.04))
                server.kill()
                purger.join()
                purge_kills += 1
                interrupted_purges += 0 if answered else 1
            else:
                worker = threading.Thread(target=ingest)
                worker.start()
                time.sleep(rng.uniform(0.05, 0.6))
                server.kill()
                stop.set()
                worker.join()
            server.start()

        # Let the restarted server finish any interrupted purge, then read everything back.
        status, report = call(server.port, "POST", "/api/v1/admin/purge", officer, {"asOf": "2099-01-01"}, timeout=120)
        status, export = call(server.port, "POST", "/api/v1/export", officer, {"deploymentId": "crash-deployment"}, timeout=120)
        stored = {}
        for item in export["contributions"]:
            stored.setdefault(item["contributionId"], set()).add(item["state"])
        missing = [cid for cid in acknowledged if cid not in stored]
        if missing:
            sys.exit(f"crash-test: {len(missing)} acknowledged contributions are missing after restarts")
        live_erased = [cid for cid in erased if "live" in stored.get(cid, set())]
        if live_erased:
            sys.exit(f"crash-test: {len(live_erased)} erased contributions are live")
        unpurged = [cid for cid in erased if "erased" in stored.get(cid, set())]
        if unpurged:
            sys.exit(f"crash-test: the killed purges did not complete ({len(unpurged)} erased payloads left)")
        # A batch without an answer is all there or not at all: it is one transaction of 50,
        # and nothing else made contributions, so what is stored beyond the acknowledged ones
        # must be whole batches.
        extra = len(stored) - len(acknowledged)
        if extra < 0 or extra % 50 != 0 or extra > 50 * len(unanswered):
            sys.exit(f"crash-test: {extra} contributions beyond the acknowledged ones: a batch was stored in part")
        if server.stop() != 0:
            sys.exit("crash-test: the server did not stop cleanly")
        export_path = os.path.join(work, "audit.txt")
        run(binary, "audit", "export", "--data-dir", data, "--out", export_path)
        verdict = subprocess.run([binary, "audit", "verify", export_path, "--public-key", os.path.join(data, "audit-public.pem")],
                                 cwd=ROOT, capture_output=True, text=True)
        if verdict.returncode != 0:
            sys.exit(f"crash-test: audit verify failed: {verdict.stdout.strip()} {verdict.stderr.strip()}")
        python = subprocess.run([sys.executable, os.path.join(ROOT, "audit", "verify.py"), export_path, "--public-key",
                                 os.path.join(data, "audit-public.pem")], capture_output=True, text=True)
        if python.returncode != 0:
            sys.exit(f"crash-test: audit/verify.py failed: {python.stdout.strip()}")
        # Outside checkers: the kit must also catch a tampered copy, and the export must
        # match its published JSON Schema.
        with open(export_path, "rb") as handle:
            lines = handle.read().split(b"\n")
        target = next(i for i, line in enumerate(lines) if line.startswith(b"{") and b"contribution.accepted" in line)
        lines[target] = lines[target].replace(b"contribution.accepted", b"contribution.acceptee", 1)
        tampered = os.path.join(work, "tampered.txt")
        with open(tampered, "wb") as handle:
            handle.write(b"\n".join(lines))
        caught = subprocess.run([sys.executable, os.path.join(ROOT, "audit", "verify.py"), tampered, "--public-key",
                                 os.path.join(data, "audit-public.pem")], capture_output=True, text=True)
        if caught.returncode != 1 or not caught.stdout.startswith("FAIL"):
            sys.exit(f"crash-test: audit/verify.py did not catch a tampered entry: {caught.stdout.strip()}")
        try:
            import jsonschema
            with open(os.path.join(ROOT, "docs", "export.schema.json")) as handle:
                jsonschema.Draft202012Validator(json.load(handle)).validate(export)
        except ImportError:
            sys.exit("crash-test: python's jsonschema is needed (pip install jsonschema)")
        print(f"crash-test: ok — {options.kills} SIGKILLs ({purge_kills} during a purge, {interrupted_purges} of them before it answered; {len(unanswered)} mid-batch), "
              f"{len(acknowledged)} acknowledged contributions all present, {len(erased)} erased and purged, "
              f"audit log verified ({verdict.stdout.strip()}), tampered copy caught ({caught.stdout.strip()[:60]}), "
              f"export valid against docs/export.schema.json", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _ignore(action):
    try:
        action()
    except Exception:
        pass


if __name__ == "__main__":
    main()
