#!/usr/bin/env python3
"""Prints an Ed25519 public key in C2SP signed-note verifier-key form.

Usage: vkey.py KEY.pem NAME [--witness]

    NAME+<8 hex digits of the key id>+<base64(type || 32-byte key)>

Type 0x01 (default) is a note signer: a gateway's audit key, NAME its checkpoint origin
(`<gateway id>/<segment>`). Type 0x04 (`--witness`) is a C2SP tlog-cosignature `cosignature/v1`
cosigner: a gateway's witness-public.pem, NAME its gateway id. The key id is the first four
bytes of SHA-256(NAME || 0x0A || type || key). python3's standard library only.
"""

import argparse
import base64
import hashlib
import sys

import verify


def verifier_key(name, key, key_type):
    key_id = hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([key_type]) + key).digest()[:4]
    return "%s+%s+%s" % (name, key_id.hex(), base64.b64encode(bytes([key_type]) + key).decode())


def main(argv=None):
    parser = argparse.ArgumentParser(description="Print a PEM Ed25519 key in C2SP verifier-key form.")
    parser.add_argument("key", metavar="KEY.pem")
    parser.add_argument("name", help="the key name: a checkpoint origin, or a witness's gateway id")
    parser.add_argument("--witness", action="store_true", help="a cosignature/v1 witness key (type 0x04)")
    args = parser.parse_args(argv)
    if not verify.valid_key_name(args.name):
        parser.error("a key name is non-empty, without spaces or '+'")
    try:
        key = verify.read_public_key(args.key)
    except verify.InputError as error:
        print("vkey.py: %s" % error, file=sys.stderr)
        return 3
    print(verifier_key(args.name, key, 0x04 if args.witness else 0x01))
    return 0


if __name__ == "__main__":
    sys.exit(main())
