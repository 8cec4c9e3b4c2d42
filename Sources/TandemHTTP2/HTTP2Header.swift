/// One header field of a HEADERS block (pseudo-headers such as `:path` included).
///
/// Received names are lowercase: nghttp2 rejects a block with an uppercase name. Names given to a
/// submit call are lowercased by nghttp2 when it copies them. Field values are decoded as UTF-8;
/// the rare non-UTF-8 byte (obs-text, which gRPC never uses: `-bin` values are base64) becomes
/// U+FFFD.
package struct HTTP2Header: Hashable, Sendable, CustomStringConvertible {
    package var name: String
    package var value: String

    package init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// The size RFC 9113 §6.5.2 counts against SETTINGS_MAX_HEADER_LIST_SIZE.
    package var listSize: Int { self.name.utf8.count + self.value.utf8.count + 32 }

    package var description: String { "\(self.name): \(self.value)" }
}
