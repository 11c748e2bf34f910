package import ErrorCodes
import Foundation
import PatternCore
import Yams

/// A policy that cannot be used, naming the field at fault.
package struct PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    package var code: ErrorCode
    package var field: String
    package var reason: String

    package init(code: ErrorCode, field: String, reason: String) {
        self.code = code
        self.field = field
        self.reason = reason
    }

    package var description: String { "policy field '\(field)': \(reason)" }
}

/// Reads a policy from YAML text. Pure: the caller reads the file.
package enum PolicyLoader {
    /// `lists` returns the text of a list file the policy names, by its path relative to the
    /// policy's folder (the caller does the reading).
    package static func load(yaml: String, lists: (String) throws -> String) throws(PolicyError) -> Policy {
        let document: PolicyDocument
        do {
            document = try YAMLDecoder().decode(PolicyDocument.self, from: yaml)
        } catch let error as DecodingError {
            throw describe(error)
        } catch {
            throw PolicyError(code: .policyInvalid, field: "(document)", reason: "not valid YAML")
        }
        func read(_ path: String, _ field: String) throws(PolicyError) -> ListEntries {
            guard !path.contains(".."), !path.hasPrefix("/") else {
                throw PolicyError(code: .policyInvalid, field: field, reason: "list paths are relative to the policy's folder")
            }
            do {
                return ListEntries.parse(try lists(path))
            } catch {
                throw PolicyError(code: .policyUnreadable, field: field, reason: "cannot read the list file it names")
            }
        }
        var vocabulary = ListEntries([])
        for (index, path) in document.freeText.vocabulary.enumerated() {
            vocabulary = vocabulary.union(try read(path, "freeText.vocabulary[\(index)]"))
        }
        var technical = ListEntries([])
        for (index, path) in (document.freeText.technicalTerms ?? []).enumerated() {
            technical = technical.union(try read(path, "freeText.technicalTerms[\(index)]"))
        }
        let entries = PolicyListEntries(
            vocabulary: vocabulary, technicalTerms: technical,
            givenNames: try read(document.freeText.givenNames, "freeText.givenNames"),
            surnames: try read(document.freeText.surnames, "freeText.surnames"))
        return try validate(document, lists: entries)
    }

    private static func validate(_ document: PolicyDocument, lists entries: PolicyListEntries) throws(PolicyError) -> Policy {
        // Technical terms are vocabulary words that are never taken for names ("Cloud Spanner",
        // "Teradata"), unless a name list has them: they also join the exact terms.
        let lists = (
            words: entries.vocabulary.union(entries.technicalTerms), technicalTerms: entries.technicalTerms,
            givenNames: entries.givenNames, surnames: entries.surnames
        )
        func fail(_ field: String, _ reason: String) -> PolicyError {
            PolicyError(code: .policyInvalid, field: field, reason: reason)
        }
        func require(_ condition: Bool, _ field: String, _ reason: String) throws(PolicyError) {
            if !condition { throw fail(field, reason) }
        }
        try require(
            PolicyVersion.isValid(document.version), "version",
            "must be a date YYYY-MM-DD, optionally with a revision .N (it travels in every consent event)")
        try require(document.consent.default == .off, "consent.default", "must be off: consent is opt-in")
        try require(document.consent.purposes.contains("contribute"), "consent.purposes", "must include contribute")
        try require(document.erasure.graceDays >= 0 && document.erasure.graceDays <= 30, "erasure.graceDays", "must be 0…30")
        try require(document.audit.retentionYears >= 1, "audit.retentionYears", "must be at least 1")
        let segmentBoundary = Policy.AuditSettings.SegmentBoundary(rawValue: document.audit.segment ?? "year")
        try require(segmentBoundary != nil, "audit.segment", "must be year or none")
        let patterns = document.patterns
        try require(patterns.minContributors >= 1, "patterns.minContributors", "must be at least 1")
        try require(patterns.maxLimit >= 1 && patterns.maxLimit <= 200, "patterns.maxLimit", "must be 1…200")
        try require(patterns.defaultLimit >= 1 && patterns.defaultLimit <= patterns.maxLimit, "patterns.defaultLimit", "must be 1…maxLimit")
        let limits = document.limits
        for (name, value) in [
            ("maxItemBytes", limits.maxItemBytes), ("maxBatchItems", limits.maxBatchItems),
            ("maxBatchBytes", limits.maxBatchBytes), ("maxSteps", limits.maxSteps),
            ("maxResourceTypes", limits.maxResourceTypes), ("maxMigrationIdLength", limits.maxMigrationIdLength),
            ("maxErrorMessageLength", limits.maxErrorMessageLength), ("maxSensitiveTerms", limits.maxSensitiveTerms),
            ("maxSensitiveTermLength", limits.maxSensitiveTermLength),
        ] {
            try require(value >= 1, "limits.\(name)", "must be at least 1")
        }
        try require(limits.maxItemBytes <= limits.maxBatchBytes, "limits.maxItemBytes", "must not exceed maxBatchBytes")
        let gateWorkBudget = limits.gateWorkBudget ?? Policy.RequestLimits.defaultGateStepsPerByte * limits.maxItemBytes
        try require(
            gateWorkBudget >= 64 * limits.maxItemBytes, "limits.gateWorkBudget",
            "must be at least 64 steps per byte of maxItemBytes, or an honest contribution could not pass")
        let maxConcurrentSyncs = document.sync?.maxConcurrentRequests ?? Policy.SyncSettings.defaultMaxConcurrentRequests
        try require(maxConcurrentSyncs >= 1 && maxConcurrentSyncs <= 64, "sync.maxConcurrentRequests", "must be 1…64")
        let ranking = Policy.RankingSettings(
            minLeafExamples: document.ranking?.minLeafExamples ?? Policy.RankingSettings.defaultMinLeafExamples,
            candidates: document.ranking?.candidates ?? Policy.RankingSettings.defaultCandidates)
        try require(ranking.minLeafExamples >= 1 && ranking.minLeafExamples <= 10_000, "ranking.minLeafExamples", "must be 1…10000")
        try require(ranking.candidates >= 10 && ranking.candidates <= 1_000, "ranking.candidates", "must be 10…1000")
        let plans = try Self.planSettings(document.plans?.entries, maxLimit: patterns.maxLimit)
        let stats = try Policy.StatsSettings.load(document.stats)
        let watch = try Policy.WatchSettings.checked(document.watch)
        var types: [CloudProvider: [String]] = [:]
        for (cloudName, names) in document.vocabulary.resourceTypes.entries {
            guard let cloud = CloudProvider(rawValue: cloudName) else {
                throw fail("vocabulary.resourceTypes.\(cloudName)", "unknown cloud (aws, azure, gcp, on-prem)")
            }
            try require(names.allSatisfy(isName), "vocabulary.resourceTypes.\(cloudName)", "names are 1–64 letters, digits, '-', '_' or '.'")
            types[cloud] = names
        }
        for cloud in CloudProvider.allCases {
            try require(!(types[cloud] ?? []).isEmpty, "vocabulary.resourceTypes.\(cloud.rawValue)", "must list at least one type")
        }
        try require(!document.vocabulary.stepActions.isEmpty, "vocabulary.stepActions", "must not be empty")
        try require(document.vocabulary.stepActions.allSatisfy(isName), "vocabulary.stepActions", "names are 1–64 letters, digits, '-', '_' or '.'")
        try require(document.vocabulary.regions.allSatisfy(isName), "vocabulary.regions", "names are 1–64 letters, digits, '-', '_' or '.'")
        try require(lists.words.count >= 1000, "freeText.vocabulary", "must list at least 1,000 words")
        try require(lists.givenNames.count >= 1000, "freeText.givenNames", "must list at least 1,000 names")
        try require(lists.surnames.count >= 1000, "freeText.surnames", "must list at least 1,000 names")
        var placeholders: [DetectorKind: String] = [:]
        for (index, entry) in document.freeText.detectors.enumerated() {
            let field = "freeText.detectors[\(index)]"
            // "phone" is the name before issue 14 made finding kinds `phone_number`.
            guard let kind = DetectorKind(rawValue: entry.kind == "phone" ? "phone_number" : entry.kind), kind != .custom else {
                throw fail("\(field).kind", "is not a detector kind")
            }
            try require(placeholders[kind] == nil, "\(field).kind", "is listed twice")
            try require(isPlaceholder(entry.placeholder), "\(field).placeholder", "must look like [UPPER_CASE]")
            if let validator = entry.validator {
                try require(validatorNames[kind] == validator, "\(field).validator", "is not the validator of this kind")
            }
            placeholders[kind] = entry.placeholder
        }
        // A kind the policy does not list keeps its default placeholder: detectors are never
        // switched off by omission (a policy written before a kind existed still gets it).
        for kind in DetectorKind.allCases where kind != .custom && placeholders[kind] == nil {
            placeholders[kind] = kind.defaultPlaceholder
        }
        var custom: [CustomPattern] = []
        for (index, entry) in (document.freeText.custom ?? []).enumerated() {
            let field = "freeText.custom[\(index)]"
            try require(!entry.name.isEmpty, "\(field).name", "must not be empty")
            try require(isPlaceholder(entry.placeholder), "\(field).placeholder", "must look like [UPPER_CASE]")
            guard let regex = try? NSRegularExpression(pattern: entry.pattern) else {
                throw fail("\(field).pattern", "is not a valid regular expression")
            }
            custom.append(CustomPattern(name: entry.name, regex: regex, placeholder: entry.placeholder))
        }
        var kept = Set<KeptField>()
        for (index, name) in document.fieldRules.keep.enumerated() {
            guard let field = KeptField(rawValue: name) else { throw fail("fieldRules.keep[\(index)]", "is not a field the network can keep") }
            kept.insert(field)
        }
        for field in KeptField.required where !kept.contains(field) {
            throw fail("fieldRules.keep", "must keep \(field.rawValue)")
        }
        var exactTerms: [String] = []
        for cloud in CloudProvider.allCases { exactTerms += (types[cloud] ?? []).map { $0.lowercased() } }
        exactTerms += document.vocabulary.stepActions.map { $0.lowercased() }
        exactTerms += document.vocabulary.regions.map { $0.lowercased() }
        // Vendor and platform names are never taken for people ("Azure", "Oracle", "Dell").
        exactTerms += CloudProvider.allCases.map(\.rawValue)
        exactTerms += [
            "amazon", "google", "microsoft", "oracle", "vmware", "redhat", "ibm", "sap", "cisco", "dell", "hp", "kubernetes",
            "docker", "linux", "windows", "ubuntu", "debian", "postgres", "mysql", "redis", "kafka", "jenkins", "terraform",
        ]
        // A technical term that is also a given name or a surname ("Ruby", "Jenkins", "West")
        // stays a possible name: a person called so must not pass as a product.
        exactTerms += lists.technicalTerms.subtracting(lists.givenNames).subtracting(lists.surnames).entries
        var effective = document
        effective.consent.eraseOnRevoke = document.consent.eraseOnRevoke ?? true
        effective.audit.segment = (segmentBoundary ?? .year).rawValue
        effective.limits.gateWorkBudget = gateWorkBudget
        effective.sync = .init(maxConcurrentRequests: maxConcurrentSyncs)
        effective.ranking = .init(minLeafExamples: ranking.minLeafExamples, candidates: ranking.candidates)
        effective.plans = .init(
            Dictionary(
                uniqueKeysWithValues: Plan.allCases.map { plan in
                    let granted = plans[plan]
                    return (
                        plan.rawValue,
                        PolicyDocument.PlanDocument(
                            maxLimit: granted.maxLimit, learnedRanking: granted.learnedRanking, liveUpdates: granted.liveUpdates,
                            privateNetworks: granted.privateNetworks)
                    )
                }))
        effective.stats = stats.document
        effective.watch = watch.document
        effective.freeText.technicalTerms = document.freeText.technicalTerms ?? []
        effective.freeText.detectors = placeholders.sorted { $0.key.rawValue < $1.key.rawValue }.map {
            .init(kind: $0.key.rawValue, placeholder: $0.value, validator: nil)
        }
        effective.freeText.custom = document.freeText.custom ?? []
        effective.fieldRules.keep = kept.map(\.rawValue).sorted()
        let freeText = FreeTextSettings(
            vocabulary: FreeTextVocabulary(
                words: lists.words, exactTerms: ListEntries(exactTerms), givenNames: lists.givenNames, surnames: lists.surnames,
                technicalTerms: lists.technicalTerms),
            placeholders: placeholders, enabledKinds: Set(placeholders.keys), customPatterns: custom)
        return Policy(
            version: document.version,
            consent: .init(defaultOn: false, purposes: document.consent.purposes, eraseOnRevoke: document.consent.eraseOnRevoke ?? true),
            erasure: .init(graceDays: document.erasure.graceDays),
            audit: .init(retentionYears: document.audit.retentionYears, segment: segmentBoundary ?? .year),
            patterns: .init(minContributors: patterns.minContributors, defaultLimit: patterns.defaultLimit, maxLimit: patterns.maxLimit),
            limits: .init(
                maxItemBytes: limits.maxItemBytes, maxBatchItems: limits.maxBatchItems, maxBatchBytes: limits.maxBatchBytes,
                maxSteps: limits.maxSteps, maxResourceTypes: limits.maxResourceTypes,
                maxMigrationIdLength: limits.maxMigrationIdLength, maxErrorMessageLength: limits.maxErrorMessageLength,
                maxSensitiveTerms: limits.maxSensitiveTerms, maxSensitiveTermLength: limits.maxSensitiveTermLength,
                gateWorkBudget: gateWorkBudget),
            sync: .init(maxConcurrentRequests: maxConcurrentSyncs),
            ranking: ranking,
            plans: plans,
            stats: stats,
            watch: watch,
            vocabulary: Vocabulary(
                resourceTypes: types, stepActions: document.vocabulary.stepActions, regions: document.vocabulary.regions),
            freeText: freeText,
            keptFields: kept,
            hash: try PolicyCanonicalForm.hash(of: effective, lists: entries),
            effective: effective,
            listEntryCounts: entries.fields.map { ($0.name, $0.entries.count) }
        )
    }

    static let validatorNames: [DetectorKind: String] = [
        .creditCard: "luhn", .iban: "mod97", .ipv4: "ip-ranges", .ipv6: "ip-ranges", .highEntropy: "entropy",
        .usSsn: "ssa-ranges", .usItin: "itin-ranges", .abaRouting: "aba-371", .ukNino: "nino-prefixes", .ukNhs: "mod11",
        .esNif: "mod23", .esNie: "mod23", .itFiscalCode: "cin", .itVatCode: "luhn", .plPesel: "pesel-weights",
        .fiHetu: "mod31", .krRrn: "rrn-date", .sgNric: "nric-weights", .auTfn: "tfn-weights", .auAbn: "mod89",
        .auAcn: "acn-weights", .auMedicare: "medicare-weights", .inPan: "pan-shape", .inAadhaar: "verhoeff", .caSin: "luhn",
        .deTaxId: "iso7064-mod11-10", .frInsee: "mod97-key", .nlBsn: "elfproef", .sePersonnummer: "luhn",
    ]

    private static func isPlaceholder(_ text: String) -> Bool {
        text.utf8.count >= 3 && text.hasPrefix("[") && text.hasSuffix("]")
            && text.utf8.dropFirst().dropLast().allSatisfy { ($0 >= 0x41 && $0 <= 0x5a) || $0 == 0x5f }
    }

    private static func isName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
                    || byte == 0x2d || byte == 0x5f || byte == 0x2e
            }
    }

    private static func describe(_ error: DecodingError) -> PolicyError {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return PolicyError(code: .policyInvalid, field: path(context.codingPath + [key]), reason: "is required")
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let field = path(context.codingPath)
            return PolicyError(code: .policyInvalid, field: field.isEmpty ? "(document)" : field, reason: "has the wrong type or value")
        @unknown default:
            return PolicyError(code: .policyInvalid, field: "(document)", reason: "cannot be read")
        }
    }
}
