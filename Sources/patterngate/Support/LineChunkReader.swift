#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file descriptor read with big `read(2)` calls and handed out as runs of whole lines.
///
/// Why: `readLine` costs a `getline` call, a `String` and a UTF-8 repair pass per line. This
/// reader fills one buffer a mebibyte at a time and gives the caller a range of complete
/// lines, several mebibytes at once, to be split and parsed in place; the partial line at the
/// end stays for the next run. Its memory does not grow with the input: the buffer holds one
/// run plus, at most, one line of up to `maxLineLength` bytes. A longer line is read past and
/// dropped without being kept, and reported as `.tooLong`.
///
/// Lines end at `\n`; a `\r` before it is left to the caller (JSON whitespace), and the last
/// line may end without a newline. A UTF-8 byte order mark at the very start is skipped.
struct LineChunkReader {
    enum Run {
        /// `buffer[range]`: complete lines, each ending with `\n`, except that the last run of
        /// the input may be one line without a newline. Valid until the next call to `next()`.
        case lines(Range<Int>)
        /// One line longer than `maxLineLength`, already skipped.
        case tooLong
        case end
    }

    let fileDescriptor: Int32
    let maxLineLength: Int
    /// Bytes wanted per run before it is handed out.
    let runBytes: Int
    /// Bytes asked for per `read(2)`.
    let readBytes: Int

    private(set) var buffer: [UInt8]
    /// Unconsumed input is `buffer[start..<end]`.
    private var start = 0
    private var end = 0
    private var atEOF = false
    private var atStart = true

    init(fileDescriptor: Int32, maxLineLength: Int = 16 << 20, runBytes: Int = 4 << 20, readBytes: Int = 1 << 20) {
        self.fileDescriptor = fileDescriptor
        self.maxLineLength = maxLineLength
        self.runBytes = max(1, runBytes)
        self.readBytes = max(1, readBytes)
        buffer = [UInt8](repeating: 0, count: self.runBytes + self.readBytes)
    }

    /// The next run of lines; throws `ReadFailure` when the descriptor cannot be read.
    mutating func next() throws(ReadFailure) -> Run {
        compact()
        var scanned = start  // no newline in buffer[start..<scanned]
        var wanted = runBytes
        var holdsNewline = lastNewline(in: start..<end) != nil
        while true {
            while !atEOF && end - start < wanted {
                let count = try fill()
                if !holdsNewline { holdsNewline = lastNewline(in: (end - count)..<end) != nil }
                // A producer slower than us (a log tail, a person typing) gets its lines
                // answered as they come, not once a whole run has gathered.
                if holdsNewline, count < readBytes, !atEOF, !moreInputReady() { break }
            }
            if atStart {
                atStart = false
                if end - start >= 3 && buffer[start] == 0xef && buffer[start + 1] == 0xbb && buffer[start + 2] == 0xbf {
                    start += 3
                    scanned = start
                }
            }
            if let newline = lastNewline(in: scanned..<end) {
                let run = start..<(newline + 1)
                start = newline + 1
                return .lines(run)
            }
            scanned = end
            if end - start > maxLineLength {
                try skipRestOfLine()
                return .tooLong
            }
            if atEOF {
                guard start < end else { return .end }
                let run = start..<end
                start = end
                return .lines(run)
            }
            // One line longer than a run so far: read on (the buffer grows up to the line limit).
            wanted = end - start + readBytes
        }
    }

    /// Moves the unconsumed bytes to the front of the buffer.
    private mutating func compact() {
        guard start > 0 else { return }
        let count = end - start
        if count > 0 {
            buffer.withUnsafeMutableBytes { raw in
                _ = memmove(raw.baseAddress!, raw.baseAddress! + start, count)
            }
        }
        start = 0
        end = count
    }

    /// One `read(2)` into the free space after `end`, growing the buffer when it is full.
    /// (It does not compact: `next()` did, and keeps offsets into the buffer.)
    private mutating func fill() throws(ReadFailure) -> Int {
        if buffer.count - end < readBytes {
            buffer.append(contentsOf: repeatElement(0, count: readBytes - (buffer.count - end)))
        }
        let count = try readSome(at: end, count: readBytes)
        if count == 0 { atEOF = true } else { end += count }
        return count
    }

    /// Whether a `read(2)` would return at once.
    private func moreInputReady() -> Bool {
        var descriptor = pollfd(fd: fileDescriptor, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }

    /// Drops the bytes of an over-long line, up to and including its newline, reading on with
    /// the buffer's first `readBytes` bytes; what follows the newline stays for the next run.
    private mutating func skipRestOfLine() throws(ReadFailure) {
        start = 0
        end = 0
        while !atEOF {
            let count = try readSome(at: 0, count: readBytes)
            if count == 0 {
                atEOF = true
                return
            }
            if let newline = firstNewline(in: 0..<count) {
                start = newline + 1
                end = count
                return
            }
        }
    }

    private mutating func readSome(at offset: Int, count: Int) throws(ReadFailure) -> Int {
        let descriptor = fileDescriptor
        while true {
            let result = buffer.withUnsafeMutableBytes { raw in read(descriptor, raw.baseAddress! + offset, count) }
            if result >= 0 { return result }
            if errno == EINTR { continue }
            throw ReadFailure(errorNumber: errno)
        }
    }

    /// Searched from the end: the last line of a run is short, so this reads few bytes.
    private func lastNewline(in range: Range<Int>) -> Int? {
        buffer.withUnsafeBufferPointer { bytes in
            var index = range.upperBound
            while index > range.lowerBound {
                index -= 1
                if bytes[index] == 0x0a { return index }
            }
            return nil
        }
    }

    private func firstNewline(in range: Range<Int>) -> Int? {
        guard !range.isEmpty else { return nil }
        return buffer.withUnsafeBytes { raw in
            guard let found = memchr(raw.baseAddress! + range.lowerBound, 0x0a, range.count) else { return nil }
            return raw.baseAddress!.distance(to: UnsafeRawPointer(found))
        }
    }
}

/// `read(2)` failed with this `errno`.
struct ReadFailure: Error {
    var errorNumber: Int32

    var message: String { String(cString: strerror(errorNumber)) }
}
