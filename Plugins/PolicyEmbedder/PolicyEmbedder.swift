import Foundation
import PackagePlugin

/// Embeds `policies/default.yaml` and `policies/lists/*.txt` into the target as Swift raw
/// string literals (`policy-embedder` writes them), so the binary carries its default policy
/// and `policies/` stays the one source of truth (docs/policy.md#the-embedded-default).
@main
struct PolicyEmbedder: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let policies = context.package.directoryURL.appending(path: "policies")
        let lists = try FileManager.default.contentsOfDirectory(atPath: policies.appending(path: "lists").path)
            .filter { $0.hasSuffix(".txt") }
            .sorted()
            .map { "lists/\($0)" }
        let relatives = ["default.yaml"] + lists
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedPolicyFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding policies/default.yaml and \(lists.count) lists",
                executable: try context.tool(named: "policy-embedder").url,
                arguments: [output.path, policies.path] + relatives,
                inputFiles: relatives.map { policies.appending(path: $0) },
                outputFiles: [output])
        ]
    }
}
