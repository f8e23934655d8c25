import Foundation
import QProfiles

/// Everything the matchers read, built by `qmatch build` and loaded by the CLI and the server: member ids
/// (row `i` is `ids[i]`), who is discoverable, the interest vectors and the model that folds in new text.
public struct MatchingIndex: Sendable {
    public let ids: [MemberID]
    public let discoverable: [Bool]
    public let interests: InterestMatrix
    public let model: InterestModel
    /// ISO 8601 time of the build.
    public let builtAt: String
    let rowOfID: [MemberID: Int]

    public init(ids: [MemberID], discoverable: [Bool], interests: InterestMatrix, model: InterestModel,
                builtAt: String) {
        precondition(ids.count == interests.rows && discoverable.count == ids.count)
        self.ids = ids
        self.discoverable = discoverable
        self.interests = interests
        self.model = model
        self.builtAt = builtAt
        var rows: [MemberID: Int] = [:]
        rows.reserveCapacity(ids.count)
        for (row, id) in ids.enumerated() { rows[id] = row }
        rowOfID = rows
    }

    /// The row of member `id`, or nil when the index does not hold them.
    public func row(of id: MemberID) -> Int? { rowOfID[id] }

    /// Builds the index from every member of the store.
    /// - Complexity: O(members × terms) to featurize plus the truncated SVD.
    public static func build(from store: ProfileStore, dimension: Int = 256, weights: FieldWeights = FieldWeights(),
                             threads: Int = 2) async throws -> MatchingIndex {
        var members: [Member] = []
        try await store.forEachMember { members.append($0) }
        let (model, vectors) = Featurizer.fit(members, weights: weights, dimension: dimension, threads: threads)
        return MatchingIndex(
            ids: members.map(\.id), discoverable: members.map(\.discoverable),
            interests: InterestMatrix(rows: members.count, dimension: dimension, values: vectors), model: model,
            builtAt: ISO8601DateFormatter().string(from: Date()))
    }
}
