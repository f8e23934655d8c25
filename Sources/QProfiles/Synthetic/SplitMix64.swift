/// SplitMix64 (Steele, Lea and Flood, 2014): a small, fast generator whose output depends only on its seed.
///
/// The generator owns every random decision it makes, including bounded integers, so its output is the same on
/// every platform and Swift version (the standard library's `random(in:using:)` algorithms are not promised to be).
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// An independent stream for one `(seed, stream, index)`, e.g. the profile of member `index`.
    init(seed: UInt64, stream: UInt64, index: Int) {
        state = Self.mix(seed &+ Self.mix(stream &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(truncatingIfNeeded: index)))
    }

    /// The SplitMix64 finaliser: a bijection that scatters nearby inputs.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `0..<bound`, without bias (Lemire's multiply-shift with rejection); `bound > 0`.
    mutating func below(_ bound: Int) -> Int {
        let limit = UInt64(bound)
        var product = next().multipliedFullWidth(by: limit)
        if product.low < limit {
            let threshold = (0 &- limit) % limit
            while product.low < threshold { product = next().multipliedFullWidth(by: limit) }
        }
        return Int(product.high)
    }

    /// Uniform in `[0, 1)`, 53 bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// `true` with probability `p`.
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// A uniformly chosen element; `array` is not empty.
    mutating func element<T>(of array: [T]) -> T { array[below(array.count)] }
}
