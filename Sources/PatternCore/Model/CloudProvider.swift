/// A cloud a migration starts from or lands on. `on-prem` is a source only.
public enum CloudProvider: String, Codable, Sendable, CaseIterable, Hashable, Comparable {
    case aws
    case azure
    case gcp
    case onPrem = "on-prem"

    /// Clouds a migration may land on (the seed's `targetCloud`).
    public static let targets: [CloudProvider] = [.aws, .azure, .gcp]

    public var isTarget: Bool { self != .onPrem }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The seed's migration strategies.
public enum MigrationStrategy: String, Codable, Sendable, CaseIterable, Hashable {
    case rehost
    case replatform
    case refactor
}
