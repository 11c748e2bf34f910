import AsyncHTTPClient
import Foundation
import Gateway
import GatewayTestSupport
import HummingbirdTesting
import PatternCore
import Privacy
import Testing

/// A gate that records the thread it runs on and holds the admission until released (or 60 s
/// pass), so a test can look at the server while a contribution is inside the gate.
final class HeldGate: ContributionGate, @unchecked Sendable {
    let inner: PolicyGate
    private let entered = DispatchSemaphore(value: 0)
    private let release = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var threadNames: [String] = []
    private var timedOut = false

    init(policy: Policy) { inner = PolicyGate(policy: policy) }

    func admit(_ contribution: ValidatedContribution) throws(GatewayError) -> ContributionRecord {
        // The kernel's name of this thread (NIO names its threads; Foundation may not know them).
        let comm = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? Thread.current.name ?? ""
        let thread = comm.trimmingCharacters(in: .whitespacesAndNewlines)
        lock.withLock { threadNames.append(thread) }
        entered.signal()
        let waited = release.wait(timeout: .now() + 60)
        if waited == .timedOut { lock.withLock { timedOut = true } }
        return try inner.admit(contribution)
    }

    /// Waits until an admission is inside the gate (off the async threads).
    func waitUntilEntered() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread { [entered] in
                entered.wait()
                continuation.resume()
            }
        }
    }

    func open() { release.signal() }
    var threads: [String] { lock.withLock { threadNames } }
    var didTimeOut: Bool { lock.withLock { timedOut } }
}

@Suite("Gate off the event loops")
struct GateBudgetOffLoopTests {
    @Test("while a large contribution is inside the gate, /healthz answers; the gate runs on the thread pool, not an event loop")
    func healthzWhileGating() async throws {
        let box = LockedBox<HeldGate>()
        let harness = try await budgetGateway(gate: { policy in
            let gate = HeldGate(policy: policy)
            box.set(gate)
            return gate
        })
        defer { harness.remove() }
        let gate = try #require(box.value)
        let order = LockedBox<[String]>()
        try await harness.application().test(.live) { client in
            try await client.grant(harness.alpha)
            let port = try #require(client.port)
            async let big: TestResponse = {
                let response = try await client.contribute(
                    harness.alpha, contribution("held-1", messages: Array(repeating: repeated(honestText, 4096), count: 61)))
                order.append("contribute")
                return response
            }()
            await gate.waitUntilEntered()
            // A second connection: the test client sends its requests one after another on one.
            let health = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/healthz"), timeout: .seconds(30))
            order.append("healthz")
            #expect(health.status == .ok)
            gate.open()
            let response = try await big
            #expect(response.status == .created)
        }
        #expect(order.value == ["healthz", "contribute"])
        #expect(!gate.didTimeOut)
        let threads = gate.threads
        #expect(threads.count == 1)
        // NIO's blocking pool names its threads "SGLTN-TP-#n" ("TP-#n" for other pools); event
        // loops are "NIO-ELT-…" or "NIO-SGLTN-…"; Swift's cooperative threads have other names.
        #expect(threads.allSatisfy { $0.contains("TP-#") && !$0.hasPrefix("NIO-") }, "admission ran on \(threads)")
    }
}

/// A value shared between a test and the closures it hands out.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?
    init() {}
    var value: Value? { lock.withLock { stored } }
    func set(_ value: Value) { lock.withLock { stored = value } }
}

extension LockedBox where Value == [String] {
    func append(_ item: String) { lock.withLock { stored = (stored ?? []) + [item] } }
}
