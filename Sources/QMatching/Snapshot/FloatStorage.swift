import QLinearAlgebra
import Foundation

/// Immutable float storage: an owned array, or a region of a memory-mapped file.
///
/// `@unchecked Sendable`: the memory is never written after `init`, and it lives as long as this object.
public final class FloatStorage: @unchecked Sendable {
    public let base: UnsafePointer<Float>
    public let count: Int
    private let owner: AnyObject?
    private let owned: UnsafeMutablePointer<Float>?

    /// Copies `values`.
    public init(_ values: [Float]) {
        let memory = UnsafeMutablePointer<Float>.allocate(capacity: max(1, values.count))
        values.withUnsafeBufferPointer { source in
            if let start = source.baseAddress { memory.initialize(from: start, count: source.count) }
        }
        base = UnsafePointer(memory)
        count = values.count
        owned = memory
        owner = nil
    }

    /// Zero-filled storage of `count` floats, to be written through ``mutableBase`` before it is shared.
    public init(uninitializedCount count: Int) {
        let memory = UnsafeMutablePointer<Float>.allocate(capacity: max(1, count))
        memory.initialize(repeating: 0, count: count)
        base = UnsafePointer(memory)
        self.count = count
        owned = memory
        owner = nil
    }

    /// The owned memory, for filling in before the storage is shared (nil-safe: mapped storage traps).
    var mutableBase: UnsafeMutablePointer<Float> {
        guard let owned else { preconditionFailure("mapped storage is read-only") }
        return owned
    }

    /// Wraps `count` floats at `base`, kept alive by `owner` (e.g. a memory mapping).
    init(base: UnsafePointer<Float>, count: Int, owner: AnyObject) {
        self.base = base
        self.count = count
        self.owner = owner
        self.owned = nil
    }

    deinit { owned?.deallocate() }

    public var buffer: UnsafeBufferPointer<Float> { UnsafeBufferPointer(start: base, count: count) }

    /// The largest Euclidean norm of the `rows × dimension` row-major rows held here (the rounding bounds of
    /// the half-precision scan and of the content neighbour lists scale with it).
    func maxRowNorm(rows: Int, dimension: Int) -> Float {
        var largest: Float = 0
        for row in 0..<rows {
            let start = base + row * dimension
            largest = max(largest, BLAS.dot(start, start, count: dimension))
        }
        return largest.squareRoot()
    }
}
