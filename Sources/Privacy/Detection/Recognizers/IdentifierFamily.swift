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
    let check: @Sendable (UnsafeBufferPointer<UInt8>) -> Bool

    init(
        _ kind: DetectorKind, _ groupings: [[Int]], _ separators: Separators = .all,
        _ check: @escaping @Sendable (UnsafeBufferPointer<UInt8>) -> Bool
    ) {
        self.kind = kind
        self.groupings = groupings
        self.separators = separators
        self.check = check
    }

    /// The table, most specific first: checksums with rare groupings before the 9-digit crowd
    /// (SSN, ITIN, SIN, TFN, ACN, BSN, ABA), where the first passing check names the kind.
    static let table: [IdentifierFamily] = [
        IdentifierFamily(.itFiscalCode, [[16]], [], IdentifierChecks.itFiscalCode),
        IdentifierFamily(
            .frInsee, [[15], [1, 2, 2, 2, 3, 3, 2], [13, 2], [1, 2, 2, 5, 3, 2], [1, 2, 2, 2, 6, 2]], [.space, .dash, .dot], IdentifierChecks.frInsee),
        IdentifierFamily(.krRrn, [[6, 7], [13]], [.dash], IdentifierChecks.krRrn),
        IdentifierFamily(.inAadhaar, [[4, 4, 4], [12]], [.space, .dash], IdentifierChecks.inAadhaar),
        IdentifierFamily(.sePersonnummer, [[6, 4], [8, 4]], [.dash], IdentifierChecks.sePersonnummer),
        IdentifierFamily(.fiHetu, [[6, 4], [11]], [.dash], IdentifierChecks.fiHetu),
        IdentifierFamily(.plPesel, [[11]], [], IdentifierChecks.plPesel),
        IdentifierFamily(.deTaxId, [[11], [2, 3, 3, 3]], [.space, .slash], IdentifierChecks.deTaxId),
        IdentifierFamily(.auAbn, [[11], [2, 3, 3, 3]], [.space], IdentifierChecks.auAbn),
        IdentifierFamily(.itVatCode, [[11]], [], IdentifierChecks.itVatCode),
        IdentifierFamily(.ukNhs, [[3, 3, 4], [10]], [.space, .dash], IdentifierChecks.ukNhs),
        IdentifierFamily(.auMedicare, [[4, 5, 1], [10], [4, 5, 1, 1], [11]], [.space, .dash], IdentifierChecks.auMedicare),
        IdentifierFamily(.ukNino, [[9], [8], [2, 2, 2, 2, 1], [2, 2, 2, 2], [2, 6, 1], [2, 6]], [.space, .dash], IdentifierChecks.ukNino),
        // The NINO's shape without HMRC's prefix rules (`ZZ…`, administrative numbers): still an id.
        IdentifierFamily(.identifierCode, [[9], [2, 2, 2, 2, 1], [2, 6, 1]], [.space, .dash], IdentifierChecks.ninoShape),
        IdentifierFamily(.sgNric, [[9]], [], IdentifierChecks.sgNric),
        IdentifierFamily(.inPan, [[10]], [], IdentifierChecks.inPan),
        IdentifierFamily(.esNie, [[9], [1, 7, 1], [1, 8], [8, 1]], [.dash, .space], IdentifierChecks.esNie),
        IdentifierFamily(.esNif, [[9], [8, 1], [2, 3, 3, 1]], [.dash, .space, .dot], IdentifierChecks.esNif),
        IdentifierFamily(.inVehicleRegistration, [], [.space, .dash], IdentifierChecks.inVehicleRegistration),
        IdentifierFamily(.usPassport, [[9]], [], IdentifierChecks.usPassport),
        IdentifierFamily(.usItin, [[3, 2, 4], [9]], [.dash, .space, .dot], IdentifierChecks.usItin),
        IdentifierFamily(.usSsn, [[3, 2, 4]], [.dash, .space, .dot], IdentifierChecks.usSsn),
        IdentifierFamily(.abaRouting, [[9], [4, 4, 1]], [.dash], IdentifierChecks.abaRouting),
        IdentifierFamily(.caSin, [[3, 3, 3], [9]], [.dash, .space], IdentifierChecks.caSin),
        IdentifierFamily(.nlBsn, [[9], [4, 2, 3], [3, 3, 3]], [.dot, .dash, .space], IdentifierChecks.nlBsn),
        IdentifierFamily(.auTfn, [[3, 3, 3], [9]], [.space, .dash], IdentifierChecks.auTfn),
        IdentifierFamily(.auAcn, [[3, 3, 3], [9]], [.space, .dash], IdentifierChecks.auAcn),
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

    /// The separators any family of each compact length is written with (the union over `byLength`).
    static let separatorsByLength: [Separators] = byLength.map { positions in
        positions.reduce(into: Separators()) { $0.formUnion(table[$1].separators) }
    }

    /// A family a window of one compact length may belong to, with one of its groupings of that
    /// length (`groupingKey`; 0 for a family that accepts any grouping of at most four pieces).
    /// Plain values: the per-window loop copies no array or closure out of `table`.
    struct Candidate: Sendable {
        let position: Int
        let separators: Separators
        let grouping: UInt64
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
        guard !family.groupings.isEmpty else { return [Candidate(position: position, separators: family.separators, grouping: 0)] }
        return family.groupings.filter { $0.reduce(0, +) == length }.map {
            Candidate(position: position, separators: family.separators, grouping: groupingKey($0))
        }
    }
}
