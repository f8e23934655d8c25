/// The ranking blend: a logistic model over the candidate's signals, plus learned weights for pairs of
/// categorical values (e.g. `role=nurse` × `role=doctor`), hashed into buckets so that the model can learn
/// which combinations of attributes connect in this community, not assume that sameness is what matters.
public struct BlendModel: Codable, Sendable, Hashable {
    /// One weight per entry of ``Signal``.
    public var weights: [Float]
    /// One weight per hashed pair bucket.
    public var pairWeights: [Float]
    /// How the model was made: "default" or "fitted on N examples (P positives)".
    public var origin: String

    public static let pairBuckets = 1024

    /// The signals of one candidate, in the order of ``weights``.
    public enum Signal: Int, CaseIterable, Sendable {
        case content, commonNeighbours, adamicAdar, resourceAllocation, pageRank, theyCanHelp, youCanHelp,
             helpsBothWays, sharedGroups, popularity, sameNation, sameSector, sameRole, sameRegion, bias

        public var name: String {
            switch self {
            case .content: "content"
            case .commonNeighbours: "common neighbours"
            case .adamicAdar: "adamic-adar"
            case .resourceAllocation: "resource allocation"
            case .pageRank: "personalized pagerank"
            case .theyCanHelp: "they can help"
            case .youCanHelp: "you can help"
            case .helpsBothWays: "helps both ways"
            case .sharedGroups: "shared groups"
            case .popularity: "popularity"
            case .sameNation: "same nation"
            case .sameSector: "same sector"
            case .sameRole: "same role"
            case .sameRegion: "same region"
            case .bias: "bias"
            }
        }
    }

    /// Hand-set weights: content first, then graph proximity, complementary intent and shared groups.
    public static let `default` = BlendModel(
        weights: [2.0, 0.8, 2.0, 0.6, 1.0, 0.5, 0.4, 0.4, 0.5, 0.1, 0, 0, 0, 0, 0],
        pairWeights: [Float](repeating: 0, count: pairBuckets), origin: "default")

    /// The blended score of one candidate's signals and pair buckets.
    @inline(__always)
    public func score(_ signals: [Float], pairs: [Int32]) -> Float {
        var total: Float = 0
        for i in 0..<min(signals.count, weights.count) { total += weights[i] * signals[i] }
        for bucket in pairs where Int(bucket) < pairWeights.count { total += pairWeights[Int(bucket)] }
        return total
    }

    /// Each signal's part of the score, for `--explain`.
    public func breakdown(_ signals: [Float], pairs: [Int32]) -> [(name: String, value: Float)] {
        var parts = Signal.allCases.compactMap { signal -> (String, Float)? in
            let value = weights[signal.rawValue] * signals[signal.rawValue]
            return value == 0 ? nil : (signal.name, value)
        }
        let pairTotal = pairs.reduce(Float(0)) { $0 + (Int($1) < pairWeights.count ? pairWeights[Int($1)] : 0) }
        if pairTotal != 0 { parts.append(("attribute pairs", pairTotal)) }
        return parts
    }

    /// The bucket of an unordered pair of category codes' texts (stable across runs: FNV-1a, not `Hasher`).
    public static func bucket(_ a: String, _ b: String) -> Int32 {
        let (low, high) = a <= b ? (a, b) : (b, a)
        var hasher = FNV1a()
        hasher.add(bytes: low.utf8)
        hasher.add(0x7C)
        hasher.add(bytes: high.utf8)
        return Int32(hasher.value % UInt64(pairBuckets))
    }
}
