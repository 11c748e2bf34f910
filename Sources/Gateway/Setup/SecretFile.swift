package import Foundation

#if canImport(Glibc)
    package import ErrorCodes
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Files that hold secrets (network key, identity key, audit signing key) are created with
/// mode 0600 from their first byte: `open(O_CREAT | O_EXCL, 0600)`, never a default-mode
/// create followed by a chmod, which leaves them world-readable for a moment.
package enum SecretFile {
    package struct Failure: Error, Sendable, CustomStringConvertible {
        package let code: ErrorCode
        package var description: String { "\(code): cannot create a secret file" }
    }

    /// Creates `path` (which must not exist) with `contents`, mode 0600.
    package static func create(at path: String, contents: Data) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure(code: .secretFileCreateFailed) }
        defer { close(descriptor) }
        // umask cannot widen 0600; make the mode explicit anyway, on the descriptor itself.
        guard fchmod(descriptor, 0o600) == 0 else { throw Failure(code: .secretFileModeFailed) }
        var written = 0
        let ok = contents.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let result = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result <= 0 { return false }
                written += result
            }
            return fsync(descriptor) == 0
        }
        guard ok else { throw Failure(code: .secretFileWriteFailed) }
    }

    /// Tightens a data dir that existed before: the dir to 0700, every regular file in it to
    /// 0600 (an older version created the database 0644). Returns how many modes changed;
    /// throws when one cannot be changed.
    package static func tighten(directory: String) throws -> Int {
        var changed = 0
        func set(_ path: String, _ mode: mode_t) throws {
            var info = stat()
            guard lstat(path, &info) == 0 else { throw Failure(code: .dataDirStatFailed) }
            let isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
            let isFile = (info.st_mode & S_IFMT) == S_IFREG
            guard isDirectory || isFile else { return }  // links and sockets are left alone
            guard info.st_mode & 0o777 != mode else { return }
            guard chmod(path, mode) == 0 else { throw Failure(code: .dataDirChmodFailed) }
            changed += 1
        }
        try set(directory, 0o700)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            let path = (directory as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            // The audit public key is meant for auditors; everything else is the gateway's own.
            try set(path, name.hasSuffix("-public.pem") ? 0o644 : 0o600)
        }
        return changed
    }
}
