import TandemSchema
import TandemWire

/// How each RPC of the contract keeps tenants apart, and so how the isolation suite attacks it.
///
/// Every RPC of `proto/` (other than grpc.*) must have an entry: a test fails when one is
/// missing, so each new RPC is classified as it arrives.
enum IsolationRule: Hashable {
    /// Names another resource by id in `field` (a dotted path into the request): tenant A's key
    /// against tenant B's id must answer NOT_FOUND, exactly as an unknown id does. `rest` is the
    /// encoding of the request's other required fields, so that only the id can be wrong.
    case resourceID(field: String, rest: [UInt8] = [])
    /// Lists, reports or creates within the caller's tenant only; A's results never hold B's rows.
    case callerTenant
    /// The administrator credential only: any tenant key answers PERMISSION_DENIED.
    case administrator
    /// Service credential only: any tenant key answers PERMISSION_DENIED.
    case serviceOnly
}

enum IsolationMatrix {
    static let rules: [String: IsolationRule] = [
        // tandem.admin.v1.TenantAdmin
        "/tandem.admin.v1.TenantAdmin/CreateTenant": .administrator,
        "/tandem.admin.v1.TenantAdmin/GetTenant": .administrator,
        "/tandem.admin.v1.TenantAdmin/ListTenants": .administrator,
        "/tandem.admin.v1.TenantAdmin/UpdateTenant": .administrator,
        "/tandem.admin.v1.TenantAdmin/SuspendTenant": .administrator,
        "/tandem.admin.v1.TenantAdmin/ResumeTenant": .administrator,
        "/tandem.admin.v1.TenantAdmin/DeleteTenant": .administrator,
        "/tandem.admin.v1.TenantAdmin/CreateApiKey": .administrator,
        "/tandem.admin.v1.TenantAdmin/ListApiKeys": .administrator,
        "/tandem.admin.v1.TenantAdmin/RevokeApiKey": .administrator,
        "/tandem.admin.v1.TenantAdmin/ExportTenant": .administrator,
        // Internal services
        "/tandem.admin.v1.TenantDirectory/ResolveApiKey": .serviceOnly,
        "/tandem.admin.v1.TenantDirectory/GetTenantPlacement": .serviceOnly,
        "/tandem.admin.v1.TenantProvisioning/ProvisionTenant": .serviceOnly,
        "/tandem.admin.v1.TenantProvisioning/DeprovisionTenant": .serviceOnly,
        "/tandem.admin.v1.TenantProvisioning/ExportTenantData": .serviceOnly,
        "/tandem.common.v1.EventSink/DeliverEvents": .serviceOnly,
        "/tandem.notify.v1.NotificationService/Publish": .serviceOnly,
        // tandem.tasks.v1.TaskService
        "/tandem.tasks.v1.TaskService/CreateTask": .callerTenant,
        "/tandem.tasks.v1.TaskService/GetTask": .resourceID(field: "id"),
        "/tandem.tasks.v1.TaskService/UpdateTask": .resourceID(
            // task { title: "x" }, update_mask { paths: "title" }
            field: "task.id", rest: [0x0a, 3, 0x12, 1, 0x78, 0x12, 7, 0x0a, 5, 0x74, 0x69, 0x74, 0x6c, 0x65]),
        "/tandem.tasks.v1.TaskService/SetTaskStatus": .resourceID(field: "task_id", rest: [0x10, 2]),  // IN_PROGRESS
        "/tandem.tasks.v1.TaskService/AddBlocker": .resourceID(field: "task_id", rest: [0x12, 1, 0x78]),  // description "x"
        "/tandem.tasks.v1.TaskService/ResolveBlocker": .resourceID(field: "task_id"),
        "/tandem.tasks.v1.TaskService/ListTasks": .callerTenant,
        "/tandem.tasks.v1.TaskService/DeleteTask": .resourceID(field: "id"),
        "/tandem.tasks.v1.TaskService/GetWorkload": .callerTenant,
        // tandem.projects.v1.ProjectService
        "/tandem.projects.v1.ProjectService/CreateProject": .callerTenant,
        "/tandem.projects.v1.ProjectService/GetProject": .resourceID(field: "id"),
        "/tandem.projects.v1.ProjectService/ListProjects": .callerTenant,
        "/tandem.projects.v1.ProjectService/UpdateProject": .resourceID(field: "project.id", rest: ValidRest.updateProject),
        "/tandem.projects.v1.ProjectService/ArchiveProject": .resourceID(field: "id"),
        "/tandem.projects.v1.ProjectService/AddPhase": .resourceID(field: "project_id", rest: ValidRest.addPhase),
        "/tandem.projects.v1.ProjectService/ListPhases": .resourceID(field: "project_id"),
        "/tandem.projects.v1.ProjectService/AddMilestone": .resourceID(field: "project_id", rest: ValidRest.addMilestone),
        "/tandem.projects.v1.ProjectService/UpdateMilestone": .resourceID(field: "milestone.id", rest: ValidRest.updateMilestone),
        "/tandem.projects.v1.ProjectService/ListMilestones": .resourceID(field: "project_id"),
        "/tandem.projects.v1.ProjectService/AddMember": .resourceID(field: "project_id", rest: ValidRest.addMember),
        "/tandem.projects.v1.ProjectService/RemoveMember": .resourceID(field: "project_id"),
        "/tandem.projects.v1.ProjectService/ListMembers": .resourceID(field: "project_id"),
        "/tandem.projects.v1.ProjectService/AddWorkItem": .resourceID(field: "project_id"),
        "/tandem.projects.v1.ProjectService/AddDependency": .resourceID(field: "project_id", rest: ValidRest.addDependency),
        "/tandem.projects.v1.ProjectService/RemoveDependency": .resourceID(field: "dependency_id"),
        "/tandem.projects.v1.ProjectService/ListDependencies": .resourceID(field: "project_id"),
        "/tandem.projects.v1.ProjectService/GetSchedule": .resourceID(field: "project_id"),
        "/tandem.projects.v1.ProjectService/RequestApproval": .resourceID(field: "milestone_id", rest: ValidRest.requestApproval),
        "/tandem.projects.v1.ProjectService/DecideApproval": .resourceID(field: "approval_id", rest: ValidRest.decideApproval),
        // A filter, not a resource: another tenant's project matches nothing, as an unknown one does.
        "/tandem.projects.v1.ProjectService/ListApprovals": .callerTenant,
        "/tandem.projects.v1.ProjectService/AddRisk": .resourceID(field: "project_id", rest: ValidRest.addRisk),
        "/tandem.projects.v1.ProjectService/UpdateRisk": .resourceID(field: "risk.id", rest: ValidRest.updateRisk),
        "/tandem.projects.v1.ProjectService/ListRisks": .resourceID(field: "project_id"),
        "/tandem.projects.v1.ProjectService/GetStatusReport": .resourceID(field: "project_id"),
        "/tandem.projects.v1.ProjectService/ClassifyWork": .resourceID(field: "task_id"),
        "/tandem.projects.v1.ProjectService/PromoteTask": .resourceID(field: "task_id"),
        // tandem.notify.v1.NotificationService
        "/tandem.notify.v1.NotificationService/ListNotifications": .callerTenant,
        "/tandem.notify.v1.NotificationService/MarkRead": .callerTenant,
        "/tandem.notify.v1.NotificationService/Subscribe": .callerTenant,
        "/tandem.notify.v1.NotificationService/GetPreferences": .callerTenant,
        "/tandem.notify.v1.NotificationService/SetPreferences": .callerTenant,
        "/tandem.notify.v1.NotificationService/CreateWebhook": .callerTenant,
        "/tandem.notify.v1.NotificationService/ListWebhooks": .callerTenant,
        "/tandem.notify.v1.NotificationService/DeleteWebhook": .resourceID(field: "id"),
        "/tandem.notify.v1.NotificationService/ListDeliveries": .resourceID(field: "webhook_id"),
    ]

    /// Every RPC of the contract outside grpc.*.
    static var contract: [MethodInfo] {
        Schema.services.filter { !$0.name.hasPrefix("grpc.") }.flatMap(\.methods)
    }

    /// The request bytes that set the string at `path` (dotted, through nested messages) of
    /// message `typeName` to `value`, or nil when the path does not name a string field.
    static func requestBytes(typeName: String, path: String, value: String) -> [UInt8]? {
        let parts = path.split(separator: ".").map(String.init)
        guard let type = Schema.messageTypes.first(where: { $0.protoName == typeName }) else { return nil }
        return encode(type, parts[...], value)
    }

    private static func encode(_ type: any ProtoMessage.Type, _ path: ArraySlice<String>, _ value: String) -> [UInt8]? {
        guard let name = path.first, let field = FieldInventory.fields(of: type).first(where: { $0.name == name }) else {
            return nil
        }
        let payload: [UInt8]
        if path.count == 1 {
            guard field.type == .string else { return nil }
            payload = Array(value.utf8)
        } else {
            guard let typeName = field.typeName?.trimmingPrefix("."),
                let nested = Schema.messageTypes.first(where: { $0.protoName == String(typeName) }),
                let inner = encode(nested, path.dropFirst(), value)
            else { return nil }
            payload = inner
        }
        return varint(UInt64(field.number) << 3 | 2) + varint(UInt64(payload.count)) + payload
    }

    private static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7f) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
        return bytes
    }
}

/// Any message as its bytes: no known fields, so everything stays in `unknownFields` and is
/// written back out as it came.
struct RawMessage: ProtoMessage {
    static let protoName = "tandem.test.Raw"
    var unknownFields = UnknownFields()
    init() {}
    mutating func visitFields<V: FieldVisitor>(_ visitor: inout V) throws(V.Failure) {}
}

/// The other required fields of requests whose id the isolation suite varies, encoded, so that
/// only the id can be wrong.
enum ValidRest {
    static let updateProject: [UInt8] = {
        var request = ProjectsV1.UpdateProjectRequest()
        request.project = ProjectsV1.Project()
        request.project!.name = "x"
        request.updateMask = GoogleProtobuf.FieldMask(paths: ["name"])
        return request.serializedBytes()
    }()
    static let addPhase: [UInt8] = {
        var request = ProjectsV1.AddPhaseRequest()
        request.name = "x"
        return request.serializedBytes()
    }()
    static let addMilestone: [UInt8] = {
        var request = ProjectsV1.AddMilestoneRequest()
        request.name = "x"
        return request.serializedBytes()
    }()
    static let updateMilestone: [UInt8] = {
        var request = ProjectsV1.UpdateMilestoneRequest()
        request.milestone = ProjectsV1.Milestone()
        request.milestone!.name = "x"
        request.updateMask = GoogleProtobuf.FieldMask(paths: ["name"])
        return request.serializedBytes()
    }()
    static let addMember: [UInt8] = {
        var request = ProjectsV1.AddMemberRequest()
        request.user = "x"
        request.role = .contributor
        return request.serializedBytes()
    }()
    static let requestApproval: [UInt8] = {
        var request = ProjectsV1.RequestApprovalRequest()
        request.approver = "x"
        return request.serializedBytes()
    }()
    static let decideApproval: [UInt8] = {
        var request = ProjectsV1.DecideApprovalRequest()
        request.decision = .init(rawValue: 2)
        return request.serializedBytes()
    }()
    static let addRisk: [UInt8] = {
        var request = ProjectsV1.AddRiskRequest()
        request.title = "x"
        request.likelihood = 1
        request.impact = 1
        return request.serializedBytes()
    }()
    static let updateRisk: [UInt8] = {
        var request = ProjectsV1.UpdateRiskRequest()
        request.risk = ProjectsV1.Risk()
        request.risk!.title = "x"
        request.updateMask = GoogleProtobuf.FieldMask(paths: ["title"])
        return request.serializedBytes()
    }()
    static let addDependency: [UInt8] = {
        var request = ProjectsV1.AddDependencyRequest()
        var from = ProjectsV1.ItemRef(), to = ProjectsV1.ItemRef()
        from.item = .milestoneID("01900000-0000-7000-8000-0000000000a1")
        to.item = .milestoneID("01900000-0000-7000-8000-0000000000a2")
        request.predecessor = from
        request.successor = to
        return request.serializedBytes()
    }()
}
