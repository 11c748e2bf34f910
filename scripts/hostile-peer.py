#!/usr/bin/env python3
"""Hostile-peer harness (issue 13): three real `patterngate serve` processes in a full mesh,
and a scripted peer that holds the network key and its own Ed25519 identity key. The peer
sends malformed, oversized, reordered, stubbed, replayed, forged-origin, impersonating and
poisoned sync messages. Afterwards:
  - no process died;
  - every honest gateway converges (equal state digests);
  - no erasure is lost (the erasures the peer stubbed and the one an officer made hold
    everywhere);
  - nothing personal was stored (the markers it injected are in no file of any data dir);
  - each refusal shows in the sync status.

Needs python3 and the `cryptography` package (Ed25519). Usage:
  scripts/hostile-peer.py [--seed S] [--binary PATH]
"""
import argparse, base64, gzip, hashlib, hmac, json, os, random, shutil, signal, socket, subprocess, sys, tempfile, time
import http.client, urllib.request, urllib.error

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SYNC = "/api/v1/sync"
MARKERS = ["Zebulon Quartermaine", "zebulon.q@example.org", "+44 20 7946 0958"]
CHECKS = {"passed": 0, "failed": 0}


def check(condition, what):
    CHECKS["passed" if condition else "failed"] += 1
    print(("  ok    " if condition else "  FAIL  ") + what, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def canonical(value):
    """JSONEncoder's canonical form for the ASCII payloads made here: sorted keys, no spaces."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def now_iso(offset_days=0):
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(time.time() + offset_days * 86400))


class Keys:
    def __init__(self, network_key_hex):
        ikm = bytes.fromhex(network_key_hex)

        def derive(label):
            return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"patterngate-network-key-v1", info=label.encode()).derive(ikm)

        self.peer_auth = derive("peer-auth")
        self.pseudonym_key = derive("pseudonym")

    def pseudonym(self, deployment_id):
        return hmac.new(self.pseudonym_key, deployment_id.encode(), hashlib.sha256).hexdigest()


class HostilePeer:
    """A gateway id, an identity key and the network key: everything an insider has."""

    def __init__(self, keys, gateway_id="gw-evil"):
        self.keys, self.id = keys, gateway_id
        self.identity = Ed25519PrivateKey.generate()
        self.public_hex = self.identity.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
        self.seq = 0

    # Events -------------------------------------------------------------------------------
    @staticmethod
    def content_hash(kind, wall, logical, context, payload):
        ctx = ",".join(f"{k}={context[k]}" for k in sorted(context))
        return hashlib.sha256(f"pg-event-v1\n{kind}\n{wall}.{logical}\n{ctx}\n".encode() + payload).hexdigest()

    def sign_event(self, origin, seq, content_hash, key=None):
        message = f"pg-event-sig-v1\n{origin}\n{seq}\n{content_hash}".encode()
        return (key or self.identity).sign(message).hex()

    def event(self, kind, payload, seq=None, origin=None, wall=None, logical=0, context=None, sign=True):
        if seq is None:
            self.seq += 1
            seq = self.seq
        origin = origin or self.id
        wall = wall if wall is not None else int(time.time() * 1000)
        context = context or {}
        digest = self.content_hash(kind, wall, logical, context, payload)
        event = {"origin": origin, "seq": seq, "hlc": {"wallMillis": wall, "logical": logical}, "kind": kind,
                 "causalContext": context, "contentHash": digest, "payload": payload.decode()}
        if sign:
            event["signature"] = self.sign_event(origin, seq, digest)
        return event

    # Messages -----------------------------------------------------------------------------
    def headers(self, body, timestamp=None, claim=None, identity=None, content_hash=None, path=SYNC):
        timestamp = int(time.time()) if timestamp is None else timestamp
        body_hash = content_hash or hashlib.sha256(body).hexdigest()
        message = f"POST\n{path}\n{timestamp}\n{body_hash}".encode()
        identity = identity or self.identity
        public_hex = identity.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
        return {
            "Content-Type": "application/json", "Content-Encoding": "gzip",
            "X-PatternGate-Timestamp": str(timestamp),
            "X-PatternGate-Signature": hmac.new(self.keys.peer_auth, message, hashlib.sha256).hexdigest(),
            "X-PatternGate-Content-SHA256": body_hash,
            "X-PatternGate-Gateway": claim or self.id,
            "X-PatternGate-Identity-Key": public_hex,
            "X-PatternGate-Identity-Signature": identity.sign(message).hex(),
        }

    def message(self, events, vector=None, claim=None, identities=None):
        body = {"from": claim or self.id, "vector": vector or {}, "events": events, "policyHash": "0" * 64}
        if identities is not None:
            body["identities"] = identities
        return gzip.compress(json.dumps(body).encode())

    def post(self, port, body, headers, timeout=60, path=SYNC):
        """Sends in 64 KiB chunks; a server that answers and closes before the whole body
        is sent (as it should for an unauthenticated one) still has its answer read."""
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            connection.putrequest("POST", path)
            headers = dict(headers)
            headers.setdefault("Content-Length", str(len(body)))
            for name, value in headers.items():
                connection.putheader(name, value)
            connection.endheaders()
            try:
                for start in range(0, len(body), 1 << 16):
                    connection.send(body[start:start + (1 << 16)])
            except (BrokenPipeError, ConnectionResetError):
                pass
            response = connection.getresponse()
            data = response.read()
            if response.getheader("Content-Encoding") == "gzip" or data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            return response.status, data, dict(response.getheaders())
        except (ConnectionError, http.client.HTTPException, OSError) as error:
            return 0, str(error).encode(), {}
        finally:
            connection.close()

    def sync(self, port, events, **kwargs):
        claim = kwargs.pop("claim", None)
        identity = kwargs.pop("identity", None)
        body = self.message(events, claim=claim, **kwargs)
        return self.post(port, body, self.headers(body, claim=claim, identity=identity))


class Gateway:
    def __init__(self, binary, work, name, key_file):
        self.binary, self.name, self.key_file = binary, name, key_file
        self.data = os.path.join(work, name)
        self.port = free_port()
        self.process = None

    def cli(self, *args):
        result = subprocess.run([self.binary, *args], cwd=ROOT, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"hostile-peer: {' '.join(args[:2])} failed: {result.stderr.strip()}")
        return result.stdout.strip()

    def start(self, peers, plain=False, private=None):
        """`private`: (name, key file, peer gateways) of a private network this gateway hosts."""
        args = [self.binary, "serve", "--data-dir", self.data, "--port", str(self.port), "--gateway-id", self.name,
                "--network-key-file", self.key_file]
        for peer in peers:
            url = f"http://127.0.0.1:{peer.port}"
            args += ["--peer", url if plain else f"{peer.name}={url}"]
        if private:
            name, key, private_peers = private
            args += ["--private-network", f"{name}={key}"]
            for peer in private_peers:
                args += ["--private-peer", f"{name}=http://127.0.0.1:{peer.port}"]
        self.log = open(self.data + ".log", "w")
        self.process = subprocess.Popen(args, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1):
                    return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.05)
        sys.exit(f"hostile-peer: {self.name} did not come up")

    def alive(self):
        return self.process.poll() is None

    def call(self, method, path, token, body=None, timeout=30):
        try:
            return self.request(method, path, token, body, timeout)
        except (urllib.error.URLError, ConnectionError, OSError):
            return 0, {}

    def request(self, method, path, token, body=None, timeout=30):
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", method=method, data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def stop(self):
        if self.process and self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()


def contribution(migration, message=None):
    step = {"action": "create_vm", "durationSeconds": 60, "success": message is None}
    if message:
        step["errorMessage"] = message
    return {"migrationId": migration, "sourceCloud": "aws", "targetCloud": "azure", "resourceTypes": ["EC2", "S3"],
            "strategy": "rehost", "steps": [step], "successRate": 0.9, "durationHours": 1, "costSavingsPercent": 10}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "patterngate"))
    parser.add_argument("--plain-peers", action="store_true", help="--peer URL instead of --peer ID=URL (for binaries before it)")
    parser.add_argument("--no-private", action="store_true", help="no private network (for binaries before issue 18)")
    options = parser.parse_args()
    print(f"hostile-peer: seed {options.seed} (--seed replays)", flush=True)
    rng = random.Random(options.seed)
    work = tempfile.mkdtemp(prefix="pg-hostile-")
    key_file = os.path.join(work, "network.key")
    gateways = [Gateway(options.binary, work, name, key_file) for name in ("gw-a", "gw-b", "gw-c")]
    a, b, c = gateways
    try:
        officer = a.cli("token", "create", "--data-dir", a.data, "--network-key-file", key_file, "--role", "officer")
        deployments = {}
        for name in ("victim-one", "victim-two", "honest-three"):
            deployments[name] = a.cli("token", "create", "--data-dir", a.data, "--role", "deployment", "--deployment-id", name)
        officer_c = c.cli("token", "create", "--data-dir", c.data, "--network-key-file", key_file, "--role", "officer")
        # Issue 18: gw-a and gw-b host the private network acme, with its own key; gw-c does not.
        acme_key = os.path.join(work, "acme.key")
        acme_token = None if options.no_private else a.cli(
            "token", "create", "--data-dir", a.data, "--role", "deployment", "--deployment-id", "acme-one", "--plan", "enterprise",
            "--organization", "acme")
        for gateway in gateways:
            private = None
            if not options.no_private and gateway is not c:
                private = ("acme", acme_key, [peer for peer in (a, b) if peer is not gateway])
            gateway.start([peer for peer in gateways if peer is not gateway], plain=options.plain_peers, private=private)
        keys = Keys(open(key_file).read().strip())
        evil = HostilePeer(keys)
        print("hostile-peer: honest traffic", flush=True)
        for name, token in deployments.items():
            a.call("PUT", "/api/v1/consent", token, {"action": "grant"})
            for n in range(3):
                a.call("POST", "/api/v1/patterns/contribute", token, contribution(f"{name}-{n}"))
        wait_converged(gateways, officer_c, timeout=30)
        # Issue 19: the gateways witness each other's audit logs over sync.
        witnessed = wait_witnessed(gateways, timeout=30)
        check(all(witnessed.values()), f"each gateway's checkpoints are cosigned by both others {witnessed}")

        print("hostile-peer: attacks", flush=True)
        alive_rss = {g.name: rss(g) for g in gateways}

        # 1. Unauthenticated, oversized: refused before the body is read.
        blob = os.urandom(1 << 20) * 40
        status, _, _ = evil.post(b.port, blob, {"Content-Type": "application/json", "Content-Length": str(len(blob))})
        check(status == 401, f"40 MB unsigned body: 401 (got {status})")
        growth = (rss(b) - alive_rss["gw-b"]) / 1e6
        check(growth < 32, f"gateway resident memory grew {growth:.1f} MB for it (< 32)")
        # 2. Bad HMAC, stale timestamp, missing identity signature.
        body = evil.message([])
        headers = evil.headers(body)
        headers["X-PatternGate-Signature"] = "0" * 64
        check(evil.post(b.port, body, headers)[0] == 401, "wrong network-key signature: 401")
        stale = evil.headers(body, timestamp=int(time.time()) - 3600)
        check(evil.post(b.port, body, stale)[0] == 401, "timestamp an hour old: 401")
        unsigned = evil.headers(body)
        del unsigned["X-PatternGate-Identity-Signature"]
        check(evil.post(b.port, body, unsigned)[0] == 401, "no identity signature: 401")
        # 3. Malformed and oversized authenticated bodies.
        for junk in (b"{", b"[]", gzip.compress(b'{"from": 7}'), gzip.compress(b"\xff\xfe")):
            status = evil.post(b.port, junk, evil.headers(junk))[0]
            check(400 <= status < 500, f"malformed body: {status}")
        big = gzip.compress(b" " * (65 << 20), compresslevel=1)
        status = evil.post(b.port, big, evil.headers(big))[0]
        check(status == 413, f"signed body inflating past 64 MiB: 413 (got {status})")
        # 4. Impersonation: another gateway's id with the peer's own key.
        status, data, _ = evil.sync(b.port, [], claim="gw-a")
        check(status == 403, f"claiming gw-a with another identity key: 403 (got {status})")
        # 5. Forged origin: an event under gw-a's name, signed by the peer; and unsigned.
        status_b = sync_status(b, officer_token(b, gateways, officer, officer_c))
        next_a = status_b["vector"].get("gw-a", 0) + 1
        retired = canonical({"gateway": "gw-c", "retiredAt": now_iso()})
        forged = evil.event("gateway.retired", retired, seq=next_a, origin="gw-a")
        bare = evil.event("gateway.retired", retired, seq=next_a + 1, origin="gw-a", sign=False)
        check(evil.sync(b.port, [forged, bare])[0] == 200, "forged-origin events: exchange answered")
        # 6. Poisoned numbers.
        poison = [
            evil.event("gateway.retired", retired, seq=1 << 63),
            evil.event("gateway.retired", retired, seq=1, context={"gw-a": (1 << 64) - 1}),
            evil.event("gateway.retired", retired, seq=2, wall=int(time.time() * 1000) + 120_000, logical=(1 << 32) - 3),
        ]
        for event in poison:
            status = evil.sync(b.port, [event])[0]
            check(status in (200, 400), f"poisoned numbers: {status}")
            check(b.alive(), "gw-b still alive")
        status = evil.sync(b.port, [], vector={"gw-a": (1 << 64) - 1})[0]
        check(status == 400, f"vector entry 2^64-1: 400 (got {status})")
        # 7. Personal data smuggled into every kind of event (the peer's own, validly signed).
        victim = keys.pseudonym("victim-one")
        consent = {"pseudonym": victim, "granted": True, "purposes": ["contribute"], "policyVersion": "2026-11-25",
                   "actor": "self", "at": now_iso()}
        smuggled = [
            dict(consent, note=MARKERS[0]), dict(consent, actor=MARKERS[0]), dict(consent, policyVersion=MARKERS[1]),
            dict(consent, at=MARKERS[2]),
        ]
        injected = [evil.event("consent.changed", canonical(value)) for value in smuggled]
        injected.append(evil.event("gateway.retired", canonical({"gateway": "gw-old", "retiredAt": MARKERS[0]})))
        record = {"costSavingsPercent": 10, "durationHours": 1, "resourceTypes": ["EC2"], "sourceCloud": "aws",
                  "steps": [{"action": "create_vm", "durationSeconds": 1, "errorMessage": f"call {MARKERS[0]} at {MARKERS[1]}",
                             "success": False}], "strategy": "rehost", "successRate": 1, "targetCloud": "azure"}
        pattern = hashlib.sha256(b"v1\naws\nazure\nrehost\nec2").hexdigest()[:32]
        injected.append(evil.event("contribution.added", canonical({
            "contributionId": "e" * 64, "patternId": pattern, "pseudonym": victim, "record": record, "requestDigest": "d" * 64})))
        rng.shuffle(injected)
        check(evil.sync(b.port, injected)[0] == 200, "injection attempts: exchange answered")
        # 8. The erasure suppression attack: the peer erases victim-two with a tombstone of its
        #    own, sends it first as a stub (and out of order), then the real copy. A stub of
        #    any kind but a contribution must be refused, so the real copy still erases.
        requested = now_iso()
        tombstone = canonical({"legalDeadline": now_iso(30), "pseudonym": keys.pseudonym("victim-two"),
                               "purgeDueAt": now_iso(29), "reason": "request", "requestId": "er_" + "7" * 32,
                               "requestedAt": requested})
        padding = [evil.event("gateway.retired", canonical({"gateway": f"gw-gone-{n}", "retiredAt": now_iso()})) for n in range(3)]
        erase = evil.event("erasure.requested", tombstone)
        stub = dict(erase)
        del stub["payload"]
        check(evil.sync(b.port, list(reversed(padding)) + [stub])[0] == 200, "tombstone sent as a stub, events reordered")
        replay_body = evil.message([stub])
        replay_headers = evil.headers(replay_body)
        for _ in range(2):
            check(evil.post(b.port, replay_body, replay_headers)[0] == 200, "replayed request: answered, changes nothing")
        # 9. A key directory naming another key for gw-a, in an inbound request: ignored.
        check(evil.sync(b.port, [], identities={"gw-a": evil.public_hex})[0] == 200, "false key directory: answered")
        status_b = sync_status(b, officer_token(b, gateways, officer, officer_c))
        reasons = {entry["reason"] for entry in status_b.get("refusedEvents", [])}
        for reason in ("signature_invalid", "signature_missing", "out_of_bounds", "stub_not_allowed"):
            check(reason in reasons, f"gw-b's sync status shows refused events: {reason}")
        check(status_b["vector"].get("gw-evil", 0) == 0, "nothing of the peer's counted past the refused stub")
        check(any(c["gateway"] == "gw-a" for c in status_b.get("keyConflicts", [])), "gw-b's sync status shows the refused gw-a key")
        # The real tombstone arrives later (at another gateway), and erases everywhere.
        check(evil.sync(c.port, [erase])[0] == 200, "the real tombstone: delivered to gw-c")
        # An officer erases victim-one too, at gw-a.
        status, _ = a.call("POST", "/api/v1/erasure", officer, {"deploymentId": "victim-one"})
        check(status == 201, f"officer erasure at gw-a: {status}")
        # 10. The honest network goes on: a new contribution takes gw-a's next slot for real.
        a.call("POST", "/api/v1/patterns/contribute", deployments["honest-three"], contribution("honest-three-late"))

        print("hostile-peer: afterwards", flush=True)
        for gateway in gateways:
            check(gateway.alive(), f"{gateway.name} did not die")
        digests = wait_converged(gateways, officer_c, timeout=60)
        check(len(set(digests.values())) == 1, f"every honest gateway converged (digests {sorted(set(digests.values()))})")
        for gateway in gateways:
            token = officer_token(gateway, gateways, officer, officer_c)
            status = sync_status(gateway, token)
            check(all(p.get("halted") is None for p in status["peers"]), f"{gateway.name}: no peer halted")
        for gateway in (a, c):
            token = officer_token(gateway, gateways, officer, officer_c)
            for victim_name in ("victim-one", "victim-two"):
                code, export = gateway.call("POST", "/api/v1/export", token, {"deploymentId": victim_name})
                live = [item for item in export.get("contributions", []) if item.get("state") == "live"]
                held = [item for item in export.get("contributions", []) if item.get("state") != "live"]
                check(code == 200 and not live and len(held) == 3, f"{gateway.name}: {victim_name}'s 3 contributions are erased, none live")
        check(live_count(a) == live_count(b) == live_count(c) == 4, f"live contributions everywhere: {live_count(a)}, {live_count(b)}, {live_count(c)} (4)")

        print("hostile-peer: one token for the network (issue 21)", flush=True)
        for gateway in gateways:
            status, report = gateway.call("POST", "/api/v1/admin/purge", officer, {"asOf": "2099-01-01"})
            check(status == 200, f"gw-a's officer token purges {gateway.name}: {status}")
        fresh = a.cli("token", "create", "--data-dir", a.data, "--role", "officer")
        started = time.time()
        while time.time() - started < 30 and c.call("GET", "/api/v1/erasure?state=open", fresh)[0] != 200:
            time.sleep(0.05)
        issued_after = time.time() - started
        check(c.call("GET", "/api/v1/erasure?state=open", fresh)[0] == 200, f"a token made on gw-a works on gw-c after {issued_after:.2f} s")
        token_id = fresh.split("_")[1]
        a.cli("token", "revoke", token_id, "--data-dir", a.data)
        started = time.time()
        while time.time() - started < 30 and c.call("GET", "/api/v1/erasure?state=open", fresh)[0] != 401:
            time.sleep(0.05)
        revoked_after = time.time() - started
        check(c.call("GET", "/api/v1/erasure?state=open", fresh)[0] == 401, f"revoked on gw-a, refused on gw-c after {revoked_after:.2f} s")
        acme_markers = [] if options.no_private else private_network(a, b, c, evil, acme_token, acme_key)
        alerts = {g.name: [p.get("alert") for p in sync_status(g, None).get("peerAudit", []) if p.get("alert")] for g in gateways}
        check(not any(alerts.values()), f"after the attacks, no gateway raised an audit alert against another {alerts}")
        for gateway in gateways:
            gateway.stop()
        for gateway in gateways:
            found = scan_files(gateway.data)
            check(not found, f"{gateway.name}: no injected marker in any file of its data dir {found}")
        if acme_markers:
            found = scan_files(c.data, [marker.encode() for marker in acme_markers])
            check(not found, f"gw-c (not hosting acme): none of acme's ids or origins in its files {found}")
            check(scan_files(b.data, [acme_markers[0].encode()]), "gw-b (hosting acme) holds acme's contribution")
    finally:
        for gateway in gateways:
            gateway.stop()
        if CHECKS["failed"] == 0:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"hostile-peer: kept {work} for inspection")
    print(f"{CHECKS['passed']} passed, {CHECKS['failed']} failed")
    sys.exit(1 if CHECKS["failed"] else 0)


def private_network(a, b, c, evil, token, acme_key):
    """Issue 18 against real serve processes: acme's contribution reaches gw-b through acme's
    own sync, never gw-c; the hostile peer (global key only) can neither sync into acme nor
    push acme-origin events over the global exchange. Returns what must not be in gw-c's files."""
    print("hostile-peer: a private network on two of three gateways (issue 18)", flush=True)
    status, _ = a.call("PUT", "/api/v1/consent", token, {"action": "grant", "network": "acme"})
    check(status == 200, f"acme consent at gw-a: {status}")
    status, made = a.call("POST", "/api/v1/patterns/contribute", token, dict(contribution("acme-one-1"), network="acme"))
    check(status == 201, f"acme contribution at gw-a: {status}")
    pattern = made.get("patternId", "none")
    deadline = time.time() + 30
    while time.time() < deadline and b.call("GET", f"/api/v1/patterns/{pattern}", token)[0] != 200:
        time.sleep(0.1)
    check(b.call("GET", f"/api/v1/patterns/{pattern}", token)[0] == 200, "acme's pattern reached gw-b, for acme's token")
    check(c.call("GET", f"/api/v1/patterns/{pattern}", token)[0] == 404, "gw-c (not hosting acme) does not have it")
    status, refused = c.call("POST", "/api/v1/patterns/contribute", token, dict(contribution("acme-one-2"), network="acme"))
    check(status == 404 and refused.get("error", {}).get("code") == "unknown_network", f"contributing to acme at gw-c: {status}")
    # The hostile peer holds the global key only: acme's sync path refuses it, and acme-origin
    # events pushed over the global exchange are refused as another network's.
    path = "/api/v1/networks/acme/sync"
    body = evil.message([])
    check(evil.post(b.port, body, evil.headers(body, path=path), path=path)[0] == 401, "acme's sync signed with the global key: 401")
    probe = evil.post(c.port, body, evil.headers(body, path=path), path=path)[0]
    check(probe == 401, f"acme's sync path at gw-c (not hosting it) answers as a bad signature: {probe}")
    consent = canonical({"actor": "self", "at": now_iso(), "granted": True, "policyVersion": "2026-11-25",
                         "pseudonym": "c" * 64, "purposes": ["contribute"]})
    smuggled = evil.event("consent.changed", consent, seq=1, origin="gw-evil@acme")
    check(evil.sync(b.port, [smuggled])[0] == 200, "acme-origin event on the global exchange: answered")
    reasons = {entry["reason"] for entry in sync_status(b, None).get("refusedEvents", [])}
    check("wrong_network" in reasons, "gw-b refused it as wrong_network")
    return [made.get("contributionId", "none"), pattern, "gw-a@acme", "gw-b@acme"]


def officer_token(gateway, gateways, officer_a, officer_c):
    # Tokens are per gateway (issue 21 makes them network-wide): gw-b has none, so it is read
    # through its signed peer route instead (see sync_status).
    return {gateways[0].name: officer_a, gateways[2].name: officer_c}.get(gateway.name)


def sync_status(gateway, token):
    """The gateway's sync status, or an empty one when it does not answer (a dead gateway
    is reported by the checks, not by a traceback)."""
    try:
        return read_sync_status(gateway, token)
    except (urllib.error.URLError, ConnectionError, OSError, ValueError):
        return {"vector": {}, "peers": [], "digest": f"(no answer from {gateway.name})"}


def read_sync_status(gateway, token):
    if token:
        return gateway.call("GET", "/api/v1/sync/status", token)[1]
    # A peer-signed status request (GET, empty body).
    keys = Keys(open(gateway.key_file).read().strip())
    timestamp = int(time.time())
    message = f"GET\n/api/v1/sync/status\n{timestamp}\n{hashlib.sha256(b'').hexdigest()}".encode()
    request = urllib.request.Request(f"http://127.0.0.1:{gateway.port}/api/v1/sync/status", headers={
        "X-PatternGate-Timestamp": str(timestamp), "X-PatternGate-Signature": hmac.new(keys.peer_auth, message, hashlib.sha256).hexdigest()})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def live_count(gateway):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{gateway.port}/healthz", timeout=10) as response:
            return json.loads(response.read())["liveContributions"]
    except (urllib.error.URLError, ConnectionError, OSError, ValueError):
        return -1


def wait_converged(gateways, officer_c, timeout):
    deadline = time.time() + timeout
    digests = {}
    while time.time() < deadline:
        digests = {g.name: sync_status(g, None)["digest"] for g in gateways}
        if len(set(digests.values())) == 1:
            time.sleep(1.5)  # one more anti-entropy round, then read again
            digests = {g.name: sync_status(g, None)["digest"] for g in gateways}
            if len(set(digests.values())) == 1:
                return digests
        time.sleep(0.5)
    return digests


def wait_witnessed(gateways, timeout):
    """Per gateway, whether both other gateways cosigned one of its checkpoints (auditCosigners)."""
    deadline = time.time() + timeout
    seen = {}
    while time.time() < deadline:
        seen = {}
        for gateway in gateways:
            cosigners = {entry.get("witness") for entry in sync_status(gateway, None).get("auditCosigners", [])}
            seen[gateway.name] = cosigners >= {other.name for other in gateways if other is not gateway}
        if all(seen.values()):
            return seen
        time.sleep(0.5)
    return seen


def rss(gateway):
    with open(f"/proc/{gateway.process.pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def scan_files(directory, needles=None):
    found = []
    needles = needles or [marker.encode() for marker in MARKERS] + [b"Zebulon", b"zebulon"]
    for root, _, files in os.walk(directory):
        for name in files:
            data = open(os.path.join(root, name), "rb").read()
            found += [f"{name}:{needle.decode()}" for needle in needles if needle in data]
    return found


if __name__ == "__main__":
    main()
