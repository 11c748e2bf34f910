import Privacy
import Testing

@Suite("Consent rules")
struct ConsentRulesTests {
    @Test("off by default; grant turns on; revoke turns off; a later grant that saw the revoke turns on")
    func sequential() {
        #expect(!ConsentRules.isActive("contribute", in: []))
        let grant = ConsentEntry(origin: "a", seq: 1, granted: true, purposes: ["contribute"], seen: [:])
        #expect(ConsentRules.isActive("contribute", in: [grant]))
        let revoke = ConsentEntry(origin: "a", seq: 2, granted: false, purposes: ["contribute"], seen: ["a": 1])
        #expect(!ConsentRules.isActive("contribute", in: [grant, revoke]))
        let regrant = ConsentEntry(origin: "b", seq: 1, granted: true, purposes: ["contribute"], seen: ["a": 2])
        #expect(ConsentRules.isActive("contribute", in: [grant, revoke, regrant]))
    }

    @Test("a grant and a revoke made concurrently: revoke wins, in any order")
    func concurrentRevokeWins() {
        let grant = ConsentEntry(origin: "a", seq: 1, granted: true, purposes: ["contribute"], seen: [:])
        let revoke = ConsentEntry(origin: "b", seq: 1, granted: false, purposes: ["contribute"], seen: [:])
        #expect(!ConsentRules.isActive("contribute", in: [grant, revoke]))
        #expect(!ConsentRules.isActive("contribute", in: [revoke, grant]))
    }

    @Test("purposes are independent")
    func purposes() {
        let grant = ConsentEntry(origin: "a", seq: 1, granted: true, purposes: ["contribute", "benchmark"], seen: [:])
        let revoke = ConsentEntry(origin: "a", seq: 2, granted: false, purposes: ["benchmark"], seen: ["a": 1])
        #expect(ConsentRules.activePurposes([grant, revoke]) == ["contribute"])
    }
}
