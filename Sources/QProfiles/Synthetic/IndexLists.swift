/// Lists of member (or group) indices keyed by a small integer, in one flat array (CSR).
///
/// Built by a stable counting sort, so when the pairs come in ascending value order every list is ascending and
/// ``prefixCount(_:below:)`` can find "the members who had joined by then" by binary search.
struct IndexLists {
    private let offsets: [Int]
    private let items: [Int32]

    /// Groups `values[i]` under `keys[i]`; keys are in `0..<keyCount`.
    /// - Complexity: O(`keyCount` + `keys.count`).
    init(keyCount: Int, keys: [Int32], values: [Int32]) {
        precondition(keys.count == values.count)
        var offsets = [Int](repeating: 0, count: keyCount + 1)
        for key in keys { offsets[Int(key) + 1] += 1 }
        for key in 0..<keyCount { offsets[key + 1] += offsets[key] }
        var cursor = offsets
        var items = [Int32](repeating: 0, count: keys.count)
        for (key, value) in zip(keys, values) {
            items[cursor[Int(key)]] = value
            cursor[Int(key)] += 1
        }
        self.offsets = offsets
        self.items = items
    }

    var keyCount: Int { offsets.count - 1 }
    var totalCount: Int { items.count }

    func count(_ key: Int) -> Int { offsets[key + 1] - offsets[key] }

    subscript(key: Int, position: Int) -> Int32 { items[offsets[key] + position] }

    /// The list under `key`.
    func list(_ key: Int) -> ArraySlice<Int32> { items[offsets[key]..<offsets[key + 1]] }

    /// How many values under `key` are below `limit`; the list must be ascending.
    /// - Complexity: O(log count).
    func prefixCount(_ key: Int, below limit: Int) -> Int {
        var low = offsets[key]
        var high = offsets[key + 1]
        let bound = Int32(truncatingIfNeeded: limit)
        if high == low || items[high - 1] < bound { return high - low }
        while low < high {
            let mid = (low + high) / 2
            if items[mid] < bound { low = mid + 1 } else { high = mid }
        }
        return low - offsets[key]
    }
}
