import Foundation

/// One labeled case of the privacy regression corpus (a line of `Corpus/handwritten.jsonl`, or a
/// case made by `CaseGenerator`).
///
/// - `kind`: the case label (one of `CaseKind`); leaks are reported per label.
/// - `text`: free text as a deployment would send it (an `errorMessage`).
/// - `secrets`: values that must not come out of the anonymizer, not even as a fragment of six
///   characters (see `LeakCheck`). Each occurs verbatim in `text`. A secret is the identifying
///   part of a value: the public suffix of `x@proj.iam.gserviceaccount.com`, the `-----BEGIN`
///   armour of a PEM block or the `https://` of a URL are left out, since they are not personal
///   and would otherwise match the placeholders or ordinary words.
/// - `mustSurvive`: technical look-alikes (`t3.large`, `us-east-1`, `port 5432`) that a good
///   anonymizer keeps; a missing one counts as over-redaction, never as a failure.
/// - `sensitiveTerms`: the caller's terms (company names), passed to the anonymizer and scanner.
struct PrivacyCase: Codable, Hashable, Sendable {
    var kind: String
    var text: String
    var secrets: [String]
    var mustSurvive: [String]
    var sensitiveTerms: [String]

    init(kind: String, text: String, secrets: [String], mustSurvive: [String] = [], sensitiveTerms: [String] = []) {
        self.kind = kind
        self.text = text
        self.secrets = secrets
        self.mustSurvive = mustSurvive
        self.sensitiveTerms = sensitiveTerms
    }

    enum CodingKeys: String, CodingKey {
        case kind, text, secrets, mustSurvive, sensitiveTerms
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(String.self, forKey: .kind)
        text = try container.decode(String.self, forKey: .text)
        secrets = try container.decode([String].self, forKey: .secrets)
        mustSurvive = try container.decodeIfPresent([String].self, forKey: .mustSurvive) ?? []
        sensitiveTerms = try container.decodeIfPresent([String].self, forKey: .sensitiveTerms) ?? []
    }
}

/// The case labels: one per detector kind of issue 3, plus `mixed` (several kinds in one
/// message) and `clean` (look-alikes only, nothing to remove).
enum CaseKind: String, CaseIterable, Sendable {
    case email
    case ipv4
    case ipv6
    case hostname
    case url
    case path
    case connectionString = "connection_string"
    case keyValueSecret = "key_value_secret"
    case awsAccessKey = "aws_access_key"
    case awsSecretKey = "aws_secret_key"
    case arn
    case awsAccountId = "aws_account_id"
    case azureGuid = "azure_guid"
    case azureStorageKey = "azure_storage_key"
    case gcpProject = "gcp_project"
    case gcpServiceAccount = "gcp_service_account"
    case githubToken = "github_token"
    case gitlabToken = "gitlab_token"
    case slackToken = "slack_token"
    case stripeKey = "stripe_key"
    case googleApiKey = "google_api_key"
    case jwt
    case privateKey = "private_key"
    case highEntropy = "high_entropy"
    case creditCard = "credit_card"
    case iban
    case phone
    case macAddress = "mac_address"
    case stackTrace = "stack_trace"
    case personName = "person_name"
    case companyName = "company_name"
    case mixed
    case clean

    static let labels: Set<String> = Set(allCases.map(\.rawValue))
}
