/// Finds a caller's sensitive terms (company names, domains, account ids) however they are
/// spaced, punctuated or cased: "Acme Corp" matches "ACME-CORP", "acme corp." and "AcmeCorp".
public struct SensitiveTermMatcher: Sendable {
    private let terms: [[UInt8]]

    public init(terms: [String]) {
        self.terms = terms.map { Self.normalize(Array($0.utf8)).bytes }.filter { !$0.isEmpty }
    }

    public var isEmpty: Bool { terms.isEmpty }

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

    public func spans(in text: String) -> [DetectedSpan] {
        var copy = text
        return copy.withUTF8 { spans(in: $0) }
    }

    public func spans(in bytes: UnsafeBufferPointer<UInt8>) -> [DetectedSpan] {
        guard !terms.isEmpty else { return [] }
        let (normalized, positions) = Self.normalize(bytes)
        var spans: [DetectedSpan] = []
        for term in terms where term.count <= normalized.count {
            var index = 0
            let first = term[0]
            while index <= normalized.count - term.count {
                if normalized[index] == first, normalized[index..<(index + term.count)].elementsEqual(term) {
                    var end = positions[index + term.count - 1] + 1
                    // Include the rest of a multi-byte character.
                    while end < bytes.count, bytes[end] & 0xc0 == 0x80 { end += 1 }
                    spans.append(DetectedSpan(positions[index]..<end, .sensitiveTerm))
                    index += term.count
                } else {
                    index += 1
                }
            }
        }
        return spans
    }
}

/// Merges overlapping or touching spans; the earliest span's kind names the merged one.
enum SpanMerger {
    static func merge(_ spans: [DetectedSpan]) -> [DetectedSpan] {
        let sorted = spans.sorted { $0.range.lowerBound != $1.range.lowerBound ? $0.range.lowerBound < $1.range.lowerBound : $0.range.count > $1.range.count }
        var merged: [DetectedSpan] = []
        for span in sorted {
            if let last = merged.last, span.range.lowerBound < last.range.upperBound {
                if span.range.upperBound > last.range.upperBound {
                    merged[merged.count - 1].range = last.range.lowerBound..<span.range.upperBound
                }
            } else {
                merged.append(span)
            }
        }
        return merged
    }
}
