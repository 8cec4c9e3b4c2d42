public import TandemGRPC
import TandemRPC
public import TandemSchema
import TandemService

/// The task service as the project service reaches it: with the service credential, naming the
/// caller's tenant and actor, so the tasks it creates are the tenant's and record the actor.
public protocol TaskGateway: Sendable {
    func createTask(_ request: TasksV1.CreateTaskRequest, tenantID: String, actor: String) async throws -> TasksV1.Task
    func getTask(id: String, tenantID: String, actor: String) async throws -> TasksV1.Task
    func updateTask(_ task: TasksV1.Task, paths: [String], tenantID: String, actor: String) async throws -> TasksV1.Task
    /// Every non-archived task of the project.
    func listTasks(projectID: String, tenantID: String, actor: String) async throws -> [TasksV1.Task]
}

public struct RemoteTaskGateway: TaskGateway {
    let client: GRPCClient
    let serviceToken: String
    let timeout: Duration

    public init(client: GRPCClient, serviceToken: String, timeout: Duration = .seconds(10)) {
        self.client = client
        self.serviceToken = serviceToken
        self.timeout = timeout
    }

    private func metadata(tenantID: String, actor: String) throws -> Metadata {
        var metadata = Metadata()
        try metadata.add("authorization", .string("Bearer \(serviceToken)"))
        try metadata.add(Authenticator.tenantHeader, .string(tenantID))
        if !actor.isEmpty { try metadata.add(Authenticator.actorHeader, .string(actor)) }
        return metadata
    }

    public func createTask(_ request: TasksV1.CreateTaskRequest, tenantID: String, actor: String) async throws -> TasksV1.Task {
        try await client.unary(
            TasksV1.TaskService.createTask, request, metadata: metadata(tenantID: tenantID, actor: actor), timeout: timeout
        ).task ?? TasksV1.Task()
    }

    public func getTask(id: String, tenantID: String, actor: String) async throws -> TasksV1.Task {
        var request = TasksV1.GetTaskRequest()
        request.id = id
        return try await client.unary(
            TasksV1.TaskService.getTask, request, metadata: metadata(tenantID: tenantID, actor: actor), timeout: timeout
        ).task ?? TasksV1.Task()
    }

    public func updateTask(_ task: TasksV1.Task, paths: [String], tenantID: String, actor: String) async throws -> TasksV1.Task {
        var request = TasksV1.UpdateTaskRequest()
        request.task = task
        request.updateMask = GoogleProtobuf.FieldMask(paths: paths)
        return try await client.unary(
            TasksV1.TaskService.updateTask, request, metadata: metadata(tenantID: tenantID, actor: actor), timeout: timeout
        ).task ?? TasksV1.Task()
    }

    public func listTasks(projectID: String, tenantID: String, actor: String) async throws -> [TasksV1.Task] {
        var tasks: [TasksV1.Task] = []
        var request = TasksV1.ListTasksRequest()
        request.projectID = projectID
        request.pageSize = 500
        let metadata = try metadata(tenantID: tenantID, actor: actor)
        repeat {
            let page = try await client.unary(TasksV1.TaskService.listTasks, request, metadata: metadata, timeout: timeout)
            tasks += page.tasks
            request.pageToken = page.nextPageToken
        } while !request.pageToken.isEmpty
        return tasks
    }
}
