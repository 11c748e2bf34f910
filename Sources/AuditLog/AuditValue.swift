/// A value in an entry's `details`: deliberately only ids, counts and lists of ids,
/// so an entry cannot carry free text such as payload values or personal data by accident.
package enum AuditValue: Sendable, Hashable {
    case text(String)
    case count(Int)
    case list([String])
}

extension AuditValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral {
    package init(stringLiteral value: String) { self = .text(value) }
    package init(integerLiteral value: Int) { self = .count(value) }
    package init(arrayLiteral elements: String...) { self = .list(elements) }
}
