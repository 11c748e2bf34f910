#!/usr/bin/env python3
"""Independent verifier for PatternGate audit log exports.

Usage: verify.py FILE --public-key KEY.pem [--checkpoint SAVED]...

Needs only python3's standard library and `openssl` (3.0 or later, for Ed25519).
It shares no code with the gateway: the format it checks is described in README.md
beside this file. Prints one verdict line on stdout:

    OK entries=N checkpoints=N saved-checkpoints=N size=N root=BASE64
    FAIL <code> [line=N] [seq=N] [saved-checkpoint=N]: <message>

Exit codes: 0 ok, 1 verification failed, 2 usage, 3 unreadable input.
"""

import argparse
import base64
import binascii
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

HEADER = b"patterngate-audit-export v1"
CHECKPOINT_PREFIX = b"checkpoint "
SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")  # Ed25519 SubjectPublicKeyInfo, RFC 8410
SIGNATURE_PREFIX = "\u2014 ".encode("utf-8")  # em dash and a space
MAX_SIGNATURES = 100
PROGRESS_INTERVAL = 1 << 16

# Code points with the Unicode White_Space property above U+0020 (not allowed in key names).
WHITE_SPACE = {0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
               0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000}
TIME_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z")
DETAIL_KEY_RE = re.compile(r"[A-Za-z0-9._-]{1,64}")
SIZE_RE = re.compile(rb"0|[1-9][0-9]{0,19}")
SHORT_ESCAPES = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"}


class Failure(Exception):
    """The first problem found; becomes the FAIL line."""

    def __init__(self, code, message, line=None, seq=None, saved=None):
        super().__init__(message)
        self.code, self.message, self.line, self.seq, self.saved = code, message, line, seq, saved

    def summary(self):
        text = "FAIL " + self.code
        if self.line is not None:
            text += " line=%d" % self.line
        if self.seq is not None:
            text += " seq=%d" % self.seq
        if self.saved is not None:
            text += " saved-checkpoint=%d" % self.saved
        return text + ": " + self.message


class Malformed(Exception):
    pass


class InputError(Exception):
    """An input file that cannot be read or understood (exit 3)."""


# ---------------------------------------------------------------- canonical entries

def encode_string(value):
    out = ['"']
    for ch in value:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif code < 0x20:
            out.append(SHORT_ESCAPES.get(code) or "\\u%04x" % code)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def is_int64(value):
    return type(value) is int and -(1 << 63) <= value < (1 << 63)


def is_nonempty_str(value):
    return isinstance(value, str) and value != ""


def canonical_seq(line):
    """Returns the entry's seq if `line` is exactly its canonical encoding, else raises Malformed."""
    try:
        entry = json.loads(line.decode("utf-8"))
    except Exception as error:  # invalid UTF-8, invalid JSON, absurd nesting
        raise Malformed("not JSON: %s" % type(error).__name__)
    if not isinstance(entry, dict):
        raise Malformed("not a JSON object")
    fields = set(entry)
    if fields not in ({"action", "actor", "details", "seq", "time"},
                      {"action", "actor", "details", "seq", "subject", "time"}):
        raise Malformed("wrong set of fields")
    actor, details, seq = entry["actor"], entry["details"], entry["seq"]
    if not is_nonempty_str(entry["action"]):
        raise Malformed("action must be a non-empty string")
    if not isinstance(actor, dict) or set(actor) != {"id", "role"} \
            or not is_nonempty_str(actor["id"]) or not is_nonempty_str(actor["role"]):
        raise Malformed("actor must be {id, role} with non-empty strings")
    if not isinstance(details, dict):
        raise Malformed("details must be an object")
    if type(seq) is not int or not 0 <= seq < (1 << 64):
        raise Malformed("seq must be an unsigned 64-bit integer")
    if "subject" in entry and not is_nonempty_str(entry["subject"]):
        raise Malformed("subject must be a non-empty string")
    if not isinstance(entry["time"], str) or not TIME_RE.fullmatch(entry["time"]):
        raise Malformed("time is not YYYY-MM-DDTHH:MM:SS.mmmZ")
    parts = []
    for key in sorted(details):
        if not DETAIL_KEY_RE.fullmatch(key):
            raise Malformed("details key must match [A-Za-z0-9._-]{1,64}")
        value = details[key]
        if isinstance(value, str):
            encoded = encode_string(value)
        elif is_int64(value):
            encoded = str(value)
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            encoded = "[" + ",".join(encode_string(item) for item in value) + "]"
        else:
            raise Malformed("a details value must be a string, an integer or a list of strings")
        parts.append(encode_string(key) + ":" + encoded)
    text = ('{"action":' + encode_string(entry["action"])
            + ',"actor":{"id":' + encode_string(actor["id"]) + ',"role":' + encode_string(actor["role"])
            + '},"details":{' + ",".join(parts) + '},"seq":' + str(seq))
    if "subject" in entry:
        text += ',"subject":' + encode_string(entry["subject"])
    text += ',"time":' + encode_string(entry["time"]) + "}"
    try:
        canonical = text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from \ud800-style escapes
        raise Malformed("string holds a lone surrogate")
    if canonical != line:
        raise Malformed("not the canonical encoding of this entry")
    return seq


# ---------------------------------------------------------------- Merkle tree (RFC 9162)

def leaf_hash(line):
    return hashlib.sha256(b"\x00" + line).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


class Frontier:
    """Roots of the perfect subtrees covering [0, size), largest first."""

    def __init__(self):
        self.size = 0
        self.hashes = []

    def append(self, leaf):
        merged, shifted = leaf, self.size
        while shifted & 1:
            merged = node_hash(self.hashes.pop(), merged)
            shifted >>= 1
        self.hashes.append(merged)
        self.size += 1

    def root(self):
        if not self.hashes:
            return hashlib.sha256(b"").digest()
        result = self.hashes[-1]
        for value in reversed(self.hashes[:-1]):
            result = node_hash(value, result)
        return result


# ---------------------------------------------------------------- keys, notes, checkpoints

def b64_canonical(data):
    """Standard padded base64, accepted only in its one canonical spelling."""
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if base64.b64encode(raw) == data else None


def read_public_key(path):
    try:
        with open(path, "rb") as handle:
            text = handle.read().decode("ascii")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError("cannot read public key %s: %s" % (path, getattr(error, "strerror", None) or error))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    try:
        begin = lines.index("-----BEGIN PUBLIC KEY-----")
        end = lines.index("-----END PUBLIC KEY-----")
        der = base64.b64decode("".join(lines[begin + 1:end]), validate=True)
    except (ValueError, binascii.Error):
        der = b""
    if len(der) != len(SPKI_PREFIX) + 32 or not der.startswith(SPKI_PREFIX):
        raise InputError("%s is not an Ed25519 public key in PEM form" % path)
    return der[len(SPKI_PREFIX):]


def key_id(name, public_key):
    return int.from_bytes(hashlib.sha256(name.encode("utf-8") + b"\n\x01" + public_key).digest()[:4], "big")


def valid_key_name(name):
    return name != "" and all(
        ch != "+" and ord(ch) > 0x20 and ord(ch) != 0x7F and ord(ch) not in WHITE_SPACE for ch in name)


def parse_note(data):
    """C2SP signed note -> (text bytes, [(name, key id, signature bytes)])."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise Malformed("note is not valid UTF-8")
    if any(byte < 0x20 and byte != 0x0A for byte in data):
        raise Malformed("note holds control characters")
    split = data.rfind(b"\n\n")
    if split < 0:
        raise Malformed("note has no blank line before its signatures")
    text, block = data[:split + 1], data[split + 2:]
    if not block.endswith(b"\n"):
        raise Malformed("signature block must end with a newline")
    lines = block[:-1].split(b"\n")
    if len(lines) > MAX_SIGNATURES:
        raise Malformed("too many signatures")
    signatures = []
    for line in lines:
        if not line.startswith(SIGNATURE_PREFIX):
            raise Malformed("signature line must start with an em dash and a space")
        parts = line[len(SIGNATURE_PREFIX):].split(b" ")
        if len(parts) != 2:
            raise Malformed("signature line must be: dash, key name, signature")
        blob = b64_canonical(parts[1])
        if blob is None or len(blob) < 5:
            raise Malformed("signature is not canonical base64 of at least 5 bytes")
        name = parts[0].decode("utf-8")
        if not valid_key_name(name):
            raise Malformed("invalid key name")
        signatures.append((name, int.from_bytes(blob[:4], "big"), blob[4:]))
    return text, signatures


def parse_checkpoint(body):
    """C2SP tlog-checkpoint body -> (origin, size, root hash bytes)."""
    if not body.endswith(b"\n"):
        raise Malformed("checkpoint must end with a newline")
    lines = body[:-1].split(b"\n")
    if len(lines) < 3:
        raise Malformed("checkpoint needs origin, size and root lines")
    if not SIZE_RE.fullmatch(lines[1]) or int(lines[1]) >= (1 << 64):
        raise Malformed("tree size must be a decimal number without leading zeros")
    root = b64_canonical(lines[2])
    if root is None or len(root) != 32:
        raise Malformed("root hash must be canonical base64 of 32 bytes")
    for line in [lines[0]] + lines[3:]:
        if line == b"" or any(byte < 0x20 for byte in line):
            raise Malformed("origin and extension lines must be non-empty lines")
    return lines[0].decode("utf-8"), int(lines[1]), root


class SignatureChecker:
    """Ed25519 verification through `openssl pkeyutl`, one call per distinct signature."""

    def __init__(self, public_key, workdir):
        self.public_key = public_key
        self.workdir = workdir
        self.key_path = os.path.join(workdir, "key.pem")
        der = SPKI_PREFIX + public_key
        with open(self.key_path, "w") as handle:
            handle.write("-----BEGIN PUBLIC KEY-----\n%s\n-----END PUBLIC KEY-----\n"
                         % base64.b64encode(der).decode())
        self.cache = {}

    def ed25519_valid(self, message, signature):
        if len(signature) != 64:
            return False
        cache_key = (message, signature)
        if cache_key not in self.cache:
            body_path = os.path.join(self.workdir, "body")
            sig_path = os.path.join(self.workdir, "sig")
            with open(body_path, "wb") as handle:
                handle.write(message)
            with open(sig_path, "wb") as handle:
                handle.write(signature)
            result = subprocess.run(
                ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", self.key_path,
                 "-rawin", "-in", body_path, "-sigfile", sig_path],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            self.cache[cache_key] = result.returncode == 0
        return self.cache[cache_key]

    def open_checkpoint(self, note):
        """-> ('verified', (origin, size, root)) | ('malformed', reason) | ('unknown-key',) | ('bad-signature',)"""
        try:
            text, signatures = parse_note(note)
            checkpoint = parse_checkpoint(text)
        except Malformed as error:
            return ("malformed", str(error))
        verified = False
        for name, kid, signature in signatures:
            if kid != key_id(name, self.public_key):
                continue  # another key's line, e.g. a peer's cosignature
            if not self.ed25519_valid(text, signature):
                return ("bad-signature",)
            verified = True
        return ("verified", checkpoint) if verified else ("unknown-key",)


# ---------------------------------------------------------------- the verifier

class Verifier:
    def __init__(self, checker, saved_notes, progress=None):
        self.checker = checker
        self.progress = progress
        self.frontier = Frontier()
        self.line_number = 0
        self.checkpoints = 0
        self.checkpointed_size = None
        self.first_uncovered_line = None
        self.origin = None
        saved = []
        for position, note in enumerate(saved_notes, start=1):
            opened = checker.open_checkpoint(note)
            if opened[0] == "malformed":
                raise Failure("saved-checkpoint-malformed",
                              "saved checkpoint %d is malformed: %s" % (position, opened[1]), saved=position)
            if opened[0] == "unknown-key":
                raise Failure("saved-checkpoint-unknown-key",
                              "saved checkpoint %d is not signed by the given key" % position, saved=position)
            if opened[0] == "bad-signature":
                raise Failure("saved-checkpoint-bad-signature",
                              "saved checkpoint %d has an invalid signature" % position, saved=position)
            origin, size, root = opened[1]
            if self.origin is not None and origin != self.origin:
                raise Failure("saved-checkpoint-origin-mismatch",
                              "saved checkpoint %d is for another log origin" % position, saved=position)
            self.origin = origin
            saved.append((size, position, root))
        self.saved = sorted(saved, key=lambda item: (item[0], item[1]))
        self.next_saved = 0

    def check_saved(self):
        while self.next_saved < len(self.saved) and self.saved[self.next_saved][0] == self.frontier.size:
            size, position, root = self.saved[self.next_saved]
            if root != self.frontier.root():
                raise Failure("saved-checkpoint-mismatch",
                              "saved checkpoint %d (size %d) does not match the log at that size: "
                              "an entry below seq %d was changed, removed or reordered" % (position, size, size),
                              line=self.line_number, seq=size - 1 if size else None, saved=position)
            self.next_saved += 1

    def line(self, line):
        self.line_number += 1
        if self.line_number == 1:
            if line != HEADER:
                raise Failure("bad-header", "the first line must be exactly: %s" % HEADER.decode(), line=1)
            self.check_saved()
        elif line.startswith(b"{"):
            self.entry(line)
        elif line.startswith(CHECKPOINT_PREFIX):
            self.checkpoint(line[len(CHECKPOINT_PREFIX):])
        else:
            raise Failure("malformed-line", "line is neither an entry nor a checkpoint", line=self.line_number)

    def entry(self, line):
        expected = self.frontier.size
        try:
            seq = canonical_seq(line)
        except Malformed as error:
            raise Failure("entry-not-canonical", "entry is not canonical JSON: %s" % error,
                          line=self.line_number, seq=expected)
        if seq != expected:
            raise Failure("entry-seq-mismatch", "entry has seq %d where seq %d is due" % (seq, expected),
                          line=self.line_number, seq=expected)
        self.frontier.append(leaf_hash(line))
        if self.first_uncovered_line is None:
            self.first_uncovered_line = self.line_number
        if self.progress and self.frontier.size % PROGRESS_INTERVAL == 0:
            self.progress(self.frontier.size)
        self.check_saved()

    def checkpoint(self, encoded):
        note = b64_canonical(encoded)
        if note is None:
            raise Failure("checkpoint-malformed", "checkpoint line is not canonical base64", line=self.line_number)
        opened = self.checker.open_checkpoint(note)
        if opened[0] == "malformed":
            raise Failure("checkpoint-malformed", "checkpoint is malformed: %s" % opened[1], line=self.line_number)
        if opened[0] == "unknown-key":
            raise Failure("checkpoint-unknown-key", "checkpoint is not signed by the given key", line=self.line_number)
        if opened[0] == "bad-signature":
            raise Failure("checkpoint-bad-signature", "checkpoint signature is invalid", line=self.line_number)
        origin, size, root = opened[1]
        if self.origin is not None and origin != self.origin:
            raise Failure("checkpoint-origin-mismatch", "checkpoint is for another log origin", line=self.line_number)
        self.origin = origin
        if self.checkpointed_size is not None and size < self.checkpointed_size:
            raise Failure("checkpoint-size-decreased",
                          "checkpoint size %d is below the previous checkpoint's %d" % (size, self.checkpointed_size),
                          line=self.line_number)
        if size != self.frontier.size:
            raise Failure("checkpoint-misplaced",
                          "checkpoint of size %d follows %d entries" % (size, self.frontier.size),
                          line=self.line_number)
        if root != self.frontier.root():
            start = self.checkpointed_size or 0
            raise Failure("checkpoint-root-mismatch",
                          "signed root for size %d differs from the entries: "
                          "an entry with seq in [%d, %d) was altered" % (size, start, size),
                          line=self.line_number)
        self.checkpoints += 1
        self.checkpointed_size = size
        self.first_uncovered_line = None

    def finish(self):
        if self.line_number == 0:
            raise Failure("bad-header", "the file is empty; expected the header %s" % HEADER.decode(), line=1)
        if self.next_saved < len(self.saved):
            size, position, _ = self.saved[self.next_saved]
            raise Failure("saved-checkpoint-beyond-log",
                          "saved checkpoint %d is for size %d but the log has only %d entries: "
                          "the log was truncated" % (position, size, self.frontier.size), saved=position)
        if self.checkpointed_size is None:
            raise Failure("no-checkpoint", "the file holds no checkpoint, so nothing in it is signed")
        if self.checkpointed_size != self.frontier.size:
            raise Failure("tail-not-checkpointed",
                          "entries from seq %d on are not covered by any checkpoint" % self.checkpointed_size,
                          line=self.first_uncovered_line, seq=self.checkpointed_size)
        return "OK entries=%d checkpoints=%d saved-checkpoints=%d size=%d root=%s" % (
            self.frontier.size, self.checkpoints, len(self.saved), self.frontier.size,
            base64.b64encode(self.frontier.root()).decode())


def verify(export_path, checker, saved_notes, progress=None):
    """Returns the verdict line; raises Failure (verification) or InputError (unreadable)."""
    verifier = Verifier(checker, saved_notes, progress)
    try:
        handle = open(export_path, "rb")
    except OSError as error:
        raise InputError("cannot read %s: %s" % (export_path, error.strerror))
    with handle:
        try:
            for line in handle:
                if not line.endswith(b"\n"):
                    raise Failure("truncated-line", "the file does not end with a newline: its last line is cut",
                                  line=verifier.line_number + 1)
                verifier.line(line[:-1])
        except OSError as error:
            raise InputError("cannot read %s: %s" % (export_path, error.strerror))
    return verifier.finish()


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Verify a PatternGate audit log export (see README.md beside this script).")
    parser.add_argument("file", help="the export file")
    parser.add_argument("--public-key", required=True, metavar="KEY.pem",
                        help="the gateway's audit-public.pem, obtained out of band")
    parser.add_argument("--checkpoint", action="append", default=[], metavar="SAVED",
                        help="a file holding one signed checkpoint saved earlier (repeatable)")
    args = parser.parse_args(argv)

    show_progress = sys.stderr.isatty()

    def progress(count):
        sys.stderr.write("\rverified %d entries" % count)
        sys.stderr.flush()

    try:
        public_key = read_public_key(args.public_key)
        saved_notes = []
        for path in args.checkpoint:
            try:
                with open(path, "rb") as handle:
                    saved_notes.append(handle.read())
            except OSError as error:
                raise InputError("cannot read saved checkpoint %s: %s" % (path, error.strerror))
        with tempfile.TemporaryDirectory(prefix="audit-verify-") as workdir:
            checker = SignatureChecker(public_key, workdir)
            try:
                verdict = verify(args.file, checker, saved_notes, progress if show_progress else None)
            except Failure as failure:
                verdict = failure
    except InputError as error:
        print("verify.py: %s" % error, file=sys.stderr)
        return 3
    except FileNotFoundError:
        print("verify.py: openssl was not found on PATH; it is needed for Ed25519", file=sys.stderr)
        return 2
    if show_progress:
        sys.stderr.write("\n")
    if isinstance(verdict, Failure):
        print(verdict.summary())
        return 1
    print(verdict)
    return 0


if __name__ == "__main__":
    sys.exit(main())
