import Foundation

/// An XGBoost tree model read from its saved JSON and evaluated in Swift.
///
/// Serving walks these arrays instead of calling `XGBoosterPredict`: a prediction through the
/// C API needs a DMatrix per query (allocation, a copy, a global lock per call), while a
/// few hundred rows through a hundred depth-4 trees are a few thousand comparisons here. The
/// walk follows XGBoost's own rules: float thresholds, `value < threshold` goes left, a
/// missing (NaN) value takes the node's default branch, leaf values summed in float onto the
/// base margin, then the objective's transform. `RankingTests` checks it against
/// `XGBoosterPredict` row by row.
struct TreeEnsemble: Sendable {
    enum Transform: Sendable {
        case sigmoid
        case identity
    }

    /// One node: a split on `feature` at `threshold` (its leaf value when `left` is -1).
    struct Node: Sendable {
        var feature: Int32
        var threshold: Float
        var left: Int32
        var right: Int32
        var defaultLeft: Bool
    }

    /// All trees' nodes, one after another, children as absolute indices: one contiguous
    /// array, so a walk touches few cache lines.
    private var nodes: [Node] = []
    /// Index of each tree's root.
    private var roots: [Int32] = []
    private(set) var baseMargin: Float
    private(set) var transform: Transform
    private(set) var featureCount: Int

    var treeCount: Int { roots.count }

    init(json bytes: [UInt8]) throws(RankingError) {
        let model: SavedModel
        do {
            model = try JSONDecoder().decode(SavedModel.self, from: Data(bytes))
        } catch {
            throw RankingError.invalidModel("not XGBoost's JSON model format")
        }
        let learner = model.learner
        guard learner.gradientBooster.name == "gbtree" else {
            throw RankingError.invalidModel("booster \(learner.gradientBooster.name) is not gbtree")
        }
        guard let baseScore = Float(learner.learnerModelParam.baseScore),
            let features = Int(learner.learnerModelParam.numFeature),
            (Int(learner.learnerModelParam.numClass) ?? 0) <= 1
        else { throw RankingError.invalidModel("unreadable learner parameters") }
        switch learner.objective.name {
        case "reg:logistic", "binary:logistic":
            guard baseScore > 0, baseScore < 1 else { throw RankingError.invalidModel("base_score outside (0, 1)") }
            transform = .sigmoid
            baseMargin = -logf(1 / baseScore - 1)
        case "reg:squarederror":
            transform = .identity
            baseMargin = baseScore
        default:
            throw RankingError.invalidModel("objective \(learner.objective.name) is not served")
        }
        featureCount = features
        for tree in learner.gradientBooster.model.trees {
            let count = tree.leftChildren.count
            guard count > 0, tree.rightChildren.count == count, tree.splitIndices.count == count,
                tree.splitConditions.count == count, tree.defaultLeft.values.count == count
            else { throw RankingError.invalidModel("a tree's node arrays differ in length") }
            let offset = Int32(nodes.count)
            roots.append(offset)
            for node in 0..<count {
                let (l, r) = (tree.leftChildren[node], tree.rightChildren[node])
                let isLeaf = l == -1
                if !isLeaf {
                    // Children after their parent, as XGBoost writes them: no walk can loop.
                    guard Int(l) > node, Int(r) > node, Int(l) < count, Int(r) < count, tree.splitIndices[node] >= 0,
                        Int(tree.splitIndices[node]) < features
                    else { throw RankingError.invalidModel("a split points outside its tree") }
                }
                nodes.append(
                    Node(
                        feature: isLeaf ? -1 : tree.splitIndices[node], threshold: tree.splitConditions[node], left: isLeaf ? -1 : l + offset,
                        right: isLeaf ? -1 : r + offset, defaultLeft: tree.defaultLeft.values[node]))
            }
        }
    }

    /// The model's output for one row of `featureCount` values (checked at load: every split's
    /// feature is below `featureCount`, every child after its parent and inside its tree).
    func predict(_ row: UnsafeBufferPointer<Float>) -> Float {
        precondition(row.count >= featureCount, "a row has \(featureCount) features")
        var sum: Float = 0
        nodes.withUnsafeBufferPointer { nodes in
            for root in roots {
                var index = Int(root)
                var node = nodes[index]
                while node.left >= 0 {
                    let value = row[Int(node.feature)]
                    let goLeft = value.isNaN ? node.defaultLeft : value < node.threshold
                    index = Int(goLeft ? node.left : node.right)
                    node = nodes[index]
                }
                sum += node.threshold
            }
        }
        let margin = baseMargin + sum
        switch transform {
        case .sigmoid: return 1 / (1 + expf(-margin))
        case .identity: return margin
        }
    }

    func predict(_ row: [Float]) -> Float {
        row.withUnsafeBufferPointer { predict($0) }
    }
}

/// The parts of XGBoost's JSON model (schema of 1.7) the walk needs.
private struct SavedModel: Decodable {
    var learner: Learner

    struct Learner: Decodable {
        var gradientBooster: Booster
        var learnerModelParam: ModelParam
        var objective: Objective

        enum CodingKeys: String, CodingKey {
            case gradientBooster = "gradient_booster"
            case learnerModelParam = "learner_model_param"
            case objective
        }
    }

    struct Booster: Decodable {
        var name: String
        var model: Model
    }

    struct Model: Decodable {
        var trees: [Tree]
    }

    struct ModelParam: Decodable {
        var baseScore: String
        var numFeature: String
        var numClass: String

        enum CodingKeys: String, CodingKey {
            case baseScore = "base_score"
            case numFeature = "num_feature"
            case numClass = "num_class"
        }
    }

    struct Objective: Decodable {
        var name: String
    }

    struct Tree: Decodable {
        var leftChildren: [Int32]
        var rightChildren: [Int32]
        var splitIndices: [Int32]
        var splitConditions: [Float]
        var defaultLeft: Flags

        enum CodingKeys: String, CodingKey {
            case leftChildren = "left_children"
            case rightChildren = "right_children"
            case splitIndices = "split_indices"
            case splitConditions = "split_conditions"
            case defaultLeft = "default_left"
        }
    }

    /// `default_left` is written as 0/1 integers by some versions and booleans by others.
    struct Flags: Decodable {
        var values: [Bool]

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flags = try? container.decode([Bool].self) {
                values = flags
            } else {
                values = try container.decode([Int].self).map { $0 != 0 }
            }
        }
    }
}
