/// Splits free text into lower-case word tokens and bigrams, without stop words.
public enum Tokenizer {
    /// Lower-case words of two or more letters or digits (not only digits), stop words removed, in order.
    /// - Complexity: O(text length).
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            defer { current.removeAll(keepingCapacity: true) }
            guard current.count >= 2 else { return }
            let word = String(current)
            guard !stopWords.contains(word), !word.unicodeScalars.allSatisfy({
                ($0.value >= 0x30 && $0.value <= 0x39) || ($0.value >= 0x80 && $0.properties.numericType != nil)
            }) else { return }
            words.append(word)
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                // ASCII fast path: no Unicode property look-ups, no allocation.
                if (0x61...0x7A).contains(value) || (0x30...0x39).contains(value) {
                    current.append(scalar)
                } else if (0x41...0x5A).contains(value) {
                    current.append(Unicode.Scalar(value + 0x20)!)
                } else if value == 0x27 {
                    continue  // "people's" → "peoples"
                } else {
                    flush()
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else if scalar == "’" {
                continue
            } else {
                flush()
            }
        }
        flush()
        return words
    }

    /// Adjacent pairs of `words`, joined by a space.
    public static func bigrams(_ words: [String]) -> [String] {
        guard words.count >= 2 else { return [] }
        return (0..<(words.count - 1)).map { words[$0] + " " + words[$0 + 1] }
    }

    /// Common English words that carry no interest.
    public static let stopWords: Set<String> = [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as",
        "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
        "did", "do", "does", "doing", "down", "during", "each", "etc", "few", "for", "from", "further", "had", "has",
        "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in",
        "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not",
        "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own",
        "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them",
        "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until",
        "up", "us", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
        "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "im", "ive", "id", "ill",
        "within", "across", "around", "many", "much", "via", "using", "use", "used", "work", "working", "works",
        "currently", "interested", "interest", "interests", "looking", "like", "new", "based", "role", "years",
        "year", "team", "teams", "help", "helping", "people", "group", "groups",
    ]
}
