/// A C2SP signed note: text, a blank line, then signature lines.
///
/// Parsing never checks signatures (that needs a key: see `AuditPublicKey.verify(note:)`),
/// it only enforces the syntax, so a forged note and a malformed one are told apart.
package struct SignedNote: Sendable, Hashable {
    /// The signed text, ending with a newline. Signatures cover exactly its UTF-8 bytes.
    package let text: String
    package let signatures: [NoteSignature]

    package static let maximumSignatures = 100

    package init(text: String, signatures: [NoteSignature]) throws(AuditLogError) {
        guard text.utf8.last == 0x0A, NoteText.hasOnlyAllowedCharacters(text) else {
            throw .malformedNote("note text must end with a newline and hold no control characters")
        }
        guard !signatures.isEmpty, signatures.count <= Self.maximumSignatures else {
            throw .malformedNote("a note needs 1 to \(Self.maximumSignatures) signatures")
        }
        self.text = text
        self.signatures = signatures
    }

    /// Parses the serialized note (UTF-8 bytes).
    package init(bytes: some Collection<UInt8>) throws(AuditLogError) {
        guard let note = String(validating: Array(bytes), as: UTF8.self) else {
            throw .malformedNote("note is not valid UTF-8")
        }
        try self.init(parsing: note)
    }

    package init(parsing note: String) throws(AuditLogError) {
        let bytes = Array(note.utf8)
        guard bytes.allSatisfy({ $0 >= 0x20 || $0 == 0x0A }) else {
            throw .malformedNote("note holds control characters")
        }
        guard let split = bytes.indices.dropLast().last(where: { bytes[$0] == 0x0A && bytes[$0 + 1] == 0x0A }) else {
            throw .malformedNote("note has no blank line before its signatures")
        }
        let text = String(decoding: bytes[...split], as: UTF8.self)
        let block = bytes[(split + 2)...]
        guard block.last == 0x0A else { throw .malformedNote("signature block must end with a newline") }
        var signatures: [NoteSignature] = []
        for line in block.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false) {
            guard signatures.count < Self.maximumSignatures else { throw .malformedNote("too many signatures") }
            signatures.append(try NoteSignature(line: line))
        }
        try self.init(text: text, signatures: signatures)
    }

    package var serialized: String {
        text + "\n" + signatures.map(\.line).joined()
    }
}
