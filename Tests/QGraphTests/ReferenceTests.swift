import Testing
@testable import QGraph

/// QGraph against the networkx values in `ReferenceData.swift`.
@Suite struct ReferenceTests {
    static let graphNames = Reference.shared.graphs.map(\.name)

    static func reference(_ name: String) -> Reference.TestGraph {
        Reference.shared.graphs.first { $0.name == name }!
    }

    @Test(arguments: graphNames)
    func twoHopScoresEqualNetworkx(_ name: String) throws {
        let reference = Self.reference(name)
        let graph = try reference.graph()
        var scorer = ProximityScorer(graph: graph)
        for testCase in reference.cases {
            for method in ProximityMethod.allCases {
                let ours = Dictionary(uniqueKeysWithValues: try scorer.scores(from: testCase.source, method: method)
                    .map { (Int($0.node), $0.score) })
                let expected = try #require(testCase.scores[method.rawValue])
                // networkx scores every non-neighbour; ours are the non-zero ones, and nothing else.
                #expect(Set(ours.keys).isSubset(of: Set(expected.map { Int($0[0]) })))
                for pair in expected {
                    let node = Int(pair[0])
                    let score = ours[node] ?? 0
                    #expect(abs(score - pair[1]) <= 1e-12 * max(1, abs(pair[1])),
                            "\(name) source \(testCase.source) \(method.rawValue) node \(node): \(score) vs \(pair[1])")
                }
            }
        }
    }

    @Test(arguments: graphNames)
    func personalizedPageRankMatchesNetworkx(_ name: String) throws {
        let reference = Self.reference(name)
        let graph = try reference.graph()
        var solver = PersonalizedPageRank(graph: graph)
        for testCase in reference.cases {
            for (damping, expected) in testCase.ppr {
                for threads in [1, 2] {
                    let options = PageRankOptions(damping: try #require(Double(damping)), threads: threads)
                    let result = try solver.scores(from: testCase.source, options: options)
                    let distance = zip(result.scores, expected).map { abs($0 - $1) }.reduce(0, +)
                    #expect(result.isConverged)
                    #expect(distance < 1e-4, "\(name) source \(testCase.source) damping \(damping): L1 \(distance)")
                    // Far tighter in practice: both sides iterate to about 1e-10 (weights are Float: about 1e-8).
                    #expect(distance < 1e-6, "\(name) source \(testCase.source) damping \(damping): L1 \(distance)")
                    #expect(abs(result.scores.reduce(0, +) - 1) < 1e-9)
                }
            }
        }
    }

    @Test(arguments: graphNames)
    func louvainModularityIsAtLeastNetworkx(_ name: String) throws {
        let reference = Self.reference(name)
        let graph = try reference.graph()
        let best = reference.louvain.map(\.modularity).max() ?? 0
        for seed in [1, 42, 2024] as [UInt64] {
            let found = try graph.communities(options: CommunityOptions(seed: seed))
            #expect(found.modularity >= best - 1e-12, "\(name) seed \(seed): \(found.modularity) < networkx \(best)")
            #expect(abs(try graph.modularity(labels: found.labels) - found.modularity) < 1e-12)
        }
    }

    @Test(arguments: graphNames)
    func modularityOfAFixedPartitionEqualsNetworkx(_ name: String) throws {
        let reference = Self.reference(name)
        let graph = try reference.graph()
        let parity = (0..<Int32(graph.nodeCount)).map { $0 % 2 }
        // Float weights: the modularity agrees to about 1e-9.
        #expect(abs(try graph.modularity(labels: parity) - reference.parityModularity) < 1e-7)
    }
}
