import ErrorCodes
package import Foundation
package import PatternCore
package import Privacy

/// A request that passed schema and vocabulary checks, normalized, not yet through the gate.
package struct ValidatedContribution: Sendable, Hashable {
    package var migrationId: String
    /// Canonical names, with any free text still raw: only the privacy gate may admit it.
    package var record: ContributionRecord
    package var anonymize: Bool
    package var sensitiveTerms: [String]

    /// Canonical JSON of what identifies this body for idempotency (never the sensitive terms).
    package func canonicalBody() throws -> Data {
        struct Body: Encodable {
            var migrationId: String
            var record: ContributionRecord
            var anonymize: Bool
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(Body(migrationId: migrationId, record: record, anonymize: anonymize))
    }
}

/// Checks a request against DESIGN.md's schema and the policy's closed lists. Every failure
/// names the field and never repeats the value.
package struct ContributionValidator: Sendable {
    package let policy: Policy

    package init(policy: Policy) {
        self.policy = policy
    }

    package func validate(_ request: ContributePatternRequest) throws(GatewayError) -> ValidatedContribution {
        let limits = policy.limits
        let vocabulary = policy.vocabulary

        let migrationId = try required(request.migrationId, "migrationId")
        try check(
            !migrationId.isEmpty && migrationId.unicodeScalars.count <= limits.maxMigrationIdLength,
            "migrationId", "must be 1–\(limits.maxMigrationIdLength) characters")
        try check(
            !migrationId.unicodeScalars.contains { $0.properties.generalCategory == .control },
            "migrationId", "must not contain control characters")

        let sourceCloud = try enumeration(request.sourceCloud, "sourceCloud", CloudProvider.allCases)
        let targetCloud = try enumeration(request.targetCloud, "targetCloud", CloudProvider.targets)
        let strategy = try enumeration(request.strategy, "strategy", MigrationStrategy.allCases)

        let names = try required(request.resourceTypes, "resourceTypes")
        try check(
            !names.isEmpty && names.count <= limits.maxResourceTypes,
            "resourceTypes", "must list 1–\(limits.maxResourceTypes) resource types")
        var resourceTypes = Set<String>()
        for (index, name) in names.enumerated() {
            guard let canonical = vocabulary.resourceType(name, in: sourceCloud) else {
                throw GatewayError(
                    .invalidInput, code: .unknownResourceType,
                    message: "field 'resourceTypes[\(index)]' is not a \(sourceCloud.rawValue) resource type in this gateway's policy")
            }
            resourceTypes.insert(canonical)
        }

        let rawSteps = try required(request.steps, "steps")
        try check(rawSteps.count <= limits.maxSteps, "steps", "must have at most \(limits.maxSteps) steps")
        var steps: [MigrationStep] = []
        for (index, step) in rawSteps.enumerated() {
            let field = "steps[\(index)]"
            let name = try required(step.action, "\(field).action")
            guard let action = vocabulary.stepAction(name) else {
                throw GatewayError(
                    .invalidInput, code: .unknownAction,
                    message: "field '\(field).action' is not a step action in this gateway's policy")
            }
            let duration = try required(step.durationSeconds, "\(field).durationSeconds")
            try check(duration.isFinite && duration >= 0 && duration <= 31_536_000, "\(field).durationSeconds", "must be 0…31536000")
            let success = try required(step.success, "\(field).success")
            if let message = step.errorMessage {
                try check(
                    message.unicodeScalars.count <= limits.maxErrorMessageLength,
                    "\(field).errorMessage", "must be at most \(limits.maxErrorMessageLength) characters")
            }
            steps.append(
                MigrationStep(
                    action: action, durationSeconds: Self.rounded(duration, places: 0), success: success, errorMessage: step.errorMessage))
        }

        let successRate = try required(request.successRate, "successRate")
        try check(successRate.isFinite && (0...1).contains(successRate), "successRate", "must be 0…1")
        let durationHours = try required(request.durationHours, "durationHours")
        try check(durationHours.isFinite && durationHours >= 0 && durationHours <= 87_600, "durationHours", "must be 0…87600")
        let savings = try required(request.costSavingsPercent, "costSavingsPercent")
        try check(savings.isFinite && (-100...100).contains(savings), "costSavingsPercent", "must be -100…100")

        let sourceRegion = try region(request.sourceRegion, "sourceRegion")
        let targetRegion = try region(request.targetRegion, "targetRegion")

        if let followed = request.followedPatternId {
            try check(Hex.isLowercaseHex(followed, length: 32), "followedPatternId", "must be a pattern id (32 lowercase hex digits)")
        }

        let terms = request.sensitiveTerms ?? []
        try check(terms.count <= limits.maxSensitiveTerms, "sensitiveTerms", "must have at most \(limits.maxSensitiveTerms) terms")
        for (index, term) in terms.enumerated() {
            try check(
                term.unicodeScalars.count <= limits.maxSensitiveTermLength,
                "sensitiveTerms[\(index)]", "must be at most \(limits.maxSensitiveTermLength) characters")
        }

        return ValidatedContribution(
            migrationId: migrationId,
            record: ContributionRecord(
                sourceCloud: sourceCloud, targetCloud: targetCloud, sourceRegion: sourceRegion, targetRegion: targetRegion,
                resourceTypes: resourceTypes.sorted(), strategy: strategy, steps: steps,
                successRate: Self.rounded(successRate, places: 4), durationHours: Self.rounded(durationHours, places: 2),
                costSavingsPercent: Self.rounded(savings, places: 2), followedPatternId: request.followedPatternId),
            anonymize: request.anonymize ?? true,
            sensitiveTerms: terms)
    }

    // MARK: - Helpers

    /// Numbers keep a bounded precision: success rates to 4 decimals, hours and percentages to
    /// 2, step durations to whole seconds. A ratio computed to 16 digits can spell a national
    /// id to the whole-record scan (a 15-digit fraction passes INSEE's mod-97 key about once
    /// in 97), and so many digits could carry one; none of these fields needs them.
    static func rounded(_ value: Double, places: Int) -> Double {
        let scale = [1.0, 10, 100, 1_000, 10_000][places]
        return (value * scale).rounded() / scale
    }

    private func required<T>(_ value: T?, _ field: String) throws(GatewayError) -> T {
        guard let value else { throw GatewayError.invalidField(field, "is required") }
        return value
    }

    private func check(_ condition: Bool, _ field: String, _ reason: String) throws(GatewayError) {
        if !condition { throw GatewayError.invalidField(field, reason) }
    }

    private func enumeration<T: RawRepresentable>(_ value: String?, _ field: String, _ allowed: [T]) throws(GatewayError) -> T
    where T.RawValue == String {
        let raw = try required(value, field)
        guard let found = allowed.first(where: { $0.rawValue == raw }) else {
            throw GatewayError.invalidField(field, "must be one of \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
        return found
    }

    private func region(_ value: String?, _ field: String) throws(GatewayError) -> String? {
        guard let value else { return nil }
        guard let canonical = policy.vocabulary.region(value) else {
            throw GatewayError(.invalidInput, code: .unknownRegion, message: "field '\(field)' is not a region in this gateway's policy")
        }
        return canonical
    }
}
