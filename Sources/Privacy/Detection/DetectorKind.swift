/// Every kind of personal data or secret the gate looks for, with the typed placeholder that
/// replaces it. Raw values are stable API: `scan` output, 422 bodies and audit entries use them.
package enum DetectorKind: String, CaseIterable, Sendable, Codable, Hashable {
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
    case phone = "phone_number"
    case macAddress = "mac_address"
    case stackFrame = "stack_frame"
    case personName = "person_name"
    case longNumber = "long_number"
    case unknownWord = "unknown_word"
    case sensitiveTerm = "sensitive_term"
    // National identifiers and bank numbers (issue 14): each has a shape and a check rule
    // (`IdentifierFamilies`); docs/privacy.md lists them with Presidio's recognizer names.
    case usSsn = "us_ssn"
    case usItin = "us_itin"
    case usPassport = "us_passport"
    case usBankNumber = "us_bank_number"
    case abaRouting = "aba_routing"
    case ukNino = "uk_nino"
    case ukNhs = "uk_nhs"
    case esNif = "es_nif"
    case esNie = "es_nie"
    case itFiscalCode = "it_fiscal_code"
    case itVatCode = "it_vat_code"
    case plPesel = "pl_pesel"
    case fiHetu = "fi_hetu"
    case krRrn = "kr_rrn"
    case sgNric = "sg_nric"
    case auTfn = "au_tfn"
    case auAbn = "au_abn"
    case auAcn = "au_acn"
    case auMedicare = "au_medicare"
    case inPan = "in_pan"
    case inAadhaar = "in_aadhaar"
    case inVehicleRegistration = "in_vehicle_registration"
    case caSin = "ca_sin"
    case deTaxId = "de_tax_id"
    case frInsee = "fr_insee"
    case nlBsn = "nl_bsn"
    case sePersonnummer = "se_personnummer"
    /// Any other identifier-shaped code: letters with six or more digits, or a number after a
    /// word such as "account" or "passport" (Presidio's context words).
    case identifierCode = "identifier_code"
    /// A company name with a legal form (`Globex GmbH`, `Jansen N.V.`), vendors excepted.
    case companyName = "company_name"
    /// A street address (house number and street type, a unit, a box).
    case streetAddress = "street_address"
    /// Text spelled as hex byte pairs (`6a 6f 68 6e`, `\x6a\x6f`, `%6a%6f`).
    case encodedText = "encoded_text"
    case custom

    /// Position in `allCases`: a payload-free enum is stored as its case's index in declaration
    /// order, which is `allCases`' order (a test checks every case), so no hashing on the hot path.
    var ordinal: Int { Int(unsafeBitCast(self, to: UInt8.self)) }

    /// A bit per kind, for fast membership tests (a test keeps the kinds at 64 or fewer).
    var bit: UInt64 { 1 << UInt64(ordinal) }

    /// The default placeholder; a policy may rename it.
    package var defaultPlaceholder: String {
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
        case .unknownWord, .sensitiveTerm, .encodedText, .custom: "[REDACTED]"
        case .usBankNumber, .abaRouting: "[BANK_ACCOUNT]"
        case .companyName: "[COMPANY]"
        case .streetAddress: "[ADDRESS]"
        case .usSsn, .usItin, .usPassport, .ukNino, .ukNhs, .esNif, .esNie, .itFiscalCode, .itVatCode, .plPesel, .fiHetu, .krRrn,
            .sgNric, .auTfn, .auAbn, .auAcn, .auMedicare, .inPan, .inAadhaar, .inVehicleRegistration, .caSin, .deTaxId, .frInsee,
            .nlBsn, .sePersonnummer, .identifierCode:
            "[ID_NUMBER]"
        }
    }
}

/// A detected span of UTF-8 bytes.
package struct DetectedSpan: Sendable, Hashable {
    package var range: Range<Int>
    package var kind: DetectorKind
    /// For policy-defined patterns: which one (they carry their own placeholder).
    package var customPattern: Int16

    package init(_ range: Range<Int>, _ kind: DetectorKind, customPattern: Int = -1) {
        self.range = range
        self.kind = kind
        self.customPattern = Int16(customPattern)
    }
}

/// What the scan reports: a kind and where, in Unicode scalar offsets (DESIGN.md's `scan`).
package struct Finding: Sendable, Hashable, Codable {
    package var kind: String
    package var start: Int
    package var end: Int

    package init(kind: String, start: Int, end: Int) {
        self.kind = kind
        self.start = start
        self.end = end
    }
}
