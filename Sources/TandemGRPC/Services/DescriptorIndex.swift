public import TandemSchema

/// The files of a descriptor set, found by name or by a symbol they define: what server
/// reflection answers from.
///
/// Files are kept in the bytes `protoc` wrote, not re-encoded, so a client gets exactly the
/// descriptors in `proto/descriptors.binpb`.
public struct DescriptorIndex: Sendable {
    struct File: Sendable {
        var serialized: [UInt8]
        var dependencies: [String]
    }

    /// A declared extension: the file declaring it and its number on the extended message.
    struct Extension: Sendable {
        var file: String
        var number: Int32
    }

    private var files: [String: File] = [:]
    /// Every full name a file defines (messages, nested ones included, fields, oneofs, enums,
    /// enum values, services, methods, extensions) to the file's name.
    private var symbols: [String: String] = [:]
    /// Full names of the messages, extensible or not.
    private var messageTypes: Set<String> = []
    /// The extensions of each extended message, by its full name.
    private var extensions: [String: [Extension]] = [:]

    /// Indexes a serialized `google.protobuf.FileDescriptorSet`, by default the one of `proto/`
    /// compiled into TandemSchema.
    public init(descriptorSetBytes: [UInt8] = Schema.descriptorSetBytes) throws(WireError) {
        let set = try SerializedFileDescriptorSet(serializedBytes: descriptorSetBytes)
        for serialized in set.file {
            let file = try GoogleProtobuf.FileDescriptorProto(serializedBytes: serialized)
            let name = file.name ?? ""
            // A valid set names each file once; should one repeat, the first stays.
            guard files[name] == nil else { continue }
            files[name] = File(serialized: serialized, dependencies: file.dependency)
            index(file, named: name)
            index(extensionsOf: try FileExtensionsView(serializedBytes: serialized), inFile: name)
        }
    }

    /// The file with this name serialized, followed by every file it imports, directly or not:
    /// each once, in the order they are reached. `nil` for a file the set does not hold.
    func serializedFileWithImports(named name: String) -> [[UInt8]]? {
        guard files[name] != nil else { return nil }
        var result: [[UInt8]] = []
        var seen: Set<String> = [name]
        var queue = [name]
        var next = 0
        while next < queue.count {
            // An import the set does not hold is left out: there is nothing to send for it.
            if let file = files[queue[next]] {
                result.append(file.serialized)
                for dependency in file.dependencies where seen.insert(dependency).inserted {
                    queue.append(dependency)
                }
            }
            next += 1
        }
        return result
    }

    /// The name of the file that defines `symbol`, a full name such as `tandem.tasks.v1.Task` or
    /// `tandem.tasks.v1.TaskService.CreateTask`; a leading dot is allowed.
    func fileName(definingSymbol symbol: String) -> String? {
        symbols[symbol.hasPrefix(".") ? String(symbol.dropFirst()) : symbol]
    }

    /// The numbers of the extensions of a message, in ascending order; `nil` for a name that is
    /// not a message of the set.
    func extensionNumbers(ofType type: String) -> [Int32]? {
        let type = type.hasPrefix(".") ? String(type.dropFirst()) : type
        guard messageTypes.contains(type) else { return nil }
        return (extensions[type] ?? []).map(\.number).sorted()
    }

    /// The name of the file declaring extension `number` of the message `type`.
    func fileName(definingExtension number: Int32, ofType type: String) -> String? {
        let type = type.hasPrefix(".") ? String(type.dropFirst()) : type
        return extensions[type]?.first { $0.number == number }?.file
    }

    private mutating func index(_ file: GoogleProtobuf.FileDescriptorProto, named fileName: String) {
        let scope = file.package ?? ""
        for message in file.messageType {
            index(message, in: scope, fileName: fileName)
        }
        for value in file.enumType {
            index(value, in: scope, fileName: fileName)
        }
        for service in file.service {
            let serviceName = Self.join(scope, service.name)
            define(serviceName, in: fileName)
            for method in service.method {
                define(Self.join(serviceName, method.name), in: fileName)
            }
        }
    }

    private mutating func index(_ message: GoogleProtobuf.DescriptorProto, in scope: String, fileName: String) {
        let name = Self.join(scope, message.name)
        define(name, in: fileName)
        messageTypes.insert(name)
        for field in message.field {
            define(Self.join(name, field.name), in: fileName)
        }
        for oneof in message.oneofDecl {
            define(Self.join(name, oneof.name), in: fileName)
        }
        for nested in message.nestedType {
            index(nested, in: name, fileName: fileName)
        }
        for value in message.enumType {
            index(value, in: name, fileName: fileName)
        }
    }

    private mutating func index(_ value: GoogleProtobuf.EnumDescriptorProto, in scope: String, fileName: String) {
        define(Self.join(scope, value.name), in: fileName)
        // Enum values are scoped like the enum itself, as in C++: `tandem.tasks.v1.TASK_STATUS_OPEN`.
        for member in value.value {
            define(Self.join(scope, member.name), in: fileName)
        }
    }

    private mutating func index(extensionsOf file: FileExtensionsView, inFile fileName: String) {
        index(extensions: file.extension, messages: file.messageType, in: file.package ?? "", fileName: fileName)
    }

    private mutating func index(
        extensions fields: [ExtensionFieldView], messages: [MessageExtensionsView], in scope: String,
        fileName: String
    ) {
        for field in fields {
            define(Self.join(scope, field.name), in: fileName)
            guard let extendee = field.extendee, let number = field.number else { continue }
            let type = extendee.hasPrefix(".") ? String(extendee.dropFirst()) : extendee
            extensions[type, default: []].append(Extension(file: fileName, number: number))
        }
        for message in messages {
            index(
                extensions: message.extension, messages: message.nestedType, in: Self.join(scope, message.name),
                fileName: fileName)
        }
    }

    private mutating func define(_ symbol: String, in fileName: String) {
        if symbols[symbol] == nil {
            symbols[symbol] = fileName
        }
    }

    private static func join(_ scope: String, _ name: String?) -> String {
        scope.isEmpty ? name ?? "" : "\(scope).\(name ?? "")"
    }
}
