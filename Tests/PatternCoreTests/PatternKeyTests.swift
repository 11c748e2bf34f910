import PatternCore
import Testing

@Suite("Pattern identity")
struct PatternKeyTests {
    @Test("patternId is the first 32 hex digits of SHA-256 over the DESIGN.md text")
    func knownVectors() {
        // Expected values computed independently with Python's hashlib.
        let wordpress = PatternKey(sourceCloud: .aws, targetCloud: .azure, strategy: .replatform, resourceTypes: ["EC2", "RDS", "S3"])
        #expect(wordpress.patternId == "1fae9c6a92a34fe1c91b03edd7f0683b")
        let oracle = PatternKey(sourceCloud: .onPrem, targetCloud: .gcp, strategy: .rehost, resourceTypes: ["OracleDB"])
        #expect(oracle.patternId == "93fad7cb3bec96030c7e685ecac4cafd")
    }

    @Test("order, duplicates and ASCII case do not change the id")
    func normalization() {
        let a = PatternKey(sourceCloud: .aws, targetCloud: .azure, strategy: .replatform, resourceTypes: ["S3", "ec2", "RDS", "EC2"])
        let b = PatternKey(sourceCloud: .aws, targetCloud: .azure, strategy: .replatform, resourceTypes: ["rds", "s3", "Ec2"])
        #expect(a.patternId == b.patternId)
        #expect(a.normalizedResourceTypes == ["ec2", "rds", "s3"])
    }

    @Test("strategy and direction are part of the identity")
    func distinctKeys() {
        let base = PatternKey(sourceCloud: .aws, targetCloud: .azure, strategy: .rehost, resourceTypes: ["EC2"])
        var other = base
        other.strategy = .refactor
        #expect(base.patternId != other.patternId)
        other = base
        other.targetCloud = .gcp
        #expect(base.patternId != other.patternId)
    }

    @Test("hex round-trips and rejects malformed input")
    func hex() {
        #expect(Hex.encode([0x00, 0xab, 0xff]) == "00abff")
        #expect(Hex.decode("00ABff") == [0x00, 0xab, 0xff])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.isLowercaseHex("00ab", length: 4))
        #expect(!Hex.isLowercaseHex("00AB", length: 4))
    }
}
