#!/usr/bin/env python3
"""`patterngate anonymize` end to end against the seed's Python sanitizer, on the same file.

Generates a deterministic file of JSON lines (realistic migration error logs, seeded), then
times, each several times:

  * the seed's `sanitize_error_message` (verbatim from the mission document) the way a fair
    user would run it: read each line, json.loads, sanitize "text", json.dumps, write;
  * `patterngate anonymize --policy policies/default.yaml` over the same file.

Both read the file on stdin and write to /dev/null, in their own process, so both pay for
start-up, parsing and writing. Prints MB/s (input bytes / wall time, 1 MB = 10^6 bytes),
best-of and median, the CPU time per run, and the ratio. Needs only the standard library
and no network. See README.md beside this file.
"""

import argparse
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time

DEFAULT_SEED = 20261206


# --- The seed's sanitizer, verbatim (mission/global-pattern-network.md, `sanitize_error_message`) ---

class SeedSanitizer:
    def sanitize_error_message(self, error: str) -> str:
        """
        Remove stack traces, IPs, secrets from error messages
        """
        # Remove IP addresses
        error = re.sub(r'\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b', '[IP]', error)
        
        # Remove domain names
        error = re.sub(r'\b[a-z0-9-]+\.[a-z]{2,}\b', '[DOMAIN]', error)
        
        # Remove file paths
        error = re.sub(r'[/\\][\w/\\.-]+', '[PATH]', error)
        
        # Remove stack traces (language-specific patterns)
        error = re.sub(r'at \w+\.\w+\([\w.]+:\d+\)', '[STACK]', error)
        
        # Remove potential secrets (base64, hex, UUIDs)
        error = re.sub(r'[a-f0-9]{32,}', '[SECRET]', error)
        
        return error


def run_seed_sanitizer(source, sink):
    """What a user of the seed would write: one JSON object per line in, one per line out."""
    sanitizer = SeedSanitizer()
    for line in source:
        if not line.strip():
            continue
        record = json.loads(line)
        record["text"] = sanitizer.sanitize_error_message(record["text"])
        sink.write(json.dumps(record) + "\n")


# --- The workload: migration error logs with personal data and secrets mixed in ---

GIVEN = ["Anna", "Piotr", "Katarzyna", "José", "María", "Zoë", "Jürgen", "Mark", "Olivia",
         "Liam", "Noah", "Emma", "Sofia", "Mateusz", "Ágnes", "László", "Chloé", "Søren",
         "Aiko", "Wei", "Priya", "Rahul", "Fatima", "Omar", "Eleanor", "Bartosz"]
SURNAMES = ["Kowalski", "Nowak", "García", "Müller", "Smith", "Baker", "Nagy", "Tóth",
            "Dubois", "Jensen", "Tanaka", "Chen", "Sharma", "Haddad", "O'Brien", "Wiśniewski",
            "Rossi", "Novák", "Johansson", "Fernández", "Kim", "Walker"]
COMPANIES = ["acme", "globex", "initech", "umbrella", "hooli", "vandelay", "contoso",
             "fabrikam", "northwind", "tailspin", "wayne-ent", "stark-ind"]
TLDS = ["com", "pl", "de", "io", "net", "hu", "co.uk", "internal", "eu", "fr"]
SERVICES = ["db", "api", "web", "cache", "mq", "auth", "files", "erp", "crm", "ldap", "smtp"]
CLOUD_RESOURCES = ["EC2", "RDS", "S3", "Lambda", "EBS", "VirtualMachines", "BlobStorage",
                   "SQLDatabase", "ComputeEngine", "CloudSQL", "GKE", "AKS"]
ACTIONS = ["create_vm", "replicate_disk", "cutover", "migrate_database", "copy_objects",
           "update_dns", "validate", "snapshot", "restore_backup", "sync_files"]
VERBS = ["failed", "timed out", "was refused", "aborted", "returned an error", "stalled"]
ERRNOS = ["ECONNREFUSED", "ETIMEDOUT", "EHOSTUNREACH", "ECONNRESET", "EACCES", "ENOSPC"]
JAVA_CLASSES = ["DiskCopier", "BlobUploader", "SchemaMigrator", "ReplicationWorker",
                "CutoverController", "DnsUpdater", "SnapshotManager"]
WORDS = ("the connection was closed by the remote host while the transfer was in progress "
         "retrying with exponential backoff before giving up on the current batch of objects "
         "because the target storage account rejected the request with an authorization error "
         "please check the firewall rules and the credentials configured for this migration "
         "the source volume is still attached to the instance and cannot be detached safely").split()


class Generator:
    def __init__(self, rng):
        self.r = rng

    def name(self):
        return f"{self.r.choice(GIVEN)} {self.r.choice(SURNAMES)}"

    def domain(self):
        return f"{self.r.choice(COMPANIES)}.{self.r.choice(TLDS)}"

    def host(self):
        return f"{self.r.choice(SERVICES)}{self.r.randint(1, 40):02d}.{self.r.choice(['prod', 'stage', 'eu-west', 'dc2'])}.{self.domain()}"

    def ip(self):
        r = self.r
        return r.choice([f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
                         f"192.168.{r.randint(0, 255)}.{r.randint(1, 254)}",
                         f"{r.randint(11, 223)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"])

    def email(self):
        given, surname = self.r.choice(GIVEN), self.r.choice(SURNAMES)
        local = f"{given}.{surname}".lower().replace("'", "")
        return f"{local}@{self.domain()}"

    def user(self):
        return f"{self.r.choice(GIVEN).lower()}{self.r.choice(['', '.', '_'])}{self.r.choice(SURNAMES).lower()}".replace("'", "")

    def path(self):
        r = self.r
        return r.choice([f"/home/{self.user()}/backups/{r.choice(COMPANIES)}-{r.randint(2019, 2026)}.tar.gz",
                         f"/var/lib/postgresql/{r.randint(11, 16)}/main/base/{r.randint(10000, 99999)}",
                         f"C:\\Users\\{self.user()}\\Documents\\migration\\{r.choice(COMPANIES)}.bak",
                         f"/opt/{r.choice(COMPANIES)}/releases/{r.randint(1, 9)}.{r.randint(0, 20)}/config/app.yaml",
                         f"/mnt/data/{r.choice(SERVICES)}/{r.choice(['export', 'dump', 'logs'])}/part-{r.randint(0, 9999):05d}.csv"])

    def phone(self):
        r = self.r
        return r.choice([f"+48 {r.randint(500, 899)} {r.randint(100, 999)} {r.randint(100, 999)}",
                         f"+49 30 {r.randint(1000000, 9999999)}",
                         f"+36 1 {r.randint(100, 999)} {r.randint(1000, 9999)}",
                         f"(555) {r.randint(100, 999)}-{r.randint(1000, 9999)}"])

    def hexstr(self, n):
        return "".join(self.r.choice("0123456789abcdef") for _ in range(n))

    def key(self):
        r = self.r
        alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
        return r.choice([
            "AKIA" + "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16)),
            "ghp_" + "".join(r.choice(alnum) for _ in range(36)),
            "sk_live_" + "".join(r.choice(alnum) for _ in range(24)),
            "".join(r.choice(alnum + "+/") for _ in range(40)),
            self.hexstr(40),
        ])

    def uuid(self):
        h = self.hexstr(32)
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def words(self, lo, hi):
        start = self.r.randint(0, len(WORDS) - hi)
        return " ".join(WORDS[start:start + self.r.randint(lo, hi)])

    def timestamp(self):
        r = self.r
        return f"2026-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}Z"

    def message(self):
        r = self.r
        kind = r.randrange(16)
        if kind == 0:
            return (f"ERROR {self.timestamp()} {r.choice(ACTIONS)} {r.choice(VERBS)}: connect {r.choice(ERRNOS)} "
                    f"{self.ip()}:{r.choice([22, 443, 3306, 5432, 6379, 8443])} after {r.randint(1, 12)} retries; {self.words(5, 15)}")
        if kind == 1:
            return (f"pg_dump: error: connection to server at \"{self.host()}\" ({self.ip()}), port 5432 failed: "
                    f"FATAL:  password authentication failed for user \"{self.user()}\"")
        if kind == 2:
            return f"Access denied for user '{self.user()}'@'{self.ip()}' (using password: YES) while running {r.choice(ACTIONS)}"
        if kind == 3:
            account = r.randint(100000000000, 999999999999)
            return (f"Failed to copy {self.path()} to s3://{r.choice(COMPANIES)}-migration-{r.randint(1, 99)}/"
                    f"{r.choice(['exports', 'dumps'])}/{r.randint(1, 9999)}.gz: AccessDenied: User: arn:aws:iam::{account}:"
                    f"user/{self.user()} is not authorized to perform: s3:PutObject on resource {r.choice(CLOUD_RESOURCES)}")
        if kind == 4:
            return (f"Notification to {self.name()} <{self.email()}> {r.choice(VERBS)}: SMTP 550 5.1.1 mailbox unavailable "
                    f"(relay {self.host()})")
        if kind == 5:
            return (f"Customer contact {self.name()} (phone {self.phone()}, {self.email()}) asked to move the cutover "
                    f"window to {self.timestamp()}; {self.words(4, 12)}")
        if kind == 6:
            return f"Authorization rejected for {r.choice(SERVICES)} at https://{self.host()}/api/v{r.randint(1, 3)}/jobs: token {self.key()} expired"
        if kind == 7:
            frames = "".join(
                f"\n\tat com.{r.choice(COMPANIES).replace('-', '')}.migrate.{c}.{r.choice(['copy', 'run', 'apply', 'upload'])}({c}.java:{r.randint(20, 900)})"
                for c in r.sample(JAVA_CLASSES, r.randint(2, 5)))
            return f"java.net.SocketTimeoutException: Read timed out talking to {self.host()}{frames}"
        if kind == 8:
            return (f"Traceback (most recent call last):\n  File \"/opt/migrate/{r.choice(ACTIONS)}.py\", line {r.randint(10, 400)}, "
                    f"in run\n    client.copy(src, dst)\nTimeoutError: timed out connecting to {self.host()} ({self.ip()})")
        if kind == 9:
            return (f"rsync: [sender] write error: Broken pipe (32) while copying {self.path()} from {self.host()} "
                    f"to {self.ip()}; {self.words(3, 10)}")
        if kind == 10:
            return f"DNS update failed for {self.host()}: NXDOMAIN; request id {self.uuid()}; owner {self.name()}"
        if kind == 11:
            return (f"Azure: AuthorizationFailed: The client '{self.uuid()}' with object id '{self.uuid()}' does not have "
                    f"authorization to perform action 'Microsoft.Compute/virtualMachines/write' over scope "
                    f"'/subscriptions/{self.uuid()}/resourceGroups/{r.choice(COMPANIES)}-rg'")
        if kind == 12:
            return (f"Payment for the migration of {r.choice(CLOUD_RESOURCES)} declined for card "
                    f"4111 1111 1111 {r.randint(1000, 9999)}; billing contact {self.name()}, IBAN PL61 1090 1014 0000 0712 1981 2874")
        if kind == 13:
            return f"export AWS_SECRET_ACCESS_KEY={self.key()} found in {self.path()}; rotated by {self.email()}"
        if kind == 14:
            return (f"Disk {r.choice(['sda', 'nvme0n1', 'xvdf'])} on {self.host()} reached {r.randint(90, 100)}% ({r.randint(1, 900)} GiB); "
                    f"checksum {self.hexstr(64)} mismatch; {self.words(6, 20)}")
        return f"{r.choice(ACTIONS)} {r.choice(VERBS)} on {r.choice(CLOUD_RESOURCES)}: {self.words(8, 30)}; call {self.name()} at {self.phone()}"

    def record(self, number):
        r = self.r
        text = " | ".join(self.message() for _ in range(r.choice([1, 1, 1, 2, 2, 3, 4])))
        record = {"id": f"mig-{number // 8:07d}-step-{number % 8}" if r.random() < 0.8 else number, "text": text}
        if r.random() < 0.1:
            record["sensitiveTerms"] = [r.choice(COMPANIES).replace("-", " ").title() + " Corp", self.name()]
        return record


def generate(path, megabytes, seed):
    rng = random.Random(seed)
    generator = Generator(rng)
    target = int(megabytes * 1_000_000)
    written, number = 0, 0
    with open(path, "w", encoding="utf-8", newline="\n") as sink:
        while written < target:
            line = json.dumps(generator.record(number), ensure_ascii=False) + "\n"
            sink.write(line)
            written += len(line.encode("utf-8"))
            number += 1
    return written, number


# --- Timing ---

def timed(command, input_path):
    """Wall and CPU (user + system) seconds of one run of `command` over the file."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(input_path, "rb") as source:
        completed = subprocess.run(command, stdin=source, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode != 0:
        sys.exit(f"{command[0]} exited {completed.returncode}: {completed.stderr.decode(errors='replace').strip()[:300]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(label, command, input_path, size, runs):
    walls, cpus = [], []
    for run in range(runs):
        wall, cpu = timed(command, input_path)
        walls.append(wall)
        cpus.append(cpu)
        print(f"  {label} run {run + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU, {size / wall / 1e6:.1f} MB/s", flush=True)
    best, median = min(walls), statistics.median(walls)
    return {"best": size / best / 1e6, "median": size / median / 1e6, "cpu": statistics.median(cpus)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=64, help="size of the generated input in MB (default 64)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"generator seed (default {DEFAULT_SEED})")
    parser.add_argument("--runs", type=int, default=3, help="runs of each tool (default 3)")
    parser.add_argument("--binary", default=".build/release/patterngate", help="the patterngate binary")
    parser.add_argument("--policy", default="policies/default.yaml", help="the policy for patterngate")
    parser.add_argument("--jobs", type=int, help="passed to patterngate anonymize --jobs (default: its own)")
    parser.add_argument("--input", help="use (or create) this file instead of a temporary one")
    parser.add_argument("--keep", action="store_true", help="keep the generated file")
    parser.add_argument("--generate-only", action="store_true", help="write the input file and stop")
    parser.add_argument("--seed-sanitizer", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.seed_sanitizer:  # the child process timed as "seed sanitizer"
        run_seed_sanitizer(sys.stdin, sys.stdout)
        return

    input_path = args.input or f"/tmp/seed-sanitizer-{args.seed}-{args.mb:g}mb.jsonl"
    described = f"seed {args.seed}"
    if not (args.input and os.path.exists(args.input)):
        print(f"generating {args.mb:g} MB of JSON lines, seed {args.seed} -> {input_path}", flush=True)
        size, lines = generate(input_path, args.mb, args.seed)
        print(f"  {size:,} bytes, {lines:,} lines", flush=True)
    else:
        size = os.path.getsize(input_path)
        described = "an existing file"
        print(f"input {input_path}: {size:,} bytes (an existing file: its seed is not known here)", flush=True)
    if args.generate_only:
        return

    seed_command = [sys.executable, os.path.abspath(__file__), "--seed-sanitizer"]
    gate_command = [args.binary, "anonymize", "--policy", args.policy]
    if args.jobs is not None:
        gate_command += ["--jobs", str(args.jobs)]
    try:
        print(f"seed sanitizer ({sys.executable}, Python {sys.version.split()[0]}), {args.runs} runs", flush=True)
        seed = measure("seed", seed_command, input_path, size, args.runs)
        print(f"patterngate ({' '.join(gate_command)}), {args.runs} runs", flush=True)
        gate = measure("patterngate", gate_command, input_path, size, args.runs)
    finally:
        if not args.input and not args.keep:
            os.remove(input_path)

    print()
    print(f"{'':28} {'best MB/s':>10} {'median MB/s':>12} {'CPU s (median)':>15}")
    print(f"{'seed sanitizer (Python)':28} {seed['best']:>10.1f} {seed['median']:>12.1f} {seed['cpu']:>15.2f}")
    print(f"{'patterngate anonymize':28} {gate['best']:>10.1f} {gate['median']:>12.1f} {gate['cpu']:>15.2f}")
    print(f"ratio patterngate / seed: best {gate['best'] / seed['best']:.2f}x, median {gate['median'] / seed['median']:.2f}x "
          f"(input {size / 1e6:.1f} MB, {described})")


if __name__ == "__main__":
    main()
