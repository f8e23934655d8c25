import Foundation

/// Pieces of SVG text: escaping, numbers, and the outer element every picture shares.
///
/// Every picture is one `<svg>` element with a `viewBox` (it scales to its container), `role="img"`, and a
/// `<title>` and `<desc>` that name it for screen readers. Every text that came from data goes through
/// ``escape(_:)``.
public enum SVG {
    /// `text` safe inside an element or a double-quoted attribute.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case _ where scalar.value < 0x20 && scalar != "\n" && scalar != "\t": out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A coordinate with at most one decimal.
    static func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }

    /// A whole number with thousands separators (`12,345`).
    public static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (position, character) in digits.enumerated() {
            if position > 0, (digits.count - position) % 3 == 0 { out += "," }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// A share as a percentage with one decimal (`12.5%`).
    public static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    /// The outer element: `width` × `height` user units, named by `title` and described by `description`.
    static func document(id: String, width: Double, height: Double, title: String, description: String,
                         body: String) -> String {
        let label = "\(id)-title", desc = "\(id)-desc"
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(n(width)) \(n(height))" \
            role="img" aria-labelledby="\(label) \(desc)" class="picture" font-family="system-ui, sans-serif">\
            <title id="\(label)">\(escape(title))</title><desc id="\(desc)">\(escape(description))</desc>\
            \(body)</svg>
            """
    }

    /// Ink colours with at least 4.5:1 contrast on white.
    static let ink = "#1f2933"
    static let muted = "#52606d"
    static let bar = "#1d4f91"
    static let accent = "#b3261e"
    static let palette = ["#1d4f91", "#b3261e", "#2f6b3a", "#7a4d00", "#5b3b8c", "#006d77", "#8c3b5b", "#3d5a80"]
}

/// One SVG picture with the file name it is saved under (`qmatch stats --svg`) and shown by.
public struct Picture: Sendable, Hashable {
    /// File name without extension: `members-by-nation`.
    public let name: String
    public let title: String
    public let svg: String

    public init(name: String, title: String, svg: String) {
        self.name = name
        self.title = title
        self.svg = svg
    }
}
