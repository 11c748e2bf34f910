import ErrorCodes
import Foundation
import Gateway
import Hummingbird
import Logging
import Mustache
import NIOCore

/// Renders the console's templates into responses: HTML pages, redirects, downloads and the
/// failure page. The templates are parsed once; a template that fails to parse is a
/// programming error the route tests catch (every page is rendered there).
enum ConsolePage {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in ConsoleTemplates.all {
            do {
                try library.register(text, named: name)
            } catch {
                Logger(label: "patterngate.console").critical("a console template does not parse", metadata: ["template": "\(name)"])
            }
        }
        return library
    }()

    /// `template` rendered with `view`, as HTML.
    static func render(_ template: String, _ view: Any, status: HTTPResponse.Status = .ok) -> Response {
        let html =
            library.render(view, withTemplate: template) ?? "<!DOCTYPE html><title>PatternGate console</title><p>This page could not be drawn.</p>"
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A `303 See Other` to `location` (a path under `/console`): POST-redirect-GET.
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// A file download, never cached (the headers middleware adds `no-store`).
    static func download(_ bytes: some Sequence<UInt8>, name: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\""],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The failure page for `error`: its code and safe message (messages name fields, never
    /// values), with the status the API would answer.
    static func failure(_ error: any Error, frame: ConsoleFrame = ConsoleFrame(title: "Something went wrong")) -> Response {
        let mapped = ErrorMiddleware<GatewayRequestContext>.mapped(error, logger: Logger(label: "patterngate.console"))
        var frame = frame
        frame.title = "Something went wrong"
        return render(
            "failure", FailureView(frame: frame, code: mapped.code.rawValue, message: mapped.message),
            status: ErrorMiddleware<GatewayRequestContext>.status(for: mapped.kind))
    }

    struct FailureView {
        var frame: ConsoleFrame
        var code: String
        var message: String
    }
}
