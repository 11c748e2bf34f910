/// One family of national identifiers or bank numbers: how its pieces are grouped when written
/// with separators, which separators it is written with, and its check rule. Families are tried
/// in table order; the first whose grouping and check pass names the span.
struct IdentifierFamily: Sendable {
    /// Separators between the pieces of a candidate.
    struct Separators: OptionSet, Sendable {
        let rawValue: UInt8
        static let dash = Separators(rawValue: 1)
        static let dot = Separators(rawValue: 2)
        static let space = Separators(rawValue: 4)
        static let slash = Separators(rawValue: 8)
        static let all: Separators = [.dash, .dot, .space, .slash]
    }

    let kind: DetectorKind
    /// Piece lengths the number is written in (`[3, 2, 4]` for `123-45-6789`); an empty list
    /// accepts any grouping of at most four pieces.
    let groupings: [[Int]]
    let separators: Separators
    /// How many digits a compact form needs for `check` to pass (read off each check's shape rule).
    let digits: DigitCount
    let check: @Sendable (UnsafeBufferPointer<UInt8>) -> Bool

    /// The digits a family's check requires: every byte, or a count in a range (the rest letters).
    enum DigitCount: Sendable {
        case all
        case between(ClosedRange<Int>)

        /// The digit counts a compact form of `length` may have and pass.
        func range(length: Int) -> ClosedRange<Int> {
            switch self {
            case .all: length...length
            case .between(let range): range
            }
        }
    }

    init(
        _ kind: DetectorKind, _ groupings: [[Int]], _ separators: Separators = .all, _ digits: DigitCount,
        _ check: @escaping @Sendable (UnsafeBufferPointer<UInt8>) -> Bool
    ) {
        self.kind = kind
        self.groupings = groupings
        self.separators = separators
        self.digits = digits
        self.check = check
    }

    /// The table, most specific first: checksums with rare groupings before the 9-digit crowd
    /// (SSN, ITIN, SIN, TFN, ACN, BSN, ABA), where the first passing check names the kind.
    static let table: [IdentifierFamily] = [
        IdentifierFamily(.itFiscalCode, [[16]], [], .between(0...7), IdentifierChecks.itFiscalCode),
        IdentifierFamily(
            .frInsee, [[15], [1, 2, 2, 2, 3, 3, 2], [13, 2], [1, 2, 2, 5, 3, 2], [1, 2, 2, 2, 6, 2]], [.space, .dash, .dot], .between(14...15),
            IdentifierChecks.frInsee),
        IdentifierFamily(.krRrn, [[6, 7], [13]], [.dash], .all, IdentifierChecks.krRrn),
        IdentifierFamily(.inAadhaar, [[4, 4, 4], [12]], [.space, .dash], .all, IdentifierChecks.inAadhaar),
        IdentifierFamily(.sePersonnummer, [[6, 4], [8, 4]], [.dash], .all, IdentifierChecks.sePersonnummer),
        IdentifierFamily(.fiHetu, [[6, 4], [11]], [.dash], .between(9...10), IdentifierChecks.fiHetu),
        IdentifierFamily(.plPesel, [[11]], [], .all, IdentifierChecks.plPesel),
        IdentifierFamily(.deTaxId, [[11], [2, 3, 3, 3]], [.space, .slash], .all, IdentifierChecks.deTaxId),
        IdentifierFamily(.auAbn, [[11], [2, 3, 3, 3]], [.space], .all, IdentifierChecks.auAbn),
        IdentifierFamily(.itVatCode, [[11]], [], .all, IdentifierChecks.itVatCode),
        IdentifierFamily(.ukNhs, [[3, 3, 4], [10]], [.space, .dash], .all, IdentifierChecks.ukNhs),
        IdentifierFamily(.auMedicare, [[4, 5, 1], [10], [4, 5, 1, 1], [11]], [.space, .dash], .all, IdentifierChecks.auMedicare),
        IdentifierFamily(
            .ukNino, [[9], [8], [2, 2, 2, 2, 1], [2, 2, 2, 2], [2, 6, 1], [2, 6]], [.space, .dash], .between(6...6), IdentifierChecks.ukNino),
        // The NINO's shape without HMRC's prefix rules (`ZZ…`, administrative numbers): still an id.
        IdentifierFamily(.identifierCode, [[9], [2, 2, 2, 2, 1], [2, 6, 1]], [.space, .dash], .between(6...6), IdentifierChecks.ninoShape),
        IdentifierFamily(.sgNric, [[9]], [], .between(7...7), IdentifierChecks.sgNric),
        IdentifierFamily(.inPan, [[10]], [], .between(4...4), IdentifierChecks.inPan),
        IdentifierFamily(.esNie, [[9], [1, 7, 1], [1, 8], [8, 1]], [.dash, .space], .between(7...7), IdentifierChecks.esNie),
        IdentifierFamily(.esNif, [[9], [8, 1], [2, 3, 3, 1]], [.dash, .space, .dot], .between(8...8), IdentifierChecks.esNif),
        IdentifierFamily(.inVehicleRegistration, [], [.space, .dash], .between(5...6), IdentifierChecks.inVehicleRegistration),
        IdentifierFamily(.usPassport, [[9]], [], .between(8...8), IdentifierChecks.usPassport),
        IdentifierFamily(.usItin, [[3, 2, 4], [9]], [.dash, .space, .dot], .all, IdentifierChecks.usItin),
        IdentifierFamily(.usSsn, [[3, 2, 4]], [.dash, .space, .dot], .all, IdentifierChecks.usSsn),
        IdentifierFamily(.abaRouting, [[9], [4, 4, 1]], [.dash], .all, IdentifierChecks.abaRouting),
        IdentifierFamily(.caSin, [[3, 3, 3], [9]], [.dash, .space], .all, IdentifierChecks.caSin),
        IdentifierFamily(.nlBsn, [[9], [4, 2, 3], [3, 3, 3]], [.dot, .dash, .space], .all, IdentifierChecks.nlBsn),
        IdentifierFamily(.auTfn, [[3, 3, 3], [9]], [.space, .dash], .all, IdentifierChecks.auTfn),
        IdentifierFamily(.auAcn, [[3, 3, 3], [9]], [.space, .dash], .all, IdentifierChecks.auAcn),
    ]

    /// Table indexes by compact length (0…24), so a candidate is checked only against the
    /// families that can have its length.
    static let byLength: [[Int]] = {
        var index = [[Int]](repeating: [], count: 25)
        for (position, family) in table.enumerated() {
            var lengths = Set(family.groupings.map { $0.reduce(0, +) })
            if family.groupings.isEmpty { lengths = Set(8...11) }
            for length in lengths where length < index.count { index[length].append(position) }
        }
        return index
    }()

    /// Every family's check needs this many digits or more (`inPan`'s four, the fewest), but the
    /// Italian fiscal code's, whose digits may be written as letters (omocodia): a window with
    /// fewer digits passes no family unless it has that code's length.
    static let fewestDigits = 4
    static let lettersForDigitsLength = 16

    /// The compact lengths some family has (windows of other lengths need no lookup).
    static let lengths: ClosedRange<Int> = byLength.firstIndex { !$0.isEmpty }!...byLength.lastIndex { !$0.isEmpty }!

    /// A family a window of one compact length may belong to, with one of its groupings of that
    /// length (`groupingKey`; 0 for a family that accepts any grouping of at most four pieces).
    /// The family's kind and check are copied in: a lookup reads no `table` entry (no grouping array to retain).
    struct Candidate: Sendable {
        let position: Int
        let separators: Separators
        let grouping: UInt64
        /// The digit counts the family's check can accept at this length (`DigitCount`).
        let fewestDigits: Int
        let mostDigits: Int
        let kind: DetectorKind
        let check: @Sendable (UnsafeBufferPointer<UInt8>) -> Bool
    }

    /// Piece lengths packed into one word: the count in the low 4 bits, then 5 bits a length
    /// (every grouping in `table` has at most seven lengths, each under 32).
    static func groupingKey(_ lengths: [Int]) -> UInt64 {
        var key = UInt64(lengths.count)
        for (i, length) in lengths.enumerated() { key |= UInt64(length) << (4 + 5 * i) }
        return key
    }

    /// The candidates of every compact length, in table order, one after another: those of
    /// length `n` are `candidates[candidateStart[n]..<candidateStart[n + 1]]`.
    static let candidates: [Candidate] = byLength.enumerated().flatMap { length, positions in
        positions.flatMap { candidates(of: $0, length: length) }
    }

    /// Where each compact length's candidates start in `candidates` (and where the last ends).
    static let candidateStart: [Int] = byLength.enumerated().reduce(into: [0]) { starts, entry in
        starts.append(starts.last! + entry.element.reduce(0) { $0 + candidates(of: $1, length: entry.offset).count })
    }

    /// The family at `position`, once for each of its groupings of `length`.
    private static func candidates(of position: Int, length: Int) -> [Candidate] {
        let family = table[position]
        let digits = family.digits.range(length: length)
        func candidate(_ grouping: UInt64) -> Candidate {
            Candidate(
                position: position, separators: family.separators, grouping: grouping, fewestDigits: digits.lowerBound,
                mostDigits: digits.upperBound, kind: family.kind, check: family.check)
        }
        guard !family.groupings.isEmpty else { return [candidate(0)] }
        return family.groupings.filter { $0.reduce(0, +) == length }.map { candidate(groupingKey($0)) }
    }

    /// Per compact length (0…24), what a window must have for some family of that length to
    /// accept it: bit `d` set when some candidate's check can pass with `d` digits, and the
    /// union of those candidates' separators in bits 32–39. A window outside it is not looked
    /// up: `family` would try every candidate and find none.
    static let windowFilter: [UInt64] = (0..<byLength.count).map { length in
        var filter: UInt64 = 0
        for candidate in candidates[candidateStart[length]..<candidateStart[length + 1]] {
            for digits in candidate.fewestDigits...candidate.mostDigits where digits < 32 { filter |= 1 << UInt64(digits) }
            filter |= UInt64(candidate.separators.rawValue) << 32
        }
        return filter
    }

    /// The tables the per-window loop reads, in one value a pass loads once (each read of a
    /// `static let` goes through `swift_once`).
    struct Index: Sendable {
        let candidates: [Candidate]
        let candidateStart: [Int]
        let windowFilter: [UInt64]
        let shortestLength: Int
        /// Positions in `candidates`, in order, of the candidates of each compact length written
        /// with each set of separators: those of length `n` and set `s` are
        /// `separatorCandidates[separatorStart[n * separatorSets + s]..<separatorStart[n * separatorSets + s + 1]]`.
        let separatorCandidates: [Int]
        let separatorStart: [Int]
    }

    /// The sets of separators (`Separators` has four).
    static let separatorSets = 16

    static let index: Index = {
        var positions: [Int] = [], starts = [0]
        for length in 0..<byLength.count {
            for raw in 0..<separatorSets {
                let used = Separators(rawValue: UInt8(raw))
                for position in candidateStart[length]..<candidateStart[length + 1] where candidates[position].separators.isSuperset(of: used) {
                    positions.append(position)
                }
                starts.append(positions.count)
            }
        }
        return Index(
            candidates: candidates, candidateStart: candidateStart, windowFilter: windowFilter, shortestLength: lengths.lowerBound,
            separatorCandidates: positions, separatorStart: starts)
    }()
}
