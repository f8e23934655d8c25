import Foundation
import Testing
@testable import QProfiles

@Suite struct FeedbackTests {
    @Test func connectedKeepsAStrongerExistingTie() async throws {
        let (store, _) = try await Sample.store()   // m2–m3 collaboration 2.5; m1–m2 connection 1 (2018-01-01)
        try await store.add(Connection("m1", "m3", weight: 4, created: "2019-05-01"))
        try await store.recordFeedback(member: "m3", other: "m1", action: .connected)
        let tie = try await store.connections().first { $0.source == "m1" && $0.target == "m3" }
        #expect(tie == Connection("m1", "m3", weight: 4, created: "2019-05-01"))
        #expect(try await store.feedback(of: "m3") == ["m1": [.connected: 1]])
    }

    @Test func connectedRecordsANewTieDatedToday() async throws {
        let (store, _) = try await Sample.store()
        let date = ISO8601DateFormatter().date(from: "2024-06-07T10:00:00Z")!
        try await store.recordFeedback(member: "m3", other: "m1", action: .connected, at: date)
        let tie = try await store.connections().first { $0.source == "m1" && $0.target == "m3" }
        #expect(tie == Connection("m1", "m3", weight: 1, created: "2024-06-07"))
    }

    @Test func connectedToAnUnknownMemberChangesNothing() async throws {
        let (store, _) = try await Sample.store()
        let before = try await StoreSnapshot(store)
        await #expect(throws: ProfileError.self) {
            try await store.recordFeedback(member: "m1", other: "ghost", action: .connected)
        }
        await #expect(throws: ProfileError.self) {
            try await store.recordFeedback(member: "m1", other: "m1", action: .connected)
        }
        #expect(try await StoreSnapshot(store) == before)
    }

    @Test func undoRemovesTheMembersFeedbackAboutTheOther() async throws {
        let (store, _) = try await Sample.store()
        try await store.recordFeedback(member: "m1", other: "m3", action: .dismiss)
        try await store.recordFeedback(member: "m1", other: "m3", action: .shown)
        try await store.recordFeedback(member: "m3", other: "m1", action: .dismiss)
        #expect(try await store.removeFeedback(member: "m1", other: "m3") == 2)
        #expect(try await store.feedback(of: "m1").isEmpty)
        #expect(try await store.feedback(of: "m3") == ["m1": [.dismiss: 1]])
        #expect(try await store.removeFeedback(member: "m1", other: "m3") == 0)
        let error = await #expect(throws: ProfileError.self) { try await store.removeFeedback(member: "m1", other: "x") }
        #expect(error?.isNotFound == true)
    }

    @Test func importsFeedbackAndReimportingChangesNothing() async throws {
        let (store, temporary) = try await Sample.store()
        let path = try temporary.write("f/feedback.csv", """
            member,other,action,count,first_at,last_at
            m1,m3,dismiss,1,2024-01-02T03:04:05Z,2024-01-02T03:04:05Z
            m1,m3,shown,4,2024-01-01T00:00:00Z,2024-02-01T00:00:00Z
            m3,m2,connected,,2024-03-01,2024-03-01

            """)
        let report = try await store.importFiles(ImportSources(feedback: path))
        #expect(report.feedback == 3)
        #expect(try await store.feedback(of: "m1") == ["m3": [.dismiss: 1, .shown: 4]])
        let before = try await StoreSnapshot(store)
        _ = try await store.importFiles(ImportSources(feedback: path))
        #expect(try await StoreSnapshot(store) == before)
    }

    static let header = "member,other,action,count,first_at,last_at\n"
    static let stamp = "2024-01-01T00:00:00Z"

    @Test(arguments: [
        (header + "m1,ghost,dismiss,1,\(stamp),\(stamp)\n", "feedback.csv:2: column 'other': unknown member 'ghost'"),
        (header + "m1,m1,dismiss,1,\(stamp),\(stamp)\n", "feedback.csv:2: column 'other': 'm1' is the member itself"),
        (header + "m1,m3,liked,1,\(stamp),\(stamp)\n", "feedback.csv:2: column 'action': 'liked' is not an action "
            + "(expected one of dismiss, connected, shown)"),
        (header + "m1,m3,shown,0,\(stamp),\(stamp)\n", "feedback.csv:2: column 'count': '0' is not a count"),
        (header + "m1,m3,shown,2.5,\(stamp),\(stamp)\n", "feedback.csv:2: column 'count': '2.5' is not a count"),
        (header + "m1,m3,shown,1,yesterday,\(stamp)\n", "feedback.csv:2: column 'first_at': 'yesterday' is not a valid date-time"),
        (header + "m1,m3,shown,1,\(stamp),\n", "feedback.csv:2: column 'last_at': missing"),
        (header + "m1,m3,shown,1,2024-02-01T00:00:00Z,\(stamp)\n", "feedback.csv:2: column 'last_at': '\(stamp)' is before first_at"),
        (header + "m1,m3,shown,1,\(stamp),\(stamp)\nm1,m3,shown,2,\(stamp),\(stamp)\n",
         "feedback.csv:3: column 'action': repeats the feedback of line 2"),
        ("member,other,count\nm1,m3,1\n", "feedback.csv:1: column 'action': missing from the header"),
    ])
    func rejectsBadFeedbackRows(_ text: String, _ expected: String) async throws {
        let (store, temporary) = try await Sample.store()
        let path = try temporary.write("feedback.csv", text)
        let before = try await StoreSnapshot(store)
        let error = await #expect(throws: ProfileError.self) {
            try await store.importFiles(ImportSources(feedback: path))
        }
        #expect(error?.description.contains(expected) == true, "\(error?.description ?? "no error")")
        #expect(try await StoreSnapshot(store) == before)
    }
}
