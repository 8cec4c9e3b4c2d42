import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where finished log lines go.
package struct LogOutput: Sendable {
    package let write: @Sendable (String) -> Void

    package init(write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    /// Standard error, one whole line per write even when several threads log at once.
    package static let standardError = LogOutput { line in
        standardErrorLock.withLock { _ in
            var line = line
            line.withUTF8 { writeAll(to: 2, $0) }
        }
    }
}

private let standardErrorLock = Mutex<Void>(())

private func writeAll(to descriptor: Int32, _ bytes: UnsafeBufferPointer<UInt8>) {
    guard let base = bytes.baseAddress else { return }
    var offset = 0
    while offset < bytes.count {
        let written = write(descriptor, base + offset, bytes.count - offset)
        if written > 0 {
            offset += written
        } else if written < 0 && errno == EINTR {
            continue
        } else {
            return  // standard error is gone: there is nowhere left to report it
        }
    }
}
