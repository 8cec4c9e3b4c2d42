import TandemWire

/// A test enum. Values other than 0, 1 and 2 are unknown to this schema (99 in the tests).
struct Color: ProtoEnum {
    static let protoName = "tandem.wiretest.Color"
    static let valueNames: [Int32: String] = [0: "COLOR_UNSPECIFIED", 1: "COLOR_RED", 2: "COLOR_GREEN"]

    static let unspecified = Color(rawValue: 0)
    static let red = Color(rawValue: 1)
    static let green = Color(rawValue: 2)

    var rawValue: Int32

    init(rawValue: Int32) { self.rawValue = rawValue }
}
