import Testing

@testable import Privacy

/// The byte tables written out as literals (read without lazy initialisation) are the tables
/// their class tests compute, for all 256 bytes.
@Suite("Byte tables")
struct ByteShapeTableTests {
    @Test("ByteShape.table is the computed shape of every byte")
    func shapeTable() {
        let computed = ByteShape.computedTable()
        #expect(ByteShape.table.count == 256)
        for b in 0..<256 { #expect(ByteShape.table[b] == computed[b], "byte \(b)") }
    }

    @Test("ByteClasses.table is the computed trigger class of every byte")
    func classesTable() {
        let computed = ByteClasses.computedTable()
        #expect(ByteClasses.table.count == 256)
        for b in 0..<256 { #expect(ByteClasses.table[b] == computed[b], "byte \(b)") }
    }
}
