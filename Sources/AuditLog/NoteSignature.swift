/// One `— <key name> <base64(key id || signature)>` line of a signed note.
package struct NoteSignature: Sendable, Hashable {
    package let keyName: String
    /// First four bytes of SHA-256(name || 0x0A || 0x01 || public key), big-endian.
    package let keyID: UInt32
    /// The signature bytes after the key id (64 for Ed25519).
    package let signature: [UInt8]

    package init(keyName: String, keyID: UInt32, signature: [UInt8]) throws(AuditLogError) {
        guard NoteText.isValidKeyName(keyName) else { throw .malformedNote("invalid key name") }
        guard !signature.isEmpty else { throw .malformedNote("empty signature") }
        self.keyName = keyName
        self.keyID = keyID
        self.signature = signature
    }

    /// Parses one line without its trailing newline (worked on bytes, so no Unicode
    /// grapheme rule can make this parser disagree with a byte-oriented one).
    init(line: ArraySlice<UInt8>) throws(AuditLogError) {
        let prefix = Array((NoteText.emDash + " ").utf8)
        guard line.starts(with: prefix) else {
            throw .malformedNote("signature line must start with an em dash and a space")
        }
        let parts = line.dropFirst(prefix.count).split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw .malformedNote("signature line must be: dash, key name, signature") }
        guard let blob = NoteText.decodeBase64(String(decoding: parts[1], as: UTF8.self)), blob.count >= 5 else {
            throw .malformedNote("signature is not canonical base64 of at least 5 bytes")
        }
        let keyID = blob[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        try self.init(keyName: String(decoding: parts[0], as: UTF8.self), keyID: keyID, signature: Array(blob[4...]))
    }

    /// Parses one line as text (its trailing newline optional).
    package init(parsingLine text: String) throws(AuditLogError) {
        var bytes = Array(text.utf8)
        if bytes.last == 0x0A { bytes.removeLast() }
        try self.init(line: bytes[...])
    }

    /// The line as it appears in the note, with its trailing newline.
    package var line: String {
        let idBytes = withUnsafeBytes(of: keyID.bigEndian) { Array($0) }
        return NoteText.emDash + " " + keyName + " " + NoteText.encodeBase64(idBytes + signature) + "\n"
    }
}
