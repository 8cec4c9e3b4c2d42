/// What `tandemctl` is configured with. Every setting has a documented default.
public struct ClientConfiguration: ReportableConfiguration, Hashable {
    /// The server to call. Default 127.0.0.1:7002, the project service, which holds the tenant
    /// registry and `TenantAdmin`.
    public var address: HostAndPort
    /// The credential sent as `authorization: Bearer …`. Default: none.
    public var apiKey: Secret?

    public static let defaultAddress = HostAndPort(host: "127.0.0.1", port: 7002)
    public static let addressVariable = "TANDEM_ADDRESS"
    public static let apiKeyVariable = "TANDEM_API_KEY"

    public init(address: HostAndPort = ClientConfiguration.defaultAddress, apiKey: Secret? = nil) {
        self.address = address
        self.apiKey = apiKey
    }

    /// Reads `TANDEM_ADDRESS` and `TANDEM_API_KEY`; unset variables take their defaults.
    public init(environment: Environment) throws(ConfigurationError) {
        self.init(
            address: try environment.value(Self.addressVariable, default: Self.defaultAddress, HostAndPort.init),
            apiKey: environment[Self.apiKeyVariable].map(Secret.init))
    }

    public var entries: [ConfigurationEntry] {
        [
            ConfigurationEntry(
                key: "address", variable: Self.addressVariable, value: self.address,
                isDefault: self.address == Self.defaultAddress),
            ConfigurationEntry(key: "api_key", variable: Self.apiKeyVariable, secret: self.apiKey),
        ]
    }
}
