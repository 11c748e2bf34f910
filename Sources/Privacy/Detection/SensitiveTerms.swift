/// Finds a caller's sensitive terms (company names, domains, account ids) however they are
/// spaced, punctuated or cased: "Acme Corp" matches "ACME-CORP", "acme corp." and "AcmeCorp".
package struct SensitiveTermMatcher: Sendable {
    /// The terms and their failure links, or nil when there is none (most callers): an empty
    /// matcher holds no reference, so making, passing and dropping one retains nothing.
    private let table: Table?

    private final class Table: Sendable {
        let terms: [[UInt8]]
        /// Knuth–Morris–Pratt failure links of each term: the length of the longest proper prefix
        /// of `term[0...i]` that is also its suffix.
        let failures: [[Int]]

        init(terms: [[UInt8]]) {
            self.terms = terms
            failures = terms.map(SensitiveTermMatcher.failureLinks)
        }
    }

    /// Most callers have no terms: that case is a test and a nil, inlined into the caller (the
    /// table is built out of line).
    @inline(__always)
    package init(terms: [String]) {
        table = terms.isEmpty ? nil : Self.table(terms)
    }

    @inline(never)
    private static func table(_ terms: [String]) -> Table? {
        let normalized = terms.map { Self.normalize(Array($0.utf8)).bytes }.filter { !$0.isEmpty }
        return normalized.isEmpty ? nil : Table(terms: normalized)
    }

    static func failureLinks(_ term: [UInt8]) -> [Int] {
        var links = [Int](repeating: 0, count: term.count)
        var length = 0
        for index in term.indices.dropFirst() {
            while length > 0, term[index] != term[length] { length = links[length - 1] }
            if term[index] == term[length] { length += 1 }
            links[index] = length
        }
        return links
    }

    package var isEmpty: Bool { table == nil }

    /// Letters and digits only, ASCII lowercased; each kept byte remembers where it came from.
    static func normalize(_ bytes: some Collection<UInt8>) -> (bytes: [UInt8], positions: [Int]) {
        var out: [UInt8] = [], positions: [Int] = []
        out.reserveCapacity(bytes.count)
        for (offset, b) in bytes.enumerated() where Bytes.isAlnum(b) || b >= 0x80 {
            out.append(Bytes.lower(b))
            positions.append(offset)
        }
        return (out, positions)
    }

    package func spans(in text: String) -> [DetectedSpan] {
        var copy = text
        return copy.withUTF8 { spans(in: $0) }
    }

    package func spans(in text: String, budget: inout ScanBudget) -> [DetectedSpan] {
        var copy = text
        return copy.withUTF8 { spans(in: $0, budget: &budget) }
    }

    package func spans(in bytes: UnsafeBufferPointer<UInt8>) -> [DetectedSpan] {
        var budget = ScanBudget.unlimited
        return spans(in: bytes, budget: &budget)
    }

    /// Leftmost, non-overlapping occurrences of each term, found with Knuth–Morris–Pratt: one
    /// pass over the text per term (each byte is read once, failure links at most as often).
    package func spans(in bytes: UnsafeBufferPointer<UInt8>, budget: inout ScanBudget) -> [DetectedSpan] {
        guard let table else { return [] }
        budget.charge(bytes.count)
        let (normalized, positions) = Self.normalize(bytes)
        var spans: [DetectedSpan] = []
        for (term, links) in zip(table.terms, table.failures) where term.count <= normalized.count {
            budget.charge(2 * normalized.count)
            var matched = 0
            for index in normalized.indices {
                let b = normalized[index]
                while matched > 0, term[matched] != b { matched = links[matched - 1] }
                if term[matched] == b { matched += 1 }
                guard matched == term.count else { continue }
                let start = index + 1 - term.count
                var end = positions[index] + 1
                // Include the rest of a multi-byte character.
                while end < bytes.count, bytes[end] & 0xc0 == 0x80 { end += 1 }
                spans.append(DetectedSpan(positions[start]..<end, .sensitiveTerm))
                matched = 0  // no overlaps: the next match starts after this one
            }
        }
        return spans
    }
}

/// Merges overlapping or touching spans; the earliest span's kind names the merged one.
enum SpanMerger {
    static func mergeInPlace(_ spans: inout [DetectedSpan]) {
        // Nothing to merge in fewer than two spans (and no sort call, which would first make an
        // empty array's storage unique).
        guard spans.count > 1 else { return }
        spans.sort { $0.range.lowerBound != $1.range.lowerBound ? $0.range.lowerBound < $1.range.lowerBound : $0.range.count > $1.range.count }
        var count = 0
        for index in spans.indices {
            let span = spans[index]
            if count > 0, span.range.lowerBound < spans[count - 1].range.upperBound {
                if span.range.upperBound > spans[count - 1].range.upperBound {
                    spans[count - 1].range = spans[count - 1].range.lowerBound..<span.range.upperBound
                }
            } else {
                spans[count] = span
                count += 1
            }
        }
        if count < spans.count { spans.removeLast(spans.count - count) }
    }
}
