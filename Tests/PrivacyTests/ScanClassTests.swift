import TestSupport
import Testing

@testable import Privacy

/// The verification scan's byte classes (`ScanClass`) and the token cuts of the allow-list and
/// the entropy check that read them: each checked against the slow reading it replaces.
@Suite("Verification scan classes and token cuts")
struct ScanClassTests {
    /// Bytes that make tokens interesting to both cuts, and any byte now and then.
    static let alphabet = Array("  \t\naAzZmMkK09.-_,;:<>=\"'()[]{}|`/\\@+$!#%^&*~Jan".utf8) + [0xc3, 0xa9, 0x80, 0xff]

    static func randomText(_ generator: inout SeededGenerator) -> [UInt8] {
        (0..<Int.random(in: 0...160, using: &generator)).map { _ in
            Int.random(in: 0..<12, using: &generator) == 0
                ? UInt8.random(in: 0...255, using: &generator) : alphabet.randomElement(using: &generator)!
        }
    }

    @Test("each class bit is its slow predicate, for every byte")
    func classesMatchPredicates() {
        #expect(ScanClass.tokenStart == ScanClass.digit | ScanClass.letter | ScanClass.high)
        #expect(ScanClass.tokenByte == ScanClass.tokenStart | ScanClass.separator)
        #expect(ScanClass.cutOrEquals == ScanClass.cut | ScanClass.equals)
        for value in 0...255 {
            let b = UInt8(value)
            let c = ScanClass.of(b)
            #expect((c & ScanClass.digit != 0) == Bytes.isDigit(b), "byte \(value)")
            #expect((c & ScanClass.letter != 0) == Bytes.isLetter(b), "byte \(value)")
            #expect((c & ScanClass.separator != 0) == (b == 0x2e || b == 0x2d || b == 0x5f), "byte \(value)")
            #expect((c & ScanClass.high != 0) == (b >= 0x80), "byte \(value)")
            #expect((c & ScanClass.passwordSymbol != 0) == (Bytes.isPasswordSymbol(b) && b != 0x40), "byte \(value)")
            #expect((c & ScanClass.cut != 0) == (Bytes.isSpace(b) || EntropyCheck.isGlue(b)), "byte \(value)")
            #expect((c & ScanClass.equals != 0) == (b == 0x3d), "byte \(value)")
        }
    }

    /// The allow-list as first written: tokens cut a byte at a time, trailing separators trimmed,
    /// every token asked of the vocabulary, then of `accepts`.
    static func slowAllowList(_ list: AllowList, _ bytes: UnsafeBufferPointer<UInt8>) -> [DetectedSpan] {
        func isTokenByte(_ b: UInt8) -> Bool { Bytes.isAlnum(b) || b == 0x5f || b == 0x2d || b == 0x2e || b >= 0x80 }
        func isSeparator(_ b: UInt8) -> Bool { b == 0x2e || b == 0x2d || b == 0x5f }
        var found: [DetectedSpan] = []
        var index = 0
        while index < bytes.count {
            guard Bytes.isAlnum(bytes[index]) || bytes[index] >= 0x80 else { index += 1; continue }
            var end = index
            while end < bytes.count, isTokenByte(bytes[end]) { end += 1 }
            var token = index..<end
            while token.count > 1, isSeparator(bytes[token.upperBound - 1]) { token = token.lowerBound..<(token.upperBound - 1) }
            let high = token.contains { bytes[$0] >= 0x80 }
            let separated = token.contains { isSeparator(bytes[$0]) }
            if high || !list.vocabulary.knows(bytes, token) && !list.accepts(bytes, token, separated: separated) {
                found.append(DetectedSpan(token, .unknownWord))
            }
            index = end
        }
        return found
    }

    /// The entropy check as first written: tokens cut a byte at a time with `isSpace`, `isGlue`
    /// and `isAssignment`, the same charges, the same shapes.
    static func slowEntropy(_ bytes: UnsafeBufferPointer<UInt8>, budget: inout ScanBudget) -> [DetectedSpan] {
        var found: [DetectedSpan] = []
        budget.charge(2 * bytes.count)
        func cuts(_ index: Int) -> Bool {
            Bytes.isSpace(bytes[index]) || EntropyCheck.isGlue(bytes[index]) || EntropyCheck.isAssignment(bytes, index)
        }
        var index = 0
        while index < bytes.count {
            guard !cuts(index) else { index += 1; continue }
            var end = index
            while end < bytes.count, !cuts(end) { end += 1 }
            let token = index..<end
            index = end
            if token.count >= 24 { budget.charge(token.count + 256) }
            var upper = 0, lower = 0, digits = 0, symbols = 0, dots = 0
            for position in token {
                let b = bytes[position]
                if Bytes.isUpper(b) {
                    upper += 1
                } else if Bytes.isLower(b) {
                    lower += 1
                } else if Bytes.isDigit(b) {
                    digits += 1
                } else if b == 0x2e {
                    dots += 1
                } else if Bytes.isPasswordSymbol(b) || b == 0x2b || b == 0x2f || b == 0x3d {
                    symbols += 1
                }
            }
            let random =
                token.count >= 24 && dots < 2 && (digits > 0 && upper > 0 && lower > 0 || symbols > 0)
                && Validators.entropy(bytes, token) >= 4.0
            let password =
                token.count >= 8 && (upper + lower) > 0 && digits > 0
                && token.contains { Bytes.isPasswordSymbol(bytes[$0]) && bytes[$0] != 0x40 }
            if random || password { found.append(DetectedSpan(token, .highEntropy)) }
        }
        return found
    }

    @Test("the allow-list, the entropy check and their one pass find what the slow cuts find, with the same charges")
    func cutsMatchSlowReading() {
        let vocabulary = FreeTextVocabulary(
            words: ListEntries(["mark", "kaz", "jan", "zaza", "mama", "amma"]), exactTerms: ListEntries(["us-east-1", "a.b"]),
            givenNames: ListEntries(["mark", "anna"]), surnames: ListEntries(["baker", "zamm"]))
        let list = AllowList(vocabulary: vocabulary)
        let seed = SeededGenerator.seed(for: "ScanClassTests")
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<3000 {
            var text = Self.randomText(&generator)
            // Now and then a long random-looking token, so that the entropy shapes are read.
            if Int.random(in: 0..<4, using: &generator) == 0 {
                let pool = Array("abcXYZ0123456789+/=$!_.".utf8)
                text += [0x20] + (0..<Int.random(in: 8...40, using: &generator)).map { _ in pool.randomElement(using: &generator)! }
            }
            text.withUnsafeBufferPointer { bytes in
                #expect(list.violations(bytes) == Self.slowAllowList(list, bytes), "seed \(seed)")
                var fast = ScanBudget.unlimited, slow = ScanBudget.unlimited
                var found: [DetectedSpan] = []
                EntropyCheck.violations(bytes, into: &found, budget: &fast)
                #expect(found == Self.slowEntropy(bytes, budget: &slow), "seed \(seed)")
                #expect(fast.steps == slow.steps, "seed \(seed)")
                // The one pass of both gives what each gives alone.
                var passFound: [DetectedSpan] = [], passEntropy: [DetectedSpan] = []
                var passBudget = ScanBudget.unlimited
                TokenPass.violations(bytes, allowList: list, into: &passFound, entropy: &passEntropy, budget: &passBudget)
                #expect(passFound == list.violations(bytes), "seed \(seed)")
                #expect(passEntropy == found, "seed \(seed)")
                #expect(passBudget.steps == fast.steps, "seed \(seed)")
            }
        }
    }

    /// The name check's words as first cut: every word, a byte at a time, with its sentence
    /// start, its index among all words and the two words before it.
    static func slowWords(_ bytes: UnsafeBufferPointer<UInt8>) -> [NameCheck.Word] {
        var words: [NameCheck.Word] = []
        var index = 0
        var sentenceStart = true
        var ordinal = 0
        var previous = 0..<0, beforePrevious = 0..<0
        while index < bytes.count {
            let b = bytes[index]
            guard Bytes.isLetter(b) else {
                if b == 0x2e || b == 0x21 || b == 0x3f || b == 0x3a || b == 0x0a {
                    sentenceStart = true
                } else if !Bytes.isSpace(b) && !Bytes.isDigit(b) {
                    sentenceStart = false
                }
                index += 1
                continue
            }
            var end = index
            while end < bytes.count, Bytes.isLetter(bytes[end]) { end += 1 }
            while end + 1 < bytes.count, bytes[end] == 0x27 || bytes[end] == 0x2d, Bytes.isLetter(bytes[end + 1]) {
                end += 1
                while end < bytes.count, Bytes.isLetter(bytes[end]) { end += 1 }
            }
            words.append(
                NameCheck.Word(
                    range: index..<end, sentenceStart: sentenceStart, ordinal: ordinal, previous: previous, beforePrevious: beforePrevious))
            beforePrevious = previous
            previous = index..<end
            ordinal += 1
            sentenceStart = false
            index = end - index == 1 && end < bytes.count && bytes[end] == 0x2e ? end + 1 : end
        }
        return words
    }

    @Test("the name check keeps the capitalized words of the slow cut, with what its rules read of them")
    func nameCheckWordsMatchSlowCut() {
        let alphabet = Array("   aAbBzZtToOJM'-.!?:\n\t09,_<".utf8) + [0xc3, 0x0b]
        let seed = SeededGenerator.seed(for: "ScanClassTests name check")
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...120, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            text.withUnsafeBufferPointer { bytes in
                let kept = Self.slowWords(bytes).filter { Bytes.isUpper(bytes[$0.range.lowerBound]) }
                var fast: [NameCheck.Word] = []
                NameCheck.words(bytes) { fast.append($0) }
                #expect(fast.map(\.range) == kept.map(\.range), "seed \(seed)")
                guard fast.count == kept.count else { return }
                for (position, (word, slow)) in zip(fast, kept).enumerated() {
                    #expect(word.sentenceStart == slow.sentenceStart, "seed \(seed)")
                    #expect((word.ordinal > 0) == (slow.ordinal > 0), "seed \(seed)")
                    #expect((word.ordinal > 1) == (slow.ordinal > 1), "seed \(seed)")
                    if slow.ordinal > 0 { #expect(word.previous == slow.previous, "seed \(seed)") }
                    if slow.ordinal > 1, Bytes.equals(bytes, slow.previous, lowercase: "to") {
                        #expect(word.beforePrevious == slow.beforePrevious, "seed \(seed)")
                    }
                    if position > 0 {
                        let next = word.ordinal == fast[position - 1].ordinal + 1
                        #expect(next == (slow.ordinal == kept[position - 1].ordinal + 1), "seed \(seed)")
                    }
                }
            }
        }
    }
}
