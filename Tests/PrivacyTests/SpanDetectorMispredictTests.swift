import TestSupport
import Testing

@testable import Privacy

/// The span detectors' branch-free byte tests answer what the `==` chains they replaced did.
@Suite("Span detector mispredicts")
struct SpanDetectorMispredictTests {
    @Test("the byte-set table matches the comparison chains for all 256 bytes")
    func byteSets() {
        for value in 0...255 {
            let b = UInt8(value)
            let alnum = Bytes.isAlnum(b)
            #expect(SpanDetectorMasks.isKeyByte(b) == (alnum || b == 0x5f || b == 0x2d || b == 0x2e), "byte \(value)")
            #expect(SpanDetectorMasks.isDashedNameByte(b) == (alnum || b == 0x5f || b == 0x2d), "byte \(value)")
            #expect(SpanDetectorMasks.isGroupByte(b) == (alnum || b == 0x2e || b == 0x5f), "byte \(value)")
            #expect(SpanDetectorMasks.isConnectionKeyByte(b) == (alnum || b == 0x5f || b == 0x20), "byte \(value)")
            #expect(SpanDetectorMasks.isKeySeparator(b) == (b == 0x2d || b == 0x5f || b == 0x2e), "byte \(value)")
            #expect(SpanDetectorMasks.isKeyGap(b) == (b == 0x20 || b == 0x22 || b == 0x27), "byte \(value)")
        }
    }
}
