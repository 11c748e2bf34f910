/// An injected clock read as the time elapsed since the stopwatch was made: what the token
/// cache and the background services compare and sleep on. Production passes
/// `ContinuousClock()`; tests pass a manual clock and advance it instead of waiting.
///
/// Any `Clock<Duration>` fits, without making every type that keeps time generic: the
/// clock's own `Instant` stays inside the two closures.
package struct Stopwatch: Sendable {
    private let read: @Sendable () -> Duration
    private let wait: @Sendable (Duration) async throws -> Void

    package init(_ clock: any Clock<Duration>) {
        self = Self.reading(clock)
    }

    private init(read: @escaping @Sendable () -> Duration, wait: @escaping @Sendable (Duration) async throws -> Void) {
        self.read = read
        self.wait = wait
    }

    /// `clock`'s own `Instant` stays here, in the closures.
    private static func reading<C: Clock<Duration>>(_ clock: C) -> Stopwatch {
        let start = clock.now
        return Stopwatch(read: { start.duration(to: clock.now) }, wait: { try await clock.sleep(for: $0) })
    }

    /// Time since the stopwatch was made, on its clock.
    package var elapsed: Duration { read() }

    /// Sleeps `duration` on the clock; throws `CancellationError` when the task is cancelled.
    package func sleep(for duration: Duration) async throws { try await wait(duration) }
}
