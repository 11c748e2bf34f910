/// Street addresses, by their anchors in the main address formats:
/// - a house number, up to four words, a street type (`41 Taylor Overpass`, `498 Gotō Street`),
///   then an optional unit (`Suite 470`, `Apt. 435`);
/// - a street-type word first, up to five words, a house number (`Rua Borges, 4`,
///   `Calle Mayor 5`, `ulica Miarki 90`, `Via Roma 12`, `Szabadság utca 157.`);
/// - one word with a street suffix and a house number (`Wagnerstrasse 24`, `Irissingel 315`,
///   `Parktorget 60`, `Leonora-Feichter-Ring 6`);
/// - a unit or box with its number (`Suite 413`, `PO Box 456`, `Apt. 12`).
/// The text is cut into whitespace tokens once; each anchor looks at most six tokens ahead.
enum AddressScan {
    static let maxLookahead = 6

    /// Street types written after the name (English and common others).
    static let trailingTypes = ByteWordSet([
        "street", "st", "st.", "avenue", "ave", "ave.", "road", "rd", "rd.", "lane", "ln", "drive", "dr", "dr.", "court", "ct",
        "close", "terrace", "place", "pl", "way", "boulevard", "blvd", "blvd.", "overpass", "underpass", "locks", "lock",
        "cliff", "cliffs", "cutting", "center", "centers", "centre", "forest", "crescent", "gardens", "garden", "square", "sq",
        "parkway", "pkwy", "highway", "hwy", "trail", "circle", "cir", "row", "hill", "hills", "park", "heights", "view",
        "ridge", "grove", "mews", "walk", "green", "loop", "pike", "plaza", "port", "ports", "shoals", "shore", "shores",
        "spring", "springs", "station", "stream", "summit", "throughway", "trafficway", "tunnel", "turnpike", "union",
        "unions", "valley", "valleys", "via", "viaduct", "villages", "village", "ville", "vista", "wall", "wells", "island",
        "islands", "junction", "key", "keys", "knoll", "knolls", "lake", "lakes", "landing", "light", "lights", "manor",
        "meadow", "meadows", "mill", "mills", "mission", "motorway", "mount", "mountain", "neck", "orchard", "oval", "pass",
        "passage", "path", "pine", "pines", "plain", "plains", "point", "points", "prairie", "radial", "ramp", "ranch",
        "rapid", "rapids", "rest", "river", "roads", "route", "run", "burg", "burgs", "bypass", "camp", "canyon", "cape",
        "causeway", "corner", "corners", "course", "courts", "cove", "coves", "creek", "crest", "crossing", "crossroad",
        "curve", "dale", "dam", "divide", "drives", "estate", "estates", "expressway", "extension", "falls", "ferry",
        "field", "fields", "flat", "flats", "ford", "fords", "forge", "forges", "fork", "forks", "fort", "freeway", "gateway",
        "glen", "glens", "greens", "harbor", "harbors", "haven", "hollow", "inlet", "isle", "alley", "annex", "arcade",
        "bayou", "beach", "bend", "bluff", "bluffs", "bottom", "branch", "bridge", "brook", "brooks", "common", "commons",
        "stravenue", "ways", "well", "wharf", "straße", "strasse", "weg", "gasse", "platz", "allee", "ring", "utca", "út",
        "tér", "körút", "köz", "sor", "rakpart", "approach", "rise", "vale", "gate", "grange", "lawn", "lodge", "pathway",
        "quay", "reach", "side", "spur", "villas", "wynd", "yard", "end", "fold", "hollow", "croft", "chase", "brow", "bank",
    ])

    /// Street types written before the name.
    static let leadingTypeWords: [String] = [
        "rua", "r.", "rue", "via", "viale", "vicolo", "corso", "piazza", "piazzale", "largo", "strada", "calle", "c.", "avenida",
        "av.", "avda.", "paseo", "plaza", "pza.", "camino", "carrer", "carretera", "ronda", "travesía", "travessa", "praça",
        "glorieta", "privada", "urbanización", "cañada", "callejón", "alameda", "jardim", "lago", "rodovia", "estrada",
        "ladeira", "vila", "ulica", "ul.", "aleja", "al.", "plac", "pl.", "osiedle", "os.", "bulevardul", "bd.", "calea",
        "strada", "str.", "șoseaua", "splaiul", "ulitsa", "prospekt", "ke", "na", "nám.", "náměstí", "třída", "avenue", "boulevard",
        "chemin", "impasse", "allée", "quai", "cours", "route", "place", "peatonal", "viaducto", "andador", "callejón", "cerrada",
        "circuito", "continuación", "corredor", "diagonal", "eje", "pasaje", "periférico", "prolongación", "retorno", "ampliación",
        "boulevard", "bulevardul", "aleea", "intrarea", "piața", "drumul", "via", "rambla", "passeig", "travessera", "vía",
    ]
    static let leadingTypes = ByteWordSet(leadingTypeWords)

    /// Word endings that make a street name (`Wagnerstrasse`, `Irissingel`, `Parktorget`).
    static let streetSuffixes: [[UInt8]] = [
        "strasse", "straße", "str.", "weg", "gasse", "platz", "allee", "ring", "hof", "damm", "ufer", "steig", "pfad", "stykket",
        "vej", "vägen", "gatan", "torget", "gränd", "gade", "singel", "laan", "straat", "gracht", "kade", "plein", "dreef",
        "utca", "katu", "väg", "veien", "gata", "vegen", "stien", "bakken", "toft", "vænget", "-ring", "ntie",
        // Korean: -ro, -gil, -geori, -daero; Japanese: -chōme.
        "로", "길", "거리", "대로", "가", "丁目",
    ].map { Array($0.utf8) }

    /// Leading types that are also ordinary words (`via`, `route`, `place`): only capitalized.
    static let capitalOnlyWords: [String] = [
        "via", "na", "ke", "route", "place", "plaza", "avenue", "boulevard", "cours", "c.", "r.", "al.", "pl.", "os.", "quai",
        "lago", "vila", "str.", "bd.", "av.", "largo", "chemin", "impasse",
    ]
    static let capitalOnly = ByteWordSet(capitalOnlyWords)

    /// Units and boxes.
    static let unitWordList: [String] = [
        "suite", "apt", "apt.", "apartment", "unit", "flat", "studio", "box", "depto.", "edif.", "piso", "bloco", "lok.", "m.",
        "interior", "int.", "piano", "scala", "étage", "bâtiment", "bât.", "escalera", "puerta", "rd", "h.no.", "h.no", "d.no.",
        "plot", "door",
    ]
    static let unitWords = ByteWordSet(unitWordList)

    /// A whitespace token and its core, cut once: the anchors look at each token several times.
    typealias Token = WhitespaceToken

    /// Street addresses over the text's whitespace tokens, cut once by `DetectorSet.appendSpans`
    /// for the three token-level passes.
    static func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, tokens: UnsafeBufferPointer<Token>, into spans: inout [DetectedSpan], budget: inout ScanBudget
    ) {
        budget.charge(2 * bytes.count)
        // The word sets and their pretests (`WordEnds`), read once (not once a token), in one
        // value: one lazy initialisation check a call, not six.
        let leadingTypes = Self.scanWords.leadingTypes, capitalOnly = Self.scanWords.capitalOnly, unitWords = Self.scanWords.unitWords
        let leading = Self.scanWords.leading, lowercaseLeading = Self.scanWords.lowercaseLeading, units = Self.scanWords.units
        var position = 0
        var lastEnd = 0
        while position < tokens.count {
            let token = tokens[position].core
            budget.charge(maxLookahead * 4)
            if token.isEmpty || token.lowerBound < lastEnd { position += 1; continue }
            var match: (last: Int, start: Int)?
            if Bytes.isLower(bytes[token.lowerBound]) {
                // Most tokens: no house number (no digit first). Only a leading type that is not
                // `capitalOnly` starts at a lowercase letter (a street-suffix word and a unit start
                // with a capital, or a byte past ASCII), and none of more than 16 bytes.
                if token.count <= 16, lowercaseLeading.mayHave(bytes, token), position + 1 < tokens.count,
                    startsName(bytes, tokens[position + 1].core), leadingTypes.contains(bytes, token), !capitalOnly.contains(bytes, token)
                {
                    match = typeFirst(bytes, tokens, from: position).map { ($0, token.lowerBound) }
                }
            } else if isHouseNumber(bytes, token, shape: tokens[position].shape),
                // A number ending in ':' is a label ("Level 14:"), not a house number.
                bytes[tokens[position].raw.upperBound - 1] != 0x3a
            {
                if mayContinueNumber(bytes, tokens, at: position) {
                    match = numberFirst(bytes, tokens, from: position).map { ($0, token.lowerBound) }
                }
            } else if !Bytes.isLetter(bytes[token.lowerBound]) && bytes[token.lowerBound] < 0x80 || token.count > 16 {
                // No street type, street name or unit starts so.
            } else if position + 1 < tokens.count, startsName(bytes, tokens[position + 1].core),
                bytes[token.lowerBound] >= 0x80 || leading.mayHave(bytes, token), leadingTypes.contains(bytes, token),
                Bytes.isUpper(bytes[token.lowerBound]) || !capitalOnly.contains(bytes, token)
            {
                match = typeFirst(bytes, tokens, from: position).map { ($0, token.lowerBound) }
            } else if position + 1 < tokens.count, isHouseNumber(bytes, tokens[position + 1].core), hasStreetSuffix(bytes, token) {
                match = (position + 1, token.lowerBound)
            } else if Bytes.isUpper(bytes[token.lowerBound]), units.mayHave(bytes, token), unitWords.contains(bytes, token) {
                // "Suite 413", "PO Box 456"; never "Visual Studio 2022" (a year is a version).
                var next = position + 1
                if next < tokens.count, Bytes.equals(bytes, tokens[next].core, lowercase: "box") { next += 1 }
                if next < tokens.count, isHouseNumber(bytes, tokens[next].core), !isYear(bytes, tokens[next].core) {
                    // "H.No. 70, Lall Street": the unit's number may start the street.
                    match = (numberFirst(bytes, tokens, from: next) ?? next, token.lowerBound)
                }
            }
            if let (last, start) = match {
                let end = tokens[last].core.upperBound
                spans.append(DetectedSpan(start..<end, .streetAddress))
                lastEnd = end
                position = last + 1
            } else {
                position += 1
            }
        }
    }

    /// Whether `range` may be a leading type by its first and last bytes and length: every one
    /// starts with a letter (or a byte past ASCII: `șoseaua`).
    @inline(__always) static func mayBeLeadingType(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        let first = bytes[range.lowerBound]
        return first >= 0x80 || Bytes.isLetter(first) && leadingLengths.mayHave(bytes, range)
    }

    /// `scan`'s word sets and pretests, taken together.
    struct ScanWords: Sendable {
        let leadingTypes: ByteWordSet, capitalOnly: ByteWordSet, unitWords: ByteWordSet
        let leading: WordEnds, lowercaseLeading: WordEnds, units: WordEnds
    }
    static let scanWords = ScanWords(
        leadingTypes: leadingTypes, capitalOnly: capitalOnly, unitWords: unitWords, leading: leadingLengths,
        lowercaseLeading: lowercaseLeadingLengths, units: unitLengths)

    /// The lengths of the words of `leadingTypes`, of those not `capitalOnly` (the only ones a
    /// lowercase token may be) and of `unitWords`, by first letter and last byte.
    static let leadingLengths = WordEnds(leadingTypeWords)
    static let lowercaseLeadingLengths = WordEnds(leadingTypeWords.filter { !capitalOnlyWords.contains($0) })
    static let unitLengths = WordEnds(unitWordList)

    /// The token without quotes, brackets and trailing `,;:` (a trailing `.` stays: `157.`, `Apt.`).
    static func core(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        // Most tokens have none of the bytes the cuts below look for: they are their own core.
        if !range.contains(where: { isCoreCut(bytes[$0]) }) { return range }
        return core(bytes, range, open: range.first(where: { bytes[$0] == 0x3c }) ?? -1)
    }

    /// The same for a token known to have a byte the cuts look for, whose first `<` is at
    /// `open` (-1: none), as the whitespace cut notes them; `restarts`: whether it has a `=`,
    /// `>` or quote (without one, the search for the last is skipped: it would find none).
    static func core(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, open: Int, restarts: Bool = true) -> Range<Int> {
        var start = range.lowerBound, end = range.upperBound
        // `391</Street>`: the text before a closing tag.
        if open > start { end = open }
        // `address="06970`, `<Street>Calle`: what follows the last `=`, `"`, `'` or `>`.
        // Each byte set is a flag of one table (`TokenShapeMasks.cutFlags`): a load and a test,
        // no chain of compares.
        var probe = restarts ? end : start
        // A quote stops the search too, but not as the last byte.
        var stops = TokenShapeMasks.coreStop
        while probe > start {
            if TokenShapeMasks.cutFlags(bytes[probe - 1]) & stops != 0 { start = probe; break }
            stops = TokenShapeMasks.coreStop | TokenShapeMasks.quote
            probe -= 1
        }
        while start < end, TokenShapeMasks.cutFlags(bytes[start]) & TokenShapeMasks.coreFirst != 0 { start += 1 }
        while end > start, TokenShapeMasks.cutFlags(bytes[end - 1]) & TokenShapeMasks.coreLast != 0 { end -= 1 }
        return start..<end
    }

    /// The bytes `core` cuts at or trims: `<`, `=`, `>`, quotes, brackets, `,`, `;`, `:`.
    @inline(__always) static func isCoreCut(_ b: UInt8) -> Bool { Bytes.classes(b) & Bytes.coreCut != 0 }

    /// `24`, `92/17`, `513-37`, `157.`, `12a`, `010`: 1–5 digits, maybe a letter, a `/` or `-` part.
    @inline(__always)
    static func isHouseNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        // It starts with a digit: most tokens answer here.
        guard !range.isEmpty, Bytes.isDigit(bytes[range.lowerBound]) else { return false }
        return houseNumberShape(bytes, range)
    }

    /// The same for a whitespace token's core (`range`) whose raw token has `shape`: a token of
    /// digits only is its own core (no byte `core` cuts at), a house number when it has at most
    /// five (`houseNumberShape` reads the digits and ends there), answered without reading it.
    @inline(__always)
    static func isHouseNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, shape: ByteShape) -> Bool {
        if shape.only(.digit) { return range.count <= 5 }
        return isHouseNumber(bytes, range)
    }

    static func houseNumberShape(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var index = range.lowerBound, digits = 0
        while index < range.upperBound, Bytes.isDigit(bytes[index]) { index += 1; digits += 1 }
        guard (1...5).contains(digits) else { return false }
        if index < range.upperBound, Bytes.isLetter(bytes[index]) { index += 1 }
        if index < range.upperBound, bytes[index] == 0x2f || bytes[index] == 0x2d {
            index += 1
            var more = 0
            while index < range.upperBound, Bytes.isDigit(bytes[index]) { index += 1; more += 1 }
            guard more > 0 else { return false }
        }
        if index < range.upperBound, bytes[index] == 0x2e { index += 1 }
        return index == range.upperBound
    }

    static func isTitleCase(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count >= 2, Bytes.isUpper(bytes[range.lowerBound]) else { return false }
        return range.dropFirst().allSatisfy { !Bytes.isUpper(bytes[$0]) }
    }

    /// What may follow a street type: a capital, a non-ASCII letter, a short particle or a number.
    @inline(__always) static func startsName(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        let first = bytes[range.lowerBound]
        return Bytes.isUpper(first) || first >= 0x80 || range.count <= 3 || Bytes.isDigit(first)
    }

    static func isYear(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        range.count == 4
            && (Bytes.matches(bytes, at: range.lowerBound, lowercase: "19") || Bytes.matches(bytes, at: range.lowerBound, lowercase: "20"))
    }

    /// A name word: capitalized, or not ASCII (`森`, `Świerczewskiego`), or a short particle.
    static func isNameWord(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        let first = bytes[range.lowerBound]
        return Bytes.isUpper(first) || first >= 0x80 || (range.count <= 3 && Bytes.isLower(first))
    }

    /// Whether `numberFirst` may find a street after the number at `position`: it answers nil
    /// unless the next token is a name word (the first of a name) or may be a leading type.
    @inline(__always)
    static func mayContinueNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ tokens: UnsafeBufferPointer<Token>, at position: Int) -> Bool {
        guard position + 1 < tokens.count else { return false }
        let next = tokens[position + 1].core
        return isNameWord(bytes, next) || mayBeLeadingType(bytes, next)
    }

    /// `41 Taylor Overpass [Suite 470]`: the index of the last token, or nil.
    static func numberFirst(_ bytes: UnsafeBufferPointer<UInt8>, _ tokens: UnsafeBufferPointer<Token>, from position: Int) -> Int? {
        var next = position + 1
        var words = 0
        // "5, boulevard Delorme", "12 rue de la Paix": the type first, then the name.
        if next + 1 < tokens.count, mayBeLeadingType(bytes, tokens[next].core), leadingTypes.contains(bytes, tokens[next].core) {
            var last = next + 1
            while last + 1 < tokens.count, last - next < 4, isNameWord(bytes, tokens[last + 1].core),
                !(tokens[last].raw.upperBound > tokens[last].core.upperBound)
            {
                last += 1
            }
            return isNameWord(bytes, tokens[next + 1].core) ? last : nil
        }
        while next < tokens.count, next - position <= maxLookahead {
            let token = tokens[next].core
            // The street type in title case ("Overpass", "Street"): "UNIQUE KEY" is no street.
            if words > 0, trailingTypes.contains(bytes, token), isTitleCase(bytes, token) { return withUnit(bytes, tokens, after: next) }
            guard isNameWord(bytes, token), !Bytes.isDigit(bytes[token.lowerBound]) else { return nil }
            words += 1
            // A comma ends the street part: "Studio 48, Tina Centers" is read from "Studio".
            if tokens[next].raw.upperBound > token.upperBound, bytes[tokens[next].raw.upperBound - 1] == 0x2c { return nil }
            next += 1
        }
        return nil
    }

    /// `Calle Mayor 5`, `R. Borges, 4`, `aleja Gałczyńskiego 92/17`: the index of the number.
    static func typeFirst(_ bytes: UnsafeBufferPointer<UInt8>, _ tokens: UnsafeBufferPointer<Token>, from position: Int) -> Int? {
        var next = position + 1
        var words = 0
        while next < tokens.count, next - position <= maxLookahead {
            let token = tokens[next].core
            if words > 0, isHouseNumber(bytes, token) { return withUnit(bytes, tokens, after: next) }
            guard !token.isEmpty, isNameWord(bytes, token), !Bytes.isDigit(bytes[token.lowerBound]) else { break }
            words += 1
            next += 1
        }
        // No number: a street type that is no English word and two capitalized words
        // ("Bulevardul Sever Eftimie").
        let type = tokens[position].core
        if words >= 2, !capitalOnly.contains(bytes, type), !trailingTypes.contains(bytes, type) {
            var last = position + words
            while last > position, !Bytes.isUpper(bytes[tokens[last].core.lowerBound]), bytes[tokens[last].core.lowerBound] < 0x80 {
                last -= 1
            }
            return last > position + 1 ? last : nil
        }
        return nil
    }

    /// Extends a match over a following unit and its number (`Suite 010`, `Apt. 435`, `Depto. 235`).
    static func withUnit(_ bytes: UnsafeBufferPointer<UInt8>, _ tokens: UnsafeBufferPointer<Token>, after last: Int) -> Int {
        var result = last
        var next = last + 1
        for _ in 0..<2 {
            guard next + 1 < tokens.count, unitWords.contains(bytes, tokens[next].core),
                isHouseNumber(bytes, tokens[next + 1].core)
            else { break }
            result = next + 1
            next += 2
        }
        return result
    }

    static func hasStreetSuffix(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count >= 5, isNameWord(bytes, range), Bytes.isUpper(bytes[range.lowerBound]) || bytes[range.lowerBound] >= 0x80 else {
            return false
        }
        for suffix in streetSuffixes where range.count > suffix.count + 1 {
            var equal = true
            for (offset, byte) in suffix.enumerated() where Bytes.lower(bytes[range.upperBound - suffix.count + offset]) != byte {
                equal = false
                break
            }
            if equal { return true }
        }
        return false
    }
}
