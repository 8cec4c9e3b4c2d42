/// A configuration value that cannot be used; the process stops at start and names the variable.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is. A struct over a private enum so that kinds can be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case invalidValue
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) {
            self.wrapped = wrapped
        }

        /// The variable is set to something that cannot be parsed or is out of range.
        public static let invalidValue = Code(.invalidValue)

        public var description: String {
            switch self.wrapped {
            case .invalidValue: "invalid value"
            }
        }
    }

    public var code: Code
    /// The environment variable at fault, e.g. `TANDEM_TASKS_LISTEN`.
    public var variable: String
    /// What is wrong and what is expected. Never contains the value of a secret.
    public var message: String

    public init(code: Code, variable: String, message: String) {
        self.code = code
        self.variable = variable
        self.message = message
    }

    package static func invalidValue(_ variable: String, _ message: String) -> ConfigurationError {
        ConfigurationError(code: .invalidValue, variable: variable, message: message)
    }

    public var description: String {
        "\(self.variable): \(self.message)"
    }
}
