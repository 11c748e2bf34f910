package import Foundation

/// How free text is treated: the vocabulary it is held to, the detectors and their
/// placeholders, and any patterns the policy adds.
package struct FreeTextSettings: Sendable {
    package var vocabulary: FreeTextVocabulary
    package var placeholders: [DetectorKind: String]
    package var enabledKinds: Set<DetectorKind>
    package var customPatterns: [CustomPattern]

    package func placeholder(for kind: DetectorKind) -> String {
        placeholders[kind] ?? kind.defaultPlaceholder
    }

    func placeholder(for span: DetectedSpan) -> String {
        span.customPattern >= 0 ? customPatterns[Int(span.customPattern)].placeholder : placeholder(for: span.kind)
    }

    /// Matches of every policy-defined pattern.
    /// A policy's own regular expressions cost the text's length each (their matcher's own
    /// work is the policy author's to bound).
    func customSpans(in bytes: UnsafeBufferPointer<UInt8>, budget: inout ScanBudget) -> [DetectedSpan] {
        guard !customPatterns.isEmpty else { return [] }
        budget.charge(customPatterns.count * bytes.count)
        return customPatterns.enumerated().flatMap { $1.spans(in: bytes, index: $0) }
    }

    /// Every placeholder this policy can emit, so the verification scan can recognise them.
    package var allPlaceholders: Set<String> {
        Set(DetectorKind.allCases.map(placeholder(for:))).union(customPatterns.map(\.placeholder))
    }
}

/// A policy-defined pattern (an `NSRegularExpression` over whole buffers).
package struct CustomPattern: Sendable {
    package var name: String
    package var regex: NSRegularExpression
    package var placeholder: String

    func spans(in bytes: UnsafeBufferPointer<UInt8>, index: Int) -> [DetectedSpan] {
        let text = String(decoding: bytes, as: UTF8.self)
        let utf16 = text.utf16
        return regex.matches(in: text, range: NSRange(location: 0, length: utf16.count)).compactMap { match in
            guard let range = Range(match.range, in: text), !range.isEmpty else { return nil }
            let start = text.utf8.distance(from: text.startIndex, to: range.lowerBound)
            let end = text.utf8.distance(from: text.startIndex, to: range.upperBound)
            return DetectedSpan(start..<end, .custom, customPattern: index)
        }
    }
}

/// The seed's KEEP list: which request fields the network keeps. Everything else is dropped.
package enum KeptField: String, Sendable, CaseIterable, Hashable {
    case sourceCloud, targetCloud, sourceRegion, targetRegion, resourceTypes, strategy
    case successRate, durationHours, costSavingsPercent
    case stepAction = "steps.action"
    case stepDurationSeconds = "steps.durationSeconds"
    case stepSuccess = "steps.success"
    case stepErrorMessage = "steps.errorMessage"

    /// Fields a pattern cannot do without; a policy must keep them.
    package static let required: Set<KeptField> = [
        .sourceCloud, .targetCloud, .resourceTypes, .strategy, .successRate, .durationHours, .costSavingsPercent,
        .stepAction, .stepDurationSeconds, .stepSuccess,
    ]
}
