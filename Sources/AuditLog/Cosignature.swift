/// A C2SP tlog-cosignature `cosignature/v1` (Ed25519): a witness's statement that, as of
/// `timestamp`, the checkpoint is the largest consistent tree it has observed for the origin.
///
/// On the wire it is one signature line of the checkpoint's signed note,
/// `— <witness name> base64(key id || u64 timestamp || 64-byte signature)`, with
/// key id = SHA-256(name || 0x0A || 0x04 || 32-byte key)[:4] and the signed message
/// `cosignature/v1\ntime <timestamp>\n` followed by the whole checkpoint body. PatternGate
/// names a witness by its gateway id.
package struct Cosignature: Sendable, Hashable {
    /// The signature type byte of Ed25519 cosignatures in key ids and verifier keys.
    package static let signatureType: UInt8 = 0x04

    package let witness: String
    /// POSIX seconds, at most 2^63 − 1.
    package let timestamp: UInt64
    package let signature: [UInt8]

    /// The message a witness signs for `checkpointBody` at `timestamp`.
    package static func message(checkpointBody: String, timestamp: UInt64) -> [UInt8] {
        Array(("cosignature/v1\ntime " + String(timestamp) + "\n" + checkpointBody).utf8)
    }

    /// C2SP key id of an Ed25519 cosigner key under `name`.
    package static func keyID(name: String, key: AuditPublicKey) -> UInt32 {
        key.keyID(name: name, type: signatureType)
    }

    /// Signs `checkpoint` as witness `name` (a gateway id) at `timestamp`.
    package init(signing checkpoint: TreeCheckpoint, witness name: String, key: AuditSigningKey, timestamp: UInt64) throws(AuditLogError) {
        guard NoteText.isValidKeyName(name) else { throw .invalidKey("invalid witness name") }
        guard timestamp <= UInt64(Int64.max) else { throw .malformedNote("a cosignature's timestamp is at most 2^63 - 1") }
        witness = name
        self.timestamp = timestamp
        signature = key.signature(for: Self.message(checkpointBody: checkpoint.body, timestamp: timestamp))
    }

    /// Reads a note's signature line as a cosignature by `key` under `name`; nil when the line
    /// is not one (another name or key id, or not 8 + 64 bytes after the key id).
    package init?(line: NoteSignature, witness name: String, key: AuditPublicKey) {
        guard line.keyName == name, line.keyID == Self.keyID(name: name, key: key), line.signature.count == 72 else { return nil }
        let timestamp = line.signature[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard timestamp <= UInt64(Int64.max) else { return nil }
        witness = name
        self.timestamp = timestamp
        signature = Array(line.signature[8...])
    }

    /// The signature line to add to the checkpoint's note.
    package func noteSignature(key: AuditPublicKey) throws(AuditLogError) -> NoteSignature {
        let time = withUnsafeBytes(of: timestamp.bigEndian) { Array($0) }
        return try NoteSignature(keyName: witness, keyID: Self.keyID(name: witness, key: key), signature: time + signature)
    }

    /// True when the signature is `key`'s over this checkpoint body at this timestamp.
    package func verify(checkpointBody: String, key: AuditPublicKey) -> Bool {
        key.isValidSignature(signature, for: Self.message(checkpointBody: checkpointBody, timestamp: timestamp))
    }

    /// Checks the witness's cosignature lines on `note` (its name and key id): `.verified` when
    /// at least one verifies, `.badSignature` when any claiming line does not, else `.unknownKey`.
    package static func verify(note: SignedNote, witness name: String, key: AuditPublicKey) -> NoteVerification {
        verify(note: note, key: key) { $0 == name }
    }

    /// The same for a witness given by its key alone (e.g. a PEM): a line claims `key` when its
    /// key id is `key`'s under the line's own name.
    package static func verify(note: SignedNote, key: AuditPublicKey) -> NoteVerification {
        verify(note: note, key: key) { _ in true }
    }

    private static func verify(note: SignedNote, key: AuditPublicKey, name accepts: (String) -> Bool) -> NoteVerification {
        var verified = false
        for line in note.signatures where accepts(line.keyName) && line.keyID == keyID(name: line.keyName, key: key) {
            guard let cosignature = Cosignature(line: line, witness: line.keyName, key: key),
                cosignature.verify(checkpointBody: note.text, key: key)
            else { return .badSignature }
            verified = true
        }
        return verified ? .verified : .unknownKey
    }

    /// The witness key in C2SP verifier-key form: `<name>+<8 hex key id>+base64(0x04 || key)`.
    package static func verifierKey(name: String, key: AuditPublicKey) -> String {
        name + "+" + NoteText.hex8(keyID(name: name, key: key)) + "+" + NoteText.encodeBase64([signatureType] + key.rawRepresentation)
    }

    /// Reads a verifier key of an Ed25519 cosigner; nil for any other text.
    package static func parseVerifierKey(_ text: String) -> (name: String, key: AuditPublicKey)? {
        let parts = text.split(separator: "+", omittingEmptySubsequences: false)
        guard parts.count == 3, NoteText.isValidKeyName(String(parts[0])), parts[1].utf8.count == 8, parts[1] == parts[1].lowercased(),
            let id = UInt32(parts[1], radix: 16), let raw = NoteText.decodeBase64(parts[2]), raw.count == 33, raw[0] == signatureType,
            let key = try? AuditPublicKey(rawRepresentation: raw[1...]), keyID(name: String(parts[0]), key: key) == id
        else { return nil }
        return (String(parts[0]), key)
    }
}

extension SignedNote {
    /// The note with one more signature line (a witness's cosignature).
    package func adding(_ signature: NoteSignature) throws(AuditLogError) -> SignedNote {
        try SignedNote(text: text, signatures: signatures + [signature])
    }
}

extension Cosignature {
    /// Reads one signature line as sent between gateways (`— <name> <base64>`, with or without
    /// its newline) and returns it when it is `key`'s valid cosignature, under `name`, of
    /// `checkpointBody`; nil for anything else.
    package static func verifiedLine(_ text: String, witness name: String, key: AuditPublicKey, checkpointBody: String) -> NoteSignature? {
        guard text.utf8.count <= 512, let line = try? NoteSignature(parsingLine: text),
            let cosignature = Cosignature(line: line, witness: name, key: key),
            cosignature.verify(checkpointBody: checkpointBody, key: key)
        else { return nil }
        return line
    }
}
