/// Company names with a legal form (`Globex GmbH`, `Jansen N.V.`, `Smith, Jones and Brown Ltd`,
/// `Kowalski Sp. z o.o.`): the legal form and the capitalized words before it (up to five,
/// joined by `&`, `and`, `und`, `et`, commas, hyphens and name particles; seven tokens at most). Vendors whose names
/// are technical vocabulary (`Oracle Corporation`, `SAP SE`, `Microsoft Corporation`) and
/// technical phrases (`SQL Server AG`) are kept.
enum CompanyNameScan {
    /// Legal forms, exactly as written (case matters: `AG` is a form, `ag` is not).
    static let legalForms: Set<String> = [
        "GmbH", "AG", "KG", "KGaA", "OHG", "UG", "e.V.", "SE", "NV", "N.V.", "BV", "B.V.", "VOF", "SA", "S.A.", "SAS", "S.A.S.",
        "SARL", "S.A.R.L.", "Sarl", "SpA", "S.p.A.", "Srl", "S.r.l.", "SRL", "s.r.l.", "Ltd", "Ltd.", "LTD", "Limited", "LLC", "L.L.C.",
        "LLP", "L.L.P.", "LP", "L.P.", "Inc", "Inc.", "INC", "Incorporated", "Corp", "Corp.", "Corporation", "PLC", "plc", "Plc",
        "Oy", "Oyj", "AB", "ASA", "AS", "A/S", "ApS", "Pty", "Pty.", "Pvt", "Pvt.", "KK", "K.K.", "Co.", "S.L.", "SL", "S.L.U.",
        "Lda", "Lda.", "Ltda", "Ltda.", "SAB", "S.A.B.", "Sp.", "sp.", "s.r.o.", "a.s.", "Kft", "Kft.", "Zrt", "Zrt.", "Nyrt",
        "Nyrt.", "d.o.o.", "Bhd", "Berhad", "GK", "S.C.", "SCA", "S.C.A.", "SAU", "S.A.U.", "AE", "A.E.", "EOOD", "OOD", "SRO",
        "Sagl", "GesmbH", "mbH", "I/S", "CommV", "Comm.V.", "BVBA", "VZW", "CVBA", "SCRL", "SPRL", "SNC", "SCS", "GbR", "eG",
        "PartG", "sp.j.", "sp.k.", "Sp.j.", "Sp.k.", "S.A.C.", "SAC", "EIRL", "EURL", "SASU", "SELARL", "GIE", "Tbk", "OOO",
        "AO", "PAO", "ZAO", "IKE", "EPE", "SIA", "UAB", "d.d.", "Bt.", "k.s.", "v.o.s.", "spol.", "hf.", "ehf.", "Ltda", "S/A",
        "EPP", "KD", "OG", "AD", "EAD", "ADSITS", "S.C.S.", "S.N.C.", "Cie", "Cia", "Cía", "Ltée", "Lte", "Inc.,", "Pte",
        "Pte.", "Sdn", "Bhd.", "Private", "Pvt.Ltd.", "LLC.", "Oy.", "AB.", "e.K.", "eK", "KGaA.", "Ges.m.b.H.", "mbH.",
        "Teoranta", "Teo.", "CTR", "Cuideachta", "DAC", "CLG", "ULC", "EIRELI", "NUF", "IVS", "P/S", "K/S", "Sàrl", "S.R.L.",
        "PLLC", "P.C.", "LLLP", "NPC", "Sdn.", "JSC", "PJSC", "OJSC", "CJSC", "A.S.",
    ]
    static let legalFormSet = ByteWordSet(legalForms)
    /// The legal forms' first letters, last bytes and lengths, also with a `.` added
    /// (`isLegalForm` also tries a token without its last `.`): most capitalized words are no
    /// form by these alone.
    static let legalFormLengths = WordEnds(legalForms.flatMap { [$0, $0 + "."] })

    /// Tokens that may follow a legal form as part of it (`Pty Ltd`, `GmbH & Co. KG`, `Sp. z o.o.`).
    static let continuations: Set<String> = ["Ltd", "Ltd.", "Limited", "&", "Co.", "Co", "KG", "KGaA", "z", "o.o.", "de", "C.V.", "CV"]

    /// Words that join the parts of a name.
    static let joiners = ByteWordSet(["&", "and", "und", "et", "y", "e", "en", "og", "och", "i", "-", "+"])
    /// Lowercase name particles (`van der Berg`, `de la Cruz`).
    static let particles = ByteWordSet(["van", "der", "den", "de", "la", "le", "von", "di", "del", "da", "du", "dos", "das", "zu", "ter", "ten"])

    /// Vendors and technical words: a name made only of these is a product or vendor, not a customer.
    static let technical = ByteWordSet([
        "oracle", "sap", "microsoft", "amazon", "web", "services", "google", "ibm", "vmware", "red", "hat", "cisco", "dell",
        "technologies", "hp", "hewlett", "packard", "enterprise", "salesforce", "adobe", "intel", "amd", "nvidia", "broadcom",
        "citrix", "netapp", "veeam", "atlassian", "mongodb", "elastic", "snowflake", "databricks", "cloudflare", "akamai",
        "rackspace", "equinix", "alibaba", "cloud", "tencent", "huawei", "digitalocean", "hetzner", "ovh", "ovhcloud", "accenture",
        "infosys", "capgemini", "siemens", "fujitsu", "hitachi", "nec", "samsung", "apple", "meta", "platforms", "netflix",
        "twilio", "stripe", "github", "gitlab", "hashicorp", "docker", "canonical", "suse", "nutanix", "palo", "alto", "networks",
        "fortinet", "okta", "splunk", "datadog", "new", "relic", "dynatrace", "confluent", "teradata", "informatica", "cloudera",
        "workday", "servicenow", "zscaler", "crowdstrike", "micro", "focus", "opentext", "percona", "mariadb", "enterprisedb",
        "couchbase", "neo4j", "cockroach", "labs", "aiven", "heroku", "fastly", "linode", "akamai", "vultr", "scaleway",
        "backblaze", "commvault", "veritas", "rubrik", "cohesity", "zerto", "kyndryl", "wipro", "tata", "consultancy", "hcl",
        "sql", "server", "always", "on", "availability", "group", "groups", "database", "cluster", "service", "storage", "data",
        "azure", "aws", "gcp", "windows", "linux", "exchange", "active", "directory", "the", "primary", "secondary", "listener",
        "replica", "node", "instance", "resource", "basic", "standard", "premium", "tier", "edition", "corporation", "systems",
        "software", "international", "business", "machines", "lenovo", "sony", "ericsson", "nokia", "telekom", "deutsche",
        "orange", "vodafone", "at&t", "verizon", "progress", "quest", "idera", "redgate", "embarcadero", "qlik", "tableau",
        "sas", "institute", "mathworks", "autodesk", "intuit", "paypal", "visa", "mastercard", "equifax", "experian",
    ])

    /// Company names over the text's whitespace tokens (each with its first '<'), cut once by
    /// `DetectorSet.appendSpans` for the three token-level passes.
    static func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, tokens: UnsafeBufferPointer<WhitespaceToken>, into spans: inout [DetectedSpan], budget: inout ScanBudget
    ) {
        budget.charge(2 * bytes.count)
        // Reading resumes at `index` after a match: the tokens that start before it are passed
        // over (the rest of a token the match ended inside starts at `lastEnd`, and no match
        // starts there).
        var index = 0
        var lastEnd = 0
        let formLengths = legalFormLengths
        for whitespaceToken in tokens {
            let shape = whitespaceToken.shape
            // No form has a digit or one of `noFormBytes`, which `trimmed` keeps: without a `<`
            // to cut at, the token keeps them. A token of lowercase letters and such bytes only
            // is its own trimmed token (nothing to trim or cut), with no capital and no `.`: no
            // form but `plc`. Such a token is passed over before `index` is read (a later token
            // starts after it, so `index` set to its start would pass over none).
            if !shape.has(.openAngle), shape.has(noFormBytes) { continue }
            if shape.only(.lower | .slash | noFormBytes), whitespaceToken.raw.count != 3 || bytes[whitespaceToken.raw.lowerBound] != 0x70 {
                continue
            }
            guard whitespaceToken.raw.lowerBound >= index else { continue }
            index = whitespaceToken.raw.lowerBound
            let end = whitespaceToken.raw.upperBound
            let open = whitespaceToken.open(in: bytes)
            // "Corp.</Organization>": the text before a closing tag.
            let cut = open > index ? open : end
            // A token that `trimmed` leaves as it is (no quote or bracket first, no punctuation
            // last) is too long for a form past twelve bytes, and no form unless it starts with a
            // letter. The two byte sets are flags of one table (no chain of compares).
            let leadTrim = TokenShapeMasks.flags(bytes[index]) & TokenShapeMasks.companyFirst != 0
            if !leadTrim, !isTrailingPunctuation(bytes[cut - 1]), cut - index > 12 || !Bytes.isLetter(bytes[index]) { continue }
            let token = trimmed(bytes, index..<cut)
            if !token.isEmpty, token.count <= 12, mayBeLegalForm(bytes, token, mayHaveDot: shape.has(.dot)),
                formLengths.mayHave(bytes, token),
                isLegalForm(bytes, token), index > lastEnd,
                let span = company(bytes, legalForm: token, notBefore: lastEnd, budget: &budget)
            {
                spans.append(span)
                lastEnd = span.range.upperBound
                index = max(end, lastEnd)
            }
        }
    }

    /// Classes of bytes no legal form has and `trimmed` does not strip (`ByteShape`).
    @inline(__always) static var noFormBytes: ByteShape {
        .digit | .dash | .underscore | .at | .plus | .percent | .backslash | .equals | .bracket
    }

    /// The token without surrounding quotes, brackets and trailing `,;:)`; a trailing `.` is
    /// kept only where it belongs to the form (`Inc.`).
    @inline(__always)
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var start = range.lowerBound, end = range.upperBound
        while start < end, TokenShapeMasks.flags(bytes[start]) & TokenShapeMasks.companyFirst != 0 { start += 1 }
        while end > start, isTrailingPunctuation(bytes[end - 1]) { end -= 1 }
        return start..<end
    }

    /// `"` `'` `)` `,` `;` `:` `` ` `` `!` `?`: a flag of `TokenShapeMasks`' table, one load and
    /// one test (the tests' `isTrailingPunctuationByChain` is the same set as a switch).
    @inline(__always) static func isTrailingPunctuation(_ b: UInt8) -> Bool {
        TokenShapeMasks.flags(b) & TokenShapeMasks.companyLast != 0
    }

    /// Markup and assignment glue: `>` of a tag, a JSON quote or colon, `=`, `{`, `(`.
    @inline(__always) static func isGlue(_ b: UInt8) -> Bool {
        switch b {
        case 0x3e, 0x22, 0x3a, 0x3d, 0x7b, 0x28: true
        default: false
        }
    }

    /// Every legal form starts with a capital, or is one of the lowercase dotted forms
    /// (`sp.`, `s.r.o.`, `a.s.`, `e.V.`, `d.o.o.`, `k.s.`, `v.o.s.`, `spol.`, `hf.`, `ehf.`) or `plc`:
    /// the cheap test before the lexicon.
    @inline(__always) static func mayBeLegalForm(_ bytes: UnsafeBufferPointer<UInt8>, _ token: Range<Int>, mayHaveDot: Bool = true) -> Bool {
        let first = bytes[token.lowerBound]
        if Bytes.isUpper(first) { return true }
        guard Bytes.isLower(first) else { return false }
        // `mayHaveDot` false: the whole token has no `.` (its shape), so `token` has none.
        return mayHaveDot && token.contains { bytes[$0] == 0x2e } || Bytes.equals(bytes, token, lowercase: "plc")
    }

    static func isLegalForm(_ bytes: UnsafeBufferPointer<UInt8>, _ token: Range<Int>) -> Bool {
        var range = token
        if !legalFormSet.contains(bytes, range), range.count > 2, bytes[range.upperBound - 1] == 0x2e {
            range = range.lowerBound..<(range.upperBound - 1)  // "Ltd." at the end of a sentence
        }
        guard legalFormSet.contains(bytes, range) else { return false }
        return legalForms.contains(Bytes.string(bytes, range)) || legalForms.contains(Bytes.string(bytes, token))
    }

    /// The name before the legal form at `legalForm`, and the form with its continuations.
    static func company(_ bytes: UnsafeBufferPointer<UInt8>, legalForm: Range<Int>, notBefore: Int, budget: inout ScanBudget) -> DetectedSpan? {
        var start = legalForm.lowerBound
        var words = 0, nameWords = 0, technicalWords = 0
        var cursor = legalForm.lowerBound
        var lastJoiner = false
        while words < 7 {
            // The previous token.
            var end = cursor
            while end > notBefore, bytes[end - 1] == 0x20 { end -= 1 }
            guard end > notBefore else { break }
            var begin = end
            while begin > notBefore, !Bytes.isSpace(bytes[begin - 1]) { begin -= 1 }
            guard begin < end else { break }
            budget.charge(end - begin)
            var word = begin..<end
            // A comma ends a name part ("Smith, Jones and Brown"); other sentence punctuation ends the name.
            if bytes[word.upperBound - 1] == 0x2c {
                word = word.lowerBound..<(word.upperBound - 1)
            } else if isTrailingPunctuation(bytes[word.upperBound - 1]) || bytes[word.upperBound - 1] == 0x3d
                || (bytes[word.upperBound - 1] == 0x2e && !(word.count <= 4 && Bytes.isUpper(bytes[word.lowerBound])))
            {
                // "failed." / "error:" / "owner=": the name cannot reach back past it ("Co." can).
                break
            }
            // "<Organization>Verma", `"msg":"Globex`, `owner=Jansen`: the text after an opening tag,
            // a JSON key or an assignment; the glue opened the name, so it ends there.
            if let glue = (word.lowerBound..<word.upperBound).last(where: { isGlue(bytes[$0]) }), glue + 1 < word.upperBound {
                word = (glue + 1)..<word.upperBound
            }
            while word.lowerBound < word.upperBound,
                bytes[word.lowerBound] == 0x22 || bytes[word.lowerBound] == 0x27
                    || bytes[word.lowerBound] == 0x28 || bytes[word.lowerBound] == 0x60 || bytes[word.lowerBound] == 0x3d
            {
                word = (word.lowerBound + 1)..<word.upperBound
            }
            guard !word.isEmpty else { break }
            let first = bytes[word.lowerBound]
            if Bytes.isUpper(first) || Bytes.isDigit(first) {
                nameWords += 1
                if technical.contains(bytes, word) { technicalWords += 1 }
                lastJoiner = false
            } else if joiners.contains(bytes, word) || particles.contains(bytes, word) {
                lastJoiner = true
            } else {
                break
            }
            start = word.lowerBound
            words += 1
            cursor = begin
            // A quote or bracket that opened the name ends it.
            if begin < word.lowerBound { break }
        }
        if lastJoiner {
            // A name does not start with "and": give the joiner back.
            var next = start
            while next < legalForm.lowerBound, !Bytes.isSpace(bytes[next]) { next += 1 }
            while next < legalForm.lowerBound, Bytes.isSpace(bytes[next]) { next += 1 }
            start = next
        }
        guard nameWords > 0, technicalWords < nameWords, start < legalForm.lowerBound else { return nil }
        // The form and its continuations.
        var end = legalForm.upperBound
        var probe = end
        for _ in 0..<3 {
            while probe < bytes.count, bytes[probe] == 0x20 { probe += 1 }
            var tokenEnd = probe
            while tokenEnd < bytes.count, !Bytes.isSpace(bytes[tokenEnd]) { tokenEnd += 1 }
            let token = trimmed(bytes, probe..<tokenEnd)
            guard !token.isEmpty, token.count <= 6, continuations.contains(Bytes.string(bytes, token)) || isLegalForm(bytes, token) else { break }
            end = token.upperBound
            probe = tokenEnd
        }
        budget.charge(end - legalForm.upperBound)
        return DetectedSpan(start..<end, .companyName)
    }
}
