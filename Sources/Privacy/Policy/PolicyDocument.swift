import Crypto
import ErrorCodes
import Foundation
import PatternCore
import Yams

/// The YAML shape; `PolicyLoader` turns it into a checked `Policy`. Encodable too: the
/// checked policy keeps its effective document (`effective`: every default filled in), which
/// is what `policy show` prints and, with the lists' entries, what the policy hash covers.
struct PolicyDocument: Codable, Sendable {
    var version: String
    var consent: Consent
    var erasure: Erasure
    var audit: Audit
    var patterns: Patterns
    var limits: Limits
    var sync: Sync?
    var ranking: Ranking?
    /// By plan name (`free`, `pro`, `enterprise`); a plan left out gets its defaults.
    var plans: SortedMapping<PlanDocument>?
    var stats: Stats?
    var watch: Watch?
    var vocabulary: VocabularyLists
    var freeText: FreeTextDocument
    var fieldRules: FieldRulesDocument

    struct FreeTextDocument: Codable, Sendable {
        var vocabulary: [String]
        var technicalTerms: [String]?
        var givenNames: String
        var surnames: String
        var detectors: [DetectorEntry]
        var custom: [CustomEntry]?
    }
    struct DetectorEntry: Codable, Sendable {
        var kind: String
        var placeholder: String
        var validator: String?
    }
    struct CustomEntry: Codable, Sendable {
        var name: String
        var pattern: String
        var placeholder: String
    }
    struct FieldRulesDocument: Codable, Sendable {
        var keep: [String]
    }

    struct Consent: Codable, Sendable {
        var `default`: ConsentDefault
        var purposes: [String]
        var eraseOnRevoke: Bool?
    }

    /// YAML 1.1 reads `off` as a boolean; accept either spelling and refuse anything but off.
    enum ConsentDefault: Codable, Equatable, Sendable {
        case off, on

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                self = flag ? .on : .off
            } else {
                self = try container.decode(String.self).lowercased() == "off" ? .off : .on
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(self == .off ? "off" : "on")
        }
    }

    struct Erasure: Codable, Sendable { var graceDays: Int }
    struct Audit: Codable, Sendable {
        var retentionYears: Int
        /// `year` (a new segment every UTC year, the default) or `none`.
        var segment: String?
    }
    struct Patterns: Codable, Sendable {
        var minContributors: Int
        var defaultLimit: Int
        var maxLimit: Int
    }
    struct Limits: Codable, Sendable {
        var maxItemBytes: Int
        var maxBatchItems: Int
        var maxBatchBytes: Int
        var maxSteps: Int
        var maxResourceTypes: Int
        var maxMigrationIdLength: Int
        var maxErrorMessageLength: Int
        var maxSensitiveTerms: Int
        var maxSensitiveTermLength: Int
        var gateWorkBudget: Int?
    }
    struct Sync: Codable, Sendable {
        var maxConcurrentRequests: Int?
    }
    struct Ranking: Codable, Sendable {
        var minLeafExamples: Int?
        var candidates: Int?
    }
    struct PlanDocument: Codable, Sendable {
        var maxLimit: Int?
        var learnedRanking: Bool?
        var liveUpdates: Bool?
        var privateNetworks: Bool?
    }
    struct VocabularyLists: Codable, Sendable {
        /// Cloud → resource type names.
        var resourceTypes: SortedMapping<[String]>
        var stepActions: [String]
        var regions: [String]
    }

    /// A mapping whose keys the policy names (clouds, plans), written in sorted key order so
    /// that `policy show` prints the same YAML every time.
    struct SortedMapping<Value: Codable & Sendable>: Codable, Sendable {
        var entries: [String: Value]

        init(_ entries: [String: Value]) { self.entries = entries }

        init(from decoder: any Decoder) throws {
            entries = try decoder.singleValueContainer().decode([String: Value].self)
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            for key in entries.keys.sorted() { try container.encode(entries[key], forKey: Key(stringValue: key)) }
        }

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
    }
}

/// The entries of the lists a policy names, by the field naming them (`technicalTerms`'
/// words are not in `vocabulary`'s unless its own files list them).
struct PolicyListEntries: Sendable {
    var vocabulary: ListEntries
    var technicalTerms: ListEntries
    var givenNames: ListEntries
    var surnames: ListEntries

    /// The lists in the canonical form's order, by field name.
    var fields: [(name: String, entries: ListEntries)] {
        [
            ("freeText.vocabulary", vocabulary), ("freeText.technicalTerms", technicalTerms),
            ("freeText.givenNames", givenNames), ("freeText.surnames", surnames),
        ]
    }
}

/// The policy hash: SHA-256 of the policy's canonical form (docs/policy.md#the-policy-hash).
enum PolicyCanonicalForm {
    /// First line of the canonical form; a new form gets a new number.
    static let header = "patterngate-policy/1\n"

    /// The canonical text: the header; the effective document with its list paths blanked,
    /// as JSON with sorted keys; then for each list, a blank line, its field name and its
    /// entries in sorted order, each on its own line.
    static func text(of effective: PolicyDocument, lists: PolicyListEntries) throws(PolicyError) -> [UInt8] {
        var blanked = effective
        blanked.freeText.vocabulary = []
        blanked.freeText.technicalTerms = []
        blanked.freeText.givenNames = ""
        blanked.freeText.surnames = ""
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json: Data
        do {
            json = try encoder.encode(blanked)
        } catch {
            throw PolicyError(code: .policyInvalid, field: "(document)", reason: "cannot be put in canonical form")
        }
        var text = Array(header.utf8)
        text.reserveCapacity(json.count + lists.fields.reduce(0) { $0 + $1.entries.count * 12 })
        text.append(contentsOf: json)
        text.append(0x0A)
        for (name, entries) in lists.fields {
            text.append(0x0A)
            text.append(contentsOf: name.utf8)
            text.append(0x0A)
            // `ListEntries` are in `sorted()`'s order already.
            for entry in entries.entries {
                text.append(contentsOf: entry.utf8)
                text.append(0x0A)
            }
        }
        return text
    }

    static func hash(of effective: PolicyDocument, lists: PolicyListEntries) throws(PolicyError) -> String {
        Hex.encode(SHA256.hash(data: try text(of: effective, lists: lists)))
    }
}

extension Policy {
    /// The effective policy as YAML, as `patterngate policy show` prints it: a `# hash:` line,
    /// a comment naming each list and its entry count, then the document with every default
    /// filled in. List paths are relative to the policy's folder, so the text saved beside
    /// `lists/` loads back to the same policy and the same hash.
    package func yaml() throws(PolicyError) -> String {
        let body: String
        do {
            body = try YAMLEncoder().encode(effective)
        } catch {
            throw PolicyError(code: .policyInvalid, field: "(document)", reason: "cannot be written as YAML")
        }
        let files = effective.freeText
        let paths = [files.vocabulary, files.technicalTerms ?? [], [files.givenNames], [files.surnames]]
        var header = "# hash: \(hash)\n"
        header += "# The effective policy (docs/policy.md): every default filled in. Lists by path, relative\n"
        header += "# to this file's folder; the hash covers their entries:\n"
        for ((name, count), named) in zip(listEntryCounts, paths) {
            header += "#   \(name): \(named.isEmpty ? "(none)" : named.joined(separator: ", ")) (\(count) entries)\n"
        }
        return header + body
    }
}
