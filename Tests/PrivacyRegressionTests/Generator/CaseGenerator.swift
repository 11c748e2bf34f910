import Foundation

/// Seeded generator of labeled privacy cases: realistic migration error messages with personal
/// data and secrets of every kind embedded, and technical look-alikes that must survive.
///
/// Imports nothing from the project. The same seed gives the same cases on every platform
/// (`SeededGenerator` and this folder's own arithmetic only).
///
/// Templates mark values inline: `S(value)` is a secret, `K(token)` a look-alike that must
/// survive (see `Templates.swift`). A drafted case is kept only if it is self-consistent
/// (`LeakCheck.problems`): every secret occurs in the text and shares no six-character fragment
/// with the text left after removing all secrets, nor with any placeholder — otherwise even a
/// perfect anonymizer would fail it. Drafts that are not are drawn again; `discarded` counts them.
struct CaseGenerator: Sendable {
    static let defaultSeed: UInt64 = 0x5EED_2026_1125_0009

    /// Cases per kind label: every detector kind, more mixed and clean ones.
    static func count(for kind: CaseKind) -> Int {
        switch kind {
        case .mixed, .clean: return 30
        default: return 22
        }
    }

    static let maxAttemptsPerCase = 60

    let seed: UInt64

    init(seed: UInt64 = CaseGenerator.defaultSeed) {
        self.seed = seed
    }

    struct Output: Sendable {
        var cases: [PrivacyCase]
        /// Drafts drawn again because they were not self-consistent, per kind label.
        var discarded: [String: Int]
        /// Cases kept although still inconsistent after `maxAttemptsPerCase` draws (should be 0;
        /// the generator test fails on any).
        var inconsistent: Int
    }

    func generate() -> [PrivacyCase] {
        generateWithStatistics().cases
    }

    func generateWithStatistics() -> Output {
        var composer = Composer(seed: seed)
        var output = Output(cases: [], discarded: [:], inconsistent: 0)
        for kind in CaseKind.allCases {
            for _ in 0..<CaseGenerator.count(for: kind) {
                var attempt = 0
                while true {
                    attempt += 1
                    let drafted = composer.draft(kind)
                    if LeakCheck.problems(of: drafted).isEmpty {
                        output.cases.append(drafted)
                        break
                    }
                    output.discarded[kind.rawValue, default: 0] += 1
                    if attempt >= CaseGenerator.maxAttemptsPerCase {
                        output.cases.append(drafted)
                        output.inconsistent += 1
                        break
                    }
                }
            }
        }
        return output
    }
}

/// The inline marks of a template and how a marked text becomes a case.
enum Marker {
    static let secretOpen: Unicode.Scalar = "\u{E000}"
    static let secretClose: Unicode.Scalar = "\u{E001}"
    static let keepOpen: Unicode.Scalar = "\u{E002}"
    static let keepClose: Unicode.Scalar = "\u{E003}"
    static let listedOpen: Unicode.Scalar = "\u{E004}"
    static let listedClose: Unicode.Scalar = "\u{E005}"

    static func secret(_ value: String) -> String {
        "\(Character(secretOpen))\(value)\(Character(secretClose))"
    }

    /// A secret that is not written at this place (it occurs elsewhere in the text, e.g. a
    /// surname inside a full name), only listed.
    static func listed(_ value: String) -> String {
        "\(Character(listedOpen))\(value)\(Character(listedClose))"
    }

    static func keep(_ value: String) -> String {
        "\(Character(keepOpen))\(value)\(Character(keepClose))"
    }

    /// Strips the marks; secrets and look-alikes are listed once each, in order of appearance.
    static func makeCase(kind: CaseKind, marked: String, sensitiveTerms: [String]) -> PrivacyCase {
        var text = String.UnicodeScalarView()
        var secrets: [String] = []
        var keeps: [String] = []
        var current: String.UnicodeScalarView? = nil
        var listed: String.UnicodeScalarView? = nil
        for scalar in marked.unicodeScalars {
            if scalar == listedOpen { listed = String.UnicodeScalarView(); continue }
            if scalar == listedClose {
                if let value = listed.map(String.init), !secrets.contains(value) { secrets.append(value) }
                listed = nil
                continue
            }
            if listed != nil { listed?.append(scalar); continue }
            switch scalar {
            case secretOpen, keepOpen:
                current = String.UnicodeScalarView()
            case secretClose:
                if let value = current.map(String.init), !secrets.contains(value) { secrets.append(value) }
                current = nil
            case keepClose:
                if let value = current.map(String.init), !keeps.contains(value) { keeps.append(value) }
                current = nil
            default:
                text.append(scalar)
                current?.append(scalar)
            }
        }
        return PrivacyCase(kind: kind.rawValue, text: String(text), secrets: secrets, mustSurvive: keeps, sensitiveTerms: sensitiveTerms)
    }
}
