import CXGBoost
import Foundation

/// A gradient-boosted tree ensemble for ranking: XGBoost (Debian's `libxgboost`, its C API), trained with the
/// `rank:ndcg` objective, one group per query member. The only file that calls XGBoost.
///
/// The model travels as the bytes XGBoost saves (Universal Binary JSON), kept unchanged in ``model`` so that an
/// index written, read and written again holds the same bytes.
///
/// Queries score through ``ensemble`` (the same trees evaluated in Swift, without a lock); XGBoost trains,
/// reads and saves the model, and is the reference the tests compare the ensemble with.
///
/// `@unchecked Sendable`: the booster handle is never mutated after `init`; calls into it go through `lock`
/// (XGBoost keeps per-booster prediction caches), and the handle is freed once, in `deinit`.
final class BoostedTrees: @unchecked Sendable {
    private let handle: BoosterHandle
    private let lock = NSLock()
    /// Features per row (columns of every matrix passed to ``scores(_:rows:)``).
    let featureCount: Int
    /// The model as stored in the index.
    let model: [UInt8]
    /// The same trees, evaluated in Swift.
    let ensemble: TreeEnsemble

    /// The trees saved in `model`.
    /// - Throws: ``MatchingError`` (corrupt index) when XGBoost cannot read them or they expect another number
    ///   of features.
    init(model: [UInt8], featureCount: Int) throws {
        var created: BoosterHandle?
        try Self.check(XGBoosterCreate(nil, 0, &created), "create a booster")
        guard let created else { throw MatchingError.corruptIndex("XGBoost returned no booster") }
        let loaded = model.withUnsafeBytes { XGBoosterLoadModelFromBuffer(created, $0.baseAddress, bst_ulong($0.count)) }
        guard loaded == 0 else {
            let why = Self.lastError()
            XGBoosterFree(created)
            throw MatchingError.corruptIndex("XGBoost cannot read the ranking model (\(why))")
        }
        var features: bst_ulong = 0
        XGBoosterGetNumFeature(created, &features)
        guard Int(features) == featureCount else {
            XGBoosterFree(created)
            throw MatchingError.corruptIndex("the ranking model expects \(features) features, this qmatch computes "
                + "\(featureCount)")
        }
        XGBoosterSetParam(created, "nthread", "1")
        var length: bst_ulong = 0
        var json: UnsafePointer<CChar>?
        guard XGBoosterSaveModelToBuffer(created, #"{"format": "json"}"#, &length, &json) == 0, let json else {
            let why = Self.lastError()
            XGBoosterFree(created)
            throw MatchingError.corruptIndex("XGBoost cannot write the ranking model's trees (\(why))")
        }
        do {
            ensemble = try TreeEnsemble(json: Data(bytes: json, count: Int(length)), featureCount: featureCount)
        } catch {
            XGBoosterFree(created)
            throw error
        }
        handle = created
        self.featureCount = featureCount
        self.model = model
    }

    deinit { XGBoosterFree(handle) }

    /// One score per row of `features` (`rows × featureCount`, row-major); higher ranks first.
    /// - Complexity: O(rows × trees × depth).
    func scores(_ features: [Float], rows: Int) -> [Float] {
        ensemble.scores(features, rows: rows)
    }

    /// XGBoost's own predictions for the rows of `features` (the reference for ``scores(_:rows:)``).
    func libraryScores(_ features: [Float], rows: Int) -> [Float] {
        precondition(features.count == rows * featureCount)
        guard rows > 0 else { return [] }
        return lock.withLock {
            var matrix: DMatrixHandle?
            let made = features.withUnsafeBufferPointer {
                XGDMatrixCreateFromMat($0.baseAddress, bst_ulong(rows), bst_ulong(featureCount), Float.nan, &matrix)
            }
            guard made == 0, let matrix else { return [Float](repeating: 0, count: rows) }
            defer { XGDMatrixFree(matrix) }
            var shape: UnsafePointer<bst_ulong>?
            var dimensions: bst_ulong = 0
            var result: UnsafePointer<Float>?
            let config = #"{"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false}"#
            guard XGBoosterPredictFromDMatrix(handle, matrix, config, &shape, &dimensions, &result) == 0, let result else {
                return [Float](repeating: 0, count: rows)
            }
            return Array(UnsafeBufferPointer(start: result, count: rows))
        }
    }

    /// Total gain of each feature's splits, in feature order (0 for a feature no tree uses).
    func gains() -> [Float] {
        lock.withLock {
            var count: bst_ulong = 0, dimensions: bst_ulong = 0
            var names: UnsafeMutablePointer<UnsafePointer<CChar>?>?
            var shape: UnsafePointer<bst_ulong>?
            var scores: UnsafePointer<Float>?
            var result = [Float](repeating: 0, count: featureCount)
            guard XGBoosterFeatureScore(handle, #"{"importance_type": "total_gain"}"#, &count, &names, &dimensions,
                                        &shape, &scores) == 0, let names, let scores else { return result }
            for i in 0..<Int(count) {
                // Unnamed features are called "f0", "f1", …
                guard let name = names[i], let index = Int(String(cString: name).dropFirst()),
                      (0..<featureCount).contains(index) else { continue }
                result[index] = scores[i]
            }
            return result
        }
    }

    /// What one training run used and found.
    struct TrainingReport: Sendable {
        /// Boosting rounds kept (the best on the held-out members).
        var rounds: Int
        /// NDCG@10 of the held-out members after each round.
        var heldOutNDCG: [Double]
    }

    /// Groups of rows: consecutive rows of one query member.
    struct Dataset {
        var features: [Float] = []
        var labels: [Float] = []
        /// Rows of each group, in order.
        var groups: [UInt32] = []
        let featureCount: Int

        var rows: Int { labels.count }
    }

    /// Trains a `rank:ndcg` ensemble on `training`, stopping when NDCG@10 on `heldOut` has not improved for
    /// `patience` rounds, and keeps the best round's trees. Deterministic: fixed seed and thread count.
    /// - Throws: ``MatchingError`` (invalid input) when XGBoost refuses the data.
    /// - Complexity: O(rounds × rows × features) (histogram method).
    static func train(_ training: Dataset, heldOut: Dataset?, maxRounds: Int = 200, patience: Int = 20,
                      depth: Int = 4, learningRate: Double = 0.1, threads: Int = 2,
                      seed: UInt64 = 7) throws -> (BoostedTrees, TrainingReport) {
        let train = try matrix(training)
        defer { XGDMatrixFree(train) }
        let valid = try heldOut.map(matrix)
        defer { if let valid { XGDMatrixFree(valid) } }
        var created: BoosterHandle?
        var cache: [DMatrixHandle?] = [train]
        if let valid { cache.append(valid) }
        try check(XGBoosterCreate(&cache, bst_ulong(cache.count), &created), "create a booster")
        guard let booster = created else { throw MatchingError.invalidInput("XGBoost returned no booster") }
        defer { XGBoosterFree(booster) }
        let parameters: [(String, String)] = [
            ("objective", "rank:ndcg"), ("eval_metric", "ndcg@10"), ("tree_method", "hist"),
            ("max_depth", "\(depth)"), ("eta", "\(learningRate)"), ("min_child_weight", "10"),
            ("subsample", "0.8"), ("colsample_bytree", "0.8"), ("lambda", "1"),
            ("nthread", "\(threads)"), ("seed", "\(seed % 1_000_000)"), ("verbosity", "0"),
        ]
        for (name, value) in parameters { try check(XGBoosterSetParam(booster, name, value), "set \(name)") }
        var history: [Double] = []
        var best = (round: 0, ndcg: -1.0)
        for round in 0..<maxRounds {
            try check(XGBoosterUpdateOneIter(booster, Int32(round), train), "boost round \(round)")
            guard let valid else { best = (round, 0); continue }
            var matrices: [DMatrixHandle?] = [valid]
            var output: UnsafePointer<CChar>?
            let name = strdup("valid")
            defer { free(name) }
            var names: [UnsafePointer<CChar>?] = [UnsafePointer(name)]
            try check(XGBoosterEvalOneIter(booster, Int32(round), &matrices, &names, 1, &output), "evaluate")
            // "[3]\tvalid-ndcg@10:0.41234"
            let text = output.map { String(cString: $0) } ?? ""
            let ndcg = text.split(separator: ":").last.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } ?? 0
            history.append(ndcg)
            if ndcg > best.ndcg { best = (round, ndcg) }
            if round - best.round >= patience { break }
        }
        // Keep the trees of rounds 0...best (no slice when the best round is the last).
        var sliced: BoosterHandle?
        let keepsAll = best.round + 1 >= history.count || valid == nil
        if !keepsAll {
            try check(XGBoosterSlice(booster, 0, Int32(best.round + 1), 1, &sliced), "keep the best rounds")
        }
        defer { if let sliced { XGBoosterFree(sliced) } }
        var length: bst_ulong = 0
        var bytes: UnsafePointer<CChar>?
        try check(XGBoosterSaveModelToBuffer(sliced ?? booster, #"{"format": "ubj"}"#, &length, &bytes), "save the model")
        guard let bytes else { throw MatchingError.invalidInput("XGBoost saved no model") }
        let model = Array(UnsafeRawBufferPointer(start: bytes, count: Int(length)))
        let trees = try BoostedTrees(model: model, featureCount: training.featureCount)
        return (trees, TrainingReport(rounds: best.round + 1, heldOutNDCG: history))
    }

    /// The model saved again from the loaded booster (for checks that it round-trips).
    func saved() -> [UInt8] {
        lock.withLock {
            var length: bst_ulong = 0
            var bytes: UnsafePointer<CChar>?
            guard XGBoosterSaveModelToBuffer(handle, #"{"format": "ubj"}"#, &length, &bytes) == 0, let bytes else {
                return []
            }
            return Array(UnsafeRawBufferPointer(start: bytes, count: Int(length)))
        }
    }

    private static func matrix(_ data: Dataset) throws -> DMatrixHandle {
        precondition(data.features.count == data.rows * data.featureCount)
        var matrix: DMatrixHandle?
        try check(data.features.withUnsafeBufferPointer {
            XGDMatrixCreateFromMat($0.baseAddress, bst_ulong(data.rows), bst_ulong(data.featureCount), Float.nan, &matrix)
        }, "make the training matrix")
        guard let matrix else { throw MatchingError.invalidInput("XGBoost returned no matrix") }
        do {
            try check(data.labels.withUnsafeBufferPointer {
                XGDMatrixSetFloatInfo(matrix, "label", $0.baseAddress, bst_ulong($0.count))
            }, "set the labels")
            try check(data.groups.withUnsafeBufferPointer {
                XGDMatrixSetUIntInfo(matrix, "group", $0.baseAddress, bst_ulong($0.count))
            }, "set the groups")
        } catch {
            XGDMatrixFree(matrix)
            throw error
        }
        return matrix
    }

    private static func check(_ status: Int32, _ what: String) throws {
        guard status == 0 else { throw MatchingError.invalidInput("XGBoost could not \(what): \(lastError())") }
    }

    private static func lastError() -> String {
        guard let message = XGBGetLastError() else { return "no message" }
        // The first line: XGBoost appends a stack trace on the lines after it.
        let text = String(cString: message)
        return String(text.prefix { $0 != "\n" }).trimmingCharacters(in: .whitespaces)
    }
}
