import Foundation

/// The leak definition of issue 3, item 9, and the corpus self-checks built on it. Imports no
/// project code.
///
/// A secret leaks when the value itself, or any fragment of it of at least six characters,
/// appears in the output in one of these forms:
/// - raw (case-sensitive),
/// - lowercased (value and output both lowercased),
/// - JSON-escaped (the value escaped as in a JSON string — with and without `\/`, and with
///   non-ASCII as `\uXXXX` — against the lowercased output),
/// - digits only (value and output both reduced to ASCII digits; only for values with at least
///   six digits).
/// Every fragment longer than six characters contains a six-character one, so checking every
/// six-character window is exactly the definition. Values shorter than six characters are
/// checked whole.
enum LeakCheck {
    static let fragmentLength = 6

    /// Every placeholder the anonymizer may emit (the contract's list). A secret must not share
    /// a fragment with any of them, or a perfect anonymizer would "leak" it.
    static let placeholders = [
        "[EMAIL]", "[IP]", "[HOST]", "[URL]", "[PATH]", "[CONNECTION_STRING]", "[SECRET]", "[AWS_KEY]",
        "[ARN]", "[ACCOUNT_ID]", "[GUID]", "[GCP_PROJECT]", "[SERVICE_ACCOUNT]", "[TOKEN]", "[JWT]",
        "[PRIVATE_KEY]", "[CARD]", "[IBAN]", "[PHONE]", "[MAC]", "[STACK]", "[NAME]", "[NUMBER]", "[REDACTED]",
        // Issue 14's placeholders.
        "[ID_NUMBER]", "[BANK_ACCOUNT]", "[COMPANY]", "[ADDRESS]",
    ]

    /// One leaked secret: which one (index into the case's `secrets`), in which form, and how
    /// long the secret is. Never carries the value.
    struct Leak: Hashable, Sendable {
        var secretIndex: Int
        var form: String
        var secretLength: Int
    }

    /// An output prepared once for all of a case's secrets.
    struct Output {
        let raw: String
        let lowered: String
        let rawWindows: Set<String>
        let loweredWindows: Set<String>
        let digits: String
        let digitWindows: Set<String>

        init(_ text: String) {
            raw = text
            lowered = text.lowercased()
            rawWindows = LeakCheck.windows(raw)
            loweredWindows = LeakCheck.windows(lowered)
            digits = LeakCheck.digitsOnly(text)
            digitWindows = LeakCheck.windows(digits)
        }
    }

    static func leaks(of secrets: [String], in output: String) -> [Leak] {
        let prepared = Output(output)
        return secrets.enumerated().compactMap { index, secret in
            form(of: secret, in: prepared).map { Leak(secretIndex: index, form: $0, secretLength: secret.count) }
        }
    }

    /// The first form in which `secret` appears in `output`, or nil.
    static func form(of secret: String, in output: Output) -> String? {
        guard !secret.isEmpty else { return nil }
        if appears(secret, in: output.raw, windows: output.rawWindows) { return "raw" }
        let lowered = secret.lowercased()
        if appears(lowered, in: output.lowered, windows: output.loweredWindows) { return "lowercased" }
        for escaped in jsonEscapedForms(of: secret) where escaped != secret {
            if appears(escaped.lowercased(), in: output.lowered, windows: output.loweredWindows) { return "json-escaped" }
        }
        let digits = digitsOnly(secret)
        if digits.count >= fragmentLength, appears(digits, in: output.digits, windows: output.digitWindows) {
            return "digits-only"
        }
        return nil
    }

    /// Whether `value` (already in the output's form) or a six-character window of it appears.
    static func appears(_ value: String, in text: String, windows: Set<String>) -> Bool {
        let characters = Array(value)
        if characters.count < fragmentLength { return text.contains(value) }
        for start in 0...(characters.count - fragmentLength)
        where windows.contains(String(characters[start..<(start + fragmentLength)])) {
            return true
        }
        return false
    }

    /// All six-character windows of `text`.
    static func windows(_ text: String) -> Set<String> {
        let characters = Array(text)
        guard characters.count >= fragmentLength else { return [] }
        var result = Set<String>(minimumCapacity: characters.count)
        for start in 0...(characters.count - fragmentLength) {
            result.insert(String(characters[start..<(start + fragmentLength)]))
        }
        return result
    }

    static func digitsOnly(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 48 && $0.value <= 57 }))
    }

    /// The value as it would appear inside a JSON string: escaped minimally, with `/` escaped as
    /// well (Foundation's default), and with every non-ASCII scalar as `\uXXXX`.
    static func jsonEscapedForms(of value: String) -> [String] {
        var forms: [String] = []
        for (slash, ascii) in [(false, false), (true, false), (false, true), (true, true)] {
            let escaped = jsonEscape(value, escapeSlash: slash, asciiOnly: ascii)
            if !forms.contains(escaped) { forms.append(escaped) }
        }
        return forms
    }

    static func jsonEscape(_ value: String, escapeSlash: Bool, asciiOnly: Bool) -> String {
        var result = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "/": result += escapeSlash ? "\\/" : "/"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            default:
                if scalar.value < 0x20 {
                    result += String(format: "\\u%04x", scalar.value)
                } else if asciiOnly && scalar.value > 0x7E {
                    for unit in String(scalar).utf16 { result += String(format: "\\u%04x", UInt32(unit)) }
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    // MARK: Self-checks of a case

    /// `text` as a perfect anonymizer would leave it: every occurrence of every secret replaced by
    /// `placeholder` (overlapping occurrences merged into one).
    static func redactAll(_ text: String, secrets: [String], placeholder: String = "[REDACTED]") -> String {
        let characters = Array(text)
        var covered = [Bool](repeating: false, count: characters.count)
        for secret in secrets where !secret.isEmpty {
            let needle = Array(secret)
            guard needle.count <= characters.count else { continue }
            for start in 0...(characters.count - needle.count)
            where characters[start] == needle[0] && Array(characters[start..<(start + needle.count)]) == needle {
                for index in start..<(start + needle.count) { covered[index] = true }
            }
        }
        var result = ""
        var index = 0
        while index < characters.count {
            if covered[index] {
                result += placeholder
                while index < characters.count && covered[index] { index += 1 }
            } else {
                result.append(characters[index])
                index += 1
            }
        }
        return result
    }

    /// Why a case could never pass, or never measure what it claims (empty: fine). `kinds` are
    /// the labels the case's corpus knows (`clean` is the label of cases without secrets).
    /// Messages name secrets by index only.
    static func problems(of item: PrivacyCase, kinds: Set<String> = CaseKind.labels) -> [String] {
        var problems: [String] = []
        if !kinds.contains(item.kind) { problems.append("unknown kind '\(item.kind)'") }
        if item.text.isEmpty { problems.append("empty text") }
        if item.kind == CaseKind.clean.rawValue && !item.secrets.isEmpty { problems.append("a clean case lists secrets") }
        if item.kind != CaseKind.clean.rawValue && item.secrets.isEmpty { problems.append("no secrets") }
        for (index, secret) in item.secrets.enumerated() {
            if secret.isEmpty { problems.append("secret #\(index + 1) is empty") }
            if !item.text.contains(secret) { problems.append("secret #\(index + 1) does not occur in the text") }
        }
        let perfect = redactAll(item.text, secrets: item.secrets)
        for leak in leaks(of: item.secrets, in: perfect) {
            problems.append("secret #\(leak.secretIndex + 1) shares a fragment with the rest of the text (\(leak.form))")
        }
        for leak in leaks(of: item.secrets, in: placeholders.joined(separator: " ")) {
            problems.append("secret #\(leak.secretIndex + 1) shares a fragment with a placeholder (\(leak.form))")
        }
        for (index, token) in item.mustSurvive.enumerated() {
            if token.isEmpty { problems.append("must-survive #\(index + 1) is empty") }
            if !item.text.contains(token) {
                problems.append("must-survive '\(token)' does not occur in the text")
            } else if !perfect.contains(token) {
                problems.append("must-survive '\(token)' overlaps a secret")
            }
        }
        return problems
    }
}
