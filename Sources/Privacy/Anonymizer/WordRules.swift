/// What the anonymizer keeps of the text between detected spans, word by word: names in
/// capitalized context become `[NAME]`, words outside the vocabulary `[REDACTED]`.
struct WordRules: Sendable {
    let vocabulary: FreeTextVocabulary

    static let titles = ByteWordSet(["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "dame", "lord", "lady"])
    /// Words after which a capitalized word is taken for a person.
    static let personCues = ByteWordSet([
        "user", "contact", "by", "owner", "admin", "administrator", "operator", "engineer", "manager", "cc", "from",
        "approved", "assignee", "assigned", "reporter", "author", "dear", "hi", "hello", "thanks", "regards", "ask", "call",
        "email", "ping", "lead", "dba", "customer", "client",
    ])
    static let placeholder = Array("[REDACTED]".utf8)
    static let namePlaceholder = Array("[NAME]".utf8)

    private struct Word {
        var range: Range<Int>
        var core: Range<Int>
        var sentenceStart: Bool
    }

    /// Reads each word a fixed number of times (split, name lists, vocabulary, subwords, shapes):
    /// charged as eight steps a byte.
    func rewrite(_ bytes: UnsafeBufferPointer<UInt8>, _ region: Range<Int>, into out: inout [UInt8], budget: inout ScanBudget) {
        budget.charge(8 * region.count + 1)
        var words: [Word] = []
        var index = region.lowerBound
        var sentenceStart = region.lowerBound == 0 || endsSentence(bytes, before: region.lowerBound)
        while index < region.upperBound {
            if Bytes.isSpace(bytes[index]) { index += 1; continue }
            var end = index
            while end < region.upperBound, !Bytes.isSpace(bytes[end]) { end += 1 }
            let core = Self.core(bytes, index..<end)
            words.append(Word(range: index..<end, core: core, sentenceStart: sentenceStart))
            let last = bytes[end - 1]
            let initial = core.count == 1 && Bytes.isUpper(bytes[core.lowerBound]) && last == 0x2e
            sentenceStart = !initial && (last == 0x2e || last == 0x21 || last == 0x3f || last == 0x3a || (end < region.upperBound && bytes[end] == 0x0a))
            index = end
        }
        let names = nameFlags(bytes, words)
        var cursor = region.lowerBound
        for (position, word) in words.enumerated() {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[cursor..<word.core.lowerBound]))
            if names[position] {
                out.append(contentsOf: Self.namePlaceholder)
            } else if word.core.isEmpty || allows(bytes, word.core) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[word.core]))
            } else {
                out.append(contentsOf: Self.placeholder)
            }
            cursor = word.core.upperBound
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[cursor..<region.upperBound]))
    }

    private func endsSentence(_ bytes: UnsafeBufferPointer<UInt8>, before index: Int) -> Bool {
        var i = index
        while i > 0, Bytes.isSpace(bytes[i - 1]) {
            if bytes[i - 1] == 0x0a { return true }
            i -= 1
        }
        return i == 0 || [0x2e, 0x21, 0x3f, 0x3a].contains(bytes[i - 1])
    }

    /// The word without surrounding punctuation (quotes, brackets, sentence marks, possessive 's).
    static func core(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var start = range.lowerBound, end = range.upperBound
        while start < end, !Bytes.isAlnum(bytes[start]), bytes[start] < 0x80 { start += 1 }
        while end > start, !Bytes.isAlnum(bytes[end - 1]), bytes[end - 1] < 0x80 { end -= 1 }
        return start..<end
    }

    // MARK: Names

    private func nameFlags(_ bytes: UnsafeBufferPointer<UInt8>, _ words: [Word]) -> [Bool] {
        var flags = [Bool](repeating: false, count: words.count)
        let info = words.map { NameInfo(bytes, $0.core, vocabulary) }
        for position in words.indices {
            let current = info[position]
            // "J. Fisher": an initial before a capitalized word.
            let word = words[position]
            // "Reason: …", "Status: …": a label, not a person.
            if word.range.upperBound > word.core.upperBound, bytes[word.core.upperBound] == 0x3a, current.known {
                continue
            }
            if word.core.count == 1, Bytes.isUpper(bytes[word.core.lowerBound]), word.range.upperBound > word.core.upperBound,
                bytes[word.core.upperBound] == 0x2e, position + 1 < words.count, info[position + 1].capitalized,
                !info[position + 1].technical
            {
                flags[position] = true
                flags[position + 1] = true
                continue
            }
            guard current.capitalized || current.allCaps else { continue }
            let previous = position > 0 ? info[position - 1] : nil
            let next = position + 1 < words.count ? info[position + 1] : nil
            let afterTitle = position > 0 && Self.titles.contains(bytes, words[position - 1].core)
            let afterCue = position > 0 && Self.personCues.contains(bytes, words[position - 1].core)
            if current.capitalized {
                if afterTitle || afterCue && (current.given || current.surname || !current.known) {
                    flags[position] = true
                    if let next, next.capitalized, !next.technical, next.surname || next.given || !next.known { flags[position + 1] = true }
                } else if current.given && !current.technical {
                    flags[position] = true
                    // A given name followed by a capitalized word: that word is the surname.
                    if let next, next.capitalized, !next.technical { flags[position + 1] = true }
                } else if current.surname && !current.technical && !words[position].sentenceStart {
                    flags[position] = true
                } else if current.surname, let previous, previous.capitalized, flags[position - 1] {
                    flags[position] = true
                }
            } else if current.allCaps, current.given, let next, next.allCaps, next.surname || !next.known {
                flags[position] = true
                flags[position + 1] = true
            }
        }
        // "Snow, Crystal": a capitalized word and a comma before a flagged given name.
        for position in words.indices.dropFirst() where flags[position] && info[position].given && !flags[position - 1] {
            let previous = words[position - 1]
            if info[position - 1].capitalized, !info[position - 1].technical, previous.range.upperBound > previous.core.upperBound,
                bytes[previous.core.upperBound] == 0x2c
            {
                flags[position - 1] = true
            }
        }
        return flags
    }

    private struct NameInfo {
        var capitalized: Bool
        var allCaps: Bool
        var given: Bool
        var surname: Bool
        var known: Bool
        var technical: Bool

        init(_ bytes: UnsafeBufferPointer<UInt8>, _ core: Range<Int>, _ vocabulary: FreeTextVocabulary) {
            let letters = core.count >= 2 && core.allSatisfy { Bytes.isLetter(bytes[$0]) || bytes[$0] == 0x27 || bytes[$0] == 0x2d }
            capitalized = letters && Bytes.isUpper(bytes[core.lowerBound])
                && core.dropFirst().contains { Bytes.isLower(bytes[$0]) }
                && !core.dropFirst().contains { Bytes.isUpper(bytes[$0]) && bytes[$0 - 1] != 0x2d && bytes[$0 - 1] != 0x27 }
            allCaps = letters && core.allSatisfy { !Bytes.isLower(bytes[$0]) }
            given = letters && vocabulary.givenNameBytes.contains(bytes, core)
            surname = letters && vocabulary.surnameBytes.contains(bytes, core)
            known = letters && vocabulary.wordBytes.contains(bytes, core)
            technical = letters && vocabulary.exactTermBytes.contains(bytes, core)
        }
    }

    // MARK: Vocabulary

    /// True when the word may stay: punctuation, numbers, versions, instance types, policy
    /// terms, or made only of vocabulary words (split at separators, case and digits).
    func allows(_ bytes: UnsafeBufferPointer<UInt8>, _ core: Range<Int>) -> Bool {
        if !core.contains(where: { Bytes.isLetter(bytes[$0]) || bytes[$0] >= 0x80 }) {
            // Digits and symbols: keep short numbers; long digit runs were judged by the detectors.
            return true
        }
        if core.contains(where: { bytes[$0] >= 0x80 }) { return false }
        // Letters mixed with password symbols ($ ! # % ^ & * ~ @) look like a credential.
        if core.contains(where: { Bytes.isPasswordSymbol(bytes[$0]) }) { return false }
        if vocabulary.knows(bytes, core) || Self.isHexLiteral(bytes, core) { return true }
        if subwordsKnown(bytes, core) { return true }
        return Self.isInstanceType(Bytes.string(bytes, core).lowercased())
    }

    /// Splits at non-alphanumerics, lower→upper case changes and letter↔digit changes. A
    /// capitalized name inside (`MarkBaker`) or two or more words glued to digits
    /// (`FreeTextMarker5c1`, a user name's shape) is not kept.
    private func subwordsKnown(_ bytes: UnsafeBufferPointer<UInt8>, _ core: Range<Int>) -> Bool {
        var start = core.lowerBound
        var index = core.lowerBound
        var letterWords = 0, digitRuns = 0, separators = 0
        func check(_ piece: Range<Int>) -> Bool {
            guard !piece.isEmpty else { return true }
            if Bytes.isDigit(bytes[piece.lowerBound]) {
                digitRuns += 1
                return piece.count <= 8
            }
            if piece.count <= 2 { return true }
            if Bytes.isUpper(bytes[piece.lowerBound]), Bytes.isLower(bytes[piece.lowerBound + 1]),
                vocabulary.givenNameBytes.contains(bytes, piece) || vocabulary.surnameBytes.contains(bytes, piece),
                !vocabulary.exactTermBytes.contains(bytes, piece), piece.count < core.count
            {
                return false
            }
            if piece.count >= 3 { letterWords += 1 }
            return vocabulary.knows(bytes, piece)
        }
        while index <= core.upperBound {
            let boundary: Bool
            if index == core.upperBound {
                boundary = true
            } else {
                let b = bytes[index]
                if !Bytes.isAlnum(b) {
                    separators += 1
                    guard check(start..<index) else { return false }
                    start = index + 1
                    index += 1
                    continue
                }
                let previous = index > start ? bytes[index - 1] : 0
                boundary = index > start
                    && ((Bytes.isLower(previous) && Bytes.isUpper(b))
                        || (Bytes.isDigit(previous) != Bytes.isDigit(b))
                        || (Bytes.isUpper(previous) && Bytes.isUpper(b) && index + 1 < core.upperBound && Bytes.isLower(bytes[index + 1])))
            }
            if boundary {
                guard check(start..<index) else { return false }
                start = index
            }
            index += 1
        }
        return !(separators == 0 && letterWords >= 2 && digitRuns >= 1)
    }

    static func isHexLiteral(_ bytes: UnsafeBufferPointer<UInt8>, _ core: Range<Int>) -> Bool {
        core.count > 2 && core.count <= 18 && Bytes.matches(bytes, at: core.lowerBound, lowercase: "0x")
            && core.dropFirst(2).allSatisfy { Bytes.isHex(bytes[$0]) }
    }

    /// `t3.large`, `db.r5.2xlarge`, `Standard_D2s_v3`, `n2-standard-4`.
    static func isInstanceType(_ lowered: String) -> Bool {
        let parts = lowered.split(separator: ".")
        if parts.count >= 2, let last = parts.last, TokenClassifier.instanceSizes.contains(String(last)),
            parts.dropLast().allSatisfy({ $0.allSatisfy { $0.isLetter || $0.isNumber } })
        {
            return true
        }
        for prefix in ["standard_", "basic_", "premium_"] where lowered.hasPrefix(prefix) {
            return lowered.dropFirst(prefix.count).allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        }
        let dashed = lowered.split(separator: "-")
        if dashed.count >= 2, dashed.count <= 3, let family = dashed.first, family.count <= 4, family.contains(where: \.isNumber),
            ["standard", "highmem", "highcpu", "medium", "small", "micro", "megamem", "ultramem", "custom", "highgpu", "standardlssd"].contains(String(dashed[1]))
        {
            return true
        }
        return false
    }
}
