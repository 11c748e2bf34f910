import Foundation
import JSONCoding
import TestSupport
import Testing

@Suite("JSON reading")
struct JSONReadingTests {
    static func parse(_ text: String) -> Result<JSONValue, JSONSyntaxError> {
        parse(Array(text.utf8))
    }

    static func parse(_ bytes: [UInt8]) -> Result<JSONValue, JSONSyntaxError> {
        bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONSyntaxError) in try JSONValue.parse(buffer) }
        }
    }

    /// The same tree from Foundation's parser, for comparison.
    static func foundation(_ text: String) -> JSONValue? {
        foundation(Data(text.utf8))
    }

    static func foundation(_ data: Data) -> JSONValue? {
        (try? JSONDecoder().decode(Tree.self, from: data))?.value
    }

    /// Any JSON value, decoded by `JSONDecoder`.
    struct Tree: Decodable {
        var value: JSONValue

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                value = .null
            } else if let flag = try? container.decode(Bool.self) {
                value = .bool(flag)
            } else if let number = try? container.decode(Double.self) {
                value = .number(number)
            } else if let string = try? container.decode(String.self) {
                value = .string(string)
            } else if let items = try? container.decode([Tree].self) {
                value = .array(items.map(\.value))
            } else {
                value = .object(try container.decode([String: Tree].self).mapValues(\.value))
            }
        }
    }

    @Test(
        "valid documents read as Foundation reads them",
        arguments: [
            #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#, #" [ 1 , -2.5 , 3e2 , 0 , -0.0 ] "#, #""plain""#, "42", "null",
            #"{"s":"\u00e9\ud83d\ude42\n\t\"\\\/"}"#, #"{"unicode":"日本語 🙂"}"#, "{}", "[]", #"[[],{},[{}]]"#,
        ])
    func valid(_ text: String) throws {
        let ours = try Self.parse(text).get()
        #expect(ours == Self.foundation(text))
        #expect(JSONValue.parse(Data(text.utf8)) == ours)
    }

    @Test(
        "malformed input is refused",
        arguments: [
            "", " ", "{", "[", "[1,", #"{"a":"#, #"{"a" 1}"#, #"{"a":1,}"#, "[1,]", "[1 2]", #"{a:1}"#, "'x'", #""abc"#, "tru", "nul",
            "01", "1.", ".5", "-", "1e", "1e+", "+1", "0x10", "NaN", "Infinity", #""\x""#, #""\u12""#, #""\u12g4""#,
            #""\ud800""#, #""\udc00""#, #""\ud800\u0041""#, "\"a\u{1}b\"", "\"tab\there\"", "[1] [2]", "{} x",
            "1e400", "-1e400",
        ])
    func malformed(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { try Self.parse(text).get() }
        #expect(JSONValue.parse(Data(text.utf8)) == nil)
    }

    @Test("a duplicate key keeps its last value")
    func duplicateKey() {
        #expect(Self.parse(#"{"dup":1,"dup":2}"#) == .success(.object(["dup": .number(2)])))
    }

    @Test("truncations of a valid document are all refused")
    func truncated() {
        let document = Array(#"{"events":[{"origin":"a","seq":1,"hlc":{"wallMillis":5,"logical":0}}],"s":"\u00e9x"}"#.utf8)
        #expect(throws: Never.self) { try Self.parse(document).get() }
        for length in 0..<document.count {
            #expect(throws: JSONSyntaxError.self, "length \(length)") { try Self.parse(Array(document[..<length])).get() }
        }
    }

    @Test("invalid UTF-8 is refused at its first byte: overlong, surrogate, above U+10FFFF, truncated, stray continuation")
    func invalidUTF8() {
        for bad: [UInt8] in [[0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe6, 0x97], [0x80], [0xff]] {
            let bytes = Array(#"["ok","x"#.utf8) + bad + Array(#""]"#.utf8)
            #expect(Self.parse(bytes) == .failure(.invalidUTF8(byte: 9)), "\(bad)")
        }
    }

    @Test("unpaired surrogates are named as such")
    func surrogates() {
        #expect(Self.parse(#""\ud800x""#) == .failure(.unpairedSurrogate(byte: 2)))
        #expect(Self.parse(#""ab\udc00""#) == .failure(.unpairedSurrogate(byte: 4)))
        #expect(Self.parse(#""\ud83d\ude42""#) == .success(.string("🙂")))
    }

    @Test("nesting is bounded: the value reader at 32, the skipping scanner at its limit, without recursion")
    func deepNesting() {
        let ok = String(repeating: "[", count: JSONValue.maxDepth) + String(repeating: "]", count: JSONValue.maxDepth)
        #expect(throws: Never.self) { try Self.parse(ok).get() }
        let deep = String(repeating: "[", count: JSONValue.maxDepth + 1) + String(repeating: "]", count: JSONValue.maxDepth + 1)
        #expect(Self.parse(deep) == .failure(.nestedTooDeep(limit: JSONValue.maxDepth)))
        // A million levels: refused quickly, the stack untouched.
        let hostile = Array(String(repeating: "[{\"a\":", count: 1_000_000).utf8)
        #expect(Self.parse(hostile) == .failure(.nestedTooDeep(limit: JSONValue.maxDepth)))
        let skipped = hostile.withUnsafeBufferPointer { buffer -> JSONSyntaxError? in
            var scanner = JSONScanner(bytes: buffer)
            do throws(JSONSyntaxError) {
                try scanner.skipValue(maxDepth: 512)
                return nil
            } catch {
                return error
            }
        }
        #expect(skipped == .nestedTooDeep(limit: 512))
    }

    @Test("huge numbers: a Double's range is the limit; long digit strings within it read as Foundation reads them")
    func hugeNumbers() {
        #expect(Self.parse("1e308") == .success(.number(1e308)))
        #expect(Self.parse("1e309") == .failure(.invalid(byte: 1)))
        let long = "1" + String(repeating: "0", count: 300)
        #expect(Self.parse(long) == .success(.number(1e300)))
        #expect(throws: JSONSyntaxError.self) { try Self.parse("1" + String(repeating: "0", count: 400)).get() }
        #expect(Self.parse("12345678901234567890") == .success(.number(Double("12345678901234567890")!)))
    }

    @Test("seeded random documents: our reader and Foundation's agree")
    func randomDocuments() throws {
        var random = SeededGenerator.forTest("JSONReadingTests.randomDocuments")
        for _ in 0..<500 {
            var object: [String: Any] = [
                "n": Double(Int.random(in: -1_000_000...1_000_000, using: &random)) / 64,
                "list": (0..<Int.random(in: 0...4, using: &random)).map { _ in random.string(maxLength: 10) },
                "flag": Bool.random(using: &random), "none": NSNull(),
            ]
            object["key " + random.string(maxLength: 8)] = random.string(maxLength: 30)
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            let ours = JSONValue.parse(data)
            #expect(ours != nil && ours == Self.foundation(data), "seed \(random.seed)")
        }
    }

    @Test("array elements are found without decoding; a broken element fails the whole array")
    func arrayElements() {
        func elements(_ text: String) -> [String]? {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { buffer in
                (try? JSONScanner.arrayElements(of: buffer, maxDepth: 8))?.map { String(decoding: bytes[$0], as: UTF8.self) }
            }
        }
        #expect(elements(#" [ {"a":"],"} , [1,2] ,"x", 3 ] "#) == [#"{"a":"],"}"#, "[1,2]", #""x""#, "3"])
        #expect(elements("[]") == [])
        #expect(elements(" [ ] ") == [])
        for bad in ["", "{}", "[", "[1,]", "[1 2]", "[1] x", #"[{"a":tru}]"#, "[,1]", String(repeating: "[", count: 20)] {
            #expect(elements(bad) == nil, "\(bad)")
        }
    }
}
