/// Bounded polling, for what only another process or a real network peer can change (a
/// `serve` process, servers on loopback): checks `condition` every `interval` until it holds
/// or `limit` has passed, and says whether it held. In-process time is driven with
/// `ManualClock` instead.
package func eventually(
    within limit: Duration, every interval: Duration = .milliseconds(20), _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let deadline = ContinuousClock.now + limit
    while true {
        if try await condition() { return true }
        guard ContinuousClock.now < deadline else { return false }
        try? await Task.sleep(for: interval)
    }
}
