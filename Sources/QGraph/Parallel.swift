import Dispatch
import Foundation

/// Runs independent chunks of work on several threads.
enum Parallel {
    /// The number of threads to use by default: the active processors.
    static var defaultThreads: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Calls `body(part)` for `part` in `0..<parts`, on up to `parts` threads; returns when all are done.
    static func run(parts: Int, _ body: @Sendable (Int) -> Void) {
        if parts <= 1 {
            if parts == 1 { body(0) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: parts, execute: body)
    }
}

/// A pointer shared by parallel chunks.
///
/// `@unchecked Sendable`: every user writes a disjoint set of elements, and the owner reads them only after
/// ``Parallel/run(parts:_:)`` has returned, which happens-after every chunk.
struct SharedPointer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
}

/// A read-only pointer shared by parallel chunks (`@unchecked Sendable`: nobody writes through it while
/// the chunks run).
struct SharedReadPointer<Element>: @unchecked Sendable {
    let base: UnsafePointer<Element>
}
