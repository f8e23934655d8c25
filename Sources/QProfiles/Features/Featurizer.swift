import Foundation
import QLinearAlgebra

/// Profiles → weighted terms → TF-IDF → dense unit interest vectors (truncated SVD of the member × term
/// matrix), all members in one contiguous row-major matrix.
///
/// Terms carry their field: `topic:falls`, `method:pdsa`, `group:sig-falls`, `role:nurse`,
/// `sector:acute`, `region:wales`, `attr:team=ward a`, `w:falls` (a word), `b:inpatient falls` (a bigram).
/// Offers and needs add to `topic:` terms, so that "people like me" covers what members give and seek.
public enum Featurizer {
    /// The weighted terms of a profile (before IDF).
    public static func terms(of member: Member, weights: FieldWeights = FieldWeights()) -> [String: Float] {
        var terms: [String: Float] = [:]
        func add(_ term: String, _ weight: Float) {
            guard weight > 0 else { return }
            terms[term, default: 0] += weight
        }
        func addItems(_ items: [String], prefix: String, _ weight: Float) {
            for item in items {
                let key = item.lowercased()
                add(prefix + key, weight)
                for word in Tokenizer.words(key) { add("w:" + word, weight * weights.itemWords) }
            }
        }
        addItems(member.topics, prefix: "topic:", weights.topics)
        addItems(member.offers, prefix: "topic:", weights.offers)
        addItems(member.needs, prefix: "topic:", weights.needs)
        addItems(member.methods, prefix: "method:", weights.methods)
        for group in member.groups { add("group:" + group.lowercased(), weights.groups) }
        if !member.role.isEmpty { add("role:" + member.role.lowercased(), weights.role) }
        if !member.sector.isEmpty { add("sector:" + member.sector.lowercased(), weights.sector) }
        if !member.region.isEmpty { add("region:" + member.region.lowercased(), weights.region) }
        for (name, value) in member.attributes where !value.isEmpty {
            add("attr:" + name.lowercased() + "=" + value.lowercased(), weights.attributes)
        }
        addText(member.challenge, weights.challenge, weights: weights, into: &terms)
        addText(member.bio, weights.bio, weights: weights, into: &terms)
        return terms
    }

    /// The weighted terms of free text (a search query or a group's description).
    public static func terms(ofText text: String, weights: FieldWeights = FieldWeights()) -> [String: Float] {
        var terms: [String: Float] = [:]
        addText(text, 1, weights: weights, into: &terms)
        // A query that names a topic or method exactly also matches the structured field.
        let phrase = text.trimmed.lowercased()
        if !phrase.isEmpty {
            terms["topic:" + phrase, default: 0] += 1
            terms["method:" + phrase, default: 0] += 1
        }
        return terms
    }

    static func addText(_ text: String, _ weight: Float, weights: FieldWeights, into terms: inout [String: Float]) {
        guard weight > 0, !text.isEmpty else { return }
        let words = Tokenizer.words(text)
        for word in words { terms["w:" + word, default: 0] += weight }
        if weights.bigrams > 0 {
            for bigram in Tokenizer.bigrams(words) { terms["b:" + bigram, default: 0] += weight * weights.bigrams }
        }
    }

    /// Fits the model on `members` and returns it with their vectors (`members.count × dimension`).
    ///
    /// Vocabulary: terms in at least `minimumDocumentFrequency` members (1 below 50 members, else 2);
    /// words and bigrams in more than half of the members are dropped as uninformative. IDF is smoothed,
    /// `ln((1 + n) / (1 + df)) + 1`. Behaves for n < dimension, a tiny vocabulary, and members without
    /// terms (a zero vector, never NaN).
    /// - Complexity: O(total terms) + the randomized SVD's O(non-zeros × (dimension + 10)).
    public static func fit(_ members: [Member], weights: FieldWeights = FieldWeights(), dimension: Int = 256,
                           minimumDocumentFrequency: Int? = nil, threads: Int = 2) -> (model: InterestModel, vectors: [Float]) {
        precondition(dimension >= 1)
        let n = members.count
        // Pass 1: every member's weighted terms, with provisional ids.
        var ids: [String: Int32] = [:]
        var names: [String] = []
        var documentFrequency: [Int32] = []
        var offsets = [0]
        var columns: [Int32] = []
        var values: [Float] = []
        for member in members {
            for (term, weight) in terms(of: member, weights: weights) {
                let id: Int32
                if let known = ids[term] {
                    id = known
                } else {
                    id = Int32(names.count)
                    ids[term] = id
                    names.append(term)
                    documentFrequency.append(0)
                }
                documentFrequency[Int(id)] += 1
                columns.append(id)
                values.append(weight)
            }
            offsets.append(columns.count)
        }
        // Vocabulary, sorted by term so that the model is deterministic.
        let minimum = minimumDocumentFrequency ?? (n < 50 ? 1 : 2)
        let kept = names.indices.filter { id in
            let df = Int(documentFrequency[id])
            guard df >= minimum else { return false }
            let isText = names[id].hasPrefix("w:") || names[id].hasPrefix("b:")
            return !(isText && n >= 20 && df * 2 > n)
        }.sorted { names[$0] < names[$1] }
        var remap = [Int32](repeating: -1, count: names.count)
        for (column, id) in kept.enumerated() { remap[id] = Int32(column) }
        let vocabulary = kept.map { names[$0] }
        let idf = kept.map { Float(log(Double(1 + n) / Double(1 + Int(documentFrequency[$0]))) + 1) }
        // Pass 2: TF-IDF rows, unit length, columns sorted.
        var rowOffsets = [0]
        var rowColumns: [Int32] = []
        var rowValues: [Float] = []
        rowColumns.reserveCapacity(columns.count)
        rowValues.reserveCapacity(columns.count)
        for member in 0..<n {
            var entries: [(Int32, Float)] = []
            for e in offsets[member]..<offsets[member + 1] {
                let column = remap[Int(columns[e])]
                guard column >= 0 else { continue }
                entries.append((column, values[e] * idf[Int(column)]))
            }
            entries.sort { $0.0 < $1.0 }
            let norm = entries.reduce(Float(0)) { $0 + $1.1 * $1.1 }.squareRoot()
            for (column, value) in entries where norm > 0 {
                rowColumns.append(column)
                rowValues.append(value / norm)
            }
            rowOffsets.append(rowColumns.count)
        }
        let matrix = SparseMatrix(rows: n, columns: vocabulary.count, offsets: rowOffsets, indices: rowColumns,
                                  values: rowValues)
        let svd = RandomizedSVD(matrix, dimension: dimension, threads: threads)
        var vectors = matrix.multiply(svd.projection, width: dimension, threads: threads)
        normalizeRows(&vectors, rows: n, dimension: dimension)
        let model = InterestModel(weights: weights, dimension: dimension, terms: vocabulary, idf: idf,
                                  projection: svd.projection)
        return (model, vectors)
    }

    /// Scales each row to unit length; zero rows stay zero.
    static func normalizeRows(_ values: inout [Float], rows: Int, dimension: Int) {
        values.withUnsafeMutableBufferPointer { buffer in
            for row in 0..<rows {
                let start = row * dimension
                var sum: Float = 0
                for j in start..<(start + dimension) { sum += buffer[j] * buffer[j] }
                guard sum > 0, sum.isFinite else {
                    for j in start..<(start + dimension) { buffer[j] = 0 }
                    continue
                }
                let scale = 1 / sum.squareRoot()
                for j in start..<(start + dimension) { buffer[j] *= scale }
            }
        }
    }
}
