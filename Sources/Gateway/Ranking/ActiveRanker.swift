import Ranking

/// The model search uses, with the contributions it trained on: a covered contribution
/// leaving the live set drops it at once, before the commit's caller returns.
struct ActiveRanker: Sendable {
    var modelId: String
    var ranker: LearnedRanker
    var trainingSet: Set<String>
}
