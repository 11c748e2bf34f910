import Foundation
import TestSupport
import Testing

@testable import patterngate

@Suite("JSON output buffer")
struct JSONOutputBufferTests {
    /// What the command wrote before: `JSONSerialization` with `.withoutEscapingSlashes`.
    static func serialized(_ string: String) throws -> [UInt8] {
        Array(try JSONSerialization.data(withJSONObject: string, options: [.fragmentsAllowed, .withoutEscapingSlashes]))
    }

    static func written(_ string: String) -> [UInt8] {
        var buffer = JSONOutputBuffer()
        buffer.appendString(string)
        return buffer.bytes
    }

    @Test("every character below U+0080, one at a time, as JSONSerialization writes it")
    func everyASCII() throws {
        for value in 0..<0x80 {
            let string = "a" + String(Unicode.Scalar(UInt8(value))) + "b"
            #expect(Self.written(string) == (try Self.serialized(string)), "U+\(String(value, radix: 16))")
        }
        #expect(String(decoding: Self.written("a/b\"c\\d\u{1}\u{1f}\t"), as: UTF8.self) == #""a/b\"c\\d\u0001\u001f\t""#)
    }

    @Test("seeded random strings: the same bytes as JSONSerialization, and JSONDecoder reads them back")
    func roundTrip() throws {
        var random = SeededGenerator.forTest("JSONOutputBufferTests.roundTrip")
        for _ in 0..<5_000 {
            let string = random.string(maxLength: 80)
            let bytes = Self.written(string)
            #expect(bytes == (try Self.serialized(string)), "seed \(random.seed)")
            #expect(try JSONDecoder().decode(String.self, from: Data(bytes)) == string, "seed \(random.seed)")
            // And this module's parser reads what it wrote.
            #expect(try parseLine(Array(#"{"text":"#.utf8) + bytes + [0x7d]).get().text == string, "seed \(random.seed)")
        }
    }

    @Test("integers as JSONSerialization writes them")
    func integers() throws {
        var random = SeededGenerator(seed: 7)
        let values = [0, 9, 10, -1, Int.max, Int.min] + (0..<500).map { _ in Int.random(in: -1_000_000...1_000_000, using: &random) }
        for value in values {
            var buffer = JSONOutputBuffer()
            buffer.appendInteger(value)
            #expect(buffer.bytes == Array(try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])))
        }
    }

    @Test("raw bytes and ids are copied as they are")
    func raw() {
        var buffer = JSONOutputBuffer()
        buffer.appendRaw("{\"id\":")
        Array(#"[1, "a\/b"]"#.utf8).withUnsafeBufferPointer { buffer.appendRaw($0) }
        buffer.appendRaw("}")
        #expect(String(decoding: buffer.bytes, as: UTF8.self) == #"{"id":[1, "a\/b"]}"#)
        buffer.removeAll()
        #expect(buffer.count == 0)
    }
}
