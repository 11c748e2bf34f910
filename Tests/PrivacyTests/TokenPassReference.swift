@testable import Privacy

// The allow-list's and the entropy check's passes each alone, as they were before `TokenPass`
// read both at once. The scanner no longer calls them: they live here as the reference that
// `ScanClassTests` compares `TokenPass` with (same verdicts, same charges, same order).

extension AllowList {
    func violations(_ bytes: UnsafeBufferPointer<UInt8>) -> [DetectedSpan] {
        var found: [DetectedSpan] = []
        violations(bytes, into: &found)
        return found
    }

    /// Tokens start at a letter, a digit or a byte ≥ 0x80; each byte is read once through
    /// `ScanClass`, whose bits, or-ed over the token, say whether a byte ≥ 0x80 or a separator
    /// is in it (which `accepts` would otherwise read again).
    func violations(_ bytes: UnsafeBufferPointer<UInt8>, into found: inout [DetectedSpan]) {
        let count = bytes.count
        var index = 0
        while index < count {
            let first = ScanClass.of(bytes[index])
            guard first & ScanClass.tokenStart != 0 else { index += 1; continue }
            var end = index + 1
            // The token without its trailing separators (its first byte is none).
            var kept = end
            var classes = first
            while end < count {
                let next = ScanClass.of(bytes[end])
                if next & ScanClass.tokenByte == 0 { break }
                classes |= next
                end += 1
                if next & ScanClass.separator == 0 { kept = end }
            }
            // The byte at `end` (if any) is no token byte, so it starts no token.
            judge(bytes, index..<kept, classes, into: &found)
            index = end + 1
        }
    }
}

extension EntropyCheck {
    /// Two reads of each token, plus the entropy count (the token and a 256-entry table) for
    /// tokens of 24 bytes or more.
    static func violations(_ bytes: UnsafeBufferPointer<UInt8>, into found: inout [DetectedSpan], budget: inout ScanBudget) {
        budget.charge(2 * bytes.count)
        // Tokens end at whitespace and at JSON, XML and `key=value` glue: a log line written
        // without spaces is many tokens, not one random-looking one. Whether a byte ends one
        // depends on it and its neighbours only, so tokens are the runs of the other bytes, each
        // byte read once through `ScanClass` (its bits, or-ed, say whether a password symbol is in
        // the token).
        let count = bytes.count
        var index = 0
        while index < count {
            let first = ScanClass.of(bytes[index])
            guard first & ScanClass.cutOrEquals == 0 || first & ScanClass.cut == 0 && !isAssignmentOutOfLine(bytes, index) else {
                index += 1; continue
            }
            var end = index + 1
            var classes = first
            while end < count {
                let next = ScanClass.of(bytes[end])
                if next & ScanClass.cutOrEquals != 0, next & ScanClass.cut != 0 || isAssignmentOutOfLine(bytes, end) { break }
                classes |= next
                end += 1
            }
            // The byte at `end` (if any) ends the token, so it starts none: the next read is past it.
            judge(bytes, index..<end, classes, into: &found, budget: &budget)
            index = end + 1
        }
    }
}

extension TokenPass {
    /// The pass over `bytes` as the scanner runs it: copied with a space after, its padding.
    static func violations(
        _ bytes: UnsafeBufferPointer<UInt8>, allowList: AllowList, into found: inout [DetectedSpan], entropy: inout [DetectedSpan],
        budget: inout ScanBudget
    ) {
        let padded = Array(bytes) + [0x20]
        padded.withUnsafeBufferPointer { padded in
            violations(
                UnsafeBufferPointer(rebasing: padded[0..<bytes.count]), padded: padded, allowList: allowList, into: &found, entropy: &entropy,
                budget: &budget)
        }
    }
}
