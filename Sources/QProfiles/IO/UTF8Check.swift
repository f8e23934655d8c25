/// Fast UTF-8 checks on raw bytes (the standard library's validating initialiser takes a slow generic path).
enum UTF8Check {
    /// Whether `bytes` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
    /// - Complexity: O(bytes.count), with an ASCII fast path.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            if b0 < 0xC2 { return false }
            if b0 < 0xE0 {
                guard i + 1 < n, bytes[i + 1] & 0xC0 == 0x80 else { return false }
                i += 2
            } else if b0 < 0xF0 {
                guard i + 2 < n, bytes[i + 1] & 0xC0 == 0x80, bytes[i + 2] & 0xC0 == 0x80 else { return false }
                if b0 == 0xE0, bytes[i + 1] < 0xA0 { return false }      // overlong
                if b0 == 0xED, bytes[i + 1] >= 0xA0 { return false }     // surrogates
                i += 3
            } else if b0 < 0xF5 {
                guard i + 3 < n, bytes[i + 1] & 0xC0 == 0x80, bytes[i + 2] & 0xC0 == 0x80, bytes[i + 3] & 0xC0 == 0x80
                else { return false }
                if b0 == 0xF0, bytes[i + 1] < 0x90 { return false }      // overlong
                if b0 == 0xF4, bytes[i + 1] >= 0x90 { return false }     // past U+10FFFF
                i += 4
            } else {
                return false
            }
        }
        return true
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space and line breaks; no copy when there is none.
    var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return "" }
        if !first.properties.isWhitespace, !last.properties.isWhitespace { return String(self) }
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].properties.isWhitespace { end = scalars.index(before: end) }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[start..<end])
        return String(result)
    }
}
