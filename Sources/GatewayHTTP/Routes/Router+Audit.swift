import AuditLog
import Foundation
import Gateway
import Hummingbird
import NIOCore
import Storage

extension PatternGateRoutes {
    /// The signed audit log (auditor and officer roles): the latest checkpoint as a signed note
    /// (text/plain, save it as is for `audit verify --checkpoint`), the public key as PEM, pages
    /// of canonical entry lines, and RFC 9162 inclusion and consistency proofs (base64 hashes).
    static func addAuditRoutes(to router: Router<GatewayRequestContext>, gateway: PatternGateway) {
        let auditors = group(router, gateway: gateway, admitting: .tokens(.auditor, .officer, to: "read the audit log"))
        auditors.get("/api/v1/audit/checkpoint") { _, context in
            text(try await gateway.auditCheckpoint(try context.principal()).note, type: "text/plain; charset=utf-8")
        }
        auditors.get("/api/v1/audit/public-key") { request, context in
            let segment = request.uri.queryParameters.get("segment")
            return text(try await gateway.auditPublicKey(try context.principal(), segment: segment).pem, type: "application/x-pem-file")
        }
        auditors.get("/api/v1/audit/segments") { _, context in
            try await gateway.auditSegments(try context.principal())
        }
        auditors.get("/api/v1/audit/entries") { request, context in
            let query = request.uri.queryParameters
            return try await gateway.auditEntries(try context.principal(), start: query.get("start"), end: query.get("end"))
        }
        auditors.get("/api/v1/audit/proof/inclusion") { request, context in
            let query = request.uri.queryParameters
            return try await gateway.auditInclusionProof(try context.principal(), index: query.get("index"), size: query.get("size"))
        }
        auditors.get("/api/v1/audit/proof/consistency") { request, context in
            let query = request.uri.queryParameters
            return try await gateway.auditConsistencyProof(try context.principal(), from: query.get("from"), to: query.get("to"))
        }
    }

    /// `POST /api/v1/admin/audit/rotate` (officer): seal the open segment, open the next.
    static func addAuditAdminRoutes(to router: Router<GatewayRequestContext>, gateway: PatternGateway) {
        group(router, gateway: gateway, admitting: .tokens(.officer, to: "rotate the audit log"))
            .post("/api/v1/admin/audit/rotate") { request, context in
                try await gateway.rotateAudit(try context.principal(), body: decodedBody(AuditRotateBody.self, request))
            }
    }

    private static func text(_ body: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
