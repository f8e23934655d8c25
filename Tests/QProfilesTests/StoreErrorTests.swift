import Foundation
import GRDB
import Testing
@testable import QProfiles

/// SQLite's failures reach callers in the project's words: refused changes as invalid input naming no part
/// of the schema, busy/locked/full/I/O as "unavailable" (retry later).
@Suite struct StoreErrorTests {
    static let schemaWords = ["CHECK", "constraint", "FOREIGN", "length(", "GLOB", "member.", "connection.", "SQL"]

    @Test(arguments: [ResultCode.SQLITE_CONSTRAINT_CHECK, .SQLITE_CONSTRAINT_FOREIGNKEY, .SQLITE_CONSTRAINT_PRIMARYKEY,
                      .SQLITE_CONSTRAINT_NOTNULL, .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT])
    func refusedChangesAreInvalidInputInOurWords(_ code: ResultCode) {
        let error = ProfileStore.translated(DatabaseError(resultCode: code, message: "CHECK constraint failed: "
            + "length(id) BETWEEN 1 AND 64 AND id NOT GLOB '*[^A-Za-z0-9._:-]*'", sql: "INSERT INTO member(id) VALUES (?)"))
        #expect(error.isInvalidInput && !error.isUnavailable)
        #expect(error.description.hasPrefix("refused by the store: "))
        for word in Self.schemaWords { #expect(!error.description.contains(word), "\(error.description)") }
    }

    @Test(arguments: [ResultCode.SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_IOERR_WRITE,
                      .SQLITE_CANTOPEN, .SQLITE_NOMEM, .SQLITE_READONLY])
    func busyLockedFullAndIOAreUnavailable(_ code: ResultCode) {
        let error = ProfileStore.translated(DatabaseError(resultCode: code, message: "disk I/O error on 'Ann Smith'"))
        #expect(error.isUnavailable && !error.isInvalidInput && !error.isNotFound)
        #expect(!error.description.contains("Ann"))
    }

    @Test func aConstraintFailureFromTheDatabaseNamesNoSchema() async throws {
        let (store, _) = try await Sample.store()
        let error = await #expect(throws: ProfileError.self) {
            try await store.write { db in
                try db.execute(sql: "INSERT INTO connection(source, target, weight) VALUES ('m1', 'm3', -1)")
            }
        }
        #expect(error?.isInvalidInput == true)
        for word in Self.schemaWords { #expect(error?.description.contains(word) == false, "\(error?.description ?? "")") }
    }

    @Test func aLockedDatabaseIsUnavailableNotInvalidInput() async throws {
        let temporary = try TemporaryDirectory()
        let path = temporary.file("q.sqlite")
        let store = try ProfileStore(path: path, busyTimeout: 0.2)
        try await store.upsert(Member(id: "a"))
        // Another process holds the write lock, on a thread of its own (no task of the pool is blocked).
        let other = try DatabaseQueue(path: path)
        let locked = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        Thread {
            try? other.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                locked.signal()
                release.wait()
                try db.execute(sql: "ROLLBACK")
            }
            done.signal()
        }.start()
        while locked.wait(timeout: .now()) == .timedOut { try await Task.sleep(for: .milliseconds(5)) }
        let error = await #expect(throws: ProfileError.self) { try await store.upsert(Member(id: "b")) }
        #expect(error?.isUnavailable == true, "\(String(describing: error))")
        #expect(error?.isInvalidInput == false)
        #expect(error?.description.contains("busy") == true)
        release.signal()
        while done.wait(timeout: .now()) == .timedOut { try await Task.sleep(for: .milliseconds(5)) }
        #expect(try await store.member("b") == nil)
        try await store.upsert(Member(id: "b"))   // and works again once the lock is gone
        #expect(try await store.member("b") != nil)
    }
}
