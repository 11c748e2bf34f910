import TestSupport
import Testing

@testable import Privacy

/// The anonymizer's output buffer: whatever it is given, in whatever pieces, it hands back the
/// same bytes an array would hold, across every growth of its memory.
@Suite("Byte sink")
struct ByteSinkTests {
    @Test("appends in random pieces equal an array's, through every growth", arguments: [20_261_207, 7, 99])
    func randomPieces(seed: UInt64) {
        print("ByteSinkTests seed \(seed)")
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<200 {
            var expected: [UInt8] = []
            var sink = ByteSink(capacity: Int.random(in: 0...40, using: &generator))
            defer { sink.free() }
            for _ in 0..<Int.random(in: 0...60, using: &generator) {
                let piece = (0..<Int.random(in: 0...70, using: &generator)).map { _ in UInt8.random(in: 0x20...0x7e, using: &generator) }
                switch Int.random(in: 0..<3, using: &generator) {
                case 0:
                    for byte in piece { sink.append(byte) }
                case 1:
                    piece.withUnsafeBufferPointer { sink.append(contentsOf: $0) }
                default:
                    sink.append(contentsOf: piece)
                }
                expected += piece
            }
            #expect(sink.count == expected.count)
            #expect(sink.string == String(decoding: expected, as: UTF8.self))
        }
    }

    @Test("invalid UTF-8 is repaired as String(decoding:) repairs it")
    func invalidUTF8() {
        var sink = ByteSink(capacity: 1)
        defer { sink.free() }
        let bytes: [UInt8] = [0x61, 0xff, 0xc3, 0xa9, 0xe2, 0x82]
        sink.append(contentsOf: bytes)
        #expect(sink.string == String(decoding: bytes, as: UTF8.self))
    }
}
