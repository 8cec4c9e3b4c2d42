/// The value of a `grpc-timeout` header: at most 8 decimal digits and a unit (`1H`, `30S`,
/// `100m`). It is how a deadline crosses the wire, so a client's `Duration` is rounded up, never
/// down, to fit: the server must not give up before the client does.
public struct GRPCTimeout: Hashable, Sendable, CustomStringConvertible {
    /// A unit of `grpc-timeout`, with its letter.
    public enum Unit: Hashable, Sendable, CaseIterable {
        case hours, minutes, seconds, milliseconds, microseconds, nanoseconds

        /// The letter on the wire: `H`, `M`, `S`, `m`, `u`, `n`.
        public var letter: Character {
            switch self {
            case .hours: "H"
            case .minutes: "M"
            case .seconds: "S"
            case .milliseconds: "m"
            case .microseconds: "u"
            case .nanoseconds: "n"
            }
        }

        init?(letter: UInt8) {
            switch letter {
            case UInt8(ascii: "H"): self = .hours
            case UInt8(ascii: "M"): self = .minutes
            case UInt8(ascii: "S"): self = .seconds
            case UInt8(ascii: "m"): self = .milliseconds
            case UInt8(ascii: "u"): self = .microseconds
            case UInt8(ascii: "n"): self = .nanoseconds
            default: return nil
            }
        }

        /// Seconds per unit for units of a second or more.
        fileprivate var seconds: Int64? {
            switch self {
            case .hours: 3600
            case .minutes: 60
            case .seconds: 1
            case .milliseconds, .microseconds, .nanoseconds: nil
            }
        }

        /// Nanoseconds per unit for units under a second.
        fileprivate var nanoseconds: Int64? {
            switch self {
            case .milliseconds: 1_000_000
            case .microseconds: 1000
            case .nanoseconds: 1
            case .hours, .minutes, .seconds: nil
            }
        }
    }

    /// The largest amount the header can carry (8 digits).
    public static let maximumAmount = 99_999_999

    /// How many units, 0 through ``maximumAmount``.
    public let amount: Int
    public let unit: Unit

    /// `nil` if `amount` is negative or has more than 8 digits.
    public init?(amount: Int, unit: Unit) {
        guard amount >= 0, amount <= Self.maximumAmount else { return nil }
        self.amount = amount
        self.unit = unit
    }

    /// Parses a header value: 1 to 8 ASCII digits then one unit letter, nothing else. `nil` for
    /// anything else (a sign, spaces, 9 digits, an unknown unit). Zero is accepted although the
    /// grammar asks for a positive number: it is a deadline that has already passed.
    public init?(headerValue: some StringProtocol) {
        let bytes = Array(headerValue.utf8)
        guard bytes.count >= 2, bytes.count <= 9, let unit = Unit(letter: bytes[bytes.count - 1]) else { return nil }
        var amount = 0
        for byte in bytes.dropLast() {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            amount = amount * 10 + Int(byte - UInt8(ascii: "0"))
        }
        self.amount = amount
        self.unit = unit
    }

    /// The shortest value that is at least `duration`: exact in the coarsest unit that can say it
    /// exactly in 8 digits, otherwise rounded up in the finest unit that fits. Durations over
    /// 99999999 hours become `99999999H`; zero or negative ones become `1n` (already expired).
    public init(rounding duration: Duration) {
        let (seconds, attoseconds) = duration.components
        guard seconds > 0 || (seconds == 0 && attoseconds > 0) else {
            self.amount = 1
            self.unit = .nanoseconds
            return
        }
        let largest = Int64(Self.maximumAmount) * 3600
        guard seconds < largest else {
            self.amount = Self.maximumAmount
            self.unit = .hours
            return
        }
        // Whole nanoseconds, rounded up; a carry into the seconds is fine for what follows.
        var wholeSeconds = seconds
        var nanoseconds = (attoseconds + 999_999_999) / 1_000_000_000
        if nanoseconds == 1_000_000_000 {
            wholeSeconds += 1
            nanoseconds = 0
        }
        var candidates: [(amount: Int64, exact: Bool, unit: Unit)] = []
        for unit in Unit.allCases {
            if let perUnit = unit.seconds {
                let (quotient, remainder) = wholeSeconds.quotientAndRemainder(dividingBy: perUnit)
                let exact = remainder == 0 && nanoseconds == 0
                candidates.append((exact ? quotient : quotient + 1, exact, unit))
            } else if let perUnit = unit.nanoseconds {
                let unitsPerSecond = 1_000_000_000 / perUnit
                // Past this many seconds no sub-second unit fits in 8 digits anyway.
                guard wholeSeconds < 1_000_000 else { continue }
                let (quotient, remainder) = nanoseconds.quotientAndRemainder(dividingBy: perUnit)
                let amount = wholeSeconds * unitsPerSecond + quotient + (remainder == 0 ? 0 : 1)
                candidates.append((amount, remainder == 0, unit))
            }
        }
        let fitting = candidates.filter { $0.amount <= Int64(Self.maximumAmount) }
        // Units run from hours down, so the first exact one is the coarsest and the last the finest.
        if let exact = fitting.first(where: \.exact) {
            self.amount = Int(exact.amount)
            self.unit = exact.unit
        } else if let finest = fitting.last {
            self.amount = Int(finest.amount)
            self.unit = finest.unit
        } else {
            self.amount = Self.maximumAmount
            self.unit = .hours
        }
    }

    /// The time this value stands for.
    public var duration: Duration {
        let amount = Int64(self.amount)
        if let perUnit = self.unit.seconds {
            return .seconds(amount * perUnit)
        }
        return .nanoseconds(amount * self.unit.nanoseconds!)
    }

    /// The header value, e.g. `100m`.
    public var headerValue: String {
        "\(self.amount)\(self.unit.letter)"
    }

    public var description: String { self.headerValue }
}
