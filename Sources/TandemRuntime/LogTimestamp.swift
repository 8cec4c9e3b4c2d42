#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A wall-clock instant with millisecond precision, as log lines show it.
package struct LogTimestamp: Sendable, Hashable {
    package var secondsSinceEpoch: Int
    /// 0 to 999.
    package var milliseconds: Int

    package init(secondsSinceEpoch: Int, milliseconds: Int) {
        self.secondsSinceEpoch = secondsSinceEpoch
        self.milliseconds = milliseconds
    }

    package static func now() -> LogTimestamp {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return LogTimestamp(secondsSinceEpoch: Int(time.tv_sec), milliseconds: Int(time.tv_nsec) / 1_000_000)
    }

    /// RFC 3339 in UTC with milliseconds: `2026-11-27T08:15:03.042Z`.
    package var rfc3339: String {
        var seconds = time_t(self.secondsSinceEpoch)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return Self.padded(Int(parts.tm_year) + 1900, 4) + "-" + Self.padded(Int(parts.tm_mon) + 1, 2) + "-"
            + Self.padded(Int(parts.tm_mday), 2) + "T" + Self.padded(Int(parts.tm_hour), 2) + ":"
            + Self.padded(Int(parts.tm_min), 2) + ":" + Self.padded(Int(parts.tm_sec), 2) + "."
            + Self.padded(self.milliseconds, 3) + "Z"
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
