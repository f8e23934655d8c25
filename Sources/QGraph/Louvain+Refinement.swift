extension Louvain {
    /// Leiden's refinement of a partition (greedy variant): within each community of `community`, nodes start
    /// alone and, in a seeded random order, a node still alone and well connected to its community joins the
    /// well-connected sub-community (of the same community) that raises modularity most, if any does.
    /// Aggregating by the refined partition lets the next level move parts of a community separately,
    /// which plain Louvain cannot.
    /// - Returns: the sub-community of every node (labels `< graph.nodeCount`).
    /// - Complexity: O(nodes + edges).
    mutating func refine(_ graph: LouvainGraph, _ community: [Int32]) -> [Int32] {
        let n = graph.nodeCount
        let scale = resolution / doubledWeight
        var refined = (0..<Int32(truncatingIfNeeded: n)).map { $0 }
        var size = [Int32](repeating: 1, count: n)
        var subStrength = graph.strengths
        // Per node (later per sub-community): the weight to the rest of its community.
        var external = [Double](repeating: 0, count: n)
        var communityTotal = [Double](repeating: 0, count: n)
        for node in 0..<n {
            communityTotal[Int(community[node])] += graph.strengths[node]
            for position in graph.offsets[node]..<graph.offsets[node + 1]
            where community[Int(graph.targets[position])] == community[node] {
                external[node] += graph.weights[position]
            }
        }
        var order = (0..<Int32(truncatingIfNeeded: n)).map { $0 }
        generator.shuffle(&order)
        var sums: [Double] = [], touched: [Int32] = []
        swap(&sums, &self.sums)
        defer { swap(&sums, &self.sums) }
        for node32 in order {
            let node = Int(node32)
            guard size[Int(refined[node])] == 1 else { continue }
            let own = Int(community[node]), strength = graph.strengths[node]
            let total = communityTotal[own]
            // Only a well-connected node moves.
            guard external[node] >= strength * (total - strength) * scale else { continue }
            for position in graph.offsets[node]..<graph.offsets[node + 1] {
                let other = Int(graph.targets[position])
                guard community[other] == community[node] else { continue }
                let sub = Int(refined[other])
                if sums[sub] == 0 { touched.append(Int32(truncatingIfNeeded: sub)) }
                sums[sub] += graph.weights[position]
            }
            var best = -1, bestGain = 0.0
            for sub32 in touched {
                let sub = Int(sub32)
                // Only a well-connected sub-community is a destination.
                guard external[sub] >= subStrength[sub] * (total - subStrength[sub]) * scale else { continue }
                let gain = sums[sub] - subStrength[sub] * strength * scale
                if gain > bestGain || (gain == bestGain && best >= 0 && sub < best) {
                    best = sub
                    bestGain = gain
                }
            }
            if best >= 0 {
                let mine = Int(refined[node])
                external[best] += external[node] - 2 * sums[best]
                subStrength[best] += strength
                size[best] += 1
                size[mine] = 0
                refined[node] = Int32(truncatingIfNeeded: best)
            }
            for sub in touched { sums[Int(sub)] = 0 }
            touched.removeAll(keepingCapacity: true)
        }
        return refined
    }
}
