import Foundation

/// The trees of a trained XGBoost model as flat arrays, evaluated in Swift: no lock, no matrix handed to a
/// library, no allocation per row, so that concurrent answers score their candidates in parallel.
///
/// Read from the model's JSON form (XGBoost 1.x, `gbtree`, numerical splits): per tree, each node's children,
/// split feature and threshold (a leaf's value where it has no children) and where a missing value goes.
/// Scores add the leaves to the base score in tree order, in float32, as XGBoost's CPU predictor does, so they
/// equal its predictions (checked against it in the tests).
struct TreeEnsemble: Sendable {
    /// Per node of every tree, concatenated: the left child's node (global) or -1 for a leaf.
    let left: [Int32]
    let right: [Int32]
    /// Split feature (unused for a leaf).
    let feature: [Int32]
    /// Split threshold (go left when the value is below it), or the leaf's value.
    let condition: [Float]
    /// Whether a missing (NaN) value goes left.
    let missingLeft: [Bool]
    /// Each tree's root node.
    let roots: [Int32]
    let baseScore: Float
    let featureCount: Int

    /// The ensemble in `json` (the model as `XGBoosterSaveModelToBuffer` writes it with `{"format": "json"}`).
    /// - Throws: ``MatchingError`` (corrupt index) when it is not a model of numerical-split trees over at most
    ///   `featureCount` features.
    init(json: Data, featureCount: Int) throws {
        func corrupt(_ what: String) -> MatchingError { .corruptIndex("the ranking model's trees: \(what)") }
        guard let root = try? JSONSerialization.jsonObject(with: json) as? [String: Any],
              let learner = root["learner"] as? [String: Any],
              let parameters = learner["learner_model_param"] as? [String: Any],
              let booster = learner["gradient_booster"] as? [String: Any],
              let model = booster["model"] as? [String: Any],
              let trees = model["trees"] as? [[String: Any]] else { throw corrupt("not an XGBoost tree model") }
        guard (booster["name"] as? String) == "gbtree" else { throw corrupt("not a gbtree booster") }
        guard let base = (parameters["base_score"] as? String).flatMap(Float.init) else {
            throw corrupt("no base score")
        }
        func numbers(_ tree: [String: Any], _ key: String) throws -> [Double] {
            guard let values = tree[key] as? [Any] else { throw corrupt("a tree has no '\(key)'") }
            return try values.map { value in
                if let number = value as? NSNumber { return number.doubleValue }
                throw corrupt("'\(key)' holds \(type(of: value))")
            }
        }
        var left: [Int32] = [], right: [Int32] = [], feature: [Int32] = [], condition: [Float] = []
        var missingLeft: [Bool] = [], roots: [Int32] = []
        for tree in trees {
            let lefts = try numbers(tree, "left_children"), rights = try numbers(tree, "right_children")
            let features = try numbers(tree, "split_indices"), conditions = try numbers(tree, "split_conditions")
            let defaults = try numbers(tree, "default_left")
            let count = lefts.count
            guard count > 0, [rights.count, features.count, conditions.count, defaults.count].allSatisfy({ $0 == count })
            else { throw corrupt("a tree's arrays differ in length") }
            if let types = tree["split_type"] as? [Any], types.contains(where: { ($0 as? NSNumber)?.intValue != 0 }) {
                throw corrupt("categorical splits are not supported")
            }
            let offset = Int32(left.count)
            roots.append(offset)
            for node in 0..<count {
                let l = Int(lefts[node]), r = Int(rights[node])
                if l == -1 {
                    left.append(-1); right.append(-1); feature.append(0)
                } else {
                    guard (0..<count).contains(l), (0..<count).contains(r),
                          (0..<featureCount).contains(Int(features[node])) else {
                        throw corrupt("node \(node) of a tree points outside it")
                    }
                    left.append(offset + Int32(l)); right.append(offset + Int32(r)); feature.append(Int32(features[node]))
                }
                condition.append(Float(conditions[node]))
                missingLeft.append(defaults[node] != 0)
            }
            // A tree, not a cycle: from the root no node is reached twice (XGBoost may reuse the ids of pruned
            // nodes, so a child's id need not be larger than its parent's).
            var reached = [Bool](repeating: false, count: count)
            var stack = [0]
            while let node = stack.popLast() {
                guard !reached[node] else { throw corrupt("a tree reaches node \(node) twice") }
                reached[node] = true
                let l = Int(left[Int(offset) + node]), r = Int(right[Int(offset) + node])
                if l >= 0 { stack.append(l - Int(offset)); stack.append(r - Int(offset)) }
            }
        }
        self.left = left
        self.right = right
        self.feature = feature
        self.condition = condition
        self.missingLeft = missingLeft
        self.roots = roots
        baseScore = base
        self.featureCount = featureCount
    }

    /// Number of trees.
    var treeCount: Int { roots.count }

    /// One score per row of `features` (`rows × featureCount`, row-major).
    /// - Complexity: O(rows × trees × depth).
    func scores(_ features: [Float], rows: Int) -> [Float] {
        precondition(features.count == rows * featureCount)
        var result = [Float](repeating: baseScore, count: rows)
        features.withUnsafeBufferPointer { x in
            left.withUnsafeBufferPointer { left in
                right.withUnsafeBufferPointer { right in
                    feature.withUnsafeBufferPointer { feature in
                        condition.withUnsafeBufferPointer { condition in
                            missingLeft.withUnsafeBufferPointer { missingLeft in
                                for row in 0..<rows {
                                    let base = row * featureCount
                                    var total = result[row]
                                    for root in roots {
                                        var node = Int(root)
                                        while left[node] >= 0 {
                                            let value = x[base + Int(feature[node])]
                                            let goesLeft = value.isNaN ? missingLeft[node] : value < condition[node]
                                            node = Int(goesLeft ? left[node] : right[node])
                                        }
                                        total += condition[node]
                                    }
                                    result[row] = total
                                }
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}
