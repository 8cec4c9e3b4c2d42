#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Environment variables as plain values, so configuration parsing is testable without touching
/// the process environment.
public struct Environment: Sendable {
    public var variables: [String: String]

    public init(_ variables: [String: String]) {
        self.variables = variables
    }

    /// The variable that names an optional configuration file.
    public static let configurationFileVariable = "TANDEM_CONFIG_FILE"

    /// The environment of this process, completed by the file `TANDEM_CONFIG_FILE` names (when it
    /// is set): a variable set in the environment wins over the file.
    public static func process() throws(ConfigurationError) -> Environment {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let pair = String(cString: pointer)
            if let equals = pair.firstIndex(of: "=") {
                variables[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            entry += 1
        }
        var environment = Environment(variables)
        if let path = environment[configurationFileVariable] {
            try environment.complete(fromFileAt: path)
        }
        return environment
    }

    /// Adds the settings of the file at `path` that the environment does not set.
    mutating func complete(fromFileAt path: String) throws(ConfigurationError) {
        guard let file = fopen(path, "r") else {
            throw .invalidValue(
                Self.configurationFileVariable, "\"\(path)\" cannot be read: \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[0..<count]
            guard bytes.count <= 1 << 20 else {
                throw .invalidValue(Self.configurationFileVariable, "\"\(path)\" is larger than 1 MiB")
            }
        }
        let settings = try Self.parseFile(String(decoding: bytes, as: UTF8.self), path: path)
        for (name, value) in settings where self[name] == nil {
            variables[name] = value
        }
    }

    /// The `KEY=VALUE` lines of a configuration file: blank lines and `#` comments are skipped, a
    /// leading `export ` is allowed, and a value may be wrapped in single or double quotes (taken
    /// as they are, with no escapes). Anything else is refused, naming the file and the line.
    static func parseFile(_ text: String, path: String) throws(ConfigurationError) -> [(String, String)] {
        var settings: [(String, String)] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine)
            while let first = line.first, first == " " || first == "\t" { line = line.dropFirst() }
            while let last = line.last, last == " " || last == "\t" { line = line.dropLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = line.dropFirst("export ".count) }
            let location = "\(path):\(index + 1)"
            guard let equals = line.firstIndex(of: "=") else {
                throw .invalidValue(Self.configurationFileVariable, "\(location): \"\(line.prefix(80))\" is not NAME=VALUE")
            }
            let name = String(line[..<equals])
            guard let first = name.utf8.first, first == UInt8(ascii: "_") || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first),
                name.utf8.allSatisfy({
                    $0 == UInt8(ascii: "_") || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
                        || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                })
            else {
                throw .invalidValue(
                    Self.configurationFileVariable, "\(location): \"\(name.prefix(80))\" is not a variable name (A-Z, 0-9, _)")
            }
            var value = line[line.index(after: equals)...]
            if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
                value = value.dropFirst().dropLast()
            }
            settings.append((name, String(value)))
        }
        return settings
    }

    /// The value of `name`; a variable that is set to the empty string counts as unset.
    public subscript(_ name: String) -> String? {
        guard let value = self.variables[name], !value.isEmpty else { return nil }
        return value
    }

    /// Parses `name` with `parse`, or returns `defaultValue` when it is unset.
    package func value<Value>(
        _ name: String,
        default defaultValue: Value,
        _ parse: (_ raw: String, _ variable: String) throws(ConfigurationError) -> Value
    ) throws(ConfigurationError) -> Value {
        guard let raw = self[name] else { return defaultValue }
        return try parse(raw, name)
    }
}
