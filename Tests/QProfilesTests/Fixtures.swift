import Foundation
@testable import QProfiles
import StoreTesting

/// A temporary directory that removes itself.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "qmatch-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, bytes: Array(text.utf8))
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let target = file(name)
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }

    func subdirectory(_ name: String) throws -> String {
        let target = file(name)
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        return target
    }
}

/// Everything in a store, for before/after comparisons.
struct StoreSnapshot: Equatable {
    let members: [Member]
    let groups: [Group]
    let connections: [Connection]
    let feedback: [FeedbackRecord]

    init(_ store: ProfileStore) async throws {
        members = try await store.members(limit: 1_000_000)
        groups = try await store.groups()
        connections = try await store.connections()
        feedback = try await store.allFeedback()
    }
}

enum Sample {
    static let groups = """
        id,name,kind,description,keywords
        sig-falls,Falls prevention,sig,People reducing falls,falls;frailty
        lab-peer,Peer support lab,lab,"Q Lab 2018, peer support",peer support

        """
    static let members = """
        id,name,role,sector,region,organisation,topics,methods,offers,needs,groups,challenge,bio,joined,discoverable,team
        m1,Ada Lovelace,clinician,acute,Wales,Cardiff and Vale,falls;sepsis,PDSA,SPC,co-design,sig-falls,reducing falls,Nurse,2016-03-01,true,ward-a
        m2,Bob Smith,manager,primary-care,London,,frailty,Lean,,,sig-falls;lab-peer,,,2017-01-15,false,
        m3,Cara Jones,researcher,academic,Scotland,,dementia,,,,,,,,,ward-b

        """
    static let connections = """
        source,target,kind,weight,created
        m1,m2,connection,1,2018-01-01
        m2,m3,collaboration,2.5,2019-05-06T10:00:00Z

        """

    /// Feedback among the sample members (m1 dismissed m3 and saw them twice; m3 connected with m2).
    static let feedback = """
        member,other,action,count,first_at,last_at
        m1,m3,dismiss,1,2024-05-01T09:30:00Z,2024-05-01T09:30:00Z
        m1,m3,shown,2,2024-04-01T08:00:00Z,2024-05-01T09:00:00Z
        m3,m2,connected,1,2024-06-02T10:00:00Z,2024-06-02T10:00:00Z

        """

    /// A directory with the three sample files (and the feedback file, with `withFeedback`).
    static func directory(in temporary: TemporaryDirectory, name: String = "base",
                          withFeedback: Bool = false) throws -> String {
        try temporary.write("\(name)/groups.csv", groups)
        try temporary.write("\(name)/members.csv", members)
        try temporary.write("\(name)/connections.csv", connections)
        if withFeedback { try temporary.write("\(name)/feedback.csv", feedback) }
        return temporary.file(name)
    }

    /// Runs `body` with a store of `kind` holding the sample community (and its feedback, with `withFeedback`),
    /// and the temporary directory holding the files (`base/`).
    static func withStore<T>(_ kind: StoreKind, withFeedback: Bool = false,
                             _ body: (ProfileStore, TemporaryDirectory) async throws -> T) async throws -> T {
        let temporary = try TemporaryDirectory()
        let files = try directory(in: temporary, withFeedback: withFeedback)
        return try await StoreTesting.withStore(kind) { store in
            _ = try await store.importFiles(ImportSources(directory: files))
            return try await body(store, temporary)
        }
    }

    /// A store holding the sample community.
    static func store() async throws -> (ProfileStore, TemporaryDirectory) {
        let temporary = try TemporaryDirectory()
        let store = try ProfileStore(path: nil)
        _ = try await store.importFiles(ImportSources(directory: directory(in: temporary)))
        return (store, temporary)
    }
}
