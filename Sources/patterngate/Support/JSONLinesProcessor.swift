import Dispatch
import JSONCoding
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The streaming loop of `anonymize` and `scan`: JSON lines in, one JSON line out per input
/// line, in input order, in memory that does not grow with the input.
///
/// Why this shape: the anonymizer is the expensive part and each line is independent, so
/// a run of lines (a few MiB, from `LineChunkReader`) is cut at line boundaries into pieces
/// that up to `jobs` threads parse and transform at once, each into its own output buffer;
/// the outputs are then written in order, a piece per `write(2)`, and the next run is read.
/// Memory is bounded by one run, its outputs and one maximal line, whatever the input's size.
///
/// Blank lines (whitespace only) are skipped but counted, so line numbers in messages are
/// the input's. An unreadable line gets one message, `line N: <why>`, naming the problem and
/// never the content; the caller turns a non-zero `unreadable` count into exit code 3.
struct JSONLinesProcessor<Transform: TextLineTransform> {
    var transform: Transform
    /// Threads transforming at once (1: all on the calling thread).
    var jobs: Int
    var maxLineLength = 16 << 20
    /// Input handed out per run (the reader's `runBytes`).
    var runBytes = 4 << 20
    /// Bytes asked for per `read(2)`.
    var readBytes = 1 << 20
    /// Aimed-at size of the pieces a run is cut into, when more than one thread works.
    var pieceBytes = 128 << 10
    var input: Int32 = STDIN_FILENO
    var output: Int32 = STDOUT_FILENO
    /// Where unreadable lines are named (line numbers count from 1).
    var report: (Int, LineProblem) -> Void = { Terminal.error("line \($0): \($1.message)") }

    struct Summary: Equatable {
        var lines = 0
        var unreadable = 0
    }

    static var maxPieces: Int { 64 }

    init(transform: Transform, jobs: Int) {
        self.transform = transform
        self.jobs = max(1, jobs)
    }

    /// Processes the whole input; throws `CLIFailure` (exit 3) when the input cannot be read
    /// and (exit 1) when the output cannot be written.
    func run() throws(CLIFailure) -> Summary {
        var reader = LineChunkReader(fileDescriptor: input, maxLineLength: maxLineLength, runBytes: runBytes, readBytes: readBytes)
        let pieces = (0..<Self.maxPieces).map { _ in Piece() }
        var summary = Summary()
        var progress = Progress()
        while true {
            let run: LineChunkReader.Run
            do {
                run = try reader.next()
            } catch {
                progress.clear()
                throw .unreadable("cannot read standard input: \(error.message)")
            }
            switch run {
            case .end:
                progress.clear()
                return summary
            case .tooLong:
                summary.lines += 1
                summary.unreadable += 1
                progress.clear()
                report(summary.lines, .tooLong(limit: maxLineLength))
            case .lines(let range):
                let count = reader.buffer.withUnsafeBufferPointer { buffer in
                    let count = cut(buffer, range, into: pieces)
                    transformPieces(buffer, pieces, count)
                    return count
                }
                for piece in pieces[..<count] {
                    try emit(piece.output)
                    if !piece.problems.isEmpty { progress.clear() }
                    for (line, problem) in piece.problems { report(summary.lines + line, problem) }
                    summary.unreadable += piece.problems.count
                    summary.lines += piece.lines
                }
                progress.update(lines: summary.lines, bytes: range.count)
            }
        }
    }

    /// Cuts `buffer[range]` at line ends into up to `maxPieces` pieces of about `pieceBytes`
    /// (at least `jobs` when the run is big enough to share); returns how many.
    private func cut(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into pieces: [Piece]) -> Int {
        let wanted = jobs == 1 ? 1 : min(Self.maxPieces, max(min(jobs, range.count / 16_384), range.count / pieceBytes, 1))
        var count = 0
        var start = range.lowerBound
        for index in 1...wanted where start < range.upperBound {
            var end = range.upperBound
            if index < wanted {
                let target = max(start, range.lowerBound + range.count / wanted * index)
                if let newline = memchr(buffer.baseAddress! + target, 0x0a, range.upperBound - target) {
                    end = buffer.baseAddress!.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
                }
            }
            pieces[count].range = start..<end
            count += 1
            start = end
        }
        return count
    }

    /// Parses and transforms the first `count` pieces, on up to `jobs` threads.
    private func transformPieces(_ buffer: UnsafeBufferPointer<UInt8>, _ pieces: [Piece], _ count: Int) {
        let threads = min(jobs, count)
        let (transform, maxLineLength) = (transform, maxLineLength)
        if threads <= 1 {
            for piece in pieces[..<count] { Self.process(piece, buffer, transform, maxLineLength) }
            return
        }
        let input = SharedInput(bytes: buffer)
        let next = Atomic(0)
        // Each piece is taken by exactly one thread; `concurrentPerform` returns after all of
        // them, so the calling thread then sees every piece's results.
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < count else { return }
                Self.process(pieces[index], input.bytes, transform, maxLineLength)
            }
        }
    }

    /// The lines of one piece: parsed, transformed into the piece's output, or named as
    /// problems (numbered from 1 within the piece).
    private static func process(_ piece: Piece, _ buffer: UnsafeBufferPointer<UInt8>, _ transform: Transform, _ maxLineLength: Int) {
        piece.output.removeAll()
        piece.problems.removeAll(keepingCapacity: true)
        piece.lines = 0
        var position = piece.range.lowerBound
        let end = piece.range.upperBound
        let base = buffer.baseAddress!
        while position < end {
            var lineEnd = end
            if let newline = memchr(base + position, 0x0a, end - position) {
                lineEnd = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            }
            let line = UnsafeBufferPointer(rebasing: buffer[position..<lineEnd])
            position = lineEnd + 1
            piece.lines += 1
            if line.count > maxLineLength {
                piece.problems.append((piece.lines, .tooLong(limit: maxLineLength)))
                continue
            }
            if isBlank(line) { continue }
            do {
                let parsed = try piece.parser.parse(line)
                transform.write(parsed, to: &piece.output)
            } catch {
                if !isUnicodeBlank(line) { piece.problems.append((piece.lines, error)) }
            }
        }
    }

    /// Only JSON whitespace (the `\r` of a CRLF line end included).
    private static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0d }
    }

    /// Only Unicode whitespace (a no-break space, a form feed): blank to the command before
    /// this reader, which skipped lines whose characters were all whitespace.
    private static func isUnicodeBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let text = String(validating: line, as: UTF8.self) else { return false }
        return text.allSatisfy(\.isWhitespace)
    }

    /// `bytes` to the output descriptor, however many `write(2)` calls it takes.
    private func emit(_ buffer: JSONWriter) throws(CLIFailure) {
        let descriptor = output
        let failure: Int32? = buffer.bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let failure { throw .failure("cannot write standard output: \(String(cString: strerror(failure)))") }
    }
}

/// The run's input, read (never written) by the worker threads while the calling thread
/// waits for them in `concurrentPerform`.
private struct SharedInput: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
}

/// One piece of a run: where it is, and its lines' output and problems. Filled by one
/// worker thread, then read by the calling thread after the workers have joined.
private final class Piece: @unchecked Sendable {
    var range = 0..<0
    var output = JSONWriter()
    var problems: [(line: Int, problem: LineProblem)] = []
    var lines = 0
    var parser = JSONLineParser()
}

/// "N lines, M MB" on stderr about once a second, when stderr is a terminal.
private struct Progress {
    private var shown = false
    private var bytes = 0
    private var last = ContinuousClock.now

    mutating func update(lines: Int, bytes run: Int) {
        bytes += run
        guard Terminal.showsProgress, ContinuousClock.now - last >= .seconds(1) else { return }
        last = .now
        shown = true
        Terminal.progress("\(lines) lines, \(bytes / 1_000_000) MB")
    }

    /// Clears the progress line (before a message, and at the end).
    mutating func clear() {
        guard shown else { return }
        shown = false
        Terminal.progress("")
    }
}
