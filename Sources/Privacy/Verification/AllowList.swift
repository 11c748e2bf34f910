/// The scan's allow-list, written apart from the anonymizer's word rules. A token is a run of
/// letters, digits, `_`, `-` and `.`; it passes whole when it is a vocabulary word or a policy
/// term (`us-east-1`, `replicate_db`); otherwise each run of letters and digits in it is split
/// where letters and digits meet and where a capital follows a small letter, and every piece
/// must be a number of at most eight digits, one or two letters, an acronym of at most six
/// capitals, or a known word. A capitalized given name or surname inside a compound, two or
/// more words glued to a number, and any non-ASCII letter are findings.
struct AllowList: Sendable {
    let vocabulary: FreeTextVocabulary

    /// The verdict on one token without its trailing separators (`classes`: the `ScanClass`
    /// bits of its bytes, trailing separators included, or-ed).
    @inline(__always)
    func judge(_ bytes: UnsafeBufferPointer<UInt8>, _ token: Range<Int>, _ classes: UInt8, into found: inout [DetectedSpan]) {
        if classes & ScanClass.high != 0 {
            found.append(DetectedSpan(token, .unknownWord))
            return
        }
        // A token of one or two bytes (letters or digits) is always accepted: its pieces are
        // of one or two bytes, none is judged further, and it has no two words.
        if token.count <= 2 { return }
        // Digits alone (no separator even trailing) are a number: `accepts` keeps it when it has
        // at most eight, whatever the vocabulary says.
        if classes == ScanClass.digit, token.count <= 8 { return }
        // Most tokens are vocabulary words or policy terms: asked here, before the call.
        if vocabulary.knows(bytes, token) { return }
        var separated = false
        if classes & ScanClass.separator != 0 {
            var position = token.lowerBound
            while position < token.upperBound, ScanClass.of(bytes[position]) & ScanClass.separator == 0 { position += 1 }
            separated = position < token.upperBound
        }
        if !accepts(bytes, token, separated: separated) { found.append(DetectedSpan(token, .unknownWord)) }
    }

    private static let errorSuffixes: [StaticString] = [
        "error", "exception", "fault", "unavailable", "failed", "failure", "denied", "timeout", "invalid", "exceeded", "conflict",
        "unauthorized", "forbidden", "notfound", "mismatch", "throttled", "unsupported",
    ]

    /// `x2iedn.4xlarge`, `db.r5.2xlarge`: a family with a digit in it, a dot and a known size.
    private func isInstanceType(_ bytes: UnsafeBufferPointer<UInt8>, _ token: Range<Int>) -> Bool {
        guard let dot = token.last(where: { bytes[$0] == 0x2e }), dot > token.lowerBound, dot - token.lowerBound <= 10,
            TokenClassifier.instanceSizeBytes.contains(bytes, (dot + 1)..<token.upperBound)
        else { return false }
        let family = token.lowerBound..<dot
        return family.contains { Bytes.isDigit(bytes[$0]) } && family.allSatisfy { Bytes.isAlnum(bytes[$0]) || bytes[$0] == 0x2e }
    }

    /// The pieces are judged as they are cut (no list of them is kept): a piece that starts or
    /// ends at a lower→upper change is "camel-split" (one that ends there only when it began the
    /// token or after a separator); an acronym piece passes only when the token has other pieces,
    /// which is known at the end. The token has letters, digits and separators only (a byte
    /// ≥ 0x80 is a finding before) and is neither a vocabulary word nor a policy term (the
    /// caller asked); `separated`: it has a separator.
    func accepts(_ bytes: UnsafeBufferPointer<UInt8>, _ token: Range<Int>, separated: Bool) -> Bool {
        // A number (ports, counts, ids): one piece of digits, no month, no dot; the rules below
        // keep it when it has at most eight digits.
        if Bytes.isDigit(bytes[token.lowerBound]), token.allSatisfy({ Bytes.isDigit(bytes[$0]) }) { return token.count <= 8 }
        // (A month name has at most nine letters; an instance type has a dot, so a separator.)
        if token.count <= 9 && NameCheck.isDateMonth(bytes, token) || separated && isInstanceType(bytes, token) { return true }
        // An error's name (`…AgentStatusUnavailable`, `…AccessibleFault`): its words are no person's.
        // Read only when a piece needs it (a capitalized name-listed piece after a camel split).
        var errorNameKnown: Bool?
        func errorName() -> Bool {
            if let known = errorNameKnown { return known }
            let known = Self.errorSuffixes.contains {
                token.count > $0.utf8CodeUnitCount
                    && Bytes.matches(bytes, at: token.upperBound - $0.utf8CodeUnitCount, lowercase: $0)
                    && Bytes.isUpper(bytes[token.upperBound - $0.utf8CodeUnitCount])
            }
            errorNameKnown = known
            return known
        }
        var numbers = 0, words = 0, pieces = 0
        var loneAcronym = false  // an all-capitals piece that passes only if it is not the only piece
        var previousEnd = -1  // the last piece's end, -1 before the first
        var startedAtCamel = false
        /// False when `piece` fails.
        func judge(_ piece: Range<Int>, camelSplit: Bool) -> Bool {
            pieces += 1
            previousEnd = piece.upperBound
            let first = bytes[piece.lowerBound]
            if first >= 0x30 && first <= 0x39 {
                numbers += 1
                return piece.count <= 8
            }
            if piece.count >= 3 { words += 1 }
            if piece.count <= 2 { return true }
            let titleCase = first >= 0x41 && first <= 0x5a && bytes[piece.lowerBound + 1] >= 0x61
            let lists = vocabulary.lists(bytes, piece)
            if camelSplit, titleCase, lists & (FreeTextVocabulary.Lists.givenName | FreeTextVocabulary.Lists.surname) != 0,
                lists & FreeTextVocabulary.Lists.exactTerm == 0, !errorName()
            {
                return false
            }
            if lists & FreeTextVocabulary.Lists.known != 0 { return true }
            if piece.count <= 6, piece.allSatisfy({ bytes[$0] >= 0x41 && bytes[$0] <= 0x5a }) {
                loneAcronym = true
                return true
            }
            return false
        }
        // Where pieces end is found eight bytes at a time (`PieceSplit`); only those places are visited.
        var start = token.lowerBound
        var carry = PieceSplit.Carry()
        var wordStart = token.lowerBound
        while wordStart < token.upperBound {
            let word = PieceSplit.word(bytes, token, at: wordStart, carry: &carry)
            var events = word.events
            while events != 0 {
                let bit = events.trailingZeroBitCount
                let index = wordStart + bit >> 3
                events &= events &- 1
                if word.separators &>> UInt64(bit) & 1 != 0 {
                    if index > start, !judge(start..<index, camelSplit: startedAtCamel) { return false }
                    startedAtCamel = false
                    start = index + 1
                } else {
                    let camel = word.camels &>> UInt64(bit) & 1 != 0
                    let marked = startedAtCamel || camel && (previousEnd < 0 || previousEnd != start)
                    if !judge(start..<index, camelSplit: marked) { return false }
                    startedAtCamel = camel
                    start = index
                }
            }
            wordStart += 8
        }
        if token.upperBound > start, !judge(start..<token.upperBound, camelSplit: startedAtCamel) { return false }
        if loneAcronym && pieces <= 1 { return false }
        // Two or more words glued to a number with no separator is the shape of a user name.
        return separated || !(numbers > 0 && words >= 2)
    }
}

/// The scan's own check for names made of dictionary words: a capitalized given name next to
/// another capitalized word, or any capitalized given name or surname after a person cue
/// (`user`, `contact`, `by`, `Mr`, …) or in the middle of a sentence.
struct NameCheck: Sendable {
    let vocabulary: FreeTextVocabulary
    static let brands = ByteWordSet([
        "azure", "aws", "amazon", "google", "cloud", "microsoft", "oracle", "ibm", "sap", "vmware", "apache", "elastic", "alibaba", "red",
    ])

    /// A word of the name check: a run of letters (with ' or - inside), whether a sentence
    /// ended before it, whether it is inside a technical phrase, and its lists (`Lists` flags),
    /// looked up once for the capitalized words that need them. Only words that start with a
    /// capital are kept (every rule starts at one); what the rules read of the others is kept
    /// with them: the two words before (cues, `to`), and the word's place among all words, so
    /// that the next kept word is known to be the next word or not.
    struct Word {
        var range: Range<Int>
        var sentenceStart: Bool
        var phrase = false
        var lists: UInt8 = 0
        var looked = false
        /// The word's place among all words of the text, as far as the rules read it: 0 for the
        /// first word, 1 for the second, at least 2 after; a kept word right after the last kept
        /// one has its ordinal plus one, any other kept word more (`words` counts no other word).
        var ordinal: Int
        /// The word before it and the one before that (read only when `ordinal` says they exist).
        var previous: Range<Int>
        var beforePrevious: Range<Int>
    }

    /// Words inside a technical phrase ("UK South", "Cloud Spanner", "Germany West Central"):
    /// an anchor, a capitalized exact term that no name list has, and the capitalized words of
    /// the technical list joined to it by single spaces. Written apart from the anonymizer's.
    /// Sets `phrase` (and `lists` for every capitalized word).
    func markTechnicalPhrases(_ bytes: UnsafeBufferPointer<UInt8>, _ words: UnsafeMutableBufferPointer<Word>) {
        // Title case or all capitals (two letters or more): a capital, then a small letter or capitals.
        func capital(_ range: Range<Int>) -> Bool {
            guard range.count >= 2, Bytes.isUpper(bytes[range.lowerBound]) else { return false }
            return Bytes.isLower(bytes[range.lowerBound + 1]) || range.dropFirst().allSatisfy { Bytes.isUpper(bytes[$0]) }
        }
        func joined(_ left: Int, _ right: Int) -> Bool {
            words[right].range.lowerBound == words[left].range.upperBound + 1 && bytes[words[left].range.upperBound] == 0x20
        }
        func member(_ index: Int) -> Bool { capital(words[index].range) && vocabulary.technicalBytes.contains(bytes, words[index].range) }
        func lists(_ index: Int) -> UInt8 {
            if !words[index].looked {
                words[index].lists = vocabulary.lists(bytes, words[index].range)
                words[index].looked = true
            }
            return words[index].lists
        }
        // One pass over the capitalized words (both rules only set `phrase`, neither reads it).
        for index in words.indices where capital(words[index].range) {
            // Products after a brand: "Azure Key Vault", "Cloud Run" (vocabulary words, three at most).
            // (A brand takes in nothing without a capitalized word right after it: asked first.)
            if index + 1 < words.count, joined(index, index + 1), capital(words[index + 1].range), Self.brands.contains(bytes, words[index].range) {
                var right = index + 1
                while right < words.count, right - index <= 3, joined(right - 1, right), capital(words[right].range),
                    lists(right) & FreeTextVocabulary.Lists.known != 0
                {
                    words[index].phrase = true
                    words[right].phrase = true
                    right += 1
                }
            }
            // An all-capitals word is judged by no rule of `violations` (they start at title case):
            // as an anchor it matters only to a capitalized word joined to it, its lists not otherwise.
            if !Bytes.isLower(bytes[words[index].range.lowerBound + 1]),
                !(index > 0 && joined(index - 1, index) && capital(words[index - 1].range)),
                !(index + 1 < words.count && joined(index, index + 1) && capital(words[index + 1].range))
            {
                continue
            }
            let flags = lists(index)
            guard flags & FreeTextVocabulary.Lists.exactTerm != 0,
                flags & (FreeTextVocabulary.Lists.givenName | FreeTextVocabulary.Lists.surname) == 0
            else { continue }
            words[index].phrase = true
            var left = index - 1
            while left >= 0, joined(left, left + 1), member(left) { words[left].phrase = true; left -= 1 }
            var right = index + 1
            while right < words.count, joined(right - 1, right), member(right) { words[right].phrase = true; right += 1 }
        }
    }
    static let cues = ByteWordSet([
        "user", "contact", "by", "owner", "admin", "operator", "engineer", "manager", "cc", "from", "approved", "assignee",
        "reporter", "author", "dear", "hi", "hello", "thanks", "regards", "ask", "call", "email", "ping", "lead", "dba",
        "customer", "client", "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "escalated", "sent", "forwarded",
        "reassigned", "handed",
    ])

    func violations(_ bytes: UnsafeBufferPointer<UInt8>, into found: inout [DetectedSpan]) {
        // Every rule starts at a capital: a text without one (a short reply, a lower-case line)
        // has no finding, and needs no word list.
        var firstCapital = ByteWords.next(bytes, from: 0) { ByteWords.inRange($0, 0x41, 0x5a) }
        while firstCapital < bytes.count, !Bytes.isUpper(bytes[firstCapital]) { firstCapital += 1 }
        guard firstCapital < bytes.count else { return }
        // Words: runs of letters (with ' or - inside), and whether a sentence ended before them
        // (a `TemporaryList`: on the stack for a log line's words).
        TemporaryList.with(Word.self, reserve: bytes.count / 6 + 8, fill: { append in Self.words(bytes, append) }) { words in
            violations(bytes, words, into: &found)
        }
    }

    /// Each word of `bytes` that starts with a capital, in order. Capitals are found eight bytes
    /// at a time, so that stretches without one are not cut into words; what a kept word needs
    /// of the text before it (the word before, the gap that says whether a sentence starts, the
    /// word before that after a `to`) is read backwards from it, up to the word before the word
    /// before at most: every byte is read a bounded number of times.
    @inline(__always)
    static func words(_ bytes: UnsafeBufferPointer<UInt8>, _ append: (Word) -> Void) {
        let count = bytes.count
        var search = 0
        // The last kept word's start (-1 before the first), end and ordinal.
        var lastStart = -1, lastEnd = -1, lastOrdinal = 0
        while true {
            var start = ByteWords.next(bytes, from: search) { ByteWords.inRange($0, 0x41, 0x5a) }
            while start < count, !Bytes.isUpper(bytes[start]) { start += 1 }
            guard start < count else { return }
            // A capital inside a word (after a letter, or after a ' or - that follows one) starts none.
            if start > 0,
                Bytes.isLetter(bytes[start - 1])
                    || start > 1 && (bytes[start - 1] == 0x27 || bytes[start - 1] == 0x2d) && Bytes.isLetter(bytes[start - 2])
            {
                search = start + 1
                continue
            }
            let end = wordEnd(bytes, from: start)
            // The word before: the last letter before `start` ends it.
            let previousEnd = lastLetterEnd(bytes, before: start)
            var previous = 0..<0
            var gapStart = 0
            // A sentence starts at the text's start, and not right after a word.
            var sentenceStart = true
            if previousEnd > 0 {
                previous = (previousEnd == lastEnd ? lastStart : wordStart(bytes, before: previousEnd))..<previousEnd
                sentenceStart = false
                // An initial ("J.") does not end a sentence: its period is no gap byte.
                gapStart = previous.count == 1 && bytes[previousEnd] == 0x2e ? previousEnd + 1 : previousEnd
            }
            // The gap's last byte that is neither a digit nor a space other than a newline decides.
            var gap = start
            while gap > gapStart {
                let b = bytes[gap - 1]
                if Bytes.isDigit(b) || b == 0x20 || b != 0x0a && Bytes.isSpace(b) {
                    gap -= 1
                    continue
                }
                sentenceStart = b == 0x2e || b == 0x21 || b == 0x3f || b == 0x3a || b == 0x0a
                break
            }
            let ordinal: Int
            if lastStart >= 0 {
                ordinal = lastOrdinal + (previousEnd == lastEnd ? 1 : 2)
            } else if previousEnd == 0 {
                ordinal = 0
            } else {
                // The first kept word: is there a word before the word before it?
                let before = lastLetterEnd(bytes, before: previous.lowerBound)
                ordinal = before > 0 ? 2 : 1
            }
            // The word before the word before is read only after a `to` (a cue may precede it).
            var beforePrevious = 0..<0
            if ordinal > 1, Bytes.equals(bytes, previous, lowercase: "to") {
                let beforeEnd = lastLetterEnd(bytes, before: previous.lowerBound)
                if beforeEnd > 0 { beforePrevious = wordStart(bytes, before: beforeEnd)..<beforeEnd }
            }
            append(
                Word(range: start..<end, sentenceStart: sentenceStart, ordinal: ordinal, previous: previous, beforePrevious: beforePrevious))
            lastStart = start
            lastEnd = end
            lastOrdinal = ordinal
            search = end
        }
    }

    /// The end of the word that starts at the letter at `start`: letters, a ' or - going on only
    /// before a letter.
    @inline(__always)
    private static func wordEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var end = ByteWords.runEnd(bytes, from: start, ByteWords.letters, byte: Bytes.isLetter)
        while end + 1 < bytes.count, bytes[end] == 0x27 || bytes[end] == 0x2d, Bytes.isLetter(bytes[end + 1]) {
            end = ByteWords.runEnd(bytes, from: end + 1, ByteWords.letters, byte: Bytes.isLetter)
        }
        return end
    }

    /// The start of the word whose last letter is at `end - 1`: back over letters, and over a
    /// ' or - between two letters (forwards, it would have joined them).
    private static func wordStart(_ bytes: UnsafeBufferPointer<UInt8>, before end: Int) -> Int {
        // Runs of letters are passed eight bytes at a time.
        var start = letterRunStart(bytes, before: end - 1)
        while start > 1, bytes[start - 1] == 0x27 || bytes[start - 1] == 0x2d, Bytes.isLetter(bytes[start - 2]) {
            start = letterRunStart(bytes, before: start - 2)
        }
        return start
    }

    private func violations(_ bytes: UnsafeBufferPointer<UInt8>, _ words: UnsafeMutableBufferPointer<Word>, into found: inout [DetectedSpan]) {
        markTechnicalPhrases(bytes, words)
        for position in words.indices {
            // Every rule below starts at a capital (only such words are kept; the test is kept
            // as it was: without it the loop compiles to more instructions).
            guard Bytes.isUpper(bytes[words[position].range.lowerBound]) else { continue }
            let word = words[position]
            if word.phrase { continue }
            // The next word, when it starts with a capital (only those are kept).
            let nextKept = position + 1 < words.count && words[position + 1].ordinal == word.ordinal + 1
            // "J. Fisher": a single capital and a period before a capitalized word.
            if word.range.count == 1, Bytes.isUpper(bytes[word.range.lowerBound]), word.range.upperBound < bytes.count,
                bytes[word.range.upperBound] == 0x2e, nextKept, isTitleCase(bytes, words[position + 1].range)
            {
                found.append(DetectedSpan(word.range.lowerBound..<words[position + 1].range.upperBound, .personName))
                continue
            }
            // "Snow, Crystal": a capitalized word and a comma before a capitalized given name.
            if isTitleCase(bytes, word.range), word.range.upperBound < bytes.count, bytes[word.range.upperBound] == 0x2c,
                nextKept, isTitleCase(bytes, words[position + 1].range),
                vocabulary.givenNameBytes.contains(bytes, words[position + 1].range), !vocabulary.exactTermBytes.contains(bytes, word.range)
            {
                found.append(DetectedSpan(word.range, .personName))
            }
            guard isTitleCase(bytes, word.range) else { continue }
            // Title-case words are capitalized: their lists were looked up with the phrases.
            let lists = word.looked ? word.lists : vocabulary.lists(bytes, word.range)
            guard lists & FreeTextVocabulary.Lists.exactTerm == 0 else { continue }
            // "Reason: …" at the start of a sentence is a label.
            if word.sentenceStart, word.range.upperBound < bytes.count, bytes[word.range.upperBound] == 0x3a { continue }
            // Part of an identifier (`Standard_D2s_v3`, `Mark2`): the allow-list judges those.
            let before = word.range.lowerBound > 0 ? bytes[word.range.lowerBound - 1] : 0x20
            let after = word.range.upperBound < bytes.count ? bytes[word.range.upperBound] : 0x20
            if before == 0x5f || after == 0x5f || Bytes.isDigit(before) || Bytes.isDigit(after) || before == 0x2e
                || after == 0x2e && word.range.upperBound + 1 < bytes.count && Bytes.isLetter(bytes[word.range.upperBound + 1])
            {
                continue
            }
            let given = lists & FreeTextVocabulary.Lists.givenName != 0
            let surname = lists & FreeTextVocabulary.Lists.surname != 0
            guard given || surname else { continue }
            if Self.isDateMonth(bytes, word.range) { continue }
            // `<Street>`, `</Owner>`: an element's name.
            if before == 0x3c || before == 0x2f && word.range.lowerBound >= 2 && bytes[word.range.lowerBound - 2] == 0x3c { continue }
            let afterCue =
                word.ordinal > 0 && Self.cues.contains(bytes, word.previous)
                || word.ordinal > 1 && Bytes.equals(bytes, word.previous, lowercase: "to")
                    && Self.cues.contains(bytes, word.beforePrevious)
            let nextCapitalized = nextKept && isTitleCase(bytes, words[position + 1].range)
            if given || afterCue || nextCapitalized || !word.sentenceStart {
                found.append(DetectedSpan(word.range, .personName))
            }
        }
    }

    static let monthNames = ByteWordSet([
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january", "february",
        "march", "april", "june", "july", "august", "september", "october", "november", "december",
    ])

    /// A month written as part of a date: one space, then a day (1–2 digits) or a year
    /// (4 digits) that ends there; or a day (1–2 digits) and one space before it.
    static func isDateMonth(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard Self.monthNames.contains(bytes, range) else { return false }
        var after = range.upperBound
        if after < bytes.count, bytes[after] == 0x2e { after += 1 }
        if after + 1 < bytes.count, bytes[after] == 0x20, Bytes.isDigit(bytes[after + 1]) {
            var end = after + 1
            while end < bytes.count, Bytes.isDigit(bytes[end]) { end += 1 }
            let length = end - after - 1
            if length <= 2 || length == 4, end == bytes.count || !Bytes.isAlnum(bytes[end]) { return true }
        }
        guard range.lowerBound >= 2, bytes[range.lowerBound - 1] == 0x20 else { return false }
        var start = range.lowerBound - 1
        while start > 0, Bytes.isDigit(bytes[start - 1]) { start -= 1 }
        let length = range.lowerBound - 1 - start
        return (1...2).contains(length) && (start == 0 || !Bytes.isAlnum(bytes[start - 1]))
    }

    private func isTitleCase(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        range.count >= 2 && Bytes.isUpper(bytes[range.lowerBound]) && Bytes.isLower(bytes[range.lowerBound + 1])
    }
}
