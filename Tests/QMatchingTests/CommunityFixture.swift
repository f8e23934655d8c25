import Foundation
@testable import QMatching
@testable import QProfiles

/// A generated community in an in-memory store, with its index.
struct CommunityFixture {
    let store: ProfileStore
    let index: MatchingIndex
    let directory: Scratch

    static func make(members: Int = 300, seed: UInt64 = 3, dimension: Int = 32) async throws -> CommunityFixture {
        let directory = try Scratch()
        _ = try CommunityGenerator(members: members, seed: seed).write(to: directory.path, format: .csv)
        let store = try ProfileStore(path: nil)
        _ = try await store.importFiles(ImportSources(directory: directory.path))
        let index = try await MatchingIndex.build(from: store, dimension: dimension)
        return CommunityFixture(store: store, index: index, directory: directory)
    }

    func view() async throws -> ServingView { try await ServingView.current(index: index, store: store) }

    func service() async throws -> RecommendationService {
        RecommendationService(store: store, view: try await view())
    }
}
