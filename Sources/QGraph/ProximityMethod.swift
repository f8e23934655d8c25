import Foundation

/// The neighbourhood-overlap scores of a candidate `v` for a source `s`, over the unweighted structure
/// (`N(x)` is the set of neighbours of `x`, `|N(x)|` its degree; edge weights are ignored). On any graph they
/// equal the textbook definitions (and networkx's `common_neighbors`, `jaccard_coefficient`,
/// `adamic_adar_index`, `resource_allocation_index`).
public enum ProximityMethod: String, Sendable, Hashable, CaseIterable {
    /// `|N(s) ∩ N(v)|`.
    case commonNeighbours = "common-neighbours"
    /// `|N(s) ∩ N(v)| / |N(s) ∪ N(v)|`.
    case jaccard
    /// `Σ over w in N(s) ∩ N(v) of 1 / ln |N(w)|`.
    case adamicAdar = "adamic-adar"
    /// `Σ over w in N(s) ∩ N(v) of 1 / |N(w)|`.
    case resourceAllocation = "resource-allocation"

    /// What one common neighbour of degree `degree` (at least 2) adds to the sum.
    @inline(__always)
    func contribution(ofDegree degree: Int) -> Double {
        switch self {
        case .commonNeighbours, .jaccard: 1
        case .adamicAdar: 1 / log(Double(degree))
        case .resourceAllocation: 1 / Double(degree)
        }
    }
}
