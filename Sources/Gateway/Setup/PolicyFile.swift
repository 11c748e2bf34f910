import ErrorCodes
import Foundation
import PolicyDefaults
package import Privacy

/// Reads a policy file from disk, or takes the one built into the binary; `PolicyLoader`
/// (pure) checks it.
package enum PolicyFile {
    /// The policy at `path`, or without one the built-in `policies/default.yaml`
    /// (`EmbeddedPolicy`), so the gateway runs from any folder.
    package static func load(path: String?) throws(PolicyError) -> Policy {
        guard let path else { return try EmbeddedPolicy.load() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PolicyError(code: .policyUnreadable, field: "(file)", reason: "cannot read the policy file")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        return try PolicyLoader.load(yaml: String(decoding: data, as: UTF8.self)) { relative in
            try String(contentsOf: folder.appendingPathComponent(relative), encoding: .utf8)
        }
    }

    /// How messages name the policy: its path, or the built-in one's name.
    package static func name(_ path: String?) -> String { path ?? EmbeddedPolicy.name }
}
