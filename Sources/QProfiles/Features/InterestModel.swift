import QLinearAlgebra

/// The fitted featurizer: vocabulary, IDF and the projection to dense interest vectors. Kept in the index,
/// so that a new or edited profile, or a free-text query, folds in without a rebuild.
public struct InterestModel: Sendable {
    public let weights: FieldWeights
    public let dimension: Int
    /// Column `j` of the term space is `terms[j]`.
    public let terms: [String]
    public let idf: [Float]
    /// `terms.count × dimension`, row-major.
    public let projection: [Float]
    let termIndex: [String: Int]

    /// The column of `term`, or nil when it is not in the vocabulary.
    public func column(of term: String) -> Int? { termIndex[term] }

    public init(weights: FieldWeights, dimension: Int, terms: [String], idf: [Float], projection: [Float]) {
        precondition(idf.count == terms.count && projection.count == terms.count * dimension)
        self.weights = weights
        self.dimension = dimension
        self.terms = terms
        self.idf = idf
        self.projection = projection
        var index: [String: Int] = [:]
        index.reserveCapacity(terms.count)
        for (i, term) in terms.enumerated() { index[term] = i }
        termIndex = index
    }

    /// The TF-IDF row of weighted terms (unit length, sorted by column); unknown terms are dropped.
    public func tfidf(_ weightedTerms: [String: Float]) -> [(column: Int, value: Float)] {
        var row: [(column: Int, value: Float)] = []
        for (term, weight) in weightedTerms {
            guard let column = termIndex[term] else { continue }
            row.append((column, weight * idf[column]))
        }
        // Summed in column order, not the dictionary's: its order differs between two equal dictionaries, and
        // the same member folded in twice must give the same vector to the last bit.
        row.sort { $0.column < $1.column }
        var norm: Float = 0
        for entry in row { norm += entry.value * entry.value }
        guard norm > 0 else { return [] }
        let scale = 1 / norm.squareRoot()
        return row.map { ($0.column, $0.value * scale) }
    }

    /// The unit interest vector of weighted terms; all zeros when none is in the vocabulary.
    /// - Complexity: O(terms × dimension).
    public func vector(_ weightedTerms: [String: Float]) -> [Float] {
        var vector = [Float](repeating: 0, count: dimension)
        for (column, value) in tfidf(weightedTerms) {
            let base = column * dimension
            for j in 0..<dimension { vector[j] += value * projection[base + j] }
        }
        return Self.normalized(vector)
    }

    /// The interest vector of a member, folded in.
    public func vector(for member: Member) -> [Float] { vector(Featurizer.terms(of: member, weights: weights)) }

    /// The interest vector of a free-text description, folded in.
    public func vector(forText text: String) -> [Float] { vector(Featurizer.terms(ofText: text, weights: weights)) }

    /// `vector` scaled to unit length; all zeros when it is zero or not finite.
    public static func unit(_ vector: [Float]) -> [Float] { normalized(vector) }

    static func normalized(_ vector: [Float]) -> [Float] {
        var sum: Float = 0
        for value in vector { sum += value * value }
        guard sum > 0, sum.isFinite else { return [Float](repeating: 0, count: vector.count) }
        let scale = 1 / sum.squareRoot()
        return vector.map { $0 * scale }
    }
}
