import Foundation
import Testing

@testable import Gateway

@Suite("The matcher's read-write lock")
struct ReadWriteLockedTests {
    /// Writers move two numbers together; a reader that ever sees them apart saw a write half done.
    @Test("readers run beside each other but never see a write half done; every write lands")
    func exclusiveWrites() async {
        let shared = ReadWriteLocked((0, 0))
        let writes = 20_000
        let torn = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    for _ in 0..<(writes / 2) {
                        shared.write { pair in
                            pair.0 += 1
                            for _ in 0..<50 { pair.1 = pair.1 &+ 0 }  // widen the window inside the write
                            pair.1 += 1
                        }
                    }
                    return 0
                }
            }
            for _ in 0..<4 {
                group.addTask {
                    var seenTorn = 0
                    for _ in 0..<20_000 { if shared.read({ $0.0 != $0.1 }) { seenTorn += 1 } }
                    return seenTorn
                }
            }
            return await group.reduce(0, +)
        }
        #expect(torn == 0)
        #expect(shared.read { $0 } == (writes, writes))
    }

    @Test("many readers hold the lock at once")
    func sharedReads() {
        let shared = ReadWriteLocked(0)
        let inside = Inside()
        let done = DispatchSemaphore(value: 0)
        // Two OS threads, so neither waits on the test runner's pool.
        for _ in 0..<2 {
            Thread {
                shared.read { _ in
                    inside.enter()
                    // Woken when the other reader enters (or after 5 s, and the test fails).
                    inside.wait(forPeak: 2, until: Date().addingTimeInterval(5))
                    inside.leave()
                }
                done.signal()
            }.start()
        }
        done.wait()
        done.wait()
        #expect(inside.peak == 2)
    }
}

/// Counts threads inside a read section and the most seen at once.
private final class Inside: @unchecked Sendable {
    private let condition = NSCondition()
    private var now = 0
    private var most = 0

    func enter() {
        condition.withLock {
            now += 1
            most = max(most, now)
            condition.broadcast()
        }
    }

    func leave() { condition.withLock { now -= 1 } }

    var peak: Int { condition.withLock { most } }

    /// Blocks until `count` threads were inside at once, or until `deadline`.
    func wait(forPeak count: Int, until deadline: Date) {
        condition.withLock {
            while most < count, condition.wait(until: deadline) {}
        }
    }
}
