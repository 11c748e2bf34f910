import BenchmarkSupport
import Foundation

/// Varied migration error logs: the sixteen message kinds of `Benchmarks/seed-sanitizer/compare.py`
/// (the end-to-end workload), drawn per text with their own names, hosts, paths and keys, so that
/// no two texts repeat. The log-line benchmark's ten repeated templates are learned by the
/// processor's branch predictors; these are not (docs/benchmarks.md, "What the log lines do not show").
struct MigrationLogCorpus {
    static let given = [
        "Anna", "Piotr", "Katarzyna", "José", "María", "Zoë", "Jürgen", "Mark", "Olivia", "Liam", "Noah", "Emma", "Sofia",
        "Mateusz", "Ágnes", "László", "Chloé", "Søren", "Aiko", "Wei", "Priya", "Rahul", "Fatima", "Omar", "Eleanor", "Bartosz",
    ]
    static let surnames = [
        "Kowalski", "Nowak", "García", "Müller", "Smith", "Baker", "Nagy", "Tóth", "Dubois", "Jensen", "Tanaka", "Chen", "Sharma",
        "Haddad", "O'Brien", "Wiśniewski", "Rossi", "Novák", "Johansson", "Fernández", "Kim", "Walker",
    ]
    static let companies = [
        "acme", "globex", "initech", "umbrella", "hooli", "vandelay", "contoso", "fabrikam", "northwind", "tailspin", "wayne-ent",
        "stark-ind",
    ]
    static let tlds = ["com", "pl", "de", "io", "net", "hu", "co.uk", "internal", "eu", "fr"]
    static let services = ["db", "api", "web", "cache", "mq", "auth", "files", "erp", "crm", "ldap", "smtp"]
    static let cloudResources = [
        "EC2", "RDS", "S3", "Lambda", "EBS", "VirtualMachines", "BlobStorage", "SQLDatabase", "ComputeEngine", "CloudSQL", "GKE", "AKS",
    ]
    static let actions = [
        "create_vm", "replicate_disk", "cutover", "migrate_database", "copy_objects", "update_dns", "validate", "snapshot",
        "restore_backup", "sync_files",
    ]
    static let verbs = ["failed", "timed out", "was refused", "aborted", "returned an error", "stalled"]
    static let errnos = ["ECONNREFUSED", "ETIMEDOUT", "EHOSTUNREACH", "ECONNRESET", "EACCES", "ENOSPC"]
    static let javaClasses = [
        "DiskCopier", "BlobUploader", "SchemaMigrator", "ReplicationWorker", "CutoverController", "DnsUpdater", "SnapshotManager",
    ]
    static let words = """
        the connection was closed by the remote host while the transfer was in progress \
        retrying with exponential backoff before giving up on the current batch of objects \
        because the target storage account rejected the request with an authorization error \
        please check the firewall rules and the credentials configured for this migration \
        the source volume is still attached to the instance and cannot be detached safely
        """.split(separator: " ").map(String.init)

    var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(state: seed) }

    /// Texts of one to four messages joined by " | ", as compare.py's records carry them, until
    /// `bytes` bytes of UTF-8.
    mutating func texts(bytes: Int) -> [String] {
        var texts: [String] = []
        var total = 0
        while total < bytes {
            let count = [1, 1, 1, 2, 2, 3, 4][int(0...6)]
            let text = (0..<count).map { _ in message() }.joined(separator: " | ")
            total += text.utf8.count
            texts.append(text)
        }
        return texts
    }

    private mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }
    private mutating func pick(_ values: [String]) -> String { values[int(0...values.count - 1)] }
    private func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private mutating func name() -> String { "\(pick(Self.given)) \(pick(Self.surnames))" }
    private mutating func domain() -> String { "\(pick(Self.companies)).\(pick(Self.tlds))" }
    private mutating func host() -> String {
        "\(pick(Self.services))\(padded(int(1...40), 2)).\(pick(["prod", "stage", "eu-west", "dc2"])).\(domain())"
    }
    private mutating func ip() -> String {
        switch int(0...2) {
        case 0: "10.\(int(0...255)).\(int(0...255)).\(int(1...254))"
        case 1: "192.168.\(int(0...255)).\(int(1...254))"
        default: "\(int(11...223)).\(int(0...255)).\(int(0...255)).\(int(1...254))"
        }
    }
    private mutating func email() -> String {
        let local = "\(pick(Self.given)).\(pick(Self.surnames))".lowercased().replacingOccurrences(of: "'", with: "")
        return "\(local)@\(domain())"
    }
    private mutating func user() -> String {
        "\(pick(Self.given).lowercased())\(pick(["", ".", "_"]))\(pick(Self.surnames).lowercased())".replacingOccurrences(of: "'", with: "")
    }
    private mutating func path() -> String {
        switch int(0...4) {
        case 0: "/home/\(user())/backups/\(pick(Self.companies))-\(int(2019...2026)).tar.gz"
        case 1: "/var/lib/postgresql/\(int(11...16))/main/base/\(int(10000...99999))"
        case 2: "C:\\Users\\\(user())\\Documents\\migration\\\(pick(Self.companies)).bak"
        case 3: "/opt/\(pick(Self.companies))/releases/\(int(1...9)).\(int(0...20))/config/app.yaml"
        default: "/mnt/data/\(pick(Self.services))/\(pick(["export", "dump", "logs"]))/part-\(padded(int(0...9999), 5)).csv"
        }
    }
    private mutating func phone() -> String {
        switch int(0...3) {
        case 0: "+48 \(int(500...899)) \(int(100...999)) \(int(100...999))"
        case 1: "+49 30 \(int(1_000_000...9_999_999))"
        case 2: "+36 1 \(int(100...999)) \(int(1000...9999))"
        default: "(555) \(int(100...999))-\(int(1000...9999))"
        }
    }
    private mutating func drawn(_ alphabet: String, _ count: Int) -> String {
        let characters = Array(alphabet)
        return String((0..<count).map { _ in characters[int(0...characters.count - 1)] })
    }
    private mutating func hex(_ count: Int) -> String { drawn("0123456789abcdef", count) }
    private mutating func key() -> String {
        let alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
        switch int(0...4) {
        case 0: return "AKIA" + drawn("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
        case 1: return "ghp_" + drawn(alnum, 36)
        case 2: return "sk_live_" + drawn(alnum, 24)
        case 3: return drawn(alnum + "+/", 40)
        default: return hex(40)
        }
    }
    private mutating func uuid() -> String {
        let h = Array(hex(32))
        return [h[0..<8], h[8..<12], h[12..<16], h[16..<20], h[20...]].map { String($0) }.joined(separator: "-")
    }
    private mutating func words(_ low: Int, _ high: Int) -> String {
        let start = int(0...Self.words.count - high)
        return Self.words[start..<start + int(low...high)].joined(separator: " ")
    }
    private mutating func timestamp() -> String {
        "2026-\(padded(int(1...12), 2))-\(padded(int(1...28), 2))T\(padded(int(0...23), 2)):\(padded(int(0...59), 2)):\(padded(int(0...59), 2))Z"
    }

    /// One message: compare.py's sixteen kinds, in its order, equally likely.
    private mutating func message() -> String {
        switch int(0...15) {
        case 0:
            return "ERROR \(timestamp()) \(pick(Self.actions)) \(pick(Self.verbs)): connect \(pick(Self.errnos)) \(ip()):"
                + "\([22, 443, 3306, 5432, 6379, 8443][int(0...5)]) after \(int(1...12)) retries; \(words(5, 15))"
        case 1:
            return "pg_dump: error: connection to server at \"\(host())\" (\(ip())), port 5432 failed: "
                + "FATAL:  password authentication failed for user \"\(user())\""
        case 2:
            return "Access denied for user '\(user())'@'\(ip())' (using password: YES) while running \(pick(Self.actions))"
        case 3:
            return "Failed to copy \(path()) to s3://\(pick(Self.companies))-migration-\(int(1...99))/"
                + "\(pick(["exports", "dumps"]))/\(int(1...9999)).gz: AccessDenied: User: arn:aws:iam::\(int(100_000_000_000...999_999_999_999)):"
                + "user/\(user()) is not authorized to perform: s3:PutObject on resource \(pick(Self.cloudResources))"
        case 4:
            return "Notification to \(name()) <\(email())> \(pick(Self.verbs)): SMTP 550 5.1.1 mailbox unavailable (relay \(host()))"
        case 5:
            return "Customer contact \(name()) (phone \(phone()), \(email())) asked to move the cutover window to \(timestamp()); "
                + words(4, 12)
        case 6:
            return "Authorization rejected for \(pick(Self.services)) at https://\(host())/api/v\(int(1...3))/jobs: token \(key()) expired"
        case 7:
            var classes = Self.javaClasses
            classes.shuffle(using: &generator)
            var frames = ""
            for javaClass in classes.prefix(int(2...5)) {
                let company = pick(Self.companies).replacingOccurrences(of: "-", with: "")
                frames += "\n\tat com.\(company).migrate.\(javaClass).\(pick(["copy", "run", "apply", "upload"]))(\(javaClass).java:\(int(20...900)))"
            }
            return "java.net.SocketTimeoutException: Read timed out talking to \(host())\(frames)"
        case 8:
            return "Traceback (most recent call last):\n  File \"/opt/migrate/\(pick(Self.actions)).py\", line \(int(10...400)), "
                + "in run\n    client.copy(src, dst)\nTimeoutError: timed out connecting to \(host()) (\(ip()))"
        case 9:
            return "rsync: [sender] write error: Broken pipe (32) while copying \(path()) from \(host()) to \(ip()); \(words(3, 10))"
        case 10:
            return "DNS update failed for \(host()): NXDOMAIN; request id \(uuid()); owner \(name())"
        case 11:
            return "Azure: AuthorizationFailed: The client '\(uuid())' with object id '\(uuid())' does not have "
                + "authorization to perform action 'Microsoft.Compute/virtualMachines/write' over scope "
                + "'/subscriptions/\(uuid())/resourceGroups/\(pick(Self.companies))-rg'"
        case 12:
            return "Payment for the migration of \(pick(Self.cloudResources)) declined for card 4111 1111 1111 \(int(1000...9999)); "
                + "billing contact \(name()), IBAN PL61 1090 1014 0000 0712 1981 2874"
        case 13:
            return "export AWS_SECRET_ACCESS_KEY=\(key()) found in \(path()); rotated by \(email())"
        case 14:
            return "Disk \(pick(["sda", "nvme0n1", "xvdf"])) on \(host()) reached \(int(90...100))% (\(int(1...900)) GiB); "
                + "checksum \(hex(64)) mismatch; \(words(6, 20))"
        default:
            return "\(pick(Self.actions)) \(pick(Self.verbs)) on \(pick(Self.cloudResources)): \(words(8, 30)); call \(name()) at \(phone())"
        }
    }
}
