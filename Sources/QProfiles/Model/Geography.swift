/// The nations of the UK and Ireland, and the English regions.
public enum Geography {
    public static let englishRegions = [
        "North East", "North West", "Yorkshire and the Humber", "East Midlands", "West Midlands",
        "East of England", "London", "South East", "South West",
    ]
    public static let nations = ["England", "Scotland", "Wales", "Northern Ireland", "Ireland"]

    /// The nation of a member: the `nation` attribute when present, else derived from the region
    /// (an English region → England; a nation's own name → that nation); "" when unknown.
    public static func nation(of member: Member) -> String {
        if let nation = member.attributes["nation"], !nation.isEmpty { return nation }
        return nation(ofRegion: member.region)
    }

    public static func nation(ofRegion region: String) -> String {
        if englishRegions.contains(region) || region == "England" { return "England" }
        if nations.contains(region) { return region }
        return ""
    }
}
