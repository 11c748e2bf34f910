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
    /// Brands whose products are named "Brand Word Word".
    static let brands = ByteWordSet(["azure", "aws", "amazon", "google", "cloud", "microsoft", "oracle", "ibm", "sap", "vmware", "apache", "elastic", "alibaba", "red"])
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
            } else if Self.isMarkup(bytes, word.core), !word.core.contains(where: { Bytes.isPasswordSymbol(bytes[$0]) }) {
                rewritePieces(bytes, word.core, into: &out)
            } else {
                out.append(contentsOf: Self.placeholder)
            }
            cursor = word.core.upperBound
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[cursor..<region.upperBound]))
    }

    /// JSON, XML, `key=value` and `a:b` glue: characters that never occur inside one word.
    @inline(__always) static func isStructural(_ b: UInt8) -> Bool {
        switch b {
        case 0x22, 0x3a, 0x2c, 0x7b, 0x7d, 0x3c, 0x3e, 0x5b, 0x5d: true
        default: false
        }
    }

    /// JSON or XML written without spaces (a `"` or `<`/`>` in the word): its pieces are judged
    /// apart. Other glued tokens (`a:b:c`, base64 with `/`) stay one word, judged whole.
    static func isMarkup(_ bytes: UnsafeBufferPointer<UInt8>, _ core: Range<Int>) -> Bool {
        core.contains { bytes[$0] == 0x22 || bytes[$0] == 0x3c || bytes[$0] == 0x3e }
    }

    /// `{"step":"replicate_db","msg":"Dataproc`, `step=validate_rowcount`, `<step>x</step>`: a
    /// token glued together by structure is judged piece by piece, so one unknown piece does not
    /// take the known ones with it. A capitalized given name or surname piece is a name.
    private func rewritePieces(_ bytes: UnsafeBufferPointer<UInt8>, _ core: Range<Int>, into out: inout [UInt8]) {
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
                    if info.capitalized, info.given || info.surname, !info.technical {
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
        // Technical phrases: a capitalized technical term that no name list has ("Spanner",
        // "Europe", "Central") anchors its capitalized neighbours that are technical terms too,
        // even when a name list has them: "Cloud Spanner", "West Europe", "Germany West
        // Central". "Mark West" has no anchor, "Rose Hill (DBA)" no technical neighbour: names.
        var phrase = [Bool](repeating: false, count: words.count)
        func member(_ position: Int) -> Bool {
            (info[position].capitalized || info[position].allCaps) && vocabulary.technicalBytes.contains(bytes, words[position].core)
        }
        // In JSON written without spaces (`"region":"UK South"`), the anchor is the word's last piece.
        func anchor(_ position: Int) -> Bool {
            var piece = words[position].core
            if let glue = piece.last(where: { Self.isStructural(bytes[$0]) || bytes[$0] == 0x3d }) { piece = (glue + 1)..<piece.upperBound }
            let pieceInfo = piece == words[position].core ? info[position] : NameInfo(bytes, piece, vocabulary)
            return (pieceInfo.capitalized || pieceInfo.allCaps) && pieceInfo.technical && !pieceInfo.given && !pieceInfo.surname
        }
        // A brand ("Azure", "Cloud", "Amazon") names the product after it: "Azure Key Vault",
        // "Cloud Run", "Amazon Aurora". Only known words follow a brand into its product name.
        for position in words.indices where info[position].capitalized || info[position].allCaps {
            guard Self.brands.contains(bytes, words[position].core) else { continue }
            var right = position + 1
            while right < words.count, info[right].capitalized || info[right].allCaps, info[right].known || info[right].technical,
                !Self.endsPhrase(bytes, words[right - 1]), !Self.opensPhrase(bytes, words[right]), right - position <= 3
            {
                phrase[position] = true
                phrase[right] = true
                right += 1
            }
        }
        for position in words.indices {
            guard anchor(position) else { continue }
            phrase[position] = true
            var left = position - 1
            while left >= 0, member(left), !Self.endsPhrase(bytes, words[left]), !Self.opensPhrase(bytes, words[left + 1]) {
                phrase[left] = true
                left -= 1
            }
            var right = position + 1
            while right < words.count, member(right), !Self.endsPhrase(bytes, words[right - 1]), !Self.opensPhrase(bytes, words[right]) {
                phrase[right] = true
                right += 1
            }
        }
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
            guard current.capitalized || current.allCaps, !phrase[position] else { continue }
            let previous = position > 0 ? info[position - 1] : nil
            let next = position + 1 < words.count ? info[position + 1] : nil
            let afterTitle = position > 0 && Self.titles.contains(bytes, words[position - 1].core)
            let afterCue = position > 0 && Self.personCues.contains(bytes, words[position - 1].core)
            if current.capitalized {
                if afterTitle || afterCue && !current.technical && (current.given || current.surname || !current.known) {
                    flags[position] = true
                    if let next, next.capitalized, !next.technical, !phrase[position + 1], next.surname || next.given || !next.known {
                        flags[position + 1] = true
                    }
                } else if current.given && !current.technical {
                    flags[position] = true
                    // A given name followed by a capitalized word: that word is the surname.
                    if let next, next.capitalized, !next.technical, !phrase[position + 1] { flags[position + 1] = true }
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

    /// A word that ends with sentence or list punctuation ends a phrase after it.
    private static func endsPhrase(_ bytes: UnsafeBufferPointer<UInt8>, _ word: Word) -> Bool {
        guard word.range.upperBound > word.core.upperBound else { return false }
        let b = bytes[word.core.upperBound]
        return b == 0x2c || b == 0x2e || b == 0x3b || b == 0x3a || b == 0x29 || b == 0x22
    }

    /// A word that starts with an opening bracket or quote starts a phrase of its own.
    private static func opensPhrase(_ bytes: UnsafeBufferPointer<UInt8>, _ word: Word) -> Bool {
        word.core.lowerBound > word.range.lowerBound
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
        if vocabulary.knows(bytes, core) || Self.isHexLiteral(bytes, core) || Self.isErrorCode(bytes, core) { return true }
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
