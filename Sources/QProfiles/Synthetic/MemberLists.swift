/// Members by theme, by region and by both; every list ascending, i.e. in join order.
struct MemberLists {
    let byTheme: IndexLists
    let byRegion: IndexLists
    /// Keyed by `theme * regionCount + region`.
    let byThemeRegion: IndexLists
    static let regionCount = Taxonomy.regions.count

    /// - Complexity: O(members).
    init(_ population: Population) {
        var themeKeys: [Int32] = []
        var themeRegionKeys: [Int32] = []
        var themeValues: [Int32] = []
        var regionKeys: [Int32] = []
        themeKeys.reserveCapacity(population.count * 2)
        themeRegionKeys.reserveCapacity(population.count * 2)
        themeValues.reserveCapacity(population.count * 2)
        regionKeys.reserveCapacity(population.count)
        for member in 0..<population.count {
            let region = Int32(population.region[member])
            regionKeys.append(region)
            for theme in population.themes(of: member) {
                themeKeys.append(Int32(theme))
                themeRegionKeys.append(Int32(theme) * Int32(Self.regionCount) + region)
                themeValues.append(Int32(member))
            }
        }
        let members = (0..<Int32(population.count)).map { $0 }
        byTheme = IndexLists(keyCount: Taxonomy.themes.count, keys: themeKeys, values: themeValues)
        byRegion = IndexLists(keyCount: Self.regionCount, keys: regionKeys, values: members)
        byThemeRegion = IndexLists(keyCount: Taxonomy.themes.count * Self.regionCount, keys: themeRegionKeys,
                                   values: themeValues)
    }
}
