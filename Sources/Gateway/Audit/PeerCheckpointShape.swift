import Foundation
import Replication

/// The shape a peer's announced audit checkpoint must have before this gateway stores it:
/// a peer holding the network key signs its own notes, so without this it could store any
/// text (a name, an address) in every peer's `peer_audit` table. The note is
/// `<origin>\n<size>\n<base64 root>\n\n— <origin> <base64 signature>\n…`, at most 4 KiB, with an
/// origin of `patterngate/<gateway id>` or `<gateway id>/<segment>` and no extension lines.
enum PeerCheckpointShape {
    static let maximumBytes = 4_096

    static func isWellFormed(_ note: String) -> Bool {
        guard note.utf8.count <= maximumBytes, note.hasSuffix("\n") else { return false }
        let lines = note.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // origin, size, root, blank, at least one signature line, and the final empty piece.
        guard lines.count >= 6, lines.last == "", lines[3] == "", isOrigin(lines[0]),
            !lines[1].isEmpty, lines[1].utf8.count <= 20, lines[1].utf8.allSatisfy({ (0x30...0x39).contains($0) }), isBase64(lines[2])
        else { return false }
        let prefix = "— " + lines[0] + " "
        return lines[4..<(lines.count - 1)].allSatisfy { $0.hasPrefix(prefix) && isBase64(String($0.dropFirst(prefix.count))) }
    }

    static func isOrigin(_ origin: String) -> Bool {
        let parts = origin.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else { return false }
        if parts[0] == "patterngate" { return WireBounds.isGatewayId(parts[1]) }
        return WireBounds.isGatewayId(parts[0]) && WireBounds.isGatewayId(parts[1].replacingOccurrences(of: ".", with: "-"))
    }

    static func isBase64(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 512
            && text.utf8.allSatisfy {
                (0x41...0x5a).contains($0) || (0x61...0x7a).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2b || $0 == 0x2f || $0 == 0x3d
            }
    }
}
