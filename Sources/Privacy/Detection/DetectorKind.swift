/// Every kind of personal data or secret the gate looks for, with the typed placeholder that
/// replaces it. Raw values are stable API: `scan` output, 422 bodies and audit entries use them.
public enum DetectorKind: String, CaseIterable, Sendable, Codable, Hashable {
    case email
    case ipv4
    case ipv6
    case hostname
    case url
    case path
    case connectionString = "connection_string"
    case secret
    case awsAccessKey = "aws_access_key"
    case awsSecretKey = "aws_secret_key"
    case arn
    case awsAccountId = "aws_account_id"
    case azureGuid = "azure_guid"
    case azureStorageKey = "azure_storage_key"
    case gcpProject = "gcp_project"
    case gcpServiceAccount = "gcp_service_account"
    case apiToken = "api_token"
    case jwt
    case privateKey = "private_key"
    case highEntropy = "high_entropy"
    case creditCard = "credit_card"
    case iban
    case phone
    case macAddress = "mac_address"
    case stackFrame = "stack_frame"
    case personName = "person_name"
    case longNumber = "long_number"
    case unknownWord = "unknown_word"
    case sensitiveTerm = "sensitive_term"
    case custom

    /// Position in `allCases`.
    var ordinal: Int { Self.ordinals[self]! }
    private static let ordinals: [DetectorKind: Int] = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })

    /// A bit per kind, for fast membership tests.
    var bit: UInt64 { 1 << UInt64(ordinal) }

    /// The default placeholder; a policy may rename it.
    public var defaultPlaceholder: String {
        switch self {
        case .email: "[EMAIL]"
        case .ipv4, .ipv6: "[IP]"
        case .hostname: "[HOST]"
        case .url: "[URL]"
        case .path: "[PATH]"
        case .connectionString: "[CONNECTION_STRING]"
        case .secret, .awsSecretKey, .azureStorageKey, .highEntropy: "[SECRET]"
        case .awsAccessKey: "[AWS_KEY]"
        case .arn: "[ARN]"
        case .awsAccountId: "[ACCOUNT_ID]"
        case .azureGuid: "[GUID]"
        case .gcpProject: "[GCP_PROJECT]"
        case .gcpServiceAccount: "[SERVICE_ACCOUNT]"
        case .apiToken: "[TOKEN]"
        case .jwt: "[JWT]"
        case .privateKey: "[PRIVATE_KEY]"
        case .creditCard: "[CARD]"
        case .iban: "[IBAN]"
        case .phone: "[PHONE]"
        case .macAddress: "[MAC]"
        case .stackFrame: "[STACK]"
        case .personName: "[NAME]"
        case .longNumber: "[NUMBER]"
        case .unknownWord, .sensitiveTerm, .custom: "[REDACTED]"
        }
    }
}

/// A detected span of UTF-8 bytes.
public struct DetectedSpan: Sendable, Hashable {
    public var range: Range<Int>
    public var kind: DetectorKind
    /// For policy-defined patterns: which one (they carry their own placeholder).
    public var customPattern: Int16

    public init(_ range: Range<Int>, _ kind: DetectorKind, customPattern: Int = -1) {
        self.range = range
        self.kind = kind
        self.customPattern = Int16(customPattern)
    }
}

/// What the scan reports: a kind and where, in Unicode scalar offsets (DESIGN.md's `scan`).
public struct Finding: Sendable, Hashable, Codable {
    public var kind: String
    public var start: Int
    public var end: Int

    public init(kind: String, start: Int, end: Int) {
        self.kind = kind
        self.start = start
        self.end = end
    }
}
