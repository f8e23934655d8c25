import Foundation
@testable import QGraph

/// The networkx reference values of `ReferenceData.swift` (from `Benchmarks/peers/graph_reference.py`).
struct Reference: Decodable {
    struct Case: Decodable {
        let source: Int
        let scores: [String: [[Double]]]
        let ppr: [String: [Double]]

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            source = try container.decode(Int.self, forKey: Key(stringValue: "source"))
            ppr = try container.decode([String: [Double]].self, forKey: Key(stringValue: "ppr"))
            var scores: [String: [[Double]]] = [:]
            for method in ProximityMethod.allCases {
                scores[method.rawValue] = try container.decode([[Double]].self, forKey: Key(stringValue: method.rawValue))
            }
            self.scores = scores
        }
    }

    struct Louvain: Decodable {
        let seed: Int
        let modularity: Double
        let communities: Int
    }

    struct TestGraph: Decodable {
        let name: String
        let nodeCount: Int
        let ids: [String]
        let edges: [[Double]]
        let cases: [Case]
        let louvain: [Louvain]
        let parityModularity: Double

        func graph() throws -> Graph {
            try Graph(nodeCount: nodeCount, edges: edges.map {
                WeightedEdge(Int($0[0]), Int($0[1]), weight: Float($0[2]))
            })
        }
    }

    let networkx: String
    let graphs: [TestGraph]

    static let shared: Reference = {
        do {
            return try JSONDecoder().decode(Reference.self, from: Data(referenceJSON.utf8))
        } catch {
            fatalError("ReferenceData.swift does not decode: \(error)")  // a bug in the test data, not user input
        }
    }()
}
