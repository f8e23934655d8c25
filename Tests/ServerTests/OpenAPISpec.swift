import Foundation
import HummingbirdTesting

/// The server's OpenAPI document, read from the repository, and a small JSON Schema checker (the keywords
/// the document uses: $ref, type, properties, required, additionalProperties, items, enum, anyOf, not,
/// minimum/maximum, minLength/maxLength, minItems/maxItems, maxProperties) to hold responses to it.
struct OpenAPISpec: @unchecked Sendable {  // immutable after init; JSONSerialization values are never mutated
    let document: [String: Any]

    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/qmatch-server/Library/Resources/openapi.json").path

    static let shared: OpenAPISpec = {
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return OpenAPISpec(document: [:])
        }
        return OpenAPISpec(document: object)
    }()

    var paths: [String: [String: Any]] { document["paths"] as? [String: [String: Any]] ?? [:] }

    /// Every (path template, method, status) the document promises.
    var documentedResponses: Set<String> {
        var all = Set<String>()
        for (path, operations) in paths {
            for (method, operation) in operations {
                guard let responses = (operation as? [String: Any])?["responses"] as? [String: Any] else { continue }
                for status in responses.keys { all.insert("\(method.uppercased()) \(path) \(status)") }
            }
        }
        return all
    }

    /// The template of `path` (the URL's path part) among the documented ones, e.g. `/v1/members/{id}`.
    func template(of path: String) -> String? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return paths.keys.sorted().first { template in
            let parts = template.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == segments.count else { return false }
            return zip(parts, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
    }

    /// What is wrong with `response` to `method` `path` by the document, or nil when it conforms.
    func problem(method: String, path: String, response: TestResponse) -> String? {
        guard let template = template(of: path) else { return "\(path): no such path in the document" }
        guard let operation = paths[template]?[method.lowercased()] as? [String: Any],
              let responses = operation["responses"] as? [String: Any] else {
            return "\(method) \(template): not documented"
        }
        guard var documented = responses[String(response.status.code)] as? [String: Any] else {
            return "\(method) \(template): status \(response.status.code) not documented"
        }
        documented = resolve(documented)
        guard let content = documented["content"] as? [String: Any] else {
            return response.body.readableBytes == 0 ? nil : "\(method) \(template) \(response.status.code): body not documented"
        }
        let contentType = response.headers[.contentType] ?? ""
        if content["application/json"] != nil {
            guard contentType.hasPrefix("application/json") else { return "content type \(contentType), not JSON" }
            let schema = ((content["application/json"] as? [String: Any])?["schema"]) ?? [:]
            guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(response.body.readableBytesView)) else {
                return "\(method) \(template) \(response.status.code): body is not JSON"
            }
            return validate(value, schema, at: "body").map { "\(method) \(template) \(response.status.code): \($0)" }
        }
        return content.keys.contains(where: { contentType.hasPrefix($0) }) ? nil : "content type \(contentType)"
    }

    func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let reference = schema["$ref"] as? String, reference.hasPrefix("#/") else { return schema }
        var node: Any = document
        for part in reference.dropFirst(2).split(separator: "/") {
            node = (node as? [String: Any])?[String(part)] ?? [:]
        }
        return resolve(node as? [String: Any] ?? [:])
    }

    /// What is wrong with `value` by `schema`, or nil.
    func validate(_ value: JSONValue, _ rawSchema: Any, at place: String) -> String? {
        let schema = resolve(rawSchema as? [String: Any] ?? [:])
        if let options = schema["anyOf"] as? [Any], !options.contains(where: { validate(value, $0, at: place) == nil }) {
            return "\(place): matches no anyOf"
        }
        if let not = schema["not"], validate(value, not, at: place) == nil { return "\(place): matches 'not'" }
        if let allowed = schema["enum"] as? [Any], !allowed.contains(where: { JSONValue(any: $0) == value }) {
            return "\(place): \(value) not in enum"
        }
        if let type = schema["type"] {
            let types = (type as? [String]) ?? [type as? String ?? ""]
            guard types.contains(where: value.isA) else { return "\(place): \(value) is not \(types)" }
        }
        switch value {
        case .number(let number):
            if let minimum = (schema["minimum"] as? NSNumber)?.doubleValue, number < minimum { return "\(place): below minimum" }
            if let maximum = (schema["maximum"] as? NSNumber)?.doubleValue, number > maximum { return "\(place): above maximum" }
        case .string(let text):
            if let minimum = schema["minLength"] as? Int, text.unicodeScalars.count < minimum { return "\(place): too short" }
            if let maximum = schema["maxLength"] as? Int, text.unicodeScalars.count > maximum { return "\(place): too long" }
        case .array(let items):
            if let maximum = schema["maxItems"] as? Int, items.count > maximum { return "\(place): too many items" }
            if let itemSchema = schema["items"] {
                for (position, item) in items.enumerated() {
                    if let problem = validate(item, itemSchema, at: "\(place)[\(position)]") { return problem }
                }
            }
        case .object(let object):
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                return "\(place): '\(key)' is required"
            }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, item) in object {
                if let property = properties[key] {
                    if let problem = validate(item, property, at: "\(place).\(key)") { return problem }
                } else if let additional = schema["additionalProperties"] {
                    if (additional as? Bool) == false { return "\(place): unexpected '\(key)'" }
                    if let problem = validate(item, additional, at: "\(place).\(key)") { return problem }
                }
            }
        default: break
        }
        return nil
    }
}

/// A JSON value with its exact type (booleans are not numbers).
enum JSONValue: Decodable, Equatable, CustomStringConvertible {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else if let text = try? container.decode(String.self) { self = .string(text) }
        else if let items = try? container.decode([JSONValue].self) { self = .array(items) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    /// A value from the spec's JSONSerialization tree (strings and numbers, as enums use).
    init(any: Any) {
        if let text = any as? String { self = .string(text) }
        else if let number = any as? NSNumber { self = .number(number.doubleValue) }
        else { self = .null }
    }

    func isA(_ type: String) -> Bool {
        switch (self, type) {
        case (.null, "null"), (.bool, "boolean"), (.number, "number"), (.string, "string"), (.array, "array"),
             (.object, "object"): return true
        case (.number(let number), "integer"): return number == number.rounded()
        default: return false
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let flag): "\(flag)"
        case .number(let number): "\(number)"
        case .string(let text): "'\(text.prefix(40))'"
        case .array(let items): "array of \(items.count)"
        case .object: "object"
        }
    }
}
