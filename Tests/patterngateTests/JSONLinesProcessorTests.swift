import Dispatch
import Foundation
import JSONCoding
import TestSupport
import Testing

@testable import patterngate

/// Writes each line back as `{"id", "text", "terms"}`: what the parser and the loop hand over.
struct EchoTransform: TextLineTransform {
    func write(_ line: TextLine, to output: inout JSONWriter) {
        output.appendRaw("{\"id\":")
        output.appendID(of: line)
        output.appendRaw(",\"text\":")
        output.appendString(line.text)
        output.appendRaw(",\"terms\":[")
        for (index, term) in line.sensitiveTerms.enumerated() {
            if index > 0 { output.appendRaw(",") }
            output.appendString(term)
        }
        output.appendRaw("]}\n")
    }
}

struct ProcessorRun {
    var output: String
    var problems: [String]
    var summary: JSONLinesProcessor<EchoTransform>.Summary
}

final class ProblemLog: @unchecked Sendable {
    var entries: [String] = []
}

/// Runs the loop in-process over `input` (a file) into a file, with small buffers if asked.
func runProcessor(
    _ input: [UInt8], jobs: Int = 1, maxLineLength: Int = 16 << 20, runBytes: Int = 4 << 20, readBytes: Int = 1 << 20, pieceBytes: Int = 128 << 10
) throws -> ProcessorRun {
    let directory = FileManager.default.temporaryDirectory
    let inputPath = directory.appendingPathComponent("pg-lines-in-\(UUID().uuidString)").path
    let outputPath = directory.appendingPathComponent("pg-lines-out-\(UUID().uuidString)").path
    defer {
        try? FileManager.default.removeItem(atPath: inputPath)
        try? FileManager.default.removeItem(atPath: outputPath)
    }
    try Data(input).write(to: URL(fileURLWithPath: inputPath))
    let inputFD = open(inputPath, O_RDONLY)
    let outputFD = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    defer {
        close(inputFD)
        close(outputFD)
    }
    var processor = JSONLinesProcessor(transform: EchoTransform(), jobs: jobs)
    processor.input = inputFD
    processor.output = outputFD
    processor.maxLineLength = maxLineLength
    processor.runBytes = runBytes
    processor.readBytes = readBytes
    processor.pieceBytes = pieceBytes
    let log = ProblemLog()
    processor.report = { log.entries.append("line \($0): \($1.message)") }
    let summary = try processor.run()
    let output = try String(contentsOfFile: outputPath, encoding: .utf8)
    return ProcessorRun(output: output, problems: log.entries, summary: summary)
}

/// What the loop must produce: each `\n`-separated line parsed on its own.
func expectedRun(_ input: [UInt8], maxLineLength: Int = 16 << 20) -> (output: String, problems: [String]) {
    var lines = input.split(separator: 0x0a, omittingEmptySubsequences: false).map(Array.init)
    if lines.last == [] { lines.removeLast() }
    if lines.first?.starts(with: [0xef, 0xbb, 0xbf]) == true { lines[0].removeFirst(3) }
    var output = JSONWriter()
    var problems: [String] = []
    for (index, line) in lines.enumerated() {
        if line.count > maxLineLength {
            problems.append("line \(index + 1): \(LineProblem.tooLong(limit: maxLineLength).message)")
            continue
        }
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0d }) { continue }
        var parser = JSONLineParser()
        line.withUnsafeBufferPointer { buffer in
            do throws(LineProblem) {
                EchoTransform().write(try parser.parse(buffer), to: &output)
            } catch {
                if String(validating: buffer, as: UTF8.self)?.allSatisfy(\.isWhitespace) != true {
                    problems.append("line \(index + 1): \(error.message)")
                }
            }
        }
    }
    return (String(decoding: output.bytes, as: UTF8.self), problems)
}

@Suite("JSON lines loop")
struct JSONLinesProcessorTests {
    @Test("CRLF, blank and whitespace-only lines, a last line without newline; line numbers count every line")
    func lineEnds() throws {
        let input = "{\"id\":1,\"text\":\"a\"}\r\n\n   \n\t\r\n{\"id\":2,\"text\":\"b\"}\n\u{a0}\u{3000}\u{c}\nnope\n{\"id\":3,\"text\":\"c\"}"
        let run = try runProcessor(Array(input.utf8))
        #expect(
            run.output == "{\"id\":1,\"text\":\"a\",\"terms\":[]}\n{\"id\":2,\"text\":\"b\",\"terms\":[]}\n{\"id\":3,\"text\":\"c\",\"terms\":[]}\n")
        #expect(run.problems == ["line 7: not valid JSON (at byte 2)"])
        #expect(run.summary == .init(lines: 8, unreadable: 1))
    }

    @Test("empty input, a lone newline, a byte order mark only at the start")
    func edges() throws {
        #expect(try runProcessor([]).summary == .init(lines: 0, unreadable: 0))
        #expect(try runProcessor([0x0a]).summary == .init(lines: 1, unreadable: 0))
        let bom = "\u{feff}{\"text\":\"a\"}\n\u{feff}{\"text\":\"b\"}\n"
        let run = try runProcessor(Array(bom.utf8))
        #expect(run.output == "{\"id\":null,\"text\":\"a\",\"terms\":[]}\n")
        #expect(run.problems == ["line 2: not valid JSON (at byte 1)"])
    }

    @Test("lines longer than the limit are unreadable, counted once, and the lines after them are read")
    func longLines() throws {
        let exact = #"{"text":"\#(String(repeating: "x", count: 39))"}"#  // 50 bytes
        let input = [
            #"{"id":1,"text":"a"}"#, String(repeating: "y", count: 51), exact, String(repeating: "z", count: 10_000), #"{"id":5,"text":"e"}"#,
            String(repeating: "w", count: 60),
        ]
        .joined(separator: "\n")
        let expected = expectedRun(Array(input.utf8), maxLineLength: 50)
        #expect(
            expected.problems == [
                "line 2: longer than 50 bytes (the line limit)", "line 4: longer than 50 bytes (the line limit)",
                "line 6: longer than 50 bytes (the line limit)",
            ])
        for (runBytes, readBytes) in [(4 << 20, 1 << 20), (16, 8), (1, 1), (64, 7), (200, 50)] {
            for jobs in [1, 3] {
                let run = try runProcessor(Array(input.utf8), jobs: jobs, maxLineLength: 50, runBytes: runBytes, readBytes: readBytes, pieceBytes: 30)
                #expect(run.output == expected.output, "run \(runBytes), read \(readBytes), jobs \(jobs)")
                #expect(run.problems == expected.problems, "run \(runBytes), read \(readBytes), jobs \(jobs)")
                #expect(run.summary == .init(lines: 6, unreadable: 3))
            }
        }
    }

    @Test("seeded random lines through every buffer size and thread count: the same output and messages as one line at a time")
    func boundaries() throws {
        var random = SeededGenerator.forTest("JSONLinesProcessorTests.boundaries")
        var input: [UInt8] = []
        for number in 0..<400 {
            switch Int.random(in: 0..<12, using: &random) {
            case 0: input += Array("\r".utf8)
            case 1: input += Array(#"{"id": \#(number), "text": "broken"#.utf8)
            case 2: input += [0xff, 0x7b]
            case 3: input += Array(#"{"id": [\#(number), {"k": null}], "text": "\#(random.string(maxLength: 5))", "sensitiveTerms": ["Acme"]}"#.utf8)
            default:
                let text = random.string(maxLength: 120)
                input += Array(try JSONSerialization.data(withJSONObject: ["id": "n\(number)", "text": text], options: [.sortedKeys]))
            }
            if Int.random(in: 0..<10, using: &random) == 0 { input += [0x0d] }
            input += [0x0a]
        }
        if Bool.random(using: &random) { input.removeLast() }
        let expected = expectedRun(input)
        #expect(!expected.problems.isEmpty)
        for (runBytes, readBytes, pieceBytes) in [
            (4 << 20, 1 << 20, 128 << 10), (1, 1, 1), (97, 13, 50), (4_096, 1_000, 512), (1_000, 4_096, 16_384),
        ] {
            for jobs in [1, 2, 5] {
                let run = try runProcessor(input, jobs: jobs, runBytes: runBytes, readBytes: readBytes, pieceBytes: pieceBytes)
                #expect(run.output == expected.output, "seed \(random.seed), run \(runBytes), read \(readBytes), jobs \(jobs)")
                #expect(run.problems == expected.problems, "seed \(random.seed), run \(runBytes), read \(readBytes), jobs \(jobs)")
            }
        }
    }

    @Test("a producer slower than the loop gets each line answered before it sends the next")
    func slowProducer() throws {
        let input = Pipe(), output = Pipe()
        let inputFD = input.fileHandleForReading.fileDescriptor
        let outputFD = output.fileHandleForWriting.fileDescriptor
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            var processor = JSONLinesProcessor(transform: EchoTransform(), jobs: 2)
            processor.input = inputFD
            processor.output = outputFD
            _ = try? processor.run()
            done.signal()
        }
        for number in 1...3 {
            input.fileHandleForWriting.write(Data(#"{"id":\#(number),"text":"t"}"#.utf8 + [0x0a]))
            var descriptor = pollfd(fd: output.fileHandleForReading.fileDescriptor, events: Int16(POLLIN), revents: 0)
            #expect(poll(&descriptor, 1, 10_000) == 1, "line \(number) was not answered within 10 s")
            var buffer = [UInt8](repeating: 0, count: 256)
            let count = read(output.fileHandleForReading.fileDescriptor, &buffer, buffer.count)
            #expect(String(decoding: buffer.prefix(max(0, count)), as: UTF8.self) == #"{"id":\#(number),"text":"t","terms":[]}"# + "\n")
        }
        try input.fileHandleForWriting.close()
        #expect(done.wait(timeout: .now() + 10) == .success)
    }
}
