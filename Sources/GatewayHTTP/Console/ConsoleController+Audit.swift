import AuditLog
import Foundation
import Gateway
import Hummingbird
import Replication
import Storage

/// The audit pages (officers and auditors): the latest signed checkpoint, the public key's
/// fingerprint, and downloads of the checkpoint, the key and the whole export.
extension ConsoleController {
    struct AuditView {
        var frame: ConsoleFrame
        var size: UInt64
        var at: String
        var age: String
        var fingerprint: String
        var note: String
    }

    /// `GET /console/audit`: `GET /api/v1/audit/checkpoint` and `/public-key`.
    func auditPage(_ request: Request) async -> Response {
        await page(request, for: PatternGateway.consoleRoles) { signedIn in
            let checkpoint = try await gateway.auditCheckpoint(signedIn.principal)
            let view = AuditView(
                frame: await frame("Audit", signedIn), size: checkpoint.size, at: ErasureRequestView.shown(checkpoint.at),
                age: age(of: checkpoint.at), fingerprint: try await gateway.auditPublicKey(signedIn.principal).fingerprint, note: checkpoint.note)
            return ConsolePage.render("audit", view)
        }
    }

    /// `GET /console/audit/checkpoint`: the signed note, as `GET /api/v1/audit/checkpoint`.
    func auditCheckpointDownload(_ request: Request) async -> Response {
        await page(request, for: PatternGateway.consoleRoles) { signedIn in
            let note = try await gateway.auditCheckpoint(signedIn.principal).note
            return ConsolePage.download(Array(note.utf8), name: "checkpoint.txt", type: "text/plain; charset=utf-8")
        }
    }

    /// `GET /console/audit/public-key`: the PEM, as `GET /api/v1/audit/public-key`.
    func auditKeyDownload(_ request: Request) async -> Response {
        await page(request, for: PatternGateway.consoleRoles) { signedIn in
            let pem = try await gateway.auditPublicKey(signedIn.principal).pem
            return ConsolePage.download(Array(pem.utf8), name: "audit-public-key.pem", type: "application/x-pem-file")
        }
    }

    /// `GET /console/audit/export`: the export file `patterngate audit export` writes.
    func auditExportDownload(_ request: Request) async -> Response {
        await page(request, for: PatternGateway.consoleRoles) { signedIn in
            ConsolePage.download(try await gateway.auditExport(signedIn.principal), name: "audit-export.jsonl", type: "application/jsonl")
        }
    }

    /// How long ago `timestamp` was, in the largest whole unit.
    func age(of timestamp: String) -> String {
        guard let date = ErasureRules.date(timestamp) else { return "age unknown" }
        let seconds = max(0, Int(configuration.now().timeIntervalSince(date)))
        switch seconds {
        case ..<120: return "\(seconds) seconds ago"
        case ..<7_200: return "\(seconds / 60) minutes ago"
        case ..<172_800: return "\(seconds / 3_600) hours ago"
        default: return "\(seconds / 86_400) days ago"
        }
    }
}
