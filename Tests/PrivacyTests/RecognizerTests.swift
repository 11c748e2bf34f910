import Foundation
import Testing

@testable import Privacy

/// The recognizers of issue 14: each family finds its published valid examples under its own
/// kind, rejects the same shape with a wrong check digit, and the obfuscated spellings are read.
@Suite("Recognizers by family")
struct RecognizerTests {
    let scanner = VerificationScanner(policy: testPolicy)
    let anonymizer = Anonymizer(policy: testPolicy)

    func kinds(_ text: String) -> Set<String> { Set(scanner.scan(text).map(\.kind)) }

    struct Example: CustomTestStringConvertible, Sendable {
        var kind: String
        var valid: String
        /// The same shape with a wrong check digit or letter (nil: the family has no check).
        var invalid: String?
        var testDescription: String { kind }
    }

    static let examples: [Example] = [
        Example(kind: "us_ssn", valid: "123-45-6789", invalid: "666-45-6789"),
        Example(kind: "us_ssn", valid: "123.45.6789", invalid: "123.00.6789"),
        Example(kind: "us_itin", valid: "912-70-1234", invalid: nil),
        Example(kind: "us_passport", valid: "A12345678", invalid: nil),
        Example(kind: "aba_routing", valid: "011000015", invalid: "011000016"),
        Example(kind: "aba_routing", valid: "0110-0001-5", invalid: "0110-0001-6"),
        Example(kind: "uk_nino", valid: "AB 12 34 56 C", invalid: "DA 12 34 56 C"),
        Example(kind: "uk_nino", valid: "AB123456C", invalid: "GB123456C"),
        Example(kind: "uk_nhs", valid: "943 476 5919", invalid: "943 476 5918"),
        Example(kind: "es_nif", valid: "12345678Z", invalid: "12345678A"),
        Example(kind: "es_nie", valid: "X1234567L", invalid: "X1234567A"),
        Example(kind: "it_fiscal_code", valid: "RSSMRA85T10A562S", invalid: "RSSMRA85T10A562T"),
        Example(kind: "pl_pesel", valid: "44051401359", invalid: "44051401358"),
        Example(kind: "fi_hetu", valid: "131052-308T", invalid: "131052-308U"),
        Example(kind: "kr_rrn", valid: "900101-1234567", invalid: "901301-1234567"),
        Example(kind: "sg_nric", valid: "S1234567D", invalid: "S1234567E"),
        Example(kind: "au_tfn", valid: "876 543 202", invalid: "876 543 203"),
        Example(kind: "au_abn", valid: "51 824 753 556", invalid: "51 824 753 557"),
        Example(kind: "au_acn", valid: "004 085 616", invalid: "004 085 617"),
        Example(kind: "au_medicare", valid: "2123 45670 1", invalid: "2123 45671 1"),
        Example(kind: "in_pan", valid: "ABCPE1234F", invalid: nil),
        Example(kind: "in_aadhaar", valid: "2345 6789 0124", invalid: "2345 6789 0125"),
        Example(kind: "in_vehicle_registration", valid: "MH 12 AB 1234", invalid: nil),
        Example(kind: "ca_sin", valid: "130 692 544", invalid: "130 692 545"),
        Example(kind: "de_tax_id", valid: "86095742719", invalid: "86095742718"),
        Example(kind: "fr_insee", valid: "1 84 12 76 451 089 46", invalid: "1 84 12 76 451 089 47"),
        Example(kind: "nl_bsn", valid: "111222333", invalid: "111222334"),
        Example(kind: "se_personnummer", valid: "811218-9876", invalid: "811218-9875"),
        Example(kind: "it_vat_code", valid: "07643520567", invalid: "07643520568"),
    ]

    @Test("each family finds a valid number under its own kind and the anonymizer removes it", arguments: examples)
    func family(_ example: Example) {
        let text = "verification failed for id \(example.valid) during replicate_db"
        #expect(kinds(text).contains(example.kind), "\(kinds(text))")
        let out = anonymizer.anonymize(text)
        #expect(!out.contains(example.valid))
        #expect(out.hasSuffix("during replicate_db"))
        if let invalid = example.invalid {
            #expect(!kinds("verification failed for id \(invalid) during replicate_db").contains(example.kind))
        }
    }

    @Test("context words: a number after account is a bank number, after passport an id; a port is no id")
    func contextWords() {
        #expect(kinds("wire to account no. 84983923 failed").contains("us_bank_number"))
        #expect(kinds("passport number 551209 rejected").contains("identifier_code"))
        #expect(anonymizer.anonymize("listening on port 84983 after 123456 retries") == "listening on port 84983 after 123456 retries")
    }

    @Test("phone numbers in the formats that leaked: extensions, 00 prefix, (0NNN)-NNNNNN, dotted")
    func phones() {
        for phone in [
            "001-541-754-3010x3344", "+1-202-555-0173x123", "(0161)-496000", "415.555.2671", "+44 20 7946 0958 ext. 12", "(212) 555-0100 #4",
        ] {
            let out = anonymizer.anonymize("call \(phone) about replicate_db")
            #expect(out == "call [PHONE] about replicate_db", "\(phone.prefix(4))…: \(out)")
            #expect(kinds("call \(phone) about replicate_db").contains("phone_number"))
        }
    }

    @Test("company names with a legal form are removed; vendors and technical phrases stay")
    func companies() {
        #expect(anonymizer.anonymize("invoice of Summit Partners AG is late") == "invoice of [COMPANY] is late")
        #expect(anonymizer.anonymize("Blue Harbor N.V. approved") == "[COMPANY] approved")
        #expect(anonymizer.anonymize("owner is Kowalski Sp. z o.o. now") == "owner is [COMPANY] now")
        #expect(anonymizer.anonymize("billing for Smith, Jones and Brown Ltd failed") == "billing for [COMPANY] failed")
        #expect(anonymizer.anonymize("renewal for Globex Corporation failed") == "renewal for [COMPANY] failed")
        for kept in ["Oracle Corporation", "SAP SE", "SQL Server AG", "Microsoft Corporation"] {
            let text = "license from \(kept) expired"
            #expect(anonymizer.anonymize(text) == text)
        }
    }

    @Test("a given name that is also a product, before a surname, is a name; particles inside names are names")
    func namesWithProductsAndParticles() {
        #expect(anonymizer.anonymize("on-call: Cassandra Bailey (primary)") == "on-call: [NAME] [NAME] (primary)")
        #expect(!anonymizer.anonymize("goedgekeurd door Anna van 't Riet op 26 Jul").contains("van"))
        #expect(anonymizer.anonymize("replicated to Cassandra cluster in 3 min") == "replicated to Cassandra cluster in 3 min")
    }

    @Test("secrets in configuration syntax: XML value attributes and quoted id assignments")
    func configurationSecrets() {
        let xml = anonymizer.anonymize(#"<add key="ClientSecret" value="correct horse battery"/>"#)
        #expect(!xml.contains("horse"), "\(xml)")
        let assignment = anonymizer.anonymize(#"clientId = "orange river table" in appsettings"#)
        #expect(!assignment.contains("river"), "\(assignment)")
        #expect(anonymizer.anonymize(#"<add key="Region" value="eu-west-1"/>"#).contains("eu-west-1"))
    }

    @Test("defanged addresses, hex-spelled text and digit runs split by spaces are read")
    func obfuscated() {
        #expect(anonymizer.anonymize("blocked 203[.]0[.]113[.]7 today") == "blocked [IP] today")
        #expect(anonymizer.anonymize("mail john.smith(at)example(dot)com now") == "mail [EMAIL] now")
        #expect(anonymizer.anonymize("mail john [at] example [.] com now") == "mail [EMAIL] now")
        #expect(anonymizer.anonymize("see hxxps://evil[.]example[.]com/x now") == "see [URL] now")
        for hex in [
            "6a 6f 68 6e 2e 73 6d 69 74 68", "6a:6f:68:6e:2e:73", #"\x6a\x6f\x68\x6e"#, "%6a%6f%68%6e", "6a6f686e736d697468", "0x6a6f686e736d",
        ] {
            let out = anonymizer.anonymize("user \(hex) locked")
            #expect(out == "user [REDACTED] locked", "\(out)")
        }
        #expect(anonymizer.anonymize("card 4111  1111   1111 1111 declined") == "card [CARD] declined")
    }

    @Test("finding kinds fit the detector mask (a bit each in a UInt64) and are snake_case")
    func kindsFitTheMask() {
        #expect(DetectorKind.allCases.count <= 64)
        // `ordinal` reads the case index from the enum's storage: it must be allCases' position.
        for (index, kind) in DetectorKind.allCases.enumerated() { #expect(kind.ordinal == index, "\(kind.rawValue)") }
        for kind in DetectorKind.allCases {
            #expect(kind.rawValue.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }, "\(kind.rawValue)")
        }
    }

    @Test("technical lines with nothing personal come out unchanged")
    func technicalLinesUnchanged() {
        let lines = [
            "Resize t3.large to Standard_D2s_v3 in us-east-1 took 340 seconds on port 5432",
            "KB5034441 failed with 0x80070005 on build 10.0.19041.1234",
            "patched in PostgreSQL 15.4 on 2024-01-15 10:30:00 for 2019-2023 data",
            "ORA-12541: TNS no listener; retried 3 times in 12 min",
            "AADSTS700016 for the application in the directory",
            "copied 1,234,567 objects (98.5%) at 340 MB/s",
            "HTTP 502 then 503 after 30s, status code 429",
        ]
        for line in lines {
            #expect(anonymizer.anonymize(line) == line, "\(anonymizer.anonymize(line))")
        }
    }

    // MARK: Markup, context windows and dates (issue 14, second pass)

    @Test("JSON and XML written without spaces are judged piece by piece: the structure and technical pieces stay")
    func gluedMarkup() {
        let lines = [
            "<message>timed out after 22h 58m (migrate_users)</message></event>",
            "{\"cloud.region\":\"West Europe\",\"step\":\"restore_backup\"}",
            "region=Germany West Central step=full_load",
            "{\"msg\":\"Cloud Spanner snapshot 62.1% complete, usage 44.5%\",\"cloud.region\":\"eastus2\"}",
            "{\"ts\":\"2024-07-24 16:56:54,502\",\"msg\":\"Oracle Corporation support case opened\"}",
            "sizing: db-custom-8-32768 -> x2iedn.4xlarge for RDS",
            "failed: KMSKeyNotAccessibleFault; UserErrorGuestAgentStatusUnavailable",
            "ERROR 1045 (28000): Access denied; errno 111 on port 5432",
        ]
        for line in lines {
            let out = anonymizer.anonymize(line)
            #expect(out == line, "\(out)")
            #expect(kinds(out).isEmpty, "\(kinds(out))")
        }
        // A URL inside an XML element is one URL, not cut at its query's `=`.
        let out = anonymizer.anonymize("<Endpoint>https://db-dr-28.example.pt/search?user=mtello&id=21042</Endpoint> unreachable")
        #expect(out == "<Endpoint>[URL]</Endpoint> unreachable", "\(out)")
    }

    @Test("a month next to a day or a year is a date, not a name; the same word elsewhere still is")
    func monthsInDates() {
        for line in ["Jan 24 17:16:58 sync-daemon[6143]: ERROR", "license expires 14 May 2025", "window: 01 Jan 2024", "since May 2024"] {
            #expect(anonymizer.anonymize(line) == line, "\(anonymizer.anonymize(line))")
            #expect(kinds(line).isEmpty, "\(kinds(line))")
        }
        #expect(anonymizer.anonymize("approved by May Carter") == "approved by [NAME] [NAME]")
    }

    @Test("context windows: a bank or phone word near a bare number names it, on either side or a YAML line above")
    func contextWindows() {
        #expect(kinds("constraint 'UQ_BANK_ACCOUNT'. The duplicate key value is (84983923).").contains("us_bank_number"))
        #expect(kinds("Incorrect string value: '13473123' for column 'acct_number' at row 916").contains("us_bank_number"))
        #expect(kinds("<Record><BankAccount>72874775</BankAccount></Record>").contains("us_bank_number"))
        #expect(kinds("contact phone for cutover window: 49371853 (08/08/2024 04:36:39)").contains("phone_number"))
        #expect(kinds("contacts:\n  primary: \"+4594831\"\n  escalation_after: 8m").contains("phone_number"))
        // No context word, or a placeholder that only spells one: nothing.
        #expect(kinds("copied 84983923 rows in 12 minutes").isEmpty)
        #expect(kinds("call [PHONE] (10/30/2024 15:14:13)").isEmpty)
        // An AWS account id keeps its own kind.
        #expect(anonymizer.anonymize("account 123456789012 has no quota") == "account [ACCOUNT_ID] has no quota")
    }

    @Test("credentials on command lines: -p with a password but not a port, net use /user: and its password")
    func commandLineCredentials() {
        let docker = anonymizer.anonymize("docker login -u pricearthur -p )JN0pdDm8tO registry.example.com")
        #expect(!docker.contains("JN0pdDm8tO") && !docker.contains("pricearthur"), "\(docker)")
        #expect(anonymizer.anonymize("psql -h localhost -p 5432 -d crm") == "psql -h localhost -p 5432 -d crm")
        let netUse = anonymizer.anonymize("net use Z: \\\\fs01\\share /user:rtakahashi y0VT8Xs)_)N_G6: System error 1326")
        #expect(!netUse.contains("rtakahashi") && !netUse.contains("y0VT8Xs"), "\(netUse)")
        let user = anonymizer.anonymize("Login failed for user 'victor91'. psql \"host=db user=troy81 sslmode=require\"")
        #expect(!user.contains("victor91") && !user.contains("troy81"), "\(user)")
    }

    @Test("host names beside a port or protocol, bracketed area codes, identifiers that open with a technical prefix")
    func shapes() {
        #expect(kinds("upstream db-prod-27.club.net:27017 timed out").contains("hostname"))
        #expect(kinds("sqlcmd -S tcp:db-stage-17.chambers.net,1433").contains("hostname"))
        #expect(kinds("invalid phone number (08).2554.6089").contains("phone_number"))
        #expect(kinds("flagged National Insurance number MS 38 23 15 D in object").contains("uk_nino"))
        #expect(kinds("patched by KB 5034441 on build 19041").isEmpty)
    }

    @Test("the scan does not take the anonymizer's placeholders for values: elements, flags and context words")
    func placeholdersStayQuiet() {
        for text in [
            "<Ssn>[SECRET]</Ssn><Status>failed</Status>", "<Owner><Email>[EMAIL]</Email></Owner>", "mysql -u [NAME] -p[SECRET] -h [HOST]",
            "owner=[NAME] bucket_region=australia-southeast1 status=mismatch", "<Street>[ADDRESS]</Street> exceeds 35 characters",
        ] {
            #expect(kinds(text).isEmpty, "\(text): \(kinds(text))")
        }
    }

    /// The String reading `WordRules.isInstanceType` had before it read bytes (fourth speed round).
    static func instanceTypeReference(_ lowered: String) -> Bool {
        let parts = lowered.split(separator: ".")
        if parts.count >= 2, let last = parts.last, TokenClassifier.instanceSizes.contains(String(last)),
            parts.dropLast().allSatisfy({ $0.allSatisfy { $0.isLetter || $0.isNumber } })
        {
            return true
        }
        for prefix in ["standard_", "basic_", "premium_"] where lowered.hasPrefix(prefix) {
            return lowered.dropFirst(prefix.count).allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        }
        let dashed = lowered.split(separator: "-")
        if dashed.count >= 2, dashed.count <= 3, let family = dashed.first, family.count <= 4, family.contains(where: \.isNumber),
            ["standard", "highmem", "highcpu", "medium", "small", "micro", "megamem", "ultramem", "custom", "highgpu", "standardlssd"].contains(
                String(dashed[1]))
        {
            return true
        }
        return false
    }

    @Test("instance types read as bytes answer as the String reading did, in any case and with empty pieces")
    func instanceTypesAsBytes() {
        let words = [
            "t3.large", "T3.LARGE", "db.r5.2xlarge", "x2iedn.4xlarge", "t3..large", "t3.large.", ".large", "t3.", "t_3.large", "t3.huge",
            "a.b.c.medium", "r5.2XLarge", "Standard_D2s_v3", "standard_", "BASIC_A1", "premium_p1-x", "premium.large",
            "n2-standard-4", "N2-HIGHMEM-8", "e2-micro", "n2--standard-4", "-n2-standard", "n2-standard-4-5", "n2x5x-standard-4",
            "ab-standard-4", "c3-standardlssd-4", "c3-custom", "m1-megamem-96", "n2-standard4", "us-east-1", "a-b", "x", "",
            "2xlarge", "large.t3", "1.2.3", "db.r5.2xl\u{1}arge", "n2-small_x",
        ]
        for word in words {
            var copy = word
            let bytes = copy.withUTF8 { WordRules.isInstanceType($0, 0..<$0.count) }
            #expect(bytes == Self.instanceTypeReference(word.lowercased()), "\(word)")
        }
    }

    @Test("credential schemes are read in place in any case, and as lowercased Strings past ASCII")
    func credentialSchemes() {
        let answers = [
            "Bearer": true, "BASIC": true, "token": true, "DiGeSt": true, "to\u{212A}en": true, "bearers": false, "toke": false,
            "": false, "b\u{e9}arer": false, "\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}": false,
            "To\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}en": false,
        ]
        for (word, expected) in answers {
            var copy = word
            #expect(copy.withUTF8 { SpanDetectors.isCredentialScheme($0, 0..<$0.count) } == expected, "\(word)")
        }
    }

    @Test("StringSort orders lists as sorted() does: ASCII by prefix keys, any other list by <")
    func canonicalSortOrder() throws {
        let sets: [Set<String>] = [
            ["b", "a", "ab", "a\u{0}", "a\u{0}\u{0}", "abcdefgh", "abcdefghi", "abcdefgh\u{0}", "abcdefgG", "ABCDEFGHIJ", "z", ""],
            ["zoë", "zoe", "zo\u{0065}\u{0308}", "émile", "emile", "ß", "ss", "ǅ", "a"],
            [],
        ]
        for entries in sets { #expect(StringSort.sorted(entries) == entries.sorted(), "\(entries)") }
        for name in ["english-words.txt", "given-names.txt", "surnames.txt", "technical-terms.txt"] {
            let entries = Set(ListEntries.parse(try policyText("lists/" + name)).entries)
            #expect(StringSort.sorted(entries) == entries.sorted(), "\(name)")
        }
    }

    @Test("ByteWords.firstIndex answers at most its limit, a word at a time or a byte at a time")
    func firstIndexStopsAtLimit() {
        var text = "abcdefghijklmnop.qrstuvwxyz"
        text.withUTF8 { bytes in
            for from in 0...bytes.count {
                for limit in from...bytes.count {
                    let expected = (from..<limit).first { bytes[$0] == 0x2e } ?? limit
                    #expect(ByteWords.firstIndex(of: 0x2e, in: bytes, from: from, limit: limit) == expected, "\(from) \(limit)")
                }
            }
        }
    }

    @Test("the byte class table answers as the ASCII range tests for all 256 bytes")
    func byteClassTable() {
        for value in 0...255 {
            let b = UInt8(value)
            let digit = (0x30...0x39).contains(b), lower = (0x61...0x7a).contains(b), upper = (0x41...0x5a).contains(b)
            let hexLetter = (0x61...0x66).contains(b) || (0x41...0x46).contains(b)
            #expect(Bytes.isLetter(b) == (lower || upper), "\(value)")
            #expect(Bytes.isAlnum(b) == (digit || lower || upper), "\(value)")
            #expect(Bytes.isHex(b) == (digit || hexLetter), "\(value)")
            #expect(Bytes.isDigit(b) == digit && Bytes.isLower(b) == lower && Bytes.isUpper(b) == upper, "\(value)")
            #expect((Bytes.classes(b) & Bytes.space != 0) == Bytes.isSpace(b), "\(value)")
            #expect((Bytes.classes(b) & Bytes.coreCut != 0) == Array("\"'(),:;<=>".utf8).contains(b), "\(value)")
            let blocks = digit || lower || upper || Array("_.-/\\@%".utf8).contains(b) || b >= 0x80
            #expect(IdentifierScan.startBlocked(b) == blocks, "\(value)")
        }
    }
}
