import Foundation
import Gateway

/// The console's sessions, in memory only: a restart signs everyone out. A session is gone
/// once idle past the configured timeout; each use moves its idle clock.
actor ConsoleSessions {
    private var sessions: [String: ConsoleSession] = [:]
    private let configuration: ConsoleConfiguration

    init(configuration: ConsoleConfiguration) {
        self.configuration = configuration
    }

    /// A new session for `principal`, with fresh random id and CSRF token.
    func create(for principal: Principal) -> ConsoleSession {
        let now = configuration.now()
        sessions = sessions.filter { !isIdle($0.value, now: now) }
        if sessions.count >= configuration.maximumSessions, let oldest = sessions.values.min(by: { $0.lastSeen < $1.lastSeen }) {
            sessions[oldest.id] = nil
        }
        let session = ConsoleSession(
            id: ConsoleRandom.token(), tokenId: principal.tokenId, role: principal.role, csrf: ConsoleRandom.token(), lastSeen: now)
        sessions[session.id] = session
        return session
    }

    /// The live session `id`, its idle clock reset; nil (and forgotten) once idle too long.
    func use(_ id: String) -> ConsoleSession? {
        let now = configuration.now()
        guard var session = sessions[id] else { return nil }
        guard !isIdle(session, now: now) else {
            sessions[id] = nil
            return nil
        }
        session.lastSeen = now
        sessions[id] = session
        return session
    }

    /// Changes session `id` if it still exists.
    func update(_ id: String, _ change: @Sendable (inout ConsoleSession) -> Void) {
        guard var session = sessions[id] else { return }
        change(&session)
        sessions[id] = session
    }

    /// Takes the session's one-time notice.
    func takeNotice(_ id: String) -> String? {
        let notice = sessions[id]?.notice
        sessions[id]?.notice = nil
        return notice
    }

    func remove(_ id: String) {
        sessions[id] = nil
    }

    private func isIdle(_ session: ConsoleSession, now: Date) -> Bool {
        now.timeIntervalSince(session.lastSeen) >= configuration.idleTimeout
    }
}
