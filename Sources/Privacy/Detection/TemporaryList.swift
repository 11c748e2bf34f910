/// A per-text list kept off the heap while it is short: elements go into 1,000 bytes of
/// temporary storage (the runtime places up to 1 KB of it on the stack) while they fit, and
/// move to an array past that. A log line's tokens and words fit.
enum TemporaryList {
    /// Calls `fill` with a function that appends one element, then `body` with the elements.
    /// `reserve` is the array's capacity when the list moves to one.
    @inline(__always)
    static func with<Element, Result>(
        _: Element.Type, reserve: Int, fill: (_ append: (Element) -> Void) -> Void,
        _ body: (UnsafeMutableBufferPointer<Element>) -> Result
    ) -> Result {
        var overflow: [Element] = []
        return with(Element.self, reserve: reserve, spillingInto: &overflow, fill: fill, body)
    }

    /// The same, moving to `overflow` (emptied first, its storage kept: a caller's array reused
    /// across calls) when the elements do not fit.
    @inline(__always)
    static func with<Element, Result>(
        _: Element.Type, reserve: Int, spillingInto overflow: inout [Element], fill: (_ append: (Element) -> Void) -> Void,
        _ body: (UnsafeMutableBufferPointer<Element>) -> Result
    ) -> Result {
        withUnsafeTemporaryAllocation(of: Element.self, capacity: max(1, 1000 / MemoryLayout<Element>.stride)) { storage in
            var count = 0
            var spilled = false
            // The room left on the stack: 0 once spilled, so that an append tests one number.
            var room = storage.count
            fill { element in
                if count < room {
                    (storage.baseAddress! + count).initialize(to: element)
                    count += 1
                    return
                }
                if !spilled {
                    spilled = true
                    room = 0
                    overflow.removeAll(keepingCapacity: true)
                    overflow.reserveCapacity(max(reserve, count + 1))
                    overflow.append(contentsOf: storage[0..<count])
                }
                overflow.append(element)
            }
            defer { _ = storage.baseAddress!.deinitialize(count: count) }
            if !spilled { return body(UnsafeMutableBufferPointer(rebasing: storage[0..<count])) }
            return overflow.withUnsafeMutableBufferPointer { body($0) }
        }
    }
}
