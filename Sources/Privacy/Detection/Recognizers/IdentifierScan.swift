/// National identifiers, bank numbers and other identifier-shaped codes, in one pass.
///
/// The pass reads the text once and cuts it into candidate runs: alphanumeric pieces joined by
/// one `-`, `.` or `/`, or by a run of up to eight spaces where a digit group meets another
/// digit group or a one- or two-letter group (`AB 12 34 56 C`, `4111  1111   1111 1111`). Each
/// run is read again a bounded number of times: every window of consecutive pieces up to 24
/// alphanumerics is checked against the families of its length (`IdentifierFamily.table`),
/// then against the generic rules:
/// - **long_number**: two or more digit groups joined by dashes or runs of spaces, 7 or more
///   digits in all, that are no date or range of years: an id a family does not know, or one
///   split to get past a scanner, is still an id;
/// - **identifier_code**: one piece of letters with six or more digits (`A12345678`,
///   `XYZ1234567`), not a hex string, a `0x` literal or a technical prefix (`KB5034441`,
///   `AADSTS700016`, `CVE-2024-…`); and six or more digits right after a context word
///   (`account`, `passport`, `ssn`, `phone`, …: Presidio's context words).
enum IdentifierScan {
    static let maxPieces = 12
    static let maxWindow = 24
    static let maxRunBytes = 96

    /// A piece of a run: its range, its letter and digit counts, and the separator before it.
    struct Piece {
        var range: Range<Int>
        var digits: Int
        var letters: Int
        var separatorBefore: IdentifierFamily.Separators
    }

    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, into spans: inout [DetectedSpan], budget: inout ScanBudget) {
        budget.charge(bytes.count)
        // The run's pieces and the window's compact bytes live on the stack (no allocation per pass).
        withUnsafeTemporaryAllocation(of: Piece.self, capacity: maxPieces) { pieceStorage in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxWindow) { compact in
                compact.initialize(repeating: 0)
                var pieces = PieceList(storage: pieceStorage)
                scan(bytes, pieces: &pieces, compact: compact, into: &spans, budget: &budget)
            }
        }
    }

    /// The pieces of the run being read, in caller-provided storage of `maxPieces`.
    struct PieceList {
        let storage: UnsafeMutableBufferPointer<Piece>
        var count = 0
        /// The digits and the alphanumerics of the pieces read so far.
        var digits = 0
        var alphanumerics = 0

        /// The pieces read so far.
        @inline(__always) var view: UnsafeBufferPointer<Piece> { UnsafeBufferPointer(start: storage.baseAddress, count: count) }
    }

    private static func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, pieces: inout PieceList, compact: UnsafeMutableBufferPointer<UInt8>,
        into spans: inout [DetectedSpan], budget: inout ScanBudget
    ) {
        let families = IdentifierFamily.index
        let count = bytes.count
        // At the top of the loop `bytes[index - 1]` never blocks a run start (`startBlocked`):
        // each way in skips a blocked stretch first (`blockedStretchEnd`).
        var index = 0
        while index < count {
            let b = bytes[index]
            let classes = byteClass(b)
            guard classes & ByteClass.alnum != 0 else {
                index &+= 1
                if classes & ByteClass.blocks != 0 { index = blockedStretchEnd(bytes, from: index) &+ 1 }
                continue
            }
            // Fast path: a word of letters that no `-`, `.` or `/` joins to more is no candidate.
            let wordEnd = classes & ByteClass.digit != 0 ? index : lettersEnd(bytes, from: index)
            if wordEnd > index {
                let after = wordEnd < count ? byteClass(bytes[wordEnd]) : 0
                if after & (ByteClass.digit | ByteClass.joiner) == 0, after & ByteClass.space == 0 || wordEnd &- index > 2 {
                    budget.charge(wordEnd &- index)
                    // The byte after the word is no letter or digit: no run starts there.
                    index = wordEnd &+ 1
                    if after & ByteClass.blocks != 0 { index = blockedStretchEnd(bytes, from: index) &+ 1 }
                    continue
                }
                // A word of one or two letters, one of them small, before a space (`to`, `on`, `Ok`):
                // spaces join it to nothing (`spaceJoins`), so its run is the word alone and has no digit.
                if after & ByteClass.space != 0, Bytes.isLower(b) || Bytes.isLower(bytes[wordEnd &- 1]) {
                    budget.charge(4 &* (wordEnd &- index) &+ 1)
                    index = wordEnd &+ 1  // the space after it starts no run
                    continue
                }
                // Letters joined to more letters (`com.acme.billing`, `www.example.com`): a run with no
                // digit charges `4 * length + 1` and evaluates nothing, so its pieces need not be stored.
                if after & ByteClass.joiner != 0, let runEnd = letterRunEnd(bytes, from: index, firstEnd: wordEnd) {
                    budget.charge(4 &* (runEnd &- index) &+ 1)
                    index = blockedStretchEnd(bytes, from: runEnd) &+ 1
                    continue
                }
            }
            var known = wordEnd, knownDigits = 0
            if classes & ByteClass.digit != 0 {
                // A group that starts with a digit: when no separator follows it, it is its run's
                // one piece, and one under a family's length with fewer than six digits charges
                // what `readRun` and `evaluate` charge for it, `4 * length + 1` and `2 * length`
                // (`evaluateCharge` of one piece), and appends nothing.
                let limit = min(count, index &+ maxRunBytes)
                known = index &+ 1
                knownDigits = 1
                while known < limit {
                    let group = byteClass(bytes[known])
                    guard group & ByteClass.alnum != 0 else { break }
                    knownDigits &+= Int(group & ByteClass.digit)
                    known &+= 1
                }
                let after = known < count ? byteClass(bytes[known]) : 0
                let length = known &- index
                if length < families.shortestLength, knownDigits < 6 {
                    if after & (ByteClass.joiner | ByteClass.space) == 0 {
                        budget.charge(6 &* length &+ 1)
                        index = blockedStretchEnd(bytes, from: known) &+ 1
                        continue
                    }
                    if after & ByteClass.space != 0, let next = skipAfterGroupSpaces(bytes, at: known, budget: &budget) {
                        budget.charge(6 &* length &+ 1)
                        index = next
                        continue
                    }
                }
            }
            // The letters (or the group) read above are the run's first piece or its start.
            let runEnd = readRun(bytes, from: index, known: known, knownDigits: knownDigits, into: &pieces)
            budget.charge(4 &* (runEnd &- index) &+ 1)
            if pieces.digits > 0 {
                if pieces.alphanumerics < families.shortestLength, pieces.digits < 6,
                    pieces.view[0].digits > 0 || !technicalPrefix(bytes, pieces.view[0])
                {
                    budget.charge(evaluateCharge(pieces.view))
                } else if pieces.digits < IdentifierFamily.fewestDigits, let charge = fewDigitsCharge(bytes, pieces.view) {
                    budget.charge(charge)
                } else {
                    evaluate(bytes, pieces.view, scratch: compact, into: &spans, budget: &budget, families: families)
                }
            }
            // The run ends at a letter or digit: the bytes after it up to the next that does not
            // block a start start no run.
            index = blockedStretchEnd(bytes, from: max(runEnd, index + 1)) + 1
        }
    }

    /// Where `readRun` ends the run at `start` when all its pieces are letters, read a word at a
    /// time; nil when a piece may hold a digit (a digit right after a piece's letters, or a digit
    /// group after spaces, which may join) or reaches `maxRunBytes` (`readRun` cuts it there): the
    /// caller reads the run with `readRun` then. `bytes[start..<firstEnd]` are letters, a joiner follows.
    /// Out of line: inlined, it costs the main loop registers on every byte.
    @inline(never) static func letterRunEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, firstEnd: Int) -> Int? {
        let count = bytes.count
        guard firstEnd - start < maxRunBytes else { return nil }
        var pieceEnd = firstEnd, read = 1
        while pieceEnd < count {
            // The separator after the piece, as `readRun` reads it.
            let after = byteClass(bytes[pieceEnd])
            var next = pieceEnd + 1
            if after & ByteClass.joiner != 0 {
                guard next < count, byteClass(bytes[next]) & ByteClass.alnum != 0 else { return pieceEnd }
            } else if after & ByteClass.space != 0 {
                while next < count, byteClass(bytes[next]) & ByteClass.space != 0, next - pieceEnd < 8 { next += 1 }
                guard next < count, byteClass(bytes[next]) & ByteClass.alnum != 0 else { return pieceEnd }
                // Spaces join no piece that starts with a letter to letters (`spaceJoins` needs a
                // group of digits on one side); a group of digits may join.
                return byteClass(bytes[next]) & ByteClass.digit != 0 ? nil : pieceEnd
            } else {
                return pieceEnd
            }
            guard read < maxPieces, next - start < maxRunBytes else { return pieceEnd }
            guard byteClass(bytes[next]) & ByteClass.digit == 0 else { return nil }
            let end = lettersEnd(bytes, from: next)
            guard end - next < maxRunBytes, end == count || byteClass(bytes[end]) & ByteClass.digit == 0 else { return nil }
            pieceEnd = end
            read += 1
        }
        return pieceEnd
    }

    /// After a digit group that spaces at `start` (a space or tab) join to nothing, where the main
    /// loop goes on; nil when they may join it to what follows: a piece with a digit (at its
    /// start, or after its letters) or a one- or two-letter capital group (`spaceJoins`). Other
    /// letters join nothing (`readRun` reads no piece when the word starts `maxRunBytes` or more
    /// past the group, so the group is its run's one piece either way). The word read here is
    /// charged and passed by the main loop's two letter-word rules, so it is not read again; a word
    /// a joiner follows is left to the main loop (the spaces before it start no run).
    /// Out of line: inlined, it costs the main loop registers on every byte.
    @inline(never) static func skipAfterGroupSpaces(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, budget: inout ScanBudget) -> Int? {
        let count = bytes.count
        var next = start + 1
        while next < count, byteClass(bytes[next]) & ByteClass.space != 0, next - start < 8 { next += 1 }
        guard next < count else { return next }
        let first = byteClass(bytes[next])
        if first & ByteClass.letter == 0 { return first & ByteClass.digit != 0 ? nil : next }
        let wordEnd = lettersEnd(bytes, from: next)
        let after = wordEnd < count ? byteClass(bytes[wordEnd]) : 0
        if after & ByteClass.digit != 0 { return nil }
        let short = wordEnd - next <= 2
        if short && !Bytes.isLower(bytes[next]) && !Bytes.isLower(bytes[wordEnd - 1]) { return nil }
        // The main loop's rules for the word, as it would read it next.
        if after & ByteClass.joiner != 0 { return next }
        if after & ByteClass.space == 0 || !short {
            budget.charge(wordEnd - next)
            return after & ByteClass.blocks != 0 ? blockedStretchEnd(bytes, from: wordEnd + 1) + 1 : wordEnd + 1
        }
        // One or two letters, one of them small, before a space.
        budget.charge(4 * (wordEnd - next) + 1)
        return wordEnd + 1
    }

    /// The end of the letters from `start` (`ByteWords.runEnd` with `ByteWords.letters`): sixteen
    /// bytes a read while sixteen are left (`IdentifierScanMasks.firstNonLetter`), then eight
    /// bytes a read, the last read the text's last eight bytes shifted down (the zeros shifted in
    /// are no letters), so only a text under eight bytes is read a byte at a time; wrapping
    /// arithmetic (the index stays under the count).
    @inline(__always) static func lettersEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let count = bytes.count
        guard count >= 8 else {
            var index = start
            while index < count, Bytes.isLetter(bytes[index]) { index &+= 1 }
            return index
        }
        let base = UnsafeRawPointer(bytes.baseAddress!)
        let high = ByteWords.ones &* 0x80
        var index = start
        while index < count {
            if index &+ 16 <= count {
                let offset = IdentifierScanMasks.firstNonLetter(bytes, at: index)
                if offset < 16 { return index &+ offset }
                index &+= 16
                continue
            }
            let word: UInt64
            if index &+ 8 <= count {
                word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            } else {
                let last = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self))
                word = last &>> UInt64(truncatingIfNeeded: 8 &* (index &- (count &- 8)))
            }
            let outside = ~ByteWords.letters(word) & high
            if outside != 0 { return index &+ ByteWords.first(outside) }
            index &+= 8
        }
        return count
    }

    /// The first byte at or after `start` that does not block a run start (`startBlocked`), or
    /// the end: no run starts inside a stretch of blocking bytes nor right after it.
    @inline(__always) static func blockedStretchEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < bytes.count, byteClass(bytes[index]) & ByteClass.blocks != 0 { index &+= 1 }
        return index
    }

    /// The bits of `byteClass`.
    enum ByteClass {
        static let digit: UInt8 = 1
        static let letter: UInt8 = 2
        static let alnum: UInt8 = 3
        /// `-`, `.` and `/`: they join a word to the piece after it.
        static let joiner: UInt8 = 4
        /// Space and tab.
        static let space: UInt8 = 8
        /// A run does not start right after it (`startBlocked`).
        static let blocks: UInt8 = 16
    }

    /// The pass's byte classes (`ByteClass`), one load from a constant table (the literal's
    /// address is a constant: no lazy initialisation, no bounds check); `IdentifierScanTests` checks it.
    @inline(__always) static func byteClass(_ b: UInt8) -> UInt8 {
        // 16 bytes a line, 0x00 to 0xff (`\` at a line end joins the lines).
        let table: StaticString = """
            \0\0\0\0\0\0\0\0\0\u{8}\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \u{8}\0\0\0\0\u{10}\0\0\0\0\0\0\0\u{14}\u{14}\u{14}\
            \u{11}\u{11}\u{11}\u{11}\u{11}\u{11}\u{11}\u{11}\u{11}\u{11}\0\0\0\0\0\0\
            \u{10}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\
            \u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\0\u{10}\0\0\u{10}\
            \0\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\
            \u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\u{12}\0\0\0\0\0\
            \u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\
            \u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\
            \u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\
            \u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\
            \u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\
            \u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\
            \u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\
            \u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}\u{10}
            """
        return table.utf8Start[Int(b)]
    }

    /// A run does not start right after these: the middle of a word, a path, a key or an address.
    @inline(__always) static func startBlocked(_ b: UInt8) -> Bool {
        // Letters, digits, `_ . - / \ @ %` and bytes ≥ 0x80: one class load.
        Bytes.classes(b) & (7 | Bytes.identifierBlock) != 0
    }

    /// Reads the run starting at `start` into `pieces`; returns where it ends.
    static func readRun(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, into pieces: inout PieceList) -> Int {
        readRun(bytes, from: start, known: start, knownDigits: 0, into: &pieces)
    }

    /// `readRun`, where the caller has read `bytes[start..<known]` already: the start of the
    /// first piece, `knownDigits` of them digits. The count and totals stay in registers until
    /// the run ends; one table load classes each byte.
    @inline(__always)
    static func readRun(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, known: Int, knownDigits: Int, into pieces: inout PieceList
    ) -> Int {
        let storage = pieces.storage.baseAddress!
        let count = bytes.count
        var read = 0, digitsRead = 0, alphanumericsRead = 0
        var index = start
        var separator: IdentifierFamily.Separators = []
        var known = known, knownDigits = knownDigits
        while index < count, read < maxPieces, index - start < maxRunBytes {
            // The piece: letters and digits, at most `maxRunBytes` of them.
            let limit = min(count, index + maxRunBytes)
            var end = max(index, min(known, limit)), digits = knownDigits
            known = 0
            knownDigits = 0
            while end < limit {
                let classes = byteClass(bytes[end])
                guard classes & ByteClass.alnum != 0 else { break }
                digits &+= Int(classes & ByteClass.digit)
                end += 1
            }
            let piece = Piece(range: index..<end, digits: digits, letters: end - index - digits, separatorBefore: separator)
            // The piece before is read back from the storage: kept in registers, it spilled on every piece.
            if read > 0, separator == .space, !spaceJoins(storage[read - 1], piece, bytes) { break }
            storage.advanced(by: read).initialize(to: piece)
            read += 1
            digitsRead &+= digits
            alphanumericsRead &+= end - index
            index = end
            // The separator to the next piece.
            let after = index < count ? byteClass(bytes[index]) : 0
            if after & ByteClass.joiner != 0 {
                guard index + 1 < count, byteClass(bytes[index + 1]) & ByteClass.alnum != 0 else { break }
                let b = bytes[index]
                separator = b == 0x2d ? .dash : b == 0x2e ? .dot : .slash
                index += 1
            } else if after & ByteClass.space != 0 {
                var next = index + 1
                while next < count, byteClass(bytes[next]) & ByteClass.space != 0, next - index < 8 { next += 1 }
                guard next < count, byteClass(bytes[next]) & ByteClass.alnum != 0 else { break }
                separator = .space
                index = next
            } else {
                break
            }
        }
        pieces.count = read
        pieces.digits = digitsRead
        pieces.alphanumerics = alphanumericsRead
        return read > 0 ? storage[read - 1].range.upperBound : start
    }

    /// Spaces join digit groups, or a digit group and a one- or two-letter uppercase group.
    static func spaceJoins(_ left: Piece, _ right: Piece, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let leftDigits = left.letters == 0, rightDigits = right.letters == 0
        if left.digits > 0 && right.digits > 0 { return true }
        func shortUpper(_ piece: Piece) -> Bool {
            piece.digits == 0 && piece.letters <= 2 && piece.range.allSatisfy { Bytes.isUpper(bytes[$0]) }
        }
        return (leftDigits && shortUpper(right)) || (rightDigits && shortUpper(left))
    }

    /// What `evaluate` charges for a run that cannot match, read from its piece lengths alone.
    /// Proof: a run under the shortest family length that opens with no technical prefix
    /// and has fewer than six digits in all passes no family (no window
    /// reaches a family's length) and no generic rule (each needs six digits or more), so
    /// `evaluate` tries every window from every piece and appends nothing.
    @inline(__always) static func evaluateCharge(_ pieces: UnsafeBufferPointer<Piece>) -> Int {
        // Piece `i` is in `(i + 1) * (count - i)` windows (a first at or before it, a last at or after it).
        var charge = 0
        for i in 0..<pieces.count { charge += 2 * pieces[i].range.count * (i + 1) * (pieces.count - i) }
        return charge
    }

    /// What `evaluate` charges for a run with fewer than `IdentifierFamily.fewestDigits` digits and
    /// no piece of `IdentifierFamily.lettersForDigitsLength`; nil for a run with such a piece.
    /// Proof: such a window passes `windowFilter` only at that length with no separator (one piece;
    /// `IdentifierScanTests` checks the filter), and every generic rule needs six digits, so
    /// `evaluate` appends nothing and charges `2 * length` for every window up to `maxWindow`
    /// alphanumerics from every start, or from the first only when the run opens with a
    /// technical prefix (it returns at the second).
    static func fewDigitsCharge(_ bytes: UnsafeBufferPointer<UInt8>, _ pieces: UnsafeBufferPointer<Piece>) -> Int? {
        for piece in pieces where piece.range.count == IdentifierFamily.lettersForDigitsLength { return nil }
        let starts = technicalPrefix(bytes, pieces[0]) ? 1 : pieces.count
        var charge = 0
        for first in 0..<starts {
            var length = 0
            for last in first..<pieces.count {
                length &+= pieces[last].range.count
                guard length <= maxWindow else { break }
                charge &+= 2 &* length
            }
        }
        return charge
    }

    /// Checks every window of the run, left to right, the longest match at each start first.
    static func evaluate(
        _ bytes: UnsafeBufferPointer<UInt8>, _ pieces: UnsafeBufferPointer<Piece>, scratch: UnsafeMutableBufferPointer<UInt8>,
        into spans: inout [DetectedSpan], budget: inout ScanBudget, families: IdentifierFamily.Index = IdentifierFamily.index
    ) {
        // A run that opens with a technical prefix (`KB 5034441`, `CVE-2024-…`) is no identifier,
        // unless the whole prefix and what follows is one of the families (`MS 38 23 15 D`, a
        // National Insurance number whose letters happen to spell a prefix).
        let technical = technicalPrefix(bytes, pieces[0])
        // The digits of `pieces[first...]`: the generic rules need six or more of them.
        var digitsFromFirst = 0, lengthFromFirst = 0
        for piece in pieces {
            digitsFromFirst += piece.digits
            lengthFromFirst += piece.range.count
        }
        // The windows' charges, summed in a register and charged once (the budget only adds).
        var charged = 0
        defer { budget.charge(charged) }
        var first = 0
        while first < pieces.count {
            if technical && first > 0 { return }
            // No window from here on reaches a family's length (`windowFilter` is 0 below it) and no
            // generic rule has its six digits: every window is charged `2 * length` and none passes
            // `maxWindow`, which is `evaluateCharge` of the rest (with a technical prefix only the
            // first start's windows are charged, so not then).
            if !technical, lengthFromFirst < families.shortestLength, digitsFromFirst < 6 {
                charged &+= evaluateCharge(UnsafeBufferPointer(rebasing: pieces[first...]))
                return
            }
            var best: (last: Int, kind: DetectorKind)?
            var length = 0, digits = 0
            var used: IdentifierFamily.Separators = []
            var last = first
            // Wrapping arithmetic: lengths and digit counts stay under `maxWindow`.
            while last < pieces.count {
                let piece = pieces[last]
                let pieceLength = piece.range.upperBound &- piece.range.lowerBound
                guard length &+ pieceLength <= maxWindow else { break }
                length &+= pieceLength
                digits &+= piece.digits
                if last > first { used.formUnion(piece.separatorBefore) }
                charged &+= 2 &* length
                // A window no family of its length accepts for its digit count or separators is
                // not looked up (`IdentifierFamily.windowFilter`; most windows are of no family's length).
                let filter = families.windowFilter[length]
                if filter &>> UInt64(truncatingIfNeeded: digits) & 1 != 0,
                    UInt8(truncatingIfNeeded: filter &>> 32) & used.rawValue == used.rawValue
                {
                    if let kind = family(bytes, pieces, first...last, length: length, scratch: scratch, used: used, digits: digits, families),
                        last > first || !technical && !tokenHasOwnKind(bytes, pieces[first].range)
                    {
                        best = (last, kind)
                    }
                }
                last += 1
            }
            // Every generic rule needs six digits or more from `first` on, in the first piece
            // itself when it has letters (`genericMatch`, which charges nothing).
            if best == nil, !technical, digitsFromFirst >= 6, pieces[first].letters == 0 || pieces[first].digits >= 6,
                let generic = genericMatch(bytes, pieces, from: first)
            {
                best = generic
            }
            let next = best.map { $0.last + 1 } ?? first + 1
            if let (last, kind) = best { spans.append(DetectedSpan(pieces[first].range.lowerBound..<pieces[last].range.upperBound, kind)) }
            for skipped in first..<next {
                digitsFromFirst -= pieces[skipped].digits
                lengthFromFirst -= pieces[skipped].range.count
            }
            first = next
        }
    }

    /// The first family whose grouping, separators and check accept the window (`used`: the
    /// separators between its pieces; `digits`: its digit count; `length`: its alphanumerics).
    /// The window's compact form is copied into `scratch` (uppercased) only when a check reads it.
    static func family(
        _ bytes: UnsafeBufferPointer<UInt8>, _ pieces: UnsafeBufferPointer<Piece>, _ window: ClosedRange<Int>, length: Int,
        scratch: UnsafeMutableBufferPointer<UInt8>, used: IdentifierFamily.Separators, digits: Int, _ families: IdentifierFamily.Index
    ) -> DetectorKind? {
        let slot = length * IdentifierFamily.separatorSets + Int(used.rawValue)
        guard slot + 1 < families.separatorStart.count else { return nil }
        // The window's piece lengths packed as `groupingKey` packs a grouping (none has more than seven).
        var key = UInt64.max
        if window.count <= 7 {
            key = UInt64(window.count)
            for (offset, i) in window.enumerated() { key |= UInt64(pieces[i].range.count) << (4 + 5 * offset) }
        }
        var copied = false
        // Only the candidates written with every separator the window has, in table order.
        for position in families.separatorStart[slot]..<families.separatorStart[slot + 1] {
            let candidate = families.candidates[families.separatorCandidates[position]]
            // A check never passes outside its digit counts (`IdentifierFamily.DigitCount`).
            guard digits >= candidate.fewestDigits, digits <= candidate.mostDigits else { continue }
            if candidate.grouping == 0 {
                guard window.count <= 4 else { continue }
            } else {
                guard candidate.grouping == key else { continue }
            }
            if !copied {
                var count = 0
                for i in window {
                    for b in UnsafeBufferPointer(rebasing: bytes[pieces[i].range]) {
                        scratch[count] = Bytes.isLower(b) ? b - 0x20 : b
                        count += 1
                    }
                }
                copied = true
            }
            if candidate.check(UnsafeBufferPointer(rebasing: scratch[0..<length])) { return candidate.kind }
        }
        return nil
    }

    /// The generic rules at a piece no family claimed.
    static func genericMatch(
        _ bytes: UnsafeBufferPointer<UInt8>, _ pieces: UnsafeBufferPointer<Piece>, from first: Int
    ) -> (last: Int, kind: DetectorKind)? {
        let piece = pieces[first]
        if piece.letters > 0 {
            return piece.digits >= 6 && isIdentifierCode(bytes, piece) && TokenClassifier.classify(bytes, piece.range) == nil
                ? (first, .identifierCode) : nil
        }
        // Digit groups joined by dashes or spaces (a date ends the stretch before it).
        if isDate(pieces, at: first) || isYearRange(bytes, pieces, at: first) { return nil }
        var digits = piece.digits, last = first
        var next = first + 1
        while next < pieces.count, pieces[next].letters == 0, pieces[next].separatorBefore == .dash || pieces[next].separatorBefore == .space {
            if isDate(pieces, at: next) { break }
            digits += pieces[next].digits
            last = next
            next += 1
        }
        // One piece alone is the token classifier's (`long_number`, `aws_account_id`); a card
        // (Luhn) or a phone number is left to its own detector, which names it.
        if last > first, digits >= 7 {
            let range = piece.range.lowerBound..<pieces[last].range.upperBound
            if (13...19).contains(digits), Validators.luhn(bytes, range) { return nil }
            if phoneCovers(bytes, range) { return nil }
            return (last, .longNumber)
        }
        // After a context word, digits joined by any separator (`phone '5927.3186'`).
        var anyLast = first, anyDigits = piece.digits
        while anyLast + 1 < pieces.count, pieces[anyLast + 1].letters == 0 {
            anyLast += 1
            anyDigits += pieces[anyLast].digits
        }
        // Both rules below ask the token classifier about a lone piece of six digits or more: once.
        let ownKind = anyLast == first && anyDigits >= 6 && tokenHasOwnKind(bytes, piece.range)
        if anyDigits >= 6, anyLast > first || !ownKind, !isWrittenDate(pieces, at: first),
            let word = contextWordBefore(bytes, piece.range.lowerBound),
            !phoneCovers(bytes, piece.range.lowerBound..<pieces[anyLast].range.upperBound)
        {
            // After "account", "acct", "bank": a bank account number (Presidio's US_BANK_NUMBER).
            return (anyLast, bankWords.contains(bytes, word) ? .usBankNumber : .identifierCode)
        }
        // Eight to seventeen digits with a bank word near it on the line (`UQ_BANK_ACCOUNT' …
        // value is (84983923)`): Presidio's US_BANK_NUMBER with its context window; eight to
        // fifteen near a phone word (`contact phone for cutover window: 49371853`).
        let plus = piece.range.lowerBound > 0 && bytes[piece.range.lowerBound - 1] == 0x2b
        if anyLast == first, piece.letters == 0, ((plus ? 7 : 8)...17).contains(piece.digits), !ownKind,
            !phoneCovers(bytes, piece.range)
        {
            if piece.digits >= 8, contextWordNear(bytes, piece.range, bankWords) { return (first, .usBankNumber) }
            if piece.digits <= 15, contextWordNear(bytes, piece.range, phoneWords, crossLines: true) { return (first, .phone) }
        }
        return nil
    }

    /// The phone detector reads a number over `range` (from its start, or from a `(` or `+`
    /// right before it): the phone detector names it.
    static func phoneCovers(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var budget = ScanBudget.unlimited
        var start = range.lowerBound
        if start > 0, bytes[start - 1] == 0x28 || bytes[start - 1] == 0x2b { start -= 1 }
        guard let end = SpanDetectors.phone(bytes, at: start, budget: &budget) else { return false }
        return end >= range.upperBound
    }

    /// A token the token classifier gives a kind of its own (`aws_account_id`, `ipv4`, …) keeps it.
    static func tokenHasOwnKind(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        switch TokenClassifier.classify(bytes, range) {
        case nil, .longNumber?, .highEntropy?: false
        default: true
        }
    }

    /// `2024-01-15` (or `15-01-2024`) with dashes: a date, never an id.
    @inline(__always) static func isDate(_ pieces: UnsafeBufferPointer<Piece>, at index: Int) -> Bool {
        guard index + 2 < pieces.count, pieces[index + 1].separatorBefore == .dash, pieces[index + 2].separatorBefore == .dash else { return false }
        let lengths = (pieces[index].range.count, pieces[index + 1].range.count, pieces[index + 2].range.count)
        return lengths == (4, 2, 2) || lengths == (2, 2, 4)
    }

    /// `10/30/2024`, `19.07.2024`, `2024/07/19`: a date in any of the separators dates use.
    @inline(__always) static func isWrittenDate(_ pieces: UnsafeBufferPointer<Piece>, at index: Int) -> Bool {
        guard index + 2 < pieces.count else { return false }
        let separator = pieces[index + 1].separatorBefore
        guard separator == .dash || separator == .dot || separator == .slash, pieces[index + 2].separatorBefore == separator,
            pieces[index].letters + pieces[index + 1].letters + pieces[index + 2].letters == 0
        else { return false }
        let lengths = (pieces[index].range.count, pieces[index + 1].range.count, pieces[index + 2].range.count)
        return (1...2).contains(lengths.0) && (1...2).contains(lengths.1) && lengths.2 == 4
            || lengths.0 == 4 && (1...2).contains(lengths.1) && (1...2).contains(lengths.2)
    }

    /// `2019-2023`: a range of years.
    @inline(__always) static func isYearRange(_ bytes: UnsafeBufferPointer<UInt8>, _ pieces: UnsafeBufferPointer<Piece>, at index: Int) -> Bool {
        guard index + 1 < pieces.count, pieces[index + 1].separatorBefore == .dash, pieces[index].range.count == 4,
            pieces[index + 1].range.count == 4
        else { return false }
        func year(_ piece: Piece) -> Bool {
            let first = bytes[piece.range.lowerBound], second = bytes[piece.range.lowerBound + 1]
            return (first == 0x31 && second == 0x39) || (first == 0x32 && second == 0x30)
        }
        return year(pieces[index]) && year(pieces[index + 1]) && (index + 2 == pieces.count || pieces[index + 2].separatorBefore != .dash)
    }

    /// Letters with six or more digits, unless a hex string, a `0x` literal, a version (`v…`)
    /// or a technical code (`KB…`, `AADSTS…`).
    static func isIdentifierCode(_ bytes: UnsafeBufferPointer<UInt8>, _ piece: Piece) -> Bool {
        let range = piece.range
        if range.count > 24 { return false }
        if Bytes.matches(bytes, at: range.lowerBound, lowercase: "0x") { return false }
        // Letters then digits (then at most two letters): the shape of most ids; hex or not.
        var i = range.lowerBound
        while i < range.upperBound, Bytes.isLetter(bytes[i]) { i += 1 }
        let prefix = range.lowerBound..<i
        while i < range.upperBound, Bytes.isDigit(bytes[i]) { i += 1 }
        var suffix = 0
        while i < range.upperBound, Bytes.isLetter(bytes[i]) { i += 1; suffix += 1 }
        if i == range.upperBound, suffix <= 2, !prefix.isEmpty {
            return !technicalCodes.contains(bytes, prefix) && !(prefix.count == 1 && (bytes[prefix.lowerBound] | 0x20) == 0x76)
        }
        // Interleaved letters and digits: a hex string is a hash or a resource id, not a person's.
        return !range.allSatisfy { Bytes.isHex(bytes[$0]) }
    }

    /// Prefixes of technical codes with long numbers: Windows KB articles, CVEs, RFCs, Azure AD
    /// errors, Oracle errors.
    static let technicalCodes = ByteWordSet([
        "kb", "cve", "rfc", "iso", "iec", "aadsts", "ora", "sql", "err", "error", "http", "tls", "sha", "md", "crc", "utf", "build",
        "rev", "pr", "sp", "cu", "rtm", "ami", "ghsa", "ms", "msi", "cwe", "capec",
    ])

    @inline(__always) static func technicalPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ piece: Piece) -> Bool {
        piece.digits == 0 && technicalCodes.contains(bytes, piece.range)
    }

    /// Words after which a 6–8 digit number is an identifier (Presidio's context words).
    static let contextWords = ByteWordSet([
        "account", "acct", "bank", "routing", "aba", "iban", "ssn", "ssns", "passport", "license", "licence", "licencia", "dl",
        "nino", "nhs", "tfn", "abn", "acn", "medicare", "sin", "bsn", "burgerservicenummer", "pesel", "hetu", "aadhaar", "pan",
        "nif", "nie", "dni", "insee", "nir", "steuer", "steuerid", "idnr", "personnummer", "nric", "fin", "rrn", "itin", "tin",
        "social", "security", "taxpayer", "customer", "member", "patient", "employee", "badge", "card", "policy", "voter",
        "checking", "savings",
        "phone", "tel", "telephone", "mobile", "cell", "fax", "sms", "call", "callback", "contact", "msisdn", "whatsapp",
        "escalation", "pager", "hotline", "telefon", "telefono", "numero", "nummer", "rufnummer",
    ])

    /// The word before `position`, skipping up to four bytes of `:`, `#`, `=`, spaces, quotes
    /// and one filler word (`no`, `nr`, `number`, `id`, `num`).
    static func contextWordBefore(_ bytes: UnsafeBufferPointer<UInt8>, _ position: Int) -> Range<Int>? {
        var end = position
        for _ in 0..<2 {
            var skipped = 0
            while end > 0, skipped < 4, !Bytes.isAlnum(bytes[end - 1]), bytes[end - 1] != 0x0a { end -= 1; skipped += 1 }
            var start = end
            while start > 0, Bytes.isLetter(bytes[start - 1]), end - start < 24 { start -= 1 }
            guard start < end else { return nil }
            // `[PHONE] (…)`: a placeholder the anonymizer wrote is no context word.
            if start > 0, bytes[start - 1] == 0x5b, end < bytes.count, bytes[end] == 0x5d { return nil }
            if contextWords.contains(bytes, start..<end) { return start..<end }
            // `<BankAccount>`, `passportNo`: the last part of a camel-case word.
            if let tail = camelTail(bytes, start..<end), contextWords.contains(bytes, tail) { return tail }
            guard fillerWords.contains(bytes, start..<end) else { return nil }
            end = start
        }
        return nil
    }

    static let bankWords = ByteWordSet(["account", "acct", "bank", "checking", "savings"])

    /// The part of a camel-case word after its last lower-to-upper change (`Account` of
    /// `BankAccount`); nil when there is none.
    static func camelTail(_ bytes: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> Range<Int>? {
        var index = word.upperBound - 1
        while index > word.lowerBound {
            if startsCamelPart(bytes, index) { return index..<word.upperBound }
            index -= 1
        }
        return nil
    }

    /// A capital right after a small letter (`Account` in `BankAccount`); `index` > 0.
    @inline(__always) static func startsCamelPart(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        Bytes.isUpper(bytes[index]) && Bytes.isLower(bytes[index - 1])
    }

    /// How far a number looks for a context word (Presidio's context window, in bytes).
    static let contextWindow = 80

    /// Words that make a nearby number of 8 or more digits a phone number.
    static let phoneWords = ByteWordSet([
        "phone", "phones", "tel", "telephone", "mobile", "cell", "fax", "sms", "msisdn", "whatsapp", "pager", "hotline", "contact",
        "contacts", "callback",
    ])

    /// A word of `words` within `contextWindow` bytes before `range` (on the same line, or
    /// across lines when `crossLines`: YAML puts `contacts:` a line above its values) or after
    /// it on the same line. Words are read in parts: `UQ_BANK_ACCOUNT` and `BankAccount` have
    /// `bank` and `account`.
    static func contextWordNear(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ words: ByteWordSet, crossLines: Bool = false) -> Bool {
        let floor = max(0, range.lowerBound - contextWindow)
        var end = range.lowerBound
        while end > floor {
            let b = bytes[end - 1]
            if b == 0x0a, !crossLines { break }
            guard Bytes.isLetter(b) else { end -= 1; continue }
            var start = end - 1
            while start > floor, Bytes.isLetter(bytes[start - 1]), !startsCamelPart(bytes, start) { start -= 1 }
            if words.contains(bytes, start..<end) { return true }
            end = start
        }
        let ceiling = min(bytes.count, range.upperBound + contextWindow)
        var start = range.upperBound
        while start < ceiling {
            let b = bytes[start]
            if b == 0x0a { return false }
            guard Bytes.isLetter(b) else { start += 1; continue }
            var wordEnd = start + 1
            while wordEnd < ceiling, Bytes.isLetter(bytes[wordEnd]), !startsCamelPart(bytes, wordEnd) { wordEnd += 1 }
            if words.contains(bytes, start..<wordEnd) { return true }
            start = wordEnd
        }
        return false
    }

    static let fillerWords = ByteWordSet(["no", "nr", "number", "num", "id", "ids", "code", "of", "the", "is", "to", "at", "on", "via", "was", "as"])
}
