/// The pair features of the learned ranking: one row per (asker, candidate), in this order. Richer than the
/// blend's ``BlendModel/Signal``s: raw and normalised graph proximity at two scales, both members' degrees and
/// tie strengths, three-hop paths, and how this community's ties join attribute values (``PairAffinity``).
public enum RankFeature: Int, CaseIterable, Sendable {
    case content, commonNeighbours, weightedCommonNeighbours, adamicAdar, resourceAllocation, jaccard, pageRank
    case pageRankNear, threeHopPaths
    case askerDegree, candidateDegree, askerStrength, candidateStrength
    case theyCanHelp, youCanHelp, sharedGroups, sharedGroupCount
    case sameNation, sameSector, sameRole, sameRegion, sharedAttributes
    case pairAffinity, pairAffinityHigh, pairAffinityLow
    /// The logistic blend's score (``LearnedRanker/blend``), filled in by the ranker: the trees start from it.
    case blendScore

    public var name: String {
        switch self {
        case .content: "content"
        case .commonNeighbours: "common neighbours"
        case .weightedCommonNeighbours: "weighted common neighbours"
        case .adamicAdar: "adamic-adar"
        case .resourceAllocation: "resource allocation"
        case .jaccard: "jaccard"
        case .pageRank: "personalized pagerank (0.85)"
        case .pageRankNear: "personalized pagerank (0.5)"
        case .threeHopPaths: "three-hop paths"
        case .askerDegree: "asker degree"
        case .candidateDegree: "candidate degree"
        case .askerStrength: "asker tie strength"
        case .candidateStrength: "candidate tie strength"
        case .theyCanHelp: "they can help"
        case .youCanHelp: "you can help"
        case .sharedGroups: "shared groups (by size)"
        case .sharedGroupCount: "shared groups"
        case .sameNation: "same nation"
        case .sameSector: "same sector"
        case .sameRole: "same role"
        case .sameRegion: "same region"
        case .sharedAttributes: "shared attributes"
        case .pairAffinity: "attribute-pair affinity"
        case .pairAffinityHigh: "attribute-pair affinity (max)"
        case .pairAffinityLow: "attribute-pair affinity (min)"
        case .blendScore: "logistic blend"
        }
    }

    public static var names: [String] { allCases.map(\.name) }
}
