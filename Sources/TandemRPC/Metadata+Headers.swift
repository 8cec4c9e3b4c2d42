import TandemSchema

extension Metadata {
    /// The custom metadata of a received header block (HTTP/2 headers or trailers).
    ///
    /// Pseudo-headers (`:path`) and the headers the transport reads itself (``reservedKeys``:
    /// `content-type`, `te`, `grpc-timeout`, `grpc-status`, ...) are skipped; `user-agent` and
    /// everything else is kept, in order. A `-bin` header may hold several comma-separated base64
    /// values, padded or not; each becomes one binary value. A text value is trimmed of spaces and
    /// tabs at its ends, and dropped if it still holds a byte outside printable ASCII: gRPC forbids
    /// failing a call over a value HTTP allows.
    ///
    /// - Throws: `INTERNAL` for a header name outside `0-9 a-z _ - .` or a `-bin` value that is
    ///   not base64: the peer broke the protocol.
    public init(headers: [(name: String, value: String)]) throws(RPCError) {
        self.init()
        self.reserveCapacity(headers.count)
        for (rawName, rawValue) in headers {
            // HTTP/2 sends names in lowercase (nghttp2 refuses others): such a name is taken as it
            // is, without a lowercased copy.
            var name = rawName
            if !Self.isValidKey(name) {
                if name.hasPrefix(":") { continue }
                name = rawName.lowercased()
                guard Self.isValidKey(name) else {
                    throw RPCError(code: .internalError, message: "invalid metadata header name \"\(rawName)\"")
                }
            }
            if Self.reservedKeys.contains(name) { continue }
            guard name != "-bin" else {
                throw RPCError(code: .internalError, message: "invalid metadata header name \"\(rawName)\"")
            }
            // The name is valid and not reserved, and each value is checked for its kind below:
            // what `add` would check again.
            if Self.isBinaryKey(name) {
                for part in rawValue.split(separator: ",", omittingEmptySubsequences: false) {
                    guard let bytes = Base64.decode(Self.trimmed(part)) else {
                        throw RPCError(code: .internalError, message: "metadata header \"\(name)\" is not valid base64")
                    }
                    self.appendChecked(name, .binary(bytes))
                }
            } else {
                let value = Self.isTrimmed(rawValue) ? rawValue : String(Self.trimmed(Substring(rawValue)))
                guard Self.isValidStringValue(value) else { continue }
                self.appendChecked(name, .string(value))
            }
        }
    }

    /// The header fields that send this metadata: binary values in unpadded base64, one field per
    /// value, in order.
    public var headerFields: [(name: String, value: String)] {
        self.map { entry in
            switch entry.value {
            case .string(let text): (name: entry.key, value: text)
            case .binary(let bytes): (name: entry.key, value: Base64.encode(bytes))
            }
        }
    }

    /// `text` without the spaces and tabs at its ends. Both are ASCII, so the cuts fall between
    /// whole characters, and the bytes can be read without forming characters.
    private static func trimmed(_ text: Substring) -> Substring {
        let utf8 = text.utf8
        guard let start = utf8.firstIndex(where: { !isBlank($0) }) else { return text[text.endIndex...] }
        let last = utf8.lastIndex(where: { !isBlank($0) })!
        return text[start..<utf8.index(after: last)]
    }

    /// Whether `text` neither begins nor ends with a space or a tab: most values, which then need
    /// no trimmed copy.
    private static func isTrimmed(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return true }
        return !isBlank(first) && !isBlank(last)
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }
}
