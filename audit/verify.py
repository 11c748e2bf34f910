#!/usr/bin/env python3
"""Independent verifier for PatternGate audit log exports.

Usage: verify.py FILE --public-key FIRST.pem [--checkpoint SAVED]... [--witness-key NAME+ID+KEY|W.pem]... [--min-witnesses N]

Needs only python3's standard library and `openssl` (3.0 or later, for Ed25519).
It shares no code with the gateway: the format it checks is described in README.md
beside this file. Prints one verdict line on stdout:

    OK entries=N checkpoints=N saved-checkpoints=N size=N root=BASE64 [segments=N retired=N] [witnessed=SEGMENT:SIZE]
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
SEGMENTED_HEADER = b"patterngate-audit-export v2"
CHECKPOINT_PREFIX = b"checkpoint "
SEGMENT_PREFIX = b"segment "
RETIRED_PREFIX = b"retired "
HAND_OVER = "audit.segment.closed"
OPENING = "audit.segment.opened"
RETIREMENT = "audit.segment.retired"
SEGMENT_NAME_RE = re.compile(rb"[a-z0-9._-]{1,64}")
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
    return canonical_entry(line)[0]


def canonical_entry(line):
    """-> (seq, decoded entry) if `line` is exactly its canonical encoding, else raises Malformed."""
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
    return seq, entry


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


def inclusion_root(index, size, leaf, path):
    """RFC 9162 section 2.1.3.2: the root an audit path implies, or None if the path has the wrong shape."""
    if index >= size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


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


def read_witness_key(argument):
    """-> (name or None, 32-byte key). A C2SP verifier key `NAME+<8 hex key id>+<base64(0x04 || key)>`
    (given as is, or in a file, as vkey.py --witness prints it) binds the witness's name: only
    lines under that name can claim the key. A PEM file gives the key alone."""
    def parse(text):
        parts = text.strip().split("+")
        if len(parts) != 3 or not valid_key_name(parts[0]) or not re.fullmatch(r"[0-9a-f]{8}", parts[1]):
            return None
        try:
            raw = base64.b64decode(parts[2], validate=True)
        except (ValueError, binascii.Error):
            return None
        if len(raw) != 33 or raw[0] != 4 or base64.b64encode(raw).decode() != parts[2]:
            return None
        if int(parts[1], 16) != int.from_bytes(hashlib.sha256(parts[0].encode() + b"\n\x04" + raw[1:]).digest()[:4], "big"):
            return None
        return parts[0], raw[1:]
    named = parse(argument)
    if named is not None:
        return named
    try:
        with open(argument, "rb") as handle:
            named = parse(handle.read().decode("ascii", "replace"))
    except OSError:
        named = None
    return named if named is not None else (None, read_public_key(argument))


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
    """Ed25519 verification through `openssl pkeyutl`, one call per distinct key and signature."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.key_paths = {}
        self.cache = {}

    def key_path(self, public_key):
        if public_key not in self.key_paths:
            path = os.path.join(self.workdir, "key-%d.pem" % len(self.key_paths))
            with open(path, "w") as handle:
                handle.write("-----BEGIN PUBLIC KEY-----\n%s\n-----END PUBLIC KEY-----\n"
                             % base64.b64encode(SPKI_PREFIX + public_key).decode())
            self.key_paths[public_key] = path
        return self.key_paths[public_key]

    def ed25519_valid(self, public_key, message, signature):
        if len(signature) != 64:
            return False
        cache_key = (public_key, message, signature)
        if cache_key not in self.cache:
            body_path = os.path.join(self.workdir, "body")
            sig_path = os.path.join(self.workdir, "sig")
            with open(body_path, "wb") as handle:
                handle.write(message)
            with open(sig_path, "wb") as handle:
                handle.write(signature)
            result = subprocess.run(
                ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", self.key_path(public_key),
                 "-rawin", "-in", body_path, "-sigfile", sig_path],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            self.cache[cache_key] = result.returncode == 0
        return self.cache[cache_key]

    def verify_note(self, public_key, text, signatures, only_name=None):
        """-> 'verified' | 'unknown-key' | 'bad-signature' for the lines that claim `public_key`
        (with `only_name`, lines under that key name only: a checkpoint's origin)."""
        verified = False
        for name, kid, signature in signatures:
            if (only_name is not None and name != only_name) or kid != key_id(name, public_key):
                continue  # another key's line, e.g. a peer's cosignature
            if not self.ed25519_valid(public_key, text, signature):
                return "bad-signature"
            verified = True
        return "verified" if verified else "unknown-key"

    def open_checkpoint(self, public_key, note):
        """-> ('verified', (origin, size, root), text, signatures) | ('malformed', reason) | ('unknown-key',)
        | ('bad-signature',)"""
        try:
            text, signatures = parse_note(note)
            checkpoint = parse_checkpoint(text)
        except Malformed as error:
            return ("malformed", str(error))
        result = self.verify_note(public_key, text, signatures, only_name=checkpoint[0])
        return ("verified", checkpoint, text, signatures) if result == "verified" else (result,)


def cosigners(checker, witness_keys, text, signatures):
    """-> the number of witness keys whose cosignature/v1 lines verify, or None if a claiming line does not."""
    count = 0
    for witness_name, witness in witness_keys:
        verified = False
        for name, kid, blob in signatures:
            if witness_name is not None and name != witness_name:
                continue  # a named witness key is claimed under its name only
            if kid != int.from_bytes(hashlib.sha256(name.encode("utf-8") + b"\n\x04" + witness).digest()[:4], "big"):
                continue
            timestamp = int.from_bytes(blob[:8], "big")
            if len(blob) != 72 or timestamp >= (1 << 63) or not checker.ed25519_valid(
                    witness, b"cosignature/v1\ntime %d\n" % timestamp + text, blob[8:]):
                return None
            verified = True
        count += verified
    return count


def fingerprint(public_key):
    return "SHA256:" + hashlib.sha256(SPKI_PREFIX + public_key).hexdigest()


def valid_origin(origin, allow_del=False):
    raw = origin.encode("utf-8", "surrogatepass")
    return raw != b"" and all(byte > 0x20 and (allow_del or byte != 0x7F) for byte in raw)


def hand_over(entry):
    """An `audit.segment.closed` entry -> (next name, next origin, next key), or None if malformed."""
    details = entry["details"]
    values = [details.get(key) for key in ("next", "nextOrigin", "nextKey", "nextKeyFingerprint")]
    if not all(isinstance(value, str) for value in values):
        return None
    name, origin, key_text, key_fingerprint = values
    key = b64_canonical(key_text.encode("utf-8"))
    if key is None or len(key) != 32 or fingerprint(key) != key_fingerprint:
        return None
    if not SEGMENT_NAME_RE.fullmatch(name.encode("utf-8")) or not valid_origin(origin):
        return None
    return name, origin, key


def decode_note_text(encoded):
    """Base64 of a signed note (a details value) -> its signed text, or None."""
    if not isinstance(encoded, str):
        return None
    note = b64_canonical(encoded.encode("utf-8"))
    if note is None:
        return None
    try:
        return parse_note(note)[0]
    except Malformed:
        return None


def retirement(entry):
    """An `audit.segment.retired` entry -> (segment name, final checkpoint text), or None."""
    details = entry["details"]
    name, origin, entries = details.get("segment"), details.get("origin"), details.get("entries")
    proof, line = details.get("inclusionProof"), details.get("handOver")
    if not isinstance(name, str) or not isinstance(origin, str) or type(entries) is not int or entries <= 0:
        return None
    text = decode_note_text(details.get("finalCheckpoint"))
    if text is None or not isinstance(line, str) or b64_canonical(line.encode("utf-8")) is None:
        return None
    if not isinstance(proof, list) or any(
            not isinstance(item, str) or len(b64_canonical(item.encode("utf-8")) or b"") != 32 for item in proof):
        return None
    if not SEGMENT_NAME_RE.fullmatch(name.encode("utf-8")) or not valid_origin(origin, allow_del=True):
        return None
    return name, text


# ---------------------------------------------------------------- the verifier

class Segment:
    """The segment being read (a v1 export is one segment without a name)."""

    def __init__(self, name, key, origin, previous):
        self.name, self.key, self.origin, self.previous = name, key, origin, previous
        self.hand_over = None  # (next name, next origin, next key) when the last entry hands over
        self.opening_seen = False


class Verifier:
    def __init__(self, checker, first_key, saved_notes, progress=None, witness_keys=(), min_witnesses=0):
        self.checker = checker
        self.witness_keys = list(dict.fromkeys(witness_keys))  # a key given twice counts once
        self.min_witnesses = min_witnesses
        self.witnessed = None  # the newest checkpoint min_witnesses witnesses cosigned, "<segment>:<size>"
        self.first_key = first_key
        self.progress = progress
        self.frontier = Frontier()
        self.line_number = 0
        self.checkpoints = 0
        self.checkpointed_size = None
        self.last_checkpoint = None  # (origin, size, root, text) of the segment's last checkpoint
        self.first_uncovered_line = None
        self.segmented = False
        self.segment = Segment(None, first_key, None, None)
        self.in_kept = False
        self.link = None  # (name, final checkpoint text, final root, hand-over)
        self.segments = 0
        self.retired = 0
        self.unrecorded = {}
        self.retired_order = []
        self.total_entries = 0
        self.all_saved = []  # (position, text, signatures, (origin, size, root), by first key)
        self.saved = []
        self.next_saved = 0
        self.matched = set()
        for position, note in enumerate(saved_notes, start=1):
            try:
                text, signatures = parse_note(note)
                checkpoint = parse_checkpoint(text)
            except Malformed as error:
                raise Failure("saved-checkpoint-malformed",
                              "saved checkpoint %d is malformed: %s" % (position, error), saved=position)
            result = checker.verify_note(first_key, text, signatures, only_name=checkpoint[0])
            if result == "bad-signature":
                raise Failure("saved-checkpoint-bad-signature",
                              "saved checkpoint %d has an invalid signature" % position, saved=position)
            self.all_saved.append((position, text, signatures, checkpoint, result == "verified"))

    def activate(self, chosen):
        indexed = sorted(enumerate(chosen), key=lambda item: (item[1][3][1], item[0]))
        self.saved = [(item[3][1], item[0], item[3][2]) for _, item in indexed]
        self.next_saved = 0
        self.matched.update(item[0] for item in chosen)

    def activate_single_tree(self):
        for position, _, _, checkpoint, by_first_key in self.all_saved:
            if not by_first_key:
                raise Failure("saved-checkpoint-unknown-key",
                              "saved checkpoint %d is not signed by the given key" % position, saved=position)
            if self.segment.origin is not None and checkpoint[0] != self.segment.origin:
                raise Failure("saved-checkpoint-origin-mismatch",
                              "saved checkpoint %d is for another log origin" % position, saved=position)
            self.segment.origin = checkpoint[0]
        self.activate(self.all_saved)

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
            if line == SEGMENTED_HEADER:
                self.segmented = True
                return
            if line != HEADER:
                raise Failure("bad-header", "the first line must be exactly: %s (or v2)" % HEADER.decode(), line=1)
            self.activate_single_tree()
            self.check_saved()
        elif line.startswith(b"{"):
            if self.segmented and self.segment.name is None:
                raise Failure("segment-malformed", "an entry stands before the first segment line", line=self.line_number)
            self.entry(line)
        elif line.startswith(CHECKPOINT_PREFIX):
            if self.segmented and self.segment.name is None:
                raise Failure("segment-malformed", "a checkpoint stands before the first segment line",
                              line=self.line_number)
            self.checkpoint(line[len(CHECKPOINT_PREFIX):])
        elif self.segmented and line.startswith(SEGMENT_PREFIX):
            self.segment_line(line[len(SEGMENT_PREFIX):])
        elif self.segmented and line.startswith(RETIRED_PREFIX):
            self.retired_line(line[len(RETIRED_PREFIX):])
        else:
            raise Failure("malformed-line", "line is neither an entry nor a checkpoint", line=self.line_number)

    def entry(self, line):
        expected = self.frontier.size
        try:
            seq, entry = canonical_entry(line)
        except Malformed as error:
            raise Failure("entry-not-canonical", "entry is not canonical JSON: %s" % error,
                          line=self.line_number, seq=expected)
        if seq != expected:
            raise Failure("entry-seq-mismatch", "entry has seq %d where seq %d is due" % (seq, expected),
                          line=self.line_number, seq=expected)
        if self.segmented:
            self.chain_entry(entry, seq)
        self.frontier.append(leaf_hash(line))
        self.total_entries += 1
        if self.first_uncovered_line is None:
            self.first_uncovered_line = self.line_number
        if self.progress and self.total_entries % PROGRESS_INTERVAL == 0:
            self.progress(self.total_entries)
        self.check_saved()

    def chain_entry(self, entry, seq):
        segment, action = self.segment, entry["action"]
        if seq == 0 and segment.previous is not None and action != OPENING:
            raise Failure("segment-chain-broken",
                          "the segment's first entry does not record the previous segment's final checkpoint",
                          line=self.line_number, seq=0)
        segment.hand_over = None
        if action == HAND_OVER:
            segment.hand_over = hand_over(entry)
            if segment.hand_over is None:
                raise Failure("segment-chain-broken", "a hand-over entry is malformed", line=self.line_number, seq=seq)
        elif action == OPENING:
            previous = segment.previous
            if seq != 0 or previous is None:
                raise Failure("segment-chain-broken", "a segment records a previous one the export does not hold "
                              "before it", line=self.line_number, seq=seq)
            details = entry["details"]
            text = decode_note_text(details.get("previousCheckpoint"))
            if details.get("previous") != previous[0] or details.get("segment") != segment.name \
                    or not isinstance(details.get("segment"), str) or text != previous[1]:
                raise Failure("segment-chain-broken", "the segment's first entry does not record segment %s's "
                              "final checkpoint" % previous[0], line=self.line_number, seq=seq)
            segment.opening_seen = True
        elif action == RETIREMENT:
            recorded = retirement(entry)
            if recorded is not None and self.unrecorded.get(recorded[0]) == recorded[1]:
                del self.unrecorded[recorded[0]]

    def checkpoint(self, encoded):
        note = b64_canonical(encoded)
        if note is None:
            raise Failure("checkpoint-malformed", "checkpoint line is not canonical base64", line=self.line_number)
        opened = self.checker.open_checkpoint(self.segment.key, note)
        if opened[0] == "malformed":
            raise Failure("checkpoint-malformed", "checkpoint is malformed: %s" % opened[1], line=self.line_number)
        if opened[0] == "unknown-key":
            raise Failure("checkpoint-unknown-key", "checkpoint is not signed by the given key", line=self.line_number)
        if opened[0] == "bad-signature":
            raise Failure("checkpoint-bad-signature", "checkpoint signature is invalid", line=self.line_number)
        origin, size, root = opened[1]
        if self.segment.origin is not None and origin != self.segment.origin:
            raise Failure("checkpoint-origin-mismatch", "checkpoint is for another log origin", line=self.line_number)
        self.segment.origin = origin
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
        count = cosigners(self.checker, self.witness_keys, opened[2], opened[3])
        if count is None:
            raise Failure("cosignature-bad-signature", "a cosignature line claims a witness key but does not verify",
                          line=self.line_number)
        self.checkpoints += 1
        self.checkpointed_size = size
        self.last_checkpoint = (origin, size, root, opened[2])
        if self.min_witnesses and count >= self.min_witnesses:
            self.witnessed = "%s:%d" % (self.segment.name or "log", size)
        self.first_uncovered_line = None

    # ------------------------------------------------------------ the segment chain (README 4.5)

    def segment_line(self, fields):
        parts = fields.split(b" ")
        if len(parts) != 2 or not SEGMENT_NAME_RE.fullmatch(parts[0]) \
                or not valid_origin(parts[1].decode("utf-8", "replace")):
            raise Failure("segment-malformed", "a segment line is: segment <name> <origin>", line=self.line_number)
        name, origin = parts[0].decode(), parts[1].decode("utf-8", "replace")
        self.close_kept()
        key = self.chain_key(name, origin)
        self.segment = Segment(name, key, origin, self.link)
        self.in_kept = True
        self.segments += 1
        self.frontier = Frontier()
        self.checkpointed_size = None
        self.last_checkpoint = None
        self.first_uncovered_line = None
        self.activate(self.saved_of(origin, key))
        self.check_saved()

    def retired_line(self, fields):
        parts = fields.split(b" ")
        try:
            if len(parts) != 6 or not re.fullmatch(rb"0|[1-9][0-9]*", parts[2]) or int(parts[2]) >= (1 << 64):
                raise Malformed("a retired line is: name origin entries note hand-over proof")
            note, line = b64_canonical(parts[3]), b64_canonical(parts[4])
            if note is None or line is None:
                raise Malformed("a retired line is: name origin entries note hand-over proof")
            proof = []
            if parts[5] != b"-":
                for item in parts[5].split(b","):
                    value = b64_canonical(item)
                    if value is None or len(value) != 32:
                        raise Malformed("a proof hash is not base64 of 32 bytes")
                    proof.append(value)
            text, signatures = parse_note(note)
            name, origin, entries = parts[0].decode("utf-8", "replace"), parts[1].decode("utf-8", "replace"), int(parts[2])
            if not SEGMENT_NAME_RE.fullmatch(parts[0]) or not valid_origin(origin, allow_del=True) or entries < 1:
                raise Malformed("a retired segment needs a valid name, an origin and at least one entry")
        except Malformed as error:
            raise Failure("segment-malformed", "retired line is malformed: %s" % error, line=self.line_number)
        self.close_kept()
        key = self.chain_key(name, origin)
        problem, handed = None, None
        if self.checker.verify_note(key, text, signatures, only_name=origin) != "verified":
            problem = "the final checkpoint is not signed by the segment's key"
        else:
            try:
                final = parse_checkpoint(text)
            except Malformed:
                final = None
            if final is None or final[0] != origin or final[1] != entries:
                problem = "the final checkpoint's origin or size is not the segment's"
            else:
                try:
                    seq, entry = canonical_entry(line)
                    handed = hand_over(entry) if entry["action"] == HAND_OVER and seq == entries - 1 else None
                except Malformed:
                    handed = None
                if handed is None:
                    problem = "the last entry is not a canonical hand-over at the segment's last seq"
                elif inclusion_root(entries - 1, entries, leaf_hash(line), proof) != final[2]:
                    problem = "the hand-over entry's inclusion proof does not lead to the signed root"
        if problem is not None:
            raise Failure("retired-segment-invalid", "retired segment %s: %s" % (name, problem), line=self.line_number)
        mine = self.saved_of(origin, key)
        for position, _, _, checkpoint, _ in mine:
            if checkpoint[1] > entries:
                raise Failure("saved-checkpoint-beyond-log",
                              "saved checkpoint %d is for size %d but retired segment %s had only %d entries"
                              % (position, checkpoint[1], name, entries), line=self.line_number, saved=position)
            if checkpoint[1] == entries and checkpoint[2] != final[2]:
                raise Failure("saved-checkpoint-mismatch",
                              "saved checkpoint %d does not match retired segment %s's final checkpoint"
                              % (position, name), line=self.line_number, saved=position)
        self.activate(mine)
        self.saved = []
        self.segments += 1
        self.retired += 1
        self.unrecorded[name] = text
        self.retired_order.append(name)
        self.link = (name, text, final[2], handed)
        self.in_kept = False
        self.segment = Segment(None, key, None, None)

    def close_kept(self):
        if not self.in_kept:
            return
        self.end_segment_checks()
        segment = self.segment
        if segment.previous is not None and not segment.opening_seen:
            raise Failure("segment-chain-broken", "segment %s does not record its predecessor" % segment.name,
                          line=self.line_number)
        if segment.hand_over is None or self.last_checkpoint is None:
            raise Failure("segment-not-closed", "segment %s is followed by another but does not end with a signed "
                          "hand-over entry" % segment.name, line=self.line_number)
        self.link = (segment.name, self.last_checkpoint[3], self.last_checkpoint[2], segment.hand_over)
        self.in_kept = False

    def chain_key(self, name, origin):
        if self.link is None:
            return self.first_key
        handed = self.link[3]
        if handed is None or handed[0] != name or handed[1] != origin:
            raise Failure("segment-chain-broken", "segment %s hands over to another segment than %s (%s)"
                          % (self.link[0], name, origin), line=self.line_number)
        return handed[2]

    def saved_of(self, origin, key):
        mine = []
        for item in self.all_saved:
            position, text, signatures, checkpoint, _ = item
            if checkpoint[0] != origin:
                continue
            result = self.checker.verify_note(key, text, signatures, only_name=origin)
            if result == "unknown-key":
                raise Failure("saved-checkpoint-unknown-key",
                              "saved checkpoint %d is not signed by its segment's key" % position,
                              line=self.line_number, saved=position)
            if result == "bad-signature":
                raise Failure("saved-checkpoint-bad-signature",
                              "saved checkpoint %d has an invalid signature" % position,
                              line=self.line_number, saved=position)
            mine.append(item)
        return mine

    def end_segment_checks(self):
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

    def finish_chain(self):
        segment = self.segment
        if self.in_kept:
            if segment.previous is not None and not segment.opening_seen:
                raise Failure("segment-chain-broken", "segment %s does not record its predecessor" % segment.name)
            if segment.hand_over is not None:
                raise Failure("segment-chain-broken", "the last segment hands over to segment %s, which the export "
                              "does not hold: it was cut" % segment.hand_over[0])
        else:
            raise Failure("segment-chain-broken", "the export holds no kept segment after its retired ones")
        for name in self.retired_order:
            if name in self.unrecorded:
                raise Failure("retired-not-recorded", "no later segment records the retirement of segment %s" % name)
        for position, _, _, _, _ in self.all_saved:
            if position not in self.matched:
                raise Failure("saved-checkpoint-origin-mismatch", "saved checkpoint %d is for a log origin no segment "
                              "of the export has" % position, saved=position)

    def finish(self):
        if self.line_number == 0:
            raise Failure("bad-header", "the file is empty; expected the header %s" % HEADER.decode(), line=1)
        self.end_segment_checks()
        if self.segmented:
            self.finish_chain()
        if self.min_witnesses and self.witnessed is None:
            raise Failure("cosignatures-missing",
                          "no checkpoint carries %d valid cosignatures of the given witnesses" % self.min_witnesses)
        text = "OK entries=%d checkpoints=%d saved-checkpoints=%d size=%d root=%s" % (
            self.total_entries, self.checkpoints, len(self.all_saved), self.frontier.size,
            base64.b64encode(self.frontier.root()).decode())
        if self.segmented:
            text += " segments=%d retired=%d" % (self.segments, self.retired)
        if self.min_witnesses:
            text += " witnessed=%s" % self.witnessed
        return text


def verify(export_path, checker, first_key, saved_notes, progress=None, witness_keys=(), min_witnesses=0):
    """Returns the verdict line; raises Failure (verification) or InputError (unreadable)."""
    verifier = Verifier(checker, first_key, saved_notes, progress, witness_keys, min_witnesses)
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
    parser.add_argument("--public-key", required=True, metavar="FIRST.pem",
                        help="the first segment's audit-public.pem, obtained out of band (later keys are handed "
                             "over inside the log)")
    parser.add_argument("--checkpoint", action="append", default=[], metavar="SAVED",
                        help="a file holding one signed checkpoint saved earlier (repeatable)")
    parser.add_argument("--witness-key", action="append", default=[], metavar="W.pem",
                        help="a witness's key: its C2SP verifier key NAME+ID+KEY (as is or in a file; binds its name) "
                             "or its PEM public key (repeatable)")
    parser.add_argument("--min-witnesses", type=int, default=0, metavar="N",
                        help="how many given witnesses must have cosigned a checkpoint of the export (the newest such is reported)")
    args = parser.parse_args(argv)
    if not 0 <= args.min_witnesses <= len(args.witness_key):
        parser.error("--min-witnesses must be between 0 and the number of --witness-key")

    show_progress = sys.stderr.isatty()

    def progress(count):
        sys.stderr.write("\rverified %d entries" % count)
        sys.stderr.flush()

    try:
        public_key = read_public_key(args.public_key)
        witness_keys = [read_witness_key(argument) for argument in args.witness_key]
        saved_notes = []
        for path in args.checkpoint:
            try:
                with open(path, "rb") as handle:
                    saved_notes.append(handle.read())
            except OSError as error:
                raise InputError("cannot read saved checkpoint %s: %s" % (path, error.strerror))
        with tempfile.TemporaryDirectory(prefix="audit-verify-") as workdir:
            checker = SignatureChecker(workdir)
            try:
                verdict = verify(args.file, checker, public_key, saved_notes, progress if show_progress else None,
                                 witness_keys, args.min_witnesses)
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
