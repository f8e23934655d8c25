/// The project's one seeded generator: SplitMix64 (Steele, Lea and Flood, 2014), small and fast, whose output
/// depends only on its seed. It owns every random decision it makes, including bounded integers, so the same
/// seed gives the same stream on every platform and Swift version (the standard library's
/// `random(in:using:)` algorithms are not promised to be). Used for the synthetic community, splits,
/// sampling, community detection and the randomized SVD's sketch.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// An independent stream for one `(seed, stream, index)`, e.g. the profile of member `index`.
    public init(seed: UInt64, stream: UInt64, index: Int) {
        state = Self.mix(seed &+ Self.mix(stream &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(truncatingIfNeeded: index)))
    }

    /// The SplitMix64 finaliser: a bijection that scatters nearby inputs.
    @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let value = Self.mix(state)
        state &+= 0x9E37_79B9_7F4A_7C15
        return value
    }

    /// Uniform in `0..<bound`, without bias (Lemire's multiply-shift with rejection); `bound > 0`.
    @inline(__always)
    public mutating func below(_ bound: Int) -> Int {
        let limit = UInt64(bound)
        var product = next().multipliedFullWidth(by: limit)
        if product.low < limit {
            let threshold = (0 &- limit) % limit
            while product.low < threshold { product = next().multipliedFullWidth(by: limit) }
        }
        return Int(product.high)
    }

    /// Uniform in `[0, 1)`, 53 bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// `true` with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// A uniformly chosen element; `array` is not empty.
    public mutating func element<T>(of array: [T]) -> T { array[below(array.count)] }

    /// Shuffles `buffer` in place (Fisher–Yates) with this generator.
    /// - Complexity: O(`buffer.count`).
    public mutating func shuffle<T>(_ buffer: inout [T]) {
        guard buffer.count > 1 else { return }
        for index in stride(from: buffer.count - 1, to: 0, by: -1) {
            buffer.swapAt(index, below(index + 1))
        }
    }
}
