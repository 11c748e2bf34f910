import Foundation
import JSONCoding
import TestSupport
import Testing

@Suite("JSON writing")
struct JSONWritingTests {
    static func written(_ string: String) -> [UInt8] {
        var out: [UInt8] = []
        out.appendJSONString(string)
        return out
    }

    /// Foundation's spelling, which ours must match byte for byte.
    static func encoded(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    @Test("every control character has its one escape; quote and backslash escaped; slash and DEL not")
    func controlCharacters() throws {
        let short: [UInt8: String] = [0x08: #"\b"#, 0x09: #"\t"#, 0x0a: #"\n"#, 0x0c: #"\f"#, 0x0d: #"\r"#]
        for value in UInt8(0)..<0x20 {
            let expected = short[value] ?? String(format: "\\u%04x", value)
            #expect(Self.written(String(Unicode.Scalar(value))) == Array("\"\(expected)\"".utf8), "U+\(value)")
        }
        #expect(String(decoding: Self.written("a/b\"c\\d\u{7f}"), as: UTF8.self) == "\"a/b\\\"c\\\\d\u{7f}\"")
    }

    @Test("every character below U+0080, and unicode, as JSONEncoder and JSONSerialization write them")
    func matchesFoundation() throws {
        var strings = (0..<0x80).map { "a" + String(Unicode.Scalar(UInt8($0))) + "b" }
        strings += ["é", "日本語", "🙂 emoji", "\u{2028}\u{2029}", "\u{feff}", "mixed \u{1} é \"q\" \\ 🙂"]
        for string in strings {
            #expect(Self.written(string) == (try Self.encoded(string)), "\(string.unicodeScalars.map(\.value))")
            let serialized = try JSONSerialization.data(withJSONObject: string, options: [.fragmentsAllowed, .withoutEscapingSlashes])
            #expect(Self.written(string) == Array(serialized))
        }
    }

    @Test("seeded random strings round-trip through JSONDecoder and through our reader")
    func roundTrip() throws {
        var random = SeededGenerator.forTest("JSONWritingTests.roundTrip")
        for _ in 0..<3_000 {
            let string = random.string(maxLength: 60)
            let bytes = Self.written(string)
            #expect(bytes == (try Self.encoded(string)), "seed \(random.seed)")
            #expect(try JSONDecoder().decode(String.self, from: Data(bytes)) == string, "seed \(random.seed)")
            #expect(JSONValue.parse(Data(bytes)) == .string(string), "seed \(random.seed)")
        }
    }

    @Test("numbers as JSONEncoder writes them; non-finite numbers are refused")
    func numbers() throws {
        var random = SeededGenerator(seed: 11)
        var values: [Double] = [0, 1, -1, 0.5, 0.1, 1e15, 1e16, 123456789.125, 1e-7, 2.5e300, -0.25, 9_007_199_254_740_994]
        values += (0..<500).map { _ in Double.random(in: -1e6...1e6, using: &random) }
        values += (0..<100).map { _ in Double(Int.random(in: -1_000_000...1_000_000, using: &random)) }
        for value in values {
            var out: [UInt8] = []
            let written = out.appendJSONNumber(value)
            #expect(written)
            #expect(out == (try Self.encoded(value)), "\(value)")
        }
        for value in [Double.nan, .infinity, -.infinity] {
            var out: [UInt8] = []
            let written = out.appendJSONNumber(value)
            #expect(!written)
            #expect(out.isEmpty)
        }
    }

    @Test("integers, booleans and string arrays as Foundation writes them")
    func integersAndArrays() throws {
        for value in [0, 9, 10, -1, Int.max, Int.min] {
            var out: [UInt8] = []
            out.appendJSONInteger(value)
            #expect(out == (try Self.encoded(value)))
        }
        for value in [UInt64(0), 9, 10, UInt64.max] {
            var out: [UInt8] = []
            out.appendJSONInteger(value)
            #expect(out == (try Self.encoded(value)))
        }
        var out: [UInt8] = []
        out.appendJSONStrings(["a", "b\"", ""])
        out.appendJSONBool(true)
        #expect(String(decoding: out, as: UTF8.self) == #"["a","b\"",""]true"#)
    }

    @Test("the writer buffer appends raw bytes, strings and integers, and empties for reuse")
    func writer() {
        var writer = JSONWriter(capacity: 16)
        writer.appendRaw("{\"id\":")
        Array(#"[1, "a\/b"]"#.utf8).withUnsafeBufferPointer { writer.appendRaw($0) }
        writer.appendRaw(",\"n\":")
        writer.appendInteger(UInt64(42))
        writer.appendRaw(",\"s\":")
        writer.appendString("x\ny")
        writer.appendRaw("}")
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"id":[1, "a\/b"],"n":42,"s":"x\ny"}"#)
        writer.removeAll()
        #expect(writer.count == 0)
    }
}
