internal import COpenSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// OpenSSL keeps errors in a per-thread queue; every operation clears it first and drains it after,
/// so one connection's failure is never reported by another.
enum OpenSSLErrorQueue {
    /// One entry of the queue.
    struct Entry: Sendable, Hashable {
        var code: UInt
        /// The text OpenSSL prints, with any data attached to the entry (a file name) appended.
        var text: String

        var library: Int32 { ERR_GET_LIB(self.code) }
        var reason: Int32 { ERR_GET_REASON(self.code) }

        /// The reason alone ("No such file or directory", "certificate verify failed").
        var reasonText: String {
            // OpenSSL will not name system errors itself (it has no buffer for strerror_r); the reason
            // of one is the errno.
            if self.library == ERR_LIB_SYS {
                return String(cString: strerror(self.reason))
            }
            if let reason = ERR_reason_error_string(self.code) {
                return String(cString: reason)
            }
            return "OpenSSL error \(self.code)"
        }
    }

    /// Empties the queue, dropping whatever an earlier unrelated call left behind.
    static func clear() {
        ERR_clear_error()
    }

    /// Empties the queue, returning its entries oldest first.
    static func drain() -> [Entry] {
        var entries: [Entry] = []
        while true {
            var data: UnsafePointer<CChar>? = nil
            var flags: Int32 = 0
            let code = ERR_get_error_all(nil, nil, nil, &data, &flags)
            if code == 0 {
                return entries
            }
            var text = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer in
                ERR_error_string_n(code, buffer.baseAddress, buffer.count)
                return String(cString: buffer.baseAddress!)
            }
            if let data, flags & ERR_TXT_STRING != 0, data.pointee != 0 {
                text += " (\(String(cString: data)))"
            }
            entries.append(Entry(code: code, text: text))
        }
    }
}

extension TLSError {
    /// An error whose message ends with the reason of the first queued OpenSSL error, and which carries
    /// the whole drained queue.
    static func fromQueue(_ code: Code, _ message: String) -> TLSError {
        let entries = OpenSSLErrorQueue.drain()
        return TLSError(code: code, message: message, entries: entries)
    }

    init(code: Code, message: String, entries: [OpenSSLErrorQueue.Entry]) {
        let reason = entries.first.map { ": \($0.reasonText)" } ?? ""
        self.init(code: code, message: message + reason, openSSLErrors: entries.map(\.text))
    }
}
