import Foundation
import Gateway
import Hummingbird
import NIOCore

extension PatternGateRoutes {
    /// The signed audit log (auditor and officer roles): the latest checkpoint as a signed note
    /// (text/plain, save it as is for `audit verify --checkpoint`), the public key as PEM, pages
    /// of canonical entry lines, and RFC 9162 inclusion and consistency proofs (base64 hashes).
    static func addAuditRoutes(to router: Router<BasicRequestContext>, gateway: PatternGateway) {
        router.get("/api/v1/audit/checkpoint") { request, _ in
            let principal = try await gateway.authenticate(authorization: request.headers[.authorization])
            return text(try await gateway.auditCheckpoint(principal).note, type: "text/plain; charset=utf-8")
        }
        router.get("/api/v1/audit/public-key") { request, _ in
            let principal = try await gateway.authenticate(authorization: request.headers[.authorization])
            return text(try gateway.auditPublicKey(principal).pem, type: "application/x-pem-file")
        }
        router.get("/api/v1/audit/entries") { request, _ in
            let principal = try await gateway.authenticate(authorization: request.headers[.authorization])
            let query = request.uri.queryParameters
            return JSONResponse.make(try await gateway.auditEntries(principal, start: query.get("start"), end: query.get("end")))
        }
        router.get("/api/v1/audit/proof/inclusion") { request, _ in
            let principal = try await gateway.authenticate(authorization: request.headers[.authorization])
            let query = request.uri.queryParameters
            return JSONResponse.make(try await gateway.auditInclusionProof(principal, index: query.get("index"), size: query.get("size")))
        }
        router.get("/api/v1/audit/proof/consistency") { request, _ in
            let principal = try await gateway.authenticate(authorization: request.headers[.authorization])
            let query = request.uri.queryParameters
            return JSONResponse.make(try await gateway.auditConsistencyProof(principal, from: query.get("from"), to: query.get("to")))
        }
    }

    private static func text(_ body: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
