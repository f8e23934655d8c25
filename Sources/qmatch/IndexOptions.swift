import ArgumentParser
import Foundation
import QMatching
import QProfiles

/// `--db` and `--index`, for commands that read the index.
struct IndexOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions

    @Option(name: .customLong("index"), help: ArgumentHelp(
        "The index file.", discussion: "Default: beside the database, NAME.qindex.", valueName: "path"))
    var indexPath: String?

    var resolvedIndexPath: String { indexPath ?? IndexFile.defaultPath(forDatabase: store.database) }

    /// The store and the serving view: the index, with only members discoverable now shown, and members
    /// added since the build folded in.
    func open() async throws -> (ProfileStore, ServingView) {
        let profiles = try await store.openExisting()
        let index: MatchingIndex
        do { index = try IndexFile.read(resolvedIndexPath) } catch let error as MatchingError where error.isNotFound {
            throw MatchingError.notFound("\(resolvedIndexPath): no index here; run `qmatch build` first")
        }
        return (profiles, try await ServingView.current(index: index, store: profiles))
    }
}
