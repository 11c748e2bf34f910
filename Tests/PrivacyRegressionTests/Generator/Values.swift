import Foundation
import TestSupport

/// Generated values: each is made correctly (Luhn, mod-97, real token prefixes and lengths,
/// well-formed JWTs and PEM bodies) without any detector code.
struct Values {
    var rng: SeededGenerator

    init(seed: UInt64) {
        rng = SeededGenerator(seed: seed)
    }

    // MARK: People

    struct Person {
        var given: String
        var surname: String
        var full: String { "\(given) \(surname)" }

        /// The name as written, plus each part long enough to be checked on its own.
        func secrets(for written: String) -> [String] {
            var result = [written]
            for part in [given, surname] where part.count >= LeakCheck.fragmentLength && written.contains(part) {
                result.append(part)
            }
            return result
        }

        /// ASCII login forms: mbaker, mark.baker, baker.m, markb.
        var asciiGiven: String { Values.ascii(given) }
        var asciiSurname: String { Values.ascii(surname).replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "'", with: "") }
    }

    mutating func person() -> Person {
        switch rng.below(10) {
        case 0..<5: return Person(given: rng.pick(Pools.wordGivenNames), surname: rng.pick(Pools.wordSurnames))
        case 5..<7: return Person(given: rng.pick(Pools.wordGivenNames), surname: rng.pick(Pools.exoticSurnames))
        case 7..<9: return Person(given: rng.pick(Pools.exoticGivenNames), surname: rng.pick(Pools.exoticSurnames))
        default: return Person(given: rng.pick(Pools.exoticGivenNames), surname: rng.pick(Pools.wordSurnames))
        }
    }

    /// A login made from a person's name (at least six characters, so it is checked by fragments).
    mutating func login(_ person: Person) -> String {
        let given = person.asciiGiven.lowercased()
        let surname = person.asciiSurname.lowercased()
        let candidates = [
            "\(given).\(surname)", "\(given.prefix(1))\(surname)", "\(surname).\(given.prefix(1))", "\(given)_\(surname)",
            "\(given)\(surname.prefix(1))\(rng.int(1...9))",
        ]
        let chosen = rng.pick(candidates)
        return chosen.count >= 6 ? chosen : "\(given).\(surname)"
    }

    static func pad2(_ number: Int) -> String {
        number < 10 ? "0\(number)" : "\(number)"
    }

    static func hex2(_ byte: Int) -> String {
        let hex = String(byte, radix: 16)
        return hex.count < 2 ? "0" + hex : hex
    }

    static func ascii(_ text: String) -> String {
        let map: [Character: String] = [
            "ą": "a", "ć": "c", "ę": "e", "ł": "l", "Ł": "L", "ń": "n", "ó": "o", "Ó": "O", "ś": "s", "ź": "z", "ż": "z",
            "á": "a", "é": "e", "í": "i", "ö": "o", "ő": "o", "ú": "u", "ü": "ue", "ű": "u", "ø": "o", "Ø": "O",
            "å": "a", "ä": "ae", "č": "c", "ř": "r", "š": "s", "ž": "z", "ý": "y", "ç": "c", "ñ": "n", "à": "a",
        ]
        return text.map { map[$0] ?? String($0) }.joined()
    }

    mutating func company() -> Pools.Company { rng.pick(Pools.companies) }

    // MARK: Contact data

    mutating func email(_ person: Person, _ company: Pools.Company) -> String {
        let given = person.asciiGiven.lowercased()
        let surname = person.asciiSurname.lowercased()
        let local: String
        switch rng.below(6) {
        case 0: local = "\(given).\(surname)"
        case 1: local = "\(given.prefix(1))\(surname)"
        case 2: local = "\(given)_\(surname)"
        case 3: local = "\(given).\(surname)+\(rng.pick(["dms", "migration", "alerts", "jira"]))"
        case 4: local = "\(person.asciiGiven).\(person.asciiSurname)"
        default: local = "\(surname).\(given.prefix(1))"
        }
        let domain = rng.percent(20) ? "\(rng.pick(["mail", "corp", "eu", "ops"])).\(company.domain)" : company.domain
        return "\(local)@\(domain)"
    }

    mutating func teamEmail(_ company: Pools.Company) -> String {
        "\(rng.pick(["dba-oncall", "migration-team", "cloud-ops", "it-security", "noc", "sre-team"]))@\(company.domain)"
    }

    mutating func phone() -> String {
        switch rng.below(16) {
        case 0: return "+48 \(rng.pick(["512", "601", "694", "730", "880"])) \(rng.digits(3)) \(rng.digits(3))"
        case 1: return "+48\(rng.pick(["5", "6", "7"]))\(rng.digits(8))"
        case 2: return "+36 \(rng.pick(["20", "30", "70"])) \(rng.digits(3)) \(rng.digits(4))"
        case 3: return "+36-\(rng.pick(["20", "30", "70"]))-\(rng.digits(3))-\(rng.digits(4))"
        case 4: return "+44 7\(rng.digits(3)) \(rng.digits(6))"
        case 5: return "+44 20 \(rng.digits(4)) \(rng.digits(4))"
        case 6: return "+1 (\(rng.int(2...9))\(rng.digits(2))) \(rng.int(2...9))\(rng.digits(2))-\(rng.digits(4))"
        case 7: return "+1-\(rng.int(2...9))\(rng.digits(2))-\(rng.int(2...9))\(rng.digits(2))-\(rng.digits(4))"
        case 8: return "(\(rng.int(2...9))\(rng.digits(2))) \(rng.int(2...9))\(rng.digits(2))-\(rng.digits(4))"
        case 9: return "+49 1\(rng.pick(["51", "60", "70", "76"])) \(rng.digits(8))"
        case 10: return "+4915\(rng.int(1...9))\(rng.digits(8))"
        case 11: return "0\(rng.pick(["151", "160", "171"])) \(rng.digits(4)) \(rng.digits(4))"
        case 12: return "+33 \(rng.pick(["6", "7"])) \(rng.digits(2)) \(rng.digits(2)) \(rng.digits(2)) \(rng.digits(2))"
        case 13: return "0\(rng.pick(["6", "7"])) \(rng.digits(2)) \(rng.digits(2)) \(rng.digits(2)) \(rng.digits(2))"
        case 14: return "+1\(rng.int(2...9))\(rng.digits(2))\(rng.int(2...9))\(rng.digits(6))"
        default: return "\(rng.int(2...9))\(rng.digits(2)).\(rng.int(2...9))\(rng.digits(2)).\(rng.digits(4))"
        }
    }

    // MARK: Network

    mutating func privateIPv4() -> String {
        switch rng.below(3) {
        case 0: return "10.\(rng.int(0...255)).\(rng.int(0...255)).\(rng.int(2...254))"
        case 1: return "172.\(rng.int(16...31)).\(rng.int(0...255)).\(rng.int(2...254))"
        default: return "192.168.\(rng.int(0...255)).\(rng.int(2...254))"
        }
    }

    mutating func publicIPv4() -> String {
        while true {
            let first = rng.int(11...223)
            if [100, 127, 169, 172, 192, 198, 203].contains(first) { continue }
            return "\(first).\(rng.int(0...255)).\(rng.int(0...255)).\(rng.int(1...254))"
        }
    }

    mutating func ipv4() -> String {
        rng.percent(60) ? privateIPv4() : publicIPv4()
    }

    /// An IPv6 address in one of its textual forms: `display` is how it is written in the text
    /// (brackets, zone, port, prefix length), `address` the part that must not leak.
    mutating func ipv6() -> (display: String, address: String) {
        let prefixes: [[UInt16]] = [
            [0x2001, 0x0db8], [0x2a02, 0x0810], [0x2600, 0x1f18], [0x2603, 0x1030], [0x2a00, 0x1450],
            [0x2a01, 0x04f8], [0x2001, 0x41d0], [0x2620, 0x0001], [0x2c0f, 0xfb50],
        ]
        var groups: [UInt16] = rng.pick(prefixes) + (0..<6).map { _ in UInt16(truncatingIfNeeded: rng.next()) }
        // Zero runs so that compression has something to do.
        if rng.percent(70) {
            let start = rng.int(2...5)
            let length = rng.int(1...(7 - start))
            for index in start..<(start + length) { groups[index] = 0 }
        }
        // Small groups, written without leading zeros.
        for index in 2..<8 where rng.percent(25) { groups[index] = UInt16(rng.int(0...0xff)) }
        let v4 = "\(rng.int(1...223)).\(rng.int(0...255)).\(rng.int(0...255)).\(rng.int(1...254))"
        switch rng.below(13) {
        case 0:
            let address = Values.fullIPv6(groups)
            return (address, address)
        case 1:
            let address = groups.map { String($0, radix: 16) }.joined(separator: ":")
            return (address, address)
        case 2:
            let address = Values.compressedIPv6(groups)
            return (address, address)
        case 3:
            let address = Values.compressedIPv6(groups).uppercased()
            return (address, address)
        case 4:
            let address = "::ffff:\(privateIPv4())"
            return (address, address)
        case 5:
            let address = "64:ff9b::\(v4)"
            return (address, address)
        case 6:
            var local: [UInt16] = [0xfe80, 0, 0, 0] + (0..<4).map { _ in UInt16(truncatingIfNeeded: rng.next()) }
            if rng.percent(30) { local[4] = 0; local[5] = 0; local[6] = 0; local[7] = UInt16(rng.int(1...0xff)) }
            let address = Values.compressedIPv6(local)
            let zone = rng.pick(["eth0", "ens192", "en0", "12", "wlan0", "bond0", "Ethernet0"])
            return ("\(address)%\(zone)", address)
        case 7:
            let address = Values.compressedIPv6(groups)
            return ("[\(address)]:\(rng.pick(["443", "8443", "5432", "1433", "22", "6443"]))", address)
        case 8:
            let address = Values.compressedIPv6(Array(groups.prefix(4)) + [0, 0, 0, 0])
            return ("\(address)/\(rng.pick(["48", "56", "64"]))", address)
        case 9:
            var ula: [UInt16] = [0xfd00 | UInt16(rng.int(0...0xff))] + (0..<7).map { _ in UInt16(truncatingIfNeeded: rng.next()) }
            if rng.percent(50) { ula[4] = 0; ula[5] = 0; ula[6] = 0 }
            let address = Values.compressedIPv6(ula)
            return (address, address)
        case 10:
            let address = Values.compressedIPv6(groups)
            return ("http://[\(address)]:\(rng.pick(["8080", "9090", "80"]))/", address)
        case 11:
            // Trailing compression: a network's first address written short.
            let address = Values.compressedIPv6(Array(groups.prefix(3)) + [0, 0, 0, 0, 0])
            return (address, address)
        default:
            let address = "::ffff:\(publicIPv4())"
            return ("[\(address)]:\(rng.pick(["443", "3306"]))", address)
        }
    }

    static func fullIPv6(_ groups: [UInt16]) -> String {
        groups.map { group in
            let hex = String(group, radix: 16)
            return String(repeating: "0", count: 4 - hex.count) + hex
        }.joined(separator: ":")
    }

    /// RFC 5952: the longest run of two or more zero groups becomes `::`.
    static func compressedIPv6(_ groups: [UInt16]) -> String {
        var bestStart = -1
        var bestLength = 0
        var index = 0
        while index < groups.count {
            if groups[index] == 0 {
                var end = index
                while end < groups.count && groups[end] == 0 { end += 1 }
                if end - index > bestLength { bestStart = index; bestLength = end - index }
                index = end
            } else {
                index += 1
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard bestLength >= 2 else { return hex.joined(separator: ":") }
        let head = hex[..<bestStart].joined(separator: ":")
        let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
        return "\(head)::\(tail)"
    }

    mutating func mac() -> String {
        let oui = rng.pick([
            [0x00, 0x15, 0x5d], [0x00, 0x0d, 0x3a], [0x02, 0x42, 0xac], [0x0a, 0x1b, 0x2c], [0x00, 0x50, 0x56], [0xfa, 0x16, 0x3e],
            [0x3c, 0x22, 0xfb],
        ])
        let octets = oui + (0..<3).map { _ in Int(rng.below(256)) }
        let hex = octets.map { Values.hex2($0) }
        switch rng.below(6) {
        case 0: return hex.joined(separator: ":")
        case 1: return hex.joined(separator: ":").uppercased()
        case 2: return hex.joined(separator: "-").uppercased()
        case 3: return "\(hex[0])\(hex[1]).\(hex[2])\(hex[3]).\(hex[4])\(hex[5])"
        case 4: return hex.joined().uppercased()
        default: return hex.joined(separator: "-")
        }
    }

    /// A host name and the part of it that identifies the customer (the whole name, or the label
    /// in front of a public cloud suffix).
    mutating func host(_ company: Pools.Company) -> (display: String, secret: String) {
        let role = rng.pick([
            "db", "sql", "ora", "pg", "app", "web", "k8s-node-", "ldap", "dc", "fs", "jump", "vpn-gw", "mq", "etl", "sftp", "backup", "mssql-", "rac",
        ])
        let number = Values.pad2(rng.int(1...40))
        let env = rng.pick(Pools.environments)
        let module = rng.pick(Pools.modules)
        switch rng.below(9) {
        case 0:
            let name = "\(role)\(number).\(rng.pick(["corp", "ad", "fin", "hq", "dc1"])).\(company.slug).\(rng.pick(["local", "lan", "corp"]))"
            return (name, name)
        case 1:
            let name = "\(role)\(number)-\(env).\(company.domain)"
            return (name, name)
        case 2:
            let name = "\(role)\(number).\(company.slug).internal"
            return (name, name)
        case 3:
            let label = "\(company.slug)-\(module)-\(env).cluster-\(rng.string(from: Alphabet.lowerDigits, count: 12))"
            return ("\(label).\(rng.pick(Pools.awsRegions)).rds.amazonaws.com", label)
        case 4:
            let label = "\(company.slug)-sql-\(env)"
            return ("\(label).database.windows.net", label)
        case 5:
            let label = "\(company.slug)\(module)\(rng.int(1...9))"
            return ("\(label).\(rng.pick(["blob", "file", "dfs"])).core.windows.net", label)
        case 6:
            let name = "\(module)-\(env)-\(number).\(company.domain)"
            return (name, name)
        case 7:
            let name = "\(role.uppercased().replacingOccurrences(of: "-", with: ""))\(number).\(company.slug.uppercased()).LOCAL"
            return (name, name)
        default:
            let label = "\(company.slug)-\(module)"
            return ("\(label).\(rng.pick(["postgres.database.azure.com", "mysql.database.azure.com", "redis.cache.windows.net"]))", label)
        }
    }

    // MARK: Credentials

    mutating func password() -> String {
        switch rng.below(7) {
        case 0:
            return
                "\(rng.pick(["Summer", "Winter", "Autumn", "Spring"]))\(rng.int(2019...2026))\(rng.pick(["!", "#", "$", "?"]))\(rng.string(from: Alphabet.upper, count: 2))"
        case 1: return rng.string(from: Alphabet.alphanumeric + Alphabet.passwordSymbols, count: rng.int(12...20))
        case 2:
            return
                "\(rng.string(from: Alphabet.alphanumeric, count: 6))\(rng.pick(["\\", "\"", "'", ";", "&"]))\(rng.string(from: Alphabet.alphanumeric + Alphabet.passwordSymbols, count: 7))"
        case 3:
            return
                "\(rng.pick(["Tr0ub4dor", "P@ssw0rd", "Welcome", "Qwerty", "Migr4te", "Adm1n"]))\(rng.string(from: Alphabet.digits + Alphabet.passwordSymbols, count: 5))"
        case 4: return rng.string(from: Alphabet.lowerHex, count: 32)
        case 5:
            return
                "\(rng.string(from: Alphabet.upper, count: 3))-\(rng.digits(4))-\(rng.string(from: Alphabet.lower, count: 4))\(rng.pick(["!", "%", "@"]))"
        default: return rng.string(from: Alphabet.base64URL, count: rng.int(16...24))
        }
    }

    /// A password or passphrase with spaces, as written between quotes.
    mutating func passphrase() -> String {
        let words = ["velvet", "orbit", "canyon", "lantern", "pepper", "quartz", "harbor", "meadow", "cobalt", "tundra", "ember", "falcon"]
        return rng.pick(words, count: 3).joined(separator: " ") + " \(rng.int(10...99))"
    }

    mutating func awsAccessKeyId() -> String {
        rng.pick(["AKIA", "AKIA", "AKIA", "ASIA"]) + rng.string(from: Alphabet.base32Upper, count: 16)
    }

    mutating func awsSecretKey() -> String {
        rng.string(from: Alphabet.base64, count: 40)
    }

    mutating func awsAccountId() -> String {
        rng.percent(15) ? "0" + rng.digits(11) : "\(rng.int(1...9))" + rng.digits(11)
    }

    mutating func guid(uppercase: Bool = false) -> String {
        var bytes = rng.bytes(16)
        bytes[6] = (bytes[6] & 0x0f) | 0x40
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let hex = bytes.map { Values.hex2(Int($0)) }.joined()
        let chars = Array(hex)
        let parts = [chars[0..<8], chars[8..<12], chars[12..<16], chars[16..<20], chars[20..<32]].map { String($0) }
        let text = parts.joined(separator: "-")
        return uppercase ? text.uppercased() : text
    }

    mutating func azureStorageKey() -> String {
        Data(rng.bytes(64)).base64EncodedString()
    }

    mutating func gcpProjectId(_ company: Pools.Company) -> String {
        let base = String(company.slug.prefix(14))
        switch rng.below(4) {
        case 0: return "\(base)-\(rng.pick(Pools.environments))-\(rng.digits(4))"
        case 1: return "\(base)-\(rng.pick(Pools.modules))-\(rng.int(100...999))"
        case 2: return "\(base)-dwh-\(rng.string(from: Alphabet.lowerDigits, count: 5))"
        default: return "\(rng.pick(["mig", "lz", "shared"]))-\(base)-\(rng.digits(3))"
        }
    }

    mutating func projectNumber() -> String {
        "\(rng.int(1...9))" + rng.digits(11)
    }

    mutating func githubToken() -> String {
        switch rng.below(5) {
        case 0: return "github_pat_" + rng.string(from: Alphabet.alphanumeric, count: 22) + "_" + rng.string(from: Alphabet.alphanumeric, count: 59)
        default: return rng.pick(["ghp_", "ghp_", "gho_", "ghs_", "ghu_"]) + rng.string(from: Alphabet.alphanumeric, count: 36)
        }
    }

    mutating func gitlabToken() -> String {
        switch rng.below(5) {
        case 0: return "glrt-" + rng.string(from: Alphabet.base64URL, count: 20)
        case 1: return "gldt-" + rng.string(from: Alphabet.base64URL, count: 20)
        default: return "glpat-" + rng.string(from: Alphabet.base64URL, count: 20)
        }
    }

    mutating func slackToken() -> String {
        switch rng.below(4) {
        case 0: return "xoxp-\(rng.digits(12))-\(rng.digits(12))-\(rng.digits(13))-\(rng.string(from: Alphabet.lowerHex, count: 32))"
        case 1:
            return
                "xapp-1-A\(rng.string(from: Alphabet.upper + Alphabet.digits, count: 10))-\(rng.digits(13))-\(rng.string(from: Alphabet.lowerHex, count: 64))"
        default: return "xoxb-\(rng.digits(12))-\(rng.digits(13))-\(rng.string(from: Alphabet.alphanumeric, count: 24))"
        }
    }

    /// The path of a Slack incoming webhook URL (after `https://hooks.slack.com/services/`).
    mutating func slackWebhookPath() -> String {
        "T\(rng.string(from: Alphabet.upper + Alphabet.digits, count: 8))/B\(rng.string(from: Alphabet.upper + Alphabet.digits, count: 10))/\(rng.string(from: Alphabet.alphanumeric, count: 24))"
    }

    mutating func stripeKey() -> String {
        switch rng.below(5) {
        case 0: return "rk_live_" + rng.string(from: Alphabet.alphanumeric, count: 24)
        case 1: return "whsec_" + rng.string(from: Alphabet.alphanumeric, count: 32)
        case 2: return "sk_live_" + rng.string(from: Alphabet.alphanumeric, count: 99)
        default: return "sk_live_" + rng.string(from: Alphabet.alphanumeric, count: rng.pick([24, 34]))
        }
    }

    mutating func googleApiKey() -> String {
        "AIza" + rng.string(from: Alphabet.base64URL, count: 35)
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// A JWT whose payload names a person: header `eyJ…`, payload, signature, all base64url.
    mutating func jwt(_ person: Person, _ company: Pools.Company) -> String {
        let header = rng.pick([
            #"{"alg":"HS256","typ":"JWT"}"#,
            #"{"alg":"RS256","typ":"JWT","kid":"\#(rng.string(from: Alphabet.alphanumeric, count: 12))"}"#,
            #"{"typ":"JWT","alg":"ES256"}"#,
        ])
        let issued = 1_700_000_000 + rng.int(0...60_000_000)
        let payload =
            #"{"sub":"\#(email(person, company))","name":"\#(person.full)","tid":"\#(guid())","roles":["migration.operator"],"iat":\#(issued),"exp":\#(issued + 3600)}"#
        let signatureLength = header.contains("RS256") ? 256 : (header.contains("ES256") ? 64 : 32)
        return [Values.base64URL(Array(header.utf8)), Values.base64URL(Array(payload.utf8)), Values.base64URL(rng.bytes(signatureLength))].joined(
            separator: ".")
    }

    /// A PEM private key block: the whole block, and its base64 body (the part that must not
    /// leak; the armour lines are public text).
    mutating func privateKey(escapedNewlines: Bool) -> (block: String, body: String) {
        let (label, prefix) = rng.pick([
            ("RSA PRIVATE KEY", "MIIEowIBAAKCAQEA"),
            ("PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ"),
            ("EC PRIVATE KEY", "MHcCAQEEI"),
            ("OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"),
            ("ENCRYPTED PRIVATE KEY", "MIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI"),
        ])
        let lineCount = label == "EC PRIVATE KEY" ? 3 : rng.int(4...26)
        var body = prefix + Data(rng.bytes(lineCount * 48)).base64EncodedString()
        body = String(body.prefix(lineCount * 64 - rng.int(0...20)))
        var lines: [String] = []
        var rest = Substring(body)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(64)))
            rest = rest.dropFirst(64)
        }
        let newline = escapedNewlines ? "\\n" : "\n"
        let joined = lines.joined(separator: newline)
        return ("-----BEGIN \(label)-----\(newline)\(joined)\(newline)-----END \(label)-----", joined)
    }

    mutating func highEntropy() -> String {
        switch rng.below(4) {
        case 0: return rng.string(from: Alphabet.lowerHex, count: rng.pick([40, 64]))
        case 1: return Data(rng.bytes(rng.pick([24, 32, 48]))).base64EncodedString()
        case 2: return rng.string(from: Alphabet.alphanumeric, count: rng.int(32...48))
        default: return Values.base64URL(rng.bytes(rng.pick([32, 48])))
        }
    }

    // MARK: Financial

    /// Luhn check digit for `payload` (the number without its last digit).
    static func luhnCheckDigit(_ payload: [Int]) -> Int {
        var sum = 0
        for (offset, digit) in payload.reversed().enumerated() {
            var value = digit
            if offset % 2 == 0 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        return (10 - sum % 10) % 10
    }

    /// A Luhn-valid card number of a common brand, written plain or grouped with spaces or dashes.
    mutating func card() -> String {
        let (prefix, length): (String, Int) = {
            switch rng.below(9) {
            case 0, 1: return ("4", 16)
            case 2: return ("5\(rng.int(1...5))", 16)
            case 3: return ("\(rng.int(2221...2720))", 16)
            case 4: return (rng.pick(["34", "37"]), 15)
            case 5: return (rng.pick(["6011", "65"]), 16)
            case 6: return ("\(rng.int(3528...3589))", 16)
            case 7: return ("36", 14)
            default: return ("62", rng.pick([16, 19]))
            }
        }()
        var digits = prefix.map { Int(String($0))! }
        while digits.count < length - 1 { digits.append(rng.below(10)) }
        digits.append(Values.luhnCheckDigit(digits))
        let number = digits.map(String.init).joined()
        let groups: [Int]
        switch length {
        case 15: groups = [4, 6, 5]
        case 14: groups = [4, 6, 4]
        case 19: groups = [4, 4, 4, 4, 3]
        default: groups = [4, 4, 4, 4]
        }
        switch rng.below(3) {
        case 0: return number
        case 1: return Values.group(number, groups, separator: " ")
        default: return Values.group(number, groups, separator: "-")
        }
    }

    static func group(_ text: String, _ sizes: [Int], separator: String) -> String {
        var parts: [String] = []
        var rest = Substring(text)
        for size in sizes {
            parts.append(String(rest.prefix(size)))
            rest = rest.dropFirst(size)
        }
        return parts.joined(separator: separator)
    }

    /// BBAN layouts per country: n = digit, a = upper-case letter, c = letter or digit.
    static let ibanFormats: [(country: String, layout: String, banks: [String])] = [
        ("DE", "18n", []), ("GB", "4a6n8n", ["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]), ("FR", "10n11c2n", []),
        ("NL", "4a10n", ["ABNA", "INGB", "RABO", "TRIO"]), ("PL", "24n", []), ("ES", "20n", []),
        ("IT", "1a10n12c", []), ("CH", "5n12c", []), ("AT", "16n", []), ("BE", "12n", []), ("HU", "24n", []),
        ("SE", "20n", []), ("NO", "11n", []), ("IE", "4a6n8n", ["AIBK", "BOFI"]), ("PT", "21n", []),
        ("DK", "14n", []), ("FI", "14n", []), ("LU", "3n13c", []), ("CZ", "20n", []), ("RO", "4a16c", ["BTRL", "RNCB", "INGB"]),
    ]

    /// `text` mod 97 with letters as 10…35 (ISO 13616).
    static func mod97(_ text: String) -> Int {
        var remainder = 0
        for character in text {
            let value: Int
            if let digit = character.wholeNumberValue { value = digit } else { value = Int(character.unicodeScalars.first!.value) - 55 }
            for digit in String(value) { remainder = (remainder * 10 + digit.wholeNumberValue!) % 97 }
        }
        return remainder
    }

    /// A mod-97-valid IBAN, compact or grouped in fours.
    mutating func iban() -> String {
        let format = rng.pick(Values.ibanFormats)
        var bban = ""
        var remaining = Substring(format.layout)
        var usedBank = false
        while !remaining.isEmpty {
            let count = Int(remaining.prefix(while: \.isNumber))!
            remaining = remaining.drop(while: \.isNumber)
            let type = remaining.removeFirst()
            switch type {
            case "n": bban += rng.digits(count)
            case "a":
                if !usedBank && count == 4 && !format.banks.isEmpty {
                    bban += rng.pick(format.banks); usedBank = true
                } else {
                    bban += rng.string(from: Alphabet.upper, count: count)
                }
            default:
                bban += rng.percent(80) ? rng.digits(count) : rng.string(from: Alphabet.upper + Alphabet.digits, count: count)
            }
        }
        let check = 98 - Values.mod97(bban + format.country + "00")
        let iban = format.country + Values.pad2(check) + bban
        return rng.percent(50) ? iban : Values.group(iban, Array(repeating: 4, count: (iban.count + 3) / 4), separator: " ")
    }
}
