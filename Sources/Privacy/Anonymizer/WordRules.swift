/// What the anonymizer keeps of the text between detected spans, word by word: names in
/// capitalized context become `[NAME]`, words outside the vocabulary `[REDACTED]`.
struct WordRules: Sendable {
    let vocabulary: FreeTextVocabulary

    /// Titles (`Cue.title`), words after which a capitalized word is taken for a person
    /// (`Cue.person`) and words between such a cue and a name (`Cue.link`: `assigned to`,
    /// `escalated to`), in one table: the word before a capitalized one is looked up once.
    static let cues = ByteLexicon(
        ["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "dame", "lord", "lady"].map { ($0, Cue.title) }
            + [
                "user", "contact", "by", "owner", "admin", "administrator", "operator", "engineer", "manager", "cc", "from",
                "approved", "assignee", "assigned", "reporter", "author", "dear", "hi", "hello", "thanks", "regards", "ask", "call",
                "email", "ping", "lead", "dba", "customer", "client", "escalated", "sent", "forwarded", "reassigned", "handed",
            ].map { ($0, Cue.person) } + [("to", Cue.link)])

    /// Flags of `cues`.
    enum Cue {
        static let title: UInt8 = 1
        static let person: UInt8 = 2
        static let link: UInt8 = 4
    }

    /// Brands whose products are named "Brand Word Word".
    static let brands = ByteWordSet([
        "azure", "aws", "amazon", "google", "cloud", "microsoft", "oracle", "ibm", "sap", "vmware", "apache", "elastic", "alibaba", "red",
    ])
    static let placeholder = Array("[REDACTED]".utf8)
    static let namePlaceholder = Array("[NAME]".utf8)

    struct Word {
        var range: Range<Int>
        var core: Range<Int>
        var info: NameInfo
        var name = false
        /// A month name written as part of a date (`Jan 24`, `14 May 2025`): kept.
        var dateMonth = false
        /// No letter and no byte ≥ 0x80 in the core: kept (`allows` keeps it), read once.
        var noLetters = false
        /// The part of the word that belongs to a technical phrase: the whole core, or the piece
        /// next to the phrase when the word is glued (`region=Germany`, `"cloud.region":"West`).
        var phrasePiece: Range<Int>? = nil
        /// The first and last glue byte (`isGlue`) in the core, -1 when none: read once.
        var firstGlue = -1
        var lastGlue = -1
    }

    /// Word storage for the regions of one text whose words do not fit a `TemporaryList` on
    /// the stack (reused across the regions: one allocation per call at most).
    struct Scratch {
        var words: [Word] = []
    }

    /// Reads each word a fixed number of times (split, name lists, vocabulary, subwords, shapes):
    /// charged as eight steps a byte.
    func rewrite(_ bytes: UnsafeBufferPointer<UInt8>, _ region: Range<Int>, into out: inout ByteSink, budget: inout ScanBudget) {
        var scratch = Scratch()
        rewrite(bytes, region, into: &out, scratch: &scratch, budget: &budget)
    }

    func rewrite(
        _ bytes: UnsafeBufferPointer<UInt8>, _ region: Range<Int>, into out: inout ByteSink, scratch: inout Scratch, budget: inout ScanBudget
    ) {
        budget.charge(8 * region.count + 1)
        var firstStart = Int.max
        TemporaryList.with(
            Word.self, reserve: bytes.count / 6 + 8, spillingInto: &scratch.words,
            fill: { append in self.words(bytes, region, append, firstStart: &firstStart) }
        ) { words in
            // Most regions between spans have no capital and no glue: no name rule starts there.
            if firstStart < words.count { markNames(bytes, region, words, from: firstStart) }
            copy(bytes, region, words, into: &out)
        }
    }

    /// Each word of `region`, with its core, its lists and its glue. `firstStart`: the index of
    /// the first word a name or phrase rule may start at (`startsRule`), `Int.max` when none.
    @inline(__always)
    private func words(_ bytes: UnsafeBufferPointer<UInt8>, _ region: Range<Int>, _ append: (Word) -> Void, firstStart: inout Int) {
        var index = region.lowerBound
        var count = 0
        while index < region.upperBound {
            if Bytes.isSpace(bytes[index]) { index &+= 1; continue }
            let scan = WordScan(bytes, from: index, limit: region.upperBound, vocabulary)
            let end = scan.end, core = scan.core
            // `index` < `end` (the word has its first byte): no precondition to test.
            var word = Word(range: Range(uncheckedBounds: (index, end)), core: core, info: scan.info)
            word.noLetters = scan.noLetters
            word.firstGlue = scan.firstGlue
            word.lastGlue = scan.lastGlue
            // The first word a rule may start at (`count` grows): `scan.startsRule` is worked out
            // from the scan's masks, and read here without a branch.
            firstStart = min(firstStart, scan.startsRule ? count : Int.max)
            append(word)
            count &+= 1
            // The byte at `end`, if any, is a space: the next word starts after it.
            index = end &+ 1
        }
    }

    /// The region with its names and unknown words replaced.
    @inline(__always)
    private func copy(_ bytes: UnsafeBufferPointer<UInt8>, _ region: Range<Int>, _ words: UnsafeMutableBufferPointer<Word>, into out: inout ByteSink)
    {
        // Kept words and the text between words are copied in runs, up to each replaced word.
        var copyFrom = region.lowerBound
        for word in words {
            let replacement: [UInt8]
            if let keep = word.phrasePiece, keep != word.core {
                // A glued word whose piece next to a technical phrase is part of it: that piece
                // stays, the rest is judged piece by piece.
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copyFrom..<word.core.lowerBound]))
                if keep.lowerBound > word.core.lowerBound { rewritePieces(bytes, word.core.lowerBound..<keep.lowerBound, into: &out) }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[keep]))
                if keep.upperBound < word.core.upperBound { rewritePieces(bytes, keep.upperBound..<word.core.upperBound, into: &out) }
                copyFrom = word.core.upperBound
                continue
            }
            if word.name {
                replacement = Self.namePlaceholder
            } else if word.dateMonth || word.core.isEmpty || word.noLetters
                // A word of letters (its lists looked up) that is known: `allows` would say so.
                || word.info.looked && (word.info.known || word.info.technical)
                || allows(bytes, word.core, knows: word.info.looked ? word.info.known || word.info.technical : nil)
            {
                continue
            } else if Self.isMarkup(bytes, word.core), !word.core.contains(where: { Bytes.isPasswordSymbol(bytes[$0]) && !Self.isPercent(bytes, $0) })
            {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copyFrom..<word.core.lowerBound]))
                rewritePieces(bytes, word.core, into: &out)
                copyFrom = word.core.upperBound
                continue
            } else {
                replacement = Self.placeholder
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copyFrom..<word.core.lowerBound]))
            out.append(contentsOf: replacement)
            copyFrom = word.core.upperBound
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copyFrom..<region.upperBound]))
    }

    /// JSON, XML, `key=value` and `a:b` glue: characters that never occur inside one word.
    @inline(__always) static func isStructural(_ b: UInt8) -> Bool {
        switch b {
        case 0x22, 0x3a, 0x2c, 0x7b, 0x7d, 0x3c, 0x3e, 0x5b, 0x5d: true
        default: false
        }
    }

    /// `44.5%`: a percent sign after a digit is a percentage, not a password's symbol.
    @inline(__always) static func isPercent(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        bytes[index] == 0x25 && index > 0 && Bytes.isDigit(bytes[index - 1])
    }

    /// JSON or XML written without spaces (a `"` or `<`/`>` in the word): its pieces are judged
    /// apart. Other glued tokens (`a:b:c`, base64 with `/`) stay one word, judged whole.
    static func isMarkup(_ bytes: UnsafeBufferPointer<UInt8>, _ core: Range<Int>) -> Bool {
        core.contains { bytes[$0] == 0x22 || bytes[$0] == 0x3c || bytes[$0] == 0x3e }
    }

    /// `{"step":"replicate_db","msg":"Dataproc`, `step=validate_rowcount`, `<step>x</step>`: a
    /// token glued together by structure is judged piece by piece, so one unknown piece does not
    /// take the known ones with it. A capitalized given name or surname piece is a name.
    private func rewritePieces(_ bytes: UnsafeBufferPointer<UInt8>, _ core: Range<Int>, into out: inout ByteSink) {
        var start = core.lowerBound
        var index = core.lowerBound
        while index <= core.upperBound {
            if index == core.upperBound || Self.isStructural(bytes[index]) {
                var piece = start..<index
                // Keep the dots and dashes that end a sentence or a list outside the piece.
                while !piece.isEmpty, !Bytes.isAlnum(bytes[piece.upperBound - 1]), bytes[piece.upperBound - 1] < 0x80 {
                    piece = piece.lowerBound..<(piece.upperBound - 1)
                }
                while !piece.isEmpty, !Bytes.isAlnum(bytes[piece.lowerBound]), bytes[piece.lowerBound] < 0x80 {
                    out.append(bytes[piece.lowerBound])
                    piece = (piece.lowerBound + 1)..<piece.upperBound
                }
                if !piece.isEmpty {
                    let info = NameInfo(bytes, piece, vocabulary)
                    // `<Street>`, `</Owner>`: an element's name is the schema's, not a person's.
                    let tagName =
                        piece.lowerBound > 0
                        && (bytes[piece.lowerBound - 1] == 0x3c
                            || bytes[piece.lowerBound - 1] == 0x2f && piece.lowerBound > 1 && bytes[piece.lowerBound - 2] == 0x3c)
                    if info.capitalized, info.given || info.surname, !info.technical, !tagName {
                        out.append(contentsOf: Self.namePlaceholder)
                    } else if allows(bytes, piece) {
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[piece]))
                    } else {
                        out.append(contentsOf: Self.placeholder)
                    }
                }
                if piece.upperBound < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[piece.upperBound..<index])) }
                if index < core.upperBound { out.append(bytes[index]) }
                start = index + 1
            }
            index += 1
        }
    }

    /// Whether the word at `position` of `region` starts a sentence: the region's first word at
    /// the text's start or after a sentence's end or a line break, a later one after a word that
    /// ends with `.`, `!`, `?` or `:` (not an initial such as `J.`) or that a line break follows.
    /// Asked by one name rule only: not worked out for every word.
    private func startsSentence(
        _ bytes: UnsafeBufferPointer<UInt8>, _ region: Range<Int>, _ words: UnsafeMutableBufferPointer<Word>, _ position: Int
    ) -> Bool {
        guard position > 0 else { return region.lowerBound == 0 || endsSentence(bytes, before: region.lowerBound) }
        let previous = words[position &- 1]
        let end = previous.range.upperBound
        let last = bytes[end - 1]
        let initial = previous.core.count == 1 && Bytes.isUpper(bytes[previous.core.lowerBound]) && last == 0x2e
        return !initial && (last == 0x2e || last == 0x21 || last == 0x3f || last == 0x3a || (end < region.upperBound && bytes[end] == 0x0a))
    }

    private func endsSentence(_ bytes: UnsafeBufferPointer<UInt8>, before index: Int) -> Bool {
        var i = index
        while i > 0, Bytes.isSpace(bytes[i - 1]) {
            if bytes[i - 1] == 0x0a { return true }
            i -= 1
        }
        if i == 0 { return true }
        let b = bytes[i - 1]
        return b == 0x2e || b == 0x21 || b == 0x3f || b == 0x3a
    }

    /// What `words` needs of one word: the end (the first space or `limit`), the core (the
    /// word without the quotes, brackets and sentence marks around it: from its first to its
    /// last letter, digit or byte ≥ 0x80), the first and last `isGlue` byte in the core, and the
    /// core's case and lists (`NameInfo`). A core of up to sixteen bytes (most) is read in one
    /// or two loads, a byte class a mask, and looked up in the lexicon from those loads; a core
    /// with no punctuation has no glue to look for.
    struct WordScan {
        var end: Int
        var core: Range<Int>
        var firstGlue = -1
        var lastGlue = -1
        var info: NameInfo
        /// No ASCII letter and no byte ≥ 0x80 in the core (digits and punctuation): `allows`
        /// keeps such a word without a lookup.
        var noLetters = false
        /// `WordRules.startsRule` of the word, worked out from the scan's masks.
        var startsRule = false

        @inline(__always)
        init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int, _ vocabulary: borrowing FreeTextVocabulary) {
            var index = start
            if start &+ 8 <= bytes.count {
                // No byte above 0x20 is a space: the bytes before the first one at or below it
                // (eight in one load; most words end there) are the word's.
                let chunk = ByteWords.load(bytes, start)
                let atMostSpace = ~(((chunk & ByteWords.lows) &+ ByteWords.ones &* 0x5f) | chunk) & (ByteWords.ones &* 0x80)
                // `first(0)` is 8: a word of eight bytes or more takes no branch here.
                index = min(start &+ ByteWords.first(atMostSpace), limit)
            }
            while index < limit, !Bytes.isSpace(bytes[index]) { index &+= 1 }
            end = index
            var low = start, high = index
            while low < high, Self.isTrimmed(bytes[low]) { low &+= 1 }
            while high > low, Self.isTrimmed(bytes[high &- 1]) { high &-= 1 }
            // The loops keep `low` ≤ `high`: no precondition to test.
            core = Range(uncheckedBounds: (low, high))
            let count = high &- low
            guard count >= 1, count <= 16 else {
                let letters = NameInfo.Letters(bytes, core)
                info = NameInfo(bytes, core, letters, vocabulary)
                if !letters.only { (firstGlue, lastGlue) = Self.glue(bytes, core) }
                // No core of one byte here: no initial.
                startsRule = lastGlue >= 0 || info.capitalizedOrAllCaps
                return
            }
            guard count <= 8 else {
                let long = Self.longCore(bytes, low, high, vocabulary)
                info = long.info
                noLetters = long.noLetters
                (firstGlue, lastGlue) = (long.firstGlue, long.lastGlue)
                startsRule = lastGlue >= 0 || info.capitalizedOrAllCaps
                return
            }
            // The core's bytes, zero above its end (one load that stays in the buffer).
            let word = Self.chunk(bytes, low, count, end: high)
            let highs = ByteWords.ones &* 0x80
            let valid = highs & ~UInt64(0) &>> (UInt64(truncatingIfNeeded: 8 &- count) &* 8)
            // Zero bytes past the core are in none of these classes. A capital is a letter
            // without 0x20 (`<< 2` moves that bit to 0x80 in its own byte); joiners are looked
            // for only in a core that is not all letters.
            let letters = ByteWords.letters(word)
            let upper = letters & ~(word << 2), small = letters & word << 2
            var joiners: UInt64 = 0
            var only = letters == valid
            if !only {
                joiners = (ByteWords.equal(word, 0x27) | ByteWords.equal(word, 0x2d)) & valid
                only = letters | joiners == valid
            }
            noLetters = letters | word & highs == 0
            if only, count >= 2 {
                // Bytes after the first; capitals after the first that follow no `'` or `-`.
                let inner = valid & ~0x80
                let shape = NameInfo.Letters(
                    only: true, lower: small != 0, innerLower: small & inner != 0, innerUpper: upper & inner & ~(joiners << 8) != 0)
                // Letters, `'` and `-` are lowercased by setting 0x20 in each byte.
                let lists = vocabulary.lexicon.flags(loweredChunk: word | valid >> 2, length: count)
                info = NameInfo(shape, firstUpper: upper & 0x80 != 0, lists: lists)
                // Not glued: a rule starts here when the word is capitalized or all capitals.
                startsRule = info.capitalizedOrAllCaps
                return
            }
            info = NameInfo()
            // No letter or joiner is glue.
            var glue: UInt64 = 0
            if !only {
                glue = Self.glueMask(word) & valid
                if glue != 0 { (firstGlue, lastGlue) = (low &+ ByteWords.first(glue), low &+ Self.last(glue)) }
            }
            // Glued, or a one-capital initial: `upper & valid` is 0x80 (bit 8 never set) and the
            // count 1 only then, so one comparison tests both.
            let initial = upper & valid | UInt64(truncatingIfNeeded: count) << 8 == 0x180
            startsRule = UInt8(glue != 0 ? 1 : 0) | UInt8(initial ? 1 : 0) != 0
        }

        /// A byte the core does not start or end with: ASCII and neither a letter nor a digit
        /// (`!Bytes.isAlnum(b) && b < 0x80`), in one load from a constant table (16 bytes a line,
        /// 0x00 to 0xff; `\` at a line end joins the lines) and one test.
        @inline(__always)
        static func isTrimmed(_ b: UInt8) -> Bool {
            let table: StaticString = """
                \u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\
                \u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\
                \u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\
                \0\0\0\0\0\0\0\0\0\0\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\
                \u{1}\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
                \0\0\0\0\0\0\0\0\0\0\0\u{1}\u{1}\u{1}\u{1}\u{1}\
                \u{1}\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
                \0\0\0\0\0\0\0\0\0\0\0\u{1}\u{1}\u{1}\u{1}\u{1}\
                \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
                \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
                \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
                \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
                \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
                \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
                \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
                \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0
                """
            return table.utf8Start[Int(b)] != 0
        }

        /// 0x80 in each byte of `word` that `isGlue` takes: `"` `,` `:` `<` `=` `>` and, with 0x20
        /// set (which moves no other byte there), `[` `]` onto `{` `}`.
        @inline(__always)
        static func glueMask(_ word: UInt64) -> UInt64 {
            let folded = word | ByteWords.ones &* 0x20
            return ByteWords.equal(folded, 0x7b) | ByteWords.equal(folded, 0x7d) | ByteWords.inRange(word, 0x3c, 0x3e)
                | ByteWords.equal(word, 0x3a) | ByteWords.equal(word, 0x2c) | ByteWords.equal(word, 0x22)
        }

        /// The offset of the last flagged byte of a non-zero mask.
        @inline(__always)
        private static func last(_ mask: UInt64) -> Int { (63 &- mask.leadingZeroBitCount) >> 3 }

        /// `init`'s classes, lookup and glue for a core of 9...16 bytes (two loads: the first
        /// eight bytes and the rest, zero above): its `NameInfo`, whether it has no letter and no
        /// byte ≥ 0x80, and its first and last glue byte (-1 when none).
        @inline(never)
        private static func longCore(
            _ bytes: UnsafeBufferPointer<UInt8>, _ low: Int, _ high: Int, _ vocabulary: borrowing FreeTextVocabulary
        )
            -> (info: NameInfo, noLetters: Bool, firstGlue: Int, lastGlue: Int)
        {
            let count = high &- low
            let c0 = ByteWords.load(bytes, low)
            let c1 = chunk(bytes, low &+ 8, count &- 8, end: high)
            let highs = ByteWords.ones &* 0x80
            let v1 = count == 16 ? highs : highs & ((1 << (UInt64(truncatingIfNeeded: count &- 8) &* 8)) &- 1)
            // As in `init`: a capital is a letter without 0x20.
            let letters0 = ByteWords.letters(c0), letters1 = ByteWords.letters(c1)
            let upper0 = letters0 & ~(c0 << 2), upper1 = letters1 & ~(c1 << 2)
            let small0 = letters0 & c0 << 2, small1 = letters1 & c1 << 2
            let joiners0 = ByteWords.equal(c0, 0x27) | ByteWords.equal(c0, 0x2d)
            let joiners1 = (ByteWords.equal(c1, 0x27) | ByteWords.equal(c1, 0x2d)) & v1
            let only = letters0 | joiners0 == highs && letters1 | joiners1 == v1
            let noLetters = letters0 | letters1 | (c0 | c1) & highs == 0
            if only {
                // Bytes after the first; capitals after the first that follow no `'` or `-` (the
                // first byte of the second load follows the last of the first).
                let inner0 = highs & ~0x80
                let shape = NameInfo.Letters(
                    only: true, lower: small0 | small1 != 0, innerLower: small0 & inner0 | small1 != 0,
                    innerUpper: upper0 & inner0 & ~(joiners0 << 8) | upper1 & ~(joiners1 << 8 | joiners0 >> 56) != 0)
                let lists = vocabulary.lexicon.flags(loweredChunks: c0 | highs >> 2, c1 | v1 >> 2, length: count)
                return (NameInfo(shape, firstUpper: upper0 & 0x80 != 0, lists: lists), noLetters, -1, -1)
            }
            let glue0 = glueMask(c0), glue1 = glueMask(c1) & v1
            let firstGlue = glue0 != 0 ? low &+ ByteWords.first(glue0) : glue1 != 0 ? low &+ 8 &+ ByteWords.first(glue1) : -1
            let lastGlue = glue1 != 0 ? low &+ 8 &+ last(glue1) : glue0 != 0 ? low &+ last(glue0) : -1
            return (NameInfo(), noLetters, firstGlue, lastGlue)
        }

        /// The `length` (1...8) bytes from `at`, zero above, where `end` = `at + length`: one
        /// load from `at` when eight bytes remain there, else the eight that end at `end`,
        /// shifted down, in a buffer shorter than that (a text of a few bytes) byte by byte.
        @inline(__always)
        private static func chunk(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int, _ length: Int, end: Int) -> UInt64 {
            if at &+ 8 <= bytes.count {
                // The mask keeps `length` (1...8) bytes without a branch on `length == 8`.
                return ByteWords.load(bytes, at) & ~UInt64(0) &>> (UInt64(truncatingIfNeeded: 8 &- length) &* 8)
            }
            if end >= 8 { return ByteWords.load(bytes, end &- 8) >> (UInt64(truncatingIfNeeded: 8 &- length) &* 8) }
            var value: UInt64 = 0
            for offset in 0..<length { value |= UInt64(bytes[at &+ offset]) << (UInt64(offset) &* 8) }
            return value
        }

        /// The first and last `isGlue` byte in `core`, -1 when none.
        private static func glue(_ bytes: UnsafeBufferPointer<UInt8>, _ core: Range<Int>) -> (Int, Int) {
            var first = -1, last = -1
            for position in core where WordRules.isGlue(bytes[position]) {
                if first < 0 { first = position }
                last = position
            }
            return (first, last)
        }
    }

    // MARK: Names

    /// Technical phrases: a capitalized technical term that no name list has ("Spanner",
    /// "Europe", "Central") anchors its capitalized neighbours that are technical terms too,
    /// even when a name list has them: "Cloud Spanner", "West Europe", "Germany West
    /// Central". "Mark West" has no anchor, "Rose Hill (DBA)" no technical neighbour: names.
    /// A brand ("Azure", "Cloud", "Amazon") names the product after it: "Azure Key Vault".
    /// In JSON or `key=Value` written without spaces, a phrase reaches into the glued word
    /// next to it up to the glue (`"cloud.region":"West Europe"`, `region=Germany West Central`),
    /// and no further. Sets each phrase word's `phrasePiece`.
    private func markTechnicalPhrases(_ bytes: UnsafeBufferPointer<UInt8>, _ words: UnsafeMutableBufferPointer<Word>, from firstStart: Int) {
        // A word's piece after its last glue (its first piece before its first glue), with
        // whether the word is glued at all.
        func lastPiece(_ position: Int) -> (piece: Range<Int>, glued: Bool) {
            let core = words[position].core
            let glue = words[position].lastGlue
            guard glue >= 0 else { return (core, false) }
            return ((glue + 1)..<core.upperBound, true)
        }
        func firstPiece(_ position: Int) -> (piece: Range<Int>, glued: Bool) {
            let core = words[position].core
            let glue = words[position].firstGlue
            guard glue >= 0 else { return (core, false) }
            return (core.lowerBound..<glue, true)
        }
        func info(_ position: Int, _ piece: Range<Int>) -> NameInfo {
            piece == words[position].core ? words[position].info : NameInfo(bytes, piece, vocabulary)
        }
        func member(_ position: Int, _ piece: Range<Int>) -> Bool {
            guard !piece.isEmpty else { return false }
            let info = info(position, piece)
            return (info.capitalized || info.allCaps) && vocabulary.technicalBytes.contains(bytes, piece)
        }
        func isAnchor(_ position: Int, _ piece: Range<Int>) -> Bool {
            guard !piece.isEmpty else { return false }
            let info = info(position, piece)
            return (info.capitalized || info.allCaps) && info.technical && !info.given && !info.surname
        }
        // Walks left from `position` over members; a glued member ends the walk.
        func extendLeft(from position: Int) {
            var left = position &- 1
            while left >= 0, !Self.endsPhrase(bytes, words[left]), !Self.opensPhrase(bytes, words[left &+ 1]) {
                let (piece, glued) = lastPiece(left)
                guard member(left, piece) else { break }
                words[left].phrasePiece = piece
                if glued { break }
                left &-= 1
            }
        }
        func extendRight(from position: Int) {
            var right = position &+ 1
            while right < words.count, !Self.endsPhrase(bytes, words[right &- 1]), !Self.opensPhrase(bytes, words[right]) {
                let (piece, glued) = firstPiece(right)
                guard member(right, piece) else { break }
                words[right].phrasePiece = piece
                if glued { break }
                right &+= 1
            }
        }
        // Both rules below start at a capitalized or all-capitals piece: an unglued word (its one
        // piece the core) that is neither starts nothing.
        func startsNothing(_ position: Int) -> Bool {
            words[position].lastGlue < 0 && !words[position].info.capitalized && !words[position].info.allCaps
        }
        for position in firstStart..<words.count where !startsNothing(position) {
            // A brand takes in nothing without a capitalized word after it: asked before the lists.
            guard position &+ 1 < words.count, words[position &+ 1].info.capitalized || words[position &+ 1].info.allCaps else { continue }
            let piece = lastPiece(position).piece
            let brandInfo = info(position, piece)
            guard brandInfo.capitalized || brandInfo.allCaps, Self.brands.contains(bytes, piece) else { continue }
            var right = position &+ 1
            while right < words.count, words[right].info.capitalized || words[right].info.allCaps,
                words[right].info.known || words[right].info.technical,
                !Self.endsPhrase(bytes, words[right &- 1]), !Self.opensPhrase(bytes, words[right]), right - position <= 3
            {
                words[position].phrasePiece = piece
                words[right].phrasePiece = words[right].core
                right &+= 1
            }
        }
        for position in firstStart..<words.count where !startsNothing(position) {
            let (last, glued) = lastPiece(position)
            if isAnchor(position, last) {
                words[position].phrasePiece = last
                extendLeft(from: position)
                if !glued || last.upperBound == words[position].core.upperBound { extendRight(from: position) }
            } else if glued {
                let (first, _) = firstPiece(position)
                if isAnchor(position, first) {
                    words[position].phrasePiece = first
                    extendLeft(from: position)
                }
            }
        }
    }

    /// Whether a rule of `markNames` or `markTechnicalPhrases` may start at `word`: every one
    /// starts at a glued word, a capitalized or all-capitals word, or a one-capital initial.
    /// The words before the first such word are only read as its neighbours.
    @inline(__always) static func startsRule(_ bytes: UnsafeBufferPointer<UInt8>, _ word: Word) -> Bool {
        word.lastGlue >= 0 || word.info.capitalized || word.info.allCaps
            || word.core.count == 1 && Bytes.isUpper(bytes[word.core.lowerBound])
    }

    /// JSON, XML and `key=value` glue inside a word: `isStructural` and `=`, in one test.
    @inline(__always) static func isGlue(_ b: UInt8) -> Bool {
        let low: UInt64 = 1 << 0x22 | 1 << 0x3a | 1 << 0x2c | 1 << 0x3c | 1 << 0x3e | 1 << 0x3d
        let high: UInt64 = 1 << (0x7b - 0x40) | 1 << (0x7d - 0x40) | 1 << (0x5b - 0x40) | 1 << (0x5d - 0x40)
        return Bytes.isIn(b, low: low, high: high)
    }

    /// Sets `name` on the words that are taken for (part of) a person's name. `firstStart`: no
    /// rule starts before it (`startsRule`).
    private func markNames(
        _ bytes: UnsafeBufferPointer<UInt8>, _ region: Range<Int>, _ words: UnsafeMutableBufferPointer<Word>, from firstStart: Int
    ) {
        markTechnicalPhrases(bytes, words, from: firstStart)
        // Whether a word is in a technical phrase (the loops below do not change it).
        func inPhrase(_ position: Int) -> Bool { words[position].phrasePiece != nil }
        // Whether a rule below took a word for a name.
        var named = false
        for position in firstStart..<words.count {
            let current = words[position].info
            let core = words[position].core, suffixed = words[position].range.upperBound > core.upperBound
            // "J. Fisher": an initial before a capitalized word.
            if core.count == 1, Bytes.isUpper(bytes[core.lowerBound]), suffixed, bytes[core.upperBound] == 0x2e,
                position &+ 1 < words.count, words[position &+ 1].info.capitalized
            {
                // Even before a tool's name: `M. Jenkins` is a person (tools take no initials).
                words[position].name = true
                named = true
                words[position &+ 1].name = true
                continue
            }
            guard current.capitalized || current.allCaps, !inPhrase(position) else { continue }
            // "Reason: …", "Status: …": a label, not a person (read after the initial: a `:` is no `.`).
            if suffixed, bytes[core.upperBound] == 0x3a, current.known { continue }
            // "Jan 24 17:16:58", "14 May 2025": a month next to a day or a year is a date.
            if Self.isMonthInDate(bytes, words, position) {
                words[position].dateMonth = true
                continue
            }
            let previous = position > 0 ? words[position &- 1].info : nil
            let next = position &+ 1 < words.count ? words[position &+ 1].info : nil
            let before = position > 0 ? Self.cues.flags(bytes, words[position &- 1].core) : 0
            let afterTitle = before & Cue.title != 0
            // "assigned to Kiss Edit": a cue, then `to`.
            let afterCue =
                before & Cue.person != 0
                || position > 1 && before & Cue.link != 0 && Self.cues.flags(bytes, words[position &- 2].core) & Cue.person != 0
            if current.capitalized {
                // Family name first (`Kiss Edit`, `Nagy Anna`): after a cue, a capitalized word
                // right before a given name is that person's family name.
                let givenNext = next.map { $0.capitalized && $0.given && !$0.technical } ?? false
                if afterTitle || afterCue && !current.technical && (current.given || current.surname || !current.known || givenNext) {
                    words[position].name = true
                    named = true
                    if let next, next.capitalized, !next.technical, !inPhrase(position &+ 1), next.surname || next.given || !next.known {
                        words[position &+ 1].name = true
                    }
                } else if current.given && !current.technical {
                    words[position].name = true
                    named = true
                    // A given name followed by a capitalized word: that word is the surname.
                    if let next, next.capitalized, !next.technical, !inPhrase(position &+ 1) { words[position &+ 1].name = true }
                } else if current.surname && !current.technical && !startsSentence(bytes, region, words, position) {
                    words[position].name = true
                    named = true
                } else if current.surname, let previous, previous.capitalized, words[position &- 1].name {
                    words[position].name = true
                    named = true
                }
            } else if current.allCaps, current.given, let next, next.allCaps, next.surname || !next.known {
                words[position].name = true
                named = true
                words[position &+ 1].name = true
            }
        }
        // The rules below extend names: nothing to do in a region without one (most).
        guard named else { return }
        // "Snow, Crystal": a capitalized word and a comma before a flagged given name.
        for position in words.indices.dropFirst() where words[position].name && words[position].info.given && !words[position &- 1].name {
            let previous = words[position &- 1]
            if previous.info.capitalized, !previous.info.technical, previous.range.upperBound > previous.core.upperBound,
                bytes[previous.core.upperBound] == 0x2c
            {
                words[position &- 1].name = true
            }
        }
        // "Cassandra Bailey": a given name that is also a product, right before a surname taken
        // for a name, is that person's given name.
        for position in words.indices.dropLast() where !words[position].name && words[position &+ 1].name {
            let current = words[position].info
            if current.capitalized, current.given, words[position &+ 1].info.surname, !inPhrase(position),
                !Self.endsPhrase(bytes, words[position])
            {
                words[position].name = true
            }
        }
        // "Anna van 't Riet", "Maria de la Cruz": particles between a name and its capitalized
        // rest are part of it.
        var position = 0
        while position < words.count {
            defer { position += 1 }
            guard words[position].name else { continue }
            var next = position &+ 1
            while next < words.count, next - position <= 3, Self.nameParticles.contains(bytes, words[next].core) {
                next += 1
            }
            if next > position &+ 1, next < words.count, words[next].info.capitalized || !words[next].info.known {
                for index in (position &+ 1)...next { words[index].name = true }
                position = next
            }
        }
    }

    static let months = ByteWordSet([
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january", "february",
        "march", "april", "june", "july", "august", "september", "october", "november", "december",
    ])

    /// A month name right after a day (`14 Jan`) or right before a day or a year (`Jan 24`,
    /// `May 2025`), with nothing but spaces between.
    static func isMonthInDate(_ bytes: UnsafeBufferPointer<UInt8>, _ words: UnsafeMutableBufferPointer<Word>, _ position: Int) -> Bool {
        let word = words[position]
        guard word.core.count >= 3, word.core.count <= 9, months.contains(bytes, word.core) else { return false }
        func digits(_ range: Range<Int>, _ lengths: ClosedRange<Int>) -> Bool {
            lengths.contains(range.count) && range.allSatisfy { Bytes.isDigit(bytes[$0]) }
        }
        if position > 0, words[position &- 1].core.upperBound == words[position &- 1].range.upperBound,
            word.core.lowerBound == word.range.lowerBound, digits(words[position &- 1].core, 1...2)
        {
            return true
        }
        if position &+ 1 < words.count, words[position &+ 1].core.lowerBound == words[position &+ 1].range.lowerBound,
            word.core.upperBound == word.range.upperBound || bytes[word.core.upperBound] == 0x2e,
            digits(words[position &+ 1].core, 1...2) || digits(words[position &+ 1].core, 4...4)
        {
            return true
        }
        return false
    }

    /// Lowercase particles inside names (`van`, `de`, `von`, `'t`).
    static let nameParticles = ByteWordSet([
        "van", "von", "der", "den", "de", "la", "le", "di", "da", "del", "dos", "das", "du", "ter", "ten", "zu", "y", "t",
    ])

    /// A word that ends with sentence or list punctuation ends a phrase after it.
    static func endsPhrase(_ bytes: UnsafeBufferPointer<UInt8>, _ word: Word) -> Bool {
        guard word.range.upperBound > word.core.upperBound else { return false }
        let b = bytes[word.core.upperBound]
        return b == 0x2c || b == 0x2e || b == 0x3b || b == 0x3a || b == 0x29 || b == 0x22
    }

    /// A word that starts with an opening bracket or quote starts a phrase of its own.
    static func opensPhrase(_ bytes: UnsafeBufferPointer<UInt8>, _ word: Word) -> Bool {
        word.core.lowerBound > word.range.lowerBound
    }

    /// A word's case and lists, two bytes (set once per word, read by many rules).
    struct NameInfo {
        /// The word's lists (`FreeTextVocabulary.Lists` flags), 0 when not looked up.
        private let lists: UInt8
        /// `Shape` flags.
        private let shape: UInt8

        private enum Shape {
            static let capitalized: UInt8 = 1
            static let allCaps: UInt8 = 2
            static let looked: UInt8 = 4
        }

        var capitalized: Bool { shape & Shape.capitalized != 0 }
        var allCaps: Bool { shape & Shape.allCaps != 0 }
        /// `capitalized || allCaps`, in one test.
        var capitalizedOrAllCaps: Bool { shape & (Shape.capitalized | Shape.allCaps) != 0 }
        var given: Bool { lists & FreeTextVocabulary.Lists.givenName != 0 }
        var surname: Bool { lists & FreeTextVocabulary.Lists.surname != 0 }
        var known: Bool { lists & FreeTextVocabulary.Lists.word != 0 }
        var technical: Bool { lists & FreeTextVocabulary.Lists.exactTerm != 0 }
        /// The lists were looked up (`known || technical` is then `vocabulary.knows`).
        var looked: Bool { shape & Shape.looked != 0 }

        /// What the case rules read of a core's bytes.
        struct Letters {
            /// Two bytes or more, all letters, `'` or `-`.
            var only: Bool
            /// A small letter; one after the first byte; a capital after the first byte that
            /// follows no `-` or `'`.
            var lower: Bool
            var innerLower: Bool
            var innerUpper: Bool

            @inline(__always)
            init(only: Bool, lower: Bool, innerLower: Bool, innerUpper: Bool) {
                self.only = only
                self.lower = lower
                self.innerLower = innerLower
                self.innerUpper = innerUpper
            }

            init(_ bytes: UnsafeBufferPointer<UInt8>, _ core: Range<Int>) {
                only = core.count >= 2
                lower = false; innerLower = false; innerUpper = false
                guard only else { return }
                for index in core {
                    let b = bytes[index]
                    guard Bytes.isLetter(b) || b == 0x27 || b == 0x2d else { only = false; return }
                    if Bytes.isLower(b) {
                        lower = true
                        if index > core.lowerBound { innerLower = true }
                    } else if index > core.lowerBound, Bytes.isUpper(b), bytes[index - 1] != 0x2d, bytes[index - 1] != 0x27 {
                        innerUpper = true
                    }
                }
            }
        }

        /// The vocabulary is borrowed (an initializer's arguments are owned: one retain and
        /// release a word otherwise).
        init(_ bytes: UnsafeBufferPointer<UInt8>, _ core: Range<Int>, _ vocabulary: borrowing FreeTextVocabulary) {
            self.init(bytes, core, Letters(bytes, core), vocabulary)
        }

        /// A core that is not only letters: no lists, no case.
        @inline(__always)
        init() {
            lists = 0
            shape = 0
        }

        /// `letters` and `lists`: the core's, read by the caller (`lists` when `letters.only`);
        /// `firstUpper`: the core's first byte is a capital.
        @inline(__always)
        init(_ letters: Letters, firstUpper: Bool, lists: UInt8) {
            guard letters.only else {
                self.lists = 0
                shape = 0
                return
            }
            let capitalized = firstUpper && letters.innerLower && !letters.innerUpper
            shape = Shape.looked | (capitalized ? Shape.capitalized : 0) | (letters.lower ? 0 : Shape.allCaps)
            self.lists = lists
        }

        /// `letters`: the core's, read by the caller.
        @inline(__always)
        init(_ bytes: UnsafeBufferPointer<UInt8>, _ core: Range<Int>, _ letters: Letters, _ vocabulary: borrowing FreeTextVocabulary) {
            guard letters.only else {
                lists = 0
                shape = 0
                return
            }
            let capitalized = Bytes.isUpper(bytes[core.lowerBound]) && letters.innerLower && !letters.innerUpper
            shape = Shape.looked | (capitalized ? Shape.capitalized : 0) | (letters.lower ? 0 : Shape.allCaps)
            lists = vocabulary.lists(bytes, core)
        }
    }

    // MARK: Vocabulary

    /// True when the word may stay: punctuation, numbers, versions, instance types, policy
    /// terms, or made only of vocabulary words (split at separators, case and digits).
    /// `knows`: `vocabulary.knows(bytes, core)` when the caller has it already.
    func allows(_ bytes: UnsafeBufferPointer<UInt8>, _ core: Range<Int>, knows: Bool? = nil) -> Bool {
        // One table load a byte, its classes gathered without a branch.
        var seen: UInt8 = 0
        for index in core { seen |= Self.allowsClass(bytes[index]) }
        let letterOrHigh = seen & 3 != 0, high = seen & 2 != 0, passwordSymbol = seen & 4 != 0
        if !letterOrHigh {
            // Digits and symbols: keep short numbers; long digit runs were judged by the detectors.
            return true
        }
        if high { return false }
        // Letters mixed with password symbols ($ ! # % ^ & * ~ @) look like a credential.
        if passwordSymbol { return false }
        // A hex literal starts with `0`, an error code with a capital: other words skip the calls.
        let first = bytes[core.lowerBound]
        if knows ?? vocabulary.knows(bytes, core) || first == 0x30 && Self.isHexLiteral(bytes, core)
            || Bytes.isUpper(first) && Self.isErrorCode(bytes, core)
        {
            return true
        }
        if subwordsKnown(bytes, core) { return true }
        // Every instance type has a '.', '_' or '-' (`t3.large`, `Standard_D2s_v3`, `n2-standard-4`):
        // a word without one is none, and needs no String to say so.
        guard core.contains(where: { bytes[$0] == 0x2e || bytes[$0] == 0x5f || bytes[$0] == 0x2d }) else { return false }
        return Self.isInstanceType(bytes, core)
    }

    /// What `allows` reads of a byte: 1 an ASCII letter, 2 a byte ≥ 0x80, 4 a password symbol
    /// (`Bytes.isPasswordSymbol`), else 0; one load from a constant table (16 bytes a line, 0x00
    /// to 0xff; `\` at a line end joins the lines).
    @inline(__always) static func allowsClass(_ b: UInt8) -> UInt8 {
        let table: StaticString = """
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \0\u{4}\0\u{4}\u{4}\u{4}\u{4}\0\0\0\u{4}\0\0\0\0\0\
            \0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\
            \u{4}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\
            \u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\0\0\0\u{4}\0\
            \0\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\
            \u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\0\0\0\u{4}\0\
            \u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\
            \u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\
            \u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\
            \u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\
            \u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\
            \u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\
            \u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\
            \u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}\u{2}
            """
        return table.utf8Start[Int(b)]
    }

    /// Splits at non-alphanumerics, lower→upper case changes and letter↔digit changes. A
    /// capitalized name inside (`MarkBaker`) or two or more words glued to digits
    /// (`FreeTextMarker5c1`, a user name's shape) is not kept.
    private func subwordsKnown(_ bytes: UnsafeBufferPointer<UInt8>, _ core: Range<Int>) -> Bool {
        var start = core.lowerBound
        var index = core.lowerBound
        var letterWords = 0, digitRuns = 0, separators = 0
        // `UserErrorGuestAgentStatusUnavailable`, `ImportModuleError`: an error's name, whose
        // capitalized words are no person's. Asked only of a word with a name-listed piece.
        var errorNameKnown: Bool? = nil
        func errorName() -> Bool {
            if let errorNameKnown { return errorNameKnown }
            let answer = Self.endsWithErrorWord(bytes, core)
            errorNameKnown = answer
            return answer
        }
        func check(_ piece: Range<Int>) -> Bool {
            guard !piece.isEmpty else { return true }
            if Bytes.isDigit(bytes[piece.lowerBound]) {
                digitRuns += 1
                return piece.count <= 8
            }
            if piece.count <= 2 { return true }
            let lists = vocabulary.lists(bytes, piece)
            if Bytes.isUpper(bytes[piece.lowerBound]), Bytes.isLower(bytes[piece.lowerBound + 1]),
                lists & (FreeTextVocabulary.Lists.givenName | FreeTextVocabulary.Lists.surname) != 0,
                lists & FreeTextVocabulary.Lists.exactTerm == 0, piece.count < core.count, !errorName()
            {
                return false
            }
            if piece.count >= 3 { letterWords += 1 }
            return lists & FreeTextVocabulary.Lists.known != 0
        }
        while index <= core.upperBound {
            let boundary: Bool
            if index == core.upperBound {
                boundary = true
            } else {
                let b = bytes[index]
                if !Bytes.isAlnum(b) {
                    separators &+= 1
                    guard check(start..<index) else { return false }
                    start = index &+ 1
                    index &+= 1
                    continue
                }
                let previous = index > start ? bytes[index &- 1] : 0
                boundary =
                    index > start
                    && ((Bytes.isLower(previous) && Bytes.isUpper(b))
                        || (Bytes.isDigit(previous) != Bytes.isDigit(b))
                        || (Bytes.isUpper(previous) && Bytes.isUpper(b) && index &+ 1 < core.upperBound && Bytes.isLower(bytes[index &+ 1])))
            }
            if boundary {
                guard check(start..<index) else { return false }
                start = index
            }
            index &+= 1
        }
        return !(separators == 0 && letterWords >= 2 && digitRuns >= 1)
    }

    static let errorWords = ByteWordSet([
        "error", "exception", "fault", "unavailable", "failed", "failure", "denied", "timeout", "invalid", "exceeded",
        "conflict", "unauthorized", "forbidden", "notfound", "mismatch", "throttled", "unsupported",
    ])

    /// The core's last capitalized word (after a small letter) is an error word: `…Fault`.
    static func endsWithErrorWord(_ bytes: UnsafeBufferPointer<UInt8>, _ core: Range<Int>) -> Bool {
        var start = core.upperBound - 1
        while start > core.lowerBound, Bytes.isLower(bytes[start]) { start -= 1 }
        guard start > core.lowerBound, Bytes.isUpper(bytes[start]), Bytes.isLower(bytes[start - 1]) || Bytes.isUpper(bytes[start - 1]) else {
            return false
        }
        return errorWords.contains(bytes, start..<core.upperBound)
    }

    /// `MSB3073`, `CS1061`, `TS2345`, `KB5034441`-like codes: two to six capitals and three to
    /// five digits (an id with six or more digits is the detectors' `identifier_code`).
    static func isErrorCode(_ bytes: UnsafeBufferPointer<UInt8>, _ core: Range<Int>) -> Bool {
        var index = core.lowerBound
        while index < core.upperBound, Bytes.isUpper(bytes[index]) { index += 1 }
        let letters = index - core.lowerBound
        let digitStart = index
        while index < core.upperBound, Bytes.isDigit(bytes[index]) { index += 1 }
        let digits = index - digitStart
        return index == core.upperBound && (2...6).contains(letters) && (3...5).contains(digits)
    }

    static func isHexLiteral(_ bytes: UnsafeBufferPointer<UInt8>, _ core: Range<Int>) -> Bool {
        core.count > 2 && core.count <= 18 && Bytes.matches(bytes, at: core.lowerBound, lowercase: "0x")
            && core.dropFirst(2).allSatisfy { Bytes.isHex(bytes[$0]) }
    }

    /// Machine series after a family and a dash (`n2-standard-4`, `e2-highmem-8`).
    static let machineSeries = ByteWordSet([
        "standard", "highmem", "highcpu", "medium", "small", "micro", "megamem", "ultramem", "custom", "highgpu", "standardlssd",
    ])

    /// `t3.large`, `db.r5.2xlarge`, `Standard_D2s_v3`, `n2-standard-4`, in any ASCII case (the
    /// caller passes no byte ≥ 0x80). Pieces are cut as `split(separator:)` cuts them: empty
    /// pieces (`..`) are dropped.
    static func isInstanceType(_ bytes: UnsafeBufferPointer<UInt8>, _ core: Range<Int>) -> Bool {
        // Two or more pieces between dots, the last an instance size, the others letters and digits.
        var dotted = 0, last = core.lowerBound..<core.lowerBound, lastPlain = true, othersPlain = true
        var start = core.lowerBound
        for index in core.lowerBound...core.upperBound where index == core.upperBound || bytes[index] == 0x2e {
            if index > start {
                if dotted > 0 { othersPlain = othersPlain && lastPlain }
                last = start..<index
                lastPlain = last.allSatisfy { Bytes.isAlnum(bytes[$0]) }
                dotted += 1
            }
            start = index + 1
        }
        if dotted >= 2, TokenClassifier.instanceSizeBytes.contains(bytes, last), othersPlain { return true }
        for prefix: StaticString in ["standard_", "basic_", "premium_"]
        where core.count >= prefix.utf8CodeUnitCount && Bytes.matches(bytes, at: core.lowerBound, lowercase: prefix) {
            return ((core.lowerBound + prefix.utf8CodeUnitCount)..<core.upperBound).allSatisfy {
                Bytes.isAlnum(bytes[$0]) || bytes[$0] == 0x5f
            }
        }
        // A family of up to four bytes with a digit, a dash, a machine series, at most one more piece.
        var dashed = 0, family = core.lowerBound..<core.lowerBound, series = core.lowerBound..<core.lowerBound
        start = core.lowerBound
        for index in core.lowerBound...core.upperBound where index == core.upperBound || bytes[index] == 0x2d {
            if index > start {
                if dashed == 0 { family = start..<index } else if dashed == 1 { series = start..<index }
                dashed += 1
            }
            start = index + 1
        }
        return (2...3).contains(dashed) && family.count <= 4 && family.contains(where: { Bytes.isDigit(bytes[$0]) })
            && machineSeries.contains(bytes, series)
    }
}
