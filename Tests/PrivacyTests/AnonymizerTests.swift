import Foundation
import Privacy
import Testing

let testPolicy: Policy = try! loadPolicy(yaml: try! policyText("default.yaml"))

/// One example per detector: the value must vanish and the placeholder appear.
struct DetectorCase: Sendable, CustomTestStringConvertible {
    var kind: String
    var text: String
    var secret: String
    var placeholder: String
    var testDescription: String { kind }
}

let detectorCases: [DetectorCase] = [
    .init(kind: "email", text: "mail ops.team+ci@acme-corp.com now", secret: "ops.team+ci@acme-corp.com", placeholder: "[EMAIL]"),
    .init(kind: "ipv4", text: "peer 10.20.30.40:5432 down", secret: "10.20.30.40", placeholder: "[IP]"),
    .init(kind: "ipv4 cidr", text: "route 172.16.0.0/12 missing", secret: "172.16.0.0", placeholder: "[IP]"),
    .init(kind: "ipv6 compressed", text: "bind 2001:db8:85a3::8a2e:370:7334 failed", secret: "2001:db8:85a3::8a2e:370:7334", placeholder: "[IP]"),
    .init(
        kind: "ipv6 full", text: "from 2001:0db8:0000:0000:0000:ff00:0042:8329.", secret: "2001:0db8:0000:0000:0000:ff00:0042:8329",
        placeholder: "[IP]"),
    .init(kind: "ipv6 mapped", text: "client ::ffff:192.0.2.128 refused", secret: "192.0.2.128", placeholder: "[IP]"),
    .init(kind: "ipv6 zone", text: "link fe80::1ff:fe23:4567:890a%eth0 up", secret: "fe80::1ff:fe23:4567:890a", placeholder: "[IP]"),
    .init(kind: "ipv6 port", text: "GET [2001:db8::1]:8443 timed out", secret: "2001:db8::1", placeholder: "[IP]"),
    .init(kind: "hostname", text: "resolve db01.billing.acme-corp.internal failed", secret: "acme-corp", placeholder: "[HOST]"),
    .init(kind: "url", text: "GET https://admin:s3cr3t@portal.example.org/x?id=7 503", secret: "s3cr3t", placeholder: "[URL]"),
    .init(kind: "unix path", text: "open /home/jkowalski/exports/q3.csv denied", secret: "jkowalski", placeholder: "[PATH]"),
    .init(kind: "windows path", text: "wrote C:\\Users\\agnieszka\\dump.bak", secret: "agnieszka", placeholder: "[PATH]"),
    .init(kind: "unc path", text: "copy \\\\fileserver01\\finance$\\q3 failed", secret: "fileserver01", placeholder: "[PATH]"),
    .init(
        kind: "uri connection string", text: "dsn postgres://app:Pa55word@db.internal:5432/ledger failed", secret: "Pa55word",
        placeholder: "[CONNECTION_STRING]"),
    .init(
        kind: "jdbc", text: "jdbc:sqlserver://sql01:1433;user=sa;password=Winter2024 refused", secret: "Winter2024",
        placeholder: "[CONNECTION_STRING]"),
    .init(
        kind: "ado.net", text: "Server=tcp:sql1.database.windows.net,1433;Initial Catalog=crm;User ID=dbo;Password=Qw3rty!x;Encrypt=True; failed",
        secret: "Qw3rty!x", placeholder: "[CONNECTION_STRING]"),
    .init(
        kind: "password assignment", text: "login failed: password = \"correct horse battery\"", secret: "correct horse battery",
        placeholder: "[SECRET]"),
    .init(kind: "env secret", text: "export DB_PASSWORD=hunter22 && run", secret: "hunter22", placeholder: "[SECRET]"),
    .init(kind: "bearer", text: "Authorization: Bearer abc.def-123XYZ rejected", secret: "abc.def-123XYZ", placeholder: "[SECRET]"),
    .init(kind: "aws access key", text: "key AKIAIOSFODNN7EXAMPLE denied", secret: "AKIAIOSFODNN7EXAMPLE", placeholder: "[AWS_KEY]"),
    .init(kind: "aws secret key", text: "secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY leaked", secret: "wJalrXUtnFEMI", placeholder: "[SECRET]"),
    .init(kind: "arn", text: "assume arn:aws:iam::123456789012:role/AcmeDeploy failed", secret: "AcmeDeploy", placeholder: "[ARN]"),
    .init(kind: "account id", text: "account 123456789012 has no quota", secret: "123456789012", placeholder: "[ACCOUNT_ID]"),
    .init(kind: "azure guid", text: "subscription 3f2504e0-4f89-11d3-9a0c-0305e82c3301 disabled", secret: "3f2504e0", placeholder: "[GUID]"),
    .init(kind: "gcp project", text: "quota in projects/blue-harbor-4821 exceeded", secret: "blue-harbor-4821", placeholder: "[GCP_PROJECT]"),
    .init(
        kind: "gcp service account", text: "sa deployer@blue-harbor-4821.iam.gserviceaccount.com denied", secret: "deployer@",
        placeholder: "[SERVICE_ACCOUNT]"),
    .init(kind: "github token", text: "push with ghp_1234567890abcdefghijABCDEFGHIJ123456 failed", secret: "ghp_1234567890", placeholder: "[TOKEN]"),
    .init(kind: "slack token", text: "notify xoxb-123456789012-abcdefghijklmnop failed", secret: "xoxb-1234", placeholder: "[TOKEN]"),
    .init(
        kind: "jwt", text: "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqb2huIn0.abc123def456ghi789jkl expired", secret: "eyJzdWIiOiJqb2huIn0",
        placeholder: "[JWT]"),
    .init(
        kind: "private key", text: "key -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY----- loaded",
        secret: "MIIEowIBAAKCAQEA", placeholder: "[PRIVATE_KEY]"),
    .init(kind: "high entropy", text: "blob Zx81Kq0PmA7vR2tY9sLc4Wn6 stored", secret: "Zx81Kq0PmA7vR2tY9sLc4Wn6", placeholder: "[SECRET]"),
    .init(kind: "credit card", text: "charged 4111-1111-1111-1111 twice", secret: "1111-1111", placeholder: "[CARD]"),
    .init(kind: "iban", text: "refund to GB82 WEST 1234 5698 7654 32 pending", secret: "5698 7654", placeholder: "[IBAN]"),
    .init(kind: "phone e164", text: "call +48 601 234 567 now", secret: "601 234 567", placeholder: "[PHONE]"),
    .init(kind: "phone national", text: "call (415) 555-2671 now", secret: "555-2671", placeholder: "[PHONE]"),
    .init(kind: "mac", text: "nic 00:1A:2B:3C:4D:5E down", secret: "00:1A:2B", placeholder: "[MAC]"),
    .init(
        kind: "java frame", text: "NullPointerException at com.acmebank.ledger.Posting.apply(Posting.java:88)", secret: "acmebank",
        placeholder: "[STACK]"),
    .init(kind: "python frame", text: "File \"/srv/acmebank/jobs/sync.py\", line 12, in copy_ledger", secret: "acmebank", placeholder: "[STACK]"),
    .init(kind: ".net frame", text: "at Acmebank.Ledger.Post() in C:\\src\\Acmebank\\Ledger.cs:line 42", secret: "Acmebank", placeholder: "[STACK]"),
    .init(kind: "node frame", text: "at postLedger (/srv/acmebank/index.js:10:5)", secret: "acmebank", placeholder: "[STACK]"),
    .init(kind: "name pair", text: "approved by Mark Baker yesterday", secret: "Baker", placeholder: "[NAME]"),
    .init(kind: "name after cue", text: "contact Grace for access", secret: "Grace", placeholder: "[NAME]"),
    .init(kind: "unknown name", text: "Kowalczyk reran the job", secret: "Kowalczyk", placeholder: "[REDACTED]"),
]

@Suite("Anonymizer and verification scan")
struct AnonymizerTests {
    let anonymizer = Anonymizer(policy: testPolicy)
    let scanner = VerificationScanner(policy: testPolicy)

    @Test("each detector removes its value, writes its placeholder, and the scan passes the result", arguments: detectorCases)
    func detector(_ example: DetectorCase) {
        let out = anonymizer.anonymize(example.text)
        #expect(!out.contains(example.secret), "\(out)")
        #expect(out.contains(example.placeholder), "\(out)")
        #expect(scanner.scan(out).isEmpty, "\(out): \(scanner.scan(out))")
        // The scan alone, on the raw text, must object.
        #expect(!scanner.scan(example.text).isEmpty)
    }

    @Test(
        "technical look-alikes survive untouched",
        arguments: [
            "Resize t3.large to Standard_D2s_v3 in us-east-1",
            "upgrade to v1.2.3 raised latency 42% over 340 seconds on port 5432",
            "ORA-12541: TNS:no listener",
            "replicate_db failed after 3 retries; rollback completed in 12 min",
            "n2-standard-4 nodes in europe-west1 reached 95% CPU",
            "db.r5.2xlarge storage at 80% after 2024-03-01",
            "pod api-7 in CrashLoopBackOff, exit code 137 (OOMKilled)",
            "HTTP 503 from the ALB for 15 s during cutover_dns",
        ])
    func lookAlikes(_ text: String) {
        #expect(anonymizer.anonymize(text) == text)
        #expect(scanner.scan(text).isEmpty, "\(scanner.scan(text))")
    }

    @Test("sensitive terms are removed whatever their spacing, punctuation or case, and the scan finds them")
    func sensitiveTerms() {
        let terms = ["Blue Harbor", "bh-prod.example"]
        for text in [
            "export for BLUE-HARBOR failed", "export for blueharbor failed", "export for Blue  Harbor, failed", "copy to BH_PROD.example stalled",
        ] {
            let out = anonymizer.anonymize(text, sensitiveTerms: terms)
            #expect(!out.lowercased().contains("harbor") && !out.lowercased().contains("bh_prod") && !out.lowercased().contains("bh-prod"), "\(out)")
            #expect(scanner.scan(out, sensitiveTerms: terms).isEmpty, "\(out)")
            #expect(scanner.scan(text, sensitiveTerms: terms).contains { $0.kind == "sensitive_term" })
        }
    }

    @Test("scan offsets are Unicode scalars")
    func offsets() {
        let findings = scanner.scan("Łódź ops@example.com")
        let email = findings.first { $0.kind == "email" }
        #expect(email?.start == 5)
        #expect(email?.end == 20)
        #expect(findings.contains { $0.kind == "unknown_word" && $0.start == 0 && $0.end == 4 })
    }

    @Test("non-ASCII words and digit-glued compounds are not kept")
    func strictWords() {
        #expect(anonymizer.anonymize("Müller restarted it") == "[REDACTED] restarted it")
        #expect(anonymizer.anonymize("user jsmith42 locked") == "user [REDACTED] locked")
        #expect(anonymizer.anonymize("owner MarkBaker77 left") == "owner [REDACTED] left")
        #expect(!scanner.scan("owner MarkBaker left").isEmpty)
    }

    @Test("validators: Luhn, IBAN mod 97 and IP ranges reject look-alikes")
    func validators() {
        // Fails Luhn: not a card, but still sixteen digits in groups, so an id of some kind (issue 14).
        #expect(anonymizer.anonymize("order 4111 1111 1111 1112 shipped") == "order [NUMBER] shipped")
        #expect(!anonymizer.anonymize("iban GB82 WEST 1234 5698 7654 33").contains("[IBAN]"))  // bad check digits
        #expect(anonymizer.anonymize("version 10.300.2.1 released") != "version [IP] released")  // 300 is no octet
    }
}
