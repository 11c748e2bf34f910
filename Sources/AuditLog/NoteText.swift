import Foundation

/// Shared lexical rules of C2SP signed notes: key names, canonical base64, text characters.
enum NoteText {
    static let emDash = "\u{2014}"

    /// A key name is non-empty and holds no `+` and no white space (Unicode White_Space),
    /// so `name+keyid+key` and `— name sig` both split unambiguously.
    static func isValidKeyName(_ name: String) -> Bool {
        !name.isEmpty
            && name.unicodeScalars.allSatisfy { scalar in
                scalar != "+" && scalar.value > 0x20 && scalar.value != 0x7F && !whiteSpace.contains(scalar.value)
            }
    }

    /// Code points with the Unicode White_Space property above U+0020.
    static let whiteSpace: Set<UInt32> = [
        0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007,
        0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
    ]

    /// Standard base64 with padding, accepted only in its one canonical spelling.
    static func decodeBase64(_ text: some StringProtocol) -> [UInt8]? {
        guard let data = Data(base64Encoded: String(text)), data.base64EncodedString() == text else { return nil }
        return Array(data)
    }

    /// A key id as 8 lowercase hex digits (verifier-key text).
    static func hex8(_ id: UInt32) -> String {
        let hex = String(id, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    static func encodeBase64(_ bytes: some Collection<UInt8>) -> String {
        Data(bytes).base64EncodedString()
    }

    /// Note text may hold any Unicode except control characters other than newline.
    static func hasOnlyAllowedCharacters(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 || $0 == 0x0A }
    }
}
