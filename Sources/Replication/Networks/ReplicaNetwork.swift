/// The network an event belongs to: the global network every gateway shares, or one
/// organization's private network (issue 18).
///
/// A gateway is a separate replica in each network it hosts, so each network has its own
/// origins, sequence numbers and version vectors: a gateway's events in private network
/// `acme` have the origin `<gateway-id>@acme`. A peer of the global network never sees such
/// an origin, not even in a causal context, and its vectors have no gap where private events
/// were made.
package enum ReplicaNetwork: Sendable, Hashable, Comparable, CustomStringConvertible {
    case global
    /// A private network, by its (and its organization's) name.
    case named(String)

    /// Separates the gateway id from the network name in a private origin.
    package static let originSeparator: UInt8 = 0x40  // "@"
    /// The name answers and audit entries give the global network; no organization may take it.
    package static let globalName = "global"
    package static let maximumNameLength = 32

    /// `[a-z0-9-]{1,32}`, and not `global`.
    package static func isName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= maximumNameLength && name != globalName
            && name.utf8.allSatisfy { $0 == 0x2d || (0x30...0x39).contains($0) || (0x61...0x7a).contains($0) }
    }

    /// A network named as clients name it: `global` (or nothing) for the global network.
    package init?(name: String?) {
        guard let name, name != Self.globalName else {
            self = .global
            return
        }
        guard Self.isName(name) else { return nil }
        self = .named(name)
    }

    /// The network of an origin: the part after `@`, or the global network when there is none.
    package init(origin: String) {
        guard let at = origin.utf8.firstIndex(of: Self.originSeparator) else {
            self = .global
            return
        }
        self = .named(String(origin[origin.index(after: at)...]))
    }

    /// The gateway part of an origin (the whole origin in the global network).
    package static func gateway(ofOrigin origin: String) -> String {
        guard let at = origin.utf8.firstIndex(of: originSeparator) else { return origin }
        return String(origin[..<at])
    }

    /// This gateway's origin in this network.
    package func origin(gateway: String) -> String {
        switch self {
        case .global: gateway
        case .named(let name): gateway + "@" + name
        }
    }

    /// Whether events of `origin` belong to this network.
    package func contains(origin: String) -> Bool {
        ReplicaNetwork(origin: origin) == self
    }

    /// `global` or the private network's name.
    package var name: String {
        switch self {
        case .global: Self.globalName
        case .named(let name): name
        }
    }

    /// The private network's name; nil for the global network.
    package var privateName: String? {
        if case .named(let name) = self { return name }
        return nil
    }

    /// Only the entries of this network's origins.
    package func restrict(_ vector: VersionVector) -> VersionVector {
        VersionVector(vector.entries.filter { contains(origin: $0.key) })
    }

    package var description: String { name }

    package static func < (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case (.global, .named): true
        case (.named(let a), .named(let b)): a < b
        default: false
        }
    }
}
