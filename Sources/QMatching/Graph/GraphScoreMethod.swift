import QGraph

/// How `qmatch graph scores` ranks the members not yet connected to a source.
public enum GraphScoreMethod: String, Sendable, Hashable, CaseIterable, Codable {
    case commonNeighbours = "common-neighbours"
    case jaccard
    case adamicAdar = "adamic-adar"
    case resourceAllocation = "resource-allocation"
    /// Personalized PageRank (weighted).
    case ppr

    /// The two-hop neighbourhood method, or nil for personalized PageRank.
    public var proximity: ProximityMethod? { ProximityMethod(rawValue: rawValue) }
}
