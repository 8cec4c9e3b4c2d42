/// The custom metadata of a call (request headers, response headers or trailers), in the order it
/// was added. Several values may share a key. Keys are lowercase; a key ends in `-bin` exactly when
/// its values are binary. Every key and value in it is valid on the wire, so sending it never
/// fails: invalid input is refused where it is added, with an ``RPCError``, never a crash.
public struct Metadata: Hashable, Sendable, Sequence, CustomStringConvertible {
    /// One metadata value: text for ordinary keys, bytes for `-bin` keys.
    public enum Value: Hashable, Sendable, CustomStringConvertible {
        /// Printable ASCII (0x20–0x7E), sent as is.
        case string(String)
        /// Arbitrary bytes, sent in base64.
        case binary([UInt8])

        public var description: String {
            switch self {
            case .string(let text): text
            case .binary(let bytes): "<\(bytes.count) bytes>"
            }
        }
    }

    public typealias Element = (key: String, value: Value)

    private struct Entry: Hashable, Sendable {
        var key: String
        var value: Value
    }

    private var entries: [Entry]

    /// Empty metadata.
    public init() {
        self.entries = []
    }

    public var count: Int { self.entries.count }
    public var isEmpty: Bool { self.entries.isEmpty }

    /// Appends a value, keeping any the key already has.
    ///
    /// - Throws: `INTERNAL` if `key` is not a gRPC header name, is one the transport reserves, or
    ///   does not suit the value (`-bin` exactly for binary values), or if a text value holds a
    ///   character outside printable ASCII.
    public mutating func add(_ key: String, _ value: Value) throws(RPCError) {
        let key = try Self.validated(key: key, value: value)
        self.entries.append(Entry(key: key, value: value))
    }

    /// Appends a text value; `key` must not end in `-bin`.
    public mutating func add(_ key: String, _ value: String) throws(RPCError) {
        try self.add(key, .string(value))
    }

    /// Appends a binary value; `key` must end in `-bin`.
    public mutating func add(_ key: String, _ value: [UInt8]) throws(RPCError) {
        try self.add(key, .binary(value))
    }

    /// Makes room for `count` entries, so that reading a header block appends without regrowing.
    mutating func reserveCapacity(_ count: Int) {
        self.entries.reserveCapacity(count)
    }

    /// Appends an entry whose key and value are known to be valid for each other (as
    /// `add(_:_:)` checks): for received headers, checked as they are read.
    mutating func appendChecked(_ key: String, _ value: Value) {
        self.entries.append(Entry(key: key, value: value))
    }

    /// Gives `key` this one value: the first existing value is replaced in place and any others
    /// are removed; a new key is appended. Throws as the `Value` overload of `add(_:_:)` does.
    public mutating func replaceOrAdd(_ key: String, _ value: Value) throws(RPCError) {
        let key = try Self.validated(key: key, value: value)
        guard let first = self.entries.firstIndex(where: { $0.key == key }) else {
            self.entries.append(Entry(key: key, value: value))
            return
        }
        self.entries[first].value = value
        let later = self.entries[(first + 1)...].filter { $0.key != key }
        self.entries.replaceSubrange((first + 1)..., with: later)
    }

    /// Gives `key` this one text value (see the `Value` overload).
    public mutating func replaceOrAdd(_ key: String, _ value: String) throws(RPCError) {
        try self.replaceOrAdd(key, .string(value))
    }

    /// Gives `key` this one binary value (see the `Value` overload).
    public mutating func replaceOrAdd(_ key: String, _ value: [UInt8]) throws(RPCError) {
        try self.replaceOrAdd(key, .binary(value))
    }

    /// Removes every value of `key`.
    public mutating func removeAll(_ key: String) {
        let key = Self.lowercased(key)
        self.entries.removeAll { $0.key == key }
    }

    /// Appends every entry of `other`, after this metadata's own. Cannot fail: `other` is valid.
    public mutating func merge(_ other: Metadata) {
        self.entries.append(contentsOf: other.entries)
    }

    /// Every value of `key`, in order.
    public func values(forKey key: String) -> [Value] {
        let key = Self.lowercased(key)
        return self.entries.lazy.filter { $0.key == key }.map(\.value)
    }

    /// Whether `key` has at least one value.
    public func contains(key: String) -> Bool {
        let key = Self.lowercased(key)
        return self.entries.contains { $0.key == key }
    }

    /// `key` in lowercase: a valid key as it is (valid keys hold no capital), without a copy.
    static func lowercased(_ key: String) -> String {
        isValidKey(key) ? key : key.lowercased()
    }

    /// The first text value of `key`.
    public subscript(string key: String) -> String? {
        for value in self.values(forKey: key) {
            if case .string(let text) = value { return text }
        }
        return nil
    }

    /// The first binary value of `key` (which ends in `-bin`).
    public subscript(binary key: String) -> [UInt8]? {
        for value in self.values(forKey: key) {
            if case .binary(let bytes) = value { return bytes }
        }
        return nil
    }

    public func makeIterator() -> some IteratorProtocol<Element> {
        self.entries.lazy.map { (key: $0.key, value: $0.value) }.makeIterator()
    }

    public var description: String {
        "[" + self.entries.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "]"
    }
}

extension Metadata {
    /// Header names the transport writes and reads itself (HTTP/2 connection-specific headers and
    /// gRPC's call definition). They are never custom metadata: skipped when received, refused
    /// when added, so that a handler cannot send a second `grpc-status`.
    package static let reservedKeys: Set<String> = [
        "content-type", "content-length", "te", "connection", "keep-alive", "proxy-connection",
        "transfer-encoding", "upgrade", "host",
        "grpc-timeout", "grpc-encoding", "grpc-accept-encoding", "grpc-status", "grpc-message",
    ]

    /// Whether `key` is a valid gRPC header name: `0-9 a-z _ - .`, not empty. Pseudo-headers
    /// (`:path`) fail this because of the colon.
    package static func isValidKey(_ key: String) -> Bool {
        !key.isEmpty
            && key.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x2D
                    || byte == 0x2E
            }
    }

    /// Whether `value` is a valid ASCII-Value: space and printable ASCII only.
    package static func isValidStringValue(_ value: String) -> Bool {
        value.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E }
    }

    /// Whether a (lowercase) key names binary values.
    package static func isBinaryKey(_ key: String) -> Bool {
        key.utf8.suffix(4).elementsEqual("-bin".utf8)
    }

    /// The lowercase key, or the reason it cannot carry `value`.
    private static func validated(key: String, value: Value) throws(RPCError) -> String {
        let key = key.lowercased()
        guard Self.isValidKey(key), key != "-bin" else {
            throw RPCError(
                code: .internalError,
                message: "metadata key \"\(key)\" is not a gRPC header name (0-9 a-z _ - . only)")
        }
        guard !Self.reservedKeys.contains(key) else {
            throw RPCError(code: .internalError, message: "metadata key \"\(key)\" is reserved for the transport")
        }
        switch value {
        case .string(let text):
            guard !Self.isBinaryKey(key) else {
                throw RPCError(
                    code: .internalError, message: "metadata key \"\(key)\" ends in -bin but has a text value")
            }
            guard Self.isValidStringValue(text) else {
                throw RPCError(
                    code: .internalError,
                    message: "metadata value of \"\(key)\" has a character outside printable ASCII")
            }
        case .binary:
            guard Self.isBinaryKey(key) else {
                throw RPCError(
                    code: .internalError, message: "metadata key \"\(key)\" has a binary value but does not end in -bin"
                )
            }
        }
        return key
    }
}
