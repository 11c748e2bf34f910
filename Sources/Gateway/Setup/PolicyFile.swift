import Foundation
import Privacy

/// Reads a policy file from disk; `PolicyLoader` (pure) checks it.
public enum PolicyFile {
    /// Where the shipped policies live, relative to the repository root.
    public static let defaultPath = "policies/default.yaml"

    public static func load(path: String) throws -> Policy {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PolicyError(code: .policyUnreadable, field: "(file)", reason: "cannot read the policy file; pass --policy FILE")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        return try PolicyLoader.load(yaml: String(decoding: data, as: UTF8.self)) { relative in
            try String(contentsOf: folder.appendingPathComponent(relative), encoding: .utf8)
        }
    }
}
