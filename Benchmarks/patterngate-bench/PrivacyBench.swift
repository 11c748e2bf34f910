import Foundation
import Privacy

/// Anonymize + verify throughput over realistic migration log lines with personal data.
enum PrivacyBench {
    static let templates = [
        "Replication lag on db%d.acme-corp.internal (10.%d.%d.7:5432) exceeded %d seconds during replicate_db",
        "ORA-12541: TNS:no listener at 192.168.%d.20 port 1521, contact john.smith%d@acme.com for access",
        "User Mark Baker reported that the cutover of app%d failed; call +1 (415) 555-%04d",
        "Failed to copy s3://acme-billing-prod/exports/%d/ to C:\\Users\\jkowalczyk\\Desktop\\dump%d.bak",
        "Resize t3.large to Standard_D2s_v3 in us-east-1 took %d%% longer after %d retries on port 5432",
        "password=Sup3rS3cret%d rejected by AKIAIOSFODNN7EXAMPLE for arn:aws:iam::123456789012:role/Deploy%d",
        "at com.acmebank.billing.InvoiceService.charge(InvoiceService.java:%d) while syncing %d objects",
        "DNS cutover for www.example.com stalled at TTL %d; validated %d records in the zone",
        "Snapshot of volume vol-%05d completed in %d minutes with 0 errors, throughput 340 MB/s",
        "kubectl rollout status deployment/api timed out after %ds; pod api-%d is in CrashLoopBackOff",
    ]

    static func run(megabytes: Int, seed: UInt64) {
        let policy: Policy
        do {
            policy = try PolicyFile.loadForBench()
        } catch {
            print("privacy bench: cannot load the policy")
            return
        }
        let anonymizer = Anonymizer(policy: policy)
        let scanner = VerificationScanner(policy: policy)
        var generator = SeededGenerator(state: seed)
        var lines: [String] = []
        var bytes = 0
        while bytes < megabytes * 1_000_000 {
            let template = templates.randomElement(using: &generator)!
            let line = String(format: template, Int.random(in: 1...999, using: &generator), Int.random(in: 1...9999, using: &generator),
                              Int.random(in: 1...254, using: &generator), Int.random(in: 1...999, using: &generator))
            bytes += line.utf8.count
            lines.append(line)
        }
        var rejected = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for line in lines {
                let out = anonymizer.anonymize(line)
                if !scanner.kinds(in: out).isEmpty { rejected += 1 }
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(String(format: "anonymize + verify (one core): %.1f MB in %.2f s = %.1f MB/s over %d lines, %d rejected after anonymization",
                     Double(bytes) / 1e6, seconds, Double(bytes) / 1e6 / seconds, lines.count, rejected))
        // The same bytes in 10 KB texts: the per-call overhead amortized.
        var blocks: [String] = []
        var block = ""
        for line in lines {
            block += line + "\n"
            if block.utf8.count >= 10_000 { blocks.append(block); block = "" }
        }
        if !block.isEmpty { blocks.append(block) }
        let blockTime = clock.measure {
            for text in blocks {
                let out = anonymizer.anonymize(text)
                if !scanner.kinds(in: out).isEmpty { rejected += 1 }
            }
        }
        let b = Double(blockTime.components.seconds) + Double(blockTime.components.attoseconds) / 1e18
        print(String(format: "anonymize + verify over %d texts of ~10 KB: %.1f MB/s", blocks.count, Double(bytes) / 1e6 / b))
        let anonymizeOnly = clock.measure { for line in lines { _ = anonymizer.anonymize(line) } }
        let a = Double(anonymizeOnly.components.seconds) + Double(anonymizeOnly.components.attoseconds) / 1e18
        print(String(format: "anonymize alone: %.1f MB/s", Double(bytes) / 1e6 / a))
    }
}

import Gateway

extension PolicyFile {
    static func loadForBench() throws -> Policy { try load(path: defaultPath) }
}
