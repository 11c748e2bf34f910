/// A `String`'s UTF-8 bytes for the gate's entry points, read in place.
enum UTF8Access {
    /// Calls `body` with the UTF-8 bytes of `text`: in place when the string stores them
    /// contiguously (native strings always do; a small one is copied to the stack), through a
    /// contiguous copy otherwise. Unlike `var copy = text; copy.withUTF8`, the native case
    /// takes no extra reference to the string's storage.
    @inline(__always)
    static func withBytes<Result>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = text
        return copy.withUTF8(body)
    }
}
