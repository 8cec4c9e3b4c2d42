package import Logging
import TandemSchema

/// Turns one log event into one line: a JSON object or logfmt `key=value` pairs.
///
/// Metadata is flattened into top-level keys (`["config": ["listen": "x"]]` becomes
/// `config.listen`), sorted by key. A metadata key that would clash with a line's own field is
/// written as `metadata.<key>`.
package struct LogLineFormatter: Sendable {
    package var format: LoggingConfiguration.Format

    package init(format: LoggingConfiguration.Format) {
        self.format = format
    }

    /// The fields every JSON line starts with, in this order.
    package static let jsonFields = ["timestamp", "level", "label", "message"]
    /// The fields every text line starts with, in this order.
    package static let textFields = ["time", "level", "label", "msg"]

    /// The line, ending in a newline.
    package func line(
        timestamp: LogTimestamp, level: Logger.Level, label: String, message: String,
        metadata: Logger.Metadata
    ) -> String {
        let fixed = [timestamp.rfc3339, level.rawValue, label, message]
        var flattened: [(key: String, value: Logger.MetadataValue)] = []
        Self.flatten(metadata, prefix: "", into: &flattened)
        let reserved = Set(self.format == .json ? Self.jsonFields : Self.textFields)
        let fields = flattened.map { field in
            (key: reserved.contains(field.key) ? "metadata.\(field.key)" : field.key, value: field.value)
        }.sorted { $0.key < $1.key }

        var line = ""
        switch self.format {
        case .json:
            line += "{"
            for (index, name) in Self.jsonFields.enumerated() {
                if index > 0 { line += "," }
                Self.appendJSONString(name, to: &line)
                line += ":"
                Self.appendJSONString(fixed[index], to: &line)
            }
            for field in fields {
                line += ","
                Self.appendJSONString(field.key, to: &line)
                line += ":"
                Self.appendJSON(field.value, to: &line)
            }
            line += "}"
        case .text:
            for (index, name) in Self.textFields.enumerated() {
                if index > 0 { line += " " }
                line += name + "="
                Self.appendTextValue(fixed[index], to: &line)
            }
            for field in fields {
                line += " " + Self.textKey(field.key) + "="
                Self.appendTextValue(Self.textDescription(field.value), to: &line)
            }
        }
        line += "\n"
        return line
    }

    private static func flatten(
        _ metadata: Logger.Metadata, prefix: String,
        into fields: inout [(key: String, value: Logger.MetadataValue)]
    ) {
        for (key, value) in metadata {
            let name = prefix.isEmpty ? key : "\(prefix).\(key)"
            if case .dictionary(let nested) = value, !nested.isEmpty {
                Self.flatten(nested, prefix: name, into: &fields)
            } else {
                fields.append((name, value))
            }
        }
    }

    // MARK: JSON

    private static func appendJSON(_ value: Logger.MetadataValue, to line: inout String) {
        switch value {
        case .string(let string):
            Self.appendJSONString(string, to: &line)
        case .stringConvertible(let convertible):
            Self.appendJSONString(convertible.description, to: &line)
        case .array(let elements):
            line += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { line += "," }
                Self.appendJSON(element, to: &line)
            }
            line += "]"
        case .dictionary(let dictionary):
            line += "{"
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { line += "," }
                Self.appendJSONString(key, to: &line)
                line += ":"
                Self.appendJSON(dictionary[key]!, to: &line)
            }
            line += "}"
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped (RFC 8259).
    package static func appendJSONString(_ string: String, to line: inout String) {
        ProtoJSON.appendString(string, to: &line)
    }

    // MARK: Text (logfmt)

    private static func textDescription(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let string):
            return string
        case .stringConvertible(let convertible):
            return convertible.description
        case .array(let elements):
            return "[" + elements.map(Self.textDescription).joined(separator: ",") + "]"
        case .dictionary(let dictionary):
            let pairs = dictionary.keys.sorted().map { "\($0)=\(Self.textDescription(dictionary[$0]!))" }
            return "{" + pairs.joined(separator: ",") + "}"
        }
    }

    /// A key never needs quotes: characters that would break the pair become `_`.
    private static func textKey(_ key: String) -> String {
        let cleaned = String(
            key.unicodeScalars.map { scalar -> Character in
                scalar.value <= 0x20 || scalar == "=" || scalar == "\"" || scalar.value == 0x7F
                    ? "_" : Character(scalar)
            })
        return cleaned.isEmpty ? "_" : cleaned
    }

    /// A value bare when it can be, otherwise in quotes with `"`, `\` and control characters escaped.
    private static func appendTextValue(_ value: String, to line: inout String) {
        let needsQuotes =
            value.isEmpty
            || value.unicodeScalars.contains { $0.value <= 0x20 || $0 == "=" || $0 == "\"" || $0.value == 0x7F }
        guard needsQuotes else {
            line += value
            return
        }
        Self.appendJSONString(value, to: &line)
    }
}
