import Foundation
import TestSupport
import Testing

@testable import Privacy

/// The identifier pass's shortcuts (issue 14): the digit counts each family's check needs, and
/// the per-length window filter built from them, never turn away a window a family accepts.
@Suite("Identifier scan shortcuts")
struct IdentifierScanTests {
    /// Every compact length a family is written in (a family with no grouping: 8 to 11).
    static func lengths(_ family: IdentifierFamily) -> [Int] {
        family.groupings.isEmpty ? Array(8...11) : Array(Set(family.groupings.map { $0.reduce(0, +) })).sorted()
    }

    /// A check never passes with a digit count outside its family's `DigitCount`: random compact
    /// forms of every length and digit count, letters drawn from the letters checks look for.
    @Test func checksFailOutsideTheirDigitCounts() {
        var random = SeededGenerator.forTest("checksFailOutsideTheirDigitCounts")
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEHLMPSTXYZ".utf8), digits = Array("0123456789".utf8)
        for family in IdentifierFamily.table {
            for length in Self.lengths(family) {
                let allowed = family.digits.range(length: length)
                for count in 0...length where !allowed.contains(count) {
                    for _ in 0..<500 {
                        var window = (0..<length).map { _ in letters.randomElement(using: &random)! }
                        for position in Array(0..<length).shuffled(using: &random).prefix(count) {
                            window[position] = digits.randomElement(using: &random)!
                        }
                        #expect(!window.withUnsafeBufferPointer { family.check($0) }, "\(family.kind) \(String(decoding: window, as: UTF8.self))")
                    }
                }
            }
        }
    }

    /// Known valid numbers pass their family's check with a digit count inside its range.
    @Test func validNumbersHaveTheirDigitCounts() {
        let samples: [(DetectorKind, String)] = [
            (.usSsn, "123456789"), (.ukNino, "AB123456C"), (.esNif, "12345678Z"), (.esNie, "X1234567L"),
            (.itFiscalCode, "RSSMRA85T10A562S"), (.inPan, "ABCPE1234F"), (.sgNric, "S1234567D"), (.usPassport, "A12345678"),
            (.inVehicleRegistration, "MH12AB1234"), (.fiHetu, "131052A308T"), (.frInsee, "255081416802538"),
        ]
        for (kind, number) in samples {
            let family = IdentifierFamily.table.first { $0.kind == kind }!
            let bytes = Array(number.utf8)
            let digitCount = bytes.filter { Bytes.isDigit($0) }.count
            #expect(bytes.withUnsafeBufferPointer { family.check($0) }, "\(kind) \(number)")
            #expect(family.digits.range(length: bytes.count).contains(digitCount), "\(kind) \(number)")
        }
    }

    /// The window filter passes every window that some candidate of its length could accept
    /// (its separators and digit count), for every length, digit count and set of separators.
    @Test func windowFilterKeepsEveryCandidate() {
        let index = IdentifierFamily.index
        for length in 0...IdentifierScan.maxWindow {
            let candidates = index.candidates[index.candidateStart[length]..<index.candidateStart[length + 1]]
            for digits in 0...length {
                for raw in UInt8(0)...15 {
                    let used = IdentifierFamily.Separators(rawValue: raw)
                    let someCandidate = candidates.contains {
                        $0.separators.isSuperset(of: used) && ($0.fewestDigits...$0.mostDigits).contains(digits)
                    }
                    let filter = index.windowFilter[length]
                    let passes = filter >> UInt64(digits) & 1 != 0 && UInt8(truncatingIfNeeded: filter >> 32) & raw == raw
                    if someCandidate { #expect(passes, "length \(length) digits \(digits) separators \(raw)") }
                }
            }
            if candidates.isEmpty { #expect(index.windowFilter[length] == 0) }
            // The per-separator lists hold exactly the candidates written with those separators, in order.
            for raw in 0..<IdentifierFamily.separatorSets {
                let used = IdentifierFamily.Separators(rawValue: UInt8(raw)), slot = length * IdentifierFamily.separatorSets + raw
                let listed = Array(index.separatorCandidates[index.separatorStart[slot]..<index.separatorStart[slot + 1]])
                let expected = Array(candidates.indices.filter { index.candidates[$0].separators.isSuperset(of: used) })
                #expect(listed == expected, "length \(length) separators \(raw)")
            }
        }
        #expect(index.shortestLength == IdentifierFamily.lengths.lowerBound)
    }

    /// A window with fewer than `fewestDigits` digits passes the window filter only at the fiscal
    /// code's length, with no separator (`IdentifierScan.fewDigitsCharge` relies on it).
    @Test func fewDigitsPassTheFilterOnlyAsOnePiece() {
        let filters = IdentifierFamily.index.windowFilter
        for length in filters.indices {
            for digits in 0..<IdentifierFamily.fewestDigits where filters[length] >> UInt64(digits) & 1 != 0 {
                #expect(length == IdentifierFamily.lettersForDigitsLength && filters[length] >> 32 & 0xff == 0, "length \(length) digits \(digits)")
            }
        }
    }

    /// The pass's byte table agrees with the byte tests it stands for, for all 256 bytes.
    @Test func byteClassAgreesWithTheByteTests() {
        for value in 0...255 {
            let b = UInt8(value), classes = IdentifierScan.byteClass(b)
            #expect((classes & IdentifierScan.ByteClass.digit != 0) == Bytes.isDigit(b), "\(value)")
            #expect((classes & IdentifierScan.ByteClass.letter != 0) == Bytes.isLetter(b), "\(value)")
            #expect((classes & IdentifierScan.ByteClass.alnum != 0) == Bytes.isAlnum(b), "\(value)")
            #expect((classes & IdentifierScan.ByteClass.joiner != 0) == (b == 0x2d || b == 0x2e || b == 0x2f), "\(value)")
            #expect((classes & IdentifierScan.ByteClass.space != 0) == (b == 0x20 || b == 0x09), "\(value)")
            #expect((classes & IdentifierScan.ByteClass.blocks != 0) == IdentifierScan.startBlocked(b), "\(value)")
        }
    }

    /// The pass as it read before its shortcuts (a run read and evaluated at every start, with
    /// the two letter-word rules that are part of its charges), for the test below.
    static func referenceScan(_ bytes: UnsafeBufferPointer<UInt8>, into spans: inout [DetectedSpan], budget: inout ScanBudget) {
        budget.charge(bytes.count)
        withUnsafeTemporaryAllocation(of: IdentifierScan.Piece.self, capacity: IdentifierScan.maxPieces) { storage in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: IdentifierScan.maxWindow) { scratch in
                scratch.initialize(repeating: 0)
                var pieces = IdentifierScan.PieceList(storage: storage)
                var index = 0
                while index < bytes.count {
                    guard Bytes.isAlnum(bytes[index]), index == 0 || !IdentifierScan.startBlocked(bytes[index - 1]) else {
                        index += 1
                        continue
                    }
                    var wordEnd = index
                    while wordEnd < bytes.count, Bytes.isLetter(bytes[wordEnd]) { wordEnd += 1 }
                    let next: UInt8? = wordEnd < bytes.count ? bytes[wordEnd] : nil
                    let joins = next.map { Bytes.isDigit($0) || $0 == 0x2d || $0 == 0x2e || $0 == 0x2f } ?? false
                    let space = next == 0x20 || next == 0x09
                    if wordEnd > index, !joins, !space || wordEnd - index > 2 {
                        budget.charge(wordEnd - index)
                        index = wordEnd + 1
                        continue
                    }
                    if wordEnd > index, space, Bytes.isLower(bytes[index]) || Bytes.isLower(bytes[wordEnd - 1]) {
                        budget.charge(4 * (wordEnd - index) + 1)
                        index = wordEnd + 1
                        continue
                    }
                    let runEnd = IdentifierScan.readRun(bytes, from: index, into: &pieces)
                    budget.charge(4 * (runEnd - index) + 1)
                    if pieces.view.reduce(0, { $0 + $1.digits }) > 0 {
                        IdentifierScan.evaluate(bytes, pieces.view, scratch: scratch, into: &spans, budget: &budget)
                    }
                    index = max(runEnd, index + 1)
                }
            }
        }
    }

    /// The pass (its table, blocked stretches, digit groups charged in closed form, windows
    /// filtered before a lookup) finds and charges what the reading before its shortcuts does.
    @Test func scanAgreesWithTheReferenceReading() {
        var random = SeededGenerator.forTest("scanAgreesWithTheReferenceReading")
        let alphabet = Array("0123456789012345678901234567890123456789abcdefxyzEXAMPLESTQXZ  \t-./()#:,+%\\_@\n".utf8) + [0xc3, 0xa9]
        let words = ["ssn ", "account ", "KB", "CVE-", "12345678Z", "AB 12 34 56 C", "123-45-6789", "2024-01-15", "RSSMRA85T10A562S "]
        for _ in 0..<20_000 {
            var text: [UInt8] = []
            for _ in 0..<Int.random(in: 1...12, using: &random) {
                if Int.random(in: 0..<4, using: &random) == 0 {
                    text += Array(words.randomElement(using: &random)!.utf8)
                } else {
                    text += (0..<Int.random(in: 1...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
                }
            }
            text.withUnsafeBufferPointer { bytes in
                var spans: [DetectedSpan] = [], expectedSpans: [DetectedSpan] = []
                var budget = ScanBudget.unlimited, expectedBudget = ScanBudget.unlimited
                IdentifierScan.scan(bytes, into: &spans, budget: &budget)
                Self.referenceScan(bytes, into: &expectedSpans, budget: &expectedBudget)
                #expect(spans == expectedSpans, "\(text)")
                #expect(budget.steps == expectedBudget.steps, "\(text)")
            }
        }
    }

    /// Random texts of letter words joined by `-`, `.`, `/` and spaces (runs past `maxPieces` and
    /// `maxRunBytes`, digits now and then), for the letters-only run shortcut.
    static func letterText(_ random: inout SeededGenerator) -> [UInt8] {
        let letters = Array("abcdefghxyzABCDEXYZ".utf8), joiners = Array("-./ \t,_1".utf8)
        var text: [UInt8] = []
        for _ in 0..<Int.random(in: 1...30, using: &random) {
            let length = Int.random(in: 0..<8, using: &random) == 0 ? Int.random(in: 1...110, using: &random) : Int.random(in: 1...6, using: &random)
            text += (0..<length).map { _ in letters.randomElement(using: &random)! }
            text += (0..<Int.random(in: 1...2, using: &random)).map { _ in joiners.randomElement(using: &random)! }
            if Int.random(in: 0..<6, using: &random) == 0 { text += Array("12".utf8).prefix(Int.random(in: 1...2, using: &random)) }
        }
        return text
    }

    /// `letterRunEnd` gives up or ends the run where `readRun` does, on a run with no digit.
    @Test func letterRunEndAgreesWithReadRun() {
        var random = SeededGenerator.forTest("letterRunEndAgreesWithReadRun")
        withUnsafeTemporaryAllocation(of: IdentifierScan.Piece.self, capacity: IdentifierScan.maxPieces) { storage in
            var pieces = IdentifierScan.PieceList(storage: storage)
            for _ in 0..<5_000 {
                let text = Self.letterText(&random)
                text.withUnsafeBufferPointer { bytes in
                    for start in bytes.indices where Bytes.isLetter(bytes[start]) {
                        var firstEnd = start
                        while firstEnd < bytes.count, Bytes.isLetter(bytes[firstEnd]) { firstEnd += 1 }
                        guard firstEnd < bytes.count, [0x2d, 0x2e, 0x2f].contains(bytes[firstEnd]) else { continue }
                        guard let end = IdentifierScan.letterRunEnd(bytes, from: start, firstEnd: firstEnd) else { continue }
                        let expected = IdentifierScan.readRun(bytes, from: start, into: &pieces)
                        #expect(end == expected && pieces.digits == 0, "\(text) at \(start)")
                    }
                }
            }
        }
    }

    /// The pass agrees with the reference reading on texts of joined letter words.
    @Test func scanAgreesWithTheReferenceReadingOnLetterRuns() {
        var random = SeededGenerator.forTest("scanAgreesWithTheReferenceReadingOnLetterRuns")
        for _ in 0..<5_000 {
            let text = Self.letterText(&random)
            text.withUnsafeBufferPointer { bytes in
                var spans: [DetectedSpan] = [], expectedSpans: [DetectedSpan] = []
                var budget = ScanBudget.unlimited, expectedBudget = ScanBudget.unlimited
                IdentifierScan.scan(bytes, into: &spans, budget: &budget)
                Self.referenceScan(bytes, into: &expectedSpans, budget: &expectedBudget)
                #expect(spans == expectedSpans, "\(text)")
                #expect(budget.steps == expectedBudget.steps, "\(text)")
            }
        }
    }
}
