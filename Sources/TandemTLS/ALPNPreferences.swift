internal import COpenSSL

/// The server's ALPN names in order of preference, kept in a class so OpenSSL's selection callback can
/// reach them through its `void *` argument.
final class ALPNPreferences: Sendable {
    let protocols: [[UInt8]]

    init(_ protocols: [String]) {
        self.protocols = protocols.map { Array($0.utf8) }
    }

    /// The length-prefixed list that goes on the wire, after checking each name fits in it.
    static func wireFormat(_ protocols: [String]) throws(TLSError) -> [UInt8] {
        var wire: [UInt8] = []
        for name in protocols {
            let bytes = Array(name.utf8)
            guard (1...255).contains(bytes.count) else {
                throw TLSError(
                    code: .invalidConfiguration, message: "ALPN protocol name \"\(name)\" must be 1 to 255 bytes")
            }
            wire.append(UInt8(bytes.count))
            wire.append(contentsOf: bytes)
        }
        return wire
    }

    /// The first of our names that the client offered, as a slice of the client's list.
    func select(from offered: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        for wanted in self.protocols {
            var index = 0
            while index < offered.count {
                let length = Int(offered[index])
                let start = index + 1
                guard start + length <= offered.count else { return nil }  // malformed; OpenSSL checks too
                let candidate = UnsafeBufferPointer(rebasing: offered[start..<start + length])
                if candidate.elementsEqual(wanted) {
                    return candidate
                }
                index = start + length
            }
        }
        return nil
    }
}

/// OpenSSL's ALPN selection callback. Only called when the client offers ALPN, so a client that offers
/// none is accepted; one that offers none of ours gets a fatal no_application_protocol alert.
func selectApplicationProtocol(
    _ ssl: OpaquePointer?,
    _ out: UnsafeMutablePointer<UnsafePointer<UInt8>?>?,
    _ outLength: UnsafeMutablePointer<UInt8>?,
    _ offered: UnsafePointer<UInt8>?,
    _ offeredLength: UInt32,
    _ argument: UnsafeMutableRawPointer?
) -> Int32 {
    guard let argument, let out, let outLength, let offered else { return SSL_TLSEXT_ERR_ALERT_FATAL }
    let preferences = Unmanaged<ALPNPreferences>.fromOpaque(argument).takeUnretainedValue()
    guard let chosen = preferences.select(from: UnsafeBufferPointer(start: offered, count: Int(offeredLength))) else {
        return SSL_TLSEXT_ERR_ALERT_FATAL
    }
    // Points into the client's list, which OpenSSL copies before the callback's input goes away.
    out.pointee = chosen.baseAddress
    outLength.pointee = UInt8(chosen.count)
    return SSL_TLSEXT_ERR_OK
}
