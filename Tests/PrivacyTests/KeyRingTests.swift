import Foundation
import Privacy
import Testing

@Suite("Network key and pseudonyms")
struct KeyRingTests {
    let key = try! NetworkKey(fileContents: String(repeating: "ab", count: 32))

    @Test("pseudonyms are 64 hex digits, stable, and differ per key and per id")
    func pseudonyms() throws {
        let ring = KeyRing(networkKey: key)
        let p = ring.pseudonym(deploymentId: "poland-wp-01")
        #expect(p.count == 64)
        #expect(p == KeyRing(networkKey: key).pseudonym(deploymentId: "poland-wp-01"))
        #expect(p != ring.pseudonym(deploymentId: "poland-wp-02"))
        let other = KeyRing(networkKey: try NetworkKey(fileContents: String(repeating: "cd", count: 32)))
        #expect(p != other.pseudonym(deploymentId: "poland-wp-01"))
        #expect(ring.fingerprint != other.fingerprint)
        #expect(ring.fingerprint.count == 32)
    }

    @Test("contribution ids separate deployment and migration with a 0x00 byte")
    func contributionIds() {
        let ring = KeyRing(networkKey: key)
        #expect(ring.contributionId(pseudonym: "ab", migrationId: "c") != ring.contributionId(pseudonym: "a", migrationId: "bc"))
        #expect(ring.contributionId(pseudonym: "p", migrationId: "m") == ring.contributionId(pseudonym: "p", migrationId: "m"))
        #expect(ring.contributionId(pseudonym: "p", migrationId: "m") != ring.pseudonym(deploymentId: "p"))
    }

    @Test("keys never print and malformed key files are refused")
    func wrapping() {
        #expect("\(key)" == "NetworkKey(redacted)")
        #expect(!"\(KeyRing(networkKey: key))".contains("abab"))
        #expect(throws: KeyError.self) { try NetworkKey(fileContents: "abcd") }
        #expect(throws: KeyError.self) { try NetworkKey(fileContents: String(repeating: "zz", count: 32)) }
        #expect(NetworkKey.generate().fileContents.count == 65)
    }
}
