import QLinearAlgebra
/// A fixed discrete distribution over `0..<weights.count`, sampled by binary search over cumulative weights.
struct WeightedChoice {
    private let cumulative: [Double]

    init(_ weights: [Double]) {
        var total = 0.0
        cumulative = weights.map { total += $0; return total }
    }

    /// Weights falling off as `1 / (rank + 1)^(quarters / 4)`: Zipf-like popularity. Computed with square roots
    /// and products only (correctly rounded everywhere), so the weights do not depend on the platform's libm.
    init(zipf count: Int, quarters: Int) {
        self.init((0..<count).map { rank in
            let root = Double(rank + 1).squareRoot().squareRoot()
            var power = 1.0
            for _ in 0..<quarters { power *= root }
            return 1 / power
        })
    }

    /// - Complexity: O(log n).
    func pick(_ rng: inout SeededGenerator) -> Int {
        let target = rng.unit() * cumulative[cumulative.count - 1]
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > target { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
