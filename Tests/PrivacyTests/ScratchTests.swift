import Foundation
import Privacy
import Testing

@Test func scratch() throws {
    let policy = try loadPolicy(yaml: try policyText("default.yaml"))
    let anonymizer = Anonymizer(policy: policy)
    let scanner = VerificationScanner(policy: policy)
    for span in DetectorSet().spans(in: "password=Sup3rS3cret x") { print("SPAN", span) }
    let samples = [
        "Replication lag on db01.acme-corp.internal (10.0.12.7:5432) exceeded 340 seconds",
        "ORA-12541: TNS:no listener at 192.168.1.20 port 1521, contact john.smith@acme.com",
        "User Mark Baker reported that Rose Hill site failed; call +1 (415) 555-2671 or 020 7946 0958",
        "Failed to copy s3://acme-billing-prod/exports/2024/ to C:\\Users\\jkowalczyk\\Desktop\\dump.bak",
        "Server=tcp:acmesql.database.windows.net,1433;Initial Catalog=billing;User ID=sa;Password=Hunter2!;Encrypt=True;",
        "password=Sup3rS3cret token: ghp_abcdefghijklmnopqrstuvwxyz0123456789 AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "at com.acmebank.billing.InvoiceService.charge(InvoiceService.java:42)\n  File \"/srv/acme/app.py\", line 12, in handler",
        "card 4111 1111 1111 1111 iban DE89 3704 0044 0532 0130 00 mac 00:1A:2B:3C:4D:5E ipv6 fe80::1%eth0 and [2001:db8::1]:443",
        "Resize t3.large to Standard_D2s_v3 in us-east-1 took 42% longer, v1.2.3, port 5432, 340 seconds",
        "arn:aws:iam::123456789012:role/AcmeAdmin subscription 3f2504e0-4f89-11d3-9a0c-0305e82c3301 projects/acme-prod-4821",
        "Agnieszka Kowalczyk approved the cutover for ACME Corp",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    ]
    for sample in samples {
        let out = anonymizer.anonymize(sample, sensitiveTerms: ["ACME Corp"])
        print("IN : \(sample)\nOUT: \(out)\nSCAN: \(scanner.scan(out, sensitiveTerms: ["ACME Corp"]).map(\.kind))\n")
    }
}
