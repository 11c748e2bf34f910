/// A cloud a migration starts from or lands on. `on-prem` is a source only.
package enum CloudProvider: String, Codable, Sendable, CaseIterable, Hashable, Comparable {
    case aws
    case azure
    case gcp
    case onPrem = "on-prem"

    /// Clouds a migration may land on (the seed's `targetCloud`).
    package static let targets: [CloudProvider] = [.aws, .azure, .gcp]

    package var isTarget: Bool { self != .onPrem }

    package static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The seed's migration strategies.
package enum MigrationStrategy: String, Codable, Sendable, CaseIterable, Hashable {
    case rehost
    case replatform
    case refactor
}
