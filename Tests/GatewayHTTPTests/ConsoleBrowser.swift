import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A browser as far as the console's route tests need one: it keeps cookies (by name, as
/// the server set them), follows nothing by itself, and posts forms with the CSRF token of
/// the page it last loaded, from the console's own origin (`Sec-Fetch-Site: same-origin`).
struct ConsoleBrowser {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    /// Every `Set-Cookie` line received, for attribute checks.
    var setCookies: [String] = []
    /// The CSRF token of the last page loaded.
    var csrf: String?
    /// Every URL requested and every `Location` received.
    var urls: [String] = []

    init(_ client: any TestClientProtocol) {
        self.client = client
    }

    mutating func get(_ uri: String) async throws -> TestResponse {
        let response = try await client.execute(uri: uri, method: .get, headers: cookieHeaders(), body: nil)
        remember(uri, response)
        return response
    }

    /// Posts `fields` (the page's CSRF token added unless `csrf` is given) with `extra` headers.
    mutating func post(
        _ uri: String, _ fields: [String: String] = [:], csrf: String? = nil,
        extra: HTTPFields = [.secFetchSiteTest: "same-origin"]
    ) async throws -> TestResponse {
        var fields = fields
        fields["csrf"] = csrf ?? self.csrf ?? ""
        var headers = cookieHeaders()
        headers[.contentType] = "application/x-www-form-urlencoded"
        headers.append(contentsOf: extra)
        var components = URLComponents()
        components.queryItems = fields.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        let body = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        remember(uri, response)
        return response
    }

    /// Signs in with `token`: loads the form (for its CSRF cookie and field), posts it.
    mutating func signIn(_ token: String) async throws -> TestResponse {
        _ = try await get("/console/sign-in")
        return try await post("/console/sign-in", ["token": token])
    }

    private func cookieHeaders() -> HTTPFields {
        var headers = HTTPFields()
        if !cookies.isEmpty { headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        return headers
    }

    private mutating func remember(_ uri: String, _ response: TestResponse) {
        urls.append(uri)
        if let location = response.headers[.location] { urls.append(location) }
        for line in response.headers[values: .setCookie] {
            setCookies.append(line)
            let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            if line.contains("Max-Age=0") || value.isEmpty { cookies[name] = nil } else { cookies[name] = value }
        }
        let html = String(buffer: response.body)
        if let range = html.range(of: #"name="csrf" value="([^"]+)""#, options: .regularExpression) {
            csrf = String(html[range].dropFirst(#"name="csrf" value=""#.count).dropLast())
        }
    }
}

extension HTTPField.Name {
    static let secFetchSiteTest = HTTPField.Name("Sec-Fetch-Site")!
}
