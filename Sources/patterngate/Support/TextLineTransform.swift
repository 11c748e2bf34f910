import JSONCoding

/// What `anonymize` or `scan` makes of one parsed input line: its output object, written
/// straight into the output buffer, newline included.
///
/// A transform runs on several threads at once (one piece of input each), hence `Sendable`;
/// the ones here hold only the policy's immutable anonymizer and scanner.
protocol TextLineTransform: Sendable {
    func write(_ line: TextLine, to output: inout JSONWriter)
}

extension JSONWriter {
    /// A line's id as it was in the input, or `null` when it had none.
    mutating func appendID(of line: TextLine) {
        if line.id.isEmpty { appendRaw("null") } else { appendRaw(line.id) }
    }
}
