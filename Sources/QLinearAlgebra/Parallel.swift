import Dispatch
import Foundation

/// A pointer that parallel workers share. `@unchecked Sendable` is sound where it is used: the memory
/// outlives the parallel loop, and workers read it only or write disjoint ranges of it.
public struct SharedPointer<Pointee>: @unchecked Sendable {
    public let base: UnsafeMutablePointer<Pointee>
    public init(_ base: UnsafeMutablePointer<Pointee>) { self.base = base }
    public init(base: UnsafeMutablePointer<Pointee>) { self.base = base }
    public init(_ buffer: UnsafeMutableBufferPointer<Pointee>) { self.base = buffer.baseAddress! }
    public init(_ buffer: UnsafeBufferPointer<Pointee>) { self.base = UnsafeMutablePointer(mutating: buffer.baseAddress!) }
    public subscript(index: Int) -> Pointee {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }
}

/// A read-only pointer shared by parallel workers (`@unchecked Sendable`: nobody writes through it while they run).
public struct SharedReadPointer<Pointee>: @unchecked Sendable {
    public let base: UnsafePointer<Pointee>
    public init(base: UnsafePointer<Pointee>) { self.base = base }
    public subscript(index: Int) -> Pointee { base[index] }
}

/// The project's one parallel-for.
public enum Parallel {
    /// The number of threads to use by default: the active processors.
    public static var defaultThreads: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Runs `body(chunk)` for `chunk` in `0..<chunks` on up to all cores; returns when all are done.
    public static func run(chunks: Int, _ body: @Sendable (Int) -> Void) {
        guard chunks > 0 else { return }
        if chunks == 1 { body(0); return }
        DispatchQueue.concurrentPerform(iterations: chunks, execute: body)
    }
}
