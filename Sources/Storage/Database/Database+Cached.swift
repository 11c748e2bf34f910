import GRDB

extension Database {
    /// Executes through GRDB's per-connection statement cache: hot paths parse their SQL once.
    func run(_ sql: String, _ arguments: StatementArguments = StatementArguments()) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
