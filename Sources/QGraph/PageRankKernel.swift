import QLinearAlgebra
/// The inner loop of ``PersonalizedPageRank``: one pull-style Jacobi sweep over a range of nodes.
///
/// `x[v] ← damping × Σ_{u ∈ N(v)} w(u, v) × y[u]` (+ `restart` at the source), where
/// `y[u] = x[u] / strength(u)` from the previous iterate; writes `yNext`, and the part's L1 change and
/// dangling mass into `partials[2 part]` and `partials[2 part + 1]`. Parts write disjoint ranges.
struct PageRankKernel: Sendable {
    let offsets: SharedReadPointer<Int>
    let targets: SharedReadPointer<Int32>
    /// nil when every weight is 1.
    let weights: SharedReadPointer<Float>?
    let inverse: SharedReadPointer<Double>
    let y: SharedReadPointer<Double>
    let x: SharedPointer<Double>
    let yNext: SharedPointer<Double>
    let partials: SharedPointer<Double>
    let source: Int
    let damping: Double
    let restart: Double

    /// - Complexity: O(nodes + edge entries in `range`).
    func run(_ range: Range<Int>, part: Int) {
        let offsets = offsets.base, targets = targets.base, y = y.base, inverse = inverse.base
        let x = x.base, yNext = yNext.base
        var change = 0.0, dangling = 0.0
        var start = offsets[range.lowerBound]
        for node in range {
            let end = offsets[node + 1]
            // Four accumulators break the floating-point add chain.
            var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
            var position = start
            if let weights = weights?.base {
                while position + 4 <= end {
                    s0 += Double(weights[position]) * y[Int(targets[position])]
                    s1 += Double(weights[position + 1]) * y[Int(targets[position + 1])]
                    s2 += Double(weights[position + 2]) * y[Int(targets[position + 2])]
                    s3 += Double(weights[position + 3]) * y[Int(targets[position + 3])]
                    position += 4
                }
                while position < end {
                    s0 += Double(weights[position]) * y[Int(targets[position])]
                    position += 1
                }
            } else {
                while position + 4 <= end {
                    s0 += y[Int(targets[position])]
                    s1 += y[Int(targets[position + 1])]
                    s2 += y[Int(targets[position + 2])]
                    s3 += y[Int(targets[position + 3])]
                    position += 4
                }
                while position < end {
                    s0 += y[Int(targets[position])]
                    position += 1
                }
            }
            start = end
            var value = damping * ((s0 + s1) + (s2 + s3))
            if node == source { value += restart }
            let difference = value - x[node]
            change += difference < 0 ? -difference : difference
            x[node] = value
            let scale = inverse[node]
            yNext[node] = value * scale
            if scale == 0 { dangling += value }
        }
        partials.base[2 * part] = change
        partials.base[2 * part + 1] = dangling
    }
}
