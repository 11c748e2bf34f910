import Foundation

/// The repository's root folder (where `Package.swift` is), found from this source file's
/// real location (the tests may be compiled through a symlinked folder).
package let repositoryRoot: URL = {
    var path = #filePath
    if let resolved = realpath(path, nil) {
        path = String(cString: resolved)
        free(resolved)
    }
    return URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}()

/// A fresh path under the system's temporary folder, `<prefix>-<UUID>`; nothing is created.
package func temporaryPath(_ prefix: String = "pg-test") -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
}

/// A fresh, empty folder under the system's temporary folder.
package func makeTemporaryDirectory(_ prefix: String = "pg-test") throws -> URL {
    let directory = temporaryPath(prefix)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}
