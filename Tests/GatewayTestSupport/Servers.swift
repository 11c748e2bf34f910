import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// Runs the servers `make` builds on loopback, waits until each one listens (no polling:
/// each server's `onServerRunning` reports its port), runs `body` with the ports in
/// order, then shuts them down gracefully. If a server stops before it listens, this throws.
package func serving(
    _ count: Int, logger: Logger = Logger(label: "test-servers"),
    _ make: (_ position: Int, _ onServerRunning: @escaping @Sendable (any Channel) async -> Void) throws -> any Service,
    body: ([Int]) async throws -> Void
) async throws {
    let ports = ServerPorts(count: count)
    let services = try (0..<count).map { position in
        try make(position) { channel in ports.bound(position, port: channel.localAddress?.port ?? 0) }
    }
    let servers = ServiceGroup(configuration: .init(services: services, logger: logger))
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            do {
                try await servers.run()
                ports.stopped(ServersStopped())
            } catch {
                ports.stopped(error)
                throw error
            }
        }
        do {
            try await body(try await ports.all())
        } catch {
            await servers.triggerGracefulShutdown()
            throw error
        }
        await servers.triggerGracefulShutdown()
        try await group.waitForAll()
    }
}

struct ServersStopped: Error {}

/// The ports the servers bound, and the one task waiting for all of them.
final class ServerPorts: Sendable {
    private struct State {
        var ports: [Int: Int] = [:]
        var failure: (any Error)?
        var waiter: CheckedContinuation<[Int], any Error>?
    }

    private let count: Int
    private let state = Mutex(State())

    init(count: Int) { self.count = count }

    func bound(_ position: Int, port: Int) {
        let ready = state.withLock { state -> (CheckedContinuation<[Int], any Error>, [Int])? in
            state.ports[position] = port
            return take(&state)
        }
        if let ready { ready.0.resume(returning: ready.1) }
    }

    func stopped(_ error: any Error) {
        let waiter = state.withLock { state -> CheckedContinuation<[Int], any Error>? in
            guard state.ports.count < count else { return nil }
            state.failure = error
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(throwing: error)
    }

    func all() async throws -> [Int] {
        try await withCheckedThrowingContinuation { continuation in
            enum Now { case ports([Int]), failed(any Error), wait }
            let now = state.withLock { state -> Now in
                if let failure = state.failure { return .failed(failure) }
                if state.ports.count == count { return .ports((0..<count).map { state.ports[$0]! }) }
                state.waiter = continuation
                return .wait
            }
            switch now {
            case .ports(let ports): continuation.resume(returning: ports)
            case .failed(let error): continuation.resume(throwing: error)
            case .wait: break
            }
        }
    }

    private func take(_ state: inout State) -> (CheckedContinuation<[Int], any Error>, [Int])? {
        guard state.ports.count == count, let waiter = state.waiter else { return nil }
        state.waiter = nil
        return (waiter, (0..<count).map { state.ports[$0]! })
    }
}
