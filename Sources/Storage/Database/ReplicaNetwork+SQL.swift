import Replication

/// Selecting one network's rows by their origin column in SQL (issue 18).
extension ReplicaNetwork {
    /// The condition "`column` is an origin of the network bound to `:suffix`": no `@` for the
    /// global network, else ending in `@name`. Bind `:suffix` to `originSuffix`.
    static func originCondition(_ column: String) -> String {
        "(CASE WHEN :suffix = '' THEN instr(\(column), '@') = 0 ELSE \(column) LIKE :suffix END)"
    }

    /// The `:suffix` argument of `originCondition`: empty for the global network, else
    /// `%@name` (names are `[a-z0-9-]`, so it holds no other LIKE wildcard).
    var originSuffix: String { privateName.map { "%@" + $0 } ?? "" }
}
