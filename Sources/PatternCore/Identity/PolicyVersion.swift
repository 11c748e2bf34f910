/// Policy versions are dates, `YYYY-MM-DD`, optionally with a revision `.N` (1–3 digits).
/// The version travels in every consent event, so it must be a closed shape that cannot
/// carry free text (a name, an address) from a hostile peer into every replica for good.
package enum PolicyVersion {
    package static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10 || (bytes.count >= 12 && bytes.count <= 14 && bytes[10] == 0x2e) else { return false }
        func digits(_ range: Range<Int>) -> Bool { bytes[range].allSatisfy { (0x30...0x39).contains($0) } }
        guard digits(0..<4), bytes[4] == 0x2d, digits(5..<7), bytes[7] == 0x2d, digits(8..<10) else { return false }
        return bytes.count == 10 || digits(11..<bytes.count)
    }
}
