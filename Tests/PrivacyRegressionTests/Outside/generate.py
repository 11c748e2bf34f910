#!/usr/bin/env python3
"""The outside privacy corpus (issue 14, item 3): labelled cases generated from Faker.

The gate was written against its own hand-written corpus; this corpus was written without
looking at the detectors (Sources/Privacy, policies/lists). Personal values come from Faker
(PyPI, version pinned below); technical look-alikes come from the lists in this file, written
from public knowledge. This file imports no project code.

Output: JSON lines in the `PrivacyCase` shape of Tests/PrivacyRegressionTests:
    {"kind", "text", "secrets", "mustSurvive", "sensitiveTerms"}
`kind` is the family, `secrets` the exact substrings that must not survive anonymization,
`mustSurvive` technical terms of the same line that a good anonymizer keeps.

Every draft is checked with a port of `LeakCheck.problems(of:)` (Generator/LeakCheck.swift):
each secret occurs verbatim, and after removing every secret no six-character fragment of a
secret (raw, lowercased, JSON-escaped, digits only) is left in the text or found in a
placeholder. Drafts that fail are drawn again, deterministically.

Determinism: the same seed and the same Faker version give byte-identical output. Each
family draws from its own random.Random and its own Faker instances, seeded from
(seed, family, locale); nothing reads the clock (Faker providers whose output depends on
today's date are replaced, see "Own generators" below).

Own generators (Faker has no provider, or its provider reads the clock or makes numbers
that fail the public check rule), all from the public rules:
- pl_pesel: weights 1,3,7,9,1,3,7,9,1,3, mod 10 (Faker's reads the clock).
- fi_hetu: DDMMYY, century sign, 002-899, mod-31 check character (Faker's reads the clock).
- kr_rrn: YYMMDD-G, weights 2..9,2..5, (11 - sum mod 11) mod 10 (Faker's pattern allows
  month 00 and day 00).
- sg_nric: S/T/F/G, weights 2,7,6,5,4,3,2 (+4 for T/G), check letter tables.
- au_tfn: weights 1,4,3,7,5,8,6,9,10, sum mod 11 = 0.
- au_abn: first digit minus 1, weights 10,1,3,...,19, sum mod 89 = 0.
- au_acn: weights 8..1, check (10 - sum mod 10) mod 10.
- de_tax_id: Steuer-ID, 11 digits, one digit twice among the first ten, ISO 7064 MOD 11,10.
- in_aadhaar: 12 digits, first 2-9, Verhoeff check digit (Faker's uses Luhn).
- uk_nino: a quarter from Faker (reserved prefix ZZ, suffix T), the rest with allocatable
  prefixes and suffix A-D.
- us_bank_number: 8-17 digits (no check rule); provider tokens follow the vendors' published
  shapes (the GitHub token checksum is CRC32 in base62).
Faker's values are checked too: Luhn (cards, SIN), mod-97 (IBAN, INSEE key), 11-test (BSN),
ABA 3-7-1, NIF/NIE letters.

Usage: generate.py [--seed N] [--out FILE] [--meta FILE]
"""

from __future__ import annotations

import argparse
import base64
import binascii
import ipaddress
import json
import re
import sys
import unicodedata
import urllib.parse
from dataclasses import dataclass, field
from datetime import datetime, timedelta
import random

import faker
from faker import Faker

FAKER_VERSION = "40.63.0"
DEFAULT_SEED = 20261214

# ---------------------------------------------------------------------------------------------
# Leak definition: a port of Generator/LeakCheck.swift (the Swift test re-checks every case).

FRAGMENT = 6
PLACEHOLDERS = [
    "[EMAIL]", "[IP]", "[HOST]", "[URL]", "[PATH]", "[CONNECTION_STRING]", "[SECRET]", "[AWS_KEY]",
    "[ARN]", "[ACCOUNT_ID]", "[GUID]", "[GCP_PROJECT]", "[SERVICE_ACCOUNT]", "[TOKEN]", "[JWT]",
    "[PRIVATE_KEY]", "[CARD]", "[IBAN]", "[PHONE]", "[MAC]", "[STACK]", "[NAME]", "[NUMBER]", "[REDACTED]",
]


def windows(text: str) -> set[str]:
    return {text[i:i + FRAGMENT] for i in range(len(text) - FRAGMENT + 1)}


def digits_only(text: str) -> str:
    return "".join(c for c in text if "0" <= c <= "9")


def json_escape(value: str, escape_slash: bool, ascii_only: bool) -> str:
    out = []
    for ch in value:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "/":
            out.append("\\/" if escape_slash else "/")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\f":
            out.append("\\f")
        elif o < 0x20:
            out.append("\\u%04x" % o)
        elif ascii_only and o > 0x7E:
            units = ch.encode("utf-16-be")
            for k in range(0, len(units), 2):
                out.append("\\u%04x" % int.from_bytes(units[k:k + 2], "big"))
        else:
            out.append(ch)
    return "".join(out)


def json_escaped_forms(value: str) -> list[str]:
    forms: list[str] = []
    for slash, ascii_only in ((False, False), (True, False), (False, True), (True, True)):
        escaped = json_escape(value, slash, ascii_only)
        if escaped not in forms:
            forms.append(escaped)
    return forms


class Output:
    def __init__(self, text: str):
        self.raw = text
        self.lowered = text.lower()
        self.raw_windows = windows(self.raw)
        self.lowered_windows = windows(self.lowered)
        self.digits = digits_only(text)
        self.digit_windows = windows(self.digits)


def appears(value: str, text: str, wins: set[str]) -> bool:
    if len(value) < FRAGMENT:
        return value in text
    return any(value[i:i + FRAGMENT] in wins for i in range(len(value) - FRAGMENT + 1))


def leak_form(secret: str, out: Output) -> str | None:
    if not secret:
        return None
    if appears(secret, out.raw, out.raw_windows):
        return "raw"
    lowered = secret.lower()
    if appears(lowered, out.lowered, out.lowered_windows):
        return "lowercased"
    for escaped in json_escaped_forms(secret):
        if escaped != secret and appears(escaped.lower(), out.lowered, out.lowered_windows):
            return "json-escaped"
    digits = digits_only(secret)
    if len(digits) >= FRAGMENT and appears(digits, out.digits, out.digit_windows):
        return "digits-only"
    return None


def leaks(secrets: list[str], text: str) -> list[tuple[int, str]]:
    out = Output(text)
    found = []
    for index, secret in enumerate(secrets):
        form = leak_form(secret, out)
        if form:
            found.append((index, form))
    return found


def redact_all(text: str, secrets: list[str], placeholder: str = "[REDACTED]") -> str:
    covered = [False] * len(text)
    for secret in secrets:
        if not secret:
            continue
        start = text.find(secret)
        while start != -1:
            for k in range(start, start + len(secret)):
                covered[k] = True
            start = text.find(secret, start + 1)
    result = []
    i = 0
    while i < len(text):
        if covered[i]:
            result.append(placeholder)
            while i < len(text) and covered[i]:
                i += 1
        else:
            result.append(text[i])
            i += 1
    return "".join(result)


def problems(kind: str, text: str, secrets: list[str], must: list[str]) -> list[str]:
    found = []
    if not text:
        found.append("empty text")
    if kind == "clean" and secrets:
        found.append("a clean case lists secrets")
    if kind != "clean" and not secrets:
        found.append("no secrets")
    for index, secret in enumerate(secrets):
        if not secret:
            found.append(f"secret #{index + 1} is empty")
        if secret not in text:
            found.append(f"secret #{index + 1} does not occur in the text")
    perfect = redact_all(text, secrets)
    for index, form in leaks(secrets, perfect):
        found.append(f"secret #{index + 1} shares a fragment with the rest of the text ({form})")
    for index, form in leaks(secrets, " ".join(PLACEHOLDERS)):
        found.append(f"secret #{index + 1} shares a fragment with a placeholder ({form})")
    for token in must:
        if not token:
            found.append("empty must-survive")
        elif token not in text:
            found.append(f"must-survive {token!r} does not occur in the text")
        elif token not in perfect:
            found.append(f"must-survive {token!r} overlaps a secret")
    return found


def portable(text: str) -> bool:
    """One code point per character in Swift as in Python, and the same lowercasing: no
    combining marks, joiners, variation selectors, Hangul jamo, CR, final-sigma contexts, and
    no character whose lowercase is longer than one code point (İ)."""
    if unicodedata.normalize("NFC", text) != text:
        return False
    for ch in text:
        o = ord(ch)
        if unicodedata.category(ch) in ("Mn", "Mc", "Me", "Cf", "Cs", "Co"):
            return False
        if ch == "\r" or 0x1100 <= o <= 0x11FF or 0xFE00 <= o <= 0xFE0F or 0x1F1E6 <= o <= 0x1F1FF:
            return False
        if ch in "Σς" or len(ch.lower()) != 1:
            return False
    return True


# ---------------------------------------------------------------------------------------------
# Check rules (self-checks of the values, and own generators where Faker has none).

def luhn_ok(digits: str) -> bool:
    total = 0
    for position, ch in enumerate(reversed(digits)):
        d = int(ch)
        if position % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return len(digits) >= 2 and total % 10 == 0


def mod97_ok(iban: str) -> bool:
    compact = iban.replace(" ", "").upper()
    if not (15 <= len(compact) <= 34) or not compact.isalnum():
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(c, 36)) for c in rearranged)
    return int(number) % 97 == 1


def aba_ok(digits: str) -> bool:
    weights = [3, 7, 1] * 3
    return len(digits) == 9 and sum(int(d) * w for d, w in zip(digits, weights)) % 10 == 0


def bsn_ok(digits: str) -> bool:
    if len(digits) != 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


def insee_ok(value: str) -> bool:
    """NIR key: 97 - (first 13 digits mod 97); Corsica's departments 2A and 2B count as 19 and 18."""
    digits = value[:5] + value[5:7].replace("2A", "19").replace("2B", "18") + value[7:]
    return len(digits) == 15 and digits.isdigit() and 97 - int(digits[:13]) % 97 == int(digits[13:])


NIF_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def nif_ok(value: str) -> bool:
    body = value[:-1]
    if body[0] in "XYZ":
        body = str("XYZ".index(body[0])) + body[1:]
    return body.isdigit() and NIF_LETTERS[int(body) % 23] == value[-1]


VERHOEFF_D = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
VERHOEFF_P = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]
VERHOEFF_INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]


def verhoeff_check_digit(digits: str) -> str:
    c = 0
    for i, ch in enumerate(reversed(digits)):
        c = VERHOEFF_D[c][VERHOEFF_P[(i + 1) % 8][int(ch)]]
    return str(VERHOEFF_INV[c])


def verhoeff_ok(digits: str) -> bool:
    c = 0
    for i, ch in enumerate(reversed(digits)):
        c = VERHOEFF_D[c][VERHOEFF_P[i % 8][int(ch)]]
    return c == 0


def iso7064_mod11_10(digits: str) -> str:
    product = 10
    for ch in digits:
        total = (int(ch) + product) % 10
        if total == 0:
            total = 10
        product = (total * 2) % 11
    check = 11 - product
    return "0" if check == 10 else str(check)


BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def base62(number: int, width: int) -> str:
    out = ""
    while number:
        number, rem = divmod(number, 62)
        out = BASE62[rem] + out
    return out.rjust(width, "0")


# ---------------------------------------------------------------------------------------------
# Technical look-alikes (public knowledge; these must survive anonymization).

PRODUCTS = [
    "PostgreSQL 15.4", "PostgreSQL 13.11", "PostgreSQL 16.1", "Oracle Database 19c", "Oracle Database 21c",
    "Oracle Database 12c Release 2", "Microsoft SQL Server 2019", "SQL Server 2022", "SQL Server 2016 SP3",
    "MySQL 8.0.35", "MySQL 5.7", "MariaDB 10.11", "MongoDB 6.0", "MongoDB 7.0", "Redis 7.2", "Redis 6.2",
    "RabbitMQ 3.12", "Apache Kafka 3.6", "Kubernetes 1.28", "Kubernetes 1.27", "Elasticsearch 8.11",
    "OpenSearch 2.11", "Apache Cassandra 4.1", "IBM Db2 11.5", "SAP HANA 2.0 SPS07", "SAP ECC 6.0",
    "SAP S/4HANA 2022", "Windows Server 2022", "Windows Server 2012 R2", "RHEL 8.9", "Ubuntu 22.04 LTS",
    "Java 17", "OpenJDK 11", "Python 3.11", "Node.js 20", ".NET 8", "Terraform 1.6.5", "Ansible 2.15",
    "Docker 24.0.7", "nginx 1.25", "Apache Tomcat 9.0", "JBoss EAP 7.4", "WebLogic 14c", "VMware vSphere 8.0",
    "Informatica PowerCenter 10.5", "Teradata 17.20", "Snowflake", "Amazon Aurora PostgreSQL 15.4",
    "Oracle Database 19.21.0.0.0", "Exchange Server 2016 CU23", "SharePoint Server 2019", "Hadoop 3.3.6",
]
VENDORS = [
    "Oracle Corporation", "SAP SE", "Microsoft Corporation", "Amazon Web Services", "Google Cloud",
    "IBM", "VMware", "Red Hat", "Broadcom", "Snowflake", "Databricks", "MongoDB, Inc.", "Salesforce",
    "Atlassian", "Teradata", "Informatica", "Cloudera", "Elastic N.V.", "Confluent", "HashiCorp",
]
INSTANCES = [
    "m5.xlarge", "r6g.2xlarge", "t3.medium", "c6i.4xlarge", "db.r5.large", "db.m6g.xlarge", "r5b.8xlarge",
    "i3en.2xlarge", "m7g.large", "x2iedn.4xlarge", "db.r6i.4xlarge", "cache.r6g.large",
    "Standard_E4s_v5", "Standard_D8s_v3", "Standard_M64ms", "Standard_F16s_v2", "Standard_B2ms",
    "Standard_E16ds_v4", "GP_Gen5_8", "BC_Gen5_16",
    "e2-standard-8", "n2-highmem-16", "c3-standard-4", "n2d-standard-32", "db-custom-8-32768", "t2d-standard-4",
]
ERROR_CODES = [
    "ORA-12541", "ORA-01017", "ORA-00942", "ORA-04031", "ORA-01555", "ORA-12170", "ORA-28000",
    "AADSTS50020", "AADSTS700016", "AADSTS65001", "AADSTS50076", "SQLSTATE 08006", "SQLSTATE 42P01",
    "SQLSTATE 40001", "SQLSTATE 53300", "SQLSTATE 28P01", "ERR_CONNECTION_RESET", "ERR_CERT_DATE_INVALID",
    "EACCES", "ECONNREFUSED", "ETIMEDOUT", "ENOSPC", "EPIPE", "Msg 18456", "Error 1045", "error 1205",
    "MSB3073", "0x80004005", "0x80070005", "ResourceNotFoundException", "ThrottlingException",
    "InvalidParameterValue", "AccessDenied", "QuotaExceeded", "SSL_ERROR_SYSCALL", "OOMKilled",
    "CrashLoopBackOff", "ImagePullBackOff", "exit code 137", "SIGTERM", "errno 111", "KB5034441",
]
REGIONS = [
    "us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1",
    "ca-central-1", "eu-north-1", "ap-south-1", "westeurope", "northeurope", "eastus2", "West Europe",
    "Germany West Central", "UK South", "Sweden Central", "Australia East", "Japan East", "Central India",
    "europe-west3", "us-central1", "asia-northeast1", "europe-west4", "australia-southeast1",
    "northamerica-northeast1",
]
RESOURCES = [
    "EC2", "RDS", "S3", "Aurora PostgreSQL", "DynamoDB", "EKS", "Lambda", "AWS DMS", "Azure Blob Storage",
    "Azure SQL Database", "Azure Database for PostgreSQL", "AKS", "Azure Data Factory", "Cloud SQL", "GKE",
    "BigQuery", "Cloud Storage", "Compute Engine", "Cloud Spanner", "Azure Key Vault", "AWS Secrets Manager",
    "Cloud Run", "ElastiCache", "Amazon MSK", "Azure Cosmos DB", "Azure Files", "Amazon EFS", "Dataproc",
]
STEPS = [
    "replicate_db", "sync_objects", "schema_convert", "cutover", "full_load", "cdc_apply", "validate_rowcount",
    "export_snapshot", "restore_backup", "dns_switch", "rehydrate_cache", "rebuild_indexes", "precheck",
    "drain_node", "copy_blobs", "migrate_users", "import_db",
]
SERVICES = ["migrate-worker", "dms-agent", "cutover-orchestrator", "sync-daemon", "mig-runner", "etl-loader"]
PORTS = [5432, 1521, 1433, 3306, 6379, 5672, 9092, 27017, 443, 8443, 50000, 30015]
HTTP_CODES = [400, 401, 403, 404, 408, 409, 413, 429, 500, 502, 503, 504]
TABLES = ["customers", "accounts", "employees", "orders", "contacts", "payroll", "patients", "members", "vendors"]

TECH_SLOTS = {"err", "region", "inst", "prod", "res", "step", "port", "dur", "durc", "pct", "count", "ts",
              "sts", "date", "time", "vendor", "size", "http", "ver"}
NOISE_SLOTS = {"pid", "n", "n2", "n7", "svc", "table"}
SLOT = re.compile(r"\{([a-z0-9_]+)\}")


def tech(slot: str, rng: random.Random) -> str:
    if slot == "err":
        return rng.choice(ERROR_CODES)
    if slot == "region":
        return rng.choice(REGIONS)
    if slot == "inst":
        return rng.choice(INSTANCES)
    if slot == "prod":
        return rng.choice(PRODUCTS)
    if slot == "res":
        return rng.choice(RESOURCES)
    if slot == "step":
        return rng.choice(STEPS)
    if slot == "port":
        return f"port {rng.choice(PORTS)}"
    if slot == "vendor":
        return rng.choice(VENDORS)
    if slot == "http":
        return f"HTTP {rng.choice(HTTP_CODES)}"
    if slot == "dur":
        n = rng.randrange(2, 900)
        return rng.choice([f"{n} seconds", f"{n}s", f"{n * 7} ms", f"{n // 60 + 1} minutes",
                           f"{n % 24}h {n % 60}m", f"00:{n % 60:02d}:{(n * 7) % 60:02d}"])
    if slot == "durc":
        n = rng.randrange(2, 900)
        return rng.choice([f"{n}s", f"{n}.{rng.randrange(10)}s", f"{n * 7}ms", f"{n % 60}m{(n * 7) % 60}s"])
    if slot == "pct":
        return rng.choice([f"{rng.randrange(1, 100)}%", f"{rng.randrange(0, 100)}.{rng.randrange(10)}%"])
    if slot == "count":
        n = rng.randrange(2, 5_000_000)
        return rng.choice([f"{n:,} rows", f"{n % 900 + 2} tables", f"{n % 5000 + 2} objects",
                           f"{n % 12 + 1} of {n % 12 + 13} shards", f"{n % 20000 + 10} files", f"{n} records"])
    if slot == "size":
        return rng.choice([f"{rng.randrange(1, 900)} GiB", f"{rng.randrange(1, 90)}.{rng.randrange(10)} TB",
                           f"{rng.randrange(16, 4096)} MB", f"{rng.randrange(1, 64)} TiB"])
    if slot == "ver":
        return rng.choice([f"v{rng.randrange(1, 9)}.{rng.randrange(0, 30)}.{rng.randrange(0, 20)}",
                           f"version {rng.randrange(1, 20)}.{rng.randrange(0, 12)}"])
    moment = datetime(2024, 1, 1) + timedelta(seconds=rng.randrange(0, 2 * 365 * 86400))
    if slot == "ts":
        return rng.choice([
            moment.strftime("%Y-%m-%dT%H:%M:%SZ"), moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randrange(1000):03d}Z",
            moment.strftime("%Y-%m-%d %H:%M:%S"), moment.strftime("%Y-%m-%d %H:%M:%S,") + f"{rng.randrange(1000):03d}",
        ])
    if slot == "sts":
        return moment.strftime("%b %d %H:%M:%S")
    if slot == "date":
        return rng.choice([moment.strftime("%Y-%m-%d"), moment.strftime("%d.%m.%Y"), moment.strftime("%m/%d/%Y"),
                           moment.strftime("%d %b %Y")])
    if slot == "time":
        return rng.choice([moment.strftime("%H:%M"), moment.strftime("%H:%M:%S")])
    raise KeyError(slot)


def noise(slot: str, rng: random.Random) -> str:
    if slot == "pid":
        return str(rng.randrange(300, 65000))
    if slot == "n":
        return str(rng.randrange(2, 999))
    if slot == "n2":
        return str(rng.randrange(2, 99))
    if slot == "n7":
        return str(rng.randrange(1_000_000, 9_999_999))
    if slot == "svc":
        return rng.choice(SERVICES)
    if slot == "table":
        return rng.choice(TABLES)
    raise KeyError(slot)


# ---------------------------------------------------------------------------------------------
# Frames: the log formats a message appears in.

FRAMES = {
    "plain": "{S}",
    "json": '{"ts":"{ts}","level":"error","step":"{step}","msg":"{S}"}',
    "json2": '{"@timestamp":"{ts}","log.level":"warn","service.name":"{svc}","message":"{S}","cloud.region":"{region}"}',
    "kv": '{ts} level=error step={step} msg="{S}" elapsed={durc}',
    "syslog": "{sts} {svc}[{pid}]: ERROR [{step}] {S}",
    "pylog": "{ts} ERROR migration.{step}: {S}",
    "cli": "$ migrate run --step {step} --region {region}\nError: {S}",
    "winevent": "Log Name: Application | Source: {svc} | Event ID: {n} | Level: Error | {S}",
    "java": ("com.example.migration.StepFailedException: {S}\n\tat com.example.migration.Runner.execute(Runner.java:{n})"
             "\n\tat java.base/java.lang.Thread.run(Thread.java:833)"),
    "pytrace": ('Traceback (most recent call last):\n  File "/opt/migrate/steps.py", line {n}, in {step}\n'
                "    raise MigrationError(detail)\nMigrationError: {S}"),
    "xml": '<event time="{ts}" level="error"><step>{step}</step><message>{S}</message></event>',
    "csv": 'step,status,detail\n{step},FAILED,"{S}"',
}
FRAME_SETS = {
    # a sentence: any frame
    "msg": ["plain", "plain", "plain", "json", "json2", "kv", "syslog", "pylog", "cli", "winevent", "java",
            "pytrace", "xml", "csv"],
    # a structured single line (JSON, XML, config): kept whole, maybe behind a log prefix
    "line": ["plain", "plain", "plain", "pylog", "syslog", "cli"],
    # several lines (config fragments, CLI output)
    "block": ["plain", "plain", "cli", "pylog"],
    # clean lines: no paths or stack frames (those may rightly be redacted)
    "clean": ["plain", "plain", "json", "json2", "kv", "syslog", "pylog", "cli", "winevent", "xml", "csv"],
}


def xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def frame_escape(name: str, sentence: str) -> str | None:
    """The sentence as the frame embeds it, or None when the frame cannot hold it."""
    if name in ("json", "json2"):
        return json.dumps(sentence, ensure_ascii=False)[1:-1]
    if name == "xml":
        return xml_escape(sentence)
    if name in ("kv", "csv") and '"' in sentence:
        return None
    if "\n" in sentence and name not in ("plain", "cli", "pylog"):
        return None
    return sentence


@dataclass
class Draft:
    template: str
    values: dict[str, str] = field(default_factory=dict)
    extras: dict[str, str] = field(default_factory=dict)
    frames: str = "msg"


class Context:
    """Randomness of one family: its own random.Random and Faker instances (one per locale)."""

    _fakers: dict[str, Faker] = {}

    def __init__(self, seed: int, family: str):
        self.seed = seed
        self.family = family
        self.rng = random.Random(f"outside:{seed}:{family}")
        self.seeded: set[str] = set()

    def fake(self, locale: str) -> Faker:
        instance = Context._fakers.get(locale)
        if instance is None:
            instance = Faker(locale)
            Context._fakers[locale] = instance
        if locale not in self.seeded:
            instance.seed_instance(f"outside:{self.seed}:{self.family}:{locale}")
            self.seeded.add(locale)
        return instance

    def choice(self, items):
        return self.rng.choice(items)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def randstr(self, locale: str, length: int, alphabet: str) -> str:
        return self.fake(locale).lexify("?" * length, letters=alphabet)


def render(draft: Draft, rng: random.Random) -> tuple[str, list[str], list[str]] | None:
    """Fill the template and put it in a frame: (text, secrets, mustSurvive), or None when the
    draft cannot be framed without changing a value."""
    secrets: list[str] = []
    must: list[str] = []

    def fill(template: str, values: dict[str, str]) -> str:
        def replace(match: re.Match) -> str:
            name = match.group(1)
            if name in values:
                return values[name]
            if name in draft.extras:
                return draft.extras[name]
            if name in TECH_SLOTS:
                term = tech(name, rng)
                must.append(term)
                return term
            if name in NOISE_SLOTS:
                return noise(name, rng)
            raise KeyError(f"unknown slot {{{name}}} in {template!r}")
        return SLOT.sub(replace, template)

    used = [name for name in SLOT.findall(draft.template) if name in draft.values]
    sentence = fill(draft.template, draft.values)
    secrets = [draft.values[name] for name in dict.fromkeys(used)]
    sentence_must = list(must)
    for _ in range(6):
        frame = rng.choice(FRAME_SETS[draft.frames])
        embedded = frame_escape(frame, sentence)
        if embedded is None:
            continue
        if embedded != sentence and any(frame_escape(frame, value) != value for value in secrets + sentence_must):
            continue
        must[:] = sentence_must
        head, _, tail = FRAMES[frame].partition("{S}")
        text = fill(head, {}) + embedded + fill(tail, {})
        return text, secrets, must
    return None


# ---------------------------------------------------------------------------------------------
# Personal values.

NAME_LOCALES = ["en_US", "en_GB", "en_CA", "en_AU", "en_IN", "en_IE", "en_NZ", "de_DE", "de_AT", "de_CH",
                "fr_FR", "es_ES", "es_MX", "it_IT", "nl_NL", "nl_BE", "pl_PL", "fi_FI", "ko_KR", "sv_SE",
                "pt_BR", "pt_PT", "ja_JP", "da_DK", "no_NO", "cs_CZ", "hu_HU", "ro_RO"]
PHONE_LOCALES = ["en_US", "en_GB", "en_CA", "en_AU", "en_IN", "en_IE", "en_NZ", "de_DE", "de_AT", "de_CH",
                 "fr_FR", "es_ES", "it_IT", "nl_NL", "nl_BE", "pl_PL", "fi_FI", "ko_KR", "sv_SE", "pt_BR",
                 "pt_PT", "ja_JP", "da_DK", "no_NO", "cs_CZ", "hu_HU", "ro_RO"]
CALLING_CODES = {"en_US": "1", "en_GB": "44", "en_CA": "1", "en_AU": "61", "en_IN": "91", "en_IE": "353",
                 "en_NZ": "64", "de_DE": "49", "de_AT": "43", "de_CH": "41", "fr_FR": "33", "es_ES": "34",
                 "it_IT": "39", "nl_NL": "31", "nl_BE": "32", "pl_PL": "48", "fi_FI": "358", "ko_KR": "82",
                 "sv_SE": "46", "pt_BR": "55", "pt_PT": "351", "ja_JP": "81", "da_DK": "45", "no_NO": "47",
                 "cs_CZ": "420", "hu_HU": "36", "ro_RO": "40"}
IBAN_LOCALES = ["de_DE", "de_AT", "de_CH", "fr_FR", "es_ES", "it_IT", "nl_NL", "nl_BE", "pl_PL", "fi_FI",
                "da_DK", "no_NO", "cs_CZ", "pt_PT", "pt_BR", "en_GB", "en_IE", "ro_RO", "sk_SK", "tr_TR",
                "uk_UA", "az_AZ"]
LEGAL_FORMS = {
    "en_US": ["LLC", "Inc.", "Corp.", "L.P.", "Inc"], "en_GB": ["Ltd", "Limited", "PLC", "LLP", "Ltd."],
    "en_CA": ["Inc.", "Ltd.", "Corp."], "en_AU": ["Pty Ltd", "Pty. Ltd."], "en_IN": ["Pvt. Ltd.", "Private Limited", "LLP"],
    "en_IE": ["Ltd", "DAC", "Teoranta"], "de_DE": ["GmbH", "AG", "GmbH & Co. KG", "KG", "UG (haftungsbeschränkt)", "e.K."],
    "de_AT": ["GmbH", "AG", "OG"], "de_CH": ["AG", "GmbH", "SA", "Sàrl"], "fr_FR": ["SA", "SARL", "SAS", "SASU"],
    "es_ES": ["S.A.", "S.L.", "SL", "S.L.U."], "it_IT": ["S.p.A.", "S.r.l.", "Srl", "SpA"],
    "nl_NL": ["NV", "BV", "B.V.", "N.V."], "nl_BE": ["NV", "BV", "BVBA", "CommV"],
    "pl_PL": ["sp. z o.o.", "S.A.", "sp.j.", "Sp. z o.o."], "fi_FI": ["Oy", "Oyj", "Ky"], "sv_SE": ["AB", "HB", "AB (publ)"],
    "da_DK": ["ApS", "A/S", "I/S"], "no_NO": ["AS", "ASA"], "pt_BR": ["Ltda.", "S.A.", "LTDA", "Eireli"],
    "pt_PT": ["Lda.", "S.A."], "cs_CZ": ["s.r.o.", "a.s."], "hu_HU": ["Kft.", "Zrt.", "Nyrt.", "Bt."],
    "ro_RO": ["S.R.L.", "S.A."], "es_MX": ["S.A. de C.V.", "S. de R.L."],
}
PREFIX_FORMS = {"ja_JP": ["株式会社", "合同会社", "有限会社"], "ko_KR": ["주식회사 ", "(주)", "유한회사 "]}
COMPANY_WORDS = {
    "en": ["Logistics", "Holdings", "Systems", "Foods", "Engineering", "Analytics", "Retail", "Freight"],
    "de": ["Logistik", "Maschinenbau", "Systemhaus", "Bau", "Lebensmittel", "Versand"],
    "fr": ["Transports", "Conseil", "Distribution", "Industries"],
    "es": ["Logística", "Construcciones", "Distribuciones", "Servicios"],
    "it": ["Costruzioni", "Trasporti", "Servizi", "Alimentari"],
    "nl": ["Logistiek", "Bouw", "Techniek", "Installaties"],
    "pl": ["Budownictwo", "Transport", "Usługi"], "fi": ["Rakennus", "Kuljetus", "Tekniikka"],
    "sv": ["Bygg", "Transport", "Konsult"], "pt": ["Construções", "Transportes", "Serviços"],
    "da": ["Byg", "Transport"], "no": ["Bygg", "Transport"], "cs": ["Stavby", "Doprava"], "hu": ["Építő", "Szállítmányozó"],
    "ro": ["Construct", "Transport"],
}


def person_name(ctx: Context, locale: str, style: str = "full") -> str:
    f = ctx.fake(locale)
    first, last = f.first_name(), f.last_name()
    if locale == "ko_KR":
        return last + first
    if locale in ("ja_JP", "hu_HU"):
        return f"{last} {first}"
    if style == "initial":
        return f"{first[0]}. {last}"
    if style == "comma":
        return f"{last}, {first}"
    return f"{first} {last}"


def company_base(ctx: Context, locale: str) -> str:
    f = ctx.fake(locale)
    if locale in ("ja_JP", "ko_KR"):
        return f.last_name() + ctx.choice(["", "商事", "電機", "物産"] if locale == "ja_JP" else ["", "전자", "물산", "건설"])
    lang = locale[:2]
    words = COMPANY_WORDS.get(lang, COMPANY_WORDS["en"])
    form = ctx.rng.randrange(5)
    if form == 0:
        return f"{f.last_name()} & {f.last_name()}"
    if form == 1:
        return f"{f.last_name()}-{f.last_name()}"
    if form == 2:
        return f"{f.last_name()} {ctx.choice(words)}"
    if form == 3 and lang == "en":
        return f"{f.last_name()}, {f.last_name()} and {f.last_name()}"
    return f.last_name()


def company(ctx: Context, locale: str) -> tuple[str, str]:
    """(the full company name as written, the identifying part without the legal form)."""
    base = company_base(ctx, locale)
    if locale in PREFIX_FORMS:
        return ctx.choice(PREFIX_FORMS[locale]) + base, base
    return f"{base} {ctx.choice(LEGAL_FORMS[locale])}", base


def phone(ctx: Context, locale: str) -> str:
    f = ctx.fake(locale)
    roll = ctx.rng.random()
    if roll < 0.72:
        return f.phone_number()
    if roll < 0.84:
        return f.msisdn()
    digits = digits_only(f.phone_number()).lstrip("0")
    code = CALLING_CODES[locale]
    if digits.startswith(code) and len(digits) > len(code) + 7:
        digits = digits[len(code):].lstrip("0")
    return "+" + code + digits


def group(digits: str, sizes: list[int], sep: str) -> str:
    parts, i = [], 0
    for size in sizes:
        parts.append(digits[i:i + size])
        i += size
    if i < len(digits):
        parts.append(digits[i:])
    return sep.join(p for p in parts if p)


def spaced(ctx: Context, value: str, min_run: int = 1) -> str:
    """Digit runs split by runs of spaces: groups of 1-4 characters, 1-4 spaces between, at
    least one gap of two or more spaces."""
    compact = re.sub(r"[^0-9A-Za-z]", "", value)
    parts, i = [], 0
    while i < len(compact):
        size = ctx.rng.randrange(1, 5) if ctx.chance(0.3) else 4 if ctx.chance(0.5) else 3
        parts.append(compact[i:i + size])
        i += size
    if len(parts) < 2:
        parts = [compact[:len(compact) // 2], compact[len(compact) // 2:]]
    gaps = [" " * ctx.rng.randrange(min_run, 5) for _ in range(len(parts) - 1)]
    gaps[ctx.rng.randrange(len(gaps))] = " " * ctx.rng.randrange(2, 5)
    out = parts[0]
    for gap, part in zip(gaps, parts[1:]):
        out += gap + part
    return out


def birth_date(ctx: Context, start: int = 1940, end: int = 2006) -> datetime:
    first = datetime(start, 1, 1)
    return first + timedelta(days=ctx.rng.randrange((datetime(end, 12, 31) - first).days))


# National identifiers ----------------------------------------------------------------------

def us_ssn(ctx):
    raw = ctx.fake("en_US").ssn()
    d = digits_only(raw)
    return ctx.choice([raw, raw, f"{d[:3]}.{d[3:5]}.{d[5:]}", f"{d[:3]} {d[3:5]} {d[5:]}", d])


def us_itin(ctx):
    raw = ctx.fake("en_US").itin()
    return ctx.choice([raw, raw, digits_only(raw)])


def us_passport(ctx):
    return ctx.fake("en_US").passport_number()


def us_bank_number(ctx):
    return ctx.fake("en_US").numerify("%" + "#" * ctx.rng.randrange(7, 17))


def aba_routing(ctx):
    raw = ctx.fake("en_US").aba()
    assert aba_ok(raw), raw
    return ctx.choice([raw, raw, raw, f"{raw[:4]}-{raw[4:8]}-{raw[8]}", f"{raw[:3]}-{raw[3:6]}-{raw[6:]}"])


NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"


def uk_nino(ctx):
    if ctx.chance(0.25):
        return ctx.fake("en_GB").ssn()
    while True:
        prefix = ctx.choice(NINO_FIRST) + ctx.choice(NINO_SECOND)
        if prefix not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
            break
    d = ctx.fake("en_GB").numerify("######")
    suffix = ctx.choice("ABCD")
    return ctx.choice([f"{prefix} {d[:2]} {d[2:4]} {d[4:]} {suffix}", f"{prefix}{d}{suffix}", f"{prefix} {d} {suffix}"])


def es_nif(ctx):
    raw = ctx.fake("es_ES").nif()
    assert nif_ok(raw), raw
    return raw if ctx.chance(0.8) else f"{raw[:-1]}-{raw[-1]}"


def es_nie(ctx):
    raw = ctx.fake("es_ES").nie()
    assert nif_ok(raw), raw
    return raw if ctx.chance(0.8) else f"{raw[0]}-{raw[1:-1]}-{raw[-1]}"


def it_fiscal_code(ctx):
    return ctx.fake("it_IT").ssn()


def pl_pesel(ctx):
    born = birth_date(ctx)
    month = born.month + {18: 80, 19: 0, 20: 20}[born.year // 100]
    body = f"{born.year % 100:02d}{month:02d}{born.day:02d}" + ctx.fake("pl_PL").numerify("####")
    weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    check = (10 - sum(int(c) * w for c, w in zip(body, weights)) % 10) % 10
    return body + str(check)


def fi_hetu(ctx):
    born = birth_date(ctx, 1930, 2012)
    head = born.strftime("%d%m") + f"{born.year % 100:02d}"
    serial = f"{ctx.rng.randrange(2, 900):03d}"
    check = "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(head + serial) % 31]
    if born.year >= 2000:
        sign = ctx.choice("AAAABCDEF")
    else:
        sign = ctx.choice("-----YXWVU")
    return head + sign + serial + check


def kr_rrn(ctx):
    born = birth_date(ctx, 1945, 2012)
    gender = ctx.choice("12") if born.year < 2000 else ctx.choice("34")
    body = born.strftime("%y%m%d") + gender + ctx.fake("ko_KR").numerify("#####")
    weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    check = (11 - sum(int(c) * w for c, w in zip(body, weights)) % 11) % 10
    raw = body + str(check)
    return f"{raw[:6]}-{raw[6:]}" if ctx.chance(0.8) else raw


def sg_nric(ctx):
    prefix = ctx.choice("SSSTTFG")
    d = ctx.fake("en_US").numerify("#######")
    total = sum(int(c) * w for c, w in zip(d, [2, 7, 6, 5, 4, 3, 2])) + (4 if prefix in "TG" else 0)
    table = "JZIHGFEDCBA" if prefix in "ST" else "XWUTRQPNMLK"
    return prefix + d + table[total % 11]


def au_tfn(ctx):
    weights = [1, 4, 3, 7, 5, 8, 6, 9, 10]
    while True:
        d = ctx.fake("en_AU").numerify("########")
        partial = sum(int(c) * w for c, w in zip(d, weights))
        last = partial % 11
        if last < 10:
            raw = d + str(last)
            assert sum(int(c) * w for c, w in zip(raw, weights)) % 11 == 0
            return ctx.choice([f"{raw[:3]} {raw[3:6]} {raw[6:]}", raw, f"{raw[:3]}-{raw[3:6]}-{raw[6:]}"])


def au_abn(ctx):
    weights = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]
    rest = ctx.fake("en_AU").numerify("#########")
    options = []
    for head in range(10, 100):
        digits = [int(c) for c in f"{head:02d}{rest}"]
        digits[0] -= 1
        if sum(d * w for d, w in zip(digits, weights)) % 89 == 0:
            options.append(f"{head:02d}{rest}")
    if not options:
        return au_abn(ctx)
    raw = ctx.choice(options)
    return ctx.choice([f"{raw[:2]} {raw[2:5]} {raw[5:8]} {raw[8:]}", raw])


def au_acn(ctx):
    d = ctx.fake("en_AU").numerify("########")
    check = (10 - sum(int(c) * w for c, w in zip(d, range(8, 0, -1))) % 10) % 10
    raw = d + str(check)
    return ctx.choice([f"{raw[:3]} {raw[3:6]} {raw[6:]}", raw])


def in_pan(ctx):
    return ctx.fake("en_IN").pan()


def in_aadhaar(ctx):
    body = str(ctx.rng.randrange(2, 10)) + ctx.fake("en_IN").numerify("##########")
    raw = body + verhoeff_check_digit(body)
    assert verhoeff_ok(raw), raw
    return ctx.choice([f"{raw[:4]} {raw[4:8]} {raw[8:]}", raw, f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"])


def ca_sin(ctx):
    raw = ctx.fake("en_CA").ssn()
    d = digits_only(raw)
    assert luhn_ok(d), raw
    return ctx.choice([raw, raw, d, f"{d[:3]}-{d[3:6]}-{d[6:]}"])


def de_tax_id(ctx):
    rng = ctx.rng
    while True:
        digits = list("0123456789")
        rng.shuffle(digits)
        twice = digits[0]
        chosen = digits[1:9] + [twice, twice]
        rng.shuffle(chosen)
        if chosen[0] != "0":
            break
    body = "".join(chosen)
    raw = body + iso7064_mod11_10(body)
    return ctx.choice([raw, raw, f"{raw[:2]} {raw[2:5]} {raw[5:8]} {raw[8:]}", f"{raw[:2]}/{raw[2:5]}/{raw[5:8]}/{raw[8:]}"])


def fr_insee(ctx):
    raw = ctx.fake("fr_FR").ssn()
    assert insee_ok(raw), raw
    if ctx.chance(0.4):
        return f"{raw[0]} {raw[1:3]} {raw[3:5]} {raw[5:7]} {raw[7:10]} {raw[10:13]} {raw[13:]}"
    return raw


def nl_bsn(ctx):
    raw = ctx.fake("nl_NL").ssn()
    assert bsn_ok(raw), raw
    return raw if ctx.chance(0.75) else f"{raw[:4]}.{raw[4:6]}.{raw[6:]}"


ID_FAMILIES = {
    # family: (value, labels, column names)
    "us_ssn": (us_ssn, ["SSN", "social security number", "SSN/TIN"], ["ssn", "tax_id", "national_id"]),
    "us_itin": (us_itin, ["ITIN", "individual taxpayer id"], ["itin", "tax_id"]),
    "us_passport": (us_passport, ["passport number", "passport no.", "US passport"], ["passport_no", "passport_number", "travel_doc"]),
    "us_bank_number": (us_bank_number, ["account number", "bank account", "DDA account"], ["account_no", "bank_account", "acct_number"]),
    "aba_routing": (aba_routing, ["routing number", "ABA", "RTN"], ["routing_no", "aba", "rtn"]),
    "uk_nino": (uk_nino, ["NI number", "National Insurance number", "NINO"], ["ni_number", "nino", "nat_ins_no"]),
    "es_nif": (es_nif, ["NIF", "DNI"], ["nif", "dni", "documento"]),
    "es_nie": (es_nie, ["NIE", "número de identidad de extranjero"], ["nie", "documento"]),
    "it_fiscal_code": (it_fiscal_code, ["codice fiscale", "CF"], ["codice_fiscale", "cod_fisc", "tax_code"]),
    "pl_pesel": (pl_pesel, ["PESEL", "numer PESEL"], ["pesel", "nr_pesel"]),
    "fi_hetu": (fi_hetu, ["HETU", "henkilötunnus", "personal identity code"], ["hetu", "henkilotunnus", "ssn"]),
    "kr_rrn": (kr_rrn, ["RRN", "주민등록번호", "resident registration number"], ["rrn", "jumin_no", "resident_no"]),
    "sg_nric": (sg_nric, ["NRIC", "FIN", "NRIC/FIN"], ["nric", "nric_fin", "id_no"]),
    "au_tfn": (au_tfn, ["TFN", "tax file number"], ["tfn", "tax_file_no"]),
    "au_abn": (au_abn, ["ABN", "Australian Business Number"], ["abn", "business_no"]),
    "au_acn": (au_acn, ["ACN", "Australian Company Number"], ["acn", "company_no"]),
    "in_pan": (in_pan, ["PAN", "PAN card", "permanent account number"], ["pan", "pan_no"]),
    "in_aadhaar": (in_aadhaar, ["Aadhaar", "Aadhaar number", "UID"], ["aadhaar", "aadhaar_no", "uid"]),
    "ca_sin": (ca_sin, ["SIN", "social insurance number"], ["sin", "sin_number"]),
    "de_tax_id": (de_tax_id, ["Steuer-ID", "steuerliche Identifikationsnummer", "IdNr"], ["steuer_id", "steuerid", "tax_id"]),
    "fr_insee": (fr_insee, ["NIR", "numéro de sécurité sociale", "INSEE"], ["nir", "num_secu", "insee"]),
    "nl_bsn": (nl_bsn, ["BSN", "burgerservicenummer"], ["bsn", "burgerservicenummer"]),
}

ID_TEMPLATES = [
    ("row {n} rejected: column {x_col} value '{v}' violates check constraint \"chk_{x_col}\" in {table} (SQLSTATE 23514)", "msg"),
    ('duplicate key value violates unique constraint "{table}_{x_col}_key": Key ({x_col})=({v}) already exists. SQLSTATE 23505', "msg"),
    ("ORA-00001: unique constraint (CRM.UQ_{x_colu}) violated for {x_label} {v} during {step}", "msg"),
    ("Msg 2627, Level 14: Violation of UNIQUE KEY constraint 'UQ_{x_colu}'. The duplicate key value is ({v}). {prod}", "msg"),
    ("{x_label} {v} failed format validation in {step}; record {n} moved to dead-letter queue after {dur}", "msg"),
    ('mapping error: source field {x_col}="{v}" exceeds target length on {res} ({region})', "msg"),
    ("masking rule missing for {x_label}: sample value {v} found in {table} on {res}", "msg"),
    ("ERROR 1366 (22007): Incorrect string value: '{v}' for column '{x_col}' at row {n}", "msg"),
    ("DLP scan of {res} in {region} flagged {x_label} {v} in object export/part-{n}.csv", "msg"),
    ("KYC sync failed for {x_label} {v}: {http} from verification API after {dur}", "msg"),
    ('{"event":"row_rejected","table":"{table}","column":"{x_col}","value":"{v}","error":"{err}"}', "line"),
    ("{x_col}={v} status=rejected reason=checksum step={step} region={region}", "line"),
    ("<Record id=\"{n}\"><{x_colc}>{v}</{x_colc}><Status>failed</Status></Record> ({err})", "line"),
    ("{table}:\n  - id: {n}\n    {x_col}: \"{v}\"\n    error: {err}", "block"),
    ("INSERT INTO {table} ({x_col}) VALUES ('{v}') failed: {err} on {prod}", "msg"),
    ("audit: user lookup by {x_label} '{v}' returned 2 rows, expected 1 ({count} scanned)", "msg"),
]


def make_id_builder(family: str):
    value_fn, labels, columns = ID_FAMILIES[family]

    def build(ctx: Context) -> Draft:
        template, frames = ctx.choice(ID_TEMPLATES)
        column = ctx.choice(columns)
        camel = "".join(part.capitalize() for part in column.split("_"))
        return Draft(template, {"v": value_fn(ctx)},
                     {"x_col": column, "x_colu": column.upper(), "x_colc": camel, "x_label": ctx.choice(labels)}, frames)
    return build


# Other families ----------------------------------------------------------------------------

PHONE_TEMPLATES = [
    ("SMS alert to {v} failed: {http} from gateway after {dur}", "msg"),
    ("on-call escalation to {v} timed out after {dur} ({step})", "msg"),
    ("Twilio error 21211: invalid 'To' phone number {v}", "msg"),
    ("contact phone for cutover window: {v} ({date} {time})", "msg"),
    ("callback number {v} rejected by {res} in {region}", "msg"),
    ('{"contact":{"mobile":"{v}"},"step":"{step}","status":"failed"}', "line"),
    ("phone={v} carrier_status=undeliverable region={region}", "line"),
    ("<Contact><Phone>{v}</Phone></Contact> failed schema validation ({err})", "line"),
    ("customer record {n}: phone '{v}' does not match E.164 pattern, {count} affected", "msg"),
    ("Vishing guard: outbound call to {v} blocked during {step}", "msg"),
    ("Rückrufnummer {v} ungültig ({err})", "msg"),
    ("numéro de téléphone {v} refusé ({http})", "msg"),
    ("PagerDuty notification via SMS to {v} failed: {err}", "msg"),
    ("contacts:\n  primary: \"{v}\"\n  escalation_after: {durc}", "block"),
]
CARD_TYPES = ["visa16", "visa13", "visa19", "mastercard", "amex", "discover", "diners", "jcb15", "jcb16", "maestro"]
CARD_TEMPLATES = [
    ("payment declined for card {v}: {http} from acquirer", "msg"),
    ("PCI scan of {res} found PAN {v} in column notes of {table}", "msg"),
    ('{"pan":"{v}","status":"tokenization_failed","err":"{err}"}', "line"),
    ("card_number={v} result=rejected step={step}", "line"),
    ("chargeback export: card {v} skipped ({count} exported)", "msg"),
    ("Luhn check passed for {v} but BIN lookup failed on {prod}", "msg"),
    ("<Payment><CardNumber>{v}</CardNumber></Payment> rejected ({err})", "line"),
    ("tokenize({v}) raised TimeoutError after {dur}", "msg"),
]
IBAN_TEMPLATES = [
    ("SEPA mandate for {v} rejected: {err}", "msg"),
    ("payout to IBAN {v} failed validation in {step}", "msg"),
    ('{"iban":"{v}","status":"rejected","reason":"AC01"}', "line"),
    ("iban={v} bic_lookup=failed region={region}", "line"),
    ("Überweisung auf {v} abgelehnt ({http})", "msg"),
    ("virement vers {v} refusé après {dur}", "msg"),
    ("<CdtrAcct><Id><IBAN>{v}</IBAN></Id></CdtrAcct> schema error in pain.001 ({err})", "line"),
    ("vendor master sync: bank account {v} differs from target {prod}", "msg"),
]
EMAIL_TEMPLATES = [
    ("notification to {v} bounced (550 5.1.1 user unknown) after {dur}", "msg"),
    ("AADSTS50020: User account '{v}' from identity provider does not exist in tenant", "msg"),
    ("Duplicate entry '{v}' for key 'users.uq_email' during {step}", "msg"),
    ("SMTP AUTH failed for {v} on {port}: 535 5.7.3 Authentication unsuccessful", "msg"),
    ("owner={v} bucket_region={region} status=mismatch", "line"),
    ('{"owner":"{v}","resource":"{res}","msg":"bucket owner mismatch"}', "line"),
    ("Signed-off-by: {x_name} <{v}>", "msg"),
    ("mailbox {v} is on litigation hold; migration batch stopped at {pct}", "msg"),
    ("<Owner><Email>{v}</Email></Owner> rejected by {res} ({err})", "line"),
    ("approval request sent to {v}; no answer after {dur}", "msg"),
    ("git log: commit authored by {v} on {date}", "msg"),
    ("notify:\n  - {v}\n  - {v2}\nerror: {err}", "block"),
]
IPV4_TEMPLATES = [
    ("connect to {v} failed: {err} ({port})", "msg"),
    ("client {v} denied by firewall rule on {res} in {region}", "msg"),
    ("peer {v} reset the connection after {dur}", "msg"),
    ("{v}:{x_port} - - [{x_clf}] \"POST /api/v1/migrate HTTP/1.1\" 503 {n}", "line"),
    ('{"src_ip":"{v}","action":"REJECT","proto":"TCP","err":"{err}"}', "line"),
    ("src={v} dst_port={x_port} action=deny rule={n}", "line"),
    ("allowlist entry {v}/32 missing for {res}", "msg"),
    ("ssh: connect to host {v} port 22: Connection timed out ({step})", "msg"),
]
IPV6_TEMPLATES = [
    ("connect to [{v}]:{x_port} failed: {err}", "msg"),
    ("client {v} denied by network security group in {region}", "msg"),
    ('{"src_ip":"{v}","action":"REJECT","err":"{err}"}', "line"),
    ("neighbor {v} unreachable after {dur} on {res}", "msg"),
    ("listen tcp [{v}]:{x_port}: bind: address already in use ({step})", "msg"),
    ("src={v} action=deny proto=tcp region={region}", "line"),
]
HOST_TEMPLATES = [
    ('could not translate host name "{v}" to address: Name or service not known ({step})', "msg"),
    ("TLS handshake with {v} failed: {err}", "msg"),
    ("upstream {v}:{x_port} timed out after {dur}", "msg"),
    ("ping {v}: Temporary failure in name resolution", "msg"),
    ('{"host":"{v}","check":"dns","status":"NXDOMAIN","region":"{region}"}', "line"),
    ("host={v} state=unreachable step={step}", "line"),
    ("certificate for {v} expires on {date}; {res} will reject it", "msg"),
    ("ORA-12545: Connect failed because target host or object does not exist (HOST={v})", "msg"),
]
URL_TEMPLATES = [
    ("GET {x_scheme}{v} returned {http} after {dur}", "msg"),
    ("webhook {x_scheme}{v} failed: {err}", "msg"),
    ('{"callback_url":"{x_scheme}{v}","status":{x_status},"step":"{step}"}', "line"),
    ("redirect_uri={x_scheme}{v} rejected ({err})", "line"),
    ("download of {x_scheme}{v} aborted at {pct}", "msg"),
    ("<Endpoint>{x_scheme}{v}</Endpoint> unreachable from {region}", "line"),
]
MAC_TEMPLATES = [
    ("DHCP lease for {v} expired during {step}", "msg"),
    ("NIC {v} not found on target {inst}", "msg"),
    ('{"mac":"{v}","event":"link_down","region":"{region}"}', "line"),
    ("arp: {v} moved from port {n} to port {n2}", "msg"),
    ("device_mac={v} posture=noncompliant", "line"),
    ("Wake-on-LAN packet to {v} not acknowledged after {dur}", "msg"),
]
NAME_TEMPLATES = [
    ("approved by {v}", "msg"), ("owner: {v}", "msg"), ("assigned to {v} ({step})", "msg"),
    ("Change CHG{n7} approved by {v}; window {date} {time}", "msg"),
    ("cutover sign-off pending from {v} after {dur}", "msg"),
    ('{"requestedBy":"{v}","step":"{step}","status":"pending_approval"}', "line"),
    ("createdBy={v} resource={res} region={region}", "line"),
    ("ticket INC{n7} reported by {v}: {err} on {prod}", "msg"),
    ("on-call: {v} (primary), {v2} (secondary)", "msg"),
    ("git blame: line {n} last changed by {v} on {date}", "msg"),
    ("CN={v},OU=Migration,DC=corp,DC=local not found in directory ({err})", "msg"),
    ("<Approver>{v}</Approver> rejected the request ({http})", "line"),
    ("Contact: {v} (DBA) for {prod} questions", "msg"),
    ("row {n}: owner \"{v}\" has no matching account in {res}", "msg"),
]
NATIVE_APPROVAL = {
    "de": "Freigabe durch {v} ausstehend ({step})", "fr": "migration validée par {v} le {date}",
    "es": "aprobado por {v} tras {dur}", "it": "approvato da {v} ({step})", "nl": "goedgekeurd door {v} op {date}",
    "pl": "zatwierdzone przez {v} ({step})", "fi": "hyväksyjä: {v} ({date})", "sv": "godkänd av {v} ({step})",
    "pt": "aprovado por {v} em {date}", "ja": "承認者: {v} ({step})", "ko": "승인자: {v} ({step})",
    "da": "godkendt af {v} ({date})", "no": "godkjent av {v} ({step})", "cs": "schválil {v} ({date})",
    "hu": "jóváhagyta: {v} ({step})", "ro": "aprobat de {v} ({date})",
}
COMPANY_TEMPLATES = [
    ("tenant {v} exceeded quota on {res} ({err})", "msg"),
    ("invoice export for customer {v} failed in {step}", "msg"),
    ("contract with {v} expires on {date}; {count} pending", "msg"),
    ('{"customer":"{v}","plan":"enterprise","status":"suspended"}', "line"),
    ("org_name={v} region={region} status=migrating", "line"),
    ("<Organization>{v}</Organization> not found in target {prod}", "line"),
    ("Lieferant {v} gesperrt ({err})", "msg"),
    ("SFTP drop from {v} missing since {date} {time}", "msg"),
    ("data processing agreement of {v} not signed; {step} blocked", "msg"),
    ("billing account of {v} moved to {region} ({http})", "msg"),
]
ADDRESS_TEMPLATES = [
    ("geocoding failed for '{v}' (ZERO_RESULTS) after {dur}", "msg"),
    ("billing_address=\"{v}\" validation=failed step={step}", "line"),
    ("<Street>{v}</Street> exceeds 35 characters for SAP field STRAS ({prod})", "line"),
    ("shipment to {v}, {x_city} returned by carrier ({http})", "msg"),
    ('{"street":"{v}","city":"{x_city}","status":"undeliverable"}', "line"),
    ("address line 1 '{v}' truncated during {step}", "msg"),
    ("customer moved: old address {v} still referenced in {count}", "msg"),
]
USER_TEMPLATES = [
    ("Login failed for user '{v}'. (Microsoft SQL Server, Error: 18456)", "msg"),
    ('FATAL: password authentication failed for user "{v}" (SQLSTATE 28P01)', "msg"),
    ("ORA-01017: invalid username/password; logon denied for {v} on {prod}", "msg"),
    ("sudo: {v} : 3 incorrect password attempts ; TTY=pts/{n2} ; COMMAND=/usr/bin/systemctl", "msg"),
    ("Permission denied (publickey) for {v} after {dur}", "msg"),
    ("IAM user {v} is not authorized to perform s3:GetObject ({err})", "msg"),
    ("created_by={v} step={step} status=failed", "line"),
    ("git push rejected: {v} does not have write access ({http})", "msg"),
    ('{"userName":"{v}","event":"login_failed","region":"{region}"}', "line"),
    ("chown: invalid user: '{v}' during {step}", "msg"),
    ("LDAP bind as uid={v} failed: Invalid credentials (49)", "msg"),
]
PASSWORD_TEMPLATES = [
    ("mysql -u {u} -p'{v}' -h {h} crm: ERROR 1045 (28000): Access denied for user '{u}'", "msg"),
    ("sqlcmd -S tcp:{h},1433 -U {u} -P '{v}' failed: {err}", "msg"),
    ('psql "host={h} user={u} password={v} dbname=crm sslmode=require": {err}', "msg"),
    ("Login failed for user '{u}' with password '{v}' ({step})", "msg"),
    ("curl -u {u}:{v} https://{h}/api/export returned {http}", "msg"),
    ("docker login -u {u} -p {v} registry.internal: unauthorized ({step})", "msg"),
    ("password: {v}\nusername: {u}\nerror: {err}", "block"),
    ("<password>{v}</password> rejected by {prod} ({err})", "line"),
    ("PGPASSWORD={v} pg_dump -U {u} crm: {err}", "msg"),
    ("db_password={v} step={step}", "line"),
    ('{"username":"{u}","password":"{v}","result":"invalid_grant"}', "line"),
    ("spring.datasource.password={v}\nspring.datasource.username={u}", "block"),
    ("MYSQL_ROOT_PASSWORD={v} (container exited with {err})", "msg"),
    ("net use Z: \\\\fs01\\share /user:CORP\\{u} {v}: System error 1326", "msg"),
    ("kubectl create secret generic db --from-literal=password={v} failed: {err}", "msg"),
]
CONFIG_KEYS = [
    ("client", "secret"), ("api", "key"), ("access", "token"), ("auth", "token"), ("secret", "key"),
    ("encryption", "key"), ("signing", "key"), ("shared", "access", "key"), ("webhook", "secret"),
    ("client", "id"), ("app", "id"), ("subscription", "id"), ("instrumentation", "key"), ("license", "key"),
    ("customer", "id"), ("master", "key"), ("private", "token"), ("session", "secret"), ("account", "id"),
]
CONFIG_SYNTAXES = [
    ('<add key="{camel}" value="{v}" />', "line"), ('<property name="{dotted}" value="{v}"/>', "line"),
    ('<Setting Name="{pascal}" Value="{v}" />', "line"), ("<{pascal}>{v}</{pascal}>", "line"),
    ('{camel} = "{v}"', "line"), ("{camel} = '{v}';", "line"), ('const {upper} = "{v}";', "line"),
    ('$env:{upper} = "{v}"', "line"), ("set {upper}={v}", "line"),
    ("[{section}]\n{snake}={v}", "block"), ("{snake} = {v}", "line"), ("{dotted}={v}", "line"),
    ("{section}:\n  {snake}: {v}", "block"), ('  {camel}: "{v}"', "line"),
    ('[{section}]\n{snake} = "{v}"', "block"), ("{upper}={v}", "line"), ("export {upper}={v}", "line"),
    ('{upper}="{v}"', "line"), ('{"{camel}": "{v}"}', "line"), ("--{dashed} {v}", "line"),
    ("-e {upper}={v}", "line"),
]
CONFIG_CONTEXTS = [
    "{C}", "{C}", "config validation failed at line {n}: {C}", "{C}  # loaded by {svc}, {err}",
    "secret scanner hit in build log ({step}): {C}", "{C}\n# deployed to {region} on {date}",
]
SECTIONS = ["auth", "azure", "storage", "api", "integration", "oauth", "default", "production"]


def key_styles(words: tuple[str, ...]) -> dict[str, str]:
    return {
        "camel": words[0] + "".join(w.capitalize() for w in words[1:]),
        "pascal": "".join(w.capitalize() for w in words),
        "snake": "_".join(words), "upper": "_".join(words).upper(), "dotted": ".".join(words),
        "dashed": "-".join(words),
    }


def generic_secret(ctx: Context, words: tuple[str, ...]) -> str:
    f = ctx.fake("en_US")
    if words[-1] == "id":
        return ctx.choice([f.uuid4(), f.hexify("^" * 32), f.numerify("%#########"), f.lexify("?" * 20, letters=BASE62)])
    roll = ctx.rng.randrange(6)
    if roll == 0:
        return f.password(length=ctx.rng.randrange(12, 33))
    if roll == 1:
        return f.pystr(min_chars=24, max_chars=40)
    if roll == 2:
        return f.sha1()
    if roll == 3:
        return f.md5()
    if roll == 4:
        return base64.b64encode(f.binary(length=ctx.choice([24, 32, 48]))).decode()
    return f.lexify("?" * ctx.rng.randrange(24, 48), letters=BASE62 + "-_")


def password_value(ctx: Context) -> str:
    f = ctx.fake(ctx.choice(["en_US", "de_DE", "fr_FR", "es_ES", "nl_NL"]))
    roll = ctx.rng.randrange(4)
    if roll <= 1:
        return f.password(length=ctx.rng.randrange(10, 25))
    if roll == 2:
        return f.password(length=ctx.rng.randrange(10, 25), special_chars=False)
    word = f.word().capitalize()
    return f"{word}{ctx.rng.randrange(1960, 2026)}{ctx.choice('!#$%*')}" if len(word) >= 4 else f.password(length=14)


def url_safe_host(ctx: Context, locale: str) -> str:
    f = ctx.fake(locale)
    roll = ctx.rng.randrange(3)
    if roll == 0:
        return f.hostname()
    if roll == 1:
        return f"{ctx.choice(['db', 'pg', 'sql', 'mq', 'app', 'erp', 'files'])}-{ctx.choice(['prod', 'stage', 'dr'])}-{ctx.rng.randrange(1, 40):02d}.{f.domain_name()}"
    return f.domain_name(2)


def github_token(ctx: Context, prefix: str) -> str:
    entropy = ctx.randstr("en_US", 30, BASE62)
    return prefix + entropy + base62(binascii.crc32(entropy.encode()), 6)


def provider_token(ctx: Context) -> tuple[str, list[tuple[str, str]]]:
    """(provider key name, [(value, display) ...]) — most tokens are one value."""
    a62 = BASE62
    url64 = BASE62 + "-_"
    kind = ctx.rng.randrange(17)
    r = ctx.randstr
    if kind == 0:
        return "GITHUB_TOKEN", [(github_token(ctx, ctx.choice(["ghp_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_"])), "")]
    if kind == 1:
        return "GITHUB_TOKEN", [("github_pat_" + r("en_US", 22, a62) + "_" + r("en_US", 59, a62), "")]
    if kind == 2:
        return "GITLAB_TOKEN", [("glpat-" + r("en_US", 20, url64), "")]
    if kind == 3:
        t = f"xox{ctx.choice('bpa')}-{ctx.fake('en_US').numerify('%' + '#' * ctx.rng.randrange(9, 12))}-{ctx.fake('en_US').numerify('%' + '#' * 12)}-{r('en_US', 24, a62)}"
        return "SLACK_BOT_TOKEN", [(t, "")]
    if kind == 4:
        return "STRIPE_SECRET_KEY", [(ctx.choice(["sk_live_", "rk_live_"]) + r("en_US", ctx.choice([24, 34, 99]), a62), "")]
    if kind == 5:
        return "GOOGLE_API_KEY", [("AIza" + r("en_US", 35, url64), "")]
    if kind == 6:
        return "AWS_ACCESS_KEY_ID", [(ctx.choice(["AKIA", "ASIA"]) + r("en_US", 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), "")]
    if kind == 7:
        return "AWS_SECRET_ACCESS_KEY", [(r("en_US", 40, BASE62 + "/+"), "")]
    if kind == 8:
        return "NPM_TOKEN", [("npm_" + r("en_US", 36, a62), "")]
    if kind == 9:
        return "SENDGRID_API_KEY", [("SG." + r("en_US", 22, url64) + "." + r("en_US", 43, url64), "")]
    if kind == 10:
        return "TWILIO_API_KEY", [("SK" + ctx.fake("en_US").hexify("^" * 32), "")]
    if kind == 11:
        return "TWILIO_AUTH_TOKEN", [(ctx.fake("en_US").hexify("^" * 32), "")]
    if kind == 12:
        sig = urllib.parse.quote(base64.b64encode(ctx.fake("en_US").binary(length=32)).decode(), safe="")
        return "AZURE_SAS", [(sig, "sas")]
    if kind == 13:
        return "SLACK_WEBHOOK", [(f"T{r('en_US', 9, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}/B{r('en_US', 10, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}/{r('en_US', 24, a62)}", "webhook")]
    if kind == 14:
        return "SHOPIFY_ACCESS_TOKEN", [("shpat_" + ctx.fake("en_US").hexify("^" * 32), "")]
    if kind == 15:
        return "HF_TOKEN", [("hf_" + r("en_US", 34, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"), "")]
    return "DIGITALOCEAN_TOKEN", [("dop_v1_" + ctx.fake("en_US").hexify("^" * 64), "")]


TOKEN_TEMPLATES = [
    ("{x_key}={v}", "line"), ("export {x_key}={v}", "line"), ("Authorization: Bearer {v} -> {http}", "msg"),
    ("curl -H 'Authorization: token {v}' https://api.example.net/v1/projects returned {http}", "msg"),
    ('{"{x_keyl}":"{v}","source":"ci-log","step":"{step}"}', "line"), ("  {x_keyl}: {v}", "line"),
    ("secret scanner: {x_key} found in build log of {step}: {v}", "msg"),
    ("request failed with {http}: invalid credentials {v}", "msg"),
    ('{x_keyl} = "{v}"', "line"), ("-e {x_key}={v} (container exited with {err})", "msg"),
]


def hex_forms(ctx: Context, value: str) -> str:
    data = value.encode("utf-8")
    pairs = [f"{b:02x}" for b in data]
    if ctx.chance(0.2):
        pairs = [p.upper() for p in pairs]
    roll = ctx.rng.randrange(4)
    if roll == 0:
        return " ".join(pairs)
    if roll == 1:
        return ":".join(pairs)
    if roll == 2:
        return "".join("\\x" + p for p in pairs)
    return "0x" + "".join(pairs)


HEX_TEMPLATES = [
    ("payload (hex): {v} could not be decoded as UTF-16 in {step}", "msg"),
    ("field owner raw bytes {v} rejected by {res}", "msg"),
    ("value={v} encoding=hex step={step}", "line"),
    ("b'{v}' is not valid for column {table}.contact ({err})", "msg"),
    ("dump of varbinary column: {v} ({count})", "msg"),
    ("attribute mail = {v} (hex) not mapped on {prod}", "msg"),
]
DEFANGED_TEMPLATES = [
    ("IOC report: callback to {v} blocked by {res}", "msg"),
    ("phishing triage: sender {v} quarantined ({step})", "msg"),
    ("threat intel match {v} in {region} flow logs after {dur}", "msg"),
    ("analyst note: contact {v} for the incident ({date})", "msg"),
    ("ioc={v} verdict=malicious source={svc}", "line"),
]
SPACED_TEMPLATES = [
    ("customer typed {x_label} as '{v}' in the import file, row {n}", "msg"),
    ("{x_label} {v} failed validation in {step}", "msg"),
    ("OCR output for {x_label}: {v} ({pct} confidence)", "msg"),
    ("free-text note contains {v} ({err})", "msg"),
    ("{x_col}={v} status=unparsed", "line"),
]
CLEAN_TEMPLATES = [
    ("{step} completed: {count} copied to {res} in {region} in {dur}", "msg"),
    ("{prod} on {inst}: CPU at {pct} for {dur}; recommended size {inst}", "msg"),
    ("{err} while connecting to {res} on {port} (attempt {n2}/5, next retry in {dur})", "msg"),
    ("wave {n2} cutover window {date} {time} UTC; {count} pending", "msg"),
    ("{vendor} support case opened for {err} on {prod}", "msg"),
    ("replication lag {dur} exceeds threshold on {res} in {region}", "msg"),
    ("{res} snapshot {pct} complete, {size} transferred in {dur}", "msg"),
    ("{http} from {res} API in {region}; backing off {dur}", "msg"),
    ("node pool upgrade to {prod}: {count} drained, {pct} capacity left", "msg"),
    ("target {prod} by {vendor} certified on {inst} in {region}", "msg"),
    ("[{step}] {count} validated, checksum mismatch rate {pct}", "msg"),
    ("schema conversion {prod} to {prod}: {count} converted, {count} need review", "msg"),
    ("{err}: disk usage {pct} on {res} volume ({size} free)", "msg"),
    ('engine = "{prod}"\ninstance_class = "{inst}"\nregion = "{region}"', "block"),
    ("target:\n  service: {res}\n  region: {region}\n  size: {inst}\n  window: {date}", "block"),
    ("[migration]\nsource={prod}\ntimeout={durc}\nmax_lag={durc}", "block"),
    ("license audit: {vendor} {prod} expires {date}, usage {pct}", "msg"),
    ("estimated downtime {dur} for {count} on {res}; {vendor} maintenance {date} {time}", "msg"),
    ("{res} throttled ({err}) at {pct} of quota in {region}", "msg"),
    ("rollback of {step} finished at {ts} after {dur}; {err} resolved", "msg"),
    ("sizing: {inst} -> {inst} for {prod}, projected saving {pct}", "msg"),
    ("{prod} reported {err} on {port}; {count} retried", "msg"),
    ('{"step":"{step}","engine":"{prod}","instance":"{inst}","lag":"{durc}","status":"ok"}', "line"),
    ("step={step} engine=\"{prod}\" region={region} rows_per_sec={n} status=ok", "line"),
    ("{res} {ver} rollout paused at {pct} in {region} ({http})", "msg"),
]


def build_phone(ctx):
    locale = ctx.choice(PHONE_LOCALES)
    template, frames = ctx.choice(PHONE_TEMPLATES)
    return Draft(template, {"v": phone(ctx, locale)}, {}, frames)


def card_number(ctx):
    f = ctx.fake("en_US")
    card_type = ctx.choice(CARD_TYPES)
    number = f.credit_card_number(card_type=card_type)
    assert luhn_ok(number), number
    roll = ctx.rng.randrange(5)
    if roll == 0:
        return number
    sizes = [4, 6, 5] if len(number) == 15 else [4, 6, 4] if len(number) == 14 else [4, 4, 4, 4, 4]
    if roll == 1:
        return group(number, sizes, " ")
    if roll == 2:
        return group(number, sizes, "-")
    parts = group(number, sizes, "|").split("|")
    out = parts[0]
    for part in parts[1:]:
        out += " " * ctx.rng.randrange(1, 5) + part
    return out if "  " in out else out.replace(" ", "  ", 1)


def build_card(ctx):
    template, frames = ctx.choice(CARD_TEMPLATES)
    return Draft(template, {"v": card_number(ctx)}, {}, frames)


def build_iban(ctx):
    f = ctx.fake(ctx.choice(IBAN_LOCALES))
    iban = f.iban()
    assert mod97_ok(iban), iban
    if ctx.chance(0.5):
        iban = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
    template, frames = ctx.choice(IBAN_TEMPLATES)
    return Draft(template, {"v": iban}, {}, frames)


def email_value(ctx, locale):
    f = ctx.fake(locale)
    roll = ctx.rng.randrange(5)
    if roll == 0:
        return f.free_email()
    if roll == 1:
        return f.company_email()
    if roll == 2:
        return f.email()
    if roll == 3:
        first, last = f.first_name(), f.last_name()
        local = unicodedata.normalize("NFKD", f"{first}.{last}").encode("ascii", "ignore").decode().lower().replace(" ", "")
        return f"{local}@{f.domain_name()}"
    return f"{f.user_name()}+{ctx.choice(['dms', 'migration', 'test', 'ops'])}@{f.domain_name()}"


def build_email(ctx):
    locale = ctx.choice(NAME_LOCALES)
    template, frames = ctx.choice(EMAIL_TEMPLATES)
    return Draft(template, {"v": email_value(ctx, locale), "v2": email_value(ctx, ctx.choice(NAME_LOCALES))},
                 {"x_name": person_name(ctx, locale)}, frames)


def ipv4_value(ctx):
    f = ctx.fake("en_US")
    return ctx.choice([f.ipv4_public(), f.ipv4_public(), f.ipv4_private(), f.ipv4()])


def build_ipv4(ctx):
    template, frames = ctx.choice(IPV4_TEMPLATES)
    moment = datetime(2024, 1, 1) + timedelta(seconds=ctx.rng.randrange(0, 2 * 365 * 86400))
    return Draft(template, {"v": ipv4_value(ctx)},
                 {"x_port": str(ctx.choice(PORTS)), "x_clf": moment.strftime("%d/%b/%Y:%H:%M:%S +0000")}, frames)


def build_ipv6(ctx):
    address = ipaddress.IPv6Address(ctx.fake("en_US").ipv6())
    value = ctx.choice([str(address.exploded), address.compressed, address.compressed.upper()])
    if ctx.chance(0.3):
        groups = address.exploded.split(":")
        value = ":".join(groups[:4]) + "::" + groups[7].lstrip("0")
    template, frames = ctx.choice(IPV6_TEMPLATES)
    return Draft(template, {"v": value}, {"x_port": str(ctx.choice(PORTS))}, frames)


def build_hostname(ctx):
    template, frames = ctx.choice(HOST_TEMPLATES)
    return Draft(template, {"v": url_safe_host(ctx, ctx.choice(NAME_LOCALES))}, {"x_port": str(ctx.choice(PORTS))}, frames)


def build_url(ctx):
    f = ctx.fake(ctx.choice(NAME_LOCALES))
    host = url_safe_host(ctx, ctx.choice(NAME_LOCALES))
    path = "/" + f.uri_path(deep=ctx.rng.randrange(1, 4))
    if ctx.chance(0.4):
        path += f"?user={f.user_name()}&id={ctx.rng.randrange(1000, 99999)}"
    template, frames = ctx.choice(URL_TEMPLATES)
    return Draft(template, {"v": host + path}, {"x_scheme": ctx.choice(["https://", "http://"]),
                                                 "x_status": str(ctx.choice(HTTP_CODES))}, frames)


def build_mac(ctx):
    mac = ctx.fake("en_US").mac_address()
    hexes = mac.replace(":", "")
    value = ctx.choice([mac, mac.upper(), mac.upper().replace(":", "-"),
                        f"{hexes[:4]}.{hexes[4:8]}.{hexes[8:]}"])
    template, frames = ctx.choice(MAC_TEMPLATES)
    return Draft(template, {"v": value}, {}, frames)


def build_name(ctx):
    locale = ctx.choice(NAME_LOCALES)
    lang = locale[:2]
    if ctx.chance(0.2) and lang in NATIVE_APPROVAL:
        template, frames = NATIVE_APPROVAL[lang], "msg"
    else:
        template, frames = ctx.choice(NAME_TEMPLATES)
    style = ctx.choice(["full", "full", "full", "initial", "comma"])
    return Draft(template, {"v": person_name(ctx, locale, style), "v2": person_name(ctx, ctx.choice(NAME_LOCALES))}, {}, frames)


def build_company(ctx):
    locale = ctx.choice(list(LEGAL_FORMS) + list(PREFIX_FORMS))
    full, base = company(ctx, locale)
    template, frames = ctx.choice(COMPANY_TEMPLATES)
    # The secret is the identifying part; the legal form stays next to it in the text.
    template = template.replace("{v}", "{x_pre}{v}{x_post}")
    pre, _, post = full.partition(base)
    return Draft(template, {"v": base}, {"x_pre": pre, "x_post": post}, frames)


def build_address(ctx):
    locale = ctx.choice(NAME_LOCALES)
    f = ctx.fake(locale)
    street = re.sub(r"\s*\n\s*", ", ", f.street_address()).strip()
    template, frames = ctx.choice(ADDRESS_TEMPLATES)
    return Draft(template, {"v": street}, {"x_city": f.city()}, frames)


def build_user(ctx):
    template, frames = ctx.choice(USER_TEMPLATES)
    return Draft(template, {"v": ctx.fake(ctx.choice(NAME_LOCALES)).user_name()}, {}, frames)


def build_password(ctx):
    template, frames = ctx.choice(PASSWORD_TEMPLATES)
    value = password_value(ctx)
    if "<" in template or '{"' in template:
        while any(c in value for c in "&<>"):
            value = password_value(ctx)
    host = url_safe_host(ctx, ctx.choice(NAME_LOCALES))
    return Draft(template, {"v": value, "u": ctx.fake(ctx.choice(NAME_LOCALES)).user_name(), "h": host}, {}, frames)


def build_config(ctx):
    words = ctx.choice(CONFIG_KEYS)
    syntax, frames = ctx.choice(CONFIG_SYNTAXES)
    value = generic_secret(ctx, words)
    if syntax.startswith("<"):
        while any(c in value for c in "&<>"):
            value = generic_secret(ctx, words)
    line = SLOT.sub(lambda m: key_styles(words).get(m.group(1), "{" + m.group(1) + "}"), syntax)
    line = line.replace("{section}", ctx.choice(SECTIONS))
    context = ctx.choice(CONFIG_CONTEXTS)
    if "\n" in line and context != "{C}":
        context = "{C}"
    template = context.replace("{C}", line)
    return Draft(template, {"v": value}, {}, "block" if "\n" in template else frames)


def build_connection(ctx):
    f = ctx.fake(ctx.choice(NAME_LOCALES))
    user = f.user_name()
    raw_pw = password_value(ctx)
    pw = urllib.parse.quote(raw_pw, safe="")
    host = url_safe_host(ctx, ctx.choice(NAME_LOCALES))
    db = ctx.choice(["crm", "erp_prod", "billing", "hr", "orders", "ledger"])
    roll = ctx.rng.randrange(12)
    values = {"u": user, "p": pw, "h": host}
    if roll == 0:
        line = f"postgresql://{{u}}:{{p}}@{{h}}:5432/{db}?sslmode=require"
    elif roll == 1:
        line = f"mongodb+srv://{{u}}:{{p}}@{{h}}/{db}?retryWrites=true&w=majority"
    elif roll == 2:
        line = "redis://default:{p}@{h}:6379/0"
    elif roll == 3:
        line = "amqp://{u}:{p}@{h}:5672/migration"
    elif roll == 4:
        line = f"mysql://{{u}}:{{p}}@{{h}}:3306/{db}"
    elif roll == 5:
        line = f"jdbc:postgresql://{{h}}:5432/{db}?user={{u}}&password={{p}}"
    elif roll == 6:
        values["p"] = raw_pw.replace(";", "")
        line = f"jdbc:sqlserver://{{h}}:1433;databaseName={db};user={{u}};password={{p}};encrypt=true"
    elif roll == 7:
        values["p"] = raw_pw.replace(";", "")
        line = f"Server=tcp:{{h}},1433;Initial Catalog={db};User ID={{u}};Password={{p}};Encrypt=True;"
    elif roll == 8:
        account = re.sub(r"[^a-z0-9]", "", host.split(".")[0] + f.last_name().lower())[:20] or "store"
        key = base64.b64encode(ctx.fake("en_US").binary(length=64)).decode()
        values = {"a": account, "k": key}
        line = "DefaultEndpointsProtocol=https;AccountName={a};AccountKey={k};EndpointSuffix=core.windows.net"
    elif roll == 9:
        values["p"] = raw_pw.replace("@", "").replace("/", "")
        line = "{u}/{p}@//{h}:1521/ORCLPDB1"
    elif roll == 10:
        line = "sftp://{u}:{p}@{h}:22/incoming"
    else:
        line = "smtp://{u}:{p}@{h}:587"
    context = ctx.choice(["{C}", "connection to {C} failed: {err}", "DATABASE_URL={C}", '{"dsn":"{C}","err":"{err}"}',
                          "{step}: could not open {C} after {dur}", "ConnectionStrings__Default={C}"])
    return Draft(context.replace("{C}", line), values, {}, "line")


def build_token(ctx):
    key, values = provider_token(ctx)
    value, display = values[0]
    if display == "sas":
        f = ctx.fake(ctx.choice(NAME_LOCALES))
        account = re.sub(r"[^a-z0-9]", "", f.last_name().lower() + f.last_name().lower())[:18] + ctx.choice(["prod", "data", "st"])
        template = ("https://{a}.blob.core.windows.net/exports/{table}.csv?sv=2022-11-02&ss=b&srt=o&sp=r"
                    "&se=2025-06-30T18:00:00Z&spr=https&sig={v}")
        template = ctx.choice(["GET {T} returned {http}", "AZURE_SAS_URL={T}", "{T}"]).replace("{T}", template)
        return Draft(template, {"a": account, "v": value}, {}, "line")
    if display == "webhook":
        template = ctx.choice(["POST https://hooks.slack.com/services/{v} returned {http}",
                               "SLACK_WEBHOOK_URL=https://hooks.slack.com/services/{v}"])
        return Draft(template, {"v": value}, {}, "line")
    template, frames = ctx.choice(TOKEN_TEMPLATES)
    return Draft(template, {"v": value}, {"x_key": key, "x_keyl": key.lower()}, frames)


def build_defanged(ctx):
    locale = ctx.choice(NAME_LOCALES)
    f = ctx.fake(locale)
    roll = ctx.rng.randrange(3)
    extras = {}
    if roll == 0:
        ip = ctx.fake("en_US").ipv4_public()
        parts = ip.split(".")
        style = ctx.rng.randrange(3)
        if style == 0:
            value = "[.]".join(parts)
        elif style == 1:
            value = ".".join(parts[:3]) + "[.]" + parts[3]
        else:
            value = "[dot]".join(parts)
        display = "{v}"
    elif roll == 1:
        user = ctx.fake(locale).user_name()
        domain = f.domain_name()
        label, _, tld = domain.rpartition(".")
        at, dot = ctx.choice([("(at)", "(dot)"), ("[at]", "[.]"), (" [at] ", " [dot] "), (" AT ", " DOT "), ("[@]", "[.]")])
        value = f"{user}{at}{label.replace('.', dot)}"
        extras["x_tail"] = f"{dot}{tld}"
        display = "{v}{x_tail}"
    else:
        host = url_safe_host(ctx, locale)
        label, _, tld = host.rpartition(".")
        value = label.replace(".", "[.]")
        extras["x_scheme"] = ctx.choice(["hxxp://", "hxxps://", "hxxps[:]//"])
        extras["x_tail"] = "[.]" + tld + ctx.choice(["", "/login", "/invoice.zip", "/wp-admin/"])
        display = "{x_scheme}{v}{x_tail}"
    template, frames = ctx.choice(DEFANGED_TEMPLATES)
    return Draft(template.replace("{v}", display), {"v": value}, extras, frames)


def build_hex(ctx):
    locale = ctx.choice(NAME_LOCALES)
    roll = ctx.rng.randrange(4)
    if roll == 0:
        value = email_value(ctx, locale)
    elif roll == 1:
        value = person_name(ctx, locale)
    elif roll == 2:
        value = phone(ctx, ctx.choice(PHONE_LOCALES))
    else:
        value = ctx.fake(locale).user_name()
    template, frames = ctx.choice(HEX_TEMPLATES)
    encoded = hex_forms(ctx, value)
    if template.startswith("b'") and not encoded.startswith("\\x"):
        template = "bytes {v} are not valid for column {table}.contact ({err})"
    return Draft(template, {"v": encoded}, {}, frames)


SPACED_SOURCES = [
    ("phone number", "phone", lambda ctx: phone(ctx, ctx.choice(PHONE_LOCALES))),
    ("SSN", "ssn", us_ssn), ("IBAN", "iban", lambda ctx: ctx.fake(ctx.choice(IBAN_LOCALES)).iban()),
    ("Aadhaar", "aadhaar", in_aadhaar), ("SIN", "sin", ca_sin), ("BSN", "bsn", nl_bsn), ("PESEL", "pesel", pl_pesel),
    ("TFN", "tfn", au_tfn), ("account number", "account_no", us_bank_number), ("Steuer-ID", "steuer_id", de_tax_id),
    ("card number", "card", lambda ctx: ctx.fake("en_US").credit_card_number()),
]


def build_spaced(ctx):
    label, column, fn = ctx.choice(SPACED_SOURCES)
    raw = fn(ctx)
    value = spaced(ctx, raw.lstrip("+"))
    if raw.startswith("+") and ctx.chance(0.5):
        value = "+" + value
    template, frames = ctx.choice(SPACED_TEMPLATES)
    return Draft(template, {"v": value}, {"x_label": label, "x_col": column}, frames)


def build_clean(ctx):
    template, frames = ctx.choice(CLEAN_TEMPLATES)
    return Draft(template, {}, {}, "clean" if frames == "msg" else frames)


# Families, in output order, with their case counts.
FAMILIES: list[tuple[str, int, object]] = [
    ("phone_number", 200, build_phone),
    *[(name, 70 if name == "us_ssn" else 60 if name in ("aba_routing", "uk_nino") else 50, make_id_builder(name))
      for name in ID_FAMILIES],
    ("credit_card", 120, build_card),
    ("iban", 120, build_iban),
    ("email", 120, build_email),
    ("ipv4", 80, build_ipv4),
    ("ipv6", 60, build_ipv6),
    ("url", 80, build_url),
    ("hostname", 80, build_hostname),
    ("mac_address", 50, build_mac),
    ("person_name", 200, build_name),
    ("company_name", 150, build_company),
    ("street_address", 80, build_address),
    ("user_name", 70, build_user),
    ("password", 100, build_password),
    ("config_secret", 150, build_config),
    ("connection_uri", 80, build_connection),
    ("provider_token", 150, build_token),
    ("defanged", 80, build_defanged),
    ("hex_encoded", 80, build_hex),
    ("spaced_digits", 80, build_spaced),
    ("clean", 300, build_clean),
]
MAX_ATTEMPTS = 200


def generate(seed: int) -> tuple[list[dict], dict[str, int], dict[str, int]]:
    cases: list[dict] = []
    counts: dict[str, int] = {}
    redrawn: dict[str, int] = {}
    for family, count, builder in FAMILIES:
        ctx = Context(seed, family)
        seen: set[str] = set()
        made = 0
        attempts = 0
        while made < count:
            attempts += 1
            if attempts > count * MAX_ATTEMPTS:
                raise SystemExit(f"family {family}: only {made} of {count} cases after {attempts} drafts")
            draft = builder(ctx)
            rendered = render(draft, ctx.rng)
            if rendered is None:
                redrawn[family] = redrawn.get(family, 0) + 1
                continue
            text, secrets, must = rendered
            must = list(dict.fromkeys(must))
            if text in seen or not portable(text) or any(len(s) < (4 if s.isascii() else 2) for s in secrets) \
                    or problems(family, text, secrets, must):
                redrawn[family] = redrawn.get(family, 0) + 1
                continue
            seen.add(text)
            cases.append({"kind": family, "text": text, "secrets": secrets, "mustSurvive": must, "sensitiveTerms": []})
            made += 1
        counts[family] = made
    return cases, counts, redrawn


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"generator seed (default {DEFAULT_SEED})")
    parser.add_argument("--out", help="JSON lines output file (default: standard output)")
    parser.add_argument("--meta", help="also write seed, Faker version and counts per family to this JSON file")
    parser.add_argument("--allow-other-faker", action="store_true",
                        help=f"run with a Faker other than {FAKER_VERSION} (the output will differ)")
    args = parser.parse_args()
    if faker.VERSION != FAKER_VERSION and not args.allow_other_faker:
        print(f"generate.py: Faker {faker.VERSION} installed, {FAKER_VERSION} pinned: "
              f"python3 -m pip install faker=={FAKER_VERSION}", file=sys.stderr)
        return 2
    print(f"outside corpus: seed {args.seed}, Faker {faker.VERSION}", file=sys.stderr)
    cases, counts, redrawn = generate(args.seed)
    lines = "".join(json.dumps(case, ensure_ascii=False) + "\n" for case in cases)
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(lines)
    else:
        sys.stdout.write(lines)
    if args.meta:
        meta = {"generator": "Tests/PrivacyRegressionTests/Outside/generate.py", "seed": args.seed,
                "faker": faker.VERSION, "cases": len(cases), "families": counts}
        with open(args.meta, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    print(f"outside corpus: {len(cases)} cases in {len(counts)} families "
          f"({sum(redrawn.values())} drafts drawn again)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
