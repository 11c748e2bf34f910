import Testing

@testable import Privacy

/// The token passes' byte sets read as flags from one constant table (`TokenShapeMasks.flags`,
/// issue 14: a chain of compares over them was a jump table the CPU mispredicts on varied text)
/// are the sets the chains they replace test, for all 256 bytes.
@Suite("Token passes' byte flags")
struct TokenPassesMispredictTests {
    @Test("TokenShapeMasks.flags is the table its sets compute")
    func flagTable() {
        for b in 0...255 {
            var flags: UInt8 = 0
            for (flag, bytes) in TokenShapeMasks.sets where bytes.contains(UInt8(b)) { flags |= flag }
            #expect(TokenShapeMasks.flags(UInt8(b)) == flags, "byte \(b)")
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
}
