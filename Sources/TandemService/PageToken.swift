public import TandemRPC

/// Opaque list cursors, bound to what they list.
///
/// A token carries the keyset position (the last row's sort key) and is sealed with an
/// HMAC-SHA256 over the position and the binding (the tenant and the filter), so that a token
/// used with another filter or tenant, or altered, is refused with INVALID_ARGUMENT.
public struct PageTokenCodec: Sendable {
    private let key: [UInt8]

    /// `key` must be the same on every replica (it is derived from the service secret).
    public init(key: [UInt8]) {
        self.key = key
    }

    public func encode(position: [String], binding: String) -> String {
        let body = position.map { Crypto.base64URL(Array($0.utf8)) }.joined(separator: ".")
        let mac = Crypto.base64URL(Array(hmac(body + "|" + binding).prefix(16)))
        return body + "~" + mac
    }

    /// The position a token carries; INVALID_ARGUMENT on `page_token` if it is not one of ours
    /// for this binding.
    public func decode(_ token: String, binding: String, fields: Int) throws(RPCError) -> [String] {
        let invalid = RPCError.invalidArgument(
            field: "page_token", "not a page token of this list (another filter or tenant, or altered)")
        guard token.utf8.count <= 1024, let tilde = token.lastIndex(of: "~") else { throw invalid }
        let body = String(token[..<tilde])
        let mac = String(token[token.index(after: tilde)...])
        guard Crypto.constantTimeEquals(Array(mac.utf8), Array(Crypto.base64URL(Array(hmac(body + "|" + binding).prefix(16))).utf8))
        else { throw invalid }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == fields else { throw invalid }
        var position: [String] = []
        for part in parts {
            guard let bytes = Crypto.bytes(base64URL: String(part)) else { throw invalid }
            position.append(String(decoding: bytes, as: UTF8.self))
        }
        return position
    }

    private func hmac(_ text: String) -> [UInt8] {
        Crypto.hmacSHA256(key: key, Array(text.utf8))
    }
}

/// `page_size` as common.proto gives it: 0 means 50, larger than 500 means 500, negative is
/// INVALID_ARGUMENT.
public func pageSize(_ requested: Int32) throws(RPCError) -> Int {
    guard requested >= 0 else { throw .invalidArgument(field: "page_size", "must not be negative") }
    return requested == 0 ? 50 : min(500, Int(requested))
}
