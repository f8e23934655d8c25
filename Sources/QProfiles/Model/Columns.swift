/// The column names of the four tables, in the order they are written.
public enum Columns {
    public static let member = [
        "id", "name", "role", "sector", "region", "organisation", "topics", "methods", "offers", "needs",
        "groups", "challenge", "bio", "joined", "discoverable",
    ]
    /// Member columns that hold `;`-separated lists.
    public static let memberLists: Set<String> = ["topics", "methods", "offers", "needs", "groups"]
    public static let group = ["id", "name", "kind", "description", "keywords"]
    public static let groupLists: Set<String> = ["keywords"]
    public static let connection = ["source", "target", "kind", "weight", "created"]
    /// What a member did with a suggestion: `action` is dismiss, connected or shown; `count` how many times;
    /// `first_at` and `last_at` ISO 8601 date-times.
    public static let feedback = ["member", "other", "action", "count", "first_at", "last_at"]
}
