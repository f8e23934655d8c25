import Foundation
import QProfiles
import Testing

/// Child processes are started with `posix_spawn` (Foundation's `Process.run()` crashes now and then on Linux).
@Suite struct ChildProcessTests {
    @Test func outputAndErrorAreCapturedInTheOrderWritten() throws {
        let ended = try ChildProcess.run("/bin/sh", ["-c", "echo one; echo two >&2; echo three; exit 3"],
                                         standardOutput: .capture, standardError: .capture)
        #expect(ended.exitStatus == 3 && ended.signal == nil && !ended.succeeded)
        #expect(String(decoding: ended.captured, as: UTF8.self) == "one\ntwo\nthree\n")
    }

    @Test func onlyTheChosenStreamIsCaptured() throws {
        let ended = try ChildProcess.run("/bin/sh", ["-c", "echo out; echo err >&2"], standardError: .capture)
        #expect(ended.succeeded)
        #expect(String(decoding: ended.captured, as: UTF8.self) == "err\n")
    }

    @Test func largeOutputIsReadWhileTheChildWrites() throws {
        // More than a pipe holds (64 KiB): the parent must read before it waits.
        let ended = try ChildProcess.run("/bin/sh", ["-c", "head -c 1000000 /dev/zero"], standardOutput: .capture)
        #expect(ended.succeeded && ended.captured.count == 1_000_000)
    }

    @Test func filesEnvironmentAndDirectoryAreTheChildsOwn() throws {
        let temporary = try TemporaryDirectory()
        let out = temporary.file("out.txt")
        FileManager.default.createFile(atPath: out, contents: nil)
        let ended = try ChildProcess.run("/bin/sh", ["-c", "pwd; echo \"$QMATCH_CHILD_TEST\"; echo \"[$HOME]\""],
                                         environment: ["QMATCH_CHILD_TEST": "seen"], directory: "/usr",
                                         standardOutput: .file(out))
        #expect(ended.succeeded)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "/usr\nseen\n[]\n")
    }

    @Test func theChildInheritsNoOtherOpenFile() throws {
        let temporary = try TemporaryDirectory()
        let kept = open(temporary.file("held"), O_CREAT | O_WRONLY, 0o600)   // not close-on-exec
        defer { close(kept) }
        #expect(kept > 2)
        let ended = try ChildProcess.run("/bin/sh", ["-c", "ls /proc/$$/fd"], standardOutput: .capture)
        let open = String(decoding: ended.captured, as: UTF8.self).split(separator: "\n").compactMap { Int32($0) }
        #expect(!open.contains(kept), "\(open)")
        #expect(Set(open).isSuperset(of: [0, 1, 2]))
    }

    @Test func aSignalIsReportedAsOne() throws {
        let ended = try ChildProcess.run("/bin/sh", ["-c", "kill -TERM $$"])
        #expect(ended.exitStatus == nil && ended.signal == SIGTERM && !ended.succeeded)
    }

    @Test func aProgramThatCannotStartIsAnError() throws {
        for (program, directory) in [("/nonexistent/qmatch", nil), ("/etc/passwd", nil), ("/bin/true", "/nonexistent")] {
            #expect {
                _ = try ChildProcess.run(program, [], directory: directory)
            } throws: { error in
                let message = (error as? ProfileError)?.description ?? ""
                return message.contains("cannot") && message.contains(program)
            }
        }
    }

    @Test func manyChildrenAtOnce() async throws {
        // Started from concurrent tasks, as the test suite starts its commands: each gets its own output.
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let ended = try ChildProcess.run("/bin/echo", ["\(index)"], standardOutput: .capture)
                    return ended.succeeded && String(decoding: ended.captured, as: UTF8.self) == "\(index)\n"
                }
            }
            for try await good in group { #expect(good) }
        }
    }
}
