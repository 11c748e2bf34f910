/// Classifies one whitespace-free piece of text: URLs, e-mails, keys and tokens, addresses,
/// paths, host names, identifiers and high-entropy strings.
enum TokenClassifier {
    static let databaseSchemes: Set<String> = [
        "postgres", "postgresql", "mysql", "mariadb", "mongodb", "mongodb+srv", "redis", "rediss", "amqp", "amqps", "mssql",
        "sqlserver", "oracle", "db2", "cassandra", "couchbase", "neo4j", "clickhouse", "elasticsearch", "kafka", "memcached",
        "ldap", "ldaps", "sqlite", "cockroachdb", "snowflake", "redshift", "jdbc", "odbc",
    ]

    static let databaseSchemeBytes = ByteWordSet(databaseSchemes)
    static let fileExtensionBytes = ByteWordSet(fileExtensions)
    static let topLevelDomainBytes = ByteWordSet(topLevelDomains)
    static let instanceSizeBytes = ByteWordSet(instanceSizes)

    static let tokenPrefixes: [(StaticString, Int)] = [
        ("ghp_", 30), ("gho_", 30), ("ghu_", 30), ("ghs_", 30), ("ghr_", 30), ("github_pat_", 30), ("glpat-", 20),
        ("glptt-", 20), ("gldt-", 20), ("xoxb-", 15), ("xoxp-", 15), ("xoxa-", 15), ("xoxr-", 15), ("xoxs-", 15),
        ("xapp-", 15), ("sk_live_", 16), ("sk_test_", 16), ("rk_live_", 16), ("rk_test_", 16), ("pk_live_", 16),
        ("pk_test_", 16), ("whsec_", 16), ("aiza", 35), ("ya29.", 20), ("npm_", 30), ("pypi-", 30), ("shpat_", 30),
        ("sq0atp-", 20), ("hf_", 30), ("dop_v1_", 30), ("sg.", 30), ("key-", 30),
    ]

    /// `tokenPrefixes` by their first letter, `a` to `z`: a piece is matched against those that
    /// start with its own first letter only (the others cannot match it).
    static let tokenPrefixesByLetter: [[(StaticString, Int)]] = (0x61...0x7a).map { (first: UInt8) in
        tokenPrefixes.filter { $0.0.utf8Start[0] == first }
    }

    /// The shortest token of `tokenPrefixes` by its first letter (all are lowercase letters),
    /// `a` to `z`, or `Int.max` when none starts with it: shorter pieces skip the prefix loop.
    /// `computedShortestToken()` written out, `a` to `z`, so that a read needs no lazy
    /// initialisation (a `swift_once` call a classified piece); `TokenBlockSpeedTests` checks
    /// that the two agree.
    static let shortestToken: [Int] = [
        39, .max, .max, 37, .max, .max, 25, 33, .max, .max, 34, .max, .max,  // a–m
        34, .max, 24, .max, 24, 24, .max, .max, .max, 22, 20, 25, .max,  // n–z
    ]

    static func computedShortestToken() -> [Int] {
        (0x61...0x7a).map { (first: UInt8) in
            tokenPrefixes.filter { $0.0.utf8Start[0] == first }.map { $0.0.utf8CodeUnitCount + $0.1 }.min() ?? .max
        }
    }

    static let awsKeyPrefixes: [StaticString] = ["akia", "asia", "agpa", "aida", "aroa", "aipa", "anpa", "anva", "abia", "acca"]

    static let fileExtensions: Set<String> = [
        "java", "kt", "scala", "py", "go", "cs", "js", "mjs", "ts", "tsx", "jsx", "swift", "rb", "php", "c", "cc", "cpp", "h",
        "hpp", "rs", "sh", "ps1", "bat", "cmd", "exe", "dll", "so", "dylib", "jar", "war", "ear", "class", "yaml", "yml",
        "json", "xml", "toml", "ini", "cfg", "conf", "config", "properties", "env", "log", "txt", "csv", "tsv", "md", "html",
        "htm", "css", "sql", "bak", "dump", "tar", "gz", "tgz", "zip", "bz2", "xz", "7z", "rpm", "deb", "msi", "iso", "img",
        "vhd", "vhdx", "vmdk", "ova", "ovf", "qcow2", "pem", "crt", "cer", "key", "pfx", "p12", "jks", "pub", "tf",
        "tfvars", "tfstate", "lock", "pid", "sock", "db", "sqlite", "mdf", "ldf", "ndf", "trc", "dmp", "parquet", "avro",
        "orc", "pdf", "doc", "docx", "xls", "xlsx", "png", "jpg", "gif", "svg", "bin", "dat", "tmp", "old", "orig", "out",
        "err", "pyc", "o", "a", "lib", "ko", "service", "timer", "rules", "repo", "list", "d",
    ]

    /// Top-level domains that are not also common file extensions, and private-network suffixes.
    static let topLevelDomains: Set<String> = [
        "com", "net", "org", "io", "co", "info", "biz", "edu", "gov", "mil", "int", "eu", "app", "dev", "cloud", "tech",
        "online", "site", "xyz", "ai", "me", "tv", "cc", "us", "uk", "de", "fr", "nl", "pl", "hu", "cz", "sk", "at", "ch",
        "it", "es", "pt", "se", "no", "dk", "fi", "ie", "be", "lu", "ro", "bg", "gr", "hr", "si", "lt", "lv", "ee", "ua",
        "ru", "tr", "il", "ae", "sa", "in", "cn", "jp", "kr", "tw", "hk", "sg", "my", "id", "ph", "vn", "th", "au", "nz",
        "ca", "mx", "br", "ar", "cl", "za", "ng", "ke", "eg", "internal", "local", "localdomain", "corp", "lan", "intra",
        "intranet", "home", "private", "priv", "test", "example", "invalid", "localhost", "svc", "cluster", "aws", "azure",
        "gcp", "windows", "amazonaws", "azurewebsites", "cloudapp", "onmicrosoft", "ad", "dc", "prod", "stg", "staging",
    ]

    static let instanceSizes: Set<String> = [
        "nano", "micro", "small", "medium", "large", "xlarge", "metal", "2xlarge", "3xlarge", "4xlarge", "6xlarge", "8xlarge",
        "9xlarge", "10xlarge", "12xlarge", "16xlarge", "18xlarge", "24xlarge", "32xlarge", "48xlarge", "56xlarge", "96xlarge",
        "112xlarge",
    ]

    /// The kind of `range`, or nil when it is none of the token kinds.
    static func classify(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> DetectorKind? {
        guard range.count >= 2 else { return nil }
        return classify(bytes, range, shape: ByteShape(bytes, range))
    }

    /// The same for a piece whose shape the caller has read. Each check runs only when the
    /// piece has the bytes it needs and none it rejects (a skipped check would answer no; the
    /// order of the checks is unchanged).
    static func classify(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, shape: ByteShape) -> DetectorKind? {
        let count = range.count
        // Every kind needs punctuation or more bytes than eight letters and digits (a long
        // number has nine digits).
        // (One test for the second: a class past letters and digits, or `count - 1` past 7.)
        guard count >= 2, Int(shape.rawValue & ByteShape.classes.rawValue & ~ByteShape.alnum.rawValue) | (count &- 1) >> 3 != 0 else {
            return nil
        }
        let start = range.lowerBound
        if shape.has(.bracket), SpanDetectors.isPlaceholder(bytes, range) { return nil }
        let dot = shape.has(.dot), colon = shape.has(.colon), dash = shape.has(.dash)

        // scheme://… and jdbc:…
        if colon, shape.has(.slash), mayHaveScheme(bytes, range), let scheme = schemeEnd(bytes, range) {
            return databaseSchemeBytes.contains(bytes, start..<scheme) || Bytes.matches(bytes, at: start, lowercase: "jdbc") && scheme - start >= 4
                ? .connectionString : .url
        }
        if colon {
            if Bytes.matches(bytes, at: start, lowercase: "jdbc:") || Bytes.matches(bytes, at: start, lowercase: "odbc:") { return .connectionString }
            if count > 8,
                Bytes.matches(bytes, at: start, lowercase: "arn:aws")
                    || Bytes.matches(bytes, at: start, lowercase: "arn:") && countOf(0x3a, bytes, range) >= 4
            {
                return .arn
            }
        }
        if shape.has(.at), let at = SpanDetectors.firstIndex(of: 0x40, in: bytes, from: start, limit: range.upperBound), isEmail(bytes, range, at: at)
        {
            return hasSuffix(bytes, range, ".iam.gserviceaccount.com") || hasSuffix(bytes, range, ".gserviceaccount.com")
                ? .gcpServiceAccount : .email
        }
        if count > 30, Bytes.matches(bytes, at: start, lowercase: "eyj"), isJWT(bytes, range) { return .jwt }
        let first = Bytes.lower(bytes[start])
        if Bytes.isLower(first), count >= shortestToken[Int(first &- 0x61)] {
            for (prefix, minimum) in tokenPrefixesByLetter[Int(first &- 0x61)]
            where count >= prefix.utf8CodeUnitCount + minimum && Bytes.matches(bytes, at: start, lowercase: prefix) {
                return .apiToken
            }
        }
        // Capitals and digits only.
        if count == 20, shape.only(.upper | .digit), awsKeyPrefixes.contains(where: { Bytes.matches(bytes, at: start, lowercase: $0) }) {
            return .awsAccessKey
        }
        // `highEntropy`'s bytes: base64's and `-` `_`, with `=` only among the last two (padding).
        var base64 = shape.only(.alnum | .plus | .slash | .dash | .underscore | .equals)
        if shape.has(.equals), bytes[range.upperBound - 1] != 0x3d, bytes[range.upperBound - 2] != 0x3d { base64 = false }
        if count == 40 || (count >= 86 && count <= 88), base64, let kind = highEntropy(bytes, range), kind != .highEntropy { return kind }
        if mayBeMAC(count, shape), isMAC(bytes, range) { return .macAddress }
        if dot, shape.has(.upper), shape.has(.lower), shape.only(.alnum | .underscore | .dot), isQualifiedClassName(bytes, range) {
            return .stackFrame
        }
        if dot || colon, mayBeIPAddress(bytes, range), let kind = ipAddress(bytes, range, shape: shape) { return kind }
        if count == 36 || count == 38, dash, isGUID(bytes, range) { return .azureGuid }
        if shape.has(.slash | .backslash), let kind = path(bytes, range, shape: shape) { return kind }
        if dot, shape.only(.alnum | .dash | .underscore | .dot) {
            if isHostname(bytes, range) { return .hostname }
        } else if dot, colon, shape.only(.alnum | .dash | .underscore | .dot | .colon) {
            // `db-prod-27.example.net:27017`, `tcp:db.example.com`: a host name beside a port or
            // a protocol prefix.
            // The host name needs letters (its last label's): `10.4882.42.7:5432` has none.
            if shape.has(.lower | .upper), hostnameBesideColon(bytes, range) { return .hostname }
        }
        if shape.only(.digit) {
            if count == 12 { return .awsAccountId }
            if count >= 9 { return .longNumber }
            return nil
        }
        if dash, shape.only(.lower | .digit | .dash), isProjectLike(bytes, range) { return .gcpProject }
        // `highEntropy` answers none below twenty bytes (each kind it names needs twenty or more).
        if count >= 20, base64, let kind = highEntropy(bytes, range) { return kind }
        return nil
    }

    /// Whether `ipAddress` may answer: its address starts at the first byte (or after a `[`),
    /// with a digit (IPv4), or with at most four hex digits, a colon, then a hex digit or a
    /// second colon (IPv6).
    @inline(__always)
    static func mayBeIPAddress(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let first = bytes[range.lowerBound]
        if Bytes.isDigit(first) || first == 0x5b { return true }
        var index = range.lowerBound
        while index < range.upperBound, index - range.lowerBound < 5, Bytes.isHex(bytes[index]) { index += 1 }
        guard index + 1 < range.upperBound, bytes[index] == 0x3a else { return false }
        return Bytes.isHex(bytes[index + 1]) || bytes[index + 1] == 0x3a
    }

    /// Whether `schemeEnd` may answer: the first '/' (within its 24 bytes) follows the colon of
    /// the scheme and precedes a second '/'.
    @inline(__always)
    static func mayHaveScheme(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let limit = min(range.lowerBound + 25, range.upperBound)
        guard let slash = SpanDetectors.firstIndex(of: 0x2f, in: bytes, from: range.lowerBound, limit: limit) else { return false }
        return slash >= range.lowerBound + 2 && bytes[slash - 1] == 0x3a && slash + 1 < range.upperBound && bytes[slash + 1] == 0x2f
    }

    /// Whether `isMAC` may answer: 12 hex digits with a digit and a letter, or 14 or 17 bytes
    /// of hex digits and their separator (`.`; `:` or `-`).
    @inline(__always)
    static func mayBeMAC(_ count: Int, _ shape: ByteShape) -> Bool {
        switch count {
        case 12: shape.only(.hexDigit) && shape.has(.digit) && shape.has(.lowerHex | .upperHex)
        case 14: shape.only(.hexDigit | .dot) && shape.has(.dot)
        case 17: shape.only(.hexDigit | .colon | .dash) && shape.has(.colon | .dash)
        default: false
        }
    }

    /// Index of the ':' of "scheme://", for a plausible scheme.
    static func schemeEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var index = range.lowerBound
        while index < range.upperBound, index - range.lowerBound < 24,
            Bytes.isAlnum(bytes[index]) || bytes[index] == 0x2b || bytes[index] == 0x2d || bytes[index] == 0x2e || bytes[index] == 0x3a
        {
            if bytes[index] == 0x3a, index + 2 < range.upperBound, bytes[index + 1] == 0x2f, bytes[index + 2] == 0x2f {
                return index > range.lowerBound && Bytes.isLetter(bytes[range.lowerBound]) ? index : nil
            }
            index += 1
        }
        return nil
    }

    static func isEmail(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, at: Int) -> Bool {
        guard at > range.lowerBound, at + 4 < range.upperBound else { return false }
        for index in range.lowerBound..<at {
            let b = bytes[index]
            guard Bytes.isAlnum(b) || b == 0x2e || b == 0x5f || b == 0x25 || b == 0x2b || b == 0x2d || b == 0x27 else { return false }
        }
        return domainLabels(bytes, (at + 1)..<range.upperBound) > 0
    }

    /// The number of labels of a domain name (letters, digits, '-' and '_', at least two, the last
    /// alphabetic), or 0 when `range` is none.
    static func domainLabels(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var labels = 0, labelStart = range.lowerBound, lastLabel = range
        for index in range.lowerBound...range.upperBound {
            if index == range.upperBound || bytes[index] == 0x2e {
                let length = index - labelStart
                guard length >= 1, length <= 63, bytes[labelStart] != 0x2d, bytes[index - 1] != 0x2d else { return 0 }
                labels += 1
                lastLabel = labelStart..<index
                labelStart = index + 1
            } else if !(Bytes.isAlnum(bytes[index]) || bytes[index] == 0x2d || bytes[index] == 0x5f) {
                return 0
            }
        }
        guard labels >= 2, lastLabel.count >= 2, lastLabel.allSatisfy({ Bytes.isLetter(bytes[$0]) }) else { return 0 }
        return labels
    }

    /// `domainLabels` for a range of letters, digits, '-', '_' and '.' only: the dots are found
    /// a word at a time, and only the labels' lengths and ends are read.
    static func labelsOfDomainBytes(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var labels = 0, labelStart = range.lowerBound
        while true {
            let end = ByteWords.firstIndex(of: 0x2e, in: bytes, from: labelStart, limit: range.upperBound)
            let length = end - labelStart
            guard length >= 1, length <= 63, bytes[labelStart] != 0x2d, bytes[end - 1] != 0x2d else { return 0 }
            labels += 1
            if end == range.upperBound { break }
            labelStart = end + 1
        }
        let last = labelStart..<range.upperBound
        guard labels >= 2, last.count >= 2, last.allSatisfy({ Bytes.isLetter(bytes[$0]) }) else { return 0 }
        return labels
    }

    static func isJWT(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var dots = 0
        for index in range {
            if bytes[index] == 0x2e { dots += 1 } else if !Bytes.isBase64URL(bytes[index]) && bytes[index] != 0x3d { return false }
        }
        return dots == 2
    }

    /// Packages and namespaces of well-known platforms and libraries; any other qualified class
    /// name (`acme_dms.errors.MigrationError`, `com.acmebank.Ledger`) names a customer's code.
    static let knownPackages = ByteWordSet([
        "java", "javax", "jakarta", "sun", "jdk", "kotlin", "kotlinx", "scala", "akka", "system", "microsoft", "windows",
        "npgsql", "oracle", "mysql", "mysqlconnector", "psycopg", "psycopg2", "botocore", "boto3", "azure", "google", "grpc",
        "sqlalchemy", "pymysql", "pymssql", "pyodbc", "cx_oracle", "oracledb", "requests", "urllib3", "urllib", "socket",
        "ssl", "http", "httpx", "aiohttp", "asyncio", "concurrent", "io", "os", "builtins", "json", "yaml", "django",
        "flask", "fastapi", "celery", "kombu", "pymongo", "redis", "kafka", "confluent_kafka", "paramiko", "subprocess",
        "net", "node", "foundation", "swift", "dispatch", "nio", "grdb", "hummingbird", "vapor", "k8s", "kubernetes",
        "docker", "terraform", "ansible", "mongodb", "hibernate", "spring", "springframework", "apache", "postgresql",
        "amazonaws", "amazon", "software", "aws", "gcp", "openshift", "elasticsearch", "opensearch", "netty", "reactor",
    ])
    static let genericRoots = ByteWordSet(["com", "org", "io", "net", "software", "dev"])

    static func isQualifiedClassName(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        // The last label first, a capital then some small letter: most dotted names fail on it
        // before the whole is read.
        var lastStart = range.upperBound, small = false
        while lastStart > range.lowerBound, bytes[lastStart - 1] != 0x2e {
            lastStart -= 1
            if Bytes.isLower(bytes[lastStart]) { small = true }
        }
        guard small, Bytes.isUpper(bytes[lastStart]) else { return false }
        // The labels between dots, keeping only the first two.
        var labels = 0
        var first = 0..<0, second = 0..<0
        var start = range.lowerBound
        for index in range.lowerBound...range.upperBound {
            if index == range.upperBound || bytes[index] == 0x2e {
                guard index > start else { return false }
                let label = start..<index
                if labels == 0 { first = label } else if labels == 1 { second = label }
                labels += 1
                start = index + 1
            } else if !(Bytes.isAlnum(bytes[index]) || bytes[index] == 0x5f) {
                return false
            }
        }
        guard labels >= 3 else { return false }
        var root = first
        if genericRoots.contains(bytes, root) { root = second }
        return !knownPackages.contains(bytes, root)
    }

    static func isMAC(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        if range.count == 12, range.allSatisfy({ Bytes.isHex(bytes[$0]) }), range.contains(where: { Bytes.isDigit(bytes[$0]) }),
            range.contains(where: { Bytes.isLetter(bytes[$0]) })
        {
            return true  // bare 000D3A68AD9A
        }
        if range.count == 17 {
            let separator = bytes[range.lowerBound + 2]
            guard separator == 0x3a || separator == 0x2d else { return false }
            for (offset, index) in range.enumerated() {
                if offset % 3 == 2 { if bytes[index] != separator { return false } } else if !Bytes.isHex(bytes[index]) { return false }
            }
            return true
        }
        if range.count == 14 {  // Cisco: 0011.2233.4455
            for (offset, index) in range.enumerated() {
                if offset == 4 || offset == 9 { if bytes[index] != 0x2e { return false } } else if !Bytes.isHex(bytes[index]) { return false }
            }
            return range.contains { Bytes.isDigit(bytes[$0]) }
        }
        return false
    }

    /// IPv4 (optionally `:port` or `/prefix`), IPv6 in every textual form, `[v6]:port`, `%zone`.
    /// `shape` is the range's: a search for a byte it lacks is skipped.
    static func ipAddress(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, shape: ByteShape) -> DetectorKind? {
        var core = range
        if bytes[core.lowerBound] == 0x5b, let close = SpanDetectors.firstIndex(of: 0x5d, in: bytes, from: core.lowerBound, limit: core.upperBound) {
            core = (core.lowerBound + 1)..<close
        }
        guard !core.isEmpty else { return nil }
        let colons = shape.has(.colon) ? countOf(0x3a, bytes, core) : 0
        // Strip "%zone" and "/prefix".
        var end = core.upperBound
        if shape.has(.percent), let percent = SpanDetectors.firstIndex(of: 0x25, in: bytes, from: core.lowerBound, limit: end) { end = percent }
        if shape.has(.slash), let slash = SpanDetectors.firstIndex(of: 0x2f, in: bytes, from: core.lowerBound, limit: end) { end = slash }
        let address = core.lowerBound..<end
        if colons >= 2, Validators.ipv6(bytes, address) { return .ipv6 }
        // IPv4, maybe with ":port".
        var v4End = end
        if colons == 1, let colon = SpanDetectors.firstIndex(of: 0x3a, in: bytes, from: core.lowerBound, limit: end) { v4End = colon }
        if Validators.ipv4(bytes, core.lowerBound..<v4End) { return .ipv4 }
        // IPv6 with a trailing ":port" and no brackets is ambiguous; try without the last group.
        return nil
    }

    static func isGUID(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var core = range
        if core.count == 38, bytes[core.lowerBound] == 0x7b { core = (core.lowerBound + 1)..<(core.upperBound - 1) }
        guard core.count == 36 else { return false }
        for (offset, index) in core.enumerated() {
            if offset == 8 || offset == 13 || offset == 18 || offset == 23 {
                if bytes[index] != 0x2d { return false }
            } else if !Bytes.isHex(bytes[index]) {
                return false
            }
        }
        return true
    }

    /// Unix, Windows and UNC paths; `projects/<id>` is a GCP project. `shape` is the range's: it
    /// answers for backslashes and letters.
    static func path(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, shape: ByteShape) -> DetectorKind? {
        let start = range.lowerBound
        if Bytes.matches(bytes, at: start, lowercase: "projects/"), range.count > 9 { return .gcpProject }
        // `</step>`: a closing tag, not a path. `\"969-…`: a JSON escape, not a Windows path.
        if start > 0, bytes[start - 1] == 0x3c, bytes[start] == 0x2f { return nil }
        let backslashes = shape.has(.backslash) ? countOf(0x5c, bytes, range) : 0
        if backslashes == 1, bytes[start] == 0x5c, range.count > 1, bytes[start + 1] == 0x22 || bytes[start + 1] == 0x6e || bytes[start + 1] == 0x74 {
            return nil
        }
        if backslashes > 0 { return .path }  // C:\…, \\server\share, relative\win\path
        if range.count >= 3, Bytes.isLetter(bytes[start]), bytes[start + 1] == 0x3a, bytes[start + 2] == 0x2f { return .path }
        let slashes = countOf(0x2f, bytes, range)
        guard slashes > 0 else { return nil }
        let first = bytes[start]
        let rooted =
            first == 0x2f || Bytes.matches(bytes, at: start, lowercase: "~/") || Bytes.matches(bytes, at: start, lowercase: "./")
            || Bytes.matches(bytes, at: start, lowercase: "../")
        let hasLetter = shape.has(.lower | .upper)
        if rooted && hasLetter && range.count > 1 { return .path }
        if slashes >= 2 && hasLetter { return .path }
        return nil
    }

    /// One part between colons is a host name and every other part is a port (digits) or a
    /// short protocol word (`tcp`, `np`). `range` has only the bytes of host names and colons.
    static func hostnameBesideColon(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var host = false
        var partStart = range.lowerBound
        for position in range.lowerBound...range.upperBound where position == range.upperBound || bytes[position] == 0x3a {
            let part = partStart..<position
            partStart = position + 1
            if part.isEmpty { return false }
            if part.allSatisfy({ Bytes.isDigit(bytes[$0]) }) && part.count <= 5 { continue }
            if part.count <= 5, part.allSatisfy({ Bytes.isLetter(bytes[$0]) }) { continue }
            guard !host, isHostname(bytes, part) else { return false }
            host = true
        }
        return host
    }

    /// Host and domain names: three or more labels, or two with a known top-level domain.
    /// Code identifiers (`System.Net.Http`, `java.lang.NullPointerException`), file names
    /// (`server.log`) and instance types (`t3.large`) are not. `range` has only letters, digits,
    /// '-', '_' and '.' (the callers' shapes say so).
    static func isHostname(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        // The last label first (two or more letters after a dot, as `domainLabels` wants): most
        // pieces that are no host name fail on it before the whole is read.
        var lastDot = range.upperBound - 1
        while lastDot >= range.lowerBound, bytes[lastDot] != 0x2e {
            guard Bytes.isLetter(bytes[lastDot]) else { return false }
            lastDot -= 1
        }
        // Letters only, so byte counts are character counts.
        let last = (lastDot + 1)..<range.upperBound
        guard lastDot >= range.lowerBound, last.count >= 2 else { return false }
        if fileExtensionBytes.contains(bytes, last) || instanceSizeBytes.contains(bytes, last) { return false }
        var upper = false, lower = false
        for index in last { if Bytes.isUpper(bytes[index]) { upper = true } else if Bytes.isLower(bytes[index]) { lower = true } }
        if upper && lower { return false }
        let labels = labelsOfDomainBytes(bytes, range)
        return labels >= 3 || labels == 2 && (topLevelDomainBytes.contains(bytes, last) || last.count == 2)
    }

    /// `acme-prod-4821`: lowercase words joined by '-', ending in 4+ digits (GCP's generated ids).
    static func isProjectLike(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count >= 8, range.count <= 30, Bytes.isLower(bytes[range.lowerBound]) else { return false }
        // The four digits it must end with, before anything else is read (most pieces end otherwise).
        let end = range.upperBound
        guard Bytes.isDigit(bytes[end - 1]), Bytes.isDigit(bytes[end - 2]), Bytes.isDigit(bytes[end - 3]), Bytes.isDigit(bytes[end - 4]) else {
            return false
        }
        // Cloud SQL's custom machine types (`db-custom-8-32768`, `custom-4-16384`) are sizes.
        if Bytes.matches(bytes, at: range.lowerBound, lowercase: "db-custom-") || Bytes.matches(bytes, at: range.lowerBound, lowercase: "custom-") {
            return false
        }
        var lastDash = -1
        for index in range {
            let b = bytes[index]
            if b == 0x2d { lastDash = index } else if !(Bytes.isLower(b) || Bytes.isDigit(b)) { return false }
        }
        guard lastDash > range.lowerBound, range.upperBound - lastDash - 1 >= 4 else { return false }
        return ((lastDash + 1)..<range.upperBound).allSatisfy { Bytes.isDigit(bytes[$0]) }
    }

    /// AWS secret keys (40), Azure storage keys (88 base64), long hex and random-looking strings.
    /// Two or more segments between `-`/`_`, each three or more lowercase letters then digits.
    static func isWordChain(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var segments = 0, letters = 0, inDigits = false
        for index in range.lowerBound...range.upperBound {
            if index == range.upperBound || bytes[index] == 0x2d || bytes[index] == 0x5f {
                guard letters >= 3 else { return false }
                segments += 1
                letters = 0
                inDigits = false
                continue
            }
            let b = bytes[index]
            if Bytes.isLower(b) {
                if inDigits { return false }
                letters += 1
            } else if Bytes.isDigit(b) {
                inDigits = true
            } else {
                return false
            }
        }
        return segments >= 2
    }

    static func highEntropy(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> DetectorKind? {
        let count = range.count
        guard count >= 16 else { return nil }
        var upper = 0, lower = 0, digits = 0, other = 0, hex = 0
        // Each byte counted by its class bits (`Bytes.classes`: 1 digit, 2 lowercase, 4
        // uppercase, 8 hex letter), added without a branch; only a byte of no letter or digit
        // (rare in the strings read here) is tested.
        for index in range {
            let b = bytes[index]
            let classes = Bytes.classes(b)
            if classes & 7 == 0 {
                // `+` `/` `-` `_`, and `=` among the last two (base64 padding only).
                guard b == 0x2b || b == 0x2f || b == 0x2d || b == 0x5f || (b == 0x3d && index >= range.upperBound - 2) else { return nil }
                other &+= 1
            }
            digits &+= Int(classes & 1)
            lower &+= Int(classes >> 1 & 1)
            upper &+= Int(classes >> 2 & 1)
            hex &+= Int((classes | classes >> 3) & 1)
        }
        if count >= 86, count <= 88, upper > 0, lower > 0, digits > 0 { return .azureStorageKey }
        if count == 40, upper > 0, lower > 0, digits > 0, range.allSatisfy({ Bytes.isBase64(bytes[$0]) }) { return .awsSecretKey }
        if hex == count, count >= 32, digits > 0 { return .highEntropy }
        // CamelCase identifiers (`InvalidClientTokenId`) have few capitals; random strings about half.
        if digits == 0, other == 0, upper * 4 <= count { return nil }
        // Lowercase words joined by `-` or `_`, a number at the end of each at most
        // (`northamerica-northeast1`, `rehydrate_cache_v2`): a name from a list, not a random string.
        if upper == 0, isWordChain(bytes, range) { return nil }
        // `KMSKeyNotAccessibleFault`, `SQL_Latin1_General_CP1_CI_AS`: words and acronyms.
        if upper > 0, isCamelChain(bytes, range) { return nil }
        let classes = (upper > 0 ? 1 : 0) + (lower > 0 ? 1 : 0) + (digits > 0 ? 1 : 0)
        guard count >= 20, classes >= 2, digits > 0 || (upper > 2 && lower > 2) else { return nil }
        return Validators.entropy(bytes, range) >= 3.5 ? .highEntropy : nil
    }

    /// Pieces cut at `_`, `-`, case changes and letter–digit changes, each a capitalized word
    /// (`Key`, two or more small letters after the capital), a word in small letters (three or
    /// more), an acronym (two to five capitals) or a number (one to four digits); two or more
    /// of them words. Random strings have one-letter pieces (`bC0iQE2…`).
    static func isCamelChain(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var words = 0
        var index = range.lowerBound
        while index < range.upperBound {
            let b = bytes[index]
            if b == 0x5f || b == 0x2d { index += 1; continue }
            var end = index + 1
            if Bytes.isDigit(b) {
                while end < range.upperBound, Bytes.isDigit(bytes[end]) { end += 1 }
                guard end - index <= 4 else { return false }
            } else if Bytes.isUpper(b) {
                while end < range.upperBound, Bytes.isUpper(bytes[end]) { end += 1 }
                if end < range.upperBound, Bytes.isLower(bytes[end]) {
                    if end - index > 1 { end -= 1 }  // `KMSKey`: the acronym ends before the word's capital
                }
                if end - index == 1 || (end < range.upperBound && Bytes.isLower(bytes[end]) && end == index + 1) {
                    // A capitalized word: the capital and its small letters.
                    end = index + 1
                    while end < range.upperBound, Bytes.isLower(bytes[end]) { end += 1 }
                    guard end - index >= 3 else { return false }
                    words += 1
                } else {
                    guard end - index <= 5 else { return false }
                }
            } else if Bytes.isLower(b) {
                while end < range.upperBound, Bytes.isLower(bytes[end]) { end += 1 }
                guard end - index >= 3 else { return false }
                words += 1
            } else {
                return false
            }
            index = end
        }
        return words >= 2
    }

    static func countOf(_ byte: UInt8, _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var count = 0
        for index in range where bytes[index] == byte { count += 1 }
        return count
    }

    static func hasSuffix(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ suffix: StaticString) -> Bool {
        range.count >= suffix.utf8CodeUnitCount && Bytes.matches(bytes, at: range.upperBound - suffix.utf8CodeUnitCount, lowercase: suffix)
    }
}

/// The classes of a piece's bytes, or-ed over the piece in one read: every byte has one class
/// (letters split by case and hex, the punctuation the checks look for, `other`) and maybe flags.
struct ByteShape: OptionSet, Sendable {
    let rawValue: UInt32

    static let digit = ByteShape(rawValue: 1 << 0)
    static let lowerHex = ByteShape(rawValue: 1 << 1)  // a–f
    static let lowerOther = ByteShape(rawValue: 1 << 2)  // g–z
    static let upperHex = ByteShape(rawValue: 1 << 3)  // A–F
    static let upperOther = ByteShape(rawValue: 1 << 4)  // G–Z
    static let dot = ByteShape(rawValue: 1 << 5)
    static let colon = ByteShape(rawValue: 1 << 6)
    static let slash = ByteShape(rawValue: 1 << 7)
    static let backslash = ByteShape(rawValue: 1 << 8)
    static let at = ByteShape(rawValue: 1 << 9)
    static let dash = ByteShape(rawValue: 1 << 10)
    static let underscore = ByteShape(rawValue: 1 << 11)
    static let plus = ByteShape(rawValue: 1 << 12)
    static let equals = ByteShape(rawValue: 1 << 13)
    static let bracket = ByteShape(rawValue: 1 << 14)  // [
    static let other = ByteShape(rawValue: 1 << 15)
    static let percent = ByteShape(rawValue: 1 << 16)
    /// Flags: a markup byte (`DetectorSet.isMarkupByte`), a delimiter (`DetectorSet.isDelimiter`).
    static let markup = ByteShape(rawValue: 1 << 24)
    static let delimiter = ByteShape(rawValue: 1 << 25)
    /// Flags for the whitespace cut (`WhitespaceToken`): a space (`Bytes.isSpace`), a byte
    /// `AddressScan.core` cuts at (`Bytes.coreCut`).
    static let space = ByteShape(rawValue: 1 << 26)
    static let coreCut = ByteShape(rawValue: 1 << 27)
    /// `=`, `>` or a quote: a byte after which `AddressScan.core` may start the core.
    static let coreStart = ByteShape(rawValue: 1 << 28)
    /// `<`: where `AddressScan.core` and `CompanyNameScan` end a token that has one.
    static let openAngle = ByteShape(rawValue: 1 << 29)
    /// `;` and a quote: with the classes above, the trigger bytes of `ByteClasses`, so that the
    /// union of a text's token shapes says which it has (`ByteClasses.present(of:)`).
    static let semicolon = ByteShape(rawValue: 1 << 30)
    static let quote = ByteShape(rawValue: 1 << 31)

    static let lower = lowerHex | lowerOther
    static let upper = upperHex | upperOther
    static let alnum = digit | lower | upper
    static let hexDigit = digit | lowerHex | upperHex
    static let classes = ByteShape(rawValue: 0xff_ffff)

    /// The class and flags of every byte: `computedTable()` written out, 8 bytes a line. A
    /// literal is placed in the binary whole, so a read needs no lazy initialisation (a
    /// `swift_once` call each time a token's shape is taken); `ByteShapeTableTests` checks that
    /// the two agree.
    static let table: [UInt32] = [
        0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000,  // 0x00
        0x00008000, 0x04008000, 0x04008000, 0x04008000, 0x04008000, 0x04008000, 0x00008000, 0x00008000,  // 0x08
        0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000,  // 0x10
        0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000,  // 0x18
        0x04008000, 0x00008000, 0x9b008000, 0x00008000, 0x00008000, 0x00010000, 0x00008000, 0x9a008000,  // 0x20
        0x0a008000, 0x0a008000, 0x00008000, 0x00001000, 0x0a008000, 0x00000400, 0x00000020, 0x00000080,  // 0x28
        0x00000001, 0x00000001, 0x00000001, 0x00000001, 0x00000001, 0x00000001, 0x00000001, 0x00000001,  // 0x30
        0x00000001, 0x00000001, 0x08000040, 0x4a008000, 0x2b008000, 0x1a002000, 0x1b008000, 0x00008000,  // 0x38
        0x00000200, 0x00000008, 0x00000008, 0x00000008, 0x00000008, 0x00000008, 0x00000008, 0x00000010,  // 0x40
        0x00000010, 0x00000010, 0x00000010, 0x00000010, 0x00000010, 0x00000010, 0x00000010, 0x00000010,  // 0x48
        0x00000010, 0x00000010, 0x00000010, 0x00000010, 0x00000010, 0x00000010, 0x00000010, 0x00000010,  // 0x50
        0x00000010, 0x00000010, 0x00000010, 0x02004000, 0x00000100, 0x02008000, 0x00008000, 0x00000800,  // 0x58
        0x02008000, 0x00000002, 0x00000002, 0x00000002, 0x00000002, 0x00000002, 0x00000002, 0x00000004,  // 0x60
        0x00000004, 0x00000004, 0x00000004, 0x00000004, 0x00000004, 0x00000004, 0x00000004, 0x00000004,  // 0x68
        0x00000004, 0x00000004, 0x00000004, 0x00000004, 0x00000004, 0x00000004, 0x00000004, 0x00000004,  // 0x70
        0x00000004, 0x00000004, 0x00000004, 0x03008000, 0x02008000, 0x03008000, 0x00008000, 0x00008000,  // 0x78
        0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000,  // 0x80
        0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000,  // 0x88
        0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000,  // 0x90
        0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000,  // 0x98
        0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000,  // 0xa0
        0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000,  // 0xa8
        0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000,  // 0xb0
        0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000,  // 0xb8
        0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000,  // 0xc0
        0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000,  // 0xc8
        0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000,  // 0xd0
        0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000,  // 0xd8
        0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000,  // 0xe0
        0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000,  // 0xe8
        0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000,  // 0xf0
        0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000, 0x00008000,  // 0xf8
    ]

    /// The class and flags of every byte, from the class tests themselves.
    static func computedTable() -> [UInt32] {
        (0..<256).map { index in
            let b = UInt8(index)
            var shape: ByteShape =
                switch b {
                case 0x30...0x39: .digit
                case 0x61...0x66: .lowerHex
                case 0x67...0x7a: .lowerOther
                case 0x41...0x46: .upperHex
                case 0x47...0x5a: .upperOther
                case 0x2e: .dot
                case 0x3a: .colon
                case 0x2f: .slash
                case 0x5c: .backslash
                case 0x40: .at
                case 0x2d: .dash
                case 0x5f: .underscore
                case 0x2b: .plus
                case 0x3d: .equals
                case 0x5b: .bracket
                case 0x25: .percent
                default: .other
                }
            if DetectorSet.isMarkupByte(b) { shape.insert(.markup) }
            if DetectorSet.isDelimiter(b) { shape.insert(.delimiter) }
            if Bytes.isSpace(b) { shape.insert(.space) }
            if Bytes.classes(b) & Bytes.coreCut != 0 { shape.insert(.coreCut) }
            if b == 0x3d || b == 0x3e || b == 0x22 || b == 0x27 { shape.insert(.coreStart) }
            if b == 0x3c { shape.insert(.openAngle) }
            if b == 0x3b { shape.insert(.semicolon) }
            if b == 0x22 || b == 0x27 { shape.insert(.quote) }
            return shape.rawValue
        }
    }

    init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The shape of `range`.
    @inline(__always)
    init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        var union: UInt32 = 0
        Self.table.withUnsafeBufferPointer { table in
            for index in range { union |= table[Int(bytes[index])] }
        }
        rawValue = union
    }

    /// Both sets (an array literal would be built at run time in some of the checks).
    @inline(__always) static func | (a: ByteShape, b: ByteShape) -> ByteShape { ByteShape(rawValue: a.rawValue | b.rawValue) }

    /// Some byte is of one of `classes` (or has one of the flags).
    @inline(__always) func has(_ classes: ByteShape) -> Bool { rawValue & classes.rawValue != 0 }

    /// Every byte is of one of `classes`.
    @inline(__always) func only(_ classes: ByteShape) -> Bool { rawValue & Self.classes.rawValue & ~classes.rawValue == 0 }
}
