import Foundation
import Testing
import QLinearAlgebra
@testable import QMatching
@testable import QProfiles

/// The learned ranking (XGBoost trees): it learns a planted rule, round-trips through the index file byte for
/// byte, is refused when damaged, and gives way to the blend when history is thin.
@Suite struct LearnedRankingTests {
    /// Wards of 30 (12 of them): every member makes three ties to members of another role (an extra attribute)
    /// on their own ward (another extra attribute), on random days, so the newest ties, which training hides,
    /// are spread over the members. Content similarity, which rewards sameness, points the wrong way.
    static let ward: (members: [Member], connections: [Connection]) = {
        var rng = SeededRandom(seed: 17)
        let roles = ["nurse", "doctor", "patient"]
        let count = 360, wardSize = 30
        let members = (0..<count).map { i in
            Member(id: String(format: "w%03d", i), topics: ["ward care"],
                   attributes: ["role-on-ward": roles[i % 3], "ward": "ward-\(i / wardSize)"])
        }
        var connections: [Connection] = []
        for i in 0..<count {
            let first = i / wardSize * wardSize
            for _ in 0..<3 {
                var j = first + Int.random(in: 0..<wardSize, using: &rng)
                while j % 3 == i % 3 { j = first + Int.random(in: 0..<wardSize, using: &rng) }
                let day = Int.random(in: 0..<336, using: &rng)
                connections.append(Connection(members[i].id, members[j].id,
                                              created: String(format: "2020-%02d-%02d", 1 + day / 28, 1 + day % 28)))
            }
        }
        return (members, connections)
    }()

    /// The ward's index, built once for the tests that only read it.
    static let builtWard: MatchingIndex = {
        do { return try MatchingIndex.build(members: ward.members, connections: ward.connections, dimension: 8) } catch {
            preconditionFailure("the ward index builds: \(error)")
        }
    }()

    static func wardIndex() throws -> MatchingIndex { builtWard }

    @Test func treesLearnAPlantedRuleThatTrivialOrderingsMiss() throws {
        let report = try Evaluation.run(members: Self.ward.members, connections: Self.ward.connections, mode: .temporal,
                                        fraction: 0.2, seed: 1, k: 10, dimension: 8,
                                        methods: [.random, .content, .fittedBlend, .learnedRanking])
        let ndcg = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.method, $0.ndcg) })
        let learned = try #require(ndcg["learned-ranking"])
        #expect(report.ranker.hasPrefix("gradient-boosted trees"), "\(report.ranker)")
        #expect(learned > 1.5 * (ndcg["random"] ?? 1), "\(ndcg)")
        #expect(learned > 1.5 * (ndcg["content"] ?? 1), "\(ndcg)")
        #expect(report.candidateRecall > 0 && report.candidateRecall <= 1)
        // Rankings of the candidates find no more hidden ties than the candidates hold.
        for row in report.rows where ["fitted-blend", "learned-ranking"].contains(row.method) {
            #expect(row.recall <= report.candidateRecall + 1e-9, "\(row.method): \(row.recall) > \(report.candidateRecall)")
        }

        // And on the full index: what it suggests follows the planted rule (other roles).
        let index = try Self.wardIndex()
        let ranker = try #require(index.ranker)
        let recommender = Recommender(view: ServingView(index: index), blend: .default, ranker: ranker)
        var crossRole = 0, total = 0
        for row in 0..<30 {
            for candidate in recommender.recommend(row: row, limit: 5, rerank: false) {
                total += 1
                if candidate.row % 3 != row % 3 { crossRole += 1 }
            }
        }
        #expect(total > 0 && Double(crossRole) / Double(total) > 0.9, "\(crossRole) of \(total) cross roles")
        // The pair-affinity feature, which reads the rule, carries gain.
        #expect(ranker.gains[RankFeature.pairAffinity.rawValue] + ranker.gains[RankFeature.pairAffinityHigh.rawValue]
                + ranker.gains[RankFeature.pairAffinityLow.rawValue] > 0)
    }

    @Test func theModelRoundTripsThroughTheIndexFileByteForByte() throws {
        let scratch = try Scratch()
        let index = try Self.wardIndex()
        let ranker = try #require(index.ranker)
        #expect(ranker.isTrained && !ranker.model.isEmpty)
        let loaded = try IndexFile.write(index, to: scratch.file("w.qindex"))
        let back = try #require(loaded.ranker)
        #expect(back.model == ranker.model)
        #expect(back.trees?.saved() == ranker.model)   // XGBoost saves the loaded trees to the same bytes
        #expect(back.affinity == ranker.affinity && back.gains == ranker.gains && back.isPreferred == ranker.isPreferred)
        let again = try IndexFile.sections(of: loaded), first = try IndexFile.sections(of: index)
        for name in ["ranker", "ranker.trees"] {
            #expect(again.first { $0.name == name }?.data == first.first { $0.name == name }?.data, "\(name)")
        }
        // The same scores before and after.
        let before = Recommender(view: ServingView(index: index), blend: .default, ranker: ranker)
        let after = Recommender(view: ServingView(index: loaded), blend: .default, ranker: back)
        for row in [0, 7, 100] {
            #expect(before.recommend(row: row, limit: 10).map(\.row) == after.recommend(row: row, limit: 10).map(\.row))
            #expect(before.recommend(row: row, limit: 10).map(\.score) == after.recommend(row: row, limit: 10).map(\.score))
        }
    }

    @Test(arguments: [
        ("truncated trees", "section 'ranker.trees' is damaged"),
        ("trees of garbage", "section 'ranker.trees' is damaged"),
        ("garbage trees with a matching checksum", "XGBoost cannot read the ranking model"),
        ("ranker of another version", "version 99"),
        ("ranker of other features", "trained on other features"),
        ("affinity too short", "bad affinity table"),
        ("trees missing", "section 'ranker.trees' is missing"),
    ])
    func refusesADamagedModel(_ damage: String, _ expected: String) throws {
        let scratch = try Scratch()
        var sections = IndexSections(list: try IndexFile.sections(of: try Self.wardIndex()))
        func editRanker(_ edit: (inout [String: Any]) -> Void) {
            var object = try! JSONSerialization.jsonObject(with: sections[section: "ranker"]) as! [String: Any]
            edit(&object)
            sections[section: "ranker"] = try! JSONSerialization.data(withJSONObject: object)
        }
        switch damage {
        case "truncated trees": sections[section: "ranker.trees"] = sections[section: "ranker.trees"].prefix(40)
        case "trees of garbage": sections[section: "ranker.trees"] = Data((0..<500).map { UInt8($0 % 251) })
        case "garbage trees with a matching checksum":
            // A crafted file: the checksums agree, so XGBoost itself must refuse the bytes.
            let garbage = Data(#"{"learner": 12, "version": [1, 7, 4]}"#.utf8)
            sections[section: "ranker.trees"] = garbage
            editRanker {
                $0["modelBytes"] = garbage.count
                $0["modelChecksum"] = LearnedRanker.checksum(Array(garbage))
            }
        case "ranker of another version": editRanker { $0["version"] = 99 }
        case "ranker of other features": editRanker { $0["features"] = ["content"] }
        case "affinity too short": editRanker { $0["affinity"] = [0.5] }
        default: sections.list.removeAll { $0.name == "ranker.trees" }
        }
        try IndexFileCorruptionTests.write(sections.list, to: scratch.file("q.qindex"))
        let error = #expect(throws: MatchingError.self) { try IndexFile.read(scratch.file("q.qindex")) }
        #expect(error?.isCorruptIndex == true)
        #expect(error?.description.contains(expected) == true, "got: \(error?.description ?? "")")
        #expect(error?.description.hasSuffix("run `qmatch build` to make a new index") == true)
    }

    @Test func thinHistoryFallsBackToTheBlend() throws {
        let (members, connections) = Self.ward
        let sorted = members.sorted { $0.id < $1.id }
        let index = try MatchingIndex.build(members: sorted, connections: connections, dimension: 8, learnRanking: false)
        // Too few members with a hidden tie among their candidates for the trees: the blend alone is fitted.
        let fit = RankingFitter.fit(members: sorted, connections: connections, interests: index.interests,
                                    facts: index.facts, maxQueries: RankingFitter.minimumQueries - 1)
        #expect(fit.ranker == nil)
        let thin = MatchingIndex(ids: index.ids, discoverable: index.discoverable, interests: index.interests,
                                 model: index.model, facts: index.facts, graph: index.graph, blend: fit.blend,
                                 ranker: fit.ranker, builtAt: "")
        let recommender = Recommender(view: ServingView(index: thin))
        #expect(recommender.ranker == nil && recommender.blend == fit.blend ?? .default)
        #expect(!recommender.recommend(row: 0, limit: 5).isEmpty)
    }

    @Test func aRankerTheBuildDidNotChooseIsNotUsed() throws {
        let index = try Self.wardIndex()
        let ranker = try #require(index.ranker)
        let unchosen = LearnedRanker(affinity: ranker.affinity, trees: ranker.trees, isPreferred: false,
                                     origin: ranker.origin, gains: ranker.gains)
        let withUnchosen = MatchingIndex(ids: index.ids, discoverable: index.discoverable, interests: index.interests,
                                         model: index.model, facts: index.facts, graph: index.graph, blend: index.blend,
                                         ranker: unchosen, builtAt: "")
        #expect(Recommender(view: ServingView(index: withUnchosen)).ranker == nil)
        let withChosen = MatchingIndex(ids: index.ids, discoverable: index.discoverable, interests: index.interests,
                                       model: index.model, facts: index.facts, graph: index.graph, blend: index.blend,
                                       ranker: LearnedRanker(affinity: ranker.affinity, trees: ranker.trees,
                                                             isPreferred: true, origin: "", gains: ranker.gains),
                                       builtAt: "")
        #expect(Recommender(view: ServingView(index: withChosen)).ranker?.isTrained == true)
        #expect(Recommender(view: ServingView(index: withChosen), useFittedBlend: false).ranker == nil)
        #expect(Recommender(view: ServingView(index: withChosen)).blendName == "learned")
    }

    /// Candidates arrive positives first. XGBoost breaks equal scores by row order, so unless the rows are
    /// shuffled the untrained model scores a perfect held-out NDCG, early stopping keeps one round, and the
    /// trees lose to the blend (as the first version did on every generated community).
    @Test func earlyStoppingIsNotFooledByTheOrderOfTheCandidates() throws {
        var generator = SeededGenerator(seed: 5)
        let width = RankFeature.allCases.count
        func noise() -> Float { Float.random(in: -1...1, using: &generator) }
        let queries = (0..<240).map { _ in
            (0..<42).map { i -> BlendFitter.Example in
                let label = i < 2
                var features = (0..<width).map { _ in noise() }
                features[RankFeature.content.rawValue] = (label ? 0.6 : 0) + noise()
                features[RankFeature.adamicAdar.rawValue] = (label ? 0.6 : 0) + noise()
                return BlendFitter.Example(signals: [], pairs: [], features: features, label: label)
            }
        }
        let (_, report) = try RankingFitter.trainTrees(queries, seed: 3, maxRounds: 60, threads: 1)
        #expect(report.rounds > 5, "kept \(report.rounds) rounds; held-out NDCG by round \(report.heldOutNDCG.prefix(5))")
        #expect(report.heldOutNDCG[0] < 0.9)
    }

    /// Queries score with the trees evaluated in Swift (no lock, no library call); they must give XGBoost's own
    /// predictions: on random rows, on the ward's real candidates, on values exactly at split thresholds
    /// (where `<` against `≤` decides), and on missing values.
    @Test func theTreesInSwiftScoreExactlyAsXGBoostDoes() throws {
        var generator = SeededGenerator(seed: 11)
        let width = RankFeature.allCases.count
        let queries = (0..<120).map { _ in
            (0..<30).map { i -> BlendFitter.Example in
                let label = i < 3
                var features = (0..<width).map { _ in Float(Int.random(in: 0...4, using: &generator)) / 4 }
                features[RankFeature.content.rawValue] += label ? 0.5 : 0
                features[RankFeature.commonNeighbours.rawValue] = Float.random(in: -1...1, using: &generator)
                return BlendFitter.Example(signals: [], pairs: [], features: features, label: label)
            }
        }
        let (trees, _) = try RankingFitter.trainTrees(queries, seed: 4, maxRounds: 40, threads: 1)
        let ensemble = trees.ensemble
        #expect(ensemble.treeCount > 1)
        var rows: [Float] = []
        // Random rows; rows whose every value is some split's threshold; rows with missing values.
        let thresholds = zip(ensemble.left, ensemble.condition).filter { $0.0 >= 0 }.map(\.1)
        #expect(!thresholds.isEmpty)
        for r in 0..<600 {
            for _ in 0..<width {
                switch r % 3 {
                case 0: rows.append(Float.random(in: -1.5...1.5, using: &generator))
                case 1: rows.append(thresholds.randomElement(using: &generator)!)
                default: rows.append(Bool.random(using: &generator) ? .nan : Float.random(in: -1...1, using: &generator))
                }
            }
        }
        let mine = trees.scores(rows, rows: 600), theirs = trees.libraryScores(rows, rows: 600)
        #expect(mine.count == 600 && theirs.count == 600)
        let off = zip(mine, theirs).filter { abs($0 - $1) > 1e-6 * max(1, abs($1)) }
        #expect(off.isEmpty, "\(off.count) of 600 rows differ, e.g. \(off.prefix(3))")
        // The ward's own model on its candidates' features.
        let index = try Self.wardIndex()
        let wardTrees = try #require(index.ranker?.trees)
        let recommender = Recommender(view: ServingView(index: index), blend: .default, ranker: index.ranker)
        for row in [0, 31, 200] {
            let candidates = recommender.view.lookups.scratches.withScratch { scratch in
                recommender.generate(row: row, profile: recommender.view.profile(row), excluded: [], filters: .init(),
                                     scratch: scratch)
            }
            let matrix = candidates.flatMap(\.features)
            #expect(!matrix.isEmpty)
            let a = wardTrees.scores(matrix, rows: candidates.count)
            let b = wardTrees.libraryScores(matrix, rows: candidates.count)
            #expect(zip(a, b).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) }, "row \(row)")
        }
    }

    /// A model whose trees point outside themselves is refused when read, not followed.
    @Test func aTreeThatPointsOutsideItselfIsRefused() throws {
        let model = #"{"learner":{"learner_model_param":{"base_score":"5E-1"},"gradient_booster":{"name":"gbtree","model":{"trees":[{"left_children":[1,-1,-1],"right_children":[7,-1,-1],"split_indices":[0,0,0],"split_conditions":[0.5,1,2],"default_left":[1,0,0],"split_type":[0,0,0]}]}}}}"#
        #expect(throws: MatchingError.self) { try TreeEnsemble(json: Data(model.utf8), featureCount: 3) }
        let fine = model.replacingOccurrences(of: "[7,-1,-1]", with: "[2,-1,-1]")
        let ensemble = try TreeEnsemble(json: Data(fine.utf8), featureCount: 3)
        #expect(ensemble.scores([0.2, 0, 0, 0.5, 0, 0, .nan, 0, 0], rows: 3) == [1.5, 2.5, 1.5])
        let otherFeature = fine.replacingOccurrences(of: "\"split_indices\":[0,0,0]", with: "\"split_indices\":[5,0,0]")
        #expect(throws: MatchingError.self) { try TreeEnsemble(json: Data(otherFeature.utf8), featureCount: 3) }
        // A cycle (node 1 splits and points back to the root) is refused rather than followed for ever.
        let cycle = #"{"learner":{"learner_model_param":{"base_score":"5E-1"},"gradient_booster":{"name":"gbtree","model":{"trees":[{"left_children":[1,0,-1],"right_children":[2,2,-1],"split_indices":[0,0,0],"split_conditions":[0.5,0.5,2],"default_left":[1,0,0],"split_type":[0,0,0]}]}}}}"#
        #expect(throws: MatchingError.self) { try TreeEnsemble(json: Data(cycle.utf8), featureCount: 3) }
        // Children numbered below their parent (ids of pruned nodes reused) are a tree all the same.
        let reused = #"{"learner":{"learner_model_param":{"base_score":"0"},"gradient_booster":{"name":"gbtree","model":{"trees":[{"left_children":[3,-1,-1,1,-1],"right_children":[4,-1,-1,2,-1],"split_indices":[0,0,0,1,0],"split_conditions":[0.5,10,20,0.5,40],"default_left":[1,0,0,0,0],"split_type":[0,0,0,0,0]}]}}}}"#
        let lowered = try TreeEnsemble(json: Data(reused.utf8), featureCount: 3)
        #expect(lowered.scores([0.2, 0.7, 0, 0.2, 0.1, 0, 0.9, 0, 0], rows: 3) == [20, 10, 40])
    }

    /// The trees are chosen only by a lead larger than its standard error over the held-out members: a small
    /// lead among noisy members is not enough, the same lead made by most members is.
    @Test func theTreesAreChosenOnlyByAClearLead() {
        var generator = SeededGenerator(seed: 2)
        let blend = (0..<300).map { _ in Double.random(in: 0...1, using: &generator) }
        // Noise: the same mean lead (+0.014), member by member all over the place.
        let noisy = blend.indices.map { blend[$0] + 0.014 + ($0 % 2 == 0 ? 0.3 : -0.3) }
        let noisyLead = RankingFitter.PairedLead(noisy, over: blend)
        #expect(!noisyLead.isClear, "\(noisyLead.mean) ± \(noisyLead.standardError)")
        // A steady lead of the same size.
        let steady = blend.map { $0 + 0.014 + Double.random(in: -0.02...0.02, using: &generator) }
        let steadyLead = RankingFitter.PairedLead(steady, over: blend)
        #expect(steadyLead.isClear && abs(steadyLead.mean - 0.014) < 0.005)
        // Behind, or no members: never chosen.
        #expect(!RankingFitter.PairedLead(blend, over: steady).isClear)
        #expect(!RankingFitter.PairedLead([], over: []).isClear)
        #expect(!RankingFitter.PairedLead([0.5], over: [0.1]).isClear)
    }

    @Test func theBlendsNameIsOneOfTheDocumentedValues() throws {
        let view = ServingView(index: try Self.wardIndex())
        var chosen = BlendFitter.single(.adamicAdar)
        chosen.origin += " blend, chosen by 3-fold cross-validation on 400 members"
        var pageRank = BlendFitter.single(.pageRank)
        pageRank.origin += " blend, chosen by 3-fold cross-validation on 400 members"
        let fitted = BlendModel(weights: BlendModel.default.weights, pairWeights: BlendModel.default.pairWeights,
                                origin: "fitted blend, chosen by 3-fold cross-validation on 400 members")
        let names = [BlendModel.default, fitted, chosen, pageRank].map {
            Recommender(view: view, blend: $0, ranker: nil).blendName
        }
        #expect(names == ["default", "fitted", "adamic-adar", "pagerank"])
        #expect(Set(names + ["learned"]) == Set(Recommender.blendNames))
    }

    @Test func hiddenMembersAreNeverSuggestedByTheTrees() throws {
        var (members, connections) = Self.ward
        for i in stride(from: 0, to: members.count, by: 5) { members[i].discoverable = false }
        let index = try MatchingIndex.build(members: members, connections: connections, dimension: 8)
        let ranker = try #require(index.ranker)
        let recommender = Recommender(view: ServingView(index: index), blend: .default, ranker: ranker)
        for row in 0..<40 {
            #expect(recommender.recommend(row: row, limit: 10).allSatisfy { index.discoverable[$0.row] })
        }
    }

    @Test func pairAffinityReadsHeterophily() throws {
        let index = try Self.wardIndex()
        let table = try #require(index.ranker).affinity
        let cross = table[Int(BlendModel.bucket("attr:role-on-ward=nurse", "attr:role-on-ward=doctor"))]
        let same = table[Int(BlendModel.bucket("attr:role-on-ward=nurse", "attr:role-on-ward=nurse"))]
        #expect(cross > 0 && same < 0, "nurse × doctor \(cross), nurse × nurse \(same)")
    }
}
