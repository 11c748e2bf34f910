import ErrorCodes

extension Policy {
    /// Live updates (`watch:` in the YAML; optional, defaults below; docs/design.md, "Live
    /// updates"): how many pattern watches this gateway holds open, how often each hears a
    /// heartbeat, and how much each may fall behind.
    package struct WatchSettings: Sendable, Hashable {
        /// Open watches per bearer token; one more is answered 429 `busy`.
        package var maxPerToken: Int
        /// Open watches on this gateway, all tokens together; one more is answered 429 `busy`.
        package var maxPerGateway: Int
        /// Seconds between heartbeats on an idle stream; each heartbeat also re-checks the token.
        package var heartbeatSeconds: Int
        /// Changes one watch may have queued and not yet written; past it the stream is closed
        /// and the client resumes with `Last-Event-ID`.
        package var bufferEvents: Int
        /// Recent changes kept for resumes; a resume from before them gets a snapshot.
        package var resumeEvents: Int

        package static let defaultMaxPerToken = 2
        package static let defaultMaxPerGateway = 100
        package static let defaultHeartbeatSeconds = 15
        package static let defaultBufferEvents = 256
        package static let defaultResumeEvents = 4096

        package init(
            maxPerToken: Int = defaultMaxPerToken, maxPerGateway: Int = defaultMaxPerGateway,
            heartbeatSeconds: Int = defaultHeartbeatSeconds, bufferEvents: Int = defaultBufferEvents,
            resumeEvents: Int = defaultResumeEvents
        ) {
            self.maxPerToken = maxPerToken
            self.maxPerGateway = maxPerGateway
            self.heartbeatSeconds = heartbeatSeconds
            self.bufferEvents = bufferEvents
            self.resumeEvents = resumeEvents
        }

        /// The block's bounds, checked at load: (field, value, range).
        var bounds: [(field: String, value: Int, range: ClosedRange<Int>)] {
            [
                ("maxPerToken", maxPerToken, 1...16), ("maxPerGateway", maxPerGateway, 1...10_000),
                ("heartbeatSeconds", heartbeatSeconds, 1...300), ("bufferEvents", bufferEvents, 16...65_536),
                ("resumeEvents", resumeEvents, 16...1_000_000),
            ]
        }

        /// The checked settings of `document`'s `watch:` block, every absent value defaulted.
        static func checked(_ block: PolicyDocument.Watch?) throws(PolicyError) -> WatchSettings {
            let settings = WatchSettings(
                maxPerToken: block?.maxPerToken ?? defaultMaxPerToken, maxPerGateway: block?.maxPerGateway ?? defaultMaxPerGateway,
                heartbeatSeconds: block?.heartbeatSeconds ?? defaultHeartbeatSeconds,
                bufferEvents: block?.bufferEvents ?? defaultBufferEvents, resumeEvents: block?.resumeEvents ?? defaultResumeEvents)
            for bound in settings.bounds where !bound.range.contains(bound.value) {
                throw PolicyError(
                    code: .policyInvalid, field: "watch.\(bound.field)", reason: "must be \(bound.range.lowerBound)…\(bound.range.upperBound)")
            }
            guard settings.maxPerToken <= settings.maxPerGateway else {
                throw PolicyError(code: .policyInvalid, field: "watch.maxPerToken", reason: "must not exceed maxPerGateway")
            }
            return settings
        }

        /// The effective block (every default written out), for the canonical form.
        var document: PolicyDocument.Watch {
            .init(
                maxPerToken: maxPerToken, maxPerGateway: maxPerGateway, heartbeatSeconds: heartbeatSeconds, bufferEvents: bufferEvents,
                resumeEvents: resumeEvents)
        }
    }
}

extension PolicyDocument {
    /// `watch:` as written; absent values take `Policy.WatchSettings`' defaults.
    struct Watch: Codable, Sendable {
        var maxPerToken: Int?
        var maxPerGateway: Int?
        var heartbeatSeconds: Int?
        var bufferEvents: Int?
        var resumeEvents: Int?
    }
}
