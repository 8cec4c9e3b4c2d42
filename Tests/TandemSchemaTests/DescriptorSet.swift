import Foundation
import TandemSchema

/// The committed descriptor set of `proto/`, read with Tandem's own codec.
enum DescriptorSet {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let committedURL = repositoryRoot.appendingPathComponent("proto/descriptors.binpb")

    static func committedBytes() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: committedURL))
    }

    static func load() throws -> GoogleProtobuf.FileDescriptorSet {
        try GoogleProtobuf.FileDescriptorSet(serializedBytes: committedBytes())
    }

    /// A message of the set with its full name (`tandem.tasks.v1.Task`, nested types dotted).
    struct Message: Sendable, CustomStringConvertible {
        let fullName: String
        let proto: GoogleProtobuf.DescriptorProto
        var description: String { fullName }
    }

    struct Enum: Sendable, CustomStringConvertible {
        let fullName: String
        let proto: GoogleProtobuf.EnumDescriptorProto
        var description: String { fullName }
    }

    /// Every message of every file, nested ones included, map entries excluded.
    static func messages(in set: GoogleProtobuf.FileDescriptorSet) -> [Message] {
        var result: [Message] = []
        func walk(_ message: GoogleProtobuf.DescriptorProto, prefix: String) {
            let name = "\(prefix).\(message.name ?? "")"
            if message.options?.mapEntry != true { result.append(Message(fullName: name, proto: message)) }
            for nested in message.nestedType { walk(nested, prefix: name) }
        }
        for file in set.file {
            for message in file.messageType { walk(message, prefix: file.package ?? "") }
        }
        return result
    }

    static func enums(in set: GoogleProtobuf.FileDescriptorSet) -> [Enum] {
        var result: [Enum] = []
        func walk(_ message: GoogleProtobuf.DescriptorProto, prefix: String) {
            let name = "\(prefix).\(message.name ?? "")"
            for nested in message.enumType {
                result.append(Enum(fullName: "\(name).\(nested.name ?? "")", proto: nested))
            }
            for nested in message.nestedType { walk(nested, prefix: name) }
        }
        for file in set.file {
            let package = file.package ?? ""
            for value in file.enumType { result.append(Enum(fullName: "\(package).\(value.name ?? "")", proto: value)) }
            for message in file.messageType { walk(message, prefix: package) }
        }
        return result
    }

    /// The map entry messages, by full name, to recognise map fields.
    static func mapEntries(in set: GoogleProtobuf.FileDescriptorSet) -> [String: GoogleProtobuf.DescriptorProto] {
        var result: [String: GoogleProtobuf.DescriptorProto] = [:]
        func walk(_ message: GoogleProtobuf.DescriptorProto, prefix: String) {
            let name = "\(prefix).\(message.name ?? "")"
            if message.options?.mapEntry == true { result[name] = message }
            for nested in message.nestedType { walk(nested, prefix: name) }
        }
        for file in set.file {
            for message in file.messageType { walk(message, prefix: file.package ?? "") }
        }
        return result
    }

    /// What a descriptor says a field is, in the terms of ``FieldInfo``.
    static func expectedField(
        _ field: GoogleProtobuf.FieldDescriptorProto,
        mapEntries: [String: GoogleProtobuf.DescriptorProto]
    ) -> FieldInfo? {
        guard let rawType = field.type, let type = rawType.fieldType else { return nil }
        let typeName = field.typeName.map { String($0.drop(while: { $0 == "." })) }
        let label: FieldInfo.Label
        if field.label == .repeated {
            if type == .message, let typeName, let entry = mapEntries[typeName],
                let key = entry.field.first(where: { $0.number == 1 })?.type?.fieldType,
                let valueField = entry.field.first(where: { $0.number == 2 }),
                let value = valueField.type?.fieldType
            {
                let valueTypeName = valueField.typeName.map { String($0.drop(while: { $0 == "." })) }
                return FieldInfo(
                    number: Int(field.number ?? 0), name: field.name ?? "", type: .message, typeName: nil,
                    label: .map(key: key, value: value, valueTypeName: valueTypeName))
            }
            label = .repeated
        } else if field.oneofIndex != nil && field.proto3Optional != true {
            label = .oneofMember
        } else if field.proto3Optional == true || type == .message {
            label = .optional
        } else {
            label = .singular
        }
        return FieldInfo(
            number: Int(field.number ?? 0), name: field.name ?? "", type: type, typeName: typeName, label: label)
    }
}
