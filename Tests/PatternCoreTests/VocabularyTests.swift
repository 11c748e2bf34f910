import PatternCore
import Testing

@Suite("Vocabulary")
struct VocabularyTests {
    let vocabulary = Vocabulary(
        resourceTypes: [.aws: ["EC2", "RDS"], .azure: ["VM"]], stepActions: ["create_vm"], regions: ["us-east-1"])

    @Test("lookups are case-insensitive and return the canonical spelling")
    func canonical() {
        #expect(vocabulary.resourceType("ec2", in: .aws) == "EC2")
        #expect(vocabulary.resourceType("VM", in: .aws) == nil)
        #expect(vocabulary.resourceTypeInAnyCloud("vm") == "VM")
        #expect(vocabulary.stepAction("CREATE_VM") == "create_vm")
        #expect(vocabulary.region("US-EAST-1") == "us-east-1")
        #expect(vocabulary.region("mars-1") == nil)
    }
}
