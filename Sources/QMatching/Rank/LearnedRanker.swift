import Foundation

/// The learned ranking: gradient-boosted trees (XGBoost, `rank:ndcg`) over each candidate's ``RankFeature``s,
/// trained at build time on the community's own history, plus the attribute-pair affinity table that two of
/// those features read. Stored in the index as two sections: `ranker` (JSON: this struct's facts) and
/// `ranker.trees` (the model's bytes as XGBoost saved them).
public struct LearnedRanker: Sendable {
    /// The version of the `ranker` section; a reader refuses any other.
    public static let formatVersion = 1

    /// Per hashed attribute pair (``BlendModel/bucket(_:_:)``): log of how much more often this community's
    /// ties join the pair than random pairs of members do (``PairAffinity``).
    public let affinity: [Float]
    /// The trees; nil for a ranker that only supplies the affinity table (while collecting training data).
    let trees: BoostedTrees?
    /// Whether cross-validation at build time chose the trees over the blend (queries use them only then).
    public let isPreferred: Bool
    /// How it was made and validated, for `eval` and `stats`.
    public let origin: String
    /// Total split gain of each feature, in ``RankFeature`` order.
    public let gains: [Float]
    /// The logistic blend whose score is the ``RankFeature/blendScore`` feature (fitted on the trees' training
    /// members); nil leaves that feature 0.
    public let blend: BlendModel?

    init(affinity: [Float], trees: BoostedTrees?, isPreferred: Bool, origin: String, gains: [Float] = [],
         blend: BlendModel? = nil) {
        self.affinity = affinity
        self.blend = blend
        self.trees = trees
        self.isPreferred = isPreferred
        self.origin = origin
        self.gains = gains.isEmpty ? [Float](repeating: 0, count: RankFeature.allCases.count) : gains
    }

    /// A ranker with no trees: the candidates' features are computed (with `affinity`), nothing is scored.
    static func featuresOnly(_ affinity: [Float]) -> LearnedRanker {
        LearnedRanker(affinity: affinity, trees: nil, isPreferred: false, origin: "features only")
    }

    /// Whether it has trees to score with.
    public var isTrained: Bool { trees != nil }

    /// The model's bytes as stored (empty without trees).
    public var model: [UInt8] { trees?.model ?? [] }

    /// The trees' score of each candidate (nil without trees).
    /// - Complexity: O(candidates × trees × depth).
    func scores(_ candidates: [CandidateSignals]) -> [Float]? {
        guard let trees, !candidates.isEmpty else { return nil }
        let width = RankFeature.allCases.count
        var matrix: [Float] = []
        matrix.reserveCapacity(candidates.count * width)
        for candidate in candidates {
            precondition(candidate.features.count == width, "features computed for every candidate")
            matrix += candidate.features
            matrix[matrix.count - width + RankFeature.blendScore.rawValue] = blendScore(candidate.signals, candidate.pairs)
        }
        return trees.scores(matrix, rows: candidates.count)
    }

    /// The ``RankFeature/blendScore`` feature of one candidate.
    @inline(__always)
    func blendScore(_ signals: [Float], _ pairs: [Int32]) -> Float { blend?.score(signals, pairs: pairs) ?? 0 }

    /// Features by gain, largest first, as `name: share of the total gain`.
    public var gainSummary: String {
        let total = max(gains.reduce(0, +), 1e-12)
        return zip(RankFeature.names, gains).sorted { ($0.1, $1.0) > ($1.1, $0.0) }
            .map { "\($0.0) \(String(format: "%.1f", 100 * $0.1 / total))%" }.joined(separator: ", ")
    }

    /// What the `ranker` section holds.
    struct Stored: Codable {
        var version: Int
        var features: [String]
        var affinity: [Float]
        var isPreferred: Bool
        var origin: String
        var gains: [Float]
        /// Length and checksum (``IndexFile/checksum(_:)``) of the `ranker.trees` bytes: damage is caught here,
        /// before XGBoost parses anything.
        var modelBytes: Int
        var modelChecksum: String
        /// The blend read by the ``RankFeature/blendScore`` feature.
        var blend: BlendModel?
    }

    var stored: Stored {
        let bytes = model
        return Stored(version: Self.formatVersion, features: RankFeature.names, affinity: affinity,
                      isPreferred: isPreferred, origin: origin, gains: gains, modelBytes: bytes.count,
                      modelChecksum: Self.checksum(bytes), blend: blend)
    }

    /// The model bytes' checksum as stored: ``IndexFile/checksum(_:)`` in hexadecimal (JSON numbers lose 64-bit
    /// precision in some readers).
    static func checksum(_ bytes: [UInt8]) -> String {
        String(bytes.withUnsafeBytes { IndexFile.checksum($0) }, radix: 16)
    }

    /// The ranker of a `ranker` section and its `ranker.trees` bytes.
    /// - Throws: a message saying what is wrong (the caller names the file).
    static func decode(_ json: Data, model: [UInt8]) throws -> LearnedRanker {
        guard let stored = try? JSONDecoder().decode(Stored.self, from: json) else {
            throw MatchingError.corruptIndex("section 'ranker' is not a ranking model (expected JSON with version, "
                + "features, affinity, isPreferred, origin, gains, modelBytes, modelChecksum)")
        }
        guard stored.version == formatVersion else {
            throw MatchingError.corruptIndex("section 'ranker' is version \(stored.version), this qmatch reads "
                + "version \(formatVersion)")
        }
        guard stored.features == RankFeature.names else {
            throw MatchingError.corruptIndex("section 'ranker' was trained on other features (\(stored.features.count) "
                + "features, this qmatch computes \(RankFeature.allCases.count))")
        }
        guard stored.affinity.count == BlendModel.pairBuckets, stored.affinity.allSatisfy(\.isFinite),
              stored.gains.count == RankFeature.allCases.count, stored.gains.allSatisfy(\.isFinite) else {
            throw MatchingError.corruptIndex("section 'ranker' has a bad affinity table or gains (expected "
                + "\(BlendModel.pairBuckets) and \(RankFeature.allCases.count) finite values)")
        }
        if let blend = stored.blend {
            guard blend.weights.count == BlendModel.Signal.allCases.count, blend.pairWeights.count == BlendModel.pairBuckets,
                  blend.weights.allSatisfy(\.isFinite), blend.pairWeights.allSatisfy(\.isFinite) else {
                throw MatchingError.corruptIndex("section 'ranker' has a bad blend (expected "
                    + "\(BlendModel.Signal.allCases.count) weights and \(BlendModel.pairBuckets) pair weights, all finite)")
            }
        }
        guard stored.modelBytes == model.count, stored.modelChecksum == checksum(model) else {
            throw MatchingError.corruptIndex("section 'ranker.trees' is damaged (\(model.count) bytes, expected "
                + "\(stored.modelBytes) with the checksum in section 'ranker')")
        }
        let trees: BoostedTrees?
        if model.isEmpty {
            trees = nil
        } else {
            do { trees = try BoostedTrees(model: model, featureCount: RankFeature.allCases.count) } catch {
                throw MatchingError.corruptIndex("section 'ranker.trees': \(error)")
            }
        }
        return LearnedRanker(affinity: stored.affinity, trees: trees, isPreferred: stored.isPreferred && trees != nil,
                             origin: stored.origin, gains: stored.gains, blend: stored.blend)
    }
}
