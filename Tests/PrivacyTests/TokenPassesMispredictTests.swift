import TestSupport
import Testing

@testable import Privacy

/// The token passes' byte sets read as flags from one constant table (`TokenShapeMasks.flags`,
/// issue 14: a chain of compares over them was a jump table the CPU mispredicts on varied text)
/// are the sets the chains they replace test, for all 256 bytes.
@Suite("Token passes' byte flags")
struct TokenPassesMispredictTests {
    @Test("TokenShapeMasks.flags is the table its sets compute")
    func flagTable() {
        Self.expectTable(TokenShapeMasks.flags, isMadeOf: TokenShapeMasks.sets)
    }

    /// For every byte, `table` holds the flags of the sets that have it.
    static func expectTable(_ table: (UInt8) -> UInt8, isMadeOf sets: [(flag: UInt8, bytes: [UInt8])]) {
        for b in 0...255 {
            var flags: UInt8 = 0
            for (flag, bytes) in sets where bytes.contains(UInt8(b)) { flags |= flag }
            #expect(table(UInt8(b)) == flags, "byte \(b)")
        }
    }

    @Test("DetectorSet.trim's flags are the chains of compares")
    func trimSets() {
        for value in 0...255 {
            let b = UInt8(value)
            let flags = TokenShapeMasks.flags(b)
            #expect((flags & TokenShapeMasks.trimFirst != 0) == DetectorSet.isTrimmedFirst(b, brackets: false), "byte \(b)")
            #expect((flags & TokenShapeMasks.trimFirstBracket != 0) == DetectorSet.isTrimmedFirst(b, brackets: true), "byte \(b)")
            #expect((flags & TokenShapeMasks.trimLast != 0) == DetectorSet.isTrimmedLast(b, brackets: false), "byte \(b)")
            #expect((flags & TokenShapeMasks.trimLastBracket != 0) == DetectorSet.isTrimmedLast(b, brackets: true), "byte \(b)")
        }
    }

    @Test("CompanyNameScan's flags are its chains of compares")
    func companySets() {
        for value in 0...255 {
            let b = UInt8(value)
            #expect(CompanyNameScan.isTrailingPunctuation(b) == CompanyNameScan.isTrailingPunctuationByChain(b), "byte \(b)")
            let leading = b == 0x22 || b == 0x27 || b == 0x28 || b == 0x60
            #expect((TokenShapeMasks.flags(b) & TokenShapeMasks.companyFirst != 0) == leading, "byte \(b)")
        }
    }

    @Test("TokenShapeMasks.cutFlags is the table its sets compute")
    func cutFlagTable() {
        Self.expectTable(TokenShapeMasks.cutFlags, isMadeOf: TokenShapeMasks.cutSets)
    }

    /// `AddressScan.core` as it was written with chains of compares.
    static func coreByChains(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, open: Int) -> Range<Int> {
        var start = range.lowerBound, end = range.upperBound
        if open > start { end = open }
        var probe = end
        while probe > start {
            let b = bytes[probe - 1]
            if b == 0x3d || b == 0x3e || ((b == 0x22 || b == 0x27) && probe < end) { start = probe; break }
            probe -= 1
        }
        while start < end, bytes[start] == 0x22 || bytes[start] == 0x27 || bytes[start] == 0x28 || bytes[start] == 0x3d { start += 1 }
        while end > start,
            bytes[end - 1] == 0x22 || bytes[end - 1] == 0x27 || bytes[end - 1] == 0x29 || bytes[end - 1] == 0x2c
                || bytes[end - 1] == 0x3b || bytes[end - 1] == 0x3a
        {
            end -= 1
        }
        return start..<end
    }

    @Test("AddressScan.core by flags is the core the chains cut")
    func coreCuts() {
        let seed = SeededGenerator.seed(for: "TokenPassesMispredictTests")
        var random = SeededGenerator(seed: seed)
        let alphabet = Array("ab1\"'()=<>,;:.".utf8)
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 1...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            text.withUnsafeBufferPointer { bytes in
                let open = bytes.firstIndex(of: 0x3c) ?? -1
                let range = 0..<bytes.count
                #expect(AddressScan.core(bytes, range, open: open) == Self.coreByChains(bytes, range, open: open), "\(text)")
            }
        }
    }
}
