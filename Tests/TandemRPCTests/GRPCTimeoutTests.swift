import Testing

@testable import TandemRPC

@Suite("grpc-timeout")
struct GRPCTimeoutTests {
    static let valid: [(header: String, duration: Duration)] = [
        ("1H", .seconds(3600)),
        ("2M", .seconds(120)),
        ("3S", .seconds(3)),
        ("100m", .milliseconds(100)),
        ("200u", .microseconds(200)),
        ("300n", .nanoseconds(300)),
        ("0S", .zero),
        ("00000001S", .seconds(1)),
        ("99999999n", .nanoseconds(99_999_999)),
        ("99999999H", .seconds(Int64(99_999_999) * 3600)),
    ]

    @Test("valid values parse to their duration", arguments: Self.valid)
    func parse(header: String, duration: Duration) throws {
        let timeout = try #require(GRPCTimeout(headerValue: header))
        #expect(timeout.duration == duration)
    }

    @Test(
        "invalid values are refused",
        arguments: [
            "", "S", "1", "123456789S", "1s", "1h", "1X", "-1S", "+1S", " 1S", "1S ", "1.5S", "1e3m", "\u{FF11}S",
            "1SS",
            "0x1S", "1 S",
        ])
    func invalid(header: String) {
        #expect(GRPCTimeout(headerValue: header) == nil)
    }

    static let encodings: [(duration: Duration, header: String)] = [
        (.seconds(1), "1S"),
        (.milliseconds(1500), "1500m"),
        (.milliseconds(100), "100m"),
        (.seconds(60), "1M"),
        (.seconds(90), "90S"),
        (.seconds(3600), "1H"),
        (.seconds(7200 + 60), "121M"),
        (.nanoseconds(1), "1n"),
        (.nanoseconds(1500), "1500n"),
        (.nanoseconds(99_999_999), "99999999n"),
        // 9 digits of nanoseconds do not fit; microseconds round up.
        (.nanoseconds(123_456_789), "123457u"),
        (.nanoseconds(100_000_001), "100001u"),
        // 1e8 seconds: not exact in minutes or hours; minutes are the finest unit that fits.
        (.seconds(100_000_000), "1666667M"),
        (.seconds(99_999_999), "99999999S"),
        // Below a nanosecond rounds up to one.
        (Duration(secondsComponent: 0, attosecondsComponent: 1), "1n"),
        (Duration(secondsComponent: 0, attosecondsComponent: 1_000_000_001), "2n"),
        // Rounding up carries into a whole second, which is then exact.
        (Duration(secondsComponent: 0, attosecondsComponent: 999_999_999_999_999_999), "1S"),
        // An expired deadline still sends a positive timeout.
        (.zero, "1n"),
        (.seconds(-5), "1n"),
        // Beyond what 8 digits of hours can say.
        (.seconds(Int64.max), "99999999H"),
        (.seconds(Int64(99_999_999) * 3600 + 1), "99999999H"),
    ]

    @Test("durations encode to the shortest value that is at least as long", arguments: Self.encodings)
    func encode(duration: Duration, header: String) {
        #expect(GRPCTimeout(rounding: duration).headerValue == header)
    }

    @Test(
        "an encoded timeout is never shorter than the duration and parses back",
        arguments: [
            Duration.nanoseconds(7), .microseconds(999_999), .milliseconds(123_456_789), .seconds(86_400 * 400),
            .seconds(1) + .nanoseconds(1), .seconds(3599) + .milliseconds(999),
        ])
    func roundUp(duration: Duration) throws {
        let timeout = GRPCTimeout(rounding: duration)
        #expect(timeout.amount <= GRPCTimeout.maximumAmount)
        #expect(timeout.duration >= duration)
        #expect(try #require(GRPCTimeout(headerValue: timeout.headerValue)) == timeout)
    }

    @Test("amounts over 8 digits or negative cannot be built")
    func amountRange() {
        #expect(GRPCTimeout(amount: 100_000_000, unit: .seconds) == nil)
        #expect(GRPCTimeout(amount: -1, unit: .seconds) == nil)
        #expect(GRPCTimeout(amount: 5, unit: .minutes)?.headerValue == "5M")
    }
}
