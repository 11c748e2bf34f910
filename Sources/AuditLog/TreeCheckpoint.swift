/// A C2SP tlog-checkpoint body: `<origin>\n<size>\n<base64 root>\n` plus optional extension lines.
///
/// It is what gets signed; a checkpoint commits the log to every entry below `size`.
package struct TreeCheckpoint: Sendable, Hashable {
    /// Names the log uniquely, e.g. `patterngate.example/gateway-a`.
    package let origin: String
    package let size: UInt64
    package let rootHash: MerkleHash
    package let extensionLines: [String]

    package init(origin: String, size: UInt64, rootHash: MerkleHash, extensionLines: [String] = []) throws(AuditLogError) {
        guard Self.isValidLine(origin) else { throw .malformedCheckpoint("origin must be a non-empty line") }
        guard extensionLines.allSatisfy(Self.isValidLine) else {
            throw .malformedCheckpoint("extension lines must be non-empty lines")
        }
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.extensionLines = extensionLines
    }

    /// The exact text that is signed.
    package var body: String {
        ([origin, String(size), rootHash.base64] + extensionLines).map { $0 + "\n" }.joined()
    }

    package init(body: String) throws(AuditLogError) {
        let bytes = Array(body.utf8)
        guard bytes.last == 0x0A else { throw .malformedCheckpoint("checkpoint must end with a newline") }
        let lines = bytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        guard lines.count >= 3 else { throw .malformedCheckpoint("checkpoint needs origin, size and root lines") }
        guard let size = Self.parseSize(lines[1]) else {
            throw .malformedCheckpoint("tree size must be a decimal number without leading zeros")
        }
        guard let root = MerkleHash(base64: lines[2]) else {
            throw .malformedCheckpoint("root hash must be canonical base64 of 32 bytes")
        }
        try self.init(origin: lines[0], size: size, rootHash: root, extensionLines: Array(lines[3...]))
    }

    private static func isValidLine(_ line: String) -> Bool {
        !line.isEmpty && line.utf8.allSatisfy { $0 >= 0x20 }
    }

    private static func parseSize(_ text: String) -> UInt64? {
        let digits = Array(text.utf8)
        guard !digits.isEmpty, digits.count <= 20,
            digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            digits == [UInt8(ascii: "0")] || digits[0] != UInt8(ascii: "0")
        else { return nil }
        return UInt64(text)
    }
}
