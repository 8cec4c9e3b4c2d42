/// Finds a call's method by its `:path`.
public struct ServerRouter: Sendable {
    private let methods: [String: ServiceMethod]

    public init(services: [any RPCService]) {
        var methods: [String: ServiceMethod] = [:]
        for service in services {
            for method in service.methods {
                precondition(methods[method.info.path] == nil, "two handlers for \(method.info.path)")
                methods[method.info.path] = method
            }
        }
        self.methods = methods
    }

    public func method(for path: String) -> ServiceMethod? { methods[path] }

    /// Full names of the services that have at least one method here.
    public var serviceNames: Set<String> { Set(methods.values.map(\.info.service)) }
}
