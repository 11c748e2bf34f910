import Foundation
import JSONCoding
import TestSupport
import Testing

@testable import patterngate

/// A parsed line with its id copied out of the input buffer.
struct ParsedLine: Equatable {
    var id: String?
    var text: String
    var terms: [String]
}

func parseLine(_ bytes: [UInt8]) -> Result<ParsedLine, LineProblem> {
    var parser = JSONLineParser()
    return bytes.withUnsafeBufferPointer { buffer in
        do throws(LineProblem) {
            let line = try parser.parse(buffer)
            let id = line.id.isEmpty ? nil : String(decoding: line.id, as: UTF8.self)
            return .success(ParsedLine(id: id, text: line.text, terms: line.sensitiveTerms))
        } catch {
            return .failure(error)
        }
    }
}

func parseLine(_ line: String) -> Result<ParsedLine, LineProblem> { parseLine(Array(line.utf8)) }

func problem(_ line: String) -> LineProblem? { problem(Array(line.utf8)) }

func problem(_ bytes: [UInt8]) -> LineProblem? {
    if case .failure(let problem) = parseLine(bytes) { return problem }
    return nil
}

@Suite("JSON line parser")
struct JSONLineParserTests {
    @Test("a plain line, keys in any order, whitespace around every token")
    func plain() throws {
        #expect(try parseLine(#"{"id": 1, "text": "hello"}"#).get() == ParsedLine(id: "1", text: "hello", terms: []))
        #expect(try parseLine(" \t{ \"text\" :\"a\" ,\r\"id\"\t: \"x\" } \r").get() == ParsedLine(id: #""x""#, text: "a", terms: []))
        #expect(try parseLine(#"{"text":""}"#).get() == ParsedLine(id: nil, text: "", terms: []))
        #expect(try parseLine(#"{"other": {"text": 1}, "text": "t", "more": [1, {"id": 2}]}"#).get().text == "t")
    }

    @Test("every RFC 8259 escape, and surrogate pairs in either case")
    func escapes() throws {
        let line = #"{"text": "q\" b\\ s\/ \b\f\n\r\t \u0041\u00e9\u20AC \ud83d\ude00 \uD834\uDD1E \u0000 end"}"#
        #expect(try parseLine(line).get().text == "q\" b\\ s/ \u{8}\u{c}\n\r\t Aé€ 😀 𝄞 \u{0} end")
        // Escapes in the middle of a long plain run, and raw UTF-8 beside escapes.
        #expect(try parseLine(#"{"text": "Zoë 北京 \n 😀 \u00e9"}"#).get().text == "Zoë 北京 \n 😀 é")
        #expect(try parseLine(#"{"text": "\\"}"#).get().text == "\\")
    }

    @Test("half a surrogate pair is refused, at the escape's position")
    func unpairedSurrogates() {
        #expect(problem(#"{"text": "\ud83d"}"#) == .unpairedSurrogate(byte: 11))
        #expect(problem(#"{"text": "\ude00"}"#) == .unpairedSurrogate(byte: 11))
        #expect(problem(#"{"text": "\ud83dx"}"#) == .unpairedSurrogate(byte: 11))
        #expect(problem(#"{"text": "a\ud83d\u0041"}"#) == .unpairedSurrogate(byte: 12))
        #expect(problem(#"{"text": "\ud83d\ud83d"}"#) == .unpairedSurrogate(byte: 11))
        #expect(problem(#"{"id": "\udfff", "text": ""}"#) == .unpairedSurrogate(byte: 9))
    }

    @Test("bad escapes, raw control characters and unterminated strings are not JSON")
    func badStrings() throws {
        for line in [#"{"text": "\x"}"#, #"{"text": "\u12"}"#, #"{"text": "\u12G4"}"#, #"{"text": "\"#, #"{"text": "abc"#, #"{"text": "\'"}"#] {
            #expect(problem(line)?.isInvalidJSON == true, "\(line)")
        }
        #expect(problem("{\"text\": \"a\tb\"}") == .invalidJSON(byte: 12))
        #expect(problem("{\"text\": \"a\u{0}b\"}") == .invalidJSON(byte: 12))
        #expect(problem("{\"text\": \"a\u{1f}b\"}") == .invalidJSON(byte: 12))
        // DEL is not a control character to JSON.
        #expect(try parseLine("{\"text\": \"a\u{7f}b\"}").get().text == "a\u{7f}b")
    }

    @Test(
        "invalid UTF-8 is refused, at the first byte of the bad sequence",
        arguments: [
            [0xff], [0xc0, 0x80], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xe2, 0x28, 0xa1],
            [0xf0, 0x8f, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0x80], [0xf0, 0x9f, 0x98], [0xf0, 0x9f, 0x98, 0x41],
        ] as [[UInt8]])
    func invalidUTF8(bytes: [UInt8]) {
        let line = Array(#"{"text": "a"#.utf8) + bytes + Array(#""}"#.utf8)
        #expect(problem(line) == .invalidUTF8(byte: 12))
        // Where the parser reads keys and ids too.
        #expect(problem(Array(#"{"id": ""#.utf8) + bytes + Array(#"", "text": ""}"#.utf8)) == .invalidUTF8(byte: 9))
    }

    @Test("the longest and shortest valid UTF-8 forms are read")
    func validUTF8Edges() throws {
        for scalar in ["\u{80}", "\u{7ff}", "\u{800}", "\u{d7ff}", "\u{e000}", "\u{fffd}", "\u{ffff}", "\u{10000}", "\u{10ffff}"] {
            #expect(try parseLine(#"{"text": "\#(scalar)"}"#).get().text == scalar)
        }
    }

    @Test("a line that is JSON but not an object", arguments: [#"[1, 2]"#, #""text""#, "42", "null", "true", #"  [{"text": "a"}]  "#])
    func notAnObject(line: String) {
        #expect(problem(line) == .notAnObject)
    }

    @Test(
        "a line that is not JSON",
        arguments: [
            "{", #"{"text": "a""#, #"{"text": "a",}"#, #"{"text" "a"}"#, #"{text: "a"}"#, #"{"text": 'a'}"#,
            #"{"text": "a"} x"#, #"{"text": "a"}{}"#, #"{"id": 01, "text": "a"}"#, #"{"id": 1., "text": "a"}"#,
            #"{"id": -, "text": "a"}"#, #"{"id": tru, "text": "a"}"#, #"{"id": [1,], "text": "a"}"#, #"{"id": {"a"}, "text": "a"}"#,
            #"{"id": +1, "text": "a"}"#, #"{"id": .5, "text": "a"}"#, #"{"id": 1e, "text": "a"}"#, #"{"id": NaN, "text": "a"}"#,
            #"{"id": Infinity, "text": "a"}"#, #"{"id": nul, "text": "a"}"#, #"{"id": [1 2], "text": "a"}"#, #"{,"text": "a"}"#,
            #"{"text": "a"}}"#, "", "   ", "x", "{\"text\": \"a\"}\u{0}", #"{"id": 1e+, "text": "a"}"#, #"{"id": -01, "text": "a"}"#,
        ])
    func notJSON(line: String) {
        #expect(problem(line)?.isInvalidJSON == true, "\(line)")
    }

    @Test("positions in messages are 1-based bytes of the line")
    func positions() {
        #expect(problem(#"{"text": "a" x}"#) == .invalidJSON(byte: 14))
        #expect(problem(#"{"text": "a""#) == .invalidJSON(byte: 13))
        #expect(problem("{\"text\": \"é\" x}") == .invalidJSON(byte: 15))
    }

    @Test("a broken line is reported as broken, not as a wrong type")
    func syntaxBeforeMeaning() {
        #expect(problem(#"{"text": 5, "#) == .invalidJSON(byte: 13))
        #expect(problem(#"{"text": "a", "text": "b""#)?.isInvalidJSON == true)
        #expect(problem(#"{"sensitiveTerms": 5, "text": "a"} ]"#)?.isInvalidJSON == true)
    }

    @Test("text missing or not a string")
    func textMissingOrWrong() {
        #expect(problem(#"{"id": 1}"#) == .missingText)
        #expect(problem("{}") == .missingText)
        #expect(problem(" { } ") == .missingText)
        #expect(problem(#"{"Text": "a"}"#) == .missingText)
        #expect(problem(#"{"te\"xt": "a"}"#) == .missingText)
        #expect(problem(#"{"text": null}"#) == .textNotString)
        #expect(problem(#"{"text": 5}"#) == .textNotString)
        #expect(problem(#"{"text": ["a"]}"#) == .textNotString)
        #expect(problem(#"{"text": {"text": "a"}}"#) == .textNotString)
    }

    @Test("keys are compared after their escapes are decoded")
    func escapedKeys() throws {
        #expect(try parseLine(#"{"t\u0065xt": "a", "\u0069d": 7}"#).get() == ParsedLine(id: "7", text: "a", terms: []))
        #expect(try parseLine(#"{"text": "a", "sensitive\u0054erms": ["x"]}"#).get().terms == ["x"])
    }

    @Test("sensitive terms: an array of strings, or null, or absent; anything else is refused")
    func sensitiveTerms() throws {
        #expect(try parseLine(#"{"text": "a", "sensitiveTerms": ["Acme Corp", "Bob \u00e9"]}"#).get().terms == ["Acme Corp", "Bob é"])
        #expect(try parseLine(#"{"text": "a", "sensitiveTerms": []}"#).get().terms == [])
        #expect(try parseLine(#"{"text": "a", "sensitiveTerms": [ ]}"#).get().terms == [])
        #expect(try parseLine(#"{"text": "a", "sensitiveTerms": null}"#).get().terms == [])
        for value in [#""Acme""#, "[1]", #"["a", null]"#, "{}", "true", #"[["a"]]"#] {
            #expect(problem(#"{"text": "a", "sensitiveTerms": \#(value)}"#) == .sensitiveTermsNotStrings, "\(value)")
        }
    }

    @Test("id, text or sensitiveTerms twice is refused; other keys may repeat")
    func duplicates() throws {
        #expect(problem(#"{"text": "a", "text": "b"}"#) == .duplicateKey("text"))
        #expect(problem(#"{"text": "a", "t\u0065xt": "b"}"#) == .duplicateKey("text"))
        #expect(problem(#"{"id": 1, "text": "a", "id": 2}"#) == .duplicateKey("id"))
        #expect(problem(#"{"sensitiveTerms": null, "text": "a", "sensitiveTerms": ["x"]}"#) == .duplicateKey("sensitiveTerms"))
        #expect(try parseLine(#"{"x": 1, "text": "a", "x": 2}"#).get().text == "a")
    }

    @Test(
        "an id of any JSON type is kept as its exact input bytes",
        arguments: [
            #""a""#, #""a\/b \u00e9""#, "-12", "0", "123456789012345678901234567890", "1.50e+3", "-0.0E-2", "true", "false", "null",
            "[]", "{}", #"[1, "x", {"a": [null]}]"#, #"{"b": 1, "a": {}}"#, #"{ "b" : [ 1 , 2 ] }"#,
        ])
    func ids(id: String) throws {
        #expect(try parseLine(#"{"id": \#(id), "text": "t"}"#).get().id == id)
        #expect(try parseLine(#"{"text": "t", "id":\#(id)}"#).get().id == id)
    }

    @Test("nesting inside a value is followed to the limit, and refused past it")
    func nesting() throws {
        let depth = JSONLineParser.maxDepth
        let deep = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(try parseLine(#"{"id": \#(deep), "text": "t"}"#).get().id == deep)
        let deeper = String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1)
        #expect(problem(#"{"id": \#(deeper), "text": "t"}"#) == .nestedTooDeep(limit: depth))
        let objects = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
        #expect(try parseLine(#"{"x": \#(objects), "text": "t"}"#).get().text == "t")
        // A hundred thousand levels: refused without exhausting the stack.
        #expect(problem(#"{"id": "# + String(repeating: "[", count: 100_000)) == .nestedTooDeep(limit: depth))
    }

    @Test("round trip: seeded random strings, escaped by JSONSerialization and by a \\u-everything encoder")
    func roundTrip() throws {
        var random = SeededGenerator.forTest("JSONLineParserTests.roundTrip")
        for _ in 0..<2_000 {
            let text = random.string(maxLength: 60)
            let serialized = try JSONSerialization.data(withJSONObject: ["text": text, "id": 1], options: [.sortedKeys])
            #expect(try parseLine(Array(serialized)).get().text == text, "seed \(random.seed)")
            let escaped = "{\"text\": \"" + text.unicodeScalars.map(SeededGenerator.uEscape).joined() + "\"}"
            #expect(try parseLine(escaped).get().text == text, "seed \(random.seed)")
        }
    }
}

extension LineProblem {
    var isInvalidJSON: Bool {
        if case .invalidJSON = self { return true }
        return false
    }
}
